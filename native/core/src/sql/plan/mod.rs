//! # plan/: statements to plans
//!
//! In: a parsed query and the catalog. Out: a [`Plan`], a tree of operators with every
//! name resolved to a row position and every expression compiled ([`compile`] over a
//! [`scope`]). The binder and optimizer live here: FROM and joins ([`from`], join
//! order in [`join_order`], index choice in [`access`]), CTEs and views, subqueries
//! (correlated ones through [`correlate`]), column pruning ([`prune`]), collations
//! ([`collate`]), and the table-valued functions (json_each, vector_search).
//!
//! Query plans: a tree of operators, each an iterator in [`crate::sql::exec`]. The planner
//! ([`crate::sql::planner`]) builds it from a SELECT; EXPLAIN prints it.

pub(in crate::sql) mod access;
pub(in crate::sql) mod agg_call;
pub(in crate::sql) mod alias;
pub(in crate::sql) mod calls;
pub(in crate::sql) mod collate;
pub(in crate::sql) mod compile;
pub(in crate::sql) mod compound;
pub(in crate::sql) mod correlate;
pub(in crate::sql) mod covering;
pub(in crate::sql) mod cte;
pub(in crate::sql) mod from;
pub(in crate::sql) mod from_items;
pub(in crate::sql) mod index_hints;
pub(in crate::sql) mod join_order;
pub(in crate::sql) mod json_args;
pub(in crate::sql) mod json_table;
pub(in crate::sql) mod planner;
pub(in crate::sql) mod prune;
pub(in crate::sql) mod row_filter;
pub(in crate::sql) mod scope;
pub(in crate::sql) mod subquery;
pub(in crate::sql) mod vector_search;
pub(in crate::sql) mod view;

use crate::sql::catalog::Table;
use crate::sql::collation::Collation;
use crate::sql::cte::WorkingRows;
use crate::sql::expr::Expr;
use crate::sql::value::{Affinity, Value};
use crate::sql::window::{WindowCall, WindowSpec};
use std::fmt::Write;

