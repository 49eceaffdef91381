//! # write/: rows into tables
//!
//! In: an INSERT, UPDATE or DELETE, planned reads of the rows it changes, and the
//! catalog. Out: puts and deletes of rows and index entries in the pending writes, with
//! every constraint checked (NOT NULL, CHECK, UNIQUE, conflict clauses, upserts) and
//! triggers fired ([`fire`], [`trigger_writes`], INSTEAD OF in [`instead`]); the
//! connection's counters ([`counters`]).
//!
//! Row writes and the constraints they must keep: every put or delete of a row also
//! puts or deletes its index entries; NOT NULL, the rowid and UNIQUE indexes are
//! checked against the merged view (the statement sees its own earlier rows).

pub(in crate::sql) mod copy;
pub(in crate::sql) mod counters;
pub(in crate::sql) mod dml;
pub(in crate::sql) mod fail;
pub(in crate::sql) mod fire;
pub(in crate::sql) mod foreign_key;
pub(in crate::sql) mod instead;
pub(in crate::sql) mod modify;
pub(in crate::sql) mod row_write;
pub(in crate::sql) mod step_conflict;
pub(in crate::sql) mod trigger_writes;
pub(in crate::sql) mod upsert;

use crate::error::{Error, Result};
use crate::sql::catalog::{Index, Table};
use crate::sql::encoding::{decode_row, encode_row, row_key, rowid_of_key};
use crate::sql::exec::{index_key, index_values_prefix, Row};
use crate::sql::txn::{Db, Pending};
use crate::sql::value::Value;
use crate::store::Store;

/// What to do when a row breaks a constraint (SQLite's conflict clause).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConflict {
    Abort,
    /// As ABORT, but the statement keeps the rows it changed before ([`fail`]).
    Fail,
    Ignore,
    Replace,
}

impl OnConflict {
    /// The error of a constraint this mode does not resolve: marked under FAIL.
    pub fn error(self, e: Error) -> Error {
        if self == OnConflict::Fail {
            fail::failing(e)
        } else {
            e
        }
    }
}

/// An existing row a new row collides with, and the constraint it breaks.
#[derive(Debug)]
pub struct Conflict {
    pub rowid: i64,
    /// `None`: the rowid; `Some(i)`: `table.indexes[i]`.
    pub index: Option<usize>,
}

pub struct Tx<'s> {
    pub store: &'s Store,
    pub pending: &'s mut Pending,
}

