//! SQL scripts against an open store (a handle from `store_open`: opened as the writer,
//! or read-only for a script that only reads, see `sql_first_write`).
//!
//! Result sets cross packed, one buffer per set, never one JS value per cell: `kinds`
//! holds one byte per cell in row-major order (0 NULL, 1 INTEGER, 2 REAL, 3 TEXT,
//! 4 BLOB), `data` the cells back to back (an integer in decimal, a real as SQLite
//! prints it, text as UTF-8, a blob as its bytes; NULL as nothing) and `ends` where
//! each cell ends. Integers travel as text so that every i64 arrives exact.

use napi::bindgen_prelude::{Buffer, Uint32Array};
use napi_derive::napi;
use sochdb_core::sql::{first_write, ChangeKind, Session, StatementResult, Value};

use crate::errors::{invalid, to_napi, IntoNapi};
use crate::store::with;

#[napi(object)]
pub struct SqlParam {
    /// "integer" | "real" | "text" | "null".
    pub kind: String,
    pub text: Option<String>,
}

#[napi(object)]
pub struct SqlStatementJs {
    /// 1-based position in the script.
    pub statement: u32,
    /// Present for a result set (a query or EXPLAIN).
    pub columns: Option<Vec<String>>,
    pub rows: u32,
    pub kinds: Option<Buffer>,
    pub data: Option<Buffer>,
    pub ends: Option<Uint32Array>,
    /// "inserted" | "updated" | "deleted" for INSERT, UPDATE, DELETE.
    pub verb: Option<String>,
    pub changes: Option<f64>,
    /// `3 rows inserted`, `Table t created`, ... (absent for a result set).
    pub message: Option<String>,
}

#[napi(object)]
pub struct SqlErrorJs {
    /// The `[CODE] message` text every native error carries (see errors.rs).
    pub reason: String,
    pub statement: Option<u32>,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

#[napi(object)]
pub struct SqlRunJs {
    /// One entry per statement that ran, in order (up to the failing one).
    pub results: Vec<SqlStatementJs>,
    pub error: Option<SqlErrorJs>,
}

fn param(p: SqlParam) -> napi::Result<Value> {
    let text = || p.text.clone().unwrap_or_default();
    Ok(match p.kind.as_str() {
        "null" => Value::Null,
        "text" => Value::Text(text()),
        "integer" => Value::Integer(
            text()
                .parse()
                .map_err(|_| invalid(format!("--param {}: not a 64-bit integer", text())))?,
        ),
        "real" => Value::Real(
            text()
                .parse()
                .map_err(|_| invalid(format!("--param {}: not a number", text())))?,
        ),
        k => return Err(invalid(format!("unknown parameter kind {k}"))),
    })
}

pub(crate) fn pack_rows(rows: &[Vec<Value>]) -> (Vec<u8>, Vec<u8>, Vec<u32>) {
    let cells = rows.iter().map(Vec::len).sum();
    let mut kinds = Vec::with_capacity(cells);
    let mut data = Vec::new();
    let mut ends = Vec::with_capacity(cells);
    for v in rows.iter().flatten() {
        let kind = match v {
            Value::Null => 0,
            Value::Integer(i) => {
                data.extend_from_slice(i.to_string().as_bytes());
                1
            }
            Value::Real(_) => {
                data.extend_from_slice(v.to_text().unwrap_or_default().as_bytes());
                2
            }
            Value::Text(s) => {
                data.extend_from_slice(s.as_bytes());
                3
            }
            Value::Blob(b) => {
                data.extend_from_slice(b);
                4
            }
        };
        kinds.push(kind);
        ends.push(data.len() as u32);
    }
    (kinds, data, ends)
}

fn statement_js(index: usize, r: StatementResult) -> SqlStatementJs {
    let message = r.message();
    let mut out = SqlStatementJs {
        statement: index as u32,
        columns: None,
        rows: 0,
        kinds: None,
        data: None,
        ends: None,
        verb: None,
        changes: None,
        message,
    };
    match r {
        StatementResult::Rows { columns, rows } => {
            let (kinds, data, ends) = pack_rows(&rows);
            out.rows = rows.len() as u32;
            out.columns = Some(columns);
            out.kinds = Some(kinds.into());
            out.data = Some(data.into());
            out.ends = Some(ends.into());
        }
        StatementResult::Changed { verb, count } => {
            out.verb = Some(
                match verb {
                    ChangeKind::Inserted => "inserted",
                    ChangeKind::Updated => "updated",
                    ChangeKind::Deleted => "deleted",
                }
                .into(),
            );
            out.changes = Some(count as f64);
        }
        StatementResult::Message(_) => {}
    }
    out
}

/// Runs `sql` on the store `handle`. Statements before a failing one stay done (each
/// is atomic; an open transaction is rolled back), so the failure comes back beside
/// their results rather than as a thrown error. Only a failure to reach the store
/// throws. The caller syncs and closes the store.
#[napi]
pub fn sql_run(handle: u32, sql: String, params: Vec<SqlParam>) -> napi::Result<SqlRunJs> {
    let params = params
        .into_iter()
        .map(param)
        .collect::<napi::Result<Vec<_>>>()?;
    with(handle, |s| {
        let temp = std::mem::take(&mut s.sql_temp);
        let mut session = Session::with_temp(&mut s.store, temp).napi()?;
        let mut results = Vec::new();
        let outcome = session.run_script_placed(&sql, &params, |i, r| {
            results.push(statement_js(i, r));
            Ok(())
        });
        s.sql_temp = session.finish().napi()?;
        let error = outcome.err().map(|e| SqlErrorJs {
            reason: to_napi(e.error).reason,
            statement: e.position.map(|p| p.statement as u32),
            line: e.position.map(|p| p.line as u32),
            column: e.position.map(|p| p.column as u32),
        });
        Ok(SqlRunJs { results, error })
    })
}

#[napi(object)]
pub struct SqlWriteJs {
    /// 1-based position in the script.
    pub statement: u32,
    /// Its first word (`INSERT`, `CREATE`, …).
    pub verb: String,
}

/// The first statement of `sql` that may write, or nothing when the script only reads
/// and can run on a read-only snapshot (no lock, read-only media).
#[napi]
pub fn sql_first_write(sql: String) -> Option<SqlWriteJs> {
    first_write(&sql).map(|(statement, verb)| SqlWriteJs {
        statement: statement as u32,
        verb,
    })
}
