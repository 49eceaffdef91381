//! CHECK constraints, DEFAULT expressions, collations, expression and partial indexes
//! and AUTOINCREMENT kept in the catalog survive a reopen; what collations do not support yet is refused, never answered wrongly.

use sochdb_core::sql::{execute_script, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

fn last(store: &mut Store, sql: &str) -> Result<StatementResult, String> {
    execute_script(store, sql, &[])
        .map(|mut r| r.pop().unwrap())
        .map_err(|e| e.to_string())
}

fn rows(store: &mut Store, sql: &str) -> Vec<Vec<Value>> {
    match last(store, sql).unwrap() {
        StatementResult::Rows { rows, .. } => rows,
        other => panic!("not rows: {other:?}"),
    }
}

#[test]
fn checks_defaults_and_collations_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        last(
            &mut store,
            "CREATE TABLE t (a INT CONSTRAINT pos CHECK (a > 0), b TEXT COLLATE NOCASE,
                             c DEFAULT (upper('d')), d DEFAULT CURRENT_DATE, CHECK (a < 100));
             CREATE INDEX t_b ON t (b);
             CREATE UNIQUE INDEX t_c ON t (c COLLATE RTRIM);
             INSERT INTO t (a, b) VALUES (1, 'Xy');",
        )
        .unwrap();
        store.sync().unwrap();
    }
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let err = last(&mut store, "INSERT INTO t (a, b) VALUES (0, 'q')").unwrap_err();
    assert!(err.ends_with("CHECK constraint failed: pos"), "{err}");
    let err = last(&mut store, "INSERT INTO t (a, b) VALUES (100, 'q')").unwrap_err();
    assert!(err.ends_with("CHECK constraint failed: a < 100"), "{err}");
    let err = last(&mut store, "INSERT INTO t (a, c) VALUES (5, 'D  ')").unwrap_err();
    assert!(err.ends_with("UNIQUE constraint failed: t.c"), "{err}");
    assert_eq!(
        rows(&mut store, "SELECT a, c, length(d) FROM t WHERE b = 'XY'"),
        vec![vec![
            Value::Integer(1),
            Value::Text("D".into()),
            Value::Integer(10)
        ]]
    );
    last(&mut store, "ALTER TABLE t DROP COLUMN d").unwrap();
    store.sync().unwrap();
    drop(store);
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    assert_eq!(
        rows(&mut store, "SELECT * FROM t"),
        vec![vec![
            Value::Integer(1),
            Value::Text("Xy".into()),
            Value::Text("D".into())
        ]]
    );
}

#[test]
fn expression_and_partial_indexes_and_autoincrement_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        last(
            &mut store,
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT, n INT NOT NULL);
             CREATE UNIQUE INDEX t_la ON t (lower(a)) WHERE n > 0;
             CREATE INDEX t_a2 ON t (a COLLATE NOCASE, n * 2);
             INSERT INTO t (a, n) VALUES ('Ab', 1), ('ab', 0);
             INSERT OR IGNORE INTO t (a, n) VALUES ('AB', 5), ('x', NULL);",
        )
        .unwrap();
        store.sync().unwrap();
    }
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let err = last(&mut store, "INSERT INTO t (a, n) VALUES ('aB', 2)").unwrap_err();
    assert!(
        err.ends_with("UNIQUE constraint failed: index 't_la'"),
        "{err}"
    );
    // Outside the partial index: no conflict. The two rows OR IGNORE skipped used up
    // rowids 3 and 4 (AUTOINCREMENT), as in SQLite.
    last(&mut store, "INSERT INTO t (a, n) VALUES ('aB', -2)").unwrap();
    assert_eq!(
        rows(&mut store, "SELECT id, a, n FROM t ORDER BY id"),
        vec![
            vec![
                Value::Integer(1),
                Value::Text("Ab".into()),
                Value::Integer(1)
            ],
            vec![
                Value::Integer(2),
                Value::Text("ab".into()),
                Value::Integer(0)
            ],
            vec![
                Value::Integer(5),
                Value::Text("aB".into()),
                Value::Integer(-2)
            ],
        ]
    );
    // Deleting through the expression index's rows leaves no stale entry behind.
    last(&mut store, "DELETE FROM t WHERE n > 0").unwrap();
    last(&mut store, "INSERT INTO t (a, n) VALUES ('AB', 3)").unwrap();
    let err = last(
        &mut store,
        "CREATE TABLE u (k TEXT PRIMARY KEY AUTOINCREMENT)",
    )
    .unwrap_err();
    assert!(
        err.ends_with("AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY"),
        "{err}"
    );
}

