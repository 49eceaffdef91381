//! CHECK constraints and collations compared with SQLite: writes to a table whose
//! columns are NOCASE, RTRIM and BINARY and carry CHECKs (some writes break them: both
//! engines must refuse, or skip under OR IGNORE, or stop keeping the rows before
//! under OR FAIL), and reads comparing and sorting under column and explicit
//! collations. Sorts end with every column under BINARY so
//! the order is total; ids are not read (our rowids are never reused, SQLite's are).

use super::*;

const TABLE: &str = "CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY, \
    n TEXT COLLATE NOCASE CHECK (length(n) < 4), r TEXT COLLATE RTRIM, p TEXT, \
    v INT CHECK (v IS NULL OR v BETWEEN -5 AND 5), CHECK (p <> 'zz'))";

const TEXTS: &[&str] = &[
    "'a'", "'A'", "'a '", "'ab'", "'AB '", "'b'", "'B'", "'zz'", "'abcd'", "NULL", "' a'", "'Ab'",
    "1",
];
const COLS: &[&str] = &["n", "r", "p"];
const COLLATE: &[&str] = &[
    "",
    "",
    "",
    " COLLATE NOCASE",
    " COLLATE RTRIM",
    " COLLATE BINARY",
];

const TOTAL: &str = "n COLLATE BINARY, r COLLATE BINARY, p, v";

fn cond(r: &mut Rng) -> String {
    let (c, k) = (r.pick(COLS), r.pick(COLLATE));
    match r.below(4) {
        0 => format!("{c}{k} IN ({}, {})", r.pick(TEXTS), r.pick(TEXTS)),
        1 => format!("{c}{k} BETWEEN {} AND {}", r.pick(TEXTS), r.pick(TEXTS)),
        2 => format!(
            "{c} {} {}{k}",
            r.pick(&["=", "<>", "<", ">="]),
            r.pick(COLS)
        ),
        _ => format!(
            "{c}{k} {} {}",
            r.pick(&["=", "<", "<=", ">", "<>"]),
            r.pick(TEXTS)
        ),
    }
}

fn value(r: &mut Rng) -> String {
    if r.chance(20) {
        return r.pick(&["-7", "3", "NULL", "5", "'4'"]).to_string();
    }
    r.pick(TEXTS).to_string()
}

pub fn schema_statement(r: &mut Rng) -> (String, bool) {
    if r.chance(5) {
        return (TABLE.into(), false);
    }
    let or = r.pick(&["", "", "OR IGNORE ", "OR FAIL "]);
    match r.below(8) {
        0 | 1 => (
            format!(
                "INSERT {or}INTO c (n, r, p, v) VALUES ({}, {}, {}, {})",
                r.pick(TEXTS),
                r.pick(TEXTS),
                r.pick(TEXTS),
                value(r)
            ),
            false,
        ),
        2 => (
            format!(
                "UPDATE {or}c SET {} = {} WHERE {}",
                r.pick(&["n", "r", "p", "v"]),
                value(r),
                cond(r)
            ),
            false,
        ),
        3 => (format!("DELETE FROM c WHERE {}", cond(r)), false),
        4 => (
            format!(
                "SELECT a.n, b.p FROM c a JOIN c b ON a.{} = b.{} ORDER BY a.n COLLATE BINARY, 2",
                r.pick(COLS),
                r.pick(COLS)
            ),
            true,
        ),
        _ => {
            let key = format!(
                "{}{}{}",
                r.pick(COLS),
                r.pick(COLLATE),
                r.pick(&["", " DESC"])
            );
            (
                format!(
                    "SELECT n, r, p, v FROM c WHERE {} ORDER BY {key}, {TOTAL}",
                    cond(r)
                ),
                true,
            )
        }
    }
}

/// Collations and CHECK constraints against SQLite.
#[test]
fn sql_differential_collations_and_checks_against_sqlite() {
    run_seeds(20, 150, schema_statement);
}
