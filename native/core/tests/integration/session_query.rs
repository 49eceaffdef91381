//! The query job: claimed runs (how pool workers share a batch query) answer every query
//! exactly once, with the same neighbours as a plain search.

use crate::hnsw_data as data;

use data::*;
use sochdb_core::hnsw::{Metric, Ordering};
use sochdb_core::session::{QuerySession, QuerySource};
use sochdb_core::vectors::{Format, OpenOptions};

const DIM: usize = 16;

fn session(rows: usize, queries: usize) -> (tempfile::TempDir, QuerySession) {
    let (data, q) = data_and_queries(5, rows, queries, DIM, false);
    let b = build(&data, DIM, Ordering::None, params(Metric::L2, 8, 40, 5));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.hnsw");
    b.write(&path).unwrap();
    let bytes = q.iter().flat_map(|x| x.to_le_bytes()).collect();
    let opts = OpenOptions {
        format: Some(Format::RawF32),
        dimension: Some(DIM),
        ..OpenOptions::default()
    };
    let source = QuerySource::Bytes {
        bytes,
        name: "queries",
        opts,
    };
    (dir, QuerySession::open(&path, source).unwrap())
}

#[test]
fn claimed_runs_answer_every_query_once_as_a_plain_search_does() {
    let (_dir, s) = session(2000, 301);
    let (k, ef) = (5, 32);
    let parts = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| vec![s.search_claimed(7, k, ef).unwrap()]))
            .collect();
        // The main thread's way: a few runs per call until a call claims nothing.
        let main = scope.spawn(|| {
            let mut batches = Vec::new();
            loop {
                let batch = s.search_claimed_at_most(7, 2, k, ef).unwrap();
                assert!(batch.runs.len() <= 2);
                if batch.runs.is_empty() {
                    return batches;
                }
                batches.push(batch);
            }
        });
        workers
            .into_iter()
            .chain([main])
            .flat_map(|w| w.join().unwrap())
            .collect::<Vec<_>>()
    });
    assert_eq!(s.answered(), 301);
    let plain = s.search(0, 301, k, ef).unwrap();
    let mut seen = vec![false; 301];
    for part in &parts {
        let mut at = 0;
        for &(start, end) in &part.runs {
            for (q, seen) in seen.iter_mut().enumerate().take(end).skip(start) {
                assert!(!*seen, "query {q} answered twice");
                *seen = true;
                let row = at * k..(at + 1) * k;
                assert_eq!(
                    part.results.ids[row.clone()],
                    plain.ids[q * k..(q + 1) * k],
                    "query {q}"
                );
                assert_eq!(
                    part.results.distances[row],
                    plain.distances[q * k..(q + 1) * k],
                    "query {q}"
                );
                at += 1;
            }
        }
        assert_eq!(at * k, part.results.ids.len());
    }
    assert!(seen.iter().all(|&x| x), "every query answered");
    // The pass is spent: a late caller claims nothing.
    assert!(s.search_claimed(7, k, ef).unwrap().runs.is_empty());
}
