//! The key-value store: open/close by handle, get, batched writes, chunked scans,
//! checkpoint, compaction, stats and verify.
//!
//! Rows cross the boundary packed in one buffer, never one call per row:
//! - writes (`store_write`): per op `u8 kind` (0 = put, 1 = delete), `u32 key length`,
//!   key, and for a put `u32 value length`, value; lengths little-endian.
//! - scans (`store_scan`): entries back to back as `key 0x09 value 0x0A` (`key 0x0A`
//!   with `keys_only`), with the end of each key and value in `ends` and one byte of text
//!   flags per entry. A chunk of plain text entries is thus already TSV: JS writes it as
//!   it is and only re-encodes entries whose flags ask for escapes.

use napi::bindgen_prelude::{Buffer, Uint32Array};
use napi_derive::napi;
use sochdb_core::store::{
    ScanRange, Store, StoreOptions, SyncMode, WriteBatch, DEFAULT_WAL_LIMIT_BYTES, MAX_KEY_LEN,
    MAX_VALUE_LEN,
};
use std::ops::Bound;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use crate::errors::{invalid, IntoNapi};
use crate::sessions::Registry;

/// An open store and the writes appended to it but not yet committed.
pub(crate) struct OpenStore {
    pub(crate) store: Store,
    pending: WriteBatch,
    /// The connection's temporary SQL views, kept from one `sqlRun` to the next.
    pub(crate) sql_temp: sochdb_core::sql::TempSchema,
}

static STORES: Registry<Mutex<OpenStore>> = Registry::new();

pub(crate) fn with<T>(
    handle: u32,
    f: impl FnOnce(&mut OpenStore) -> napi::Result<T>,
) -> napi::Result<T> {
    let entry = STORES.get(handle)?;
    // A panic while holding the lock leaves the store as consistent as any crash does.
    let mut guard: MutexGuard<'_, OpenStore> = entry.lock().unwrap_or_else(|p| p.into_inner());
    f(&mut guard)
}

#[napi(object)]
pub struct StoreOpenOptions {
    /// "full" | "normal" | "off"; absent means normal.
    pub sync: Option<String>,
    pub wait_ms: Option<f64>,
    pub read_only: bool,
    /// Create the store if missing (writers only); absent means true.
    pub create: Option<bool>,
    pub wal_limit_bytes: Option<f64>,
}

#[napi(object)]
pub struct StoreLimits {
    pub max_key_len: f64,
    pub max_value_len: f64,
    pub reserved_prefix: u32,
}

#[napi]
pub fn store_limits() -> StoreLimits {
    StoreLimits {
        max_key_len: MAX_KEY_LEN as f64,
        max_value_len: MAX_VALUE_LEN as f64,
        reserved_prefix: sochdb_core::store::RESERVED_PREFIX as u32,
    }
}

#[napi]
pub fn store_open(dir: String, o: StoreOpenOptions) -> napi::Result<u32> {
    let sync = match o.sync.as_deref() {
        None => SyncMode::Normal,
        Some(name) => SyncMode::from_name(name).napi()?,
    };
    let opts = StoreOptions {
        sync,
        wait_ms: o.wait_ms.unwrap_or(0.0).max(0.0) as u64,
        read_only: o.read_only,
        create: o.create.unwrap_or(true) && !o.read_only,
        wal_limit_bytes: o
            .wal_limit_bytes
            .map_or(DEFAULT_WAL_LIMIT_BYTES, |b| b.max(1.0) as u64),
    };
    let store = Store::open(Path::new(&dir), opts).napi()?;
    Ok(STORES.insert(Mutex::new(OpenStore {
        store,
        pending: WriteBatch::new(),
        sql_temp: Default::default(),
    })))
}

/// Closes the store (releasing the writer lock). Uncommitted writes are dropped.
#[napi]
pub fn store_close(handle: u32) -> bool {
    STORES.remove(handle)
}

#[napi]
pub fn store_get(handle: u32, key: Buffer) -> napi::Result<Option<Buffer>> {
    with(handle, |s| {
        Ok(s.store
            .get_ref(&key)
            .napi()?
            .map(|v| Buffer::from(v.to_vec())))
    })
}

/// Appends the packed `ops` to the handle's pending batch; with `commit`, writes the
/// pending batch as one atomic unit and returns its commit LSN (else the current LSN).
#[napi]
pub fn store_write(handle: u32, ops: Buffer, commit: bool) -> napi::Result<f64> {
    with(handle, |s| {
        decode_ops(&ops, &mut s.pending)?;
        if !commit {
            return Ok(s.store.lsn() as f64);
        }
        let res = s.store.write(&s.pending);
        s.pending.clear();
        Ok(res.napi()? as f64)
    })
}

