//! Scans over every layout the merge distinguishes, against a `BTreeMap`: one segment
//! and an empty memtable (entries lent straight from the one source), several segments
//! with overwrites and tombstones (the heap merge), memtable over segments, and a lone
//! source that still holds tombstones (the tail of a merge). Each is checked forward and
//! reversed, over bounds that fall on, between, before and after the keys.

use sochdb_core::store::{ScanRange, Store, StoreOptions, WriteBatch};
use std::collections::BTreeMap;
use std::ops::Bound;

type Model = BTreeMap<Vec<u8>, Vec<u8>>;

fn key(i: u32) -> Vec<u8> {
    format!("k{i:05}").into_bytes()
}

/// Writes puts (`Some`) and deletes (`None`) as one batch, and applies them to the model.
fn write(store: &mut Store, model: &mut Model, ops: impl IntoIterator<Item = (u32, Option<u32>)>) {
    let mut batch = WriteBatch::new();
    for (k, v) in ops {
        match v {
            Some(v) => {
                let value = format!("v{v}").into_bytes();
                batch.put(&key(k), &value);
                model.insert(key(k), value);
            }
            None => {
                batch.delete(&key(k));
                model.remove(&key(k));
            }
        }
    }
    store.write(&batch).unwrap();
}

fn scan(store: &Store, range: ScanRange) -> Vec<(Vec<u8>, Vec<u8>)> {
    store.scan(range).unwrap().map(Result::unwrap).collect()
}

fn check(store: &Store, model: &Model, layout: &str) {
    let all: Vec<_> = model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    assert_eq!(scan(store, ScanRange::all()), all, "{layout}: full scan");
    let mut rev = all.clone();
    rev.reverse();
    assert_eq!(
        scan(store, ScanRange::all().reversed()),
        rev,
        "{layout}: reverse scan"
    );
    // Bounds on keys (multiples of 10 exist in most layouts), between keys (suffix "~"),
    // and outside every key.
    let points: Vec<Vec<u8>> = [0u32, 5, 10, 999, 1000, 2000, 5001, 6000, 6003, 6100]
        .iter()
        .flat_map(|&i| [key(i), [key(i), b"~".to_vec()].concat()])
        .chain([b"a".to_vec(), b"z".to_vec()])
        .collect();
    for lo in &points {
        for hi in &points {
            for (start, end) in [
                (Bound::Included(lo.clone()), Bound::Excluded(hi.clone())),
                (Bound::Excluded(lo.clone()), Bound::Included(hi.clone())),
                (Bound::Included(lo.clone()), Bound::Unbounded),
                (Bound::Unbounded, Bound::Excluded(hi.clone())),
            ] {
                for reverse in [false, true] {
                    let range = ScanRange {
                        start: start.clone(),
                        end: end.clone(),
                        reverse,
                    };
                    if range.is_empty() {
                        assert!(scan(store, range).is_empty());
                        continue;
                    }
                    let mut want: Vec<_> = model
                        .range::<Vec<u8>, _>((start.clone(), end.clone()))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    if reverse {
                        want.reverse();
                    }
                    assert_eq!(scan(store, range.clone()), want, "{layout}: {range:?}");
                }
            }
        }
    }
}

/// Checks the writer and a read-only store opened beside it.
fn check_both(store: &Store, model: &Model, layout: &str) {
    check(store, model, layout);
    let reader = Store::open(store.dir(), StoreOptions::read_only()).unwrap();
    check(&reader, model, &format!("{layout} (reader)"));
}

#[test]
fn scans_agree_with_a_model_on_every_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let mut model = Model::new();

    // One segment, empty memtable.
    write(
        &mut store,
        &mut model,
        (0..2000).step_by(5).map(|i| (i, Some(i))),
    );
    store.checkpoint().unwrap();
    assert_eq!(store.stats().unwrap().segments, 1);
    check_both(&store, &model, "one segment");

    // Several segments: overwrites, deletes (tombstones over an older segment) and new keys.
    write(
        &mut store,
        &mut model,
        (0..2000).step_by(10).map(|i| (i, Some(i + 1))),
    );
    write(
        &mut store,
        &mut model,
        (0..1000).step_by(15).map(|i| (i, None)),
    );
    store.checkpoint().unwrap();
    write(
        &mut store,
        &mut model,
        (1000..3000).step_by(7).map(|i| (i, Some(i + 2))),
    );
    write(
        &mut store,
        &mut model,
        (0..3000).step_by(35).map(|i| (i, None)),
    );
    store.checkpoint().unwrap();
    assert_eq!(store.stats().unwrap().segments, 3);
    check_both(&store, &model, "three segments");

    // Memtable over the segments: overwrites, deletes, keys of its own.
    write(
        &mut store,
        &mut model,
        (0..3000).step_by(20).map(|i| (i, Some(i + 3))),
    );
    write(
        &mut store,
        &mut model,
        (0..3000).step_by(45).map(|i| (i, None)),
    );
    write(&mut store, &mut model, (3000..3100).map(|i| (i, Some(i))));
    check_both(&store, &model, "memtable and three segments");

    // Tombstones over values in the next older segment.
    write(&mut store, &mut model, (5000..5050).map(|i| (i, Some(i))));
    store.checkpoint().unwrap();
    write(
        &mut store,
        &mut model,
        (5000..5050).filter(|i| i % 3 != 0).map(|i| (i, None)),
    );
    store.checkpoint().unwrap();
    check_both(&store, &model, "tombstones over an older segment");

    // A newest segment whose keys lie past every older key, tombstones among them (a
    // checkpoint keeps a tombstone even for a key no older segment holds): at that end
    // of a scan it is the only source left, and the lone-source path must skip them.
    let ops = (6000..6040).map(|i| (i, (i % 4 == 0).then_some(i)));
    write(&mut store, &mut model, ops);
    store.checkpoint().unwrap();
    check_both(&store, &model, "a lone source with tombstones");

    // Everything deleted in the memtable: the segments hold only shadowed entries.
    let keys: Vec<u32> = model
        .keys()
        .map(|k| std::str::from_utf8(&k[1..]).unwrap().parse().unwrap())
        .collect();
    write(&mut store, &mut model, keys.iter().map(|&i| (i, None)));
    assert!(model.is_empty());
    check_both(&store, &model, "all deleted");

    // After compaction: nothing left, no segment.
    store.compact().unwrap();
    check_both(&store, &model, "compacted empty");
}

#[test]
fn compaction_leaves_one_segment_that_scans_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let mut store = Store::open(tmp.path(), StoreOptions::default()).unwrap();
    let mut model = Model::new();
    for round in 0..4u32 {
        write(
            &mut store,
            &mut model,
            (round..4000)
                .step_by(3 + round as usize)
                .map(|i| (i, Some(i * round))),
        );
        write(
            &mut store,
            &mut model,
            (0..4000).step_by(11 + round as usize).map(|i| (i, None)),
        );
        store.checkpoint().unwrap();
    }
    check_both(&store, &model, "four segments");
    let stats = store.compact().unwrap();
    assert_eq!(stats.segments_after, 1);
    assert_eq!(stats.entries_after, model.len() as u64);
    check_both(&store, &model, "compacted");
}
