//! Opening an index file: O(1) in the number of vectors. Reads and checks only the 256-byte
//! header (magic, version, CRC, field ranges) and the section table (names, alignment,
//! exact lengths, inside the file, in order). Nothing per node is read or decoded.

use super::distance::Metric;
use super::file::*;
use crate::error::{Error, Result};
use std::path::Path;

/// Where each section lies, after validation.
pub struct Layout {
    pub header: IndexHeader,
    pub sections: [SectionInfo; SECTIONS],
}

fn corrupt(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::Corrupt(format!("{}: corrupt index: {what}", path.display()))
}

pub fn parse(path: &Path, bytes: &[u8]) -> Result<Layout> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(Error::Corrupt(format!(
            "{}: not a sochdb-bulk index file (no SOCHHNSW magic at offset 0)",
            path.display()
        )));
    }
    if bytes.len() < HEADER_SIZE {
        return Err(corrupt(
            path,
            format!(
                "the header needs {HEADER_SIZE} bytes but the file has {} (truncated?)",
                bytes.len()
            ),
        ));
    }
    let version = u32_at(bytes, 8);
    if !(OLDEST_VERSION..=VERSION).contains(&version) {
        return Err(Error::Corrupt(format!(
            "{}: index format version {version}; this build reads versions {OLDEST_VERSION} to {VERSION} (rebuild the index with this sochdb-bulk)",
            path.display()
        )));
    }
    let stored = u32_at(bytes, HEADER_CRC_AT);
    let actual = crc32fast::hash(&bytes[..HEADER_CRC_AT]);
    if stored != actual {
        return Err(corrupt(
            path,
            format!("header checksum mismatch (stored {stored:08x}, computed {actual:08x})"),
        ));
    }
    if u32_at(bytes, 12) as usize != HEADER_SIZE || u32_at(bytes, 60) != SECTIONS as u32 {
        return Err(corrupt(path, "unexpected header size or section count"));
    }
    let metric = Metric::from_code(u32_at(bytes, 16))
        .ok_or_else(|| corrupt(path, format!("unknown metric code {}", u32_at(bytes, 16))))?;
    let header = IndexHeader {
        version,
        metric,
        normalized: u32_at(bytes, 20) & FLAG_NORMALIZED != 0,
        vectors_stored: u32_at(bytes, 20) & FLAG_CODES_ONLY == 0,
        dimension: usize::try_from(u64_at(bytes, 24)).unwrap_or(usize::MAX),
        count: usize::try_from(u64_at(bytes, 32)).unwrap_or(usize::MAX),
        m: u32_at(bytes, 40) as usize,
        m0: u32_at(bytes, 44) as usize,
        ef_construction: u32_at(bytes, 48) as usize,
        max_level: u32_at(bytes, 52) as usize,
        entry_point: u32_at(bytes, 56),
        seed: u64_at(bytes, 64),
        upper_blocks: u64_at(bytes, 72),
    };
    check_fields(path, &header)?;
    let lengths =
        section_lengths(&header).ok_or_else(|| corrupt(path, "section sizes overflow"))?;
    let file_len = bytes.len() as u64;
    let mut prev_end = HEADER_SIZE as u64;
    let mut sections: [SectionInfo; SECTIONS] = std::array::from_fn(|i| SectionInfo {
        name: SECTION_NAMES[i],
        offset: 0,
        length: 0,
        checksum: 0,
        checksum_ok: None,
    });
    for (i, s) in sections.iter_mut().enumerate() {
        let at = SECTION_TABLE_AT + 32 * i;
        let name = &bytes[at..at + 8];
        let want = SECTION_NAMES[i].as_bytes();
        if &name[..want.len()] != want || name[want.len()..].iter().any(|&c| c != 0) {
            return Err(corrupt(
                path,
                format!("section table entry {i} is not '{}'", s.name),
            ));
        }
        s.offset = u64_at(bytes, at + 8);
        s.length = u64_at(bytes, at + 16);
        s.checksum = u32_at(bytes, at + 24);
        if s.length != lengths[i] {
            return Err(corrupt(
                path,
                format!(
                    "section '{}' has {} bytes; the header implies {}",
                    s.name, s.length, lengths[i]
                ),
            ));
        }
        if s.offset % ALIGN != 0 || s.offset < prev_end {
            return Err(corrupt(
                path,
                format!("section '{}' at bad offset {}", s.name, s.offset),
            ));
        }
        let end = s.offset.saturating_add(s.length);
        if end > file_len {
            return Err(corrupt(
                path,
                format!("section '{}' ends at byte {end} but the file has {file_len} bytes (truncated?)", s.name),
            ));
        }
        prev_end = end;
    }
    Ok(Layout { header, sections })
}

fn check_fields(path: &Path, h: &IndexHeader) -> Result<()> {
    let bad = |what: String| Err(corrupt(path, what));
    if !(2..=256).contains(&h.m) || h.m0 < h.m || h.m0 > 512 {
        return bad(format!("M = {}, M0 = {} out of range", h.m, h.m0));
    }
    if h.dimension == 0 || h.count >= u32::MAX as usize {
        return bad(format!(
            "dimension {} / count {} out of range",
            h.dimension, h.count
        ));
    }
    let entry_ok = if h.count == 0 {
        h.entry_point == u32::MAX
    } else {
        (h.entry_point as usize) < h.count
    };
    if !entry_ok || h.max_level > super::level::MAX_LEVEL {
        return bad(format!(
            "entry point {} / max level {} invalid for {} nodes",
            h.entry_point, h.max_level, h.count
        ));
    }
    if h.normalized != (h.metric == Metric::Cosine) {
        return bad("vector normalisation flag does not match the metric".into());
    }
    if !h.vectors_stored && h.version < 3 {
        return bad("codes-only flag in a format-2 file (which has no int8 codes)".into());
    }
    Ok(())
}
