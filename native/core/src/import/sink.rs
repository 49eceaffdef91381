//! Rows into the table, through the SQL engine's public API: `BEGIN`, the `CREATE
//! TABLE` when the table is missing, multi-row `INSERT … VALUES (?1, ?2), …` statements
//! parsed once and run with each chunk of rows as parameters, `COMMIT` at the end or
//! after every `batch_rows`. On error the open transaction is rolled back (by the
//! engine on the failing statement, by `Session::close` otherwise) and the message says
//! what stayed committed.

use super::{names, ImportFormat, ImportOptions, ImportReport, RowSource};
use crate::error::{Error, Result};
use crate::sql::{Session, StatementResult, Value};
use sqlparser::ast::Statement;
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;

/// Rows per INSERT statement at most, and parameters per statement at most (SQLite's
/// own default limit on host parameters is 32,766).
const CHUNK_ROWS: usize = 500;
const CHUNK_PARAMS: usize = 32_000;

fn parse_one(sql: &str) -> Result<Statement> {
    let mut statements = Parser::parse_sql(&SQLiteDialect {}, sql).map_err(|e| {
        Error::Internal(format!(
            "import built SQL that does not parse ({e}): {sql:.200}"
        ))
    })?;
    match statements.len() {
        1 => Ok(statements.remove(0)),
        n => Err(Error::Internal(format!(
            "import built {n} statements: {sql:.200}"
        ))),
    }
}

fn insert_statement(table: &str, columns: &[String], rows: usize) -> Result<Statement> {
    let n = columns.len();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..n {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("?{}", r * n + c + 1));
        }
        sql.push(')');
    }
    parse_one(&sql)
}

/// The table's columns, or `None` when there is no such table.
fn table_columns(session: &mut Session<'_>, table: &str) -> Result<Option<Vec<String>>> {
    match session.execute_script(&format!("SELECT * FROM {table} LIMIT 0"), &[]) {
        Ok(mut results) => match results.pop() {
            Some(StatementResult::Rows { columns, .. }) => Ok(Some(columns)),
            _ => Err(Error::Internal(
                "SELECT … LIMIT 0 gave no result set".into(),
            )),
        },
        Err(Error::NotFound(m)) if m.contains("no such table") => Ok(None),
        Err(e) => Err(e),
    }
}

/// `e` with `note` after its message, keeping its kind.
fn noted(e: Error, note: &str) -> Error {
    match e {
        Error::InvalidInput(m) => Error::InvalidInput(format!("{m}. {note}")),
        Error::NotFound(m) => Error::NotFound(format!("{m}. {note}")),
        Error::Unsupported(m) => Error::Unsupported(format!("{m}. {note}")),
        Error::Corrupt(m) => Error::Corrupt(format!("{m}. {note}")),
        Error::Locked(m) => Error::Locked(format!("{m}. {note}")),
        Error::Io { context, source } => Error::Io {
            context: format!("{context} ({note})"),
            source,
        },
        Error::Internal(m) => Error::Internal(m),
    }
}

fn rows(n: u64) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

struct Progress {
    rows: u64,
    committed: u64,
    commits: u64,
}

