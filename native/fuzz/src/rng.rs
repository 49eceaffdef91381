//! A small seeded generator (SplitMix64): one seed gives one case, on every machine.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }

    pub fn f32(&mut self) -> f32 {
        match self.below(12) {
            0 => *self.pick(&[f32::NAN, f32::INFINITY, f32::NEG_INFINITY, 0.0, -0.0]),
            1 => *self.pick(&[f32::MAX, f32::MIN, f32::MIN_POSITIVE, 1e-45, 3.4e38]),
            2 => f32::from_bits(self.next_u64() as u32),
            _ => (self.next_u64() % 2001) as f32 / 1000.0 - 1.0,
        }
    }
}

/// A number a size or count field should be tested with.
pub fn interesting_u64(rng: &mut Rng) -> u64 {
    *rng.pick(&[
        0,
        1,
        2,
        7,
        8,
        63,
        64,
        255,
        256,
        4095,
        4096,
        65535,
        65536,
        0x7FFF_FFFF,
        0x8000_0000,
        0xFFFF_FFFF,
        0x1_0000_0000,
        0x7FFF_FFFF_FFFF_FFFF,
        0x8000_0000_0000_0000,
        u64::MAX,
        u64::MAX - 1,
        1 << 40,
        1 << 53,
    ])
}
