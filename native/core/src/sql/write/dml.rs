//! INSERT (UPDATE and DELETE are in [`crate::sql::modify`]), and the row update an upsert
//! shares with UPDATE. It reads everything it needs first (the source rows, with
//! expressions compiled), then writes, so a statement never sees its own half-done
//! writes in its source (as SQLite behaves). The exception is an INSERT … SELECT that
//! cannot see them anyway (it reads other tables, nothing is pending): its rows are
//! inserted as the SELECT produces them. Conflict clauses: ABORT (the default), OR
//! IGNORE, OR REPLACE, OR FAIL ([`crate::sql::fail`]), and upserts (ON CONFLICT … DO
//! NOTHING / DO UPDATE SET … = excluded.…). One row's checks and write are in
//! [`crate::sql::row_write`].

use crate::error::{Error, Result};
use crate::sql::catalog::{Catalog, Table};
use crate::sql::compile::{Mode, Scope, ScopeCol};
use crate::sql::copy::copyable_source;
use crate::sql::correlate::{self, OuterNames};
use crate::sql::encoding::{decode_row, row_key, rowid_of_key, seq_key, table_prefix};
use crate::sql::exec::{self, Row};
use crate::sql::expr::{unsupported, Expr};
use crate::sql::foreign_key::check as fk_check;
use crate::sql::plan::Plan;
use crate::sql::planner::Planner;
use crate::sql::trigger::{self, Event};
use crate::sql::trigger_writes::FiringInsert;
use crate::sql::txn::{Db, Pending};
use crate::sql::upsert::{compile_upsert, Upsert};
use crate::sql::value::{Affinity, Value};
use crate::sql::write::{self, OnConflict, Tx};
use crate::store::Store;
use sqlparser::ast;

pub(in crate::sql) use crate::sql::row_write::{insert_row, update_row, Outcome};

pub struct Ctx<'s> {
    pub store: &'s Store,
    pub pending: &'s mut Pending,
    pub catalog: &'s mut Catalog,
    pub params: &'s [Value],
    /// In a trigger's steps: the names `OLD.x` and `NEW.x` ([`crate::sql::fire`]).
    pub outer: Option<&'s dyn OuterNames>,
}

impl Ctx<'_> {
    pub(in crate::sql) fn planner(&self) -> Planner<'_> {
        Planner {
            db: Db {
                store: self.store,
                pending: self.pending,
            },
            catalog: self.catalog,
            params: self.params,
            outer: self.outer,
            windows: None,
        }
    }

    /// Stores a table's rowid counter and puts the table back into the catalog.
    pub(in crate::sql) fn finish_table(&mut self, table: Table) {
        self.pending
            .put(&seq_key(table.id), &table.next_rowid.to_be_bytes());
        if let Some(t) = self.catalog.table_mut(&table.name) {
            t.next_rowid = table.next_rowid;
        }
    }
}

/// The scope of a table's rows: its columns, then the hidden rowid.
pub fn table_scope(table: &Table, qual: &str) -> Vec<ScopeCol> {
    let q = Some(qual.to_ascii_lowercase());
    let mut cols: Vec<ScopeCol> = table
        .columns
        .iter()
        .map(|c| ScopeCol {
            table: q.clone(),
            name: c.name.clone(),
            affinity: Some(c.affinity),
            collation: c.collation,
            hidden: false,
            merged: false,
            json: false,
            json_through: false,
        })
        .collect();
    cols.push(ScopeCol {
        table: q,
        name: "rowid".into(),
        affinity: Some(Affinity::Integer),
        collation: Default::default(),
        hidden: true,
        merged: false,
        json: false,
        json_through: false,
    });
    cols
}

