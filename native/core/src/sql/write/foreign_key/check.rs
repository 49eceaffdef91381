//! The statement's count of foreign key violations, kept as SQLite's VDBE keeps it
//! (`fkLookupParent`, `fkScanChildren` in SQLite's fkey.c), and the row hooks that
//! change it. While a statement runs with enforcement on, [`enforcing`] holds the
//! schema it started with and the count on this thread (row writes are deep inside
//! [`crate::sql::write::Tx`], which has no catalog); the statement fails if the
//! count is above zero when it ends.
//!
//! Per row, as SQLite: a child key with a NULL column is never checked. A child row
//! written (INSERT, the new side of an UPDATE that assigns its key) without a parent
//! adds one; one removed (DELETE, the old side) subtracts one, looked up only while the
//! count is not zero. A parent row removed adds its child rows (in a self-referencing
//! table, not itself); one written subtracts them while the count is not zero, except
//! for a single-row INSERT at top level, which cannot repair anything.

use super::link::{links_of, Broken, Declared, Link, ParentKey, TableLinks};
use crate::error::{Error, Result};
use crate::sql::catalog::{Catalog, Table};
use crate::sql::compile::comparison_affinities;
use crate::sql::encoding::{decode_row, encode_key_value, index_prefix, row_key};
use crate::sql::encoding::{rowid_of_key, table_prefix};
use crate::sql::exec::index_values_prefix;
use crate::sql::expr::convert;
use crate::sql::txn::Db;
use crate::sql::value::{Affinity, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

struct State {
    /// The schema as the statement started (DML does not change it).
    catalog: Catalog,
    links: HashMap<u32, Rc<TableLinks>>,
    count: i64,
    /// The statement is a single-row INSERT at top level (SQLite's `!isMultiWrite`).
    single_row_insert: bool,
    /// DROP TABLE's implicit DELETE: broken keys are passed over, as SQLite does.
    ignore_broken: bool,
}

thread_local! {
    static STATE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// The error of a statement that ends with violations, or meets a RESTRICT.
pub fn failed() -> Error {
    Error::InvalidInput("FOREIGN KEY constraint failed".into())
}

/// Whether any table of `catalog` has a foreign key (else there is nothing to enforce).
pub fn needed(catalog: &Catalog) -> bool {
    catalog.tables.iter().any(|t| !t.foreign_keys.is_empty())
}

/// Runs `statement` with foreign keys enforced over `catalog` (its schema at the
/// start); fails it if violations remain at its end.
pub fn enforcing<T>(catalog: Catalog, statement: impl FnOnce() -> Result<T>) -> Result<T> {
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            STATE.with(|s| s.borrow_mut().take());
        }
    }
    let _clear = Clear;
    STATE.with(|s| {
        *s.borrow_mut() = Some(State {
            catalog,
            links: HashMap::new(),
            count: 0,
            single_row_insert: false,
            ignore_broken: false,
        })
    });
    let out = statement();
    let count = STATE.with(|s| s.borrow().as_ref().map_or(0, |s| s.count));
    // The rows a FAIL keeps are checked too; a violation among them aborts (SQLite's
    // sqlite3VdbeHalt checks foreign keys after an OE_Fail halt).
    let checked = out.is_ok() || crate::sql::fail::pending();
    if checked && count > 0 {
        crate::sql::fail::take();
        return Err(failed());
    }
    out
}

/// The keys `table` takes part in (none while not enforcing).
pub fn links(table: &Table) -> Option<Rc<TableLinks>> {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        let s = s.as_mut()?;
        let State { catalog, links, .. } = s;
        let l = links.entry(table.id).or_insert_with(|| {
            // The statement's own copy of the table, as the snapshot has it.
            let t = catalog.tables.iter().find(|t| t.id == table.id);
            Rc::new(t.map_or_else(TableLinks::default, |t| links_of(catalog, t)))
        });
        (!l.is_empty()).then(|| l.clone())
    })
}

/// Marks the statement as a single-row INSERT at top level (or not).
pub fn set_single_row_insert(single: bool) {
    STATE.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            s.single_row_insert = single;
        }
    })
}

fn single_row_insert() -> bool {
    STATE.with(|s| s.borrow().as_ref().is_some_and(|s| s.single_row_insert))
}

