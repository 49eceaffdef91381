//! `Index`: a memory-mapped index file. `open` is O(1) (see `file_read.rs`); `search`
//! reads the mapping in place through `&self`, with per-thread scratch, so any number of
//! threads can search one `Index`. Every id, count and level read from the file is
//! checked before it is used as an index: a corrupt file gives `Corrupt`, never a panic.

use super::codes::Codes;
use super::codes_bf16::Bf16Codes;
use super::codes_i8::I8Codes;
use super::distance::{inverse_norm, Metric};
use super::file::{codes_layout, levels_layout, IndexHeader, SectionInfo};
use super::file_read::{parse, Layout};
use super::filter::{exact_scan, search_layer_filtered, AllowSet};
use super::search::{greedy_descent, keep_rerank_pool, rerank, search_layer, Links};
use super::simd::{kernels, prefetch, prefetch_all};
use super::visited::{with_scratch, Cand};
use crate::error::{Error, Result};
use memmap2::Mmap;
use std::fs::File;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug)]
pub struct Neighbor {
    pub id: u64,
    pub distance: f32,
}

/// How `search_filtered` may answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterStrategy {
    /// A scan when at most `scan_max_rows` are allowed, else a walk (and a scan if the
    /// walk finds fewer than k). [`FilterStrategy::auto`] is the measured default.
    Auto {
        scan_max_rows: usize,
    },
    Graph,
    Exact,
}

impl FilterStrategy {
    pub fn auto() -> FilterStrategy {
        FilterStrategy::Auto {
            scan_max_rows: EXACT_SCAN_MAX_ROWS,
        }
    }
}

/// How one filtered query was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilteredBy {
    Graph,
    Exact,
    /// A walk found fewer than k allowed rows, or grew costlier than a scan (`Auto`
    /// gives a walk a budget); a scan answered instead.
    ExactAfterGraph,
}

/// `Auto` lets a walk score or open at most (allowed rows / this) nodes before it scans
/// instead: a node of a walk (a scattered read of its code or list) costs about what a
/// scanned row (read in address order) does. Measured with `npm run bench:filter`: on
/// 1 M x 128 with 10 % passing by region, a walk took 17.6 s for 1,000 queries where a
/// scan took 9.6 s; with this budget auto takes the lesser.
const WALK_SCORES_PER_SCANNED_ROW: usize = 2;

/// `Auto` scans the allowed rows when at most this many pass: measured with
/// `npm run bench:filter` (1 M × 128), where a scan of this many costs about what a
/// filtered walk does.
pub const EXACT_SCAN_MAX_ROWS: usize = 20_000;

pub struct Index {
    path: PathBuf,
    map: Mmap,
    layout: Layout,
}

/// Typed views of the sections for one search.
struct View<'a> {
    path: &'a Path,
    count: usize,
    dim: usize,
    m: usize,
    m0: usize,
    blocks: u64,
    vectors: &'a [f32],
    level0: &'a [u32],
    levels: &'a [u32],
    first: &'a [u64],
    upper: &'a [u32],
    ids: &'a [u64],
    codes: Codes<'a>,
    /// False for a codes-only index: `vectors` is empty and distances come from `codes`.
    vectors_stored: bool,
    metric: Metric,
}

/// Checks a query against an index's dimension and metric.
pub(crate) fn check_query(query: &[f32], dim: usize, metric: Metric) -> Result<()> {
    if query.len() != dim {
        return Err(Error::InvalidInput(format!(
            "query has dimension {} but the index has dimension {dim}",
            query.len()
        )));
    }
    if let Some(c) = query.iter().position(|x| !x.is_finite()) {
        return Err(Error::InvalidInput(format!(
            "query column {c} is NaN or infinite"
        )));
    }
    if metric == Metric::Cosine && inverse_norm(query) == 0.0 {
        return Err(Error::InvalidInput(
            "query is a zero vector, which has no cosine distance".into(),
        ));
    }
    Ok(())
}

impl Index {
    pub fn open(path: &Path) -> Result<Index> {
        super::simd_level::check_simd_env()?;
        if cfg!(target_endian = "big") {
            return Err(Error::Unsupported(
                "index files are read on little-endian CPUs only".into(),
            ));
        }
        let file = File::open(path).map_err(|e| Error::io("cannot open index", path, e))?;
        // SAFETY: the mapping is read-only; like every mmap reader we rely on the file
        // not being truncated underneath us (our writers replace files by rename).
        let map =
            unsafe { Mmap::map(&file) }.map_err(|e| Error::io("cannot map index", path, e))?;
        let layout = parse(path, &map)?;
        Ok(Index {
            path: path.to_path_buf(),
            map,
            layout,
        })
    }

    pub fn header(&self) -> &IndexHeader {
        &self.layout.header
    }

