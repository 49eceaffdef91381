//! Foreign keys beyond what the golden file shows: they survive a reopen (catalog
//! section), `PRAGMA foreign_keys` belongs to the connection (a new one starts off, the
//! same one keeps it between sessions), and what is refused is refused as unsupported
//! (exit 3) with a message naming it, leaving the database as it was.

use sochdb_core::error::Error;
use sochdb_core::sql::{Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

fn last_rows(out: &[StatementResult]) -> Vec<Vec<Value>> {
    match out.last() {
        Some(StatementResult::Rows { rows, .. }) => rows.clone(),
        other => panic!("not rows: {other:?}"),
    }
}

fn unsupported(session: &mut Session<'_>, sql: &str, names: &str) {
    match session.execute_script(sql, &[]) {
        Err(Error::Unsupported(m)) => assert!(m.contains(names), "{m}"),
        other => panic!("{sql}: expected unsupported, got {other:?}"),
    }
}

#[test]
fn foreign_keys_survive_a_reopen_and_the_switch_is_per_connection() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        let mut session = Session::new(&mut store).unwrap();
        session
            .execute_script(
                "CREATE TABLE p (id INTEGER PRIMARY KEY, k TEXT UNIQUE);
                 CREATE TABLE c (x, y REFERENCES p (k) ON DELETE CASCADE,
                                 FOREIGN KEY (x) REFERENCES p ON UPDATE SET NULL);
                 INSERT INTO p VALUES (1, 'a'), (2, 'b');
                 INSERT INTO c VALUES (1, 'a'), (2, 'b'), (9, 'zz');
                 PRAGMA foreign_keys = ON;",
                &[],
            )
            .unwrap();
        let temp = session.finish().unwrap();
        let mut session = Session::with_temp(&mut store, temp).unwrap();
        let out = session.execute_script("PRAGMA foreign_keys", &[]).unwrap();
        assert_eq!(last_rows(&out), vec![vec![Value::Integer(1)]]);
        session.close().unwrap();
        store.sync().unwrap();
    }
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    let out = session
        .execute_script(
            "PRAGMA foreign_keys; DELETE FROM p WHERE k = 'zz'; PRAGMA foreign_keys = on;
             DELETE FROM p WHERE k = 'a'; UPDATE p SET id = 7 WHERE id = 2;
             SELECT x, y FROM c ORDER BY y",
            &[],
        )
        .unwrap();
    assert_eq!(
        match &out[0] {
            StatementResult::Rows { columns, rows } => (columns.clone(), rows.clone()),
            other => panic!("{other:?}"),
        },
        (
            vec!["foreign_keys".to_string()],
            vec![vec![Value::Integer(0)]]
        ),
        "a new connection starts with enforcement off"
    );
    assert_eq!(
        last_rows(&out),
        vec![
            vec![Value::Null, Value::Text("b".into())],
            vec![Value::Integer(9), Value::Text("zz".into())],
        ]
    );
}

#[test]
fn what_is_not_enforced_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    session
        .execute_script(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE p (id INTEGER PRIMARY KEY, v);
             CREATE TABLE c (p INTEGER REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE, w);
             INSERT INTO p VALUES (1, 'x'); INSERT INTO c VALUES (1, 0);",
            &[],
        )
        .unwrap();
    unsupported(
        &mut session,
        "CREATE TABLE d (p REFERENCES p DEFERRABLE INITIALLY DEFERRED)",
        "DEFERRABLE INITIALLY DEFERRED",
    );
    unsupported(
        &mut session,
        "PRAGMA foreign_key_check",
        "foreign_key_check",
    );
    unsupported(
        &mut session,
        "PRAGMA foreign_key_list(c)",
        "foreign_key_list",
    );
    unsupported(&mut session, "REPLACE INTO p VALUES (1, 'y')", "REPLACE");
    unsupported(
        &mut session,
        "INSERT INTO p VALUES (1, 'z') ON CONFLICT (id) DO UPDATE SET id = 5",
        "DO UPDATE",
    );
    unsupported(&mut session, "ALTER TABLE c DROP COLUMN p", "FOREIGN KEY");
    // Dropping another column keeps the key on its column.
    let err = session
        .execute_script(
            "CREATE TABLE e (a, b REFERENCES p); ALTER TABLE e DROP COLUMN a;
             INSERT INTO e VALUES (1); INSERT INTO e VALUES (99)",
            &[],
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("FOREIGN KEY constraint failed"),
        "{err}"
    );
    // Nothing of the refused statements stayed; a REPLACE without children is fine.
    let out = session
        .execute_script(
            "SELECT (SELECT group_concat(id || v) FROM p), (SELECT count(*) FROM c);
             INSERT INTO p VALUES (2, 'q'); REPLACE INTO p VALUES (2, 'r');
             SELECT group_concat(id || v) FROM p",
            &[],
        )
        .unwrap();
    assert_eq!(
        last_rows(&out[..1]),
        vec![vec![Value::Text("1x".into()), Value::Integer(1)]]
    );
    assert_eq!(last_rows(&out), vec![vec![Value::Text("1x,2r".into())]]);
}
