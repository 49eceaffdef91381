//! INSERT, UPDATE and DELETE of a table that has triggers for them: SQLite's per-row
//! order, each row's BEFORE triggers, its write, then its AFTER triggers, before the
//! next row. The rows to change are found first (as without triggers); each is read
//! again when its turn comes, since earlier triggers may have changed or deleted it.
//! A trigger's own writes may use the table's rowids, so the counter goes to the
//! catalog before triggers run and is read back after ([`sync_out`], [`sync_in`]).
//! With foreign keys enforced, every DELETE and UPDATE of a table in one goes this way
//! too (triggers or not): each row is checked before its write and its parent-side
//! actions run after it, before its AFTER triggers, as SQLite orders them.

use crate::error::{Error, Result};
use crate::sql::catalog::Table;
use crate::sql::dml::{insert_row, Ctx, Outcome, RowShape};
use crate::sql::expr::unsupported;
use crate::sql::expr::Expr;
use crate::sql::fire::{fire, Flow, RowNames};
use crate::sql::foreign_key::{action as fk_action, check as fk_check};
use crate::sql::trigger::{self, Armed, Event, Program};
use crate::sql::txn::Db;
use crate::sql::upsert::Upsert;
use crate::sql::value::Value;
use crate::sql::write::{self, OnConflict, Tx};

/// Puts `table`'s rowid counter where a trigger's statements read it.
fn sync_out(cx: &mut Ctx<'_>, table: &Table) {
    if let Some(t) = cx.catalog.table_mut(&table.name) {
        t.next_rowid = t.next_rowid.max(table.next_rowid);
    }
}

/// Takes back the counter as the triggers left it.
fn sync_in(cx: &Ctx<'_>, table: &mut Table) {
    if let Some(t) = cx.catalog.table(&table.name) {
        table.next_rowid = table.next_rowid.max(t.next_rowid);
    }
}

/// Runs `programs` for a row of `table` (none: nothing to do).
fn fire_for(
    cx: &mut Ctx<'_>,
    table: &mut Table,
    names: &RowNames,
    programs: &[Program],
    old: Option<(&[Value], i64)>,
    new: Option<(&[Value], i64)>,
) -> Result<Flow> {
    if programs.is_empty() {
        return Ok(Flow::Proceed);
    }
    sync_out(cx, table);
    let flow = fire(cx, names, programs, old, new);
    sync_in(cx, table);
    flow
}

fn read_row(cx: &mut Ctx<'_>, table: &Table, rowid: i64) -> Result<Option<Vec<Value>>> {
    let tx = Tx {
        store: cx.store,
        pending: &mut *cx.pending,
    };
    tx.read_row(table, rowid)
}

fn stored_row(cx: &mut Ctx<'_>, table: &Table, rowid: i64) -> Result<Vec<Value>> {
    read_row(cx, table, rowid)?
        .ok_or_else(|| Error::Internal(format!("row {rowid} of {} vanished", table.name)))
}

/// An INSERT's rows into a table with INSERT triggers.
pub struct FiringInsert<'a> {
    pub shape: RowShape<'a>,
    pub mode: OnConflict,
    pub upsert: Option<&'a Upsert>,
    pub armed: &'a Armed,
}

impl FiringInsert<'_> {
    /// Inserts `rows` (`None`: DEFAULT), firing the triggers; returns the count.
    pub fn run(
        &self,
        cx: &mut Ctx<'_>,
        table: &mut Table,
        rows: Vec<Vec<Option<Value>>>,
    ) -> Result<u64> {
        if self.upsert.is_some_and(Upsert::updates) {
            let columns: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
            if !trigger::armed(cx.catalog, &table.name, Event::Update(&columns))?.is_empty() {
                return Err(unsupported(format!(
                    "ON CONFLICT … DO UPDATE on table {}, which has UPDATE triggers",
                    table.name
                )));
            }
        }
        let names = RowNames::of_table(table, false, true);
        let mut count = 0;
        for (n, given) in rows.into_iter().enumerate() {
            let mut row = self.shape.complete(table, n, given.into_iter())?;
            for (v, col) in row.iter_mut().zip(&table.columns) {
                *v = std::mem::replace(v, Value::Null).apply_affinity(col.affinity);
            }
            if !self.armed.before.is_empty() {
                // Before the insert the rowid is not chosen yet: SQLite shows -1.
                let rowid = write::requested_rowid(table, &row)
                    .ok()
                    .flatten()
                    .unwrap_or(-1);
                let mut new = row.clone();
                if let Some(rc) = table.rowid_col {
                    if new[rc].is_null() {
                        new[rc] = Value::Integer(-1);
                    }
                }
                let flow = fire_for(
                    cx,
                    table,
                    &names,
                    &self.armed.before,
                    None,
                    Some((&new, rowid)),
                )?;
                if flow == Flow::Ignore {
                    continue;
                }
            }
            let mut tx = Tx {
                store: cx.store,
                pending: cx.pending,
            };
            match insert_row(&mut tx, table, row, self.mode, self.upsert)? {
                Outcome::Inserted(rowid) => {
                    count += 1;
                    if !self.armed.after.is_empty() {
                        let new = stored_row(cx, table, rowid)?;
                        let after = &self.armed.after;
                        fire_for(cx, table, &names, after, None, Some((&new, rowid)))?;
                    }
                }
                Outcome::Updated => count += 1,
                Outcome::Skipped => {}
            }
        }
        Ok(count)
    }
}

