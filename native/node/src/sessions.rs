//! Process-wide registry of open sessions (a build or a batch of queries), keyed by a
//! handle the JS side passes to each worker.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::errors::invalid;

pub struct Registry<T> {
    next: Mutex<(u32, BTreeMap<u32, Arc<T>>)>,
}

impl<T> Registry<T> {
    pub const fn new() -> Self {
        Registry {
            next: Mutex::new((0, BTreeMap::new())),
        }
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, (u32, BTreeMap<u32, Arc<T>>)> {
        // A panic while holding this lock cannot leave the map inconsistent.
        self.next.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn insert(&self, value: T) -> u32 {
        let mut g = self.guard();
        g.0 = g.0.wrapping_add(1).max(1);
        let handle = g.0;
        g.1.insert(handle, Arc::new(value));
        handle
    }

    pub fn get(&self, handle: u32) -> napi::Result<Arc<T>> {
        self.guard()
            .1
            .get(&handle)
            .cloned()
            .ok_or_else(|| invalid(format!("no open session with handle {handle}")))
    }

    pub fn remove(&self, handle: u32) -> bool {
        self.guard().1.remove(&handle).is_some()
    }
}
