//! INSERT, UPDATE and DELETE of a view that has INSTEAD OF triggers for them: nothing
//! is written to the view; each row fires the triggers ([`super::fire`]), which do the
//! writing. The rows are the view's, read once (with the WHERE) before any trigger
//! runs; as in SQLite, a view row's `rowid` is its place among them (1, 2, …; -1 for
//! an inserted row), and the statement reports no changes of its own (SQLite's
//! `changes()` is 0). A view without such a trigger cannot be written.

use super::catalog::View;
use super::compile::{Mode, Scope, ScopeCol};
use super::correlate;
use super::dml::Ctx;
use super::exec;
use super::expr::unsupported;
use super::fire::{fire, RowNames};
use super::planner::Planned;
use super::trigger::{self, Event};
use super::value::Value;
use crate::error::{Error, Result};
use sqlparser::ast;

/// The scope of a view's rows, qualified by `qual`.
fn view_scope(planned: &Planned, qual: &str) -> Scope {
    let table = Some(qual.to_ascii_lowercase());
    let cols = planned
        .columns
        .iter()
        .zip(&planned.affinities)
        .zip(&planned.collations)
        .map(|((name, affinity), collation)| ScopeCol {
            table: table.clone(),
            name: name.clone(),
            affinity: *affinity,
            collation: *collation,
            hidden: false,
            merged: false,
            json: false,
        })
        .collect();
    Scope { cols }
}

/// The view's rows that match `selection`.
fn matching_rows(
    cx: &Ctx<'_>,
    planned: &Planned,
    scope: &Scope,
    selection: Option<&ast::Expr>,
) -> Result<Vec<Vec<Value>>> {
    let planner = cx.planner();
    let filter = match selection {
        Some(w) => Some(planner.compile(w, &mut Mode::Plain(scope))?),
        None => None,
    };
    correlate::with_db(planner.db, || {
        let mut out = Vec::new();
        for row in exec::collect(&planned.plan, planner.db)? {
            if filter.as_ref().map_or(Ok(true), |f| f.test(&row))? {
                out.push(row);
            }
        }
        Ok(out)
    })
}

fn column_of(planned: &Planned, view: &View, name: &str) -> Result<usize> {
    planned
        .columns
        .iter()
        .position(|c| c.eq_ignore_ascii_case(name))
        .ok_or_else(|| Error::NotFound(format!("table {} has no column named {name}", view.name)))
}

pub fn insert(cx: &mut Ctx<'_>, ins: &ast::Insert, view: &View) -> Result<u64> {
    let armed = trigger::armed(cx.catalog, &view.name, Event::Insert)?;
    if armed.instead.is_empty() {
        return Err(cx.catalog.not_a_table(&view.name));
    }
    if ins.on.is_some() || ins.or.is_some() || ins.replace_into {
        return Err(unsupported("a conflict clause on a view"));
    }
    let planned = cx.planner().plan_view(view)?;
    let width = planned.columns.len();
    let targets: Vec<usize> = if ins.columns.is_empty() {
        (0..width).collect()
    } else {
        (ins.columns.iter())
            .map(|c| column_of(&planned, view, &super::names::last_part(c)))
            .collect::<Result<_>>()?
    };
    let rows: Vec<Vec<Value>> = match ins.source.as_deref() {
        None => vec![vec![]],
        Some(q) => {
            let planner = cx.planner();
            let mut p = planner.plan_query(q)?;
            super::prune::prune(&mut p.plan);
            correlate::with_db(planner.db, || exec::collect(&p.plan, planner.db))?
        }
    };
    let names = RowNames::of_columns(planned.columns.clone(), false, true);
    for (n, given) in rows.into_iter().enumerate() {
        if ins.source.is_some() && given.len() != targets.len() {
            return Err(Error::InvalidInput(format!(
                "table {} has {} columns but {} values were supplied (row {})",
                view.name,
                targets.len(),
                given.len(),
                n + 1
            )));
        }
        let mut new = vec![Value::Null; width];
        for (&c, v) in targets.iter().zip(given) {
            new[c] = v;
        }
        fire(cx, &names, &armed.instead, None, Some((&new, -1)))?;
    }
    Ok(0)
}

pub fn update(cx: &mut Ctx<'_>, up: &ast::Update, view: &View, qual: &str) -> Result<u64> {
    let planned = cx.planner().plan_view(view)?;
    let scope = view_scope(&planned, qual);
    let planner = cx.planner();
    let mut set = Vec::new();
    let mut set_names = Vec::new();
    for a in &up.assignments {
        let ast::AssignmentTarget::ColumnName(name) = &a.target else {
            return Err(unsupported("tuple assignments"));
        };
        let name = super::names::last_part(name);
        let c = planned
            .columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(&name))
            .ok_or_else(|| Error::NotFound(format!("no such column: {name}")))?;
        set.push((c, planner.compile(&a.value, &mut Mode::Plain(&scope))?));
        set_names.push(planned.columns[c].clone());
    }
    let armed = trigger::armed(cx.catalog, &view.name, Event::Update(&set_names))?;
    if armed.instead.is_empty() {
        return Err(cx.catalog.not_a_table(&view.name));
    }
    let rows = matching_rows(cx, &planned, &scope, up.selection.as_ref())?;
    let names = RowNames::of_columns(planned.columns.clone(), true, true);
    for (n, old) in rows.into_iter().enumerate() {
        let rowid = n as i64 + 1;
        let mut new = old.clone();
        let planner = cx.planner();
        correlate::with_db(planner.db, || -> Result<()> {
            for (c, e) in &set {
                new[*c] = e.eval(&old)?;
            }
            Ok(())
        })?;
        fire(
            cx,
            &names,
            &armed.instead,
            Some((&old, rowid)),
            Some((&new, rowid)),
        )?;
    }
    Ok(0)
}

pub fn delete(cx: &mut Ctx<'_>, del: &ast::Delete, view: &View, qual: &str) -> Result<u64> {
    let armed = trigger::armed(cx.catalog, &view.name, Event::Delete)?;
    if armed.instead.is_empty() {
        return Err(cx.catalog.not_a_table(&view.name));
    }
    let planned = cx.planner().plan_view(view)?;
    let scope = view_scope(&planned, qual);
    let rows = matching_rows(cx, &planned, &scope, del.selection.as_ref())?;
    let names = RowNames::of_columns(planned.columns.clone(), true, false);
    for (n, old) in rows.into_iter().enumerate() {
        fire(cx, &names, &armed.instead, Some((&old, n as i64 + 1)), None)?;
    }
    Ok(0)
}
