//! An atomic group of writes. The batch holds its records already in WAL encoding, so
//! writing it costs one copy, the LSN and CRC stamps, and one `write` call.

use super::{wal, MAX_KEY_LEN, MAX_VALUE_LEN};
use crate::error::{Error, Result};

/// Puts and deletes applied atomically by [`Store::write`](super::Store::write): after
/// any crash, either all of them are visible or none. Later writes to the same key in one
/// batch win.
#[derive(Clone, Debug, Default)]
pub struct WriteBatch {
    records: Vec<u8>,
    ops: u32,
    /// The first size-limit violation, reported by `Store::write` (keeps `put` infallible).
    oversized: Option<String>,
}

impl WriteBatch {
    pub fn new() -> WriteBatch {
        WriteBatch::default()
    }

    pub fn put(&mut self, key: &[u8], value: &[u8]) {
        self.check(key, Some(value));
        wal::push_op(&mut self.records, key, Some(value));
        self.ops = self.ops.saturating_add(1);
    }

    /// Records a tombstone: the key reads as absent, whatever older segments hold.
    pub fn delete(&mut self, key: &[u8]) {
        self.check(key, None);
        wal::push_op(&mut self.records, key, None);
        self.ops = self.ops.saturating_add(1);
    }

    /// Number of puts and deletes.
    pub fn len(&self) -> usize {
        self.ops as usize
    }

    pub fn is_empty(&self) -> bool {
        self.ops == 0
    }

    /// Bytes the batch will add to the WAL, less its commit record.
    pub fn encoded_len(&self) -> usize {
        self.records.len()
    }

    /// Empties the batch, keeping its buffer for reuse.
    pub fn clear(&mut self) {
        self.records.clear();
        self.ops = 0;
        self.oversized = None;
    }

    fn check(&mut self, key: &[u8], value: Option<&[u8]>) {
        if self.oversized.is_none() {
            self.oversized = size_violation(self.ops as u64, key, value);
        }
    }

    /// The encoded records, or the size-limit violation.
    pub(super) fn records(&self) -> Result<&[u8]> {
        match &self.oversized {
            Some(why) => Err(Error::InvalidInput(why.clone())),
            None => Ok(&self.records),
        }
    }
}

/// Why write `n` (0-based) of a batch cannot be stored, if it cannot: a key or value over
/// the size limits, or a batch past the most writes one commit record can count.
pub(super) fn size_violation(n: u64, key: &[u8], value: Option<&[u8]>) -> Option<String> {
    if key.len() > MAX_KEY_LEN {
        Some(format!(
            "write #{n} of the batch has a key of {} bytes; keys are limited to {MAX_KEY_LEN} bytes",
            key.len()
        ))
    } else if let Some(v) = value.filter(|v| v.len() > MAX_VALUE_LEN) {
        Some(format!(
            "write #{n} of the batch has a value of {} bytes; values are limited to {MAX_VALUE_LEN} bytes",
            v.len()
        ))
    } else if n >= u64::from(u32::MAX) {
        Some("a batch holds at most 4294967295 writes".into())
    } else {
        None
    }
}
