//! Node levels and the seeded generator behind them. A node's level is a pure function of
//! (seed, internal node index), so it does not depend on which thread inserts the node or
//! when: all link storage can be sized up front and one-thread builds are reproducible.

/// splitmix64 (Steele, Lea, Flood 2014): a fast, well-mixed 64-bit step.
#[inline]
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The paper's level multiplier mL = 1 / ln(M).
pub fn level_multiplier(m: usize) -> f64 {
    1.0 / (m as f64).ln()
}

/// Highest level a node can get; the draw below cannot exceed ~37·mL anyway (53-bit
/// uniform), this only bounds the per-node level byte.
pub const MAX_LEVEL: usize = 255;

/// The paper's level draw `⌊−ln(U) · mL⌋` with U uniform in (0, 1], keyed by node.
pub fn node_level(seed: u64, node: u32, ml: f64) -> usize {
    let x = splitmix64(seed ^ splitmix64(node as u64 ^ 0xA5A5_5A5A_0000_0000));
    let u = ((x >> 11) + 1) as f64 / (1u64 << 53) as f64;
    let level = (-u.ln() * ml).floor();
    (level as usize).min(MAX_LEVEL)
}

/// A small seeded generator for orderings and tests of our own: splitmix64 in sequence.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        splitmix64(self.0)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n (n > 0); the modulo bias is irrelevant at our sizes.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Standard normal (Box–Muller).
    pub fn gaussian(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_distribution_follows_ml() {
        let ml = level_multiplier(16);
        let n = 200_000u32;
        let above0 = (0..n).filter(|&i| node_level(42, i, ml) >= 1).count() as f64;
        // P(level >= 1) = 1/M.
        let p = above0 / n as f64;
        assert!((p - 1.0 / 16.0).abs() < 0.005, "P(level>=1) = {p}");
        assert_eq!(node_level(42, 7, ml), node_level(42, 7, ml));
    }
}
