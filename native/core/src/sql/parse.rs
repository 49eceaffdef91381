//! A script to statements: the whole text is tokenised once (so every location is a
//! line and column of the script), split at top-level `;`, and each piece parsed with
//! sqlparser's SQLite dialect. Each bare `?` is renumbered `?N` in script order, so
//! parameters bind across the whole script in the order they appear.

use crate::error::{Error, Result};
use sqlparser::ast::Statement;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer, Whitespace};

pub struct Parsed {
    /// 1-based position in the script.
    pub index: usize,
    /// The statement's text, for messages.
    pub text: String,
    pub statement: Statement,
}

/// A short, one-line form of a statement's text for error messages.
pub fn snippet(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 60 {
        let cut: String = flat.chars().take(57).collect();
        format!("{cut}...")
    } else {
        flat
    }
}

/// Splits and parses a script; also returns how many `?` placeholders it holds.
pub fn parse_script(sql: &str) -> Result<(Vec<Parsed>, usize)> {
    let dialect = SQLiteDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| Error::InvalidInput(format!("cannot read the SQL: {e}")))?;
    let mut placeholders = 0usize;
    let mut pieces: Vec<Vec<TokenWithSpan>> = vec![Vec::new()];
    for mut t in tokens {
        match &t.token {
            Token::SemiColon => {
                pieces.push(Vec::new());
                continue;
            }
            Token::Placeholder(p) if p == "?" => {
                placeholders += 1;
                t.token = Token::Placeholder(format!("?{placeholders}"));
            }
            Token::Placeholder(p) if p.starts_with('?') => {
                if let Ok(n) = p[1..].parse::<usize>() {
                    placeholders = placeholders.max(n);
                }
            }
            _ => {}
        }
        pieces.last_mut().expect("one piece").push(t);
    }
    let mut out = Vec::new();
    for piece in pieces {
        let meaningful = piece
            .iter()
            .any(|t| !matches!(t.token, Token::Whitespace(_)));
        if !meaningful {
            continue;
        }
        let index = out.len() + 1;
        let text: String = piece
            .iter()
            .filter(|t| {
                !matches!(
                    t.token,
                    Token::Whitespace(
                        Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_)
                    )
                )
            })
            .map(|t| t.token.to_string())
            .collect::<String>()
            .trim()
            .to_string();
        let end = piece
            .iter()
            .rev()
            .find(|t| !matches!(t.token, Token::Whitespace(_)))
            .map(|t| t.span.end);
        let mut parser = Parser::new(&dialect).with_tokens_with_locations(piece);
        let wrap = |e: sqlparser::parser::ParserError, text: &str| {
            let mut msg = format!("statement {index} ({}): {e}", snippet(text));
            if let (false, Some(end)) = (msg.contains("Line:"), end) {
                msg.push_str(&format!(
                    " at the end of the statement, Line: {}, Column: {}",
                    end.line, end.column
                ));
            }
            Error::InvalidInput(msg)
        };
        let statement = parser.parse_statement().map_err(|e| wrap(e, &text))?;
        let next = parser.peek_token();
        if next.token != Token::EOF {
            let loc = next.span.start;
            return Err(Error::InvalidInput(format!(
                "statement {index} ({}): expected the end of the statement, found {} at line {}, column {}",
                snippet(&text),
                next.token,
                loc.line,
                loc.column
            )));
        }
        out.push(Parsed {
            index,
            text,
            statement,
        });
    }
    Ok((out, placeholders))
}
