//! Differential test: a seeded generator of statements over several tables (NULLs,
//! mixed types, duplicates) runs against our engine and against SQLite (rusqlite,
//! bundled). Every statement must succeed or fail on both; every SELECT must return
//! the same rows (a multiset without ORDER BY, a sequence with a total ORDER BY).
//! Odd seeds commit most statements straight into segments (a tiny WAL limit), even
//! seeds through the WAL. Set `SQL_DIFF_SEED` to replay a seed; a failure prints the seed and the statement.

use rusqlite::types::Value as SqliteValue;
use sochdb_core::sql::{Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

mod aggregates;
mod collations;
mod compare;
mod features;
mod foreign_keys;
mod functions;
mod index_terms;
mod json;
mod savepoints;
mod schema;
mod triggers;
mod windows;
use compare::*;
use features::*;
use triggers::*;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SCHEMA: &[&str] = &[
    // rusqlite's bundled SQLite enforces foreign keys by default; SQLite's own default
    // (and ours) is off.
    "PRAGMA foreign_keys = OFF",
    "CREATE TABLE t1 (id INTEGER PRIMARY KEY AUTOINCREMENT, a INTEGER, b TEXT, c REAL, d)",
    "CREATE TABLE t2 (id INTEGER PRIMARY KEY AUTOINCREMENT, x INTEGER NOT NULL DEFAULT 0, y TEXT, z NUMERIC)",
    "CREATE TABLE t3 (k TEXT PRIMARY KEY, v INTEGER UNIQUE, w TEXT)",
    "CREATE INDEX t1_a ON t1 (a)",
    "CREATE INDEX t1_bc ON t1 (b, c)",
    "CREATE INDEX t2_x ON t2 (x)",
    "CREATE TABLE one (o)",
];

/// Columns per table: (name, kind) where kind picks literals that fit.
const T1: &[&str] = &["id", "a", "b", "c", "d"];
const T2: &[&str] = &["id", "x", "y", "z"];
const T3: &[&str] = &["k", "v", "w"];

/// Columns an UPDATE may set. Not t3.v: whether setting a UNIQUE column of several
/// rows fails depends on the order the rows are visited, which SQLite takes from its
/// plan (`WHERE k IS NOT NULL` walks the primary key's index), so the outcomes may
/// rightly differ.
fn settable<'a>(t: &str, cols: &'a [&'a str]) -> &'a [&'a str] {
    if t == "t3" {
        &["w"]
    } else {
        &cols[1..]
    }
}

/// Comparison operators for correlated conditions.
const CMP: [&str; 5] = ["=", "<", ">", "<=", "<>"];

fn literal(r: &mut Rng) -> String {
    match r.below(12) {
        0 | 1 => "NULL".into(),
        2..=4 => format!("{}", r.below(10) as i64 - 3),
        5 => format!("{}.5", r.below(6) as i64 - 2),
        6 => format!("{}.0", r.below(5)),
        7 => format!("'{}'", r.below(10)),
        8 => format!("'{}'", r.pick(&["a", "b", "B", "abc", "", "x y", "a%"])),
        9 => format!("'{}.5'", r.below(4)),
        10 => format!("{}", r.below(3) as i64 * 1000),
        _ => format!("'{}'", r.pick(&["apple", "Apple", "banana", "cherry"])),
    }
}

fn column(r: &mut Rng, cols: &[&str], qual: Option<&str>) -> String {
    let c = r.pick(cols);
    match qual {
        Some(q) => format!("{q}.{c}"),
        None => c.to_string(),
    }
}

fn expr(r: &mut Rng, cols: &[&str], qual: Option<&str>, depth: usize) -> String {
    if depth == 0 || r.chance(35) {
        return if r.chance(65) {
            column(r, cols, qual)
        } else {
            literal(r)
        };
    }
    let a = expr(r, cols, qual, depth - 1);
    let b = expr(r, cols, qual, depth - 1);
    match r.below(14) {
        0 => format!("({a} + {b})"),
        1 => format!("({a} - {b})"),
        2 => format!("({a} * {b})"),
        3 => format!("({a} / {b})"),
        4 => format!("({a} % {b})"),
        5 => format!("({a} || {b})"),
        6 => format!("coalesce({a}, {b})"),
        7 => format!("abs({a})"),
        8 => format!("length({a})"),
        9 => format!("lower({a})"),
        10 => format!("CASE WHEN {a} > {b} THEN {a} ELSE {b} END"),
        11 => format!(
            "CAST({a} AS {})",
            r.pick(&["INTEGER", "REAL", "TEXT", "NUMERIC"])
        ),
        12 => format!("substr({a}, {}, {})", r.below(5) as i64 - 1, r.below(4)),
        _ => format!("ifnull({a}, {b})"),
    }
}

fn predicate(r: &mut Rng, cols: &[&str], qual: Option<&str>, depth: usize) -> String {
    if depth > 0 && r.chance(30) {
        let a = predicate(r, cols, qual, depth - 1);
        let b = predicate(r, cols, qual, depth - 1);
        return match r.below(3) {
            0 => format!("({a} AND {b})"),
            1 => format!("({a} OR {b})"),
            _ => format!("NOT ({a})"),
        };
    }
    let c = column(r, cols, qual);
    let e = expr(r, cols, qual, 1);
    match r.below(9) {
        0 => format!("{c} IS NULL"),
        1 => format!("{c} IS NOT NULL"),
        2 => format!("{c} IN ({}, {}, {})", literal(r), literal(r), literal(r)),
        3 => format!("{c} BETWEEN {} AND {}", literal(r), literal(r)),
        4 => format!("{c} LIKE '{}'", r.pick(&["a%", "%a%", "_", "%", "b_"])),
        5 => format!("{c} NOT IN ({}, {})", literal(r), literal(r)),
        _ => format!("{c} {} {e}", r.pick(&["=", "<>", "<", "<=", ">", ">="])),
    }
}

fn table(r: &mut Rng) -> (&'static str, &'static [&'static str]) {
    match r.below(3) {
        0 => ("t1", T1),
        1 => ("t2", T2),
        _ => ("t3", T3),
    }
}

/// An INSERT of one to three rows of random literals into `t` (t3: with an upsert).
fn insert_into(r: &mut Rng, t: &str, cols: &[&str]) -> (String, bool) {
    let n = 1 + r.below(3);
    let rows: Vec<String> = (0..n)
        .map(|_| {
            let vals: Vec<String> = cols[1..].iter().map(|_| literal(r)).collect();
            format!("({})", vals.join(", "))
        })
        .collect();
    // Not OR FAIL into t1 and t2: SQLite's FAIL leaves an AUTOINCREMENT table's
    // sqlite_sequence as it was, so the rowids of kept rows deleted later come back,
    // where ours never do.
    let or = if t == "t3" {
        r.pick(&["", "", "OR IGNORE ", "OR REPLACE ", "OR FAIL "])
    } else {
        r.pick(&["", "", "OR IGNORE ", "OR REPLACE "])
    };
    let names = cols[1..].join(", ");
    if t == "t3" {
        let rows: Vec<String> = (0..n)
            .map(|_| format!("('{}', {}, {})", r.below(12), literal(r), literal(r)))
            .collect();
        let upsert = match r.below(4) {
            0 => " ON CONFLICT (k) DO UPDATE SET w = excluded.w",
            1 => " ON CONFLICT DO NOTHING",
            _ => "",
        };
        let or = if upsert.is_empty() { or } else { "" };
        return (
            format!(
                "INSERT {or}INTO t3 (k, v, w) VALUES {}{upsert}",
                rows.join(", ")
            ),
            false,
        );
    }
    (
        format!("INSERT {or}INTO {t} ({names}) VALUES {}", rows.join(", ")),
        false,
    )
}

/// An INSERT into a random table.
fn insert_statement(r: &mut Rng) -> (String, bool) {
    let (t, cols) = table(r);
    insert_into(r, t, cols)
}

/// A statement and whether its rows come in a defined order.
fn statement(r: &mut Rng) -> (String, bool) {
    let (t, cols) = table(r);
    match r.below(20) {
        0..=4 => insert_into(r, t, cols),
        5 => {
            let c = r.pick(&cols[1..]);
            (
                format!(
                    "UPDATE {t} SET {c} = {} WHERE {}",
                    expr(r, cols, None, 1),
                    predicate(r, cols, None, 1)
                ),
                false,
            )
        }
        6 => (
            format!("DELETE FROM {t} WHERE {}", predicate(r, cols, None, 1)),
            false,
        ),
        7..=10 => {
            let n = 1 + r.below(3);
            let out: Vec<String> = (0..n).map(|_| expr(r, cols, None, 2)).collect();
            let distinct = if r.chance(20) { "DISTINCT " } else { "" };
            let mut sql = format!("SELECT {distinct}{} FROM {t}", out.join(", "));
            if r.chance(80) {
                sql += &format!(" WHERE {}", predicate(r, cols, None, 2));
            }
            let ordered = r.chance(50);
            if ordered {
                let keys: Vec<String> = (1..=n)
                    .map(|i| format!("{i} {}", r.pick(&["ASC", "DESC"])))
                    .collect();
                sql += &format!(" ORDER BY {}", keys.join(", "));
                if r.chance(50) {
                    sql += &format!(" LIMIT {} OFFSET {}", r.below(5), r.below(3));
                }
            }
            (sql, ordered)
        }
        11..=13 => {
            let g = column(r, cols, None);
            let agg = r.pick(&[
                "count(*)",
                "count(X)",
                "sum(X)",
                "avg(X)",
                "min(X)",
                "max(X)",
                "count(DISTINCT X)",
                "total(X)",
            ]);
            let agg = agg.replace('X', &column(r, cols, None));
            let mut sql = format!("SELECT {g}, {agg} FROM {t}");
            if r.chance(50) {
                sql += &format!(" WHERE {}", predicate(r, cols, None, 1));
            }
            sql += &format!(" GROUP BY {g}");
            if r.chance(30) {
                sql += " HAVING count(*) > 1";
            }
            (sql, false)
        }
        14..=16 => {
            let join = r.pick(&["JOIN", "LEFT JOIN", "JOIN", "CROSS JOIN"]);
            let on = if join == "CROSS JOIN" {
                String::new()
            } else {
                let l = r.pick(&["t1.a", "t1.id", "t1.b", "t1.c"]);
                let rr = r.pick(&["t2.x", "t2.id", "t2.y", "t2.z"]);
                format!(" ON {l} = {rr}")
            };
            let mut sql = format!("SELECT t1.id, t1.a, t2.id, t2.y FROM t1 {join} t2{on}");
            if r.chance(60) {
                sql += &format!(
                    " WHERE {}",
                    predicate(r, &["t1.a", "t1.b", "t2.x", "t2.z"], None, 1)
                );
            }
            (sql, false)
        }
        17 => (
            format!(
                "SELECT {c} FROM {t} WHERE {c} IN (SELECT {} FROM t2 WHERE {})",
                r.pick(&["x", "y", "z"]),
                predicate(r, T2, None, 1),
                c = column(r, cols, None)
            ),
            false,
        ),
        18 => (
            format!(
                "SELECT {} FROM t1 UNION{} SELECT {} FROM t2",
                r.pick(&["a", "b", "c"]),
                r.pick(&["", " ALL"]),
                r.pick(&["x", "y", "z"])
            ),
            false,
        ),
        _ => (
            format!(
                "SELECT count(*), (SELECT max({}) FROM t2) FROM {t} WHERE {}",
                r.pick(&["x", "y", "z"]),
                predicate(r, cols, None, 1)
            ),
            false,
        ),
    }
}

type Outcome = Result<Option<Vec<Vec<Value>>>, String>;

fn run_sqlite(conn: &rusqlite::Connection, sql: &str) -> Outcome {
    let mut stmt = conn.prepare(sql).map_err(|e| e.to_string())?;
    let n = stmt.column_count();
    if n == 0 {
        stmt.execute([]).map_err(|e| e.to_string())?;
        return Ok(None);
    }
    let mut rows = stmt.query([]).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(|e| e.to_string())? {
        out.push(
            (0..n)
                .map(|i| from_sqlite(row.get::<_, SqliteValue>(i).unwrap()))
                .collect(),
        );
    }
    Ok(Some(out))
}

fn run_ours(session: &mut Session<'_>, sql: &str) -> Outcome {
    let mut results = session
        .execute_script(sql, &[])
        .map_err(|e| e.to_string())?;
    match results.pop() {
        Some(StatementResult::Rows { rows, .. }) => Ok(Some(rows)),
        _ => Ok(None),
    }
}

/// Seeds 1..=`default_seeds` (or only `SQL_DIFF_SEED`), `statements` statements each.
fn run_seeds(default_seeds: u64, statements: usize, generate: fn(&mut Rng) -> (String, bool)) {
    run_seeds_after(&[], default_seeds, statements, generate);
}

/// As [`run_seeds`], each seed running `setup` after [`SCHEMA`].
fn run_seeds_after(
    setup: &[&str],
    default_seeds: u64,
    statements: usize,
    generate: fn(&mut Rng) -> (String, bool),
) {
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=default_seeds).collect(),
    };
    for seed in seeds {
        run_seed(seed, setup, statements, generate);
    }
}

fn run_seed(
    seed: u64,
    setup: &[&str],
    statements: usize,
    generate: fn(&mut Rng) -> (String, bool),
) {
    let dir = tempfile::tempdir().unwrap();
    // Odd seeds run over a tiny WAL limit, so most statements are committed by
    // `Store::ingest` (straight into a segment) rather than through the WAL.
    let opts = StoreOptions {
        wal_limit_bytes: if seed % 2 == 1 {
            2048
        } else {
            StoreOptions::default().wal_limit_bytes
        },
        ..StoreOptions::default()
    };
    let mut store = Store::open(dir.path(), opts).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut selects = 0;
    let mut errors = 0;
    let script: Vec<(String, bool)> = (SCHEMA.iter().chain(setup))
        .map(|s| (s.to_string(), false))
        .chain((0..statements).map(|_| generate(&mut r)))
        .collect();
    let trace = std::env::var_os("SQL_DIFF_TRACE").is_some();
    for (i, (sql, ordered)) in script.iter().enumerate() {
        if trace {
            eprintln!("seed {seed}, statement {i}: {sql}");
        }
        let theirs = run_sqlite(&conn, sql);
        if trace {
            eprintln!("  sqlite: {theirs:?}");
        }
        let ours = run_ours(&mut session, sql);
        let ctx = || {
            format!("seed {seed}, statement {i}: {sql}\n  ours:   {ours:?}\n  sqlite: {theirs:?}")
        };
        match (&ours, &theirs) {
            (Err(_), Err(_)) => {
                errors += 1;
                // A failing statement rolls our whole transaction back (SQLite rolls
                // back the statement only; a script stops at its first error either way).
                if !conn.is_autocommit() && !session.in_transaction() {
                    conn.execute_batch("ROLLBACK").unwrap();
                }
            }
            (Ok(None), Ok(None)) => {}
            (Ok(Some(a)), Ok(Some(b))) => {
                selects += 1;
                // min/max over a window's peers keep whichever of 1 and 1.0 comes first, which
                // depends on the sorter, as a group's key does.
                let loose = sql.contains("GROUP BY")
                    || sql.contains("DISTINCT")
                    || (sql.contains(" OVER ") && (sql.contains("min(") || sql.contains("max(")));
                // With ORDER BY: the same multiset, and in the same order up to rows that
                // compare equal (1 and 1.0 may come in either order).
                let in_order = || {
                    a.iter().zip(b).all(|(x, y)| {
                        x.iter()
                            .zip(y)
                            .all(|(u, v)| u.sql_cmp(v).is_eq() || same(u, v, true))
                    })
                };
                let ok = same_rows(&canonical(a.clone()), &canonical(b.clone()), loose)
                    && (!*ordered || in_order());
                if !ok {
                    let mut dump = |q: &str| (run_ours(&mut session, q), run_sqlite(&conn, q));
                    for t in ["t1", "t2", "t3"] {
                        eprintln!("{t}: {:?}", dump(&format!("SELECT *, rowid FROM {t}")));
                    }
                    panic!("rows differ: {}", ctx());
                }
            }
            _ => {
                for t in ["t1", "t2", "t3"] {
                    let q = format!("SELECT *, rowid FROM {t}");
                    eprintln!("{t}: {:?}", run_sqlite(&conn, &q));
                }
                panic!("outcomes differ: {}", ctx())
            }
        }
    }
    eprintln!(
        "seed {seed}: {} statements, {selects} queries compared, {errors} errors on both sides",
        script.len()
    );
}

#[test]
fn sql_differential_against_sqlite() {
    run_seeds(40, 400, statement);
}

/// Views against SQLite: plain INSERTs fill the tables, views over them are created,
/// dropped and read.
#[test]
fn sql_differential_views_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(10) {
            return (format!("INSERT INTO one VALUES ({})", literal(r)), false);
        }
        if r.chance(40) {
            insert_statement(r)
        } else {
            view_statement(r)
        }
    }
    run_seeds(20, 300, mixed);
}

