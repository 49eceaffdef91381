//! The catalog: tables, their columns and indexes, stored under one key
//! ([`crate::sql::encoding::CATALOG_KEY`]) so a schema change is one write in the statement's
//! batch. Names match case-insensitively, as in SQLite.
//!
//! Layout (version 1): `01`, next table id and next index id (varints), the table count,
//! then per table: id, name, columns (name, declared type, flags bit 0 NOT NULL,
//! bit 1 PRIMARY KEY, default value as a row value), the rowid column + 1 (0: none),
//! indexes (id, name, flags bit 0 UNIQUE, bit 1 automatic, column positions).
//! Version 2 adds, after the tables, the schema objects kept as SQL text: their count,
//! then per object its kind (1: view, 2: trigger), name and `CREATE …` statement (a
//! trigger's table is read back from its statement). A catalog without such objects is
//! still written as version 1, which older builds read; a build that knows only views
//! refuses a catalog holding a trigger as corrupt rather than drop the trigger.
//! Version 3 always writes the objects' count (maybe 0) and adds, after them, the
//! sections of [`crate::sql::catalog_ext`] (collations, DEFAULT expressions, CHECK
//! constraints, foreign keys); it is written only when some table has any of those.
//! Strings are a varint length and UTF-8 bytes.

use crate::error::{Error, Result};
pub use crate::sql::catalog_ext::{Check, StoredExpr};
use crate::sql::collation::Collation;
use crate::sql::encoding::{encode_row, push_varint, Reader};
pub use crate::sql::foreign_key::ForeignKey;
use crate::sql::value::{Affinity, Value};

/// The version written when there are no views or triggers; [`VERSION_OBJECTS`] otherwise.
const VERSION: u8 = 1;
const VERSION_OBJECTS: u8 = 2;
const VERSION_EXT: u8 = 3;
const KIND_VIEW: u8 = 1;
const KIND_TRIGGER: u8 = 2;

#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub decl_type: String,
    pub affinity: Affinity,
    pub not_null: bool,
    pub primary_key: bool,
    pub default: Value,
    /// COLLATE: how the column's values compare (BINARY unless declared).
    pub collation: Collation,
    /// A DEFAULT evaluated per row (then `default` is NULL, used only by old rows).
    pub default_expr: Option<StoredExpr>,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub id: u32,
    pub name: String,
    pub columns: Vec<usize>,
    pub unique: bool,
    /// Made for a PRIMARY KEY or UNIQUE constraint; DROP INDEX refuses it.
    pub auto: bool,
    /// Per key part (empty: all BINARY). Keys are stored as [`Collation::key`]s.
    pub collations: Vec<Collation>,
    /// Expression key parts (`ON t(lower(b), a)`): when not empty, one per key part (a
    /// plain column part is compiled as a column reference) and `columns` lists the
    /// columns they read, which DROP COLUMN must keep ([`crate::sql::index_terms`]).
    pub exprs: Box<[StoredExpr]>,
    /// A partial index's `WHERE`: only rows it is true for have an entry.
    pub filter: Option<Box<StoredExpr>>,
}

impl Index {
    /// The collation of the index's `n`th column.
    pub fn collation(&self, n: usize) -> Collation {
        self.collations.get(n).copied().unwrap_or_default()
    }

    /// Whether the index has expression key parts or a WHERE.
    pub fn has_terms(&self) -> bool {
        !self.exprs.is_empty() || self.filter.is_some()
    }

    /// How many values an entry's key holds before the rowid.
    pub fn key_parts(&self) -> usize {
        if self.exprs.is_empty() {
            self.columns.len()
        } else {
            self.exprs.len()
        }
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub id: u32,
    pub name: String,
    pub columns: Vec<Column>,
    /// The INTEGER PRIMARY KEY column, which is the rowid.
    pub rowid_col: Option<usize>,
    pub indexes: Vec<Index>,
    /// Next rowid to assign; persisted under its own key ([`crate::sql::encoding::seq_key`]).
    pub next_rowid: i64,
    /// In declaration order (column constraints first), checked in that order.
    /// A boxed slice: the table is carried in every scan plan, kept small.
    pub checks: Box<[Check]>,
    /// Declared `INTEGER PRIMARY KEY AUTOINCREMENT`: a row skipped by OR IGNORE (or a
    /// CHECK / NOT NULL skip) still uses up its rowid, as SQLite's sqlite_sequence does.
    /// Without it SQLite's next rowid is the largest + 1, so a skipped row takes none.
    pub autoincrement: bool,
    /// Its FOREIGN KEY constraints, as declared ([`crate::sql::foreign_key`]).
    pub foreign_keys: Box<[ForeignKey]>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn defaults(&self) -> Vec<Value> {
        self.columns.iter().map(|c| c.default.clone()).collect()
    }

    /// `t.a, t.b`: how SQLite names the columns of a failed constraint.
    pub fn describe_columns(&self, cols: &[usize]) -> String {
        let names: Vec<String> = cols
            .iter()
            .map(|&c| format!("{}.{}", self.name, self.columns[c].name))
            .collect();
        names.join(", ")
    }
}

/// A view: its name and the `CREATE VIEW` statement that defines it, parsed again
/// where it is read (so it sees the tables as they are then, as in SQLite).
#[derive(Clone, Debug)]
pub struct View {
    pub name: String,
    pub sql: String,
    /// CREATE TEMP VIEW: this session's only, never written to the store.
    pub temp: bool,
}

/// A trigger: its name, the table or view it is on, and the `CREATE TRIGGER` statement,
/// parsed again where it fires ([`crate::sql::trigger`]).
#[derive(Clone, Debug)]
pub struct Trigger {
    pub name: String,
    pub table: String,
    pub sql: String,
    /// CREATE TEMP TRIGGER: this session's only, never written to the store.
    pub temp: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub tables: Vec<Table>,
    pub views: Vec<View>,
    /// In creation order; the newest fires first, as in SQLite.
    pub triggers: Vec<Trigger>,
    pub next_table_id: u32,
    pub next_index_id: u32,
}

impl Catalog {
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables
            .iter_mut()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    pub fn get(&self, name: &str) -> Result<&Table> {
        self.table(name).ok_or_else(|| self.not_a_table(name))
    }

