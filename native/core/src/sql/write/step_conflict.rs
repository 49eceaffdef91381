//! A write's conflict clause stands for those of the trigger steps it fires (SQLite's
//! `orconf`, `codeTriggerProgram`): under `INSERT OR IGNORE`, a trigger's plain
//! `INSERT` ignores its conflicts too, and under `INSERT OR FAIL` it fails keeping the
//! statement's earlier rows. A step's own clause counts only when the statement
//! firing it has none. The clause passes down through nested triggers; a DELETE
//! passes none (SQLite codes its triggers with OE_Default) and a foreign key action
//! passes ABORT.

use crate::sql::write::OnConflict;
use std::cell::Cell;

thread_local! {
    /// The clause the steps of the triggers now running take in place of their own.
    static STANDING: Cell<Option<OnConflict>> = const { Cell::new(None) };
}

/// The clause a write takes: `own` (written on it), unless it is a trigger step and
/// the statement firing the trigger has one, which stands for it.
pub fn effective(own: Option<OnConflict>) -> Option<OnConflict> {
    if crate::sql::fire::in_trigger() {
        STANDING.with(Cell::get).or(own)
    } else {
        own
    }
}

/// While alive, the steps of triggers fired (at any depth, until another write sets
/// its own) take `clause`; the previous one comes back on drop.
pub struct Standing(Option<OnConflict>);

impl Standing {
    pub fn set(clause: Option<OnConflict>) -> Standing {
        Standing(STANDING.with(|s| s.replace(clause)))
    }
}

impl Drop for Standing {
    fn drop(&mut self) {
        STANDING.with(|s| s.set(self.0));
    }
}
