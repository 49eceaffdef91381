//! UPDATE and DELETE. Each reads the rows that match WHERE first (through the index the
//! planner picks), then writes, so a statement never sees its own half-done writes. An
//! UPDATE changes a row through [`update_row`], shared with an upsert's DO UPDATE.

use crate::error::{Error, Result};
use crate::sql::catalog::{Table, View};
use crate::sql::compile::{Mode, Scope};
use crate::sql::correlate;
use crate::sql::dml::{compile_assignment, conflict_mode, table_scope, update_row, Ctx};
use crate::sql::exec::{self, Row};
use crate::sql::expr::{unsupported, Expr};
use crate::sql::foreign_key::check as fk_check;
use crate::sql::plan::Plan;
use crate::sql::planner::Planner;
use crate::sql::trigger::{self, Event};
use crate::sql::trigger_writes;
use crate::sql::txn::Db;
use crate::sql::value::Value;
use crate::sql::write::{OnConflict, Tx};
use sqlparser::ast;

/// The rows of `table` matching `selection`, each with its rowid last, in the order
/// the scan visits them, and the index (of `table.indexes`) it walks, if any.
fn matching_rows(
    planner: &Planner<'_>,
    table: &Table,
    scope: &Scope,
    selection: Option<&ast::Expr>,
) -> Result<(Vec<Vec<Value>>, Option<usize>)> {
    let mut conjuncts = Vec::new();
    if let Some(w) = selection {
        planner
            .compile(w, &mut Mode::Plain(scope))?
            .conjuncts(&mut conjuncts);
    }
    let access = crate::sql::access::choose_for_write(table, &conjuncts);
    let via = match access {
        crate::sql::plan::Access::Index { index, .. } => Some(index),
        _ => None,
    };
    let plan = Plan::Scan {
        table: Box::new(table.clone()),
        access,
        filter: Expr::and_all(conjuncts),
        read: None,
    };
    // Every matching row is found before any is changed, correlated subqueries included.
    let rows = correlate::with_db(planner.db, || exec::collect(&plan, planner.db))?;
    Ok((rows, via))
}

/// The rows in ascending rowid order: SQLite changes rows in the order its scan
/// visits them only in one pass; otherwise (triggers or foreign keys acting, a
/// REPLACE, the rowid or the walked index's columns changing) it first gathers their
/// rowids in a RowSet, which it reads back sorted. The order shows through UNIQUE
/// conflicts and through what triggers see.
fn in_rowid_order(mut rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let rowid = |r: &Vec<Value>| match r.last() {
        Some(Value::Integer(i)) => *i,
        _ => i64::MIN,
    };
    rows.sort_by_key(rowid);
    rows
}

/// The rowids of rows from [`matching_rows`].
fn rowids(rows: Vec<Vec<Value>>) -> Result<Vec<i64>> {
    rows.into_iter()
        .map(|row| match row.last() {
            Some(Value::Integer(r)) => Ok(*r),
            _ => Err(Error::Internal("scan row without rowid".into())),
        })
        .collect()
}

/// The view an UPDATE or DELETE names, with the name qualifying its columns, if it
/// names a view (its INSTEAD OF triggers do the work: [`crate::sql::instead`]).
fn target_view(cx: &Ctx<'_>, twj: &ast::TableWithJoins) -> Result<Option<(View, String)>> {
    let ast::TableFactor::Table {
        name,
        alias,
        index_hints,
        ..
    } = &twj.relation
    else {
        return Ok(None);
    };
    let name = crate::sql::names::object_name(name)?;
    if !twj.joins.is_empty() || cx.catalog.table(&name).is_some() {
        return Ok(None);
    }
    let Some(view) = cx.catalog.view(&name) else {
        return Ok(None);
    };
    crate::sql::index_hints::refuse_on_derived(index_hints)?;
    // SQLite (3.40) resolves neither the alias nor the view's name then.
    if alias.is_some() {
        return Err(unsupported(format!(
            "an alias for the view {} in UPDATE or DELETE",
            view.name
        )));
    }
    Ok(Some((view.clone(), view.name.clone())))
}

/// The table an UPDATE or DELETE writes, the name qualifying its columns, and the
/// table as the scan for its rows may read it (INDEXED BY, NOT INDEXED:
/// [`crate::sql::index_hints`]).
fn target_table(cx: &Ctx<'_>, twj: &ast::TableWithJoins) -> Result<(Table, String, Table)> {
    if !twj.joins.is_empty() {
        return Err(unsupported("joins in UPDATE or DELETE"));
    }
    match &twj.relation {
        ast::TableFactor::Table {
            name,
            alias,
            index_hints,
            ..
        } => {
            let table = cx
                .catalog
                .get(&crate::sql::names::object_name(name)?)?
                .clone();
            let scanned = crate::sql::index_hints::scan_table(&table, index_hints)?;
            let qual = alias
                .as_ref()
                .map_or(table.name.clone(), |a| a.name.value.clone());
            Ok((table, qual, scanned))
        }
        other => Err(unsupported(format!("UPDATE or DELETE of {other}"))),
    }
}

