//! Writing `.npy` headers exactly as `numpy.save` does (numpy/lib/format.py,
//! `_write_array_header` and `_wrap_header`), so that our output is byte-identical to
//! NumPy's for the same array. The layout is described in `npy.rs`.

use super::npy::MAGIC;

/// NumPy aligns the data to this many bytes.
const ARRAY_ALIGN: usize = 64;
/// NumPy pads the header so the growth axis can reach this many digits in place.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// A shape as Python writes a tuple: `(7, 5)`, `(5,)`, `()`.
pub(super) fn shape_repr(shape: &[usize]) -> String {
    match shape {
        [] => "()".to_string(),
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A `.npy` header for a C-order array of `descr` (e.g. `<f4`) and `shape`, byte for
/// byte what `numpy.save` writes: version 1.0, or 2.0 when the header needs more than
/// 65535 bytes.
pub fn npy_header(descr: &str, shape: &[usize]) -> Vec<u8> {
    let shape_repr = shape_repr(shape);
    let descr_repr = descr.replace('\\', "\\\\").replace('\'', "\\'");
    let mut dict =
        format!("{{'descr': '{descr_repr}', 'fortran_order': False, 'shape': {shape_repr}, }}");
    if let Some(first) = shape.first() {
        let digits = first.to_string().len();
        dict.push_str(&" ".repeat(GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits)));
    }
    // As numpy's _wrap_header: pad so that magic + length field + header is a multiple
    // of 64; when it already is, NumPy still adds a full 64 bytes, and so do we.
    let wrap = |field: usize| {
        let hlen = dict.len() + 1;
        let pad = ARRAY_ALIGN - ((8 + field + hlen) % ARRAY_ALIGN);
        (hlen + pad, pad)
    };
    let (major, field, (total, pad)) = match wrap(2) {
        (total, pad) if total <= u16::MAX as usize => (1u8, 2, (total, pad)),
        _ => (2u8, 4, wrap(4)),
    };
    let mut out = Vec::with_capacity(8 + field + total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&[major, 0]);
    if major == 1 {
        out.extend_from_slice(&(total as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&(total as u32).to_le_bytes());
    }
    out.extend_from_slice(dict.as_bytes());
    out.resize(out.len() + pad, b' ');
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vectors::npy::parse_header;

    #[test]
    fn writes_numpys_header() {
        let h = npy_header("<f4", &[7, 5]);
        let expected = format!(
            "{{'descr': '<f4', 'fortran_order': False, 'shape': (7, 5), }}{}",
            " ".repeat(20)
        );
        assert_eq!(h.len() % 64, 0);
        assert_eq!(&h[..8], b"\x93NUMPY\x01\x00");
        assert_eq!(u16::from_le_bytes([h[8], h[9]]) as usize, h.len() - 10);
        assert!(h[10..].starts_with(expected.as_bytes()));
        assert_eq!(*h.last().unwrap(), b'\n');
        let parsed = parse_header("x.npy", &h, h.len() as u64).unwrap();
        assert_eq!(parsed.shape, vec![7, 5]);
        assert_eq!(parsed.data_offset, h.len());
        assert!(npy_header("<f4", &[5]).windows(6).any(|w| w == b"(5,), "));
    }

    #[test]
    fn huge_header_switches_to_version_2() {
        let shape = vec![1usize; 30_000];
        let h = npy_header("<f4", &shape);
        assert_eq!(&h[6..8], &[2, 0]);
        assert_eq!(h.len() % 64, 0);
        let parsed = parse_header("x.npy", &h, h.len() as u64).unwrap();
        assert_eq!(parsed.shape.len(), 30_000);
        assert_eq!(parsed.version, (2, 0));
    }
}