/// Runs DROP TABLE's implicit DELETE: broken keys are passed over.
pub fn ignoring_broken<T>(f: impl FnOnce() -> T) -> T {
    let set = |v: bool| {
        STATE.with(|s| {
            if let Some(s) = s.borrow_mut().as_mut() {
                s.ignore_broken = v;
            }
        })
    };
    set(true);
    let out = f();
    set(false);
    out
}

/// The statement's violations so far.
pub fn count() -> i64 {
    STATE.with(|s| s.borrow().as_ref().map_or(0, |s| s.count))
}

fn add(n: i64) {
    STATE.with(|s| {
        if let Some(s) = s.borrow_mut().as_mut() {
            s.count += n;
        }
    })
}

fn ignoring() -> bool {
    STATE.with(|s| s.borrow().as_ref().is_some_and(|s| s.ignore_broken))
}

/// The link of `d`, or its error (passed over, `None`, in DROP TABLE's DELETE).
pub fn usable(d: &Declared) -> Result<Option<&Link>> {
    match &d.link {
        Ok(l) => Ok(Some(l)),
        Err(_) if ignoring() => Ok(None),
        Err(b) => Err(b.error()),
    }
}

/// Raises the errors SQLite raises when it prepares a write of `table`: every key of
/// the child for an INSERT or DELETE, those an UPDATE changes; the keys naming it as
/// parent for a DELETE, an UPDATE changing them, an INSERT of several rows.
pub fn prepare(table: &Table, write: Write<'_>) -> Result<()> {
    let Some(links) = links(table) else {
        return Ok(());
    };
    if matches!(write, Write::Update(a) if !links.update_needs_checks(table, a)) {
        return Ok(());
    }
    for d in &links.as_child {
        if !matches!(write, Write::Update(a) if !d.child_modified(table, a)) {
            usable(d)?;
        }
    }
    for d in &links.as_parent {
        let needed = match write {
            Write::Insert => !single_row_insert(),
            Write::Update(a) => d.parent_modified(table, a),
            Write::Delete => true,
        };
        if needed {
            usable(d)?;
        }
    }
    Ok(())
}

/// A write to a table, as [`prepare`] sees it; an UPDATE with the columns it assigns.
#[derive(Clone, Copy)]
pub enum Write<'a> {
    Insert,
    Update(&'a [usize]),
    Delete,
}

fn has_null(link: &Link, child_row: &[Value]) -> bool {
    link.pairs.iter().any(|&(_, c)| child_row[c].is_null())
}

/// Whether the parent of `child_row` exists. `writing`: the child row is being
/// written at this rowid (it may be its own parent); `gone`: a row deleted already in
/// SQLite's order but still readable here.
fn parent_exists(
    db: Db<'_>,
    link: &Link,
    child_row: &[Value],
    writing: Option<i64>,
) -> Result<bool> {
    let own = writing.filter(|_| link.parent.id == link.child.id);
    match link.key {
        ParentKey::Rowid => {
            let (_, c) = link.pairs[0];
            let rowid = match child_row[c].clone().apply_affinity(Affinity::Integer) {
                Value::Integer(i) => i,
                _ => return Ok(false),
            };
            if own == Some(rowid) {
                return Ok(true);
            }
            Ok(db.get(&row_key(link.parent.id, rowid))?.is_some())
        }
        ParentKey::Index(i) => {
            let idx = &link.parent.indexes[i];
            if own.is_some()
                && (link.pairs.iter()).all(|&(p, c)| {
                    !child_row[p].is_null() && child_row[p].sql_cmp(&child_row[c]).is_eq()
                })
            {
                return Ok(true);
            }
            let mut probe = vec![Value::Null; link.parent.columns.len()];
            for &(p, c) in &link.pairs {
                probe[p] = child_row[c]
                    .clone()
                    .apply_affinity(link.parent.columns[p].affinity);
            }
            let mut scan = db.scan_prefix(&index_values_prefix(idx, &probe))?;
            Ok(scan.next_entry()?.is_some())
        }
    }
}

