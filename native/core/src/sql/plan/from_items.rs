//! The relations of a FROM clause as a flat list ([`FromItem`]), before the planner
//! ([`super::from`]) plans each and joins them: `a JOIN b ON … LEFT JOIN c USING (x)`
//! becomes a, b, c with each join's kind and condition; a parenthesised join of inner
//! joins is flattened into its relations.

use crate::error::Result;
use crate::sql::expr::unsupported;
use sqlparser::ast;

/// A relation of a FROM clause: the table or subquery, which unmatched rows its join
/// keeps, and its ON condition or USING columns.
pub(super) struct FromItem<'t> {
    pub factor: &'t ast::TableFactor,
    pub outer: bool,
    pub keep_right: bool,
    pub on: Option<ast::Expr>,
    pub using: Option<Using>,
}

/// The columns a USING or NATURAL join matches by name.
pub(super) enum Using {
    Names(Vec<String>),
    Natural,
}

/// Appends the relations of `a JOIN b … ` in order. A parenthesised join of inner joins
/// (`(t1 AS a CROSS JOIN t2 AS b)`) joins the same rows as its relations in a row, so
/// it is flattened, its ON conditions kept; one with an outer join inside, or on the
/// right of one, is not the same and stays a FROM item the planner refuses.
pub(super) fn flatten_join<'t>(
    twj: &'t ast::TableWithJoins,
    out: &mut Vec<FromItem<'t>>,
) -> Result<()> {
    flatten_factor(&twj.relation, (false, false), None, None, out)?;
    for j in &twj.joins {
        use ast::JoinOperator as J;
        let (kind, c) = match &j.join_operator {
            J::Join(c) | J::Inner(c) | J::CrossJoin(c) => ((false, false), c),
            J::Left(c) | J::LeftOuter(c) => ((true, false), c),
            J::Right(c) | J::RightOuter(c) => ((false, true), c),
            J::FullOuter(c) => ((true, true), c),
            other => return Err(unsupported(format!("the join {other:?}"))),
        };
        let (on, using) = match c {
            ast::JoinConstraint::On(e) => (Some(e.clone()), None),
            ast::JoinConstraint::None => (None, None),
            ast::JoinConstraint::Using(names) => {
                let names = names.iter().map(crate::sql::names::last_part).collect();
                (None, Some(Using::Names(names)))
            }
            ast::JoinConstraint::Natural => (None, Some(Using::Natural)),
        };
        if using.is_some() && kind.1 {
            return Err(unsupported("USING or NATURAL with a RIGHT or FULL join"));
        }
        flatten_factor(&j.relation, kind, on, using, out)?;
    }
    Ok(())
}

fn flatten_factor<'t>(
    f: &'t ast::TableFactor,
    (outer, keep_right): (bool, bool),
    on: Option<ast::Expr>,
    using: Option<Using>,
    out: &mut Vec<FromItem<'t>>,
) -> Result<()> {
    match f {
        // Parentheses around inner joins change nothing. Nor do they around outer joins
        // joined by a comma or CROSS JOIN (no ON of their own): joins go left to right,
        // and an ON inside the parentheses names only the tables inside them, so
        // `FROM t, (a LEFT JOIN b ON c)` is `FROM t, a LEFT JOIN b ON c`.
        ast::TableFactor::NestedJoin {
            table_with_joins,
            alias: None,
        } if !outer
            && !keep_right
            && using.is_none()
            && (only_inner_joins(table_with_joins) || on.is_none()) =>
        {
            flatten_join(table_with_joins, out)?;
            if let Some(on) = on {
                // The condition applies once all the nested relations are joined.
                let last = &mut out.last_mut().expect("a join has a relation").on;
                *last = Some(match last.take() {
                    Some(inner) => ast::Expr::BinaryOp {
                        left: Box::new(inner),
                        op: ast::BinaryOperator::And,
                        right: Box::new(on),
                    },
                    None => on,
                });
            }
        }
        _ => out.push(FromItem {
            factor: f,
            outer,
            keep_right,
            on,
            using,
        }),
    }
    Ok(())
}

/// Whether a parenthesised join holds inner joins only (so it may be flattened).
fn only_inner_joins(twj: &ast::TableWithJoins) -> bool {
    let inner = |f: &ast::TableFactor| match f {
        ast::TableFactor::NestedJoin {
            table_with_joins, ..
        } => only_inner_joins(table_with_joins),
        _ => true,
    };
    inner(&twj.relation)
        && twj.joins.iter().all(|j| {
            matches!(
                j.join_operator,
                ast::JoinOperator::Join(_)
                    | ast::JoinOperator::Inner(_)
                    | ast::JoinOperator::CrossJoin(_)
            ) && inner(&j.relation)
        })
}
