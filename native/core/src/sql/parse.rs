//! A script to statements: the whole text is tokenised once (so every location is a
//! line and column of the script), split at top-level `;`, and each piece parsed with
//! sqlparser's SQLite dialect. Each bare `?` is renumbered `?N` in script order, so
//! parameters bind across the whole script in the order they appear. Errors carry
//! their [`Position`].

use super::position::{location_in_message, missing_name, Position, ScriptError};
use crate::error::Error;
use sqlparser::ast::Statement;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer, Whitespace};

pub struct Parsed {
    /// 1-based position in the script.
    pub index: usize,
    /// The statement's text, for messages.
    pub text: String,
    pub statement: Statement,
    /// Where its first token starts.
    pub start: Location,
    /// Its identifiers and keywords with where each starts, to place a missing name.
    pub words: Vec<(String, Location)>,
}

impl Parsed {
    fn at(&self, l: Location) -> Position {
        Position {
            statement: self.index,
            line: l.line,
            column: l.column,
        }
    }

    /// Where `error`, raised while running this statement, applies: the first mention
    /// of the name it could not find, else the statement's start.
    pub fn position_of(&self, error: &Error) -> Position {
        let named = missing_name(error).and_then(|name| {
            self.words
                .iter()
                .find(|(w, _)| w.eq_ignore_ascii_case(name))
                .map(|(_, l)| *l)
        });
        self.at(named.unwrap_or(self.start))
    }
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
pub fn parse_script(sql: &str) -> Result<(Vec<Parsed>, usize), ScriptError> {
    let dialect = SQLiteDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| ScriptError {
            error: Error::InvalidInput(format!("cannot read the SQL: {e}")),
            // Statements are numbered only once the script is split; say which one holds it.
            position: Some(Position {
                statement: statement_at(sql, e.location),
                line: e.location.line,
                column: e.location.column,
            }),
        })?;
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
        let start = piece
            .iter()
            .find(|t| !matches!(t.token, Token::Whitespace(_)))
            .map_or(Location::new(1, 1), |t| t.span.start);
        let words = piece
            .iter()
            .filter_map(|t| match &t.token {
                Token::Word(w) => Some((w.value.clone(), t.span.start)),
                _ => None,
            })
            .collect();
        let placed = |error: Error, l: Location| ScriptError {
            error,
            position: Some(Position {
                statement: index,
                line: l.line,
                column: l.column,
            }),
        };
        let mut parser = Parser::new(&dialect).with_tokens_with_locations(piece);
        let wrap = |e: sqlparser::parser::ParserError, text: &str| {
            let mut msg = format!("statement {index} ({}): {e}", snippet(text));
            let at = location_in_message(&msg).or(end).unwrap_or(start);
            if let (false, Some(end)) = (msg.contains("Line:"), end) {
                msg.push_str(&format!(
                    " at the end of the statement, Line: {}, Column: {}",
                    end.line, end.column
                ));
            }
            placed(Error::InvalidInput(msg), at)
        };
        let statement = parser.parse_statement().map_err(|e| wrap(e, &text))?;
        let next = parser.peek_token();
        if next.token != Token::EOF {
            let loc = next.span.start;
            let msg = format!(
                "statement {index} ({}): expected the end of the statement, found {} at line {}, column {}",
                snippet(&text),
                next.token,
                loc.line,
                loc.column
            );
            return Err(placed(Error::InvalidInput(msg), loc));
        }
        out.push(Parsed {
            index,
            text,
            statement,
            start,
            words,
        });
    }
    Ok((out, placeholders))
}

/// The 1-based number of the statement holding `at`: one more than the `;` before it.
/// (A `;` inside a string or comment before a tokenizer error may miscount; the line
/// and column stay exact.)
fn statement_at(sql: &str, at: Location) -> usize {
    let mut semis = 0;
    for (i, line) in sql.split('\n').enumerate() {
        let n = i as u64 + 1;
        if n > at.line {
            break;
        }
        let upto = if n == at.line {
            line.chars()
                .take(at.column.saturating_sub(1) as usize)
                .collect::<String>()
        } else {
            line.to_string()
        };
        semis += upto.matches(';').count();
    }
    semis + 1
}
