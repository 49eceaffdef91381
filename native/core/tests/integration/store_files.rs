//! Segment files, LSNs, limits, sync modes and read-only opens.

use sochdb_core::store::{
    ScanRange, Store, StoreOptions, SyncMode, WriteBatch, MAX_KEY_LEN, MAX_VALUE_LEN,
};
use sochdb_core::Error;
use std::fs;
use std::path::{Path, PathBuf};

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn key(i: u32) -> Vec<u8> {
    format!("key/{i:06}").into_bytes()
}

fn fill(store: &mut Store, n: u32) {
    let mut batch = WriteBatch::new();
    for i in 0..n {
        batch.put(&key(i), format!("value {i} {}", "x".repeat(60)).as_bytes());
    }
    store.write(&batch).unwrap();
}

#[test]
fn damaged_segment_block_is_reported_by_verify_and_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    fill(&mut store, 3000);
    store.checkpoint().unwrap();
    drop(store);
    let seg = files_with(tmp.path(), "sst").pop().unwrap();
    let mut bytes = fs::read(&seg).unwrap();
    // Inside the first data block (which starts at offset 16).
    bytes[200] ^= 0x01;
    fs::write(&seg, &bytes).unwrap();

    let report = Store::verify(tmp.path()).unwrap();
    assert!(!report.valid);
    assert_eq!(report.corrupted.len(), 1, "{:?}", report.corrupted);
    let seg_name = seg.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        report.corrupted[0].contains(&seg_name),
        "{:?}",
        report.corrupted
    );
    assert!(
        report.corrupted[0].contains("byte offset 16"),
        "{:?}",
        report.corrupted
    );

    let store = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    let err = store.get(&key(0)).unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err}");
    assert!(
        store.get(&key(2999)).unwrap().is_some(),
        "other blocks still read"
    );
    let err = store
        .scan(ScanRange::all())
        .and_then(|s| s.collect::<Result<Vec<_>, _>>())
        .unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err}");

    // A damaged footer fails the open itself.
    let n = bytes.len();
    bytes[n - 30] ^= 0x01;
    fs::write(&seg, &bytes).unwrap();
    let err = Store::open(tmp.path(), StoreOptions::read_only())
        .err()
        .unwrap();
    assert!(
        matches!(err, Error::Corrupt(ref m) if m.contains(&seg_name)),
        "{err}"
    );
}

#[test]
fn lsn_increases_across_checkpoint_restart_and_compaction() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let mut last = store.lsn();
    let mut batch = WriteBatch::new();
    for round in 0..4u32 {
        batch.clear();
        batch.put(&key(round), b"v");
        batch.delete(&key(round + 100));
        let lsn = store.write(&batch).unwrap();
        assert_eq!(lsn, last + 3, "two records and a commit");
        last = lsn;
        match round {
            0 => assert_eq!(store.checkpoint().unwrap().lsn, last),
            1 => {
                drop(store);
                store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
            }
            2 => {
                store.compact().unwrap();
            }
            _ => {}
        }
        assert_eq!(store.lsn(), last);
    }
    store.checkpoint().unwrap();
    drop(store);
    let store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    assert_eq!((store.lsn(), store.checkpoint_lsn()), (last, last));
    assert_eq!(Store::verify(tmp.path()).unwrap().last_valid_lsn, last);
}

#[test]
fn automatic_checkpoint_bounds_the_wal() {
    let tmp = tempfile::tempdir().unwrap();
    let opts = StoreOptions {
        wal_limit_bytes: 64 * 1024,
        ..StoreOptions::default()
    };
    let mut store = Store::open(tmp.path(), opts).unwrap();
    let mut batch = WriteBatch::new();
    for i in 0..5000u32 {
        batch.clear();
        batch.put(&key(i), &[b'v'; 100]);
        store.write(&batch).unwrap();
    }
    let stats = store.stats().unwrap();
    assert!(stats.segments >= 5, "{stats:?}");
    assert!(stats.wal_bytes < 64 * 1024, "{stats:?}");
    assert_eq!(stats.keys, 5000);
    assert_eq!(
        files_with(tmp.path(), "wal").len(),
        1,
        "old WALs are deleted"
    );
    assert!(stats.checkpoint_lsn > 0 && stats.lsn > stats.checkpoint_lsn);
}

#[test]
fn limits_binary_keys_and_large_values() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let lsn = store.lsn();
    let mut batch = WriteBatch::new();
    batch.put(b"ok", b"1");
    batch.put(&vec![1u8; MAX_KEY_LEN + 1], b"v");
    let err = store.write(&batch).unwrap_err();
    assert!(
        matches!(err, Error::InvalidInput(ref m) if m.contains("key of 65537 bytes")),
        "{err}"
    );
    assert_eq!(
        (store.lsn(), store.get(b"ok").unwrap()),
        (lsn, None),
        "nothing of the batch written"
    );
    batch.clear();
    assert_eq!(MAX_VALUE_LEN, 256 << 20);

    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let keys: [&[u8]; 4] = [b"", b"\x00", b"\x00\xff\x00", &[0xFF; 300]];
    for (i, k) in keys.iter().enumerate() {
        batch.put(k, &[i as u8; 3]);
    }
    batch.put(b"big", &big);
    store.write(&batch).unwrap();
    for _ in 0..2 {
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(store.get(k).unwrap(), Some(vec![i as u8; 3]), "{k:?}");
        }
        assert_eq!(store.get(b"big").unwrap().as_ref(), Some(&big));
        let rev: Vec<_> = store
            .scan(ScanRange::all().reversed())
            .unwrap()
            .map(|e| e.unwrap().0)
            .collect();
        assert_eq!(rev.len(), 5);
        assert_eq!(rev[0], vec![0xFF; 300]);
        assert_eq!(rev[4], b"");
        store.checkpoint().unwrap();
    }
    assert!(Store::verify(tmp.path()).unwrap().valid);
}

