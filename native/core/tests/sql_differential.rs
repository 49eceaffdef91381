//! Differential test: a seeded generator of statements over several tables (NULLs,
//! mixed types, duplicates) runs against our engine and against SQLite (rusqlite,
//! bundled). Every statement must succeed or fail on both; every SELECT must return
//! the same rows (a multiset without ORDER BY, a sequence with a total ORDER BY).
//! Odd seeds commit most statements straight into segments (a tiny WAL limit), even
//! seeds through the WAL. Set `SQL_DIFF_SEED` to replay a seed; a failure prints the seed and the statement.

use rusqlite::types::Value as SqliteValue;
use sochdb_core::sql::{Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

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
    let or = r.pick(&["", "", "OR IGNORE ", "OR REPLACE "]);
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

/// A statement with a correlated subquery (run beside plain INSERTs, which give the
/// tables rows): in the select list, WHERE, HAVING, ORDER BY, two levels deep, in
/// UPDATE's SET and in DELETE's WHERE.
fn correlated_statement(r: &mut Rng) -> (String, bool) {
    let (t, cols) = table(r);
    match r.below(7) {
        0 => {
            // A correlated scalar subquery in the select list and in WHERE.
            let c = r.pick(cols);
            let (op, op2) = (r.pick(&CMP), r.pick(&CMP));
            let x = r.pick(&["x", "y", "z", "id"]);
            (
                format!(
                    "SELECT {c}, (SELECT count(*) FROM t2 AS s WHERE s.{x} {op} {t}.{c}) FROM {t} \
                     WHERE (SELECT max(s.{x}) FROM t2 AS s WHERE s.id {op2} {t}.{c}) IS NOT NULL OR {}",
                    predicate(r, cols, None, 1)
                ),
                false,
            )
        }
        1 => {
            let c = r.pick(cols);
            let not = r.pick(&["", "NOT "]);
            let op = r.pick(&CMP);
            let x = r.pick(&["x", "y", "z"]);
            (
                format!(
                    "SELECT {c} FROM {t} WHERE {not}EXISTS (SELECT 1 FROM t2 AS s WHERE s.{x} {op} {t}.{c} AND {})",
                    predicate(r, T2, Some("s"), 1)
                ),
                false,
            )
        }
        2 => {
            let c = r.pick(cols);
            let not = r.pick(&["", "NOT "]);
            let op = r.pick(&CMP);
            let x = r.pick(&["x", "y", "z"]);
            let key = cols[0];
            (
                format!(
                    "SELECT {c} FROM {t} WHERE {c} {not}IN (SELECT s.{x} FROM t2 AS s WHERE s.id {op} {t}.{key})"
                ),
                false,
            )
        }
        3 => {
            // Correlated through a GROUP BY: the inner query names the outer group.
            let g = r.pick(cols);
            let op = r.pick(&CMP);
            (
                format!(
                    "SELECT {g}, count(*), (SELECT count(*) FROM t2 AS s WHERE s.x {op} {t}.{g}) FROM {t} \
                     GROUP BY {g} HAVING (SELECT count(*) FROM t1 AS u WHERE u.a {op} {t}.{g}) >= {}",
                    r.below(3)
                ),
                false,
            )
        }
        4 => {
            // Two levels: the innermost query names the outermost row.
            let c = r.pick(cols);
            let key = cols[0];
            (
                format!(
                    "SELECT {key}, (SELECT (SELECT count(*) FROM t1 AS u WHERE u.a < {t}.{c} AND u.id <> s.id) \
                     FROM t2 AS s WHERE s.id = {t}.{key}) FROM {t} ORDER BY 1, 2"
                ),
                true,
            )
        }
        5 => {
            // The subquery reads another table: one reading the table being updated sees
            // the rows changed so far (golden case in tests/sql/correlated.sql), which
            // depends on the visiting order, and so on rowids, which REPLACE assigns
            // differently here and in SQLite.
            let c = r.pick(settable(t, cols));
            let op = r.pick(&CMP);
            let (other, oc) = if t == "t2" { ("t1", "a") } else { ("t2", "x") };
            (
                format!(
                    "UPDATE {t} SET {c} = (SELECT count(*) FROM {other} AS u WHERE u.{oc} {op} {t}.{c}) WHERE {}",
                    predicate(r, cols, None, 1)
                ),
                false,
            )
        }
        _ => {
            let c = r.pick(cols);
            let op = r.pick(&CMP);
            (
                format!(
                    "DELETE FROM {t} WHERE {c} {op} (SELECT min(u.{c}) FROM {t} AS u WHERE u.{key} <> {t}.{key}) AND {}",
                    predicate(r, cols, None, 1),
                    key = cols[0]
                ),
                false,
            )
        }
    }
}

/// A statement on views `v0`…`v2` (each with columns `p`, `q`, over a random table):
/// created and dropped at random, read alone, grouped, joined with a table, as an IN
/// list. Reading a view that does not exist fails on both sides.
fn view_statement(r: &mut Rng) -> (String, bool) {
    let (t, cols) = table(r);
    let v = format!("v{}", r.below(3));
    let c = r.pick(cols);
    match r.below(8) {
        0 => (format!("DROP VIEW IF EXISTS {v}"), false),
        1 | 2 => {
            let q = expr(r, cols, None, 1);
            let distinct = r.pick(&["", "DISTINCT "]);
            (
                format!(
                    "CREATE VIEW IF NOT EXISTS {v} (p, q) AS SELECT {distinct}{c}, {q} FROM {t} WHERE {}",
                    predicate(r, cols, None, 1)
                ),
                false,
            )
        }
        3 => (
            format!(
                "SELECT p, q FROM {v} WHERE p {} {} ORDER BY 1, 2",
                r.pick(&CMP),
                literal(r)
            ),
            false,
        ),
        4 => (
            format!("SELECT p, count(*), sum(q), max(q) FROM {v} GROUP BY p"),
            false,
        ),
        5 => (
            format!("SELECT {v}.p, x.{c} FROM {v} JOIN {t} AS x ON x.{c} = {v}.q OR x.{c} = {v}.p"),
            false,
        ),
        6 => (
            format!("SELECT {c} FROM {t} WHERE {c} IN (SELECT p FROM {v}) OR {c} NOT IN (SELECT q FROM {v})"),
            false,
        ),
        _ => (
            // A table of one column as the IN list.
            format!("SELECT {c}, {c} IN one, {c} NOT IN one FROM {t}"),
            false,
        ),
    }
}

/// A join of three or four relations in a random FROM order, linked by random
/// equalities (some relations by none: a cross product), with a filter of its own on
/// some: the planner reorders it, and the columns must come back in FROM order.
fn join_statement(r: &mut Rng) -> (String, bool) {
    if r.chance(40) {
        return outer_join_statement(r);
    }
    let all: [(&str, &[&str]); 4] = [
        ("t1 AS a", T1),
        ("t2 AS b", T2),
        ("t3 AS c", T3),
        ("t1 AS d", T1),
    ];
    let mut rels: Vec<(&str, &[&str])> = all.to_vec();
    let n = 3 + r.below(2);
    for i in 0..rels.len() {
        let j = i + r.below(rels.len() - i);
        rels.swap(i, j);
    }
    rels.truncate(n);
    let alias = |t: &str| t.rsplit(' ').next().unwrap().to_string();
    let mut terms = Vec::new();
    for _ in 0..r.below(n + 1) {
        let (x, y) = (r.below(n), r.below(n));
        if x != y {
            let (tx, cx) = rels[x];
            let (ty, cy) = rels[y];
            terms.push(format!(
                "{}.{} = {}.{}",
                alias(tx),
                r.pick(cx),
                alias(ty),
                r.pick(cy)
            ));
        }
    }
    if r.chance(50) {
        let (t, cols) = rels[r.below(n)];
        terms.push(predicate(r, cols, Some(&alias(t)), 1));
    }
    let from: Vec<&str> = rels.iter().map(|(t, _)| *t).collect();
    let what = if r.chance(50) {
        "*".to_string()
    } else {
        let (t, cols) = rels[r.below(n)];
        format!("count(*), max({}.{})", alias(t), r.pick(cols))
    };
    let filter = if terms.is_empty() {
        "1".to_string()
    } else {
        terms.join(" AND ")
    };
    (
        format!("SELECT {what} FROM {} WHERE {filter}", from.join(", ")),
        false,
    )
}

/// A statement with a common table expression: a CTE over a table read by the main
/// query, recursive series (UNION ALL and UNION) that read the tables as they go, and
/// a CTE feeding an INSERT or a DELETE.
fn cte_statement(r: &mut Rng) -> (String, bool) {
    let (t, all_cols) = table(r);
    // Not the key: REPLACE gives rows other rowids here than in SQLite, and a rowid
    // copied into data would make every later result differ.
    let cols = &all_cols[1..];
    let c = r.pick(cols);
    let all = r.pick(&["UNION ALL", "UNION"]);
    match r.below(5) {
        0 => (
            format!(
                "WITH c (p) AS (SELECT {c} FROM {t} WHERE {}) SELECT count(*), max(p), min(p) FROM c",
                predicate(r, cols, None, 1)
            ),
            false,
        ),
        1 => (
            format!(
                "WITH RECURSIVE s (n) AS (SELECT {} {all} SELECT n + {} FROM s WHERE n < {}) \
                 SELECT n, (SELECT count(*) FROM t1 WHERE a < n) FROM s",
                r.below(5),
                1 + r.below(3),
                r.below(30)
            ),
            false,
        ),
        2 => (
            format!(
                // UNION ALL: with UNION, which of 0 and 0.0 stays depends on the order
                // the table is scanned in (SQLite may read it through an index).
                "WITH RECURSIVE s (n) AS (SELECT {c} FROM {t} UNION ALL SELECT n / 2 FROM s WHERE n > 1) \
                 SELECT n FROM s"
            ),
            false,
        ),
        3 => {
            let x = expr(r, cols, None, 1);
            (
                format!(
                    "WITH c (p) AS (SELECT {x} FROM {t} WHERE {}) INSERT INTO t2 (x, y) SELECT coalesce(p, 0), p FROM c",
                    predicate(r, cols, None, 1)
                ),
                false,
            )
        }
        _ => (
            format!(
                "WITH RECURSIVE s (n) AS (SELECT {} UNION ALL SELECT n + 1 FROM s WHERE n < {}) \
                 DELETE FROM {t} WHERE {c} IN (SELECT n FROM s)",
                r.below(10),
                r.below(20)
            ),
            false,
        ),
    }
}

/// Two relations joined LEFT, RIGHT or FULL on a random condition, or by USING or
/// NATURAL, with a WHERE that may test the NULLs an outer join makes.
fn outer_join_statement(r: &mut Rng) -> (String, bool) {
    let (ca, cb) = (r.pick(T1), r.pick(T2));
    let kind = r.pick(&["LEFT", "RIGHT", "FULL", "", "LEFT OUTER", "FULL OUTER"]);
    let on_extra = if r.chance(30) {
        format!(" AND {}", predicate(r, T2, Some("b"), 1))
    } else {
        String::new()
    };
    let filter = match r.below(3) {
        0 => "1".to_string(),
        1 => format!("a.{ca} IS NULL OR b.{cb} IS NOT NULL"),
        _ => predicate(r, T1, Some("a"), 1),
    };
    match r.below(4) {
        0 => (
            format!("SELECT a.id, b.id, d.id FROM t1 AS a JOIN t1 AS d USING (a, b) LEFT JOIN t2 AS b ON b.x = d.a WHERE {filter}"),
            false,
        ),
        1 => (
            format!("SELECT * FROM t1 AS a NATURAL JOIN t1 AS d WHERE {filter}"),
            false,
        ),
        _ => (
            format!("SELECT * FROM t1 AS a {kind} JOIN t2 AS b ON a.{ca} = b.{cb}{on_extra} WHERE {filter}"),
            false,
        ),
    }
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

fn from_sqlite(v: SqliteValue) -> Value {
    match v {
        SqliteValue::Null => Value::Null,
        SqliteValue::Integer(i) => Value::Integer(i),
        SqliteValue::Real(r) => Value::Real(r),
        SqliteValue::Text(s) => Value::Text(s),
        SqliteValue::Blob(b) => Value::Blob(b),
    }
}

/// Equal values; in a group key (`loose`) an integer may stand for an equal real, as
/// which of the group's rows SQLite takes the key from depends on its sorter.
fn same(a: &Value, b: &Value, loose: bool) -> bool {
    match (a, b) {
        (Value::Integer(i), Value::Real(r)) | (Value::Real(r), Value::Integer(i)) if loose => {
            *i as f64 == *r
        }
        (Value::Real(x), Value::Real(y)) => x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
        (Value::Text(x), Value::Text(y)) => x == y || same_but_17th_digit(x, y),
        _ => a == b,
    }
}

/// SQLite prints a real that needs 17 significant digits with a last digit that is
/// sometimes off by one from the exact one (its `sqlite3FpDecode`); we print the exact
/// one. Texts that differ only there are the same.
fn same_but_17th_digit(x: &str, y: &str) -> bool {
    if x.len() != y.len() {
        return false;
    }
    let mut run = 0;
    for (a, b) in x.bytes().zip(y.bytes()) {
        if a != b && !(a.is_ascii_digit() && b.is_ascii_digit() && run >= 15) {
            return false;
        }
        run = if a.is_ascii_digit() {
            run + 1
        } else if a == b'.' {
            run
        } else {
            0
        };
    }
    true
}

fn same_rows(ours: &[Vec<Value>], theirs: &[Vec<Value>], loose: bool) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .all(|(a, b)| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y, loose)))
}

