//! Common table expressions: `WITH [RECURSIVE] name [(columns)] AS (query), … body`.
//!
//! The CTEs in scope live on a per-thread stack while the statement that declares them
//! is planned: a `WITH` pushes its CTEs, planning the body (and every subquery in it)
//! looks names up innermost first, and the end of the `WITH` pops them. A CTE is
//! planned afresh at each reference, as a subquery in FROM, seeing only the CTEs
//! declared before it (and itself, when recursive); a view sees none of them.
//!
//! A recursive CTE (`WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t
//! WHERE n < 10)`) becomes a [`Plan::Recursive`]: the terms before the last are the
//! initial select, the last (which names `t` once, in its own FROM) the recursive
//! select. It runs as SQLite describes: rows wait in a queue (ordered by the CTE's
//! ORDER BY, if any, else first in first out); each row taken out is output and is,
//! alone, the table `t` the recursive select reads; its results join the queue (with
//! UNION, only rows never seen before). Rows are produced one at a time, so a LIMIT
//! around the CTE stops a recursion that would run for ever, in bounded memory.

use crate::error::{Error, Result};
use crate::sql::exec::Row;
use crate::sql::expr::unsupported;
use crate::sql::plan::Plan;
use crate::sql::planner::{Planned, Planner};
use crate::sql::value::Affinity;
use sqlparser::ast;
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::rc::Rc;

/// The rows a recursive select reads as its own CTE: one row of the queue at a time.
pub type WorkingRows = Rc<RefCell<Vec<Row>>>;

#[derive(Clone)]
enum Entry {
    /// A CTE as declared; planned at each reference.
    Declared { cte: Rc<ast::Cte>, recursive: bool },
    /// Inside its own recursive select: the row being expanded. `planner` is the
    /// address of the planner of that select: a reference from any other (a subquery,
    /// planned and run apart) could not see the rows change.
    Working {
        name: String,
        rows: WorkingRows,
        planned: Rc<Planned>,
        planner: usize,
        used: Rc<RefCell<bool>>,
    },
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Entry::Declared { cte, .. } => &cte.alias.name.value,
            Entry::Working { name, .. } => name,
        }
    }
}