fn decode_ops(ops: &[u8], batch: &mut WriteBatch) -> napi::Result<()> {
    let mut at = 0;
    let take = |n: usize, at: &mut usize| -> napi::Result<&[u8]> {
        let end = at
            .checked_add(n)
            .filter(|&e| e <= ops.len())
            .ok_or_else(|| invalid(format!("packed write batch truncated at byte {at}")))?;
        let bytes = &ops[*at..end];
        *at = end;
        Ok(bytes)
    };
    let len = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
    while at < ops.len() {
        let kind = take(1, &mut at)?[0];
        let klen = len(take(4, &mut at)?);
        let key = take(klen, &mut at)?;
        match kind {
            0 => {
                let vlen = len(take(4, &mut at)?);
                batch.put(key, take(vlen, &mut at)?);
            }
            1 => batch.delete(key),
            k => return Err(invalid(format!("packed write batch: unknown op kind {k}"))),
        }
    }
    Ok(())
}

#[napi(object)]
pub struct ScanRequest {
    /// Lower bound (absent: unbounded); excluded when `start_exclusive`.
    pub start: Option<Buffer>,
    pub start_exclusive: Option<bool>,
    /// Upper bound (absent: unbounded); included when `end_inclusive`.
    pub end: Option<Buffer>,
    pub end_inclusive: Option<bool>,
    pub reverse: bool,
    pub keys_only: bool,
    /// Stop after this many entries, or once the chunk holds this many bytes.
    pub max_rows: u32,
    pub max_bytes: u32,
    /// Pack the entries into this buffer, as many as fit, instead of new memory: `data`
    /// is then empty and the chunk is the first `bytes` of this buffer.
    pub into: Option<Buffer>,
}

#[napi(object)]
pub struct ScanChunk {
    pub data: Buffer,
    /// Per entry: where its key ends and where its value ends (equal with `keys_only`).
    /// The next entry starts one byte after the value's end.
    pub ends: Uint32Array,
    /// One byte per entry: bit 0 the key is UTF-8, bit 1 the value is UTF-8, bit 2 the
    /// key holds a byte below 0x20 or a backslash, bit 3 the value does.
    pub flags: Buffer,
    pub rows: u32,
    /// The length of the chunk's bytes (in `data`, or in the request's `into`).
    pub bytes: u32,
    /// With `into`: 0, or the size of the next entry when it alone does not fit (no rows).
    pub need: u32,
    /// True when the range holds no entry after this chunk.
    pub done: bool,
}

/// What a field's bytes are as text, for the flags of [`ScanChunk`].
fn text_flags(bytes: &[u8]) -> u8 {
    // Printable ASCII without a backslash, the usual field, is UTF-8 that needs no
    // escape. Checked in one pass without an early exit, which the compiler vectorises;
    // anything else takes the two exact checks.
    let plain = bytes.iter().fold(true, |ok, &b| {
        ok & (b.wrapping_sub(0x20) < 0x5f) & (b != b'\\')
    });
    if plain {
        return 1;
    }
    let utf8 = std::str::from_utf8(bytes).is_ok() as u8;
    let escapes = bytes.iter().any(|&b| b < 0x20 || b == b'\\') as u8;
    utf8 | escapes << 2
}

fn bound(b: &Option<Buffer>, excluded: bool) -> Bound<Vec<u8>> {
    match b {
        None => Bound::Unbounded,
        Some(k) if excluded => Bound::Excluded(k.to_vec()),
        Some(k) => Bound::Included(k.to_vec()),
    }
}

/// One chunk of a scan. The caller resumes after the last key it received (for a
/// reversed scan: before it) with an exclusive bound.
#[napi]
pub fn store_scan(handle: u32, mut r: ScanRequest) -> napi::Result<ScanChunk> {
    let range = ScanRange {
        start: bound(&r.start, r.start_exclusive.unwrap_or(false)),
        end: bound(&r.end, !r.end_inclusive.unwrap_or(false)),
        reverse: r.reverse,
    };
    let (max_rows, max_bytes, keys_only) = (r.max_rows as usize, r.max_bytes as usize, r.keys_only);
    let mut out = Packer::new(r.into.as_deref_mut(), max_bytes);
    with(handle, |s| {
        let mut it = s.store.scan(range).napi()?;
        let rows_hint = max_rows.min(1 << 16);
        let mut ends = Vec::with_capacity(2 * rows_hint);
        let mut flags = Vec::with_capacity(rows_hint);
        let mut need = 0;
        let done = loop {
            if flags.len() >= max_rows || out.len >= max_bytes {
                break it.next_entry().napi()?.is_none();
            }
            let Some((k, v)) = it.next_entry().napi()? else {
                break true;
            };
            let size = k.len() + 1 + if keys_only { 0 } else { v.len() + 1 };
            if !out.has_room(size) {
                // The caller resumes after the last key it got, so this entry comes again.
                if flags.is_empty() {
                    need = size as u32;
                }
                break false;
            }
            out.push(k);
            ends.push(out.len as u32);
            if keys_only {
                flags.push(text_flags(k) | 2);
            } else {
                out.push(b"\t");
                out.push(v);
                flags.push(text_flags(k) | text_flags(v) << 1);
            }
            ends.push(out.len as u32);
            out.push(b"\n");
        };
        Ok(ScanChunk {
            rows: flags.len() as u32,
            bytes: out.len as u32,
            need,
            data: out.owned.into(),
            ends: ends.into(),
            flags: flags.into(),
            done,
        })
    })
}

