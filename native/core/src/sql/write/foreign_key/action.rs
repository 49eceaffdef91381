//! ON DELETE and ON UPDATE actions, run after the parent row's write as SQLite runs
//! them (`fkActionTrigger`): as a trigger program of the parent's row, which counts
//! towards the trigger depth limit and is entered for each row whose key the statement
//! may change, children or not. RESTRICT fails at once if a child row references the
//! old key; CASCADE deletes the child rows (ON DELETE) or sets their key to the new
//! one (ON UPDATE); SET NULL and SET DEFAULT set their key columns. Each of these is
//! the child's own DELETE or UPDATE ([`trigger_writes`]): its triggers fire and its
//! own foreign keys are checked and acted on in turn. An ON UPDATE action runs only
//! when the key changed (`old.k IS new.k` false under the parent's collation).
//!
//! Writes that reach a parent row without a statement context (the row a REPLACE
//! deletes, an upsert's DO UPDATE) run RESTRICT, and refuse an action that would
//! change child rows ([`without_context`]).

use super::check::{self, failed, usable};
use super::link::{Link, ParentKey};
use super::KeyAction;
use crate::error::Result;
use crate::sql::catalog::Table;
use crate::sql::dml::Ctx;
use crate::sql::expr::{unsupported, Expr};
use crate::sql::trigger::{self, Event};
use crate::sql::trigger_writes;
use crate::sql::txn::Db;
use crate::sql::value::Value;
use crate::sql::write::OnConflict;

fn db<'a>(cx: &'a Ctx<'_>) -> Db<'a> {
    Db {
        store: cx.store,
        pending: cx.pending,
    }
}

/// The parent key of a row (the rowid for a rowid key).
fn key_of(link: &Link, row: &[Value], rowid: i64) -> Vec<Value> {
    match link.key {
        ParentKey::Rowid => vec![Value::Integer(rowid)],
        ParentKey::Index(_) => link.pairs.iter().map(|&(p, _)| row[p].clone()).collect(),
    }
}

/// `old.k IS new.k` for every key column, under the parent's collations.
fn same_key(link: &Link, old: &[Value], new: &[Value]) -> bool {
    old.iter()
        .zip(new)
        .zip(&link.pairs)
        .all(|((a, b), &(p, _))| {
            let coll = match link.key {
                ParentKey::Rowid => Default::default(),
                ParentKey::Index(_) => link.parent.columns[p].collation,
            };
            a.is_null() == b.is_null() && coll.key(a).sql_cmp(&coll.key(b)).is_eq()
        })
}

/// After the parent row `old` at `rowid` of `table` was deleted.
pub fn after_delete(cx: &mut Ctx<'_>, table: &Table, old: &[Value], rowid: i64) -> Result<()> {
    let Some(links) = check::links(table) else {
        return Ok(());
    };
    for d in &links.as_parent {
        let Some(link) = usable(d)? else { continue };
        if link.fk.on_delete == KeyAction::NoAction {
            continue;
        }
        let rows = check::children_of(db(cx), link, old, rowid)?;
        crate::sql::fire::in_action(|| run(cx, link, link.fk.on_delete, rows, None))?;
    }
    Ok(())
}

/// After an UPDATE assigning `assigned` changed the parent row `old` (at
/// `old_rowid`) into `new` (at `new_rowid`).
pub fn after_update(
    cx: &mut Ctx<'_>,
    table: &Table,
    (old, old_rowid): (&[Value], i64),
    (new, new_rowid): (&[Value], i64),
    assigned: &[usize],
) -> Result<()> {
    let Some(links) = check::links(table) else {
        return Ok(());
    };
    for d in &links.as_parent {
        if !d.parent_modified(table, assigned) {
            continue;
        }
        let Some(link) = usable(d)? else { continue };
        if link.fk.on_update == KeyAction::NoAction {
            continue;
        }
        let old_key = key_of(link, old, old_rowid);
        let new_key = key_of(link, new, new_rowid);
        crate::sql::fire::in_action(|| {
            if same_key(link, &old_key, &new_key) || old_key.iter().any(Value::is_null) {
                return Ok(());
            }
            let rows = check::children(db(cx), link, &old_key)?;
            run(cx, link, link.fk.on_update, rows, Some(new_key))
        })?;
    }
    Ok(())
}

