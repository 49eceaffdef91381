//! `sql --import TABLE FILE`: rows of a Parquet, CSV or JSONL file into a SQL table,
//! as sqlite3's `.import` does.
//!
//! A reader (`from_parquet`, `from_csv`, `from_jsonl`) names the file's columns, each
//! with the SQL type it would be created with, and yields one row of [`Value`]s at a
//! time, saying where it came from (`line 12`, `row 11`). `sink` puts the rows into the
//! table through the SQL engine's public API ([`Session`]): the table is created from
//! the file's columns when missing, else the file's columns are matched to the
//! table's by name; rows go in as multi-row `INSERT`s of placeholders, parsed once. The
//! whole import is one transaction, or, with `batch_rows`, one transaction per batch.
//! A failure rolls back the open transaction: with one transaction nothing is left of
//! the import, not even the table it created; with batches the committed ones stay and
//! the error says how many rows that is.
//!
//! Type mapping (also in the README):
//! - Parquet: BOOLEAN and integers → INTEGER; FLOAT, DOUBLE, FLOAT16, DECIMAL → REAL;
//!   strings (UTF8, ENUM, JSON) → TEXT, other binary → BLOB; DATE, TIME, TIMESTAMP →
//!   TEXT in ISO 8601 (`2024-03-01 12:00:00.000`, UTC for adjusted timestamps); a list of
//!   float32/float16/float64 → BLOB of little-endian f32 (4 bytes a value); any other
//!   nested column is refused.
//! - CSV: a header row names the columns; every field is TEXT, as sqlite3 imports it
//!   (a table created first with typed columns converts by its columns' affinity); an
//!   empty field is the empty string.
//! - JSONL: one object per line; the columns are the keys of the first object, typed by
//!   its values (integer → INTEGER, other number → REAL, string → TEXT, true/false →
//!   INTEGER, null → no type); a later key that is not a column is an error; a missing
//!   key is NULL; arrays and objects are stored as their JSON text.

mod civil;
mod from_csv;
mod from_jsonl;
mod from_parquet;
mod names;
mod sink;

use crate::error::{Error, Result};
use crate::sql::{Session, Value};
use crate::store::Store;
use std::path::{Path, PathBuf};

/// The file formats `sql --import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    Parquet,
    Csv,
    Jsonl,
}

impl ImportFormat {
    pub fn from_name(s: &str) -> Result<ImportFormat> {
        match s {
            "parquet" => Ok(ImportFormat::Parquet),
            "csv" => Ok(ImportFormat::Csv),
            "jsonl" | "ndjson" => Ok(ImportFormat::Jsonl),
            _ => Err(Error::InvalidInput(format!(
                "unknown import format '{s}'; use parquet, csv or jsonl"
            ))),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            ImportFormat::Parquet => "parquet",
            ImportFormat::Csv => "csv",
            ImportFormat::Jsonl => "jsonl",
        }
    }

    /// By extension (`.parquet`, `.csv`, `.jsonl`, `.ndjson`), else by Parquet's magic.
    pub fn detect(path: &Path) -> Result<ImportFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("parquet") => return Ok(ImportFormat::Parquet),
            Some("csv") => return Ok(ImportFormat::Csv),
            Some("jsonl" | "ndjson") => return Ok(ImportFormat::Jsonl),
            _ => {}
        }
        let mut head = [0u8; 4];
        let magic = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
            .is_ok()
            && &head == crate::vectors::PARQUET_MAGIC;
        if magic {
            return Ok(ImportFormat::Parquet);
        }
        if !path.exists() {
            return Err(Error::NotFound(format!("{}: no such file", path.display())));
        }
        Err(Error::InvalidInput(format!(
            "{}: cannot tell the format (no .parquet, .csv, .jsonl or .ndjson extension, no Parquet magic); give --import-format parquet|csv|jsonl",
            path.display()
        )))
    }
}

/// A column of the input: its name and the SQL type a new table gives it (`""`: none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceColumn {
    pub name: String,
    pub decl: &'static str,
}

/// Rows of an input file, in order.
pub(crate) trait RowSource {
    fn columns(&self) -> &[SourceColumn];
    /// Fills `row` (one value per column) with the next row; false at the end.
    fn next_row(&mut self, row: &mut Vec<Value>) -> Result<bool>;
    /// Where the row last returned starts: `line 12` (text) or `row 11` (Parquet, 0-based).
    fn place(&self) -> String;
}

#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub table: String,
    pub path: PathBuf,
    /// `None`: by extension, then by content.
    pub format: Option<ImportFormat>,
    /// `None`: one transaction for the whole file. `Some(n)`: a commit every n rows.
    pub batch_rows: Option<usize>,
    /// The name the messages give the file (the path as typed, or `-` for stdin).
    pub display_name: Option<String>,
    /// A column of the file to declare `INTEGER PRIMARY KEY` (its values become the
    /// rowids) when the import creates the table.
    pub primary_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportReport {
    pub table: String,
    pub format: ImportFormat,
    pub rows: u64,
    /// Transactions committed.
    pub commits: u64,
    /// True when the import created the table.
    pub created: bool,
    /// The table's columns the file filled, in the file's order.
    pub columns: Vec<String>,
    /// File column names that were not usable as SQL names, and the names used instead.
    pub renamed: Vec<(String, String)>,
}

/// Imports the file into `store`. `progress(rows)` is called after each commit, and
/// every few thousand rows in between. On error, nothing of the open transaction stays.
pub fn import(
    store: &mut Store,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport> {
    let name = opts
        .display_name
        .clone()
        .unwrap_or_else(|| opts.path.display().to_string());
    let format = match opts.format {
        Some(f) => f,
        None => ImportFormat::detect(&opts.path)?,
    };
    if opts.batch_rows == Some(0) {
        return Err(Error::InvalidInput(
            "--batch-size must be at least 1".into(),
        ));
    }
    names::check_table_name(&opts.table)?;
    let mut source: Box<dyn RowSource> = match format {
        ImportFormat::Parquet => Box::new(from_parquet::ParquetRows::open(&opts.path, &name)?),
        ImportFormat::Csv => Box::new(from_csv::CsvRows::open(&opts.path, &name)?),
        ImportFormat::Jsonl => Box::new(from_jsonl::JsonlRows::open(&opts.path, &name)?),
    };
    let mut session = Session::new(store)?;
    let outcome = sink::run(&mut session, source.as_mut(), opts, &name, format, progress);
    // Rolls back a transaction still open after an error.
    let closed = session.close();
    let report = outcome?;
    closed?;
    Ok(report)
}
