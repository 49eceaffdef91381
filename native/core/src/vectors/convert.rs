//! `convert`: stream a `VectorFile` into `.npy`, raw f32 or `.fvecs`, always float32
//! little-endian in C order. Rows go through one reusable buffer of at most
//! `CONVERT_CHUNK_BYTES` of f32 (plus its encoded bytes), so memory does not grow with
//! the file; the output lands through `AtomicFile`, so a failure leaves no partial file.
//! Every value is checked to be finite, and with `normalize` every row is scaled to
//! unit length.

use super::file::VectorFile;
use super::npy_write::npy_header;
use super::types::{Dtype, Format, VectorFileInfo};
use crate::error::{Error, Result};
use crate::fsutil::AtomicFile;
use std::path::Path;

/// Upper bound on the f32 chunk buffer `convert` uses (the byte buffer is the same size
/// plus 4 bytes a row for `.fvecs`).
pub const CONVERT_CHUNK_BYTES: usize = 16 << 20;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConvertStats {
    pub rows: usize,
    pub dimension: usize,
    /// Size of the output file, header included.
    pub bytes_written: u64,
}

/// Convert `input` to `output` in format `to`; `progress(rows_done)` after each chunk.
pub fn convert(
    input: &VectorFile,
    output: &Path,
    to: Format,
    normalize: bool,
    progress: &mut dyn FnMut(usize),
) -> Result<ConvertStats> {
    let chunk_rows = chunk_rows_for(input.dimension());
    convert_chunked(input, output, to, normalize, chunk_rows, progress)
}

/// Rows per chunk for `convert`: as many as fit `CONVERT_CHUNK_BYTES`, at least one.
fn chunk_rows_for(dimension: usize) -> usize {
    (CONVERT_CHUNK_BYTES / (4 * dimension.max(1))).max(1)
}

