//! Expression and partial indexes compared with SQLite: writes (plain, OR IGNORE,
//! OR REPLACE, OR FAIL) to a table with UNIQUE indexes on `lower(a)` over the rows
//! with n > 0 and on `n` over the rows with a non-NULL `a`, while such indexes are
//! created (which fails when rows already collide) and dropped. Both engines must accept and refuse
//! the same writes and keep the same rows. Reads sort by every column.

use super::*;

const TABLE: &str = "CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY, a TEXT, n INT)";

const INDEXES: &[&str] = &[
    "CREATE UNIQUE INDEX IF NOT EXISTS x_la ON x (lower(a)) WHERE n > 0",
    "CREATE UNIQUE INDEX IF NOT EXISTS x_n ON x (n) WHERE a IS NOT NULL AND n < 3",
    "CREATE UNIQUE INDEX IF NOT EXISTS x_an ON x (a COLLATE NOCASE, n % 3)",
    "CREATE INDEX IF NOT EXISTS x_n2 ON x (n * 2, a) WHERE n IS NOT NULL",
];

const DROPS: &[&str] = &[
    "DROP INDEX IF EXISTS x_la",
    "DROP INDEX IF EXISTS x_n",
    "DROP INDEX IF EXISTS x_an",
    "DROP INDEX IF EXISTS x_n2",
];

const TEXTS: &[&str] = &["'a'", "'A'", "'b'", "'B'", "'ab'", "'Ab'", "NULL", "'c'"];
const INTS: &[&str] = &["-1", "0", "1", "2", "3", "4", "NULL", "6"];

fn cond(r: &mut Rng) -> String {
    match r.below(3) {
        0 => format!("a = {}", r.pick(TEXTS)),
        1 => format!("n {} {}", r.pick(&["=", "<", ">="]), r.pick(INTS)),
        _ => format!("lower(a) = {} OR n IS NULL", r.pick(TEXTS)),
    }
}

pub fn index_terms_statement(r: &mut Rng) -> (String, bool) {
    if r.chance(4) {
        return (TABLE.into(), false);
    }
    if r.chance(8) {
        return (r.pick(INDEXES).to_string(), false);
    }
    if r.chance(3) {
        return (r.pick(DROPS).to_string(), false);
    }
    let or = r.pick(&["", "", "OR IGNORE ", "OR REPLACE ", "OR FAIL "]);
    match r.below(6) {
        0 | 1 => (
            format!(
                "INSERT {or}INTO x (a, n) VALUES ({}, {}), ({}, {})",
                r.pick(TEXTS),
                r.pick(INTS),
                r.pick(TEXTS),
                r.pick(INTS)
            ),
            false,
        ),
        2 => (
            format!(
                "UPDATE {or}x SET {} WHERE {}",
                r.pick(&["n = n + 1", "a = upper(a)", "n = 1", "a = 'ab'"]),
                cond(r)
            ),
            false,
        ),
        3 => (format!("DELETE FROM x WHERE {}", cond(r)), false),
        _ => (
            format!(
                "SELECT a, n FROM x WHERE {} ORDER BY a, n",
                r.pick(&[
                    "1",
                    "n > 0",
                    "lower(a) = 'ab'",
                    "a IS NOT NULL AND n < 3",
                    // Shapes the planner answers from the indexes above.
                    "lower(a) = 'ab' AND n > 0",
                    "lower(a) >= 'a' AND lower(a) < 'b' AND n > 0",
                    "n = 1 AND a IS NOT NULL AND n < 3",
                    "n * 2 = 4 AND n IS NOT NULL",
                    "n * 2 > 0 AND n * 2 <= 6 AND n IS NOT NULL AND a > 'a'",
                ])
            ),
            true,
        ),
    }
}

/// Expression and partial indexes against SQLite.
#[test]
fn sql_differential_expression_and_partial_indexes_against_sqlite() {
    run_seeds(20, 200, index_terms_statement);
}
