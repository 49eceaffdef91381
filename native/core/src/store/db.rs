//! [`Store`]: reads, writes, sync and stats. Opening and recovery live in `open.rs`,
//! checkpoint and compaction in `maintenance.rs`, verification in `verify.rs`.

use super::lock::DirLock;
use super::manifest::Manifest;
use super::memtable::Memtable;
use super::scan::{ScanIter, ScanRange};
use super::segment::{Lookup, Segment};
use super::wal::{self, WalWriter};
use super::{StoreOptions, SyncMode, WriteBatch};
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// An open store: read-write (holding the writer lock) or read-only.
pub struct Store {
    pub(super) dir: PathBuf,
    pub(super) opts: StoreOptions,
    pub(super) manifest: Manifest,
    /// Newest first, as in the manifest.
    pub(super) segments: Vec<Segment>,
    pub(super) mem: Memtable,
    /// The last LSN given to a record (a commit's, once `write` returns).
    pub(super) lsn: u64,
    /// `None` when read-only.
    pub(super) wal: Option<WalWriter>,
    /// Length of the committed WAL (read-only: as seen at open).
    pub(super) wal_bytes: u64,
    /// Written to the WAL since its last fsync.
    pub(super) unsynced: bool,
    pub(super) poisoned: Option<Poisoned>,
    pub(super) scratch: Vec<u8>,
    /// Declared last so the WAL is closed before the lock is released.
    pub(super) _lock: Option<DirLock>,
}

/// Figures for `info --db`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreStats {
    /// Live keys (computed by a full scan).
    pub keys: u64,
    pub segments: usize,
    /// Entries in segments, tombstones and shadowed versions included.
    pub segment_entries: u64,
    pub memtable_entries: usize,
    /// Key and value bytes in the memtable.
    pub memtable_bytes: u64,
    pub wal_bytes: u64,
    /// The last LSN given to a record.
    pub lsn: u64,
    pub checkpoint_lsn: u64,
    /// All files in the store directory.
    pub disk_bytes: u64,
}

impl Store {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_read_only(&self) -> bool {
        self.wal.is_none()
    }

    /// The last LSN given to a record: the commit LSN of the newest batch.
    pub fn lsn(&self) -> u64 {
        self.lsn
    }

    /// The LSN up to which segments hold every commit.
    pub fn checkpoint_lsn(&self) -> u64 {
        self.manifest.checkpoint_lsn
    }

    /// The value of `key`, or `None` if it is absent or deleted.
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.get_ref(key)?.map(<[u8]>::to_vec))
    }

    /// [`Store::get`] without the copy: the value borrows the memtable or a segment map.
    pub fn get_ref(&self, key: &[u8]) -> Result<Option<&[u8]>> {
        if let Some(v) = self.mem.get(key) {
            return Ok(v);
        }
        for seg in &self.segments {
            match seg.get(key)? {
                Lookup::Absent => {}
                Lookup::Tombstone => return Ok(None),
                Lookup::Value(v) => return Ok(Some(v)),
            }
        }
        Ok(None)
    }

    /// Live entries in `range`, merged from the memtable and every segment.
    pub fn scan(&self, range: ScanRange) -> Result<ScanIter<'_>> {
        ScanIter::new(&self.mem, &self.segments, range)
    }

    /// Appends `batch` to the WAL as one atomic unit and applies it; returns its commit
    /// LSN (the current LSN, writing nothing, for an empty batch). Under
    /// [`SyncMode::Full`] it is durable on return. When the WAL passes the size limit
    /// this ends with a checkpoint; an error from that checkpoint is returned although
    /// the batch itself is committed.
    pub fn write(&mut self, batch: &WriteBatch) -> Result<u64> {
        self.check_writable()?;
        let records = batch.records()?;
        if batch.is_empty() {
            return Ok(self.lsn);
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(records);
        let commit = wal::seal(&mut self.scratch, self.lsn + 1, batch.len() as u32);
        let wal = self.wal.as_mut().expect("writable store has a WAL");
        if let Err(e) = wal.append(&self.scratch) {
            return Err(self.poison_after_write(e));
        }
        let synced = match self.opts.sync {
            SyncMode::Full => wal.sync(),
            _ => Ok(()),
        };
        let wal_len = wal.size();
        if let Err(e) = synced {
            return Err(self.poison(e));
        }
        self.unsynced = self.opts.sync != SyncMode::Full;
        self.wal_bytes = wal_len;
        let mut ops = Vec::with_capacity(batch.len());
        wal::for_each_op(&self.scratch, |op| ops.push(op));
        self.mem.apply(&ops);
        self.lsn = commit;
        if self.wal_bytes >= self.opts.wal_limit_bytes {
            self.checkpoint()?;
        }
        Ok(commit)
    }

    /// Batches of at least this many key and value bytes are better committed with
    /// [`Store::ingest`] than with [`Store::write`]: half the WAL limit, so such a batch
    /// would soon be written a second time, by the checkpoint it brings on.
    pub fn ingest_threshold_bytes(&self) -> u64 {
        self.opts.wal_limit_bytes / 2
    }

    /// Makes every write so far durable: fsyncs the WAL (not under [`SyncMode::Off`]).
    pub fn sync(&mut self) -> Result<()> {
        // After a failed append (a full disk) the commits before it are whole in the
        // WAL and only the failed one is a torn tail: an fsync still makes them durable.
        if !self.poisoned.as_ref().is_some_and(|p| p.fsync_still_safe) {
            self.check_writable()?;
        }
        if !self.unsynced || self.opts.sync == SyncMode::Off {
            return Ok(());
        }
        let synced = self.wal.as_mut().expect("writable store has a WAL").sync();
        match synced {
            Ok(()) => {
                self.unsynced = false;
                Ok(())
            }
            Err(e) => Err(self.poison(e)),
        }
    }

    pub fn stats(&self) -> Result<StoreStats> {
        let mut keys = 0u64;
        let mut it = self.scan(ScanRange::all())?;
        while it.next_entry()?.is_some() {
            keys += 1;
        }
        let mut disk_bytes = 0;
        let entries =
            std::fs::read_dir(&self.dir).map_err(|e| Error::io("cannot list", &self.dir, e))?;
        for entry in entries.flatten() {
            disk_bytes += entry
                .metadata()
                .map_or(0, |m| if m.is_file() { m.len() } else { 0 });
        }
        Ok(StoreStats {
            keys,
            segments: self.segments.len(),
            segment_entries: self.segments.iter().map(|s| s.entries).sum(),
            memtable_entries: self.mem.len(),
            memtable_bytes: self.mem.bytes() as u64,
            wal_bytes: self.wal.as_ref().map_or(self.wal_bytes, WalWriter::size),
            lsn: self.lsn,
            checkpoint_lsn: self.manifest.checkpoint_lsn,
            disk_bytes,
        })
    }

    pub(super) fn check_writable(&self) -> Result<()> {
        if self.wal.is_none() {
            return Err(Error::InvalidInput(format!(
                "database {} is open read-only",
                self.dir.display()
            )));
        }
        if let Some(p) = &self.poisoned {
            return Err(Error::Io {
                context: format!(
                    "refusing to write to {}: an earlier write or fsync failed; reopen the database to recover what reached the disk",
                    self.dir.display()
                ),
                source: std::io::Error::other(p.why.clone()),
            });
        }
        Ok(())
    }

    /// Refuses all later writes, syncs and checkpoints: after a failed fsync the kernel
    /// may have dropped dirty pages while reporting a later fsync as successful
    /// (fsyncgate).
    pub(super) fn poison(&mut self, e: Error) -> Error {
        self.poisoned = Some(Poisoned {
            why: e.to_string(),
            fsync_still_safe: false,
        });
        e
    }

    /// After a failed WAL append (ENOSPC, EDQUOT): no later write may follow the torn
    /// record, but [`Store::sync`] may still fsync the commits before it.
    fn poison_after_write(&mut self, e: Error) -> Error {
        if self.poisoned.is_none() {
            self.poisoned = Some(Poisoned {
                why: e.to_string(),
                fsync_still_safe: true,
            });
        }
        e
    }
}

