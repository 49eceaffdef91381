//! A window frame's `EXCLUDE …` clause, which sqlparser does not read, carried to the
//! planner inside the window's own syntax tree.
//!
//! `EXCLUDE NO OTHERS | CURRENT ROW | GROUP | TIES` after a frame's bounds is taken off
//! the tokens and written as the first PARTITION BY term of the same window, a call of
//! [`MARKER`] with the clause as a string: `OVER (ORDER BY a ROWS 1 PRECEDING EXCLUDE
//! TIES)` is parsed as `OVER (PARTITION BY sochdb_frame_exclude('TIES') ORDER BY a ROWS
//! 1 PRECEDING)`, and the window planner takes the term back out ([`exclusion`]).
//! A side table keyed by position would be lost where a statement is kept as the
//! text sqlparser prints (views and triggers are); this marker prints and parses back
//! as itself. The name is reserved: written by hand it means the same.

use crate::sql::parse::meaningful;
use sqlparser::ast;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Word};

/// The function name of the PARTITION BY term that stands for an EXCLUDE clause.
pub const MARKER: &str = "sochdb_frame_exclude";

/// What a frame leaves out of each row's frame (SQLite's `eExclude`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclude {
    /// Written out, it changes nothing but how SQLite computes: every frame is folded
    /// afresh (`windowFullScan`), not slid.
    NoOthers,
    CurrentRow,
    /// The current row and its peers under ORDER BY.
    Group,
    /// The current row's peers, not the row itself.
    Ties,
}

impl Exclude {
    const ALL: [(Exclude, &'static str); 4] = [
        (Exclude::NoOthers, "NO OTHERS"),
        (Exclude::CurrentRow, "CURRENT ROW"),
        (Exclude::Group, "GROUP"),
        (Exclude::Ties, "TIES"),
    ];

    fn text(self) -> &'static str {
        Exclude::ALL
            .iter()
            .find(|(e, _)| *e == self)
            .expect("listed")
            .1
    }

    fn from_text(text: &str) -> Option<Exclude> {
        (Exclude::ALL.iter())
            .find(|(_, t)| t.eq_ignore_ascii_case(text))
            .map(|(e, _)| *e)
    }
}

fn is_word(t: &TokenWithSpan, name: &str) -> bool {
    matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(name))
}

/// Rewrites every `EXCLUDE …` that follows a frame bound (`… ROW`, `… PRECEDING`,
/// `… FOLLOWING`) into its window's [`MARKER`] term. Anything else after such an
/// EXCLUDE is a syntax error, as in SQLite. An EXCLUDE anywhere else is left to the
/// parser (it may be a name).
pub fn rewrite_exclude(tokens: &mut Vec<TokenWithSpan>) -> Result<(), (String, Location)> {
    // Most statements have none (a dump of INSERTs passes here row after row).
    if !tokens.iter().any(|t| is_word(t, "EXCLUDE")) {
        return Ok(());
    }
    // One clause at a time, each taken off the tokens as it is rewritten.
    loop {
        let at: Vec<usize> = (0..tokens.len())
            .filter(|&i| meaningful(&tokens[i]))
            .collect();
        let found = (1..at.len()).rev().find(|&k| {
            is_word(&tokens[at[k]], "EXCLUDE")
                && ["ROW", "PRECEDING", "FOLLOWING"]
                    .iter()
                    .any(|w| is_word(&tokens[at[k - 1]], w))
        });
        let Some(k) = found else { return Ok(()) };
        rewrite_one(tokens, &at, k)?;
    }
}

fn rewrite_one(
    tokens: &mut Vec<TokenWithSpan>,
    at: &[usize],
    k: usize,
) -> Result<(), (String, Location)> {
    let exclude_span = tokens[at[k]].span;
    let near = |k: usize| match at.get(k) {
        Some(&i) => (
            format!("near \"{}\": syntax error", tokens[i].token),
            tokens[i].span.start,
        ),
        None => ("incomplete input".to_string(), exclude_span.end),
    };
    let word = |k: usize, name: &str| at.get(k).is_some_and(|&i| is_word(&tokens[i], name));
    let (kind, words) = if word(k + 1, "NO") {
        if !word(k + 2, "OTHERS") {
            return Err(near(k + 2));
        }
        ("NO OTHERS", 2)
    } else if word(k + 1, "CURRENT") {
        if !word(k + 2, "ROW") {
            return Err(near(k + 2));
        }
        ("CURRENT ROW", 2)
    } else if word(k + 1, "GROUP") {
        ("GROUP", 1)
    } else if word(k + 1, "TIES") {
        ("TIES", 1)
    } else {
        return Err(near(k + 1));
    };
    // The window's opening parenthesis: the first unmatched `(` before the clause.
    let mut depth = 0usize;
    let mut open = None;
    for j in (0..k).rev() {
        match tokens[at[j]].token {
            Token::RParen => depth += 1,
            Token::LParen if depth == 0 => {
                open = Some(j);
                break;
            }
            Token::LParen => depth -= 1,
            _ => {}
        }
    }
    let Some(open) = open else {
        return Err(near(k));
    };
    // After `(`: an optional base window name, then PARTITION BY or the rest.
    let mut first = open + 1;
    if matches!(&tokens[at[first]].token, Token::Word(w) if w.keyword == Keyword::NoKeyword) {
        first += 1;
    }
    let has_partition = word(first, "PARTITION") && word(first + 1, "BY");
    let make = |token: Token| TokenWithSpan {
        token,
        span: exclude_span,
    };
    let mut marker: Vec<TokenWithSpan> = Vec::new();
    if !has_partition {
        marker.push(make(Token::make_keyword("PARTITION")));
        marker.push(make(Token::make_keyword("BY")));
    }
    marker.push(make(Token::Word(Word {
        value: MARKER.into(),
        quote_style: None,
        keyword: Keyword::NoKeyword,
    })));
    marker.push(make(Token::LParen));
    marker.push(make(Token::SingleQuotedString(kind.into())));
    marker.push(make(Token::RParen));
    if has_partition {
        marker.push(make(Token::Comma));
    }
    // Take the clause off first: it comes after the insertion point.
    for j in (k..=k + words).rev() {
        tokens.remove(at[j]);
    }
    let insert_at = if has_partition {
        at[first + 1] + 1
    } else {
        at[first]
    };
    tokens.splice(insert_at..insert_at, marker);
    Ok(())
}

/// A window's PARTITION BY terms: the EXCLUDE clause [`rewrite_exclude`] put first
/// (if any), and the terms written.
pub fn exclusion(partition_by: &[ast::Expr]) -> (Option<Exclude>, &[ast::Expr]) {
    let Some(ast::Expr::Function(f)) = partition_by.first() else {
        return (None, partition_by);
    };
    if !f.name.to_string().eq_ignore_ascii_case(MARKER) {
        return (None, partition_by);
    }
    let ast::FunctionArguments::List(list) = &f.args else {
        return (None, partition_by);
    };
    let kind = match list.args.as_slice() {
        [ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(ast::Expr::Value(v)))] => {
            match &v.value {
                ast::Value::SingleQuotedString(s) => Exclude::from_text(s),
                _ => None,
            }
        }
        _ => None,
    };
    match kind {
        Some(kind) => (Some(kind), &partition_by[1..]),
        None => (None, partition_by),
    }
}

impl std::fmt::Display for Exclude {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EXCLUDE {}", self.text())
    }
}