fn canonical(mut rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    rows.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.sql_cmp(y).then(x.type_name().cmp(y.type_name())))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    rows
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

fn run_seed(seed: u64, statements: usize, generate: fn(&mut Rng) -> (String, bool)) {
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
    let script: Vec<(String, bool)> = SCHEMA
        .iter()
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
            (Err(_), Err(_)) => errors += 1,
            (Ok(None), Ok(None)) => {}
            (Ok(Some(a)), Ok(Some(b))) => {
                selects += 1;
                let loose = sql.contains("GROUP BY") || sql.contains("DISTINCT");
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
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=40).collect(),
    };
    for seed in seeds {
        run_seed(seed, 400, statement);
    }
}

/// Correlated subqueries against SQLite: half the statements fill the tables (plain
/// INSERTs of the main generator), half read or change them through a subquery that
/// names the outer row.
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
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=20).collect(),
    };
    for seed in seeds {
        run_seed(seed, 300, mixed);
    }
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
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=10).collect(),
    };
    for seed in seeds {
        run_seed(seed, 120, mixed);
    }
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
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=10).collect(),
    };
    for seed in seeds {
        run_seed(seed, 200, mixed);
    }
}

#[test]
fn sql_differential_correlated_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(50) {
            insert_statement(r)
        } else {
            correlated_statement(r)
        }
    }
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=20).collect(),
    };
    for seed in seeds {
        run_seed(seed, 300, mixed);
    }
}

