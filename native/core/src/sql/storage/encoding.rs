//! Bytes of the SQL layer, all under the store's reserved prefix 0xFF (so `kv` never
//! sees them):
//!
//! | key | value |
//! |---|---|
//! | `FF 01` | the catalog ([`crate::sql::catalog`]) |
//! | `FF 02` table id (u32 BE) rowid (8 bytes) | the row ([`encode_row`]) |
//! | `FF 03` index id (u32 BE) key values ([`encode_key_value`]) rowid (8 bytes) | empty |
//! | `FF 04` table id (u32 BE) | next rowid (i64 BE) |
//!
//! A rowid is big-endian with the sign bit flipped, so byte order is numeric order.
//! Key values are order-preserving and self-delimiting, in SQLite's sort order:
//! - NULL: `01`
//! - a number: `02`, the f64 value (IEEE bits, sign flipped, negatives inverted: 8 bytes
//!   BE), then the exact integer remainder `i - (i as f64)` (i64, sign flipped, 8 bytes).
//!   An integer and a real of equal value encode the same, as SQLite compares them equal.
//! - text: `03`, UTF-8 bytes with `00` escaped as `00 FF`, terminated by `00 00`
//! - blob: `04`, the bytes escaped the same way, `00 00`
//!
//! A row is its values in column order, each a tag byte and a payload: `00` NULL,
//! `01` integer (zigzag varint), `02` real (8 bytes LE), `03` text and `04` blob
//! (varint length, bytes). Rows written before an `ALTER TABLE ADD COLUMN` are shorter;
//! the missing trailing values read as the column's default.

use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::value::Value;
use crate::store::RESERVED_PREFIX;

pub const CATALOG_KEY: [u8; 2] = [RESERVED_PREFIX, 0x01];
const ROW_SPACE: u8 = 0x02;
const INDEX_SPACE: u8 = 0x03;
const SEQ_SPACE: u8 = 0x04;
/// The tag of the first non-NULL key value: an index range that must skip NULLs starts here.
pub const FIRST_NON_NULL: u8 = 0x02;

fn space_prefix(space: u8, id: u32) -> Vec<u8> {
    let mut k = Vec::with_capacity(24);
    k.push(RESERVED_PREFIX);
    k.push(space);
    k.extend_from_slice(&id.to_be_bytes());
    k
}

/// Prefix of every row key of a table.
pub fn table_prefix(table_id: u32) -> Vec<u8> {
    space_prefix(ROW_SPACE, table_id)
}

/// Prefix of every entry of an index.
pub fn index_prefix(index_id: u32) -> Vec<u8> {
    space_prefix(INDEX_SPACE, index_id)
}

pub fn seq_key(table_id: u32) -> Vec<u8> {
    space_prefix(SEQ_SPACE, table_id)
}

pub fn push_rowid(out: &mut Vec<u8>, rowid: i64) {
    out.extend_from_slice(&((rowid as u64) ^ (1 << 63)).to_be_bytes());
}

pub fn row_key(table_id: u32, rowid: i64) -> Vec<u8> {
    let mut k = table_prefix(table_id);
    push_rowid(&mut k, rowid);
    k
}

/// The rowid in the last 8 bytes of a row or index key.
pub fn rowid_of_key(key: &[u8]) -> Result<i64> {
    let tail = key
        .len()
        .checked_sub(8)
        .map(|at| &key[at..])
        .ok_or_else(|| Error::Corrupt("SQL key shorter than a rowid".into()))?;
    let raw = u64::from_be_bytes(tail.try_into().expect("8 bytes"));
    Ok((raw ^ (1 << 63)) as i64)
}

fn ordered_f64(r: f64) -> u64 {
    let r = if r == 0.0 { 0.0 } else { r }; // -0.0 sorts as 0.0
    let bits = r.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits ^ (1 << 63)
    }
}

fn push_escaped(out: &mut Vec<u8>, bytes: &[u8]) {
    for &b in bytes {
        out.push(b);
        if b == 0 {
            out.push(0xFF);
        }
    }
    out.extend_from_slice(&[0, 0]);
}

/// Appends the order-preserving encoding of one value.
pub fn encode_key_value(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => out.push(0x01),
        Value::Integer(i) => {
            let approx = *i as f64;
            let rem = (*i as i128 - approx as i128) as i64;
            out.push(0x02);
            out.extend_from_slice(&ordered_f64(approx).to_be_bytes());
            out.extend_from_slice(&((rem as u64) ^ (1 << 63)).to_be_bytes());
        }
        Value::Real(r) => {
            out.push(0x02);
            out.extend_from_slice(&ordered_f64(*r).to_be_bytes());
            out.extend_from_slice(&(1u64 << 63).to_be_bytes());
        }
        Value::Text(s) => {
            out.push(0x03);
            push_escaped(out, s.as_bytes());
        }
        Value::Blob(b) => {
            out.push(0x04);
            push_escaped(out, b);
        }
    }
}

/// The encoding of several values: a hash key with SQL equality (1 = 1.0).
pub fn key_of(values: &[Value]) -> Vec<u8> {
    let mut k = Vec::with_capacity(values.len() * 10);
    for v in values {
        encode_key_value(&mut k, v);
    }
    k
}