    pub fn file_size(&self) -> u64 {
        self.map.len() as u64
    }

    pub fn sections(&self) -> Vec<SectionInfo> {
        self.layout.sections.to_vec()
    }

    /// Sections with their CRC checked (reads the whole file).
    pub fn verify(&self) -> Vec<SectionInfo> {
        let mut out = self.sections();
        for s in &mut out {
            let bytes = &self.map[s.offset as usize..(s.offset + s.length) as usize];
            s.checksum_ok = Some(crc32fast::hash(bytes) == s.checksum);
        }
        out
    }

    /// Number of nodes whose top level is 0, 1, ...
    pub fn level_histogram(&self) -> Vec<u64> {
        let mut h = vec![0u64; self.header().max_level + 1];
        for &l in self.view().levels {
            let l = (l as usize).min(super::level::MAX_LEVEL);
            if l >= h.len() {
                h.resize(l + 1, 0);
            }
            h[l] += 1;
        }
        h
    }

    /// Stored vector of internal node `i` (unit length under cosine); None when the
    /// index keeps codes only.
    pub fn vector(&self, i: usize) -> Option<&[f32]> {
        let v = self.view();
        v.vectors_stored
            .then(|| &v.vectors[i * v.dim..(i + 1) * v.dim])
    }

    /// External id of internal node `i`.
    pub fn external_id(&self, i: usize) -> u64 {
        self.view().ids[i]
    }

    /// k nearest neighbours of `query`, closest first; `ef` below `k` is raised to `k`.
    /// The walk reads the compact codes (codes.rs); the closest max(4k, ef/4) of its `ef`
    /// candidates are then re-ranked with exact f32 distances, which are the ones
    /// returned (a codes-only index keeps the codes' distances).
    pub fn search(&self, query: &[f32], k: usize, ef: usize) -> Result<Vec<Neighbor>> {
        let h = self.header();
        check_query(query, h.dimension, h.metric)?;
        if h.count == 0 || k == 0 {
            return Ok(Vec::new());
        }
        let v = self.view();
        with_scratch(|s| {
            let mut qc = std::mem::take(&mut s.query);
            v.codes.prepare(query, &mut qc);
            let dist = |e: u32| v.codes.query_distance(&qc, e);
            let ep = h.entry_point;
            let ep = Cand {
                dist: dist(ep),
                id: ep,
            };
            let walked = greedy_descent(&v, &dist, ep, h.max_level, 0, s)
                .and_then(|ep| search_layer(&v, &dist, ep, ef.max(k), 0, s));
            let mut best = std::mem::take(&mut s.sorted);
            if walked.is_ok() {
                keep_rerank_pool(s, k, ef);
                // The re-rank reads scattered rows: ask for all of them first.
                for c in s.top.iter() {
                    v.prefetch_exact(c.id);
                }
                let exact = v.exact(query, &dist);
                rerank(s, &exact, k, &mut best);
            }
            s.query = qc;
            walked?;
            let out = v.neighbors_of(&best);
            s.sorted = best;
            Ok(out)
        })
    }

    /// The internal nodes whose external id is in `external` (ids of no node are ignored).
    pub fn allow_set(&self, external: &[i64]) -> AllowSet {
        let ids = self.view().ids;
        let mut set = AllowSet::new(ids.len());
        let wanted: Vec<u64> = external
            .iter()
            .filter_map(|&x| u64::try_from(x).ok())
            .collect();
        let Some(&max) = wanted.iter().max() else {
            return set;
        };
        // Rowids are mostly dense: mark them in a bitmap over 0..=max, then test each
        // node's id in one pass. Sparse ids (a bitmap far larger than the lists) are
        // sorted and searched instead.
        if max / 64 <= (ids.len() + wanted.len()) as u64 {
            let mut bits = vec![0u64; max as usize / 64 + 1];
            for &x in &wanted {
                bits[x as usize / 64] |= 1 << (x % 64);
            }
            for (node, &id) in ids.iter().enumerate() {
                if id <= max && bits[id as usize / 64] & (1 << (id % 64)) != 0 {
                    set.insert(node as u32);
                }
            }
        } else {
            let mut sorted = wanted;
            sorted.sort_unstable();
            for (node, id) in ids.iter().enumerate() {
                if sorted.binary_search(id).is_ok() {
                    set.insert(node as u32);
                }
            }
        }
        set
    }