/// The parent key of a parent row at `rowid` (`None` if a column is NULL).
fn parent_key(link: &Link, row: &[Value], rowid: i64) -> Option<Vec<Value>> {
    if link.key == ParentKey::Rowid {
        return Some(vec![Value::Integer(rowid)]);
    }
    let key: Vec<Value> = link.pairs.iter().map(|&(p, _)| row[p].clone()).collect();
    (!key.iter().any(Value::is_null)).then_some(key)
}

/// Whether a child row's key equals `key` as `child.col = parent.col` compares them
/// in SQLite: the affinities of a comparison of two columns, the parent's collation.
fn matches(link: &Link, key: &[Value], child_row: &[Value]) -> bool {
    link.pairs.iter().zip(key).all(|(&(p, c), k)| {
        let pcol = &link.parent.columns[p];
        let (paff, coll) = match link.key {
            ParentKey::Rowid => (Affinity::Integer, Default::default()),
            ParentKey::Index(_) => (pcol.affinity, pcol.collation),
        };
        let (la, ra) = comparison_affinities(Some(paff), Some(link.child.columns[c].affinity));
        let l = convert(k.clone(), la);
        let r = convert(child_row[c].clone(), ra);
        !l.is_null() && !r.is_null() && coll.key(&l).sql_cmp(&coll.key(&r)).is_eq()
    })
}

/// The child index that finds rows by this key with the same answers as [`matches`]:
/// its leading columns are the child columns, under the comparison's collation, and
/// the comparison converts neither side.
fn child_index_prefix(link: &Link, key: &[Value]) -> Option<Vec<u8>> {
    let n = link.pairs.len();
    link.child.indexes.iter().find_map(|idx| {
        if idx.columns.len() < n {
            return None;
        }
        let mut prefix = index_prefix(idx.id);
        for (k, &col) in idx.columns[..n].iter().enumerate() {
            let at = link.pairs.iter().position(|&(_, c)| c == col)?;
            let (p, c) = link.pairs[at];
            let (paff, coll) = match link.key {
                ParentKey::Rowid => (Affinity::Integer, Default::default()),
                ParentKey::Index(_) => (
                    link.parent.columns[p].affinity,
                    link.parent.columns[p].collation,
                ),
            };
            let converts = comparison_affinities(Some(paff), Some(link.child.columns[c].affinity));
            if idx.collation(k) != coll || converts != (None, None) {
                return None;
            }
            encode_key_value(&mut prefix, &coll.key(&key[at]));
        }
        Some(prefix)
    })
}

/// The rowids of the child rows whose key is `key`, in rowid order.
pub fn children(db: Db<'_>, link: &Link, key: &[Value]) -> Result<Vec<i64>> {
    let mut found = Vec::new();
    let mut row = Vec::new();
    let defaults = link.child.defaults();
    if let Some(prefix) = child_index_prefix(link, key) {
        let mut scan = db.scan_prefix(&prefix)?;
        while let Some((k, _)) = scan.next_entry()? {
            found.push(rowid_of_key(k)?);
        }
        found.sort_unstable();
        found.dedup();
        let mut kept = Vec::with_capacity(found.len());
        for rowid in found {
            if let Some(bytes) = db.get(&row_key(link.child.id, rowid))? {
                decode_row(&bytes, &defaults, None, &mut row)?;
                if matches(link, key, &row) {
                    kept.push(rowid);
                }
            }
        }
        return Ok(kept);
    }
    let mut scan = db.scan_prefix(&table_prefix(link.child.id))?;
    while let Some((k, bytes)) = scan.next_entry()? {
        decode_row(bytes, &defaults, None, &mut row)?;
        if matches(link, key, &row) {
            found.push(rowid_of_key(k)?);
        }
    }
    Ok(found)
}

/// The child rows of the parent row `row` at `rowid` (none if its key has a NULL).
pub fn children_of(db: Db<'_>, link: &Link, row: &[Value], rowid: i64) -> Result<Vec<i64>> {
    match parent_key(link, row, rowid) {
        Some(key) => children(db, link, &key),
        None => Ok(Vec::new()),
    }
}

