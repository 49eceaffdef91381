//! Range scans: a merge of the memtable and every segment, newest source first. At each
//! step the smallest key (largest when reversed) wins; among equal keys the newest
//! source's entry wins and the older ones are skipped; a winning tombstone hides the key.

use super::memtable::{MemRange, Memtable};
use super::segment::{SegCursor, Segment};
use crate::error::Result;
use std::ops::Bound;

/// Which keys a scan visits, and in which order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanRange {
    pub start: Bound<Vec<u8>>,
    pub end: Bound<Vec<u8>>,
    /// Descending key order.
    pub reverse: bool,
}

impl ScanRange {
    /// Every key, ascending.
    pub fn all() -> ScanRange {
        ScanRange {
            start: Bound::Unbounded,
            end: Bound::Unbounded,
            reverse: false,
        }
    }

    /// Keys starting with `prefix`.
    pub fn prefix(prefix: &[u8]) -> ScanRange {
        // The end is the smallest key above every key with the prefix: drop trailing
        // 0xFF bytes and increment the last byte left (unbounded if none is left).
        let mut end = prefix.to_vec();
        while end.last() == Some(&0xFF) {
            end.pop();
        }
        let end = match end.last_mut() {
            Some(b) => {
                *b += 1;
                Bound::Excluded(end)
            }
            None => Bound::Unbounded,
        };
        ScanRange {
            start: Bound::Included(prefix.to_vec()),
            end,
            reverse: false,
        }
    }

    /// Keys in `start..end` (end excluded).
    pub fn between(start: &[u8], end: &[u8]) -> ScanRange {
        ScanRange {
            start: Bound::Included(start.to_vec()),
            end: Bound::Excluded(end.to_vec()),
            reverse: false,
        }
    }

    pub fn reversed(mut self) -> ScanRange {
        self.reverse = !self.reverse;
        self
    }

    /// True when no key can lie in the range (start above end).
    pub fn is_empty(&self) -> bool {
        use Bound::*;
        match (&self.start, &self.end) {
            (Included(s), Included(e)) => s > e,
            (Included(s) | Excluded(s), Excluded(e)) | (Excluded(s), Included(e)) => s >= e,
            _ => false,
        }
    }

    /// Whether `key` has not passed the bound a scan stops at (the end, or the start
    /// when reversed).
    fn before_stop(&self, key: &[u8]) -> bool {
        use std::cmp::Ordering;
        let (bound, beyond) = if self.reverse {
            (&self.start, Ordering::Less)
        } else {
            (&self.end, Ordering::Greater)
        };
        match bound {
            Bound::Unbounded => true,
            Bound::Included(b) => key.cmp(b) != beyond,
            Bound::Excluded(b) => key.cmp(b) != beyond && key != b.as_slice(),
        }
    }
}