/// Time values, modifiers and strftime formats for the date functions.
const DATES: &[&str] = &[
    "2024-02-29",
    "2024-02-29 13:45",
    "2023-12-31T23:59:59.999",
    "2024-01-01 10:00:00+05:30",
    "2024-01-01 10:00Z",
    "1999-12-31 24:00",
    "12:30:45",
    "-0044-03-15",
    "2023-02-31",
    "2460000.5",
    "1700000000",
    "2024-13-01",
    "24:00:01",
    "junk",
];
const MODIFIERS: &[&str] = &[
    "+1 day",
    "-2 hours",
    "+90 minutes",
    "+30.5 seconds",
    "+1 month",
    "-13 months",
    "+1.5 years",
    "+01:30",
    "-00:00:30.5",
    "+0001-02-03",
    "-0000-11-30 12:00",
    "start of month",
    "start of year",
    "start of day",
    "end of month",
    "end of year",
    "weekday 0",
    "weekday 3",
    "weekday -2",
    "unixepoch",
    "julianday",
    "auto",
    "subsec",
    "floor",
    "ceiling",
    "localtime",
    "utc",
    "+1 fortnight",
    "bogus",
];
const STRFTIME: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%j %w %u %W %U %V %G %g",
    "%e|%k|%l|%I|%p|%P",
    "%f %s %J",
    "%F %R %T %%",
    "%Q",
    "week %W of %Y",
];

