//! Errors say where in the script they apply: statement, line and column.

use sochdb_core::sql::{Position, ScriptError, Session};
use sochdb_core::store::{Store, StoreOptions};

fn run(sql: &str) -> ScriptError {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    session
        .run_script_placed(sql, &[], |_, _| Ok(()))
        .expect_err("the script should fail")
}

fn at(statement: usize, line: u64, column: u64) -> Option<Position> {
    Some(Position {
        statement,
        line,
        column,
    })
}

#[test]
fn a_parse_error_points_where_the_parser_stopped() {
    let e = run("CREATE TABLE t (x);\n  SELEC 1");
    assert_eq!(e.error.code(), "INVALID_INPUT");
    assert_eq!(e.position, at(2, 2, 3));
    let e = run("SELECT 1;\nSELECT * FROM t WHERE x = = 1");
    assert_eq!(e.position, at(2, 2, 27));
}

#[test]
fn a_missing_table_or_column_points_at_its_name() {
    let e = run("CREATE TABLE t (x);\nINSERT INTO t VALUES (1);\nSELECT x,\n  nosuch FROM t");
    assert_eq!(e.error.code(), "NOT_FOUND");
    assert_eq!(e.position, at(3, 4, 3));
    let e = run("SELECT * FROM missing");
    assert_eq!(e.position, at(1, 1, 15));
    assert!(e.error.to_string().contains("no such table: missing"));
}

#[test]
fn a_constraint_violation_points_at_its_statement() {
    let e = run(
        "CREATE TABLE t (x PRIMARY KEY);\nINSERT INTO t VALUES (1);\n   INSERT INTO t VALUES (1)",
    );
    assert_eq!(e.error.code(), "INVALID_INPUT");
    assert_eq!(e.position, at(3, 3, 4));
}

#[test]
fn an_unterminated_string_is_placed_too() {
    let e = run("SELECT 1;\nSELECT 'abc");
    assert_eq!(e.error.code(), "INVALID_INPUT");
    let p = e.position.expect("a position");
    assert_eq!((p.statement, p.line), (2, 2));
}

#[test]
fn a_trigger_body_is_one_statement_and_errors_inside_it_are_placed() {
    let e = run(
        "CREATE TABLE t (x);\nCREATE TRIGGER r AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELECT 2;\nEND;\n  SELEC 3",
    );
    assert_eq!(e.position, at(3, 6, 3), "{}", e.error);
    let e = run("CREATE TABLE t (x);\nCREATE TRIGGER r AFTER INSERT ON t BEGIN\n  SELECT 1;\n  SELEC 2;\nEND");
    assert_eq!(e.position, at(2, 4, 3), "{}", e.error);
}