/// `convert` with an explicit number of rows per chunk (at least 1).
pub fn convert_chunked(
    input: &VectorFile,
    output: &Path,
    to: Format,
    normalize: bool,
    chunk_rows: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<ConvertStats> {
    let info = input.info();
    let (rows, d) = (info.rows, info.dimension);
    if to == Format::Parquet {
        return Err(Error::Unsupported(
            "convert writes npy, raw_f32 or fvecs; Parquet is an input format only".into(),
        ));
    }
    if to == Format::Fvecs && i32::try_from(d).is_err() {
        return Err(Error::InvalidInput(format!(
            "{}: dimension {d} does not fit the int32 prefix of .fvecs; convert to npy or raw_f32",
            info.path
        )));
    }
    let chunk_rows = chunk_rows.clamp(1, rows);
    let mut out = AtomicFile::create(output)?;
    let mut written = 0u64;
    if to == Format::Npy {
        let shape = if info.one_dimensional {
            vec![d]
        } else {
            vec![rows, d]
        };
        let header = npy_header("<f4", &shape);
        out.write_all(&header)?;
        written += header.len() as u64;
    }
    let prefix = if to == Format::Fvecs { 4 } else { 0 };
    let mut values = vec![0f32; chunk_rows * d];
    let mut bytes = Vec::with_capacity(chunk_rows * (prefix + 4 * d));
    let mut start = 0;
    while start < rows {
        let n = chunk_rows.min(rows - start);
        let chunk = &mut values[..n * d];
        input.read_rows(start, chunk)?;
        check_finite(info, start, chunk)?;
        if normalize {
            normalize_rows(info, start, chunk)?;
        }
        bytes.clear();
        for row in chunk.chunks_exact(d) {
            if to == Format::Fvecs {
                bytes.extend_from_slice(&(d as i32).to_le_bytes());
            }
            for v in row {
                bytes.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.write_all(&bytes)?;
        written += bytes.len() as u64;
        start += n;
        progress(start);
    }
    out.commit()?;
    Ok(ConvertStats {
        rows,
        dimension: d,
        bytes_written: written,
    })
}

/// The first NaN or infinity in `chunk` (rows from `first_row`) as an error naming its
/// row and column.
fn check_finite(info: &VectorFileInfo, first_row: usize, chunk: &[f32]) -> Result<()> {
    let Some(p) = chunk.iter().position(|v| !v.is_finite()) else {
        return Ok(());
    };
    let d = info.dimension;
    let v = chunk[p];
    let what = if v.is_nan() {
        "NaN"
    } else if v > 0.0 {
        "+inf"
    } else {
        "-inf"
    };
    let hint = if info.dtype == Dtype::F64 && !v.is_nan() {
        " (float64 values beyond ±3.4e38 overflow float32)"
    } else {
        ""
    };
    Err(Error::InvalidInput(format!(
        "{}: row {}, column {} is {what} as float32{hint}; fix or drop that row",
        info.path,
        first_row + p / d,
        p % d
    )))
}

/// Scale each row to unit Euclidean length, summing in f64 so long rows keep precision.
fn normalize_rows(info: &VectorFileInfo, first_row: usize, chunk: &mut [f32]) -> Result<()> {
    for (k, row) in chunk.chunks_exact_mut(info.dimension).enumerate() {
        let norm = row.iter().map(|&v| v as f64 * v as f64).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Err(Error::InvalidInput(format!(
                "{}: row {} is all zeros and has no direction to normalize; drop it or convert without --normalize",
                info.path,
                first_row + k
            )));
        }
        for v in row.iter_mut() {
            *v = (*v as f64 / norm) as f32;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::OpenOptions;

    fn raw(values: &[f32], d: usize) -> VectorFile {
        let bytes = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let opts = OpenOptions {
            dimension: Some(d),
            ..Default::default()
        };
        VectorFile::from_bytes(bytes, "<stdin>", &opts).unwrap()
    }

    #[test]
    fn chunks_report_progress_and_memory_stays_bounded() {
        let input = raw(&(0..30).map(|i| i as f32).collect::<Vec<_>>(), 3);
        let dir = tempfile::tempdir().unwrap();
        let mut seen = Vec::new();
        let stats = convert_chunked(
            &input,
            &dir.path().join("o.f32"),
            Format::RawF32,
            false,
            4,
            &mut |r| seen.push(r),
        )
        .unwrap();
        assert_eq!(seen, vec![4, 8, 10]);
        assert_eq!(
            stats,
            ConvertStats {
                rows: 10,
                dimension: 3,
                bytes_written: 120
            }
        );
    }

    #[test]
    fn chunk_buffers_stay_within_the_bound() {
        for d in [1, 3, 128, 768, 4096, 1 << 20, 1 << 22, 10_000_000] {
            let rows = chunk_rows_for(d);
            assert!(rows >= 1);
            assert!(rows == 1 || rows * d * 4 <= CONVERT_CHUNK_BYTES, "d={d}");
            assert!(
                rows == 1 || (rows + 1) * d * 4 > CONVERT_CHUNK_BYTES,
                "d={d}: chunk as large as allowed"
            );
        }
    }

    #[test]
    fn normalizes_in_f64() {
        let info = raw(&[3.0, 4.0], 2).info().clone();
        let mut row = [3.0f32, 4.0];
        normalize_rows(&info, 0, &mut row).unwrap();
        assert_eq!(row, [0.6, 0.8]);
        let e = normalize_rows(&info, 7, &mut [0.0, 0.0]).unwrap_err();
        assert!(e.to_string().contains("row 7 is all zeros"), "{e}");
    }

    #[test]
    fn names_the_first_non_finite_value() {
        let info = raw(&[0.0; 4], 2).info().clone();
        let e = check_finite(&info, 10, &[1.0, 2.0, 3.0, f32::NEG_INFINITY]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "<stdin>: row 11, column 1 is -inf as float32; fix or drop that row"
        );
    }
}
