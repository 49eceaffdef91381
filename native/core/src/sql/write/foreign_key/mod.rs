//! FOREIGN KEY constraints, as SQLite keeps and enforces them
//! (<https://sqlite.org/foreignkeys.html>).
//!
//! A table keeps its constraints as declared ([`ForeignKey`]: its columns, the parent
//! table and parent columns by name, the ON DELETE / ON UPDATE actions), in the
//! catalog's section [`TAG`] ([`encode`], [`decode`]). As in SQLite the parent is
//! resolved when a statement uses the key, not when the child is created: a missing
//! parent is "no such table", a parent key that is not its PRIMARY KEY or a UNIQUE
//! index is "foreign key mismatch" ([`link`]).
//!
//! Enforcement is per connection, off until `PRAGMA foreign_keys = ON` ([`pragma`];
//! setting it inside a transaction does nothing, as in SQLite). While it is on, each
//! statement counts violations as SQLite's VDBE does ([`check`]): a child row written
//! without a parent adds one, one removed subtracts one (only while the count is not
//! zero), a parent row removed adds its children, one written subtracts them; the
//! statement fails with "FOREIGN KEY constraint failed" if the count is above zero
//! when it ends, so a statement that breaks a key and repairs it succeeds. RESTRICT
//! fails at once; CASCADE, SET NULL and SET DEFAULT run after the parent row's write,
//! through the same row writes as a DELETE or UPDATE of the child, its triggers
//! included ([`action`]).
//!
//! Refused: DEFERRABLE INITIALLY DEFERRED (checked at COMMIT in SQLite), and a
//! REPLACE or upsert that would have to run a CASCADE / SET NULL / SET DEFAULT on
//! existing child rows. MATCH is read and, as in SQLite, has no effect.

pub mod action;
pub mod check;
pub mod link;
pub mod pragma;

use crate::error::{Error, Result};
use crate::sql::catalog::Table;
use crate::sql::encoding::{push_varint, Reader};
use crate::sql::expr::unsupported;
use crate::sql::names::object_name;
use sqlparser::ast;

/// The catalog section holding the foreign keys ([`crate::sql::catalog_ext`]).
pub const TAG: u8 = 2;

/// What a change to a parent key does to the child rows that reference it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    NoAction,
    Restrict,
    SetNull,
    SetDefault,
    Cascade,
}

impl KeyAction {
    fn code(self) -> u8 {
        match self {
            KeyAction::NoAction => 0,
            KeyAction::Restrict => 1,
            KeyAction::SetNull => 2,
            KeyAction::SetDefault => 3,
            KeyAction::Cascade => 4,
        }
    }

    fn from_code(b: u8) -> Result<KeyAction> {
        Ok(match b {
            0 => KeyAction::NoAction,
            1 => KeyAction::Restrict,
            2 => KeyAction::SetNull,
            3 => KeyAction::SetDefault,
            4 => KeyAction::Cascade,
            _ => {
                return Err(Error::Corrupt(format!(
                    "SQL catalog: unknown foreign key action {b} (written by a newer build?)"
                )))
            }
        })
    }

    fn of(a: Option<&ast::ReferentialAction>) -> KeyAction {
        match a {
            None | Some(ast::ReferentialAction::NoAction) => KeyAction::NoAction,
            Some(ast::ReferentialAction::Restrict) => KeyAction::Restrict,
            Some(ast::ReferentialAction::SetNull) => KeyAction::SetNull,
            Some(ast::ReferentialAction::SetDefault) => KeyAction::SetDefault,
            Some(ast::ReferentialAction::Cascade) => KeyAction::Cascade,
        }
    }
}

/// One FOREIGN KEY constraint of a (child) table.
#[derive(Clone, Debug)]
pub struct ForeignKey {
    /// The child's columns, in declaration order.
    pub columns: Vec<usize>,
    /// The parent table's name as written (it may not exist yet).
    pub parent: String,
    /// The parent's columns as written; empty: its PRIMARY KEY.
    pub parent_columns: Vec<String>,
    pub on_delete: KeyAction,
    pub on_update: KeyAction,
}

