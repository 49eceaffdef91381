//! A rough engine-level benchmark (ignored by default; the real one is `npm run bench:kv`,
//! whole processes against SQLite): 1 M seeded records, 16-byte keys, 100-byte values.
//! Run: `cargo test --release -p sochdb-core --test store_bench -- --ignored --nocapture`.

use sochdb_core::store::{ScanRange, Store, StoreOptions, WriteBatch};
use std::time::Instant;

#[test]
#[ignore]
fn store_bench_one_million_records() {
    let n = 1_000_000u64;
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let mut state = 42u64;
    let mut batch = WriteBatch::new();
    let started = Instant::now();
    for i in 0..n {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let key = format!("{:016x}", state);
        let value: Vec<u8> = (0..100)
            .map(|j| b'a' + ((state >> (j % 60)) as u8 % 26))
            .collect();
        batch.put(key.as_bytes(), &value);
        if batch.len() == 10_000 || i == n - 1 {
            store.write(&batch).unwrap();
            batch.clear();
        }
    }
    store.checkpoint().unwrap();
    let import = started.elapsed().as_secs_f64();
    drop(store);

    let started = Instant::now();
    let store = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    let mut it = store.scan(ScanRange::all()).unwrap();
    let mut rows = 0u64;
    let mut bytes = 0usize;
    while let Some((k, v)) = it.next_entry().unwrap() {
        rows += 1;
        bytes += k.len() + v.len();
    }
    let scan = started.elapsed().as_secs_f64();
    assert_eq!(rows, n);
    let stats = store.stats().unwrap();
    println!(
        "import {:.0} rows/s ({import:.2} s), scan {:.0} rows/s ({scan:.3} s, {bytes} bytes), {} segments, {:.1} MB on disk ({:.1} bytes/row)",
        n as f64 / import,
        n as f64 / scan,
        stats.segments,
        stats.disk_bytes as f64 / 1e6,
        stats.disk_bytes as f64 / n as f64
    );
}
