//! The SQL half of a filtered vector search (`query --db --table --where --select`): the
//! rowids of a table's rows that pass a boolean expression, and chosen columns of given
//! rows. The index's ids are the table's rowids (its INTEGER PRIMARY KEY).
//!
//! The user's texts are pasted into a statement, so each is checked first to be what its
//! flag says and nothing more: `--where` must stay inside the parentheses it is put in
//! (its tokens never close more than they open), `--select` must be a select list (no
//! top-level FROM, WHERE, `;` …). Strings, quoted names and comments are read by the
//! tokenizer the parser uses, so a `)` inside a string does not count.

use crate::error::{Error, Result};
use crate::sql::limits::on_script_stack;
use crate::sql::parse::Script;
use crate::sql::session::Session;
use crate::sql::value::Value;
use crate::sql::StatementResult;
use rustc_hash::FxHashMap;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// Rows fetched per statement by [`rows_by_rowid`].
const ROWIDS_PER_STATEMENT: usize = 500;

/// Chosen columns of some rows, keyed by rowid.
pub struct SelectedRows {
    pub columns: Vec<String>,
    pub rows: FxHashMap<i64, Vec<Value>>,
}

/// The table name as a quoted SQL identifier.
fn quoted(table: &str) -> String {
    format!("\"{}\"", table.replace('"', "\"\""))
}

fn tokens(flag: &str, text: &str) -> Result<Vec<Token>> {
    Tokenizer::new(&SQLiteDialect {}, text)
        .tokenize()
        .map_err(|e| Error::InvalidInput(format!("{flag}: {e}")))
}

/// A condition (`--where`, or vector_search's): an expression whose parentheses
/// balance, so it stays inside ours. `what` names it in messages.
pub(in crate::sql) fn check_condition(what: &str, condition: &str) -> Result<()> {
    let mut depth = 0i64;
    let mut meaningful = false;
    for t in tokens(what, condition)? {
        match t {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            Token::SemiColon if depth == 0 => {
                return Err(Error::InvalidInput(format!(
                    "{what}: give one expression, not statements (found `;`)"
                )))
            }
            Token::Whitespace(_) => continue,
            _ => {}
        }
        meaningful = true;
        if depth < 0 {
            return Err(Error::InvalidInput(format!(
                "{what}: a `)` closes a parenthesis the expression did not open"
            )));
        }
    }
    if !meaningful {
        return Err(Error::InvalidInput(format!(
            "{what} is empty: give a SQL condition, e.g. \"lang = 'en' AND year >= 2024\""
        )));
    }
    Ok(())
}

/// Words that would end a select list and start another clause.
const CLAUSE_WORDS: &[&str] = &[
    "FROM",
    "WHERE",
    "GROUP",
    "HAVING",
    "ORDER",
    "LIMIT",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "WINDOW",
];

/// `--select`: a select list (expressions, `*`, aliases) and nothing after it.
fn check_select_list(select: &str) -> Result<()> {
    let mut depth = 0i64;
    let mut meaningful = false;
    for t in tokens("--select", select)? {
        match &t {
            Token::LParen => depth += 1,
            Token::RParen => depth -= 1,
            Token::Whitespace(_) => continue,
            Token::SemiColon if depth == 0 => {
                return Err(Error::InvalidInput(
                    "--select: give a list of columns or expressions, not statements (found `;`)"
                        .into(),
                ))
            }
            Token::Word(w)
                if depth == 0
                    && w.quote_style.is_none()
                    && CLAUSE_WORDS.iter().any(|c| w.value.eq_ignore_ascii_case(c)) =>
            {
                return Err(Error::InvalidInput(format!(
                    "--select: `{}` starts another clause; give only the columns or expressions to show, e.g. \"title, url\"",
                    w.value
                )))
            }
            _ => {}
        }
        meaningful = true;
        if depth < 0 {
            return Err(Error::InvalidInput(
                "--select: a `)` closes a parenthesis the list did not open".into(),
            ));
        }
    }
    if !meaningful {
        return Err(Error::InvalidInput(
            "--select is empty: give the columns to show, e.g. \"title, url\"".into(),
        ));
    }
    Ok(())
}

type Rows = (Vec<String>, Vec<Vec<Value>>);

