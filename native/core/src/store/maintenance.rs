//! Checkpoint and compaction: the two ways store files are replaced. Both write new
//! files under temporary names, install a manifest naming them, and only then delete the
//! files it no longer names, so a crash at any instant leaves a complete store (and
//! leftovers that the next writer removes).

use super::batch::size_violation;
use super::db::Store;
use super::manifest::{segment_path, wal_path, SegmentMeta};
use super::memtable::Memtable;
use super::scan::{ScanIter, ScanRange};
use super::segment::{Segment, SegmentWriter};
use super::wal::WalWriter;
use crate::error::{Error, Result};
use crate::fsutil::sync_dir;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointStats {
    /// The checkpoint LSN: segments now hold every commit up to it.
    pub lsn: u64,
    pub duration_ms: u64,
    pub wal_bytes_before: u64,
    pub wal_bytes_after: u64,
    /// Segments after the checkpoint.
    pub segments: usize,
    /// Entries written to the new segment (0 if none was needed).
    pub flushed_entries: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompactStats {
    pub lsn: u64,
    pub duration_ms: u64,
    pub segments_before: usize,
    pub segments_after: usize,
    /// Segment entries before, tombstones and shadowed versions included.
    pub entries_before: u64,
    /// Live entries after.
    pub entries_after: u64,
    pub bytes_before: u64,
    pub bytes_after: u64,
}

impl Store {
    /// Flushes the memtable to a new segment and starts an empty WAL: afterwards
    /// everything written is durable in segments, whatever the sync mode. Steps: segment
    /// (temp, fsync, rename), new WAL (fsync), fsync the directory, install the manifest,
    /// delete the old WAL. A failure from the manifest install on poisons the store.
    pub fn checkpoint(&mut self) -> Result<CheckpointStats> {
        self.check_writable()?;
        let started = Instant::now();
        let wal_bytes_before = self.wal_bytes;
        let mut flushed_entries = 0;
        if self.lsn != self.manifest.checkpoint_lsn {
            flushed_entries = self.flush_with(std::iter::empty())?;
        }
        Ok(CheckpointStats {
            lsn: self.manifest.checkpoint_lsn,
            duration_ms: started.elapsed().as_millis() as u64,
            wal_bytes_before,
            wal_bytes_after: self.wal_bytes,
            segments: self.segments.len(),
            flushed_entries,
        })
    }

    /// Commits a large batch whose keys come in strictly ascending order by writing it
    /// straight into a segment, as a checkpoint would after [`Store::write`], without
    /// the WAL and the memtable in between: the rows are written once instead of twice.
    /// The new segment holds the memtable and the batch (the batch wins on equal keys);
    /// installing the manifest that names it is the commit, so the batch is atomic and
    /// durable on return whatever the sync mode, and LSNs advance as `write` would
    /// advance them. Returns the commit LSN (the current one for an empty batch). On an
    /// error before the manifest install (a key out of order or over the size limits, a
    /// failed segment write) nothing changes and no file is left.
    pub fn ingest<'a>(
        &mut self,
        batch: impl IntoIterator<Item = (&'a [u8], Option<&'a [u8]>)>,
    ) -> Result<u64> {
        self.check_writable()?;
        let mut batch = batch.into_iter().peekable();
        if batch.peek().is_some() {
            self.flush_with(batch)?;
        }
        Ok(self.lsn)
    }

    /// The memtable merged with `batch` (which wins on equal keys) as one new segment, a
    /// new WAL, then the manifest naming both: the steps of a checkpoint. `batch` is
    /// given the LSNs after the current one, plus one for its commit. Returns the number
    /// of entries written to the segment.
    fn flush_with<'a>(
        &mut self,
        batch: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
    ) -> Result<u64> {
        let mut m = self.manifest.clone();
        let mut batch = batch.peekable();
        let (new_segment, batch_ops) = if self.mem.is_empty() && batch.peek().is_none() {
            (None, 0)
        } else {
            let id = m.next_file_id;
            m.next_file_id += 1;
            // With no older segment there is nothing for a tombstone to hide.
            let keep_tombstones = !self.segments.is_empty();
            let path = segment_path(&self.dir, id);
            write_merged(&self.mem, batch, path, id, keep_tombstones)?
        };
        let flushed_entries = new_segment.as_ref().map_or(0, |seg| seg.entries);
        if let Some(seg) = &new_segment {
            m.segments.insert(0, meta(seg));
        }
        let commit = if batch_ops == 0 {
            self.lsn
        } else {
            self.lsn + batch_ops + 1
        };
        let wal_id = m.next_file_id;
        m.next_file_id += 1;
        m.wal_id = wal_id;
        m.checkpoint_lsn = commit;
        let wal = WalWriter::create(&wal_path(&self.dir, wal_id), wal_id, commit)?;
        sync_dir(&self.dir)?;
        if let Err(e) = m.install(&self.dir) {
            return Err(self.poison(e));
        }
        let old = self.wal.replace(wal).expect("writable store has a WAL");
        // Nothing reads the old WAL any more; if it cannot be removed now, the next
        // writer's open removes it.
        let _ = std::fs::remove_file(old.path());
        self.manifest = m;
        self.segments.splice(0..0, new_segment);
        self.mem.clear();
        self.lsn = commit;
        self.wal_bytes = self.wal.as_ref().map_or(0, WalWriter::size);
        self.unsynced = false;
        Ok(flushed_entries)
    }

    /// Checkpoints, then merges every segment into one holding only live values
    /// (dropping shadowed versions and tombstones: the merge reaches the oldest data).
    /// The inputs are deleted only after the manifest naming the output is installed.
    pub fn compact(&mut self) -> Result<CompactStats> {
        self.checkpoint()?;
        let started = Instant::now();
        let segments_before = self.segments.len();
        let entries_before = self.segments.iter().map(|s| s.entries).sum();
        let bytes_before = self.segments.iter().map(Segment::file_size).sum();
        let already_compact =
            segments_before == 0 || (segments_before == 1 && self.segments[0].tombstones == 0);
        if !already_compact {
            let mut m = self.manifest.clone();
            let id = m.next_file_id;
            m.next_file_id += 1;
            let path = segment_path(&self.dir, id);
            let empty = Memtable::default();
            let mut live = ScanIter::new(&empty, &self.segments, ScanRange::all())?;
            let mut writer = SegmentWriter::create(&path)?;
            while let Some((k, v)) = live.next_entry()? {
                writer.add(k, Some(v))?;
            }
            drop(live);
            let output = if writer.entries() > 0 {
                writer.finish()?;
                Some(Segment::open(&path, id)?)
            } else {
                None
            };
            m.segments = output.iter().map(meta).collect();
            if let Err(e) = m.install(&self.dir) {
                return Err(self.poison(e));
            }
            let inputs = std::mem::replace(&mut self.segments, output.into_iter().collect());
            self.manifest = m;
            for seg in inputs {
                // As for the old WAL: a leftover input is removed by the next writer's open.
                let _ = std::fs::remove_file(seg.path());
            }
            sync_dir(&self.dir)?;
        }
        Ok(CompactStats {
            lsn: self.lsn,
            duration_ms: started.elapsed().as_millis() as u64,
            segments_before,
            segments_after: self.segments.len(),
            entries_before,
            entries_after: self.segments.iter().map(|s| s.entries).sum(),
            bytes_before,
            bytes_after: self.segments.iter().map(Segment::file_size).sum(),
        })
    }
}

