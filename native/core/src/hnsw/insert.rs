//! INSERT (paper Algorithm 1, hnswlib's `addPoint`) on the shared graph. No global lock:
//! each list is guarded by its node's mutex, and `entry_lock` is held only by an insert
//! whose level exceeds the current top level (rare: about log_M(N) times per build), for
//! the whole of that insert, as hnswlib does, so the new top node is published complete.

use super::builder::{pack, Builder, Space};
use super::graph::Graph;
use super::search::{drain_sorted, greedy_descent, search_layer, Links};
use super::select::select_heuristic;
use super::simd::prefetch;
use super::visited::{with_scratch, Cand, Scratch};
use super::{distance::inverse_norm, Metric, Neighbor};
use crate::error::{Error, Result};
use std::sync::atomic::Ordering::*;

/// The live graph with the vectors beside it, so the layer search can prefetch them.
struct Live<'a> {
    graph: &'a Graph,
    space: &'a Space<'a>,
}

impl Links for Live<'_> {
    fn node_count(&self) -> usize {
        self.graph.len()
    }

    #[inline]
    fn neighbors(&self, node: u32, level: usize, out: &mut Vec<u32>) -> Result<()> {
        self.graph.read(node, level, out);
        Ok(())
    }

    #[inline]
    fn prefetch(&self, node: u32) {
        prefetch(self.space.vector(node));
    }
}

impl Builder {
    /// Inserts internal nodes `start..end` (input rows `order[start..end]`). Safe to call
    /// from many threads at once on disjoint ranges; every row of the range is checked
    /// before any is inserted, so a bad row leaves the graph untouched by this call.
    pub fn insert_range(&self, start: usize, end: usize) -> Result<()> {
        if start > end || end > self.len() {
            return Err(Error::InvalidInput(format!(
                "insert range {start}..{end} is outside 0..{}",
                self.len()
            )));
        }
        for node in start..end {
            self.check_row(node)?;
        }
        let space = self.space();
        with_scratch(|scratch| {
            for node in start..end {
                if self.done[node].swap(true, AcqRel) {
                    return Err(Error::Internal(format!("node {node} inserted twice")));
                }
                self.insert_one(&space, node as u32, scratch);
                self.inserted.fetch_add(1, Release);
            }
            Ok(())
        })
    }

    fn check_row(&self, node: usize) -> Result<()> {
        let row = self.order[node] as usize;
        let v = self.vectors.row(row);
        if let Some(c) = v.iter().position(|x| !x.is_finite()) {
            let what = if v[c].is_nan() { "NaN" } else { "infinite" };
            return Err(Error::InvalidInput(format!(
                "row {row}, column {c} is {what}: vectors must be finite"
            )));
        }
        if self.params.metric == Metric::Cosine && self.inv_norm[node] == 0.0 {
            return Err(Error::InvalidInput(format!(
                "row {row} is a zero vector, which has no cosine distance: remove it or use --metric l2"
            )));
        }
        Ok(())
    }

    fn insert_one(&self, space: &Space, q: u32, scratch: &mut Scratch) {
        let g = &self.graph;
        let live = Live { graph: g, space };
        let level = g.levels[q as usize] as usize;
        let qv = space.vector(q);
        let q_inv = self.inv_norm.get(q as usize).copied().unwrap_or(1.0);
        let dist = |e: u32| space.to_node(qv, q_inv, e);

        let mut entry = self.entry();
        let mut top_guard = None;
        if entry.is_none_or(|(_, max)| level > max) {
            top_guard = Some(self.entry_lock.lock());
            entry = self.entry();
            match entry {
                None => {
                    self.entry.store(pack(q, level), Release);
                    return;
                }
                Some((_, max)) if level <= max => top_guard = None,
                _ => {}
            }
        }
        let (ep_node, max_level) = entry.expect("entry point set above");
        let mut ep = Cand {
            dist: dist(ep_node),
            id: ep_node,
        };
        let m = self.params.m;
        let ef = self.params.ef_construction;
        // Live-graph reads cannot fail (only the file reader returns Corrupt).
        ep = greedy_descent(&live, &dist, ep, max_level, level, scratch).unwrap_or(ep);
        let mut sorted = std::mem::take(&mut scratch.sorted);
        let mut selected = std::mem::take(&mut scratch.selected);
        for lc in (0..=level.min(max_level)).rev() {
            let _ = search_layer(&live, &dist, ep, ef, lc, scratch);
            drain_sorted(scratch, &mut sorted);
            // A concurrent insert may already have linked q on this level.
            sorted.retain(|c| c.id != q);
            // hnswlib selects M for the new node on every layer; M0 only caps layer 0.
            select_heuristic(&sorted, m, &|a, b| space.pair(a, b), &mut selected);
            self.connect(space, q, lc, &selected, scratch);
            if let Some(&c) = sorted.first() {
                ep = c;
            }
        }
        scratch.sorted = sorted;
        scratch.selected = selected;
        if top_guard.is_some() {
            self.entry.store(pack(q, level), Release);
        }
    }

