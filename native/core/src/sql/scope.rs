//! Name resolution for the compiler: which columns a query can see ([`Scope`]), and how an
//! aggregate query maps its GROUP BY expressions and aggregate calls to output positions.

use super::expr::Expr;
use super::plan::AggCall;
use super::value::Affinity;
use crate::error::{Error, Result};

#[derive(Clone, Debug)]
pub struct ScopeCol {
    /// The table name or alias that qualifies the column (lower case).
    pub table: Option<String>,
    pub name: String,
    /// `None`: no affinity (an expression); columns always have one.
    pub affinity: Option<Affinity>,
    /// A table column's declared collation, or an output column's.
    pub collation: super::collation::Collation,
    /// The rowid: resolvable by name, not part of `*`.
    pub hidden: bool,
    /// The right side's column of a USING or NATURAL join: not part of `*` (it is in
    /// `t.*`), and an unqualified name means the left side's.
    pub merged: bool,
    /// json_each's or json_tree's `value`: an array or object in it is JSON
    /// ([`super::json_args`]).
    pub json: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub cols: Vec<ScopeCol>,
}

impl Scope {
    pub fn resolve(&self, table: Option<&str>, name: &str) -> Result<usize> {
        let matches = |hidden: bool| -> Vec<usize> {
            (0..self.cols.len())
                .filter(|&i| {
                    let c = &self.cols[i];
                    (c.hidden || (c.merged && table.is_none())) == hidden
                        && c.name.eq_ignore_ascii_case(name)
                        && table.is_none_or(|t| {
                            c.table
                                .as_deref()
                                .is_some_and(|ct| ct.eq_ignore_ascii_case(t))
                        })
                })
                .collect()
        };
        let mut found = matches(false);
        if found.is_empty() {
            found = matches(true);
        }
        let full = table.map_or(name.to_string(), |t| format!("{t}.{name}"));
        match found.len() {
            0 => Err(Error::NotFound(format!("no such column: {full}"))),
            1 => Ok(found[0]),
            _ if found
                .windows(2)
                .all(|w| self.cols[w[0]].hidden && self.cols[w[1]].hidden) =>
            {
                Err(Error::InvalidInput(format!(
                    "ambiguous column name: {full}"
                )))
            }
            _ => Err(Error::InvalidInput(format!(
                "ambiguous column name: {full}"
            ))),
        }
    }
}

/// An aggregate query under construction: the input scope, the GROUP BY expressions,
/// and the aggregate calls found so far. Its output rows are groups then aggregates.
pub struct AggCtx {
    pub input: Scope,
    pub groups: Vec<Expr>,
    pub aggs: Vec<AggCall>,
}

pub enum Mode<'m> {
    Plain(&'m Scope),
    Agg(&'m mut AggCtx),
}
