//! The manifest: the one file that says which segments and which WAL make up the store,
//! and up to which LSN the segments hold everything. Replaced atomically (temp, fsync,
//! rename, fsync the directory) at every checkpoint and compaction; a crash leaves the
//! old one or the new one, never a mix.
//!
//! `MANIFEST` (all integers little-endian):
//! ```text
//! 0   8   magic "SOCHMAN\0"
//! 8   4   format version (u32) = 1
//! 12  4   body length (u32)
//! 16  4   CRC-32 of the body
//! 20  ..  body:
//!         checkpoint LSN (u64): the segments hold every commit up to it
//!         WAL file id (u64): the live WAL, `wal-<id>.wal`
//!         next file id (u64): WAL and segment files share one counter
//!         segment count (u32), then per segment, newest first:
//!             file id (u64), file size (u64), entries (u64)
//! ```

use super::codec::{corrupt, crc, le_u32, put_u32, put_u64, Reader};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use std::path::{Path, PathBuf};

pub const MANIFEST_NAME: &str = "MANIFEST";
pub const LOCK_NAME: &str = "LOCK";
const MAGIC: &[u8; 8] = b"SOCHMAN\0";
const VERSION: u32 = 1;
const HEADER_LEN: usize = 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentMeta {
    pub id: u64,
    pub size: u64,
    pub entries: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    pub checkpoint_lsn: u64,
    pub wal_id: u64,
    pub next_file_id: u64,
    pub segments: Vec<SegmentMeta>,
}

pub fn wal_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(format!("wal-{id:010}.wal"))
}

pub fn segment_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(format!("seg-{id:010}.sst"))
}

/// What a file in a store directory is, by its name.
#[derive(Debug, PartialEq, Eq)]
pub enum FileKind {
    Wal(u64),
    Segment(u64),
    /// A temporary manifest or segment of an interrupted checkpoint (`AtomicFile`'s
    /// `.NAME.tmp-PID`).
    Temp,
    Other,
}

pub fn classify(name: &str) -> FileKind {
    let id = |s: &str, prefix: &str, suffix: &str| {
        let digits = s.strip_prefix(prefix)?.strip_suffix(suffix)?;
        (digits.len() == 10).then(|| digits.parse().ok()).flatten()
    };
    if let Some(n) = id(name, "wal-", ".wal") {
        FileKind::Wal(n)
    } else if let Some(n) = id(name, "seg-", ".sst") {
        FileKind::Segment(n)
    } else if name.starts_with(".MANIFEST.tmp-")
        || (name.starts_with(".seg-") && name.contains(".sst.tmp-"))
    {
        FileKind::Temp
    } else {
        FileKind::Other
    }
}

impl Manifest {
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(28 + 24 * self.segments.len());
        put_u64(&mut body, self.checkpoint_lsn);
        put_u64(&mut body, self.wal_id);
        put_u64(&mut body, self.next_file_id);
        put_u32(&mut body, self.segments.len() as u32);
        for s in &self.segments {
            put_u64(&mut body, s.id);
            put_u64(&mut body, s.size);
            put_u64(&mut body, s.entries);
        }
        let mut out = MAGIC.to_vec();
        put_u32(&mut out, VERSION);
        put_u32(&mut out, body.len() as u32);
        put_u32(&mut out, crc(&body));
        out.extend_from_slice(&body);
        out
    }

    pub fn decode(bytes: &[u8], path: &Path) -> Result<Manifest> {
        if bytes.len() < HEADER_LEN || &bytes[0..8] != MAGIC {
            return Err(corrupt(path, 0, "not a sochdb manifest (bad magic)"));
        }
        let version = le_u32(bytes, 8);
        if version != VERSION {
            let why = format!(
                "unsupported manifest format version {version} (this build reads {VERSION})"
            );
            return Err(corrupt(path, 8, &why));
        }
        let body = &bytes[HEADER_LEN..];
        if le_u32(bytes, 12) as usize != body.len() || le_u32(bytes, 16) != crc(body) {
            return Err(corrupt(path, 12, "manifest checksum mismatch"));
        }
        let mut r = Reader::new(body);
        let parsed = (|| {
            let mut m = Manifest {
                checkpoint_lsn: r.u64()?,
                wal_id: r.u64()?,
                next_file_id: r.u64()?,
                segments: Vec::new(),
            };
            for _ in 0..r.u32()? {
                let (id, size, entries) = (r.u64()?, r.u64()?, r.u64()?);
                m.segments.push(SegmentMeta { id, size, entries });
            }
            r.is_empty().then_some(m)
        })();
        parsed.ok_or_else(|| corrupt(path, HEADER_LEN as u64, "manifest body is malformed"))
    }

    /// The manifest of the store in `dir`, or `None` if there is none.
    pub fn load(dir: &Path) -> Result<Option<Manifest>> {
        let path = dir.join(MANIFEST_NAME);
        match std::fs::read(&path) {
            Ok(bytes) => Manifest::decode(&bytes, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("cannot read manifest", &path, e)),
        }
    }

    /// Replaces the manifest atomically and durably.
    pub fn install(&self, dir: &Path) -> Result<()> {
        let mut f = AtomicFile::create(&dir.join(MANIFEST_NAME))?;
        f.write_all(&self.encode())?;
        f.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_names_files() {
        let m = Manifest {
            checkpoint_lsn: 7,
            wal_id: 3,
            next_file_id: 4,
            segments: vec![SegmentMeta {
                id: 2,
                size: 100,
                entries: 5,
            }],
        };
        let bytes = m.encode();
        assert_eq!(Manifest::decode(&bytes, Path::new("M")).unwrap(), m);
        let mut bad = bytes.clone();
        bad[30] ^= 1;
        assert!(matches!(
            Manifest::decode(&bad, Path::new("M")),
            Err(Error::Corrupt(_))
        ));
        let name = |p: PathBuf| p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            classify(&name(wal_path(Path::new("d"), 3))),
            FileKind::Wal(3)
        );
        assert_eq!(
            classify(&name(segment_path(Path::new("d"), 12))),
            FileKind::Segment(12)
        );
        assert_eq!(classify(".MANIFEST.tmp-42"), FileKind::Temp);
        assert_eq!(classify("LOCK"), FileKind::Other);
    }
}