pub fn update(cx: &mut Ctx<'_>, up: &ast::Update) -> Result<u64> {
    if up.from.is_some() || up.limit.is_some() || !up.order_by.is_empty() {
        return Err(unsupported("UPDATE … FROM, ORDER BY or LIMIT"));
    }
    let (mode, written) = conflict_mode(up.or.as_ref(), false)?;
    let _steps = crate::sql::step_conflict::Standing::set(written);
    if let Some((view, qual)) = target_view(cx, &up.table)? {
        if up.or.is_some() {
            return Err(unsupported("a conflict clause on a view"));
        }
        return crate::sql::instead::update(cx, up, &view, &qual)
            .inspect(|_| crate::sql::counters::wrote_view());
    }
    let (mut table, qual, scanned) = target_table(cx, &up.table)?;
    let scope = Scope {
        cols: table_scope(&table, &qual),
    };
    let planner = cx.planner();
    let mut set = Vec::new();
    for a in &up.assignments {
        set.extend(compile_assignment(&planner, &table, a, &scope)?);
    }
    let assigned: Vec<usize> = set.iter().map(|(c, _)| *c).collect();
    fk_check::prepare(&table, fk_check::Write::Update(&assigned))?;
    let (rows, via) = matching_rows(&planner, &scanned, &scope, up.selection.as_ref())?;
    let set_names: Vec<String> = (set.iter())
        .map(|(c, _)| table.columns[*c].name.clone())
        .collect();
    let armed = trigger::armed(cx.catalog, &table.name, Event::Update(&set_names))?;
    // Foreign keys act after each row's write, as triggers do.
    if !armed.is_empty() || fk_check::links(&table).is_some() {
        let rowids = rowids(in_rowid_order(rows))?;
        let count = trigger_writes::update(cx, &mut table, &set, rowids, mode, &armed);
        // Saved even on an error: a FAIL keeps the rows before it.
        cx.finish_table(table);
        return count;
    }
    let moves_rowid = assigned
        .iter()
        .any(|&c| c >= table.columns.len() || table.rowid_col == Some(c));
    let walks_changed = via.is_some_and(|i| {
        scanned.indexes[i]
            .columns
            .iter()
            .any(|c| assigned.contains(c))
    });
    let rows = if mode == OnConflict::Replace || moves_rowid || walks_changed {
        in_rowid_order(rows)
    } else {
        rows
    };
    let count = update_rows(cx, &mut table, &set, rows, mode, &assigned);
    // Saved even on an error: a FAIL keeps the rows before it (a row may have moved).
    cx.finish_table(table);
    count
}

/// The UPDATE of `rows` (each with its rowid last) in a table without triggers or
/// foreign keys.
fn update_rows(
    cx: &mut Ctx<'_>,
    table: &mut Table,
    set: &[(usize, Expr)],
    rows: Vec<Row>,
    mode: OnConflict,
    assigned: &[usize],
) -> Result<u64> {
    let mut count = 0;
    for mut old in rows {
        let rowid = match old.pop() {
            Some(Value::Integer(r)) => r,
            _ => return Err(Error::Internal("scan row without rowid".into())),
        };
        let mut env = old.clone();
        env.push(Value::Integer(rowid));
        let mut new = old.clone();
        // A correlated subquery in SET sees the rows this statement changed so far,
        // as in SQLite.
        let now = Db {
            store: cx.store,
            pending: cx.pending,
        };
        correlate::with_db(now, || -> Result<()> {
            for (c, e) in set {
                new[*c] = e.eval(&env)?.apply_affinity(table.columns[*c].affinity);
            }
            Ok(())
        })?;
        let mut tx = Tx {
            store: cx.store,
            pending: cx.pending,
        };
        // A row an earlier REPLACE in this statement deleted is gone.
        if mode == OnConflict::Replace && tx.read_row(table, rowid)?.is_none() {
            continue;
        }
        if update_row(&mut tx, table, rowid, &old, new, mode, assigned)? {
            count += 1;
        }
    }
    Ok(count)
}

pub fn delete(cx: &mut Ctx<'_>, del: &ast::Delete) -> Result<u64> {
    // A DELETE's triggers (INSTEAD OF too) keep their steps' own conflict clauses:
    // SQLite codes them with OE_Default.
    let _steps = crate::sql::step_conflict::Standing::set(None);
    if del.using.is_some() || del.limit.is_some() || !del.order_by.is_empty() {
        return Err(unsupported("DELETE … USING, ORDER BY or LIMIT"));
    }
    let from = match &del.from {
        ast::FromTable::WithFromKeyword(f) | ast::FromTable::WithoutKeyword(f) => f,
    };
    let [twj] = from.as_slice() else {
        return Err(unsupported("DELETE from several tables"));
    };
    if let Some((view, qual)) = target_view(cx, twj)? {
        return crate::sql::instead::delete(cx, del, &view, &qual)
            .inspect(|_| crate::sql::counters::wrote_view());
    }
    let (mut table, qual, scanned) = target_table(cx, twj)?;
    let scope = Scope {
        cols: table_scope(&table, &qual),
    };
    fk_check::prepare(&table, fk_check::Write::Delete)?;
    let (rows, _) = matching_rows(&cx.planner(), &scanned, &scope, del.selection.as_ref())?;
    let armed = trigger::armed(cx.catalog, &table.name, Event::Delete)?;
    if !armed.is_empty() || fk_check::links(&table).is_some() {
        return trigger_writes::delete(cx, &mut table, rowids(in_rowid_order(rows))?, &armed);
    }
    let mut tx = Tx {
        store: cx.store,
        pending: cx.pending,
    };
    let count = rows.len() as u64;
    for mut row in rows {
        let Some(Value::Integer(rowid)) = row.pop() else {
            return Err(Error::Internal("scan row without rowid".into()));
        };
        tx.delete_row(&table, rowid, &row)?;
    }
    Ok(count)
}
