//! Recall of the HNSW index against the exact oracle (`brute_force`) on seeded clustered
//! data, for every metric, one-thread and two-thread builds, through the written file.

use crate::hnsw_data as data;

use data::*;
use sochdb_core::hnsw::{brute_force, Builder, Index, Metric, Neighbor, Ordering, Stored};
use sochdb_core::vectors::Matrix;
use std::time::Instant;

const ROWS: usize = 10_000;
const DIM: usize = 128;
const QUERIES: usize = 200;
const K: usize = 10;
const EF: usize = 64;

/// Mean recall@K of `search` against brute force over the queries.
fn recall(
    data: &[f32],
    queries: &[f32],
    metric: Metric,
    search: impl Fn(&[f32]) -> Vec<Neighbor>,
) -> f64 {
    let m = Matrix::owned(data.to_vec(), data.len() / DIM, DIM);
    let mut hits = 0usize;
    for q in queries.chunks_exact(DIM) {
        let exact: Vec<u64> = brute_force(&m, metric, q, K)
            .iter()
            .map(|r| r.0 as u64)
            .collect();
        let got = search(q);
        assert_eq!(got.len(), K);
        for w in got.windows(2) {
            assert!(w[0].distance <= w[1].distance, "results closest first");
        }
        hits += got.iter().filter(|n| exact.contains(&n.id)).count();
    }
    hits as f64 / (queries.len() / DIM * K) as f64
}

fn check(metric: Metric, ordering: Ordering, threads: usize, seed: u64) {
    println!(
        "seed {seed}, metric {}, ordering {}, threads {threads}",
        metric.name(),
        ordering.name()
    );
    let unit = metric == Metric::Ip;
    let (data, queries) = data_and_queries(seed, ROWS, QUERIES, DIM, unit);
    let t = Instant::now();
    let b = builder(&data, DIM, ordering, params(metric, 16, 100, seed), None);
    insert_batches(&b, threads, 1000);
    let built = t.elapsed().as_secs_f64();
    let live = recall(&data, &queries, metric, |q| b.search(q, K, EF).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.hnsw");
    b.write(&path).unwrap();
    let index = Index::open(&path).unwrap();
    let t = Instant::now();
    let file = recall(&data, &queries, metric, |q| index.search(q, K, EF).unwrap());
    let searched = t.elapsed().as_secs_f64();
    // At ef = k the search has no slack: this is where a weak graph shows.
    let tight = recall(&data, &queries, metric, |q| index.search(q, K, K).unwrap());
    println!(
        "  recall@{K} ef {EF}: {file:.4} (live graph {live:.4}), ef {K}: {tight:.4}; \
         build {built:.2}s ({:.0} vec/s), {QUERIES} queries + brute force {searched:.2}s",
        ROWS as f64 / built
    );
    assert!(file >= 0.98, "recall {file} < 0.98 (seed {seed})");
    assert!(live >= 0.98, "live recall {live} < 0.98 (seed {seed})");
    // hnswlib (same M, efConstruction) reaches ≈ 0.92 at ef = k on this kind of data.
    assert!(
        tight >= 0.85,
        "recall at ef = k {tight} < 0.85 (seed {seed})"
    );
}

/// What the piscina pool does: `threads` workers take batches of `batch` nodes in turn.
fn insert_batches(b: &Builder, threads: usize, batch: usize) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let start = next.fetch_add(batch, std::sync::atomic::Ordering::Relaxed);
                if start >= b.len() {
                    break;
                }
                b.insert_range(start, (start + batch).min(b.len())).unwrap();
            });
        }
    });
    assert_eq!(b.inserted(), b.len());
}

#[test]
fn hnsw_recall_cosine_one_thread() {
    check(Metric::Cosine, Ordering::None, 1, 1001);
}

#[test]
fn hnsw_recall_l2_one_thread() {
    check(Metric::L2, Ordering::None, 1, 1002);
}

#[test]
fn hnsw_recall_ip_unit_vectors_one_thread() {
    check(Metric::Ip, Ordering::None, 1, 1003);
}

#[test]
fn hnsw_recall_l2_two_threads_kmeans_order() {
    check(Metric::L2, Ordering::Kmeans, 2, 1004);
}

#[test]
fn hnsw_recall_cosine_two_threads_random_projection_order() {
    check(Metric::Cosine, Ordering::RandomProjection, 2, 1005);
}

/// `--codes-only`: the file keeps the int8 codes and no f32 vectors. It is smaller by the
/// vectors' bytes, answers from the codes (no exact re-rank), and its distances are the
/// codes' approximations of the exact ones.
#[test]
fn hnsw_codes_only_index_is_smaller_and_still_finds_neighbours() {
    for metric in [Metric::L2, Metric::Cosine] {
        let (data, queries) = data_and_queries(31, ROWS, QUERIES, DIM, false);
        let b = builder(
            &data,
            DIM,
            Ordering::None,
            params(metric, 16, 100, 31),
            None,
        );
        insert_batches(&b, 2, 1000);
        let dir = tempfile::tempdir().unwrap();
        let (full, codes) = (dir.path().join("full.hnsw"), dir.path().join("codes.hnsw"));
        let full_size = b.write(&full).unwrap();
        let codes_size = b.write_stored(&codes, Stored::CodesOnly).unwrap();
        assert_eq!(full_size - codes_size, (4 * ROWS * DIM) as u64);
        let (full, codes) = (Index::open(&full).unwrap(), Index::open(&codes).unwrap());
        assert!(!codes.header().vectors_stored && full.header().vectors_stored);
        assert!(codes.vector(0).is_none() && full.vector(0).is_some());
        let exact = recall(&data, &queries, metric, |q| full.search(q, K, EF).unwrap());
        let approx = recall(&data, &queries, metric, |q| codes.search(q, K, EF).unwrap());
        println!(
            "{}: recall@{K} ef {EF} with vectors {exact:.4}, codes only {approx:.4}",
            metric.name()
        );
        assert!(approx >= 0.85, "codes-only recall {approx}");
        assert!(
            approx <= exact + 0.005,
            "the re-rank should not hurt: {approx} vs {exact}"
        );
        // The same neighbour's distance from both files: the codes' is close.
        let q = &queries[..DIM];
        let (a, e) = (
            codes.search(q, 1, EF).unwrap()[0],
            full.search(q, 50, EF).unwrap(),
        );
        let same = e
            .iter()
            .find(|n| n.id == a.id)
            .expect("codes-only top hit is among the top 50");
        assert!((a.distance - same.distance).abs() <= 0.05 * same.distance.abs().max(0.05));
    }
}
