//! A query job: an index and a set of query vectors, searched in batches.

use std::path::Path;

use crate::error::{Error, Result};
use crate::hnsw::Index;
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
}

/// Results of `count` queries, row-major: `ids[q * k + j]`. A slot with no neighbour
/// (an index with fewer than `k` reachable nodes) holds id -1 and distance +inf.
pub struct QueryBatch {
    pub k: usize,
    pub ids: Vec<i64>,
    pub distances: Vec<f32>,
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
        })
    }

    pub fn count(&self) -> usize {
        self.queries.rows()
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
        for (slot, q) in (start..end).enumerate() {
            let found = self.index.search(self.queries.row(q), cols, ef.max(cols))?;
            for (j, n) in found.iter().take(cols).enumerate() {
                ids[slot * cols + j] = n.id as i64;
                distances[slot * cols + j] = n.distance;
            }
        }
        Ok(QueryBatch {
            k: cols,
            ids,
            distances,
        })
    }
}