    /// The error for a statement that writes to, or drops as a table, `name`.
    pub fn not_a_table(&self, name: &str) -> Error {
        match self.view(name) {
            Some(v) => {
                Error::InvalidInput(format!("cannot modify {} because it is a view", v.name))
            }
            None => Error::NotFound(format!("no such table: {name}")),
        }
    }

    /// The view named `name` (a temporary one first, as SQLite looks in `temp` first).
    pub fn view(&self, name: &str) -> Option<&View> {
        let named = |v: &&View| v.name.eq_ignore_ascii_case(name);
        let mut views = self.views.iter();
        views
            .clone()
            .find(|v| v.temp && named(v))
            .or_else(|| views.find(named))
    }

    /// Refuses a new table, index or view named `name` when the name is taken.
    pub fn check_name_free(&self, name: &str) -> Result<()> {
        if let Some(v) = self.view(name) {
            return Err(Error::InvalidInput(format!(
                "view {} already exists",
                v.name
            )));
        }
        if let Some(t) = self.table(name) {
            return Err(Error::InvalidInput(format!(
                "table {} already exists",
                t.name
            )));
        }
        Ok(())
    }

    /// The table holding the index named `name`, and the index's position in it.
    pub fn find_index(&self, name: &str) -> Option<(usize, usize)> {
        self.tables.iter().enumerate().find_map(|(t, table)| {
            let i = table
                .indexes
                .iter()
                .position(|i| i.name.eq_ignore_ascii_case(name))?;
            Some((t, i))
        })
    }

    /// The trigger named `name` (a temporary one first).
    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        let named = |t: &&Trigger| t.name.eq_ignore_ascii_case(name);
        let mut triggers = self.triggers.iter();
        triggers
            .clone()
            .find(|t| t.temp && named(t))
            .or_else(|| triggers.find(named))
    }

    pub fn encode(&self) -> Vec<u8> {
        let stored: Vec<(u8, &str, &str)> = self
            .views
            .iter()
            .filter(|v| !v.temp)
            .map(|v| (KIND_VIEW, v.name.as_str(), v.sql.as_str()))
            .chain(
                self.triggers
                    .iter()
                    .filter(|t| !t.temp)
                    .map(|t| (KIND_TRIGGER, t.name.as_str(), t.sql.as_str())),
            )
            .collect();
        let ext = crate::sql::catalog_ext::needed(&self.tables);
        let version = match (ext, stored.is_empty()) {
            (true, _) => VERSION_EXT,
            (false, true) => VERSION,
            (false, false) => VERSION_OBJECTS,
        };
        let mut out = vec![version];
        push_varint(&mut out, u64::from(self.next_table_id));
        push_varint(&mut out, u64::from(self.next_index_id));
        push_varint(&mut out, self.tables.len() as u64);
        for t in &self.tables {
            push_varint(&mut out, u64::from(t.id));
            push_str(&mut out, &t.name);
            push_varint(&mut out, t.columns.len() as u64);
            for c in &t.columns {
                push_str(&mut out, &c.name);
                push_str(&mut out, &c.decl_type);
                out.push(u8::from(c.not_null) | (u8::from(c.primary_key) << 1));
                encode_row(&mut out, std::slice::from_ref(&c.default));
            }
            push_varint(&mut out, t.rowid_col.map_or(0, |c| c as u64 + 1));
            push_varint(&mut out, t.indexes.len() as u64);
            for i in &t.indexes {
                push_varint(&mut out, u64::from(i.id));
                push_str(&mut out, &i.name);
                out.push(u8::from(i.unique) | (u8::from(i.auto) << 1));
                push_varint(&mut out, i.columns.len() as u64);
                for &c in &i.columns {
                    push_varint(&mut out, c as u64);
                }
            }
        }
        if version != VERSION {
            push_varint(&mut out, stored.len() as u64);
            for (kind, name, sql) in stored {
                out.push(kind);
                push_str(&mut out, name);
                push_str(&mut out, sql);
            }
        }
        if ext {
            crate::sql::catalog_ext::encode(&self.tables, &mut out);
        }
        out
    }

