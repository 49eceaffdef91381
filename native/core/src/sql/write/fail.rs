//! SQLite's FAIL: `INSERT OR FAIL`, `UPDATE OR FAIL` and `RAISE(FAIL, msg)` in a
//! trigger. The statement stops at the failing row with its error, but what it
//! changed before that row stays (ABORT, the default, undoes the whole statement).
//!
//! The error is marked where it is made ([`failing`]); [`crate::sql::Session`] reads
//! the mark when the statement ends ([`take`]) and, instead of dropping the
//! statement's pending writes, commits them (outside a transaction) or keeps them in
//! the open transaction. A write saves its table's rowid counter even when it fails
//! ([`crate::sql::dml::Ctx::finish_table`]), so the rows kept are counted. A mark
//! the statement's foreign-key check overrides is cleared: SQLite checks the rows
//! kept and turns a violation into an ABORT.
//!
//! One difference remains: SQLite's FAIL leaves an AUTOINCREMENT table's
//! sqlite_sequence as it was before the statement, so once the rows it kept are
//! deleted their rowids are handed out again; here, as everywhere, they never are
//! (the table's counter is what proves a rowid fresh, [`crate::sql::write::is_fresh_rowid`]).

use crate::error::Error;
use std::cell::Cell;

thread_local! {
    /// Set when a FAIL error is made; the statement that runs reads it once.
    static FAILED: Cell<bool> = const { Cell::new(false) };
}

/// `e`, marked as the error of a FAIL: its statement keeps its earlier changes.
pub fn failing(e: Error) -> Error {
    FAILED.with(|f| f.set(true));
    e
}

/// Whether the error the statement ended with was a FAIL; clears the mark.
pub fn take() -> bool {
    FAILED.with(|f| f.replace(false))
}

/// Whether a FAIL error is on its way up (the mark stays).
pub fn pending() -> bool {
    FAILED.with(Cell::get)
}
