//! What the catalog keeps of a table beyond its version-1 layout: column collations,
//! DEFAULT expressions, CHECK constraints and index collations. Stored after the schema
//! objects as tagged sections (catalog version 3, [`crate::sql::catalog`]):
//! a varint section count, then per section a tag byte, a varint length and the payload.
//! A build that meets a tag it does not know refuses the catalog as corrupt rather
//! than drop what the section holds.
//!
//! Section [`TAG_TABLES`]: a varint count of tables, then per table its id and a flags
//! byte (bit 0: the rowid is AUTOINCREMENT); per column
//! a collation byte ([`Collation::code`]) and its DEFAULT expression (0, or 1 and the
//! SQL text); its CHECK constraints (count, then per check: 0 or 1 and the constraint
//! name, the expression's text as written, and the column + 1 it is declared on, 0 for
//! a table constraint); its indexes' collations (count, then
//! per index its id, a varint count and one collation byte per key part).
//!
//! Section [`TAG_INDEX_TERMS`]: a varint count of expression or partial indexes, then
//! per index its table's id, its id, its WHERE (0, or 1 and the SQL text) and its
//! expression key parts (a varint count, then each part's SQL text; 0 for a partial
//! index on plain columns).
//!
//! Section [`crate::sql::foreign_key::TAG`]: the FOREIGN KEY constraints
//! ([`crate::sql::foreign_key::encode`]), written only when a table has one, so a build
//! that does not enforce them refuses such a catalog rather than drop them.

use crate::error::{Error, Result};
use crate::sql::catalog::{Index, Table};
use crate::sql::collation::Collation;
use crate::sql::encoding::{push_varint, Reader};
use crate::sql::expr::Expr;

const TAG_TABLES: u8 = 1;
const TAG_INDEX_TERMS: u8 = 3;

/// A CHECK constraint: its name (`CONSTRAINT name CHECK …`) and expression text, as
/// written; the failure message names one or the other, as SQLite's does.
#[derive(Clone, Debug)]
pub struct Check {
    pub name: Option<String>,
    pub sql: String,
    /// The column a column constraint is declared on (DROP COLUMN drops it too).
    pub column: Option<usize>,
    /// Compiled over the table's columns ([`crate::sql::check::prepare`]).
    pub expr: Expr,
}

/// An expression kept as its SQL text and compiled over the table's columns (and its
/// rowid, after them): a DEFAULT evaluated per row (`(expr)`, CURRENT_TIME/DATE/
/// TIMESTAMP), an index's expression key part or a partial index's WHERE.
#[derive(Clone, Debug)]
pub struct StoredExpr {
    pub sql: String,
    pub expr: Expr,
}

/// Whether `t` holds anything only this section can store.
fn has_extras(t: &Table) -> bool {
    !t.checks.is_empty()
        || t.autoincrement
        || t.columns
            .iter()
            .any(|c| c.collation != Collation::Binary || c.default_expr.is_some())
        || t.indexes
            .iter()
            .any(|i| i.has_terms() || i.collations.iter().any(|&c| c != Collation::Binary))
}

pub fn needed(tables: &[Table]) -> bool {
    tables
        .iter()
        .any(|t| has_extras(t) || !t.foreign_keys.is_empty())
}

fn push_str(out: &mut Vec<u8>, s: &str) {
    push_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn push_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            push_str(out, s);
        }
        None => out.push(0),
    }
}

pub fn encode(tables: &[Table], out: &mut Vec<u8>) {
    let with: Vec<&Table> = tables.iter().filter(|t| has_extras(t)).collect();
    let mut p = Vec::new();
    push_varint(&mut p, with.len() as u64);
    for t in with {
        push_varint(&mut p, u64::from(t.id));
        p.push(u8::from(t.autoincrement));
        for c in &t.columns {
            p.push(c.collation.code());
            push_opt(&mut p, c.default_expr.as_ref().map(|d| d.sql.as_str()));
        }
        push_varint(&mut p, t.checks.len() as u64);
        for c in &t.checks {
            push_opt(&mut p, c.name.as_deref());
            push_str(&mut p, &c.sql);
            push_varint(&mut p, c.column.map_or(0, |c| c as u64 + 1));
        }
        push_varint(&mut p, t.indexes.len() as u64);
        for i in &t.indexes {
            push_varint(&mut p, u64::from(i.id));
            push_varint(&mut p, i.key_parts() as u64);
            for c in 0..i.key_parts() {
                p.push(i.collation(c).code());
            }
        }
    }
    let terms = index_terms_section(tables);
    let keys = tables.iter().any(|t| !t.foreign_keys.is_empty());
    push_varint(out, 1 + u64::from(!terms.is_empty()) + u64::from(keys));
    out.push(TAG_TABLES);
    push_varint(out, p.len() as u64);
    out.extend_from_slice(&p);
    if !terms.is_empty() {
        out.push(TAG_INDEX_TERMS);
        push_varint(out, terms.len() as u64);
        out.extend_from_slice(&terms);
    }
    if keys {
        let k = crate::sql::foreign_key::encode(tables);
        out.push(crate::sql::foreign_key::TAG);
        push_varint(out, k.len() as u64);
        out.extend_from_slice(&k);
    }
}

