//! Upserts: `INSERT … ON CONFLICT [target] DO NOTHING | DO UPDATE SET … [WHERE …]`,
//! compiled once per statement and applied by [`crate::sql::dml`] to a row that conflicts.

use crate::error::{Error, Result};
use crate::sql::catalog::Table;
use crate::sql::compile::{Mode, Scope};
use crate::sql::correlate;
use crate::sql::dml::{compile_assignment, table_scope, update_row};
use crate::sql::exec::Row;
use crate::sql::expr::{unsupported, Expr};
use crate::sql::planner::Planner;
use crate::sql::txn::Db;
use crate::sql::value::Value;
use crate::sql::write::{OnConflict, Tx};
use sqlparser::ast;

impl Upsert {
    /// DO UPDATE (not DO NOTHING).
    pub fn updates(&self) -> bool {
        self.set.is_some()
    }
}

/// A compiled `ON CONFLICT` clause.
pub struct Upsert {
    /// The columns of the conflict target (empty: any constraint).
    pub target: Vec<usize>,
    /// `None`: DO NOTHING; else the assignments (column, expression over old ++ excluded).
    pub set: Option<Vec<(usize, Expr)>>,
    pub filter: Option<Expr>,
}

pub fn compile_upsert(
    planner: &Planner<'_>,
    table: &Table,
    oc: &ast::OnConflict,
) -> Result<Upsert> {
    let target = match &oc.conflict_target {
        None => Vec::new(),
        Some(ast::ConflictTarget::Columns(cols)) => {
            let cols = cols
                .iter()
                .map(|c| {
                    table
                        .column(&c.value)
                        .ok_or_else(|| Error::NotFound(format!("no such column: {}", c.value)))
                })
                .collect::<Result<Vec<_>>>()?;
            let mut sorted = cols.clone();
            sorted.sort_unstable();
            let is_key = |idx: &[usize]| {
                let mut s = idx.to_vec();
                s.sort_unstable();
                s == sorted
            };
            let matches_pk = table.rowid_col.is_some_and(|rc| sorted == [rc]);
            if !matches_pk
                && !(table.indexes.iter()).any(|i| i.unique && !i.has_terms() && is_key(&i.columns))
            {
                return Err(Error::InvalidInput(
                    "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint".into(),
                ));
            }
            cols
        }
        Some(_) => return Err(unsupported("ON CONFLICT ON CONSTRAINT")),
    };
    let (set, filter) = match &oc.action {
        ast::OnConflictAction::DoNothing => (None, None),
        ast::OnConflictAction::DoUpdate(du) => {
            // `excluded.x` must be qualified: an unqualified name is the existing row's.
            let mut cols = table_scope(table, &table.name);
            cols.extend(table_scope(table, "excluded").into_iter().map(|mut c| {
                c.hidden = true;
                c
            }));
            let scope = Scope { cols };
            let mut set = Vec::new();
            for a in &du.assignments {
                set.extend(compile_assignment(planner, table, a, &scope)?);
            }
            let filter = match &du.selection {
                Some(w) => Some(planner.compile(w, &mut Mode::Plain(&scope))?),
                None => None,
            };
            (Some(set), filter)
        }
    };
    Ok(Upsert {
        target,
        set,
        filter,
    })
}

#[allow(clippy::too_many_arguments)]
pub fn do_update(
    tx: &mut Tx<'_>,
    table: &mut Table,
    old_rowid: i64,
    excluded: &[Value],
    excluded_rowid: i64,
    set: &[(usize, Expr)],
    filter: Option<&Expr>,
) -> Result<bool> {
    let old = tx
        .read_row(table, old_rowid)?
        .ok_or_else(|| Error::Internal("conflicting row vanished".into()))?;
    let mut env = old.clone();
    env.push(Value::Integer(old_rowid));
    env.extend_from_slice(excluded);
    env.push(Value::Integer(excluded_rowid));
    let now = Db {
        store: tx.store,
        pending: tx.pending,
    };
    let new = correlate::with_db(now, || -> Result<Option<Row>> {
        if let Some(f) = filter {
            if !f.test(&env)? {
                return Ok(None);
            }
        }
        let mut new = old.clone();
        for (c, e) in set {
            new[*c] = e.eval(&env)?.apply_affinity(table.columns[*c].affinity);
        }
        Ok(Some(new))
    })?;
    let Some(new) = new else {
        return Ok(false);
    };
    let assigned: Vec<usize> = set.iter().map(|(c, _)| *c).collect();
    let new_rowid = crate::sql::write::requested_rowid(table, &new)?.unwrap_or(old_rowid);
    let kept = new.clone();
    if !update_row(
        tx,
        table,
        old_rowid,
        &old,
        new,
        OnConflict::Abort,
        &assigned,
    )? {
        return Ok(false);
    }
    // No statement context here to run ON UPDATE actions in.
    let now = (kept.as_slice(), new_rowid, assigned.as_slice());
    crate::sql::foreign_key::action::without_context(tx.db(), table, (&old, old_rowid), Some(now))?;
    Ok(true)
}
