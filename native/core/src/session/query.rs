//! A query job: an index and a set of query vectors, searched in batches.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};
use crate::hnsw::{AllowSet, FilterStrategy, FilteredBy, Index};
use crate::vectors::{Matrix, OpenOptions, VectorFile};

/// Where the query vectors come from.
pub enum QuerySource<'a> {
    File {
        path: &'a Path,
        opts: OpenOptions,
    },
    /// Bytes read from stdin; `name` is used in messages.
    Bytes {
        bytes: Vec<u8>,
        name: &'a str,
        opts: OpenOptions,
    },
    /// One vector given on the command line.
    Vector(Vec<f32>),
}

pub struct QuerySession {
    index: Index,
    queries: Matrix,
    name: String,
    /// The next unclaimed query of [`QuerySession::search_claimed`].
    cursor: AtomicUsize,
    /// Queries answered by `search_claimed`, for progress.
    answered: AtomicUsize,
    /// Only these nodes may be returned (`query --where`), and how to search them.
    filter: Option<(AllowSet, FilterStrategy)>,
}

/// How each query of a batch was answered (`QueryBatch::by`).
pub const BY_UNFILTERED: u8 = 0;
pub const BY_GRAPH: u8 = 1;
pub const BY_EXACT: u8 = 2;
/// A filtered walk found fewer than k allowed rows; an exact scan answered.
pub const BY_EXACT_AFTER_GRAPH: u8 = 3;

/// Results of `count` queries, row-major: `ids[q * k + j]`. A slot with no neighbour
/// (an index with fewer than `k` reachable nodes) holds id -1 and distance +inf.
pub struct QueryBatch {
    pub k: usize,
    pub ids: Vec<i64>,
    pub distances: Vec<f32>,
    /// One per query: [`BY_UNFILTERED`], [`BY_GRAPH`], [`BY_EXACT`] or
    /// [`BY_EXACT_AFTER_GRAPH`].
    pub by: Vec<u8>,
}

/// What one caller of [`QuerySession::search_claimed`] answered: runs of consecutive
/// queries, `runs[i] = (start, end)`, their results concatenated in that order.
pub struct ClaimedBatch {
    pub runs: Vec<(usize, usize)>,
    pub results: QueryBatch,
}

impl QuerySession {
    pub fn open(index_path: &Path, source: QuerySource<'_>) -> Result<QuerySession> {
        let index = Index::open(index_path)?;
        let (queries, name) = match source {
            QuerySource::File { path, opts } => (
                VectorFile::open(path, &opts)?.into_matrix()?,
                path.display().to_string(),
            ),
            QuerySource::Bytes { bytes, name, opts } => (
                VectorFile::from_bytes(bytes, name, &opts)?.into_matrix()?,
                name.to_string(),
            ),
            QuerySource::Vector(v) => {
                let d = v.len();
                if d == 0 {
                    return Err(Error::InvalidInput(
                        "--vector is empty; give comma-separated numbers".into(),
                    ));
                }
                (Matrix::owned(v, 1, d), "--vector".to_string())
            }
        };
        let want = index.header().dimension;
        if queries.dimension() != want {
            return Err(Error::InvalidInput(format!(
                "{name}: query vectors have dimension {} but the index {} has dimension {want}",
                queries.dimension(),
                index_path.display()
            )));
        }
        if let Some((row, col)) = queries.first_non_finite(0, queries.rows()) {
            return Err(Error::InvalidInput(format!(
                "{name}: query row {row}, column {col} is {}; queries must be finite",
                queries.row(row)[col]
            )));
        }
        Ok(QuerySession {
            index,
            queries,
            name,
            cursor: AtomicUsize::new(0),
            answered: AtomicUsize::new(0),
            filter: None,
        })
    }

    pub fn count(&self) -> usize {
        self.queries.rows()
    }