/// The payload of [`TAG_INDEX_TERMS`], empty when no index has terms.
fn index_terms_section(tables: &[Table]) -> Vec<u8> {
    let with: Vec<(&Table, &Index)> = (tables.iter())
        .flat_map(|t| t.indexes.iter().map(move |i| (t, i)))
        .filter(|(_, i)| i.has_terms())
        .collect();
    let mut p = Vec::new();
    if with.is_empty() {
        return p;
    }
    push_varint(&mut p, with.len() as u64);
    for (t, i) in with {
        push_varint(&mut p, u64::from(t.id));
        push_varint(&mut p, u64::from(i.id));
        push_opt(&mut p, i.filter.as_ref().map(|f| f.sql.as_str()));
        push_varint(&mut p, i.exprs.len() as u64);
        for e in i.exprs.iter() {
            push_str(&mut p, &e.sql);
        }
    }
    p
}

fn stored(sql: String) -> StoredExpr {
    StoredExpr {
        sql,
        expr: Expr::Const(Default::default()),
    }
}

fn decode_index_terms(r: &mut Reader<'_>, tables: &mut [Table]) -> Result<()> {
    for _ in 0..r.varint()? {
        let table = r.varint()? as u32;
        let id = r.varint()? as u32;
        let i = (tables.iter_mut())
            .find(|t| t.id == table)
            .and_then(|t| t.indexes.iter_mut().find(|i| i.id == id))
            .ok_or_else(|| Error::Corrupt(format!("SQL catalog: no index {id}")))?;
        i.filter = opt(r)?.map(|sql| Box::new(stored(sql)));
        i.exprs = (0..r.varint()?)
            .map(|_| r.string().map(stored))
            .collect::<Result<_>>()?;
    }
    Ok(())
}

fn opt(r: &mut Reader<'_>) -> Result<Option<String>> {
    match r.byte()? {
        0 => Ok(None),
        _ => r.string().map(Some),
    }
}

/// Reads the sections into `tables`. Expressions are left as [`Expr::Const`] NULL for
/// [`crate::sql::check::prepare`] to compile.
pub fn decode(r: &mut Reader<'_>, tables: &mut [Table]) -> Result<()> {
    for _ in 0..r.varint()? {
        let tag = r.byte()?;
        let len = r.varint()? as usize;
        let payload = r.bytes(len)?;
        if tag == crate::sql::foreign_key::TAG {
            crate::sql::foreign_key::decode(payload, tables)?;
            continue;
        }
        let mut r = Reader::new(payload);
        match tag {
            TAG_TABLES => decode_tables(&mut r, tables)?,
            TAG_INDEX_TERMS => decode_index_terms(&mut r, tables)?,
            _ => {
                return Err(Error::Corrupt(format!(
                    "SQL catalog: unknown section {tag} (written by a newer build?)"
                )))
            }
        }
    }
    for i in tables.iter().flat_map(|t| &t.indexes) {
        if !i.collations.is_empty() && i.collations.len() != i.key_parts() {
            return Err(Error::Corrupt(format!(
                "SQL catalog: index {} has {} collations for {} key parts",
                i.name,
                i.collations.len(),
                i.key_parts()
            )));
        }
    }
    Ok(())
}

fn decode_tables(r: &mut Reader<'_>, tables: &mut [Table]) -> Result<()> {
    for _ in 0..r.varint()? {
        let id = r.varint()? as u32;
        let t = tables
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| Error::Corrupt(format!("SQL catalog: no table {id}")))?;
        let flags = r.byte()?;
        if flags > 1 {
            return Err(Error::Corrupt(format!(
                "SQL catalog: table {id} has unknown flags {flags:#x} (written by a newer build?)"
            )));
        }
        t.autoincrement = flags & 1 != 0;
        for c in &mut t.columns {
            c.collation = Collation::from_code(r.byte()?)?;
            c.default_expr = opt(r)?.map(stored);
        }
        let mut checks = Vec::new();
        for _ in 0..r.varint()? {
            let name = opt(r)?;
            let sql = r.string()?;
            let column = r.varint()?.checked_sub(1).map(|c| c as usize);
            checks.push(Check {
                name,
                sql,
                column,
                expr: Expr::Const(Default::default()),
            });
        }
        t.checks = checks.into();
        for _ in 0..r.varint()? {
            let id = r.varint()? as u32;
            let i = (t.indexes.iter_mut())
                .find(|i| i.id == id)
                .ok_or_else(|| Error::Corrupt(format!("SQL catalog: no index {id}")))?;
            i.collations = (0..r.varint()?)
                .map(|_| r.byte().and_then(Collation::from_code))
                .collect::<Result<_>>()?;
        }
    }
    Ok(())
}
