//! A session: the catalog, the pending writes and the transaction state over one open
//! store. It runs statements one after another and decides when writes reach the store:
//! at the end of each statement in autocommit mode, at COMMIT inside BEGIN … COMMIT.

use crate::error::{Error, Result};
use crate::sql::catalog::{Catalog, Trigger, View};
use crate::sql::correlate;
use crate::sql::counters::Counters;
use crate::sql::dml::{self, Ctx};
use crate::sql::encoding::{seq_key, CATALOG_KEY};
use crate::sql::exec;
use crate::sql::expr::unsupported;
use crate::sql::foreign_key::{self, check as fk_check};
use crate::sql::limits::on_script_stack;
use crate::sql::modify;
use crate::sql::parse::{snippet, Script};
use crate::sql::planner::Planner;
use crate::sql::position::ScriptError;
use crate::sql::savepoint::{Savepoints, Txn};
use crate::sql::txn::{Db, Pending};
use crate::sql::value::Value;
use crate::sql::{ddl, trigger, view, StatementResult};
use crate::store::Store;
use sqlparser::ast::{self, Statement};

pub struct Session<'s> {
    store: &'s mut Store,
    catalog: Catalog,
    pending: Pending,
    in_txn: bool,
    savepoints: Savepoints,
    /// The temporary views and triggers as of the last commit: they live in no store,
    /// so a rollback, which re-reads the catalog, puts these back.
    temp: TempSchema,
}

/// What a connection keeps between sessions on the same open store: its temporary
/// views and triggers (SQLite's `temp` schema), which no store holds.
#[derive(Clone, Debug, Default)]
pub struct TempSchema {
    views: Vec<View>,
    triggers: Vec<Trigger>,
    /// last_insert_rowid(), changes(), total_changes() ([`crate::sql::counters`]).
    counters: Counters,
    /// `PRAGMA foreign_keys`: enforce foreign keys (off by default, as in SQLite).
    foreign_keys: bool,
}

impl TempSchema {
    fn add_to(&self, catalog: &mut Catalog) {
        catalog.views.extend(self.views.iter().cloned());
        catalog.triggers.extend(self.triggers.iter().cloned());
    }
}

fn load_catalog(db: Db<'_>) -> Result<Catalog> {
    let mut cat = match db.get(&CATALOG_KEY)? {
        Some(bytes) => Catalog::decode(&bytes)?,
        None => Catalog::default(),
    };
    for t in &mut cat.tables {
        if let Some(b) = db.get(&seq_key(t.id))? {
            let raw: [u8; 8] = b.as_ref().try_into().map_err(|_| {
                Error::Corrupt(format!("rowid counter of table {} is malformed", t.name))
            })?;
            t.next_rowid = i64::from_be_bytes(raw);
        }
    }
    prepare_tables(db, &mut cat)?;
    Ok(cat)
}

/// Compiles the CHECK constraints, DEFAULT expressions and index expressions of every
/// table that has any.
fn prepare_tables(db: Db<'_>, cat: &mut Catalog) -> Result<()> {
    let mut tables = std::mem::take(&mut cat.tables);
    let planner = Planner {
        db,
        catalog: cat,
        params: &[],
        outer: None,
        windows: None,
    };
    for t in &mut tables {
        if crate::sql::check::has_stored_exprs(t) {
            crate::sql::check::prepare(&planner, t)?;
        }
    }
    cat.tables = tables;
    Ok(())
}

/// REINDEX [name]: our indexes are never out of date (no collation changes under
/// them), so there is nothing to rebuild; the name must still be a table, an index or
/// a collation, as SQLite requires.
fn reindex(catalog: &Catalog, name: Option<&ast::Value>) -> Result<StatementResult> {
    if let Some(v) = name {
        let text = match v {
            ast::Value::SingleQuotedString(s) => s.clone(),
            other => other.to_string(),
        };
        let bare = text
            .rsplit('.')
            .next()
            .unwrap_or(&text)
            .trim_matches(['"', '`', '[', ']']);
        let known = catalog.table(bare).is_some()
            || catalog.find_index(bare).is_some()
            || ["binary", "nocase", "rtrim"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(bare));
        if !known {
            return Err(Error::InvalidInput(
                "unable to identify the object to be reindexed".into(),
            ));
        }
    }
    Ok(StatementResult::Message("Reindexed".into()))
}