/// Refuses what this build does not enforce as SQLite would.
fn refuse_deferred(c: &ast::ForeignKeyConstraint) -> Result<()> {
    let deferred = c.characteristics.as_ref().is_some_and(|ch| {
        ch.deferrable == Some(true) && ch.initially == Some(ast::DeferrableInitial::Deferred)
    });
    if deferred {
        return Err(unsupported(
            "DEFERRABLE INITIALLY DEFERRED foreign keys (only immediate ones are enforced)",
        ));
    }
    if c.characteristics
        .as_ref()
        .is_some_and(|ch| ch.enforced.is_some())
    {
        return Err(unsupported("ENFORCED / NOT ENFORCED on a foreign key"));
    }
    Ok(())
}

/// The constraint `col REFERENCES parent [(x)] …` on the column `col` of `table`.
pub fn from_column(table: &Table, col: usize, c: &ast::ForeignKeyConstraint) -> Result<ForeignKey> {
    refuse_deferred(c)?;
    let parent = object_name(&c.foreign_table)?;
    if c.referred_columns.len() > 1 {
        return Err(Error::InvalidInput(format!(
            "foreign key on {} should reference only one column of table {parent}",
            table.columns[col].name
        )));
    }
    Ok(ForeignKey {
        columns: vec![col],
        parent,
        parent_columns: c.referred_columns.iter().map(|i| i.value.clone()).collect(),
        on_delete: KeyAction::of(c.on_delete.as_ref()),
        on_update: KeyAction::of(c.on_update.as_ref()),
    })
}

