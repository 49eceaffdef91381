//! Compound queries (UNION [ALL], EXCEPT, INTERSECT): from two planned SELECTs to a
//! [`Plan::Set`], with the collation each column compares under, and, when the compound
//! has an ORDER BY, the keys its rows are merged in ([`merge_in_order`]).
//!
//! SQLite runs a compound in one of two ways and they keep different rows of a set of
//! equal ones ('a' and 'A' under NOCASE, 1 and 1.0): without ORDER BY, through a
//! temporary index (the last row inserted stays); with one, by merging both sides in
//! ORDER BY order (`multiSelectOrderBy`). [`crate::sql::exec`] does what the plan says.

use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::expr::unsupported;
use crate::sql::plan::{Plan, SetOp, SortKey};
use crate::sql::planner::{Planned, Planner};
use sqlparser::ast;

type Operator<'a> = (&'a ast::SetOperator, &'a ast::SetQuantifier);

/// The SELECTs of a compound and the operators between them, in the order written.
fn flatten<'a>(
    e: &'a ast::SetExpr,
    selects: &mut Vec<&'a ast::SetExpr>,
    ops: &mut Vec<Operator<'a>>,
) {
    match e {
        ast::SetExpr::SetOperation {
            left,
            op,
            set_quantifier,
            right,
        } => {
            flatten(left, selects, ops);
            ops.push((op, set_quantifier));
            flatten(right, selects, ops);
        }
        other => selects.push(other),
    }
}

impl Planner<'_> {
    /// A compound query. SQLite gives UNION, EXCEPT and INTERSECT one precedence, left
    /// to right (`a UNION ALL b INTERSECT c` is `(a UNION ALL b) INTERSECT c`), where
    /// sqlparser binds INTERSECT tighter as the SQL standard does: the chain is read in
    /// the order written and folded from the left. Every operator of the chain compares
    /// a column under one collation: the first SELECT's that has one (SQLite's
    /// multiSelectCollSeq), BINARY if none does.
    pub(in crate::sql) fn plan_compound(&self, compound: &ast::SetExpr) -> Result<Planned> {
        let (mut selects, mut ops) = (Vec::new(), Vec::new());
        flatten(compound, &mut selects, &mut ops);
        let mut arms = Vec::with_capacity(selects.len());
        for (i, select) in selects.iter().enumerate() {
            let arm = self.plan_set_expr(select)?;
            if let Some(first) = arms.first().map(|a: &Planned| a.columns.len()) {
                if arm.columns.len() != first {
                    return Err(Error::InvalidInput(format!(
                        "SELECTs to the left and right of {} do not have the same number of result columns",
                        ops[i - 1].0
                    )));
                }
            }
            arms.push(arm);
        }
        let bare = |p: &Planned, i: usize| p.uncollated.get(i).copied().unwrap_or(false);
        let width = arms[0].columns.len();
        let collations: Vec<Collation> = (0..width)
            .map(|i| {
                (arms.iter().find(|a| !bare(a, i))).map_or(Collation::Binary, |a| a.collations[i])
            })
            .collect();
        let uncollated: Vec<bool> = (0..width)
            .map(|i| arms.iter().all(|a| bare(a, i)))
            .collect();
        let mut arms = arms.into_iter();
        let mut planned = arms.next().expect("a compound has two SELECTs");
        for (right, (op, quantifier)) in arms.zip(ops) {
            planned = combine(planned, op, quantifier, right, &collations)?;
        }
        planned.collations = collations;
        planned.uncollated = uncollated;
        Ok(planned)
    }
}

fn combine(
    l: Planned,
    op: &ast::SetOperator,
    quantifier: &ast::SetQuantifier,
    r: Planned,
    collations: &[Collation],
) -> Result<Planned> {
    let all = matches!(quantifier, ast::SetQuantifier::All);
    let op = match (op, all) {
        (ast::SetOperator::Union, true) => SetOp::UnionAll,
        (ast::SetOperator::Union, false) => SetOp::Union,
        (ast::SetOperator::Except | ast::SetOperator::Minus, false) => SetOp::Except,
        (ast::SetOperator::Intersect, false) => SetOp::Intersect,
        _ => return Err(unsupported(format!("{op} ALL"))),
    };
    let json = (0..l.json.len().max(r.json.len()))
        .map(|i| l.json.get(i).copied().unwrap_or(false) || r.json.get(i).copied().unwrap_or(false))
        .collect();
    Ok(Planned {
        plan: Plan::Set {
            op,
            left: Box::new(l.plan),
            right: Box::new(r.plan),
            collations: collations.to_vec(),
            merge: Vec::new(),
        },
        columns: l.columns,
        affinities: l.affinities,
        collations: collations.to_vec(),
        uncollated: Vec::new(),
        json,
    })
}

/// A compound with an ORDER BY (`keys`, over output columns of `collations`, none with
/// an explicit COLLATE): each of its Set nodes merges its sides in that order. Under
/// UNION, EXCEPT and INTERSECT the keys are extended by every column the ORDER BY leaves
/// out, as SQLite extends them, so rows equal in the merge are equal rows.
pub fn merge_in_order(plan: &mut Plan, keys: &[SortKey], collations: &[Collation]) {
    let Plan::Set {
        op, left, merge, ..
    } = plan
    else {
        return;
    };
    *merge = keys.to_vec();
    if *op != SetOp::UnionAll {
        for (col, &collation) in collations.iter().enumerate() {
            if !keys.iter().any(|k| k.col == col) {
                merge.push(SortKey {
                    col,
                    desc: false,
                    nulls_first: true,
                    collation,
                });
            }
        }
    }
    merge_in_order(left, keys, collations);
}
