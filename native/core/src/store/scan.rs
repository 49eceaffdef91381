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
pub struct ScanIter<'a> {
    sources: Vec<Source<'a>>,
    range: ScanRange,
    key: Vec<u8>,
    value: &'a [u8],
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
            key: Vec::new(),
            value: &[],
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
        Ok(it)
    }

    /// The next live entry, borrowed until the next call; `None` at the end. After an
    /// error the scan is over.
    pub fn next_entry(&mut self) -> Result<Option<(&[u8], &[u8])>> {
        match self.step() {
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

    fn step(&mut self) -> Result<bool> {
        let reverse = self.range.reverse;
        while !self.done {
            let mut best: Option<(usize, &[u8])> = None;
            for (i, s) in self.sources.iter().enumerate() {
                if let Some(k) = s.key() {
                    // Strict comparison: on equal keys the earlier (newer) source stays best.
                    let better = match best {
                        None => true,
                        Some((_, b)) => (k < b) != reverse && k != b,
                    };
                    if better {
                        best = Some((i, k));
                    }
                }
            }
            let Some((winner, k)) = best else {
                return Ok(false);
            };
            if !self.range.before_stop(k) {
                return Ok(false);
            }
            self.key.clear();
            self.key.extend_from_slice(k);
            let value = self.sources[winner].value();
            for s in &mut self.sources {
                if s.key() == Some(self.key.as_slice()) {
                    s.advance()?;
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
