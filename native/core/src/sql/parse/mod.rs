//! # parse/: text to statements
//!
//! In: a script's text. Out: sqlparser statements ([`Script`]), with SQLite's
//! precedence, limits ([`limits`]) and SQLite-only syntax rewritten
//! ([`sqlite_syntax`]), and errors placed by statement, line and column
//! ([`position`]). Nothing here reads the catalog or the store.
//!
//! A script to statements, in two passes so that memory follows the largest statement,
//! not the script (a 1 GB dump of INSERTs must not become tens of GB of syntax trees).
//!
//! [`Script::parse`] splits the text at every top-level `;` (outside strings, quoted
//! names, comments and trigger bodies: [`crate::sql::split`]), then tokenises and
//! parses each piece with sqlparser's SQLite dialect, so that nothing runs if any
//! statement fails to parse. Token locations are shifted to the piece's place, so every
//! location is a line and column of the script. Each bare `?` is renumbered `?N` in
//! script order, so parameters bind across the whole script in the order they appear.
//! The syntax trees of the first [`KEPT_SOURCE_BYTES`] of statements are kept; later
//! ones are parsed again by [`Script::statements`] just before they run. A statement's
//! text and names (for error messages) are rebuilt from its source only on an error.

pub(in crate::sql) mod dialect;
pub(in crate::sql) mod frame_exclude;
pub(in crate::sql) mod limits;
pub(in crate::sql) mod literal;
pub(in crate::sql) mod names;
pub(in crate::sql) mod position;
pub(in crate::sql) mod split;
pub(in crate::sql) mod sqlite_syntax;

use crate::error::Error;
use crate::sql::dialect::LimitedSqlite;
use crate::sql::limits::{check_compound_terms, check_statement, nested_too_deep, MAX_NESTING};
use crate::sql::position::{location_in_message, missing_name, Position, ScriptError};
use crate::sql::split::split;
use sqlparser::ast::Statement;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Span, Token, TokenWithSpan, Tokenizer, Whitespace};
use std::ops::Range;

/// Statements whose source adds up to this many bytes keep their syntax trees from the
/// first pass (a tree takes some 50 times its source): a usual script is parsed once.
const KEPT_SOURCE_BYTES: usize = 1 << 20;

/// A script whose every statement parsed.
pub struct Script<'s> {
    sql: &'s str,
    pieces: Vec<Piece>,
    /// How many `?` placeholders the script holds (the highest `?N`).
    pub placeholders: usize,
}

/// One statement's place in the script.
struct Piece {
    /// 1-based position in the script.
    index: usize,
    /// Its bytes in the script, and the location of the first one.
    source: Range<usize>,
    origin: Location,
    /// Where its first token starts.
    start: Location,
    /// The highest placeholder number before this statement.
    placeholders_before: usize,
    /// The first pass's tree, if it was kept.
    statement: Option<Statement>,
}

/// A statement ready to run.
pub struct Parsed<'s> {
    /// 1-based position in the script.
    pub index: usize,
    pub statement: Statement,
    /// Where its first token starts.
    pub start: Location,
    source: &'s str,
    origin: Location,
}

impl Parsed<'_> {
    /// The statement's text without comments, for messages.
    pub fn text(&self) -> String {
        statement_text(&tokens_or_none(self.source, self.origin))
    }

    /// Where `error`, raised while running this statement, applies: the first mention
    /// of the name it could not find, else the statement's start.
    pub fn position_of(&self, error: &Error) -> Position {
        let named = missing_name(error).and_then(|name| {
            tokens_or_none(self.source, self.origin)
                .into_iter()
                .find_map(|t| match t.token {
                    Token::Word(w) if w.value.eq_ignore_ascii_case(name) => Some(t.span.start),
                    _ => None,
                })
        });
        let l = named.unwrap_or(self.start);
        Position {
            statement: self.index,
            line: l.line,
            column: l.column,
        }
    }
}

