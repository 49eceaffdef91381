//! The JSON subtype of a json_each/json_tree `value`: kept where the column is named
//! directly (as SQLite does), refused where it passes through a subquery, view or CTE
//! into a JSON function, since SQLite's answer there depends on whether it flattens
//! the subquery. Other uses of such a column are answered.

use sochdb_core::error::Error;
use sochdb_core::sql::{execute_script, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

fn run(store: &mut Store, sql: &str) -> Result<Vec<Vec<Value>>, Error> {
    match execute_script(store, sql, &[])?.pop().unwrap() {
        StatementResult::Rows { rows, .. } => Ok(rows),
        other => panic!("not rows: {other:?}"),
    }
}

fn text(s: &str) -> Vec<Vec<Value>> {
    vec![vec![Value::Text(s.into())]]
}

#[test]
fn json_each_values_through_subqueries_are_refused_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    // Named directly: an array stays JSON, as in SQLite.
    assert_eq!(
        run(
            &mut store,
            "SELECT json_array(value) FROM json_each('[[1]]')"
        )
        .unwrap(),
        text("[[1]]")
    );
    execute_script(
        &mut store,
        "CREATE VIEW v AS SELECT value AS x FROM json_each('[[1]]')",
        &[],
    )
    .unwrap();
    for sql in [
        "SELECT json_array(x) FROM (SELECT value AS x FROM json_each('[[1]]'))",
        "SELECT json_array(x) FROM (SELECT * FROM (SELECT value AS x FROM json_each('[[1]]')))",
        "WITH c AS (SELECT value AS x FROM json_each('[[1]]')) SELECT json_array(x) FROM c",
        "SELECT json_array(x) FROM v",
        "SELECT json_object('k', x) FROM v",
        "SELECT json_group_array(x) FROM v",
        "SELECT json_array(x) FROM (SELECT value AS x FROM json_each('[1]') UNION ALL SELECT 2)",
    ] {
        let err = run(&mut store, sql).unwrap_err();
        assert!(matches!(err, Error::Unsupported(_)), "{sql}: {err}");
        assert!(
            err.to_string()
                .contains("not supported: a json_each/json_tree value passed through"),
            "{err}"
        );
    }
    // Uses that do not depend on the subtype are answered.
    assert_eq!(run(&mut store, "SELECT x FROM v").unwrap(), text("[1]"));
    assert_eq!(
        run(&mut store, "SELECT json_extract(x, '$[0]') FROM v").unwrap(),
        vec![vec![Value::Integer(1)]]
    );
    assert_eq!(
        run(&mut store, "SELECT json_array(x || '') FROM v").unwrap(),
        text(r#"["[1]"]"#)
    );
}