    /// From now on only nodes whose external id is in `allowed` are returned. Returns how
    /// many of the index's nodes that leaves.
    pub fn set_filter(&mut self, allowed: &[i64], how: FilterStrategy) -> usize {
        let set = self.index.allow_set(allowed);
        let count = set.count();
        self.filter = Some((set, how));
        count
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn source_name(&self) -> &str {
        &self.name
    }

    /// The number of result columns for a requested `k`: never more than the index holds.
    pub fn effective_k(&self, k: usize) -> usize {
        k.min(self.index.header().count)
    }

    /// Claims runs of `chunk` queries until none are left, searching each: every pool
    /// worker calls this once, so the work divides itself (a worker that gets ahead takes
    /// more runs) and each worker crosses into Rust once, not once per batch. A failure
    /// ends the claiming for every caller. One claimed pass per session.
    pub fn search_claimed(&self, chunk: usize, k: usize, ef: usize) -> Result<ClaimedBatch> {
        self.search_claimed_at_most(chunk, usize::MAX, k, ef)
    }

    /// [`QuerySession::search_claimed`], returning after at most `max_runs` runs: the
    /// main thread searches beside the pool's workers this way, coming back to its event
    /// loop between calls (it hands the workers their tasks and drives the progress bar).
    /// An empty result means nothing is left to claim.
    pub fn search_claimed_at_most(
        &self,
        chunk: usize,
        max_runs: usize,
        k: usize,
        ef: usize,
    ) -> Result<ClaimedBatch> {
        let count = self.count();
        let chunk = chunk.max(1);
        let mut runs = Vec::new();
        let mut all = QueryBatch {
            k: self.effective_k(k),
            ids: Vec::new(),
            distances: Vec::new(),
            by: Vec::new(),
        };
        while runs.len() < max_runs {
            let start = self.cursor.fetch_add(chunk, Ordering::Relaxed);
            if start >= count {
                break;
            }
            let end = (start + chunk).min(count);
            let batch = self.search(start, end, k, ef).inspect_err(|_| {
                // Nobody claims after a failure; the error reaches the caller.
                self.cursor.fetch_max(count, Ordering::Relaxed);
            })?;
            runs.push((start, end));
            all.ids.extend_from_slice(&batch.ids);
            all.distances.extend_from_slice(&batch.distances);
            all.by.extend_from_slice(&batch.by);
            self.answered.fetch_add(end - start, Ordering::Relaxed);
        }
        Ok(ClaimedBatch { runs, results: all })
    }

    /// Queries answered so far by [`QuerySession::search_claimed`] (all callers).
    pub fn answered(&self) -> usize {
        self.answered.load(Ordering::Relaxed)
    }

    /// Search queries `start..end`; safe to call from many threads at once.
    pub fn search(&self, start: usize, end: usize, k: usize, ef: usize) -> Result<QueryBatch> {
        if k == 0 {
            return Err(Error::InvalidInput("k must be at least 1".into()));
        }
        if start > end || end > self.count() {
            return Err(Error::Internal(format!(
                "query range {start}..{end} outside 0..{}",
                self.count()
            )));
        }
        let cols = self.effective_k(k);
        let mut ids = vec![-1i64; (end - start) * cols];
        let mut distances = vec![f32::INFINITY; (end - start) * cols];
        let mut by = vec![BY_UNFILTERED; end - start];
        for (slot, q) in (start..end).enumerate() {
            let query = self.queries.row(q);
            let found = match &self.filter {
                None => self.index.search(query, cols, ef.max(cols))?,
                Some((allow, how)) => {
                    let (found, how_answered) =
                        self.index
                            .search_filtered(query, cols, ef.max(cols), allow, *how)?;
                    by[slot] = match how_answered {
                        FilteredBy::Graph => BY_GRAPH,
                        FilteredBy::Exact => BY_EXACT,
                        FilteredBy::ExactAfterGraph => BY_EXACT_AFTER_GRAPH,
                    };
                    found
                }
            };
            for (j, n) in found.iter().take(cols).enumerate() {
                ids[slot * cols + j] = n.id as i64;
                distances[slot * cols + j] = n.distance;
            }
        }
        Ok(QueryBatch {
            k: cols,
            ids,
            distances,
            by,
        })
    }
}
