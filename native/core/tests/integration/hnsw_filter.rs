//! Filtered search (`query --where`): against the exact filtered top-k, at selectivities
//! from half the rows to a handful, with filters random and correlated with the vectors'
//! clusters, over ids that are not the row numbers.

use crate::hnsw_data as data;

use data::*;
use sochdb_core::hnsw::{brute_force, FilterStrategy, FilteredBy, Index, Metric, Ordering};
use sochdb_core::vectors::Matrix;
use std::collections::HashSet;

const DIM: usize = 24;
const ROWS: usize = 12_000;
const K: usize = 10;

struct Fixture {
    _dir: tempfile::TempDir,
    index: Index,
    data: Vec<f32>,
    queries: Vec<f32>,
    /// External id of row i.
    ids: Vec<u64>,
}

fn fixture(metric: Metric, id_of: impl Fn(usize) -> u64) -> Fixture {
    let (data, queries) = data_and_queries(11, ROWS, 60, DIM, metric == Metric::Cosine);
    let ids: Vec<u64> = (0..ROWS).map(id_of).collect();
    let b = builder(
        &data,
        DIM,
        Ordering::None,
        params(metric, 12, 80, 3),
        Some(ids.clone()),
    );
    b.insert_range(0, b.len()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.hnsw");
    b.write(&path).unwrap();
    Fixture {
        index: Index::open(&path).unwrap(),
        _dir: dir,
        data,
        queries,
        ids,
    }
}

/// The exact top-k external ids among the allowed rows.
fn exact_filtered(f: &Fixture, metric: Metric, q: &[f32], allowed: &[usize]) -> Vec<u64> {
    let rows: Vec<f32> = allowed
        .iter()
        .flat_map(|&r| f.data[r * DIM..(r + 1) * DIM].iter().copied())
        .collect();
    let m = Matrix::owned(rows, allowed.len(), DIM);
    brute_force(&m, metric, q, K)
        .iter()
        .map(|&(i, _)| f.ids[allowed[i as usize]])
        .collect()
}

/// Mean recall@K of `how` over the fixture's queries; asserts every answer holds only
/// allowed ids and exactly min(K, allowed) of them.
fn recall(
    f: &Fixture,
    metric: Metric,
    allowed: &[usize],
    how: FilterStrategy,
) -> (f64, Vec<FilteredBy>) {
    let external: Vec<i64> = allowed.iter().map(|&r| f.ids[r] as i64).collect();
    let set = f.index.allow_set(&external);
    assert_eq!(set.count(), allowed.len());
    let ok: HashSet<u64> = allowed.iter().map(|&r| f.ids[r]).collect();
    let (mut hits, mut total, mut ways) = (0, 0, Vec::new());
    for q in f.queries.chunks(DIM) {
        let (found, by) = f.index.search_filtered(q, K, 64, &set, how).unwrap();
        ways.push(by);
        assert!(
            found.iter().all(|n| ok.contains(&n.id)),
            "a filtered-out id came back"
        );
        if how != FilterStrategy::Graph {
            assert_eq!(found.len(), K.min(allowed.len()), "{how:?}");
        }
        let truth = exact_filtered(f, metric, q, allowed);
        let got: HashSet<u64> = found.iter().map(|n| n.id).collect();
        hits += truth.iter().filter(|id| got.contains(id)).count();
        total += truth.len();
    }
    (hits as f64 / total.max(1) as f64, ways)
}

/// Every `1/step`-th row, shuffled by a seeded hash (a filter unrelated to the vectors).
fn random_rows(share: f64, seed: u64) -> Vec<usize> {
    let mut rng = Rng::new(seed);
    (0..ROWS)
        .filter(|_| (rng.next_u64() % 1_000_000) as f64 / 1e6 < share)
        .collect()
}

/// Rows whose first coordinate is among the highest: a filter that follows the clusters
/// (whole regions of the space pass or fail together).
fn correlated_rows(f: &Fixture, share: f64) -> Vec<usize> {
    let mut by_x: Vec<usize> = (0..ROWS).collect();
    by_x.sort_by(|&a, &b| f.data[b * DIM].total_cmp(&f.data[a * DIM]));
    by_x.truncate((ROWS as f64 * share) as usize);
    by_x.sort_unstable();
    by_x
}

#[test]
fn every_selectivity_finds_the_filtered_nearest_as_an_exact_scan_would() {
    let f = fixture(Metric::L2, |i| i as u64 * 3 + 7);
    for share in [0.5, 0.1, 0.01, 0.002] {
        for (kind, allowed) in [
            ("random", random_rows(share, 9)),
            ("correlated", correlated_rows(&f, share)),
        ] {
            let (auto, _) = recall(&f, Metric::L2, &allowed, FilterStrategy::auto());
            assert!(auto >= 0.95, "{kind} {share}: auto recall {auto}");
            let (exact, ways) = recall(&f, Metric::L2, &allowed, FilterStrategy::Exact);
            assert_eq!(exact, 1.0, "{kind} {share}: an exact scan is exact");
            assert!(ways.iter().all(|&w| w == FilteredBy::Exact));
            if share >= 0.1 {
                let (graph, ways) = recall(&f, Metric::L2, &allowed, FilterStrategy::Graph);
                assert!(graph >= 0.95, "{kind} {share}: graph recall {graph}");
                assert!(ways.iter().all(|&w| w == FilteredBy::Graph));
            }
        }
    }
}

#[test]
fn cosine_and_sparse_ids_filter_the_same_way() {
    // Ids far apart: the allow set is built by search, not by a bitmap over the ids.
    let f = fixture(Metric::Cosine, |i| (i as u64) << 40);
    let allowed = random_rows(0.2, 4);
    let (graph, _) = recall(&f, Metric::Cosine, &allowed, FilterStrategy::Graph);
    assert!(graph >= 0.95, "graph recall {graph}");
    let (auto, _) = recall(&f, Metric::Cosine, &allowed, FilterStrategy::auto());
    assert!(auto >= 0.95, "auto recall {auto}");
}

#[test]
fn fewer_rows_than_k_returns_all_of_them_and_none_returns_nothing() {
    let f = fixture(Metric::L2, |i| i as u64);
    let allowed = [5, 700, 11_999];
    let set = f.index.allow_set(&[5, 700, 11_999, -3, 1 << 50]);
    assert_eq!(set.count(), 3, "ids of no vector are ignored");
    for how in [FilterStrategy::auto(), FilterStrategy::Exact] {
        let (found, _) = f
            .index
            .search_filtered(&f.queries[..DIM], K, 64, &set, how)
            .unwrap();
        let mut ids: Vec<u64> = found.iter().map(|n| n.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, allowed.iter().map(|&r| r as u64).collect::<Vec<_>>());
    }
    let none = f.index.allow_set(&[]);
    let (found, _) = f
        .index
        .search_filtered(&f.queries[..DIM], K, 64, &none, FilterStrategy::auto())
        .unwrap();
    assert!(found.is_empty());
}

#[test]
fn a_walk_that_falls_short_is_answered_by_a_scan() {
    // 30 allowed rows with ef 64 on a 12k graph walked by a forced walk: when the walk
    // cannot reach K of them, Auto would have scanned; Graph reports what it found.
    let f = fixture(Metric::L2, |i| i as u64);
    let allowed: Vec<usize> = (0..30).map(|i| i * 397).collect();
    let external: Vec<i64> = allowed.iter().map(|&r| r as i64).collect();
    let set = f.index.allow_set(&external);
    for q in f.queries.chunks(DIM).take(10) {
        let (found, by) = f
            .index
            .search_filtered(q, K, 16, &set, FilterStrategy::Graph)
            .unwrap();
        assert_eq!(by, FilteredBy::Graph);
        assert!(found.len() <= K);
        let (auto, by) = f
            .index
            .search_filtered(q, K, 16, &set, FilterStrategy::auto())
            .unwrap();
        assert_eq!(auto.len(), K);
        assert_ne!(by, FilteredBy::Graph, "30 rows are scanned");
    }
}