/// Where a chunk's bytes go: new memory, or the caller's buffer. A caller that scans a
/// lot reuses one buffer: fresh memory for every chunk costs a page fault and a zeroed
/// page per 4 KiB, which was a fifth of a full scan's time.
struct Packer<'a> {
    owned: Vec<u8>,
    into: Option<&'a mut [u8]>,
    len: usize,
}

impl<'a> Packer<'a> {
    fn new(into: Option<&'a mut [u8]>, max_bytes: usize) -> Packer<'a> {
        // Room for a full chunk up front: growing by doubling would copy it about twice.
        let capacity = if into.is_some() {
            0
        } else {
            max_bytes.min(64 << 20) + 4096
        };
        Packer {
            owned: Vec::with_capacity(capacity),
            into,
            len: 0,
        }
    }

    fn has_room(&self, n: usize) -> bool {
        self.into.as_ref().is_none_or(|b| self.len + n <= b.len())
    }

    fn push(&mut self, bytes: &[u8]) {
        match &mut self.into {
            Some(buf) => buf[self.len..self.len + bytes.len()].copy_from_slice(bytes),
            None => self.owned.extend_from_slice(bytes),
        }
        self.len += bytes.len();
    }
}

/// The LSN of the last commit (0 for a store never written to).
#[napi]
pub fn store_lsn(handle: u32) -> napi::Result<f64> {
    with(handle, |s| Ok(s.store.lsn() as f64))
}

#[napi]
pub fn store_sync(handle: u32) -> napi::Result<()> {
    with(handle, |s| s.store.sync().napi())
}

#[napi(object)]
pub struct CheckpointJs {
    pub lsn: f64,
    pub duration_ms: f64,
    pub wal_bytes_before: f64,
    pub wal_bytes_after: f64,
    pub segments: u32,
    pub flushed_entries: f64,
}

#[napi]
pub fn store_checkpoint(handle: u32) -> napi::Result<CheckpointJs> {
    let c = with(handle, |s| s.store.checkpoint().napi())?;
    Ok(CheckpointJs {
        lsn: c.lsn as f64,
        duration_ms: c.duration_ms as f64,
        wal_bytes_before: c.wal_bytes_before as f64,
        wal_bytes_after: c.wal_bytes_after as f64,
        segments: c.segments as u32,
        flushed_entries: c.flushed_entries as f64,
    })
}

#[napi(object)]
pub struct CompactJs {
    pub lsn: f64,
    pub duration_ms: f64,
    pub segments_before: u32,
    pub segments_after: u32,
    pub entries_before: f64,
    pub entries_after: f64,
    pub bytes_before: f64,
    pub bytes_after: f64,
}

#[napi]
pub fn store_compact(handle: u32) -> napi::Result<CompactJs> {
    let c = with(handle, |s| s.store.compact().napi())?;
    Ok(CompactJs {
        lsn: c.lsn as f64,
        duration_ms: c.duration_ms as f64,
        segments_before: c.segments_before as u32,
        segments_after: c.segments_after as u32,
        entries_before: c.entries_before as f64,
        entries_after: c.entries_after as f64,
        bytes_before: c.bytes_before as f64,
        bytes_after: c.bytes_after as f64,
    })
}

#[napi(object)]
pub struct StoreStatsJs {
    pub keys: f64,
    pub segments: u32,
    pub segment_entries: f64,
    pub memtable_entries: f64,
    pub memtable_bytes: f64,
    pub wal_bytes: f64,
    pub lsn: f64,
    pub checkpoint_lsn: f64,
    pub disk_bytes: f64,
}

#[napi]
pub fn store_stats(handle: u32) -> napi::Result<StoreStatsJs> {
    let st = with(handle, |s| s.store.stats().napi())?;
    Ok(StoreStatsJs {
        keys: st.keys as f64,
        segments: st.segments as u32,
        segment_entries: st.segment_entries as f64,
        memtable_entries: st.memtable_entries as f64,
        memtable_bytes: st.memtable_bytes as f64,
        wal_bytes: st.wal_bytes as f64,
        lsn: st.lsn as f64,
        checkpoint_lsn: st.checkpoint_lsn as f64,
        disk_bytes: st.disk_bytes as f64,
    })
}

#[napi(object)]
pub struct VerifyJs {
    pub valid: bool,
    pub entries: f64,
    pub last_valid_lsn: f64,
    pub checkpoint_lsn: f64,
    pub segments: u32,
    pub torn_tail: Option<String>,
    pub corrupted: Vec<String>,
}

/// Checks every checksum of the store in `dir`; reads only, takes no lock.
#[napi]
pub fn store_verify(dir: String) -> napi::Result<VerifyJs> {
    let r = Store::verify(Path::new(&dir)).napi()?;
    Ok(VerifyJs {
        valid: r.valid,
        entries: r.entries as f64,
        last_valid_lsn: r.last_valid_lsn as f64,
        checkpoint_lsn: r.checkpoint_lsn as f64,
        segments: r.segments as u32,
        torn_tail: r.torn_tail,
        corrupted: r.corrupted,
    })
}
