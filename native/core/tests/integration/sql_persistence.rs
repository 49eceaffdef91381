//! Schemas, rows, indexes, rowid counters and triggers written by one session (and one
//! store open) are used by the next; `?` parameters bind typed values.

use sochdb_core::sql::{execute_script, Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

fn rows(r: &StatementResult) -> Vec<Vec<Value>> {
    match r {
        StatementResult::Rows { rows, .. } => rows.clone(),
        other => panic!("not rows: {other:?}"),
    }
}

fn query(store: &mut Store, sql: &str) -> Vec<Vec<Value>> {
    rows(execute_script(store, sql, &[]).unwrap().last().unwrap())
}

#[test]
fn sql_schema_rows_and_indexes_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        execute_script(
            &mut store,
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
             CREATE INDEX users_name ON users (name);
             INSERT INTO users (name, email) VALUES ('a', 'a@x'), ('b', 'b@x'), ('c', NULL);
             DELETE FROM users WHERE id = 3;",
            &[],
        )
        .unwrap();
        store.sync().unwrap();
    }
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    assert_eq!(
        query(&mut store, "SELECT id, name FROM users ORDER BY id"),
        vec![
            vec![Value::Integer(1), Value::Text("a".into())],
            vec![Value::Integer(2), Value::Text("b".into())]
        ]
    );
    // The unique index is enforced, the secondary index is used, rowids are not reused.
    let err = execute_script(
        &mut store,
        "INSERT INTO users (name, email) VALUES ('z', 'a@x')",
        &[],
    )
    .unwrap_err();
    assert_eq!(err.code(), "INVALID_INPUT");
    assert!(
        err.to_string()
            .contains("UNIQUE constraint failed: users.email"),
        "{err}"
    );
    let plan = query(&mut store, "EXPLAIN SELECT * FROM users WHERE name = 'b'");
    assert!(
        format!("{plan:?}").contains("USING INDEX users_name"),
        "{plan:?}"
    );
    assert_eq!(
        query(&mut store, "SELECT email FROM users WHERE name = 'b'"),
        vec![vec![Value::Text("b@x".into())]]
    );
    execute_script(&mut store, "INSERT INTO users (name) VALUES ('d')", &[]).unwrap();
    assert_eq!(
        query(&mut store, "SELECT max(id) FROM users"),
        vec![vec![Value::Integer(4)]]
    );
    // Only reserved keys were written: the SQL key space is under 0xFF.
    let mut scan = store.scan(sochdb_core::store::ScanRange::all()).unwrap();
    while let Some((k, _)) = scan.next_entry().unwrap() {
        assert_eq!(k[0], sochdb_core::store::RESERVED_PREFIX);
    }
}

#[test]
fn sql_read_only_store_answers_queries() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        execute_script(
            &mut store,
            "CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)",
            &[],
        )
        .unwrap();
        store.sync().unwrap();
    }
    let mut store = Store::open(dir.path(), StoreOptions::read_only()).unwrap();
    assert_eq!(
        query(&mut store, "SELECT sum(x) FROM t"),
        vec![vec![Value::Integer(3)]]
    );
    assert!(execute_script(&mut store, "INSERT INTO t VALUES (3)", &[]).is_err());
    assert_eq!(
        query(&mut store, "SELECT count(*) FROM t"),
        vec![vec![Value::Integer(2)]]
    );
}

#[test]
fn sql_parameters_bind_typed_values_in_script_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut s = Session::new(&mut store).unwrap();
    let params = [
        Value::Integer(7),
        Value::Text("x".into()),
        Value::Blob(vec![1, 2]),
        Value::Real(1.5),
    ];
    let out = s
        .execute_script(
            "CREATE TABLE t (a, b); INSERT INTO t VALUES (?, ?); SELECT a, b, ?, ? FROM t",
            &params,
        )
        .unwrap();
    assert_eq!(
        rows(&out[2]),
        vec![vec![
            Value::Integer(7),
            Value::Text("x".into()),
            Value::Blob(vec![1, 2]),
            Value::Real(1.5)
        ]]
    );
    assert_eq!(out[1].message().unwrap(), "1 row inserted");
    let err = s.execute_script("SELECT ?", &[]).unwrap_err();
    assert!(
        err.to_string().contains("parameter 1 is not bound"),
        "{err}"
    );
    let err = s.execute_script("SELECT 1", &[Value::Null]).unwrap_err();
    assert!(err.to_string().contains("placeholder"), "{err}");
}

