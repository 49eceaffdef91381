//! The bf16 codes of index format 2 (files written before format 3's int8 codes,
//! codes_i8.rs, which are half the size and fast without AVX-512): one bf16 row per node,
//! in internal order, padded with zeros to a multiple of 32 values (64-byte rows). Kept so
//! those files still open and answer as they did; nothing writes them any more (the
//! encoder is test-only). A query walks the graph on them and then re-ranks its `ef`
//! candidates with exact f32 distances from the full vectors (index.rs).
//!
//! Rounding to bf16 keeps 8 significant bits, so rows are centred first: the code of
//! node x is bf16(y − μ), with y = x (l2, ip) or x/‖x‖ (cosine) and μ the mean of y over
//! all nodes. Clustered data then spends its bits on what tells neighbours apart, not on
//! the offset all of them share. Each distance is rebuilt from the centred dot product
//! with one stored number per node (`aux`):
//!
//! - l2: ‖a − b‖² = ‖a'‖² + ‖b'‖² − 2⟨a', b'⟩ (a' = a − μ, translation does not change
//!   l2); `aux` = ‖a'‖² of the rounded row; a query is centred and rounded the same way.
//! - ip, cosine: ⟨a, b⟩ = ⟨a', b'⟩ + ⟨μ, a'⟩ + ⟨μ, b'⟩ + ‖μ‖²; `aux` = ⟨μ, a'⟩. A query q
//!   (unit length under cosine) is centred and rounded too: ⟨q, b⟩ = ⟨q', b'⟩ + ⟨μ, b'⟩ +
//!   ⟨q, μ⟩, the last term computed exactly, once per query.

use super::distance::{inverse_norm, Metric};
use super::simd::kernels;
use super::simd_bf16::{bf16_kernel, from_bf16, to_bf16, Bf16Kernel};

/// Row length in values for dimension `dim`.
#[cfg(test)]
pub fn stride(dim: usize) -> usize {
    use super::simd_bf16::LANES;
    dim.div_ceil(LANES) * LANES
}

/// Codes encoded in memory (tests).
#[cfg(test)]
pub struct Bf16Book {
    pub stride: usize,
    /// μ, `stride` values (zero past the dimension).
    pub mean: Vec<f32>,
    pub aux: Vec<f32>,
    pub codes: Vec<u16>,
}

#[cfg(test)]
impl Bf16Book {
    /// Encodes `count` rows: node i's vector is `row(i)` times `scale(i)` (1/‖x‖ under
    /// cosine). Two passes over the rows (the mean, then the codes); `release` is called
    /// every `(1 << 16)` rows so a caller can drop input pages it has read.
    pub fn encode<'r>(
        metric: Metric,
        dim: usize,
        count: usize,
        row: impl Fn(usize) -> &'r [f32],
        scale: impl Fn(usize) -> f32,
        release: impl Fn(),
    ) -> Bf16Book {
        let stride = stride(dim);
        let mut sum = vec![0f64; dim];
        for i in 0..count {
            if i % (1 << 16) == (1 << 16) - 1 {
                release();
            }
            let s = scale(i) as f64;
            for (acc, &x) in sum.iter_mut().zip(row(i)) {
                *acc += x as f64 * s;
            }
        }
        let mut mean = vec![0f32; stride];
        for (m, s) in mean.iter_mut().zip(&sum) {
            *m = (*s / count.max(1) as f64) as f32;
        }
        let mut codes = vec![0u16; count * stride];
        let mut aux = vec![0f32; count];
        for (i, (out, a)) in codes.chunks_exact_mut(stride).zip(&mut aux).enumerate() {
            if i % (1 << 16) == (1 << 16) - 1 {
                release();
            }
            let s = scale(i);
            for ((c, &x), &m) in out.iter_mut().zip(row(i)).zip(&mean) {
                *c = to_bf16(x * s - m);
            }
            *a = row_aux(metric, out, &mean);
        }
        Bf16Book {
            stride,
            mean,
            aux,
            codes,
        }
    }

    pub fn view(&self, metric: Metric) -> Bf16Codes<'_> {
        Bf16Codes::new(metric, self.stride, &self.mean, &self.aux, &self.codes)
    }
}

/// The per-node number stored beside a code (see the module comment).
fn row_aux(metric: Metric, code: &[u16], mean: &[f32]) -> f32 {
    match metric {
        Metric::L2 => code.iter().map(|&c| from_bf16(c) * from_bf16(c)).sum(),
        Metric::Ip | Metric::Cosine => code.iter().zip(mean).map(|(&c, m)| from_bf16(c) * m).sum(),
    }
}

/// A query prepared for `Bf16Codes::query_distance`.
#[derive(Default)]
pub struct Bf16Query {
    code: Vec<u16>,
    offset: f32,
}

