//! GROUP BY ([`Plan::Aggregate`](crate::sql::plan::Plan::Aggregate)): rows into groups
//! by their group terms (equal under each term's collation), one output row per group:
//! the group terms, then each aggregate call's result.
//!
//! Which values a group shows for its terms and bare columns follows SQLite's
//! `updateAccumulator` (select.c), since under NOCASE ('a', 'A') or with 1 and 1.0 in
//! one group the rows differ. Without min() or max() calls the group shows its first
//! row. With them a register (`regHit`, here [`Group::skip`]) decides, row by row, and
//! keeps its value from one row to the next: each min()/max() call in turn, when it has
//! a FILTER, first sets it to "skip" unless the row is the group's first (with GROUP
//! BY, or when every such call has a FILTER), and, when the call takes the row, sets it
//! to whether its value did not become the call's. The row is shown unless it says
//! "skip".

use crate::error::Result;
use crate::sql::aggregate::{Accumulator, Took};
use crate::sql::collation::Collation;
use crate::sql::encoding::encode_key_value;
use crate::sql::exec::{Iter, Row};
use crate::sql::expr::Expr;
use crate::sql::plan::{AggCall, AggFunc};
use crate::sql::value::Value;
use rustc_hash::FxHashMap;

/// One group: its key, the values it shows for its terms, and one accumulator per call
/// (a bare column's accumulator holds the value it shows).
struct Group {
    key: Vec<u8>,
    shown: Row,
    accs: Vec<Accumulator>,
    /// SQLite's `regHit`: Some(true) = "do not show this row"; None = never set.
    skip: Option<bool>,
    /// No row has reached the group yet.
    empty: bool,
}

impl Group {
    fn new(key: Vec<u8>, aggs: &[AggCall]) -> Group {
        Group {
            key,
            shown: Vec::new(),
            accs: aggs.iter().map(Accumulator::new).collect(),
            empty: true,
            skip: None,
        }
    }
}

/// The grouped rows, in the order of the group keys (SQLite's sorter order).
pub(super) fn aggregate(
    mut input: Iter<'_>,
    groups: &[Expr],
    collations: &[Collation],
    aggs: &[AggCall],
    witness: &[usize],
) -> Result<Vec<Row>> {
    let mut index: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
    let mut states: Vec<Group> = Vec::new();
    let mut values = Vec::with_capacity(groups.len());
    let mut key = Vec::new();
    let mut took: Vec<Took> = vec![Took::Held; aggs.len()];
    // SQLite's regAcc: without GROUP BY only when every min()/max() has a FILTER.
    let first_row_flag = !groups.is_empty() || witness.iter().all(|&w| aggs[w].filter.is_some());
    while let Some(r) = input.next_row()? {
        let slot = if groups.is_empty() {
            // One group, whatever the rows: nothing to look up.
            if states.is_empty() {
                states.push(Group::new(Vec::new(), aggs));
            }
            0
        } else {
            values.clear();
            key.clear();
            for (g, &c) in groups.iter().zip(collations) {
                let v = g.eval(&r)?;
                encode_key_value(&mut key, &c.key(&v));
                values.push(v);
            }
            match index.get(key.as_slice()) {
                Some(&s) => s,
                None => {
                    index.insert(key.clone(), states.len());
                    states.push(Group::new(key.clone(), aggs));
                    states.len() - 1
                }
            }
        };
        let group = &mut states[slot];
        let first = std::mem::replace(&mut group.empty, false);
        for ((acc, call), took) in group.accs.iter_mut().zip(aggs).zip(&mut took) {
            *took = match call.func {
                AggFunc::Any => Took::Held,
                _ => acc.add(call, &r)?,
            };
        }
        let copy = if witness.is_empty() {
            first
        } else {
            for &w in witness {
                if aggs[w].filter.is_some() && first_row_flag {
                    group.skip = Some(!first);
                }
                if let Took::Stepped { fresh } = took[w] {
                    group.skip = Some(!fresh);
                }
            }
            group.skip != Some(true)
        };
        if copy {
            group.shown.clone_from(&values);
            for (acc, call) in group.accs.iter_mut().zip(aggs) {
                if call.func == AggFunc::Any {
                    acc.add(call, &r)?;
                }
            }
        }
    }
    if states.is_empty() && groups.is_empty() {
        states.push(Group::new(Vec::new(), aggs));
    }
    states.sort_by(|a, b| a.key.cmp(&b.key));
    states
        .into_iter()
        .map(|g| {
            // A group whose rows never loaded its columns shows NULLs.
            let mut row = g.shown;
            row.resize(groups.len(), Value::Null);
            for (a, call) in g.accs.into_iter().zip(aggs) {
                row.push(a.finish_call(call)?);
            }
            Ok(row)
        })
        .collect()
}
