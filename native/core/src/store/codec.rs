//! The byte vocabulary shared by every store file: little-endian fixed integers, LEB128
//! varints, CRC-32 (IEEE, as `crc32fast` computes it), and a bounds-checked reader that
//! returns `None` instead of panicking, so that damaged bytes become `Error::Corrupt`.

use crate::error::Error;
use std::path::Path;

pub fn put_u32(buf: &mut Vec<u8>, v: u32) {
    buf.extend_from_slice(&v.to_le_bytes());
}

pub fn put_u64(buf: &mut Vec<u8>, v: u64) {
    buf.extend_from_slice(&v.to_le_bytes());
}

/// Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last.
pub fn put_varint(buf: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        buf.push(v as u8 | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

pub fn crc(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

pub fn le_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap())
}

pub fn le_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())
}

/// A bounds-checked forward reader over a byte slice.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let out = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    pub fn u32(&mut self) -> Option<u32> {
        Some(le_u32(self.bytes(4)?, 0))
    }

    pub fn u64(&mut self) -> Option<u64> {
        Some(le_u64(self.bytes(8)?, 0))
    }

    pub fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    /// A varint that must fit in `usize` (a length or an offset).
    pub fn len(&mut self) -> Option<usize> {
        usize::try_from(self.varint()?).ok()
    }
}

/// The error for damaged bytes in a file we wrote, naming the file and the byte offset.
pub fn corrupt(path: &Path, offset: u64, what: &str) -> Error {
    Error::Corrupt(format!(
        "{}: {what} at byte offset {offset}; the file is damaged (run `sochdb-bulk checkpoint --verify` to list the damage, and restore the database from a backup)",
        path.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trips_and_rejects_truncation() {
        for v in [0u64, 1, 127, 128, 300, 1 << 35, u64::MAX] {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            assert_eq!(Reader::new(&buf).varint(), Some(v));
            assert_eq!(Reader::new(&buf[..buf.len() - 1]).varint(), None);
        }
        assert_eq!(Reader::new(&[0xFF; 11]).varint(), None, "over-long varint");
    }
}
