//! build-index, query and info on index files.

use napi::bindgen_prelude::{BigInt64Array, Buffer, Float32Array, Float64Array};
use napi_derive::napi;
use sochdb_core::hnsw::{FilterStrategy, Index, Metric, Ordering};
use sochdb_core::session::{BuildConfig, BuildSession, QuerySession, QuerySource};
use sochdb_core::vectors::Format;
use std::path::{Path, PathBuf};

use crate::errors::{invalid, IntoNapi};
use crate::sessions::Registry;
use crate::vectors::{open_options, vector_info, OpenOpts, VectorInfo};

static BUILDS: Registry<BuildSession> = Registry::new();
static QUERIES: Registry<QuerySession> = Registry::new();

#[napi(object)]
pub struct BuildOptions {
    pub input: String,
    pub format: Option<String>,
    pub dimension: Option<u32>,
    pub metric: String,
    pub m: u32,
    pub ef_construction: u32,
    /// A non-negative integer below 2^53.
    pub seed: f64,
    pub ids: Option<String>,
    /// Parquet input: the vector column and the id column.
    pub column: Option<String>,
    pub id_column: Option<String>,
    pub ordering: String,
    pub prefault: bool,
    pub direct_read: bool,
}

#[napi(object)]
pub struct BuildOpened {
    pub handle: u32,
    pub rows: f64,
    pub dimension: u32,
    /// True when the vectors are used in place from the input's memory mapping.
    pub mapped: bool,
    pub input: VectorInfo,
}

#[napi]
pub fn build_open(o: BuildOptions) -> napi::Result<BuildOpened> {
    let format = match o.format.as_deref() {
        None | Some("auto") => None,
        Some(name) => Some(Format::from_name(name).napi()?),
    };
    if !(o.seed >= 0.0 && o.seed.fract() == 0.0 && o.seed < 9_007_199_254_740_992.0) {
        return Err(invalid(format!(
            "--seed {} must be an integer from 0 to 2^53-1",
            o.seed
        )));
    }
    let config = BuildConfig {
        input: PathBuf::from(&o.input),
        format,
        dimension: o.dimension.map(|d| d as usize),
        metric: Metric::from_name(&o.metric).napi()?,
        m: o.m as usize,
        ef_construction: o.ef_construction as usize,
        seed: o.seed as u64,
        ids: o.ids.as_ref().map(PathBuf::from),
        column: o.column.clone(),
        id_column: o.id_column.clone(),
        ordering: Ordering::from_name(&o.ordering).napi()?,
        prefault: o.prefault,
        direct_read: o.direct_read,
    };
    let session = BuildSession::open(&config).napi()?;
    let opened = BuildOpened {
        handle: 0,
        rows: session.rows() as f64,
        dimension: session.dimension() as u32,
        mapped: session.is_mapped(),
        input: vector_info(session.input()),
    };
    Ok(BuildOpened {
        handle: BUILDS.insert(session),
        ..opened
    })
}

/// Insert internal nodes `start..end` of build `handle`. Called from pool workers.
#[napi]
pub fn build_insert(handle: u32, start: f64, end: f64) -> napi::Result<()> {
    BUILDS
        .get(handle)?
        .insert(start as usize, end as usize)
        .napi()
}

/// Writes the index; `codes_only` leaves out the f32 vectors (`build-index --codes-only`).
#[napi]
pub fn build_write(handle: u32, output: String, codes_only: bool) -> napi::Result<f64> {
    let stored = if codes_only {
        sochdb_core::hnsw::Stored::CodesOnly
    } else {
        sochdb_core::hnsw::Stored::VectorsAndCodes
    };
    let bytes = BUILDS
        .get(handle)?
        .write(Path::new(&output), stored)
        .napi()?;
    Ok(bytes as f64)
}

#[napi]
pub fn build_close(handle: u32) -> bool {
    BUILDS.remove(handle)
}