    /// Decodes a catalog; `next_rowid` is left 1 for the caller to load.
    pub fn decode(bytes: &[u8]) -> Result<Catalog> {
        let mut r = Reader::new(bytes);
        let version = r.byte()?;
        if ![VERSION, VERSION_OBJECTS, VERSION_EXT].contains(&version) {
            return Err(Error::Corrupt(format!(
                "SQL catalog has version {version}; this build reads versions {VERSION} to {VERSION_EXT}"
            )));
        }
        let mut cat = Catalog {
            next_table_id: r.varint()? as u32,
            next_index_id: r.varint()? as u32,
            ..Catalog::default()
        };
        for _ in 0..r.varint()? {
            let id = r.varint()? as u32;
            let name = r.string()?;
            let mut columns = Vec::new();
            for _ in 0..r.varint()? {
                let name = r.string()?;
                let decl_type = r.string()?;
                let flags = r.byte()?;
                columns.push(Column {
                    affinity: Affinity::of_type(&decl_type),
                    name,
                    decl_type,
                    not_null: flags & 1 != 0,
                    primary_key: flags & 2 != 0,
                    default: r.value()?,
                    collation: Collation::Binary,
                    default_expr: None,
                });
            }
            let rowid_col = r.varint()?.checked_sub(1).map(|c| c as usize);
            let mut indexes = Vec::new();
            for _ in 0..r.varint()? {
                let id = r.varint()? as u32;
                let name = r.string()?;
                let flags = r.byte()?;
                let n = r.varint()?;
                let cols = (0..n)
                    .map(|_| r.varint().map(|c| c as usize))
                    .collect::<Result<Vec<_>>>()?;
                if cols.iter().any(|&c| c >= columns.len()) {
                    return Err(Error::Corrupt(
                        "SQL catalog: index column out of range".into(),
                    ));
                }
                indexes.push(Index {
                    id,
                    name,
                    columns: cols,
                    unique: flags & 1 != 0,
                    auto: flags & 2 != 0,
                    collations: Vec::new(),
                    exprs: Box::default(),
                    filter: None,
                });
            }
            cat.tables.push(Table {
                id,
                name,
                columns,
                rowid_col,
                indexes,
                next_rowid: 1,
                autoincrement: false,
                checks: Box::default(),
                foreign_keys: Box::default(),
            });
        }
        if version != VERSION {
            for _ in 0..r.varint()? {
                let kind = r.byte()?;
                let name = r.string()?;
                let sql = r.string()?;
                match kind {
                    KIND_VIEW => cat.views.push(View {
                        name,
                        sql,
                        temp: false,
                    }),
                    KIND_TRIGGER => {
                        let table = crate::sql::trigger::table_of(&name, &sql)?;
                        cat.triggers.push(Trigger {
                            name,
                            table,
                            sql,
                            temp: false,
                        })
                    }
                    k => {
                        return Err(Error::Corrupt(format!(
                            "SQL catalog: schema object {name} has unknown kind {k}"
                        )))
                    }
                }
            }
        }
        if version == VERSION_EXT {
            crate::sql::catalog_ext::decode(&mut r, &mut cat.tables)?;
        }
        Ok(cat)
    }
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    push_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(name: &str, temp: bool) -> View {
        View {
            name: name.into(),
            sql: format!("CREATE VIEW {name} AS SELECT 1"),
            temp,
        }
    }

    #[test]
    fn triggers_are_kept_as_text_and_old_versions_still_read() {
        let mut cat = Catalog::default();
        assert_eq!(cat.encode()[0], VERSION, "nothing as text: version 1");
        cat.views.push(view("v", false));
        let views_only = cat.encode();
        assert_eq!(views_only[0], VERSION_OBJECTS);
        assert_eq!(Catalog::decode(&views_only).unwrap().views.len(), 1);
        cat.triggers.push(Trigger {
            name: "r".into(),
            table: "t".into(),
            sql: "CREATE TRIGGER r AFTER INSERT ON t BEGIN SELECT 1; END".into(),
            temp: false,
        });
        cat.triggers.push(Trigger {
            name: "gone".into(),
            table: "t".into(),
            sql: "CREATE TEMPORARY TRIGGER gone DELETE ON t BEGIN SELECT 1; END".into(),
            temp: true,
        });
        let back = Catalog::decode(&cat.encode()).unwrap();
        assert_eq!(back.views.len(), 1);
        assert_eq!(back.triggers.len(), 1, "temporary triggers are not stored");
        assert_eq!(
            (
                back.triggers[0].name.as_str(),
                back.triggers[0].table.as_str()
            ),
            ("r", "t")
        );
        cat.views.clear();
        cat.triggers.clear();
        assert_eq!(cat.encode()[0], VERSION);
    }
}
