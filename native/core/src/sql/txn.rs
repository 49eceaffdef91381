//! Pending writes over the store. A statement, and a BEGIN … COMMIT transaction, write
//! into [`Pending`]; reads go through [`Db`], which merges the pending writes over the
//! store, so a statement reads its own writes. COMMIT (or the end of an autocommit
//! statement) turns the pending writes into one `WriteBatch`: one atomic store write.
//! A failed statement drops everything pending: the statement in autocommit mode, the
//! whole transaction inside BEGIN … COMMIT.

use crate::error::Result;
use crate::store::{ScanIter, ScanRange, Store, WriteBatch};
use std::borrow::Cow;
use std::collections::btree_map::{self, BTreeMap};
use std::iter::Peekable;
use std::ops::Bound;

type Map = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

#[derive(Default)]
pub struct Pending {
    map: Map,
}

impl Pending {
    pub fn put(&mut self, key: Vec<u8>, value: Vec<u8>) {
        self.map.insert(key, Some(value));
    }

    pub fn delete(&mut self, key: Vec<u8>) {
        self.map.insert(key, None);
    }

    /// Forgets everything pending (a failed statement, a ROLLBACK).
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// Writes everything pending to the store in one atomic batch.
    pub fn commit(&mut self, store: &mut Store) -> Result<()> {
        if self.map.is_empty() {
            return Ok(());
        }
        let mut batch = WriteBatch::new();
        for (k, v) in &self.map {
            match v {
                Some(v) => batch.put(k, v),
                None => batch.delete(k),
            }
        }
        self.clear();
        store.write(&batch)?;
        Ok(())
    }
}

/// A read view: the store with the pending writes on top.
#[derive(Clone, Copy)]
pub struct Db<'a> {
    pub store: &'a Store,
    pub pending: &'a Pending,
}

impl<'a> Db<'a> {
    pub fn get(&self, key: &[u8]) -> Result<Option<Cow<'a, [u8]>>> {
        match self.pending.map.get(key) {
            Some(Some(v)) => Ok(Some(Cow::Borrowed(v))),
            Some(None) => Ok(None),
            None => Ok(self.store.get_ref(key)?.map(Cow::Borrowed)),
        }
    }

    /// Ascending scan of `[start, end)` (`end` `None`: to the end of the key space).
    pub fn scan(&self, start: Vec<u8>, end: Option<Vec<u8>>) -> Result<Merged<'a>> {
        let end_bound = end.clone().map_or(Bound::Unbounded, Bound::Excluded);
        let mem = self.pending.map.range::<[u8], _>((
            Bound::Included(start.as_slice()),
            end.as_deref().map_or(Bound::Unbounded, Bound::Excluded),
        ));
        let range = ScanRange {
            start: Bound::Included(start),
            end: end_bound,
            reverse: false,
        };
        Ok(Merged {
            store: self.store.scan(range)?,
            key: Vec::new(),
            value: Vec::new(),
            have_store: false,
            need_store: true,
            mem: mem.peekable(),
        })
    }

    pub fn scan_prefix(&self, prefix: &[u8]) -> Result<Merged<'a>> {
        self.scan(prefix.to_vec(), super::encoding::prefix_end(prefix))
    }
}

/// A merged ascending scan: pending writes win over the store on equal keys.
pub struct Merged<'a> {
    store: ScanIter<'a>,
    key: Vec<u8>,
    value: Vec<u8>,
    have_store: bool,
    need_store: bool,
    mem: Peekable<btree_map::Range<'a, Vec<u8>, Option<Vec<u8>>>>,
}

impl<'a> Merged<'a> {
    /// The next live entry, borrowed until the next call.
    pub fn next_entry(&mut self) -> Result<Option<(&[u8], &[u8])>> {
        loop {
            if self.need_store {
                self.need_store = false;
                self.have_store = match self.store.next_entry()? {
                    Some((k, v)) => {
                        self.key.clear();
                        self.key.extend_from_slice(k);
                        self.value.clear();
                        self.value.extend_from_slice(v);
                        true
                    }
                    None => false,
                };
            }
            let from_mem = match (self.have_store, self.mem.peek()) {
                (false, None) => return Ok(None),
                (true, None) => false,
                (false, Some(_)) => true,
                (true, Some((mk, _))) => match self.key.as_slice().cmp(mk.as_slice()) {
                    std::cmp::Ordering::Less => false,
                    std::cmp::Ordering::Equal => {
                        self.need_store = true;
                        true
                    }
                    std::cmp::Ordering::Greater => true,
                },
            };
            if !from_mem {
                self.need_store = true;
                return Ok(Some((&self.key, &self.value)));
            }
            let (k, v) = self.mem.next().expect("peeked");
            if let Some(v) = v {
                return Ok(Some((k, v)));
            }
        }
    }
}
