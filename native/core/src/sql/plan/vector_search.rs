//! `vector_search(index, query, k [, table, condition])`: a table-valued function of
//! FROM that answers a nearest-neighbour search of an index file, as rows
//! `(id, distance, rank)`, nearest first (rank 1):
//!
//! ```sql
//! SELECT d.title, n.distance
//! FROM vector_search('emb.hnsw', :vec, 10, 'docs', 'lang = ''en''') AS n
//! JOIN docs d ON d.id = n.id
//! ORDER BY n.rank
//! ```
//!
//! `query` is a JSON array of numbers (`'[0.1, 0.2]'`) or a BLOB of little-endian f32.
//! With `table` and `condition`, only rows of `table` for which the condition holds are
//! searched (their rowids are the index's ids), as `query --where` does: exactly k rows
//! whenever k pass. A WHERE around the function filters its k rows afterwards, as SQL
//! says, so the filter goes into the call. The arguments are constants or parameters
//! (the search runs once, while the statement is planned); the index path is relative
//! to the working directory.

use crate::error::{Error, Result};
use crate::hnsw::{FilterStrategy, Index, Neighbor};
use crate::sql::expr::{unsupported, Expr};
use crate::sql::planner::{Planned, Planner};
use crate::sql::scope::{Mode, Scope};
use crate::sql::value::{Affinity, Value};
use sqlparser::ast;
use std::path::Path;

/// The name the function is called by in FROM.
pub const NAME: &str = "vector_search";

/// ef of the search: the CLI's default, raised to k.
const EF: usize = 64;

fn bad(what: impl std::fmt::Display) -> Error {
    Error::InvalidInput(format!("{NAME}(): {what}"))
}

impl Planner<'_> {
    /// The rows of `vector_search(...)` with its arguments `args`.
    pub(in crate::sql) fn vector_search(&self, args: &ast::TableFunctionArgs) -> Result<Planned> {
        let values = args
            .args
            .iter()
            .map(|a| match a {
                ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => self.constant(e),
                other => Err(bad(format!("takes plain arguments, not {other}"))),
            })
            .collect::<Result<Vec<Value>>>()?;
        if !(values.len() == 3 || values.len() == 5) {
            return Err(bad(format!(
                "takes (index, query, k) or (index, query, k, table, condition); {} arguments given",
                values.len()
            )));
        }
        let path = match &values[0] {
            Value::Text(p) => p.clone(),
            other => return Err(bad(format!("the index must be a file path, not {other:?}"))),
        };
        let query = query_vector(&values[1])?;
        let k = match values[2] {
            Value::Integer(k) if k >= 1 => k as usize,
            ref other => return Err(bad(format!("k must be a positive integer, not {other:?}"))),
        };
        let index = Index::open(Path::new(&path))?;
        let found: Vec<Neighbor> = if values.len() == 5 {
            let (Value::Text(table), Value::Text(condition)) = (&values[3], &values[4]) else {
                return Err(bad("the table and the condition must be text"));
            };
            let allowed = self.passing_rowids(table, condition)?;
            let set = index.allow_set(&allowed);
            index
                .search_filtered(&query, k, EF.max(k), &set, FilterStrategy::auto())?
                .0
        } else {
            index.search(&query, k, EF.max(k))?
        };
        let rows = found
            .iter()
            .enumerate()
            .map(|(rank, n)| {
                vec![
                    // Ids above i64::MAX cannot be rowids; SQLite integers end there.
                    Value::Integer(n.id as i64),
                    Value::Real(n.distance as f64),
                    Value::Integer(rank as i64 + 1),
                ]
            })
            .collect();
        Ok(Planned {
            plan: crate::sql::plan::Plan::Rows(rows),
            json: Vec::new(),
            columns: vec!["id".into(), "distance".into(), "rank".into()],
            affinities: vec![
                Some(Affinity::Integer),
                Some(Affinity::Real),
                Some(Affinity::Integer),
            ],
            collations: vec![Default::default(); 3],
            uncollated: Vec::new(),
        })
    }

    /// An argument's value: a literal, a parameter or an expression of those.
    fn constant(&self, e: &ast::Expr) -> Result<Value> {
        let expr: Expr = self
            .compile(e, &mut Mode::Plain(&Scope::default()))
            .map_err(|err| match err {
                Error::NotFound(m) if m.starts_with("no such column") => bad(format!(
                    "arguments are constants or parameters ({m}); join the function's rows to the table instead"
                )),
                other => other,
            })?;
        expr.eval(&[])
    }

    /// Rowids of `table`'s rows for which `condition` holds.
    fn passing_rowids(&self, table: &str, condition: &str) -> Result<Vec<i64>> {
        crate::sql::row_filter::check_condition("vector_search(): the condition", condition)?;
        let sql = format!(
            "SELECT rowid FROM \"{}\" WHERE ({condition}\n)",
            table.replace('"', "\"\"")
        );
        let script = crate::sql::parse::Script::parse(&sql).map_err(|e| bad(e.error))?;
        let statement = match script.statements().next() {
            Some(p) => p.map_err(|e| bad(e.error))?.statement,
            None => return Err(Error::Internal("vector_search: no statement".into())),
        };
        let ast::Statement::Query(q) = statement else {
            return Err(unsupported("a vector_search condition that is not a query"));
        };
        let planned = self.plan_query(&q)?;
        crate::sql::exec::collect(&planned.plan, self.db)?
            .into_iter()
            .map(|row| match row.first() {
                Some(Value::Integer(id)) => Ok(*id),
                other => Err(Error::Internal(format!("rowid came back as {other:?}"))),
            })
            .collect()
    }
}

/// The query vector: a JSON array of numbers, or a BLOB of little-endian f32.
fn query_vector(v: &Value) -> Result<Vec<f32>> {
    match v {
        Value::Text(t) => {
            let parsed: serde_json::Value = serde_json::from_str(t)
                .map_err(|e| bad(format!("the query is not a JSON array of numbers ({e})")))?;
            let items = parsed.as_array().ok_or_else(|| {
                bad("the query must be a JSON array of numbers, e.g. '[0.1, 0.2]'")
            })?;
            items
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    x.as_f64()
                        .map(|f| f as f32)
                        .ok_or_else(|| bad(format!("query element {i} ({x}) is not a number")))
                })
                .collect()
        }
        Value::Blob(b) if b.len() % 4 == 0 => Ok(b
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect()),
        Value::Blob(b) => Err(bad(format!(
            "a BLOB query holds little-endian f32 values; {} bytes is not a multiple of 4",
            b.len()
        ))),
        other => Err(bad(format!(
            "the query must be a JSON array text or an f32 BLOB, not {other:?}"
        ))),
    }
}