thread_local! {
    static SCOPE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with the stack cut back to its first `len` entries, then restores it.
fn with_stack<T>(len: usize, push: Option<Entry>, f: impl FnOnce() -> T) -> T {
    let hidden = SCOPE.with(|s| {
        let mut s = s.borrow_mut();
        let keep = len.min(s.len());
        let tail = s.split_off(keep);
        s.extend(push);
        tail
    });
    let out = f();
    SCOPE.with(|s| {
        let mut s = s.borrow_mut();
        s.truncate(len);
        s.extend(hidden);
    });
    out
}

/// Runs `f` with the CTEs of `with` in scope.
pub fn within<T>(with: &ast::With, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let len = SCOPE.with(|s| s.borrow().len());
    for (i, cte) in with.cte_tables.iter().enumerate() {
        let name = &cte.alias.name.value;
        if with.cte_tables[..i]
            .iter()
            .any(|c| c.alias.name.value.eq_ignore_ascii_case(name))
        {
            return Err(Error::InvalidInput(format!(
                "duplicate WITH table name: {name}"
            )));
        }
    }
    SCOPE.with(|s| {
        s.borrow_mut()
            .extend(with.cte_tables.iter().map(|c| Entry::Declared {
                cte: Rc::new(c.clone()),
                recursive: with.recursive,
            }))
    });
    let out = f();
    SCOPE.with(|s| s.borrow_mut().truncate(len));
    out
}

/// Runs `f` with no CTE in scope (a view's query).
pub fn hidden<T>(f: impl FnOnce() -> T) -> T {
    with_stack(0, None, f)
}

/// The position on the stack of the CTE named `name`, innermost first.
pub fn lookup(name: &str) -> Option<usize> {
    SCOPE.with(|s| {
        s.borrow()
            .iter()
            .rposition(|e| e.name().eq_ignore_ascii_case(name))
    })
}

impl Planner<'_> {
    /// The rows of the CTE at `at` on the stack ([`lookup`]).
    pub(in crate::sql) fn plan_cte(&self, at: usize) -> Result<Planned> {
        let entry = SCOPE.with(|s| s.borrow()[at].clone());
        match entry {
            Entry::Working {
                name,
                rows,
                planned,
                planner,
                used,
            } => {
                if planner != self as *const _ as *const () as usize {
                    return Err(Error::InvalidInput(format!(
                        "recursive reference in a subquery: {name}"
                    )));
                }
                if used.replace(true) {
                    return Err(Error::InvalidInput(format!(
                        "multiple references to recursive table: {name}"
                    )));
                }
                Ok(Planned {
                    plan: Plan::Working(rows),
                    columns: planned.columns.clone(),
                    affinities: planned.affinities.clone(),
                    collations: planned.collations.clone(),
                    uncollated: Vec::new(),
                    json: planned.json.clone(),
                })
            }
            Entry::Declared { cte, recursive } => {
                let name = cte.alias.name.value.clone();
                let mut planned = match recursive_parts(&cte) {
                    Some((initial, step, all)) if recursive => {
                        with_stack(at, None, || self.plan_recursive(&cte, initial, step, all))?
                    }
                    _ => with_stack(at, None, || self.plan_query(&cte.query))?,
                };
                let columns = &cte.alias.columns;
                if !columns.is_empty() {
                    if columns.len() != planned.columns.len() {
                        return Err(Error::InvalidInput(format!(
                            "table {name} has {} values for {} columns",
                            planned.columns.len(),
                            columns.len()
                        )));
                    }
                    planned.columns = columns.iter().map(|c| c.name.value.clone()).collect();
                }
                Ok(planned)
            }
        }
    }

    fn plan_recursive(
        &self,
        cte: &ast::Cte,
        initial: &ast::SetExpr,
        step: &ast::SetExpr,
        all: bool,
    ) -> Result<Planned> {
        let q = &cte.query;
        let name = cte.alias.name.value.clone();
        let mut first = self.plan_set_expr(initial)?;
        let columns = &cte.alias.columns;
        if !columns.is_empty() && columns.len() == first.columns.len() {
            first.columns = columns.iter().map(|c| c.name.value.clone()).collect();
        }
        let rows: WorkingRows = Rc::default();
        let width = first.columns.len();
        // The queue's column affinities, before the step is planned (it reads them);
        // SQLite's rule needs the step's select list, which is known from its syntax.
        let affinities = queue_affinities(&first.affinities, step);
        let shape = Rc::new(Planned {
            plan: Plan::Rows(Vec::new()),
            columns: first.columns.clone(),
            affinities: affinities.clone(),
            collations: first.collations.clone(),
            uncollated: Vec::new(),
            json: first.json.clone(),
        });
        let at = SCOPE.with(|s| s.borrow().len());
        let working = Entry::Working {
            name: name.clone(),
            rows: rows.clone(),
            planned: shape,
            planner: self as *const _ as *const () as usize,
            used: Rc::default(),
        };
        let next = with_stack(at, Some(working), || self.plan_set_expr(step))?;
        if next.columns.len() != width {
            return Err(Error::InvalidInput(format!(
                "SELECTs to the left and right of UNION{} do not have the same number of result columns",
                if all { " ALL" } else { "" }
            )));
        }
        let order = match &q.order_by {
            None => Vec::new(),
            Some(ast::OrderBy {
                kind: ast::OrderByKind::Expressions(v),
                ..
            }) => self.output_sort_keys(v, &first)?,
            Some(_) => return Err(unsupported("ORDER BY ALL")),
        };
        let (limit, offset) = self.limit_clause(q.limit_clause.as_ref())?;
        // Under UNION the queue drops a row equal (under each column's collation) to
        // one queued before.
        let mut plan = Plan::Recursive {
            initial: Box::new(first.plan),
            step: Box::new(next.plan),
            rows,
            distinct: !all,
            collations: first.collations.clone(),
            order,
            affinities: affinities.clone(),
        };
        if limit.is_some() || offset > 0 {
            plan = Plan::Limit {
                input: Box::new(plan),
                limit,
                offset,
            };
        }
        Ok(Planned {
            plan,
            columns: first.columns,
            affinities,
            collations: first.collations,
            uncollated: Vec::new(),
            json: first.json,
        })
    }
}