#[napi(object)]
pub struct QueryOptions {
    pub index: String,
    /// A query file path; or `stdin` bytes; or one `vector`.
    pub path: Option<String>,
    pub stdin: Option<Buffer>,
    pub vector: Option<Float32Array>,
    pub open: OpenOpts,
    /// `query --where`: only these external ids (the rows that passed) may be returned.
    pub allowed: Option<BigInt64Array>,
    /// "auto" | "graph" | "exact" (absent: auto).
    pub filter_strategy: Option<String>,
}

#[napi(object)]
pub struct QueryOpened {
    pub handle: u32,
    pub count: f64,
    pub dimension: u32,
    pub metric: String,
    /// min(k requested, vectors in the index) is computed per search; this is the index size.
    pub index_count: f64,
    /// With `allowed`: how many of the index's vectors may be returned.
    pub allowed_count: Option<f64>,
}

#[napi]
pub fn query_open(o: QueryOptions) -> napi::Result<QueryOpened> {
    let opts = open_options(&o.open)?;
    let source = if let Some(v) = &o.vector {
        QuerySource::Vector(v.to_vec())
    } else if let Some(bytes) = &o.stdin {
        QuerySource::Bytes {
            bytes: bytes.to_vec(),
            name: "stdin",
            opts,
        }
    } else if let Some(p) = &o.path {
        QuerySource::File {
            path: Path::new(p),
            opts,
        }
    } else {
        return Err(invalid("give --query PATH, --query - (stdin) or --vector"));
    };
    let mut session = QuerySession::open(Path::new(&o.index), source).napi()?;
    let allowed_count = match &o.allowed {
        None => None,
        Some(ids) => {
            let how = match o.filter_strategy.as_deref() {
                None | Some("auto") => FilterStrategy::auto(),
                Some("graph") => FilterStrategy::Graph,
                Some("exact") => FilterStrategy::Exact,
                Some(other) => {
                    return Err(invalid(format!(
                        "--filter-strategy {other}: use auto, graph or exact"
                    )))
                }
            };
            Some(session.set_filter(ids, how) as f64)
        }
    };
    let header = session.index().header();
    let opened = QueryOpened {
        handle: 0,
        count: session.count() as f64,
        dimension: header.dimension as u32,
        metric: header.metric.name().to_string(),
        index_count: header.count as f64,
        allowed_count,
    };
    Ok(QueryOpened {
        handle: QUERIES.insert(session),
        ..opened
    })
}

#[napi(object)]
pub struct QueryResult {
    /// Columns per query: min(k, vectors in the index).
    pub k: u32,
    pub ids: BigInt64Array,
    pub distances: Float32Array,
    /// One byte per query: 0 unfiltered, 1 a filtered graph walk, 2 an exact scan of the
    /// allowed rows, 3 a scan after a walk that found fewer than k.
    pub by: Buffer,
}

/// Search queries `start..end` of session `handle` (on the main thread: one thread, or
/// too few queries for the pool).
#[napi]
pub fn query_search(
    handle: u32,
    start: f64,
    end: f64,
    k: u32,
    ef: u32,
) -> napi::Result<QueryResult> {
    let batch = QUERIES
        .get(handle)?
        .search(start as usize, end as usize, k as usize, ef as usize)
        .napi()?;
    Ok(QueryResult {
        k: batch.k as u32,
        ids: BigInt64Array::new(batch.ids),
        distances: Float32Array::new(batch.distances),
        by: batch.by.into(),
    })
}

#[napi(object)]
pub struct ClaimedResult {
    /// Consecutive query runs this worker answered: run i is `starts[i]..ends[i]`.
    pub starts: Float64Array,
    pub ends: Float64Array,
    /// Columns per query: min(k, vectors in the index).
    pub k: u32,
    /// The runs' results, concatenated in run order.
    pub ids: BigInt64Array,
    pub distances: Float32Array,
    /// One byte per query: 0 unfiltered, 1 a filtered graph walk, 2 an exact scan of the
    /// allowed rows, 3 a scan after a walk that found fewer than k.
    pub by: Buffer,
}

