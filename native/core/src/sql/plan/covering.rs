//! The order a plain table scan visits rows in, as SQLite's: for a full scan whose
//! query reads only columns some index holds, SQLite walks that index instead of the
//! table (`SCAN t USING COVERING INDEX i`) when the index's rows are narrower, so rows
//! come in the index's key order (then rowid). The order shows: in rows without ORDER
//! BY, in which of equal ORDER BY keys survive a LIMIT (SQLite keeps the first ones
//! in scan order), in the row a group shows. The widths are SQLite's estimates
//! (`sqlite3AffinityType`'s `szEst`, `estimateTableWidth`, `estimateIndexWidth`).
//! Writes are unaffected (SQLite asks for one pass there, which excludes this plan).

use crate::sql::catalog::{Index, Table};
use crate::sql::plan::Access;

/// SQLite's `szEst` of a column with declared type `decl` (an integer is 1).
fn size_estimate(decl: &str) -> u64 {
    if decl.is_empty() {
        return 1;
    }
    const fn word(w: &[u8; 4]) -> u32 {
        u32::from_be_bytes(*w)
    }
    #[derive(PartialEq)]
    enum Aff {
        Numeric,
        Text,
        Blob,
        Real,
        Integer,
    }
    let b = decl.as_bytes();
    let (mut h, mut aff, mut sized_from) = (0u32, Aff::Numeric, None);
    for (i, &c) in b.iter().enumerate() {
        h = (h << 8).wrapping_add(u32::from(c.to_ascii_lowercase()));
        if h == word(b"char") {
            aff = Aff::Text;
            sized_from = Some(i + 1);
        } else if h == word(b"clob") || h == word(b"text") {
            aff = Aff::Text;
        } else if h == word(b"blob") && matches!(aff, Aff::Numeric | Aff::Real) {
            aff = Aff::Blob;
            if b.get(i + 1) == Some(&b'(') {
                sized_from = Some(i + 1);
            }
        } else if (h == word(b"real") || h == word(b"floa") || h == word(b"doub"))
            && aff == Aff::Numeric
        {
            aff = Aff::Real;
        } else if h & 0x00FF_FFFF == word(b"\0int") {
            aff = Aff::Integer;
            break;
        }
    }
    let mut v = 0;
    if matches!(aff, Aff::Text | Aff::Blob) {
        v = match sized_from {
            Some(p) => {
                let digits: String = (b[p..].iter())
                    .skip_while(|c| !c.is_ascii_digit())
                    .take_while(|c| c.is_ascii_digit())
                    .map(|&c| c as char)
                    .collect();
                digits.parse::<u64>().unwrap_or(0).min(i32::MAX as u64)
            }
            None => 16,
        };
    }
    (v / 4 + 1).min(255)
}

/// SQLite's `sqlite3LogEst` (10 * log2(x), roughly) for x >= 8.
fn log_est(mut x: u64) -> i64 {
    const A: [i64; 8] = [0, 2, 3, 5, 6, 7, 8, 9];
    let mut y = 40;
    while x > 255 {
        y += 40;
        x >>= 4;
    }
    while x > 15 {
        y += 10;
        x >>= 1;
    }
    A[(x & 7) as usize] + y - 10
}

fn table_width(table: &Table) -> i64 {
    let cols: u64 = table
        .columns
        .iter()
        .map(|c| size_estimate(&c.decl_type))
        .sum();
    log_est((cols + u64::from(table.rowid_col.is_none())) * 4)
}

fn index_width(table: &Table, idx: &Index) -> i64 {
    let cols: u64 = (idx.columns.iter())
        .map(|&c| match table.columns.get(c) {
            Some(col) if table.rowid_col != Some(c) => size_estimate(&col.decl_type),
            _ => 1,
        })
        .sum();
    // The rowid that ends every entry.
    log_est((cols + 1) * 4)
}

/// The access a full scan of `table` that decodes only the columns `read` marks takes:
/// the full walk of the covering index SQLite would pick, or `Full`.
pub fn full_scan(table: &Table, read: &[bool]) -> Access {
    // A query that reads no column sees every row alike.
    if !read.iter().any(|&r| r) {
        return Access::Full;
    }
    let rowid = table.columns.len();
    let covers = |idx: &Index| {
        idx.exprs.is_empty()
            && idx.filter.is_none()
            && read.iter().enumerate().all(|(c, &r)| {
                !r || c >= rowid || table.rowid_col == Some(c) || idx.columns.contains(&c)
            })
    };
    let tw = table_width(table);
    // SQLite's cost of the walk past the rows' count, `15 * szIdxRow / szTabRow`;
    // among equal ones the newest index wins (SQLite lists indexes newest first).
    let mut best: Option<(i64, usize)> = None;
    for (i, idx) in table.indexes.iter().enumerate().rev() {
        let w = index_width(table, idx);
        if w >= tw || !covers(idx) {
            continue;
        }
        let cost = 15 * w / tw;
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, i));
        }
    }
    match best {
        Some((_, index)) => Access::Index {
            index,
            eq: Vec::new(),
            lo: None,
            hi: None,
        },
        None => Access::Full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_log_estimates_follow_sqlite() {
        assert_eq!(size_estimate(""), 1);
        assert_eq!(size_estimate("INTEGER"), 1);
        assert_eq!(size_estimate("TEXT"), 5);
        assert_eq!(size_estimate("VARCHAR(10)"), 3);
        assert_eq!(size_estimate("BLOB"), 5);
        assert_eq!(size_estimate("REAL"), 1);
        assert_eq!(log_est(8), 30);
        assert_eq!(log_est(24), 46);
        assert_eq!(log_est(48), 56);
        assert_eq!(log_est(1000), 99);
    }
}
