//! Compiled expressions: column references are positions in the input row, subqueries
//! are already evaluated unless correlated (then run per row, [`crate::sql::correlate`]), comparisons carry the affinity SQLite applies to each side.
//! Evaluation follows SQLite's NULL logic (three-valued AND/OR/NOT, NULL-propagating
//! operators).

use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::correlate::{self, Correlated, Use};
use crate::sql::encoding::key_of;
use crate::sql::functions::{self, Func};
use crate::sql::value::{Affinity, Value};
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `IS` / `IS NOT DISTINCT FROM`: NULL-safe equality.
    Is,
    IsNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Concat,
    BitAnd,
    BitOr,
    Shl,
    Shr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Const(Value),
    Column(usize),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    BitNot(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Arith(Arith, Box<Expr>, Box<Expr>),
    /// A comparison; each side is converted to its affinity (if any) first.
    Compare(
        Cmp,
        Box<Expr>,
        Box<Expr>,
        Option<Affinity>,
        Option<Affinity>,
    ),
    IsNull(Box<Expr>, bool),
    InList {
        expr: Box<Expr>,
        list: Vec<(Expr, Option<Affinity>, Option<Affinity>)>,
        negated: bool,
    },
    /// `x IN (subquery)`, the subquery's values already converted and key-encoded
    /// under `collation`.
    InSet {
        expr: Box<Expr>,
        aff: Option<Affinity>,
        collation: Collation,
        set: HashSetKey,
        has_null: bool,
        negated: bool,
    },
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        escape: Option<Box<Expr>>,
        negated: bool,
    },
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    Cast(Box<Expr>, Affinity),
    /// The value as a collation compares it ([`Collation::key`]): only around the
    /// operands of a comparison and around sort keys, never as a result.
    Collate(Box<Expr>, Collation),
    Call(Func, Vec<Expr>),
    /// A value of an enclosing query's row, bound by the correlated subquery this
    /// expression belongs to ([`crate::sql::correlate`]).
    Outer(usize),
    /// A subquery run again for each row: its bindings are this row's expressions.
    Correlated(Box<Correlated>),
}

/// A set of key-encoded values (wrapped to give `Expr` its `PartialEq`).
#[derive(Clone, Debug, Default)]
pub struct HashSetKey(pub HashSet<Vec<u8>>);

