//! Triggers: CREATE TRIGGER / DROP TRIGGER, and which triggers a write arms. A trigger
//! is kept in the catalog as its `CREATE TRIGGER` text, as a view is, and parsed again
//! for each statement that writes its table, so it sees the schema as it is then. As in
//! SQLite, CREATE TRIGGER checks the table, not the body: a body naming a missing table
//! fails when it fires. Running the programs row by row is [`crate::sql::fire`].

use crate::error::{Error, Result};
use crate::sql::catalog::{Catalog, Trigger};
use crate::sql::ddl::save_catalog;
use crate::sql::dml::Ctx;
use crate::sql::expr::unsupported;
use crate::sql::names::object_name;
use crate::sql::parse::Script;
use sqlparser::ast;
use std::ops::ControlFlow;

/// The write a trigger fires on. An UPDATE carries the names of the columns it sets,
/// matched against `UPDATE OF` lists.
pub enum Event<'a> {
    Insert,
    Update(&'a [String]),
    Delete,
}

/// When a trigger runs, relative to the row's write.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Before,
    After,
    InsteadOf,
}

/// One trigger, ready to run: its WHEN condition and its steps.
pub struct Program {
    pub name: String,
    pub temp: bool,
    pub when: Option<ast::Expr>,
    pub steps: Vec<ast::Statement>,
}

/// The triggers a statement's writes to one table fire, in SQLite's order: temporary
/// ones first, oldest first; then the others, newest first.
#[derive(Default)]
pub struct Armed {
    pub before: Vec<Program>,
    pub after: Vec<Program>,
    pub instead: Vec<Program>,
}

impl Armed {
    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty() && self.instead.is_empty()
    }
}

/// The triggers on `table` that `event` fires.
pub fn armed(catalog: &Catalog, table: &str, event: Event<'_>) -> Result<Armed> {
    armed_within(catalog, table, event, &mut Vec::new())
}

/// [`armed`], for a statement that is itself a step of the triggers in `coding`
/// (lower-case name, temp): those are not armed again, as SQLite codes each trigger
/// program once per statement.
fn armed_within(
    catalog: &Catalog,
    table: &str,
    event: Event<'_>,
    coding: &mut Vec<(String, bool)>,
) -> Result<Armed> {
    let mut armed = Armed::default();
    let on_table = |t: &&Trigger| t.table.eq_ignore_ascii_case(table);
    let temp_first = catalog.triggers.iter().filter(|t| t.temp);
    let stored = catalog.triggers.iter().rev().filter(|t| !t.temp);
    for t in temp_first.chain(stored).filter(on_table) {
        let ct = parse_trigger(t)?;
        let [fires_on] = ct.events.as_slice() else {
            return Err(corrupt(t));
        };
        let fires = match (fires_on, &event) {
            (ast::TriggerEvent::Insert, Event::Insert) => true,
            (ast::TriggerEvent::Delete, Event::Delete) => true,
            (ast::TriggerEvent::Update(of), Event::Update(set)) => {
                of.is_empty()
                    || of
                        .iter()
                        .any(|c| set.iter().any(|s| s.eq_ignore_ascii_case(&c.value)))
            }
            _ => false,
        };
        let key = (t.name.to_ascii_lowercase(), t.temp);
        if !fires || coding.contains(&key) {
            continue;
        }
        let timing = timing_of(&ct);
        let steps = match ct.statements {
            Some(ast::ConditionalStatements::BeginEnd(b)) => b.statements,
            _ => return Err(corrupt(t)),
        };
        check_tables(catalog, &steps)?;
        coding.push(key);
        let nested = check_nested(catalog, &steps, coding);
        coding.pop();
        nested?;
        let program = Program {
            name: t.name.clone(),
            temp: t.temp,
            when: ct.condition,
            steps,
        };
        match timing {
            Timing::Before => armed.before.push(program),
            Timing::After => armed.after.push(program),
            Timing::InsteadOf => armed.instead.push(program),
        }
    }
    Ok(armed)
}

/// Refuses a trigger whose steps name a table that does not exist, as SQLite does when
/// it prepares a statement that arms the trigger, whether or not any row fires it.
fn check_tables(catalog: &Catalog, steps: &[ast::Statement]) -> Result<()> {
    for step in steps {
        let ctes: Vec<String> = match step {
            ast::Statement::Query(q) => q
                .with
                .iter()
                .flat_map(|w| &w.cte_tables)
                .map(|c| c.alias.name.value.clone())
                .collect(),
            _ => Vec::new(),
        };
        let mut missing = None;
        let _ = ast::visit_relations(step, |r| {
            let Ok(name) = object_name(r) else {
                return ControlFlow::Continue(());
            };
            let known = catalog.table(&name).is_some()
                || catalog.view(&name).is_some()
                || ctes.iter().any(|c| c.eq_ignore_ascii_case(&name));
            if known {
                ControlFlow::Continue(())
            } else {
                missing = Some(name);
                ControlFlow::Break(())
            }
        });
        if let Some(name) = missing {
            return Err(Error::NotFound(format!("no such table: {name}")));
        }
    }
    Ok(())
}