/// How a table scan reaches its rows.
#[derive(Clone, Debug)]
pub enum Access {
    Full,
    /// No row can match (e.g. `rowid = 'x'`).
    Empty,
    RowidEq(i64),
    /// Inclusive rowid bounds.
    RowidRange(Option<i64>, Option<i64>),
    /// Equality on the first `eq.len()` index columns, then an optional range on the next
    /// (value, inclusive).
    Index {
        index: usize,
        eq: Vec<Value>,
        lo: Option<(Value, bool)>,
        hi: Option<(Value, bool)>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    CountStar,
    Count,
    Sum,
    Total,
    Avg,
    Min,
    Max,
    GroupConcat,
    JsonGroupArray,
    /// json_group_object(name, value): the value is in [`AggCall::sep`].
    JsonGroupObject,
    /// A bare column in an aggregate query: its value in the group's chosen row
    /// ([`Plan::Aggregate`]).
    Any,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AggCall {
    pub func: AggFunc,
    pub arg: Option<Expr>,
    pub distinct: bool,
    /// GROUP_CONCAT's separator; json_group_object's value.
    pub sep: Option<Expr>,
    /// `FILTER (WHERE …)`: only rows for which it is true are aggregated.
    pub filter: Option<Expr>,
    /// `ORDER BY` inside the call: the rows are taken in this order.
    pub order: Vec<crate::sql::agg_call::AggOrder>,
    /// The collation of the argument: min() and max() compare, and DISTINCT tells
    /// values apart, under it.
    pub collation: Collation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOp {
    Union,
    UnionAll,
    Except,
    Intersect,
}

#[derive(Clone, Debug)]
pub struct SortKey {
    pub col: usize,
    pub desc: bool,
    /// NULLS FIRST / LAST; SQLite's default puts NULLs first ascending, last descending.
    pub nulls_first: bool,
    /// Text compares under this collation.
    pub collation: Collation,
}

#[derive(Clone, Debug)]
pub enum Plan {
    /// Rows of a table: its columns, then the rowid.
    Scan {
        /// Boxed: the largest variant otherwise.
        table: Box<Table>,
        access: Access,
        filter: Option<Expr>,
        /// The columns to decode (`None`: all; a column past the end is not read); the
        /// others read as NULL. Set by [`crate::sql::prune`] once the plan is complete.
        read: Option<Vec<bool>>,
    },
    /// Literal rows (VALUES, or one empty row for a SELECT without FROM).
    Rows(Vec<Vec<Value>>),
    Filter {
        input: Box<Plan>,
        pred: Expr,
    },
    /// A hash join when `keys` is not empty (left key expression over the left row,
    /// right key over the right row, and the affinity each side is compared with),
    /// else a nested loop. The right side is materialised.
    Join {
        left: Box<Plan>,
        right: Box<Plan>,
        /// LEFT (or FULL): a left row without a match comes out once, NULLs on the right.
        outer: bool,
        /// RIGHT (or FULL): so does each right row without a match, NULLs on the left
        /// (`left_width` of them), after the left side is done.
        keep_right: bool,
        left_width: usize,
        keys: Vec<(Expr, Expr, Option<Affinity>, Option<Affinity>)>,
        residual: Option<Expr>,
        right_width: usize,
    },
    /// Rows grouped by `groups` (equal under `collations`), one output row per group:
    /// the group terms, then each call's result. The group terms and the bare columns
    /// ([`AggFunc::Any`]) show one row of the group, chosen as SQLite does
    /// ([`crate::sql::exec::group`]): the row where the last call of `witness` (the min() and
    /// max() calls, in SQLite's order) last took a new value, else the group's first.
    Aggregate {
        input: Box<Plan>,
        groups: Vec<Expr>,
        collations: Vec<Collation>,
        aggs: Vec<AggCall>,
        witness: Vec<usize>,
    },
    /// Window functions ([`crate::sql::window`]): each input row comes out with one more
    /// column per call.
    Window {
        input: Box<Plan>,
        specs: Vec<WindowSpec>,
        calls: Vec<WindowCall>,
    },
    Project {
        input: Box<Plan>,
        exprs: Vec<Expr>,
    },
    /// The first of each set of rows equal in their first `width` columns (under
    /// `collations`).
    Distinct {
        input: Box<Plan>,
        width: usize,
        collations: Vec<Collation>,
    },
    Sort {
        input: Box<Plan>,
        keys: Vec<SortKey>,
    },
    Limit {
        input: Box<Plan>,
        limit: Option<u64>,
        offset: u64,
    },
    Truncate {
        input: Box<Plan>,
        width: usize,
    },
    /// UNION, EXCEPT, INTERSECT: rows compared column by column under `collations`.
    /// With `merge` (the compound's ORDER BY, [`crate::sql::compound`]) both sides are
    /// merged in that order; without, rows are kept as SQLite's temporary index keeps
    /// them.
    Set {
        op: SetOp,
        left: Box<Plan>,
        right: Box<Plan>,
        collations: Vec<Collation>,
        merge: Vec<SortKey>,
    },
    /// A recursive CTE ([`crate::sql::cte`]): the rows of `initial` join a queue; each row
    /// taken from it (in `order`, else first in first out) is output and, alone in
    /// `rows`, read by `step`, whose rows join the queue (with `distinct`, only rows
    /// never queued before).
    Recursive {
        initial: Box<Plan>,
        step: Box<Plan>,
        rows: WorkingRows,
        distinct: bool,
        /// Each column's collation, when `distinct` compares rows.
        collations: Vec<Collation>,
        order: Vec<SortKey>,
        /// Applied to each row as it joins the queue.
        affinities: Vec<Option<Affinity>>,
    },
    /// The row a recursive CTE's step is expanding.
    Working(WorkingRows),
    /// json_each() or json_tree() ([`crate::sql::json_table`]).
    JsonEach(Box<crate::sql::json_table::JsonEach>),
}

impl Plan {
    /// Whether running the plan reads rows of table `id`. Subqueries are run while
    /// planning (their rows are constants in the plan), so the scans are all there is.
    pub fn reads_table(&self, id: u32) -> bool {
        match self {
            Plan::Scan { table, .. } => table.id == id,
            Plan::Rows(_) => false,
            Plan::Join { left, right, .. } | Plan::Set { left, right, .. } => {
                left.reads_table(id) || right.reads_table(id)
            }
            Plan::Recursive { initial, step, .. } => {
                initial.reads_table(id) || step.reads_table(id)
            }
            Plan::Working(_) => false,
            Plan::JsonEach(j) => j.input.as_ref().is_some_and(|i| i.reads_table(id)),
            Plan::Filter { input, .. }
            | Plan::Aggregate { input, .. }
            | Plan::Window { input, .. }
            | Plan::Project { input, .. }
            | Plan::Distinct { input, .. }
            | Plan::Sort { input, .. }
            | Plan::Limit { input, .. }
            | Plan::Truncate { input, .. } => input.reads_table(id),
        }
    }

    /// The plan as indented lines, in the words of SQLite's EXPLAIN QUERY PLAN.
    pub fn explain(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.explain_into(0, &mut out);
        out
    }

    fn explain_into(&self, depth: usize, out: &mut Vec<String>) {
        let mut line = "  ".repeat(depth);
        let children: Vec<&Plan> = match self {
            Plan::Scan {
                table,
                access,
                filter,
                ..
            } => {
                describe_access(&mut line, table, access);
                if filter.is_some() {
                    line.push_str(" + filter");
                }
                vec![]
            }
            Plan::Rows(rows) => {
                let _ = write!(line, "VALUES ({})", counted(rows.len(), "row"));
                vec![]
            }
            Plan::Filter { input, .. } => {
                line.push_str("FILTER");
                vec![input]
            }
            Plan::Join {
                left,
                right,
                outer,
                keep_right,
                keys,
                ..
            } => {
                let kind = match (*outer, *keep_right) {
                    (true, true) => "FULL JOIN",
                    (true, false) => "LEFT JOIN",
                    (false, true) => "RIGHT JOIN",
                    (false, false) => "JOIN",
                };
                let how = if keys.is_empty() {
                    "NESTED LOOP".to_string()
                } else {
                    format!(
                        "HASH ({} key{})",
                        keys.len(),
                        if keys.len() == 1 { "" } else { "s" }
                    )
                };
                let _ = write!(line, "{kind} {how}");
                vec![left, right]
            }
            Plan::Aggregate {
                input,
                groups,
                aggs,
                ..
            } => {
                let _ = write!(
                    line,
                    "AGGREGATE ({} groups keys, {} aggregates)",
                    groups.len(),
                    aggs.len()
                );
                vec![input]
            }
            Plan::Window {
                input,
                specs,
                calls,
            } => {
                let _ = write!(
                    line,
                    "WINDOW ({}, {})",
                    counted(specs.len(), "sort"),
                    counted(calls.len(), "function")
                );
                vec![input]
            }
            Plan::Project { input, exprs } => {
                let _ = write!(line, "PROJECT ({})", counted(exprs.len(), "column"));
                vec![input]
            }
            Plan::Distinct { input, .. } => {
                line.push_str("DISTINCT");
                vec![input]
            }
            Plan::Sort { input, keys } => {
                let _ = write!(line, "ORDER BY ({})", counted(keys.len(), "key"));
                vec![input]
            }
            Plan::Limit {
                input,
                limit,
                offset,
            } => {
                let _ = write!(
                    line,
                    "LIMIT {} OFFSET {offset}",
                    limit.map_or("none".into(), |l| l.to_string())
                );
                vec![input]
            }
            Plan::Truncate { input, .. } => return input.explain_into(depth, out),
            Plan::Set {
                op, left, right, ..
            } => {
                let _ = write!(line, "COMPOUND {op:?}");
                vec![left, right]
            }
            Plan::Recursive {
                initial,
                step,
                distinct,
                ..
            } => {
                let how = if *distinct { "UNION" } else { "UNION ALL" };
                let _ = write!(line, "RECURSIVE CTE ({how})");
                vec![initial, step]
            }
            Plan::Working(_) => {
                line.push_str("SCAN the recursive row");
                vec![]
            }
            Plan::JsonEach(j) => {
                let name = if j.recursive {
                    "json_tree"
                } else {
                    "json_each"
                };
                let _ = write!(line, "SCAN {name} VIRTUAL TABLE");
                j.input.iter().map(|i| &**i).collect()
            }
        };
        out.push(line);
        for c in children {
            c.explain_into(depth + 1, out);
        }
    }
}

fn describe_access(line: &mut String, table: &Table, access: &Access) {
    let name = &table.name;
    let _ = match access {
        Access::Full => write!(line, "SCAN {name}"),
        Access::Empty => write!(line, "SCAN {name} (no row can match)"),
        Access::RowidEq(_) => write!(line, "SEARCH {name} USING INTEGER PRIMARY KEY (rowid=?)"),
        Access::RowidRange(lo, hi) => {
            let mut terms = Vec::new();
            if lo.is_some() {
                terms.push("rowid>?");
            }
            if hi.is_some() {
                terms.push("rowid<?");
            }
            write!(
                line,
                "SEARCH {name} USING INTEGER PRIMARY KEY ({})",
                terms.join(" AND ")
            )
        }
        Access::Index { index, eq, lo, hi } if eq.is_empty() && lo.is_none() && hi.is_none() => {
            write!(
                line,
                "SCAN {name} USING COVERING INDEX {}",
                table.indexes[*index].name
            )
        }
        Access::Index { index, eq, lo, hi } => {
            let idx = &table.indexes[*index];
            let col = |i: usize| match idx.exprs.get(i) {
                Some(e) => e.sql.clone(),
                None => table.columns[idx.columns[i]].name.clone(),
            };
            let mut terms: Vec<String> = (0..eq.len()).map(|i| format!("{}=?", col(i))).collect();
            if lo.is_some() {
                terms.push(format!("{}>?", col(eq.len())));
            }
            if hi.is_some() {
                terms.push(format!("{}<?", col(eq.len())));
            }
            write!(
                line,
                "SEARCH {name} USING INDEX {} ({})",
                idx.name,
                terms.join(" AND ")
            )
        }
    };
}

/// `n` and the noun, singular when n is 1.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
