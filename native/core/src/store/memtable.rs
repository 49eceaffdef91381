//! The memtable: every write since the last checkpoint, ordered by key, newest value per
//! key, where a tombstone (which must reach the next segment to hide older values) is
//! kept as an entry without a value.
//!
//! Laid out for bulk imports of random keys, where a `BTreeMap<Vec<u8>, Vec<u8>>` spends
//! most of its time chasing a key pointer per comparison and in malloc: short keys live
//! inline in the tree's nodes, and values are appended to one arena. An overwritten value
//! stays in the arena as garbage until the checkpoint clears it; the arena is bounded by
//! the WAL size limit like everything else here.

use super::wal::Op;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{btree_map, BTreeMap};

const INLINE: usize = 22;

/// A key, inline up to 22 bytes (24 bytes in all, the size of a `Vec`).
#[derive(Clone)]
pub enum MemKey {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<[u8]>),
}

impl MemKey {
    fn new(key: &[u8]) -> MemKey {
        if key.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..key.len()].copy_from_slice(key);
            MemKey::Inline {
                len: key.len() as u8,
                bytes,
            }
        } else {
            MemKey::Heap(key.into())
        }
    }

    pub fn as_slice(&self) -> &[u8] {
        match self {
            MemKey::Inline { len, bytes } => &bytes[..*len as usize],
            MemKey::Heap(b) => b,
        }
    }
}

impl Borrow<[u8]> for MemKey {
    fn borrow(&self) -> &[u8] {
        self.as_slice()
    }
}

impl PartialEq for MemKey {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for MemKey {}

impl PartialOrd for MemKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MemKey {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.as_slice(), other.as_slice());
        // Fast path: the first 8 bytes as a big-endian integer order like the bytes, and
        // they decide most comparisons without a call to memcmp.
        if let (Some(x), Some(y)) = (a.get(..8), b.get(..8)) {
            let (x, y) = (
                u64::from_be_bytes(x.try_into().unwrap()),
                u64::from_be_bytes(y.try_into().unwrap()),
            );
            if x != y {
                return x.cmp(&y);
            }
        }
        a.cmp(b)
    }
}

/// Where a value lies in the arena; `len == TOMBSTONE` marks a delete.
#[derive(Clone, Copy)]
pub struct Slot {
    off: usize,
    len: u32,
}

impl Slot {
    /// Value bytes, 0 for a tombstone.
    fn value_len(&self) -> usize {
        if self.len == TOMBSTONE {
            0
        } else {
            self.len as usize
        }
    }
}

/// [`Memtable::apply`] builds a batch at least this many times the table's size as a tree
/// of its own and merges it in.
const BULK_RATIO: usize = 4;

const TOMBSTONE: u32 = u32::MAX;

#[derive(Default)]
pub struct Memtable {
    map: BTreeMap<MemKey, Slot>,
    arena: Vec<u8>,
    /// Live key and value bytes, for stats.
    bytes: usize,
}

pub type MemRange<'a> = btree_map::Range<'a, MemKey, Slot>;

