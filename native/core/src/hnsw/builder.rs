//! `Builder`: the shared state of one concurrent build. Created once (validates the
//! parameters, draws every node's level, allocates all link storage), then any number of
//! caller-owned threads run `insert_range` on disjoint ranges, then `write` lands the
//! file. Internal node i is input row `order[i]`; rows are inserted in input order. The
//! f32 vectors are read in place from the input `Matrix` (possibly a read-only mmap),
//! never copied; the build itself reads their int8 codes (codes_i8.rs).

use super::codes::{CodeBook, Codes, RELEASE_EVERY};
use super::distance::{inverse_norm, Metric};
use super::graph::Graph;
use super::level::{level_multiplier, node_level};
use super::simd::{kernels, Kernels};
use crate::error::{Error, Result};
use crate::vectors::Matrix;
use parking_lot::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::*};

#[derive(Clone, Debug)]
pub struct BuildParams {
    pub metric: Metric,
    /// M: links per node on upper layers; layer 0 allows M0 = 2·M.
    pub m: usize,
    /// efConstruction: the candidate list size while inserting. Used as given.
    pub ef_construction: usize,
    pub seed: u64,
}

pub struct Builder {
    pub(super) vectors: Matrix,
    pub(super) ids: Option<Vec<u64>>,
    pub(super) order: Vec<u32>,
    /// The inverse of `order`: the node holding input row r. Rows are inserted in input
    /// order whatever the ordering (see `insert_range`).
    pub(super) node_of_row: Vec<u32>,
    pub(super) params: BuildParams,
    /// 1/‖x‖ per internal node for cosine (empty otherwise): cosine distance is then
    /// 1 − dot·inv_q·inv_x without a normalised copy of the input.
    pub(super) inv_norm: Vec<f32>,
    /// The int8 copy every distance of the build is computed on (codes_i8.rs).
    pub(super) codes: CodeBook,
    pub(super) graph: Graph,
    /// Entry point and top level packed as `(max_level + 1) << 32 | node`; 0 = empty
    /// graph. One atomic so readers always see a matching pair.
    pub(super) entry: AtomicU64,
    /// Taken only by an insert whose level exceeds the current top level.
    pub(super) entry_lock: Mutex<()>,
    pub(super) done: Vec<AtomicBool>,
    pub(super) inserted: AtomicUsize,
}

/// Exact distances between a query and internal nodes, from the f32 input.
pub(super) struct Space<'a> {
    data: &'a [f32],
    dim: usize,
    order: &'a [u32],
    inv: &'a [f32],
    metric: Metric,
    k: &'static Kernels,
}

impl Space<'_> {
    #[inline]
    pub fn vector(&self, node: u32) -> &[f32] {
        let r = self.order[node as usize] as usize * self.dim;
        &self.data[r..r + self.dim]
    }

    /// `q_inv` is 1/‖q‖ for cosine, ignored otherwise.
    #[inline]
    pub fn to_node(&self, q: &[f32], q_inv: f32, node: u32) -> f32 {
        let x = self.vector(node);
        match self.metric {
            Metric::L2 => (self.k.l2)(q, x),
            Metric::Ip => 1.0 - (self.k.dot)(q, x),
            Metric::Cosine => 1.0 - (self.k.dot)(q, x) * q_inv * self.inv[node as usize],
        }
    }
}