impl PartialEq for HashSetKey {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

pub fn convert(v: Value, aff: Option<Affinity>) -> Value {
    match aff {
        Some(a) => v.apply_affinity(a),
        None => v,
    }
}

/// Compares `a` and `b` as the operator `op` does.
pub fn compare(op: Cmp, a: &Value, b: &Value) -> Value {
    let (an, bn) = (a.is_null(), b.is_null());
    match op {
        Cmp::Is => return Value::Integer(i64::from(a.sql_cmp(b).is_eq() && an == bn)),
        Cmp::IsNot => return Value::Integer(i64::from(!(a.sql_cmp(b).is_eq() && an == bn))),
        _ if an || bn => return Value::Null,
        _ => {}
    }
    let o = a.sql_cmp(b);
    let t = match op {
        Cmp::Eq => o.is_eq(),
        Cmp::Ne => o.is_ne(),
        Cmp::Lt => o.is_lt(),
        Cmp::Le => o.is_le(),
        Cmp::Gt => o.is_gt(),
        Cmp::Ge => o.is_ge(),
        Cmp::Is | Cmp::IsNot => unreachable!(),
    };
    Value::Integer(i64::from(t))
}

fn bool_value(b: Option<bool>) -> Value {
    b.map_or(Value::Null, |b| Value::Integer(i64::from(b)))
}

impl Expr {
    pub fn eval(&self, row: &[Value]) -> Result<Value> {
        Ok(match self {
            Expr::Const(v) => v.clone(),
            Expr::Column(i) => row[*i].clone(),
            Expr::Outer(k) => correlate::bound(*k)?,
            Expr::Correlated(c) => c.eval(row)?,
            Expr::Neg(e) => functions::negate(e.eval(row)?),
            Expr::Not(e) => bool_value(e.eval(row)?.truth().map(|b| !b)),
            Expr::BitNot(e) => match e.eval(row)?.to_integer() {
                Value::Integer(i) => Value::Integer(!i),
                _ => Value::Null,
            },
            Expr::And(a, b) => {
                let l = a.eval(row)?.truth();
                if l == Some(false) {
                    return Ok(Value::Integer(0));
                }
                match (l, b.eval(row)?.truth()) {
                    (_, Some(false)) => Value::Integer(0),
                    (Some(true), Some(true)) => Value::Integer(1),
                    _ => Value::Null,
                }
            }
            Expr::Or(a, b) => {
                let l = a.eval(row)?.truth();
                if l == Some(true) {
                    return Ok(Value::Integer(1));
                }
                match (l, b.eval(row)?.truth()) {
                    (_, Some(true)) => Value::Integer(1),
                    (Some(false), Some(false)) => Value::Integer(0),
                    _ => Value::Null,
                }
            }
            Expr::Arith(op, a, b) => functions::arith(*op, a.eval(row)?, b.eval(row)?)?,
            Expr::Compare(op, a, b, la, ra) => {
                let l = convert(a.eval(row)?, *la);
                let r = convert(b.eval(row)?, *ra);
                compare(*op, &l, &r)
            }
            Expr::IsNull(e, negated) => {
                Value::Integer(i64::from(e.eval(row)?.is_null() != *negated))
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => {
                let v = expr.eval(row)?;
                let mut saw_null = v.is_null() && !list.is_empty();
                let mut found = false;
                if !v.is_null() {
                    for (e, la, ra) in list {
                        let item = convert(e.eval(row)?, *ra);
                        let l = convert(v.clone(), *la);
                        match compare(Cmp::Eq, &l, &item).truth() {
                            Some(true) => {
                                found = true;
                                break;
                            }
                            None => saw_null = true,
                            Some(false) => {}
                        }
                    }
                }
                in_result(found, saw_null, *negated)
            }
            Expr::InSet {
                expr,
                aff,
                collation,
                set,
                has_null,
                negated,
            } => {
                let v = convert(expr.eval(row)?, *aff);
                if v.is_null() {
                    if set.0.is_empty() && !*has_null {
                        return Ok(Value::Integer(i64::from(*negated)));
                    }
                    return Ok(Value::Null);
                }
                let found = (set.0).contains(&key_of(std::slice::from_ref(&*collation.key(&v))));
                in_result(found, *has_null, *negated)
            }
            Expr::Like {
                expr,
                pattern,
                escape,
                negated,
            } => {
                let v = expr.eval(row)?;
                let p = pattern.eval(row)?;
                let esc = match escape {
                    Some(e) => Some(e.eval(row)?),
                    None => None,
                };
                match functions::like(&v, &p, esc.as_ref())? {
                    Some(m) => Value::Integer(i64::from(m != *negated)),
                    None => Value::Null,
                }
            }
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => {
                let base = match operand {
                    Some(o) => Some(o.eval(row)?),
                    None => None,
                };
                for (w, then) in whens {
                    let hit = match &base {
                        Some(b) => compare(Cmp::Eq, b, &w.eval(row)?).truth() == Some(true),
                        None => w.eval(row)?.truth() == Some(true),
                    };
                    if hit {
                        return then.eval(row);
                    }
                }
                match otherwise {
                    Some(e) => e.eval(row)?,
                    None => Value::Null,
                }
            }
            Expr::Cast(e, aff) => functions::cast(e.eval(row)?, *aff),
            Expr::Collate(e, c) => c.key_owned(e.eval(row)?),
            Expr::Call(f, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(a.eval(row)?);
                }
                functions::call(*f, vals)?
            }
        })
    }

    /// True when the expression is true (not false, not NULL) for `row`.
    pub fn test(&self, row: &[Value]) -> Result<bool> {
        Ok(self.eval(row)?.truth() == Some(true))
    }

    /// Calls `f` on every column position the expression reads.
    pub fn columns(&self, f: &mut impl FnMut(usize)) {
        self.walk(&mut |e| {
            if let Expr::Column(i) = e {
                f(*i)
            }
        });
    }

    fn walk(&self, f: &mut impl FnMut(&Expr)) {
        f(self);
        for c in self.children() {
            c.walk(f);
        }
    }

    /// Rewrites every column position with `f`.
    pub fn remap(&mut self, f: &impl Fn(usize) -> usize) {
        if let Expr::Column(i) = self {
            *i = f(*i);
        }
        for c in self.children_mut() {
            c.remap(f);
        }
    }

