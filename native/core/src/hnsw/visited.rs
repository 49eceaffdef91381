//! Per-thread search scratch: an epoch-stamped visited array and the two heaps of the
//! layer search. Kept in a thread_local and reused, so neither insert nor search allocates
//! in steady state, and `Index::search(&self)` needs no lock.

use super::codes::{NodeCode, QueryCode};
use std::cell::RefCell;
use std::cmp::Ordering as CmpOrdering;
use std::collections::BinaryHeap;

/// A candidate: distance to the query, then node id (ties go to the lower id, so the
/// order is total and deterministic even with equal distances).
#[derive(Clone, Copy, Debug)]
pub struct Cand {
    pub dist: f32,
    pub id: u32,
}

impl PartialEq for Cand {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == CmpOrdering::Equal
    }
}
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, o: &Self) -> Option<CmpOrdering> {
        Some(self.cmp(o))
    }
}
impl Ord for Cand {
    /// `total_cmp` so a NaN from a corrupt file orders somewhere instead of panicking.
    fn cmp(&self, o: &Self) -> CmpOrdering {
        self.dist.total_cmp(&o.dist).then(self.id.cmp(&o.id))
    }
}

/// Visited set as epochs: a node is visited when its stamp equals the current epoch, so
/// clearing is one increment. u16 halves the cache footprint; the array is wiped once
/// every 65,535 searches.
#[derive(Default)]
pub struct Visited {
    marks: Vec<u16>,
    epoch: u16,
}

impl Visited {
    pub fn reset(&mut self, n: usize) {
        if self.marks.len() < n {
            self.marks.resize(n, 0);
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.marks.fill(0);
            self.epoch = 1;
        }
    }

    /// True if `i` was marked since the last `reset`.
    #[inline]
    pub fn contains(&self, i: u32) -> bool {
        self.marks[i as usize] == self.epoch
    }

    /// Marks `i`; true if it was not visited yet. `i` must be below the `n` of `reset`.
    #[inline]
    pub fn insert(&mut self, i: u32) -> bool {
        let m = &mut self.marks[i as usize];
        if *m == self.epoch {
            false
        } else {
            *m = self.epoch;
            true
        }
    }
}

#[derive(Default)]
pub struct Scratch {
    pub visited: Visited,
    /// Min-heap of nodes still to expand.
    pub candidates: BinaryHeap<std::cmp::Reverse<Cand>>,
    /// Max-heap of the best `ef` found so far.
    pub top: BinaryHeap<Cand>,
    /// A copy of one neighbour list.
    pub links: Vec<u32>,
    /// A second list, for the filtered walk's neighbours of neighbours (filter.rs).
    pub hop: Vec<u32>,
    /// The filtered walk's allowed nodes to score from one expansion.
    pub next: Vec<u32>,
    /// Filtered-out nodes the filtered walk already scored to route by.
    pub routed: Visited,
    /// Sorted candidate lists and selection output for the insert path.
    pub sorted: Vec<Cand>,
    pub selected: Vec<Cand>,
    pub pool: Vec<Cand>,
    pub shrunk: Vec<Cand>,
    /// The query's code, reused between searches.
    pub query: QueryCode,
    /// The node an insert scores candidates against, reused between inserts.
    pub node: NodeCode,
    /// The candidate the neighbour selection compares with the nodes it keeps.
    pub pair_node: NodeCode,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch. A nested call (none exists today) gets a fresh
/// scratch instead of panicking on the RefCell.
pub fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}
