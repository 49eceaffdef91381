//! The int8 codes every distance of a build, and of a query's graph walk, is computed on
//! (index format 3): one row of `stride` signed bytes per node, in internal order, the
//! dimension rounded up to 16 (simd_i8.rs). A row is a quarter of the f32 vector's bytes
//! (a 50-value row is one cache line), and the kernels are integer multiply-adds every
//! x86-64 CPU since AVX2, and every ARM one, runs fast. A query re-ranks its `ef`
//! candidates with exact f32 distances, so every distance reported is exact (index.rs).
//!
//! Rows are centred first: y = x (l2, ip) or x/‖x‖ (cosine), μ the mean of y over all
//! nodes, and the code of a node is round((y − μ) / s) clamped to −127..=127, with one
//! scale s for every value (the 99.99th percentile of |y − μ| over a sample, / 127). One
//! scale, not one per dimension, keeps the dot product a plain integer sum, and makes the
//! rounding error the same in every dimension, which is what an l2 or dot distance adds
//! up. Each distance is rebuilt from the centred dot product with one number per node
//! (`aux`), as in codes_bf16.rs:
//!
//! - l2: ‖a − b‖² = ‖a'‖² + ‖b'‖² − 2⟨a', b'⟩, `aux` = ‖a'‖² of the rounded row.
//! - ip, cosine: ⟨a, b⟩ = ⟨a', b'⟩ + ⟨μ, a'⟩ + ⟨μ, b'⟩ + ‖μ‖², `aux` = ⟨μ, a'⟩.
//!
//! A query q' = q − μ is rounded with a scale of its own (max |q'| / 127: finer than s),
//! so ⟨q', b'⟩ ≈ s_q · s · Σ q_i b_i; its ‖q'‖² (l2) or ⟨q, μ⟩ (ip, cosine) is exact.

use super::distance::{inverse_norm, Metric};
use super::simd::kernels;
use super::simd_i8::{i8_kernel, I8Kernel, LANES};

/// Values of |y − μ| sampled to choose the scale (at most; fewer for small inputs).
const SCALE_SAMPLE: usize = 1 << 22;
/// The share of sampled values left inside ±127 · s; the rest clamp.
const SCALE_QUANTILE: f64 = 0.9999;
pub const CLAMP: f32 = 127.0;

/// Row length in values for dimension `dim`.
pub fn stride(dim: usize) -> usize {
    dim.div_ceil(LANES) * LANES
}

/// Codes owned by a build.
pub struct I8Book {
    pub stride: usize,
    /// μ, `stride` values (zero past the dimension).
    pub mean: Vec<f32>,
    pub scale: f32,
    pub aux: Vec<f32>,
    pub codes: Vec<i8>,
}

impl I8Book {
    /// Encodes `count` rows: node i's vector is `row(i)` times `scale(i)` (1/‖x‖ under
    /// cosine). Three passes over the rows (the mean, a sample for the scale, the codes);
    /// `release` is called every `release_every` rows so a caller can drop input pages.
    pub fn encode<'r>(
        metric: Metric,
        dim: usize,
        count: usize,
        row: impl Fn(usize) -> &'r [f32],
        row_scale: impl Fn(usize) -> f32,
        release: impl Fn(),
        release_every: usize,
    ) -> I8Book {
        let stride = stride(dim);
        let mut sum = vec![0f64; dim];
        for i in 0..count {
            if i % release_every == release_every - 1 {
                release();
            }
            let s = row_scale(i) as f64;
            for (acc, &x) in sum.iter_mut().zip(row(i)) {
                *acc += x as f64 * s;
            }
        }
        let mut mean = vec![0f32; stride];
        for (m, s) in mean.iter_mut().zip(&sum) {
            *m = (*s / count.max(1) as f64) as f32;
        }
        let scale = choose_scale(dim, count, &row, &row_scale, &mean);
        let mut codes = vec![0i8; count * stride];
        let mut aux = vec![0f32; count];
        let inv = 1.0 / scale;
        for (i, (out, a)) in codes.chunks_exact_mut(stride).zip(&mut aux).enumerate() {
            if i % release_every == release_every - 1 {
                release();
            }
            let s = row_scale(i);
            for ((c, &x), &m) in out.iter_mut().zip(row(i)).zip(&mean) {
                *c = quantize((x * s - m) * inv);
            }
            *a = row_aux(metric, out, &mean, scale);
        }
        I8Book {
            stride,
            mean,
            scale,
            aux,
            codes,
        }
    }

    pub fn view(&self, metric: Metric) -> I8Codes<'_> {
        I8Codes::new(
            metric,
            self.stride,
            &self.mean,
            self.scale,
            &self.aux,
            &self.codes,
        )
    }
}

#[inline]
fn quantize(x: f32) -> i8 {
    x.round().clamp(-CLAMP, CLAMP) as i8
}

