//! Model-based test: random puts, deletes, batches, ingested batches, checkpoints,
//! compactions and reopens
//! against a `BTreeMap`, with gets and scans compared after every step. Seeded; the seed
//! is printed, and `STORE_SEED=n` replays one.

use sochdb_core::store::{ScanRange, Store, StoreOptions, WriteBatch};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn key(&mut self) -> Vec<u8> {
        // A small key space so overwrites and deletes hit existing keys; shared prefixes
        // exercise prefix compression and prefix scans.
        let prefix = [&b"user/"[..], b"item/", b"", b"\xff\x00"][self.below(4) as usize];
        let mut k = prefix.to_vec();
        k.extend_from_slice(format!("{:03}", self.below(300)).as_bytes());
        k
    }

    fn value(&mut self) -> Vec<u8> {
        let len = match self.below(50) {
            0 => 5000 + self.below(20_000),
            1 => 0,
            _ => self.below(120),
        } as usize;
        (0..len).map(|_| self.next() as u8).collect()
    }
}

type Model = BTreeMap<Vec<u8>, Vec<u8>>;

fn opts() -> StoreOptions {
    StoreOptions {
        // Small, so that writes trigger automatic checkpoints.
        wal_limit_bytes: 64 * 1024,
        ..StoreOptions::default()
    }
}