#[test]
fn sync_modes_and_read_only_opens() {
    assert_eq!(SyncMode::from_name("full").unwrap(), SyncMode::Full);
    assert_eq!(SyncMode::from_name("off").unwrap().name(), "off");
    assert!(matches!(
        SyncMode::from_name("fast"),
        Err(Error::InvalidInput(_))
    ));
    assert_eq!(SyncMode::default(), SyncMode::Normal);

    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("none");
    assert!(matches!(
        Store::open(&missing, StoreOptions::read_only()),
        Err(Error::NotFound(_))
    ));
    assert!(!missing.exists(), "a read-only open creates nothing");
    for mode in [SyncMode::Full, SyncMode::Normal, SyncMode::Off] {
        let dir = tmp.path().join(mode.name());
        let opts = StoreOptions {
            sync: mode,
            ..StoreOptions::default()
        };
        let mut store = Store::open(&dir, opts.clone()).unwrap();
        let mut batch = WriteBatch::new();
        batch.put(b"a", mode.name().as_bytes());
        store.write(&batch).unwrap();

        let reader = Store::open(&dir, StoreOptions::read_only()).unwrap();
        batch.clear();
        batch.put(b"b", b"later");
        store.write(&batch).unwrap();
        store.sync().unwrap();
        assert_eq!(
            reader.get(b"a").unwrap().as_deref(),
            Some(mode.name().as_bytes())
        );
        assert_eq!(
            reader.get(b"b").unwrap(),
            None,
            "a reader sees the state as of its open"
        );
        let mut reader = reader;
        assert!(matches!(reader.write(&batch), Err(Error::InvalidInput(_))));
        assert!(reader.checkpoint().is_err());
        drop(store);
        let store = Store::open(&dir, opts).unwrap();
        assert_eq!(store.get(b"b").unwrap().as_deref(), Some(&b"later"[..]));
    }
}

#[test]
fn leftovers_of_an_interrupted_checkpoint_are_removed_by_the_next_writer() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    fill(&mut store, 10);
    store.checkpoint().unwrap();
    drop(store);
    let stray = [
        "seg-0000000099.sst",
        "wal-0000000098.wal",
        ".MANIFEST.tmp-123",
        ".seg-0000000097.sst.tmp-5",
    ];
    for name in stray {
        fs::write(tmp.path().join(name), b"partial").unwrap();
    }
    fs::write(tmp.path().join("notes.txt"), b"user file").unwrap();
    let reader = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    assert_eq!(reader.stats().unwrap().keys, 10);
    assert!(
        stray.iter().all(|n| tmp.path().join(n).exists()),
        "a reader removes nothing"
    );
    drop(Store::open(tmp.path(), StoreOptions::default()).unwrap());
    assert!(stray.iter().all(|n| !tmp.path().join(n).exists()));
    assert!(
        tmp.path().join("notes.txt").exists(),
        "files that are not ours stay"
    );

    // Without a manifest, existing store files are never overwritten by a new store.
    fs::remove_file(tmp.path().join("MANIFEST")).unwrap();
    let err = Store::open(tmp.path(), StoreOptions::default())
        .err()
        .unwrap();
    assert!(
        matches!(err, Error::Corrupt(ref m) if m.contains("MANIFEST is missing")),
        "{err}"
    );
}

/// A fuzzer's image (`sochdb-fuzz replay --target store --seed 5000252119`): one key
/// byte of seg-0000000002.sst changed and the block's checksum recomputed, so every
/// block decodes but one lies out of order with its neighbour. Scans in either
/// direction, and a compaction, must call it corrupt — they used to disagree (270
/// entries forward, 269 backward) and the compaction wrote a segment no reader took.
#[test]
fn a_block_out_of_order_is_corrupt_to_every_reader() {
    let image = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/misordered-block");
    let tmp = tempfile::tempdir().unwrap();
    for f in fs::read_dir(&image).unwrap() {
        let f = f.unwrap().path();
        fs::copy(&f, tmp.path().join(f.file_name().unwrap())).unwrap();
    }
    let report = Store::verify(tmp.path()).unwrap();
    assert!(!report.valid);
    assert!(
        report.corrupted[0].contains("seg-0000000002.sst"),
        "{:?}",
        report.corrupted
    );

    let store = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    for reverse in [false, true] {
        let err = store
            .scan(ScanRange {
                reverse,
                ..ScanRange::all()
            })
            .and_then(|s| s.collect::<Result<Vec<_>, _>>())
            .unwrap_err();
        assert!(matches!(err, Error::Corrupt(_)), "reverse {reverse}: {err}");
        assert!(err.to_string().contains("seg-0000000002.sst"), "{err}");
    }
    drop(store);

    let before: Vec<(PathBuf, Vec<u8>)> = files_with(tmp.path(), "sst")
        .into_iter()
        .map(|p| {
            let b = fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    let mut writer = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let err = writer.compact().unwrap_err();
    assert!(matches!(err, Error::Corrupt(_)), "{err}");
    drop(writer);
    for (p, b) in before {
        assert_eq!(fs::read(&p).unwrap(), b, "{} untouched", p.display());
    }
    assert!(!Store::verify(tmp.path()).unwrap().valid);
}
