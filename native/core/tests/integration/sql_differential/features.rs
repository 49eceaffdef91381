//! Statement generators for the features compared with SQLite one at a time:
//! correlated subqueries, views, many-way and outer joins, CTEs.

use super::*;

/// A statement with a correlated subquery (run beside plain INSERTs, which give the
/// tables rows): in the select list, WHERE, HAVING, ORDER BY, two levels deep, in
/// UPDATE's SET and in DELETE's WHERE.
pub fn correlated_statement(r: &mut Rng) -> (String, bool) {
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
pub fn view_statement(r: &mut Rng) -> (String, bool) {
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
pub fn join_statement(r: &mut Rng) -> (String, bool) {
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
pub fn cte_statement(r: &mut Rng) -> (String, bool) {
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
pub fn outer_join_statement(r: &mut Rng) -> (String, bool) {
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
