//! The `.npy` header as NumPy lays it out (numpy/lib/format.py), and its reader:
//!
//! ```text
//! offset 0   6 bytes  magic "\x93NUMPY"
//! offset 6   u8 major, u8 minor: 1.0, 2.0 or 3.0
//! offset 8   header length H: u16 LE (1.0) or u32 LE (2.0, 3.0)
//! offset 10 or 12: H bytes: a Python dict literal, ASCII (3.0: UTF-8), space-padded
//!            and '\n'-terminated so that the data starts at a multiple of 64
//!            {'descr': '<f4', 'fortran_order': False, 'shape': (N, D), }
//! then the data: N*D items of `descr`, C or Fortran order, nothing after them.
//! ```
//!
//! This module reads the header only; `probe` decides which dtypes and shapes are
//! vectors, `ids` which are ids; `npy_write` writes headers.

pub(super) use super::npy_write::shape_repr;
use super::pyliteral::{self, Value};
use super::types::ByteOrder;
use crate::error::{Error, Result};

pub(super) const MAGIC: &[u8; 6] = b"\x93NUMPY";

pub(super) struct NpyHeader {
    pub version: (u8, u8),
    /// `None` for a structured dtype (a list of fields).
    pub descr: Option<TypeStr>,
    pub fortran_order: bool,
    pub shape: Vec<usize>,
    pub data_offset: usize,
}

impl NpyHeader {
    /// Check that the data after the header is exactly what the shape says: a short
    /// file is truncated, extra bytes mean the header does not describe the file.
    pub fn check_data_len(&self, name: &str, item_size: usize, file_len: u64) -> Result<()> {
        let expected = self
            .shape
            .iter()
            .fold(item_size as u128, |acc, &n| acc.saturating_mul(n as u128));
        let found = (file_len - self.data_offset as u64) as u128;
        if found < expected {
            return Err(invalid(
                name,
                format!(
                    "data is shorter than the header's shape {} says: {expected} bytes expected from byte offset {}, the file has {found} (truncated? re-save the array)",
                    shape_repr(&self.shape),
                    self.data_offset
                ),
            ));
        }
        if found > expected {
            return Err(invalid(
                name,
                format!(
                    "{} extra bytes after the data, from byte offset {}; the header's shape {} does not cover them (re-save the array)",
                    found - expected,
                    self.data_offset as u128 + expected,
                    shape_repr(&self.shape)
                ),
            ));
        }
        Ok(())
    }
}

/// An array-protocol type string such as `<f4`: byte order, kind, item size.
pub(super) struct TypeStr {
    pub text: String,
    /// `None` for `|` (not applicable); `=` is resolved to this machine's order.
    pub order: Option<ByteOrder>,
    pub kind: char,
    pub size: usize,
}

impl TypeStr {
    fn parse(text: &str) -> TypeStr {
        let mut chars = text.chars().peekable();
        let order = match chars.peek() {
            Some('<') => Some(ByteOrder::Little),
            Some('>') => Some(ByteOrder::Big),
            Some('=') => Some(ByteOrder::native()),
            _ => None,
        };
        if matches!(chars.peek(), Some('<' | '>' | '=' | '|')) {
            chars.next();
        }
        let kind = chars.next().unwrap_or('?');
        let rest: String = chars.collect();
        let size = rest.parse().unwrap_or(0);
        TypeStr {
            text: text.to_string(),
            order,
            kind,
            size,
        }
    }

    /// A readable name for messages: `int32`, `complex64`, `object`, ...
    pub fn type_name(&self) -> String {
        let bits = self.size * 8;
        match self.kind {
            'f' => format!("float{bits}"),
            'i' => format!("int{bits}"),
            'u' => format!("uint{bits}"),
            'c' => format!("complex{bits}"),
            'b' => "bool".into(),
            'O' => "Python objects".into(),
            'S' | 'a' => "bytes".into(),
            'U' => "str".into(),
            'V' => "void".into(),
            'M' => "datetime64".into(),
            'm' => "timedelta64".into(),
            _ => "unknown type".into(),
        }
    }
}

