//! `checkpoint --verify`: every checksum of every file the manifest names, through the
//! same decoders reads use. Reads only; takes no lock.

use super::db::Store;
use super::manifest::{segment_path, wal_path, Manifest};
use super::segment::Segment;
use super::wal;
use crate::error::{Error, Result};
use std::path::Path;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VerifyReport {
    /// No corruption found (a torn WAL tail is not corruption).
    pub valid: bool,
    /// Segment entries plus committed WAL writes that passed their checks.
    pub entries: u64,
    /// The last commit LSN that passed its checks (the checkpoint LSN if the WAL holds none).
    pub last_valid_lsn: u64,
    pub checkpoint_lsn: u64,
    pub segments: usize,
    /// An unfinished tail the next writer will cut off, if any.
    pub torn_tail: Option<String>,
    /// One line per problem, naming the file and byte offset.
    pub corrupted: Vec<String>,
}

impl Store {
    /// Checks the manifest, every segment block and every WAL record of the store in `dir`.
    pub fn verify(dir: &Path) -> Result<VerifyReport> {
        let mut report = VerifyReport::default();
        let manifest = match Manifest::load(dir) {
            Ok(Some(m)) => m,
            Ok(None) => {
                return Err(Error::NotFound(format!(
                    "no database in {} (it has no MANIFEST); check --db",
                    dir.display()
                )))
            }
            Err(Error::Corrupt(why)) => {
                report.corrupted.push(why);
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        report.checkpoint_lsn = manifest.checkpoint_lsn;
        report.last_valid_lsn = manifest.checkpoint_lsn;
        report.segments = manifest.segments.len();
        for meta in &manifest.segments {
            let path = segment_path(dir, meta.id);
            match Segment::open(&path, meta.id) {
                Ok(seg) => {
                    if seg.file_size() != meta.size {
                        report.corrupted.push(format!(
                            "{}: {} bytes where the MANIFEST records {}",
                            path.display(),
                            seg.file_size(),
                            meta.size
                        ));
                    }
                    let (entries, problems) = seg.verify_blocks();
                    report.entries += entries;
                    report.corrupted.extend(problems);
                }
                Err(e @ Error::Corrupt(_)) => report.corrupted.push(e.to_string()),
                Err(e) => report
                    .corrupted
                    .push(format!("{e} (a segment the MANIFEST names)")),
            }
        }
        let path = wal_path(dir, manifest.wal_id);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let mut ops = 0u64;
                let mut last = manifest.checkpoint_lsn;
                let res = wal::replay(&bytes, &path, |lsn, batch| {
                    ops += batch.len() as u64;
                    last = lsn;
                });
                report.entries += ops;
                report.last_valid_lsn = last;
                match res {
                    Ok((_, replay)) => report.torn_tail = replay.torn,
                    Err(e) => report.corrupted.push(e.to_string()),
                }
            }
            Err(e) => report
                .corrupted
                .push(Error::io("cannot read WAL", &path, e).to_string()),
        }
        report.valid = report.corrupted.is_empty();
        Ok(report)
    }
}