/// The affinity of each column of a recursive CTE's queue, by SQLite's rule for a
/// compound (`sqlite3SubqueryColumnTypes`): the initial select's, unless the recursive
/// select may put a number in a TEXT column or text in a numeric one; then none.
fn queue_affinities(first: &[Option<Affinity>], step: &ast::SetExpr) -> Vec<Option<Affinity>> {
    let items = match step {
        ast::SetExpr::Select(s) => Some(&s.projection),
        _ => None,
    };
    first
        .iter()
        .enumerate()
        .map(|(i, &aff)| {
            let kinds = match items.and_then(|p| p.get(i)) {
                Some(
                    ast::SelectItem::UnnamedExpr(e)
                    | ast::SelectItem::ExprWithAlias { expr: e, .. },
                ) => data_kinds(e),
                _ => ANY,
            };
            match aff {
                Some(Affinity::Text) if kinds & NUMBER != 0 => None,
                Some(Affinity::Integer | Affinity::Real | Affinity::Numeric)
                    if kinds & TEXT != 0 =>
                {
                    None
                }
                a => a,
            }
        })
        .collect()
}

const NUMBER: u8 = 1;
const TEXT: u8 = 2;
const BLOB: u8 = 4;
const ANY: u8 = NUMBER | TEXT | BLOB;

/// What kinds of value `e` may have (SQLite's `sqlite3ExprDataType`). A column's
/// affinity is not known from the syntax: it may be anything.
fn data_kinds(e: &ast::Expr) -> u8 {
    use ast::Expr as E;
    match e {
        E::Nested(x) | E::Collate { expr: x, .. } => data_kinds(x),
        E::UnaryOp {
            op: ast::UnaryOperator::Plus,
            expr,
        } => data_kinds(expr),
        E::Value(v) => match &v.value {
            ast::Value::Null => 0,
            ast::Value::SingleQuotedString(_) | ast::Value::DoubleQuotedString(_) => TEXT,
            ast::Value::HexStringLiteral(_) | ast::Value::SingleQuotedByteStringLiteral(_) => BLOB,
            ast::Value::Number(..) => NUMBER,
            _ => ANY,
        },
        E::BinaryOp {
            op: ast::BinaryOperator::StringConcat,
            ..
        } => TEXT | BLOB,
        E::Cast { data_type, .. } => match Affinity::of_type(&data_type.to_string()) {
            Affinity::Text => TEXT | BLOB,
            Affinity::Blob => ANY,
            _ => NUMBER | BLOB,
        },
        E::Case {
            conditions,
            else_result,
            ..
        } => conditions
            .iter()
            .map(|w| data_kinds(&w.result))
            .chain(else_result.as_deref().map(data_kinds))
            .fold(0, |a, b| a | b),
        E::BinaryOp { .. } | E::UnaryOp { .. } | E::IsNull(_) | E::IsNotNull(_) => NUMBER,
        E::Between { .. } | E::InList { .. } | E::InSubquery { .. } | E::Like { .. } => NUMBER,
        E::Exists { .. } => NUMBER,
        _ => ANY,
    }
}

/// A recursive CTE's initial select, recursive select, and whether they are joined by
/// UNION ALL: its query is a compound whose last term names the CTE itself. `None`
/// when it does not name itself (then it is an ordinary CTE).
fn recursive_parts(cte: &ast::Cte) -> Option<(&ast::SetExpr, &ast::SetExpr, bool)> {
    let ast::SetExpr::SetOperation {
        left,
        op: ast::SetOperator::Union,
        set_quantifier,
        right,
    } = &*cte.query.body
    else {
        return None;
    };
    let name = &cte.alias.name.value;
    let names_itself = ast::visit_relations(&**right, |r| {
        if crate::sql::names::object_name(r).is_ok_and(|n| n.eq_ignore_ascii_case(name)) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break();
    let all = matches!(set_quantifier, ast::SetQuantifier::All);
    names_itself.then_some((&**left, &**right, all))
}
