//! The JSON-specific parts of compiling an expression: the `->` and `->>` operators,
//! and the JSON subtype of json_each's and json_tree's `value` column.
//!
//! SQLite marks a json_each `value` that is an array or object as JSON, so
//! `json_array(value)` and `json_group_array(value)` nest it instead of quoting it.
//! Values here carry no subtype: where such a column is named directly as a value a
//! JSON function embeds (json_array's arguments, json_object's values, json_set's
//! values, json_quote, json_group_array, json_group_object's value), [`mark_columns`]
//! wraps it in [`JsonFn::Subtyped`](super::functions) with the row's `type` column,
//! which passes an array or object on as JSON and anything else as what it is. Through a subquery or view the mark
//! is lost (SQLite keeps it where it flattens the subquery).

use super::compile::{Mode, Scope};
use super::expr::Expr;
use super::functions::{mark_json_args, Func};
use super::planner::Planner;
use crate::error::Result;
use sqlparser::ast;

impl Planner<'_> {
    /// `l -> r` (`long`: `l ->> r`).
    pub(super) fn compile_arrow(
        &self,
        l: &ast::Expr,
        long: bool,
        r: &ast::Expr,
        m: &mut Mode<'_>,
    ) -> Result<Expr> {
        let name = if long { "->>" } else { "->" };
        let func = Func::lookup(name, 2).expect("the JSON operators exist");
        let args = vec![self.compile(l, m)?, self.compile(r, m)?];
        Ok(Expr::Call(mark_json_args(func, &args), args))
    }
}

/// `e` wrapped in [`JsonFn::Subtyped`](super::functions) with the `type` column
/// beside it, when `a` (compiled to `e` against `scope`) names a json_each/json_tree
/// `value` column; else `e`.
fn wrap(a: &ast::Expr, e: Expr, scope: &Scope) -> Expr {
    let named = matches!(
        a,
        ast::Expr::Identifier(_) | ast::Expr::CompoundIdentifier(_)
    );
    match e {
        Expr::Column(i) if named && scope.cols.get(i).is_some_and(|c| c.json) => Expr::Call(
            super::functions::json_subtyped(),
            vec![Expr::Column(i), Expr::Column(i + 1)],
        ),
        e => e,
    }
}

/// Wraps the arguments of `func` that embed a value and name a json_each `value`
/// column (`asts` the arguments as written, compiled in `m`; not in an aggregate
/// query, where names map to the aggregate's output).
pub fn mark_columns(func: Func, asts: &[&ast::Expr], args: &mut [Expr], m: &Mode<'_>) {
    let Mode::Plain(scope) = m else {
        return;
    };
    let n = args.len();
    for (k, (a, e)) in asts.iter().zip(args.iter_mut()).enumerate() {
        if super::functions::embeds_arg(func, k, n) {
            let col = std::mem::replace(e, Expr::Const(super::value::Value::Null));
            *e = wrap(a, col, scope);
        }
    }
}

/// An aggregate's argument: wrapped when it names a json_each `value` column.
pub fn mark_agg_arg(a: &ast::Expr, e: Expr, scope: &Scope) -> Expr {
    wrap(a, e, scope)
}
