//! Seeded test data shared by the hnsw_* tests and session_query. Clusters with gaussian noise, like real embeddings.
#![allow(dead_code)]

use sochdb_core::hnsw::{insertion_order, BuildParams, Builder, Metric, Ordering};
use sochdb_core::vectors::Matrix;

/// xorshift64* with Box–Muller: small, seeded, identical on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn gaussian(&mut self) -> f32 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        ((-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()) as f32
    }
}

/// `rows` points around `clusters` gaussian centres (spread 1) with noise `noise`;
/// unit length when `unit`. Returns the flat data.
pub fn clustered(
    seed: u64,
    rows: usize,
    dim: usize,
    clusters: usize,
    noise: f32,
    unit: bool,
) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    let centres: Vec<f32> = (0..clusters * dim).map(|_| rng.gaussian()).collect();
    let mut out = Vec::with_capacity(rows * dim);
    for _ in 0..rows {
        let c = (rng.next_u64() % clusters as u64) as usize;
        let start = out.len();
        for j in 0..dim {
            out.push(centres[c * dim + j] + noise * rng.gaussian());
        }
        if unit {
            let v = &mut out[start..];
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            v.iter_mut().for_each(|x| *x /= n);
        }
    }
    out
}

/// Data and queries drawn from the same clusters (queries are new points).
pub fn data_and_queries(
    seed: u64,
    rows: usize,
    queries: usize,
    dim: usize,
    unit: bool,
) -> (Vec<f32>, Vec<f32>) {
    let all = clustered(seed, rows + queries, dim, 64, 0.8, unit);
    let (a, b) = all.split_at(rows * dim);
    (a.to_vec(), b.to_vec())
}

pub fn params(metric: Metric, m: usize, ef_construction: usize, seed: u64) -> BuildParams {
    BuildParams {
        metric,
        m,
        ef_construction,
        seed,
    }
}

/// Builder over `data` with the given ordering, not yet inserted.
pub fn builder(
    data: &[f32],
    dim: usize,
    ordering: Ordering,
    p: BuildParams,
    ids: Option<Vec<u64>>,
) -> Builder {
    let rows = data.len() / dim;
    let m = Matrix::owned(data.to_vec(), rows, dim);
    let order = insertion_order(&m, ordering, p.metric, p.seed);
    Builder::new(m, ids, order, p).expect("valid build")
}

/// Builds on one thread.
pub fn build(data: &[f32], dim: usize, ordering: Ordering, p: BuildParams) -> Builder {
    let b = builder(data, dim, ordering, p, None);
    b.insert_range(0, b.len()).expect("insert");
    b
}
