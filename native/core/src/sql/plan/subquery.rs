//! Subqueries in expressions — `(SELECT …)`, `EXISTS (…)`, `x IN (SELECT …)` — and the
//! names they borrow from the query around them. A subquery is planned by a planner
//! whose [`Planner::outer`] is this query's [`Enclosing`]: a name it cannot resolve is
//! compiled here, in this query's scope, and becomes one of its bindings. Without
//! bindings the subquery runs now, once, and is a constant (or a set, for IN); with
//! them it is an [`Expr::Correlated`], run for each row ([`crate::sql::correlate`]).

use crate::error::{Error, Result};
use crate::sql::compile::{comparison_affinities, Mode, Scope};
use crate::sql::correlate::{Correlated, OuterNames, Use};
use crate::sql::encoding::key_of;
use crate::sql::exec;
use crate::sql::expr::{convert, Expr, HashSetKey};
use crate::sql::planner::{Planned, Planner};
use crate::sql::value::{Affinity, Value};
use sqlparser::ast;
use std::cell::RefCell;
use std::rc::Rc;

/// A query's names, offered to the subqueries planned inside one of its expressions.
struct Enclosing<'p, 'm, 'a> {
    planner: &'p Planner<'a>,
    /// The mode the expression holding the subquery is compiled in: its scope, or the
    /// aggregate it belongs to.
    mode: RefCell<&'p mut Mode<'m>>,
    bindings: RefCell<Vec<Expr>>,
}

fn name_expr(table: Option<&str>, name: &str) -> ast::Expr {
    match table {
        None => ast::Expr::Identifier(ast::Ident::new(name)),
        Some(t) => ast::Expr::CompoundIdentifier(vec![ast::Ident::new(t), ast::Ident::new(name)]),
    }
}

