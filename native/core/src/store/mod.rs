//! The key-value store: a write-ahead log, an ordered memtable and immutable sorted
//! segment files, tied together by a manifest. A flat, binary-safe, ordered key space.
//!
//! # Flow of a write
//!
//! [`Store::write`] takes a [`WriteBatch`], gives each of its records the next LSN (log
//! sequence number), appends the records and a commit record to the WAL in one `write`,
//! and then applies them to the memtable. When the WAL passes
//! [`StoreOptions::wal_limit_bytes`] the write ends with a [`Store::checkpoint`]: the
//! memtable is written to a new segment file (fsynced), a new empty WAL is created, a
//! new `MANIFEST` naming both and the checkpoint LSN is installed atomically (temp, fsync,
//! rename, fsync the directory), and only then is the old WAL deleted. Reads merge the
//! memtable and the segments newest first; a tombstone hides every older value.
//! [`Store::compact`] merges all segments into one, dropping shadowed versions and
//! tombstones, and deletes the inputs only after the manifest naming the output is
//! installed: no step removes the only copy of anything.
//!
//! [`Store::ingest`] is the one write that bypasses the WAL: a large batch with its keys
//! in ascending order (the SQL layer's commit past half the WAL limit) is merged with the
//! memtable into a new segment, and the checkpoint's manifest install is its commit.
//! Written through the WAL it would be written twice (log, then segment) within the same
//! call; this way it is written once, with the same guarantees: atomic, durable on
//! return, nothing for recovery to replay.
//!
//! # Durability contract
//!
//! A batch is durable once the WAL holding its commit record is fsynced:
//! - [`SyncMode::Full`]: `write` fsyncs before it returns.
//! - [`SyncMode::Normal`] (default): the caller calls [`Store::sync`] once before it
//!   reports success (the CLI: before exiting 0); checkpoints also make everything durable.
//!   A process crash (SIGKILL) loses nothing that `write` returned; a power failure may
//!   lose writes made since the last `sync`.
//! - [`SyncMode::Off`]: the WAL is never fsynced (unsafe: a power failure may lose any
//!   write since the last checkpoint). Checkpoints still fsync segments and the manifest.
//!
//! A batch is atomic: after any crash either all of its records are visible or none.
//!
//! # Recovery rules ([`RECOVERY_POLICY`])
//!
//! Opening replays the WAL named by the manifest, whose records all follow the
//! manifest's checkpoint LSN, applying each batch only when its commit record is read.
//! - A torn tail (an incomplete last record, or a bad last record with no valid record
//!   after it, or records of a batch with no commit) is ignored; a read-write open cuts it
//!   off (truncates the WAL to the end of the last commit) before appending.
//! - A bad record with a valid record after it is corruption: `open` fails with
//!   [`Error::Corrupt`](crate::Error::Corrupt) naming the file and byte offset, and
//!   modifies nothing. Bad magic, version or checksum in the manifest or a segment is the same.
//! - After a failed WAL write or fsync the store is poisoned: every later write or
//!   checkpoint fails, and after a failed fsync every sync too. Reopen to recover what
//!   reached the disk (fsyncgate: a retried fsync may report success for data the kernel
//!   already dropped). A failed append (a full disk) has fsynced nothing, so a sync after
//!   it still makes the commits before it durable; the failed record is a torn tail.
//!
//! # Processes
//!
//! One writer process at a time: a read-write open takes an exclusive `flock` on `LOCK`
//! (and writes its PID there for the error message of the next writer). Read-only opens
//! take no lock, modify nothing, and see the state as of their open. The store spawns no
//! threads; `&mut self` serialises writes.

mod batch;
mod codec;
mod db;
mod lock;
mod maintenance;
mod manifest;
mod memtable;
mod open;
mod scan;
mod segment;
mod verify;
mod wal;

pub use batch::WriteBatch;
pub use db::{Store, StoreStats};
pub use maintenance::{CheckpointStats, CompactStats};
pub use scan::{ScanIter, ScanRange};
pub use verify::VerifyReport;
pub use wal::RECOVERY_POLICY;

use crate::error::{Error, Result};

/// Largest key accepted, in bytes.
pub const MAX_KEY_LEN: usize = 64 * 1024;
/// Largest value accepted, in bytes.
pub const MAX_VALUE_LEN: usize = 256 * 1024 * 1024;
/// Default WAL size that triggers an automatic checkpoint.
pub const DEFAULT_WAL_LIMIT_BYTES: u64 = 64 * 1024 * 1024;

/// Keys starting with this byte are reserved for layers above the store (the SQL catalog
/// and table rows). The store itself does not enforce it; the `kv` commands keep out of
/// it. UTF-8 text never contains the byte 0xFF, so no text key can collide.
pub const RESERVED_PREFIX: u8 = 0xFF;

/// When the WAL is fsynced (see the durability contract above).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SyncMode {
    /// fsync at every commit.
    Full,
    /// fsync at [`Store::sync`] and at checkpoints.
    #[default]
    Normal,
    /// Never fsync the WAL. Unsafe: a power failure may lose writes since the last checkpoint.
    Off,
}

impl SyncMode {
    /// Parses `full`, `normal` or `off` (the `--sync` flag).
    pub fn from_name(name: &str) -> Result<SyncMode> {
        match name {
            "full" => Ok(SyncMode::Full),
            "normal" => Ok(SyncMode::Normal),
            "off" => Ok(SyncMode::Off),
            _ => Err(Error::InvalidInput(format!(
                "unknown sync mode {name:?}: use full, normal or off"
            ))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SyncMode::Full => "full",
            SyncMode::Normal => "normal",
            SyncMode::Off => "off",
        }
    }
}

/// How to open a store.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    pub sync: SyncMode,
    /// How long a writer waits for another writer's lock before `Error::Locked`, in ms.
    pub wait_ms: u64,
    /// Open without the writer lock; the store refuses writes and modifies no file.
    pub read_only: bool,
    /// Create the directory and an empty store if none exists (ignored when read-only).
    pub create: bool,
    /// WAL size in bytes past which a write ends with an automatic checkpoint.
    pub wal_limit_bytes: u64,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            sync: SyncMode::Normal,
            wait_ms: 0,
            read_only: false,
            create: true,
            wal_limit_bytes: DEFAULT_WAL_LIMIT_BYTES,
        }
    }
}

impl StoreOptions {
    /// Options for a read-only open of an existing store.
    pub fn read_only() -> StoreOptions {
        StoreOptions {
            read_only: true,
            create: false,
            ..StoreOptions::default()
        }
    }
}
