//! Aggregate calls, from sqlparser's function call to an [`AggCall`]: the arguments
//! (group_concat's and string_agg's separator), DISTINCT, FILTER (WHERE …) and the
//! ORDER BY inside the parentheses of SQLite 3.44+ (`group_concat(x, ';' ORDER BY y
//! DESC)`), whose rows the aggregate then takes in that order ([`compare`]). Any
//! other clause sqlparser reads inside a call's parentheses (`WHERE`, `LIMIT`, …) is
//! not SQLite syntax and is refused.

use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::compile::{agg_func, contains_aggregate, func_args, func_name, Mode, Scope};
use crate::sql::expr::Expr;
use crate::sql::json_args::mark_agg_arg;
use crate::sql::plan::{AggCall, AggFunc};
use crate::sql::planner::Planner;
use crate::sql::value::Value;
use sqlparser::ast;
use std::cmp::Ordering;

/// One term of an aggregate's ORDER BY.
#[derive(Clone, Debug, PartialEq)]
pub struct AggOrder {
    pub expr: Expr,
    pub desc: bool,
    pub nulls_first: bool,
}

/// The ORDER BY terms inside a call's parentheses (none: empty); any other clause
/// there is an error.
pub fn order_clause(f: &ast::Function) -> Result<&[ast::OrderByExpr]> {
    let ast::FunctionArguments::List(l) = &f.args else {
        return Ok(&[]);
    };
    let mut order: &[ast::OrderByExpr] = &[];
    for c in &l.clauses {
        match c {
            ast::FunctionArgumentClause::OrderBy(o) => order = o,
            other => {
                return Err(Error::InvalidInput(format!(
                    "near \"{}\": syntax error",
                    other.to_string().split_whitespace().next().unwrap_or("")
                )))
            }
        }
    }
    Ok(order)
}

/// A call that is not an aggregate may not have an ORDER BY (SQLite's message).
pub fn refuse_order_by(f: &ast::Function) -> Result<()> {
    if order_clause(f)?.is_empty() {
        return Ok(());
    }
    Err(Error::InvalidInput(format!(
        "ORDER BY may not be used with non-aggregate {}()",
        func_name(f)
    )))
}

/// The misuse error for the first aggregate call inside `e`.
fn misuse_in(e: &ast::Expr) -> Error {
    let mut name = String::new();
    let _ = ast::visit_expressions(e, |x| {
        if let ast::Expr::Function(f) = x {
            if crate::sql::compile::is_aggregate_call(f) && name.is_empty() {
                name = func_name(f);
            }
        }
        std::ops::ControlFlow::<()>::Continue(())
    });
    Error::InvalidInput(format!("misuse of aggregate function {name}()"))
}

/// The order of two rows' ORDER BY values.
pub fn compare(a: &[Value], b: &[Value], order: &[AggOrder]) -> Ordering {
    for (k, (x, y)) in order.iter().zip(a.iter().zip(b)) {
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) if k.nulls_first => Ordering::Less,
            (true, false) => Ordering::Greater,
            (false, true) if k.nulls_first => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) if k.desc => y.sql_cmp(x),
            (false, false) => x.sql_cmp(y),
        };
        if o.is_ne() {
            return o;
        }
    }
    Ordering::Equal
}

