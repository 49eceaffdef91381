//! The live graph the builder writes: flat arrays sized once in `Builder::new` (levels are
//! known up front from the seed), so inserting never allocates or moves link storage.
//!
//! A list is `[count, id_0 .. id_cap-1]` of `AtomicU32`: level 0 at a fixed stride of
//! 1 + M0 per node, upper levels in blocks of 1 + M, node n's level l ≥ 1 at block
//! `upper_first[n] + l − 1`. Writers hold the node's mutex and store ids (Relaxed) then
//! the count (Release); readers take no lock and load the count (Acquire) then the ids
//! (Relaxed). So a reader sees every id written before the count it read — never an
//! unwritten slot — and at worst a mix of an old and a new list of the same node and
//! level, whose ids are all valid nodes of that level. That is race-free in Rust's memory
//! model and costs nothing on x86.

use parking_lot::{Mutex, MutexGuard};
use std::sync::atomic::{AtomicU32, Ordering::*};

pub struct Graph {
    pub m: usize,
    pub m0: usize,
    pub levels: Vec<u8>,
    pub upper_first: Vec<u64>,
    level0: Vec<AtomicU32>,
    upper: Vec<AtomicU32>,
    locks: Vec<Mutex<()>>,
}

fn atomics(n: usize) -> Vec<AtomicU32> {
    super::huge::zeroed_vec(n)
}

impl Graph {
    pub fn new(levels: Vec<u8>, m: usize, m0: usize) -> Graph {
        let mut upper_first = Vec::with_capacity(levels.len());
        let mut blocks = 0u64;
        for &l in &levels {
            upper_first.push(blocks);
            blocks += l as u64;
        }
        let n = levels.len();
        Graph {
            m,
            m0,
            level0: atomics(n * (1 + m0)),
            upper: atomics(blocks as usize * (1 + m)),
            locks: (0..n).map(|_| Mutex::new(())).collect(),
            levels,
            upper_first,
        }
    }

    pub fn len(&self) -> usize {
        self.levels.len()
    }

    /// Total upper-level blocks (the sum of node levels).
    pub fn upper_blocks(&self) -> u64 {
        (self.upper.len() / (1 + self.m)) as u64
    }

    pub fn capacity(&self, level: usize) -> usize {
        if level == 0 {
            self.m0
        } else {
            self.m
        }
    }

    fn list(&self, node: u32, level: usize) -> &[AtomicU32] {
        if level == 0 {
            let s = node as usize * (1 + self.m0);
            &self.level0[s..s + 1 + self.m0]
        } else {
            debug_assert!(level <= self.levels[node as usize] as usize);
            let b = (self.upper_first[node as usize] + level as u64 - 1) as usize;
            &self.upper[b * (1 + self.m)..(b + 1) * (1 + self.m)]
        }
    }

    /// Hint that `node`'s list on `level` is read soon.
    #[inline]
    pub fn prefetch(&self, node: u32, level: usize) {
        super::simd::prefetch_all(self.list(node, level));
    }

    pub fn lock(&self, node: u32) -> MutexGuard<'_, ()> {
        self.locks[node as usize].lock()
    }

    /// Copies a list (no lock needed: see the module comment).
    pub fn read(&self, node: u32, level: usize, out: &mut Vec<u32>) {
        let list = self.list(node, level);
        let n = (list[0].load(Acquire) as usize).min(list.len() - 1);
        out.clear();
        out.extend(list[1..=n].iter().map(|a| a.load(Relaxed)));
    }

    /// Replaces a list. The caller holds `lock(node)`; `ids.len()` ≤ capacity.
    pub fn write(&self, node: u32, level: usize, ids: impl ExactSizeIterator<Item = u32>) {
        let list = self.list(node, level);
        let n = ids.len();
        debug_assert!(n < list.len());
        for (slot, id) in list[1..].iter().zip(ids) {
            slot.store(id, Relaxed);
        }
        list[0].store(n as u32, Release);
    }

    /// Appends one id to a list that has room. The caller holds `lock(node)`.
    pub fn push(&self, node: u32, level: usize, id: u32) {
        let list = self.list(node, level);
        let n = list[0].load(Relaxed) as usize;
        debug_assert!(n + 1 < list.len());
        list[1 + n].store(id, Relaxed);
        list[0].store(n as u32 + 1, Release);
    }

    /// Plain copies for the file writer. Relaxed is enough: the writer first reads
    /// `Builder::inserted` == N with Acquire, pairing with each insert's Release.
    pub fn level0_words(&self) -> impl Iterator<Item = u32> + '_ {
        self.level0.iter().map(|a| a.load(Relaxed))
    }

    pub fn upper_words(&self) -> impl Iterator<Item = u32> + '_ {
        self.upper.iter().map(|a| a.load(Relaxed))
    }
}
