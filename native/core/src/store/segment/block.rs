//! Data block entries: keys prefix-compressed against the previous key of the same block
//! (each block decodes on its own), values stored whole so readers can borrow them straight
//! from the memory map.
//!
//! Entry: shared (varint), unshared (varint), vtag (varint: 0 tombstone, else value
//! length + 1), key suffix (unshared bytes), value bytes.

use super::super::codec::{put_varint, Reader};
use std::ops::Range;

/// A block is closed once its entries reach this many bytes.
pub const BLOCK_TARGET: usize = 4096;

pub fn push_entry(block: &mut Vec<u8>, prev_key: &[u8], key: &[u8], value: Option<&[u8]>) {
    let shared = prev_key.iter().zip(key).take_while(|(a, b)| a == b).count();
    put_varint(block, shared as u64);
    put_varint(block, (key.len() - shared) as u64);
    put_varint(block, value.map_or(0, |v| v.len() as u64 + 1));
    block.extend_from_slice(&key[shared..]);
    if let Some(v) = value {
        block.extend_from_slice(v);
    }
}

/// Decodes the entries of a block in order, calling `f(key, value)` with the value's
/// byte range within `entries` (`None` for a tombstone) until `f` returns false. Returns
/// `None` if the bytes are malformed or the keys are not strictly ascending.
pub fn decode(
    entries: &[u8],
    key: &mut Vec<u8>,
    mut f: impl FnMut(&[u8], Option<Range<usize>>) -> bool,
) -> Option<()> {
    let mut r = Reader::new(entries);
    key.clear();
    let mut first = true;
    while !r.is_empty() {
        let shared = r.len()?;
        let unshared = r.len()?;
        let vtag = r.len()?;
        if shared > key.len() || (first && shared != 0) {
            return None;
        }
        let suffix = r.bytes(unshared)?;
        // Ascending order is checked where it is cheap: the first differing byte is the
        // first suffix byte, which must exceed the previous key's byte there.
        let ascending = match (suffix.first(), key.get(shared)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(b), Some(p)) => b > p,
        };
        if !first && !ascending {
            return None;
        }
        key.truncate(shared);
        key.extend_from_slice(suffix);
        let value = match vtag {
            0 => None,
            n => {
                let start = r.pos();
                r.bytes(n - 1)?;
                Some(start..start + n - 1)
            }
        };
        first = false;
        if !f(key, value) {
            break;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_disorder() {
        let keys: [&[u8]; 4] = [b"", b"app", b"apple", b"b"];
        let mut block = Vec::new();
        let mut prev: &[u8] = b"";
        for (i, k) in keys.iter().enumerate() {
            push_entry(&mut block, prev, k, (i != 2).then_some(b"v".as_slice()));
            prev = k;
        }
        let mut seen = Vec::new();
        decode(&block, &mut Vec::new(), |k, v| {
            seen.push((k.to_vec(), v.map(|r| block[r].to_vec())));
            true
        })
        .unwrap();
        assert_eq!(seen.len(), 4);
        assert_eq!(seen[2], (b"apple".to_vec(), None));
        assert_eq!(seen[3], (b"b".to_vec(), Some(b"v".to_vec())));

        let mut bad = Vec::new();
        push_entry(&mut bad, b"", b"b", None);
        push_entry(&mut bad, b"b", b"a", None);
        assert!(decode(&bad, &mut Vec::new(), |_, _| true).is_none());
    }
}
