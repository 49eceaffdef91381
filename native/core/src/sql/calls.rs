//! Which calls of a parsed expression are aggregates or window functions: the
//! aggregate functions by name ([`agg_func`]), a call's arguments, and whether an
//! expression calls an aggregate or a window function outside any subquery. In: the
//! sqlparser tree; out: answers for the planner and [`super::compile`].

use super::expr::unsupported;
use super::plan::AggFunc;
use crate::error::Result;
use sqlparser::ast;

pub fn agg_func(name: &str) -> Option<AggFunc> {
    Some(match name.to_ascii_lowercase().as_str() {
        "count" => AggFunc::Count,
        "sum" => AggFunc::Sum,
        "total" => AggFunc::Total,
        "avg" => AggFunc::Avg,
        "min" => AggFunc::Min,
        "max" => AggFunc::Max,
        "group_concat" | "string_agg" => AggFunc::GroupConcat,
        "json_group_array" => AggFunc::JsonGroupArray,
        "json_group_object" => AggFunc::JsonGroupObject,
        _ => return None,
    })
}

pub(super) fn func_args(f: &ast::Function) -> Result<(Vec<&ast::FunctionArgExpr>, bool)> {
    match &f.args {
        ast::FunctionArguments::None => Ok((vec![], false)),
        ast::FunctionArguments::List(l) => {
            super::agg_call::order_clause(f)?;
            let distinct = matches!(
                l.duplicate_treatment,
                Some(ast::DuplicateTreatment::Distinct)
            );
            let args = l.args.iter().map(|a| match a {
                ast::FunctionArg::Unnamed(e) => Ok(e),
                _ => Err(unsupported("named function arguments")),
            });
            Ok((args.collect::<Result<_>>()?, distinct))
        }
        ast::FunctionArguments::Subquery(_) => Err(unsupported("a subquery as function arguments")),
    }
}

pub(super) fn func_name(f: &ast::Function) -> String {
    f.name.to_string().to_ascii_lowercase()
}

/// Whether `f` is an aggregate call: min/max take one argument as aggregates.
pub fn is_aggregate_call(f: &ast::Function) -> bool {
    if f.over.is_some() {
        return false;
    }
    let n = func_args(f).map_or(0, |(a, _)| a.len());
    match agg_func(&func_name(f)) {
        Some(AggFunc::Min | AggFunc::Max) => n == 1,
        Some(_) => true,
        None => false,
    }
}

/// Whether an expression calls an aggregate outside any subquery.
pub fn contains_aggregate(e: &ast::Expr) -> bool {
    use ast::Expr as E;
    let any = |v: &[&ast::Expr]| v.iter().any(|e| contains_aggregate(e));
    match e {
        E::Function(f) => {
            // A window's PARTITION BY and ORDER BY may aggregate too (named windows are
            // not looked into: their text is in the WINDOW clause).
            let in_window = match &f.over {
                Some(ast::WindowType::WindowSpec(w)) => {
                    w.partition_by.iter().any(contains_aggregate)
                        || w.order_by.iter().any(|o| contains_aggregate(&o.expr))
                }
                _ => false,
            };
            is_aggregate_call(f)
                || in_window
                || f.filter.as_deref().is_some_and(contains_aggregate)
                || func_args(f).is_ok_and(|(args, _)| {
                    args.iter().any(
                        |a| matches!(a, ast::FunctionArgExpr::Expr(e) if contains_aggregate(e)),
                    )
                })
        }
        E::BinaryOp { left, right, .. } => any(&[left, right]),
        E::UnaryOp { expr, .. } | E::Nested(expr) | E::Cast { expr, .. } => {
            contains_aggregate(expr)
        }
        E::IsNull(x) | E::IsNotNull(x) | E::IsTrue(x) | E::IsFalse(x) => contains_aggregate(x),
        E::InList { expr, list, .. } => {
            contains_aggregate(expr) || list.iter().any(contains_aggregate)
        }
        E::InSubquery { expr, .. } => contains_aggregate(expr),
        E::Between {
            expr, low, high, ..
        } => any(&[expr, low, high]),
        E::Like { expr, pattern, .. } | E::ILike { expr, pattern, .. } => any(&[expr, pattern]),
        E::Case {
            operand,
            conditions,
            else_result,
            ..
        } => {
            operand.as_deref().is_some_and(contains_aggregate)
                || else_result.as_deref().is_some_and(contains_aggregate)
                || conditions
                    .iter()
                    .any(|c| contains_aggregate(&c.condition) || contains_aggregate(&c.result))
        }
        E::Trim { expr, .. } | E::Substring { expr, .. } => contains_aggregate(expr),
        _ => false,
    }
}

/// Whether an expression calls a window function outside any subquery.
pub fn contains_window(e: &ast::Expr) -> bool {
    use std::ops::ControlFlow;
    ast::visit_expressions(e, |x| match x {
        ast::Expr::Function(f) if f.over.is_some() => ControlFlow::Break(()),
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}
