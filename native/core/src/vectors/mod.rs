//! Vector files: memory-mapped readers for `.npy` (v1–v3), raw f32 and `.fvecs`, a
//! row-group-streaming reader for a list column of Parquet, and streaming writers for
//! `convert`.
//!
//! Reading a file goes: `VectorFile::open` stats and maps it (or reads it whole with
//! `direct_read`; stdin arrives through `from_bytes`) → `probe` picks the format (the
//! caller's, the extension's, or NumPy's magic) and checks the header against the size,
//! so a short, long or mis-sized file is an error before any row is read → rows are
//! decoded on demand by `read_rows` (any dtype, byte order, memory order) or handed
//! over whole by `into_matrix`, zero-copy when the data already is little-endian f32
//! rows. `describe` runs `probe` on the header bytes alone, for `info --input`.
//!
//! Parquet (`parquet_file.rs`) is not mapped: it opens on the footer and the first row, and
//! `read_rows` decodes row group by row group (`parquet_rows.rs`); `into_matrix` always
//! copies. `--id-column` ids come from the same file (`parquet_ids.rs`).
//!
//! Writing (`convert`, and `npy_header` for query results) always produces float32
//! little-endian C order, through `AtomicFile`, in bounded chunks.
//!
//! Errors are `InvalidInput` (or `Unsupported` for a dtype or shape we do not read)
//! and name the file, the byte offset or row, and what to do. Layouts are in
//! `npy.rs`, `probe.rs` and docs/FORMATS.md.

mod convert;
mod decode;
mod file;
mod ids;
mod matrix;
mod npy;
mod npy_write;
mod parquet_file;
mod parquet_ids;
mod parquet_rows;
mod probe;
mod pyliteral;
mod types;

pub use convert::{convert, convert_chunked, ConvertStats, CONVERT_CHUNK_BYTES};
pub use file::{describe, VectorFile};
pub use ids::read_ids;
pub use matrix::Matrix;
pub use npy_write::npy_header;
pub use parquet_file::MAGIC as PARQUET_MAGIC;
pub(crate) use parquet_file::{guarded as parquet_guarded, parquet_error};
pub use parquet_ids::read_id_column;
pub use types::{ByteOrder, Dtype, Format, MemoryOrder, OpenOptions, VectorFileInfo};
