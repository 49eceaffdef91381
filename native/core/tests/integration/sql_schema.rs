//! CHECK constraints, DEFAULT expressions and collations kept in the catalog survive a
//! reopen; what collations do not support yet is refused, never answered wrongly.

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
fn collations_refused_where_not_supported() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    last(&mut store, "CREATE TABLE k (n TEXT COLLATE NOCASE, p TEXT)").unwrap();
    for sql in [
        "SELECT count(*) FROM k GROUP BY n",
        "SELECT DISTINCT n FROM k",
        "SELECT max(n) FROM k",
        "SELECT min(p COLLATE RTRIM) FROM k",
        "SELECT count(DISTINCT n) FROM k",
        "SELECT n FROM k UNION SELECT p FROM k",
        "SELECT p FROM k WHERE p IN (SELECT n FROM k)",
        "SELECT row_number() OVER (PARTITION BY n) FROM k",
        "SELECT nullif(n, 'a') FROM k",
    ] {
        let err = last(&mut store, sql).unwrap_err();
        assert!(
            err.contains("not supported") && err.contains("COLLATE"),
            "{sql}: {err}"
        );
    }
}