#[test]
fn sql_errors_name_statement_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let err = execute_script(&mut store, "SELECT 1;\nSELECT * FROM;", &[]).unwrap_err();
    let msg = err.to_string();
    assert_eq!(err.code(), "INVALID_INPUT");
    assert!(
        msg.contains("statement 2") && msg.contains("Line: 2"),
        "{msg}"
    );
    let err = execute_script(&mut store, "SELECT * FROM nosuch", &[]).unwrap_err();
    assert_eq!(err.code(), "NOT_FOUND");
    // Nothing of a script runs when a later statement does not parse.
    let err = execute_script(&mut store, "CREATE TABLE t (x); SELEC", &[]).unwrap_err();
    assert!(err.to_string().contains("statement 2"));
    assert_eq!(
        execute_script(&mut store, "SELECT * FROM t", &[])
            .unwrap_err()
            .code(),
        "NOT_FOUND"
    );
}

#[test]
fn sql_open_transaction_at_end_of_script_is_rolled_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    execute_script(
        &mut store,
        "CREATE TABLE t (x); BEGIN; INSERT INTO t VALUES (1)",
        &[],
    )
    .unwrap();
    assert_eq!(
        query(&mut store, "SELECT count(*) FROM t"),
        vec![vec![Value::Integer(0)]]
    );
}

#[test]
fn sql_large_statements_committed_straight_into_segments_survive_reopen() {
    let dir = tempfile::tempdir().unwrap();
    // Statements over 32 KiB of writes (half the WAL limit) go through `Store::ingest`.
    let opts = StoreOptions {
        wal_limit_bytes: 64 * 1024,
        ..StoreOptions::default()
    };
    let values: Vec<String> = (0..3000).map(|i| format!("('n{i}', 'e{i}@x')")).collect();
    {
        let mut store = Store::open(dir.path(), opts.clone()).unwrap();
        execute_script(
            &mut store,
            "CREATE TABLE src (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);
             CREATE TABLE dst (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE);",
            &[],
        )
        .unwrap();
        let sql = format!("INSERT INTO src (name, email) VALUES {}", values.join(", "));
        execute_script(&mut store, &sql, &[]).unwrap();
        assert_eq!(
            store.checkpoint_lsn(),
            store.lsn(),
            "committed as a checkpoint, not through the WAL"
        );
        execute_script(&mut store, "INSERT INTO dst SELECT * FROM src", &[]).unwrap();
        execute_script(&mut store, "DELETE FROM src WHERE id > 1000", &[]).unwrap();
        assert!(store.stats().unwrap().wal_bytes < 1024);
        // No sync: an ingest is durable when it returns, whatever the sync mode.
    }
    let mut store = Store::open(dir.path(), opts).unwrap();
    let count = |store: &mut Store, sql: &str| query(store, sql)[0][0].clone();
    assert_eq!(
        count(&mut store, "SELECT count(*) FROM src"),
        Value::Integer(1000)
    );
    assert_eq!(
        count(&mut store, "SELECT count(*) FROM dst"),
        Value::Integer(3000)
    );
    assert_eq!(
        count(&mut store, "SELECT name FROM dst WHERE email = 'e2999@x'"),
        Value::Text("n2999".into()),
        "the unique index was ingested with the rows"
    );
    let err = execute_script(
        &mut store,
        "INSERT INTO dst (name, email) VALUES ('z', 'e7@x')",
        &[],
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("UNIQUE constraint failed: dst.email"),
        "{err}"
    );
    execute_script(&mut store, "INSERT INTO src (name) VALUES ('next')", &[]).unwrap();
    assert_eq!(
        count(&mut store, "SELECT max(id) FROM src"),
        Value::Integer(3001),
        "rowids are not reused"
    );
}