    /// The k nearest neighbours among the `allow`ed nodes, closest first: exactly
    /// min(k, allowed) of them. `how` picks the way (see filter.rs); `Auto` scans the
    /// allowed rows when few are allowed, and falls back to the scan when a walk finds
    /// fewer than k (the allowed rows can be cut off from the walk) or runs past its
    /// budget (a filter that empties the query's region makes a walk long).
    pub fn search_filtered(
        &self,
        query: &[f32],
        k: usize,
        ef: usize,
        allow: &AllowSet,
        how: FilterStrategy,
    ) -> Result<(Vec<Neighbor>, FilteredBy)> {
        let h = self.header();
        check_query(query, h.dimension, h.metric)?;
        let want = k.min(allow.count());
        let scan_first = match how {
            FilterStrategy::Exact => true,
            FilterStrategy::Graph => false,
            FilterStrategy::Auto { scan_max_rows } => allow.count() <= scan_max_rows,
        };
        if want == 0 {
            return Ok((Vec::new(), FilteredBy::Exact));
        }
        let v = self.view();
        with_scratch(|s| {
            let mut best = std::mem::take(&mut s.sorted);
            let mut qc = std::mem::take(&mut s.query);
            v.codes.prepare(query, &mut qc);
            let answered = {
                let dist = |e: u32| v.codes.query_distance(&qc, e);
                let exact = v.exact(query, &dist);
                let mut by = FilteredBy::Exact;
                let mut walk = || -> Result<()> {
                    if scan_first {
                        return Ok(());
                    }
                    let ep = Cand {
                        dist: dist(h.entry_point),
                        id: h.entry_point,
                    };
                    let auto = matches!(how, FilterStrategy::Auto { .. });
                    // A walk may score this many nodes before a scan is the cheaper answer.
                    let budget = if auto {
                        allow.count() / WALK_SCORES_PER_SCANNED_ROW
                    } else {
                        usize::MAX
                    };
                    let ep = greedy_descent(&v, &dist, ep, h.max_level, 0, s)?;
                    let finished =
                        search_layer_filtered(&v, &dist, ep, ef.max(k), v.m0, allow, budget, s)?;
                    keep_rerank_pool(s, k, ef);
                    rerank(s, &exact, k, &mut best);
                    by = FilteredBy::Graph;
                    if !finished || (best.len() < want && auto) {
                        by = FilteredBy::ExactAfterGraph;
                    }
                    Ok(())
                };
                walk().map(|()| {
                    if by != FilteredBy::Graph {
                        let ahead = |e: u32| v.prefetch_exact(e);
                        exact_scan(allow, &exact, &ahead, k, &mut best);
                    }
                    by
                })
            };
            s.query = qc;
            let out = v.neighbors_of(&best);
            s.sorted = best;
            answered.map(|by| (out, by))
        })
    }

    fn view(&self) -> View<'_> {
        let h = &self.layout.header;
        let s = &self.layout.sections;
        let (first_at, upper_at, _) =
            levels_layout(h.count as u64, h.m as u64, h.upper_blocks).expect("checked in open");
        let lv = s[2].offset as usize;
        let c =
            codes_layout(h.version, h.count as u64, h.dimension as u64).expect("checked in open");
        let cs = s[4].offset as usize;
        let (stride, codes_at) = (c.stride as usize, c.codes_at as usize);
        let mean = self.cast(cs, stride);
        let aux = c.aux_at.map(|at| self.cast(cs + at as usize, h.count));
        let codes = match c.scale_at {
            Some(scale_at) => {
                let scale = self.cast::<f32>(cs + scale_at as usize, 1)[0];
                let rows = self.cast(cs + codes_at, h.count * stride);
                let dim = h.dimension;
                Codes::I8(I8Codes::new(h.metric, dim, stride, mean, scale, aux, rows))
            }
            None => {
                let rows = self.cast(cs + codes_at, h.count * stride);
                let aux = aux.expect("format 2 has an aux array");
                Codes::Bf16(Bf16Codes::new(h.metric, stride, mean, aux, rows))
            }
        };
        View {
            path: &self.path,
            count: h.count,
            dim: h.dimension,
            m: h.m,
            m0: h.m0,
            blocks: h.upper_blocks,
            vectors: if h.vectors_stored {
                self.cast(s[0].offset as usize, h.count * h.dimension)
            } else {
                &[]
            },
            level0: self.cast(s[1].offset as usize, h.count * (1 + h.m0)),
            levels: self.cast(lv, h.count),
            first: self.cast(lv + first_at as usize, h.count),
            upper: self.cast(lv + upper_at as usize, h.upper_blocks as usize * (1 + h.m)),
            ids: self.cast(s[3].offset as usize, h.count),
            codes,
            vectors_stored: h.vectors_stored,
            metric: h.metric,
        }
    }

    /// `len` values of T at byte `at` of the mapping.
    fn cast<T: Plain>(&self, at: usize, len: usize) -> &[T] {
        let bytes = &self.map[at..at + len * std::mem::size_of::<T>()];
        assert_eq!(bytes.as_ptr() as usize % std::mem::align_of::<T>(), 0);
        // SAFETY: in bounds (sliced above; `open` checked each section against the file
        // size), aligned (asserted; sections are 64-aligned in a page-aligned mapping),
        // T is a plain number type for which every bit pattern is valid, the target is
        // little-endian (checked in `open`), and the slice borrows the mapping.
        unsafe { std::slice::from_raw_parts(bytes.as_ptr() as *const T, len) }
    }
}

