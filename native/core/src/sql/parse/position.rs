//! Where in a script an error applies: the statement (1-based) and the line and column
//! of the script (1-based, as sqlparser counts them). A parse error points where the
//! parser stopped; a statement that fails while running points at the name it could
//! not find (`no such table: t` points at `t`) or else at the statement's first token.

use crate::error::Error;
use sqlparser::tokenizer::Location;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub statement: usize,
    pub line: u64,
    pub column: u64,
}

/// A script's error and, when it belongs to a statement, where.
#[derive(Debug)]
pub struct ScriptError {
    pub error: Error,
    pub position: Option<Position>,
}

impl ScriptError {
    pub fn unplaced(error: Error) -> ScriptError {
        ScriptError {
            error,
            position: None,
        }
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{} (line {}, column {})", self.error, p.line, p.column),
            None => write!(f, "{}", self.error),
        }
    }
}

/// The `Line: L, Column: C` that sqlparser writes into its messages, if any.
pub fn location_in_message(message: &str) -> Option<Location> {
    let at = message.rfind("Line: ")?;
    let rest = &message[at + "Line: ".len()..];
    let (line, rest) = rest.split_once(", Column: ")?;
    let column: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    Some(Location::new(line.parse().ok()?, column.parse().ok()?))
}

/// The name an error says is missing: `no such table: main.t` → `t`,
/// `table p has no column named c` → `c`.
pub fn missing_name(error: &Error) -> Option<&str> {
    let Error::NotFound(m) = error else {
        return None;
    };
    let name = if let Some((_, n)) = m.rsplit_once("has no column named ") {
        n
    } else {
        m.rsplit_once(": ")?.1
    };
    let name = name.trim().trim_matches('"');
    Some(name.rsplit('.').next().unwrap_or(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sqlparser_locations() {
        let l =
            location_in_message("Expected: an SQL statement, found: SELEC at Line: 3, Column: 12");
        assert_eq!(l, Some(Location::new(3, 12)));
        assert_eq!(location_in_message("no location here"), None);
    }

    #[test]
    fn finds_the_missing_name() {
        let e = |m: &str| Error::NotFound(m.into());
        assert_eq!(missing_name(&e("no such table: nosuch")), Some("nosuch"));
        assert_eq!(missing_name(&e("no such column: u.email")), Some("email"));
        assert_eq!(missing_name(&e("no such column: \"old\"")), Some("old"));
        assert_eq!(
            missing_name(&e("table p has no column named zz")),
            Some("zz")
        );
        assert_eq!(missing_name(&Error::InvalidInput("x: y".into())), None);
    }
}
