//! Writes a segment in one pass over ascending keys, under a temporary name: `finish`
//! fsyncs it and renames it into place (and fsyncs the directory), so a segment file
//! either is complete or does not exist under its name.

use super::super::codec::{crc, put_u32, put_u64, put_varint};
use super::{block, bloom, FOOTER_MAGIC, HEADER_LEN, SEG_MAGIC, SEG_VERSION};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use std::path::Path;

pub struct SegmentWriter {
    out: AtomicFile,
    offset: u64,
    block: Vec<u8>,
    last_key: Vec<u8>,
    index: Vec<u8>,
    hashes: Vec<u64>,
    entries: u64,
    tombstones: u64,
}

impl SegmentWriter {
    pub fn create(path: &Path) -> Result<SegmentWriter> {
        let mut out = AtomicFile::create(path)?;
        let mut header = SEG_MAGIC.to_vec();
        put_u32(&mut header, SEG_VERSION);
        put_u32(&mut header, 0);
        out.write_all(&header)?;
        Ok(SegmentWriter {
            out,
            offset: HEADER_LEN as u64,
            block: Vec::with_capacity(2 * block::BLOCK_TARGET),
            last_key: Vec::new(),
            index: Vec::new(),
            hashes: Vec::new(),
            entries: 0,
            tombstones: 0,
        })
    }

    /// Adds the next entry; keys must come in strictly ascending order.
    pub fn add(&mut self, key: &[u8], value: Option<&[u8]>) -> Result<()> {
        // Input out of order can only come from a damaged segment that decoded block by
        // block: refuse it rather than write a segment no reader accepts.
        if self.entries > 0 && key <= self.last_key.as_slice() {
            return Err(Error::Corrupt(format!(
                "keys out of order while writing {}: an input segment is damaged (run `sochdb-bulk checkpoint --verify` to find it)",
                self.out.target().display()
            )));
        }
        let prev: &[u8] = if self.block.is_empty() {
            b""
        } else {
            &self.last_key
        };
        block::push_entry(&mut self.block, prev, key, value);
        self.last_key.clear();
        self.last_key.extend_from_slice(key);
        self.hashes.push(bloom::key_hash(key));
        self.entries += 1;
        self.tombstones += u64::from(value.is_none());
        if self.block.len() >= block::BLOCK_TARGET {
            self.flush_block()?;
        }
        Ok(())
    }

    pub fn entries(&self) -> u64 {
        self.entries
    }

    fn flush_block(&mut self) -> Result<()> {
        if self.block.is_empty() {
            return Ok(());
        }
        put_varint(&mut self.index, self.last_key.len() as u64);
        self.index.extend_from_slice(&self.last_key);
        put_varint(&mut self.index, self.offset);
        put_varint(&mut self.index, self.block.len() as u64);
        let c = crc(&self.block);
        put_u32(&mut self.block, c);
        self.out.write_all(&self.block)?;
        self.offset += self.block.len() as u64;
        self.block.clear();
        Ok(())
    }

    /// Writes index, filter and footer, fsyncs and renames into place; returns the file size.
    pub fn finish(mut self) -> Result<u64> {
        self.flush_block()?;
        let index_off = self.offset;
        let index_len = self.index.len() as u64;
        let c = crc(&self.index);
        put_u32(&mut self.index, c);
        self.out.write_all(&self.index)?;
        let filter_off = index_off + index_len + 4;
        let mut filter = bloom::build(&self.hashes);
        let filter_len = filter.len() as u64;
        let c = crc(&filter);
        put_u32(&mut filter, c);
        self.out.write_all(&filter)?;
        let mut footer = Vec::with_capacity(super::FOOTER_LEN);
        for v in [
            index_off,
            index_len,
            filter_off,
            filter_len,
            self.entries,
            self.tombstones,
        ] {
            put_u64(&mut footer, v);
        }
        let c = crc(&footer);
        put_u32(&mut footer, c);
        footer.extend_from_slice(FOOTER_MAGIC);
        self.out.write_all(&footer)?;
        let size = filter_off + filter_len + 4 + footer.len() as u64;
        self.out.commit()?;
        Ok(size)
    }
}
