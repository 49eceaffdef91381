//! JSON functions over text JSON (SQLite's JSON1, no JSONB). Input may be JSON5
//! (comments, trailing commas, single quotes, bare keys, hex, ±Infinity, NaN); output
//! is minified RFC 8259 text in which numbers and strings keep the text they were
//! written with, as SQLite's do. Path lookups and edits are in [`super::json_edit`].
//!
//! SQLite marks the results of JSON functions with a "JSON" subtype so that
//! `json_array(json('[1]'))` nests instead of quoting. Values here carry no subtype;
//! instead [`mark_json_args`] notes, at compile time, which arguments are direct
//! calls of JSON functions, and those are read as JSON.
//!
//! Parsing is in [`super::json_parse`], values and rendering in [`super::json_value`].

use super::super::expr::Expr;
use super::super::value::Value;
use super::json_edit::{self, Edit};
use super::json_parse::{error_position, parse, J};
pub use super::json_value::escape;
use super::json_value::{from_sql, parse_arg, to_sql, to_text, type_name};
use super::Func;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFn {
    Json,
    Valid,
    Extract,
    Array,
    Object,
    Insert,
    Replace,
    Set,
    Remove,
    Type,
    ArrayLength,
    Quote,
    Patch,
    ErrorPosition,
    /// `j -> path`: the value at path as JSON text.
    Arrow,
    /// `j ->> path`: the value at path as an SQL value.
    LongArrow,
    /// A json_each `value` column and its `type`, passed to a function that embeds the
    /// value ([`super::super::json_args`]): an array or object stays JSON, other text
    /// becomes a JSON string.
    Subtyped,
}

/// Functions whose result SQLite marks as JSON.
fn returns_json(f: JsonFn) -> bool {
    !matches!(
        f,
        JsonFn::Valid
            | JsonFn::Type
            | JsonFn::ArrayLength
            | JsonFn::ErrorPosition
            | JsonFn::LongArrow
    )
}

/// Records in the function which of its arguments are direct calls of JSON
/// functions (bit k for argument k), for the functions that embed SQL values.
pub fn mark_json_args(f: Func, args: &[Expr]) -> Func {
    let Func::Json(jf, _) = f else {
        return f;
    };
    let mut mask = 0u64;
    for (k, a) in args.iter().enumerate().take(64) {
        if let Expr::Call(Func::Json(inner, _), _) = a {
            if returns_json(*inner) {
                mask |= 1 << k;
            }
        }
    }
    Func::Json(jf, mask)
}

/// Whether argument `k` of `n` is a value `f` embeds in the JSON it makes.
pub fn embeds_arg(f: JsonFn, k: usize, n: usize) -> bool {
    match f {
        JsonFn::Array | JsonFn::Quote => true,
        JsonFn::Object => k % 2 == 1,
        JsonFn::Insert | JsonFn::Replace | JsonFn::Set => k >= 2 && k.is_multiple_of(2) && k < n,
        _ => false,
    }
}

/// Whether `e` is a direct call of a function whose result SQLite marks as JSON.
pub fn is_json_expr(e: &Expr) -> bool {
    matches!(e, Expr::Call(Func::Json(f, _), _) if returns_json(*f))
}

/// `v` as JSON text to embed in an array or object (json_group_array and
/// json_group_object): read as JSON when it came from a JSON function (`json`).
pub fn embed(v: &Value, json: bool) -> Result<String> {
    let json = json
        && matches!(v, Value::Text(s) if !s.is_empty() && (s.starts_with(['[', '{']) || parse(s).is_some()));
    Ok(to_text(&from_sql(v, json)?))
}

/// A JSON-marked argument: text from json_extract is JSON only when it is an array
/// or an object (a string it extracted is plain text).
fn is_json_arg(mask: u64, k: usize, v: &Value) -> bool {
    k < 64 && mask & (1 << k) != 0 && matches!(v, Value::Text(s) if !s.is_empty())
}

fn arg_value(mask: u64, k: usize, v: &Value) -> Result<J> {
    let json = is_json_arg(mask, k, v)
        && matches!(v, Value::Text(s) if s.starts_with(['[', '{']) || parse(s).is_some());
    from_sql(v, json)
}

/// The path `->` and `->>` read from their right operand: a `$` path as it is, else
/// SQLite's abbreviations (an integer N is `$[N]`, `$[#N]` when negative; a label of
/// letters, digits and `_` is `$.label`; `[N]` is `$[N]`; anything else a quoted
/// label). None for NULL.
fn arrow_path(v: &Value) -> Option<String> {
    let t = v.to_text()?.into_owned();
    if t.starts_with('$') {
        return Some(t);
    }
    Some(if matches!(v, Value::Integer(_)) {
        let hash = if t.starts_with('-') { "#" } else { "" };
        format!("$[{hash}{t}]")
    } else if t.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
        format!("$.{t}")
    } else if t.starts_with('[') && t.len() >= 3 && t.ends_with(']') {
        format!("${t}")
    } else {
        format!("$.\"{t}\"")
    })
}

fn arrow(f: JsonFn, a: &[Value]) -> Result<Value> {
    let Some(doc) = parse_arg(&a[0])? else {
        return Ok(Value::Null);
    };
    let Some(path) = arrow_path(&a[1]) else {
        return Ok(Value::Null);
    };
    // A bad path is reported as the operand was written.
    let found = json_edit::lookup(&doc, &path).map_err(|e| match e {
        Error::InvalidInput(m) if m.starts_with("bad JSON path") => {
            json_edit::bad_path(&a[1].to_text().unwrap_or_default())
        }
        e => e,
    })?;
    Ok(match found {
        None => Value::Null,
        Some(j) if f == JsonFn::Arrow => Value::Text(to_text(j)),
        Some(j) => to_sql(j),
    })
}

