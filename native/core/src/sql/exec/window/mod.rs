//! Window functions, as SQLite computes them.
//!
//! In: the rows of the query after FROM, WHERE, GROUP BY and HAVING (for an aggregate
//! query, a row per group: its keys, then its aggregates), and the window calls the
//! planner found in the select list and ORDER BY ([`compile`]), each naming one of the
//! distinct window specifications (`specs`) of the query.
//! Out: the same rows, each with one more column per call (its value for that row),
//! in the order of the last specification's sort; [`Plan::Project`] then reads them.
//!
//! For each distinct specification the rows are sorted once, by PARTITION BY then
//! ORDER BY (a stable sort: peers keep their input order). Each partition is then walked
//! by every call of that specification ([`functions`]): ranking functions read the peer
//! groups, framed ones the frame bounds ([`frame`]). An aggregate whose frame starts at
//! UNBOUNDED PRECEDING (SQLite's default frame among them) keeps one running
//! accumulator, so a partition costs O(n); other frames fold their rows afresh,
//! O(n · frame length), except where a row's frame is its predecessor's, and
//! group_concat slides as SQLite's does (its text depends on how rows left the frame).
//! A frame with an EXCLUDE clause is folded afresh for every row ([`exclude`]).
//! The input is held in memory once (the executor's sorts do the same), plus a value
//! per call per row.
//!
//! [`Plan::Project`]: crate::sql::plan::Plan::Project

mod compile;
mod exclude;
mod frame;
mod functions;

pub use compile::{window_only, WindowCollector, WINDOW_SLOT};

use crate::error::Result;
use crate::sql::exec::Row;
use crate::sql::expr::Expr;
use crate::sql::frame_exclude::Exclude;
use crate::sql::plan::AggCall;
use crate::sql::value::Value;
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameUnits {
    Rows,
    Range,
    Groups,
}

/// One end of a frame; offsets are constant expressions, checked when the frame is used.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    UnboundedPreceding,
    Preceding(Expr),
    CurrentRow,
    Following(Expr),
    UnboundedFollowing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub units: FrameUnits,
    pub start: Bound,
    pub end: Bound,
    /// The EXCLUDE clause, if written ([`exclude`]).
    pub exclude: Option<Exclude>,
}