/// JSON texts (some malformed, some JSON5) and paths.
const JSONS: &[&str] = &[
    r#"{"a":1,"b":[1,2.5,"x",true,null],"c":{"d":"e"}}"#,
    r#"[1,[2,[3]],{"k":"v"}]"#,
    r#"{"a":{"b":{"c":[10,20]}},"a.b":7}"#,
    r#"[]"#,
    r#"{}"#,
    r#""str""#,
    r#"12.50"#,
    r#"null"#,
    r#"{a:1, 'b':[1,2,],}"#,
    r#"[0x10, .5, +1, Infinity]"#,
    r#"[1,2"#,
    r#"{"dup":1,"dup":2}"#,
    r#"[1e5, -0, 9223372036854775808]"#,
];
const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.b[1]",
    "$.b[#-1]",
    "$.c.d",
    "$[0]",
    "$[1][1][0]",
    "$[2].k",
    "$.a.b.c[1]",
    "$.\"a.b\"",
    "$[#]",
    "$.zz",
    "$.b[9]",
    "$[",
    "$.",
    "a",
    "$.dup",
];

fn pick_q(r: &mut Rng, xs: &[&str]) -> String {
    format!("'{}'", r.pick(xs).replace('\'', "''"))
}

/// A function argument: a literal, a column, or a value the function family likes.
fn fvalue(r: &mut Rng, cols: &[&str]) -> String {
    match r.below(12) {
        0..=3 => literal(r),
        4..=5 => column(r, cols, None),
        6 => pick_q(r, DATES),
        7 => pick_q(r, JSONS),
        8 => r
            .pick(&[
                "-1.5",
                "0.1",
                "1e10",
                "-0.0",
                "123456789",
                "9.995",
                "2.675",
                "1e-7",
                "-3",
            ])
            .to_string(),
        9 => pick_q(
            r,
            &[
                "%", "a_c", "A*", "x", "héllo", " 12 ", "0x1f", "1e3", "[a-c]*", "a!%",
            ],
        ),
        _ => r.below(200).to_string(),
    }
}

