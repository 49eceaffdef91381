//! The JSON-specific parts of compiling an expression: the `->` and `->>` operators,
//! and the JSON subtype of json_each's and json_tree's `value` column.
//!
//! SQLite marks a json_each `value` that is an array or object as JSON, so
//! `json_array(value)` and `json_group_array(value)` nest it instead of quoting it.
//! Values here carry no subtype: where such a column is named directly as a value a
//! JSON function embeds (json_array's arguments, json_object's values, json_set's
//! values, json_quote, json_group_array, json_group_object's value), [`mark_columns`]
//! wraps it in [`JsonFn::Subtyped`](crate::sql::functions) with the row's `type` column,
//! which passes an array or object on as JSON and anything else as what it is.
//! Through a subquery, view or CTE SQLite keeps the subtype where it flattens the
//! subquery and loses it where it does not: a JSON function given such a column
//! ([`crate::sql::scope::ScopeCol::json_through`]) is refused rather than answered one way.

use crate::sql::expr::unsupported;

use crate::error::Result;
use crate::sql::compile::{Mode, Scope};
use crate::sql::expr::Expr;
use crate::sql::functions::{mark_json_args, Func};
use crate::sql::planner::Planner;

/// Whether the select-list item `e` passes a json_each/json_tree `value` on as it is
/// (named directly, or a column that already does so).
pub fn passes_json_on(e: &ast::Expr, scope: &Scope) -> bool {
    let (table, name) = match e {
        ast::Expr::Nested(x) => return passes_json_on(x, scope),
        ast::Expr::Identifier(i) => (None, &i.value),
        ast::Expr::CompoundIdentifier(p) if p.len() == 2 => {
            (Some(p[0].value.as_str()), &p[1].value)
        }
        _ => return false,
    };
    scope
        .resolve(table, name)
        .ok()
        .and_then(|i| scope.cols.get(i))
        .is_some_and(|c| c.json || c.json_through)
}
use sqlparser::ast;

impl Planner<'_> {
    /// `l -> r` (`long`: `l ->> r`).
    pub(in crate::sql) fn compile_arrow(
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

/// `e` wrapped in [`JsonFn::Subtyped`](crate::sql::functions) with the `type` column
/// beside it, when `a` (compiled to `e` against `scope`) names a json_each/json_tree
/// `value` column; else `e`.
fn wrap(a: &ast::Expr, e: Expr, scope: &Scope) -> Result<Expr> {
    let named = matches!(
        a,
        ast::Expr::Identifier(_) | ast::Expr::CompoundIdentifier(_)
    );
    Ok(match e {
        Expr::Column(i) if named && scope.cols.get(i).is_some_and(|c| c.json) => Expr::Call(
            crate::sql::functions::json_subtyped(),
            vec![Expr::Column(i), Expr::Column(i + 1)],
        ),
        Expr::Column(i) if scope.cols.get(i).is_some_and(|c| c.json_through) => {
            return Err(unsupported(
                "a json_each/json_tree value passed through a subquery, view or CTE into a JSON function (SQLite keeps or drops its JSON subtype depending on how it plans the subquery)",
            ))
        }
        e => e,
    })
}

/// Wraps the arguments of `func` that embed a value and name a json_each `value`
/// column (`asts` the arguments as written, compiled in `m`; not in an aggregate
/// query, where names map to the aggregate's output).
pub fn mark_columns(
    func: Func,
    asts: &[&ast::Expr],
    args: &mut [Expr],
    m: &Mode<'_>,
) -> Result<()> {
    let Mode::Plain(scope) = m else {
        return Ok(());
    };
    let n = args.len();
    for (k, (a, e)) in asts.iter().zip(args.iter_mut()).enumerate() {
        if crate::sql::functions::embeds_arg(func, k, n) {
            let col = std::mem::replace(e, Expr::Const(crate::sql::value::Value::Null));
            *e = wrap(a, col, scope)?;
        }
    }
    Ok(())
}

/// An aggregate's argument: wrapped when it names a json_each `value` column.
pub fn mark_agg_arg(a: &ast::Expr, e: Expr, scope: &Scope) -> Result<Expr> {
    wrap(a, e, scope)
}
