//! Column pruning: a table scan decodes only the columns the plan above it reads; the
//! others come out as NULL and nobody looks at them. A filtered aggregate over a wide
//! table then skips the text columns it never touches (no allocation, no UTF-8 check).
//!
//! Demand flows down from the root as a set of output positions (`None`: all). Nodes
//! that pass positions through (Sort, Limit, Truncate) or compute new rows from their
//! input (Project, Aggregate) translate it; joins and set operations ask for every
//! column of their inputs, so they are never pruned (that would need their widths).

use crate::sql::plan::{Access, Plan};

type Need = Option<Vec<bool>>;

fn mark(need: &mut Vec<bool>, i: usize) {
    if i >= need.len() {
        need.resize(i + 1, false);
    }
    need[i] = true;
}

/// Adds the columns of every expression to the demand (if it is not already "all").
fn add(
    need: &mut Need,
    exprs: impl IntoIterator<Item = impl std::ops::Deref<Target = crate::sql::expr::Expr>>,
) {
    if let Some(n) = need {
        for e in exprs {
            e.columns(&mut |i| mark(n, i));
        }
    }
}

/// Prunes the scans under `plan`, given what its consumer reads of its output.
pub fn prune(plan: &mut Plan) {
    demand(plan, None);
}

fn demand(plan: &mut Plan, need: Need) {
    match plan {
        Plan::Scan {
            table,
            access,
            filter,
            read,
        } => {
            let mut need = need;
            add(&mut need, filter.iter());
            // Knowing the columns read decides whether SQLite would walk a covering
            // index instead of the table, and so the order rows come in.
            if let (Access::Full, Some(n)) = (&access, &need) {
                *access = crate::sql::covering::full_scan(table, n);
            }
            *read = need;
        }
        Plan::Rows(_) => {}
        Plan::Filter { input, pred } => {
            let mut need = need;
            add(&mut need, [&*pred]);
            demand(input, need);
        }
        Plan::Project { input, exprs } => {
            let mut inner = Some(Vec::new());
            let wanted = exprs
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    need.as_ref()
                        .is_none_or(|n| n.get(*i).copied().unwrap_or(false))
                })
                .map(|(_, e)| e);
            add(&mut inner, wanted);
            demand(input, inner);
        }
        Plan::Aggregate {
            input,
            groups,
            aggs,
            ..
        } => {
            let mut inner = Some(Vec::new());
            add(&mut inner, groups.iter());
            add(
                &mut inner,
                aggs.iter().flat_map(|a| {
                    (a.arg.iter().chain(a.sep.iter()).chain(a.filter.iter()))
                        .chain(a.order.iter().map(|o| &o.expr))
                }),
            );
            demand(input, inner);
        }
        Plan::Sort { input, keys } => {
            let mut need = need;
            if let Some(n) = &mut need {
                keys.iter().for_each(|k| mark(n, k.col));
            }
            demand(input, need);
        }
        Plan::Distinct { input, width, .. } => {
            let mut need = need;
            if let Some(n) = &mut need {
                (0..*width).for_each(|i| mark(n, i));
            }
            demand(input, need);
        }
        // Window calls read columns of their own (arguments, PARTITION BY, ORDER BY,
        // FILTER): the input keeps every column.
        Plan::Window { input, .. } => demand(input, None),
        Plan::Limit { input, .. } | Plan::Truncate { input, .. } => demand(input, need),
        Plan::Join { left, right, .. } | Plan::Set { left, right, .. } => {
            demand(left, None);
            demand(right, None);
        }
        Plan::Recursive { initial, step, .. } => {
            demand(initial, None);
            demand(step, None);
        }
        Plan::Working(_) => {}
        Plan::JsonEach(j) => {
            if let Some(input) = &mut j.input {
                demand(input, None);
            }
        }
    }
}
