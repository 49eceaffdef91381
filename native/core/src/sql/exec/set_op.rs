//! UNION [ALL], EXCEPT and INTERSECT ([`Plan::Set`](crate::sql::plan::Plan::Set)): two
//! sides' rows in, the compound's rows out. Rows are equal when each column is equal
//! under the compound's collation for it, and of equal rows SQLite keeps one that
//! depends on how it ran the compound ([`crate::sql::compound`]), so both ways are here.

use crate::sql::collation::Collation;
use crate::sql::encoding::collated_key_of;
use crate::sql::exec::{compare_rows, Row};
use crate::sql::plan::{SetOp, SortKey};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};

/// Without ORDER BY SQLite fills a temporary index keyed by the whole row and reads the
/// rows back in its order. As SQLite 3.54 (and the bundled SQLite of the differential
/// test) keeps them: of the left side's equal rows the first; a right-side row (the
/// first of its equals) then replaces an equal left one under UNION; EXCEPT drops the
/// left rows the right side has, INTERSECT keeps only those. (SQLite 3.40 kept the last
/// of the left side's equals.) UNION ALL is both sides one after the other.
pub fn through_index(
    op: SetOp,
    mut left: Vec<Row>,
    right: Vec<Row>,
    colls: &[Collation],
) -> Vec<Row> {
    let key = |r: &Row| collated_key_of(r, colls);
    if op == SetOp::UnionAll {
        left.extend(right);
        return left;
    }
    let mut index: BTreeMap<Vec<u8>, Row> = BTreeMap::new();
    for r in left {
        index.entry(key(&r)).or_insert(r);
    }
    match op {
        SetOp::Union => {
            let mut seen = HashSet::new();
            for r in right {
                let k = key(&r);
                if seen.insert(k.clone()) {
                    index.insert(k, r);
                }
            }
        }
        SetOp::Except => {
            for r in &right {
                index.remove(&key(r));
            }
        }
        SetOp::Intersect => {
            let other: HashSet<Vec<u8>> = right.iter().map(key).collect();
            index.retain(|k, _| other.contains(k));
        }
        SetOp::UnionAll => unreachable!("returned above"),
    }
    index.into_values().collect()
}

/// With ORDER BY SQLite merges the two sides as `multiSelectOrderBy` does: each side is
/// sorted by `keys` (ties in arrival order); while the sides' heads are equal the left's
/// is dropped under UNION and EXCEPT and taken under INTERSECT; a row equal (under
/// `colls`) to the row output before it is not output again.
pub fn merged(
    op: SetOp,
    mut left: Vec<Row>,
    right: Vec<Row>,
    colls: &[Collation],
    keys: &[SortKey],
) -> Vec<Row> {
    if op == SetOp::UnionAll {
        // Equal heads: the left's first; the ORDER BY above sorts them (stably).
        left.extend(right);
        return left;
    }
    let mut right = right;
    left.sort_by(|a, b| compare_rows(a, b, keys));
    right.sort_by(|a, b| compare_rows(a, b, keys));
    let mut out = Vec::new();
    let mut last: Option<Vec<u8>> = None;
    let mut emit = |r: Row| {
        let k = collated_key_of(&r, colls);
        if last.as_ref() != Some(&k) {
            last = Some(k);
            out.push(r);
        }
    };
    let (mut a, mut b) = (left.into_iter().peekable(), right.into_iter().peekable());
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => compare_rows(x, y, keys),
        };
        match (op, order) {
            // The right side is used up: EXCEPT and UNION keep the rest of the left.
            (SetOp::Intersect, _) if b.peek().is_none() => break,
            (SetOp::Except | SetOp::Intersect, Ordering::Greater) if a.peek().is_none() => break,
            (SetOp::Union | SetOp::Except, Ordering::Less) => emit(a.next().expect("peeked")),
            (SetOp::Intersect, Ordering::Less) => {
                a.next();
            }
            (SetOp::Union | SetOp::Except, Ordering::Equal) => {
                a.next();
            }
            (SetOp::Intersect, Ordering::Equal) => emit(a.next().expect("peeked")),
            (SetOp::Union, Ordering::Greater) => emit(b.next().expect("peeked")),
            (_, Ordering::Greater) => {
                b.next();
            }
            (SetOp::UnionAll, _) => unreachable!("returned above"),
        }
    }
    out
}