pub(super) fn run(
    session: &mut Session<'_>,
    source: &mut dyn RowSource,
    opts: &ImportOptions,
    name: &str,
    format: ImportFormat,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport> {
    let raw: Vec<String> = source.columns().iter().map(|c| c.name.clone()).collect();
    let sql_names = names::column_names(&raw);
    let renamed = raw
        .iter()
        .zip(&sql_names)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect();
    let table = &opts.table;
    let (targets, created) = match table_columns(session, table)? {
        Some(_) if opts.primary_key.is_some() => {
            return Err(Error::InvalidInput(format!(
                "--primary-key applies when the import creates the table, and table {table} exists; import into a new table, or declare the key in its CREATE TABLE"
            )))
        }
        Some(existing) => {
            let mut targets = Vec::with_capacity(sql_names.len());
            for (file_name, sql_name) in raw.iter().zip(&sql_names) {
                let Some(c) = existing.iter().find(|c| c.eq_ignore_ascii_case(sql_name)) else {
                    return Err(Error::NotFound(format!(
                        "{name}: column {file_name} is not a column of table {table} (its columns: {}); import into a new table, or add the column with a new table",
                        existing.join(", ")
                    )));
                };
                targets.push(c.clone());
            }
            (targets, false)
        }
        None => {
            if let Some(key) = &opts.primary_key {
                if !sql_names.iter().any(|c| c.eq_ignore_ascii_case(key)) {
                    return Err(Error::NotFound(format!(
                        "{name}: --primary-key {key}: the file has no such column (its columns: {})",
                        sql_names.join(", ")
                    )));
                }
            }
            (sql_names, true)
        }
    };
    let mut state = Progress {
        rows: 0,
        committed: 0,
        commits: 0,
    };
    let outcome = insert_all(
        session, source, opts, name, &targets, created, &mut state, progress,
    );
    if let Err(e) = outcome {
        let note = match opts.batch_rows {
            None if created => {
                format!("Nothing was imported (one transaction), and table {table} was not created")
            }
            None => "Nothing was imported (one transaction)".to_string(),
            Some(_) if state.committed == 0 => {
                "Nothing was imported (the first batch holds the failure)".to_string()
            }
            Some(b) => format!(
                "The first {} ({} of {}) {} imported and committed; the rest were not",
                rows(state.committed),
                if state.commits == 1 {
                    "1 batch".to_string()
                } else {
                    format!("{} batches", state.commits)
                },
                b,
                if state.committed == 1 { "was" } else { "were" }
            ),
        };
        return Err(noted(e, &note));
    }
    Ok(ImportReport {
        table: table.clone(),
        format,
        rows: state.rows,
        commits: state.commits,
        created,
        columns: targets,
        renamed,
    })
}

#[allow(clippy::too_many_arguments)]
fn insert_all(
    session: &mut Session<'_>,
    source: &mut dyn RowSource,
    opts: &ImportOptions,
    name: &str,
    targets: &[String],
    created: bool,
    state: &mut Progress,
    progress: &mut dyn FnMut(u64),
) -> Result<()> {
    let table = &opts.table;
    let n = targets.len();
    let mut chunk = CHUNK_ROWS.min(CHUNK_PARAMS / n).max(1);
    if let Some(b) = opts.batch_rows {
        chunk = chunk.min(b);
    }
    let full = insert_statement(table, targets, chunk)?;
    session.execute_script("BEGIN", &[])?;
    if created {
        let defs: Vec<String> = targets
            .iter()
            .zip(source.columns())
            .map(|(t, c)| {
                // The key column becomes the rowid: what `query --table` matches the
                // index's ids against, and what makes a lookup by id one seek.
                if opts
                    .primary_key
                    .as_ref()
                    .is_some_and(|k| k.eq_ignore_ascii_case(t))
                {
                    format!("{t} INTEGER PRIMARY KEY")
                } else if c.decl.is_empty() {
                    t.clone()
                } else {
                    format!("{t} {}", c.decl)
                }
            })
            .collect();
        let create = parse_one(&format!("CREATE TABLE {table} ({})", defs.join(", ")))?;
        session.execute(&create, &[])?;
    }
    let mut params: Vec<Value> = Vec::with_capacity(chunk * n);
    let mut row = Vec::with_capacity(n);
    let mut first_place = String::new();
    let mut in_batch = 0usize;
    loop {
        let more = source.next_row(&mut row)?;
        if more {
            if params.is_empty() {
                first_place = source.place();
            }
            params.append(&mut row);
            state.rows += 1;
            in_batch += 1;
        }
        let buffered = params.len() / n;
        let batch_full = opts.batch_rows.is_some_and(|b| in_batch >= b);
        if buffered == chunk || (buffered > 0 && (!more || batch_full)) {
            let partial;
            let statement = if buffered == chunk {
                &full
            } else {
                partial = insert_statement(table, targets, buffered)?;
                &partial
            };
            session.execute(statement, &params).map_err(|e| {
                let at = if buffered == 1 {
                    first_place.clone()
                } else {
                    format!("{first_place} to {}", source.place())
                };
                in_rows(e, name, &at)
            })?;
            params.clear();
            progress(state.rows);
        }
        if batch_full && more {
            session.execute_script("COMMIT", &[])?;
            state.committed = state.rows;
            state.commits += 1;
            session.execute_script("BEGIN", &[])?;
            in_batch = 0;
        }
        if !more {
            break;
        }
    }
    session.execute_script("COMMIT", &[])?;
    state.committed = state.rows;
    // The last transaction counts unless a full batch just ended the file.
    if in_batch > 0 || state.commits == 0 {
        state.commits += 1;
    }
    Ok(())
}

/// An error of the INSERT of rows `at` of file `name` (a constraint, a bad value).
fn in_rows(e: Error, name: &str, at: &str) -> Error {
    let at = format!("{name}, {at}");
    match e {
        Error::InvalidInput(m) => Error::InvalidInput(format!("{at}: {m}")),
        Error::NotFound(m) => Error::NotFound(format!("{at}: {m}")),
        Error::Unsupported(m) => Error::Unsupported(format!("{at}: {m}")),
        other => other,
    }
}
