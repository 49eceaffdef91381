//! One writer at a time: the second writer gets `Locked` naming the holder's PID, readers
//! are never blocked, and a lock whose holder died is taken over.

use sochdb_core::store::{Store, StoreOptions, WriteBatch};
use sochdb_core::Error;
use std::time::{Duration, Instant};

fn writer(wait_ms: u64) -> StoreOptions {
    StoreOptions {
        wait_ms,
        ..StoreOptions::default()
    }
}

#[test]
fn second_writer_is_locked_out_and_names_the_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let mut first = Store::open(tmp.path(), writer(0)).unwrap();
    // flock locks belong to the open file description: a second open in the same
    // process conflicts just as another process would.
    let err = Store::open(tmp.path(), writer(0))
        .err()
        .expect("second writer must fail");
    assert!(matches!(err, Error::Locked(_)), "{err}");
    assert_eq!(err.code(), "LOCKED");
    assert!(
        err.to_string()
            .contains(&format!("process {}", std::process::id())),
        "{err}"
    );

    let started = Instant::now();
    let err = Store::open(tmp.path(), writer(150)).err().unwrap();
    assert!(matches!(err, Error::Locked(_)));
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "waited {:?}",
        started.elapsed()
    );

    // The first writer is unharmed, and readers share.
    let mut batch = WriteBatch::new();
    batch.put(b"k", b"v");
    first.write(&batch).unwrap();
    let reader = Store::open(tmp.path(), StoreOptions::read_only()).unwrap();
    assert_eq!(reader.get(b"k").unwrap().as_deref(), Some(&b"v"[..]));
    drop(first);
    let second = Store::open(tmp.path(), writer(0)).unwrap();
    assert_eq!(second.get(b"k").unwrap().as_deref(), Some(&b"v"[..]));
}

#[test]
fn waiting_writer_gets_the_lock_when_it_is_released() {
    let tmp = tempfile::tempdir().unwrap();
    let first = Store::open(tmp.path(), writer(0)).unwrap();
    // The test (not the store) uses a thread, to release the lock while the second waits.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        drop(first);
    });
    Store::open(tmp.path(), writer(5000)).expect("lock taken once released");
    releaser.join().unwrap();
}

#[test]
fn lock_of_a_killed_process_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    drop(Store::open(tmp.path(), writer(0)).unwrap());
    let lock = tmp.path().join("LOCK");
    // A stale PID in the file without a lock held: just informational.
    std::fs::write(&lock, "999999\n").unwrap();
    drop(Store::open(tmp.path(), writer(0)).unwrap());

    // A real holder killed with SIGKILL: util-linux flock(1) holds an flock on the file
    // (`-o`: its `sleep` child does not inherit the descriptor, so killing flock frees it).
    let spawned = std::process::Command::new("flock")
        .arg("-o")
        .arg(&lock)
        .args(["sleep", "5"])
        .spawn();
    let Ok(mut child) = spawned else {
        eprintln!("flock(1) not installed; skipping the killed-holder half");
        return;
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Store::open(tmp.path(), writer(0)) {
            Err(Error::Locked(_)) => break,
            Ok(store) if Instant::now() < deadline => {
                drop(store);
                std::thread::sleep(Duration::from_millis(10));
            }
            other => panic!("child never took the lock: {:?}", other.err()),
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(tmp.path(), writer(1000)).expect("lock of a dead process is free");
    let pid = std::fs::read_to_string(&lock).unwrap();
    assert_eq!(pid.trim(), std::process::id().to_string());
    drop(store);
}
