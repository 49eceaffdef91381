//! Numeric functions: abs, round, sign, and SQLite's math functions
//! (-DSQLITE_ENABLE_MATH_FUNCTIONS). An argument that is not a number (NULL, a blob,
//! text that does not read whole as a number) gives NULL, as does a NaN result (a
//! domain error); ceil/floor/trunc keep integers integers.

use crate::error::{Error, Result};
use crate::sql::value::{parse_number, real_to_int, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Math {
    Acos,
    Acosh,
    Asin,
    Asinh,
    Atan,
    Atan2,
    Atanh,
    Ceil,
    Cos,
    Cosh,
    Degrees,
    Exp,
    Floor,
    Ln,
    Log,
    Log10,
    Log2,
    Mod,
    Pi,
    Pow,
    Radians,
    Sin,
    Sinh,
    Sqrt,
    Tan,
    Tanh,
    Trunc,
}

/// The number SQLite's `sqlite3_value_numeric_type` sees: integers and reals as they
/// are, text only when all of it is a number.
fn numeric(v: &Value) -> Option<Value> {
    match v {
        Value::Integer(_) | Value::Real(_) => Some(v.clone()),
        Value::Text(s) => parse_number(s),
        _ => None,
    }
}

fn real(r: f64) -> Value {
    if r.is_nan() {
        Value::Null
    } else {
        Value::Real(r)
    }
}

/// The C library's functions, as SQLite calls them (Rust's own may differ in the
/// last bit, log10 for one).
mod c {
    extern "C" {
        pub fn acos(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn asin(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn atan(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn fmod(x: f64, y: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log10(x: f64) -> f64;
        pub fn log2(x: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn sin(x: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn sqrt(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
    }
}

pub fn call(m: Math, a: &[Value]) -> Value {
    use Math::*;
    if m == Pi {
        return Value::Real(std::f64::consts::PI);
    }
    let Some(x) = numeric(&a[0]) else {
        return Value::Null;
    };
    if matches!(m, Ceil | Floor | Trunc) {
        return match x {
            Value::Integer(_) => x,
            x => {
                let r = x.as_f64();
                Value::Real(match m {
                    Ceil => r.ceil(),
                    Floor => r.floor(),
                    _ => r.trunc(),
                })
            }
        };
    }
    let x = x.as_f64();
    if m == Log && a.len() == 2 {
        return log_base(x, a[1].as_f64());
    }
    if matches!(m, Atan2 | Mod | Pow) {
        let Some(y) = numeric(&a[1]) else {
            return Value::Null;
        };
        let y = y.as_f64();
        // SAFETY: the C library's pure math functions.
        return real(unsafe {
            match m {
                Atan2 => c::atan2(x, y),
                Mod => c::fmod(x, y),
                _ => c::pow(x, y),
            }
        });
    }
    if matches!(m, Ln | Log | Log10 | Log2) && x <= 0.0 {
        return Value::Null;
    }
    // SAFETY: the C library's pure math functions.
    real(unsafe {
        match m {
            Acos => c::acos(x),
            Acosh => c::acosh(x),
            Asin => c::asin(x),
            Asinh => c::asinh(x),
            Atan => c::atan(x),
            Atanh => c::atanh(x),
            Cos => c::cos(x),
            Cosh => c::cosh(x),
            Degrees => x * (180.0 / std::f64::consts::PI),
            Radians => x * (std::f64::consts::PI / 180.0),
            Exp => c::exp(x),
            Ln => c::log(x),
            Log | Log10 => c::log10(x),
            Log2 => c::log2(x),
            Sin => c::sin(x),
            Sinh => c::sinh(x),
            Sqrt => c::sqrt(x),
            Tan => c::tan(x),
            Tanh => c::tanh(x),
            Pi | Ceil | Floor | Trunc | Atan2 | Mod | Pow => unreachable!("handled above"),
        }
    })
}

/// log(B, X) as SQLite computes it, ln X / ln B: NULL unless ln B > 0 (so a base
/// below 1 too) and X > 0. X is read as arithmetic reads it (a numeric prefix).
fn log_base(b: f64, x: f64) -> Value {
    if b <= 0.0 {
        return Value::Null;
    }
    // SAFETY: the C library's log.
    let lb = unsafe { c::log(b) };
    if lb <= 0.0 || x <= 0.0 {
        return Value::Null;
    }
    // SAFETY: the C library's log.
    real(unsafe { c::log(x) } / lb)
}

pub fn abs(v: &Value) -> Result<Value> {
    Ok(match v {
        Value::Null => Value::Null,
        Value::Integer(i) => Value::Integer(
            i.checked_abs()
                .ok_or_else(|| Error::InvalidInput("integer overflow".into()))?,
        ),
        v => Value::Real(v.as_f64().abs()),
    })
}

/// sign(X): -1, 0 or +1 as an integer; NULL when X is not a number.
pub fn sign(v: &Value) -> Value {
    match numeric(v) {
        Some(x) => {
            let x = x.as_f64();
            Value::Integer(if x < 0.0 {
                -1
            } else if x > 0.0 {
                1
            } else {
                0
            })
        }
        None => Value::Null,
    }
}

pub fn round_value(a: &[Value]) -> Value {
    if a.iter().any(Value::is_null) {
        return Value::Null;
    }
    let digits = a.get(1).map_or(0, |d| real_to_int(d.as_f64()).clamp(0, 30));
    Value::Real(round(a[0].as_f64(), digits as usize))
}

fn round(r: f64, digits: usize) -> f64 {
    if digits == 0 {
        if r.abs() >= 4_503_599_627_370_496.0 {
            return r;
        }
        return if r < 0.0 {
            -((-r) + 0.5).trunc()
        } else {
            (r + 0.5).trunc()
        };
    }
    round_decimal(r, digits)
}

/// As SQLite's round(r, n), which prints `%.*f` and reads the text back. Its printf
/// adds half a unit of the last place, plus 3e-16 of the value when fewer than 15
/// digits are asked for (so 36.65, whose double is 36.6499999…, and 9.995 round up, as
/// people expect), then writes at most 16 significant digits, truncating.
fn round_decimal(r: f64, digits: usize) -> f64 {
    let ax = r.abs();
    if !r.is_finite() || ax > 4_503_599_627_370_496.0 {
        return r;
    }
    let digits = digits.min(30);
    let binary_exponent = ((ax.to_bits() >> 52) & 0x7ff) as i64 - 1023;
    let mut rounder = 0.5 * 10f64.powi(-(digits as i32));
    if digits as i64 + binary_exponent / 3 < 15 {
        rounder += ax * 3e-16;
    }
    let v = ax + rounder;
    // The exact digits of v (41 of them is plenty), truncated.
    let sci = format!("{v:.40e}");
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i64 = exp.parse().expect("{:e} exponent");
    let keep = (exp + 1 + digits as i64).min(16);
    if keep <= 0 {
        return 0.0_f64.copysign(r);
    }
    let kept: String = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .take(keep as usize)
        .map(char::from)
        .collect();
    let v: f64 = format!("0.{kept}e{}", exp + 1).parse().unwrap_or(r);
    v.copysign(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_as_sqlite() {
        // Each checked with the sqlite3 CLI (3.40.1).
        for (x, n, want) in [
            (36.65, 1, 36.7),
            (-36.65, 1, -36.7),
            (2.675, 2, 2.68),
            (1.005, 2, 1.01),
            (9.995, 2, 10.0),
            (99.95, 1, 100.0),
            (0.05, 1, 0.1),
            (0.04, 1, 0.0),
            (0.285, 2, 0.29),
            (5.55, 1, 5.6),
            (123456.7890123, 5, 123456.78901),
            (0.0000001234567, 10, 1.235e-07),
            (1e20 + 0.5, 2, 1e20),
        ] {
            assert_eq!(round(x, n), want, "round({x}, {n})");
        }
    }

    #[test]
    fn math_domain_errors_are_null() {
        let i = Value::Integer;
        assert_eq!(call(Math::Sqrt, &[i(-1)]), Value::Null);
        assert_eq!(call(Math::Ln, &[i(0)]), Value::Null);
        assert_eq!(call(Math::Log, &[i(1), i(8)]), Value::Null);
        assert_eq!(call(Math::Log, &[i(2), i(8)]), Value::Real(3.0));
        assert_eq!(call(Math::Ceil, &[i(7)]), i(7));
        assert_eq!(call(Math::Trunc, &[Value::Real(-2.5)]), Value::Real(-2.0));
        assert_eq!(call(Math::Mod, &[i(7), i(0)]), Value::Null);
        assert_eq!(call(Math::Acos, &[Value::Text("2".into())]), Value::Null);
        assert_eq!(call(Math::Exp, &[Value::Text("1x".into())]), Value::Null);
    }
}
