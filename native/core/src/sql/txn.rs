//! Pending writes over the store. A statement, and a BEGIN … COMMIT transaction, write
//! into [`Pending`]; reads go through [`Db`], which merges the pending writes over the
//! store, so a statement reads its own writes. COMMIT (or the end of an autocommit
//! statement) turns the pending writes into one `WriteBatch`: one atomic store write.
//! A failed statement drops everything pending: the statement in autocommit mode, the
//! whole transaction inside BEGIN … COMMIT.
//! While a savepoint is open, every write also keeps what it replaced, so
//! [`Pending::rollback_to`] can undo the writes after a [`Pending::mark`].

use crate::error::Result;
use crate::store::{ScanIter, ScanRange, Store, WriteBatch};
use std::borrow::Cow;
use std::collections::btree_map::{self, BTreeMap};
use std::iter::Peekable;
use std::ops::Bound;

type Map = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// A key and what was pending for it before a write (`None`: nothing).
type Undo = (Vec<u8>, Option<Option<Vec<u8>>>);

/// A tail this long is merged into the tree when a write lands below it by one linear
/// merge (`append`) rather than key by key, if it is also large next to the tree.
const TAIL_MERGE_MIN: usize = 64;

/// `value_len` of a tail entry that is a delete.
const TOMBSTONE: u32 = u32::MAX;

#[derive(Default)]
pub struct Pending {
    map: Map,
    /// Writes whose keys arrived in ascending order above every key in `map` (an INSERT
    /// in rowid order, INSERT … SELECT of a million rows): kept in one byte arena, where
    /// adding one costs no descent of the tree and no allocation of its own. Every key
    /// lives in exactly one of `map` and `tail`.
    tail: Vec<TailEntry>,
    /// Each tail entry's key, then its value.
    arena: Vec<u8>,
    /// Key and value bytes written, overwritten ones included (an upper bound of the
    /// batch's size, which decides how it is committed).
    bytes: u64,
    /// While a savepoint is open: each write's key and what was pending for it before
    /// (`None`: nothing), oldest first, so a ROLLBACK TO can undo the writes after it.
    undo: Option<Vec<Undo>>,
}

#[derive(Clone, Copy)]
struct TailEntry {
    start: usize,
    key_len: u32,
    /// [`TOMBSTONE`] for a delete.
    value_len: u32,
}

impl Pending {
    pub fn put(&mut self, key: &[u8], value: &[u8]) {
        self.put_with(key, |out| out.extend_from_slice(value));
    }

    /// Puts the value `encode` appends to the buffer it is given: in the ascending case
    /// straight into the arena, with no buffer of its own.
    pub fn put_with(&mut self, key: &[u8], encode: impl FnOnce(&mut Vec<u8>)) {
        self.remember(key);
        if self.is_above(key) {
            let start = self.arena.len();
            self.arena.extend_from_slice(key);
            encode(&mut self.arena);
            let value_start = start + key.len();
            match u32::try_from(self.arena.len() - value_start) {
                Ok(n) if n != TOMBSTONE => self.push_tail(start, key.len(), n),
                // Too long for the tail (the store refuses it at commit, past its size limit).
                _ => {
                    let value = self.arena.split_off(value_start);
                    self.arena.truncate(start);
                    self.bytes += (key.len() + value.len()) as u64;
                    self.insert_below(key, Some(value));
                }
            }
        } else {
            let mut value = Vec::new();
            encode(&mut value);
            self.bytes += (key.len() + value.len()) as u64;
            self.insert_below(key, Some(value));
        }
    }

    pub fn delete(&mut self, key: &[u8]) {
        self.remember(key);
        if self.is_above(key) {
            let start = self.arena.len();
            self.arena.extend_from_slice(key);
            self.push_tail(start, key.len(), TOMBSTONE);
        } else {
            self.bytes += key.len() as u64;
            self.insert_below(key, None);
        }
    }

    /// Records what is pending for `key` before a write, while a savepoint is open.
    fn remember(&mut self, key: &[u8]) {
        if self.undo.is_some() {
            let before = self.get(key).map(|v| v.map(<[u8]>::to_vec));
            if let Some(undo) = &mut self.undo {
                undo.push((key.to_vec(), before));
            }
        }
    }

    /// A point to roll back to ([`Pending::rollback_to`]); from now on every write
    /// keeps what it replaces.
    pub fn mark(&mut self) -> usize {
        self.undo.get_or_insert_with(Vec::new).len()
    }

    /// Undoes every write since `mark`, newest first; later marks are gone.
    pub fn rollback_to(&mut self, mark: usize) {
        let Some(undo) = self.undo.take() else { return };
        self.merge_tail();
        let mut undo = undo;
        for (key, before) in undo.drain(mark..).rev() {
            match before {
                Some(v) => self.map.insert(key, v),
                None => self.map.remove(&key),
            };
        }
        self.undo = Some(undo);
    }

    /// No savepoint is open any more: writes stop keeping what they replace.
    pub fn forget_marks(&mut self) {
        self.undo = None;
    }

    /// Whether `key` is above every pending key (it then joins the tail).
    fn is_above(&self, key: &[u8]) -> bool {
        match self.tail.last() {
            Some(last) => key > self.key_at(*last),
            None => self
                .map
                .last_key_value()
                .is_none_or(|(k, _)| key > k.as_slice()),
        }
    }

