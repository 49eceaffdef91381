//! Row writes and the constraints they must keep: every put or delete of a row also
//! puts or deletes its index entries; NOT NULL, the rowid and UNIQUE indexes are
//! checked against the merged view (the statement sees its own earlier rows).

use super::catalog::Table;
use super::encoding::{decode_row, encode_row, row_key, rowid_of_key};
use super::exec::{index_key, index_values_prefix, Row};
use super::txn::{Db, Pending};
use super::value::Value;
use crate::error::{Error, Result};
use crate::store::Store;

/// What to do when a row breaks a constraint (SQLite's conflict clause).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConflict {
    Abort,
    Ignore,
    Replace,
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

    pub fn put_row(&mut self, table: &Table, rowid: i64, row: &[Value]) {
        self.pending
            .put_with(&row_key(table.id, rowid), |out| encode_row(out, row));
        for idx in &table.indexes {
            self.pending.put(&index_key(idx, row, rowid), &[]);
        }
    }

    pub fn delete_row(&mut self, table: &Table, rowid: i64, row: &[Value]) {
        self.pending.delete(&row_key(table.id, rowid));
        for idx in &table.indexes {
            self.pending.delete(&index_key(idx, row, rowid));
        }
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
            if !idx.unique || idx.columns.iter().any(|&c| row[c].is_null()) {
                continue;
            }
            let prefix = index_values_prefix(idx, row);
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
                self.delete_row(table, c.rowid, &old);
            }
        }
        Ok(())
    }
}

pub fn unique_error(table: &Table, c: &Conflict) -> Error {
    let cols = match c.index {
        Some(i) => table.describe_columns(&table.indexes[i].columns),
        None => match table.rowid_col {
            Some(rc) => table.describe_columns(&[rc]),
            None => format!("{}.rowid", table.name),
        },
    };
    Error::InvalidInput(format!("UNIQUE constraint failed: {cols}"))
}

/// Checks NOT NULL; under REPLACE a NULL takes the column default when it has one.
/// `Ok(false)`: skip the row (IGNORE).
pub fn check_not_null(table: &Table, row: &mut [Value], mode: OnConflict) -> Result<bool> {
    for (i, col) in table.columns.iter().enumerate() {
        if col.not_null && row[i].is_null() && table.rowid_col != Some(i) {
            match mode {
                OnConflict::Ignore => return Ok(false),
                OnConflict::Replace if col.default_expr.is_some() => {
                    row[i] = super::check::default_value(table, i)?.apply_affinity(col.affinity)
                }
                OnConflict::Replace if !col.default.is_null() => row[i] = col.default.clone(),
                _ => {
                    return Err(Error::InvalidInput(format!(
                        "NOT NULL constraint failed: {}.{}",
                        table.name, col.name
                    )))
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