impl<'s> Script<'s> {
    /// Splits and parses `sql`: the first statement that does not parse is the error.
    pub fn parse(sql: &'s str) -> Result<Script<'s>, ScriptError> {
        Script::parse_keeping(sql, KEPT_SOURCE_BYTES)
    }

    /// As [`Script::parse`], keeping the trees of the first `kept` bytes of statements.
    fn parse_keeping(sql: &'s str, kept: usize) -> Result<Script<'s>, ScriptError> {
        let mut pieces = Vec::new();
        let mut numbered = 0usize;
        let mut kept_bytes = 0usize;
        for (source, origin) in split(sql) {
            let index = pieces.len() + 1;
            let placeholders_before = numbered;
            let mut tokens = tokenize(&sql[source.clone()], origin).map_err(|(message, l)| {
                placed(
                    Error::InvalidInput(format!("cannot read the SQL: {message}")),
                    index,
                    l,
                )
            })?;
            if !tokens.iter().any(meaningful) {
                continue;
            }
            numbered = number_placeholders(&mut tokens, numbered);
            let start = first_location(&tokens, origin);
            let statement = parse_tokens(tokens, index, &sql[source.clone()], origin)?;
            kept_bytes += source.len();
            pieces.push(Piece {
                index,
                source,
                origin,
                start,
                placeholders_before,
                statement: (kept_bytes <= kept).then_some(statement),
            });
        }
        Ok(Script {
            sql,
            pieces,
            placeholders: numbered,
        })
    }

    /// The statements in order, each parsed (again, unless kept) as it is reached.
    pub fn statements(self) -> impl Iterator<Item = Result<Parsed<'s>, ScriptError>> {
        let sql = self.sql;
        self.pieces.into_iter().map(move |piece| {
            let source = &sql[piece.source.clone()];
            let statement = match piece.statement {
                Some(s) => s,
                None => {
                    // It parsed in the first pass: the same text parses the same way.
                    let mut tokens = tokenize(source, piece.origin)
                        .map_err(|(message, l)| placed(Error::Internal(message), piece.index, l))?;
                    number_placeholders(&mut tokens, piece.placeholders_before);
                    parse_tokens(tokens, piece.index, source, piece.origin)?
                }
            };
            Ok(Parsed {
                index: piece.index,
                statement,
                start: piece.start,
                source,
                origin: piece.origin,
            })
        })
    }
}

/// The first statement of `sql` that may write to the database, as its 1-based index
/// and first word, or `None` for a script that only reads (`SELECT`, `VALUES`,
/// `EXPLAIN`, `WITH … SELECT`, and transaction control around them), which can run on
/// a read-only snapshot. Decided on tokens, statement by statement, so a script that
/// writes is known as such at its first write; anything unrecognised (PRAGMA, a
/// statement that does not tokenise) counts as a write.
pub fn first_write(sql: &str) -> Option<(usize, String)> {
    let mut index = 0;
    for (source, origin) in split(sql) {
        let Ok(tokens) = tokenize(&sql[source], origin) else {
            return Some((index + 1, String::new()));
        };
        let mut words = tokens.iter().filter(|t| meaningful(t));
        let Some(first) = words.next() else { continue };
        index += 1;
        let Token::Word(w) = &first.token else {
            return Some((index, first.token.to_string()));
        };
        let reads = match w.keyword {
            Keyword::SELECT | Keyword::VALUES | Keyword::EXPLAIN => true,
            Keyword::BEGIN | Keyword::COMMIT | Keyword::END | Keyword::ROLLBACK => true,
            Keyword::SAVEPOINT | Keyword::RELEASE => true,
            Keyword::WITH => with_main_reads(&tokens),
            _ => false,
        };
        if !reads {
            return Some((index, w.value.to_uppercase()));
        }
    }
    None
}

/// Whether the statement a `WITH` clause leads into is a query: the first of SELECT,
/// VALUES, INSERT, REPLACE, UPDATE or DELETE outside the parentheses of the CTEs.
fn with_main_reads(tokens: &[TokenWithSpan]) -> bool {
    let mut depth = 0usize;
    for t in tokens {
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Word(w) if depth == 0 && w.quote_style.is_none() => match w.keyword {
                Keyword::SELECT | Keyword::VALUES => return true,
                Keyword::INSERT | Keyword::REPLACE | Keyword::UPDATE | Keyword::DELETE => {
                    return false
                }
                _ => {}
            },
            _ => {}
        }
    }
    false
}