    fn children(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = Vec::new();
        match self {
            Expr::Const(_) | Expr::Column(_) | Expr::Outer(_) => {}
            Expr::Correlated(c) => {
                out.extend(c.bindings.iter());
                if let Use::In { expr, .. } = &c.how {
                    out.push(expr);
                }
            }
            Expr::Neg(e) | Expr::Not(e) | Expr::BitNot(e) | Expr::Cast(e, _) => out.push(e),
            Expr::Collate(e, _) => out.push(e),
            Expr::IsNull(e, _) | Expr::InSet { expr: e, .. } => out.push(e),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Arith(_, a, b) => out.extend([&**a, &**b]),
            Expr::Compare(_, a, b, _, _) => out.extend([&**a, &**b]),
            Expr::InList { expr, list, .. } => {
                out.push(expr);
                out.extend(list.iter().map(|(e, _, _)| e));
            }
            Expr::Like {
                expr,
                pattern,
                escape,
                ..
            } => {
                out.extend([&**expr, &**pattern]);
                out.extend(escape.as_deref());
            }
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => {
                out.extend(operand.as_deref());
                for (w, t) in whens {
                    out.extend([w, t]);
                }
                out.extend(otherwise.as_deref());
            }
            Expr::Call(_, args) => out.extend(args.iter()),
        }
        out
    }

    fn children_mut(&mut self) -> Vec<&mut Expr> {
        let mut out: Vec<&mut Expr> = Vec::new();
        match self {
            Expr::Const(_) | Expr::Column(_) | Expr::Outer(_) => {}
            Expr::Correlated(c) => {
                let c = &mut **c;
                out.extend(c.bindings.iter_mut());
                if let Use::In { expr, .. } = &mut c.how {
                    out.push(expr);
                }
            }
            Expr::Neg(e) | Expr::Not(e) | Expr::BitNot(e) | Expr::Cast(e, _) => out.push(e),
            Expr::Collate(e, _) => out.push(e),
            Expr::IsNull(e, _) | Expr::InSet { expr: e, .. } => out.push(e),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Arith(_, a, b) => {
                out.push(a);
                out.push(b);
            }
            Expr::Compare(_, a, b, _, _) => {
                out.push(a);
                out.push(b);
            }
            Expr::InList { expr, list, .. } => {
                out.push(expr);
                out.extend(list.iter_mut().map(|(e, _, _)| e));
            }
            Expr::Like {
                expr,
                pattern,
                escape,
                ..
            } => {
                out.push(expr);
                out.push(pattern);
                out.extend(escape.as_deref_mut());
            }
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => {
                out.extend(operand.as_deref_mut());
                for (w, t) in whens {
                    out.push(w);
                    out.push(t);
                }
                out.extend(otherwise.as_deref_mut());
            }
            Expr::Call(_, args) => out.extend(args.iter_mut()),
        }
        out
    }

    /// Splits `a AND b AND c` into its conjuncts.
    pub fn conjuncts(self, out: &mut Vec<Expr>) {
        match self {
            Expr::And(a, b) => {
                a.conjuncts(out);
                b.conjuncts(out);
            }
            e => out.push(e),
        }
    }

    pub fn and_all(mut list: Vec<Expr>) -> Option<Expr> {
        let first = if list.is_empty() {
            return None;
        } else {
            list.remove(0)
        };
        Some(
            list.into_iter()
                .fold(first, |a, b| Expr::And(Box::new(a), Box::new(b))),
        )
    }

    /// Whether the value is known before any row is read: no column, no outer value,
    /// no correlated subquery.
    pub fn is_constant(&self) -> bool {
        let mut constant = true;
        self.walk(&mut |e| {
            if matches!(e, Expr::Column(_) | Expr::Outer(_) | Expr::Correlated(_)) {
                constant = false
            }
        });
        constant
    }
}

/// `x [NOT] IN (…)` once the list is searched: SQLite's three-valued answer.
pub(in crate::sql) fn in_result(found: bool, saw_null: bool, negated: bool) -> Value {
    if found {
        Value::Integer(i64::from(!negated))
    } else if saw_null {
        Value::Null
    } else {
        Value::Integer(i64::from(negated))
    }
}

/// An error for an expression the engine does not evaluate.
pub fn unsupported(what: impl std::fmt::Display) -> Error {
    Error::Unsupported(format!("not supported: {what}"))
}
