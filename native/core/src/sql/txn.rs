//! Pending writes over the store. A statement, and a BEGIN … COMMIT transaction, write
//! into [`Pending`]; reads go through [`Db`], which merges the pending writes over the
//! store, so a statement reads its own writes. COMMIT (or the end of an autocommit
//! statement) turns the pending writes into one `WriteBatch`: one atomic store write.
//! A failed statement drops everything pending: the statement in autocommit mode, the
//! whole transaction inside BEGIN … COMMIT.

use crate::error::Result;
use crate::store::{ScanIter, ScanRange, Store, WriteBatch};
use std::borrow::Cow;
use std::collections::btree_map::{self, BTreeMap};
use std::iter::Peekable;
use std::ops::Bound;

type Map = BTreeMap<Vec<u8>, Option<Vec<u8>>>;
type Entry = (Vec<u8>, Option<Vec<u8>>);

/// A tail this long is merged into the tree when a write lands below it by one linear
/// merge (`append`) rather than key by key, if it is also large next to the tree.
const TAIL_MERGE_MIN: usize = 64;

#[derive(Default)]
pub struct Pending {
    map: Map,
    /// Writes whose keys arrived in ascending order above every key in `map` (an INSERT
    /// in rowid order, INSERT … SELECT of a million rows): a sorted Vec, where adding one
    /// costs no descent of the tree. Every key lives in exactly one of `map` and `tail`.
    tail: Vec<Entry>,
}

impl Pending {
    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.write(key, Some(value));
    }

    pub fn delete(&mut self, key: Vec<u8>) {
        self.write(key, None);
    }

    fn write(&mut self, key: Vec<u8>, value: Option<Vec<u8>>) {
        let above = match self.tail.last() {
            Some((last, _)) => key > *last,
            None => self.map.last_key_value().is_none_or(|(k, _)| key > *k),
        };
        if above {
            self.tail.push((key, value));
            return;
        }
        self.merge_tail();
        self.map.insert(key, value);
    }

    /// Moves the tail into the tree.
    fn merge_tail(&mut self) {
        if self.tail.len() >= TAIL_MERGE_MIN && self.tail.len() * 8 >= self.map.len() {
            // Sorted, unique keys: built bottom-up, then merged in linear time.
            let mut tail: Map = self.tail.drain(..).collect();
            self.map.append(&mut tail);
        } else {
            self.map.extend(self.tail.drain(..));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.tail.is_empty()
    }

    /// Forgets everything pending (a failed statement, a ROLLBACK).
    pub fn clear(&mut self) {
        self.map.clear();
        self.tail.clear();
    }

    /// Writes everything pending to the store in one atomic batch.
    pub fn commit(&mut self, store: &mut Store) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let mut batch = WriteBatch::new();
        // Every tail key is above every tree key: this is key order.
        for (k, v) in self.map.iter().chain(self.tail.iter().map(split)) {
            match v {
                Some(v) => batch.put(k, v),
                None => batch.delete(k),
            }
        }
        self.clear();
        store.write(&batch)?;
        Ok(())
    }

    fn get(&self, key: &[u8]) -> Option<&Option<Vec<u8>>> {
        match self.tail.first() {
            Some((first, _)) if key >= first.as_slice() => self
                .tail
                .binary_search_by(|(k, _)| k.as_slice().cmp(key))
                .ok()
                .map(|i| &self.tail[i].1),
            _ => self.map.get(key),
        }
    }

    /// Pending writes in `[start, end)`, in key order.
    fn range<'a>(&'a self, start: &[u8], end: Option<&[u8]>) -> MemIter<'a> {
        let lo = self.tail.partition_point(|(k, _)| k.as_slice() < start);
        let hi = end.map_or(self.tail.len(), |e| {
            self.tail.partition_point(|(k, _)| k.as_slice() < e)
        });
        let tree = self.map.range::<[u8], _>((
            Bound::Included(start),
            end.map_or(Bound::Unbounded, Bound::Excluded),
        ));
        tree.chain(self.tail[lo..hi.max(lo)].iter().map(split as SplitFn<'a>))
    }
}

type SplitFn<'a> = fn(&'a Entry) -> (&'a Vec<u8>, &'a Option<Vec<u8>>);
type MemIter<'a> = std::iter::Chain<
    btree_map::Range<'a, Vec<u8>, Option<Vec<u8>>>,
    std::iter::Map<std::slice::Iter<'a, Entry>, SplitFn<'a>>,
>;

fn split(e: &Entry) -> (&Vec<u8>, &Option<Vec<u8>>) {
    (&e.0, &e.1)
}

/// A read view: the store with the pending writes on top.
#[derive(Clone, Copy)]
pub struct Db<'a> {
    pub store: &'a Store,
    pub pending: &'a Pending,
}

