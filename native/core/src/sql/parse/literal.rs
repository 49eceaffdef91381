//! SQL literals and `?` parameters to [`Value`]s.

use crate::error::{Error, Result};
use crate::sql::expr::unsupported;
use crate::sql::value::Value;
use sqlparser::ast;

pub fn literal(v: &ast::Value, params: &[Value]) -> Result<Value> {
    Ok(match v {
        ast::Value::Number(s, _) => parse_number_literal(s),
        ast::Value::SingleQuotedString(s) | ast::Value::DoubleQuotedString(s) => {
            Value::Text(s.clone())
        }
        ast::Value::HexStringLiteral(h) => Value::Blob(decode_hex(h)?),
        ast::Value::Boolean(b) => Value::Integer(i64::from(*b)),
        ast::Value::Null => Value::Null,
        ast::Value::Placeholder(p) => {
            let n: usize = p.trim_start_matches('?').parse().map_err(|_| {
                Error::InvalidInput(format!("parameter {p}: use ? or ?N placeholders"))
            })?;
            match n.checked_sub(1).and_then(|i| params.get(i)) {
                Some(v) => v.clone(),
                None => {
                    return Err(Error::InvalidInput(format!(
                        "parameter {n} is not bound: {} parameter value(s) given",
                        params.len()
                    )))
                }
            }
        }
        other => return Err(unsupported(format!("literal {other}"))),
    })
}

fn parse_number_literal(s: &str) -> Value {
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        if let Ok(u) = u64::from_str_radix(hex, 16) {
            return Value::Integer(u as i64);
        }
    }
    if let Ok(i) = s.parse::<i64>() {
        return Value::Integer(i);
    }
    Value::Real(s.parse::<f64>().unwrap_or(0.0))
}

fn decode_hex(h: &str) -> Result<Vec<u8>> {
    let bad = || Error::InvalidInput(format!("malformed blob literal X'{h}'"));
    if !h.len().is_multiple_of(2) {
        return Err(bad());
    }
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).map_err(|_| bad()))
        .collect::<Result<Vec<u8>>>()
}