impl Tx<'_> {
    pub fn db(&self) -> Db<'_> {
        Db {
            store: self.store,
            pending: self.pending,
        }
    }

    pub fn read_row(&self, table: &Table, rowid: i64) -> Result<Option<Row>> {
        match self.db().get(&row_key(table.id, rowid))? {
            Some(bytes) => {
                let mut row = Vec::new();
                decode_row(&bytes, &table.defaults(), None, &mut row)?;
                Ok(Some(row))
            }
            None => Ok(None),
        }
    }

    /// Puts the row and its index entries. Fails only when an index expression does.
    pub fn put_row(&mut self, table: &Table, rowid: i64, row: &[Value]) -> Result<()> {
        self.pending
            .put_with(&row_key(table.id, rowid), |out| encode_row(out, row));
        for idx in &table.indexes {
            if let Some(k) = index_key(idx, row, rowid)? {
                self.pending.put(&k, &[]);
            }
        }
        Ok(())
    }

    pub fn delete_row(&mut self, table: &Table, rowid: i64, row: &[Value]) -> Result<()> {
        self.pending.delete(&row_key(table.id, rowid));
        for idx in &table.indexes {
            if let Some(k) = index_key(idx, row, rowid)? {
                self.pending.delete(&k);
            }
        }
        Ok(())
    }

    /// Rows other than `me` that `row` (at `rowid`) collides with. `fresh_rowid`: no
    /// row can hold `rowid` (see [`is_fresh_rowid`]), so it is not looked up: a bulk
    /// INSERT would otherwise pay one store lookup per row for nothing.
    pub fn conflicts(
        &self,
        table: &Table,
        row: &[Value],
        rowid: i64,
        me: Option<i64>,
        fresh_rowid: bool,
    ) -> Result<Vec<Conflict>> {
        let db = self.db();
        let mut out = Vec::new();
        if !fresh_rowid && me != Some(rowid) && db.get(&row_key(table.id, rowid))?.is_some() {
            out.push(Conflict { rowid, index: None });
        }
        for (i, idx) in table.indexes.iter().enumerate() {
            if !idx.unique {
                continue;
            }
            // Entries holding a NULL never collide, as in SQLite.
            let prefix = if idx.has_terms() {
                match crate::sql::index_terms::key_values(idx, row, rowid)? {
                    Some(v) if !v.iter().any(Value::is_null) => {
                        crate::sql::index_terms::prefix_of(idx, &v)
                    }
                    _ => continue,
                }
            } else if idx.columns.iter().any(|&c| row[c].is_null()) {
                continue;
            } else {
                index_values_prefix(idx, row)
            };
            let mut scan = db.scan_prefix(&prefix)?;
            while let Some((key, _)) = scan.next_entry()? {
                let other = rowid_of_key(key)?;
                if Some(other) != me {
                    out.push(Conflict {
                        rowid: other,
                        index: Some(i),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Deletes the rows a REPLACE displaces.
    pub fn delete_conflicting(&mut self, table: &Table, conflicts: &[Conflict]) -> Result<()> {
        let mut done = Vec::new();
        for c in conflicts {
            if done.contains(&c.rowid) {
                continue;
            }
            done.push(c.rowid);
            if let Some(old) = self.read_row(table, c.rowid)? {
                crate::sql::foreign_key::check::deleting(self.db(), table, &old, c.rowid)?;
                self.delete_row(table, c.rowid, &old)?;
                // No statement context here to run ON DELETE actions in.
                let gone = (old.as_slice(), c.rowid);
                crate::sql::foreign_key::action::without_context(self.db(), table, gone, None)?;
            }
        }
        Ok(())
    }
}

pub fn unique_error(table: &Table, c: &Conflict) -> Error {
    match c.index {
        Some(i) => index_unique_error(table, &table.indexes[i]),
        None => Error::InvalidInput(format!(
            "UNIQUE constraint failed: {}",
            match table.rowid_col {
                Some(rc) => table.describe_columns(&[rc]),
                None => format!("{}.rowid", table.name),
            }
        )),
    }
}

/// SQLite's message for two rows with one key in `idx`: the columns, or for an
/// expression index its name.
pub fn index_unique_error(table: &Table, idx: &Index) -> Error {
    let what = if idx.exprs.is_empty() {
        table.describe_columns(&idx.columns)
    } else {
        format!("index '{}'", idx.name)
    };
    Error::InvalidInput(format!("UNIQUE constraint failed: {what}"))
}

/// Checks NOT NULL; under REPLACE a NULL takes the column default when it has one.
/// `Ok(false)`: skip the row (IGNORE).
pub fn check_not_null(table: &Table, row: &mut [Value], mode: OnConflict) -> Result<bool> {
    for (i, col) in table.columns.iter().enumerate() {
        if col.not_null && row[i].is_null() && table.rowid_col != Some(i) {
            match mode {
                OnConflict::Ignore => return Ok(false),
                OnConflict::Replace if col.default_expr.is_some() => {
                    row[i] =
                        crate::sql::check::default_value(table, i)?.apply_affinity(col.affinity)
                }
                OnConflict::Replace if !col.default.is_null() => row[i] = col.default.clone(),
                _ => {
                    return Err(mode.error(Error::InvalidInput(format!(
                        "NOT NULL constraint failed: {}.{}",
                        table.name, col.name
                    ))))
                }
            }
        }
    }
    Ok(true)
}

/// The rowid a row asks for through its INTEGER PRIMARY KEY (None: assign one).
pub fn requested_rowid(table: &Table, row: &[Value]) -> Result<Option<i64>> {
    let Some(rc) = table.rowid_col else {
        return Ok(None);
    };
    match &row[rc] {
        Value::Null => Ok(None),
        Value::Integer(i) => Ok(Some(*i)),
        Value::Real(r) if r.fract() == 0.0 && r.abs() < 9.2e18 => Ok(Some(*r as i64)),
        _ => Err(Error::InvalidInput("datatype mismatch".into())),
    }
}

/// Takes the next rowid of `table` (rowids are never reused).
pub fn next_rowid(table: &mut Table) -> Result<i64> {
    let r = table.next_rowid;
    table.next_rowid = r
        .checked_add(1)
        .ok_or_else(|| Error::InvalidInput(format!("table {} has used every rowid", table.name)))?;
    Ok(r)
}

/// Whether no row of `table` can hold `rowid`: every rowid ever written is below
/// `next_rowid` ([`saw_rowid`] runs before every row put). At the saturated counter
/// (`i64::MAX`) that no longer proves anything.
pub fn is_fresh_rowid(table: &Table, rowid: i64) -> bool {
    rowid >= table.next_rowid && table.next_rowid < i64::MAX
}

/// Records an explicitly given rowid so later automatic ones stay above it.
pub fn saw_rowid(table: &mut Table, rowid: i64) {
    if rowid >= table.next_rowid {
        table.next_rowid = rowid.saturating_add(1);
    }
}
