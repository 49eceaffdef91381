//! napi-rs glue between Node and sochdb-core: conversions only, no logic.
//!
//! Long operations are split into calls on a *session* named by a numeric handle
//! (`build_open` → many `build_insert` → `build_write` → `build_close`). Sessions live in a
//! process-wide registry, so every piscina worker thread — each with its own instance
//! of this module, but one copy of its statics — reaches the same Rust objects. That is
//! how N workers insert into one shared graph (DESIGN.md invariant 4).

// Under cfg(test) napi-derive registers no exports, so every export looks unused; the
// glue is tested from JS (vitest) instead.
#![cfg_attr(test, allow(dead_code))]

mod errors;
mod index;
mod row_filter;
mod sessions;
mod sql;
mod sql_import;
mod store;
mod vectors;

use napi_derive::napi;

/// Version of the native addon; the engine checks it matches the package.
#[napi]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
