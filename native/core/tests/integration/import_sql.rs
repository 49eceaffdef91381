//! `sql --import` in the core: Parquet files written by pyarrow (fixtures/parquet), CSV
//! and JSONL into SQL tables, created or existing, in one transaction or in batches;
//! bad input leaves nothing of the failed transaction.

use sochdb_core::import::{import, ImportFormat, ImportOptions, ImportReport};
use sochdb_core::sql::{execute_script, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/parquet")
        .join(name)
}

fn options(table: &str, path: &Path, batch_rows: Option<usize>) -> ImportOptions {
    ImportOptions {
        table: table.into(),
        path: path.to_path_buf(),
        format: None,
        batch_rows,
        display_name: None,
        primary_key: None,
    }
}

fn run(store: &mut Store, o: &ImportOptions) -> sochdb_core::Result<ImportReport> {
    import(store, o, &mut |_| {})
}

fn query(store: &mut Store, sql: &str) -> Vec<Vec<Value>> {
    match execute_script(store, sql, &[]).unwrap().pop().unwrap() {
        StatementResult::Rows { rows, .. } => rows,
        other => panic!("{other:?}"),
    }
}

fn one(store: &mut Store, sql: &str) -> Value {
    query(store, sql).remove(0).remove(0)
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p
}

#[test]
fn parquet_of_every_codec_becomes_a_typed_table() {
    let emb = std::fs::read(fixture("emb.expected.f32")).unwrap();
    for codec in ["none", "snappy", "gzip", "zstd", "lz4", "brotli"] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
        let r = run(
            &mut store,
            &options("docs", &fixture(&format!("emb_{codec}.parquet")), None),
        )
        .unwrap();
        assert_eq!(
            (r.rows, r.commits, r.created, r.format),
            (50, 1, true, ImportFormat::Parquet)
        );
        assert_eq!(
            r.columns,
            ["id", "emb", "count", "score", "name", "flag", "ts", "small", "raw"]
        );
        assert!(r.renamed.is_empty());
        let s = &mut store;
        assert_eq!(one(s, "SELECT count(*) FROM docs"), Value::Integer(50));
        assert_eq!(
            one(s, "SELECT count(*) FROM docs WHERE count IS NULL"),
            Value::Integer(7)
        );
        let types = query(s, "SELECT typeof(id), typeof(emb), typeof(count), typeof(score), typeof(name), typeof(flag), typeof(ts), typeof(small), typeof(raw) FROM docs WHERE rowid = 1");
        assert_eq!(
            types[0],
            ["integer", "blob", "integer", "real", "text", "integer", "text", "null", "blob"]
                .map(text)
        );
        // Row 1: the name with a comma, quotes, a newline and a non-ASCII letter.
        assert_eq!(
            one(s, "SELECT name FROM docs WHERE rowid = 2"),
            text("naïve, \"quoted\"\nline")
        );
        assert_eq!(
            one(s, "SELECT ts FROM docs WHERE rowid = 1"),
            text("2024-03-01 12:00:00.000")
        );
        assert_eq!(
            one(s, "SELECT ts FROM docs WHERE rowid = 2"),
            text("2024-03-02 12:00:00.123")
        );
        assert_eq!(one(s, "SELECT ts FROM docs WHERE rowid = 3"), Value::Null);
        assert_eq!(
            one(s, "SELECT flag FROM docs WHERE rowid = 2"),
            Value::Integer(1)
        );
        assert_eq!(
            one(s, "SELECT raw FROM docs WHERE rowid = 1"),
            Value::Blob(vec![0, 255, 0])
        );
        // Vectors: little-endian f32, row after row, as the .expected.f32 file holds them.
        let blobs: Vec<u8> = query(s, "SELECT emb FROM docs ORDER BY rowid")
            .into_iter()
            .flat_map(|r| match &r[0] {
                Value::Blob(b) => b.clone(),
                v => panic!("{v:?}"),
            })
            .collect();
        assert_eq!(blobs, emb, "{codec}");
    }
}