/// [`key_of`] with each value as its collation compares it (NOCASE folds ASCII letters,
/// RTRIM drops trailing spaces): equal keys are values the collations call equal.
/// A value without a collation in `colls` compares as BINARY.
pub fn collated_key_of(values: &[Value], colls: &[Collation]) -> Vec<u8> {
    let mut k = Vec::with_capacity(values.len() * 10);
    for (i, v) in values.iter().enumerate() {
        let c = colls.get(i).copied().unwrap_or_default();
        encode_key_value(&mut k, &c.key(v));
    }
    k
}

/// The smallest key above every key that starts with `prefix` (`None`: no such key).
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while end.last() == Some(&0xFF) {
        end.pop();
    }
    let last = end.last_mut()?;
    *last += 1;
    Some(end)
}

pub fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub fn encode_row(out: &mut Vec<u8>, row: &[Value]) {
    for v in row {
        match v {
            Value::Null => out.push(0),
            Value::Integer(i) => {
                out.push(1);
                push_varint(out, ((*i << 1) ^ (*i >> 63)) as u64);
            }
            Value::Real(r) => {
                out.push(2);
                out.extend_from_slice(&r.to_le_bytes());
            }
            Value::Text(s) => {
                out.push(3);
                push_varint(out, s.len() as u64);
                out.extend_from_slice(s.as_bytes());
            }
            Value::Blob(b) => {
                out.push(4);
                push_varint(out, b.len() as u64);
                out.extend_from_slice(b);
            }
        }
    }
}

/// A cursor over bytes written by this module; every read is bounds-checked.
pub struct Reader<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf, pos: 0 }
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.buf.len()
    }

    fn corrupt() -> Error {
        Error::Corrupt("SQL row or catalog bytes are malformed".into())
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(Self::corrupt)?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    pub fn byte(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }

    pub fn varint(&mut self) -> Result<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        Err(Self::corrupt())
    }

    pub fn string(&mut self) -> Result<String> {
        let n = self.varint()? as usize;
        String::from_utf8(self.bytes(n)?.to_vec()).map_err(|_| Self::corrupt())
    }

    /// Steps over one value without decoding it.
    pub fn skip_value(&mut self) -> Result<Value> {
        match self.byte()? {
            0 => {}
            1 => {
                self.varint()?;
            }
            2 => {
                self.bytes(8)?;
            }
            3 | 4 => {
                let n = self.varint()? as usize;
                self.bytes(n)?;
            }
            _ => return Err(Self::corrupt()),
        }
        Ok(Value::Null)
    }

    pub fn value(&mut self) -> Result<Value> {
        Ok(match self.byte()? {
            0 => Value::Null,
            1 => {
                let z = self.varint()?;
                Value::Integer(((z >> 1) as i64) ^ -((z & 1) as i64))
            }
            2 => Value::Real(f64::from_le_bytes(self.bytes(8)?.try_into().expect("8"))),
            3 => Value::Text(self.string()?),
            4 => {
                let n = self.varint()? as usize;
                Value::Blob(self.bytes(n)?.to_vec())
            }
            _ => return Err(Self::corrupt()),
        })
    }
}

/// Decodes a row into `out` (cleared), padding short rows with `defaults`. With `read`,
/// only the columns it marks are decoded; the others are skipped and read as NULL.
pub fn decode_row(
    bytes: &[u8],
    defaults: &[Value],
    read: Option<&[bool]>,
    out: &mut Vec<Value>,
) -> Result<()> {
    out.clear();
    let mut r = Reader::new(bytes);
    while !r.at_end() {
        let wanted = read.is_none_or(|m| m.get(out.len()).copied().unwrap_or(false));
        out.push(if wanted { r.value()? } else { r.skip_value()? });
    }
    if out.len() > defaults.len() {
        return Err(Reader::corrupt());
    }
    out.extend_from_slice(&defaults[out.len()..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_order_is_sqlite_order() {
        let vals = [
            Value::Null,
            Value::Real(-1e300),
            Value::Integer(i64::MIN),
            Value::Integer(-3),
            Value::Real(-2.5),
            Value::Integer(0),
            Value::Real(0.5),
            Value::Integer(1),
            Value::Integer((1 << 53) + 1),
            Value::Real(1e19),
            Value::Text(String::new()),
            Value::Text("a".into()),
            Value::Text("a\0b".into()),
            Value::Text("ab".into()),
            Value::Blob(vec![]),
            Value::Blob(vec![0, 1]),
        ];
        for w in vals.windows(2) {
            assert!(key_of(&w[..1]) < key_of(&w[1..]), "{:?} < {:?}", w[0], w[1]);
            assert_eq!(w[0].sql_cmp(&w[1]), std::cmp::Ordering::Less);
        }
        assert_eq!(key_of(&[Value::Integer(3)]), key_of(&[Value::Real(3.0)]));
        assert!(row_key(1, -1) < row_key(1, 0) && row_key(1, 0) < row_key(1, 1));
        assert_eq!(rowid_of_key(&row_key(7, -42)).unwrap(), -42);
    }

    #[test]
    fn rows_round_trip() {
        let row = vec![
            Value::Integer(-5),
            Value::Null,
            Value::Real(2.5),
            Value::Text("héllo".into()),
            Value::Blob(vec![0, 255]),
        ];
        let mut buf = Vec::new();
        encode_row(&mut buf, &row[..4]);
        let mut out = Vec::new();
        decode_row(&buf, &row, None, &mut out).unwrap();
        assert_eq!(out, row);
    }
}
