//! Collations where rows are grouped, deduplicated, merged or looked up, against the
//! bundled SQLite: GROUP BY (with the group's bare columns and the row min()/max()
//! picks), DISTINCT, count(DISTINCT …), UNION / EXCEPT / INTERSECT with and without
//! ORDER BY, `IN (SELECT …)`, PARTITION BY, min()/max() over windows and the scalar
//! min(), max() and nullif(), over NOCASE
//! and RTRIM columns holding values equal under them ('a', 'A', 'a ', 1, 1.0). Which of
//! equal values a query shows is compared exactly: only rows that SQLite itself orders
//! arbitrarily (ties of an ORDER BY) are compared as a set.

use super::*;

/// Run before the generated statements.
pub const SETUP: &[&str] = &[
    "CREATE TABLE cn (id INTEGER PRIMARY KEY, a TEXT COLLATE NOCASE, r TEXT COLLATE RTRIM, b TEXT, n)",
    "CREATE TABLE cm (id INTEGER PRIMARY KEY, a TEXT COLLATE NOCASE, b TEXT)",
];

const VALUES: &[&str] = &[
    "'a'", "'A'", "'a '", "'A  '", "'b'", "'B'", "'ab'", "'aB'", "NULL", "1", "1.0", "'1'",
];

fn value(r: &mut Rng) -> &'static str {
    VALUES[r.below(VALUES.len())]
}

fn insert(r: &mut Rng) -> String {
    if r.chance(30) {
        return format!("INSERT INTO cm (a, b) VALUES ({}, {})", value(r), value(r));
    }
    format!(
        "INSERT INTO cn (a, r, b, n) VALUES ({}, {}, {}, {})",
        value(r),
        value(r),
        value(r),
        r.pick(&["1", "2", "3", "NULL", "2.0", "5"])
    )
}

/// A column of `cn`, maybe under an explicit COLLATE.
fn term(r: &mut Rng) -> String {
    let col = r.pick(&["a", "r", "b", "n", "a", "b"]);
    match r.below(6) {
        0 => format!("{col} COLLATE NOCASE"),
        1 => format!("{col} COLLATE RTRIM"),
        2 => format!("{col} COLLATE BINARY"),
        _ => col.to_string(),
    }
}

fn group_query(r: &mut Rng) -> String {
    let g = term(r);
    let mut items = vec![g.clone()];
    for _ in 0..1 + r.below(3) {
        items.push(match r.below(9) {
            0 => "count(*)".to_string(),
            1 => format!("min({})", term(r)),
            2 => format!("max({})", term(r)),
            3 => format!("count(DISTINCT {})", term(r)),
            4 => format!("max(n) FILTER (WHERE {} = 'a')", term(r)),
            5 => "id".to_string(),
            6 => r.pick(&["b", "r", "a", "n"]).to_string(),
            7 => format!("group_concat(DISTINCT {})", term(r)),
            _ => "sum(n)".to_string(),
        });
    }
    let having = if r.chance(25) {
        format!(" HAVING {}(n) > 1", r.pick(&["min", "max", "count"]))
    } else {
        String::new()
    };
    format!("SELECT {} FROM cn GROUP BY {g}{having}", items.join(", "))
}

fn compound_query(r: &mut Rng) -> String {
    let side = |r: &mut Rng| match r.below(4) {
        0 => format!("SELECT {} FROM cm", r.pick(&["a", "b"])),
        1 => format!("SELECT {} FROM cn WHERE id % 2 = {}", term(r), r.below(2)),
        2 => format!("SELECT {}", value(r)),
        _ => format!("SELECT {} FROM cn", term(r)),
    };
    let mut q = side(r);
    for _ in 0..1 + r.below(2) {
        let op = r.pick(&["UNION", "UNION", "UNION ALL", "EXCEPT", "INTERSECT"]);
        q = format!("{q} {op} {}", side(r));
    }
    if r.chance(50) {
        q.push_str(r.pick(&[
            " ORDER BY 1",
            " ORDER BY 1 DESC",
            " ORDER BY 1 COLLATE NOCASE",
        ]));
    }
    q
}

/// A query of the kinds above; `true` when its rows come in an order SQLite fixes.
pub fn collation_statement(r: &mut Rng) -> (String, bool) {
    match r.below(13) {
        12 => (
            format!(
                "SELECT id, min({}, {}), max({}, {}, {}), nullif({}, {}) FROM cn ORDER BY id",
                term(r),
                value(r),
                value(r),
                term(r),
                term(r),
                term(r),
                term(r)
            ),
            true,
        ),
        0..=3 => (insert(r), false),
        // Never the last row: rowids are not reused here, as they are in SQLite.
        4 => (
            "DELETE FROM cn WHERE id % 7 = 3 AND id < (SELECT max(id) FROM cn)".to_string(),
            false,
        ),
        5 | 6 => (group_query(r), true),
        7 => (
            format!("SELECT DISTINCT {}, {} FROM cn", term(r), term(r)),
            true,
        ),
        8 | 9 => {
            let q = compound_query(r);
            // Without ORDER BY a compound's rows come in SQLite's index order, which
            // ours follows; under UNION ALL they are in arrival order on both sides.
            (q, true)
        }
        10 => (
            format!(
                "SELECT id, {} IN (SELECT {} FROM cm) FROM cn ORDER BY id",
                term(r),
                r.pick(&["a", "b", "a COLLATE BINARY", "b COLLATE NOCASE"])
            ),
            true,
        ),
        _ => (
            format!(
                "SELECT id, {}({}) OVER (PARTITION BY {} ORDER BY id) FROM cn ORDER BY id",
                r.pick(&["min", "max", "count"]),
                term(r),
                term(r)
            ),
            true,
        ),
    }
}
