//! The table scan of the executor: rows (columns, then the rowid) through the chosen
//! access path, decoded straight from the merged store view, only the columns the plan
//! reads (see [`crate::sql::prune`]).

use crate::error::Result;
use crate::sql::catalog::Table;
use crate::sql::encoding::{
    decode_row, encode_key_value, index_prefix, prefix_end, row_key, rowid_of_key, table_prefix,
    FIRST_NON_NULL,
};
use crate::sql::exec::{Row, RowIter};
use crate::sql::expr::Expr;
use crate::sql::plan::Access;
use crate::sql::txn::{Db, Merged};
use crate::sql::value::Value;

/// A table scan: rows (columns, then the rowid) through the chosen access path.
pub struct Scan<'a> {
    table: &'a Table,
    filter: Option<&'a Expr>,
    read: Option<&'a [bool]>,
    db: Db<'a>,
    defaults: Vec<Value>,
    cursor: Option<Merged<'a>>,
    /// Index scans fetch each row by its rowid.
    via_index: bool,
    point: Option<i64>,
    buf: Vec<Value>,
}

impl<'a> Scan<'a> {
    pub fn new(
        table: &'a Table,
        access: &'a Access,
        filter: Option<&'a Expr>,
        read: Option<&'a [bool]>,
        db: Db<'a>,
    ) -> Result<Scan<'a>> {
        let mut s = Scan {
            table,
            filter,
            read,
            db,
            defaults: table.defaults(),
            cursor: None,
            via_index: false,
            point: None,
            buf: Vec::new(),
        };
        let prefix = table_prefix(table.id);
        match access {
            Access::Full => s.cursor = Some(db.scan_prefix(&prefix)?),
            Access::Empty => {}
            Access::RowidEq(r) => s.point = Some(*r),
            Access::RowidRange(lo, hi) => {
                let start = lo.map_or(prefix.clone(), |l| row_key(table.id, l));
                let end = match hi {
                    Some(h) if *h == i64::MAX => prefix_end(&prefix),
                    Some(h) => Some(row_key(table.id, h + 1)),
                    None => prefix_end(&prefix),
                };
                s.cursor = Some(db.scan(start, end)?);
            }
            Access::Index { index, eq, lo, hi } => {
                let mut p = index_prefix(table.indexes[*index].id);
                for v in eq {
                    encode_key_value(&mut p, v);
                }
                let bound = |v: &Value| {
                    let mut k = p.clone();
                    encode_key_value(&mut k, v);
                    k
                };
                let start = match lo {
                    Some((v, true)) => bound(v),
                    Some((v, false)) => prefix_end(&bound(v)).unwrap_or_else(|| bound(v)),
                    None if hi.is_some() => [p.as_slice(), &[FIRST_NON_NULL]].concat(),
                    None => p.clone(),
                };
                let end = match hi {
                    Some((v, true)) => prefix_end(&bound(v)),
                    Some((v, false)) => Some(bound(v)),
                    None => prefix_end(&p),
                };
                s.via_index = true;
                s.cursor = Some(db.scan(start, end)?);
            }
        }
        Ok(s)
    }

    fn next_candidate(&mut self) -> Result<Option<Row>> {
        if let Some(r) = self.point.take() {
            return match self.db.get(&row_key(self.table.id, r))? {
                Some(bytes) => load(&self.defaults, self.read, &mut self.buf, r, &bytes).map(Some),
                None => Ok(None),
            };
        }
        let Some(cursor) = self.cursor.as_mut() else {
            return Ok(None);
        };
        let Some((key, value)) = cursor.next_entry()? else {
            self.cursor = None;
            return Ok(None);
        };
        let rowid = rowid_of_key(key)?;
        if self.via_index {
            let bytes = self.db.get(&row_key(self.table.id, rowid))?;
            let bytes = bytes.ok_or_else(|| {
                crate::Error::Corrupt(format!(
                    "index entry of table {} names a missing row {rowid}",
                    self.table.name
                ))
            })?;
            return load(&self.defaults, self.read, &mut self.buf, rowid, &bytes).map(Some);
        }
        // Decoded from the cursor's borrowed bytes: no copy of the row per row.
        load(&self.defaults, self.read, &mut self.buf, rowid, value).map(Some)
    }
}

/// A stored row and its rowid as a row (`buf` is scratch space kept between rows).
fn load(
    defaults: &[Value],
    read: Option<&[bool]>,
    buf: &mut Vec<Value>,
    rowid: i64,
    bytes: &[u8],
) -> Result<Row> {
    decode_row(bytes, defaults, read, buf)?;
    let mut row = Vec::with_capacity(buf.len() + 1);
    row.append(buf);
    row.push(Value::Integer(rowid));
    Ok(row)
}

impl RowIter for Scan<'_> {
    fn next_row(&mut self) -> Result<Option<Row>> {
        while let Some(r) = self.next_candidate()? {
            match self.filter {
                Some(f) if !f.test(&r)? => continue,
                _ => return Ok(Some(r)),
            }
        }
        Ok(None)
    }
}