/// Why a store refuses writes.
pub(super) struct Poisoned {
    why: String,
    /// Only an append failed, no fsync: an fsync of the WAL can be trusted.
    fsync_still_safe: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_can_be_shared_across_threads() {
        // The napi glue keeps a store behind a lock used from the pool's worker threads.
        fn shared<T: Send + Sync>() {}
        shared::<Store>();
    }

    #[test]
    fn failed_fsync_poisons_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        let mut batch = WriteBatch::new();
        batch.put(b"a", b"1");
        store.write(&batch).unwrap();
        store.wal.as_mut().unwrap().fail_sync = true;
        assert!(matches!(store.sync(), Err(Error::Io { .. })));
        store.wal.as_mut().unwrap().fail_sync = false;
        // Even though fsync would now succeed, nothing more is accepted.
        for res in [
            store.write(&batch).map(|_| ()),
            store.sync(),
            store.checkpoint().map(|_| ()),
        ] {
            let err = res.unwrap_err();
            assert!(err.to_string().contains("refusing to write"), "{err}");
        }
        assert_eq!(
            store.get(b"a").unwrap().as_deref(),
            Some(&b"1"[..]),
            "reads still work"
        );
        drop(store);
        let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        assert_eq!(store.get(b"a").unwrap().as_deref(), Some(&b"1"[..]));
    }

    #[test]
    fn a_failed_append_refuses_writes_but_syncs_what_came_before() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        let mut before = WriteBatch::new();
        before.put(b"a", b"1");
        store.write(&before).unwrap();
        store.wal.as_mut().unwrap().fail_append = true;
        let mut batch = WriteBatch::new();
        batch.put(b"b", b"2");
        assert!(matches!(store.write(&batch), Err(Error::Io { .. })));
        store.wal.as_mut().unwrap().fail_append = false;
        store.sync().unwrap();
        for res in [
            store.write(&batch).map(|_| ()),
            store.checkpoint().map(|_| ()),
        ] {
            let err = res.unwrap_err();
            assert!(err.to_string().contains("refusing to write"), "{err}");
        }
        drop(store);
        let store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        assert_eq!(store.get(b"a").unwrap().as_deref(), Some(&b"1"[..]));
        assert_eq!(store.get(b"b").unwrap(), None);
    }

    #[test]
    fn full_sync_failure_poisons_at_write() {
        let dir = tempfile::tempdir().unwrap();
        let opts = StoreOptions {
            sync: SyncMode::Full,
            ..StoreOptions::default()
        };
        let mut store = Store::open(dir.path(), opts).unwrap();
        store.wal.as_mut().unwrap().fail_sync = true;
        let mut batch = WriteBatch::new();
        batch.put(b"a", b"1");
        assert!(store.write(&batch).is_err());
        assert!(store.poisoned.is_some());
        assert_eq!(
            store.get(b"a").unwrap(),
            None,
            "a failed write is not applied"
        );
    }
}
