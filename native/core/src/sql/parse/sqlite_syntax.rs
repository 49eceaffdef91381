//! SQLite statements and clauses sqlparser does not read, rewritten on the tokens into
//! ones it does before a statement is parsed ([`crate::sql::parse`]).

use crate::sql::parse::meaningful;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

/// The name `REINDEX` is read as: `REINDEX x` becomes `PRAGMA sochdb_reindex = 'x'`,
/// which the session checks and answers (our indexes never need rebuilding).
pub const REINDEX_PRAGMA: &str = "sochdb_reindex";

/// SQLite syntax sqlparser does not read, in terms it does: `INDEXED BY name` and
/// `NOT INDEXED` after a table become MySQL's table hints `FORCE INDEX (name)` and
/// `IGNORE INDEX ()` ([`index_hints`]; MySQL's own spelling is refused, as SQLite
/// refuses it), `REINDEX [name]` becomes [`REINDEX_PRAGMA`], and `CREATE TRIGGER IF
/// NOT EXISTS` becomes `CREATE OR ALTER TRIGGER` ([`if_not_exists_trigger`]).
/// A window frame's `EXCLUDE …` becomes a PARTITION BY term the window planner reads
/// back ([`crate::sql::parse::frame_exclude`]).
pub fn sqlite_only_syntax(
    mut tokens: Vec<TokenWithSpan>,
) -> Result<Vec<TokenWithSpan>, (String, Location)> {
    let word = is_word;
    let at: Vec<usize> = (0..tokens.len())
        .filter(|&i| meaningful(&tokens[i]))
        .collect();
    if let Some(&first) = at.first() {
        if word(&tokens[first], "REINDEX") {
            let name: String = at[1..]
                .iter()
                .filter(|&&i| !matches!(tokens[i].token, Token::SemiColon))
                .map(|&i| tokens[i].token.to_string())
                .collect();
            let sql = if name.is_empty() {
                format!("PRAGMA {REINDEX_PRAGMA}")
            } else {
                format!("PRAGMA {REINDEX_PRAGMA} = '{}'", name.replace('\'', "''"))
            };
            let span = tokens[first].span;
            return Ok(Tokenizer::new(&SQLiteDialect {}, &sql)
                .tokenize()
                .map_err(|e| (e.to_string(), span.start))?
                .into_iter()
                .map(|token| TokenWithSpan { token, span })
                .collect());
        }
    }
    index_hints(&mut tokens)?;
    let at: Vec<usize> = (0..tokens.len())
        .filter(|&i| meaningful(&tokens[i]))
        .collect();
    if let Some(&first) = at.first() {
        if word(&tokens[first], "PRAGMA") {
            pragma_value_as_string(&mut tokens, &at);
        }
    }
    crate::sql::parse::frame_exclude::rewrite_exclude(&mut tokens)?;
    let at: Vec<usize> = (0..tokens.len())
        .filter(|&i| meaningful(&tokens[i]))
        .collect();
    if let Some(trigger) = create_trigger_at(&tokens, &at) {
        if_not_exists_trigger(&mut tokens, &at, trigger)?;
    }
    Ok(tokens)
}

/// `INDEXED BY name` → `FORCE INDEX (name)`, `NOT INDEXED` → `IGNORE INDEX ()`, which
/// the planner reads back ([`crate::sql::index_hints`]). A hint written in MySQL's words
/// (`USE|IGNORE|FORCE INDEX|KEY`) is a syntax error, as in SQLite.
fn index_hints(tokens: &mut Vec<TokenWithSpan>) -> Result<(), (String, Location)> {
    let at: Vec<usize> = (0..tokens.len())
        .filter(|&i| meaningful(&tokens[i]))
        .collect();
    for w in at.windows(2) {
        let (a, b) = (&tokens[w[0]], &tokens[w[1]]);
        if ["USE", "IGNORE", "FORCE"].iter().any(|k| is_word(a, k))
            && (is_word(b, "INDEX") || is_word(b, "KEY"))
        {
            return Err((format!("near \"{}\": syntax error", b.token), b.span.start));
        }
    }
    // Back to front, so the positions in `at` stay true as tokens are inserted.
    for k in (1..at.len()).rev() {
        let (a, b) = (at[k - 1], at[k]);
        if !is_word(&tokens[b], "INDEXED") {
            continue;
        }
        let span = tokens[b].span;
        let make = |token: Token| TokenWithSpan { token, span };
        if is_word(&tokens[a], "NOT") {
            let hint = [
                Token::make_keyword("IGNORE"),
                Token::Whitespace(Whitespace::Space),
                Token::make_keyword("INDEX"),
                Token::LParen,
                Token::RParen,
            ];
            tokens.splice(a..=b, hint.into_iter().map(make));
            continue;
        }
        let by = at.get(k + 1).filter(|&&i| is_word(&tokens[i], "BY"));
        let name = at
            .get(k + 2)
            .filter(|&&i| matches!(tokens[i].token, Token::Word(_)));
        let (Some(&by), Some(&name)) = (by, name) else {
            return Err(("near \"INDEXED\": syntax error".into(), span.start));
        };
        tokens.insert(name + 1, make(Token::RParen));
        tokens.insert(name, make(Token::LParen));
        tokens[by] = make(Token::make_keyword("INDEX"));
        tokens[b] = make(Token::make_keyword("FORCE"));
    }
    Ok(())
}