#[test]
fn into_an_existing_table_by_column_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    execute_script(
        &mut store,
        "CREATE TABLE v (emb BLOB, note TEXT DEFAULT 'x', a INTEGER PRIMARY KEY)",
        &[],
    )
    .unwrap();
    let r = run(
        &mut store,
        &options("v", &fixture("fixed_f32.parquet"), None),
    )
    .unwrap();
    assert_eq!((r.rows, r.created), (50, false));
    assert_eq!(
        one(&mut store, "SELECT count(*) FROM v WHERE length(emb) = 32"),
        Value::Integer(50)
    );
    // A file column the table does not have.
    let e = run(
        &mut store,
        &options("v", &fixture("emb_none.parquet"), None),
    )
    .unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
    assert!(
        e.to_string()
            .contains("column id is not a column of table v (its columns: emb, note, a)"),
        "{e}"
    );
}

#[test]
fn csv_like_sqlite3_and_jsonl_by_first_object() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("db").as_path(), StoreOptions::default()).unwrap();
    let csv = write(
        dir.path(),
        "p.csv",
        "\u{feff}id,name,unit price\r\n1,\"Ada, Countess\",1.5\r\n\r\n2,\"two\nlines\",\r\n",
    );
    let r = run(&mut store, &options("people", &csv, None)).unwrap();
    assert_eq!((r.rows, r.format), (2, ImportFormat::Csv));
    assert_eq!(
        r.renamed,
        [("unit price".to_string(), "unit_price".to_string())]
    );
    let rows = query(
        &mut store,
        "SELECT id, typeof(id), name, unit_price FROM people ORDER BY rowid",
    );
    assert_eq!(
        rows[0],
        [text("1"), text("text"), text("Ada, Countess"), text("1.5")]
    );
    assert_eq!(
        rows[1],
        [text("2"), text("text"), text("two\nlines"), text("")]
    );
    // Into a typed table the column affinity converts, as sqlite3's .import does.
    execute_script(
        &mut store,
        "CREATE TABLE typed (id INTEGER, name TEXT, unit_price REAL)",
        &[],
    )
    .unwrap();
    run(&mut store, &options("typed", &csv, None)).unwrap();
    assert_eq!(
        query(
            &mut store,
            "SELECT typeof(id), typeof(unit_price) FROM typed WHERE rowid = 1"
        )[0],
        [text("integer"), text("real")]
    );

    let jsonl = write(dir.path(), "e.ndjson", "{\"k\": 1, \"v\": 2.5, \"s\": \"x\", \"b\": true, \"n\": null, \"o\": {\"a\": [1]}}\n\n{\"v\": 9007199254740993, \"k\": 2}\n");
    let r = run(&mut store, &options("events", &jsonl, None)).unwrap();
    assert_eq!(
        (r.rows, r.format, r.columns.len()),
        (2, ImportFormat::Jsonl, 6)
    );
    let rows = query(
        &mut store,
        "SELECT k, v, s, b, n, o FROM events ORDER BY rowid",
    );
    assert_eq!(
        rows[0],
        [
            Value::Integer(1),
            Value::Real(2.5),
            text("x"),
            Value::Integer(1),
            Value::Null,
            text("{\"a\":[1]}")
        ]
    );
    assert_eq!(
        rows[1],
        [
            Value::Integer(2),
            Value::Real(9007199254740992.0),
            Value::Null,
            Value::Null,
            Value::Null,
            Value::Null
        ]
    );
}