/// A write's conflict mode (ABORT unless a clause says otherwise), and the clause
/// that stands for those of the trigger steps it fires, if any ([`step_conflict`]).
///
/// [`step_conflict`]: crate::sql::step_conflict
pub(in crate::sql) fn conflict_mode(
    or: Option<&ast::SqliteOnConflict>,
    replace_into: bool,
) -> Result<(OnConflict, Option<OnConflict>)> {
    let own = match or {
        _ if replace_into => Some(OnConflict::Replace),
        None => None,
        Some(ast::SqliteOnConflict::Abort) => Some(OnConflict::Abort),
        Some(ast::SqliteOnConflict::Ignore) => Some(OnConflict::Ignore),
        Some(ast::SqliteOnConflict::Replace) => Some(OnConflict::Replace),
        Some(ast::SqliteOnConflict::Fail) => Some(OnConflict::Fail),
        // `other` displays as `OR ROLLBACK`.
        Some(other) => return Err(unsupported(other)),
    };
    let written = crate::sql::step_conflict::effective(own);
    Ok((written.unwrap_or(OnConflict::Abort), written))
}

pub fn insert(cx: &mut Ctx<'_>, ins: &ast::Insert) -> Result<u64> {
    let name = match &ins.table {
        ast::TableObject::TableName(n) => crate::sql::names::object_name(n)?,
        _ => return Err(unsupported("INSERT into a table function")),
    };
    if cx.catalog.table(&name).is_none() {
        if let Some(view) = cx.catalog.view(&name).cloned() {
            return crate::sql::instead::insert(cx, ins, &view)
                .inspect(|_| crate::sql::counters::wrote_view());
        }
    }
    let mut table = cx.catalog.get(&name)?.clone();
    let armed = trigger::armed(cx.catalog, &table.name, Event::Insert)?;
    let (mut mode, written) = conflict_mode(ins.or.as_ref(), ins.replace_into)?;
    if ins.ignore {
        mode = OnConflict::Ignore;
    }
    let _steps = crate::sql::step_conflict::Standing::set(written);
    let targets: Vec<usize> = if ins.columns.is_empty() {
        (0..table.columns.len()).collect()
    } else {
        ins.columns
            .iter()
            .map(|c| {
                let c = crate::sql::names::last_part(c);
                table.column(&c).ok_or_else(|| {
                    Error::NotFound(format!("table {} has no column named {c}", table.name))
                })
            })
            .collect::<Result<_>>()?
    };
    let planner = cx.planner();
    let source = match ins.source.as_deref() {
        None => Source::Values(vec![vec![]]),
        Some(q) => match &*q.body {
            ast::SetExpr::Values(v) if q.order_by.is_none() && q.limit_clause.is_none() => {
                let mut rows = Vec::with_capacity(v.rows.len());
                for r in &v.rows {
                    let mut row = Vec::with_capacity(r.len());
                    for e in r.iter() {
                        let is_default = matches!(e, ast::Expr::Identifier(i) if i.quote_style.is_none() && i.value.eq_ignore_ascii_case("default"));
                        row.push(if is_default {
                            None
                        } else {
                            Some(
                                planner
                                    .compile(e, &mut Mode::Plain(&Scope::default()))?
                                    .eval(&[])?,
                            )
                        });
                    }
                    rows.push(row);
                }
                Source::Values(rows)
            }
            _ => {
                let mut p = planner.plan_query(q)?;
                crate::sql::prune::prune(&mut p.plan);
                // Streamed when nothing is pending (so an empty view reads what the
                // statement would) and the SELECT does not read the table it fills:
                // SQLite's INSERT … SELECT sees none of its own rows.
                // Triggers may write what the SELECT reads: it runs first then.
                if cx.pending.is_empty() && !p.plan.reads_table(table.id) && armed.is_empty() {
                    Source::Stream(Box::new(p.plan))
                } else {
                    let rows =
                        correlate::with_db(planner.db, || exec::collect(&p.plan, planner.db))?;
                    Source::Rows(rows)
                }
            }
        },
    };
    let upsert = match &ins.on {
        None => None,
        Some(ast::OnInsert::OnConflict(oc)) => Some(compile_upsert(&planner, &table, oc)?),
        Some(_) => return Err(unsupported("ON DUPLICATE KEY UPDATE")),
    };
    if !crate::sql::fire::in_trigger() {
        // SQLite's `isMultiWrite`: one VALUES row, nothing that may delete or update.
        let one_row = matches!(&source, Source::Values(rows) if rows.len() == 1);
        let single = one_row
            && armed.is_empty()
            && mode != OnConflict::Replace
            && !upsert.as_ref().is_some_and(Upsert::updates);
        fk_check::set_single_row_insert(single);
    }
    fk_check::prepare(&table, fk_check::Write::Insert)?;
    if !armed.is_empty() {
        let into = FiringInsert {
            shape: RowShape {
                targets: &targets,
                check_width: ins.source.is_some(),
            },
            mode,
            upsert: upsert.as_ref(),
            armed: &armed,
        };
        // The counter is saved even on an error: a FAIL keeps the rows before it.
        let count = into.run(cx, &mut table, source.into_rows());
        cx.finish_table(table);
        return count;
    }
    let fills_every_column = targets.iter().copied().eq(0..table.columns.len());
    let mut into = Inserter {
        table: &mut table,
        targets: &targets,
        fills_every_column,
        mode,
        upsert: upsert.as_ref(),
        check_width: ins.source.is_some(),
        count: 0,
    };
    let mut tx = Tx {
        store: cx.store,
        pending: cx.pending,
    };
    let written = insert_source(cx.store, &mut tx, &mut into, source);
    let count = into.count;
    // The counter is saved even on an error: a FAIL keeps the rows before it.
    cx.finish_table(table);
    written.map(|()| count)
}