impl Builder {
    pub fn new(
        vectors: Matrix,
        ids: Option<Vec<u64>>,
        order: Vec<u32>,
        params: BuildParams,
    ) -> Result<Builder> {
        super::simd_level::check_simd_env()?;
        let (rows, dim) = (vectors.rows(), vectors.dimension());
        if !(2..=256).contains(&params.m) {
            return Err(Error::InvalidInput(format!(
                "max connections (M) must be between 2 and 256, got {}",
                params.m
            )));
        }
        if params.ef_construction < 1 {
            return Err(Error::InvalidInput(
                "ef_construction must be at least 1".into(),
            ));
        }
        if rows == 0 {
            return Err(Error::InvalidInput("no vectors to index".into()));
        }
        if rows >= u32::MAX as usize {
            return Err(Error::InvalidInput(format!(
                "{rows} vectors: an index holds fewer than {}",
                u32::MAX
            )));
        }
        if dim == 0 {
            return Err(Error::InvalidInput(
                "vector dimension must be at least 1".into(),
            ));
        }
        if dim > MAX_DIMENSION {
            return Err(Error::InvalidInput(format!(
                "dimension {dim} is more than an index holds (at most {MAX_DIMENSION}): reduce the vectors' dimension first"
            )));
        }
        if let Some(ids) = &ids {
            if ids.len() != rows {
                return Err(Error::InvalidInput(format!(
                    "{} ids for {rows} vectors: give exactly one id per vector",
                    ids.len()
                )));
            }
        }
        check_permutation(&order, rows)?;
        let mut node_of_row = vec![0u32; rows];
        for (node, &row) in order.iter().enumerate() {
            node_of_row[row as usize] = node as u32;
        }
        // Each pass over the input drops the pages it has read (Matrix::release) every
        // RELEASE_EVERY rows: inserting reads only the codes, so the input need not stay
        // resident beside them; it is next read when the file is written.
        check_rows(&vectors, params.metric)?;
        let inv_norm: Vec<f32> = if params.metric == Metric::Cosine {
            let norm = |(i, &r): (usize, &u32)| {
                if i % RELEASE_EVERY == 0 {
                    vectors.release();
                }
                inverse_norm(vectors.row(r as usize))
            };
            order.iter().enumerate().map(norm).collect()
        } else {
            Vec::new()
        };
        let codes = CodeBook::encode(
            params.metric,
            dim,
            rows,
            |i| vectors.row(order[i] as usize),
            |i| inv_norm.get(i).copied().unwrap_or(1.0),
            || vectors.release(),
            RELEASE_EVERY,
        );
        vectors.release();
        let ml = level_multiplier(params.m);
        let levels = (0..rows as u32)
            .map(|i| node_level(params.seed, i, ml) as u8)
            .collect();
        let graph = Graph::new(levels, params.m, 2 * params.m);
        Ok(Builder {
            vectors,
            ids,
            order,
            node_of_row,
            params,
            inv_norm,
            codes,
            graph,
            entry: AtomicU64::new(0),
            entry_lock: Mutex::new(()),
            done: (0..rows).map(|_| AtomicBool::new(false)).collect(),
            inserted: AtomicUsize::new(0),
        })
    }

    pub fn len(&self) -> usize {
        self.vectors.rows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn dimension(&self) -> usize {
        self.vectors.dimension()
    }

    pub fn params(&self) -> &BuildParams {
        &self.params
    }

    pub fn inserted(&self) -> usize {
        self.inserted.load(Acquire)
    }

    pub(super) fn space(&self) -> Space<'_> {
        Space {
            data: self.vectors.as_slice(),
            dim: self.vectors.dimension(),
            order: &self.order,
            inv: &self.inv_norm,
            metric: self.params.metric,
            k: kernels(),
        }
    }

    pub(super) fn codes(&self) -> Codes<'_> {
        Codes::I8(self.codes.view(self.params.metric))
    }

    /// (entry node, max level), or None before the first insert.
    pub(super) fn entry(&self) -> Option<(u32, usize)> {
        unpack(self.entry.load(Acquire))
    }

    /// External id of internal node `i`.
    pub(super) fn external_id(&self, i: usize) -> u64 {
        let row = self.order[i];
        match &self.ids {
            Some(ids) => ids[row as usize],
            None => row as u64,
        }
    }
}

pub(super) fn pack(node: u32, level: usize) -> u64 {
    ((level as u64 + 1) << 32) | node as u64
}

pub(super) fn unpack(e: u64) -> Option<(u32, usize)> {
    match e >> 32 {
        0 => None,
        l => Some((e as u32, l as usize - 1)),
    }
}

/// The widest vectors an index is built from (README: Limits). Files of wider
/// indexes written before the limit still open.
pub const MAX_DIMENSION: usize = 65_535;

/// Every row finite, and none zero under cosine: checked before anything is built, so a
/// bad input fails at once and names its row.
fn check_rows(vectors: &Matrix, metric: Metric) -> Result<()> {
    let rows = vectors.rows();
    for start in (0..rows).step_by(RELEASE_EVERY) {
        let end = (start + RELEASE_EVERY).min(rows);
        if let Some((row, c)) = vectors.first_non_finite(start, end) {
            let what = if vectors.row(row)[c].is_nan() {
                "NaN"
            } else {
                "infinite"
            };
            return Err(Error::InvalidInput(format!(
                "row {row}, column {c} is {what}: vectors must be finite; fix or remove that row"
            )));
        }
        if metric == Metric::Cosine {
            if let Some(row) = (start..end).find(|&r| inverse_norm(vectors.row(r)) == 0.0) {
                return Err(Error::InvalidInput(format!(
                    "row {row} is a zero vector, which has no cosine distance: remove it or use --metric l2"
                )));
            }
        }
        vectors.release();
    }
    Ok(())
}

fn check_permutation(order: &[u32], rows: usize) -> Result<()> {
    if order.len() != rows {
        return Err(Error::Internal(format!(
            "insertion order has {} entries for {rows} rows",
            order.len()
        )));
    }
    let mut seen = vec![false; rows];
    for &r in order {
        match seen.get_mut(r as usize) {
            Some(s) if !*s => *s = true,
            _ => {
                return Err(Error::Internal(format!(
                    "insertion order is not a permutation (row {r})"
                )))
            }
        }
    }
    Ok(())
}
