//! Running triggers ([`crate::sql::trigger`]) for one row of a write: the row's OLD and NEW
//! values become the innermost frame of [`crate::sql::correlate`], which `OLD.x` and `NEW.x`
//! in the trigger's WHEN and steps read as a subquery reads its outer row ([`RowNames`]
//! resolves the names). Each step is planned when it runs, so it sees the rows that
//! earlier steps and earlier rows wrote, as in SQLite.
//!
//! As SQLite with `recursive_triggers` off (its default): a trigger does not fire while
//! it is already running further up; other triggers nest up to
//! [`MAX_TRIGGER_DEPTH`]. `RAISE(IGNORE)` abandons the rest of the row (its remaining
//! triggers and its write); `RAISE(ABORT | ROLLBACK, msg)` fails the statement with
//! `msg`; `RAISE(FAIL, msg)` fails it too but keeps what it changed before, the
//! trigger's earlier steps included ([`crate::sql::fail`]).

use crate::error::{Error, Result};
use crate::sql::catalog::Table;
use crate::sql::correlate::{self, OuterNames};
use crate::sql::dml::{self, Ctx};
use crate::sql::exec;
use crate::sql::expr::unsupported;
use crate::sql::modify;
use crate::sql::trigger::Program;
use crate::sql::txn::Db;
use crate::sql::value::{Affinity, Value};
use sqlparser::ast;
use std::cell::{Cell, RefCell};

/// SQLite's SQLITE_MAX_TRIGGER_DEPTH.
pub const MAX_TRIGGER_DEPTH: usize = 1000;

/// Stack a nested trigger makes sure it has before it runs (steps plan and run whole
/// statements; see `limits::on_script_stack` for the first level).
const NESTED_STACK_RED_ZONE: usize = 1 << 20;
const NESTED_STACK_GROWTH: usize = 16 << 20;

thread_local! {
    /// The triggers running on this thread, outermost first: (name, temp).
    static RUNNING: RefCell<Vec<(String, bool)>> = const { RefCell::new(Vec::new()) };
    /// Set by `RAISE(IGNORE)` as its error unwinds to the trigger that runs it.
    static IGNORE_RAISED: Cell<bool> = const { Cell::new(false) };
    /// Foreign key actions running on this thread ([`in_action`]).
    static ACTIONS: Cell<usize> = const { Cell::new(0) };
}

/// How deeply trigger programs (foreign key actions included) are nested.
fn depth() -> usize {
    RUNNING.with(|r| r.borrow().len()) + ACTIONS.with(Cell::get)
}

fn too_deep() -> Error {
    Error::InvalidInput("too many levels of trigger recursion".into())
}

/// Runs a foreign key action ([`crate::sql::foreign_key::action`]): SQLite codes one as a
/// trigger program, so it nests as one (up to [`MAX_TRIGGER_DEPTH`]) and sees the
/// database, not the CTEs of the statement.
pub fn in_action<T>(run: impl FnOnce() -> Result<T>) -> Result<T> {
    if depth() >= MAX_TRIGGER_DEPTH {
        return Err(too_deep());
    }
    ACTIONS.with(|a| a.set(a.get() + 1));
    struct Leave;
    impl Drop for Leave {
        fn drop(&mut self) {
            ACTIONS.with(|a| a.set(a.get() - 1));
        }
    }
    let _leave = Leave;
    // SQLite codes an action's program with OE_Abort, which its writes' triggers take.
    let _steps =
        crate::sql::step_conflict::Standing::set(Some(crate::sql::write::OnConflict::Abort));
    stacker::maybe_grow(NESTED_STACK_RED_ZONE, NESTED_STACK_GROWTH, || {
        crate::sql::cte::hidden(run)
    })
}

/// What the write does with its row after the triggers ran.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flow {
    Proceed,
    /// `RAISE(IGNORE)`: skip this row.
    Ignore,
}

/// The kinds of `RAISE` this engine runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Raise {
    Ignore,
    Abort,
    Fail,
    Rollback,
}

/// Whether a trigger is running on this thread (`RAISE` is allowed only there).
pub fn in_trigger() -> bool {
    RUNNING.with(|r| !r.borrow().is_empty())
}

/// The error `RAISE(kind, message)` fails with. ROLLBACK rolls back the transaction,
/// which every failing statement here does already.
pub fn raise(kind: Raise, message: Option<Value>) -> Error {
    if kind == Raise::Ignore {
        IGNORE_RAISED.with(|f| f.set(true));
        return Error::InvalidInput("RAISE(IGNORE) outside a trigger".into());
    }
    let text = match message {
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    };
    let e = Error::InvalidInput(text);
    if kind == Raise::Fail {
        return crate::sql::fail::failing(e);
    }
    e
}

/// The names `OLD.x` and `NEW.x` (and their `rowid`) of a trigger's row. The frame is
/// OLD's columns and rowid, then NEW's; a side the event does not have is not a name.
/// As in SQLite, `NEW.x` carries no affinity into a comparison (`NEW.i = '5'` is false
/// for an INTEGER column holding 5), except the rowid and its INTEGER PRIMARY KEY
/// alias, which carry INTEGER (SQLite's name resolution marks them so). They do carry
/// the column's collation (SQLite's `sqlite3ExprCollSeq` reads it for TK_TRIGGER).
pub struct RowNames {
    columns: Vec<String>,
    collations: Vec<crate::sql::collation::Collation>,
    rowid_col: Option<usize>,
    old: bool,
    new: bool,
}

impl RowNames {
    pub fn of_table(table: &Table, old: bool, new: bool) -> RowNames {
        let columns = table.columns.iter().map(|c| c.name.clone()).collect();
        RowNames {
            columns,
            collations: table.columns.iter().map(|c| c.collation).collect(),
            rowid_col: table.rowid_col,
            old,
            new,
        }
    }

