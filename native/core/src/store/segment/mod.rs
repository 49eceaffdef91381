//! Immutable sorted segment files, read through a memory map so a store larger than RAM
//! works (the kernel's page cache is the bounded cache).
//!
//! A segment `seg-NNNNNNNNNN.sst` (decimal file id, 10 digits) holds keys in strictly
//! ascending byte order, each with a value or a tombstone. All integers little-endian.
//! ```text
//! 0       8   magic "SOCHSEG\0"
//! 8       4   format version (u32) = 1
//! 12      4   reserved, 0
//! 16      ..  data blocks, back to back: entries (see block.rs), then CRC-32 of the entries (u32)
//! ..      ..  index: per data block: last key length (varint), last key, block offset
//!             (varint), entries length (varint, without the CRC); then CRC-32 of the index
//! ..      ..  filter: probe count (u8), bloom bit array (see bloom.rs); then CRC-32 of both
//! end-56  56  footer: index offset, index length, filter offset, filter length (u64 each,
//!             lengths without the CRC), entries (u64), tombstones (u64), CRC-32 of those
//!             48 bytes (u32), magic "SSEG"
//! ```
//! Every checksum is verified before the bytes it covers are used: a damaged block is
//! `Error::Corrupt` naming the file and the block's offset, never wrong data.

mod block;
mod bloom;
mod cursor;
mod writer;

pub use cursor::SegCursor;
pub use writer::SegmentWriter;

use super::codec::{corrupt, crc, le_u32, le_u64, Reader};
use crate::error::{Error, Result};
use memmap2::Mmap;
use std::fs::File;
use std::path::{Path, PathBuf};

pub const SEG_MAGIC: &[u8; 8] = b"SOCHSEG\0";
pub const SEG_VERSION: u32 = 1;
const HEADER_LEN: usize = 16;
const FOOTER_LEN: usize = 56;
const FOOTER_MAGIC: &[u8; 4] = b"SSEG";

/// Where a data block lies; its last key is a range of the map (index keys are stored whole).
struct BlockHandle {
    last_key: (usize, usize),
    offset: usize,
    len: usize,
}

pub struct Segment {
    pub id: u64,
    path: PathBuf,
    map: Mmap,
    index: Vec<BlockHandle>,
    filter: (usize, usize),
    pub entries: u64,
    pub tombstones: u64,
}

/// The three answers a segment gives about a key.
pub enum Lookup<'a> {
    Absent,
    Tombstone,
    Value(&'a [u8]),
}

