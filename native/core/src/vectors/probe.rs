//! From a file's first bytes and its size to a `VectorFileInfo`: which format, how many
//! rows of which dimension, where the data starts, and whether the size adds up. Every
//! check that needs only the header and the size lives here, so `describe` (header
//! only) and `VectorFile::open` (whole file) agree on what a valid file is.

use super::npy::{self, MAGIC};
use super::parquet_file;
use super::types::{ByteOrder, Dtype, Format, MemoryOrder, OpenOptions, VectorFileInfo};
use crate::error::{Error, Result};

fn invalid(name: &str, msg: String) -> Error {
    Error::InvalidInput(format!("{name}: {msg}"))
}

pub(super) fn no_vectors(name: &str) -> Error {
    invalid(
        name,
        "contains no vectors; give a file with at least one row of dimension ≥ 1".into(),
    )
}

/// The format to read `head` (a prefix of the file) as: the caller's, else the
/// extension's, else NumPy's magic, else raw f32 if a dimension was given and
/// `dimension_means_raw` (stdin), else an error asking for `--format`.
pub(super) fn detect(
    name: &str,
    extension: Option<Format>,
    head: &[u8],
    opts: &OpenOptions,
    dimension_means_raw: bool,
) -> Result<Format> {
    if let Some(f) = opts.format.or(extension) {
        return Ok(f);
    }
    if head.starts_with(MAGIC) {
        return Ok(Format::Npy);
    }
    if head.starts_with(parquet_file::MAGIC) {
        return Ok(Format::Parquet);
    }
    if dimension_means_raw && opts.dimension.is_some() {
        return Ok(Format::RawF32);
    }
    Err(invalid(
        name,
        "cannot tell the vector format (no .npy, .fvecs, .parquet, .f32, .raw or .bin extension and no .npy or Parquet magic); give it with --input-format npy|raw_f32|fvecs|parquet (raw_f32 also needs --dimension D)".into(),
    ))
}

/// How many leading bytes `probe` needs to see: the whole `.npy` header, 4 bytes of
/// `.fvecs`, none for raw. Errors on a bad `.npy` preamble.
pub(super) fn head_needed(name: &str, format: Format, preamble: &[u8]) -> Result<usize> {
    match format {
        Format::Npy => npy::header_len(name, preamble),
        Format::Fvecs => Ok(4),
        Format::RawF32 | Format::Parquet => Ok(0),
    }
}

/// Build the info for a file of `file_size` bytes starting with `head` (at least
/// `head_needed` bytes, or the whole file if shorter).
pub(super) fn probe(
    name: &str,
    format: Format,
    head: &[u8],
    file_size: u64,
    opts: &OpenOptions,
) -> Result<VectorFileInfo> {
    if file_size == 0 {
        return Err(no_vectors(name));
    }
    let info = match format {
        Format::Npy => probe_npy(name, head, file_size)?,
        Format::RawF32 => probe_raw(name, file_size, opts)?,
        Format::Fvecs => probe_fvecs(name, head, file_size)?,
        // Parquet is read from its footer, not its head (`parquet_file.rs`).
        Format::Parquet => {
            return Err(Error::Internal(format!(
                "{name}: Parquet reached the header probe"
            )))
        }
    };
    if let Some(d) = opts.dimension {
        if d != info.dimension && format != Format::RawF32 {
            return Err(invalid(
                name,
                format!("has dimension {} but --dimension {d} was given; pass --dimension {} or leave it out", info.dimension, info.dimension),
            ));
        }
    }
    Ok(info)
}

fn base_info(name: &str, format: Format, file_size: u64) -> VectorFileInfo {
    VectorFileInfo {
        path: name.to_string(),
        format,
        rows: 0,
        dimension: 0,
        dtype: Dtype::F32,
        byte_order: ByteOrder::Little,
        memory_order: MemoryOrder::C,
        npy_version: None,
        data_offset: 0,
        file_size,
        one_dimensional: false,
        column: None,
        row_groups: None,
    }
}

