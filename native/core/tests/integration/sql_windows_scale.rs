//! Window functions over one large partition stay linear where SQLite's are: a running
//! aggregate (the default frame) over 200,000 rows, a short sliding ROWS frame, and
//! ranking. A fold per row (O(n²), 2·10¹⁰ additions here) would not finish; the
//! answers are checked against closed forms, and the times printed.

use sochdb_core::sql::{Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};
use std::time::Instant;

const N: i64 = 200_000;

fn last_row(r: &StatementResult) -> &[Value] {
    match r {
        StatementResult::Rows { rows, .. } => rows.last().expect("rows"),
        other => panic!("not rows: {other:?}"),
    }
}

#[test]
fn sql_windows_over_one_large_partition_are_linear() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    session
        .execute_script(
            &format!(
                "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER); \
                 INSERT INTO t WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {N}) \
                 SELECT i, i % 7 FROM c"
            ),
            &[],
        )
        .unwrap();
    // The last row's rank by x: one more than the rows with a smaller x.
    let rank_of_last = 1 + (1..=N).filter(|i| i % 7 < N % 7).count() as i64;
    // Its count under the default frame: the rows up to its last peer.
    let peers_and_before = (1..=N).filter(|i| i % 7 <= N % 7).count() as i64;
    let cases: [(&str, Vec<Value>); 3] = [
        (
            "SELECT id, sum(id) OVER (ORDER BY id), count(*) OVER (ORDER BY x) FROM t ORDER BY id",
            vec![
                Value::Integer(N),
                Value::Integer(N * (N + 1) / 2),
                Value::Integer(peers_and_before),
            ],
        ),
        (
            "SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t ORDER BY id",
            vec![Value::Integer(N), Value::Integer(3 * N - 3)],
        ),
        (
            "SELECT id, row_number() OVER (ORDER BY id DESC), rank() OVER (ORDER BY x) FROM t ORDER BY id",
            vec![Value::Integer(N), Value::Integer(1), Value::Integer(rank_of_last)],
        ),
    ];
    for (sql, expected) in cases {
        let started = Instant::now();
        let out = session.execute_script(sql, &[]).unwrap();
        eprintln!(
            "{N} rows, {:.0} ms: {sql}",
            started.elapsed().as_secs_f64() * 1000.0
        );
        assert_eq!(last_row(&out[0]), expected.as_slice(), "{sql}");
    }
}
