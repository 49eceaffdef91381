//! `VectorFile`: an input file, memory-mapped (or read whole with `direct_read`, or
//! handed over as bytes from stdin), checked by `probe`, decoded on demand by `decode`.
//! `into_matrix` hands the mapping itself to `Matrix` when the data already is
//! little-endian f32 rows, so a build holds the vectors once (DESIGN.md invariant 5).
//! A Parquet file is not mapped: `ParquetVectors` decodes its rows on demand.

use super::decode;
use super::matrix::Matrix;
use super::parquet_file::{self, ParquetVectors};
use super::probe::{self, detect, head_needed};
use super::types::{ByteOrder, Dtype, Format, OpenOptions, VectorFileInfo};
use crate::error::{Error, Result};
use memmap2::{Mmap, MmapOptions};
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

pub struct VectorFile {
    info: VectorFileInfo,
    data: Backing,
}

enum Backing {
    Mapped(Mmap),
    Owned(Vec<u8>),
    Parquet(Box<ParquetVectors>),
}

impl Backing {
    /// The bytes of a mapped or owned file (empty for Parquet, which has no such view).
    fn bytes(&self) -> &[u8] {
        match self {
            Backing::Mapped(m) => m,
            Backing::Owned(v) => v,
            Backing::Parquet(_) => &[],
        }
    }
}

/// The `--column` flag belongs to Parquet input only.
fn check_column_flag(name: &str, format: Format, opts: &OpenOptions) -> Result<()> {
    match &opts.column {
        Some(c) if format != Format::Parquet => Err(Error::InvalidInput(format!(
            "{name}: --column {c} applies to Parquet input only, and this is {}",
            format.name()
        ))),
        _ => Ok(()),
    }
}

/// Whether `file` starts with Parquet's magic (read at offset 0; the file position
/// does not move, so later sequential reads start at the beginning).
fn has_parquet_magic(path: &Path, file: &File) -> Result<bool> {
    use std::os::unix::fs::FileExt;
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        match file.read_at(&mut head[got..], got as u64) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io("cannot read input", path, e)),
        }
    }
    Ok(head[..got] == parquet_file::MAGIC[..])
}

/// A Parquet file, when that is what `path` is by the options, extension or magic.
fn open_parquet(path: &Path, file: &File, opts: &OpenOptions) -> Result<Option<VectorFile>> {
    let name = path.display().to_string();
    let format = match opts.format.or(Format::from_extension(path)) {
        Some(f) => f,
        None if has_parquet_magic(path, file)? => Format::Parquet,
        None => return Ok(None),
    };
    check_column_flag(&name, format, opts)?;
    if format != Format::Parquet {
        return Ok(None);
    }
    let (source, info) = ParquetVectors::open(path, opts)?;
    Ok(Some(VectorFile {
        info,
        data: Backing::Parquet(Box::new(source)),
    }))
}

/// Open `path` for reading: a missing path is an I/O error of kind NotFound (code
/// NOT_FOUND), a directory is invalid input. Returns the file and its size.
fn open_input(path: &Path) -> Result<(File, u64)> {
    let meta = fs::metadata(path).map_err(|e| Error::io("cannot open input", path, e))?;
    if meta.is_dir() {
        return Err(Error::InvalidInput(format!(
            "{} is a directory; give a vector file (.npy, .fvecs, raw f32)",
            path.display()
        )));
    }
    let file = File::open(path).map_err(|e| Error::io("cannot open input", path, e))?;
    Ok((file, meta.len()))
}

impl VectorFile {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<VectorFile> {
        let name = path.display().to_string();
        let (mut file, size) = open_input(path)?;
        if size == 0 {
            return Err(probe::no_vectors(&name));
        }
        if let Some(parquet) = open_parquet(path, &file, opts)? {
            return Ok(parquet);
        }
        let data = if opts.direct_read {
            let mut v = Vec::with_capacity(size as usize);
            file.read_to_end(&mut v)
                .map_err(|e| Error::io("cannot read input", path, e))?;
            Backing::Owned(v)
        } else {
            Backing::Mapped(map(&file, path, opts.prefault)?)
        };
        // Use the length we hold, not the earlier stat, in case the file changed between.
        let bytes = data.bytes();
        let format = detect(&name, Format::from_extension(path), bytes, opts, false)?;
        let info = probe::probe(&name, format, bytes, bytes.len() as u64, opts)?;
        Ok(VectorFile { info, data })
    }

    /// Input already in memory (stdin). Format: `.npy` magic, else `opts.format`, else
    /// raw f32 if `opts.dimension` is given, else an error asking for `--format`.
    pub fn from_bytes(bytes: Vec<u8>, name: &str, opts: &OpenOptions) -> Result<VectorFile> {
        if bytes.is_empty() {
            return Err(probe::no_vectors(name));
        }
        let format = if bytes.starts_with(super::npy::MAGIC) {
            Format::Npy
        } else {
            detect(name, None, &bytes, opts, true)?
        };
        if format == Format::Parquet {
            return Err(Error::Unsupported(format!(
                "{name}: Parquet cannot be read from stdin here; give the file's path"
            )));
        }
        check_column_flag(name, format, opts)?;
        let info = probe::probe(name, format, &bytes, bytes.len() as u64, opts)?;
        Ok(VectorFile {
            info,
            data: Backing::Owned(bytes),
        })
    }

