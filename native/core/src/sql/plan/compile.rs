//! From sqlparser's expression tree to [`Expr`]: names resolve to row positions through
//! a [`Scope`], literals and `?` parameters become constants, uncorrelated subqueries
//! run once here and become constants or sets. In an aggregate query the same walk
//! maps GROUP BY expressions and aggregate calls to positions of the aggregate's output.

use crate::error::{Error, Result};
use crate::sql::collate::wrap;
use crate::sql::collation::Collation;
use crate::sql::expr::{unsupported, Arith, Cmp, Expr};
use crate::sql::functions::Func;
use crate::sql::plan::{AggCall, AggFunc};
use crate::sql::planner::Planner;
use crate::sql::value::{Affinity, Value};
use sqlparser::ast::{self, BinaryOperator as B, UnaryOperator as U};

pub use crate::sql::calls::{agg_func, contains_aggregate, contains_window, is_aggregate_call};
pub(in crate::sql) use crate::sql::calls::{func_args, func_name};
pub use crate::sql::literal::literal;
pub use crate::sql::scope::{AggCtx, Mode, Scope, ScopeCol};

/// The affinities SQLite applies to the (left, right) operands of a comparison
/// (`sqlite3CompareAffinity`): two operands with affinities compare numerically if
/// either is numeric, else as they are; an operand without affinity takes the other's.
pub fn comparison_affinities(
    l: Option<Affinity>,
    r: Option<Affinity>,
) -> (Option<Affinity>, Option<Affinity>) {
    match (l, r) {
        (Some(a), Some(b)) if a.is_numeric() && !b.is_numeric() => (None, Some(Affinity::Numeric)),
        (Some(a), Some(b)) if b.is_numeric() && !a.is_numeric() => (Some(Affinity::Numeric), None),
        (Some(a), None) if a != Affinity::Blob => (None, Some(a)),
        (None, Some(b)) if b != Affinity::Blob => (Some(b), None),
        _ => (None, None),
    }
}

fn b(e: Expr) -> Box<Expr> {
    Box::new(e)
}