impl Segment {
    /// Maps the file and checks header, footer, index and filter (not the data blocks:
    /// each is checked when read, and by [`Segment::verify_blocks`]).
    pub fn open(path: &Path, id: u64) -> Result<Segment> {
        let file = File::open(path).map_err(|e| Error::io("cannot open segment", path, e))?;
        // SAFETY: segment files are immutable once renamed into place: no process of ours
        // writes or truncates them, they are only unlinked, which leaves a mapping valid.
        let map =
            unsafe { Mmap::map(&file) }.map_err(|e| Error::io("cannot map segment", path, e))?;
        let bad = |at: usize, what: &str| corrupt(path, at as u64, what);
        if map.len() < HEADER_LEN + FOOTER_LEN {
            return Err(bad(0, "segment file is too short"));
        }
        if &map[0..8] != SEG_MAGIC {
            return Err(bad(0, "not a sochdb segment file (bad magic)"));
        }
        let version = le_u32(&map, 8);
        if version != SEG_VERSION {
            let why = format!(
                "unsupported segment format version {version} (this build reads {SEG_VERSION})"
            );
            return Err(bad(8, &why));
        }
        let f = map.len() - FOOTER_LEN;
        if &map[f + 52..f + 56] != FOOTER_MAGIC || le_u32(&map, f + 48) != crc(&map[f..f + 48]) {
            return Err(bad(f, "segment footer is damaged"));
        }
        let field = |i: usize| usize::try_from(le_u64(&map, f + 8 * i)).unwrap_or(usize::MAX);
        let (index_off, index_len, filter_off, filter_len) =
            (field(0), field(1), field(2), field(3));
        let checked = |off: usize, len: usize, what: &str| -> Result<(usize, usize)> {
            let end = off
                .checked_add(len)
                .and_then(|e| e.checked_add(4))
                .filter(|&e| e <= f);
            match end {
                Some(end)
                    if off >= HEADER_LEN && le_u32(&map, end - 4) == crc(&map[off..end - 4]) =>
                {
                    Ok((off, off + len))
                }
                _ => Err(bad(off.min(f), &format!("segment {what} is damaged"))),
            }
        };
        let (fs, fe) = checked(filter_off, filter_len, "filter")?;
        if fe - fs < 2 {
            return Err(bad(fs, "segment filter is empty"));
        }
        let (is, ie) = checked(index_off, index_len, "index")?;
        let mut index = Vec::new();
        let mut r = Reader::new(&map[is..ie]);
        while !r.is_empty() {
            let handle = (|| {
                let klen = r.len()?;
                let kstart = is + r.pos();
                r.bytes(klen)?;
                let offset = r.len()?;
                let len = r.len()?;
                let end = offset.checked_add(len)?.checked_add(4)?;
                (offset >= HEADER_LEN && end <= index_off && len > 0).then_some(BlockHandle {
                    last_key: (kstart, kstart + klen),
                    offset,
                    len,
                })
            })();
            index.push(handle.ok_or_else(|| bad(is, "segment index entry is malformed"))?);
        }
        Ok(Segment {
            id,
            path: path.to_path_buf(),
            index,
            filter: (fs, fe),
            entries: le_u64(&map, f + 32),
            tombstones: le_u64(&map, f + 40),
            map,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn file_size(&self) -> u64 {
        self.map.len() as u64
    }

    fn blocks(&self) -> usize {
        self.index.len()
    }

    fn last_key(&self, block: usize) -> &[u8] {
        let (s, e) = self.index[block].last_key;
        &self.map[s..e]
    }

    /// The first block whose last key is ≥ `key` (`blocks()` if none).
    fn block_for(&self, key: &[u8]) -> usize {
        self.index
            .partition_point(|h| &self.map[h.last_key.0..h.last_key.1] < key)
    }

    /// A data block's entries, after checking its CRC; value ranges from `block::decode`
    /// are relative to the returned offset.
    fn block(&self, i: usize) -> Result<(usize, &[u8])> {
        let h = &self.index[i];
        let entries = &self.map[h.offset..h.offset + h.len];
        if le_u32(&self.map, h.offset + h.len) != crc(entries) {
            return Err(corrupt(
                &self.path,
                h.offset as u64,
                "segment block checksum mismatch",
            ));
        }
        Ok((h.offset, entries))
    }

    fn malformed(&self, i: usize) -> Error {
        corrupt(
            &self.path,
            self.index[i].offset as u64,
            "segment block is malformed",
        )
    }

    pub fn get(&self, key: &[u8]) -> Result<Lookup<'_>> {
        let filter = &self.map[self.filter.0..self.filter.1];
        if !bloom::may_contain(filter, bloom::key_hash(key)) {
            return Ok(Lookup::Absent);
        }
        let b = self.block_for(key);
        if b == self.blocks() {
            return Ok(Lookup::Absent);
        }
        let (base, entries) = self.block(b)?;
        let mut found = Lookup::Absent;
        block::decode(entries, &mut Vec::new(), |k, v| match k.cmp(key) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => {
                found = match v {
                    Some(r) => Lookup::Value(&self.map[base + r.start..base + r.end]),
                    None => Lookup::Tombstone,
                };
                false
            }
        })
        .ok_or_else(|| self.malformed(b))?;
        Ok(found)
    }

    /// Checks every data block (checksum, encoding, key order within and across blocks,
    /// the index's last keys, the entry count): one problem string per bad block.
    pub fn verify_blocks(&self) -> (u64, Vec<String>) {
        let mut problems = Vec::new();
        let mut entries = 0u64;
        let mut key = Vec::new();
        let mut prev_last: Option<Vec<u8>> = None;
        for i in 0..self.blocks() {
            let res = self.block(i).and_then(|(_, bytes)| {
                let mut n = 0u64;
                let mut first_ok = true;
                block::decode(bytes, &mut key, |k, _| {
                    if n == 0 {
                        first_ok = !matches!(prev_last.as_deref(), Some(p) if p >= k);
                    }
                    n += 1;
                    true
                })
                .filter(|_| first_ok && key.as_slice() == self.last_key(i))
                .ok_or_else(|| self.malformed(i))?;
                Ok(n)
            });
            match res {
                Ok(n) => entries += n,
                Err(e) => problems.push(e.to_string()),
            }
            prev_last = Some(self.last_key(i).to_vec());
        }
        if problems.is_empty() && entries != self.entries {
            let f = self.map.len() - FOOTER_LEN;
            let why = format!(
                "footer counts {} entries but the blocks hold {entries}",
                self.entries
            );
            problems.push(corrupt(&self.path, f as u64, &why).to_string());
        }
        (entries, problems)
    }
}
