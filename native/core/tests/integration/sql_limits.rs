//! SQLite's limits instead of a crash: statements past the expression depth or the
//! compound-term limit are refused with SQLite's words, and statements just within them
//! run, on a thread whose own stack is far too small for them (a script runs on a stack
//! of its own, whatever thread calls).

use sochdb_core::error::Error;
use sochdb_core::sql::{execute_script, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

/// Smaller than any thread the addon runs on (Node's main thread has 8 MiB, its
/// workers 4 MiB): a script must not depend on the caller's stack.
const SMALL_STACK: usize = 256 * 1024;

fn run_on_small_stack(sql: String) -> Result<Vec<StatementResult>, Error> {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
            execute_script(
                &mut store,
                &format!(
                    "CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'); {sql}"
                ),
                &[],
            )
            .map(|mut r| r.split_off(2))
        })
        .unwrap()
        .join()
        .expect("the script thread must not die")
}

fn single_value(r: &[StatementResult]) -> Value {
    match r.last() {
        Some(StatementResult::Rows { rows, .. }) => rows[0][0].clone(),
        other => panic!("not rows: {other:?}"),
    }
}

fn refused_with(sql: String, words: &str) {
    match run_on_small_stack(sql) {
        Err(Error::InvalidInput(m)) => assert!(m.contains(words), "{m}"),
        other => panic!("expected a refusal with {words:?}, got {other:?}"),
    }
}

fn chain(term: &str, op: &str, n: usize) -> String {
    vec![term; n].join(op)
}

#[test]
fn expressions_up_to_the_depth_limit_run() {
    let r = run_on_small_stack(format!("SELECT {}", chain("1", "+", 1000))).unwrap();
    assert_eq!(single_value(&r), Value::Integer(1000));
    let r = run_on_small_stack(format!(
        "SELECT count(*) FROM t WHERE {}",
        chain("a>0", " AND ", 499)
    ))
    .unwrap();
    assert_eq!(single_value(&r), Value::Integer(1));
    let r = run_on_small_stack(format!("SELECT length({})", chain("'a'", "||", 999))).unwrap();
    assert_eq!(single_value(&r), Value::Integer(999));
    // Parentheses nested as deep as SQLite's parser allows.
    let r = run_on_small_stack(format!(
        "SELECT {}a{} FROM t",
        "(".repeat(99),
        ")".repeat(99)
    ))
    .unwrap();
    assert_eq!(single_value(&r), Value::Integer(1));
}

#[test]
fn flat_chains_past_the_depth_limit_are_refused() {
    let too_deep = "Expression tree is too large (maximum depth 1000)";
    refused_with(format!("SELECT {}", chain("1", "+", 1001)), too_deep);
    refused_with(format!("SELECT {}", chain("1", "+", 100_000)), too_deep);
    refused_with(
        format!("SELECT * FROM t WHERE {}", chain("a>0", " AND ", 10_000)),
        too_deep,
    );
    refused_with(format!("SELECT {}", chain("'a'", "||", 10_000)), too_deep);
    refused_with(format!("SELECT {}", chain("b", " GLOB ", 5_000)), too_deep);
}

#[test]
fn nested_trees_past_the_depth_limit_are_refused() {
    // Each level a parenthesised left operand of a chain of 11: 1,100 deep.
    refused_with(
        format!(
            "SELECT {}1{}",
            "(".repeat(100),
            "+1+1+1+1+1+1+1+1+1+1)".repeat(100)
        ),
        "Expression tree is too large",
    );
    refused_with(
        format!("SELECT {}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        "nested too deep",
    );
    refused_with(
        format!(
            "SELECT {}1{}",
            "(SELECT ".repeat(10_000),
            ")".repeat(10_000)
        ),
        "nested too deep",
    );
    refused_with(
        format!("SELECT {}1", "- ".repeat(100_000)),
        "nested too deep",
    );
    // sqlparser gives up on a long run of NOTs with a plain syntax error.
    refused_with(format!("SELECT {}1", "NOT ".repeat(100_000)), "");
}

#[test]
fn compound_selects_stop_at_500_terms() {
    let r = run_on_small_stack(chain("SELECT 1", " UNION ALL ", 500)).unwrap();
    match r.last() {
        Some(StatementResult::Rows { rows, .. }) => assert_eq!(rows.len(), 500),
        other => panic!("not rows: {other:?}"),
    }
    let too_many = "too many terms in compound SELECT";
    refused_with(chain("SELECT 1", " UNION ", 501), too_many);
    refused_with(chain("SELECT a FROM t", " UNION ALL ", 10_000), too_many);
    refused_with(
        format!("SELECT * FROM ({})", chain("SELECT 1", " EXCEPT ", 1_000)),
        too_many,
    );
}

#[test]
fn a_refused_statement_leaves_the_earlier_ones_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    execute_script(&mut store, "CREATE TABLE t (a)", &[]).unwrap();
    let err = execute_script(
        &mut store,
        &format!("INSERT INTO t VALUES (1); SELECT {}", chain("1", "+", 5000)),
        &[],
    )
    .unwrap_err();
    // A statement that does not pass the limits is refused before anything runs.
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let r = execute_script(&mut store, "SELECT count(*) FROM t", &[]).unwrap();
    assert_eq!(single_value(&r), Value::Integer(0));
}

#[test]
fn a_join_of_more_than_64_tables_is_refused() {
    let from = |n: usize| vec!["t"; n].join(", ");
    // 64 tables of one row each: one row; 65 would be refused even before a row is read.
    let r = run_on_small_stack(format!("SELECT count(*) FROM {}", from(64))).unwrap();
    assert_eq!(single_value(&r), Value::Integer(1));
    refused_with(
        format!("SELECT count(*) FROM {}", from(65)),
        "at most 64 tables in a join (65 given)",
    );
}