/// Many-way joins against SQLite: INSERTs fill the tables, joins in random FROM order
/// read them (the planner picks its own join order).
#[test]
fn sql_differential_joins_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(50) {
            insert_statement(r)
        } else {
            join_statement(r)
        }
    }
    run_seeds(10, 120, mixed);
}

/// CTEs, recursive ones included, against SQLite.
#[test]
fn sql_differential_ctes_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(50) {
            insert_statement(r)
        } else {
            cte_statement(r)
        }
    }
    run_seeds(10, 200, mixed);
}

/// Correlated subqueries against SQLite: half the statements fill the tables (plain
/// INSERTs of the main generator), half read or change them through a subquery that
/// names the outer row.
#[test]
fn sql_differential_correlated_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(50) {
            insert_statement(r)
        } else {
            correlated_statement(r)
        }
    }
    run_seeds(20, 300, mixed);
}

/// Window functions against SQLite: half the statements fill the tables, half query
/// them through windows ([`windows::window_statement`]).
#[test]
fn sql_differential_windows_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(45) {
            insert_statement(r)
        } else {
            windows::window_statement(r)
        }
    }
    run_seeds(20, 300, mixed);
}

/// Triggers against SQLite: the main generator's writes fire triggers made and dropped
/// between them ([`triggers`]).
#[test]
fn sql_differential_triggers_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(3) {
            return (
                TRIGGER_SCHEMA.replace("TABLE", "TABLE IF NOT EXISTS"),
                false,
            );
        }
        if r.chance(25) {
            trigger_statement(r)
        } else {
            statement(r)
        }
    }
    run_seeds(20, 300, mixed);
}

/// Foreign keys against SQLite: parent, child, grandchild and a self-referencing tree
/// under `PRAGMA foreign_keys` ([`foreign_keys`]).
#[test]
fn sql_differential_foreign_keys_against_sqlite() {
    run_seeds_after(
        foreign_keys::SETUP,
        30,
        300,
        foreign_keys::foreign_key_statement,
    );
}

/// Collations where rows are grouped, deduplicated or merged against SQLite
/// ([`collations`]): which of equal values ('a', 'A', 1, 1.0) a query shows.
#[test]
fn sql_differential_collations_against_sqlite() {
    run_seeds_after(collations::SETUP, 30, 300, collations::collation_statement);
}
