//! Checkpoint and compaction: the two ways store files are replaced. Both write new
//! files under temporary names, install a manifest naming them, and only then delete the
//! files it no longer names, so a crash at any instant leaves a complete store (and
//! leftovers that the next writer removes).

use super::db::Store;
use super::manifest::{segment_path, wal_path, SegmentMeta};
use super::memtable::Memtable;
use super::scan::{ScanIter, ScanRange};
use super::segment::{Segment, SegmentWriter};
use super::wal::WalWriter;
use crate::error::Result;
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
            let mut m = self.manifest.clone();
            let mut new_segment = None;
            if !self.mem.is_empty() {
                let id = m.next_file_id;
                m.next_file_id += 1;
                // With no older segment there is nothing for a tombstone to hide.
                let keep_tombstones = !self.segments.is_empty();
                if let Some(seg) =
                    write_memtable(&self.mem, segment_path(&self.dir, id), id, keep_tombstones)?
                {
                    flushed_entries = seg.entries;
                    m.segments.insert(0, meta(&seg));
                    new_segment = Some(seg);
                }
            }
            let wal_id = m.next_file_id;
            m.next_file_id += 1;
            m.wal_id = wal_id;
            m.checkpoint_lsn = self.lsn;
            let wal = WalWriter::create(&wal_path(&self.dir, wal_id), wal_id, self.lsn)?;
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
            self.wal_bytes = self.wal.as_ref().map_or(0, WalWriter::size);
            self.unsynced = false;
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

/// Writes the memtable as a segment; `None` if nothing was left to write.
fn write_memtable(
    mem: &Memtable,
    path: PathBuf,
    id: u64,
    keep_tombstones: bool,
) -> Result<Option<Segment>> {
    let mut writer = SegmentWriter::create(&path)?;
    for (k, v) in mem.iter() {
        if v.is_some() || keep_tombstones {
            writer.add(k, v)?;
        }
    }
    if writer.entries() == 0 {
        return Ok(None);
    }
    writer.finish()?;
    Segment::open(&path, id).map(Some)
}