impl Planner<'_> {
    /// An aggregate call's arguments, FILTER included; a window call inside them is a
    /// misuse, as in SQLite.
    pub(in crate::sql) fn compile_agg(&self, f: &ast::Function, input: &Scope) -> Result<AggCall> {
        match self.windows {
            Some(w) => w.barred(|| self.compile_agg_args(f, input)),
            None => self.compile_agg_args(f, input),
        }
    }

    fn compile_agg_args(&self, f: &ast::Function, input: &Scope) -> Result<AggCall> {
        let (args, distinct) = func_args(f)?;
        // SQLite's grammar has `f(*)` with nothing after the star.
        if matches!(args.as_slice(), [ast::FunctionArgExpr::Wildcard])
            && !order_clause(f)?.is_empty()
        {
            return Err(Error::InvalidInput("near \"ORDER\": syntax error".into()));
        }
        let mut func = agg_func(&func_name(f)).expect("checked aggregate");
        let mut plain = Mode::Plain(input);
        let mut arg = None;
        let mut sep = None;
        let mut collation = Collation::Binary;
        match (func, args.as_slice()) {
            (AggFunc::Count, [ast::FunctionArgExpr::Wildcard] | []) if distinct => {
                // SQLite's grammar has no count(DISTINCT *).
                return Err(Error::InvalidInput(format!(
                    "{}(DISTINCT *): DISTINCT needs an expression (near \"*\": syntax error)",
                    func_name(f)
                )));
            }
            (AggFunc::Count, [ast::FunctionArgExpr::Wildcard]) | (AggFunc::Count, []) => {
                func = AggFunc::CountStar
            }
            (_, [_, _, ..]) if distinct => {
                return Err(Error::InvalidInput(
                    "DISTINCT aggregates must have exactly one argument".into(),
                ))
            }
            (
                AggFunc::GroupConcat | AggFunc::JsonGroupObject,
                [ast::FunctionArgExpr::Expr(a), ast::FunctionArgExpr::Expr(s)],
            ) => {
                arg = Some(self.compile(a, &mut plain)?);
                sep = Some(mark_agg_arg(s, self.compile(s, &mut plain)?, input)?);
            }
            (g, [ast::FunctionArgExpr::Expr(a)]) if g != AggFunc::JsonGroupObject => {
                if contains_aggregate(a) {
                    return Err(Error::InvalidInput(format!(
                        "misuse of aggregate function {}()",
                        func_name(f)
                    )));
                }
                collation = self.collation_of(a, input)?;
                arg = Some(mark_agg_arg(a, self.compile(a, &mut plain)?, input)?)
            }
            _ => {
                return Err(Error::InvalidInput(format!(
                    "wrong number of arguments to function {}()",
                    func_name(f)
                )))
            }
        }
        if func_name(f) == "string_agg" && sep.is_none() {
            return Err(Error::InvalidInput(
                "wrong number of arguments to function string_agg()".into(),
            ));
        }
        let filter = match &f.filter {
            Some(x) => Some(self.compile(x, &mut plain)?),
            None => None,
        };
        let mut order = Vec::new();
        // SQLite ignores ORDER BY on an aggregate of no arguments (count(*)).
        if arg.is_some() {
            for o in order_clause(f)? {
                if contains_aggregate(&o.expr) {
                    return Err(misuse_in(&o.expr));
                }
                let desc = matches!(o.options.sort, Some(ast::OrderBySort::Desc));
                order.push(AggOrder {
                    expr: self.compile(&o.expr, &mut plain)?,
                    desc,
                    nulls_first: o.options.nulls_first.unwrap_or(!desc),
                });
            }
        }
        if matches!(func, AggFunc::Min | AggFunc::Max) {
            // SQLite ignores an ORDER BY on min() or max() (checked, then dropped).
            order.clear();
        }
        Ok(AggCall {
            func,
            arg,
            distinct,
            sep,
            filter,
            order,
            collation,
        })
    }
}

/// The min() and max() calls of an aggregate query in the order SQLite numbers its
/// aggregates (first use in the select list, then ORDER BY, then HAVING: the order
/// `exprs` gives): which row a group shows follows the last of them
/// ([`crate::sql::exec::group`]). A call in `aggs` that `exprs` never reads (an argument of a
/// window function) comes last.
pub fn witness<'e>(
    exprs: impl Iterator<Item = &'e Expr>,
    group_count: usize,
    aggs: &[AggCall],
) -> Vec<usize> {
    let mut order = Vec::new();
    for e in exprs {
        e.columns(&mut |c| {
            if let Some(j) = c.checked_sub(group_count).filter(|&j| j < aggs.len()) {
                if !order.contains(&j) {
                    order.push(j);
                }
            }
        });
    }
    order.extend(
        (0..aggs.len())
            .filter(|j| !order.contains(j))
            .collect::<Vec<_>>(),
    );
    order.retain(|&j| matches!(aggs[j].func, AggFunc::Min | AggFunc::Max));
    order
}
