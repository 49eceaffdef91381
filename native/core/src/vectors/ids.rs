//! Ids for `build-index --ids`: one non-negative integer per input vector, unique.
//! Either a `.npy` of (u)int64 or (u)int32, shape `(N,)` or `(N, 1)`, any byte order;
//! or, for any other extension, raw little-endian u64, 8 bytes per id.

use super::npy::{self, MAGIC};
use super::types::{ByteOrder, Format};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fs;
use std::path::Path;

fn invalid(name: &str, msg: String) -> Error {
    Error::InvalidInput(format!("{name}: {msg}"))
}

/// Read exactly `expected` unique ids from `path`.
pub fn read_ids(path: &Path, expected: usize) -> Result<Vec<u64>> {
    let name = path.display().to_string();
    let meta = fs::metadata(path).map_err(|e| Error::io("cannot open ids file", path, e))?;
    if meta.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{name} is a directory; give an ids file (.npy or raw u64)"
        )));
    }
    let bytes = fs::read(path).map_err(|e| Error::io("cannot read ids file", path, e))?;
    let ids = if Format::from_extension(path) == Some(Format::Npy) || bytes.starts_with(MAGIC) {
        npy_ids(&name, &bytes)?
    } else {
        raw_ids(&name, &bytes)?
    };
    if ids.len() != expected {
        return Err(invalid(
            &name,
            format!(
                "holds {} ids but the input has {expected} vectors; give exactly one id per vector",
                ids.len()
            ),
        ));
    }
    check_unique(&name, &ids)?;
    Ok(ids)
}

/// An error naming the first id that appears twice, and both its rows.
pub(super) fn check_unique(name: &str, ids: &[u64]) -> Result<()> {
    let mut first_row = HashMap::with_capacity(ids.len());
    for (row, &id) in ids.iter().enumerate() {
        if let Some(earlier) = first_row.insert(id, row) {
            return Err(invalid(
                name,
                format!("id {id} appears at rows {earlier} and {row}; ids must be unique"),
            ));
        }
    }
    Ok(())
}

fn raw_ids(name: &str, bytes: &[u8]) -> Result<Vec<u64>> {
    let remainder = bytes.len() % 8;
    if remainder != 0 {
        return Err(invalid(
            name,
            format!(
                "size {} bytes is not a multiple of 8 (one little-endian u64 per id): {remainder} bytes left over at byte offset {}; save ids as .npy or raw u64",
                bytes.len(),
                bytes.len() - remainder
            ),
        ));
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
        .collect())
}

fn npy_ids(name: &str, bytes: &[u8]) -> Result<Vec<u64>> {
    let h = npy::parse_header(name, bytes, bytes.len() as u64)?;
    let t = match &h.descr {
        Some(t) if matches!((t.kind, t.size), ('i' | 'u', 4 | 8)) => t,
        other => {
            let what = other
                .as_ref()
                .map_or("a structured dtype".to_string(), |t| {
                    format!("dtype '{}' ({})", t.text, t.type_name())
                });
            return Err(Error::Unsupported(format!(
                "{name}: {what} is not supported for ids; save them as int64 or uint64 (ids.astype('uint64'))"
            )));
        }
    };
    if !matches!(h.shape[..], [_] | [_, 1]) {
        return Err(invalid(
            name,
            format!(
                "ids have shape {}; expected (N,) or (N, 1)",
                npy::shape_repr(&h.shape)
            ),
        ));
    }
    h.check_data_len(name, t.size, bytes.len() as u64)?;
    let big = t.order.unwrap_or(ByteOrder::native()) == ByteOrder::Big;
    let data = &bytes[h.data_offset..];
    let mut ids = Vec::with_capacity(data.len() / t.size);
    for (row, b) in data.chunks_exact(t.size).enumerate() {
        // Widen to 8 little-endian bytes; a negative signed id is sign-extended for
        // the message only.
        let mut word = [0u8; 8];
        word[..t.size].copy_from_slice(b);
        if big {
            word[..t.size].reverse();
        }
        let negative = t.kind == 'i' && word[t.size - 1] & 0x80 != 0;
        if negative {
            word[t.size..].fill(0xff);
            return Err(invalid(
                name,
                format!(
                    "row {row} has negative id {}; ids must be ≥ 0",
                    i64::from_le_bytes(word)
                ),
            ));
        }
        ids.push(u64::from_le_bytes(word));
    }
    Ok(ids)
}