/// Arms, for their checks only, the triggers that the steps' own writes fire, and
/// theirs in turn: SQLite codes every trigger program a statement may reach when it
/// prepares it, so a missing table in one fails the statement even if no row fires it.
fn check_nested(
    catalog: &Catalog,
    steps: &[ast::Statement],
    coding: &mut Vec<(String, bool)>,
) -> Result<()> {
    for step in steps {
        let (target, columns, event) = match step {
            ast::Statement::Insert(i) => match &i.table {
                ast::TableObject::TableName(n) => (n, Vec::new(), 0),
                _ => continue,
            },
            ast::Statement::Update(u) => match &u.table.relation {
                ast::TableFactor::Table { name, .. } => {
                    let columns = (u.assignments.iter())
                        .flat_map(|a| match &a.target {
                            ast::AssignmentTarget::ColumnName(c) => vec![c],
                            ast::AssignmentTarget::Tuple(cs) => cs.iter().collect(),
                        })
                        .filter_map(|c| c.0.last()?.as_ident().map(|i| i.value.clone()))
                        .collect();
                    (name, columns, 1)
                }
                _ => continue,
            },
            ast::Statement::Delete(d) => match &d.from {
                ast::FromTable::WithFromKeyword(f) | ast::FromTable::WithoutKeyword(f) => {
                    match f.first().map(|t| &t.relation) {
                        Some(ast::TableFactor::Table { name, .. }) => (name, Vec::new(), 2),
                        _ => continue,
                    }
                }
            },
            _ => continue,
        };
        let Ok(target) = object_name(target) else {
            continue;
        };
        let event = match event {
            0 => Event::Insert,
            1 => Event::Update(&columns),
            _ => Event::Delete,
        };
        armed_within(catalog, &target, event, coding)?;
    }
    Ok(())
}

fn timing_of(ct: &ast::CreateTrigger) -> Timing {
    match ct.period {
        // SQLite's default.
        None | Some(ast::TriggerPeriod::Before) => Timing::Before,
        Some(ast::TriggerPeriod::After) => Timing::After,
        Some(_) => Timing::InsteadOf,
    }
}

pub fn create_trigger(cx: &mut Ctx<'_>, ct: &ast::CreateTrigger) -> Result<String> {
    let name = object_name(&ct.name)?;
    // `or_alter` is how `IF NOT EXISTS` reaches us (see `sqlite_syntax`).
    let if_not_exists = ct.or_alter;
    check_sqlite_form(ct)?;
    if cx.catalog.trigger(&name).is_some() {
        if if_not_exists {
            return Ok(format!("Trigger {name} already exists"));
        }
        return Err(Error::InvalidInput(format!(
            "trigger {name} already exists"
        )));
    }
    let table_name = object_name(&ct.table_name)?;
    let timing = timing_of(ct);
    let table = if let Some(t) = cx.catalog.table(&table_name) {
        if timing == Timing::InsteadOf {
            return Err(Error::InvalidInput(format!(
                "cannot create INSTEAD OF trigger on table: {}",
                t.name
            )));
        }
        t.name.clone()
    } else if let Some(v) = cx.catalog.view(&table_name) {
        if timing != Timing::InsteadOf {
            let when = if timing == Timing::Before {
                "BEFORE"
            } else {
                "AFTER"
            };
            return Err(Error::InvalidInput(format!(
                "cannot create {when} trigger on view: {}",
                v.name
            )));
        }
        if v.temp && !ct.temporary {
            return Err(unsupported(format!(
                "a trigger kept in the database on the temporary view {}",
                v.name
            )));
        }
        v.name.clone()
    } else {
        return Err(Error::NotFound(format!("no such table: {table_name}")));
    };
    let mut stored = ct.clone();
    stored.or_alter = false;
    let sql = ast::Statement::CreateTrigger(stored).to_string();
    if Script::parse(&sql).map_err(|e| e.error)?.placeholders > 0 {
        return Err(Error::InvalidInput("trigger cannot use variables".into()));
    }
    cx.catalog.triggers.push(Trigger {
        name: name.clone(),
        table,
        sql,
        temp: ct.temporary,
    });
    if !ct.temporary {
        save_catalog(cx);
    }
    Ok(format!("Trigger {name} created"))
}

