//! Build and search throughput on seeded clustered data. Ignored by default (it is a
//! measurement, not a check): `cargo test --release -p sochdb-core --test hnsw_bench --
//! --ignored --nocapture`; `HNSW_BENCH_ROWS`, `HNSW_BENCH_DIM`, `HNSW_BENCH_THREADS` size it.

use crate::hnsw_data as data;

use data::*;
use sochdb_core::hnsw::{brute_force, Metric, Ordering};
use sochdb_core::vectors::Matrix;
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
#[ignore]
fn hnsw_bench_build_and_search() {
    let (rows, dim, threads) = (
        env("HNSW_BENCH_ROWS", 100_000),
        env("HNSW_BENCH_DIM", 128),
        env("HNSW_BENCH_THREADS", 2),
    );
    let seed = 42;
    let (data, queries) = data_and_queries(seed, rows, 1000, dim, false);
    if let Ok(path) = std::env::var("HNSW_BENCH_DUMP") {
        // Raw f32 of data then queries, to run another library on the same vectors.
        let bytes: Vec<u8> = data
            .iter()
            .chain(&queries)
            .flat_map(|x| x.to_le_bytes())
            .collect();
        std::fs::write(path, bytes).unwrap();
    }
    for ordering in [Ordering::None, Ordering::Kmeans] {
        let t = Instant::now();
        let b = builder(
            &data,
            dim,
            ordering,
            params(Metric::L2, 16, 100, seed),
            None,
        );
        let prep = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| loop {
                    let start = next.fetch_add(1000, std::sync::atomic::Ordering::Relaxed);
                    if start >= b.len() {
                        break;
                    }
                    b.insert_range(start, (start + 1000).min(b.len())).unwrap();
                });
            }
        });
        let built = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let results: Vec<_> = queries
            .chunks_exact(dim)
            .map(|q| b.search(q, 10, 64).unwrap())
            .collect();
        let searched = t.elapsed().as_secs_f64();
        let m = Matrix::owned(data.clone(), rows, dim);
        let mut hits = 0;
        for (q, r) in queries.chunks_exact(dim).zip(&results).take(200) {
            let exact: Vec<u64> = brute_force(&m, Metric::L2, q, 10)
                .iter()
                .map(|x| x.0 as u64)
                .collect();
            hits += r.iter().filter(|n| exact.contains(&n.id)).count();
        }
        println!(
            "{rows}x{dim} ordering {} threads {threads}: prepare {prep:.2}s, build {built:.2}s ({:.0} vec/s), \
             1000 queries {searched:.3}s, recall@10 {:.4}",
            ordering.name(),
            rows as f64 / built,
            hits as f64 / 2000.0
        );
    }
}

#[test]
#[ignore]
fn hnsw_bench_ordering() {
    let (rows, dim) = (
        env("HNSW_BENCH_ROWS", 1_000_000),
        env("HNSW_BENCH_DIM", 128),
    );
    let data = clustered(7, rows, dim, 256, 0.5, false);
    let m = Matrix::owned(data, rows, dim);
    for ordering in [Ordering::RandomProjection, Ordering::Kmeans] {
        let t = Instant::now();
        let order = sochdb_core::hnsw::insertion_order(&m, ordering, Metric::Cosine, 1);
        assert_eq!(order.len(), rows);
        println!(
            "{rows}x{dim} {}: {:.2}s",
            ordering.name(),
            t.elapsed().as_secs_f64()
        );
    }
}

/// Single-thread query time on an existing index file, best of 5 passes (robust to other
/// load on the machine): `HNSW_BENCH_INDEX=x.hnsw HNSW_BENCH_QUERIES=q.npy cargo test
/// --release -p sochdb-core --test hnsw_bench -- --ignored --nocapture query_file`.
#[test]
#[ignore]
fn hnsw_bench_query_file() {
    use sochdb_core::hnsw::Index;
    use sochdb_core::vectors::{OpenOptions, VectorFile};
    let (Ok(index), Ok(queries)) = (
        std::env::var("HNSW_BENCH_INDEX"),
        std::env::var("HNSW_BENCH_QUERIES"),
    ) else {
        println!("set HNSW_BENCH_INDEX and HNSW_BENCH_QUERIES");
        return;
    };
    let index = Index::open(std::path::Path::new(&index)).unwrap();
    let q = VectorFile::open(std::path::Path::new(&queries), &OpenOptions::default())
        .unwrap()
        .into_matrix()
        .unwrap();
    // Exact top ids per query (an int32 .npy, as bench/ writes): recall@10 beside the rate.
    let gt: Option<Vec<i32>> = std::env::var("HNSW_BENCH_GT").ok().map(|p| {
        let b = std::fs::read(p).unwrap();
        let header = u16::from_le_bytes([b[8], b[9]]) as usize + 10;
        b[header..]
            .chunks_exact(4)
            .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()
    });
    for ef in [16, 32, 64, 128, 256, 512] {
        if let Some(gt) = &gt {
            let per = gt.len() / q.rows();
            let hits: usize = (0..q.rows())
                .map(|i| {
                    let truth = &gt[i * per..i * per + 10];
                    let got = index.search(q.row(i), 10, ef).unwrap();
                    got.iter()
                        .filter(|n| truth.contains(&(n.id as i32)))
                        .count()
                })
                .sum();
            print!("recall {:.4} ", hits as f64 / (10 * q.rows()) as f64);
        }
        let best = (0..5)
            .map(|_| {
                let t = Instant::now();
                for i in 0..q.rows() {
                    index.search(q.row(i), 10, ef).unwrap();
                }
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min);
        println!("ef {ef}: {:.0} q/s (best of 5)", q.rows() as f64 / best);
    }
}
