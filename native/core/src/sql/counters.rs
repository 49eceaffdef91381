//! What `last_insert_rowid()`, `changes()` and `total_changes()` read: a connection's
//! counters, as SQLite keeps them. The session puts its counters here (a thread-local:
//! functions evaluate deep inside expressions) while a statement runs and takes them
//! back after it ([`Counters::install`], [`Counters::take`]).
//!
//! As in SQLite: every row an INSERT writes (a rowid table's, not a view's, not one
//! OR IGNORE skipped, not an upsert's DO UPDATE) sets the last rowid; an INSERT,
//! UPDATE or DELETE that completes sets `changes` to the rows it changed directly
//! (not those of its triggers, REPLACE deletions or foreign key actions; 0 for a
//! write to a view) and adds them to the total. A trigger program's own statements
//! do the same while it runs; when it ends, `changes` and the last rowid go back to
//! what they were before it fired ([`in_trigger`]), the total keeps its rows.

use std::cell::Cell;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub last_rowid: i64,
    pub changes: i64,
    pub total: i64,
}

thread_local! {
    static NOW: Cell<Counters> = const { Cell::new(Counters { last_rowid: 0, changes: 0, total: 0 }) };
    /// The statement about to complete wrote to a view (its rows do not count).
    static VIEW: Cell<bool> = const { Cell::new(false) };
}

impl Counters {
    /// Makes these the counters statements on this thread read and change.
    pub fn install(self) {
        NOW.with(|c| c.set(self));
    }

    /// The counters as the statements left them.
    pub fn take() -> Counters {
        NOW.with(Cell::get)
    }
}

/// An INSERT wrote a row with this rowid.
pub fn inserted(rowid: i64) {
    NOW.with(|c| {
        let mut v = c.get();
        v.last_rowid = rowid;
        c.set(v);
    });
}

/// The INSERT, UPDATE or DELETE about to complete wrote to a view.
pub fn wrote_view() {
    VIEW.with(|v| v.set(true));
}

/// An INSERT, UPDATE or DELETE completed, changing `rows` rows directly.
pub fn completed(rows: u64) {
    let rows = if VIEW.with(|v| v.replace(false)) {
        0
    } else {
        rows
    };
    NOW.with(|c| {
        let mut v = c.get();
        v.changes = rows as i64;
        v.total = v.total.wrapping_add(rows as i64);
        c.set(v);
    });
}

/// Runs a trigger program: afterwards `changes` and the last rowid are as before.
pub fn in_trigger<T>(run: impl FnOnce() -> T) -> T {
    let before = Counters::take();
    let out = run();
    NOW.with(|c| {
        let v = c.get();
        c.set(Counters {
            total: v.total,
            ..before
        });
    });
    out
}
