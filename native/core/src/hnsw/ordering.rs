//! Node orderings ("insertion orderings" in the CLI). They change only which input row
//! becomes which internal node, and so the order of the vectors and codes in memory and
//! in the file: placing near vectors at near internal ids makes the build and later
//! searches touch fewer pages. Rows are still inserted in input order (insert.rs).
//! Single-threaded (the core spawns no threads) and sized for 1M × 128 in seconds.

use super::distance::{inverse_norm, Metric};
use super::level::Rng;
use super::simd::kernels;
use crate::error::{Error, Result};
use crate::vectors::Matrix;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ordering {
    None,
    RandomProjection,
    Kmeans,
}

impl Ordering {
    pub fn from_name(s: &str) -> Result<Ordering> {
        match s {
            "none" => Ok(Ordering::None),
            "random_projection" => Ok(Ordering::RandomProjection),
            "kmeans" => Ok(Ordering::Kmeans),
            _ => Err(Error::InvalidInput(format!(
                "unknown ordering '{s}': use none, random_projection or kmeans"
            ))),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Ordering::None => "none",
            Ordering::RandomProjection => "random_projection",
            Ordering::Kmeans => "kmeans",
        }
    }
}

/// Sample size and cluster cap for `kmeans`: Lloyd on ≤ 20k rows, then one assignment
/// pass over all rows (1M × 256 dot products of dimension 128: a couple of seconds).
const KMEANS_SAMPLE: usize = 20_000;
const KMEANS_MAX_K: usize = 256;
const KMEANS_ITERS: usize = 8;
const PROJECTIONS: usize = 8;

/// `order[i]` = the input row that becomes internal node i.
pub fn insertion_order(
    vectors: &Matrix,
    ordering: Ordering,
    metric: Metric,
    seed: u64,
) -> Vec<u32> {
    let n = vectors.rows() as u32;
    match ordering {
        Ordering::None => (0..n).collect(),
        Ordering::RandomProjection => random_projection(vectors, metric, seed),
        Ordering::Kmeans => kmeans(vectors, metric, seed),
    }
}

/// Key = sign bits of 8 seeded gaussian projections (an LSH bucket), then the first
/// projection's value. Rows are centred on the mean first (except for cosine, where only
/// direction matters) so the signs split the data rather than all agree.
fn random_projection(vectors: &Matrix, metric: Metric, seed: u64) -> Vec<u32> {
    let (n, d) = (vectors.rows(), vectors.dimension());
    let dot = kernels().dot;
    let mut rng = Rng::new(seed ^ 0x5052_4f4a);
    let planes: Vec<Vec<f32>> = (0..PROJECTIONS)
        .map(|_| (0..d).map(|_| rng.gaussian() as f32).collect())
        .collect();
    let mut mean = vec![0f64; d];
    if metric != Metric::Cosine && n > 0 {
        for r in 0..n {
            for (m, x) in mean.iter_mut().zip(vectors.row(r)) {
                *m += *x as f64;
            }
        }
        mean.iter_mut().for_each(|m| *m /= n as f64);
    }
    let offsets: Vec<f32> = planes
        .iter()
        .map(|p| p.iter().zip(&mean).map(|(a, b)| *a as f64 * b).sum::<f64>() as f32)
        .collect();
    let mut keys: Vec<(u8, f32, u32)> = (0..n)
        .map(|r| {
            let x = vectors.row(r);
            let mut code = 0u8;
            let mut first = 0f32;
            for (i, (p, off)) in planes.iter().zip(&offsets).enumerate() {
                let v = dot(x, p) - off;
                if i == 0 {
                    first = v;
                }
                code |= ((v >= 0.0) as u8) << i;
            }
            (code, first, r as u32)
        })
        .collect();
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    keys.into_iter().map(|k| k.2).collect()
}