/// How many child rows reference the parent row, leaving out `except` (the parent
/// row itself in a self-referencing table).
fn count_children(
    db: Db<'_>,
    link: &Link,
    row: &[Value],
    rowid: i64,
    except: Option<i64>,
) -> Result<i64> {
    let rows = children_of(db, link, row, rowid)?;
    Ok(rows.iter().filter(|&&r| Some(r) != except).count() as i64)
}

/// A child row is going away: one violation fewer if it had no parent.
fn child_removed(db: Db<'_>, link: &Link, row: &[Value]) -> Result<()> {
    if !has_null(link, row) && count() != 0 && !parent_exists(db, link, row, None)? {
        add(-1);
    }
    Ok(())
}

/// A child row is being written at `rowid`: one violation more if it has no parent.
fn child_added(db: Db<'_>, link: &Link, row: &[Value], rowid: i64) -> Result<()> {
    if !has_null(link, row) && !parent_exists(db, link, row, Some(rowid))? {
        add(1);
    }
    Ok(())
}

/// Before the row `old` at `rowid` of `table` is deleted (it is still there).
pub fn deleting(db: Db<'_>, table: &Table, old: &[Value], rowid: i64) -> Result<()> {
    let Some(links) = links(table) else {
        return Ok(());
    };
    for d in &links.as_child {
        // DROP TABLE's DELETE takes a missing parent for an empty one: each child row
        // with a whole key is one violation fewer, as SQLite counts it.
        if ignoring() && matches!(d.link, Err(Broken::NoParent(_))) {
            if d.fk.columns.iter().all(|&c| !old[c].is_null()) {
                add(-1);
            }
            continue;
        }
        if let Some(l) = usable(d)? {
            child_removed(db, l, old)?;
        }
    }
    for d in &links.as_parent {
        if let Some(l) = usable(d)? {
            let except = (l.child.id == table.id).then_some(rowid);
            add(count_children(db, l, old, rowid, except)?);
        }
    }
    Ok(())
}

/// Before the row `new` is written at `rowid` of `table` by an INSERT.
pub fn inserting(db: Db<'_>, table: &Table, new: &[Value], rowid: i64) -> Result<()> {
    let Some(links) = links(table) else {
        return Ok(());
    };
    for d in &links.as_child {
        if let Some(l) = usable(d)? {
            child_added(db, l, new, rowid)?;
        }
    }
    if single_row_insert() {
        return Ok(());
    }
    for d in &links.as_parent {
        if let Some(l) = usable(d)? {
            if count() != 0 {
                add(-count_children(db, l, new, rowid, None)?);
            }
        }
    }
    Ok(())
}

/// Before an UPDATE assigning `assigned` removes the old row (still there).
pub fn updating_old(
    db: Db<'_>,
    table: &Table,
    old: &[Value],
    rowid: i64,
    assigned: &[usize],
) -> Result<()> {
    let Some(links) = links(table) else {
        return Ok(());
    };
    if !links.update_needs_checks(table, assigned) {
        return Ok(());
    }
    for d in links
        .as_child
        .iter()
        .filter(|d| d.child_modified(table, assigned))
    {
        if let Some(l) = usable(d)? {
            child_removed(db, l, old)?;
        }
    }
    for d in (links.as_parent.iter()).filter(|d| d.parent_modified(table, assigned)) {
        if let Some(l) = usable(d)? {
            let except = (l.child.id == table.id).then_some(rowid);
            add(count_children(db, l, old, rowid, except)?);
        }
    }
    Ok(())
}

/// After an UPDATE removed the old row, before it writes `new` at `rowid`.
pub fn updating_new(
    db: Db<'_>,
    table: &Table,
    new: &[Value],
    rowid: i64,
    assigned: &[usize],
) -> Result<()> {
    let Some(links) = links(table) else {
        return Ok(());
    };
    if !links.update_needs_checks(table, assigned) {
        return Ok(());
    }
    for d in links
        .as_child
        .iter()
        .filter(|d| d.child_modified(table, assigned))
    {
        if let Some(l) = usable(d)? {
            child_added(db, l, new, rowid)?;
        }
    }
    for d in (links.as_parent.iter()).filter(|d| d.parent_modified(table, assigned)) {
        if let Some(l) = usable(d)? {
            if count() != 0 {
                add(-count_children(db, l, new, rowid, None)?);
            }
        }
    }
    Ok(())
}
