//! The int8 codes every distance of a build, and of a query's graph walk, is computed on
//! (index formats 3 and 4): one row of `stride` signed bytes per node, in internal order,
//! the dimension rounded up to 16 (simd_i8.rs). A row is a quarter of the f32 vector's bytes
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
//!
//! Where a row's padding has room (stride − D ≥ 4: a 50-value row has 14 spare bytes),
//! `aux` lives in the row's last 4 bytes (little-endian f32; format 4), so scoring a node
//! reads one cache line instead of two: the separate aux array was a second miss per
//! scored node, ~20% of a glove-50 query. The kernels see those bytes as code values:
//! against a query they multiply the query's zero padding (products 0, so the sum is
//! unchanged), and between two nodes (`pair_from`) one side is a copy with those bytes
//! zeroed (`prepare_node`), so the same holds. Rows without room, and format-3 files,
//! keep the aux array.

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

/// Bytes of an aux number kept in a row.
const AUX_BYTES: usize = 4;

/// Whether rows of dimension `dim` keep their aux number in their padding (format 4).
pub fn aux_in_row(dim: usize) -> bool {
    stride(dim) - dim >= AUX_BYTES
}

/// Codes owned by a build.
pub struct I8Book {
    pub dim: usize,
    pub stride: usize,
    /// μ, `stride` values (zero past the dimension).
    pub mean: Vec<f32>,
    pub scale: f32,
    /// One per node; empty when each row holds its own (`aux_in_row`).
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
        let mut codes: Vec<i8> = super::huge::zeroed_vec(count * stride);
        let in_row = aux_in_row(dim);
        let mut aux = Vec::with_capacity(if in_row { 0 } else { count });
        let inv = 1.0 / scale;
        for (i, out) in codes.chunks_exact_mut(stride).enumerate() {
            if i % release_every == release_every - 1 {
                release();
            }
            let s = row_scale(i);
            for ((c, &x), &m) in out.iter_mut().zip(row(i)).zip(&mean) {
                *c = quantize((x * s - m) * inv);
            }
            // Computed over the code values alone, before the aux bytes land in the row.
            let a = row_aux(metric, &out[..dim], &mean, scale);
            if in_row {
                let tail = &mut out[stride - AUX_BYTES..];
                for (c, b) in tail.iter_mut().zip(a.to_le_bytes()) {
                    *c = b as i8;
                }
            } else {
                aux.push(a);
            }
        }
        I8Book {
            dim,
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
            self.dim,
            self.stride,
            &self.mean,
            self.scale,
            (!aux_in_row(self.dim)).then_some(&self.aux[..]),
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

/// A node prepared as the first argument of many `I8Codes::pair_from` calls (a build scores
/// every candidate against the node it inserts): its row with the aux bytes zeroed, so
/// one kernel pass over the whole stride sums exactly its first D products, and its aux
/// number, read once.
#[derive(Default)]
pub struct I8Node {
    row: Vec<i8>,
    aux: f32,
}

/// Read access to codes, owned or memory-mapped.
#[derive(Clone, Copy)]
pub struct I8Codes<'a> {
    metric: Metric,
    dim: usize,
    stride: usize,
    mean: &'a [f32],
    scale: f32,
    /// s²: one integer dot product of two nodes to ⟨a', b'⟩.
    scale_sq: f32,
    /// The aux array; empty when `in_row`.
    aux: &'a [f32],
    /// Each row's last 4 bytes hold its aux number (format 4, `aux_in_row`).
    in_row: bool,
    codes: &'a [i8],
    mean_sq: f32,
    k: &'static I8Kernel,
}

impl<'a> I8Codes<'a> {
    /// `aux` is the aux array, or None when each row holds its own.
    pub fn new(
        metric: Metric,
        dim: usize,
        stride: usize,
        mean: &'a [f32],
        scale: f32,
        aux: Option<&'a [f32]>,
        codes: &'a [i8],
    ) -> I8Codes<'a> {
        debug_assert!(aux.is_some() || stride - dim >= AUX_BYTES);
        I8Codes {
            metric,
            dim,
            stride,
            mean,
            scale,
            scale_sq: scale * scale,
            aux: aux.unwrap_or(&[]),
            in_row: aux.is_none(),
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

    /// `node`'s entry in the aux array, as a one-value slice (to prefetch); None when
    /// the aux number is in the row.
    #[inline]
    pub fn aux_slot(&self, node: u32) -> Option<&'a [f32]> {
        let at = node as usize;
        (!self.in_row).then(|| &self.aux[at..at + 1])
    }

    /// `node`'s aux number; `row` is `self.row(node)`.
    #[inline]
    fn aux_of(&self, node: u32, row: &[i8]) -> f32 {
        if self.in_row {
            let b = &row[self.stride - AUX_BYTES..];
            f32::from_le_bytes([b[0] as u8, b[1] as u8, b[2] as u8, b[3] as u8])
        } else {
            self.aux[node as usize]
        }
    }

