//! Target `store`: a small database (segments, WAL, manifest, SQL catalog) with one or
//! two of its files mutated, truncated or removed, then opened as `info --db`, `kv
//! scan`, `sql` (read-only), `kv verify` and a writer (`kv put`, `checkpoint`,
//! `compact`) do.

use sochdb_core::sql::Session;
use sochdb_core::store::{ScanRange, Store, StoreOptions, SyncMode, WriteBatch};
use std::ops::Bound;
use std::path::{Path, PathBuf};

use crate::case::Case;
use crate::mutate::mutate;
use crate::rng::Rng;

fn writer() -> StoreOptions {
    StoreOptions {
        sync: SyncMode::Off,
        create: false,
        wal_limit_bytes: 1 << 20,
        ..StoreOptions::default()
    }
}

/// The base database, built once per process from fixed data: two checkpointed
/// segments, a SQL table with an index, and writes and deletes left in the WAL.
fn base_store(case: &Case) -> PathBuf {
    let dir = case.base().join("db");
    // The mark is beside the database, not in it: the store may object to strange files.
    let done = case.base().join("db.done");
    if done.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut s = Store::open(
        &dir,
        StoreOptions {
            create: true,
            ..writer()
        },
    )
    .expect("base store: open");
    let mut rng = Rng::new(99);
    for round in 0..3 {
        let mut b = WriteBatch::new();
        for i in 0..120 {
            let key = format!("k{:04}", (i * 37 + round * 11) % 400);
            if rng.one_in(7) {
                b.delete(key.as_bytes());
            } else {
                b.put(key.as_bytes(), &vec![b'a' + (i % 26) as u8; rng.below(300)]);
            }
        }
        s.write(&b).expect("base store: write");
        if round < 2 {
            s.checkpoint().expect("base store: checkpoint");
        }
    }
    {
        let mut session = Session::new(&mut s).expect("base store: session");
        session
            .execute_script(
                "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT, c REAL); CREATE INDEX tb ON t (b);
                 INSERT INTO t VALUES (1, 'x', 1.5), (2, 'y', NULL), (3, NULL, -1);",
                &[],
            )
            .expect("base store: sql");
        session.close().expect("base store: close");
    }
    s.sync().expect("base store: sync");
    drop(s);
    std::fs::write(&done, b"").expect("base store: mark");
    dir
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|it| {
            it.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

pub fn run(case: &mut Case, rng: &mut Rng) {
    let base = base_store(case);
    let input = case.input_path();
    std::fs::create_dir_all(&input).expect("cannot create the case input");
    for f in files(&base) {
        std::fs::copy(&f, input.join(f.file_name().expect("a file name")))
            .expect("cannot copy the base store");
    }
    let names = files(&input);
    let mut what = Vec::new();
    for _ in 0..if rng.one_in(4) { 2 } else { 1 } {
        let f = rng.pick(&names).clone();
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name == "LOCK" {
            continue;
        }
        if rng.one_in(12) {
            let _ = std::fs::remove_file(&f);
            what.push(format!("removed {name}"));
            continue;
        }
        let Ok(mut bytes) = std::fs::read(&f) else {
            continue;
        };
        let hot = if rng.one_in(2) { 64 } else { 0 };
        mutate(rng, &mut bytes, 4, hot);
        if rng.one_in(2) {
            crate::fixup::store_file(&name, &mut bytes);
            what.push("checksums fixed".into());
        }
        std::fs::write(&f, &bytes).expect("cannot write the mutated file");
        what.push(format!("mutated {name}"));
    }
    std::fs::write(case.scratch().join("what"), what.join("\n")).ok();
    if case.verbose {
        println!("{}", what.join(", "));
    }
    let dir = case.scratch().join("db");
    std::fs::create_dir_all(&dir).expect("cannot create the case database");
    for f in files(&input) {
        std::fs::copy(&f, dir.join(f.file_name().expect("a file name")))
            .expect("cannot copy the case input");
    }
    let _ = case.ok("verify", Store::verify(&dir));
    if let Some(mut ro) = case.ok(
        "open read-only",
        Store::open(&dir, StoreOptions::read_only()),
    ) {
        let _ = case.ok("stats", ro.stats());
        let forward = scan(case, &ro, ScanRange::all());
        let backward = scan(
            case,
            &ro,
            ScanRange {
                reverse: true,
                ..ScanRange::all()
            },
        );
        if let (Some(f), Some(b)) = (forward, backward) {
            case.check(
                f == b,
                format!("a scan finds {f} entries forward but {b} in reverse"),
            );
        }
        let _ = scan(case, &ro, ScanRange::prefix(b"k01"));
        let _ = scan(
            case,
            &ro,
            ScanRange {
                start: Bound::Excluded(b"k0100".to_vec()),
                end: Bound::Included(b"k0200".to_vec()),
                reverse: rng.one_in(2),
            },
        );
        for _ in 0..4 {
            let key = format!("k{:04}", rng.below(420));
            let _ = case.ok("get", ro.get(key.as_bytes()));
        }
        if let Some(mut session) = case.ok("sql session", Session::new(&mut ro)) {
            let r = session.execute_script("SELECT * FROM t; SELECT b FROM t WHERE b = 'x'", &[]);
            let _ = case.ok("sql select", r);
        }
    }
    if let Some(mut w) = case.ok("open writer", Store::open(&dir, writer())) {
        let mut b = WriteBatch::new();
        b.put(b"k0001", b"new");
        b.delete(b"k0002");
        let _ = case.ok("write", w.write(&b));
        if let Some(mut session) = case.ok("sql session (writer)", Session::new(&mut w)) {
            let r = session.execute_script(
                "INSERT INTO t (b) VALUES ('z'); SELECT count(*) FROM t",
                &[],
            );
            let _ = case.ok("sql insert", r);
        }
        let _ = case.ok("checkpoint", w.checkpoint());
        let _ = case.ok("compact", w.compact());
        let _ = scan(case, &w, ScanRange::all());
        let _ = case.ok("sync", w.sync());
    }
    let _ = case.ok("verify after", Store::verify(&dir));
    if let Some(ro) = case.ok("reopen", Store::open(&dir, StoreOptions::read_only())) {
        let _ = scan(case, &ro, ScanRange::all());
    }
}

/// Entries in `range`, or None after an expected error.
fn scan(case: &mut Case, store: &Store, range: ScanRange) -> Option<usize> {
    let mut it = case.ok("scan", store.scan(range))?;
    let mut n = 0;
    loop {
        match it.next_entry() {
            Ok(Some(_)) => n += 1,
            Ok(None) => return Some(n),
            Err(e) => {
                let _ = case.ok("scan next", Err::<(), _>(e));
                return None;
            }
        }
    }
}
