//! Expression and partial indexes: `CREATE INDEX i ON t(lower(b), a + 1)` and
//! `CREATE INDEX i ON t(a) WHERE b > 0`. Their expressions enter as SQL, are checked
//! the way SQLite checks them (no subqueries, parameters or non-deterministic
//! functions), kept as text in the catalog ([`crate::sql::catalog_ext`]) and compiled over
//! the table's columns and rowid, as CHECK constraints are ([`crate::sql::check`]).
//! What leaves is an entry's key: [`key_values`] evaluates a row's key parts, or says
//! that a partial index holds no entry for the row. Every row put or deleted goes
//! through it ([`crate::sql::exec::index_key`]), so the index stays exact and UNIQUE holds
//! over the rows it covers. The planner reads such an index when the WHERE names its
//! expressions and implies its WHERE ([`crate::sql::access`]).

use crate::error::{Error, Result};
use crate::sql::catalog::{Index, StoredExpr, Table};
use crate::sql::collation::Collation;
use crate::sql::compile::{Mode, Scope};
use crate::sql::dml::table_scope;
use crate::sql::encoding::{encode_key_value, index_prefix};
use crate::sql::expr::unsupported;
use crate::sql::planner::Planner;
use crate::sql::value::Value;
use sqlparser::ast;
use std::ops::ControlFlow;

/// What CREATE INDEX names as key parts and WHERE, compiled.
pub struct Terms {
    /// The columns the key reads (every column an expression part names).
    pub columns: Vec<usize>,
    pub collations: Vec<Collation>,
    /// Empty when every part is a plain column.
    pub exprs: Box<[StoredExpr]>,
    pub filter: Option<Box<StoredExpr>>,
}

/// Where an expression stands, for SQLite's messages.
#[derive(Clone, Copy)]
enum Place {
    Key,
    Where,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Place::Key => "index expressions",
            Place::Where => "partial index WHERE clauses",
        }
    }
}

/// Functions whose result may differ between two calls with the same arguments: an
/// index built on one would not find its own entries again.
const NON_DETERMINISTIC: &[&str] = &[
    "random",
    "randomblob",
    "changes",
    "total_changes",
    "last_insert_rowid",
];

/// Date and time functions are deterministic unless given 'now', which SQLite finds
/// out only when a row is written; we refuse them in an index instead.
const DATE_TIME: &[&str] = &[
    "date",
    "time",
    "datetime",
    "julianday",
    "unixepoch",
    "strftime",
    "timediff",
    "current_date",
    "current_time",
    "current_timestamp",
];

fn function_name(f: &ast::Function) -> String {
    crate::sql::names::last_part(&f.name).to_ascii_lowercase()
}

/// Refuses what SQLite refuses in an index expression or a partial index's WHERE.
fn validate(e: &ast::Expr, place: Place) -> Result<()> {
    let mut found: Option<Error> = None;
    let _ = ast::visit_expressions(e, |x| {
        let bad = match x {
            ast::Expr::Subquery(_) | ast::Expr::InSubquery { .. } | ast::Expr::Exists { .. } => {
                Some(Error::InvalidInput(format!(
                    "subqueries prohibited in {}",
                    place.name()
                )))
            }
            ast::Expr::CompoundIdentifier(_) if matches!(place, Place::Key) => Some(
                Error::InvalidInput(format!("the \".\" operator prohibited in {}", place.name())),
            ),
            ast::Expr::Value(v) if matches!(v.value, ast::Value::Placeholder(_)) => Some(
                Error::InvalidInput(format!("parameters prohibited in {}", place.name())),
            ),
            ast::Expr::Function(f) if f.over.is_some() => Some(unsupported(format!(
                "a window function in {}",
                place.name()
            ))),
            ast::Expr::Function(f) if NON_DETERMINISTIC.contains(&function_name(f).as_str()) => {
                Some(Error::InvalidInput(format!(
                    "non-deterministic functions prohibited in {}",
                    place.name()
                )))
            }
            ast::Expr::Function(f) if DATE_TIME.contains(&function_name(f).as_str()) => Some(
                unsupported(format!("date and time functions in {}", place.name())),
            ),
            _ => None,
        };
        match bad {
            Some(e) => {
                found = Some(e);
                ControlFlow::Break(())
            }
            None => ControlFlow::Continue(()),
        }
    });
    found.map_or(Ok(()), Err)
}

fn scope(table: &Table) -> Scope {
    Scope {
        cols: table_scope(table, &table.name),
    }
}

