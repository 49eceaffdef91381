//! What the catalog keeps of a table beyond its version-1 layout: column collations,
//! DEFAULT expressions, CHECK constraints and index collations. Stored after the schema
//! objects as tagged sections (catalog version 3, [`super::catalog`]):
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
//! per index its id and one collation byte per column).

use super::catalog::Table;
use super::collation::Collation;
use super::encoding::{push_varint, Reader};
use super::expr::Expr;
use crate::error::{Error, Result};

const TAG_TABLES: u8 = 1;

/// A CHECK constraint: its name (`CONSTRAINT name CHECK …`) and expression text, as
/// written; the failure message names one or the other, as SQLite's does.
#[derive(Clone, Debug)]
pub struct Check {
    pub name: Option<String>,
    pub sql: String,
    /// The column a column constraint is declared on (DROP COLUMN drops it too).
    pub column: Option<usize>,
    /// Compiled over the table's columns ([`super::check::prepare`]).
    pub expr: Expr,
}

/// A DEFAULT that is evaluated for each row: `(expr)` or CURRENT_TIME/DATE/TIMESTAMP.
#[derive(Clone, Debug)]
pub struct DefaultExpr {
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
            .any(|i| i.collations.iter().any(|&c| c != Collation::Binary))
}

pub fn needed(tables: &[Table]) -> bool {
    tables.iter().any(has_extras)
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
            for c in 0..i.columns.len() {
                p.push(i.collation(c).code());
            }
        }
    }
    push_varint(out, 1);
    out.push(TAG_TABLES);
    push_varint(out, p.len() as u64);
    out.extend_from_slice(&p);
}

fn opt(r: &mut Reader<'_>) -> Result<Option<String>> {
    match r.byte()? {
        0 => Ok(None),
        _ => r.string().map(Some),
    }
}

/// Reads the sections into `tables`. Expressions are left as [`Expr::Const`] NULL for
/// [`super::check::prepare`] to compile.
pub fn decode(r: &mut Reader<'_>, tables: &mut [Table]) -> Result<()> {
    for _ in 0..r.varint()? {
        let tag = r.byte()?;
        let len = r.varint()? as usize;
        let payload = r.bytes(len)?;
        if tag != TAG_TABLES {
            return Err(Error::Corrupt(format!(
                "SQL catalog: unknown section {tag} (written by a newer build?)"
            )));
        }
        let mut r = Reader::new(payload);
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
                c.default_expr = opt(&mut r)?.map(|sql| DefaultExpr {
                    sql,
                    expr: Expr::Const(Default::default()),
                });
            }
            let mut checks = Vec::new();
            for _ in 0..r.varint()? {
                let name = opt(&mut r)?;
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
                i.collations = (0..i.columns.len())
                    .map(|_| r.byte().and_then(Collation::from_code))
                    .collect::<Result<_>>()?;
            }
        }
    }
    Ok(())
}
