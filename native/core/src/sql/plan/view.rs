//! Views: CREATE VIEW / DROP VIEW, and a view read in FROM. A view is kept in the
//! catalog as its `CREATE VIEW` text and planned afresh wherever it is read, as a
//! subquery that sees only the database (not the query around it), so it always
//! reads the tables as they are then. As in SQLite, CREATE VIEW does not check that
//! the tables it names exist; reading the view does.

use crate::error::{Error, Result};
use crate::sql::catalog::View;
use crate::sql::ddl::save_catalog;
use crate::sql::dml::Ctx;
use crate::sql::expr::unsupported;
use crate::sql::parse::Script;
use crate::sql::planner::{Planned, Planner};
use sqlparser::ast;
use std::cell::RefCell;

/// Views nested deeper than this are refused (SQLite's limit on nested views is the
/// expression depth; a chain of views this long is a definition loop in practice).
const MAX_VIEW_NESTING: usize = 100;

thread_local! {
    /// The views being planned on this thread, innermost last: a view that reads
    /// itself, directly or through others, is circularly defined.
    static EXPANDING: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

pub fn create_view(cx: &mut Ctx<'_>, cv: &ast::CreateView) -> Result<String> {
    let name = crate::sql::names::object_name(&cv.name)?;
    if cv.materialized || cv.or_alter || cv.to.is_some() {
        return Err(unsupported(format!("this form of CREATE VIEW ({name})")));
    }
    if cv.or_replace {
        return Err(unsupported("CREATE OR REPLACE VIEW"));
    }
    if cx.catalog.view(&name).is_some() || cx.catalog.table(&name).is_some() {
        if cv.if_not_exists {
            return Ok(format!("View {name} already exists"));
        }
        cx.catalog.check_name_free(&name)?;
    }
    let sql = ast::Statement::CreateView(cv.clone()).to_string();
    if Script::parse(&sql).map_err(|e| e.error)?.placeholders > 0 {
        return Err(Error::InvalidInput(
            "parameters are not allowed in views".into(),
        ));
    }
    cx.catalog.views.push(View {
        name: name.clone(),
        sql,
        temp: cv.temporary,
    });
    if !cv.temporary {
        save_catalog(cx);
    }
    Ok(format!("View {name} created"))
}

pub fn drop_view(cx: &mut Ctx<'_>, name: &str, if_exists: bool) -> Result<String> {
    let Some(view) = cx.catalog.view(name).cloned() else {
        if let Some(t) = cx.catalog.table(name) {
            return Err(Error::InvalidInput(format!(
                "use DROP TABLE to delete table {}",
                t.name
            )));
        }
        if if_exists {
            return Ok(format!("View {name} does not exist"));
        }
        return Err(Error::NotFound(format!("no such view: {name}")));
    };
    let pos = cx
        .catalog
        .views
        .iter()
        .position(|v| v.temp == view.temp && v.name == view.name)
        .expect("the view was found");
    cx.catalog.views.remove(pos);
    crate::sql::trigger::drop_triggers_on(cx.catalog, &view.name);
    if !view.temp {
        save_catalog(cx);
    }
    Ok(format!("View {} dropped", view.name))
}

impl Planner<'_> {
    /// The rows of `view`, its columns named by its column list or its SELECT, and
    /// duplicate names made unique as SQLite does (`x`, `x:1`, `x:2`).
    pub(in crate::sql) fn plan_view(&self, view: &View) -> Result<Planned> {
        let key = view.name.to_ascii_lowercase();
        let circular = EXPANDING.with(|e| e.borrow().contains(&key));
        if circular {
            return Err(Error::InvalidInput(format!(
                "view {} is circularly defined",
                view.name
            )));
        }
        if EXPANDING.with(|e| e.borrow().len()) >= MAX_VIEW_NESTING {
            return Err(Error::InvalidInput(format!(
                "views nested more than {MAX_VIEW_NESTING} deep"
            )));
        }
        let cv = parse_view(view)?;
        EXPANDING.with(|e| e.borrow_mut().push(key));
        let inner = Planner {
            db: self.db,
            catalog: self.catalog,
            params: &[],
            outer: None,
            windows: None,
        };
        let planned = crate::sql::cte::hidden(|| inner.plan_query(&cv.query));
        EXPANDING.with(|e| e.borrow_mut().pop());
        let mut planned = planned?;
        if !cv.columns.is_empty() {
            if cv.columns.len() != planned.columns.len() {
                return Err(Error::InvalidInput(format!(
                    "expected {} columns for '{}' but got {}",
                    cv.columns.len(),
                    view.name,
                    planned.columns.len()
                )));
            }
            planned.columns = cv.columns.iter().map(|c| c.name.value.clone()).collect();
        }
        unique_names(&mut planned.columns);
        Ok(planned)
    }
}

fn parse_view(view: &View) -> Result<ast::CreateView> {
    let corrupt = || {
        Error::Corrupt(format!(
            "SQL catalog: view {} is not a CREATE VIEW",
            view.name
        ))
    };
    let script = Script::parse(&view.sql).map_err(|e| e.error)?;
    let parsed = script.statements().next().ok_or_else(corrupt)?;
    match parsed.map_err(|e| e.error)?.statement {
        ast::Statement::CreateView(cv) => Ok(cv),
        _ => Err(corrupt()),
    }
}

/// Renames later duplicates (ignoring case) `name:1`, `name:2`, … as SQLite names the
/// columns of a view or subquery.
fn unique_names(names: &mut [String]) {
    for i in 1..names.len() {
        let base = names[i].clone();
        let mut n = 0;
        while names[..i].iter().any(|p| p.eq_ignore_ascii_case(&names[i])) {
            n += 1;
            names[i] = format!("{base}:{n}");
        }
    }
}
