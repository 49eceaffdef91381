//! A cursor over one segment in either direction. It decodes one block at a time into
//! reusable buffers (keys whole, values as ranges of the map), so stepping allocates
//! nothing and a value borrows the map for the segment's lifetime.

use super::{block, Segment};
use crate::error::Result;
use std::ops::Bound;

#[derive(Clone, Copy)]
struct Ent {
    key_end: usize,
    value: Option<(usize, usize)>,
}

pub struct SegCursor<'a> {
    seg: &'a Segment,
    reverse: bool,
    block: usize,
    keys: Vec<u8>,
    ents: Vec<Ent>,
    pos: usize,
    valid: bool,
    scratch: Vec<u8>,
}

impl<'a> SegCursor<'a> {
    /// A cursor at the first entry inside `from`: the start bound when moving forward,
    /// the end bound when `reverse`.
    pub fn new(seg: &'a Segment, reverse: bool, from: Bound<&[u8]>) -> Result<SegCursor<'a>> {
        let mut c = SegCursor {
            seg,
            reverse,
            block: 0,
            keys: Vec::new(),
            ents: Vec::new(),
            pos: 0,
            valid: false,
            scratch: Vec::new(),
        };
        let n = seg.blocks();
        if n == 0 {
            return Ok(c);
        }
        let (b, bound) = match from {
            Bound::Unbounded if reverse => (n - 1, None),
            Bound::Unbounded => (0, None),
            Bound::Included(k) | Bound::Excluded(k) => {
                let b = seg.block_for(k);
                if b == n && !reverse {
                    return Ok(c);
                }
                (b.min(n - 1), Some((k, matches!(from, Bound::Included(_)))))
            }
        };
        c.load(b)?;
        let inside = |key: &[u8]| match bound {
            None => true,
            Some((k, incl)) if reverse => key < k || (incl && key == k),
            Some((k, incl)) => key > k || (incl && key == k),
        };
        let count = c.ents.len();
        let found = if reverse {
            (0..count).rev().find(|&i| inside(c.key_at(i)))
        } else {
            (0..count).find(|&i| inside(c.key_at(i)))
        };
        match found {
            Some(i) => c.pos = i,
            // Nothing in this block is inside the bound, but all of the neighbour is.
            None => c.step_block()?,
        }
        Ok(c)
    }

    fn load(&mut self, b: usize) -> Result<()> {
        let (base, bytes) = self.seg.block(b)?;
        self.keys.clear();
        self.ents.clear();
        let (keys, ents) = (&mut self.keys, &mut self.ents);
        block::decode(bytes, &mut self.scratch, |k, v| {
            keys.extend_from_slice(k);
            ents.push(Ent {
                key_end: keys.len(),
                value: v.map(|r| (base + r.start, base + r.end)),
            });
            true
        })
        .ok_or_else(|| self.seg.malformed(b))?;
        // The block must lie where the index says, after the block before it, as
        // `verify_blocks` checks: a block that decodes but is out of place would make a
        // forward and a backward scan disagree, and a compaction write it out of order.
        let first_end = self.ents.first().map_or(0, |e| e.key_end);
        let (first, last) = (&self.keys[..first_end], self.scratch.as_slice());
        let after_previous = b == 0 || first > self.seg.last_key(b - 1);
        if self.ents.is_empty() || !after_previous || last != self.seg.last_key(b) {
            return Err(self.seg.malformed(b));
        }
        self.block = b;
        self.valid = !self.ents.is_empty();
        self.pos = if self.reverse {
            self.ents.len().saturating_sub(1)
        } else {
            0
        };
        Ok(())
    }

    /// Moves to the neighbouring block in the cursor's direction, or ends the cursor.
    fn step_block(&mut self) -> Result<()> {
        let next = if self.reverse {
            self.block.checked_sub(1)
        } else {
            Some(self.block + 1)
        };
        match next.filter(|&b| b < self.seg.blocks()) {
            Some(b) => self.load(b),
            None => {
                self.valid = false;
                Ok(())
            }
        }
    }

    fn key_at(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ents[i - 1].key_end };
        &self.keys[start..self.ents[i].key_end]
    }

    pub fn valid(&self) -> bool {
        self.valid
    }

    pub fn key(&self) -> &[u8] {
        self.key_at(self.pos)
    }

    /// The value, or `None` for a tombstone.
    pub fn value(&self) -> Option<&'a [u8]> {
        let map: &'a [u8] = &self.seg.map;
        self.ents[self.pos].value.map(|(s, e)| &map[s..e])
    }

    pub fn advance(&mut self) -> Result<()> {
        if self.reverse {
            if self.pos == 0 {
                return self.step_block();
            }
            self.pos -= 1;
        } else {
            self.pos += 1;
            if self.pos == self.ents.len() {
                return self.step_block();
            }
        }
        Ok(())
    }
}