    /// Links q to `selected` on `level` and each of them back to q, shrinking a full
    /// list with the same heuristic.
    fn connect(&self, space: &Space, q: u32, level: usize, selected: &[Cand], s: &mut Scratch) {
        let g = &self.graph;
        let cap = g.capacity(level);
        {
            let _lock = g.lock(q);
            g.read(q, level, &mut s.links);
            if s.links.is_empty() {
                g.write(q, level, selected.iter().map(|c| c.id));
            } else {
                // Concurrent inserts linked to q already: keep theirs and ours.
                let extra = selected.iter().map(|c| c.id);
                shrink(g, space, q, level, cap, extra, s);
            }
        }
        for c in selected {
            let _lock = g.lock(c.id);
            g.read(c.id, level, &mut s.links);
            if s.links.contains(&q) {
                continue;
            }
            if s.links.len() < cap {
                g.push(c.id, level, q);
            } else {
                shrink(g, space, c.id, level, cap, std::iter::once(q), s);
            }
        }
    }
}

/// Rewrites `node`'s list (already read into `s.links`) plus `extra` down to `cap` ids
/// with the heuristic. The caller holds `node`'s lock.
fn shrink(
    g: &Graph,
    space: &Space,
    node: u32,
    level: usize,
    cap: usize,
    extra: impl Iterator<Item = u32>,
    s: &mut Scratch,
) {
    s.pool.clear();
    for id in s.links.iter().copied().chain(extra) {
        if id != node && !s.pool.iter().any(|c| c.id == id) {
            s.pool.push(Cand {
                dist: space.pair(node, id),
                id,
            });
        }
    }
    s.pool.sort_unstable();
    select_heuristic(&s.pool, cap, &|a, b| space.pair(a, b), &mut s.shrunk);
    g.write(node, level, s.shrunk.iter().map(|c| c.id));
}

impl Builder {
    /// k-NN on the graph being built (tests compare it with the written file). Same
    /// contract as `Index::search`.
    pub fn search(&self, query: &[f32], k: usize, ef: usize) -> Result<Vec<Neighbor>> {
        super::index::check_query(query, self.dimension(), self.params.metric)?;
        let Some((ep_node, max_level)) = self.entry() else {
            return Ok(Vec::new());
        };
        let space = self.space();
        let q_inv = inverse_norm(query);
        let dist = |e: u32| space.to_node(query, q_inv, e);
        with_scratch(|s| {
            let ep = Cand {
                dist: dist(ep_node),
                id: ep_node,
            };
            let live = Live {
                graph: &self.graph,
                space: &space,
            };
            let ep = greedy_descent(&live, &dist, ep, max_level, 0, s)?;
            search_layer(&live, &dist, ep, ef.max(k), 0, s)?;
            let mut out = Vec::new();
            drain_sorted(s, &mut out);
            Ok(out
                .iter()
                .take(k)
                .map(|c| Neighbor {
                    id: self.external_id(c.id as usize),
                    distance: c.dist,
                })
                .collect())
        })
    }
}