#[test]
fn bad_input_leaves_nothing_of_its_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("db").as_path(), StoreOptions::default()).unwrap();
    let mut body = String::from("a,b\n");
    for i in 0..25 {
        body.push_str(&format!("{i},x\n"));
    }
    body.push_str("25,x,extra\n26,x\n");
    let csv = write(dir.path(), "bad.csv", &body);
    let e = run(&mut store, &options("t", &csv, None)).unwrap_err();
    assert_eq!(e.code(), "INVALID_INPUT");
    assert_eq!(
        e.to_string(),
        format!("{}: line 27: 3 fields where the header has 2. Nothing was imported (one transaction), and table t was not created", csv.display())
    );
    assert!(execute_script(&mut store, "SELECT * FROM t", &[]).is_err());
    // In batches of 10 the first two batches stay.
    let e = run(&mut store, &options("t", &csv, Some(10))).unwrap_err();
    assert!(
        e.to_string().ends_with(
            "The first 20 rows (2 batches of 10) were imported and committed; the rest were not"
        ),
        "{e}"
    );
    assert_eq!(
        one(&mut store, "SELECT count(*) FROM t"),
        Value::Integer(20)
    );
    // A file that ends with a full batch: as many batches as it holds, no empty one.
    let exact = write(dir.path(), "exact.csv", "a\n1\n2\n3\n4\n");
    let r = run(&mut store, &options("exact", &exact, Some(2))).unwrap();
    assert_eq!((r.rows, r.commits), (4, 2));
    let r = run(&mut store, &options("exact", &exact, Some(3))).unwrap();
    assert_eq!((r.rows, r.commits), (4, 2));

    // A constraint names the rows of the statement that failed.
    execute_script(&mut store, "CREATE TABLE u (a INTEGER UNIQUE, b TEXT)", &[]).unwrap();
    let dup = write(dir.path(), "dup.csv", "a,b\n1,x\n2,y\n1,z\n");
    let e = run(&mut store, &options("u", &dup, None)).unwrap_err();
    assert!(
        e.to_string()
            .contains("dup.csv, line 2 to line 4: UNIQUE constraint failed: u.a"),
        "{e}"
    );
    assert_eq!(one(&mut store, "SELECT count(*) FROM u"), Value::Integer(0));

    for (file, want) in [
        (
            "null_element.parquet",
            "row 37, column emb, element 3 is null",
        ),
        ("two_vectors.parquet", ""),
    ] {
        let r = run(&mut store, &options("pq", &fixture(file), None));
        match want {
            "" => assert_eq!(r.unwrap().rows, 50),
            w => assert!(r.unwrap_err().to_string().contains(w), "{file}"),
        }
    }
    let jsonl = write(dir.path(), "x.jsonl", "{\"a\": 1}\n{\"a\": 2, \"z\": 3}\n");
    let e = run(&mut store, &options("j", &jsonl, None)).unwrap_err();
    assert!(
        e.to_string().contains("line 2: key \"z\" is not a column"),
        "{e}"
    );
    let e = run(&mut store, &options("my table", &jsonl, None)).unwrap_err();
    assert!(e.to_string().contains("is not a plain SQL name"), "{e}");
    let none = write(dir.path(), "x.txt", "a,b\n");
    let e = run(&mut store, &options("j", &none, None)).unwrap_err();
    assert!(
        e.to_string()
            .contains("give --import-format parquet|csv|jsonl"),
        "{e}"
    );
    let forced = ImportOptions {
        format: Some(ImportFormat::Csv),
        ..options("j", &none, None)
    };
    assert_eq!(run(&mut store, &forced).unwrap().rows, 0);
}

#[test]
fn a_primary_key_column_becomes_the_rowid_of_a_new_table() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let keyed = |table: &str, path: &Path, key: &str| ImportOptions {
        primary_key: Some(key.into()),
        ..options(table, path, None)
    };
    // pyarrow's ids are 1000..1049 in shuffled order: each row's rowid is its id.
    let parquet = fixture("emb_snappy.parquet");
    assert_eq!(
        run(&mut store, &keyed("docs", &parquet, "ID"))
            .unwrap()
            .rows,
        50
    );
    assert_eq!(
        one(&mut store, "SELECT count(*) FROM docs WHERE rowid = id"),
        Value::Integer(50)
    );
    assert_eq!(
        one(&mut store, "SELECT min(rowid) + max(rowid) FROM docs"),
        Value::Integer(1000 + 1049)
    );
    // Duplicate keys: a constraint failure, and nothing of the file (nor the table) stays.
    let dup = write(dir.path(), "dup.csv", "id,name\n1,a\n2,b\n1,c\n");
    let e = run(&mut store, &keyed("dup", &dup, "id")).unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");
    assert!(execute_script(&mut store, "SELECT * FROM dup", &[]).is_err());
    // A column the file lacks, and a table that exists already, are refused by name.
    let csv = write(dir.path(), "k.csv", "id,name\n1,a\n");
    let e = run(&mut store, &keyed("k", &csv, "key")).unwrap_err();
    assert!(
        e.to_string()
            .contains("--primary-key key: the file has no such column"),
        "{e}"
    );
    let e = run(&mut store, &keyed("docs", &csv, "id")).unwrap_err();
    assert!(e.to_string().contains("table docs exists"), "{e}");
}