/// Runs the rows of `source` through `into`.
fn insert_source(
    store: &Store,
    tx: &mut Tx<'_>,
    into: &mut Inserter<'_>,
    source: Source,
) -> Result<()> {
    match source {
        Source::Values(rows) => {
            for (n, given) in rows.into_iter().enumerate() {
                into.row(tx, n, given.into_iter())?;
            }
        }
        Source::Rows(rows) => {
            for (n, given) in rows.into_iter().enumerate() {
                into.selected_row(tx, n, given)?;
            }
        }
        Source::Stream(plan) => {
            let nothing = Pending::default();
            let view = Db {
                store,
                pending: &nothing,
            };
            let mut n = 0;
            // A copied row skips the row checks: not for a table in a foreign key.
            let copyable = (into.fills_every_column && fk_check::links(into.table).is_none())
                .then(|| copyable_source(&plan, into.table));
            if let Some(source) = copyable.flatten() {
                let mut rows = view.scan_prefix(&table_prefix(source.id))?;
                while let Some((key, bytes)) = rows.next_entry()? {
                    into.copied_row(tx, n, source, rowid_of_key(key)?, bytes)?;
                    n += 1;
                }
            } else {
                // Correlated subqueries of the SELECT read what it reads.
                correlate::with_db(view, || -> Result<()> {
                    let mut rows = exec::open(&plan, view)?;
                    while let Some(given) = rows.next_row()? {
                        into.selected_row(tx, n, given)?;
                        n += 1;
                    }
                    Ok(())
                })?;
            }
        }
    }
    Ok(())
}

/// Where an INSERT's rows come from. `None` in a VALUES row is DEFAULT.
enum Source {
    Values(Vec<Vec<Option<Value>>>),
    /// A SELECT's rows, run before the first insert (it may read the target table).
    Rows(Vec<Row>),
    /// A SELECT run row by row as the rows are inserted: no copy of its result.
    Stream(Box<Plan>),
}

impl Source {
    /// The rows, run now if they come from a SELECT that has not run yet.
    fn into_rows(self) -> Vec<Vec<Option<Value>>> {
        let values = |rows: Vec<Row>| -> Vec<Vec<Option<Value>>> {
            (rows.into_iter())
                .map(|r| r.into_iter().map(Some).collect())
                .collect()
        };
        match self {
            Source::Values(rows) => rows,
            Source::Rows(rows) => values(rows),
            Source::Stream(_) => unreachable!("only a table without triggers streams"),
        }
    }
}

/// The per-row half of an INSERT: defaults, affinity, constraints, the write.
struct Inserter<'a> {
    table: &'a mut Table,
    targets: &'a [usize],
    /// `targets` is every column in table order.
    fills_every_column: bool,
    mode: OnConflict,
    upsert: Option<&'a Upsert>,
    /// Rows must supply exactly one value per target column (not for DEFAULT VALUES).
    check_width: bool,
    count: u64,
}