/// Read access to codes, owned or memory-mapped.
#[derive(Clone, Copy)]
pub struct Bf16Codes<'a> {
    metric: Metric,
    stride: usize,
    mean: &'a [f32],
    aux: &'a [f32],
    codes: &'a [u16],
    mean_sq: f32,
    k: &'static Bf16Kernel,
}

impl<'a> Bf16Codes<'a> {
    pub fn new(
        metric: Metric,
        stride: usize,
        mean: &'a [f32],
        aux: &'a [f32],
        codes: &'a [u16],
    ) -> Bf16Codes<'a> {
        Bf16Codes {
            metric,
            stride,
            mean,
            aux,
            codes,
            mean_sq: (kernels().dot)(mean, mean),
            k: bf16_kernel(),
        }
    }

    #[inline]
    pub fn row(&self, node: u32) -> &'a [u16] {
        let at = node as usize * self.stride;
        &self.codes[at..at + self.stride]
    }

    /// `node`'s aux number, as a one-value slice.
    #[inline]
    pub fn aux(&self, node: u32) -> &'a [f32] {
        let at = node as usize;
        &self.aux[at..at + 1]
    }

    /// Approximate distance between two nodes.
    #[inline]
    pub fn pair(&self, a: u32, b: u32) -> f32 {
        let dot = (self.k.dot)(self.row(a), self.row(b));
        let (xa, xb) = (self.aux[a as usize], self.aux[b as usize]);
        match self.metric {
            Metric::L2 => xa + xb - 2.0 * dot,
            Metric::Ip | Metric::Cosine => 1.0 - (dot + xa + xb + self.mean_sq),
        }
    }

    /// Prepares query `q` (any length; made unit length under cosine) into `out`,
    /// reusing its buffer.
    pub fn prepare(&self, q: &[f32], out: &mut Bf16Query) {
        out.code.clear();
        out.code.resize(self.stride, 0);
        let unit: Vec<f32>;
        let q = if self.metric == Metric::Cosine {
            let inv = inverse_norm(q);
            unit = q.iter().map(|x| x * inv).collect();
            &unit
        } else {
            q
        };
        for ((c, &x), &m) in out.code.iter_mut().zip(q).zip(self.mean) {
            *c = to_bf16(x - m);
        }
        out.offset = match self.metric {
            Metric::L2 => row_aux(Metric::L2, &out.code, self.mean),
            Metric::Ip | Metric::Cosine => (kernels().dot)(q, &self.mean[..q.len()]),
        };
    }

    /// Approximate distance from a prepared query to a node.
    #[inline]
    pub fn query_distance(&self, q: &Bf16Query, node: u32) -> f32 {
        let dot = (self.k.dot)(&q.code, self.row(node));
        match self.metric {
            Metric::L2 => q.offset + self.aux[node as usize] - 2.0 * dot,
            Metric::Ip | Metric::Cosine => 1.0 - (dot + self.aux[node as usize] + q.offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::distance::distance;
    use super::*;

    /// One cluster well away from the origin (rows differ by ~15%), where rounding
    /// uncentred rows would blur l2 distances: what centring is for.
    fn data(n: usize, dim: usize) -> Vec<f32> {
        let mut s = 3u64;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        };
        let centre: Vec<f32> = (0..dim).map(|_| 2.0 + next()).collect();
        (0..n * dim).map(|i| centre[i % dim] + next()).collect()
    }

    #[test]
    fn code_distances_track_exact_ones() {
        let (n, dim) = (200, 100);
        let raw = data(n, dim);
        for metric in [Metric::L2, Metric::Ip, Metric::Cosine] {
            let unit = |i: usize| {
                let r = &raw[i * dim..(i + 1) * dim];
                let norm = r.iter().map(|x| x * x).sum::<f32>().sqrt();
                r.iter().map(|x| x / norm).collect::<Vec<f32>>()
            };
            let rows: Vec<Vec<f32>> = (0..n)
                .map(|i| match metric {
                    Metric::Cosine => unit(i),
                    _ => raw[i * dim..(i + 1) * dim].to_vec(),
                })
                .collect();
            let book = Bf16Book::encode(metric, dim, n, |i| &rows[i], |_| 1.0, || ());
            let codes = book.view(metric);
            let mut q = Bf16Query::default();
            // Errors are judged against the spread of the distances themselves.
            let exact: Vec<f32> = (1..n)
                .map(|b| distance(metric, &rows[0], &rows[b]))
                .collect();
            let spread = exact.iter().cloned().fold(f32::MIN, f32::max)
                - exact.iter().cloned().fold(f32::MAX, f32::min);
            codes.prepare(&rows[0], &mut q);
            for b in 1..n {
                let want = exact[b - 1];
                for got in [codes.pair(0, b as u32), codes.query_distance(&q, b as u32)] {
                    assert!(
                        (got - want).abs() <= 0.02 * spread,
                        "{} node {b}: {got} vs {want} (spread {spread})",
                        metric.name()
                    );
                }
            }
        }
    }
}
