//! The vocabulary of vector files: which container (`Format`), which element type
//! (`Dtype`), byte order and memory order, what a reader found (`VectorFileInfo`) and
//! what the caller asked for (`OpenOptions`). Names are the ones the CLI prints.

use crate::error::{Error, Result};
use std::path::Path;

/// The container of a vector file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// NumPy `.npy`, versions 1.0 to 3.0.
    Npy,
    /// Headerless little-endian float32, row after row; the dimension comes from the caller.
    RawF32,
    /// Per row: int32 little-endian dimension, then that many float32 little-endian.
    Fvecs,
    /// Apache Parquet: one list column of float32, float16 or float64 (input only).
    Parquet,
}

impl Format {
    /// Parse a `--format` / `--to-format` value. `auto` is the caller's business.
    pub fn from_name(s: &str) -> Result<Format> {
        match s {
            "npy" => Ok(Format::Npy),
            "raw_f32" => Ok(Format::RawF32),
            "fvecs" => Ok(Format::Fvecs),
            "parquet" => Ok(Format::Parquet),
            _ => Err(Error::InvalidInput(format!(
                "unknown vector file format '{s}'; use npy, raw_f32, fvecs or parquet"
            ))),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Format::Npy => "npy",
            Format::RawF32 => "raw_f32",
            Format::Fvecs => "fvecs",
            Format::Parquet => "parquet",
        }
    }

    /// `.npy`; `.f32`, `.raw`, `.bin`; `.fvecs`; `.parquet` (case-insensitive). Anything
    /// else: `None`.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "npy" => Some(Format::Npy),
            "f32" | "raw" | "bin" => Some(Format::RawF32),
            "fvecs" => Some(Format::Fvecs),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Element type of the stored values. Readers decode all of them to f32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dtype {
    F16,
    F32,
    F64,
}

impl Dtype {
    /// NumPy's name for the type.
    pub fn name(&self) -> &'static str {
        match self {
            Dtype::F16 => "float16",
            Dtype::F32 => "float32",
            Dtype::F64 => "float64",
        }
    }

    pub fn size(&self) -> usize {
        match self {
            Dtype::F16 => 2,
            Dtype::F32 => 4,
            Dtype::F64 => 8,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteOrder {
    Little,
    Big,
}

impl ByteOrder {
    pub fn name(&self) -> &'static str {
        match self {
            ByteOrder::Little => "little",
            ByteOrder::Big => "big",
        }
    }

    /// The order of this machine: what `.npy` means by `=` and `|`.
    pub fn native() -> ByteOrder {
        if cfg!(target_endian = "big") {
            ByteOrder::Big
        } else {
            ByteOrder::Little
        }
    }
}

/// How a 2-D array is laid out: row after row (C) or column after column (Fortran).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemoryOrder {
    C,
    Fortran,
}

impl MemoryOrder {
    pub fn name(&self) -> &'static str {
        match self {
            MemoryOrder::C => "C",
            MemoryOrder::Fortran => "F",
        }
    }
}

/// What a reader learnt from a file's header and size.
#[derive(Clone, Debug)]
pub struct VectorFileInfo {
    /// The path as given (or `<stdin>`-like name for in-memory input); used in messages.
    pub path: String,
    pub format: Format,
    pub rows: usize,
    pub dimension: usize,
    pub dtype: Dtype,
    pub byte_order: ByteOrder,
    pub memory_order: MemoryOrder,
    /// `.npy` only: the header's format version.
    pub npy_version: Option<(u8, u8)>,
    /// Byte offset of the first value (`.npy`: just past the header; otherwise 0).
    pub data_offset: u64,
    pub file_size: u64,
    /// `.npy` of shape `(D,)`: one vector, reported as one row.
    pub one_dimensional: bool,
    /// Parquet only: the column the vectors were read from.
    pub column: Option<String>,
    /// Parquet only: how many row groups the file has.
    pub row_groups: Option<usize>,
}

impl VectorFileInfo {
    /// True when rows lie one after another, whatever the header's memory order says:
    /// a Fortran-order array with one row or one column has the C layout.
    pub(super) fn row_major(&self) -> bool {
        self.memory_order == MemoryOrder::C || self.rows == 1 || self.dimension == 1
    }
}

/// What the caller asks of a reader.
#[derive(Clone, Debug, Default)]
pub struct OpenOptions {
    /// `None`: by extension, else by content (npy magic), else an error asking for `--format`.
    pub format: Option<Format>,
    /// Required for raw f32; for `.npy` and `.fvecs` it must match the file's if given.
    pub dimension: Option<usize>,
    /// Populate the mapping up front (MAP_POPULATE, then madvise WILLNEED).
    pub prefault: bool,
    /// Read the file into memory with plain `read()` instead of mapping it: for
    /// filesystems where page faults on a mapping are slow (some network mounts).
    pub direct_read: bool,
    /// Parquet only: the vector column; `None` when the file has exactly one.
    pub column: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for f in [Format::Npy, Format::RawF32, Format::Fvecs, Format::Parquet] {
            assert_eq!(Format::from_name(f.name()).unwrap(), f);
        }
        let e = Format::from_name("auto").unwrap_err();
        assert_eq!(e.code(), "INVALID_INPUT");
        assert!(
            e.to_string().contains("npy, raw_f32, fvecs or parquet"),
            "{e}"
        );
    }

    #[test]
    fn format_from_extension() {
        let f = |p: &str| Format::from_extension(Path::new(p));
        assert_eq!(f("a/emb.npy"), Some(Format::Npy));
        assert_eq!(f("emb.NPY"), Some(Format::Npy));
        assert_eq!(f("x.f32"), Some(Format::RawF32));
        assert_eq!(f("x.raw"), Some(Format::RawF32));
        assert_eq!(f("x.bin"), Some(Format::RawF32));
        assert_eq!(f("sift.fvecs"), Some(Format::Fvecs));
        assert_eq!(f("emb.Parquet"), Some(Format::Parquet));
        assert_eq!(f("x.txt"), None);
        assert_eq!(f("noext"), None);
    }

    #[test]
    fn printed_names() {
        assert_eq!(Dtype::F16.name(), "float16");
        assert_eq!(Dtype::F64.size(), 8);
        assert_eq!(ByteOrder::Big.name(), "big");
        assert_eq!(MemoryOrder::Fortran.name(), "F");
        assert_eq!(MemoryOrder::C.name(), "C");
    }
}
