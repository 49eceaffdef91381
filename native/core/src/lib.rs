//! sochdb-core: everything sochdb-bulk does, with no Node in sight.
//!
//! - [`vectors`]: memory-mapped readers and streaming writers for `.npy`, raw f32 and
//!   `.fvecs`; a row-group-streaming reader for a Parquet list column.
//! - [`import`]: `sql --import`: Parquet, CSV and JSONL rows into a SQL table.
//! - [`hnsw`]: the HNSW index: kernels, concurrent build, search, brute-force oracle, file format.
//! - [`fsutil`]: write-to-temp, fsync, rename: how every output file lands.
//!
//! The core spawns no threads (DESIGN.md invariant 4): every type that is built or
//! searched concurrently is `Sync`, and the caller (the piscina pool, through the napi
//! glue) owns the threads.

pub mod error;
pub mod fsutil;
pub mod hnsw;
pub mod import;
pub mod session;
pub mod sql;
pub mod store;
pub mod vectors;

pub use error::{Error, Result};