    /// Approximate distance between two nodes, the reference `pair_from` is checked
    /// against: the first D products summed one by one.
    #[cfg(test)]
    pub fn pair(&self, a: u32, b: u32) -> f32 {
        let (ra, rb) = (self.row(a), self.row(b));
        let dot: i32 = (ra[..self.dim].iter().zip(&rb[..self.dim]))
            .map(|(&x, &y)| x as i32 * y as i32)
            .sum();
        self.pair_distance(dot, self.aux_of(a, ra), self.aux_of(b, rb))
    }

    /// A pair's distance from its integer dot product and the two aux numbers.
    #[inline]
    fn pair_distance(&self, dot: i32, xa: f32, xb: f32) -> f32 {
        let dot = dot as f32 * self.scale_sq;
        match self.metric {
            Metric::L2 => xa + xb - 2.0 * dot,
            Metric::Ip | Metric::Cosine => 1.0 - (dot + xa + xb + self.mean_sq),
        }
    }

    /// Prepares node `a` for `pair_from` into `out`, reusing its buffer.
    pub fn prepare_node(&self, a: u32, out: &mut I8Node) {
        let row = self.row(a);
        out.row.clear();
        out.row.extend_from_slice(row);
        if self.in_row {
            out.row[self.stride - AUX_BYTES..].fill(0);
        }
        // Rows are zero from D on (but for the aux bytes zeroed above): a sum over the
        // whole stride is the sum of the first D products.
        debug_assert!(out.row[self.dim..].iter().all(|&x| x == 0));
        out.aux = self.aux_of(a, row);
    }

    /// Approximate distance between node `a`, prepared by `prepare_node`, and node `b`:
    /// one kernel call over whole lanes (the zeroed aux bytes add nothing to the sum) and
    /// one aux read.
    #[inline]
    pub fn pair_from(&self, a: &I8Node, b: u32) -> f32 {
        let rb = self.row(b);
        self.pair_distance((self.k.dot)(&a.row, rb), a.aux, self.aux_of(b, rb))
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
        // The query's padding is zero, so aux bytes in the row add nothing to the sum.
        let row = self.row(node);
        let dot = (self.k.dot)(&q.code, row) as f32 * q.mul;
        let aux = self.aux_of(node, row);
        match self.metric {
            Metric::L2 => q.offset + aux - 2.0 * dot,
            Metric::Ip | Metric::Cosine => 1.0 - (dot + aux + q.offset),
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

    /// Format 4 keeps aux in the row's padding: on every kernel, distances (`pair`, and
    /// `pair_from` a prepared node) are bit for bit those of format 3's layout (zero padding, an aux array), for dimensions with room
    /// (12: no whole lane, 24, 50, 100) and without (13, 16: the array stays).
    #[test]
    fn aux_in_row_gives_the_same_distances_on_every_kernel() {
        for dim in [12usize, 13, 16, 24, 50, 100] {
            let (n, raw) = (120, data(120, dim));
            let rows: Vec<&[f32]> = raw.chunks_exact(dim).collect();
            for metric in [Metric::L2, Metric::Ip, Metric::Cosine] {
                let book = I8Book::encode(metric, dim, n, |i| rows[i], |_| 1.0, || (), 64);
                assert_eq!(aux_in_row(dim), book.aux.is_empty(), "dim {dim}");
                // Format 3's layout of the same codes: aux bytes zeroed, aux in an array.
                let (mut flat, mut aux) = (book.codes.clone(), book.aux.clone());
                if aux_in_row(dim) {
                    aux.clear();
                    for (i, row) in flat.chunks_exact_mut(book.stride).enumerate() {
                        aux.push(book.view(metric).aux_of(
                            i as u32,
                            &book.codes[i * book.stride..(i + 1) * book.stride],
                        ));
                        row[dim..].fill(0);
                    }
                    assert!(book.codes.iter().zip(&flat).any(|(a, b)| a != b));
                }
                for k in super::super::simd_i8::available_i8() {
                    let k: &'static I8Kernel = Box::leak(Box::new(k));
                    let new = I8Codes {
                        k,
                        ..book.view(metric)
                    };
                    let (m, st, mean) = (metric, book.stride, &book.mean[..]);
                    let old = I8Codes::new(m, dim, st, mean, book.scale, Some(&aux), &flat);
                    let old = I8Codes { k, ..old };
                    let mut q = I8Query::default();
                    new.prepare(rows[7], &mut q);
                    for a in 0..n as u32 {
                        let (x, y) = (new.query_distance(&q, a), old.query_distance(&q, a));
                        assert_eq!(x.to_bits(), y.to_bits(), "{} dim {dim} query {a}", k.name);
                        let (mut na, mut oa) = (I8Node::default(), I8Node::default());
                        new.prepare_node(a, &mut na);
                        old.prepare_node(a, &mut oa);
                        for b in [0, 1, a / 2, n as u32 - 1] {
                            let (x, y) = (new.pair(a, b), old.pair(a, b));
                            assert_eq!(x.to_bits(), y.to_bits(), "{} dim {dim} {a}-{b}", k.name);
                            // The build's prepared form of the same distance.
                            let (u, v) = (new.pair_from(&na, b), old.pair_from(&oa, b));
                            assert_eq!(u.to_bits(), x.to_bits(), "{} dim {dim} {a}>{b}", k.name);
                            assert_eq!(v.to_bits(), x.to_bits(), "{} dim {dim} {a}>{b}", k.name);
                        }
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