fn invalid(name: &str, msg: String) -> Error {
    Error::InvalidInput(format!("{name}: {msg}"))
}

/// Length of magic + version + length field + header: the data offset. `head` is a
/// prefix of the file holding at least its first 12 bytes (or all of a shorter file).
pub(super) fn header_len(name: &str, head: &[u8]) -> Result<usize> {
    let n = head.len().min(MAGIC.len());
    if head[..n] != MAGIC[..n] || head.is_empty() {
        return Err(invalid(
            name,
            "not a .npy file (bad magic at byte 0); give --input-format raw_f32 --dimension D for raw float32, or --input-format fvecs".into(),
        ));
    }
    if head.len() < 8 {
        return Err(invalid(
            name,
            format!(
                "truncated .npy header: the file ends at byte {}, inside the magic and version",
                head.len()
            ),
        ));
    }
    let (major, minor) = (head[6], head[7]);
    if !(1..=3).contains(&major) || minor != 0 {
        return Err(Error::Unsupported(format!(
            "{name}: .npy format version {major}.{minor} at byte 6 is not supported (1.0, 2.0 and 3.0 are); re-save the array with numpy.save"
        )));
    }
    let field = if major == 1 { 2 } else { 4 };
    if head.len() < 8 + field {
        return Err(invalid(name, format!("truncated .npy header: the file ends at byte {}, inside the header length at byte 8", head.len())));
    }
    let len = if major == 1 {
        u16::from_le_bytes([head[8], head[9]]) as usize
    } else {
        u32::from_le_bytes([head[8], head[9], head[10], head[11]]) as usize
    };
    Ok(8 + field + len)
}