fn placed(error: Error, statement: usize, l: Location) -> ScriptError {
    ScriptError {
        error,
        position: Some(Position {
            statement,
            line: l.line,
            column: l.column,
        }),
    }
}

pub(in crate::sql) fn meaningful(t: &TokenWithSpan) -> bool {
    !matches!(t.token, Token::Whitespace(_))
}

/// Where the first token that is not whitespace or a comment starts.
fn first_location(tokens: &[TokenWithSpan], otherwise: Location) -> Location {
    tokens
        .iter()
        .find(|t| meaningful(t))
        .map_or(otherwise, |t| t.span.start)
}

/// Tokenises one statement's source, its locations shifted to where it starts in the
/// script. The error is the tokenizer's message and (shifted) location.
fn tokenize(source: &str, origin: Location) -> Result<Vec<TokenWithSpan>, (String, Location)> {
    let dialect = SQLiteDialect {};
    let mut tokens = Vec::new();
    let shift = |l: Location| shift_location(l, origin);
    Tokenizer::new(&dialect, source)
        .tokenize_with_location_into_buf_with_mapper(&mut tokens, |mut t| {
            t.span = Span::new(shift(t.span.start), shift(t.span.end));
            t
        })
        .map_err(|e| {
            let at = shift(e.location);
            (format!("{}{at}", e.message), at)
        })?;
    Ok(tokens)
}

/// For messages from a statement that tokenised before: its tokens, or none.
fn tokens_or_none(source: &str, origin: Location) -> Vec<TokenWithSpan> {
    tokenize(source, origin).unwrap_or_default()
}

/// `l`, counted from the start of a piece, counted from the start of the script.
fn shift_location(l: Location, origin: Location) -> Location {
    match l.line {
        0 => l,
        1 => Location::new(origin.line, origin.column + l.column - 1),
        n => Location::new(origin.line + n - 1, l.column),
    }
}

/// Renumbers each bare `?` as `?N`, N one above the highest number so far (SQLite's
/// rule), starting from `before`; returns the highest number after these tokens.
fn number_placeholders(tokens: &mut [TokenWithSpan], before: usize) -> usize {
    let mut highest = before;
    for t in tokens {
        match &t.token {
            Token::Placeholder(p) if p == "?" => {
                highest += 1;
                t.token = Token::Placeholder(format!("?{highest}"));
            }
            Token::Placeholder(p) if p.starts_with('?') => {
                if let Ok(n) = p[1..].parse::<usize>() {
                    highest = highest.max(n);
                }
            }
            _ => {}
        }
    }
    highest
}

/// Parses one statement's tokens (of `source`, which starts at `origin`); an error names
/// the statement and where the parser stopped.
fn parse_tokens(
    tokens: Vec<TokenWithSpan>,
    index: usize,
    source: &str,
    origin: Location,
) -> Result<Statement, ScriptError> {
    let dialect = LimitedSqlite::default();
    let end = tokens
        .iter()
        .rev()
        .find(|t| meaningful(t))
        .map(|t| t.span.end);
    let start = first_location(&tokens, origin);
    // Only an error needs the text: rebuilt from the source then.
    let text = || statement_text(&tokens_or_none(source, origin));
    if let Err((message, at)) = check_compound_terms(&tokens) {
        let msg = format!("statement {index} ({}): {message}", snippet(&text()));
        return Err(placed(Error::InvalidInput(msg), index, at));
    }
    let tokens = match crate::sql::sqlite_syntax::sqlite_only_syntax(tokens) {
        Ok(t) => t,
        Err((message, at)) => {
            let msg = format!("statement {index} ({}): {message}", snippet(&text()));
            return Err(placed(Error::Unsupported(msg), index, at));
        }
    };
    let mut parser = Parser::new(&dialect)
        .with_recursion_limit(MAX_NESTING)
        .with_tokens_with_locations(tokens);
    let statement = parser.parse_statement().map_err(|e| {
        let text = text();
        let e = match e {
            ParserError::RecursionLimitExceeded => nested_too_deep(),
            e => e.to_string(),
        };
        let mut msg = format!("statement {index} ({}): {e}", snippet(&text));
        let at = location_in_message(&msg).or(end).unwrap_or(start);
        if let (false, Some(end)) = (msg.contains("Line:"), end) {
            msg.push_str(&format!(
                " at the end of the statement, Line: {}, Column: {}",
                end.line, end.column
            ));
        }
        placed(Error::InvalidInput(msg), index, at)
    })?;
    let next = parser.peek_token();
    if next.token != Token::EOF {
        let loc = next.span.start;
        let msg = format!(
            "statement {index} ({}): expected the end of the statement, found {} at line {}, column {}",
            snippet(&text()),
            next.token,
            loc.line,
            loc.column
        );
        return Err(placed(Error::InvalidInput(msg), index, loc));
    }
    if let Err(message) = check_statement(&statement) {
        let msg = format!("statement {index} ({}): {message}", snippet(&text()));
        return Err(placed(Error::InvalidInput(msg), index, start));
    }
    Ok(statement)
}

