//! Index choice for one table scan. A conjunct `column op constant` (either side) whose
//! column is compared without conversion can narrow the scan: the rowid (point get or
//! range) or an index (equality on a prefix of its columns, then a range on the next).
//! The scan keeps the whole filter, so an access path only has to return a superset of
//! the matching rows: the key order is SQLite's value order (see `encoding`).

use super::catalog::Table;
use super::expr::{convert, Cmp, Expr};
use super::plan::Access;
use super::value::Value;

/// `column op value`, normalised so the column is on the left.
struct Term {
    col: usize,
    op: Cmp,
    value: Value,
}

fn flip(op: Cmp) -> Cmp {
    match op {
        Cmp::Lt => Cmp::Gt,
        Cmp::Le => Cmp::Ge,
        Cmp::Gt => Cmp::Lt,
        Cmp::Ge => Cmp::Le,
        o => o,
    }
}

fn terms(conjuncts: &[Expr]) -> Vec<Term> {
    let mut out = Vec::new();
    for c in conjuncts {
        let Expr::Compare(op, l, r, la, ra) = c else {
            continue;
        };
        if !matches!(op, Cmp::Eq | Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge) {
            continue;
        }
        let (col, op, value_expr, conv) = match (&**l, &**r) {
            (Expr::Column(c), v) if la.is_none() && v.is_constant() => (*c, *op, v, *ra),
            (v, Expr::Column(c)) if ra.is_none() && v.is_constant() => (*c, flip(*op), v, *la),
            _ => continue,
        };
        if let Ok(v) = value_expr.eval(&[]) {
            out.push(Term {
                col,
                op,
                value: convert(v, conv),
            });
        }
    }
    out
}

pub fn choose(table: &Table, conjuncts: &[Expr]) -> Access {
    let terms = terms(conjuncts);
    let rowid_cols = [Some(table.columns.len()), table.rowid_col];
    let is_rowid = |c: usize| rowid_cols.contains(&Some(c));
    if let Some(t) = terms.iter().find(|t| is_rowid(t.col) && t.op == Cmp::Eq) {
        return match t.value {
            Value::Integer(i) => Access::RowidEq(i),
            Value::Real(r) if r.fract() == 0.0 && r.abs() < 9.2e18 => Access::RowidEq(r as i64),
            _ => Access::Empty,
        };
    }
    // The index with the longest equality prefix (unique first on ties).
    let mut best: Option<(usize, usize, bool)> = None;
    // An index keeps collation keys: only a BINARY one answers a BINARY comparison.
    for (i, idx) in table.indexes.iter().enumerate() {
        if !idx.is_binary() {
            continue;
        }
        let n = idx
            .columns
            .iter()
            .take_while(|&&c| terms.iter().any(|t| t.col == c && t.op == Cmp::Eq))
            .count();
        if n > 0 && best.is_none_or(|(_, bn, bu)| n > bn || (n == bn && idx.unique && !bu)) {
            best = Some((i, n, idx.unique));
        }
    }
    if let Some((i, n, _)) = best {
        let idx = &table.indexes[i];
        let eq = idx.columns[..n]
            .iter()
            .map(|&c| {
                terms
                    .iter()
                    .find(|t| t.col == c && t.op == Cmp::Eq)
                    .expect("counted")
                    .value
                    .clone()
            })
            .collect();
        let (lo, hi) = idx
            .columns
            .get(n)
            .map_or((None, None), |&c| range(&terms, c));
        return Access::Index {
            index: i,
            eq,
            lo,
            hi,
        };
    }
    let rowid_terms: Vec<&Term> = terms.iter().filter(|t| is_rowid(t.col)).collect();
    let (mut lo, mut hi) = (None::<i64>, None::<i64>);
    for t in rowid_terms {
        let r = match t.value {
            Value::Integer(i) => i as f64,
            Value::Real(r) => r,
            _ => continue,
        };
        let bound = match t.op {
            Cmp::Gt => r.floor() + 1.0,
            Cmp::Ge => r.ceil(),
            Cmp::Lt => r.ceil() - 1.0,
            _ => r.floor(),
        };
        let bound = bound.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
        if matches!(t.op, Cmp::Gt | Cmp::Ge) {
            lo = Some(lo.map_or(bound, |l| l.max(bound)));
        } else {
            hi = Some(hi.map_or(bound, |h| h.min(bound)));
        }
    }
    if lo.is_some() || hi.is_some() {
        return Access::RowidRange(lo, hi);
    }
    for (i, idx) in table.indexes.iter().enumerate() {
        if !idx.is_binary() {
            continue;
        }
        let (lo, hi) = range(&terms, idx.columns[0]);
        if lo.is_some() || hi.is_some() {
            return Access::Index {
                index: i,
                eq: Vec::new(),
                lo,
                hi,
            };
        }
    }
    Access::Full
}

/// The tightest range terms on column `c` (one lower, one upper bound).
/// A range bound: the value and whether it is included.
type Bound = Option<(Value, bool)>;

fn range(terms: &[Term], c: usize) -> (Bound, Bound) {
    let mut lo: Bound = None;
    let mut hi: Bound = None;
    for t in terms.iter().filter(|t| t.col == c && !t.value.is_null()) {
        let b = (t.value.clone(), matches!(t.op, Cmp::Ge | Cmp::Le));
        match t.op {
            Cmp::Gt | Cmp::Ge if lo.as_ref().is_none_or(|l| t.value.sql_cmp(&l.0).is_gt()) => {
                lo = Some(b)
            }
            Cmp::Lt | Cmp::Le if hi.as_ref().is_none_or(|h| t.value.sql_cmp(&h.0).is_lt()) => {
                hi = Some(b)
            }
            _ => {}
        }
    }
    (lo, hi)
}
