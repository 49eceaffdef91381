//! The compact copy of the vectors the graph walk reads, whichever kind a file holds:
//! int8 (formats 4, what every build writes, and 3: codes_i8.rs) or bf16 (format 2, still
//! read: codes_bf16.rs). The build calls `pair_from`, the walk `query_distance`, through
//! this one `Copy` type; the match on the kind is the same branch at every call, so it
//! costs nothing next to the row it reads.

use super::codes_bf16::{Bf16Codes, Bf16Query};
use super::codes_i8::{I8Codes, I8Node, I8Query};

pub use super::codes_i8::I8Book as CodeBook;

/// Input rows between two `release` calls while encoding.
pub const RELEASE_EVERY: usize = 1 << 16;

#[derive(Clone, Copy)]
pub enum Codes<'a> {
    I8(I8Codes<'a>),
    Bf16(Bf16Codes<'a>),
}

/// A query prepared for `Codes::query_distance` (either kind; buffers are reused).
#[derive(Default)]
pub struct QueryCode {
    i8: I8Query,
    bf16: Bf16Query,
}

/// A node prepared for `Codes::pair_from` (buffers are reused).
#[derive(Default)]
pub struct NodeCode {
    i8: I8Node,
    id: u32,
}

impl<'a> Codes<'a> {
    /// The bytes of `node`'s row (to prefetch).
    #[inline]
    pub fn row_bytes(&self, node: u32) -> &'a [u8] {
        match self {
            Codes::I8(c) => bytes_of(c.row(node)),
            Codes::Bf16(c) => bytes_of(c.row(node)),
        }
    }

    /// The bytes of `node`'s aux number when they lie outside its row (to prefetch):
    /// None when the row holds them (format 4).
    #[inline]
    pub fn aux_bytes(&self, node: u32) -> Option<&'a [u8]> {
        match self {
            Codes::I8(c) => c.aux_slot(node).map(bytes_of),
            Codes::Bf16(c) => Some(bytes_of(c.aux(node))),
        }
    }

    /// Prepares node `a` as the first argument of many `pair_from` calls.
    pub fn prepare_node(&self, a: u32, out: &mut NodeCode) {
        out.id = a;
        if let Codes::I8(c) = self {
            c.prepare_node(a, &mut out.i8);
        }
    }

    /// Approximate distance between node `a`, prepared by `prepare_node`, and node `b`.
    #[inline]
    pub fn pair_from(&self, a: &NodeCode, b: u32) -> f32 {
        match self {
            Codes::I8(c) => c.pair_from(&a.i8, b),
            Codes::Bf16(c) => c.pair(a.id, b),
        }
    }

    /// Prepares query `q` (any length; made unit length under cosine) into `out`.
    pub fn prepare(&self, q: &[f32], out: &mut QueryCode) {
        match self {
            Codes::I8(c) => c.prepare(q, &mut out.i8),
            Codes::Bf16(c) => c.prepare(q, &mut out.bf16),
        }
    }

    /// Approximate distance from a prepared query to a node.
    #[inline]
    pub fn query_distance(&self, q: &QueryCode, node: u32) -> f32 {
        match self {
            Codes::I8(c) => c.query_distance(&q.i8, node),
            Codes::Bf16(c) => c.query_distance(&q.bf16, node),
        }
    }
}

#[inline]
fn bytes_of<T: Copy>(v: &[T]) -> &[u8] {
    // SAFETY: i8 and u16 rows have no padding and every byte is initialised; u8 has
    // alignment 1; the slice borrows the same memory for the same lifetime.
    unsafe { std::slice::from_raw_parts(v.as_ptr() as *const u8, std::mem::size_of_val(v)) }
}
