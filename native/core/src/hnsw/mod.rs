//! The HNSW index (Malkov & Yashunin, "Efficient and robust approximate nearest
//! neighbor search using Hierarchical Navigable Small World graphs", 2016/2018).
//!
//! Parameters use the paper's names: **M** links per node on layers ≥ 1, **M0 = 2·M** on
//! layer 0, **efConstruction** candidates while inserting (used exactly as given), **ef**
//! candidates while searching (raised to k), level multiplier **mL = 1/ln(M)**. A node's
//! level is drawn from splitmix64 keyed by (seed, internal node index), so it does not
//! depend on thread timing and a one-thread build is byte-for-byte reproducible.
//! Neighbours are chosen by the paper's heuristic (Algorithm 4, as hnswlib's
//! `getNeighborsByHeuristic2`) on every layer, for new links and when shrinking a list.
//!
//! Flow of a build: `insertion_order` (ordering.rs) picks which input row becomes which
//! internal node → `Builder::new` (builder.rs) validates, draws levels and allocates all
//! link storage (graph.rs) → callers run `insert_range` (insert.rs: greedy descent and
//! SEARCH-LAYER from search.rs, selection from select.rs) → `Builder::write`
//! (file_write.rs) lands the file laid out in file.rs. A query: `Index::open` maps the
//! file and checks its header in O(1) (file_read.rs) → `Index::search` (index.rs).
//!
//! Threading (DESIGN.md invariant 4): this module spawns no threads. `Builder` is
//! `Send + Sync`; the caller's threads run `insert_range` on disjoint ranges of one shared
//! builder. There is no global insert lock: each node's lists have their own mutex
//! (writers only; readers use atomic loads, see graph.rs), and the entry-point lock is
//! taken only by an insert that raises the top level. `Index::search` takes `&self` and
//! keeps its visited set and heaps in thread-local scratch (visited.rs).
//!
//! Distances (distance.rs, simd.rs): cosine `1 − cos`, l2 squared, ip `1 − dot`, with
//! AVX-512 / AVX2+FMA / NEON kernels picked at run time (`SOCHDB_SIMD` pins a level,
//! simd_level.rs). `brute_force` is the exact oracle the recall tests measure against.
//! Every distance of a build, and of a query's graph walk, is computed on a centred int8
//! copy of the vectors (codes_i8.rs, simd_i8.rs: a quarter of the f32 bytes, exact
//! integer sums on AVX2, AVX-512 (VNNI) and NEON alike); a query then re-ranks the
//! closest max(4k, ef/4) of its `ef` candidates with exact f32 distances, so the
//! distances it returns are exact (search.rs `rerank_pool`). Format 4
//! keeps each int8 row's aux number in the row's padding where there is room (one cache
//! line per scored node); format-3 files keep it in an array and are still read. Files
//! of format 2 hold bf16 codes instead (codes_bf16.rs, simd_bf16.rs) and are still read.

mod brute_force;
mod builder;
mod codes;
mod codes_bf16;
mod codes_i8;
mod distance;
mod file;
mod file_read;
mod file_write;
mod filter;
mod graph;
mod huge;
mod index;
mod insert;
mod level;
mod ordering;
mod search;
mod select;
mod simd;
mod simd_bf16;
mod simd_i8;
mod simd_level;
mod visited;

pub use brute_force::brute_force;
pub use builder::{BuildParams, Builder, MAX_DIMENSION};
pub use distance::{distance, Metric};
pub use file::{IndexHeader, SectionInfo};
pub use file_write::Stored;
pub use filter::AllowSet;
pub use index::{FilterStrategy, FilteredBy, Index, Neighbor, EXACT_SCAN_MAX_ROWS};
pub use ordering::{insertion_order, Ordering};
pub use simd_level::{check_simd_env, SIMD_ENV};

/// The kernels in use (after `SOCHDB_SIMD`): f32 (exact distances) and int8 (the build
/// and the walk).
pub fn kernels_in_use() -> (&'static str, &'static str) {
    (simd::kernels().name, simd_i8::i8_kernel().name)
}

/// Distance kernels this CPU runs, by name, best last: f32 (exact distances) and int8
/// (the build and the walk).
pub fn available_kernels() -> (Vec<&'static str>, Vec<&'static str>) {
    (
        simd::available().iter().map(|k| k.name).collect(),
        simd_i8::available_i8().iter().map(|k| k.name).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn builder_and_index_are_send_sync() {
        assert_send_sync::<Builder>();
        assert_send_sync::<Index>();
    }
}
