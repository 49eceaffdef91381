//! SQLite statements and clauses sqlparser does not read, rewritten on the tokens into
//! ones it does before a statement is parsed ([`super::parse`]).

use super::parse::meaningful;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

/// The name `REINDEX` is read as: `REINDEX x` becomes `PRAGMA sochdb_reindex = 'x'`,
/// which the session checks and answers (our indexes never need rebuilding).
pub const REINDEX_PRAGMA: &str = "sochdb_reindex";

/// SQLite syntax sqlparser does not read, in terms it does: `NOT INDEXED` after a table
/// in FROM (a hint not to use an index; it changes no result) is dropped,
/// `REINDEX [name]` becomes [`REINDEX_PRAGMA`], and `CREATE TRIGGER IF NOT EXISTS`
/// becomes `CREATE OR ALTER TRIGGER` ([`if_not_exists_trigger`]). `INDEXED BY` is refused: it must fail
/// when the index cannot be used, which this planner does not decide that way.
/// A window frame's `EXCLUDE NO OTHERS` (the default) is dropped; the other EXCLUDE
/// clauses are refused (sqlparser cannot carry them to the planner).
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
    if let Some(&first) = at.first() {
        if word(&tokens[first], "PRAGMA") {
            pragma_value_as_string(&mut tokens, &at);
        }
    }
    let mut drop = Vec::new();
    for w in at.windows(2) {
        let (a, b) = (&tokens[w[0]], &tokens[w[1]]);
        if word(b, "INDEXED") {
            if word(a, "NOT") {
                drop.extend([w[0], w[1]]);
            } else {
                return Err(("not supported: INDEXED BY".into(), b.span.start));
            }
        }
    }
    for w in at.windows(3) {
        let (a, b, c) = (&tokens[w[0]], &tokens[w[1]], &tokens[w[2]]);
        if !word(a, "EXCLUDE") {
            continue;
        }
        if word(b, "NO") && word(c, "OTHERS") {
            drop.extend([w[0], w[1], w[2]]);
        } else if ["CURRENT", "GROUP", "TIES"].iter().any(|k| word(b, k)) {
            return Err((
                format!("not supported: window frame EXCLUDE {}", b.token),
                a.span.start,
            ));
        }
    }
    drop.sort_unstable();
    for i in drop.into_iter().rev() {
        tokens.remove(i);
    }
    let at: Vec<usize> = (0..tokens.len())
        .filter(|&i| meaningful(&tokens[i]))
        .collect();
    if let Some(trigger) = create_trigger_at(&tokens, &at) {
        if_not_exists_trigger(&mut tokens, &at, trigger)?;
    }
    Ok(tokens)
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
