//! The index file: round trip, reproducibility, and every way a file can be bad — each
//! must give `Corrupt` (or `Io`/NotFound) naming what is wrong, never a panic.

use crate::hnsw_data as data;

use data::*;
use sochdb_core::hnsw::{insertion_order, Builder, Index, Metric, Ordering, MAX_DIMENSION};
use sochdb_core::vectors::{Matrix, OpenOptions, VectorFile};
use sochdb_core::Error;
use std::fs;
use std::path::{Path, PathBuf};

const DIM: usize = 24;
const ROWS: usize = 1500;

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    builder: Builder,
    queries: Vec<f32>,
}

fn fixture(metric: Metric, ordering: Ordering, seed: u64) -> Fixture {
    let (data, queries) = data_and_queries(seed, ROWS, 20, DIM, false);
    let builder = build(&data, DIM, ordering, params(metric, 8, 40, seed));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emb.hnsw");
    let size = builder.write(&path).unwrap();
    assert_eq!(size, fs::metadata(&path).unwrap().len());
    Fixture {
        _dir: dir,
        path,
        builder,
        queries,
    }
}

fn corrupt_message(path: &Path) -> String {
    match Index::open(path) {
        Err(Error::Corrupt(m)) => m,
        Err(e) => panic!("expected Corrupt, got {e:?}"),
        Ok(_) => panic!("expected Corrupt, the file opened"),
    }
}

fn patch(path: &Path, at: usize, bytes: &[u8]) -> PathBuf {
    let mut b = fs::read(path).unwrap();
    b[at..at + bytes.len()].copy_from_slice(bytes);
    let out = path.with_extension("patched");
    fs::write(&out, b).unwrap();
    out
}

#[test]
fn hnsw_round_trip_gives_the_same_results_and_header() {
    for (metric, ordering) in [
        (Metric::L2, Ordering::None),
        (Metric::Cosine, Ordering::Kmeans),
        (Metric::Ip, Ordering::RandomProjection),
    ] {
        let f = fixture(metric, ordering, 7);
        let index = Index::open(&f.path).unwrap();
        let h = index.header();
        assert_eq!((h.version, h.dimension, h.count), (4, DIM, ROWS));
        assert_eq!(
            (h.metric, h.m, h.m0, h.ef_construction, h.seed),
            (metric, 8, 16, 40, 7)
        );
        assert_eq!(index.file_size(), fs::metadata(&f.path).unwrap().len());
        let hist = index.level_histogram();
        assert_eq!(hist.iter().sum::<u64>(), ROWS as u64);
        assert_eq!(hist.len(), h.max_level + 1);
        assert!(index.verify().iter().all(|s| s.checksum_ok == Some(true)));
        assert!(index
            .sections()
            .iter()
            .all(|s| s.checksum_ok.is_none() && s.offset % 64 == 0));
        for q in f.queries.chunks_exact(DIM) {
            let before = f.builder.search(q, 10, 32).unwrap();
            let after = index.search(q, 10, 32).unwrap();
            let ids =
                |v: &[sochdb_core::hnsw::Neighbor]| v.iter().map(|n| n.id).collect::<Vec<_>>();
            assert_eq!(ids(&before), ids(&after), "{}", metric.name());
            for (a, b) in before.iter().zip(&after) {
                // Cosine is stored normalised, so it may differ in the last bits.
                assert!((a.distance - b.distance).abs() <= 1e-5 * a.distance.abs().max(1.0));
                if metric != Metric::Cosine {
                    assert_eq!(a.distance, b.distance);
                }
            }
        }
    }
}

