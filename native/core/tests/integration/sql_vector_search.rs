//! `vector_search(index, query, k [, table, condition])` in FROM: the same neighbours as
//! the index's own search, filtered like `query --where`, joined to the table.

use crate::hnsw_data as data;

use data::*;
use sochdb_core::hnsw::{FilterStrategy, Index, Metric, Ordering};
use sochdb_core::sql::{execute_script, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};

const DIM: usize = 8;
const ROWS: usize = 500;

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    queries: Vec<f32>,
}

impl Fixture {
    fn index(&self) -> String {
        self.dir.path().join("v.hnsw").display().to_string()
    }

    fn rows(&mut self, sql: &str, params: &[Value]) -> sochdb_core::Result<Vec<Vec<Value>>> {
        match execute_script(&mut self.store, sql, params)?.pop() {
            Some(StatementResult::Rows { rows, .. }) => Ok(rows),
            other => panic!("{other:?}"),
        }
    }
}

/// An index over ROWS vectors with ids 1..=ROWS, and `docs(id INTEGER PRIMARY KEY, bucket)`.
fn fixture() -> Fixture {
    let (data, queries) = data_and_queries(21, ROWS, 4, DIM, false);
    let ids = (1..=ROWS as u64).collect();
    let b = builder(
        &data,
        DIM,
        Ordering::None,
        params(Metric::L2, 8, 40, 1),
        Some(ids),
    );
    b.insert_range(0, b.len()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    b.write(&dir.path().join("v.hnsw")).unwrap();
    let mut store = Store::open(&dir.path().join("db"), StoreOptions::default()).unwrap();
    let values: Vec<String> = (1..=ROWS).map(|i| format!("({i}, {})", i % 10)).collect();
    let script = format!(
        "CREATE TABLE docs(id INTEGER PRIMARY KEY, bucket INTEGER); INSERT INTO docs VALUES {}",
        values.join(",")
    );
    execute_script(&mut store, &script, &[]).unwrap();
    Fixture {
        dir,
        store,
        queries,
    }
}

fn json(v: &[f32]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(",")
    )
}

fn blob(v: &[f32]) -> Value {
    Value::Blob(v.iter().flat_map(|x| x.to_le_bytes()).collect())
}

#[test]
fn rows_are_the_index_search_nearest_first_by_json_or_blob() {
    let mut f = fixture();
    let q = f.queries[..DIM].to_vec();
    let expected = Index::open(std::path::Path::new(&f.index()))
        .unwrap()
        .search(&q, 5, 64)
        .unwrap();
    let sql = format!(
        "SELECT id, distance, rank FROM vector_search('{}', ?, 5)",
        f.index()
    );
    for param in [Value::Text(json(&q)), blob(&q)] {
        let rows = f.rows(&sql, &[param]).unwrap();
        assert_eq!(rows.len(), 5);
        for (i, (row, n)) in rows.iter().zip(&expected).enumerate() {
            assert_eq!(row[0], Value::Integer(n.id as i64));
            assert_eq!(row[1], Value::Real(n.distance as f64));
            assert_eq!(row[2], Value::Integer(i as i64 + 1));
        }
    }
}

#[test]
fn a_condition_keeps_only_passing_rows_and_joins_to_the_table() {
    let mut f = fixture();
    let q = f.queries[DIM..2 * DIM].to_vec();
    let index = Index::open(std::path::Path::new(&f.index())).unwrap();
    let passing: Vec<i64> = (1..=ROWS as i64).filter(|i| i % 10 == 3).collect();
    let expected = index
        .search_filtered(&q, 7, 64, &index.allow_set(&passing), FilterStrategy::Exact)
        .unwrap()
        .0;
    let sql = format!(
        "SELECT d.id, d.bucket, n.rank FROM vector_search('{}', ?1, 7, 'docs', 'bucket = 3') AS n \
         JOIN docs d ON d.id = n.id ORDER BY n.rank",
        f.index()
    );
    let rows = f.rows(&sql, &[Value::Text(json(&q))]).unwrap();
    let ids: Vec<Value> = rows.iter().map(|r| r[0].clone()).collect();
    let want: Vec<Value> = expected
        .iter()
        .map(|n| Value::Integer(n.id as i64))
        .collect();
    assert_eq!(ids, want);
    assert!(rows.iter().all(|r| r[1] == Value::Integer(3)));
}

#[test]
fn bad_arguments_are_refused_by_name() {
    let mut f = fixture();
    let q = json(&f.queries[..DIM]);
    let index = f.index();
    let cases = [
        (
            format!("SELECT * FROM vector_search('{index}', '{q}')"),
            "takes (index, query, k)",
        ),
        (
            format!("SELECT * FROM vector_search('{index}', '[1,2]', 3)"),
            "dimension",
        ),
        (
            format!("SELECT * FROM vector_search('{index}', '{q}', 0)"),
            "k must be a positive integer",
        ),
        (
            format!("SELECT * FROM vector_search('{index}', 'nope', 3)"),
            "not a JSON array",
        ),
        (
            format!("SELECT * FROM vector_search('{index}', x'0102', 3)"),
            "not a multiple of 4",
        ),
        (
            format!("SELECT * FROM vector_search('/no/such.hnsw', '{q}', 3)"),
            "no/such.hnsw",
        ),
        (
            format!("SELECT * FROM docs d, vector_search('{index}', d.id, 3)"),
            "constants or parameters",
        ),
        (
            format!(
                "SELECT * FROM vector_search('{index}', '{q}', 3, 'docs', 'bucket = 1) OR (1')"
            ),
            "closes a parenthesis",
        ),
        (
            format!("SELECT * FROM vector_search('{index}', '{q}', 3, 'nope', 'bucket = 1')"),
            "no such table: nope",
        ),
    ];
    for (sql, message) in cases {
        let e = f.rows(&sql, &[]).unwrap_err().to_string();
        assert!(e.contains(message), "{sql}: {e}");
    }
}