/// Runs one statement the caller composed and returns its rows. Errors name the flag,
/// not the composed statement (the user never wrote it).
fn query_rows(session: &mut Session<'_>, flag: &str, sql: &str) -> Result<Rows> {
    on_script_stack(|| {
        let script = Script::parse(sql).map_err(|e| in_flag(flag, e.error))?;
        let parsed = match script.statements().next() {
            Some(p) => p.map_err(|e| in_flag(flag, e.error))?,
            None => return Err(Error::Internal(format!("{flag}: no statement"))),
        };
        match session
            .execute(&parsed.statement, &[])
            .map_err(|e| in_flag(flag, e))?
        {
            StatementResult::Rows { columns, rows } => Ok((columns, rows)),
            _ => Err(Error::Internal(format!("{flag}: expected a query"))),
        }
    })
}

/// Prefixes an engine error with the flag whose text it is about. A parser's line and
/// column are of the composed statement, so they are left out.
fn in_flag(flag: &str, e: Error) -> Error {
    match e {
        Error::InvalidInput(m) => {
            // The parser names the statement ("statement 1 (SELECT …): ") and a place in it.
            let m = match m
                .strip_prefix("statement ")
                .and_then(|r| r.split_once("): "))
            {
                Some((_, rest)) => rest,
                None => &m,
            };
            let m = m.split(" at Line: ").next().unwrap_or_default();
            Error::InvalidInput(format!("{flag}: {m}"))
        }
        Error::NotFound(m) => Error::NotFound(format!("{flag}: {m}")),
        Error::Unsupported(m) => Error::Unsupported(format!("{flag}: {m}")),
        other => other,
    }
}

/// The rowids of `table`'s rows for which `condition` is true, ascending.
pub fn passing_rowids(session: &mut Session<'_>, table: &str, condition: &str) -> Result<Vec<i64>> {
    check_condition("--where", condition)?;
    // The newline ends a trailing `--` comment before our closing parenthesis.
    let sql = format!(
        "SELECT rowid FROM {} WHERE ({condition}\n) ORDER BY rowid",
        quoted(table)
    );
    query_rows(session, "--where", &sql)?
        .1
        .into_iter()
        .map(|row| match row.first() {
            Some(Value::Integer(id)) => Ok(*id),
            other => Err(Error::Internal(format!("rowid came back as {other:?}"))),
        })
        .collect()
}

/// The `select` columns of `table`'s rows with these rowids (rowids of no row are
/// absent from the result).
pub fn rows_by_rowid(
    session: &mut Session<'_>,
    table: &str,
    select: &str,
    rowids: &[i64],
) -> Result<SelectedRows> {
    check_select_list(select)?;
    let mut wanted: Vec<i64> = rowids.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    // The column names: a statement that reads no row.
    let sql = format!("SELECT rowid, {select}\nFROM {} LIMIT 0", quoted(table));
    let columns = query_rows(session, "--select", &sql)?
        .0
        .into_iter()
        .skip(1)
        .collect();
    let mut rows = FxHashMap::default();
    for chunk in wanted.chunks(ROWIDS_PER_STATEMENT) {
        let list: Vec<String> = chunk.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT rowid, {select}\nFROM {} WHERE rowid IN ({})",
            quoted(table),
            list.join(",")
        );
        for mut row in query_rows(session, "--select", &sql)?.1 {
            if let Value::Integer(id) = row.remove(0) {
                rows.insert(id, row);
            }
        }
    }
    Ok(SelectedRows { columns, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_condition_cannot_leave_its_parentheses() {
        assert!(check_condition("--where", "lang = 'en' AND (year >= 2024)").is_ok());
        assert!(check_condition("--where", "title = 'a)b' -- a comment )").is_ok());
        for bad in ["1) UNION SELECT (1", "1; DROP TABLE t", "  ", ")"] {
            assert!(check_condition("--where", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_select_list_is_only_a_list() {
        assert!(check_select_list("title, url AS link, length(\"from\")").is_ok());
        assert!(check_select_list("(SELECT max(x) FROM t2) AS m").is_ok());
        for bad in [
            "title FROM other",
            "a; DROP TABLE t",
            "a) x",
            "",
            "a UNION SELECT 1",
        ] {
            assert!(check_select_list(bad).is_err(), "{bad}");
        }
    }
}
