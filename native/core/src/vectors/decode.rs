//! Decoding stored values to f32 rows, whatever the dtype, byte order and memory order.
//! C-order data is one contiguous run per request; Fortran order is one run per column,
//! scattered into the rows; `.fvecs` is one run per row after its dimension prefix,
//! which is checked here, as the row is read, rather than by a scan at open.

use super::types::{ByteOrder, Dtype, Format, VectorFileInfo};
use crate::error::{Error, Result};

/// Decode `out.len()` consecutive items from `src` into `out`.
pub(super) fn decode_items(src: &[u8], dtype: Dtype, order: ByteOrder, out: &mut [f32]) {
    let size = dtype.size();
    debug_assert_eq!(src.len(), out.len() * size);
    let items = src.chunks_exact(size).zip(out.iter_mut());
    match (dtype, order) {
        (Dtype::F32, ByteOrder::Little) => {
            items.for_each(|(b, o)| *o = f32::from_le_bytes(b.try_into().unwrap()))
        }
        (Dtype::F32, ByteOrder::Big) => {
            items.for_each(|(b, o)| *o = f32::from_be_bytes(b.try_into().unwrap()))
        }
        (Dtype::F16, ByteOrder::Little) => items.for_each(|(b, o)| {
            *o = half::f16::from_bits(u16::from_le_bytes(b.try_into().unwrap())).to_f32()
        }),
        (Dtype::F16, ByteOrder::Big) => items.for_each(|(b, o)| {
            *o = half::f16::from_bits(u16::from_be_bytes(b.try_into().unwrap())).to_f32()
        }),
        // Rounds to nearest, as numpy's astype(float32) does; out-of-range values become
        // infinite and are reported by whoever checks for non-finite values.
        (Dtype::F64, ByteOrder::Little) => {
            items.for_each(|(b, o)| *o = f64::from_le_bytes(b.try_into().unwrap()) as f32)
        }
        (Dtype::F64, ByteOrder::Big) => {
            items.for_each(|(b, o)| *o = f64::from_be_bytes(b.try_into().unwrap()) as f32)
        }
    }
}

/// Decode rows `start..start + out.len() / D` of the file whose bytes are `bytes`.
/// The caller has checked that the range lies within `info.rows`.
pub(super) fn read_rows(
    info: &VectorFileInfo,
    bytes: &[u8],
    start: usize,
    out: &mut [f32],
) -> Result<()> {
    let d = info.dimension;
    let n = out.len() / d;
    let size = info.dtype.size();
    let base = info.data_offset as usize;
    match info.format {
        Format::Fvecs => read_fvecs(info, bytes, start, out),
        _ if info.row_major() => {
            let from = base + start * d * size;
            decode_items(
                &bytes[from..from + n * d * size],
                info.dtype,
                info.byte_order,
                out,
            );
            Ok(())
        }
        _ => {
            // Fortran order: item (i, j) is at (j * rows + i). One contiguous run of `n`
            // items per column, decoded into `column` and scattered with stride D.
            let mut column = vec![0f32; n];
            for j in 0..d {
                let from = base + (j * info.rows + start) * size;
                decode_items(
                    &bytes[from..from + n * size],
                    info.dtype,
                    info.byte_order,
                    &mut column,
                );
                for (i, v) in column.iter().enumerate() {
                    out[i * d + j] = *v;
                }
            }
            Ok(())
        }
    }
}

fn read_fvecs(info: &VectorFileInfo, bytes: &[u8], start: usize, out: &mut [f32]) -> Result<()> {
    let d = info.dimension;
    let row_bytes = 4 + 4 * d;
    for (k, row) in out.chunks_exact_mut(d).enumerate() {
        let i = start + k;
        let at = i * row_bytes;
        let prefix = i32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        if prefix as i64 != d as i64 {
            return Err(Error::InvalidInput(format!(
                "{}: row {i} at byte offset {at} has dimension prefix {prefix}, but row 0 has {d}; every row of a .fvecs file must have the same dimension",
                info.path
            )));
        }
        decode_items(
            &bytes[at + 4..at + row_bytes],
            Dtype::F32,
            ByteOrder::Little,
            row,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_dtype_and_order() {
        let vals = [1.5f32, -2.25, 0.0, 65504.0];
        let mut out = [0f32; 4];
        let le: Vec<u8> = vals.iter().flat_map(|v| v.to_le_bytes()).collect();
        decode_items(&le, Dtype::F32, ByteOrder::Little, &mut out);
        assert_eq!(out, vals);
        let be: Vec<u8> = vals
            .iter()
            .flat_map(|v| (*v as f64).to_be_bytes())
            .collect();
        decode_items(&be, Dtype::F64, ByteOrder::Big, &mut out);
        assert_eq!(out, vals);
        let h: Vec<u8> = vals
            .iter()
            .flat_map(|v| half::f16::from_f32(*v).to_be_bytes())
            .collect();
        decode_items(&h, Dtype::F16, ByteOrder::Big, &mut out);
        assert_eq!(out, vals);
    }

    #[test]
    fn f64_out_of_f32_range_becomes_infinite() {
        let mut out = [0f32; 1];
        decode_items(
            &1e300f64.to_le_bytes(),
            Dtype::F64,
            ByteOrder::Little,
            &mut out,
        );
        assert!(out[0].is_infinite());
    }
}
