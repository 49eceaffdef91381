//! `Store::ingest`: a sorted batch committed straight into a segment. What it commits
//! survives a reopen with an empty log; what it refuses leaves the store and its
//! directory exactly as they were.

use sochdb_core::store::{Store, StoreOptions, WriteBatch};
use sochdb_core::Error;
use std::path::Path;

/// Writes as `Store::ingest` takes them: a key, and a value or `None` for a delete.
type Batch<'a> = Vec<(&'a [u8], Option<&'a [u8]>)>;

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A store with `a`..`d` in a segment and `b`, `c` overwritten in the memtable.
fn layered(dir: &Path) -> Store {
    let mut store = Store::open(dir, StoreOptions::default()).unwrap();
    let mut batch = WriteBatch::new();
    for k in ["a", "b", "c", "d"] {
        batch.put(k.as_bytes(), b"old");
    }
    store.write(&batch).unwrap();
    store.checkpoint().unwrap();
    batch.clear();
    batch.put(b"b", b"mem");
    batch.put(b"c", b"mem");
    store.write(&batch).unwrap();
    store
}

fn get(store: &Store, key: &str) -> Option<String> {
    store
        .get(key.as_bytes())
        .unwrap()
        .map(|v| String::from_utf8(v).unwrap())
}

#[test]
fn an_ingested_batch_shadows_the_memtable_and_older_segments_and_survives_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = layered(tmp.path());
    let before = store.lsn();
    let batch: [(&[u8], Option<&[u8]>); 4] = [
        (b"a", None),
        (b"c", Some(b"new")),
        (b"d", None),
        (b"e", Some(b"new")),
    ];
    let commit = store.ingest(batch).unwrap();
    assert_eq!(
        commit,
        before + 5,
        "four writes and a commit, as `write` counts them"
    );
    assert_eq!(store.lsn(), commit);
    assert_eq!(store.checkpoint_lsn(), commit, "the ingest is a checkpoint");
    let expect = |s: &Store| {
        assert_eq!(get(s, "a"), None, "deleted over an older segment");
        assert_eq!(
            get(s, "b").as_deref(),
            Some("mem"),
            "the memtable's write is kept"
        );
        assert_eq!(
            get(s, "c").as_deref(),
            Some("new"),
            "the batch wins over the memtable"
        );
        assert_eq!(get(s, "d"), None);
        assert_eq!(get(s, "e").as_deref(), Some("new"));
    };
    expect(&store);
    let stats = store.stats().unwrap();
    assert_eq!(stats.memtable_entries, 0);
    assert_eq!(
        stats.segments, 2,
        "one new segment: memtable and batch merged"
    );
    drop(store);
    let store = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    assert_eq!(
        store.stats().unwrap().wal_bytes,
        32,
        "nothing to replay: an empty log"
    );
    assert_eq!(store.lsn(), commit);
    expect(&store);
    assert!(Store::verify(tmp.path()).unwrap().valid);
}

#[test]
fn an_empty_batch_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = layered(tmp.path());
    let (lsn, names) = (store.lsn(), files(tmp.path()));
    assert_eq!(store.ingest(std::iter::empty()).unwrap(), lsn);
    assert_eq!(files(tmp.path()), names);
    assert_eq!(store.stats().unwrap().memtable_entries, 2);
}

#[test]
fn a_refused_batch_leaves_the_store_and_its_files_as_they_were() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = layered(tmp.path());
    let (lsn, names) = (store.lsn(), files(tmp.path()));
    let big = vec![0u8; sochdb_core::store::MAX_KEY_LEN + 1];
    let cases: [(&str, Batch); 3] = [
        ("out of order", vec![(b"b", Some(b"x")), (b"a", Some(b"x"))]),
        ("a repeated key", vec![(b"b", Some(b"x")), (b"b", None)]),
        (
            "a key over the limit",
            vec![(b"a", Some(b"x")), (&big, Some(b"x"))],
        ),
    ];
    for (what, batch) in cases {
        let err = store.ingest(batch).unwrap_err();
        match what {
            "a key over the limit" => assert!(
                matches!(&err, Error::InvalidInput(m) if m.contains("write #1") && m.contains("keys are limited")),
                "{what}: {err}"
            ),
            _ => assert!(matches!(err, Error::Internal(_)), "{what}: {err}"),
        }
        assert_eq!(store.lsn(), lsn, "{what}");
        assert_eq!(files(tmp.path()), names, "{what}: no file left behind");
        assert_eq!(get(&store, "b").as_deref(), Some("mem"), "{what}");
        assert_eq!(get(&store, "a").as_deref(), Some("old"), "{what}");
    }
    // Still writable, and the refused batches left no trace after a reopen either.
    store.ingest([(&b"z"[..], Some(&b"1"[..]))]).unwrap();
    drop(store);
    let store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    assert_eq!(get(&store, "b").as_deref(), Some("mem"));
    assert_eq!(get(&store, "z").as_deref(), Some("1"));
}

#[test]
fn a_read_only_store_refuses_to_ingest() {
    let tmp = tempfile::tempdir().unwrap();
    drop(layered(tmp.path()));
    let mut store = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    let err = store.ingest([(&b"a"[..], Some(&b"1"[..]))]).unwrap_err();
    assert!(err.to_string().contains("read-only"), "{err}");
}

#[test]
fn tombstones_are_dropped_when_nothing_older_can_hold_their_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let mut batch = WriteBatch::new();
    batch.put(b"a", b"mem");
    store.write(&batch).unwrap();
    let commit = store
        .ingest([(&b"a"[..], None), (&b"b"[..], Some(&b"1"[..]))])
        .unwrap();
    assert_eq!(
        get(&store, "a"),
        None,
        "the batch's delete hides the memtable's put"
    );
    let stats = store.stats().unwrap();
    assert_eq!((stats.segments, stats.segment_entries), (1, 1));
    drop(store);
    let store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    assert_eq!(store.lsn(), commit);
    assert_eq!(get(&store, "a"), None);
    assert_eq!(get(&store, "b").as_deref(), Some("1"));
}
