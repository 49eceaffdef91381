//! # exec/: plans to rows
//!
//! In: a [`Plan`](crate::sql::plan::Plan) and a view of the store
//! ([`Db`](crate::sql::txn::Db)). Out: rows of [`Value`]s. The operators (scans in
//! [`scan`], joins, sorts, aggregates in [`aggregate`], windows in [`window`], the
//! recursive CTE loop in [`recursive`]) and what they evaluate: compiled expressions
//! ([`expr`]) and SQLite's function library ([`functions`]).
//!
//! The executor: each plan node is an iterator of rows pulling from its input (Volcano
//! style). Scans ([`crate::sql::scan`]) decode rows straight from the merged store view;
//! sorts, the build side of joins and aggregates hold their rows in memory.

pub(in crate::sql) mod aggregate;
pub(in crate::sql) mod expr;
pub(in crate::sql) mod functions;
pub(in crate::sql) mod group;
pub(in crate::sql) mod recursive;
pub(in crate::sql) mod scan;
pub(in crate::sql) mod set_op;
pub(in crate::sql) mod window;

use crate::error::Result;
use crate::sql::encoding::{collated_key_of, encode_key_value, index_prefix, push_rowid};
use crate::sql::expr::{convert, Expr};
use crate::sql::plan::{Plan, SortKey};
use crate::sql::scan::Scan;
use crate::sql::txn::Db;
use crate::sql::value::Value;
use rustc_hash::FxHashMap;
use std::collections::{HashSet, VecDeque};

pub type Row = Vec<Value>;

pub trait RowIter {
    fn next_row(&mut self) -> Result<Option<Row>>;
}

type Iter<'a> = Box<dyn RowIter + 'a>;

/// Runs a plan to completion.
pub fn collect(plan: &Plan, db: Db<'_>) -> Result<Vec<Row>> {
    let mut it = open(plan, db)?;
    let mut out = Vec::new();
    while let Some(r) = it.next_row()? {
        out.push(r);
    }
    Ok(out)
}

pub fn open<'a>(plan: &'a Plan, db: Db<'a>) -> Result<Iter<'a>> {
    Ok(match plan {
        Plan::Recursive {
            initial,
            step,
            rows,
            distinct,
            collations,
            order,
            affinities,
        } => {
            let mut r = crate::sql::recursive::Recursive {
                step,
                rows,
                db,
                distinct: *distinct,
                collations,
                order,
                affinities,
                queue: VecDeque::new(),
                seen: HashSet::new(),
                expand: None,
            };
            for row in collect(initial, db)? {
                r.admit(row);
            }
            Box::new(r)
        }
        Plan::JsonEach(j) => crate::sql::json_table::open(j, db)?,
        Plan::Working(rows) => Box::new(rows.borrow().clone().into_iter().map(Ok)),
        Plan::Scan {
            table,
            access,
            filter,
            read,
        } => Box::new(Scan::new(
            table,
            access,
            filter.as_ref(),
            read.as_deref(),
            db,
        )?),
        Plan::Rows(rows) => Box::new(rows.clone().into_iter().map(Ok)),
        Plan::Filter { input, pred } => {
            let mut input = open(input, db)?;
            Box::new(FnIter(move || {
                while let Some(r) = input.next_row()? {
                    if pred.test(&r)? {
                        return Ok(Some(r));
                    }
                }
                Ok(None)
            }))
        }
        Plan::Join {
            left,
            right,
            outer,
            keep_right,
            left_width,
            keys,
            residual,
            right_width,
        } => {
            let mut join = Join::new(
                open(left, db)?,
                collect(right, db)?,
                *outer,
                keys,
                residual.as_ref(),
                *right_width,
            )?;
            if *keep_right {
                join.right_matched = Some(vec![false; join.right.len()]);
                join.left_width = *left_width;
            }
            Box::new(join)
        }
        Plan::Aggregate {
            input,
            groups,
            collations,
            aggs,
            witness,
        } => Box::new(
            group::aggregate(open(input, db)?, groups, collations, aggs, witness)?
                .into_iter()
                .map(Ok),
        ),
        Plan::Window {
            input,
            specs,
            calls,
        } => Box::new(
            crate::sql::window::evaluate(collect(input, db)?, specs, calls)?
                .into_iter()
                .map(Ok),
        ),
        Plan::Project { input, exprs } => {
            let mut input = open(input, db)?;
            // A column named once is moved out of the input row, not copied (a text
            // column's copy is an allocation per row).
            let moves: Vec<bool> = exprs
                .iter()
                .map(|e| match e {
                    Expr::Column(i) => exprs.iter().all(|other| match other {
                        Expr::Column(j) => j != i || std::ptr::eq(other, e),
                        _ => false,
                    }),
                    _ => false,
                })
                .collect();
            Box::new(FnIter(move || {
                let Some(mut r) = input.next_row()? else {
                    return Ok(None);
                };
                let mut out = Vec::with_capacity(exprs.len());
                for (e, &moved) in exprs.iter().zip(&moves) {
                    out.push(match e {
                        Expr::Column(i) if moved => std::mem::take(&mut r[*i]),
                        Expr::Column(i) => r[*i].clone(),
                        e => e.eval(&r)?,
                    });
                }
                Ok(Some(out))
            }))
        }
        Plan::Distinct {
            input,
            width,
            collations,
        } => {
            let mut input = open(input, db)?;
            let mut seen = HashSet::new();
            Box::new(FnIter(move || {
                while let Some(r) = input.next_row()? {
                    if seen.insert(collated_key_of(&r[..*width], collations)) {
                        return Ok(Some(r));
                    }
                }
                Ok(None)
            }))
        }
        Plan::Sort { input, keys } => {
            let mut rows = collect(input, db)?;
            rows.sort_by(|a, b| compare_rows(a, b, keys));
            Box::new(rows.into_iter().map(Ok))
        }
        Plan::Limit {
            input,
            limit,
            offset,
        } => {
            let mut input = open(input, db)?;
            let (mut skip, mut left) = (*offset, *limit);
            Box::new(FnIter(move || {
                if left == Some(0) {
                    return Ok(None);
                }
                while skip > 0 {
                    skip -= 1;
                    if input.next_row()?.is_none() {
                        return Ok(None);
                    }
                }
                let r = input.next_row()?;
                if let (Some(l), Some(_)) = (left.as_mut(), &r) {
                    *l -= 1;
                }
                Ok(r)
            }))
        }
        Plan::Truncate { input, width } => {
            let mut input = open(input, db)?;
            Box::new(FnIter(move || {
                Ok(input.next_row()?.map(|mut r| {
                    r.truncate(*width);
                    r
                }))
            }))
        }
        Plan::Set {
            op,
            left,
            right,
            collations,
            merge,
        } => {
            let (l, r) = (collect(left, db)?, collect(right, db)?);
            let rows = if merge.is_empty() {
                set_op::through_index(*op, l, r, collations)
            } else {
                set_op::merged(*op, l, r, collations, merge)
            };
            Box::new(rows.into_iter().map(Ok))
        }
    })
}

