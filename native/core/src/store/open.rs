//! Opening a store: recovery under the WAL's policy, and the cleanup a writer does
//! afterwards. Everything that can fail on damage runs before the first write.

use super::db::Store;
use super::lock::DirLock;
use super::manifest::{classify, segment_path, wal_path, FileKind, Manifest};
use super::memtable::Memtable;
use super::segment::Segment;
use super::wal::{self, Replay, WalWriter};
use super::StoreOptions;
use crate::error::{Error, Result};
use crate::fsutil::sync_dir;
use std::path::Path;

/// What recovery reads before anything is written.
struct Loaded {
    segments: Vec<Segment>,
    mem: Memtable,
    replay: Replay,
}

fn missing_is_corrupt(e: Error) -> Error {
    match e {
        Error::Io { context, source } if source.kind() == std::io::ErrorKind::NotFound => {
            Error::Corrupt(format!("{context}: a file the MANIFEST names is missing ({source}); restore the database from a backup"))
        }
        e => e,
    }
}

fn is_missing(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
}

/// Maps the manifest's segments and replays its WAL into a memtable. Reads only.
fn load(dir: &Path, m: &Manifest) -> Result<Loaded> {
    let mut segments = Vec::with_capacity(m.segments.len());
    for meta in &m.segments {
        let path = segment_path(dir, meta.id);
        let seg = Segment::open(&path, meta.id)?;
        if seg.file_size() != meta.size {
            return Err(Error::Corrupt(format!(
                "{}: {} bytes where the MANIFEST records {}; the file was truncated or replaced (restore the database from a backup)",
                path.display(),
                seg.file_size(),
                meta.size
            )));
        }
        segments.push(seg);
    }
    let path = wal_path(dir, m.wal_id);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read WAL", &path, e))?;
    let mut mem = Memtable::default();
    let (header, replay) = wal::replay(&bytes, &path, |_, ops| mem.apply(ops))?;
    if header.file_id != m.wal_id || header.base_lsn != m.checkpoint_lsn {
        return Err(Error::Corrupt(format!(
            "{}: WAL header (file {}, base LSN {}) does not match the MANIFEST (file {}, checkpoint LSN {})",
            path.display(),
            header.file_id,
            header.base_lsn,
            m.wal_id,
            m.checkpoint_lsn
        )));
    }
    Ok(Loaded {
        segments,
        mem,
        replay,
    })
}

impl Store {
    /// Opens (or, with `opts.create`, creates) the store in `dir`. A read-write open takes
    /// the writer lock, recovers, and only then cuts a torn WAL tail and removes files an
    /// interrupted checkpoint left behind; if recovery fails it has modified nothing.
    pub fn open(dir: &Path, opts: StoreOptions) -> Result<Store> {
        if opts.read_only {
            return Store::open_read_only(dir, opts);
        }
        match std::fs::metadata(dir) {
            Ok(md) if !md.is_dir() => {
                return Err(Error::InvalidInput(format!(
                    "{} is not a directory",
                    dir.display()
                )))
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && opts.create => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Error::io("cannot create database directory", dir, e))?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(no_database(dir)),
            Err(e) => return Err(Error::io("cannot open database", dir, e)),
        }
        let lock = DirLock::acquire(dir, opts.wait_ms)?;
        let manifest = match Manifest::load(dir)? {
            Some(m) => m,
            None if opts.create => init(dir)?,
            None => return Err(no_database(dir)),
        };
        let loaded = load(dir, &manifest).map_err(missing_is_corrupt)?;
        let wal = WalWriter::open(&wal_path(dir, manifest.wal_id), loaded.replay.committed_end)?;
        remove_leftovers(dir, &manifest)?;
        Ok(Store::assemble(
            dir,
            opts,
            manifest,
            loaded,
            Some(wal),
            Some(lock),
        ))
    }

    fn open_read_only(dir: &Path, opts: StoreOptions) -> Result<Store> {
        let mut attempt = 0;
        loop {
            let manifest = Manifest::load(dir)?.ok_or_else(|| no_database(dir))?;
            match load(dir, &manifest) {
                // A writer's checkpoint replaced a file between our reading the manifest
                // and opening the file: read the new manifest.
                Err(e) if is_missing(&e) && attempt < 10 => attempt += 1,
                Err(e) => return Err(missing_is_corrupt(e)),
                Ok(loaded) => return Ok(Store::assemble(dir, opts, manifest, loaded, None, None)),
            }
        }
    }

    fn assemble(
        dir: &Path,
        opts: StoreOptions,
        manifest: Manifest,
        loaded: Loaded,
        wal: Option<WalWriter>,
        lock: Option<DirLock>,
    ) -> Store {
        Store {
            dir: dir.to_path_buf(),
            opts,
            manifest,
            segments: loaded.segments,
            mem: loaded.mem,
            lsn: loaded.replay.last_lsn,
            wal,
            wal_bytes: loaded.replay.committed_end,
            unsynced: false,
            poisoned: None,
            scratch: Vec::new(),
            _lock: lock,
        }
    }
}

fn no_database(dir: &Path) -> Error {
    Error::NotFound(format!(
        "no database in {} (it has no MANIFEST); check --db, or write to it to create one",
        dir.display()
    ))
}

/// Creates an empty store: the first WAL, then the manifest that names it. A crash in
/// between leaves no manifest, and the next open starts again.
fn init(dir: &Path) -> Result<Manifest> {
    for entry in std::fs::read_dir(dir)
        .map_err(|e| Error::io("cannot list", dir, e))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let len = entry.metadata().map_or(0, |m| m.len());
        let ours = match classify(&name) {
            FileKind::Segment(_) => true,
            FileKind::Wal(_) => len > wal::HEADER_LEN as u64,
            _ => false,
        };
        if ours {
            return Err(Error::Corrupt(format!(
                "{}: store files exist but the MANIFEST is missing; restore the database from a backup (refusing to create a new store over them)",
                dir.join(&name).display()
            )));
        }
    }
    let m = Manifest {
        checkpoint_lsn: 0,
        wal_id: 1,
        next_file_id: 2,
        segments: Vec::new(),
    };
    WalWriter::create(&wal_path(dir, m.wal_id), m.wal_id, 0)?;
    sync_dir(dir)?;
    m.install(dir)?;
    Ok(m)
}

/// Removes what an interrupted checkpoint or compaction left: WALs and segments the
/// manifest does not name, and temporary files. Only a writer (holding the lock) calls it.
fn remove_leftovers(dir: &Path, m: &Manifest) -> Result<()> {
    let mut removed = false;
    for entry in std::fs::read_dir(dir)
        .map_err(|e| Error::io("cannot list", dir, e))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = match classify(&name) {
            FileKind::Wal(id) => id != m.wal_id,
            FileKind::Segment(id) => !m.segments.iter().any(|s| s.id == id),
            FileKind::Temp => true,
            FileKind::Other => false,
        };
        // A file that cannot be removed is harmless (nothing reads it); the next writer
        // tries again, so a failure here does not fail the open.
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed = true;
        }
    }
    if removed {
        sync_dir(dir)?;
    }
    Ok(())
}