impl Inserter<'_> {
    /// Inserts row `n` (0-based) of the source.
    fn row(
        &mut self,
        tx: &mut Tx<'_>,
        n: usize,
        given: impl ExactSizeIterator<Item = Option<Value>>,
    ) -> Result<()> {
        let shape = RowShape {
            targets: self.targets,
            check_width: self.check_width,
        };
        let row = shape.complete(self.table, n, given)?;
        self.insert(tx, row)
    }

    /// Inserts row `n` of a SELECT's result: as [`Inserter::row`], but a row that fills
    /// every column in table order is taken as it is.
    fn selected_row(&mut self, tx: &mut Tx<'_>, n: usize, given: Row) -> Result<()> {
        if self.fills_every_column && given.len() == self.targets.len() {
            self.insert(tx, given)
        } else {
            self.row(tx, n, given.into_iter().map(Some))
        }
    }

    /// Inserts row `n` of a SELECT that [`copyable_source`] allows to copy as stored:
    /// `bytes` under a new key, or, when its rowid may be taken already, decoded and
    /// inserted the ordinary way (with the conflict clause).
    fn copied_row(
        &mut self,
        tx: &mut Tx<'_>,
        n: usize,
        source: &Table,
        rowid: i64,
        bytes: &[u8],
    ) -> Result<()> {
        let table = &mut *self.table;
        let rowid = match table.rowid_col {
            Some(_) if write::is_fresh_rowid(table, rowid) => {
                write::saw_rowid(table, rowid);
                rowid
            }
            Some(_) => {
                let mut row = Vec::with_capacity(source.columns.len());
                decode_row(bytes, &source.defaults(), None, &mut row)?;
                return self.selected_row(tx, n, row);
            }
            None => write::next_rowid(table)?,
        };
        tx.pending.put(&row_key(table.id, rowid), bytes);
        crate::sql::counters::inserted(rowid);
        self.count += 1;
        Ok(())
    }

    /// Applies column affinities to a complete row and inserts it.
    fn insert(&mut self, tx: &mut Tx<'_>, mut row: Vec<Value>) -> Result<()> {
        let table = &mut *self.table;
        for (v, col) in row.iter_mut().zip(&table.columns) {
            *v = std::mem::replace(v, Value::Null).apply_affinity(col.affinity);
        }
        if insert_row(tx, table, row, self.mode, self.upsert)? != Outcome::Skipped {
            self.count += 1;
        }
        Ok(())
    }
}

/// Which columns an INSERT's values fill.
pub(in crate::sql) struct RowShape<'a> {
    pub targets: &'a [usize],
    /// Rows must supply exactly one value per target column (not for DEFAULT VALUES).
    pub check_width: bool,
}

impl RowShape<'_> {
    /// Row `n` (0-based) of the source as a whole row of `table`: defaults where no
    /// value (or DEFAULT) is given. Affinities are not applied yet.
    pub fn complete(
        &self,
        table: &Table,
        n: usize,
        given: impl ExactSizeIterator<Item = Option<Value>>,
    ) -> Result<Vec<Value>> {
        if self.check_width && given.len() != self.targets.len() {
            return Err(Error::InvalidInput(format!(
                "table {} has {} columns but {} values were supplied (row {})",
                table.name,
                self.targets.len(),
                given.len(),
                n + 1
            )));
        }
        let mut row: Vec<Option<Value>> = vec![None; table.columns.len()];
        for (&c, v) in self.targets.iter().zip(given) {
            row[c] = v;
        }
        (row.into_iter().enumerate())
            .map(|(c, v)| v.map_or_else(|| crate::sql::check::default_value(table, c), Ok))
            .collect()
    }
}

pub(in crate::sql) fn compile_assignment(
    planner: &Planner<'_>,
    table: &Table,
    a: &ast::Assignment,
    scope: &Scope,
) -> Result<Vec<(usize, Expr)>> {
    let ast::AssignmentTarget::ColumnName(name) = &a.target else {
        return Err(unsupported("tuple assignments"));
    };
    let col = crate::sql::names::last_part(name);
    let c = table
        .column(&col)
        .ok_or_else(|| Error::NotFound(format!("no such column: {col}")))?;
    Ok(vec![(
        c,
        planner.compile(&a.value, &mut Mode::Plain(scope))?,
    )])
}
