//! Which collation an expression carries, by SQLite's rules (`sqlite3ExprCollSeq`,
//! `sqlite3BinaryCompareCollSeq`): an explicit `COLLATE name` anywhere in an operand
//! (outside subqueries) wins, the left operand's first; else a column reference's own
//! collation, the left operand's first; else BINARY. Comparisons wrap their operands in
//! [`Expr::Collate`] when the answer is not BINARY; clauses that group, deduplicate or
//! sort compare collation keys ([`Collation::key`]).

use crate::error::Result;
use crate::sql::collation::Collation;
use crate::sql::compile::Scope;
use crate::sql::expr::Expr;
use crate::sql::planner::Planner;
use sqlparser::ast;

/// The first explicit `COLLATE` in `e` (left to right, not inside subqueries).
pub fn explicit_of(e: &ast::Expr) -> Result<Option<Collation>> {
    explicit(e)
}

fn explicit(e: &ast::Expr) -> Result<Option<Collation>> {
    use ast::Expr as E;
    let first = |list: &[&ast::Expr]| -> Result<Option<Collation>> {
        for x in list {
            if let Some(c) = explicit(x)? {
                return Ok(Some(c));
            }
        }
        Ok(None)
    };
    match e {
        E::Collate { collation, .. } => Ok(Some(Collation::named(
            &crate::sql::names::object_name(collation)?,
        )?)),
        E::Nested(x) | E::UnaryOp { expr: x, .. } | E::Cast { expr: x, .. } => explicit(x),
        E::IsNull(x) | E::IsNotNull(x) => explicit(x),
        E::BinaryOp { left, right, .. } => first(&[left, right]),
        E::Like { expr, pattern, .. } | E::ILike { expr, pattern, .. } => first(&[expr, pattern]),
        E::Between {
            expr, low, high, ..
        } => first(&[expr, low, high]),
        E::Function(f) => match &f.args {
            ast::FunctionArguments::List(l) => {
                for a in &l.args {
                    if let ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(x)) = a {
                        if let Some(c) = explicit(x)? {
                            return Ok(Some(c));
                        }
                    }
                }
                Ok(None)
            }
            _ => Ok(None),
        },
        _ => Ok(None),
    }
}

impl Planner<'_> {
    /// A column reference's collation (through parentheses, CAST and unary +).
    fn implicit(&self, e: &ast::Expr, scope: &Scope) -> Option<Collation> {
        let column = |t: Option<&str>, n: &str| match scope.resolve(t, n) {
            Ok(c) => Some(scope.cols[c].collation),
            Err(_) => self.outer.and_then(|o| o.collation(t, n)),
        };
        match e {
            ast::Expr::Identifier(i) => column(None, &i.value),
            ast::Expr::CompoundIdentifier(p) if p.len() == 2 => {
                column(Some(&p[0].value), &p[1].value)
            }
            ast::Expr::Nested(x) | ast::Expr::Cast { expr: x, .. } => self.implicit(x, scope),
            ast::Expr::UnaryOp {
                op: ast::UnaryOperator::Plus,
                expr,
            } => self.implicit(expr, scope),
            _ => None,
        }
    }

    /// Whether `e` carries a collation of its own (a column, or an explicit COLLATE),
    /// BINARY included: a compound query's column takes the first SELECT's that does.
    pub(in crate::sql) fn carries_collation(&self, e: &ast::Expr, scope: &Scope) -> Result<bool> {
        Ok(explicit(e)?.is_some() || self.implicit(e, scope).is_some())
    }

    /// The collation `e` carries on its own (ORDER BY, GROUP BY, DISTINCT, min()).
    pub(in crate::sql) fn collation_of(&self, e: &ast::Expr, scope: &Scope) -> Result<Collation> {
        Ok(explicit(e)?
            .or_else(|| self.implicit(e, scope))
            .unwrap_or_default())
    }

    /// The collation `x IN (sub)` compares under (SQLite's
    /// `sqlite3BinaryCompareCollSeq(x, sub's first column)`): an explicit COLLATE on `x`,
    /// else one on that column (`right`, the column's collation), else the collation of
    /// `x` if it is a column (BINARY too), else `right`.
    pub(in crate::sql) fn in_collation(
        &self,
        x: &ast::Expr,
        scope: &Scope,
        sub: &ast::Query,
        right: Collation,
    ) -> Result<Collation> {
        if let Some(c) = explicit(x)? {
            return Ok(c);
        }
        let right_explicit = match &*sub.body {
            ast::SetExpr::Select(s) => match s.projection.first() {
                Some(
                    ast::SelectItem::UnnamedExpr(e)
                    | ast::SelectItem::ExprWithAlias { expr: e, .. },
                ) => explicit(e)?.is_some(),
                _ => false,
            },
            _ => false,
        };
        Ok(match self.implicit(x, scope) {
            Some(c) if !right_explicit => c,
            _ => right,
        })
    }

    /// The collation a comparison of `l` with `r` uses.
    pub(in crate::sql) fn compare_collation(
        &self,
        l: &ast::Expr,
        r: &ast::Expr,
        scope: &Scope,
    ) -> Result<Collation> {
        Ok(match (explicit(l)?, explicit(r)?) {
            (Some(c), _) | (None, Some(c)) => c,
            _ => self
                .implicit(l, scope)
                .or_else(|| self.implicit(r, scope))
                .unwrap_or_default(),
        })
    }
}

/// `e` compared under `c`.
pub fn wrap(e: Expr, c: Collation) -> Expr {
    match c {
        Collation::Binary => e,
        c => Expr::Collate(Box::new(e), c),
    }
}
