//! One row's INSERT or UPDATE: its rowid, NOT NULL, CHECK and UNIQUE under the
//! statement's conflict mode (a conflict the mode does not resolve is the error, marked
//! under FAIL), then the row and its index entries put. Every check comes before any
//! write, so a row that fails leaves nothing of itself behind (which FAIL relies on).

use crate::error::{Error, Result};
use crate::sql::catalog::Table;
use crate::sql::foreign_key::check as fk_check;
use crate::sql::upsert::{do_update, Upsert};
use crate::sql::value::Value;
use crate::sql::write::{self, check_not_null, unique_error, OnConflict, Tx};

/// What [`insert_row`] did with its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::sql) enum Outcome {
    /// Written as a new row with this rowid.
    Inserted(i64),
    /// An upsert's DO UPDATE changed the row it conflicted with.
    Updated,
    /// Nothing was written (OR IGNORE, DO NOTHING, DO UPDATE … WHERE false).
    Skipped,
}

/// Inserts one row (defaults and affinity applied).
pub(in crate::sql) fn insert_row(
    tx: &mut Tx<'_>,
    table: &mut Table,
    row: Vec<Value>,
    mode: OnConflict,
    upsert: Option<&Upsert>,
) -> Result<Outcome> {
    let counter = table.next_rowid;
    let out = insert_checked_row(tx, table, row, mode, upsert);
    // A row that fails gives its rowid back (under FAIL the statement's earlier rows
    // stay, and the next row must not find a gap), even in an AUTOINCREMENT table:
    // SQLite's FAIL skips the sqlite_sequence update, so its next rowid comes from the
    // rows kept.
    if out.is_err() {
        table.next_rowid = counter;
    }
    out
}

fn insert_checked_row(
    tx: &mut Tx<'_>,
    table: &mut Table,
    mut row: Vec<Value>,
    mode: OnConflict,
    upsert: Option<&Upsert>,
) -> Result<Outcome> {
    // The rowid is taken first (a CHECK may read it). A row that is then skipped gives
    // it back unless the table is AUTOINCREMENT, as in SQLite ([`Table::autoincrement`]).
    let counter = table.next_rowid;
    let skipped = |table: &mut Table| -> Result<Outcome> {
        if !table.autoincrement {
            table.next_rowid = counter;
        }
        Ok(Outcome::Skipped)
    };
    let (rowid, fresh) = match write::requested_rowid(table, &row)? {
        Some(r) => (r, write::is_fresh_rowid(table, r)),
        None => {
            let r = write::next_rowid(table)?;
            if let Some(rc) = table.rowid_col {
                row[rc] = Value::Integer(r);
            }
            (r, true)
        }
    };
    if !check_not_null(table, &mut row, mode)?
        || !crate::sql::check::check_row(table, &row, rowid, mode)?
    {
        return skipped(table);
    }
    let conflicts = tx.conflicts(table, &row, rowid, None, fresh)?;
    if let Some(first) = conflicts.first() {
        if let Some(u) = upsert {
            let hit = conflicts.iter().find(|c| {
                u.target.is_empty()
                    || match c.index {
                        None => table.rowid_col.is_some_and(|rc| u.target == [rc]),
                        // An expression or partial index is never a conflict target.
                        Some(i) if table.indexes[i].has_terms() => false,
                        Some(i) => {
                            let mut a = table.indexes[i].columns.clone();
                            let mut b = u.target.clone();
                            a.sort_unstable();
                            b.sort_unstable();
                            a == b
                        }
                    }
            });
            if let Some(hit) = hit {
                let updated = match &u.set {
                    None => false,
                    Some(set) => {
                        do_update(tx, table, hit.rowid, &row, rowid, set, u.filter.as_ref())?
                    }
                };
                return if updated {
                    Ok(Outcome::Updated)
                } else {
                    skipped(table)
                };
            }
        }
        match mode {
            OnConflict::Ignore => return skipped(table),
            OnConflict::Replace => tx.delete_conflicting(table, &conflicts)?,
            OnConflict::Abort | OnConflict::Fail => {
                return Err(mode.error(unique_error(table, first)))
            }
        }
    }
    fk_check::inserting(tx.db(), table, &row, rowid)?;
    write::saw_rowid(table, rowid);
    tx.put_row(table, rowid, &row)?;
    crate::sql::counters::inserted(rowid);
    Ok(Outcome::Inserted(rowid))
}

/// Replaces the row at `rowid` by an UPDATE that assigns the columns `assigned`.
/// `Ok(false)`: skipped under OR IGNORE.
pub fn update_row(
    tx: &mut Tx<'_>,
    table: &mut Table,
    rowid: i64,
    old: &[Value],
    mut new: Vec<Value>,
    mode: OnConflict,
    assigned: &[usize],
) -> Result<bool> {
    if !check_not_null(table, &mut new, mode)? {
        return Ok(false);
    }
    let new_rowid = match (write::requested_rowid(table, &new)?, table.rowid_col) {
        (Some(r), _) => r,
        (None, None) => rowid,
        (None, Some(_)) => return Err(Error::InvalidInput("datatype mismatch".into())),
    };
    if !crate::sql::check::check_row(table, &new, new_rowid, mode)? {
        return Ok(false);
    }
    let fresh = write::is_fresh_rowid(table, new_rowid);
    let conflicts = tx.conflicts(table, &new, new_rowid, Some(rowid), fresh)?;
    if let Some(first) = conflicts.first() {
        match mode {
            OnConflict::Ignore => return Ok(false),
            OnConflict::Replace => tx.delete_conflicting(table, &conflicts)?,
            OnConflict::Abort | OnConflict::Fail => {
                return Err(mode.error(unique_error(table, first)))
            }
        }
    }
    fk_check::updating_old(tx.db(), table, old, rowid, assigned)?;
    tx.delete_row(table, rowid, old)?;
    fk_check::updating_new(tx.db(), table, &new, new_rowid, assigned)?;
    write::saw_rowid(table, new_rowid);
    tx.put_row(table, new_rowid, &new)?;
    Ok(true)
}
