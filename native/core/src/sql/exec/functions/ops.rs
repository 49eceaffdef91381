//! Arithmetic, negation and CAST with SQLite's rules: integer overflow turns into real
//! arithmetic, division by zero is NULL, shifts past 64 bits saturate.

use crate::error::Result;
use crate::sql::expr::Arith;
use crate::sql::value::{format_real, real_to_int, Affinity, Value};

pub fn negate(v: Value) -> Value {
    match v.to_numeric() {
        Value::Integer(i) => i
            .checked_neg()
            .map_or(Value::Real(-(i as f64)), Value::Integer),
        Value::Real(r) => Value::Real(-r),
        _ => Value::Null,
    }
}

fn real(r: f64) -> Value {
    if r.is_nan() {
        Value::Null
    } else {
        Value::Real(r)
    }
}

pub fn arith(op: Arith, a: Value, b: Value) -> Result<Value> {
    if a.is_null() || b.is_null() {
        return Ok(Value::Null);
    }
    if op == Arith::Concat {
        let mut s = a.to_text().unwrap_or_default().into_owned();
        s.push_str(&b.to_text().unwrap_or_default());
        return Ok(Value::Text(s));
    }
    let (a, b) = (a.to_numeric(), b.to_numeric());
    if matches!(op, Arith::BitAnd | Arith::BitOr | Arith::Shl | Arith::Shr) {
        let (Value::Integer(x), Value::Integer(y)) = (a.to_integer(), b.to_integer()) else {
            return Ok(Value::Null);
        };
        return Ok(Value::Integer(match op {
            Arith::BitAnd => x & y,
            Arith::BitOr => x | y,
            Arith::Shl if y >= 64 => 0,
            Arith::Shl if y <= -64 => {
                if x < 0 {
                    -1
                } else {
                    0
                }
            }
            Arith::Shl if y < 0 => x >> -y,
            Arith::Shl => x << y,
            Arith::Shr if y >= 64 => {
                if x < 0 {
                    -1
                } else {
                    0
                }
            }
            Arith::Shr if y <= -64 => 0,
            Arith::Shr if y < 0 => x << -y,
            _ => x >> y,
        }));
    }
    if let (Value::Integer(x), Value::Integer(y)) = (&a, &b) {
        let (x, y) = (*x, *y);
        let exact = match op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            Arith::Div if y == 0 => return Ok(Value::Null),
            Arith::Div => x.checked_div(y),
            Arith::Rem if y == 0 => return Ok(Value::Null),
            Arith::Rem => Some(x.checked_rem(y).unwrap_or(0)),
            _ => None,
        };
        if let Some(v) = exact {
            return Ok(Value::Integer(v));
        }
    }
    let (x, y) = (a.as_f64(), b.as_f64());
    Ok(match op {
        Arith::Add => real(x + y),
        Arith::Sub => real(x - y),
        Arith::Mul => real(x * y),
        Arith::Div if y == 0.0 => Value::Null,
        Arith::Div => real(x / y),
        Arith::Rem => {
            let (xi, yi) = (real_to_int(x), real_to_int(y));
            if yi == 0 {
                Value::Null
            } else {
                Value::Real(xi.checked_rem(yi).unwrap_or(0) as f64)
            }
        }
        _ => Value::Null,
    })
}

pub fn cast(v: Value, to: Affinity) -> Value {
    if v.is_null() {
        return v;
    }
    match to {
        Affinity::Integer => v.to_integer(),
        Affinity::Real => Value::Real(v.to_numeric().as_f64()),
        Affinity::Text => match v {
            Value::Real(r) => Value::Text(format_real(r)),
            v => Value::Text(v.to_text().unwrap_or_default().into_owned()),
        },
        Affinity::Blob => match v {
            Value::Blob(b) => Value::Blob(b),
            v => Value::Blob(v.to_text().unwrap_or_default().into_owned().into_bytes()),
        },
        Affinity::Numeric => match v {
            Value::Integer(_) | Value::Real(_) => v,
            v => match v.to_numeric() {
                Value::Real(r) if r.fract() == 0.0 && r.abs() < 9.2e18 => Value::Integer(r as i64),
                n => n,
            },
        },
    }
}
