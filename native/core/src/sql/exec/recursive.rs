//! Running a recursive CTE ([`Plan::Recursive`], planned in [`crate::sql::cte`]): the
//! queue, the row being expanded, and UNION's memory of the rows already queued.

use crate::error::Result;
use crate::sql::collation::Collation;
use crate::sql::cte::WorkingRows;
use crate::sql::encoding::collated_key_of;
use crate::sql::exec::{collect, compare_rows, Row, RowIter};
use crate::sql::plan::{Plan, SortKey};
use crate::sql::txn::Db;
use crate::sql::value::Affinity;
use std::collections::{HashSet, VecDeque};

/// A recursive CTE's rows ([`Plan::Recursive`]): each row taken from the queue is
/// returned, and expanded by the step on the next call, so a LIMIT above stops it.
pub struct Recursive<'a> {
    pub step: &'a Plan,
    pub rows: &'a WorkingRows,
    pub db: Db<'a>,
    pub distinct: bool,
    /// How `distinct` compares each column.
    pub collations: &'a [Collation],
    pub order: &'a [SortKey],
    pub affinities: &'a [Option<Affinity>],
    pub queue: VecDeque<Row>,
    pub seen: HashSet<Vec<u8>>,
    pub expand: Option<Row>,
}

impl Recursive<'_> {
    pub fn admit(&mut self, row: Row) {
        let row: Row = row
            .into_iter()
            .zip(self.affinities)
            .map(|(v, a)| match a {
                Some(a) => v.apply_affinity(*a),
                None => v,
            })
            .collect();
        if !self.distinct || self.seen.insert(collated_key_of(&row, self.collations)) {
            self.queue.push_back(row);
        }
    }

    /// The next row of the queue: the first, or the least in `order` (the first of
    /// equals).
    fn take(&mut self) -> Option<Row> {
        if self.order.is_empty() {
            return self.queue.pop_front();
        }
        let mut best = 0;
        for i in 1..self.queue.len() {
            if compare_rows(&self.queue[i], &self.queue[best], self.order).is_lt() {
                best = i;
            }
        }
        self.queue.remove(best)
    }
}

impl RowIter for Recursive<'_> {
    fn next_row(&mut self) -> Result<Option<Row>> {
        if let Some(row) = self.expand.take() {
            *self.rows.borrow_mut() = vec![row];
            for r in collect(self.step, self.db)? {
                self.admit(r);
            }
        }
        let Some(row) = self.take() else {
            return Ok(None);
        };
        self.expand = Some(row.clone());
        Ok(Some(row))
    }
}
