//! Sessions: the two long jobs of the vector toolkit, packaged so that a host (the napi
//! glue, driven by the piscina pool) can split them into batches that run on its own
//! threads.
//!
//! - [`BuildSession`]: open the input (memory-mapped), read ids, choose an insertion
//!   order, then accept `insert(start, end)` batches from any thread, then `write`.
//! - [`QuerySession`]: open an index (memory-mapped, O(1)) and a set of query vectors,
//!   then answer `search(start, end, k, ef)` batches from any thread.

mod build;
mod query;

pub use build::{BuildConfig, BuildSession};
pub use query::{ClaimedBatch, QueryBatch, QuerySession, QuerySource};