/// A statement's text from its tokens, comments left out.
fn statement_text(tokens: &[TokenWithSpan]) -> String {
    tokens
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
        .to_string()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_from_the_script_start() {
        let sql = "SELECT 'a\nb';\n  SELEC 1";
        let Err(e) = Script::parse(sql) else {
            panic!("should not parse")
        };
        let p = e.position.unwrap();
        assert_eq!((p.statement, p.line, p.column), (2, 3, 3));
        let sql = "SELECT 1; SELECT 'é', 'x";
        let Err(e) = Script::parse(sql) else {
            panic!("should not parse")
        };
        let p = e.position.unwrap();
        // Columns count characters, as sqlparser counts them.
        assert_eq!((p.statement, p.line, p.column), (2, 1, 23), "{}", e.error);
        assert!(
            e.error.to_string().contains("Line: 1, Column: 23"),
            "{}",
            e.error
        );
    }

    #[test]
    fn scripts_that_only_read_are_told_apart() {
        for reads in [
            "SELECT 1; VALUES (1); -- x;\n; EXPLAIN SELECT * FROM t",
            "BEGIN; SELECT 1; COMMIT; begin; select 2; end; rollback",
            "WITH a(x) AS (SELECT 1), b AS (VALUES (2)) SELECT * FROM a, b",
            "",
        ] {
            assert_eq!(first_write(reads), None, "{reads}");
        }
        for (writes, at) in [
            ("SELECT 1; INSERT INTO t VALUES (1)", (2, "INSERT")),
            ("select 1;; create table t (a)", (2, "CREATE")),
            ("WITH a AS (SELECT 1) DELETE FROM t", (1, "WITH")),
            (
                "WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a",
                (1, "WITH"),
            ),
            ("PRAGMA foreign_keys = ON", (1, "PRAGMA")),
            ("REPLACE INTO t VALUES (1)", (1, "REPLACE")),
            ("SELECT 1; (SELECT 2)", (2, "(")),
        ] {
            assert_eq!(
                first_write(writes),
                Some((at.0, at.1.to_string())),
                "{writes}"
            );
        }
    }

    #[test]
    fn statements_parsed_again_are_the_ones_parsed_first() {
        let sql = "-- only a comment;\n;\nSELECT ? + ?2, ?; \n INSERT INTO t VALUES (?, 'a;b');\n";
        let kept: Vec<(usize, String, Location)> = Script::parse(sql)
            .unwrap()
            .statements()
            .map(|p| {
                let p = p.unwrap();
                (p.index, p.statement.to_string(), p.start)
            })
            .collect();
        let script = Script::parse_keeping(sql, 0).unwrap();
        assert_eq!(
            script.placeholders, 4,
            "a bare ? after ?2 is ?3 (SQLite's rule)"
        );
        assert!(script.pieces.iter().all(|p| p.statement.is_none()));
        let again: Vec<_> = script
            .statements()
            .map(|p| {
                let p = p.unwrap();
                (p.index, p.statement.to_string(), p.start)
            })
            .collect();
        assert_eq!(again, kept);
        assert_eq!(
            kept.iter()
                .map(|(i, s, _)| (*i, s.as_str()))
                .collect::<Vec<_>>(),
            [
                (1, "SELECT ?1 + ?2, ?3"),
                (2, "INSERT INTO t VALUES (?4, 'a;b')")
            ]
        );
        assert_eq!(kept[1].2, Location::new(4, 2));
    }
}
