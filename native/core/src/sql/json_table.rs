//! `json_each(json [, root])` and `json_tree(json [, root])` in FROM: SQLite's
//! table-valued JSON functions, with its columns (key, value, type, atom, id, parent,
//! fullkey, path, and the hidden json and root; rows in [`super::functions::each_rows`]).
//!
//! In: the FROM item's arguments, compiled against the relations to its left. Out: a
//! [`Plan::JsonEach`] node. Arguments that name no column to the left (constants,
//! parameters, an enclosing query's columns) make an ordinary relation, joined like a
//! subquery. Arguments that do (`FROM t, json_each(t.doc)`) make it *lateral*: the
//! planner joins it in FROM order ([`join`]), the node running the function once per
//! row on its left, with the join's conditions (a LEFT JOIN keeps a left row that
//! matched nothing, NULLs on the right).

use super::compile::{Mode, Scope, ScopeCol};
use super::exec::{self, Row, RowIter};
use super::expr::{unsupported, Expr};
use super::from::Relation;
use super::functions::{each_rows, JSON_EACH_COLUMNS};
use super::plan::Plan;
use super::planner::Planner;
use super::txn::Db;
use super::value::Value;
use crate::error::{Error, Result};
use sqlparser::ast;
use std::collections::VecDeque;

/// Whether `name` is json_each (Some(false)) or json_tree (Some(true)).
pub fn recursive(name: &ast::ObjectName) -> Option<bool> {
    let name = super::names::object_name(name).ok()?.to_ascii_lowercase();
    match name.as_str() {
        "json_each" => Some(false),
        "json_tree" => Some(true),
        _ => None,
    }
}

#[derive(Clone, Debug)]
pub struct JsonEach {
    /// The rows on the left of a lateral call; None: one empty row.
    pub input: Option<Box<Plan>>,
    /// The json and root arguments, over the input row.
    pub args: Vec<Expr>,
    pub recursive: bool,
    /// The arguments read the input row: the planner must join it in FROM order.
    pub lateral: bool,
    /// A LEFT JOIN: an input row without rows passing `on` comes out once, with NULLs.
    pub outer: bool,
    /// The join's conditions, over the input row followed by the function's row.
    pub on: Option<Expr>,
}

impl Planner<'_> {
    /// Whether the FROM item `name` (with arguments or not) is json_each or json_tree:
    /// without arguments, only when no table or view has the name.
    pub(super) fn is_json_table(&self, name: &ast::ObjectName, has_args: bool) -> bool {
        let named = || super::names::object_name(name).unwrap_or_default();
        recursive(name).is_some()
            && (has_args
                || (self.catalog.table(&named()).is_none()
                    && self.catalog.view(&named()).is_none()))
    }

    /// The plan and scope of `json_each(...)` or `json_tree(...)` named `name` in
    /// FROM, with `prior` the scope of the relations to its left.
    pub(super) fn json_table(
        &self,
        name: &ast::ObjectName,
        alias: Option<&ast::TableAlias>,
        args: Option<&ast::TableFunctionArgs>,
        prior: &Scope,
        outer: bool,
        on: Option<ast::Expr>,
    ) -> Result<Relation> {
        let recursive = recursive(name).expect("called for json_each or json_tree");
        let fname = if recursive { "json_tree" } else { "json_each" };
        let Some(args) = args else {
            return Err(unsupported(format!(
                "{fname} without arguments (its hidden columns json and root as constraints)"
            )));
        };
        if args.args.len() > 2 {
            return Err(Error::InvalidInput(format!(
                "too many arguments on {fname}() - max 2"
            )));
        }
        let mut compiled = Vec::new();
        for a in &args.args {
            match a {
                ast::FunctionArg::Unnamed(ast::FunctionArgExpr::Expr(e)) => {
                    compiled.push(self.compile(e, &mut Mode::Plain(prior))?)
                }
                other => return Err(unsupported(format!("the argument {other} of {fname}()"))),
            }
        }
        let mut lateral = false;
        for e in &compiled {
            e.columns(&mut |_| lateral = true);
        }
        let qual = alias.map_or_else(|| fname.to_string(), |a| a.name.value.to_ascii_lowercase());
        if alias.is_some_and(|a| !a.columns.is_empty()) {
            return Err(unsupported(format!(
                "column names in an alias of {fname}()"
            )));
        }
        let scope = JSON_EACH_COLUMNS
            .iter()
            .enumerate()
            .map(|(i, c)| ScopeCol {
                table: Some(qual.clone()),
                name: (*c).into(),
                affinity: None,
                collation: Default::default(),
                hidden: i >= 8,
                merged: false,
                json: *c == "value",
            })
            .collect();
        let node = JsonEach {
            input: None,
            args: compiled,
            recursive,
            lateral,
            outer: false,
            on: None,
        };
        Ok(Relation {
            plan: Plan::JsonEach(Box::new(node)),
            scope,
            outer,
            keep_right: false,
            on,
        })
    }
}

/// Whether `plan` is a lateral json_each/json_tree, which must be joined in FROM order.
pub fn is_lateral(plan: &Plan) -> bool {
    matches!(plan, Plan::JsonEach(j) if j.lateral)
}

/// Joins the lateral call `right` to the rows of `left`, with the join's `conditions`
/// over the joined row; `outer` for a LEFT JOIN. It cannot be the right side of a
/// RIGHT or FULL join (`keep_right`).
pub fn join(
    left: Plan,
    right: Plan,
    conditions: Vec<Expr>,
    (outer, keep_right): (bool, bool),
) -> Result<Plan> {
    let Plan::JsonEach(mut node) = right else {
        return Err(Error::Internal("a lateral join of something else".into()));
    };
    if keep_right {
        return Err(unsupported(
            "a RIGHT or FULL JOIN of json_each() or json_tree() that names a column on its left",
        ));
    }
    node.input = Some(Box::new(left));
    node.outer = outer;
    node.on = Expr::and_all(conditions);
    Ok(Plan::JsonEach(node))
}

/// Runs the node: for each input row, the function's rows after it.
pub fn open<'a>(node: &'a JsonEach, db: Db<'a>) -> Result<Box<dyn RowIter + 'a>> {
    let input: Box<dyn RowIter + 'a> = match &node.input {
        Some(p) => exec::open(p, db)?,
        None => Box::new(Some(Vec::new()).into_iter().map(Ok)),
    };
    Ok(Box::new(Each {
        node,
        input,
        ready: VecDeque::new(),
    }))
}

struct Each<'a> {
    node: &'a JsonEach,
    input: Box<dyn RowIter + 'a>,
    ready: VecDeque<Row>,
}

impl RowIter for Each<'_> {
    fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            if let Some(r) = self.ready.pop_front() {
                return Ok(Some(r));
            }
            let Some(left) = self.input.next_row()? else {
                return Ok(None);
            };
            let n = &self.node;
            let json = match n.args.first() {
                Some(e) => e.eval(&left)?,
                // SQLite: no json argument, no rows.
                None => Value::Null,
            };
            let root = match n.args.get(1) {
                Some(e) => Some(e.eval(&left)?),
                None => None,
            };
            for row in each_rows(&json, root.as_ref(), n.recursive)? {
                let mut joined = left.clone();
                joined.extend(row);
                if n.on.as_ref().map_or(Ok(true), |p| p.test(&joined))? {
                    self.ready.push_back(joined);
                }
            }
            if n.outer && self.ready.is_empty() {
                let mut joined = left;
                joined.extend(std::iter::repeat_n(Value::Null, JSON_EACH_COLUMNS.len()));
                self.ready.push_back(joined);
            }
        }
    }
}
