//! Recovery byte by byte: a WAL cut at every offset reopens to exactly a prefix of the
//! commits; damage before the tail is `Corrupt` naming file and offset, and changes no file.

use sochdb_core::store::{ScanRange, Store, StoreOptions, WriteBatch};
use sochdb_core::Error;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

type Model = BTreeMap<Vec<u8>, Vec<u8>>;
/// A batch: keys with a value to put, or `None` to delete.
type Ops<'a> = Vec<(&'a [u8], Option<&'a [u8]>)>;

fn contents(store: &Store) -> Model {
    store
        .scan(ScanRange::all())
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn wal_file(dir: &Path) -> PathBuf {
    let mut wals: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "wal"))
        .collect();
    assert_eq!(wals.len(), 1);
    wals.pop().unwrap()
}

/// Every file but LOCK, by name, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name() != "LOCK")
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn restore(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
    }
}

/// A store holding several commits in its WAL (one checkpoint first, so the WAL's base
/// LSN is not 0 and a segment lies under it); returns the model after each commit and
/// the WAL length after each commit.
fn build(dir: &Path) -> (Vec<Model>, Vec<u64>) {
    let mut store = Store::open(dir, StoreOptions::default()).unwrap();
    let mut model = Model::new();
    let mut batch = WriteBatch::new();
    for k in [&b"base1"[..], b"base2", b"gone"] {
        batch.put(k, b"from segment");
        model.insert(k.to_vec(), b"from segment".to_vec());
    }
    store.write(&batch).unwrap();
    store.checkpoint().unwrap();
    let mut models = vec![model.clone()];
    let mut ends = vec![store.stats().unwrap().wal_bytes];
    let batches: Vec<Ops> = vec![
        vec![(b"a", Some(b"1")), (b"b", Some(b"22"))],
        vec![(b"gone", None)],
        vec![
            (b"c", Some(b"")),
            (b"a", Some(b"overwritten")),
            (b"\x00\xff", Some(b"\xff\x00")),
        ],
        vec![(b"b", None), (b"base1", Some(b"new"))],
        vec![(b"d", Some(&[7u8; 40]))],
    ];
    for ops in batches {
        batch.clear();
        for (k, v) in ops {
            match v {
                Some(v) => {
                    batch.put(k, v);
                    model.insert(k.to_vec(), v.to_vec());
                }
                None => {
                    batch.delete(k);
                    model.remove(k);
                }
            }
        }
        store.write(&batch).unwrap();
        models.push(model.clone());
        ends.push(store.stats().unwrap().wal_bytes);
    }
    store.sync().unwrap();
    (models, ends)
}

#[test]
fn wal_cut_at_every_offset_reopens_to_a_prefix_of_the_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let origin = tmp.path().join("origin");
    let (models, ends) = build(&origin);
    let image = snapshot(&origin);
    let wal_name = wal_file(&origin)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let wal = image[&wal_name].clone();
    assert_eq!(wal.len() as u64, *ends.last().unwrap());
    let work = tmp.path().join("work");
    for cut in 0..=wal.len() {
        let mut files = image.clone();
        files.insert(wal_name.clone(), wal[..cut].to_vec());
        restore(&work, &files);
        if cut < 32 {
            // The header is fsynced before the manifest names the file: a short one is damage.
            let err = Store::open(&work, StoreOptions::read_only()).err().unwrap();
            assert!(matches!(err, Error::Corrupt(_)), "cut {cut}: {err}");
            continue;
        }
        let commits = ends.iter().filter(|&&e| e <= cut as u64).count() - 1;
        let reader = Store::open(&work, StoreOptions::read_only()).unwrap();
        assert_eq!(
            contents(&reader),
            models[commits],
            "read-only open, cut at {cut}"
        );
        drop(reader);
        assert_eq!(
            snapshot(&work),
            files,
            "a read-only open modified files (cut {cut})"
        );

        let mut store = Store::open(&work, StoreOptions::default()).unwrap();
        assert_eq!(
            contents(&store),
            models[commits],
            "read-write open, cut at {cut}"
        );
        assert_eq!(
            fs::metadata(work.join(&wal_name)).unwrap().len(),
            ends[commits],
            "torn tail cut (cut {cut})"
        );
        if cut % 5 == 0 {
            // Appending after the cut yields a log that replays cleanly.
            let mut batch = WriteBatch::new();
            batch.put(b"after", b"cut");
            store.write(&batch).unwrap();
            drop(store);
            let store = Store::open(&work, StoreOptions::default()).unwrap();
            let mut expected = models[commits].clone();
            expected.insert(b"after".to_vec(), b"cut".to_vec());
            assert_eq!(contents(&store), expected, "write after cut at {cut}");
        }
    }
}

#[test]
fn damage_before_the_tail_is_corrupt_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("db");
    let (_, ends) = build(&dir);
    let wal = wal_file(&dir);
    let wal_name = wal.file_name().unwrap().to_string_lossy().into_owned();
    // A byte of the second commit's records (not the last batch), then its length field.
    for at in [ends[1] as usize + 20, ends[1] as usize + 5] {
        let mut bytes = fs::read(&wal).unwrap();
        let original = bytes.clone();
        bytes[at] ^= 0x40;
        fs::write(&wal, &bytes).unwrap();
        let before = snapshot(&dir);
        for opts in [StoreOptions::default(), StoreOptions::read_only()] {
            let err = Store::open(&dir, opts).err().expect("open must fail");
            let msg = err.to_string();
            assert!(matches!(err, Error::Corrupt(_)), "{msg}");
            assert!(msg.contains(&wal_name), "{msg}");
            assert!(msg.contains(&format!("byte offset {}", ends[1])), "{msg}");
        }
        assert_eq!(snapshot(&dir), before, "files changed by a failed open");
        let report = Store::verify(&dir).unwrap();
        assert!(!report.valid);
        // Checkpoint at LSN 4 (3 puts, a commit), then the first WAL batch: 2 puts, a commit.
        assert_eq!((report.checkpoint_lsn, report.last_valid_lsn), (4, 7));
        assert!(
            report.corrupted[0].contains(&format!("byte offset {}", ends[1])),
            "{:?}",
            report.corrupted
        );
        fs::write(&wal, &original).unwrap();
    }
    assert!(Store::verify(&dir).unwrap().valid);
}

#[test]
fn damaged_last_record_or_garbage_tail_is_a_torn_tail() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("db");
    let (models, ends) = build(&dir);
    let wal = wal_file(&dir);
    let n = models.len() - 1;
    let intact = fs::read(&wal).unwrap();

    // The last commit record's checksum.
    let mut bytes = intact.clone();
    bytes[ends[n] as usize - 21] ^= 1;
    fs::write(&wal, &bytes).unwrap();
    let report = Store::verify(&dir).unwrap();
    assert!(report.valid && report.torn_tail.is_some(), "{report:?}");
    let store = Store::open(&dir, StoreOptions::default()).unwrap();
    assert_eq!(contents(&store), models[n - 1]);
    drop(store);
    assert_eq!(fs::read(&wal).unwrap(), intact[..ends[n - 1] as usize]);

    // Zeros after the last commit, as a file system may leave after a power failure.
    let mut bytes = intact[..ends[n - 1] as usize].to_vec();
    bytes.extend_from_slice(&[0u8; 300]);
    fs::write(&wal, &bytes).unwrap();
    let store = Store::open(&dir, StoreOptions::default()).unwrap();
    assert_eq!(contents(&store), models[n - 1]);
    assert_eq!(store.stats().unwrap().wal_bytes, ends[n - 1]);
}
