//! All of sochdb-core's integration tests, built as one test binary. As 24 binaries, each
//! linked in release mode with thin LTO against parquet and SQLite, CI's `cargo test` step
//! took 630 s (most of it linking); as one, 200 s. Each module is one area:
//! `cargo test --release -p sochdb-core --test integration sql_golden::` runs one of them.

mod hnsw_bench;
mod hnsw_data;
mod hnsw_file;
mod hnsw_filter;
mod hnsw_recall;
mod import_sql;
mod session_query;
mod sql_differential;
mod sql_golden;
mod sql_limits;
mod sql_persistence;
mod sql_positions;
mod sql_schema;
mod sql_vector_search;
mod sql_windows_scale;
mod store_bench;
mod store_files;
mod store_ingest;
mod store_lock;
mod store_model;
mod store_recovery;
mod store_scan;
mod vectors_convert;
mod vectors_errors;
mod vectors_numpy;
mod vectors_parquet;