/// Lloyd's k-means on a seeded sample (rows read in place, not copied), then every row
/// goes to its nearest centroid; rows are ordered by cluster, then by row. Cosine
/// clusters directions (each row scaled by 1/‖x‖ on the fly); l2 and ip cluster points.
fn kmeans(vectors: &Matrix, metric: Metric, seed: u64) -> Vec<u32> {
    let (n, d) = (vectors.rows(), vectors.dimension());
    if n == 0 {
        return Vec::new();
    }
    let mut rng = Rng::new(seed ^ 0x4b4d_4541_4e53);
    // Partial Fisher–Yates: the first `s` entries are a uniform sample without repeats.
    let s = n.min(KMEANS_SAMPLE);
    let mut idx: Vec<u32> = (0..n as u32).collect();
    for i in 0..s {
        let j = i + rng.below(n - i);
        idx.swap(i, j);
    }
    idx.truncate(s);
    idx.sort_unstable();
    let k = ((n as f64).sqrt() as usize).clamp(1, KMEANS_MAX_K).min(s);
    let scale = |r: usize| match metric {
        Metric::Cosine => inverse_norm(vectors.row(r)),
        _ => 1.0,
    };
    let scales: Vec<f32> = idx.iter().map(|&r| scale(r as usize)).collect();
    // Initial centroids: k distinct sample rows, evenly spaced from a seeded start.
    let start = rng.below(s);
    let mut cent = vec![0f32; k * d];
    for c in 0..k {
        let i = (start + c * s / k) % s;
        let r = idx[i] as usize;
        for (o, x) in cent[c * d..(c + 1) * d].iter_mut().zip(vectors.row(r)) {
            *o = x * scales[i];
        }
    }
    let mut assign = vec![0u32; s];
    let mut sums = vec![0f64; k * d];
    let mut counts = vec![0usize; k];
    for _ in 0..KMEANS_ITERS {
        let norms = centroid_norms(&cent, d);
        for (i, &r) in idx.iter().enumerate() {
            assign[i] = nearest(&cent, &norms, d, vectors.row(r as usize), scales[i]);
        }
        sums.iter_mut().for_each(|x| *x = 0.0);
        counts.iter_mut().for_each(|x| *x = 0);
        for (i, &r) in idx.iter().enumerate() {
            let c = assign[i] as usize;
            counts[c] += 1;
            for (acc, x) in sums[c * d..(c + 1) * d]
                .iter_mut()
                .zip(vectors.row(r as usize))
            {
                *acc += (*x * scales[i]) as f64;
            }
        }
        for c in 0..k {
            let dst = &mut cent[c * d..(c + 1) * d];
            if counts[c] == 0 {
                // Empty cluster: restart it at a random sample row.
                let i = rng.below(s);
                for (o, x) in dst.iter_mut().zip(vectors.row(idx[i] as usize)) {
                    *o = x * scales[i];
                }
            } else {
                for (o, acc) in dst.iter_mut().zip(&sums[c * d..(c + 1) * d]) {
                    *o = (*acc / counts[c] as f64) as f32;
                }
            }
        }
    }
    let norms = centroid_norms(&cent, d);
    let labels: Vec<u32> = (0..n)
        .map(|r| nearest(&cent, &norms, d, vectors.row(r), scale(r)))
        .collect();
    // Counting sort by cluster keeps rows ascending within a cluster.
    let mut starts = vec![0usize; k + 1];
    for &l in &labels {
        starts[l as usize + 1] += 1;
    }
    for c in 0..k {
        starts[c + 1] += starts[c];
    }
    let mut order = vec![0u32; n];
    for (r, &l) in labels.iter().enumerate() {
        order[starts[l as usize]] = r as u32;
        starts[l as usize] += 1;
    }
    order
}

fn centroid_norms(cent: &[f32], d: usize) -> Vec<f32> {
    let dot = kernels().dot;
    cent.chunks_exact(d).map(|c| dot(c, c)).collect()
}

/// argmin_c ‖s·x − c‖² = argmin_c (‖c‖² − 2·s·⟨x, c⟩): one dot product per centroid.
fn nearest(cent: &[f32], norms: &[f32], d: usize, x: &[f32], s: f32) -> u32 {
    let dot = kernels().dot;
    let mut best = (f32::INFINITY, 0u32);
    for (c, (cv, nc)) in cent.chunks_exact(d).zip(norms).enumerate() {
        let score = nc - 2.0 * s * dot(x, cv);
        if score < best.0 {
            best = (score, c as u32);
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ordering_is_a_permutation() {
        let mut rng = Rng::new(3);
        let (n, d) = (3000, 16);
        let data: Vec<f32> = (0..n * d).map(|_| rng.gaussian() as f32).collect();
        let m = Matrix::owned(data, n, d);
        for o in [Ordering::None, Ordering::RandomProjection, Ordering::Kmeans] {
            for metric in [Metric::Cosine, Metric::L2] {
                let mut order = insertion_order(&m, o, metric, 9);
                assert_eq!(order, insertion_order(&m, o, metric, 9), "deterministic");
                order.sort_unstable();
                assert_eq!(order, (0..n as u32).collect::<Vec<_>>(), "{}", o.name());
            }
            assert_eq!(Ordering::from_name(o.name()).unwrap(), o);
        }
        assert!(Ordering::from_name("hilbert").is_err());
    }
}