impl<'a> Db<'a> {
    pub fn get(&self, key: &[u8]) -> Result<Option<Cow<'a, [u8]>>> {
        match self.pending.get(key) {
            Some(Some(v)) => Ok(Some(Cow::Borrowed(v))),
            Some(None) => Ok(None),
            None => Ok(self.store.get_ref(key)?.map(Cow::Borrowed)),
        }
    }

    /// Ascending scan of `[start, end)` (`end` `None`: to the end of the key space).
    pub fn scan(&self, start: Vec<u8>, end: Option<Vec<u8>>) -> Result<Merged<'a>> {
        let end_bound = end.clone().map_or(Bound::Unbounded, Bound::Excluded);
        let mem = self.pending.range(&start, end.as_deref());
        let range = ScanRange {
            start: Bound::Included(start),
            end: end_bound,
            reverse: false,
        };
        Ok(Merged {
            store: self.store.scan(range)?,
            key: Vec::new(),
            value: Vec::new(),
            have_store: false,
            need_store: true,
            mem: mem.peekable(),
        })
    }

    pub fn scan_prefix(&self, prefix: &[u8]) -> Result<Merged<'a>> {
        self.scan(prefix.to_vec(), super::encoding::prefix_end(prefix))
    }
}

/// A merged ascending scan: pending writes win over the store on equal keys.
pub struct Merged<'a> {
    store: ScanIter<'a>,
    key: Vec<u8>,
    value: Vec<u8>,
    have_store: bool,
    need_store: bool,
    mem: Peekable<MemIter<'a>>,
}

impl<'a> Merged<'a> {
    /// The next live entry, borrowed until the next call.
    pub fn next_entry(&mut self) -> Result<Option<(&[u8], &[u8])>> {
        loop {
            if self.need_store {
                self.need_store = false;
                self.have_store = match self.store.next_entry()? {
                    Some((k, v)) => {
                        self.key.clear();
                        self.key.extend_from_slice(k);
                        self.value.clear();
                        self.value.extend_from_slice(v);
                        true
                    }
                    None => false,
                };
            }
            let from_mem = match (self.have_store, self.mem.peek()) {
                (false, None) => return Ok(None),
                (true, None) => false,
                (false, Some(_)) => true,
                (true, Some((mk, _))) => match self.key.as_slice().cmp(mk.as_slice()) {
                    std::cmp::Ordering::Less => false,
                    std::cmp::Ordering::Equal => {
                        self.need_store = true;
                        true
                    }
                    std::cmp::Ordering::Greater => true,
                },
            };
            if !from_mem {
                self.need_store = true;
                return Ok(Some((&self.key, &self.value)));
            }
            let (k, v) = self.mem.next().expect("peeked");
            if let Some(v) = v {
                return Ok(Some((k, v)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs of ascending keys (the tail) broken by writes below them (merged into the
    /// tree, key by key or in one append): reads always agree with a plain map.
    #[test]
    fn pending_reads_as_a_plain_map_whatever_the_write_order() {
        let mut pending = Pending::default();
        let mut model = Map::new();
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let mut ascending = 0u32;
        for step in 0..5000 {
            // Short runs first (merged key by key), then long ones (merged by append).
            let run_end = if step < 2500 { 3 } else { 1 };
            let key = if next() % 200 >= run_end {
                ascending += 1 + next() % 3;
                ascending
            } else {
                next() % (ascending + 1)
            };
            let key = key.to_be_bytes().to_vec();
            let value = (next() % 5 != 0).then(|| vec![step as u8]);
            match value.clone() {
                Some(v) => pending.put(key.clone(), v),
                None => pending.delete(key.clone()),
            }
            model.insert(key, value);
            if step % 97 == 0 {
                for probe in [0u32, ascending / 2, ascending, ascending + 1] {
                    let k = probe.to_be_bytes();
                    assert_eq!(
                        pending.get(&k),
                        model.get(k.as_slice()),
                        "get {probe} at step {step}"
                    );
                }
                let (lo, hi) = (
                    (ascending / 3).to_be_bytes(),
                    (ascending / 2 + 5).to_be_bytes(),
                );
                let got: Vec<_> = pending.range(&lo, Some(&hi)).collect();
                let want: Vec<_> = model
                    .range::<[u8], _>((Bound::Included(&lo[..]), Bound::Excluded(&hi[..])))
                    .collect();
                assert_eq!(got, want, "range at step {step}");
                let all: Vec<_> = pending.range(&[], None).collect();
                assert!(
                    all.iter().copied().eq(model.iter()),
                    "full range at step {step}"
                );
            }
        }
        assert!(
            !pending.tail.is_empty() && !pending.map.is_empty(),
            "both parts exercised"
        );
    }
}