/// Runs `action` on the child rows `rows`; `new_key` is the parent's new key for an
/// ON UPDATE CASCADE (`None`: ON DELETE).
fn run(
    cx: &mut Ctx<'_>,
    link: &Link,
    action: KeyAction,
    rows: Vec<i64>,
    new_key: Option<Vec<Value>>,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut child = cx.catalog.get(&link.child.name)?.clone();
    let changed = match (action, new_key) {
        (KeyAction::NoAction, _) => return Ok(()),
        (KeyAction::Restrict, _) => return Err(failed()),
        (KeyAction::Cascade, None) => {
            let armed = trigger::armed(cx.catalog, &child.name, Event::Delete)?;
            trigger_writes::delete(cx, &mut child, rows, &armed)?
        }
        (action, new_key) => {
            let mut set = Vec::with_capacity(link.pairs.len());
            for (n, &(_, c)) in link.pairs.iter().enumerate() {
                let v = match (action, &new_key) {
                    (KeyAction::Cascade, Some(k)) => k[n].clone(),
                    (KeyAction::SetDefault, _) => crate::sql::check::default_value(&child, c)?,
                    _ => Value::Null,
                };
                set.push((c, Expr::Const(v)));
            }
            let names: Vec<String> = (set.iter())
                .map(|(c, _)| child.columns[*c].name.clone())
                .collect();
            let armed = trigger::armed(cx.catalog, &child.name, Event::Update(&names))?;
            trigger_writes::update(cx, &mut child, &set, rows, OnConflict::Abort, &armed)?
        }
    };
    cx.finish_table(child);
    crate::sql::counters::changed_by_action(changed);
    Ok(())
}

/// DROP TABLE of a table other tables reference, with enforcement on: as SQLite, its
/// rows are deleted first (its own triggers do not fire, broken keys are passed over,
/// actions run) and the DROP fails if that leaves violations.
pub fn before_drop(cx: &mut Ctx<'_>, table: &Table) -> Result<()> {
    let Some(links) = check::links(table) else {
        return Ok(());
    };
    if links.as_parent.is_empty() {
        return Ok(());
    }
    let mut rowids = Vec::new();
    let mut scan = db(cx).scan_prefix(&crate::sql::encoding::table_prefix(table.id))?;
    while let Some((k, _)) = scan.next_entry()? {
        rowids.push(crate::sql::encoding::rowid_of_key(k)?);
    }
    drop(scan);
    let mut doomed = table.clone();
    let none = trigger::Armed::default();
    check::ignoring_broken(|| trigger_writes::delete(cx, &mut doomed, rowids, &none))?;
    if check::count() > 0 {
        return Err(failed());
    }
    Ok(())
}

/// For a parent row written where no action can run (a REPLACE's deletion, an upsert's
/// DO UPDATE): RESTRICT as usual, and a refusal if an action would change child rows.
/// `new`: the row's new key side for an update (`None`: a delete).
pub fn without_context(
    db: Db<'_>,
    table: &Table,
    (old, old_rowid): (&[Value], i64),
    new: Option<(&[Value], i64, &[usize])>,
) -> Result<()> {
    let Some(links) = check::links(table) else {
        return Ok(());
    };
    for d in &links.as_parent {
        if new.is_some_and(|(_, _, assigned)| !d.parent_modified(table, assigned)) {
            continue;
        }
        let Some(link) = usable(d)? else { continue };
        let action = match new {
            Some(_) => link.fk.on_update,
            None => link.fk.on_delete,
        };
        if action == KeyAction::NoAction {
            continue;
        }
        let old_key = key_of(link, old, old_rowid);
        if let Some((row, rowid, _)) = new {
            if same_key(link, &old_key, &key_of(link, row, rowid)) {
                continue;
            }
        }
        if check::children(db, link, &old_key)?.is_empty() {
            continue;
        }
        if action == KeyAction::Restrict {
            return Err(failed());
        }
        let (what, verb) = match new {
            Some(_) => ("an upsert's DO UPDATE", "UPDATE"),
            None => ("a REPLACE", "DELETE"),
        };
        return Err(unsupported(format!(
            "{what} that changes a key of {} that rows of {} reference (ON {verb} {})",
            table.name,
            link.child.name,
            action.sql()
        )));
    }
    Ok(())
}

impl KeyAction {
    /// The action as SQL writes it.
    pub fn sql(self) -> &'static str {
        match self {
            KeyAction::NoAction => "NO ACTION",
            KeyAction::Restrict => "RESTRICT",
            KeyAction::SetNull => "SET NULL",
            KeyAction::SetDefault => "SET DEFAULT",
            KeyAction::Cascade => "CASCADE",
        }
    }
}
