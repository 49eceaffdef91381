//! `query --db --table --where --select`: the rows of a table that pass a condition (their
//! rowids become the search's allowed ids), and chosen columns of the rows a search
//! returned, packed as `sql` packs result sets (sql.rs).

use napi::bindgen_prelude::{BigInt64Array, Buffer, Uint32Array};
use napi_derive::napi;
use sochdb_core::sql::{passing_rowids, rows_by_rowid, Session, Value};

use crate::errors::IntoNapi;
use crate::sql::pack_rows;
use crate::store::with;

/// Rowids of `table`'s rows for which `condition` holds, ascending.
#[napi]
pub fn sql_passing_rowids(
    store: u32,
    table: String,
    condition: String,
) -> napi::Result<BigInt64Array> {
    with(store, |s| {
        let mut session = Session::new(&mut s.store).napi()?;
        let ids = passing_rowids(&mut session, &table, &condition).napi()?;
        session.close().napi()?;
        Ok(BigInt64Array::new(ids))
    })
}

#[napi(object)]
pub struct SelectedRowsJs {
    pub columns: Vec<String>,
    /// One row per requested rowid, in the order given; a rowid of no row gives NULLs.
    pub rows: u32,
    pub kinds: Buffer,
    pub data: Buffer,
    pub ends: Uint32Array,
}

/// The `select` columns of `table`'s rows with these rowids (a -1 slot, where a query
/// found no neighbour, gives NULLs like a rowid of no row).
#[napi]
pub fn sql_rows_by_rowid(
    store: u32,
    table: String,
    select: String,
    rowids: BigInt64Array,
) -> napi::Result<SelectedRowsJs> {
    with(store, |s| {
        let mut session = Session::new(&mut s.store).napi()?;
        let found = rows_by_rowid(&mut session, &table, &select, &rowids).napi()?;
        session.close().napi()?;
        let width = found.columns.len();
        let rows: Vec<Vec<Value>> = rowids
            .iter()
            .map(|id| {
                found
                    .rows
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| vec![Value::Null; width])
            })
            .collect();
        let (kinds, data, ends) = pack_rows(&rows);
        Ok(SelectedRowsJs {
            columns: found.columns,
            rows: rows.len() as u32,
            kinds: kinds.into(),
            data: data.into(),
            ends: Uint32Array::new(ends),
        })
    })
}