    /// A view's columns, for its INSTEAD OF triggers.
    pub fn of_columns(columns: Vec<String>, old: bool, new: bool) -> RowNames {
        RowNames {
            collations: Vec::new(),
            columns,
            rowid_col: None,
            old,
            new,
        }
    }

    /// The frame position of `side.name` and its affinity.
    fn find(&self, side: Option<&str>, name: &str) -> Option<(usize, Option<Affinity>)> {
        let side = side?;
        let base = if side.eq_ignore_ascii_case("old") && self.old {
            0
        } else if side.eq_ignore_ascii_case("new") && self.new {
            self.columns.len() + 1
        } else {
            return None;
        };
        if let Some(c) = self
            .columns
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
        {
            let affinity = (self.rowid_col == Some(c)).then_some(Affinity::Integer);
            return Some((base + c, affinity));
        }
        let is_rowid = ["rowid", "oid", "_rowid_"]
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name));
        is_rowid.then_some((base + self.columns.len(), Some(Affinity::Integer)))
    }

    fn frame(&self, old: Option<(&[Value], i64)>, new: Option<(&[Value], i64)>) -> Vec<Value> {
        let mut frame = Vec::with_capacity(2 * self.columns.len() + 2);
        for side in [old, new] {
            match side {
                Some((row, rowid)) => {
                    frame.extend_from_slice(row);
                    frame.push(Value::Integer(rowid));
                }
                None => frame.extend((0..=self.columns.len()).map(|_| Value::Null)),
            }
        }
        frame
    }
}

impl OuterNames for RowNames {
    fn bind(&self, table: Option<&str>, name: &str) -> Result<Option<usize>> {
        Ok(self.find(table, name).map(|(k, _)| k))
    }

    fn affinity(&self, table: Option<&str>, name: &str) -> Option<Option<Affinity>> {
        self.find(table, name).map(|(_, a)| a)
    }

    fn collation(
        &self,
        table: Option<&str>,
        name: &str,
    ) -> Option<crate::sql::collation::Collation> {
        let (k, _) = self.find(table, name)?;
        // The frame is OLD's columns and rowid, then NEW's.
        self.collations.get(k % (self.columns.len() + 1)).copied()
    }
}

/// Runs `programs` for one row: OLD is `old`, NEW is `new` (each with its rowid).
pub fn fire(
    cx: &mut Ctx<'_>,
    names: &RowNames,
    programs: &[crate::sql::trigger::Program],
    old: Option<(&[Value], i64)>,
    new: Option<(&[Value], i64)>,
) -> Result<Flow> {
    for program in programs {
        let key = (program.name.to_ascii_lowercase(), program.temp);
        if RUNNING.with(|r| r.borrow().contains(&key)) {
            continue;
        }
        if depth() >= MAX_TRIGGER_DEPTH {
            return Err(too_deep());
        }
        let frame = names.frame(old, new);
        let ran = correlate::with_frame(frame, || {
            RUNNING.with(|r| r.borrow_mut().push(key));
            struct Pop;
            impl Drop for Pop {
                fn drop(&mut self) {
                    RUNNING.with(|r| r.borrow_mut().pop());
                }
            }
            let _pop = Pop;
            stacker::maybe_grow(NESTED_STACK_RED_ZONE, NESTED_STACK_GROWTH, || {
                // A trigger sees the database, not the CTEs of the statement firing it.
                crate::sql::cte::hidden(|| {
                    crate::sql::counters::in_trigger(|| run_program(cx, names, program))
                })
            })
        });
        if let Err(e) = ran {
            if IGNORE_RAISED.with(|f| f.replace(false)) {
                return Ok(Flow::Ignore);
            }
            return Err(e);
        }
    }
    Ok(Flow::Proceed)
}

fn run_program(cx: &mut Ctx<'_>, names: &RowNames, program: &Program) -> Result<()> {
    let mut cx = Ctx {
        store: cx.store,
        pending: &mut *cx.pending,
        catalog: &mut *cx.catalog,
        params: &[],
        outer: Some(names),
    };
    if let Some(when) = &program.when {
        let planner = cx.planner();
        let fires = correlate::with_db(planner.db, || {
            let scope = crate::sql::compile::Scope::default();
            planner
                .compile(when, &mut crate::sql::compile::Mode::Plain(&scope))?
                .test(&[])
        })?;
        if !fires {
            return Ok(());
        }
    }
    for step in &program.steps {
        run_step(&mut cx, step)?;
    }
    Ok(())
}

/// Runs one step of a trigger; a SELECT runs through all its rows (a RAISE in any of
/// them counts) and its rows are dropped.
fn run_step(cx: &mut Ctx<'_>, step: &ast::Statement) -> Result<()> {
    match step {
        ast::Statement::Insert(i) => dml::insert(cx, i).map(crate::sql::counters::completed),
        ast::Statement::Update(u) => modify::update(cx, u).map(crate::sql::counters::completed),
        ast::Statement::Delete(d) => modify::delete(cx, d).map(crate::sql::counters::completed),
        ast::Statement::Query(q) => {
            let planner = cx.planner();
            let db = Db {
                store: cx.store,
                pending: cx.pending,
            };
            correlate::with_db(db, || {
                let mut p = planner.plan_query(q)?;
                crate::sql::prune::prune(&mut p.plan);
                let mut rows = exec::open(&p.plan, db)?;
                while rows.next_row()?.is_some() {}
                Ok(())
            })
        }
        other => Err(unsupported(format!(
            "{} in a trigger body",
            crate::sql::parse::snippet(&other.to_string())
        ))),
    }
}