/// Number types that may be read straight from file bytes.
trait Plain: Copy {}
impl Plain for f32 {}
impl Plain for i8 {}
impl Plain for u16 {}
impl Plain for u32 {}
impl Plain for u64 {}

impl View<'_> {
    /// Candidates as the external ids and distances a search returns.
    fn neighbors_of(&self, best: &[Cand]) -> Vec<Neighbor> {
        best.iter()
            .map(|c| Neighbor {
                id: self.ids[c.id as usize],
                distance: c.dist,
            })
            .collect()
    }

    /// The distance a search returns for node `e`: exact from the f32 vectors, or the
    /// codes' `approx` when the index keeps codes only.
    fn exact<'q>(
        &'q self,
        q: &'q [f32],
        approx: &'q (impl Fn(u32) -> f32 + 'q),
    ) -> impl Fn(u32) -> f32 + 'q {
        let (k, metric, stored) = (kernels(), self.metric, self.vectors_stored);
        // Stored vectors are unit length for cosine: 1 − ⟨q, x⟩/‖q‖.
        let q_inv = inverse_norm(q);
        move |e: u32| {
            if !stored {
                return approx(e);
            }
            let x = &self.vectors[e as usize * self.dim..(e as usize + 1) * self.dim];
            match metric {
                Metric::L2 => (k.l2)(q, x),
                Metric::Ip => 1.0 - (k.dot)(q, x),
                Metric::Cosine => 1.0 - (k.dot)(q, x) * q_inv,
            }
        }
    }

    /// Asks for the row `exact` reads next for node `e` (an exact scan runs ahead).
    #[inline]
    fn prefetch_exact(&self, e: u32) {
        if self.vectors_stored {
            prefetch_all(&self.vectors[e as usize * self.dim..(e as usize + 1) * self.dim]);
        } else {
            prefetch_all(self.codes.row_bytes(e));
        }
    }

    fn corrupt(&self, what: String) -> Error {
        Error::Corrupt(format!(
            "{}: corrupt index: {what} (run `sochdb-bulk info --index` to verify checksums, then rebuild)",
            self.path.display()
        ))
    }
}

impl Links for View<'_> {
    fn node_count(&self) -> usize {
        self.count
    }

    fn neighbors(&self, node: u32, level: usize, out: &mut Vec<u32>) -> Result<()> {
        let n = node as usize;
        let list = if level == 0 {
            &self.level0[n * (1 + self.m0)..(n + 1) * (1 + self.m0)]
        } else {
            let top = self.levels[n] as usize;
            let block = self.first[n].checked_add(level as u64 - 1);
            match block {
                Some(b) if level <= top && b < self.blocks => {
                    let b = b as usize;
                    &self.upper[b * (1 + self.m)..(b + 1) * (1 + self.m)]
                }
                _ => {
                    return Err(self.corrupt(format!(
                        "node {node} has no layer-{level} list (its level is {top})"
                    )))
                }
            }
        };
        let len = list[0] as usize;
        if len >= list.len() {
            return Err(self.corrupt(format!(
                "node {node} claims {len} neighbours on layer {level}"
            )));
        }
        let ids = &list[1..=len];
        // One branch per list, not per id: the maximum is a vectorised reduction.
        if ids.iter().copied().max().unwrap_or(0) as usize >= self.count {
            let id = ids.iter().find(|&&id| id as usize >= self.count).copied();
            return Err(self.corrupt(format!(
                "node {node} lists neighbour {} on layer {level} but the index has {} nodes",
                id.unwrap_or(u32::MAX),
                self.count
            )));
        }
        out.clear();
        out.extend_from_slice(ids);
        Ok(())
    }

    #[inline]
    fn prefetch(&self, node: u32) {
        // `neighbors` checked the id against the node count. An aux number in another
        // array (formats 2, 3, rows without padding room) is a second miss per node
        // without its own prefetch.
        prefetch(self.codes.row_bytes(node));
        if let Some(aux) = self.codes.aux_bytes(node) {
            prefetch(aux);
        }
    }

    #[inline]
    fn prefetch_row(&self, node: u32) {
        prefetch_all(self.codes.row_bytes(node));
    }

    #[inline]
    fn prefetch_links(&self, node: u32) {
        let at = node as usize * (1 + self.m0);
        prefetch(&self.level0[at..at + 1 + self.m0]);
    }
}