struct FnIter<F>(F);

impl<F: FnMut() -> Result<Option<Row>>> RowIter for FnIter<F> {
    fn next_row(&mut self) -> Result<Option<Row>> {
        (self.0)()
    }
}

impl<I: Iterator<Item = Result<Row>>> RowIter for I {
    fn next_row(&mut self) -> Result<Option<Row>> {
        self.next().transpose()
    }
}

pub fn compare_rows(a: &[Value], b: &[Value], keys: &[SortKey]) -> std::cmp::Ordering {
    for k in keys {
        let (x, y) = (&a[k.col], &b[k.col]);
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => {
                if k.nulls_first {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                }
            }
            (false, true) => {
                if k.nulls_first {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Less
                }
            }
            (false, false) => {
                let c = k.collation;
                let o = c.key(x).sql_cmp(&c.key(y));
                if k.desc {
                    o.reverse()
                } else {
                    o
                }
            }
        };
        if o.is_ne() {
            return o;
        }
    }
    std::cmp::Ordering::Equal
}

type JoinKeys = [(
    Expr,
    Expr,
    Option<crate::sql::value::Affinity>,
    Option<crate::sql::value::Affinity>,
)];

/// The end of a chain of right rows sharing a key.
const END: usize = usize::MAX;

/// A hash join (or, without keys, a nested loop) over a materialised right side. The
/// right rows sharing a key form a chain (`heads` → `next` → …) in their scan order, so
/// a probe allocates nothing: the key is encoded into one reused buffer and the matches
/// are walked in place. Without keys every right row matches: one chain 0 → 1 → … .
struct Join<'a> {
    left: Iter<'a>,
    right: Vec<Row>,
    /// The first right row of each chain, by the 64-bit hash of the encoded join key:
    /// no key is stored in the table (no allocation per key, no pointer to chase per
    /// probe); rows of another key with the same hash are skipped on the walk.
    heads: FxHashMap<u64, usize>,
    next: Vec<usize>,
    /// Each right row's encoded key, `right_keys[key_bounds[i]..key_bounds[i + 1]]`
    /// (empty for a NULL part, which matches nothing).
    right_keys: Vec<u8>,
    key_bounds: Vec<usize>,
    probe: Vec<u8>,
    outer: bool,
    keys: &'a JoinKeys,
    residual: Option<&'a Expr>,
    right_width: usize,
    current: Option<Row>,
    /// The next right row to try for `current`, or END.
    at: usize,
    matched: bool,
    /// RIGHT or FULL join: which right rows have matched; those that have not come out
    /// after the left side is done, from `unmatched_at` on, `left_width` NULLs first.
    right_matched: Option<Vec<bool>>,
    left_width: usize,
    unmatched_at: usize,
}

