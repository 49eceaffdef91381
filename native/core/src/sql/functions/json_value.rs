//! A [`J`] value and SQL values: an SQL argument read as JSON, JSON rendered as
//! minified text, a JSON value as the SQL value json_extract returns, string bodies
//! escaped and unescaped.

use super::super::value::{parse_number, Value};
use super::json_parse::{malformed, parse, J};
use super::printf;
use crate::error::{Error, Result};

/// A function argument read as JSON: text parsed (NULL stays None), numbers as
/// numbers. Blobs would be JSONB, which this engine does not read.
pub fn parse_arg(v: &Value) -> Result<Option<J>> {
    match v {
        Value::Null => Ok(None),
        Value::Blob(_) => Err(malformed()),
        Value::Text(s) => parse(s).map(|p| Some(p.0)).ok_or_else(malformed),
        v => Ok(Some(from_sql(v, false)?)),
    }
}

/// An SQL value as a JSON value (`json` = it came from a JSON function).
pub fn from_sql(v: &Value, json: bool) -> Result<J> {
    Ok(match v {
        Value::Null => J::Null,
        Value::Integer(i) => J::Int(i.to_string()),
        Value::Real(r) => {
            // As SQLite: `%!0.17g`, so infinity is 9.0e+999 and NaN null.
            let t = printf::quote_real(*r);
            if r.is_nan() {
                J::Null
            } else {
                J::Real(t)
            }
        }
        Value::Text(s) if json => match parse(s) {
            Some((j, _)) => j,
            None => J::Str(escape(s)),
        },
        Value::Text(s) => J::Str(escape(s)),
        Value::Blob(_) => return Err(Error::InvalidInput("JSON cannot hold BLOB values".into())),
    })
}

/// A string's JSON body: `"` `\` and control characters escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// A string body's text with its escapes resolved.
pub fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let hex4 = |i: usize| {
        s.get(i..i + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    while i < b.len() {
        if b[i] != b'\\' {
            let ch = s[i..].chars().next().expect("char boundary");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let e = b.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        match e {
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let mut cp = hex4(i).unwrap_or(0xfffd);
                i += 4;
                if (0xd800..0xdc00).contains(&cp)
                    && b.get(i) == Some(&b'\\')
                    && b.get(i + 1) == Some(&b'u')
                {
                    if let Some(lo) = hex4(i + 2).filter(|lo| (0xdc00..0xe000).contains(lo)) {
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                        i += 6;
                    }
                }
                out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
            }
            other => out.push(other as char),
        }
    }
    out
}

/// Minified JSON text.
pub fn render(j: &J, out: &mut String) {
    match j {
        J::Null => out.push_str("null"),
        J::True => out.push_str("true"),
        J::False => out.push_str("false"),
        J::Int(t) | J::Real(t) => out.push_str(t),
        J::Str(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        J::Arr(items) => {
            out.push('[');
            for (k, v) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                render(v, out);
            }
            out.push(']');
        }
        J::Obj(items) => {
            out.push('{');
            for (k, (key, v)) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push('"');
                out.push_str(key);
                out.push_str("\":");
                render(v, out);
            }
            out.push('}');
        }
    }
}

pub fn to_text(j: &J) -> String {
    let mut s = String::new();
    render(j, &mut s);
    s
}

/// A JSON value as the SQL value json_extract returns.
pub fn to_sql(j: &J) -> Value {
    match j {
        J::Null => Value::Null,
        J::True => Value::Integer(1),
        J::False => Value::Integer(0),
        J::Int(t) => match t.parse::<i64>() {
            Ok(i) => Value::Integer(i),
            Err(_) => Value::Real(t.parse::<f64>().unwrap_or(0.0)),
        },
        J::Real(t) => Value::Real(match parse_number(t) {
            Some(v) => v.as_f64(),
            None => t.parse::<f64>().unwrap_or(0.0),
        }),
        J::Str(s) => Value::Text(unescape(s)),
        J::Arr(_) | J::Obj(_) => Value::Text(to_text(j)),
    }
}

pub fn type_name(j: &J) -> &'static str {
    match j {
        J::Null => "null",
        J::True => "true",
        J::False => "false",
        J::Int(_) => "integer",
        J::Real(_) => "real",
        J::Str(_) => "text",
        J::Arr(_) => "array",
        J::Obj(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> String {
        to_text(&parse(s).expect("valid").0)
    }

    #[test]
    fn renders_minified_keeping_number_and_string_text() {
        // Each checked with SQLite 3.54's json().
        assert_eq!(
            j(" [ 1 , 2.50 , 1e5 , \"a\\u0041\" ] "),
            "[1,2.50,1e5,\"a\\u0041\"]"
        );
        assert_eq!(
            j("{\"a\" : {\"b\":[]}, \"c\":null}"),
            "{\"a\":{\"b\":[]},\"c\":null}"
        );
        assert_eq!(
            j("{a:1, 'b':'x\"y', c:[1,2,],}"),
            "{\"a\":1,\"b\":\"x\\\"y\",\"c\":[1,2]}"
        );
        assert_eq!(
            j("[0x1F, +5, .5, 5., Infinity, -Infinity, NaN]"),
            "[31,5,0.5,5.0,9e999,-9e999,null]"
        );
        assert_eq!(j("/* c */ [1] // d"), "[1]");
        assert!(parse("[01]").is_none());
        assert!(parse("[1,]").is_some_and(|p| !p.1));
        assert!(parse("{\"a\":1}").is_some_and(|p| p.1));
    }

    #[test]
    fn sql_values_from_json() {
        assert_eq!(
            to_sql(&J::Int("9223372036854775808".into())),
            Value::Real(9.223372036854776e18)
        );
        assert_eq!(
            to_sql(&J::Str("a\\u00e9\\n".into())),
            Value::Text("aé\n".into())
        );
        assert_eq!(
            to_sql(&J::Str("\\ud83d\\ude00".into())),
            Value::Text("😀".into())
        );
        assert_eq!(escape("a\"\\\u{1}"), "a\\\"\\\\\\u0001");
    }
}
