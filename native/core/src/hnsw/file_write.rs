//! Writes a finished `Builder` as an index file (layout in `file.rs`) through
//! `AtomicFile`: a zero header first, the sections streamed with their CRCs computed on
//! the way, then the real header written over the placeholder, fsync, rename.

use super::builder::Builder;
use super::file::*;
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::atomic::Ordering::Acquire;

/// Streams little-endian words to the file, hashing them as they go.
struct Sink<'a> {
    w: &'a mut BufWriter<File>,
    path: &'a Path,
    hasher: crc32fast::Hasher,
    buf: Vec<u8>,
    pos: u64,
}

impl Sink<'_> {
    fn flush_buf(&mut self) -> Result<()> {
        self.hasher.update(&self.buf);
        self.w
            .write_all(&self.buf)
            .map_err(|e| Error::io("cannot write index", self.path, e))?;
        self.pos += self.buf.len() as u64;
        self.buf.clear();
        Ok(())
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= 1 << 16 {
            self.flush_buf()?;
        }
        Ok(())
    }

    /// Zero bytes up to `offset` (outside any section: not hashed), new hasher.
    fn start_section(&mut self, offset: u64) -> Result<()> {
        self.flush_buf()?;
        let pad = vec![0u8; (offset - self.pos) as usize];
        self.w
            .write_all(&pad)
            .map_err(|e| Error::io("cannot write index", self.path, e))?;
        self.pos = offset;
        self.hasher = crc32fast::Hasher::new();
        Ok(())
    }

    fn end_section(&mut self) -> Result<u32> {
        self.flush_buf()?;
        Ok(std::mem::take(&mut self.hasher).finalize())
    }
}

/// What an index file keeps of the vectors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// f32 vectors (exact distances) and int8 codes (the walk): the default.
    VectorsAndCodes,
    /// The int8 codes only, about a quarter of the f32 bytes: distances returned are
    /// the codes' approximations, and recall pays for the lost re-rank (bench/README.md).
    CodesOnly,
}

pub fn write_index(b: &Builder, path: &Path, stored: Stored) -> Result<u64> {
    let n = b.len();
    if b.inserted.load(Acquire) != n {
        return Err(Error::Internal(format!(
            "cannot write the index: {} of {n} vectors inserted",
            b.inserted.load(Acquire)
        )));
    }
    let g = &b.graph;
    let (entry_point, max_level) = b.entry().expect("a non-empty build has an entry point");
    let header = IndexHeader {
        version: VERSION,
        dimension: b.dimension(),
        count: n,
        metric: b.params.metric,
        m: g.m,
        m0: g.m0,
        ef_construction: b.params.ef_construction,
        entry_point,
        max_level,
        seed: b.params.seed,
        normalized: b.params.metric == super::Metric::Cosine,
        vectors_stored: stored == Stored::VectorsAndCodes,
        upper_blocks: g.upper_blocks(),
    };
    let lengths =
        section_lengths(&header).ok_or_else(|| Error::Internal("index too large".into()))?;
    let mut sections: [SectionInfo; SECTIONS] = std::array::from_fn(|i| SectionInfo {
        name: SECTION_NAMES[i],
        offset: 0,
        length: lengths[i],
        checksum: 0,
        checksum_ok: None,
    });
    let mut at = HEADER_SIZE as u64;
    for s in sections.iter_mut() {
        s.offset = align_up(at);
        at = s.offset + s.length;
    }

    let mut file = AtomicFile::create(path)?;
    file.write_all(&[0u8; HEADER_SIZE])?;
    let mut sink = Sink {
        w: file.writer(),
        path,
        hasher: crc32fast::Hasher::new(),
        buf: Vec::with_capacity(1 << 17),
        pos: HEADER_SIZE as u64,
    };
    let space = b.space();
    // vectors, in internal order; unit length for cosine.
    sink.start_section(sections[0].offset)?;
    for i in (0..n).filter(|_| header.vectors_stored) {
        // Keep the input's pages from piling up in the resident set (Matrix::release).
        if i % (1 << 16) == 0 {
            b.vectors.release();
        }
        let s = if header.normalized {
            b.inv_norm[i]
        } else {
            1.0
        };
        for x in space.vector(i as u32) {
            sink.put(&(x * s).to_le_bytes())?;
        }
    }
    sections[0].checksum = sink.end_section()?;
    sink.start_section(sections[1].offset)?;
    for w in g.level0_words() {
        sink.put(&w.to_le_bytes())?;
    }
    sections[1].checksum = sink.end_section()?;
    sink.start_section(sections[2].offset)?;
    for &l in &g.levels {
        sink.put(&(l as u32).to_le_bytes())?;
    }
    if n % 2 == 1 {
        sink.put(&[0u8; 4])?;
    }
    for &f in &g.upper_first {
        sink.put(&f.to_le_bytes())?;
    }
    for w in g.upper_words() {
        sink.put(&w.to_le_bytes())?;
    }
    sections[2].checksum = sink.end_section()?;
    sink.start_section(sections[3].offset)?;
    for i in 0..n {
        sink.put(&b.external_id(i).to_le_bytes())?;
    }
    sections[3].checksum = sink.end_section()?;
    sink.start_section(sections[4].offset)?;
    let codes = &b.codes;
    for &m in &codes.mean {
        sink.put(&m.to_le_bytes())?;
    }
    let mut scale_block = [0u8; ALIGN as usize];
    scale_block[..4].copy_from_slice(&codes.scale.to_le_bytes());
    sink.put(&scale_block)?;
    // Rows with padding room hold their aux themselves (format 4): no array.
    if !super::codes_i8::aux_in_row(codes.dim) {
        debug_assert_eq!(codes.aux.len(), n);
        for &a in &codes.aux {
            sink.put(&a.to_le_bytes())?;
        }
        sink.put(&vec![0u8; (align_up(4 * n as u64) - 4 * n as u64) as usize])?;
    }
    for row in codes.codes.chunks(1 << 16) {
        sink.put(&row.iter().map(|&c| c as u8).collect::<Vec<u8>>())?;
    }
    sections[4].checksum = sink.end_section()?;
    let total = sink.pos;
    debug_assert_eq!(total, sections[4].offset + sections[4].length);

    let bytes = encode_header(&header, &sections);
    let w = file.writer();
    w.seek(SeekFrom::Start(0))
        .and_then(|_| w.write_all(&bytes))
        .map_err(|e| Error::io("cannot write index", path, e))?;
    file.commit()?;
    Ok(total)
}

impl Builder {
    /// Writes the index file atomically; returns its size in bytes. Internal error if
    /// some node was not inserted (the caller must run every `insert_range` first).
    pub fn write(&self, path: &Path) -> Result<u64> {
        write_index(self, path, Stored::VectorsAndCodes)
    }

    /// As `write`, keeping the vectors as `stored` says.
    pub fn write_stored(&self, path: &Path, stored: Stored) -> Result<u64> {
        write_index(self, path, stored)
    }
}