impl<'a> Join<'a> {
    fn new(
        left: Iter<'a>,
        right: Vec<Row>,
        outer: bool,
        keys: &'a JoinKeys,
        residual: Option<&'a Expr>,
        right_width: usize,
    ) -> Result<Join<'a>> {
        let mut heads = FxHashMap::default();
        let mut next: Vec<usize> = (1..=right.len()).collect();
        if let Some(last) = next.last_mut() {
            *last = END;
        }
        let mut right_keys = Vec::new();
        let mut key_bounds = vec![0];
        if !keys.is_empty() {
            next.fill(END);
            key_bounds.reserve(right.len());
            let mut key = Vec::new();
            for r in &right {
                if join_key(keys.iter().map(|(_, e, _, a)| (e, *a)), r, &mut key)? {
                    right_keys.extend_from_slice(&key);
                }
                key_bounds.push(right_keys.len());
            }
            heads.reserve(right.len());
            // Backwards, so that each chain lists its rows in scan order.
            for i in (0..right.len()).rev() {
                let key = &right_keys[key_bounds[i]..key_bounds[i + 1]];
                if !key.is_empty() {
                    let first = heads.entry(hash_key(key)).or_insert(END);
                    next[i] = std::mem::replace(first, i);
                }
            }
        }
        Ok(Join {
            left,
            right,
            heads,
            next,
            right_keys,
            key_bounds,
            probe: Vec::new(),
            outer,
            keys,
            residual,
            right_width,
            current: None,
            at: END,
            matched: false,
            right_matched: None,
            left_width: 0,
            unmatched_at: 0,
        })
    }
}

impl Join<'_> {
    /// After the left side: the next right row no left row matched, NULLs on the left.
    fn next_unmatched_right(&mut self) -> Option<Row> {
        let matched = self.right_matched.as_ref()?;
        let i = (self.unmatched_at..matched.len()).find(|&i| !matched[i])?;
        self.unmatched_at = i + 1;
        let mut row = vec![Value::Null; self.left_width];
        row.extend_from_slice(&self.right[i]);
        Some(row)
    }
}

fn hash_key(key: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

/// Encodes the join key of `row` into `key`; false when a part is NULL (matches nothing).
fn join_key<'e>(
    keys: impl Iterator<Item = (&'e Expr, Option<crate::sql::value::Affinity>)>,
    row: &[Value],
    key: &mut Vec<u8>,
) -> Result<bool> {
    key.clear();
    for (e, aff) in keys {
        let v = convert(e.eval(row)?, aff);
        if v.is_null() {
            return Ok(false);
        }
        encode_key_value(key, &v);
    }
    Ok(true)
}

impl RowIter for Join<'_> {
    fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            let Some(left) = &self.current else {
                let Some(l) = self.left.next_row()? else {
                    return Ok(self.next_unmatched_right());
                };
                self.at = if self.keys.is_empty() {
                    if self.right.is_empty() {
                        END
                    } else {
                        0
                    }
                } else if join_key(
                    self.keys.iter().map(|(e, _, a, _)| (e, *a)),
                    &l,
                    &mut self.probe,
                )? {
                    self.heads
                        .get(&hash_key(&self.probe))
                        .copied()
                        .unwrap_or(END)
                } else {
                    END
                };
                self.current = Some(l);
                self.matched = false;
                continue;
            };
            if self.at != END {
                let i = self.at;
                self.at = self.next[i];
                if !self.keys.is_empty()
                    && self.right_keys[self.key_bounds[i]..self.key_bounds[i + 1]] != self.probe
                {
                    // Another key with the same hash.
                    continue;
                }
                let r = &self.right[i];
                let mut row = Vec::with_capacity(left.len() + r.len());
                row.extend_from_slice(left);
                row.extend_from_slice(r);
                if let Some(res) = self.residual {
                    if !res.test(&row)? {
                        continue;
                    }
                }
                self.matched = true;
                if let Some(m) = &mut self.right_matched {
                    m[i] = true;
                }
                return Ok(Some(row));
            }
            let left = self.current.take().expect("current row");
            if self.outer && !self.matched {
                let mut row = left;
                row.resize(row.len() + self.right_width, Value::Null);
                return Ok(Some(row));
            }
        }
    }
}

/// The key of `row`'s entry in `idx` (row at `rowid`), or `None` when `idx` is a
/// partial index that holds no entry for the row. Values are stored as their
/// collation's keys ([`crate::sql::collation::Collation::key`]).
pub fn index_key(
    idx: &crate::sql::catalog::Index,
    row: &[Value],
    rowid: i64,
) -> Result<Option<Vec<u8>>> {
    let mut k = if idx.has_terms() {
        match crate::sql::index_terms::key_values(idx, row, rowid)? {
            Some(values) => crate::sql::index_terms::prefix_of(idx, &values),
            None => return Ok(None),
        }
    } else {
        index_values_prefix(idx, row)
    };
    push_rowid(&mut k, rowid);
    Ok(Some(k))
}

/// The prefix of a plain index (columns only, no WHERE) followed by `row`'s values
/// of its columns.
pub fn index_values_prefix(idx: &crate::sql::catalog::Index, row: &[Value]) -> Vec<u8> {
    debug_assert!(!idx.has_terms());
    let mut k = index_prefix(idx.id);
    for (n, &c) in idx.columns.iter().enumerate() {
        encode_key_value(&mut k, &idx.collation(n).key(&row[c]));
    }
    k
}