/// The INSERT, UPDATE or DELETE a `WITH …` leads into, if the query is one.
fn write_body(q: &ast::Query) -> Option<&Statement> {
    match &*q.body {
        ast::SetExpr::Insert(s) | ast::SetExpr::Update(s) | ast::SetExpr::Delete(s) => Some(s),
        _ => None,
    }
}

/// Puts the statement and its index in front of an error, keeping the error's kind.
fn in_statement(e: Error, index: usize, text: &str) -> Error {
    let at = format!("statement {index} ({})", snippet(text));
    match e {
        Error::InvalidInput(m) => Error::InvalidInput(format!("{at}: {m}")),
        Error::NotFound(m) => Error::NotFound(format!("{at}: {m}")),
        Error::Unsupported(m) => Error::Unsupported(format!("{at}: {m}")),
        Error::Io { context, source } => Error::Io {
            context: format!("{at}: {context}"),
            source,
        },
        other => other,
    }
}

impl<'s> Session<'s> {
    /// Opens a session on `store`, reading the catalog it holds.
    pub fn new(store: &'s mut Store) -> Result<Session<'s>> {
        Session::with_temp(store, TempSchema::default())
    }

    /// Opens a session that starts with the temporary views and triggers of an earlier
    /// one on the same connection ([`Session::finish`]).
    pub fn with_temp(store: &'s mut Store, temp: TempSchema) -> Result<Session<'s>> {
        let pending = Pending::default();
        let mut catalog = load_catalog(Db {
            store,
            pending: &pending,
        })?;
        temp.add_to(&mut catalog);
        Ok(Session {
            store,
            catalog,
            pending,
            in_txn: false,
            savepoints: Savepoints::default(),
            temp,
        })
    }

    /// Whether a BEGIN is open (its writes are not in the store yet).
    pub fn in_transaction(&self) -> bool {
        self.in_txn
    }

    /// Runs every statement of `sql`; stops at the first error. Parameters bind to the
    /// `?` placeholders in the order they appear in the whole script (`?N` names the
    /// N-th value). Nothing runs if any statement fails to parse.
    pub fn execute_script(&mut self, sql: &str, params: &[Value]) -> Result<Vec<StatementResult>> {
        let mut out = Vec::new();
        self.run_script(sql, params, |_, r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    /// As [`Session::execute_script`], handing each result to `on_result` (with the
    /// statement's 1-based index) as soon as its statement has run.
    pub fn run_script(
        &mut self,
        sql: &str,
        params: &[Value],
        on_result: impl FnMut(usize, StatementResult) -> Result<()>,
    ) -> Result<()> {
        self.run_script_placed(sql, params, on_result)
            .map_err(|e| e.error)
    }

    /// As [`Session::run_script`], the error saying where in the script it applies.
    pub fn run_script_placed(
        &mut self,
        sql: &str,
        params: &[Value],
        on_result: impl FnMut(usize, StatementResult) -> Result<()>,
    ) -> Result<(), ScriptError> {
        // Every recursion a statement can cause is bounded by the limits the parser
        // enforces; this stack holds the deepest of them on any calling thread.
        on_script_stack(|| self.run_on_this_stack(sql, params, on_result))
    }

    fn run_on_this_stack(
        &mut self,
        sql: &str,
        params: &[Value],
        mut on_result: impl FnMut(usize, StatementResult) -> Result<()>,
    ) -> Result<(), ScriptError> {
        let script = Script::parse(sql)?;
        let placeholders = script.placeholders;
        if params.len() > placeholders {
            return Err(ScriptError::unplaced(Error::InvalidInput(format!(
                "{} parameter value(s) given but the SQL has {placeholders} placeholder(s)",
                params.len()
            ))));
        }
        for p in script.statements() {
            let p = p?;
            let mut run = || self.execute(&p.statement, params);
            // CREATE TABLE and ADD COLUMN keep their CHECK texts as written.
            let r = match &p.statement {
                Statement::CreateTable(_) | Statement::AlterTable(_) => {
                    crate::sql::check::with_source(&p.text(), run)
                }
                _ => run(),
            }
            .map_err(|e| ScriptError {
                position: Some(p.position_of(&e)),
                error: in_statement(e, p.index, &p.text()),
            })?;
            on_result(p.index, r).map_err(ScriptError::unplaced)?;
        }
        Ok(())
    }

    /// Runs one parsed statement. On error nothing of it stays, and an open
    /// transaction is rolled back whole; except under FAIL ([`crate::sql::fail`]),
    /// where what the statement changed before its error stays: committed, or kept
    /// in the open transaction.
    pub fn execute(&mut self, stmt: &Statement, params: &[Value]) -> Result<StatementResult> {
        crate::sql::fail::take();
        // Date functions read 'now' once per statement, as in SQLite.
        let _now = crate::sql::functions::NowGuard::pin();
        self.temp.counters.install();
        let done = if self.temp.foreign_keys && fk_check::needed(&self.catalog) {
            let schema = self.catalog.clone();
            fk_check::enforcing(schema, || self.dispatch(stmt, params))
        } else {
            self.dispatch(stmt, params)
        };
        self.temp.counters = Counters::take();
        match done {
            Ok(r) => {
                self.commit_outside_txn()?;
                Ok(r)
            }
            // FAIL keeps what the statement wrote before the failing row.
            Err(e) if crate::sql::fail::take() => {
                self.commit_outside_txn()?;
                Err(e)
            }
            Err(e) => {
                self.reset()?;
                Err(e)
            }
        }
    }

    /// Commits the statement's writes unless a transaction is open (autocommit); a
    /// failed commit drops them and is the error.
    fn commit_outside_txn(&mut self) -> Result<()> {
        if self.in_txn {
            return Ok(());
        }
        if let Err(e) = self.pending.commit(self.store) {
            self.reset()?;
            return Err(e);
        }
        self.keep_temp_schema();
        Ok(())
    }

    /// Drops everything pending and re-reads the catalog from the store.
    fn reset(&mut self) -> Result<()> {
        self.pending.clear();
        self.in_txn = false;
        self.savepoints.clear();
        self.catalog = load_catalog(Db {
            store: self.store,
            pending: &self.pending,
        })?;
        self.temp.add_to(&mut self.catalog);
        Ok(())
    }

    fn keep_temp_schema(&mut self) {
        self.temp = TempSchema {
            views: self
                .catalog
                .views
                .iter()
                .filter(|v| v.temp)
                .cloned()
                .collect(),
            triggers: (self.catalog.triggers.iter())
                .filter(|t| t.temp)
                .cloned()
                .collect(),
            counters: self.temp.counters,
            foreign_keys: self.temp.foreign_keys,
        };
    }

    /// Ends the session; an open transaction is rolled back (as SQLite does on close).
    pub fn close(self) -> Result<()> {
        self.finish().map(drop)
    }

    /// As [`Session::close`], handing back what the connection keeps for its next
    /// session.
    pub fn finish(mut self) -> Result<TempSchema> {
        if self.in_txn {
            self.reset()?;
        }
        Ok(self.temp)
    }

    fn planner<'p>(&'p self, params: &'p [Value]) -> Planner<'p> {
        Planner {
            db: Db {
                store: self.store,
                pending: &self.pending,
            },
            catalog: &self.catalog,
            params,
            outer: None,
            windows: None,
        }
    }

    fn dispatch(&mut self, stmt: &Statement, params: &[Value]) -> Result<StatementResult> {
        let message = |m: String| Ok(StatementResult::Message(m));
        let changed = |verb, count| {
            crate::sql::counters::completed(count);
            Ok(StatementResult::Changed { verb, count })
        };
        macro_rules! cx {
            () => {
                &mut Ctx {
                    store: &*self.store,
                    pending: &mut self.pending,
                    catalog: &mut self.catalog,
                    params,
                    outer: None,
                }
            };
        }
        macro_rules! txn {
            () => {
                Txn {
                    pending: &mut self.pending,
                    catalog: &mut self.catalog,
                    in_txn: &mut self.in_txn,
                }
            };
        }
        match stmt {
            Statement::Query(q) if write_body(q).is_some() => {
                let body = write_body(q).expect("a write");
                match &q.with {
                    Some(with) => crate::sql::cte::within(with, || self.dispatch(body, params)),
                    None => self.dispatch(body, params),
                }
            }
            Statement::Query(q) => {
                let planner = self.planner(params);
                // Correlated subqueries read the database as the query does.
                correlate::with_db(planner.db, || {
                    let mut p = planner.plan_query(q)?;
                    crate::sql::prune::prune(&mut p.plan);
                    let rows = exec::collect(&p.plan, planner.db)?;
                    Ok(StatementResult::Rows {
                        columns: p.columns,
                        rows,
                    })
                })
            }
            Statement::Insert(i) => {
                changed(crate::sql::ChangeKind::Inserted, dml::insert(cx!(), i)?)
            }
            Statement::Update(u) => {
                changed(crate::sql::ChangeKind::Updated, modify::update(cx!(), u)?)
            }
            Statement::Delete(d) => {
                changed(crate::sql::ChangeKind::Deleted, modify::delete(cx!(), d)?)
            }
            Statement::CreateTable(ct) => message(ddl::create_table(cx!(), ct)?),
            Statement::CreateIndex(ci) => message(ddl::create_index(cx!(), ci)?),
            Statement::AlterTable(at) => message(ddl::alter_table(cx!(), at)?),
            Statement::CreateView(cv) => message(view::create_view(cx!(), cv)?),
            Statement::CreateTrigger(ct) => message(trigger::create_trigger(cx!(), ct)?),
            Statement::DropTrigger(dt) => message(trigger::drop_trigger(cx!(), dt)?),
            Statement::Drop {
                object_type,
                if_exists,
                names,
                ..
            } => {
                let cx = cx!();
                let mut msgs = Vec::new();
                for n in names {
                    let n = crate::sql::names::object_name(n)?;
                    msgs.push(match object_type {
                        ast::ObjectType::Table => ddl::drop_table(cx, &n, *if_exists)?,
                        ast::ObjectType::Index => ddl::drop_index(cx, &n, *if_exists)?,
                        ast::ObjectType::View => view::drop_view(cx, &n, *if_exists)?,
                        other => return Err(unsupported(format!("DROP {other}"))),
                    });
                }
                message(msgs.join("; "))
            }
            Statement::Pragma { name, value, .. }
                if name
                    .to_string()
                    .eq_ignore_ascii_case(crate::sql::sqlite_syntax::REINDEX_PRAGMA) =>
            {
                reindex(&self.catalog, value.as_ref().map(|v| &v.value))
            }
            Statement::Pragma { name, value, .. }
                if foreign_key::pragma::handles(&crate::sql::names::last_part(name)) =>
            {
                foreign_key::pragma::run(
                    &crate::sql::names::last_part(name),
                    value.as_ref().map(|v| &v.value),
                    &mut self.temp.foreign_keys,
                    self.in_txn,
                )
            }
            Statement::StartTransaction { .. } => {
                if self.in_txn {
                    return Err(Error::InvalidInput(
                        "cannot start a transaction within a transaction".into(),
                    ));
                }
                self.in_txn = true;
                message("Transaction started".into())
            }
            Statement::Commit { .. } => {
                if !self.in_txn {
                    return Err(Error::InvalidInput(
                        "cannot commit - no transaction is active".into(),
                    ));
                }
                self.in_txn = false;
                self.savepoints.clear();
                message("Transaction committed".into())
            }
            Statement::Rollback {
                savepoint: None, ..
            } => {
                if !self.in_txn {
                    return Err(Error::InvalidInput(
                        "cannot rollback - no transaction is active".into(),
                    ));
                }
                self.reset()?;
                message("Transaction rolled back".into())
            }
            Statement::Savepoint { name } => message(self.savepoints.open(&name.value, txn!())),
            Statement::ReleaseSavepoint { name } => {
                message(self.savepoints.release(&name.value, txn!())?)
            }
            Statement::Rollback {
                savepoint: Some(name),
                ..
            } => message(self.savepoints.rollback_to(&name.value, txn!())?),
            Statement::Explain { statement, .. } => match &**statement {
                Statement::Query(q) => {
                    let mut p = self.planner(params).plan_query(q)?;
                    // The plan as it runs: pruning may pick a covering index.
                    crate::sql::prune::prune(&mut p.plan);
                    let rows = p
                        .plan
                        .explain()
                        .into_iter()
                        .map(|l| vec![Value::Text(l)])
                        .collect();
                    Ok(StatementResult::Rows {
                        columns: vec!["plan".into()],
                        rows,
                    })
                }
                _ => Err(unsupported("EXPLAIN of anything but a query")),
            },
            other => Err(unsupported(format!(
                "the statement {}",
                snippet(&other.to_string())
            ))),
        }
    }
}
