//! CHECK constraints and DEFAULT expressions: read from CREATE TABLE (a check keeps its
//! text as written, which SQLite's failure message quotes), compiled over the table's
//! columns when the catalog is read or changed ([`prepare`]), and enforced on every row
//! an INSERT, UPDATE or upsert writes ([`check_row`], after NOT NULL, before UNIQUE, as
//! SQLite orders them). A check that is NULL passes.

use crate::error::{Error, Result};
use crate::sql::catalog::{Check, StoredExpr, Table};
use crate::sql::compile::{Mode, Scope};
use crate::sql::dml::table_scope;
use crate::sql::expr::{unsupported, Expr};
use crate::sql::planner::Planner;
use crate::sql::value::Value;
use crate::sql::write::OnConflict;
use sqlparser::ast;
use std::cell::RefCell;
use std::ops::ControlFlow;

thread_local! {
    /// The text of the statement being run ([`with_source`]).
    static SOURCE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with `text` as the current statement's source (CHECK texts are cut from it).
pub fn with_source<T>(text: &str, f: impl FnOnce() -> T) -> T {
    let before = SOURCE.with(|s| s.replace(Some(text.to_string())));
    let out = f();
    SOURCE.with(|s| *s.borrow_mut() = before);
    out
}

/// The text between the parentheses of each `CHECK (…)` in `sql`, trimmed, in order
/// (strings, quoted names and comments skipped).
pub fn check_texts(sql: &str) -> Vec<String> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Skips a string, quoted name or comment starting at `i`; the index after it.
    let skip = |i: usize| -> Option<usize> {
        let close = match b[i] {
            b'\'' => "'",
            b'"' => "\"",
            b'`' => "`",
            b'[' => "]",
            b'-' if b.get(i + 1) == Some(&b'-') => "\n",
            b'/' if b.get(i + 1) == Some(&b'*') => "*/",
            _ => return None,
        };
        let from = if close.len() == 2 || close == "\n" {
            i + 2
        } else {
            i + 1
        };
        Some(
            sql.get(from..)
                .and_then(|r| r.find(close))
                .map_or(b.len(), |p| from + p + close.len()),
        )
    };
    while i < b.len() {
        if let Some(j) = skip(i) {
            i = j;
            continue;
        }
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if word_start && b.len() >= i + 5 && b[i..i + 5].eq_ignore_ascii_case(b"CHECK") {
            let mut j = i + 5;
            if b.get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            {
                i = j;
                continue;
            }
            while b.get(j).is_some_and(u8::is_ascii_whitespace) {
                j += 1;
            }
            if b.get(j) == Some(&b'(') {
                let start = j + 1;
                let mut depth = 1;
                let mut k = start;
                while k < b.len() && depth > 0 {
                    if let Some(n) = skip(k) {
                        k = n;
                        continue;
                    }
                    match b[k] {
                        b'(' => depth += 1,
                        b')' => depth -= 1,
                        _ => {}
                    }
                    k += 1;
                }
                out.push(
                    sql[start..k.saturating_sub(1).max(start)]
                        .trim()
                        .to_string(),
                );
                i = k;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The CHECK constraints of a CREATE TABLE or ADD COLUMN, in order: (name, expression).
/// Their texts come from the statement's source when it has them all.
pub fn named_checks(found: Vec<(Option<String>, Option<usize>, &ast::Expr)>) -> Vec<Check> {
    let texts = SOURCE.with(|s| s.borrow().as_deref().map(check_texts));
    let texts = texts.filter(|t| t.len() == found.len());
    found
        .into_iter()
        .enumerate()
        .map(|(n, (name, column, e))| Check {
            name,
            column,
            sql: texts
                .as_ref()
                .map_or_else(|| e.to_string(), |t| t[n].clone()),
            expr: Expr::Const(Value::Null),
        })
        .collect()
}

fn has_subquery(e: &ast::Expr) -> bool {
    ast::visit_expressions(e, |x| match x {
        ast::Expr::Subquery(_) | ast::Expr::InSubquery { .. } | ast::Expr::Exists { .. } => {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}

fn has_placeholder(e: &ast::Expr) -> bool {
    ast::visit_expressions(e, |x| match x {
        ast::Expr::Value(v) if matches!(v.value, ast::Value::Placeholder(_)) => {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}

pub fn parse_expr(sql: &str) -> Result<ast::Expr> {
    let dialect = crate::sql::dialect::LimitedSqlite::default();
    sqlparser::parser::Parser::new(&dialect)
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| Error::Corrupt(format!("SQL catalog: cannot read {sql}: {e}")))
}

/// The scope a check or default compiles in: the table's columns (and its rowid, which
/// [`check_row`] appends).
fn scope(table: &Table) -> Scope {
    Scope {
        cols: table_scope(table, &table.name),
    }
}

/// Compiles a CHECK expression of `table`, refusing what SQLite refuses in one.
pub fn compile_check(planner: &Planner<'_>, table: &Table, e: &ast::Expr) -> Result<Expr> {
    if has_subquery(e) {
        return Err(Error::InvalidInput(
            "subqueries prohibited in CHECK constraints".into(),
        ));
    }
    if has_placeholder(e) {
        return Err(Error::InvalidInput(
            "parameters prohibited in CHECK constraints".into(),
        ));
    }
    if crate::sql::compile::contains_window(e) {
        return Err(unsupported("a window function in a CHECK constraint"));
    }
    planner.compile(e, &mut Mode::Plain(&scope(table)))
}

/// A column's DEFAULT: a constant (a literal, maybe signed) or an expression evaluated
/// per row (`(expr)`, CURRENT_TIME/DATE/TIMESTAMP).
pub enum Default {
    Const(Value),
    Expr(StoredExpr),
}

fn is_literal(e: &ast::Expr) -> bool {
    match e {
        ast::Expr::Value(v) => !matches!(v.value, ast::Value::Placeholder(_)),
        ast::Expr::UnaryOp {
            op: ast::UnaryOperator::Minus | ast::UnaryOperator::Plus,
            expr,
        } => is_literal(expr),
        _ => false,
    }
}

pub fn compile_default(
    planner: &Planner<'_>,
    table: &Table,
    col: &str,
    e: &ast::Expr,
) -> Result<Default> {
    let not_constant =
        || Error::InvalidInput(format!("default value of column [{col}] is not constant"));
    if has_placeholder(e) || has_subquery(e) {
        return Err(not_constant());
    }
    let expr = planner
        .compile(e, &mut Mode::Plain(&scope(table)))
        .map_err(|_| not_constant())?;
    if !expr.is_constant() {
        return Err(not_constant());
    }
    if is_literal(e) {
        return Ok(Default::Const(expr.eval(&[])?));
    }
    Ok(Default::Expr(StoredExpr {
        sql: e.to_string(),
        expr,
    }))
}

/// Whether `table` has expressions [`prepare`] must compile.
pub fn has_stored_exprs(table: &Table) -> bool {
    !table.checks.is_empty()
        || table.columns.iter().any(|c| c.default_expr.is_some())
        || table.indexes.iter().any(|i| i.has_terms())
}

/// Compiles the stored checks, defaults and index expressions of `table` (after the
/// catalog is read, or its columns changed).
pub fn prepare(planner: &Planner<'_>, table: &mut Table) -> Result<()> {
    let mut indexes = std::mem::take(&mut table.indexes);
    let compiled = (indexes.iter_mut())
        .filter(|i| i.has_terms())
        .try_for_each(|i| crate::sql::index_terms::prepare(planner, table, i));
    table.indexes = indexes;
    compiled?;
    let sc = scope(table);
    for c in 0..table.checks.len() {
        let e = parse_expr(&table.checks[c].sql)?;
        table.checks[c].expr = planner.compile(&e, &mut Mode::Plain(&sc))?;
    }
    for c in 0..table.columns.len() {
        if let Some(d) = &table.columns[c].default_expr {
            let e = parse_expr(&d.sql)?;
            let expr = planner.compile(&e, &mut Mode::Plain(&sc))?;
            table.columns[c]
                .default_expr
                .as_mut()
                .expect("checked")
                .expr = expr;
        }
    }
    Ok(())
}

/// Checks `row` (the table's columns) at `rowid` against the CHECK constraints.
/// `Ok(false)`: skip the row (OR IGNORE). REPLACE fails as ABORT, as in SQLite.
pub fn check_row(table: &Table, row: &[Value], rowid: i64, mode: OnConflict) -> Result<bool> {
    if table.checks.is_empty() {
        return Ok(true);
    }
    let mut full = Vec::with_capacity(row.len() + 1);
    full.extend_from_slice(row);
    full.push(Value::Integer(rowid));
    for c in &table.checks {
        if c.expr.eval(&full)?.truth() == Some(false) {
            if mode == OnConflict::Ignore {
                return Ok(false);
            }
            return Err(mode.error(Error::InvalidInput(format!(
                "CHECK constraint failed: {}",
                c.name.as_deref().unwrap_or(&c.sql)
            ))));
        }
    }
    Ok(true)
}

/// The value a column takes when an INSERT gives none.
pub fn default_value(table: &Table, c: usize) -> Result<Value> {
    let col = &table.columns[c];
    match &col.default_expr {
        Some(d) => d.expr.eval(&[]),
        None => Ok(col.default.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_texts_are_cut_as_written() {
        let sql = "CREATE TABLE t(a CHECK(  a>0 ), b CHECK (b <> ')' /* ) */), \
                   checked, CHECK(f(a, (b)) IS NULL))";
        assert_eq!(
            check_texts(sql),
            ["a>0", "b <> ')' /* ) */", "f(a, (b)) IS NULL"]
        );
    }
}
