//! `sql --import`: a file's rows into a SQL table of an open store (a writer handle),
//! in one call; the core reads the file and inserts in batches (sochdb_core::import).

use napi::bindgen_prelude::Function;
use napi_derive::napi;
use sochdb_core::import::{import, ImportFormat, ImportOptions};
use std::path::PathBuf;

use crate::errors::IntoNapi;
use crate::store::with;

#[napi(object)]
pub struct SqlImportOptions {
    pub table: String,
    /// The file to read (stdin already spooled to a file by the caller).
    pub path: String,
    /// "parquet" | "csv" | "jsonl"; absent or "auto": by extension, then by content.
    pub format: Option<String>,
    /// Rows per commit; absent: the whole file in one transaction.
    pub batch_rows: Option<f64>,
    /// The name messages give the file (as the user typed it).
    pub display_name: Option<String>,
    /// Declare this column INTEGER PRIMARY KEY when the table is created.
    pub primary_key: Option<String>,
}

#[napi(object)]
pub struct SqlImportResult {
    pub table: String,
    pub format: String,
    pub rows: f64,
    pub commits: f64,
    pub created: bool,
    pub columns: Vec<String>,
    /// File column names that were not bare SQL names, and the names used (same order).
    pub renamed_from: Vec<String>,
    pub renamed_to: Vec<String>,
}

/// Imports the file into table `o.table` of store `handle`. `on_progress(rows)` is
/// called on this thread after each batch of inserted rows.
#[napi]
pub fn sql_import(
    handle: u32,
    o: SqlImportOptions,
    on_progress: Option<Function<f64, ()>>,
) -> napi::Result<SqlImportResult> {
    let format = match o.format.as_deref() {
        None | Some("auto") => None,
        Some(name) => Some(ImportFormat::from_name(name).napi()?),
    };
    let opts = ImportOptions {
        table: o.table,
        path: PathBuf::from(&o.path),
        format,
        batch_rows: o.batch_rows.map(|b| b.max(0.0) as usize),
        display_name: o.display_name,
        primary_key: o.primary_key,
    };
    with(handle, |s| {
        let mut callback_error = None;
        let mut progress = |rows: u64| {
            if let Some(f) = &on_progress {
                if let Err(e) = f.call(rows as f64) {
                    callback_error.get_or_insert(e);
                }
            }
        };
        let r = import(&mut s.store, &opts, &mut progress).napi()?;
        if let Some(e) = callback_error {
            return Err(e);
        }
        Ok(SqlImportResult {
            table: r.table,
            format: r.format.name().to_string(),
            rows: r.rows as f64,
            commits: r.commits as f64,
            created: r.created,
            columns: r.columns,
            renamed_from: r.renamed.iter().map(|(a, _)| a.clone()).collect(),
            renamed_to: r.renamed.into_iter().map(|(_, b)| b).collect(),
        })
    })
}
