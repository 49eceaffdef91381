//! `PRAGMA foreign_keys [= value]`: the connection's switch for enforcing foreign keys
//! (off by default, as in SQLite). The query answers one row of one column named
//! `foreign_keys`, 0 or 1. Setting it inside a transaction does nothing, as SQLite
//! documents. `foreign_key_list` and `foreign_key_check` are refused by name.

use crate::error::{Error, Result};
use crate::sql::expr::unsupported;
use crate::sql::value::Value;
use crate::sql::StatementResult;
use sqlparser::ast;

/// The pragma this module answers.
pub const NAME: &str = "foreign_keys";

/// The foreign key pragmas SQLite has that this build does not answer.
const REFUSED: [&str; 3] = [
    "foreign_key_list",
    "foreign_key_check",
    "defer_foreign_keys",
];

/// Whether `name` (the pragma's last name part) is one of ours to answer or refuse.
pub fn handles(name: &str) -> bool {
    name.eq_ignore_ascii_case(NAME) || REFUSED.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// SQLite's `sqlite3GetBoolean(z, 0)`: a leading digit reads as an integer (non-zero is
/// on); the words yes, on, true, full and extra are on; anything else is off.
fn truth(text: &str) -> bool {
    let t = text.trim();
    if t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        return digits.bytes().any(|b| b != b'0');
    }
    ["yes", "on", "true", "full", "extra"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(t))
}

/// Runs the pragma `name` on the connection's switch `enabled`.
pub fn run(
    name: &str,
    value: Option<&ast::Value>,
    enabled: &mut bool,
    in_txn: bool,
) -> Result<StatementResult> {
    if !name.eq_ignore_ascii_case(NAME) {
        return Err(unsupported(format!("PRAGMA {}", name.to_ascii_lowercase())));
    }
    let Some(v) = value else {
        return Ok(StatementResult::Rows {
            columns: vec![NAME.into()],
            rows: vec![vec![Value::Integer(i64::from(*enabled))]],
        });
    };
    let text = match v {
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => s.clone(),
        ast::Value::Number(n, _) => n.clone(),
        ast::Value::Placeholder(_) => {
            return Err(Error::InvalidInput(
                "a PRAGMA value cannot be a parameter".into(),
            ))
        }
        other => other.to_string(),
    };
    if in_txn {
        return Ok(StatementResult::Message(
            "Foreign key enforcement unchanged (a transaction is open)".into(),
        ));
    }
    *enabled = truth(&text);
    let state = if *enabled { "on" } else { "off" };
    Ok(StatementResult::Message(format!(
        "Foreign key enforcement {state}"
    )))
}

#[cfg(test)]
mod tests {
    use super::truth;

    #[test]
    fn values_read_as_sqlite_reads_them() {
        for on in ["1", "2", "on", "ON", "true", "yes", "full", "extra", "10x"] {
            assert!(truth(on), "{on}");
        }
        for off in ["0", "00", "off", "false", "no", "banana", "-1", ""] {
            assert!(!truth(off), "{off}");
        }
    }
}