    pub fn info(&self) -> &VectorFileInfo {
        &self.info
    }

    pub fn rows(&self) -> usize {
        self.info.rows
    }

    pub fn dimension(&self) -> usize {
        self.info.dimension
    }

    /// Decode rows `[start, start + out.len() / D)` as f32 into `out`.
    pub fn read_rows(&self, start: usize, out: &mut [f32]) -> Result<()> {
        let d = self.info.dimension;
        let n = out.len() / d;
        if !out.len().is_multiple_of(d) || start > self.info.rows || n > self.info.rows - start {
            return Err(Error::InvalidInput(format!(
                "{}: cannot read {} values from row {start}: the file has {} rows of dimension {d}",
                self.info.path,
                out.len(),
                self.info.rows
            )));
        }
        match &self.data {
            Backing::Parquet(p) => p.read_rows(start, out),
            data => decode::read_rows(&self.info, data.bytes(), start, out),
        }
    }

    /// True when `into_matrix` will hand over the mapping without copying.
    pub fn is_zero_copy(&self) -> bool {
        let i = &self.info;
        matches!(self.data, Backing::Mapped(_))
            && i.format != Format::Fvecs
            && i.dtype == Dtype::F32
            && i.byte_order == ByteOrder::Little
            && i.row_major()
            && i.data_offset.is_multiple_of(4)
            && cfg!(target_endian = "little")
    }

    /// All rows as a `Matrix`: the mapping itself when `is_zero_copy`, else a decoded copy.
    pub fn into_matrix(self) -> Result<Matrix> {
        let (rows, d) = (self.info.rows, self.info.dimension);
        if self.is_zero_copy() {
            let Backing::Mapped(map) = self.data else {
                unreachable!("is_zero_copy checked the backing")
            };
            // A page-aligned mapping at a 4-aligned offset, bounds checked by probe.
            return Matrix::mapped(map, self.info.data_offset as usize, rows, d).ok_or_else(|| {
                Error::Internal(format!(
                    "{}: mapping rejected by Matrix::mapped",
                    self.info.path
                ))
            });
        }
        let mut values = vec![0f32; rows * d];
        // Blocks of about 1 MiB of rows: Fortran order is read as one run per column per
        // block, into a block that stays in cache. Scattering whole columns across the
        // whole matrix instead wrote every cache line of it once per column (D passes),
        // which made a build from a Fortran-order file 8 % slower than from C order.
        let block = ((1usize << 18) / d.max(1)).max(1);
        for (b, chunk) in values.chunks_mut(block * d.max(1)).enumerate() {
            self.read_rows(b * block, chunk)?;
        }
        Ok(Matrix::owned(values, rows, d))
    }
}

fn map(file: &File, path: &Path, prefault: bool) -> Result<Mmap> {
    let mut options = MmapOptions::new();
    if prefault {
        options.populate();
    }
    // SAFETY: the mapping is read-only. If another process truncates or rewrites the
    // file while we hold it, reads may fault or see new bytes; that is the documented
    // cost of mapping input (as with every mmap reader) and not memory unsafety in Rust
    // terms we can prevent.
    let map = unsafe { options.map(file) }.map_err(|e| Error::io("cannot map input", path, e))?;
    #[cfg(unix)]
    if prefault {
        // A hint only: the mapping is already populated where MAP_POPULATE works.
        let _ = map.advise(memmap2::Advice::WillNeed);
    }
    Ok(map)
}

/// The header and shape of a vector file, reading only its first bytes (for `info`).
pub fn describe(path: &Path, opts: &OpenOptions) -> Result<VectorFileInfo> {
    let name = path.display().to_string();
    let (file, size) = open_input(path)?;
    if size == 0 {
        return Err(probe::no_vectors(&name));
    }
    if let Some(parquet) = open_parquet(path, &file, opts)? {
        return Ok(parquet.info);
    }
    let read = |len: u64| -> Result<Vec<u8>> {
        let mut head = Vec::new();
        (&file)
            .take(len)
            .read_to_end(&mut head)
            .map_err(|e| Error::io("cannot read input", path, e))?;
        Ok(head)
    };
    let preamble = read(16)?;
    let format = detect(&name, Format::from_extension(path), &preamble, opts, false)?;
    let needed = head_needed(&name, format, &preamble)? as u64;
    let head = if needed > preamble.len() as u64 {
        let mut head = preamble;
        head.extend(read(needed.min(size) - head.len() as u64)?);
        head
    } else {
        preamble
    };
    probe::probe(&name, format, &head, size, opts)
}