/// A parenthesised join is flattened only when that joins the same rows: with a LEFT
/// JOIN around or inside it, it is refused, not answered wrongly.
#[test]
fn parenthesised_joins_with_a_left_join_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    execute_script(
        &mut store,
        "CREATE TABLE a (x); CREATE TABLE b (x); CREATE TABLE c (x)",
        &[],
    )
    .unwrap();
    for sql in [
        "SELECT * FROM a LEFT JOIN (b CROSS JOIN c) ON a.x = b.x",
        "SELECT * FROM a JOIN (b LEFT JOIN c ON b.x = c.x) ON a.x = b.x",
    ] {
        let err = execute_script(&mut store, sql, &[]).unwrap_err();
        assert!(
            err.to_string().contains("not supported: the FROM item"),
            "{sql}: {err}"
        );
    }
    let ok = "SELECT * FROM a JOIN (b CROSS JOIN c) ON a.x = b.x";
    assert!(execute_script(&mut store, ok, &[]).is_ok());
}

#[test]
fn triggers_survive_reopen_and_temporary_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        execute_script(
            &mut store,
            "CREATE TABLE t (x INTEGER);
             CREATE TABLE log (msg TEXT);
             CREATE VIEW doubled AS SELECT x * 2 AS y FROM t;
             CREATE TRIGGER t_log AFTER INSERT ON t WHEN NEW.x > 0 BEGIN
               INSERT INTO log VALUES ('x=' || NEW.x);
             END;
             CREATE TEMP TRIGGER t_temp AFTER INSERT ON t BEGIN
               INSERT INTO log VALUES ('temp');
             END;
             INSERT INTO t VALUES (1);",
            &[],
        )
        .unwrap();
        store.sync().unwrap();
    }
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    execute_script(&mut store, "INSERT INTO t VALUES (2), (-3)", &[]).unwrap();
    assert_eq!(
        query(&mut store, "SELECT msg FROM log ORDER BY rowid"),
        vec![
            vec![Value::Text("temp".into())],
            vec![Value::Text("x=1".into())],
            vec![Value::Text("x=2".into())]
        ]
    );
    // Dropping the table drops its trigger, in the store too; the view stays.
    execute_script(&mut store, "DROP TABLE t", &[]).unwrap();
    store.sync().unwrap();
    drop(store);
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let err = execute_script(&mut store, "DROP TRIGGER t_log", &[]).unwrap_err();
    assert!(err.to_string().contains("no such trigger: t_log"), "{err}");
    execute_script(&mut store, "CREATE TABLE t (x INTEGER)", &[]).unwrap();
    assert_eq!(
        query(&mut store, "SELECT count(*) FROM doubled"),
        vec![vec![Value::Integer(0)]]
    );
}

#[test]
fn temporary_triggers_last_as_long_as_the_connection() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    session
        .execute_script(
            "CREATE TABLE t (x); CREATE TABLE log (x);
             CREATE TEMP TRIGGER r AFTER INSERT ON t BEGIN INSERT INTO log VALUES (NEW.x); END;
             BEGIN; INSERT INTO t VALUES (1); ROLLBACK;
             INSERT INTO t VALUES (2);",
            &[],
        )
        .unwrap();
    let temp = session.finish().unwrap();
    let mut session = Session::with_temp(&mut store, temp).unwrap();
    let out = session
        .execute_script(
            "INSERT INTO t VALUES (3); SELECT group_concat(x) FROM log",
            &[],
        )
        .unwrap();
    assert_eq!(
        rows(out.last().unwrap()),
        vec![vec![Value::Text("2,3".into())]]
    );
}
