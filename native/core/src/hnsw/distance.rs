//! Metrics and the one public distance function. Definitions (DESIGN.md, as hnswlib
//! reports them): cosine `1 − cos(q,x)`, l2 the squared Euclidean `‖q − x‖²`, ip
//! `1 − ⟨q,x⟩`. Smaller is closer for all three.

use super::simd::kernels;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Cosine,
    L2,
    Ip,
}

impl Metric {
    pub fn from_name(s: &str) -> Result<Metric> {
        match s {
            "cosine" => Ok(Metric::Cosine),
            "l2" => Ok(Metric::L2),
            "ip" => Ok(Metric::Ip),
            _ => Err(Error::InvalidInput(format!(
                "unknown metric '{s}': use cosine, l2 or ip"
            ))),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Metric::Cosine => "cosine",
            Metric::L2 => "l2",
            Metric::Ip => "ip",
        }
    }

    /// The code stored in the index file header.
    pub(crate) fn code(&self) -> u32 {
        match self {
            Metric::Cosine => 0,
            Metric::L2 => 1,
            Metric::Ip => 2,
        }
    }

    pub(crate) fn from_code(c: u32) -> Option<Metric> {
        [Metric::Cosine, Metric::L2, Metric::Ip]
            .get(c as usize)
            .copied()
    }
}

/// One distance, exactly as DESIGN.md defines it. Cosine with a zero vector on either
/// side counts the cosine as 0 (distance 1), as hnswlib does after normalising; the
/// builder and the query path reject zero vectors under cosine before this matters.
pub fn distance(metric: Metric, a: &[f32], b: &[f32]) -> f32 {
    let k = kernels();
    match metric {
        Metric::L2 => (k.l2)(a, b),
        Metric::Ip => 1.0 - (k.dot)(a, b),
        Metric::Cosine => {
            let (ia, ib) = (inverse_norm(a), inverse_norm(b));
            1.0 - (k.dot)(a, b) * ia * ib
        }
    }
}

/// `1 / ‖v‖`, or 0 for the zero vector (so a cosine against it is 0, not NaN).
#[inline]
pub fn inverse_norm(v: &[f32]) -> f32 {
    let n2 = (kernels().dot)(v, v);
    if n2 > 0.0 {
        1.0 / n2.sqrt()
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(metric: Metric, a: &[f32], b: &[f32]) -> f64 {
        let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum();
        let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
        let nb: f64 = b.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
        match metric {
            Metric::L2 => a
                .iter()
                .zip(b)
                .map(|(x, y)| (*x as f64 - *y as f64).powi(2))
                .sum(),
            Metric::Ip => 1.0 - dot,
            Metric::Cosine => 1.0 - dot / (na * nb),
        }
    }

    #[test]
    fn distances_equal_definitions() {
        let mut s = 0x5eedu64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        for len in [1usize, 3, 16, 17, 100, 128, 333, 768] {
            let a: Vec<f32> = (0..len).map(|_| next()).collect();
            let b: Vec<f32> = (0..len).map(|_| next()).collect();
            for metric in [Metric::Cosine, Metric::L2, Metric::Ip] {
                let got = distance(metric, &a, &b) as f64;
                let want = exact(metric, &a, &b);
                // Relative to the magnitude of the terms summed (what f32 can promise).
                let scale = match metric {
                    Metric::L2 => want.abs(),
                    _ => 1.0f64.max(want.abs()),
                };
                assert!(
                    (got - want).abs() <= 1e-5 * scale,
                    "{} len {len}: {got} vs {want}",
                    metric.name()
                );
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for m in [Metric::Cosine, Metric::L2, Metric::Ip] {
            assert_eq!(Metric::from_name(m.name()).unwrap(), m);
            assert_eq!(Metric::from_code(m.code()), Some(m));
        }
        assert!(matches!(
            Metric::from_name("dot"),
            Err(Error::InvalidInput(_))
        ));
    }
}
