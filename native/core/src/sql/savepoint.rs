//! SAVEPOINT, RELEASE and ROLLBACK TO, as SQLite runs them. A savepoint is a name, a
//! mark in the pending writes ([`Pending::mark`]) and the catalog as it was (which
//! holds the rowid counters and every schema change), kept on a stack. SAVEPOINT
//! outside a transaction starts one; RELEASE of the outermost savepoint of such a
//! transaction commits it; ROLLBACK TO undoes the writes after the savepoint and
//! keeps it (and the transaction) open. Names match case-insensitively, the newest
//! first; an unknown one is "no such savepoint: X".

use super::catalog::Catalog;
use super::txn::Pending;
use crate::error::{Error, Result};

struct Savepoint {
    name: String,
    mark: usize,
    catalog: Catalog,
}

#[derive(Default)]
pub struct Savepoints {
    stack: Vec<Savepoint>,
    /// The transaction was started by a SAVEPOINT, not by BEGIN: releasing its
    /// outermost savepoint commits it.
    began_txn: bool,
}

/// What a transaction-control statement changes besides the stack.
pub struct Txn<'a> {
    pub pending: &'a mut Pending,
    pub catalog: &'a mut Catalog,
    pub in_txn: &'a mut bool,
}

impl Savepoints {
    /// `SAVEPOINT name`.
    pub fn open(&mut self, name: &str, t: Txn<'_>) -> String {
        if !*t.in_txn {
            *t.in_txn = true;
            self.began_txn = true;
        }
        self.stack.push(Savepoint {
            name: name.to_string(),
            mark: t.pending.mark(),
            catalog: t.catalog.clone(),
        });
        format!("Savepoint {name} set")
    }

    fn find(&self, name: &str) -> Result<usize> {
        self.stack
            .iter()
            .rposition(|s| s.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::InvalidInput(format!("no such savepoint: {name}")))
    }

    /// `RELEASE [SAVEPOINT] name`: forgets it and every newer one; the outermost of a
    /// transaction SAVEPOINT began ends the transaction (the caller then commits).
    pub fn release(&mut self, name: &str, t: Txn<'_>) -> Result<String> {
        let i = self.find(name)?;
        self.stack.truncate(i);
        if i > 0 {
            return Ok(format!("Savepoint {name} released"));
        }
        t.pending.forget_marks();
        if std::mem::take(&mut self.began_txn) {
            *t.in_txn = false;
            return Ok(format!("Savepoint {name} released; transaction committed"));
        }
        Ok(format!("Savepoint {name} released"))
    }

    /// `ROLLBACK [TRANSACTION] TO [SAVEPOINT] name`: undoes everything after it; it
    /// stays open, newer ones are gone.
    pub fn rollback_to(&mut self, name: &str, t: Txn<'_>) -> Result<String> {
        let i = self.find(name)?;
        self.stack.truncate(i + 1);
        let sp = &self.stack[i];
        t.pending.rollback_to(sp.mark);
        *t.catalog = sp.catalog.clone();
        Ok(format!("Rolled back to savepoint {name}"))
    }

    /// The transaction ended (COMMIT, ROLLBACK, a failed statement).
    pub fn clear(&mut self) {
        self.stack.clear();
        self.began_txn = false;
    }
}