/// Refuses what sqlparser reads for other dialects but SQLite does not have, and the
/// steps SQLite does not allow in a trigger body.
fn check_sqlite_form(ct: &ast::CreateTrigger) -> Result<()> {
    if ct.or_replace || ct.is_constraint {
        return Err(unsupported("this form of CREATE TRIGGER"));
    }
    if ct.referenced_table_name.is_some()
        || !ct.referencing.is_empty()
        || ct.characteristics.is_some()
        || ct.exec_body.is_some()
    {
        return Err(unsupported(
            "FROM, REFERENCING, EXECUTE or constraint options in CREATE TRIGGER",
        ));
    }
    match ct.period {
        None
        | Some(ast::TriggerPeriod::Before)
        | Some(ast::TriggerPeriod::After)
        | Some(ast::TriggerPeriod::InsteadOf) => {}
        Some(ref p) => return Err(unsupported(format!("{p} triggers"))),
    }
    match ct.events.as_slice() {
        [ast::TriggerEvent::Insert | ast::TriggerEvent::Update(_) | ast::TriggerEvent::Delete] => {}
        [ast::TriggerEvent::Truncate] => return Err(unsupported("TRUNCATE triggers")),
        _ => return Err(unsupported("a trigger on more than one event")),
    }
    if let Some(
        ast::TriggerObjectKind::For(ast::TriggerObject::Statement)
        | ast::TriggerObjectKind::ForEach(ast::TriggerObject::Statement),
    ) = ct.trigger_object
    {
        return Err(unsupported("FOR EACH STATEMENT triggers"));
    }
    let Some(ast::ConditionalStatements::BeginEnd(body)) = &ct.statements else {
        return Err(Error::InvalidInput(
            "a trigger's body must be BEGIN … END".into(),
        ));
    };
    if body.statements.is_empty() {
        return Err(Error::InvalidInput("a trigger's body is empty".into()));
    }
    for s in &body.statements {
        let qualified = |n: &ast::ObjectName| n.0.len() > 1;
        let names_schema = match s {
            ast::Statement::Insert(i) => {
                matches!(&i.table, ast::TableObject::TableName(n) if qualified(n))
            }
            ast::Statement::Update(u) => {
                matches!(&u.table.relation, ast::TableFactor::Table { name, .. } if qualified(name))
            }
            ast::Statement::Delete(d) => match &d.from {
                ast::FromTable::WithFromKeyword(f) | ast::FromTable::WithoutKeyword(f) => {
                    f.iter().any(|t| {
                        matches!(&t.relation, ast::TableFactor::Table { name, .. } if qualified(name))
                    })
                }
            },
            _ => false,
        };
        if names_schema {
            return Err(Error::InvalidInput(
                "qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers".into(),
            ));
        }
        match s {
            ast::Statement::Query(q)
                if !matches!(
                    &*q.body,
                    ast::SetExpr::Select(_)
                        | ast::SetExpr::Values(_)
                        | ast::SetExpr::SetOperation { .. }
                        | ast::SetExpr::Query(_)
                ) =>
            {
                return Err(unsupported(
                    "WITH … INSERT, UPDATE or DELETE in a trigger body",
                ));
            }
            ast::Statement::Insert(_)
            | ast::Statement::Update(_)
            | ast::Statement::Delete(_)
            | ast::Statement::Query(_) => {}
            other => {
                return Err(unsupported(format!(
                    "{} in a trigger body (INSERT, UPDATE, DELETE and SELECT are)",
                    crate::sql::parse::snippet(&other.to_string())
                )))
            }
        }
    }
    Ok(())
}

pub fn drop_trigger(cx: &mut Ctx<'_>, dt: &ast::DropTrigger) -> Result<String> {
    if dt.table_name.is_some() || dt.option.is_some() {
        return Err(unsupported("DROP TRIGGER … ON, CASCADE or RESTRICT"));
    }
    let name = object_name(&dt.trigger_name)?;
    let Some(t) = cx.catalog.trigger(&name).cloned() else {
        if dt.if_exists {
            return Ok(format!("Trigger {name} does not exist"));
        }
        return Err(Error::NotFound(format!("no such trigger: {name}")));
    };
    cx.catalog
        .triggers
        .retain(|x| !(x.temp == t.temp && x.name.eq_ignore_ascii_case(&t.name)));
    if !t.temp {
        save_catalog(cx);
    }
    Ok(format!("Trigger {} dropped", t.name))
}

/// Drops the triggers on `table` (a table or view being dropped), as SQLite does.
pub fn drop_triggers_on(catalog: &mut Catalog, table: &str) {
    catalog
        .triggers
        .retain(|t| !t.table.eq_ignore_ascii_case(table));
}

/// Whether any trigger is on `table` (renaming it or its columns would leave the
/// trigger's text naming the old one).
pub fn has_triggers(catalog: &Catalog, table: &str) -> bool {
    catalog
        .triggers
        .iter()
        .any(|t| t.table.eq_ignore_ascii_case(table))
}

/// The table of a stored trigger, read back from its statement (for the catalog).
pub fn table_of(name: &str, sql: &str) -> Result<String> {
    let t = Trigger {
        name: name.into(),
        table: String::new(),
        sql: sql.into(),
        temp: false,
    };
    object_name(&parse_trigger(&t)?.table_name)
}

fn parse_trigger(t: &Trigger) -> Result<ast::CreateTrigger> {
    let script = Script::parse(&t.sql).map_err(|e| e.error)?;
    let parsed = script.statements().next().ok_or_else(|| corrupt(t))?;
    match parsed.map_err(|e| e.error)?.statement {
        ast::Statement::CreateTrigger(ct) => Ok(ct),
        _ => Err(corrupt(t)),
    }
}

fn corrupt(t: &Trigger) -> Error {
    Error::Corrupt(format!(
        "SQL catalog: trigger {} is not a CREATE TRIGGER of one event",
        t.name
    ))
}
