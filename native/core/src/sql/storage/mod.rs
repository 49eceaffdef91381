//! The SQL layer's bytes over the store. In: rows, index entries and catalog
//! writes; out: keys and values under the reserved prefix ([`encoding`]), the pending
//! writes of a statement or transaction with its savepoints ([`txn`], [`savepoint`]).

pub(in crate::sql) mod encoding;
pub(in crate::sql) mod savepoint;
pub(in crate::sql) mod txn;
