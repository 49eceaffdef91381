//! When an INSERT … SELECT can copy rows as they are stored. `INSERT INTO t SELECT * FROM
//! s` between two tables of the same shape needs no decoding: the bytes of a row of `s`
//! are exactly what inserting its values into `t` would encode (values keep their
//! types, since applying the same affinity again changes nothing), so the row is copied
//! under its new key. The checks here make that true; what they cannot settle per
//! table, a rowid that may already be taken, the caller settles per row.

use super::catalog::Table;
use super::expr::Expr;
use super::plan::{Access, Plan};

/// The table whose stored rows can be copied byte for byte into `target` by an INSERT
/// that fills every column of `target` in order from `plan`, if there is one: `plan` is
/// every row of one table, all columns in order (no filter, no expression); the two
/// tables agree on each column's affinity and default
/// (a row stored before an ADD COLUMN reads its missing columns as defaults) and on the
/// rowid column; each NOT NULL column of `target` is NOT NULL in the source too; and
/// `target` has no index to maintain.
pub fn copyable_source<'p>(plan: &'p Plan, target: &Table) -> Option<&'p Table> {
    let Plan::Project { input, exprs } = plan else {
        return None;
    };
    let Plan::Scan {
        table: source,
        access: Access::Full,
        filter: None,
        ..
    } = &**input
    else {
        return None;
    };
    let n = target.columns.len();
    let identity = exprs.len() == n
        && exprs
            .iter()
            .enumerate()
            .all(|(i, e)| matches!(e, Expr::Column(c) if *c == i));
    let same_shape = source.columns.len() == n
        && source.rowid_col == target.rowid_col
        && target.indexes.is_empty()
        && target.checks.is_empty()
        && source
            .columns
            .iter()
            .zip(&target.columns)
            .enumerate()
            .all(|(i, (s, t))| {
                s.affinity == t.affinity
                    && s.default == t.default
                    && (!t.not_null || s.not_null || target.rowid_col == Some(i))
            });
    (identity && same_shape).then_some(source)
}
