//! ALTER TABLE … ADD COLUMN and DROP COLUMN. ADD COLUMN changes only the catalog (old
//! rows are shorter and read the column's default); DROP COLUMN refuses as SQLite does
//! (a PRIMARY KEY or UNIQUE column, the only column, a column an index, a CHECK, a view
//! or a trigger uses) and rewrites every stored row without the column.

use super::catalog::{Catalog, Table};
use super::check::{self, Default};
use super::collation::Collation;
use super::dml::Ctx;
use super::encoding::{decode_row, encode_row, row_key, rowid_of_key, table_prefix};
use super::expr::unsupported;
use super::names::object_name;
use super::planner::Planner;
use super::txn::Db;
use super::value::Value;
use crate::error::{Error, Result};
use sqlparser::ast;

fn has_rows(cx: &Ctx<'_>, table: &Table) -> Result<bool> {
    let db = Db {
        store: cx.store,
        pending: cx.pending,
    };
    Ok(db
        .scan_prefix(&table_prefix(table.id))?
        .next_entry()?
        .is_some())
}

/// Adds the column `cd` to `table` (the caller stores the catalog).
pub fn add_column(cx: &Ctx<'_>, table: &mut Table, cd: &ast::ColumnDef) -> Result<()> {
    let mut col = super::ddl::declared_column(table, cd)?;
    let mut checks = Vec::new();
    let mut default = None;
    for opt in &cd.options {
        match &opt.option {
            ast::ColumnOption::Null => {}
            ast::ColumnOption::NotNull => col.not_null = true,
            ast::ColumnOption::Default(e) => default = Some(e),
            ast::ColumnOption::Collation(c) => col.collation = Collation::named(&object_name(c)?)?,
            ast::ColumnOption::Check(c) => {
                let name = opt.name.as_ref().or(c.name.as_ref());
                checks.push((
                    name.map(|n| n.value.clone()),
                    Some(table.columns.len()),
                    &*c.expr,
                ));
            }
            ast::ColumnOption::PrimaryKey(_) => {
                return Err(Error::InvalidInput(
                    "Cannot add a PRIMARY KEY column".into(),
                ))
            }
            ast::ColumnOption::Unique(_) => {
                return Err(Error::InvalidInput("Cannot add a UNIQUE column".into()))
            }
            other => return Err(unsupported(format!("the column constraint {other}"))),
        }
    }
    let planner = cx.planner();
    let name = col.name.clone();
    let mut grown = table.clone();
    grown.columns.push(col);
    let last = grown.columns.len() - 1;
    if let Some(e) = default {
        match check::compile_default(&planner, &grown, &name, e)? {
            Default::Const(v) => {
                grown.columns[last].default = v.apply_affinity(grown.columns[last].affinity)
            }
            Default::Expr(d) => {
                // Old rows would need the value now; SQLite refuses unless there are none.
                if has_rows(cx, table)? {
                    return Err(Error::InvalidInput(
                        "Cannot add a column with non-constant default".into(),
                    ));
                }
                grown.columns[last].default_expr = Some(d);
            }
        }
    }
    let col = &grown.columns[last];
    if col.not_null && col.default.is_null() && col.default_expr.is_none() {
        return Err(Error::InvalidInput(
            "Cannot add a NOT NULL column with default value NULL".into(),
        ));
    }
    let compiled = (checks.iter())
        .map(|c| check::compile_check(&planner, &grown, c.2))
        .collect::<Result<Vec<_>>>()?;
    let mut named = check::named_checks(checks);
    for (c, e) in named.iter_mut().zip(compiled) {
        c.expr = e;
    }
    // Existing rows take the default: it must pass the new checks (SQLite's message
    // names no constraint here).
    if !named.is_empty() && has_rows(cx, table)? {
        let mut row: Vec<Value> = grown.defaults();
        row.push(Value::Null);
        let mut cols = Vec::new();
        for c in &named {
            c.expr.columns(&mut |i| cols.push(i));
        }
        // Only the new column's value is known for every row; a check reading other
        // columns is tested row by row.
        if cols.iter().all(|&i| i == last) {
            if named
                .iter()
                .any(|c| c.expr.eval(&row).ok().and_then(|v| v.truth()) == Some(false))
            {
                return Err(Error::InvalidInput("CHECK constraint failed".into()));
            }
        } else {
            return Err(unsupported(
                "ADD COLUMN with a CHECK reading other columns on a table with rows",
            ));
        }
    }
    grown.checks = [std::mem::take(&mut grown.checks).into_vec(), named]
        .concat()
        .into();
    *table = grown;
    Ok(())
}