fn meta(seg: &Segment) -> SegmentMeta {
    SegmentMeta {
        id: seg.id,
        size: seg.file_size(),
        entries: seg.entries,
    }
}

/// Writes the memtable merged with `batch` (which wins on equal keys) as a segment;
/// returns it (`None` if nothing was left to write) and the number of batch entries.
/// Fails, leaving no file, on a batch key not above the one before it or over the size
/// limits.
fn write_merged<'a>(
    mem: &Memtable,
    batch: impl Iterator<Item = (&'a [u8], Option<&'a [u8]>)>,
    path: PathBuf,
    id: u64,
    keep_tombstones: bool,
) -> Result<(Option<Segment>, u64)> {
    let mut writer = SegmentWriter::create(&path)?;
    let mut mem = mem.iter().peekable();
    let mut batch = batch.peekable();
    let mut batch_ops = 0u64;
    let mut last_batch_key: Option<&[u8]> = None;
    loop {
        let take_batch = match (mem.peek(), batch.peek()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some((mk, _)), Some((bk, _))) => bk <= mk,
        };
        let (k, v) = if take_batch {
            let (k, v) = batch.next().expect("peeked");
            if let Some(why) = size_violation(batch_ops, k, v) {
                return Err(Error::InvalidInput(why));
            }
            if last_batch_key.is_some_and(|last| last >= k) {
                return Err(Error::Internal(format!(
                    "write #{batch_ops} of an ingested batch is not above the one before it"
                )));
            }
            last_batch_key = Some(k);
            batch_ops += 1;
            // The batch's write shadows the memtable's for the same key.
            if mem.peek().is_some_and(|(mk, _)| *mk == k) {
                mem.next();
            }
            (k, v)
        } else {
            match mem.next() {
                Some(entry) => entry,
                None => break,
            }
        };
        if v.is_some() || keep_tombstones {
            writer.add(k, v)?;
        }
    }
    if writer.entries() == 0 {
        return Ok((None, batch_ops));
    }
    writer.finish()?;
    Ok((Some(Segment::open(&path, id)?), batch_ops))
}