    fn push_tail(&mut self, start: usize, key_len: usize, value_len: u32) {
        self.bytes += (self.arena.len() - start) as u64;
        self.tail.push(TailEntry {
            start,
            // Keys are at most 64 KiB (the store refuses longer ones at commit; the SQL
            // layer's keys are far shorter).
            key_len: key_len as u32,
            value_len,
        });
    }

    /// A write below the tail: the tail moves into the tree first.
    fn insert_below(&mut self, key: &[u8], value: Option<Vec<u8>>) {
        self.merge_tail();
        self.map.insert(key.to_vec(), value);
    }

    /// Moves the tail into the tree.
    fn merge_tail(&mut self) {
        let owned = |e: &TailEntry| {
            (
                self.key_at(*e).to_vec(),
                self.value_at(*e).map(<[u8]>::to_vec),
            )
        };
        if self.tail.len() >= TAIL_MERGE_MIN && self.tail.len() * 8 >= self.map.len() {
            // Sorted, unique keys: built bottom-up, then merged in linear time.
            let mut tail: Map = self.tail.iter().map(owned).collect();
            self.map.append(&mut tail);
        } else {
            let tail: Vec<_> = self.tail.iter().map(owned).collect();
            self.map.extend(tail);
        }
        self.tail.clear();
        self.arena.clear();
    }

    fn key_at(&self, e: TailEntry) -> &[u8] {
        &self.arena[e.start..e.start + e.key_len as usize]
    }

    fn value_at(&self, e: TailEntry) -> Option<&[u8]> {
        if e.value_len == TOMBSTONE {
            return None;
        }
        let start = e.start + e.key_len as usize;
        Some(&self.arena[start..start + e.value_len as usize])
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.tail.is_empty()
    }

    /// Forgets everything pending (a failed statement, a ROLLBACK).
    pub fn clear(&mut self) {
        self.map.clear();
        self.tail.clear();
        self.arena.clear();
        self.bytes = 0;
        self.undo = None;
    }

    /// Writes everything pending to the store in one atomic batch: a large one straight
    /// into a segment ([`Store::ingest`]), others through the WAL.
    pub fn commit(&mut self, store: &mut Store) -> Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        let entries = self.range(&[], None);
        if self.bytes >= store.ingest_threshold_bytes() {
            store.ingest(entries)?;
        } else {
            let mut batch = WriteBatch::new();
            for (k, v) in entries {
                match v {
                    Some(v) => batch.put(k, v),
                    None => batch.delete(k),
                }
            }
            store.write(&batch)?;
        }
        self.clear();
        Ok(())
    }

    /// `Some(None)`: deleted; `None`: not written.
    fn get(&self, key: &[u8]) -> Option<Option<&[u8]>> {
        match self.tail.first() {
            Some(first) if key >= self.key_at(*first) => self
                .tail
                .binary_search_by(|e| self.key_at(*e).cmp(key))
                .ok()
                .map(|i| self.value_at(self.tail[i])),
            _ => self.map.get(key).map(Option::as_deref),
        }
    }

    /// Pending writes in `[start, end)`, in key order.
    fn range<'a>(&'a self, start: &[u8], end: Option<&[u8]>) -> PendingRange<'a> {
        // An empty range may come in reversed (`x BETWEEN 3.5 AND '2.5'` on an index).
        let end = end.map(|end| end.max(start));
        let lo = self.tail.partition_point(|e| self.key_at(*e) < start);
        let hi = end.map_or(self.tail.len(), |end| {
            self.tail.partition_point(|e| self.key_at(*e) < end)
        });
        let tree = self.map.range::<[u8], _>((
            Bound::Included(start),
            end.map_or(Bound::Unbounded, Bound::Excluded),
        ));
        PendingRange {
            pending: self,
            tree,
            // Every tail key is above every tree key: the tail follows the tree.
            tail: self.tail[lo..hi.max(lo)].iter(),
        }
    }
}

/// Pending writes of a key range in key order: the tree's, then the tail's.
struct PendingRange<'a> {
    pending: &'a Pending,
    tree: btree_map::Range<'a, Vec<u8>, Option<Vec<u8>>>,
    tail: std::slice::Iter<'a, TailEntry>,
}

impl<'a> Iterator for PendingRange<'a> {
    type Item = (&'a [u8], Option<&'a [u8]>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some((k, v)) = self.tree.next() {
            return Some((k.as_slice(), v.as_deref()));
        }
        let e = *self.tail.next()?;
        Some((self.pending.key_at(e), self.pending.value_at(e)))
    }
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
    mem: Peekable<PendingRange<'a>>,
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
                (true, Some((mk, _))) => match self.key.as_slice().cmp(mk) {
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
                Some(v) => pending.put(&key, &v),
                None => pending.delete(&key),
            }
            model.insert(key, value);
            if step % 97 == 0 {
                for probe in [0u32, ascending / 2, ascending, ascending + 1] {
                    let k = probe.to_be_bytes();
                    assert_eq!(
                        pending.get(&k),
                        model.get(k.as_slice()).map(Option::as_deref),
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
                    .map(|(k, v)| (k.as_slice(), v.as_deref()))
                    .collect();
                assert_eq!(got, want, "range at step {step}");
                let all: Vec<_> = pending.range(&[], None).collect();
                assert!(
                    all.iter()
                        .copied()
                        .eq(model.iter().map(|(k, v)| (k.as_slice(), v.as_deref()))),
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