/// A printf format: literal text and conversions with random flags, width, precision.
fn printf_format(r: &mut Rng) -> String {
    let mut f = String::new();
    for _ in 0..1 + r.below(3) {
        f.push_str(r.pick(&["", "x", "<", " = "]));
        f.push('%');
        for flag in ["-", "+", " ", "0", "#", "!", ","] {
            if r.chance(12) {
                f.push_str(flag);
            }
        }
        if r.chance(40) {
            f.push_str(&r.below(16).to_string());
        } else if r.chance(10) {
            f.push('*');
        }
        if r.chance(50) {
            f.push('.');
            if r.chance(15) {
                f.push('*');
            } else {
                f.push_str(&r.below(20).to_string());
            }
        }
        f.push_str(r.pick(&[
            "d", "i", "u", "x", "X", "o", "f", "e", "E", "g", "G", "s", "q", "Q", "w", "c", "%",
        ]));
    }
    f
}

/// One call of a deterministic function added for SQLite's scalar library.
fn function_call(r: &mut Rng, cols: &[&str]) -> String {
    let v = |r: &mut Rng| fvalue(r, cols);
    let d = |r: &mut Rng| {
        if r.chance(70) {
            pick_q(r, DATES)
        } else {
            fvalue(r, cols)
        }
    };
    let m = |r: &mut Rng| pick_q(r, MODIFIERS);
    let j = |r: &mut Rng| {
        if r.chance(80) {
            pick_q(r, JSONS)
        } else {
            fvalue(r, cols)
        }
    };
    let p = |r: &mut Rng| pick_q(r, PATHS);
    match r.below(46) {
        0 => format!("lower({})", v(r)),
        1 => format!("upper({})", v(r)),
        2 => format!("length({})", v(r)),
        3 => format!("octet_length({})", v(r)),
        4 => format!("hex({})", v(r)),
        5 => format!("quote({})", v(r)),
        6 => format!("unicode({})", v(r)),
        7 => format!("char({}, {})", r.below(300), v(r)),
        8 => format!("trim({}, {})", v(r), v(r)),
        9 => format!("replace({}, {}, {})", v(r), v(r), v(r)),
        10 => format!("instr({}, {})", v(r), v(r)),
        11 => format!("substr({}, {}, {})", v(r), v(r), v(r)),
        12 => format!("concat({}, {}, {})", v(r), v(r), v(r)),
        13 => format!("concat_ws({}, {}, {})", v(r), v(r), v(r)),
        14 => format!("unhex({}, {})", v(r), v(r)),
        15 => format!("sign({})", v(r)),
        16 => format!("iif({}, {}, {})", v(r), v(r), v(r)),
        17 => format!("glob({}, {})", v(r), v(r)),
        18 => format!("like({}, {}, '!')", v(r), v(r)),
        19 => format!("zeroblob(length({}))", v(r)),
        20 => format!("abs({})", v(r)),
        21..=24 => {
            let f = printf_format(r);
            format!("printf('{f}', {}, {}, {})", v(r), v(r), v(r))
        }
        25 => format!("date({}, {})", d(r), m(r)),
        26 => format!("datetime({}, {}, {})", d(r), m(r), m(r)),
        27 => format!("time({}, {})", d(r), m(r)),
        28 => format!("julianday({})", d(r)),
        29 => format!("unixepoch({}, {})", d(r), m(r)),
        30 => format!("strftime({}, {}, {})", pick_q(r, STRFTIME), d(r), m(r)),
        31 => format!("timediff({}, {})", d(r), d(r)),
        32 => format!("json({})", j(r)),
        33 => format!("json_valid({})", j(r)),
        34 => format!("json_extract({}, {})", j(r), p(r)),
        35 => format!("json_extract({}, {}, {})", j(r), p(r), p(r)),
        36 => format!("json_type({}, {})", j(r), p(r)),
        37 => format!("json_array_length({}, {})", j(r), p(r)),
        38 => format!("json_array({}, {}, json({}))", v(r), v(r), j(r)),
        39 => format!("json_object('k', {}, 'n', {})", v(r), v(r)),
        40 => format!("json_set({}, {}, {})", j(r), p(r), v(r)),
        41 => format!("json_insert({}, {}, {})", j(r), p(r), v(r)),
        42 => format!("json_replace({}, {}, {})", j(r), p(r), v(r)),
        43 => format!("json_remove({}, {})", j(r), p(r)),
        44 => format!("json_quote({})", v(r)),
        _ => format!("json_patch({}, {})", j(r), j(r)),
    }
}

/// The functions of SQLite's scalar library that this engine added (text, printf,
/// date and time, JSON; not the math functions, which rusqlite's bundled SQLite is
/// built without, nor random(), 'now' or blobs given to JSON functions) over random
/// values and the columns of rows the main generator inserts.
#[test]
fn sql_differential_functions_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(25) {
            return insert_statement(r);
        }
        let (t, cols) = table(r);
        let calls: Vec<String> = (0..1 + r.below(3))
            .map(|_| function_call(r, cols))
            .collect();
        if r.chance(50) {
            (format!("SELECT {}", calls.join(", ")), false)
        } else {
            (format!("SELECT {} FROM {t}", calls.join(", ")), false)
        }
    }
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=30).collect(),
    };
    for seed in seeds {
        run_seed(seed, 300, mixed);
    }
}