/// The table constraint `FOREIGN KEY (a, b) REFERENCES parent [(x, y)] …`.
pub fn from_table_constraint(table: &Table, c: &ast::ForeignKeyConstraint) -> Result<ForeignKey> {
    refuse_deferred(c)?;
    let parent = object_name(&c.foreign_table)?;
    if !c.referred_columns.is_empty() && c.referred_columns.len() != c.columns.len() {
        return Err(Error::InvalidInput(
            "number of columns in foreign key does not match the number of columns in the referenced table"
                .into(),
        ));
    }
    let columns = (c.columns.iter())
        .map(|i| {
            table.column(&i.value).ok_or_else(|| {
                Error::InvalidInput(format!(
                    "unknown column \"{}\" in foreign key definition",
                    i.value
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ForeignKey {
        columns,
        parent,
        parent_columns: c.referred_columns.iter().map(|i| i.value.clone()).collect(),
        on_delete: KeyAction::of(c.on_delete.as_ref()),
        on_update: KeyAction::of(c.on_update.as_ref()),
    })
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    push_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// The section's payload: a varint count of tables with foreign keys, then per table
/// its id and its count of keys; per key its column count and columns, the parent's
/// name, the count of parent columns and their names, then the ON DELETE and ON UPDATE
/// action bytes.
pub fn encode(tables: &[Table]) -> Vec<u8> {
    let with: Vec<&Table> = tables
        .iter()
        .filter(|t| !t.foreign_keys.is_empty())
        .collect();
    let mut p = Vec::new();
    push_varint(&mut p, with.len() as u64);
    for t in with {
        push_varint(&mut p, u64::from(t.id));
        push_varint(&mut p, t.foreign_keys.len() as u64);
        for fk in t.foreign_keys.iter() {
            push_varint(&mut p, fk.columns.len() as u64);
            for &c in &fk.columns {
                push_varint(&mut p, c as u64);
            }
            push_str(&mut p, &fk.parent);
            push_varint(&mut p, fk.parent_columns.len() as u64);
            for c in &fk.parent_columns {
                push_str(&mut p, c);
            }
            p.push(fk.on_delete.code());
            p.push(fk.on_update.code());
        }
    }
    p
}

/// Reads [`encode`]'s payload into `tables`.
pub fn decode(payload: &[u8], tables: &mut [Table]) -> Result<()> {
    let mut r = Reader::new(payload);
    for _ in 0..r.varint()? {
        let id = r.varint()? as u32;
        let t = (tables.iter_mut())
            .find(|t| t.id == id)
            .ok_or_else(|| Error::Corrupt(format!("SQL catalog: no table {id}")))?;
        let mut keys = Vec::new();
        for _ in 0..r.varint()? {
            let columns = (0..r.varint()?)
                .map(|_| r.varint().map(|c| c as usize))
                .collect::<Result<Vec<_>>>()?;
            if columns.is_empty() || columns.iter().any(|&c| c >= t.columns.len()) {
                return Err(Error::Corrupt(
                    "SQL catalog: foreign key column out of range".into(),
                ));
            }
            let parent = r.string()?;
            let parent_columns = (0..r.varint()?)
                .map(|_| r.string())
                .collect::<Result<Vec<_>>>()?;
            keys.push(ForeignKey {
                columns,
                parent,
                parent_columns,
                on_delete: KeyAction::from_code(r.byte()?)?,
                on_update: KeyAction::from_code(r.byte()?)?,
            });
        }
        t.foreign_keys = keys.into();
    }
    Ok(())
}

/// ALTER TABLE old RENAME TO new: the keys naming `old` as their parent now name `new`
/// (SQLite rewrites their REFERENCES clauses).
pub fn rename_parent(tables: &mut [Table], old: &str, new: &str) {
    for t in tables {
        for fk in t.foreign_keys.iter_mut() {
            if fk.parent.eq_ignore_ascii_case(old) {
                fk.parent = new.to_string();
            }
        }
    }
}

/// ALTER TABLE parent RENAME COLUMN old TO new: the keys naming it follow.
pub fn rename_parent_column(tables: &mut [Table], parent: &str, old: &str, new: &str) {
    for t in tables {
        for fk in t.foreign_keys.iter_mut() {
            if fk.parent.eq_ignore_ascii_case(parent) {
                for c in &mut fk.parent_columns {
                    if c.eq_ignore_ascii_case(old) {
                        *c = new.to_string();
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::catalog::{Catalog, Column, Table};

    fn table(id: u32, name: &str, keys: Vec<ForeignKey>) -> Table {
        let column = |name: &str| Column {
            name: name.into(),
            decl_type: String::new(),
            affinity: crate::sql::value::Affinity::Blob,
            not_null: false,
            primary_key: false,
            default: Default::default(),
            collation: Default::default(),
            default_expr: None,
        };
        Table {
            id,
            name: name.into(),
            columns: vec![column("a"), column("b")],
            rowid_col: None,
            indexes: Vec::new(),
            next_rowid: 1,
            checks: Box::default(),
            autoincrement: false,
            foreign_keys: keys.into(),
        }
    }

    #[test]
    fn keys_round_trip_and_an_unknown_section_is_refused() {
        let key = ForeignKey {
            columns: vec![1, 0],
            parent: "p".into(),
            parent_columns: vec!["x".into(), "y".into()],
            on_delete: KeyAction::Cascade,
            on_update: KeyAction::SetDefault,
        };
        let cat = Catalog {
            tables: vec![table(1, "p", Vec::new()), table(2, "c", vec![key])],
            next_table_id: 2,
            ..Catalog::default()
        };
        let bytes = cat.encode();
        let back = Catalog::decode(&bytes).unwrap();
        let fk = &back.tables[1].foreign_keys[0];
        assert_eq!(fk.columns, [1, 0]);
        assert_eq!((fk.parent.as_str(), fk.parent_columns.len()), ("p", 2));
        assert_eq!(
            (fk.on_delete, fk.on_update),
            (KeyAction::Cascade, KeyAction::SetDefault)
        );
        // The section is the last one written: a build that does not know its tag
        // must refuse the catalog, not drop the keys.
        let payload_len = encode(&cat.tables).len();
        let mut other = bytes.clone();
        let tag_at = other.len() - payload_len - 2;
        assert_eq!(other[tag_at], TAG);
        other[tag_at] = 0x7f;
        assert!(matches!(Catalog::decode(&other), Err(Error::Corrupt(_))));
    }
}