pub fn call(f: JsonFn, mask: u64, a: &[Value]) -> Result<Value> {
    let text = |j: &J| Value::Text(to_text(j));
    Ok(match f {
        JsonFn::Arrow | JsonFn::LongArrow => arrow(f, a)?,
        JsonFn::Subtyped => match (&a[0], &a[1]) {
            (v, Value::Text(t)) if t == "array" || t == "object" => v.clone(),
            (Value::Text(s), _) => Value::Text(format!("\"{}\"", escape(s))),
            (v, _) => v.clone(),
        },
        JsonFn::Json => match parse_arg(&a[0])? {
            Some(j) => text(&j),
            None => Value::Null,
        },
        JsonFn::Valid => {
            let flags = match a.get(1) {
                None => 1,
                Some(v) => match super::value_int64(v) {
                    i if (1..=15).contains(&i) => i,
                    _ => {
                        return Err(Error::InvalidInput(
                            "FLAGS parameter to json_valid() must be between 1 and 15".into(),
                        ))
                    }
                },
            };
            match &a[0] {
                Value::Null => Value::Null,
                Value::Blob(_) => Value::Integer(0),
                v => {
                    let s = v.to_text().unwrap_or_default();
                    let ok = match parse(&s) {
                        Some((_, strict)) => (strict && flags & 1 != 0) || flags & 2 != 0,
                        None => false,
                    };
                    Value::Integer(i64::from(ok))
                }
            }
        }
        JsonFn::ErrorPosition => match &a[0] {
            Value::Null => Value::Null,
            v => {
                let s = v.to_text().unwrap_or_default();
                Value::Integer(error_position(&s))
            }
        },
        JsonFn::Quote => text(&arg_value(mask, 0, &a[0])?),
        JsonFn::Array => {
            let mut items = Vec::with_capacity(a.len());
            for (k, v) in a.iter().enumerate() {
                items.push(arg_value(mask, k, v)?);
            }
            text(&J::Arr(items))
        }
        JsonFn::Object => {
            if !a.len().is_multiple_of(2) {
                return Err(Error::InvalidInput(
                    "json_object() requires an even number of arguments".into(),
                ));
            }
            let mut items: Vec<(String, J)> = Vec::with_capacity(a.len() / 2);
            for k in (0..a.len()).step_by(2) {
                let Value::Text(key) = &a[k] else {
                    return Err(Error::InvalidInput(
                        "json_object() labels must be TEXT".into(),
                    ));
                };
                items.push((escape(key), arg_value(mask, k + 1, &a[k + 1])?));
            }
            text(&J::Obj(items))
        }
        JsonFn::Type | JsonFn::ArrayLength | JsonFn::Extract => {
            let Some(doc) = parse_arg(&a[0])? else {
                return Ok(Value::Null);
            };
            if f == JsonFn::Extract && a.len() > 2 {
                let mut items = Vec::new();
                for p in &a[1..] {
                    let Some(p) = p.to_text() else {
                        return Ok(Value::Null);
                    };
                    items.push(json_edit::lookup(&doc, &p)?.cloned().unwrap_or(J::Null));
                }
                return Ok(text(&J::Arr(items)));
            }
            let found = match a.get(1) {
                None if f == JsonFn::Extract => return Ok(Value::Null),
                None => Some(&doc),
                Some(p) => match p.to_text() {
                    Some(p) => json_edit::lookup(&doc, &p)?,
                    None => return Ok(Value::Null),
                },
            };
            match (f, found) {
                (_, None) => Value::Null,
                (JsonFn::Type, Some(j)) => Value::Text(type_name(j).into()),
                (JsonFn::ArrayLength, Some(J::Arr(v))) => Value::Integer(v.len() as i64),
                (JsonFn::ArrayLength, Some(_)) => Value::Integer(0),
                (_, Some(j)) => to_sql(j),
            }
        }
        JsonFn::Insert | JsonFn::Replace | JsonFn::Set => {
            let name = match f {
                JsonFn::Insert => "insert",
                JsonFn::Replace => "replace",
                _ => "set",
            };
            if a.len().is_multiple_of(2) {
                return Err(Error::InvalidInput(format!(
                    "json_{name}() needs an odd number of arguments"
                )));
            }
            let Some(mut doc) = parse_arg(&a[0])? else {
                return Ok(Value::Null);
            };
            let how = match f {
                JsonFn::Insert => Edit::Insert,
                JsonFn::Replace => Edit::Replace,
                _ => Edit::Set,
            };
            for k in (1..a.len()).step_by(2) {
                let Some(path) = a[k].to_text() else {
                    continue;
                };
                let v = arg_value(mask, k + 1, &a[k + 1])?;
                json_edit::edit(&mut doc, &path, how, v)?;
            }
            text(&doc)
        }
        JsonFn::Remove => {
            let Some(mut doc) = parse_arg(&a[0])? else {
                return Ok(Value::Null);
            };
            for p in &a[1..] {
                let Some(path) = p.to_text() else {
                    return Ok(Value::Null);
                };
                if !json_edit::remove(&mut doc, &path)? {
                    return Ok(Value::Null);
                }
            }
            text(&doc)
        }
        JsonFn::Patch => {
            // The target first: a NULL one is NULL whatever the patch is.
            let Some(target) = parse_arg(&a[0])? else {
                return Ok(Value::Null);
            };
            let Some(patch) = parse_arg(&a[1])? else {
                return Ok(Value::Null);
            };
            text(&json_edit::merge_patch(target, patch))
        }
    })
}