fn check(store: &Store, model: &Model, rng: &mut Rng, ctx: &str) {
    let all: Model = store
        .scan(ScanRange::all())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        all == *model,
        "{ctx}: full scan differs ({} keys vs {})",
        all.len(),
        model.len()
    );
    let rev: Vec<Vec<u8>> = store
        .scan(ScanRange::all().reversed())
        .unwrap()
        .map(|e| e.unwrap().0)
        .collect();
    assert!(
        rev.iter().eq(model.keys().rev()),
        "{ctx}: reverse scan differs"
    );
    for _ in 0..20 {
        let k = rng.key();
        assert_eq!(
            store.get(&k).unwrap().as_ref(),
            model.get(&k),
            "{ctx}: get {k:?}"
        );
    }
    let (a, b) = (rng.key(), rng.key());
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let bounds = [
        Bound::Included(lo.clone()),
        Bound::Excluded(lo.clone()),
        Bound::Unbounded,
    ];
    let ends = [
        Bound::Included(hi.clone()),
        Bound::Excluded(hi.clone()),
        Bound::Unbounded,
    ];
    let range = ScanRange {
        start: bounds[rng.below(3) as usize].clone(),
        end: ends[rng.below(3) as usize].clone(),
        reverse: rng.below(2) == 0,
    };
    // Filtered rather than `BTreeMap::range`, which panics on equal excluded bounds (a
    // range the store must simply find empty).
    let bounds = (range.start.clone(), range.end.clone());
    let mut expected: Vec<(Vec<u8>, Vec<u8>)> = model
        .iter()
        .filter(|(k, _)| std::ops::RangeBounds::contains(&bounds, *k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if range.reverse {
        expected.reverse();
    }
    let got: Vec<_> = store
        .scan(range.clone())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(got == expected, "{ctx}: scan {range:?} differs");
    let prefix = &lo[..rng.below(lo.len() as u64 + 1) as usize];
    let got = store.scan(ScanRange::prefix(prefix)).unwrap().count();
    assert_eq!(
        got,
        model.keys().filter(|k| k.starts_with(prefix)).count(),
        "{ctx}: prefix {prefix:?}"
    );
}

fn run(seed: u64, steps: usize, dir: &Path) {
    println!("store model test seed {seed} (replay with STORE_SEED={seed})");
    let mut rng = Rng(seed);
    let mut model = Model::new();
    let mut store = Store::open(dir, opts()).unwrap();
    let mut lsn = store.lsn();
    let mut batch = WriteBatch::new();
    for step in 0..steps {
        let ctx = format!("seed {seed} step {step}");
        match rng.below(100) {
            0..=79 => {
                batch.clear();
                let mut next = model.clone();
                let most = if rng.below(4) == 0 { 40 } else { 3 };
                for _ in 0..1 + rng.below(most) {
                    let k = rng.key();
                    if rng.below(3) == 0 {
                        batch.delete(&k);
                        next.remove(&k);
                    } else {
                        let v = rng.value();
                        batch.put(&k, &v);
                        next.insert(k, v);
                    }
                }
                let commit = store.write(&batch).unwrap();
                assert!(commit > lsn, "{ctx}: LSN went from {lsn} to {commit}");
                lsn = commit;
                model = next;
            }
            80..=83 => {
                // A sorted batch committed straight into a segment: its writes shadow
                // the memtable's and every older segment's, as a `write` would.
                let mut sorted = BTreeMap::new();
                for _ in 0..1 + rng.below(60) {
                    let k = rng.key();
                    let v = (rng.below(3) != 0).then(|| rng.value());
                    sorted.insert(k, v);
                }
                let commit = store
                    .ingest(sorted.iter().map(|(k, v)| (k.as_slice(), v.as_deref())))
                    .unwrap();
                assert_eq!(commit, lsn + sorted.len() as u64 + 1, "{ctx}: ingest LSN");
                lsn = commit;
                for (k, v) in sorted {
                    match v {
                        Some(v) => model.insert(k, v),
                        None => model.remove(&k),
                    };
                }
                assert_eq!(store.checkpoint_lsn(), lsn, "{ctx}: ingest is a checkpoint");
            }
            84..=87 => {
                store.checkpoint().unwrap();
            }
            88..=91 => {
                store.compact().unwrap();
                assert!(store.stats().unwrap().segments <= 1, "{ctx}");
            }
            92..=96 => {
                // Without sync too: a process exit keeps the page cache, so nothing is lost.
                if rng.below(2) == 0 {
                    store.sync().unwrap();
                }
                drop(store);
                store = Store::open(dir, opts()).unwrap();
            }
            _ => {
                // A reader opened beside the writer sees the same state.
                let reader = Store::open(dir, StoreOptions::read_only()).unwrap();
                check(&reader, &model, &mut rng, &format!("{ctx} (reader)"));
            }
        }
        assert_eq!(store.lsn(), lsn, "{ctx}: LSN");
        if step % 5 == 0 {
            check(&store, &model, &mut rng, &ctx);
        }
    }
    check(&store, &model, &mut rng, "end");
    store.compact().unwrap();
    drop(store);
    let store = Store::open(dir, opts()).unwrap();
    check(
        &store,
        &model,
        &mut rng,
        "after final compaction and reopen",
    );
    let stats = store.stats().unwrap();
    assert_eq!(stats.keys, model.len() as u64);
    assert_eq!(
        stats.segment_entries,
        model.len() as u64,
        "compaction keeps only live entries"
    );
    assert!(Store::verify(dir).unwrap().valid);
}

#[test]
fn store_matches_a_btreemap_model() {
    let seeds: Vec<u64> = match std::env::var("STORE_SEED") {
        Ok(s) => vec![s.parse().expect("STORE_SEED must be a number")],
        Err(_) => {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            vec![1, 2, t.as_nanos() as u64]
        }
    };
    for seed in seeds {
        let tmp = tempfile::tempdir().unwrap();
        run(seed, 1200, tmp.path());
    }
}

#[test]
fn deleted_keys_stay_absent_through_checkpoint_compaction_and_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let mut batch = WriteBatch::new();
    for i in 0..1000u32 {
        batch.put(format!("k{i:04}").as_bytes(), b"v");
    }
    store.write(&batch).unwrap();
    store.checkpoint().unwrap();
    batch.clear();
    for i in (0..1000u32).step_by(2) {
        batch.delete(format!("k{i:04}").as_bytes());
    }
    store.write(&batch).unwrap();
    let gone = |s: &Store| {
        (0..1000u32)
            .step_by(2)
            .all(|i| s.get(format!("k{i:04}").as_bytes()).unwrap().is_none())
    };
    assert!(gone(&store));
    store.checkpoint().unwrap();
    assert!(gone(&store), "after checkpoint");
    assert_eq!(
        store.stats().unwrap().segments,
        2,
        "tombstones are kept over an older segment"
    );
    drop(store);
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    assert!(gone(&store), "after reopen");
    let stats = store.compact().unwrap();
    assert_eq!((stats.segments_after, stats.entries_after), (1, 500));
    assert!(gone(&store), "after compaction");
    drop(store);
    let store = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    assert!(gone(&store), "after compaction and reopen");
    assert_eq!(store.stats().unwrap().keys, 500);
}