impl Planner<'_> {
    pub fn compile(&self, e: &ast::Expr, m: &mut Mode<'_>) -> Result<Expr> {
        if let Mode::Agg(ctx) = m {
            // An expression with a window call is never a GROUP BY term, and compiling
            // it over the input row would gather its window calls there.
            let trial = if contains_window(e) {
                None
            } else {
                self.compile(e, &mut Mode::Plain(&ctx.input)).ok()
            };
            if let Some(plain) = trial {
                if let Some(i) = ctx.groups.iter().position(|g| *g == plain) {
                    return Ok(Expr::Column(i));
                }
            }
            if let ast::Expr::Function(f) = e {
                if is_aggregate_call(f) {
                    let call = self.compile_agg(f, &ctx.input)?;
                    let j = match ctx.aggs.iter().position(|a| *a == call) {
                        Some(j) => j,
                        None => {
                            ctx.aggs.push(call);
                            ctx.aggs.len() - 1
                        }
                    };
                    return Ok(Expr::Column(ctx.groups.len() + j));
                }
            }
            if matches!(
                e,
                ast::Expr::Identifier(_) | ast::Expr::CompoundIdentifier(_)
            ) {
                let arg = self.compile(e, &mut Mode::Plain(&ctx.input))?;
                // A column of an enclosing query (or a trigger's NEW/OLD) is the same
                // for every row, and keeps its value when no row comes in: SQLite reads
                // it after the loop, not from the group's row.
                if let Expr::Outer(_) = arg {
                    return Ok(arg);
                }
                let call = AggCall {
                    func: AggFunc::Any,
                    arg: Some(arg),
                    distinct: false,
                    sep: None,
                    filter: None,
                    order: Vec::new(),
                    collation: Collation::Binary,
                };
                ctx.aggs.push(call);
                return Ok(Expr::Column(ctx.groups.len() + ctx.aggs.len() - 1));
            }
        }
        self.compile_node(e, m)
    }

    pub(in crate::sql) fn scope_of<'s>(m: &'s Mode<'_>) -> &'s Scope {
        match m {
            Mode::Plain(s) => s,
            Mode::Agg(ctx) => &ctx.input,
        }
    }

    fn compile_node(&self, e: &ast::Expr, m: &mut Mode<'_>) -> Result<Expr> {
        use ast::Expr as E;
        Ok(match e {
            E::Identifier(i) => match m {
                Mode::Plain(s) => self.column_or_outer(s, None, &i.value)?,
                Mode::Agg(_) => unreachable!("handled in compile"),
            },
            E::CompoundIdentifier(parts) => match (m, parts.as_slice()) {
                (Mode::Plain(s), [t, c]) => self.column_or_outer(s, Some(&t.value), &c.value)?,
                _ => return Err(unsupported(format!("the name {e}"))),
            },
            E::Value(v) => Expr::Const(literal(&v.value, self.params)?),
            E::Nested(inner) => self.compile(inner, m)?,
            // COLLATE changes how a value compares, not the value: comparisons and sort
            // keys read it from the syntax ([`crate::sql::collate`]).
            E::Collate { expr, collation } => {
                Collation::named(&crate::sql::names::object_name(collation)?)?;
                self.compile(expr, m)?
            }
            E::UnaryOp { op, expr } => match (op, &**expr) {
                (U::Minus, E::Value(v)) if matches!(v.value, ast::Value::Number(..)) => {
                    let ast::Value::Number(s, _) = &v.value else {
                        unreachable!()
                    };
                    match format!("-{s}").parse::<i64>() {
                        Ok(i) => Expr::Const(Value::Integer(i)),
                        Err(_) => Expr::Neg(b(self.compile(expr, m)?)),
                    }
                }
                (U::Minus, _) => Expr::Neg(b(self.compile(expr, m)?)),
                (U::Plus, _) => self.compile(expr, m)?,
                (U::Not, _) => Expr::Not(b(self.compile(expr, m)?)),
                (U::BitwiseNot, _) => Expr::BitNot(b(self.compile(expr, m)?)),
                _ => return Err(unsupported(format!("the operator {op}"))),
            },
            E::BinaryOp { left, op, right } => self.compile_binary(left, op, right, m)?,
            E::IsNull(x) => Expr::IsNull(b(self.compile(x, m)?), false),
            E::IsNotNull(x) => Expr::IsNull(b(self.compile(x, m)?), true),
            E::IsTrue(x) | E::IsFalse(x) | E::IsNotTrue(x) | E::IsNotFalse(x) => {
                let v = self.compile(x, m)?;
                let cond = match e {
                    E::IsTrue(_) | E::IsNotTrue(_) => v,
                    _ => Expr::Not(b(v)),
                };
                let hit = i64::from(matches!(e, E::IsTrue(_) | E::IsFalse(_)));
                Expr::Case {
                    operand: None,
                    whens: vec![(cond, Expr::Const(Value::Integer(hit)))],
                    otherwise: Some(b(Expr::Const(Value::Integer(1 - hit)))),
                }
            }
            E::IsDistinctFrom(l, r) => self.compile_compare(l, Cmp::IsNot, r, m)?,
            E::IsNotDistinctFrom(l, r) => self.compile_compare(l, Cmp::Is, r, m)?,
            E::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let ge = self.compile_compare(expr, Cmp::Ge, low, m)?;
                let le = self.compile_compare(expr, Cmp::Le, high, m)?;
                let both = Expr::And(b(ge), b(le));
                if *negated {
                    Expr::Not(b(both))
                } else {
                    both
                }
            }
            E::InList {
                expr,
                list,
                negated,
            } => {
                let la = self.affinity_of(expr, Self::scope_of(m));
                // One collation for the list: the left's, else the first item's that has one.
                let mut coll = crate::sql::collate::explicit_of(expr)?;
                for item in list {
                    if coll.is_none() {
                        coll = crate::sql::collate::explicit_of(item)?;
                    }
                }
                let coll = match coll {
                    Some(c) => c,
                    None => match list.first() {
                        Some(first) => self.compare_collation(expr, first, Self::scope_of(m))?,
                        None => Collation::Binary,
                    },
                };
                let x = wrap(self.compile(expr, m)?, coll);
                let mut items = Vec::with_capacity(list.len());
                for item in list {
                    let (lc, rc) =
                        comparison_affinities(la, self.affinity_of(item, Self::scope_of(m)));
                    items.push((wrap(self.compile(item, m)?, coll), lc, rc));
                }
                Expr::InList {
                    expr: b(x),
                    list: items,
                    negated: *negated,
                }
            }
            E::InSubquery { .. } | E::Subquery(_) | E::Exists { .. } => {
                self.compile_subquery(e, m)?
            }
            E::Like {
                negated,
                expr,
                pattern,
                escape_char,
                any: false,
            }
            | E::ILike {
                negated,
                expr,
                pattern,
                escape_char,
                any: false,
            } => Expr::Like {
                expr: b(self.compile(expr, m)?),
                pattern: b(self.compile(pattern, m)?),
                escape: match escape_char {
                    Some(esc) => Some(b(self.compile(esc, m)?)),
                    None => None,
                },
                negated: *negated,
            },
            E::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                // Each WHEN compares under its own collation: one is all this supports.
                let mut coll = None;
                if let Some(o) = operand {
                    for c in conditions {
                        let this = self.compare_collation(o, &c.condition, Self::scope_of(m))?;
                        if coll.is_some_and(|k| k != this) {
                            return Err(unsupported("CASE operands under different collations"));
                        }
                        coll = Some(this);
                    }
                }
                let coll = coll.unwrap_or_default();
                let operand = match operand {
                    Some(o) => Some(b(wrap(self.compile(o, m)?, coll))),
                    None => None,
                };
                let mut whens = Vec::new();
                for c in conditions {
                    let when = self.compile(&c.condition, m)?;
                    let when = if operand.is_some() {
                        wrap(when, coll)
                    } else {
                        when
                    };
                    whens.push((when, self.compile(&c.result, m)?));
                }
                let otherwise = match else_result {
                    Some(x) => Some(b(self.compile(x, m)?)),
                    None => None,
                };
                Expr::Case {
                    operand,
                    whens,
                    otherwise,
                }
            }
            E::Cast {
                expr, data_type, ..
            } => Expr::Cast(
                b(self.compile(expr, m)?),
                Affinity::of_type(&data_type.to_string()),
            ),
            E::Trim {
                trim_where,
                trim_what,
                expr,
                trim_characters,
            } => {
                let func = match trim_where {
                    Some(ast::TrimWhereField::Leading) => Func::Ltrim,
                    Some(ast::TrimWhereField::Trailing) => Func::Rtrim,
                    _ => Func::Trim,
                };
                let mut args = vec![self.compile(expr, m)?];
                if let Some(w) = trim_what {
                    args.push(self.compile(w, m)?);
                } else if let Some([c]) = trim_characters.as_deref() {
                    args.push(self.compile(c, m)?);
                }
                Expr::Call(func, args)
            }
            E::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let mut args = vec![self.compile(expr, m)?];
                let from = substring_from
                    .as_deref()
                    .ok_or_else(|| unsupported("SUBSTRING without a start"))?;
                args.push(self.compile(from, m)?);
                if let Some(f) = substring_for {
                    args.push(self.compile(f, m)?);
                }
                Expr::Call(Func::Substr, args)
            }
            E::Ceil {
                expr,
                field: ast::CeilFloorKind::DateTimeField(ast::DateTimeField::NoDateTime),
            }
            | E::Floor {
                expr,
                field: ast::CeilFloorKind::DateTimeField(ast::DateTimeField::NoDateTime),
            } => {
                // sqlparser reads CEIL(x) and FLOOR(x) as expressions of their own.
                let name = if matches!(e, E::Ceil { .. }) {
                    "ceil"
                } else {
                    "floor"
                };
                let func = Func::lookup(name, 1).expect("ceil and floor exist");
                Expr::Call(func, vec![self.compile(expr, m)?])
            }
            E::Ceil { .. } | E::Floor { .. } => {
                let name = if matches!(e, E::Ceil { .. }) {
                    "ceil"
                } else {
                    "floor"
                };
                return Err(Error::InvalidInput(format!(
                    "wrong number of arguments to function {name}()"
                )));
            }
            E::Function(f) if f.over.is_some() => self.compile_window_call(f, m)?,
            E::Function(f) => {
                if crate::sql::window::window_only(&func_name(f)).is_some() {
                    return Err(Error::InvalidInput(format!(
                        "misuse of window function {}()",
                        func_name(f)
                    )));
                }
                if f.filter.is_some() && !is_aggregate_call(f) {
                    return Err(Error::InvalidInput(format!(
                        "FILTER may not be used with non-aggregate {}()",
                        func_name(f)
                    )));
                }
                if is_aggregate_call(f) {
                    return Err(Error::InvalidInput(format!(
                        "misuse of aggregate function {}()",
                        func_name(f)
                    )));
                }
                crate::sql::agg_call::refuse_order_by(f)?;
                let (args, _) = func_args(f)?;
                let name = func_name(f);
                if name.eq_ignore_ascii_case("raise") {
                    return self.compile_raise(&args, m);
                }
                let mut func = Func::lookup(&name, args.len()).ok_or_else(|| {
                    // SQLite's two messages: the name is unknown, or the count is wrong.
                    if Func::exists(&name) {
                        Error::InvalidInput(format!(
                            "wrong number of arguments to function {name}()"
                        ))
                    } else {
                        Error::InvalidInput(format!("no such function: {name}"))
                    }
                })?;
                if let Func::Min(c) | Func::Max(c) | Func::Nullif(c) = &mut func {
                    // The first argument that carries a collation names it.
                    for a in &args {
                        if let ast::FunctionArgExpr::Expr(x) = a {
                            if self.carries_collation(x, Self::scope_of(m))? {
                                *c = self.collation_of(x, Self::scope_of(m))?;
                                break;
                            }
                        }
                    }
                }
                let (mut out, mut asts) = (Vec::new(), Vec::new());
                for a in args {
                    match a {
                        ast::FunctionArgExpr::Expr(x) => {
                            out.push(self.compile(x, m)?);
                            asts.push(x);
                        }
                        _ => return Err(unsupported(format!("* as an argument of {name}()"))),
                    }
                }
                crate::sql::json_args::mark_columns(func, &asts, &mut out, m)?;
                Expr::Call(crate::sql::functions::mark_json_args(func, &out), out)
            }
            other => return Err(unsupported(format!("the expression {other}"))),
        })
    }

    /// `RAISE(IGNORE)` or `RAISE(ABORT | FAIL | ROLLBACK, message)`, only inside a trigger
    /// ([`crate::sql::fire`]).
    fn compile_raise(&self, args: &[&ast::FunctionArgExpr], m: &mut Mode<'_>) -> Result<Expr> {
        use crate::sql::fire::Raise;
        if !crate::sql::fire::in_trigger() {
            return Err(Error::InvalidInput(
                "RAISE() may only be used within a trigger-program".into(),
            ));
        }
        let kind = match args.first() {
            Some(ast::FunctionArgExpr::Expr(ast::Expr::Identifier(i)))
                if i.quote_style.is_none() =>
            {
                i.value.to_ascii_uppercase()
            }
            _ => String::new(),
        };
        let kind = match (kind.as_str(), args.len()) {
            ("IGNORE", 1) => Raise::Ignore,
            ("ABORT", 2) => Raise::Abort,
            ("ROLLBACK", 2) => Raise::Rollback,
            ("FAIL", 2) => Raise::Fail,
            _ => {
                return Err(Error::InvalidInput(
                    "RAISE takes IGNORE, or ABORT, FAIL or ROLLBACK and a message".into(),
                ))
            }
        };
        let mut out = Vec::new();
        if let Some(ast::FunctionArgExpr::Expr(msg)) = args.get(1) {
            out.push(self.compile(msg, m)?);
        }
        Ok(Expr::Call(Func::Raise(kind), out))
    }

    fn compile_compare(
        &self,
        l: &ast::Expr,
        op: Cmp,
        r: &ast::Expr,
        m: &mut Mode<'_>,
    ) -> Result<Expr> {
        let scope = Self::scope_of(m);
        let (la, ra) =
            comparison_affinities(self.affinity_of(l, scope), self.affinity_of(r, scope));
        let coll = self.compare_collation(l, r, scope)?;
        Ok(Expr::Compare(
            op,
            b(wrap(self.compile(l, m)?, coll)),
            b(wrap(self.compile(r, m)?, coll)),
            la,
            ra,
        ))
    }

    fn compile_binary(
        &self,
        l: &ast::Expr,
        op: &B,
        r: &ast::Expr,
        m: &mut Mode<'_>,
    ) -> Result<Expr> {
        let cmp = match op {
            B::Eq => Some(Cmp::Eq),
            B::NotEq => Some(Cmp::Ne),
            B::Lt => Some(Cmp::Lt),
            B::LtEq => Some(Cmp::Le),
            B::Gt => Some(Cmp::Gt),
            B::GtEq => Some(Cmp::Ge),
            _ => None,
        };
        if let Some(c) = cmp {
            return self.compile_compare(l, c, r, m);
        }
        let arith = match op {
            B::Plus => Arith::Add,
            B::Minus => Arith::Sub,
            B::Multiply => Arith::Mul,
            B::Divide => Arith::Div,
            B::Modulo => Arith::Rem,
            B::StringConcat => Arith::Concat,
            B::BitwiseAnd => Arith::BitAnd,
            B::BitwiseOr => Arith::BitOr,
            B::PGBitwiseShiftLeft => Arith::Shl,
            B::PGBitwiseShiftRight => Arith::Shr,
            B::Arrow | B::LongArrow => return self.compile_arrow(l, *op == B::LongArrow, r, m),
            B::And => return Ok(Expr::And(b(self.compile(l, m)?), b(self.compile(r, m)?))),
            B::Or => return Ok(Expr::Or(b(self.compile(l, m)?), b(self.compile(r, m)?))),
            other => return Err(unsupported(format!("the operator {other}"))),
        };
        Ok(Expr::Arith(
            arith,
            b(self.compile(l, m)?),
            b(self.compile(r, m)?),
        ))
    }
}