#[test]
fn hnsw_results_name_input_rows_or_user_ids_under_any_ordering() {
    let (data, _) = data_and_queries(11, ROWS, 0, DIM, false);
    for ordering in [Ordering::None, Ordering::RandomProjection, Ordering::Kmeans] {
        let ids: Vec<u64> = (0..ROWS as u64).map(|r| 1_000_000 + 3 * r).collect();
        let b = builder(
            &data,
            DIM,
            ordering,
            params(Metric::L2, 8, 40, 3),
            Some(ids),
        );
        b.insert_range(0, b.len()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.hnsw");
        b.write(&path).unwrap();
        let index = Index::open(&path).unwrap();
        for row in [0usize, 17, 999, ROWS - 1] {
            let got = index
                .search(&data[row * DIM..(row + 1) * DIM], 1, 16)
                .unwrap();
            assert_eq!(got[0].id, 1_000_000 + 3 * row as u64, "{}", ordering.name());
            assert_eq!(got[0].distance, 0.0);
        }
    }
}

#[test]
fn hnsw_one_thread_build_is_byte_identical() {
    let a = fixture(Metric::Cosine, Ordering::Kmeans, 99);
    let b = fixture(Metric::Cosine, Ordering::Kmeans, 99);
    assert!(fs::read(&a.path).unwrap() == fs::read(&b.path).unwrap());
    let c = fixture(Metric::Cosine, Ordering::Kmeans, 100);
    assert!(fs::read(&a.path).unwrap() != fs::read(&c.path).unwrap());
}

#[test]
fn hnsw_bad_magic_version_and_header_checksum() {
    let f = fixture(Metric::L2, Ordering::None, 5);
    let m = corrupt_message(&patch(&f.path, 0, b"NOTHNSW!"));
    assert!(m.contains("not a sochdb-bulk index file"), "{m}");
    let m = corrupt_message(&patch(&f.path, 8, &99u32.to_le_bytes()));
    assert!(
        m.contains("version 99") && m.contains("reads versions 2 to 4"),
        "{m}"
    );
    let m = corrupt_message(&patch(&f.path, 64, b"\xff"));
    assert!(m.contains("header checksum"), "{m}");
    fs::write(f.path.with_extension("empty"), b"").unwrap();
    let m = corrupt_message(&f.path.with_extension("empty"));
    assert!(m.contains("not a sochdb-bulk index file"), "{m}");
}

#[test]
fn hnsw_missing_file_is_not_found() {
    let err = Index::open(Path::new("/nonexistent/emb.hnsw"))
        .err()
        .unwrap();
    assert_eq!(err.code(), "NOT_FOUND", "{err}");
}

#[test]
fn hnsw_verify_names_each_section_with_a_bad_checksum() {
    let f = fixture(Metric::L2, Ordering::None, 5);
    let sections = Index::open(&f.path).unwrap().sections();
    for s in &sections {
        let at = (s.offset + s.length / 2) as usize;
        let byte = fs::read(&f.path).unwrap()[at];
        let p = patch(&f.path, at, &[byte ^ 0x5a]);
        let report = Index::open(&p).unwrap().verify();
        for r in &report {
            assert_eq!(
                r.checksum_ok,
                Some(r.name != s.name),
                "flipped {}, {}",
                s.name,
                r.name
            );
        }
    }
}

#[test]
fn hnsw_truncated_file_names_the_section() {
    let f = fixture(Metric::L2, Ordering::None, 5);
    let bytes = fs::read(&f.path).unwrap();
    let sections = Index::open(&f.path).unwrap().sections();
    let mut cuts = vec![4usize, 100, 255, 300, bytes.len() - 1];
    cuts.extend(sections.iter().map(|s| (s.offset + s.length / 2) as usize));
    for cut in cuts {
        let p = f.path.with_extension(format!("cut{cut}"));
        fs::write(&p, &bytes[..cut]).unwrap();
        let m = corrupt_message(&p);
        let want = match sections.iter().find(|s| s.offset + s.length > cut as u64) {
            _ if cut < 8 => "not a sochdb-bulk index".to_string(),
            _ if cut < 256 => "header needs 256 bytes".to_string(),
            Some(s) => format!("section '{}' ends at byte {}", s.name, s.offset + s.length),
            None => unreachable!(),
        };
        assert!(m.contains(&want) && m.contains("emb.cut"), "cut {cut}: {m}");
    }
}

#[test]
fn hnsw_out_of_range_neighbour_is_corrupt_not_a_panic() {
    let f = fixture(Metric::L2, Ordering::None, 5);
    let index = Index::open(&f.path).unwrap();
    let level0 = index.sections()[1].clone();
    let (m0, n) = (index.header().m0, index.header().count);
    let q = &f.queries[..DIM];
    let mut bytes = fs::read(&f.path).unwrap();
    // Every node's first neighbour points past the end.
    for node in 0..n {
        let at = level0.offset as usize + node * (1 + m0) * 4 + 4;
        bytes[at..at + 4].copy_from_slice(&(n as u32 + 5).to_le_bytes());
    }
    let p = f.path.with_extension("badid");
    fs::write(&p, &bytes).unwrap();
    match Index::open(&p).unwrap().search(q, 5, 20) {
        Err(Error::Corrupt(m)) => assert!(m.contains("neighbour") && m.contains("badid"), "{m}"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // A neighbour count larger than the list.
    let mut bytes = fs::read(&f.path).unwrap();
    for node in 0..n {
        let at = level0.offset as usize + node * (1 + m0) * 4;
        bytes[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    }
    fs::write(&p, &bytes).unwrap();
    assert!(matches!(
        Index::open(&p).unwrap().search(q, 5, 20),
        Err(Error::Corrupt(_))
    ));
}

#[test]
fn hnsw_invalid_builds_and_queries_are_invalid_input() {
    let (data, _) = data_and_queries(3, 100, 0, 4, false);
    let mk = |m: usize, ef: usize| {
        let mx = Matrix::owned(data.clone(), 100, 4);
        Builder::new(mx, None, (0..100).collect(), params(Metric::L2, m, ef, 1))
    };
    for (m, ef) in [(1, 10), (257, 10), (16, 0)] {
        assert!(
            matches!(mk(m, ef), Err(Error::InvalidInput(_))),
            "m {m} ef {ef}"
        );
    }
    assert!(mk(2, 1).is_ok() && mk(256, 1).is_ok());
    // Rows are checked before anything is built. A NaN in input row 42 is reported as
    // row 42 whatever the insertion order.
    let checked = |data: Vec<f32>, metric: Metric, ordering: Ordering| {
        let mx = Matrix::owned(data, 100, 4);
        let order = insertion_order(&mx, ordering, metric, 1);
        match Builder::new(mx, None, order, params(metric, 4, 10, 1)) {
            Err(Error::InvalidInput(m)) => m,
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a bad row was accepted"),
        }
    };
    // The widest index is MAX_DIMENSION; one column more is refused.
    for (dim, ok) in [(MAX_DIMENSION, true), (MAX_DIMENSION + 1, false)] {
        let mx = Matrix::owned(vec![0.5; 2 * dim], 2, dim);
        match Builder::new(mx, None, vec![0, 1], params(Metric::L2, 4, 10, 1)) {
            Ok(_) => assert!(ok, "dimension {dim} accepted"),
            Err(Error::InvalidInput(m)) => {
                assert!(!ok && m.contains("at most 65535"), "dimension {dim}: {m}")
            }
            Err(e) => panic!("{e}"),
        }
    }
    let mut bad = data.clone();
    bad[42 * 4 + 3] = f32::NAN;
    let m = checked(bad, Metric::L2, Ordering::Kmeans);
    assert!(m.contains("row 42, column 3 is NaN"), "{m}");
    // Cosine rejects a zero vector.
    let mut zero = data.clone();
    zero[7 * 4..8 * 4].fill(0.0);
    let m = checked(zero, Metric::Cosine, Ordering::None);
    assert!(m.contains("row 7") && m.contains("zero"), "{m}");
    // Writing before every node is inserted is a bug of the caller.
    let dir = tempfile::tempdir().unwrap();
    let b = builder(&data, 4, Ordering::None, params(Metric::L2, 4, 10, 1), None);
    b.insert_range(0, 50).unwrap();
    assert!(
        matches!(b.insert_range(40, 60), Err(Error::Internal(_))),
        "double insert"
    );
    assert!(matches!(
        b.write(&dir.path().join("x")),
        Err(Error::Internal(_))
    ));
    assert!(!dir.path().join("x").exists());
    b.insert_range(60, 100).unwrap();
    assert!(matches!(
        b.search(&[1.0; 3], 1, 1),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
fn hnsw_query_checks_and_small_k() {
    let f = fixture(Metric::Cosine, Ordering::None, 5);
    let index = Index::open(&f.path).unwrap();
    assert!(matches!(
        index.search(&[1.0; DIM + 1], 1, 1),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        index.search(&[0.0; DIM], 1, 1),
        Err(Error::InvalidInput(_))
    ));
    let q = &f.queries[..DIM];
    // ef below k is raised to k: all k results come back.
    assert_eq!(index.search(q, 50, 1).unwrap().len(), 50);
    assert_eq!(index.search(q, ROWS + 10, 10).unwrap().len(), ROWS);
    assert!(index.search(q, 0, 10).unwrap().is_empty());
}

/// A format-2 file (bf16 codes), written by sochdb-bulk before format 3: it still opens,
/// and its answers hold recall against an exact search of its own stored vectors.
#[test]
fn hnsw_reads_format_2_files() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/index-v2/cosine-600x24.hnsw");
    let index = Index::open(&path).unwrap();
    let h = index.header().clone();
    assert_eq!(
        (h.version, h.count, h.dimension, h.metric),
        (2, 600, 24, Metric::Cosine)
    );
    assert!(index.verify().iter().all(|s| s.checksum_ok == Some(true)));
    let rows: Vec<f32> = (0..h.count)
        .flat_map(|i| index.vector(i).unwrap().to_vec())
        .collect();
    let rows = Matrix::owned(rows, h.count, h.dimension);
    let (mut hits, queries) = (0, 50);
    for q in 0..queries {
        // A query between two stored rows, so it is not any row itself.
        let query: Vec<f32> = index
            .vector(q)
            .unwrap()
            .iter()
            .zip(index.vector(q + 300).unwrap())
            .map(|(a, b)| a + 0.5 * b)
            .collect();
        let got = index.search(&query, 10, 64).unwrap();
        let want = sochdb_core::hnsw::brute_force(&rows, Metric::Cosine, &query, 10);
        let want: Vec<u64> = want
            .iter()
            .map(|&(i, _)| index.external_id(i as usize))
            .collect();
        hits += got.iter().filter(|n| want.contains(&n.id)).count();
    }
    let recall = hits as f64 / (10 * queries) as f64;
    assert!(recall >= 0.95, "recall@10 {recall}");
}

/// A format-3 file (int8 codes, aux in an array), written by sochdb-bulk before format 4
/// put each aux number in its row's padding: it still opens, and a build of the same
/// input today (format 4) has the same graph, vectors and ids and answers bit for bit
/// the same, in a file smaller by the aux array.
#[test]
fn hnsw_reads_format_3_files_and_format_4_answers_the_same() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/index-v3");
    let v3 = Index::open(&dir.join("l2-600x24.hnsw")).unwrap();
    let h = v3.header().clone();
    assert_eq!(
        (h.version, h.count, h.dimension, h.metric, h.m, h.seed),
        (3, 600, 24, Metric::L2, 16, 7)
    );
    assert!(v3.verify().iter().all(|s| s.checksum_ok == Some(true)));
    let input = VectorFile::open(&dir.join("l2-600x24.npy"), &OpenOptions::default()).unwrap();
    let rows = input.into_matrix().unwrap();
    let order = insertion_order(&rows, Ordering::None, Metric::L2, 7);
    let b = Builder::new(rows, None, order, data::params(Metric::L2, 16, 100, 7)).unwrap();
    b.insert_range(0, b.len()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("v4.hnsw");
    b.write(&path).unwrap();
    let v4 = Index::open(&path).unwrap();
    assert_eq!(v4.header().version, 4);
    // 600 aux numbers, 2,400 bytes padded to 2,432.
    assert_eq!(v3.file_size() - v4.file_size(), 2432);
    let (s3, s4) = (v3.sections(), v4.sections());
    for i in 0..4 {
        assert_eq!(
            (s3[i].length, s3[i].checksum),
            (s4[i].length, s4[i].checksum),
            "{}",
            s3[i].name
        );
    }
    for q in 0..100 {
        let query: Vec<f32> = v3
            .vector(q)
            .unwrap()
            .iter()
            .zip(v3.vector(599 - q).unwrap())
            .map(|(a, b)| 0.7 * a + 0.3 * b)
            .collect();
        for ef in [10, 32, 128] {
            let (a, b) = (
                v3.search(&query, 10, ef).unwrap(),
                v4.search(&query, 10, ef).unwrap(),
            );
            let bits = |r: &[sochdb_core::hnsw::Neighbor]| {
                r.iter()
                    .map(|n| (n.id, n.distance.to_bits()))
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&a), bits(&b), "query {q} ef {ef}");
        }
    }
}