fn probe_npy(name: &str, head: &[u8], file_size: u64) -> Result<VectorFileInfo> {
    let h = npy::parse_header(name, head, file_size)?;
    let Some(t) = &h.descr else {
        return Err(Error::Unsupported(format!(
            "{name}: a structured dtype (a list of fields) is not supported; save a plain 2-D float32 array (numpy.save(path, a.astype('float32')))"
        )));
    };
    let dtype = match (t.kind, t.size) {
        ('f', 2) => Dtype::F16,
        ('f', 4) => Dtype::F32,
        ('f', 8) => Dtype::F64,
        _ => {
            return Err(Error::Unsupported(format!(
                "{name}: dtype '{}' ({}) is not supported (float16, float32 and float64 are); convert the array to float32 first (a.astype('float32'))",
                t.text,
                t.type_name()
            )))
        }
    };
    let (rows, dimension, one_dimensional) = match h.shape[..] {
        [n, d] => (n, d, false),
        [d] => (1, d, true),
        _ => {
            return Err(Error::Unsupported(format!(
                "{name}: shape {} has {} dimensions; expected (N, D) for N vectors or (D,) for one; reshape it to 2-D first",
                npy::shape_repr(&h.shape),
                h.shape.len()
            )))
        }
    };
    if rows == 0 || dimension == 0 {
        return Err(no_vectors(name));
    }
    h.check_data_len(name, dtype.size(), file_size)?;
    Ok(VectorFileInfo {
        rows,
        dimension,
        dtype,
        byte_order: t.order.unwrap_or(ByteOrder::native()),
        memory_order: if h.fortran_order {
            MemoryOrder::Fortran
        } else {
            MemoryOrder::C
        },
        npy_version: Some(h.version),
        data_offset: h.data_offset as u64,
        one_dimensional,
        ..base_info(name, Format::Npy, file_size)
    })
}

fn probe_raw(name: &str, file_size: u64, opts: &OpenOptions) -> Result<VectorFileInfo> {
    let dimension = match opts.dimension {
        None => {
            return Err(invalid(
                name,
                "raw float32 has no header to give the dimension; pass --dimension D".into(),
            ))
        }
        Some(0) => return Err(invalid(name, "--dimension must be at least 1".into())),
        Some(d) => d,
    };
    // A dimension from the API (not the CLI's u32 flag) can make 4 × D wrap to 0.
    let Some(row_bytes) = (dimension as u64).checked_mul(4) else {
        return Err(invalid(
            name,
            format!("--dimension {dimension} is too large: one row would be more than 2^64 bytes"),
        ));
    };
    let remainder = file_size % row_bytes;
    if remainder != 0 {
        return Err(invalid(
            name,
            format!(
                "size {file_size} bytes is not a multiple of {row_bytes} (4 bytes × dimension {dimension}): {remainder} bytes left over at byte offset {}; check --dimension, or whether the file is raw float32",
                file_size - remainder
            ),
        ));
    }
    Ok(VectorFileInfo {
        rows: (file_size / row_bytes) as usize,
        dimension,
        ..base_info(name, Format::RawF32, file_size)
    })
}

fn probe_fvecs(name: &str, head: &[u8], file_size: u64) -> Result<VectorFileInfo> {
    if head.len() < 4 || file_size < 4 {
        return Err(invalid(
            name,
            format!(
                "truncated .fvecs file: {file_size} bytes, less than one 4-byte dimension prefix"
            ),
        ));
    }
    let d = i32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    if d < 0 {
        return Err(invalid(name, format!("row 0 at byte offset 0 has a negative dimension prefix {d}; is this really .fvecs?")));
    }
    if d == 0 {
        return Err(no_vectors(name));
    }
    let dimension = d as usize;
    let row_bytes = 4 + 4 * dimension as u64;
    let remainder = file_size % row_bytes;
    if remainder != 0 {
        return Err(invalid(
            name,
            format!(
                "size {file_size} bytes is not a multiple of {row_bytes} (4 + 4 × dimension {dimension}): {remainder} bytes left over at byte offset {} (truncated file?)",
                file_size - remainder
            ),
        ));
    }
    Ok(VectorFileInfo {
        rows: (file_size / row_bytes) as usize,
        dimension,
        ..base_info(name, Format::Fvecs, file_size)
    })
}
