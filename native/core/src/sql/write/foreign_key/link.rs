//! A foreign key resolved against the schema a statement runs on: the parent table and
//! the parent key SQLite would use (`sqlite3FkLocateIndex`): the rowid when the key is
//! one column and the parent's INTEGER PRIMARY KEY is meant (named or implied), else a
//! UNIQUE index whose columns are the parent columns (in any order, each under its
//! column's own collation), or, with no parent columns written, the PRIMARY KEY index.
//! Otherwise the key is broken: "no such table: main.P" or "foreign key mismatch -
//! "C" referencing "P"", raised when a statement needs it, as SQLite raises them when
//! it prepares one.

use super::ForeignKey;
use crate::error::Error;
use crate::sql::catalog::{Catalog, Table};
use std::rc::Rc;

/// How a parent row is found from a child's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParentKey {
    Rowid,
    /// `parent.indexes[i]`, a UNIQUE index on exactly the parent columns.
    Index(usize),
}

/// A foreign key with both its tables.
#[derive(Debug)]
pub struct Link {
    pub child: Table,
    pub fk: ForeignKey,
    pub parent: Table,
    pub key: ParentKey,
    /// Per parent key column, in the parent key's order: (parent column, child column).
    pub pairs: Vec<(usize, usize)>,
}

/// Why a foreign key cannot be used.
#[derive(Clone, Debug)]
pub enum Broken {
    NoParent(String),
    Mismatch { child: String, parent: String },
}

impl Broken {
    pub fn error(&self) -> Error {
        match self {
            Broken::NoParent(p) => Error::NotFound(format!("no such table: main.{p}")),
            Broken::Mismatch { child, parent } => Error::InvalidInput(format!(
                "foreign key mismatch - \"{child}\" referencing \"{parent}\""
            )),
        }
    }
}

/// A foreign key of the table in hand, resolved or not, and the key as declared (a
/// broken one still says which columns it covers).
pub struct Declared {
    pub fk: ForeignKey,
    pub link: Result<Rc<Link>, Broken>,
}

/// The foreign keys one table takes part in.
#[derive(Default)]
pub struct TableLinks {
    /// Its own keys (it is the child).
    pub as_child: Vec<Declared>,
    /// The keys of tables (itself included) that name it as their parent.
    pub as_parent: Vec<Declared>,
}

impl TableLinks {
    pub fn is_empty(&self) -> bool {
        self.as_child.is_empty() && self.as_parent.is_empty()
    }
}

/// Whether `idx` is `table`'s PRIMARY KEY index (made first, for the constraint).
fn is_primary_index(table: &Table, i: usize) -> bool {
    let idx = &table.indexes[i];
    let pk_cols = table.columns.iter().filter(|c| c.primary_key).count();
    idx.auto
        && idx.columns.len() == pk_cols
        && idx.columns.iter().all(|&c| table.columns[c].primary_key)
        && !(table.indexes[..i].iter()).any(|j| j.auto && j.columns == idx.columns)
}

/// Resolves `fk`, a key of `child`, in `catalog`.
pub fn resolve(catalog: &Catalog, child: &Table, fk: &ForeignKey) -> Result<Link, Broken> {
    let parent = catalog
        .table(&fk.parent)
        .ok_or_else(|| Broken::NoParent(fk.parent.clone()))?;
    let mismatch = || Broken::Mismatch {
        child: child.name.clone(),
        parent: fk.parent.clone(),
    };
    let n = fk.columns.len();
    let link = |key, pairs| Link {
        child: child.clone(),
        fk: fk.clone(),
        parent: parent.clone(),
        key,
        pairs,
    };
    if let (1, Some(rc)) = (n, parent.rowid_col) {
        let names_rowid = match fk.parent_columns.first() {
            None => true,
            Some(c) => c.eq_ignore_ascii_case(&parent.columns[rc].name),
        };
        if names_rowid {
            return Ok(link(ParentKey::Rowid, vec![(rc, fk.columns[0])]));
        }
    }
    for (i, idx) in parent.indexes.iter().enumerate() {
        if !idx.unique || idx.columns.len() != n {
            continue;
        }
        if fk.parent_columns.is_empty() {
            if is_primary_index(parent, i) {
                let pairs = idx.columns.iter().copied().zip(fk.columns.iter().copied());
                return Ok(link(ParentKey::Index(i), pairs.collect()));
            }
            continue;
        }
        let mut pairs = Vec::with_capacity(n);
        for (k, &pc) in idx.columns.iter().enumerate() {
            if idx.collation(k) != parent.columns[pc].collation {
                break;
            }
            let name = &parent.columns[pc].name;
            match (fk.parent_columns.iter()).position(|c| c.eq_ignore_ascii_case(name)) {
                Some(j) => pairs.push((pc, fk.columns[j])),
                None => break,
            }
        }
        if pairs.len() == n {
            return Ok(link(ParentKey::Index(i), pairs));
        }
    }
    Err(mismatch())
}

/// Every foreign key `table` takes part in, resolved in `catalog`.
pub fn links_of(catalog: &Catalog, table: &Table) -> TableLinks {
    let declared = |child: &Table, fk: &ForeignKey| Declared {
        fk: fk.clone(),
        link: resolve(catalog, child, fk).map(Rc::new),
    };
    let as_child = (table.foreign_keys.iter())
        .map(|fk| declared(table, fk))
        .collect();
    let mut as_parent = Vec::new();
    for child in &catalog.tables {
        for fk in child.foreign_keys.iter() {
            if fk.parent.eq_ignore_ascii_case(&table.name) {
                as_parent.push(declared(child, fk));
            }
        }
    }
    TableLinks {
        as_child,
        as_parent,
    }
}

impl TableLinks {
    /// Whether an UPDATE of `table` assigning `assigned` needs any foreign key work
    /// (`sqlite3FkRequired`): it changes a child key or a parent key.
    pub fn update_needs_checks(&self, table: &Table, assigned: &[usize]) -> bool {
        (self.as_child.iter()).any(|d| d.fk.columns.iter().any(|c| assigned.contains(c)))
            || (self.as_parent.iter()).any(|d| d.parent_modified(table, assigned))
    }
}

impl Declared {
    /// Whether an UPDATE of `child` assigning `assigned` (one that needs checks at
    /// all, [`TableLinks::update_needs_checks`]) must check this key as its child: it
    /// changes the key's columns (`fkChildIsModified`), or the key names the table
    /// itself, which SQLite then always checks.
    pub fn child_modified(&self, child: &Table, assigned: &[usize]) -> bool {
        self.fk.parent.eq_ignore_ascii_case(&child.name)
            || self.fk.columns.iter().any(|c| assigned.contains(c))
    }

    /// Whether an UPDATE of `parent` assigning `assigned` changes this key's parent
    /// columns (`fkParentIsModified`: the columns named, or the PRIMARY KEY's).
    pub fn parent_modified(&self, parent: &Table, assigned: &[usize]) -> bool {
        assigned.iter().any(|&c| {
            let col = &parent.columns[c];
            if self.fk.parent_columns.is_empty() {
                col.primary_key
            } else {
                (self.fk.parent_columns.iter()).any(|p| p.eq_ignore_ascii_case(&col.name))
            }
        })
    }
}