/// sqlparser reads a PRAGMA's value only as a number or a string; SQLite also takes a
/// bare word (`ON`, `off`, `true`, `yes`) or a signed number. Such a value, after `=`
/// or `(`, becomes the string of its text: `PRAGMA foreign_keys = ON` is read as
/// `PRAGMA foreign_keys = 'ON'`, which means the same to SQLite.
fn pragma_value_as_string(tokens: &mut Vec<TokenWithSpan>, at: &[usize]) {
    let Some(k) = (at.iter()).position(|&i| matches!(tokens[i].token, Token::Eq | Token::LParen))
    else {
        return;
    };
    let Some(&v) = at.get(k + 1) else { return };
    let text = match &tokens[v].token {
        Token::Word(w) if w.quote_style.is_none() => w.value.clone(),
        Token::Minus | Token::Plus => match at.get(k + 2).map(|&n| &tokens[n].token) {
            Some(Token::Number(n, _)) => {
                let sign = if tokens[v].token == Token::Minus {
                    "-"
                } else {
                    ""
                };
                let text = format!("{sign}{n}");
                tokens.remove(at[k + 2]);
                text
            }
            _ => return,
        },
        _ => return,
    };
    tokens[v].token = Token::SingleQuotedString(text);
}

fn is_word(t: &TokenWithSpan, name: &str) -> bool {
    matches!(&t.token, Token::Word(w) if w.value.eq_ignore_ascii_case(name) && w.quote_style.is_none())
}

/// For `CREATE [OR x] [TEMP] TRIGGER …`: the position in `at` (the meaningful tokens)
/// of `TRIGGER`.
fn create_trigger_at(tokens: &[TokenWithSpan], at: &[usize]) -> Option<usize> {
    let word = |k: usize, name: &str| at.get(k).is_some_and(|&i| is_word(&tokens[i], name));
    if !word(0, "CREATE") {
        return None;
    }
    let mut k = 1;
    if word(k, "OR") {
        k += 2;
    }
    if word(k, "TEMP") || word(k, "TEMPORARY") {
        k += 1;
    }
    word(k, "TRIGGER").then_some(k)
}

/// sqlparser's CREATE TRIGGER has no IF NOT EXISTS, but has MSSQL's `OR ALTER`, which
/// SQLite does not have: `IF NOT EXISTS` after `TRIGGER` is rewritten to `OR ALTER`
/// after `CREATE`, and a written `OR ALTER` or `OR REPLACE` is refused here, so
/// `or_alter` in the parsed statement always means IF NOT EXISTS.
fn if_not_exists_trigger(
    tokens: &mut Vec<TokenWithSpan>,
    at: &[usize],
    trigger: usize,
) -> Result<(), (String, Location)> {
    if is_word(&tokens[at[1]], "OR") {
        let what = at
            .get(2)
            .map_or(String::new(), |&i| tokens[i].token.to_string());
        return Err((
            format!("not supported: CREATE OR {} TRIGGER", what.to_uppercase()),
            tokens[at[1]].span.start,
        ));
    }
    let word = |k: usize, name: &str| at.get(k).is_some_and(|&i| is_word(&tokens[i], name));
    if !(word(trigger + 1, "IF") && word(trigger + 2, "NOT") && word(trigger + 3, "EXISTS")) {
        return Ok(());
    }
    for k in (trigger + 1..=trigger + 3).rev() {
        tokens.remove(at[k]);
    }
    let span = tokens[at[0]].span;
    let space = || TokenWithSpan {
        token: Token::Whitespace(Whitespace::Space),
        span,
    };
    let keyword = |k: &str| TokenWithSpan {
        token: Token::make_keyword(k),
        span,
    };
    let or_alter = [space(), keyword("OR"), space(), keyword("ALTER")];
    tokens.splice(at[0] + 1..at[0] + 1, or_alter);
    Ok(())
}
