//! Byte-level mutations shared by the file targets.

use crate::rng::{interesting_u64, Rng};

/// One to `max` mutations of `data`: flipped bits, random or interesting bytes and
/// little-endian words, truncation, extension, a copied or zeroed run. `hot` bytes at
/// the front (a header) are picked more often, since that is where sizes live.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>, max: usize, hot: usize) {
    let n = rng.range(1, max);
    for _ in 0..n {
        let len = data.len();
        let at = |rng: &mut Rng, len: usize| {
            if hot > 0 && len > 0 && rng.one_in(2) {
                rng.below(hot.min(len))
            } else {
                rng.below(len.max(1))
            }
        };
        match rng.below(9) {
            0 | 1 if len > 0 => {
                let i = at(rng, len);
                data[i] ^= 1 << rng.below(8);
            }
            2 if len > 0 => {
                let i = at(rng, len);
                data[i] = rng.byte();
            }
            3 if len >= 4 => {
                let i = at(rng, len - 3).min(len - 4);
                let v = interesting_u64(rng) as u32;
                data[i..i + 4].copy_from_slice(&v.to_le_bytes());
            }
            4 if len >= 8 => {
                let i = at(rng, len - 7).min(len - 8);
                let v = interesting_u64(rng);
                data[i..i + 8].copy_from_slice(&v.to_le_bytes());
            }
            5 => {
                let keep = rng.below(len + 1);
                data.truncate(keep);
            }
            6 => {
                for _ in 0..rng.range(1, 64) {
                    data.push(rng.byte());
                }
            }
            7 if len > 0 => {
                let i = rng.below(len);
                let run = rng.range(1, 64).min(len - i);
                data[i..i + run].fill(0);
            }
            8 if len > 1 => {
                let (from, to) = (rng.below(len), rng.below(len));
                let run = rng.range(1, 32).min(len - from).min(len - to);
                data.copy_within(from..from + run, to);
            }
            _ => {}
        }
    }
}