/// An UPDATE of `rowids` in a table with UPDATE triggers: `set` is compiled over the
/// row and its rowid. Returns the count of rows changed.
pub fn update(
    cx: &mut Ctx<'_>,
    table: &mut Table,
    set: &[(usize, Expr)],
    rowids: Vec<i64>,
    mode: OnConflict,
    armed: &Armed,
) -> Result<u64> {
    let names = RowNames::of_table(table, true, true);
    let assigned: Vec<usize> = set.iter().map(|(c, _)| *c).collect();
    let mut count = 0;
    for rowid in rowids {
        let Some(old) = read_row(cx, table, rowid)? else {
            continue;
        };
        let mut env = old.clone();
        env.push(Value::Integer(rowid));
        let mut new = old.clone();
        let now = Db {
            store: cx.store,
            pending: cx.pending,
        };
        crate::sql::correlate::with_db(now, || -> Result<()> {
            for (c, e) in set {
                new[*c] = e.eval(&env)?.apply_affinity(table.columns[*c].affinity);
            }
            Ok(())
        })?;
        let mut current = old.clone();
        if !armed.before.is_empty() {
            let new_rowid = write::requested_rowid(table, &new)
                .ok()
                .flatten()
                .unwrap_or(rowid);
            let flow = fire_for(
                cx,
                table,
                &names,
                &armed.before,
                Some((&old, rowid)),
                Some((&new, new_rowid)),
            )?;
            if flow == Flow::Ignore {
                continue;
            }
            // A BEFORE trigger may have deleted the row, or changed columns the
            // UPDATE does not set: those keep the trigger's values, as in SQLite.
            let Some(now) = read_row(cx, table, rowid)? else {
                continue;
            };
            for c in 0..new.len() {
                if !set.iter().any(|(s, _)| *s == c) {
                    new[c] = now[c].clone();
                }
            }
            current = now;
        }
        // Where the row lands: its INTEGER PRIMARY KEY may move it (as update_row).
        let new_rowid = write::requested_rowid(table, &new)
            .ok()
            .flatten()
            .unwrap_or(rowid);
        let mut tx = Tx {
            store: cx.store,
            pending: cx.pending,
        };
        if !crate::sql::dml::update_row(&mut tx, table, rowid, &current, new, mode, &assigned)? {
            continue;
        }
        count += 1;
        if fk_check::links(table).is_some() {
            let new = stored_row(cx, table, new_rowid)?;
            sync_out(cx, table);
            let acted =
                fk_action::after_update(cx, table, (&old, rowid), (&new, new_rowid), &assigned);
            sync_in(cx, table);
            acted?;
        }
        if !armed.after.is_empty() {
            let new = stored_row(cx, table, new_rowid)?;
            fire_for(
                cx,
                table,
                &names,
                &armed.after,
                Some((&old, rowid)),
                Some((&new, new_rowid)),
            )?;
        }
    }
    Ok(count)
}

/// A DELETE of `rowids` in a table with DELETE triggers. Returns the count of rows
/// deleted (a row a trigger deleted first is not counted).
pub fn delete(cx: &mut Ctx<'_>, table: &mut Table, rowids: Vec<i64>, armed: &Armed) -> Result<u64> {
    let names = RowNames::of_table(table, true, false);
    let mut count = 0;
    for rowid in rowids {
        let Some(old) = read_row(cx, table, rowid)? else {
            continue;
        };
        if !armed.before.is_empty() {
            let flow = fire_for(cx, table, &names, &armed.before, Some((&old, rowid)), None)?;
            if flow == Flow::Ignore {
                continue;
            }
        }
        let Some(now) = read_row(cx, table, rowid)? else {
            continue;
        };
        let mut tx = Tx {
            store: cx.store,
            pending: cx.pending,
        };
        fk_check::deleting(tx.db(), table, &old, rowid)?;
        tx.delete_row(table, rowid, &now)?;
        count += 1;
        if fk_check::links(table).is_some() {
            sync_out(cx, table);
            let acted = fk_action::after_delete(cx, table, &old, rowid);
            sync_in(cx, table);
            acted?;
        }
        fire_for(cx, table, &names, &armed.after, Some((&old, rowid)), None)?;
    }
    Ok(count)
}