fn as_slice(b: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    match b {
        Bound::Included(v) => Bound::Included(v.as_slice()),
        Bound::Excluded(v) => Bound::Excluded(v.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

type MemEntry<'a> = (&'a [u8], Option<&'a [u8]>);

enum Source<'a> {
    Mem {
        mem: &'a Memtable,
        iter: MemRange<'a>,
        cur: Option<MemEntry<'a>>,
        reverse: bool,
    },
    Seg(SegCursor<'a>),
}

impl<'a> Source<'a> {
    fn key(&self) -> Option<&[u8]> {
        match self {
            Source::Mem { cur, .. } => cur.map(|(k, _)| k),
            Source::Seg(c) => c.valid().then(|| c.key()),
        }
    }

    fn value(&self) -> Option<&'a [u8]> {
        match self {
            Source::Mem { cur, .. } => cur.and_then(|(_, v)| v),
            Source::Seg(c) => c.value(),
        }
    }

    fn advance(&mut self) -> Result<()> {
        match self {
            Source::Mem {
                mem,
                iter,
                cur,
                reverse,
            } => {
                let next = if *reverse {
                    iter.next_back()
                } else {
                    iter.next()
                };
                *cur = next.map(|(k, slot)| (k.as_slice(), mem.value(slot)));
                Ok(())
            }
            Source::Seg(c) => c.advance(),
        }
    }
}

/// A scan in progress. [`ScanIter::next_entry`] lends each entry without allocating;
/// the `Iterator` implementation copies it into owned vectors.
///
/// The merge keeps the sources that still hold entries in a binary heap ordered by
/// (current key, source index): the top is the next key, and among equal keys the
/// newest source. When one source is left (the common case of a compacted store with an
/// empty memtable, or the tail of any scan) its entries are lent straight from it: no
/// comparisons with other sources, no copy of the key.
pub struct ScanIter<'a> {
    sources: Vec<Source<'a>>,
    /// Indices into `sources`, a min-heap (max-heap when reversed) on their current key.
    heap: Vec<usize>,
    range: ScanRange,
    key: Vec<u8>,
    value: &'a [u8],
    /// The last entry was lent from the top source's own key, which is still current:
    /// that source moves on at the start of the next step.
    lent: bool,
    done: bool,
}

impl<'a> ScanIter<'a> {
    pub(super) fn new(
        mem: &'a Memtable,
        segments: &'a [Segment],
        range: ScanRange,
    ) -> Result<ScanIter<'a>> {
        let mut it = ScanIter {
            sources: Vec::with_capacity(1 + segments.len()),
            heap: Vec::with_capacity(1 + segments.len()),
            key: Vec::new(),
            value: &[],
            lent: false,
            done: range.is_empty(),
            range,
        };
        if it.done {
            return Ok(it);
        }
        let bounds = (as_slice(&it.range.start), as_slice(&it.range.end));
        let mut mem = Source::Mem {
            mem,
            iter: mem.range(bounds),
            cur: None,
            reverse: it.range.reverse,
        };
        mem.advance()?;
        let from = if it.range.reverse { bounds.1 } else { bounds.0 };
        let mut sources = vec![mem];
        for seg in segments {
            sources.push(Source::Seg(SegCursor::new(seg, it.range.reverse, from)?));
        }
        it.sources = sources;
        for i in 0..it.sources.len() {
            if it.sources[i].key().is_some() {
                it.heap.push(i);
                sift_up(&it.sources, &mut it.heap, it.range.reverse);
            }
        }
        Ok(it)
    }

    /// The next live entry, borrowed until the next call; `None` at the end. After an
    /// error the scan is over.
    pub fn next_entry(&mut self) -> Result<Option<(&[u8], &[u8])>> {
        match self.step() {
            Ok(true) if self.lent => {
                let key = self.sources[self.heap[0]]
                    .key()
                    .expect("heap top has a key");
                Ok(Some((key, self.value)))
            }
            Ok(true) => Ok(Some((&self.key, self.value))),
            Ok(false) => {
                self.done = true;
                Ok(None)
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        }
    }

    /// Moves the top source to its next entry and restores the heap.
    fn advance_top(&mut self) -> Result<()> {
        let top = self.heap[0];
        self.sources[top].advance()?;
        if self.sources[top].key().is_none() {
            self.heap.swap_remove(0);
        }
        sift_down(&self.sources, &mut self.heap, self.range.reverse);
        Ok(())
    }

    fn step(&mut self) -> Result<bool> {
        if std::mem::take(&mut self.lent) {
            self.advance_top()?;
        }
        while !self.done {
            let Some(&top) = self.heap.first() else {
                return Ok(false);
            };
            let source = &self.sources[top];
            let k = source.key().expect("heap top has a key");
            if !self.range.before_stop(k) {
                return Ok(false);
            }
            let value = source.value();
            if self.heap.len() == 1 {
                // One source left: its keys are distinct and nothing can shadow them.
                match value {
                    Some(v) => {
                        self.value = v;
                        self.lent = true;
                        return Ok(true);
                    }
                    None => {
                        self.advance_top()?;
                        continue;
                    }
                }
            }
            self.key.clear();
            self.key.extend_from_slice(k);
            // Every source at this key moves on: the newest (now on top) gave the entry,
            // the older ones hold versions it shadows.
            loop {
                self.advance_top()?;
                match self.heap.first() {
                    Some(&t) if self.sources[t].key() == Some(self.key.as_slice()) => {}
                    _ => break,
                }
            }
            if let Some(v) = value {
                self.value = v;
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Whether source `a` comes before source `b`: the smaller current key (larger when
/// reversed), and on equal keys the newer source (the lower index).
fn before(sources: &[Source<'_>], a: usize, b: usize, reverse: bool) -> bool {
    let (ka, kb) = (
        sources[a].key().unwrap_or(&[]),
        sources[b].key().unwrap_or(&[]),
    );
    match compare_keys(ka, kb) {
        std::cmp::Ordering::Equal => a < b,
        std::cmp::Ordering::Less => !reverse,
        std::cmp::Ordering::Greater => reverse,
    }
}

/// Byte order of two keys. The first 8 bytes, read as big-endian integers, order like
/// the bytes and settle most comparisons without a call to memcmp (as in the memtable).
#[inline]
fn compare_keys(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    if let (Some(x), Some(y)) = (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        let (x, y) = (u64::from_be_bytes(*x), u64::from_be_bytes(*y));
        if x != y {
            return x.cmp(&y);
        }
    }
    a.cmp(b)
}

/// Restores the heap after its last element was pushed.
fn sift_up(sources: &[Source<'_>], heap: &mut [usize], reverse: bool) {
    let mut i = heap.len() - 1;
    while i > 0 {
        let parent = (i - 1) / 2;
        if !before(sources, heap[i], heap[parent], reverse) {
            break;
        }
        heap.swap(i, parent);
        i = parent;
    }
}

/// Restores the heap after its top element changed.
fn sift_down(sources: &[Source<'_>], heap: &mut [usize], reverse: bool) {
    let mut i = 0;
    loop {
        let (l, r) = (2 * i + 1, 2 * i + 2);
        let mut first = i;
        if l < heap.len() && before(sources, heap[l], heap[first], reverse) {
            first = l;
        }
        if r < heap.len() && before(sources, heap[r], heap[first], reverse) {
            first = r;
        }
        if first == i {
            return;
        }
        heap.swap(i, first);
        i = first;
    }
}

impl Iterator for ScanIter<'_> {
    type Item = Result<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_entry()
            .map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_bounds() {
        assert_eq!(
            ScanRange::prefix(b"ab").end,
            Bound::Excluded(b"ac".to_vec())
        );
        assert_eq!(
            ScanRange::prefix(b"a\xff").end,
            Bound::Excluded(b"b".to_vec())
        );
        assert_eq!(ScanRange::prefix(b"\xff\xff").end, Bound::Unbounded);
        assert!(ScanRange::between(b"b", b"a").is_empty());
        assert!(ScanRange::between(b"a", b"a").is_empty());
        assert!(!ScanRange::between(b"a", b"b").is_empty());
    }
}