/// s such that the `SCALE_QUANTILE` of |y − μ| over evenly spaced sample rows fits in
/// ±127 · s. Deterministic: the sample depends only on the row count.
fn choose_scale<'r>(
    dim: usize,
    count: usize,
    row: &impl Fn(usize) -> &'r [f32],
    row_scale: &impl Fn(usize) -> f32,
    mean: &[f32],
) -> f32 {
    let rows = (SCALE_SAMPLE / dim.max(1)).clamp(1, count.max(1));
    let step = (count / rows).max(1);
    let mut values: Vec<f32> = Vec::with_capacity(rows * dim);
    for i in (0..count).step_by(step).take(rows) {
        let s = row_scale(i);
        values.extend(row(i).iter().zip(mean).map(|(&x, &m)| (x * s - m).abs()));
    }
    if values.is_empty() {
        return 1.0;
    }
    let at = ((values.len() - 1) as f64 * SCALE_QUANTILE).round() as usize;
    let (_, &mut q, _) = values.select_nth_unstable_by(at, f32::total_cmp);
    if q > 0.0 && q.is_finite() {
        q / CLAMP
    } else {
        1.0
    }
}

/// The per-node number stored beside a code (see the module comment).
fn row_aux(metric: Metric, code: &[i8], mean: &[f32], scale: f32) -> f32 {
    match metric {
        Metric::L2 => {
            let sq: i64 = code.iter().map(|&c| c as i64 * c as i64).sum();
            (sq as f64 * scale as f64 * scale as f64) as f32
        }
        Metric::Ip | Metric::Cosine => {
            let d: f64 = code
                .iter()
                .zip(mean)
                .map(|(&c, &m)| c as f64 * m as f64)
                .sum();
            (d * scale as f64) as f32
        }
    }
}

/// A query prepared for `I8Codes::query_distance`.
#[derive(Default)]
pub struct I8Query {
    code: Vec<i8>,
    /// s_q · s: one integer dot product to ⟨q', b'⟩.
    mul: f32,
    offset: f32,
}

/// Read access to codes, owned or memory-mapped.
#[derive(Clone, Copy)]
pub struct I8Codes<'a> {
    metric: Metric,
    stride: usize,
    mean: &'a [f32],
    scale: f32,
    /// s²: one integer dot product of two nodes to ⟨a', b'⟩.
    scale_sq: f32,
    aux: &'a [f32],
    codes: &'a [i8],
    mean_sq: f32,
    k: &'static I8Kernel,
}

impl<'a> I8Codes<'a> {
    pub fn new(
        metric: Metric,
        stride: usize,
        mean: &'a [f32],
        scale: f32,
        aux: &'a [f32],
        codes: &'a [i8],
    ) -> I8Codes<'a> {
        I8Codes {
            metric,
            stride,
            mean,
            scale,
            scale_sq: scale * scale,
            aux,
            codes,
            mean_sq: (kernels().dot)(mean, mean),
            k: i8_kernel(),
        }
    }

    #[inline]
    pub fn row(&self, node: u32) -> &'a [i8] {
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
        let dot = (self.k.dot)(self.row(a), self.row(b)) as f32 * self.scale_sq;
        let (xa, xb) = (self.aux[a as usize], self.aux[b as usize]);
        match self.metric {
            Metric::L2 => xa + xb - 2.0 * dot,
            Metric::Ip | Metric::Cosine => 1.0 - (dot + xa + xb + self.mean_sq),
        }
    }

    /// Prepares query `q` (any length; made unit length under cosine) into `out`,
    /// reusing its buffer.
    pub fn prepare(&self, q: &[f32], out: &mut I8Query) {
        let inv = if self.metric == Metric::Cosine {
            inverse_norm(q)
        } else {
            1.0
        };
        let centred: Vec<f32> = q
            .iter()
            .zip(self.mean)
            .map(|(&x, &m)| x * inv - m)
            .collect();
        let max = centred.iter().fold(0f32, |a, &x| a.max(x.abs()));
        let q_scale = if max > 0.0 { max / CLAMP } else { 1.0 };
        out.code.clear();
        out.code.resize(self.stride, 0);
        for (c, &x) in out.code.iter_mut().zip(&centred) {
            *c = quantize(x / q_scale);
        }
        out.mul = q_scale * self.scale;
        out.offset = match self.metric {
            Metric::L2 => (kernels().dot)(&centred, &centred),
            Metric::Ip | Metric::Cosine => {
                let unit: Vec<f32> = q.iter().map(|&x| x * inv).collect();
                (kernels().dot)(&unit, &self.mean[..q.len()])
            }
        };
    }

    /// Approximate distance from a prepared query to a node.
    #[inline]
    pub fn query_distance(&self, q: &I8Query, node: u32) -> f32 {
        let dot = (self.k.dot)(&q.code, self.row(node)) as f32 * q.mul;
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
        for (n, dim) in [(200, 100), (300, 50), (200, 24)] {
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
                let book = I8Book::encode(metric, dim, n, |i| &rows[i], |_| 1.0, || (), 64);
                assert_eq!(book.stride % LANES, 0);
                let codes = book.view(metric);
                let mut q = I8Query::default();
                // Errors are judged against the spread of the distances themselves: 255
                // levels over the sampled range of all values leave ~2 % (bf16's 8
                // significant bits per value left ~1 %); the recall tests judge the effect.
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
                            (got - want).abs() <= 0.04 * spread,
                            "{} dim {dim} node {b}: {got} vs {want} (spread {spread})",
                            metric.name()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn constant_rows_get_a_usable_scale() {
        let rows = vec![vec![0.5f32; 20]; 10];
        let book = I8Book::encode(Metric::L2, 20, 10, |i| &rows[i], |_| 1.0, || (), 4);
        assert!(book.scale > 0.0 && book.scale.is_finite());
        assert!(book.codes.iter().all(|&c| c == 0));
        assert_eq!(book.view(Metric::L2).pair(0, 1), 0.0);
    }
}