/// Whether the unqualified or `table.`-qualified name `col` appears in `e`.
fn names_column(e: &ast::Expr, col: &str) -> bool {
    use std::ops::ControlFlow;
    ast::visit_expressions(e, |x| match x {
        ast::Expr::Identifier(i) if i.value.eq_ignore_ascii_case(col) => ControlFlow::Break(()),
        ast::Expr::CompoundIdentifier(p)
            if p.last().is_some_and(|i| i.value.eq_ignore_ascii_case(col)) =>
        {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}

/// Whether some CHECK of `table` names the column `col`.
pub fn checks_name(table: &Table, col: &str) -> Result<bool> {
    for c in &table.checks {
        if names_column(&check::parse_expr(&c.sql)?, col) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Drops the column named `name` from `table` and rewrites its rows.
pub fn drop_column(cx: &mut Ctx<'_>, table: &mut Table, name: &ast::Ident) -> Result<()> {
    let c = table
        .column(&name.value)
        .ok_or_else(|| Error::NotFound(format!("no such column: \"{}\"", name.value)))?;
    let col = table.columns[c].name.clone();
    if table.columns[c].primary_key {
        return Err(Error::InvalidInput(format!(
            "cannot drop PRIMARY KEY column: \"{col}\""
        )));
    }
    if table
        .indexes
        .iter()
        .any(|i| i.auto && i.columns.contains(&c))
    {
        return Err(Error::InvalidInput(format!(
            "cannot drop UNIQUE column: \"{col}\""
        )));
    }
    if table.columns.len() == 1 {
        return Err(Error::InvalidInput(format!(
            "cannot drop column \"{col}\": no other columns exist"
        )));
    }
    let after = |what: &str| {
        Error::InvalidInput(format!(
            "error in {what} after drop column: no such column: {col}"
        ))
    };
    let mut shrunk = table.clone();
    shrunk.columns.remove(c);
    let mut kept = std::mem::take(&mut shrunk.checks).into_vec();
    kept.retain(|k| k.column != Some(c));
    shrunk.checks = kept.into();
    if checks_name(&shrunk, &col)? {
        return Err(after(&format!("table {}", table.name)));
    }
    if let Some(i) = shrunk.indexes.iter().find(|i| i.columns.contains(&c)) {
        return Err(after(&format!("index {}", i.name)));
    }
    let shift = |i: usize| if i > c { i - 1 } else { i };
    for i in &mut shrunk.indexes {
        i.columns.iter_mut().for_each(|x| *x = shift(*x));
    }
    for k in shrunk.checks.iter_mut() {
        k.column = k.column.map(shift);
    }
    shrunk.rowid_col = shrunk.rowid_col.map(shift);
    let mut after_cat = Catalog {
        tables: cx.catalog.tables.clone(),
        views: cx.catalog.views.clone(),
        triggers: Vec::new(),
        ..Catalog::default()
    };
    let db = Db {
        store: cx.store,
        pending: cx.pending,
    };
    check::prepare(&cx.planner(), &mut shrunk)?;
    if let Some(t) = after_cat.tables.iter_mut().find(|t| t.id == table.id) {
        *t = shrunk.clone();
    }
    let planner = Planner {
        db,
        catalog: &after_cat,
        params: &[],
        outer: None,
        windows: None,
    };
    for v in &after_cat.views {
        if let Err(e) = planner.plan_view(v) {
            return Err(Error::InvalidInput(format!(
                "error in view {} after drop column: {}",
                v.name, e
            )));
        }
    }
    for t in &cx.catalog.triggers {
        if mentions(&t.sql, &col)
            && (t.table.eq_ignore_ascii_case(&table.name) || mentions(&t.sql, &table.name))
        {
            return Err(unsupported(format!(
                "dropping column {col}, which trigger {} may use (drop it first)",
                t.name
            )));
        }
    }
    rewrite_rows(cx, table, c)?;
    *table = shrunk;
    Ok(())
}

/// Whether the word `name` is among the tokens of `sql` (a trigger's text).
fn mentions(sql: &str, name: &str) -> bool {
    use sqlparser::tokenizer::{Token, Tokenizer};
    let dialect = sqlparser::dialect::SQLiteDialect {};
    let tokens = Tokenizer::new(&dialect, sql).tokenize().unwrap_or_default();
    tokens
        .iter()
        .any(|t| matches!(t, Token::Word(w) if w.value.eq_ignore_ascii_case(name)))
}

/// Stores every row of `table` without column `c` (index entries keep their keys).
fn rewrite_rows(cx: &mut Ctx<'_>, table: &Table, c: usize) -> Result<()> {
    let db = Db {
        store: cx.store,
        pending: cx.pending,
    };
    let defaults = table.defaults();
    let mut rows = Vec::new();
    let mut scan = db.scan_prefix(&table_prefix(table.id))?;
    let mut row = Vec::new();
    while let Some((key, bytes)) = scan.next_entry()? {
        decode_row(bytes, &defaults, None, &mut row)?;
        row.remove(c);
        rows.push((rowid_of_key(key)?, std::mem::take(&mut row)));
    }
    drop(scan);
    for (rowid, row) in rows {
        cx.pending
            .put_with(&row_key(table.id, rowid), |out| encode_row(out, &row));
    }
    Ok(())
}