/// Search runs of `chunk` queries claimed from session `handle` until none are left, or
/// after `max_runs` runs when given. Each pool worker calls this once; the main thread
/// calls it with `max_runs` (QuerySession::search_claimed_at_most).
#[napi]
pub fn query_search_claimed(
    handle: u32,
    chunk: u32,
    k: u32,
    ef: u32,
    max_runs: Option<u32>,
) -> napi::Result<ClaimedResult> {
    let max_runs = max_runs.map_or(usize::MAX, |n| n as usize);
    let claimed = QUERIES
        .get(handle)?
        .search_claimed_at_most(chunk as usize, max_runs, k as usize, ef as usize)
        .napi()?;
    let (starts, ends): (Vec<f64>, Vec<f64>) = claimed
        .runs
        .iter()
        .map(|&(s, e)| (s as f64, e as f64))
        .unzip();
    Ok(ClaimedResult {
        starts: Float64Array::new(starts),
        ends: Float64Array::new(ends),
        k: claimed.results.k as u32,
        ids: BigInt64Array::new(claimed.results.ids),
        distances: Float32Array::new(claimed.results.distances),
        by: claimed.results.by.into(),
    })
}

/// Queries answered so far by `query_search_claimed` on session `handle`, for progress.
#[napi]
pub fn query_answered(handle: u32) -> napi::Result<f64> {
    Ok(QUERIES.get(handle)?.answered() as f64)
}

#[napi]
pub fn query_close(handle: u32) -> bool {
    QUERIES.remove(handle)
}

#[napi(object)]
pub struct SectionJs {
    pub name: String,
    pub offset: f64,
    pub length: f64,
    pub checksum: u32,
    /// Absent when not verified.
    pub checksum_ok: Option<bool>,
}

#[napi(object)]
pub struct IndexInfo {
    pub path: String,
    pub version: u32,
    pub dimension: u32,
    pub count: f64,
    pub metric: String,
    pub m: u32,
    pub m0: u32,
    pub ef_construction: u32,
    pub entry_point: u32,
    pub max_level: u32,
    /// Decimal string: a u64 seed does not fit a JS number.
    pub seed: String,
    /// False for a codes-only index (no f32 vectors; distances from the int8 codes).
    pub vectors_stored: bool,
    pub file_size: f64,
    pub level_histogram: Vec<f64>,
    pub sections: Vec<SectionJs>,
}

#[napi]
pub fn index_info(path: String, verify: bool) -> napi::Result<IndexInfo> {
    let index = Index::open(Path::new(&path)).napi()?;
    let h = index.header();
    let sections = if verify {
        index.verify()
    } else {
        index.sections()
    };
    Ok(IndexInfo {
        path,
        version: h.version,
        dimension: h.dimension as u32,
        count: h.count as f64,
        metric: h.metric.name().to_string(),
        m: h.m as u32,
        m0: h.m0 as u32,
        ef_construction: h.ef_construction as u32,
        entry_point: h.entry_point,
        max_level: h.max_level as u32,
        seed: h.seed.to_string(),
        vectors_stored: h.vectors_stored,
        file_size: index.file_size() as f64,
        level_histogram: index.level_histogram().iter().map(|&c| c as f64).collect(),
        sections: sections
            .into_iter()
            .map(|s| SectionJs {
                name: s.name.to_string(),
                offset: s.offset as f64,
                length: s.length as f64,
                checksum: s.checksum,
                checksum_ok: s.checksum_ok,
            })
            .collect(),
    })
}

#[napi(object)]
pub struct KernelsJs {
    /// The f32 kernels (exact distances): scalar, avx2, avx512 or neon.
    pub f32: String,
    /// The int8 kernel of the build and the graph walk: scalar, avx2, avx512,
    /// avx512vnni or neon.
    pub int8: String,
}

/// The distance kernels this process uses (the best the CPU runs, or as SOCHDB_SIMD pins).
#[napi]
pub fn simd_kernels() -> napi::Result<KernelsJs> {
    sochdb_core::hnsw::check_simd_env().napi()?;
    let (f32, int8) = sochdb_core::hnsw::kernels_in_use();
    Ok(KernelsJs {
        f32: f32.into(),
        int8: int8.into(),
    })
}