/// Parse the header. `head` must hold the file up to the data (see `header_len`), or
/// all of a shorter file; `file_len` is the whole file's size, for messages.
pub(super) fn parse_header(name: &str, head: &[u8], file_len: u64) -> Result<NpyHeader> {
    let data_offset = header_len(name, head)?;
    let version = (head[6], 0);
    let start = if version.0 == 1 { 10 } else { 12 };
    if (file_len as usize) < data_offset || head.len() < data_offset {
        return Err(invalid(
            name,
            format!("truncated .npy header: it declares {} bytes from byte {start} to byte {data_offset}, but the file has only {file_len} bytes", data_offset - start),
        ));
    }
    let raw = &head[start..data_offset];
    let text = if version.0 == 3 {
        std::str::from_utf8(raw).map_err(|e| {
            invalid(
                name,
                format!(
                    "malformed .npy header: invalid UTF-8 at byte offset {}",
                    start + e.valid_up_to()
                ),
            )
        })?
    } else {
        // Version 1 and 2 headers are latin-1; every header NumPy writes for a plain
        // dtype is ASCII, and only ASCII keeps our byte offsets exact.
        if let Some(p) = raw.iter().position(|b| !b.is_ascii()) {
            return Err(invalid(
                name,
                format!(
                    "malformed .npy header: non-ASCII byte at byte offset {}",
                    start + p
                ),
            ));
        }
        std::str::from_utf8(raw).expect("ASCII is UTF-8")
    };
    let malformed = |offset: usize, what: &str| {
        invalid(name, format!("malformed .npy header at byte offset {offset}: {what}; re-save the array with numpy.save"))
    };
    let dict = match pyliteral::parse(text) {
        Ok(Value::Dict(d)) => d,
        Ok(_) => return Err(malformed(start, "the header is not a dict")),
        Err(e) => return Err(malformed(start + e.offset, &e.message)),
    };
    let get = |key: &str| {
        dict.iter()
            .find(|(k, _)| *k == Value::Str(key.into()))
            .map(|(_, v)| v)
            .ok_or_else(|| malformed(start, &format!("the header dict has no '{key}' key")))
    };
    let descr = match get("descr")? {
        Value::Str(s) => Some(TypeStr::parse(s)),
        Value::List(_) => None,
        _ => {
            return Err(malformed(
                start,
                "'descr' is neither a type string nor a list of fields",
            ))
        }
    };
    let fortran_order = match get("fortran_order")? {
        Value::Bool(b) => *b,
        _ => return Err(malformed(start, "'fortran_order' is not True or False")),
    };
    let shape = match get("shape")? {
        Value::Tuple(items) => items
            .iter()
            .map(|v| match v {
                Value::Int(n) if *n >= 0 => Ok(*n as usize),
                _ => Err(malformed(
                    start,
                    "'shape' holds something other than non-negative integers",
                )),
            })
            .collect::<Result<Vec<_>>>()?,
        _ => return Err(malformed(start, "'shape' is not a tuple")),
    };
    Ok(NpyHeader {
        version,
        descr,
        fortran_order,
        shape,
        data_offset,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header_bytes(version: u8, dict: &str) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&[version, 0]);
        if version == 1 {
            out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
        } else {
            out.extend_from_slice(&(dict.len() as u32).to_le_bytes());
        }
        out.extend_from_slice(dict.as_bytes());
        out
    }

    #[test]
    fn reads_python2_and_hand_written_headers() {
        let h = header_bytes(
            1,
            "{'shape': (3L, 4L), 'fortran_order': True, 'descr': '>f8',}\n",
        );
        let p = parse_header("x.npy", &h, h.len() as u64).unwrap();
        assert_eq!(p.shape, vec![3, 4]);
        assert!(p.fortran_order);
        let d = p.descr.unwrap();
        assert_eq!((d.order, d.kind, d.size), (Some(ByteOrder::Big), 'f', 8));
    }

    #[test]
    fn type_strings() {
        let t = TypeStr::parse("|f4");
        assert_eq!((t.order, t.kind, t.size), (None, 'f', 4));
        assert_eq!(TypeStr::parse("<i4").type_name(), "int32");
        assert_eq!(TypeStr::parse("<c8").type_name(), "complex64");
        assert_eq!(TypeStr::parse("|O").type_name(), "Python objects");
        assert_eq!(TypeStr::parse("<M8[ns]").type_name(), "datetime64");
    }

    #[test]
    fn header_errors_name_offsets() {
        let msg = |b: &[u8]| {
            parse_header("e.npy", b, b.len() as u64)
                .err()
                .unwrap()
                .to_string()
        };
        assert!(msg(b"PK\x03\x04 zip").contains("bad magic at byte 0"));
        assert!(msg(b"\x93NUM").contains("ends at byte 4"));
        assert!(msg(b"\x93NUMPY\x01\x00\x50").contains("header length at byte 8"));
        let e = parse_header("e.npy", b"\x93NUMPY\x04\x00\x00\x00\x00\x00", 12)
            .err()
            .unwrap();
        assert!(
            matches!(e, Error::Unsupported(_)) && e.to_string().contains("version 4.0"),
            "{e}"
        );
        assert!(msg(&header_bytes(1, "{'descr': '<f4'")[..14])
            .contains("but the file has only 14 bytes"));
        let bad = header_bytes(1, "{'descr': '<f4' 'fortran_order': False}");
        assert!(msg(&bad).contains("byte offset 26"), "{}", msg(&bad));
        assert!(
            msg(&header_bytes(2, "{'descr': '<f4', 'fortran_order': False}"))
                .contains("no 'shape' key")
        );
        assert!(msg(&header_bytes(
            1,
            "{'descr': '<f4', 'fortran_order': 0, 'shape': ()}"
        ))
        .contains("True or False"));
        assert!(msg(&header_bytes(
            1,
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"
        ))
        .contains("non-negative"));
        assert!(msg(&header_bytes(1, "{'descr': '\u{e9}'}"))
            .contains("non-ASCII byte at byte offset 21"));
        let mut v3 = header_bytes(3, "{'descr': '<f4'}");
        v3[14] = 0xff;
        assert!(msg(&v3).contains("invalid UTF-8 at byte offset 14"));
    }
}
