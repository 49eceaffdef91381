//! `INDEXED BY name` and `NOT INDEXED` on a table in FROM, UPDATE or DELETE (read by
//! [`crate::sql::sqlite_syntax`] as the table hints `FORCE INDEX (name)` and `IGNORE INDEX
//! ()`). As in SQLite, the named index must be one of that table's, else "no such
//! index"; a scan of the table then reads through that index or none. The hints change
//! how rows are found, never which: the table the scan reads is the table with only
//! the allowed indexes ([`scan_table`]), while writes keep every index up to date.

use crate::error::{Error, Result};
use crate::sql::catalog::Table;
use crate::sql::expr::unsupported;
use sqlparser::ast::{TableIndexHintType, TableIndexHints};

/// `table` as a scan of it may read it under `hints`: with only the index INDEXED BY
/// names, or with none under NOT INDEXED; `table` itself when there are no hints.
pub fn scan_table(table: &Table, hints: &[TableIndexHints]) -> Result<Table> {
    let mut scanned = table.clone();
    for h in hints {
        match (h.hint_type, h.index_names.as_slice()) {
            (TableIndexHintType::Ignore, []) => scanned.indexes.clear(),
            (TableIndexHintType::Force, [name]) => {
                let Some(idx) =
                    (table.indexes.iter()).find(|i| i.name.eq_ignore_ascii_case(&name.value))
                else {
                    return Err(no_such_index(&name.value));
                };
                if idx.has_terms() {
                    // SQLite uses a partial index only where the WHERE implies its own
                    // ("no query solution" otherwise); this planner does not prove that.
                    return Err(unsupported(format!(
                        "INDEXED BY the expression or partial index {}",
                        idx.name
                    )));
                }
                scanned.indexes.retain(|i| i.id == idx.id);
            }
            _ => return Err(Error::Internal(format!("unexpected table hint {h}"))),
        }
    }
    Ok(scanned)
}

/// A view, CTE or subquery has no indexes to name.
pub fn refuse_on_derived(hints: &[TableIndexHints]) -> Result<()> {
    match hints.iter().find_map(|h| h.index_names.first()) {
        Some(name) => Err(no_such_index(&name.value)),
        None => Ok(()),
    }
}

fn no_such_index(name: &str) -> Error {
    Error::NotFound(format!("no such index: {name}"))
}