impl Memtable {
    /// Applies a batch in order (later writes to a key win). Large batches are applied
    /// in key order (a stable sort keeps that rule): consecutive inserts then share their
    /// path down the tree, which stays in cache.
    pub fn apply(&mut self, ops: &[Op<'_>]) {
        if ops.len() <= 64 {
            ops.iter().for_each(|op| self.apply_one(*op));
            return;
        }
        let mut sorted = ops.to_vec();
        sorted.sort_by(|a, b| a.key.cmp(b.key));
        if ops.len() >= BULK_RATIO * self.map.len() {
            self.apply_bulk(&sorted);
        } else {
            sorted.into_iter().for_each(|op| self.apply_one(op));
        }
    }

    /// A batch much larger than the table (a bulk INSERT, an import into an empty
    /// store): build a tree of the batch in one pass, then merge it in (`append`, linear
    /// in both sizes), instead of one descent of the tree per key. `sorted` is in key
    /// order, later writes to a key after earlier ones.
    fn apply_bulk(&mut self, sorted: &[Op<'_>]) {
        let mut fresh = Vec::with_capacity(sorted.len());
        for (i, op) in sorted.iter().enumerate() {
            if sorted.get(i + 1).is_some_and(|next| next.key == op.key) {
                continue; // a later write to the same key wins
            }
            match self.map.get(op.key) {
                Some(old) => self.bytes -= old.value_len(),
                None => self.bytes += op.key.len(),
            }
            let slot = self.store_value(op.value);
            self.bytes += slot.value_len();
            fresh.push((MemKey::new(op.key), slot));
        }
        // Keys are unique and sorted: the tree is built bottom-up, without comparisons.
        let mut tree: BTreeMap<MemKey, Slot> = fresh.into_iter().collect();
        self.map.append(&mut tree);
    }

    /// Copies a value into the arena; `None` is a tombstone.
    fn store_value(&mut self, value: Option<&[u8]>) -> Slot {
        match value {
            Some(v) => {
                let off = self.arena.len();
                self.arena.extend_from_slice(v);
                // Values are at most MAX_VALUE_LEN (256 MiB), below TOMBSTONE.
                Slot {
                    off,
                    len: v.len() as u32,
                }
            }
            None => Slot {
                off: 0,
                len: TOMBSTONE,
            },
        }
    }

    pub fn apply_one(&mut self, op: Op<'_>) {
        let slot = self.store_value(op.value);
        self.bytes += slot.value_len();
        match self.map.entry(MemKey::new(op.key)) {
            btree_map::Entry::Occupied(mut e) => {
                self.bytes -= e.get().value_len();
                e.insert(slot);
            }
            btree_map::Entry::Vacant(e) => {
                self.bytes += op.key.len();
                e.insert(slot);
            }
        }
    }

    /// The value a slot points at, `None` for a tombstone.
    pub fn value(&self, slot: &Slot) -> Option<&[u8]> {
        (slot.len != TOMBSTONE).then(|| &self.arena[slot.off..slot.off + slot.len as usize])
    }

    /// `Some(None)` is a tombstone; `None` means the memtable knows nothing of the key.
    pub fn get(&self, key: &[u8]) -> Option<Option<&[u8]>> {
        self.map.get(key).map(|s| self.value(s))
    }

    pub fn range<'a>(
        &'a self,
        bounds: (std::ops::Bound<&[u8]>, std::ops::Bound<&[u8]>),
    ) -> MemRange<'a> {
        self.map.range::<[u8], _>(bounds)
    }

    /// Every entry in key order, `None` values being tombstones.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], Option<&[u8]>)> {
        self.map.iter().map(|(k, s)| (k.as_slice(), self.value(s)))
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn clear(&mut self) {
        self.map.clear();
        self.arena = Vec::new();
        self.bytes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_as_bytes_inline_or_not() {
        let mut m = Memtable::default();
        let long = [b'a'; 40];
        let keys: [&[u8]; 5] = [b"b", &long, b"a", b"", b"\xff"];
        for k in keys {
            m.apply_one(Op {
                key: k,
                value: Some(k),
            });
        }
        m.apply_one(Op {
            key: b"b",
            value: None,
        });
        let got: Vec<_> = m.iter().collect();
        assert_eq!(got[0], (&b""[..], Some(&b""[..])));
        assert_eq!(got[1], (&b"a"[..], Some(&b"a"[..])));
        assert_eq!(got[2], (&long[..], Some(&long[..])));
        assert_eq!(got[3], (&b"b"[..], None));
        assert_eq!(m.get(&long), Some(Some(&long[..])));
        // Live bytes: "a", the long key and "\xff" (key and value each), and the key "b" of the tombstone.
        assert_eq!(m.bytes(), 2 + 80 + 2 + 1);
    }

    #[test]
    fn a_bulk_batch_ends_as_one_write_at_a_time_would() {
        // Keys 0..400 with repeats, deletes and overwrites of keys already in the table.
        let key = |i: u32| (i % 300).to_be_bytes();
        let keys: Vec<[u8; 4]> = (0..400).map(key).collect();
        let values: Vec<Vec<u8>> = (0..400u32)
            .map(|i| vec![i as u8; (i % 7) as usize])
            .collect();
        let ops: Vec<Op<'_>> = (0..400)
            .map(|i| Op {
                key: &keys[i],
                value: (i % 11 != 0).then_some(values[i].as_slice()),
            })
            .collect();
        let (mut bulk, mut single) = (Memtable::default(), Memtable::default());
        for m in [&mut bulk, &mut single] {
            for i in [5u32, 17, 299, 1000] {
                m.apply_one(Op {
                    key: &key(i),
                    value: Some(b"old value"),
                });
            }
        }
        bulk.apply(&ops);
        assert!(ops.len() >= BULK_RATIO * 4, "the batch takes the bulk path");
        ops.iter().for_each(|op| single.apply_one(*op));
        assert!(bulk.iter().eq(single.iter()));
        assert_eq!(bulk.bytes(), single.bytes());
    }
}