impl OuterNames for Enclosing<'_, '_, '_> {
    fn bind(&self, table: Option<&str>, name: &str) -> Result<Option<usize>> {
        let compiled = {
            let mut mode = self.mode.borrow_mut();
            self.planner.compile(&name_expr(table, name), &mut mode)
        };
        match compiled {
            Ok(e) => {
                let mut bindings = self.bindings.borrow_mut();
                Ok(Some(match bindings.iter().position(|b| *b == e) {
                    Some(k) => k,
                    None => {
                        bindings.push(e);
                        bindings.len() - 1
                    }
                }))
            }
            Err(Error::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn affinity(&self, table: Option<&str>, name: &str) -> Option<Option<Affinity>> {
        let mode = self.mode.borrow();
        let scope = Planner::scope_of(&mode);
        match scope.resolve(table, name) {
            Ok(c) => Some(scope.cols[c].affinity),
            Err(_) => self.planner.outer.and_then(|o| o.affinity(table, name)),
        }
    }

    fn collation(
        &self,
        table: Option<&str>,
        name: &str,
    ) -> Option<crate::sql::collation::Collation> {
        let mode = self.mode.borrow();
        let scope = Planner::scope_of(&mode);
        match scope.resolve(table, name) {
            Ok(c) => Some(scope.cols[c].collation),
            Err(_) => self.planner.outer.and_then(|o| o.collation(table, name)),
        }
    }
}

impl Planner<'_> {
    /// A column of `scope`, or failing that a value of an enclosing query's row.
    pub(in crate::sql) fn column_or_outer(
        &self,
        scope: &Scope,
        table: Option<&str>,
        name: &str,
    ) -> Result<Expr> {
        match scope.resolve(table, name) {
            Ok(c) => Ok(Expr::Column(c)),
            Err(Error::NotFound(missing)) => match self.outer {
                Some(outer) => match outer.bind(table, name)? {
                    Some(k) => Ok(Expr::Outer(k)),
                    None => Err(Error::NotFound(missing)),
                },
                None => Err(Error::NotFound(missing)),
            },
            Err(e) => Err(e),
        }
    }

    /// The affinity an expression carries into a comparison: a column's (of this query
    /// or an enclosing one), a CAST's, or none.
    pub(in crate::sql) fn affinity_of(&self, e: &ast::Expr, scope: &Scope) -> Option<Affinity> {
        let column = |table: Option<&str>, name: &str| match scope.resolve(table, name) {
            Ok(c) => scope.cols[c].affinity,
            Err(_) => self.outer.and_then(|o| o.affinity(table, name)).flatten(),
        };
        match e {
            ast::Expr::Identifier(i) => column(None, &i.value),
            ast::Expr::CompoundIdentifier(p) if p.len() == 2 => {
                column(Some(&p[0].value), &p[1].value)
            }
            ast::Expr::Nested(e) | ast::Expr::Collate { expr: e, .. } => self.affinity_of(e, scope),
            ast::Expr::Cast { data_type, .. } => Some(Affinity::of_type(&data_type.to_string())),
            _ => None,
        }
    }

    /// Plans `q` as a subquery of the expression being compiled in `m`; the bindings
    /// are the outer values it reads (none: it is uncorrelated).
    fn plan_subquery(&self, q: &ast::Query, m: &mut Mode<'_>) -> Result<(Planned, Vec<Expr>)> {
        let enclosing = Enclosing {
            planner: self,
            mode: RefCell::new(m),
            bindings: RefCell::new(Vec::new()),
        };
        let planned = Planner {
            db: self.db,
            catalog: self.catalog,
            params: self.params,
            outer: Some(&enclosing),
            windows: None,
        }
        .plan_query(q)?;
        Ok((planned, enclosing.bindings.into_inner()))
    }

    /// `(SELECT …)`, `[NOT] EXISTS (…)` or `x [NOT] IN (SELECT …)`.
    pub(in crate::sql) fn compile_subquery(&self, e: &ast::Expr, m: &mut Mode<'_>) -> Result<Expr> {
        let one_column = |p: &Planned| match p.columns.len() {
            1 => Ok(()),
            n => Err(Error::InvalidInput(format!(
                "sub-select returns {n} columns - expected 1"
            ))),
        };
        let correlated = |planned: Planned, bindings, how| {
            Expr::Correlated(Box::new(Correlated {
                plan: Rc::new(planned.plan),
                bindings,
                how,
            }))
        };
        Ok(match e {
            ast::Expr::Subquery(q) => {
                let (planned, bindings) = self.plan_subquery(q, m)?;
                one_column(&planned)?;
                if !bindings.is_empty() {
                    return Ok(correlated(planned, bindings, Use::Scalar));
                }
                let rows = exec::collect(&planned.plan, self.db)?;
                let v = rows.into_iter().next().and_then(|r| r.into_iter().next());
                Expr::Const(v.unwrap_or(Value::Null))
            }
            ast::Expr::Exists { subquery, negated } => {
                let (planned, bindings) = self.plan_subquery(subquery, m)?;
                if !bindings.is_empty() {
                    let how = Use::Exists { negated: *negated };
                    return Ok(correlated(planned, bindings, how));
                }
                let mut rows = exec::open(&planned.plan, self.db)?;
                let any = rows.next_row()?.is_some();
                Expr::Const(Value::Integer(i64::from(any != *negated)))
            }
            ast::Expr::InSubquery {
                expr,
                subquery,
                negated,
            } => {
                let la = self.affinity_of(expr, Self::scope_of(m));
                let x = self.compile(expr, m)?;
                let (planned, bindings) = self.plan_subquery(subquery, m)?;
                one_column(&planned)?;
                let coll =
                    self.in_collation(expr, Self::scope_of(m), subquery, planned.collations[0])?;
                let (left, right) = comparison_affinities(la, planned.affinities[0]);
                if !bindings.is_empty() {
                    let how = Use::In {
                        expr: Box::new(x),
                        left,
                        right,
                        collation: coll,
                        negated: *negated,
                    };
                    return Ok(correlated(planned, bindings, how));
                }
                let mut set = HashSetKey::default();
                let mut has_null = false;
                for row in exec::collect(&planned.plan, self.db)? {
                    let v = convert(row.into_iter().next().unwrap_or(Value::Null), right);
                    if v.is_null() {
                        has_null = true;
                    } else {
                        set.0.insert(key_of(std::slice::from_ref(&*coll.key(&v))));
                    }
                }
                Expr::InSet {
                    expr: Box::new(x),
                    aff: left,
                    collation: coll,
                    set,
                    has_null,
                    negated: *negated,
                }
            }
            _ => unreachable!("compile_subquery takes subquery expressions"),
        })
    }
}