/// INDEXED BY makes a scan read the named index (when a term can use it) and NOT
/// INDEXED none, as EXPLAIN shows; the answers are the same either way.
#[test]
fn indexed_by_and_not_indexed_choose_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    last(
        &mut store,
        "CREATE TABLE t (a INT, b INT);
         CREATE INDEX t_a ON t (a);
         CREATE INDEX t_ab ON t (a, b);
         INSERT INTO t VALUES (1, 1), (1, 2), (2, 2);",
    )
    .unwrap();
    let plan = |store: &mut Store, from: &str| {
        format!(
            "{:?}",
            rows(
                store,
                &format!("EXPLAIN SELECT b FROM {from} WHERE a = 1 AND b = 2")
            )
        )
    };
    assert!(plan(&mut store, "t").contains("USING INDEX t_ab"));
    let forced = plan(&mut store, "t INDEXED BY t_a");
    assert!(
        forced.contains("USING INDEX t_a ") || forced.contains("USING INDEX t_a)"),
        "{forced}"
    );
    assert!(!plan(&mut store, "t NOT INDEXED").contains("USING INDEX"));
    for from in ["t", "t INDEXED BY t_a", "t NOT INDEXED"] {
        assert_eq!(
            rows(
                &mut store,
                &format!("SELECT b FROM {from} WHERE a = 1 AND b = 2")
            ),
            vec![vec![Value::Integer(2)]]
        );
    }
}

/// A WHERE that names an expression index's expression searches that index; a partial
/// index serves only queries whose WHERE has each of its terms; the answers are those
/// of a full scan.
#[test]
fn expression_and_partial_indexes_serve_queries() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    last(
        &mut store,
        "CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT, n INT, active INT);
         CREATE INDEX u_lower ON u (lower(email));
         CREATE INDEX u_n_active ON u (n) WHERE active = 1;
         CREATE INDEX u_nocase ON u (email COLLATE NOCASE);
         WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300)
         INSERT INTO u (email, n, active)
           SELECT 'User' || i || '@X.org', i % 10, i % 3 = 0 FROM s;",
    )
    .unwrap();
    let plan = |store: &mut Store, q: &str| format!("{:?}", rows(store, &format!("EXPLAIN {q}")));
    let count = |store: &mut Store, q: &str| rows(store, q);
    let q = "SELECT count(*) FROM u WHERE lower(email) = 'user7@x.org'";
    assert!(
        plan(&mut store, q).contains("USING INDEX u_lower"),
        "{}",
        plan(&mut store, q)
    );
    assert_eq!(count(&mut store, q), vec![vec![Value::Integer(1)]]);
    let q = "SELECT count(*) FROM u WHERE lower(email) >= 'user29' AND lower(email) < 'user3'";
    assert!(plan(&mut store, q).contains("USING INDEX u_lower"));
    assert_eq!(count(&mut store, q), vec![vec![Value::Integer(12)]]);
    // The partial index holds only active rows: a query that does not say active = 1
    // must not read it.
    let q = "SELECT count(*) FROM u WHERE n = 3 AND active = 1";
    assert!(plan(&mut store, q).contains("USING INDEX u_n_active"));
    assert_eq!(count(&mut store, q), vec![vec![Value::Integer(10)]]);
    let q = "SELECT count(*) FROM u WHERE n = 3";
    assert!(!plan(&mut store, q).contains("u_n_active"));
    assert_eq!(count(&mut store, q), vec![vec![Value::Integer(30)]]);
    // A NOCASE index keeps folded keys: a BINARY comparison does not search it (a full
    // walk of it, covering `email`, is SQLite's plan too).
    let q = "SELECT count(*) FROM u WHERE email = 'user7@x.org'";
    assert!(!plan(&mut store, q).contains("SEARCH u USING INDEX u_nocase"));
    assert_eq!(count(&mut store, q), vec![vec![Value::Integer(0)]]);
}
