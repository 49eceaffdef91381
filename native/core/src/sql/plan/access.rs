//! Index choice for one table scan. A conjunct `key op constant` (either side), its key
//! a column or an expression compared without conversion, can narrow the scan: the
//! rowid (point get or range) or an index (equality on a prefix of its key parts, then
//! a range on the next). An expression index's key parts match a WHERE term written
//! as the same expression (`lower(email) = ?` for `ON t (lower(email))`); a partial
//! index serves a query only when every term of its WHERE is also a term of the
//! query's, so each row the query can match has an entry. The scan keeps the whole
//! filter, so an access path only has to return a superset of the matching rows: the
//! key order is SQLite's value order (see `encoding`).

use crate::sql::catalog::{Index, Table};
use crate::sql::collation::Collation;
use crate::sql::expr::{convert, Cmp, Expr};
use crate::sql::plan::Access;
use crate::sql::value::Value;

/// `key op value`, normalised so the key (a column or an expression) is on the left.
struct Term<'e> {
    key: &'e Expr,
    op: Cmp,
    value: Value,
}

impl Term<'_> {
    fn column(&self) -> Option<usize> {
        match self.key {
            Expr::Column(c) => Some(*c),
            _ => None,
        }
    }
}

/// The expression of each key part of `idx`, over the table's columns.
fn key_parts(idx: &Index) -> Vec<Expr> {
    if idx.exprs.is_empty() {
        idx.columns.iter().map(|&c| Expr::Column(c)).collect()
    } else {
        idx.exprs.iter().map(|e| e.expr.clone()).collect()
    }
}

/// Whether `idx` can answer a query with these conjuncts: its keys are plain values
/// (BINARY: an index keeps collation keys, which a BINARY comparison cannot probe), and
/// a partial index's WHERE is implied because each of its terms is one of them.
fn usable(idx: &Index, conjuncts: &[Expr]) -> bool {
    if idx.collations.iter().any(|&c| c != Collation::Binary) {
        return false;
    }
    match &idx.filter {
        None => true,
        Some(f) => {
            let mut needed = Vec::new();
            f.expr.clone().conjuncts(&mut needed);
            needed.iter().all(|n| conjuncts.contains(n))
        }
    }
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

fn terms(conjuncts: &[Expr]) -> Vec<Term<'_>> {
    let mut out = Vec::new();
    for c in conjuncts {
        let Expr::Compare(op, l, r, la, ra) = c else {
            continue;
        };
        if !matches!(op, Cmp::Eq | Cmp::Lt | Cmp::Le | Cmp::Gt | Cmp::Ge) {
            continue;
        }
        let (key, op, value_expr, conv) = match (&**l, &**r) {
            (k, v) if la.is_none() && !k.is_constant() && v.is_constant() => (k, *op, v, *ra),
            (v, k) if ra.is_none() && !k.is_constant() && v.is_constant() => (k, flip(*op), v, *la),
            _ => continue,
        };
        if let Ok(v) = value_expr.eval(&[]) {
            out.push(Term {
                key,
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
    let on_rowid = |t: &Term| t.column().is_some_and(is_rowid);
    if let Some(t) = terms.iter().find(|t| on_rowid(t) && t.op == Cmp::Eq) {
        return match t.value {
            Value::Integer(i) => Access::RowidEq(i),
            Value::Real(r) if r.fract() == 0.0 && r.abs() < 9.2e18 => Access::RowidEq(r as i64),
            _ => Access::Empty,
        };
    }
    // The index with the longest equality prefix (unique first on ties).
    let parts: Vec<Option<Vec<Expr>>> = (table.indexes.iter())
        .map(|idx| usable(idx, conjuncts).then(|| key_parts(idx)))
        .collect();
    let eq_on = |p: &Expr| terms.iter().find(|t| t.key == p && t.op == Cmp::Eq);
    let mut best: Option<(usize, usize, bool)> = None;
    for (i, idx) in table.indexes.iter().enumerate() {
        let Some(parts) = &parts[i] else { continue };
        let n = parts.iter().take_while(|p| eq_on(p).is_some()).count();
        if n > 0 && best.is_none_or(|(_, bn, bu)| n > bn || (n == bn && idx.unique && !bu)) {
            best = Some((i, n, idx.unique));
        }
    }
    if let Some((i, n, _)) = best {
        let parts = parts[i].as_ref().expect("usable");
        let eq = parts[..n]
            .iter()
            .map(|p| eq_on(p).expect("counted").value.clone())
            .collect();
        let (lo, hi) = parts.get(n).map_or((None, None), |p| range(&terms, p));
        return Access::Index {
            index: i,
            eq,
            lo,
            hi,
        };
    }
    let rowid_terms: Vec<&Term> = terms.iter().filter(|t| on_rowid(t)).collect();
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
    for (i, parts) in parts.iter().enumerate() {
        let Some(first) = parts.as_ref().and_then(|p| p.first()) else {
            continue;
        };
        let (lo, hi) = range(&terms, first);
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

/// A range bound: the value and whether it is included.
type Bound = Option<(Value, bool)>;

/// The tightest range terms on `key` (one lower, one upper bound).
fn range(terms: &[Term], key: &Expr) -> (Bound, Bound) {
    let mut lo: Bound = None;
    let mut hi: Bound = None;
    for t in terms.iter().filter(|t| t.key == key && !t.value.is_null()) {
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

/// [`choose`] for the rows an UPDATE or DELETE changes, whose order shows (a UNIQUE
/// conflict or a trigger sees the rows changed before): SQLite also walks an index on
/// `x` when the whole WHERE is `x IS NOT NULL` (a virtual `x > NULL` term) for a
/// nullable `x`, though not for a SELECT, nor when any other term narrows its estimate
/// of a full scan (`EXPLAIN QUERY PLAN` of 3.40 and 3.54 agree).
pub fn choose_for_write(table: &Table, conjuncts: &[Expr]) -> Access {
    let chosen = choose(table, conjuncts);
    let [Expr::IsNull(x, true)] = conjuncts else {
        return chosen;
    };
    let Expr::Column(c) = **x else {
        return chosen;
    };
    let nullable = table
        .columns
        .get(c)
        .is_some_and(|col| !col.not_null && table.rowid_col != Some(c));
    if !matches!(chosen, Access::Full) || !nullable {
        return chosen;
    }
    let starts_with_x = |idx: &Index| {
        idx.exprs.is_empty() && idx.columns.first() == Some(&c) && usable(idx, conjuncts)
    };
    match table.indexes.iter().position(starts_with_x) {
        // Past the index's NULL keys: the bound is excluded NULL.
        Some(index) => Access::Index {
            index,
            eq: Vec::new(),
            lo: Some((Value::Null, false)),
            hi: None,
        },
        None => chosen,
    }
}
