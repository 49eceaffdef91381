//! Target `index`: a small built index file with flipped, overwritten, truncated or
//! extended bytes, opened and searched as `query` does (no checksum pass: `query` maps
//! the file in constant time) and described and verified as `info --index --verify`.

use sochdb_core::hnsw::{Index, Metric, Ordering};
use sochdb_core::session::{BuildConfig, BuildSession, QuerySession, QuerySource};
use sochdb_core::vectors::npy_header;
use std::path::PathBuf;

use crate::case::Case;
use crate::mutate::mutate;
use crate::rng::Rng;

const ROWS: usize = 300;
const DIM: usize = 8;

/// Base index `variant` (0: cosine, 1: l2 with external ids, 2: ip ordered by k-means),
/// built once per process from fixed data, so every run mutates the same bytes.
pub fn base_index(case: &Case, variant: usize) -> PathBuf {
    let base = case.base();
    let path = base.join(format!("base-{variant}.hnsw"));
    if path.exists() {
        return path;
    }
    std::fs::create_dir_all(&base).expect("cannot create the base directory");
    let mut rng = Rng::new(1000 + variant as u64);
    let mut data = npy_header("<f4", &[ROWS, DIM]);
    for _ in 0..ROWS * DIM {
        data.extend_from_slice(&((rng.below(2001) as f32) / 1000.0 - 1.0).to_le_bytes());
    }
    let input = base.join(format!("base-{variant}.npy"));
    std::fs::write(&input, data).expect("cannot write the base vectors");
    let ids = (variant == 1).then(|| {
        let mut ids = npy_header("<i8", &[ROWS]);
        for i in 0..ROWS as u64 {
            ids.extend_from_slice(&(i * 7 + 1_000_000).to_le_bytes());
        }
        let p = base.join("base-ids.npy");
        std::fs::write(&p, ids).expect("cannot write the base ids");
        p
    });
    let config = BuildConfig {
        input,
        format: None,
        dimension: None,
        metric: [Metric::Cosine, Metric::L2, Metric::Ip][variant],
        m: 4,
        ef_construction: 20,
        seed: 7,
        ids,
        column: None,
        id_column: None,
        ordering: if variant == 2 {
            Ordering::Kmeans
        } else {
            Ordering::None
        },
        prefault: false,
        direct_read: false,
    };
    let session = BuildSession::open(&config).expect("base index: open");
    session.insert(0, ROWS).expect("base index: insert");
    let tmp = base.join(format!("base-{variant}.hnsw.tmp"));
    session
        .write(&tmp, sochdb_core::hnsw::Stored::VectorsAndCodes)
        .expect("base index: write");
    std::fs::rename(&tmp, &path).expect("base index: rename");
    path
}

pub fn run(case: &mut Case, rng: &mut Rng) {
    let base = base_index(case, rng.below(3));
    let mut bytes = std::fs::read(&base).expect("cannot read the base index");
    // The header and section table are in the first few hundred bytes.
    let hot = if rng.one_in(2) { 512 } else { 0 };
    mutate(rng, &mut bytes, 6, hot);
    if rng.one_in(2) {
        crate::fixup::index(&mut bytes);
    }
    case.save_input(&bytes);
    let path = case.scratch().join("case.hnsw");
    std::fs::write(&path, &bytes).expect("cannot write the case index");
    let Some(index) = case.ok("open", Index::open(&path)) else {
        return;
    };
    let h = index.header().clone();
    if case.verbose {
        println!("header: {h:?}");
    }
    let _ = index.sections();
    let _ = index.level_histogram();
    let _ = index.verify();
    if h.count > 0 && h.dimension <= 4096 {
        for _ in 0..4 {
            let i = rng.below(h.count);
            let _ = index.vector(i).map_or(0, |v| v.len());
            let _ = index.external_id(i);
        }
    }
    if h.dimension == 0 || h.dimension > 4096 {
        return;
    }
    for _ in 0..3 {
        let q: Vec<f32> = (0..h.dimension).map(|_| rng.f32()).collect();
        let (k, ef) = (rng.range(1, 320), rng.range(0, 400));
        case.ok("search", index.search(&q, k, ef).map(|_| ()));
    }
    let q: Vec<f32> = (0..h.dimension).map(|_| rng.f32()).collect();
    if let Some(s) = case.ok(
        "query open",
        QuerySession::open(&path, QuerySource::Vector(q)),
    ) {
        case.ok(
            "query claimed",
            s.search_claimed(1, rng.range(1, 20), 64).map(|_| ()),
        );
    }
}