impl Frame {
    /// SQLite's frame when none is given: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT
    /// ROW (without ORDER BY every row is a peer, so that is the whole partition).
    pub fn default_frame() -> Frame {
        Frame {
            units: FrameUnits::Range,
            start: Bound::UnboundedPreceding,
            end: Bound::CurrentRow,
            exclude: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct OrderTerm {
    pub expr: Expr,
    pub desc: bool,
    pub nulls_first: bool,
}

/// A window specification with its base window (if any) already merged in.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowSpec {
    pub partition: Vec<Expr>,
    pub order: Vec<OrderTerm>,
    pub frame: Frame,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WindowFunc {
    RowNumber,
    Rank,
    DenseRank,
    PercentRank,
    CumeDist,
    /// ntile(n)
    Ntile,
    /// lag(x [, offset [, default]])
    Lag,
    Lead,
    FirstValue,
    LastValue,
    /// nth_value(x, n)
    NthValue,
    /// An aggregate over the frame (its FILTER in the call).
    Aggregate(Box<AggCall>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct WindowCall {
    pub func: WindowFunc,
    /// The arguments of the built-in window functions (an aggregate's are in its call).
    pub args: Vec<Expr>,
    /// Index into the query's specifications.
    pub spec: usize,
}

/// Computes every call over `rows` and appends its values to each row.
pub fn evaluate(rows: Vec<Row>, specs: &[WindowSpec], calls: &[WindowCall]) -> Result<Vec<Row>> {
    let n = rows.len();
    let mut values: Vec<Vec<Value>> = calls.iter().map(|_| vec![Value::Null; n]).collect();
    let mut order: Vec<usize> = (0..n).collect();
    for (s, spec) in specs.iter().enumerate() {
        let keys = sort_keys(&rows, spec)?;
        order = (0..n).collect();
        order.sort_by(|&a, &b| compare_keys(&keys[a], &keys[b], spec));
        let width = spec.partition.len();
        let mut start = 0;
        while start < n {
            let first = &keys[order[start]][..width];
            let end = start
                + order[start..]
                    .iter()
                    .position(|&i| !same(&keys[i][..width], first))
                    .unwrap_or(n - start);
            let part = Partition::new(&rows, &order[start..end], &keys, width);
            let frames = if calls
                .iter()
                .any(|c| c.spec == s && functions::uses_frame(c))
            {
                frame::frame_bounds(spec, &part)?
            } else {
                Vec::new()
            };
            for (c, call) in calls.iter().enumerate().filter(|(_, c)| c.spec == s) {
                match spec.frame.exclude {
                    Some(x) if functions::uses_frame(call) => {
                        exclude::compute(call, &part, &frames, x, &mut values[c])?
                    }
                    _ => functions::compute(call, &part, &frames, &mut values[c])?,
                }
            }
            start = end;
        }
    }
    let mut slots: Vec<Option<Row>> = rows.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(n);
    for i in order {
        let mut row = slots[i].take().expect("each row once");
        row.extend(values.iter_mut().map(|v| std::mem::take(&mut v[i])));
        out.push(row);
    }
    Ok(out)
}

/// Each row's partition keys, then its order keys.
fn sort_keys(rows: &[Row], spec: &WindowSpec) -> Result<Vec<Vec<Value>>> {
    rows.iter()
        .map(|r| {
            spec.partition
                .iter()
                .chain(spec.order.iter().map(|o| &o.expr))
                .map(|e| e.eval(r))
                .collect()
        })
        .collect()
}

fn same(a: &[Value], b: &[Value]) -> bool {
    a.iter().zip(b).all(|(x, y)| x.sql_cmp(y).is_eq())
}

fn compare_keys(a: &[Value], b: &[Value], spec: &WindowSpec) -> Ordering {
    let width = spec.partition.len();
    for i in 0..width {
        let o = a[i].sql_cmp(&b[i]);
        if o.is_ne() {
            return o;
        }
    }
    for (k, term) in spec.order.iter().enumerate() {
        let o = compare_order(&a[width + k], &b[width + k], term);
        if o.is_ne() {
            return o;
        }
    }
    Ordering::Equal
}

/// The order of an ORDER BY term: NULLs where the term puts them, others ascending or
/// descending.
pub(in crate::sql) fn compare_order(x: &Value, y: &Value, term: &OrderTerm) -> Ordering {
    match (x.is_null(), y.is_null()) {
        (true, true) => Ordering::Equal,
        (true, false) if term.nulls_first => Ordering::Less,
        (true, false) => Ordering::Greater,
        (false, true) if term.nulls_first => Ordering::Greater,
        (false, true) => Ordering::Less,
        (false, false) if term.desc => y.sql_cmp(x),
        (false, false) => x.sql_cmp(y),
    }
}

/// One partition in window order: `idx[p]` is the input row at position `p`.
pub(in crate::sql) struct Partition<'r> {
    pub rows: &'r [Row],
    pub idx: &'r [usize],
    keys: &'r [Vec<Value>],
    partition_width: usize,
    /// The position where each position's peer group starts and ends (exclusive).
    pub peer_start: Vec<usize>,
    pub peer_end: Vec<usize>,
    /// Each position's peer group, counted from 0.
    pub group: Vec<usize>,
    /// The first position of each peer group, and the partition's length at the end.
    pub group_starts: Vec<usize>,
}

impl<'r> Partition<'r> {
    fn new(
        rows: &'r [Row],
        idx: &'r [usize],
        keys: &'r [Vec<Value>],
        partition_width: usize,
    ) -> Partition<'r> {
        let n = idx.len();
        let mut group = Vec::with_capacity(n);
        let mut group_starts = Vec::new();
        for p in 0..n {
            let peer = p > 0
                && same(
                    &keys[idx[p]][partition_width..],
                    &keys[idx[p - 1]][partition_width..],
                );
            if !peer {
                group_starts.push(p);
            }
            group.push(group_starts.len() - 1);
        }
        group_starts.push(n);
        let peer_start = group.iter().map(|&g| group_starts[g]).collect();
        let peer_end = group.iter().map(|&g| group_starts[g + 1]).collect();
        Partition {
            rows,
            idx,
            keys,
            partition_width,
            peer_start,
            peer_end,
            group,
            group_starts,
        }
    }

    pub fn len(&self) -> usize {
        self.idx.len()
    }

    pub fn row(&self, p: usize) -> &'r [Value] {
        &self.rows[self.idx[p]]
    }

    /// The value of the first ORDER BY term at position `p`.
    pub fn order_key(&self, p: usize) -> &'r Value {
        &self.keys[self.idx[p]][self.partition_width]
    }
}