/// The column an expression names, looking through `+x` and CAST (whose collation
/// is the column's, as in SQLite).
fn named_column(table: &Table, e: &ast::Expr) -> Option<usize> {
    match e {
        ast::Expr::Identifier(i) => table.column(&i.value),
        ast::Expr::Nested(x)
        | ast::Expr::Cast { expr: x, .. }
        | ast::Expr::UnaryOp {
            op: ast::UnaryOperator::Plus,
            expr: x,
        } => named_column(table, x),
        _ => None,
    }
}

/// Compiles an index's key parts and WHERE over `table`.
pub fn compile(
    planner: &Planner<'_>,
    table: &Table,
    parts: &[ast::IndexColumn],
    predicate: Option<&ast::Expr>,
) -> Result<Terms> {
    let sc = scope(table);
    let mut columns = Vec::new();
    let mut collations = Vec::new();
    let mut exprs = Vec::new();
    let mut plain = true;
    for ic in parts {
        let (e, coll) = Collation::postfix(&ic.column.expr)?;
        validate(e, Place::Key)?;
        let expr = planner.compile(e, &mut Mode::Plain(&sc))?;
        let mut reads_rowid = false;
        expr.columns(&mut |c| {
            if c >= table.columns.len() {
                reads_rowid = true;
            } else if !columns.contains(&c) {
                columns.push(c);
            }
        });
        if reads_rowid {
            // A key part is a column of the table; the rowid is in every entry anyway.
            return Err(Error::NotFound(format!("no such column: {e}")));
        }
        plain &= matches!(e, ast::Expr::Identifier(_));
        let own = named_column(table, e).map(|c| table.columns[c].collation);
        collations.push(coll.or(own).unwrap_or_default());
        exprs.push(StoredExpr {
            sql: e.to_string(),
            expr,
        });
    }
    let filter = match predicate {
        Some(p) => {
            validate(p, Place::Where)?;
            let expr = planner.compile(p, &mut Mode::Plain(&sc))?;
            Some(Box::new(StoredExpr {
                sql: p.to_string(),
                expr,
            }))
        }
        None => None,
    };
    if plain {
        // Every part a plain column: stored as an ordinary index (the planner can use
        // it when it is not partial).
        columns = exprs
            .iter()
            .map(|s| match s.expr {
                crate::sql::expr::Expr::Column(c) => Ok(c),
                _ => Err(Error::Internal("plain index part is not a column".into())),
            })
            .collect::<Result<_>>()?;
        exprs.clear();
    }
    Ok(Terms {
        columns,
        collations,
        exprs: exprs.into(),
        filter,
    })
}

/// Whether `idx` reads column `c`: as a key part, in an expression or in its WHERE
/// (DROP COLUMN must keep every such column).
pub fn reads_column(idx: &Index, c: usize) -> bool {
    let mut found = idx.columns.contains(&c);
    if let Some(f) = &idx.filter {
        f.expr.columns(&mut |x| found |= x == c);
    }
    found
}

/// Compiles the stored expressions of `idx` again (after the catalog is read, or the
/// table's columns moved).
pub fn prepare(planner: &Planner<'_>, table: &Table, idx: &mut Index) -> Result<()> {
    let sc = scope(table);
    let compile = |s: &mut StoredExpr| -> Result<()> {
        let e = crate::sql::check::parse_expr(&s.sql)?;
        s.expr = planner.compile(&e, &mut Mode::Plain(&sc))?;
        Ok(())
    };
    for s in idx.exprs.iter_mut() {
        compile(s)?;
    }
    if let Some(f) = idx.filter.as_deref_mut() {
        compile(f)?;
    }
    Ok(())
}

/// The collation keys of `row`'s key parts in `idx` (row at `rowid`), or `None` when
/// `idx` is partial and holds no entry for the row.
pub fn key_values(idx: &Index, row: &[Value], rowid: i64) -> Result<Option<Vec<Value>>> {
    let mut full = Vec::with_capacity(row.len() + 1);
    full.extend_from_slice(row);
    full.push(Value::Integer(rowid));
    if let Some(f) = &idx.filter {
        if !f.expr.test(&full)? {
            return Ok(None);
        }
    }
    let key = |n: usize, v: &Value| idx.collation(n).key(v).into_owned();
    let values = if idx.exprs.is_empty() {
        (idx.columns.iter().enumerate())
            .map(|(n, &c)| key(n, &row[c]))
            .collect()
    } else {
        (idx.exprs.iter().enumerate())
            .map(|(n, e)| e.expr.eval(&full).map(|v| key(n, &v)))
            .collect::<Result<_>>()?
    };
    Ok(Some(values))
}

/// The index's prefix followed by `values` (as [`key_values`] gives them).
pub fn prefix_of(idx: &Index, values: &[Value]) -> Vec<u8> {
    let mut k = index_prefix(idx.id);
    for v in values {
        encode_key_value(&mut k, v);
    }
    k
}
