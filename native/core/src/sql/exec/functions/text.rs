//! Text and blob functions: case (ASCII only, as SQLite), length in characters or
//! bytes, substr, trim, replace, instr, hex/unhex, char/unicode, quote, concat,
//! zeroblob/randomblob. Text is UTF-8; a blob read as text is read lossily.

use super::{printf, too_big, MAX_LENGTH};
use crate::error::Result;
use crate::sql::value::Value;

pub fn text(v: &Value) -> Option<String> {
    v.to_text().map(|s| s.into_owned())
}

pub fn lower(v: &Value) -> Value {
    text(v).map_or(Value::Null, |s| Value::Text(s.to_ascii_lowercase()))
}

pub fn upper(v: &Value) -> Value {
    text(v).map_or(Value::Null, |s| Value::Text(s.to_ascii_uppercase()))
}

/// Characters of text (up to a NUL, as SQLite's C strings end there), bytes of a blob
/// or of a number's text.
pub fn length(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Blob(b) => Value::Integer(b.len() as i64),
        Value::Text(s) => {
            let s = s.split('\0').next().unwrap_or_default();
            Value::Integer(s.chars().count() as i64)
        }
        v => Value::Integer(text(v).unwrap_or_default().len() as i64),
    }
}

pub fn octet_length(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Blob(b) => Value::Integer(b.len() as i64),
        v => Value::Integer(text(v).unwrap_or_default().len() as i64),
    }
}

pub fn trim(s: &Value, chars: Option<&Value>, left: bool, right: bool) -> Value {
    let Some(s) = text(s) else {
        return Value::Null;
    };
    let set: Vec<char> = match chars {
        Some(c) => match text(c) {
            Some(c) => c.chars().collect(),
            None => return Value::Null,
        },
        None => vec![' '],
    };
    let mut t = s.as_str();
    if left {
        t = t.trim_start_matches(&set[..]);
    }
    if right {
        t = t.trim_end_matches(&set[..]);
    }
    Value::Text(t.to_string())
}

pub fn replace(a: &[Value]) -> Value {
    let (Some(s), Some(from)) = (text(&a[0]), text(&a[1])) else {
        return Value::Null;
    };
    if from.is_empty() {
        return Value::Text(s);
    }
    match text(&a[2]) {
        Some(to) => Value::Text(s.replace(&from, &to)),
        None => Value::Null,
    }
}

pub fn instr(h: &Value, n: &Value) -> Value {
    if h.is_null() || n.is_null() {
        return Value::Null;
    }
    if let (Value::Blob(h), Value::Blob(n)) = (h, n) {
        if n.is_empty() {
            return Value::Integer(1);
        }
        let at = h.windows(n.len()).position(|w| w == &n[..]);
        return Value::Integer(at.map_or(0, |i| i as i64 + 1));
    }
    let (h, n) = (text(h).unwrap_or_default(), text(n).unwrap_or_default());
    Value::Integer(
        h.find(&n)
            .map_or(0, |at| h[..at].chars().count() as i64 + 1),
    )
}

fn bytes(v: &Value) -> Vec<u8> {
    match v {
        Value::Blob(b) => b.clone(),
        v => text(v).unwrap_or_default().into_bytes(),
    }
}

/// hex(NULL) is the empty string, as SQLite's.
pub fn hex(v: &Value) -> Value {
    Value::Text(bytes(v).iter().map(|b| format!("{b:02X}")).collect())
}

/// unhex(X[, Y]): pairs of hex digits, with characters of Y allowed between pairs;
/// anything else makes the result NULL.
pub fn unhex(a: &[Value]) -> Value {
    let Some(h) = text(&a[0]) else {
        return Value::Null;
    };
    let pass = match a.get(1) {
        Some(p) => match text(p) {
            Some(p) => p,
            None => return Value::Null,
        },
        None => String::new(),
    };
    let mut out = Vec::with_capacity(h.len() / 2);
    let mut it = h.chars().peekable();
    while let Some(c) = it.next() {
        if !c.is_ascii_hexdigit() {
            if pass.contains(c) {
                continue;
            }
            return Value::Null;
        }
        match it.next() {
            Some(d) if d.is_ascii_hexdigit() => {
                let hi = c.to_digit(16).expect("hex digit") as u8;
                let lo = d.to_digit(16).expect("hex digit") as u8;
                out.push(hi << 4 | lo);
            }
            _ => return Value::Null,
        }
    }
    Value::Blob(out)
}

/// char(X, …): the characters of the code points; out of range is U+FFFD. (SQLite
/// writes a lone surrogate as its 3 raw bytes; text here is valid UTF-8, so U+FFFD.)
pub fn char_of(a: &[Value]) -> Value {
    let s = a
        .iter()
        .map(|v| {
            u32::try_from(super::value_int64(v))
                .ok()
                .filter(|n| *n <= 0x10ffff)
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}')
        })
        .collect();
    Value::Text(s)
}

/// unicode(X): the first character's code point; NULL for empty text (or text that
/// starts with NUL, where SQLite's C string ends).
pub fn unicode(v: &Value) -> Value {
    match text(v).and_then(|s| s.chars().next()) {
        Some(c) if c != '\0' => Value::Integer(c as i64),
        _ => Value::Null,
    }
}

/// quote(X): an SQL literal for X. Reals as printf's `%!0.17g` (round-trip digits,
/// infinity as 9.0e+999).
pub fn quote(v: &Value) -> Value {
    Value::Text(match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => printf::quote_real(*r),
        Value::Text(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Blob(b) => {
            let h: String = b.iter().map(|b| format!("{b:02X}")).collect();
            format!("X'{h}'")
        }
    })
}

/// concat(…) and concat_ws(sep, …): NULL arguments are skipped.
pub fn concat(a: &[Value], sep: Option<&Value>) -> Result<Value> {
    let sep = match sep {
        Some(s) => match text(s) {
            Some(s) => s,
            None => return Ok(Value::Null),
        },
        None => String::new(),
    };
    let mut out = String::new();
    let mut first = true;
    for v in a {
        if let Some(t) = v.to_text() {
            if !first {
                out.push_str(&sep);
            }
            out.push_str(&t);
            first = false;
            if out.len() > MAX_LENGTH {
                return Err(too_big());
            }
        }
    }
    Ok(Value::Text(out))
}

fn blob_len(v: &Value) -> Result<usize> {
    let n = super::value_int64(v).max(0) as u64;
    if n > MAX_LENGTH as u64 {
        return Err(too_big());
    }
    Ok(n as usize)
}

pub fn zeroblob(v: &Value) -> Result<Value> {
    Ok(Value::Blob(vec![0; blob_len(v)?]))
}

pub fn randomblob(v: &Value) -> Result<Value> {
    let n = blob_len(v)?.max(1);
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        out.extend_from_slice(&super::random_u64().to_le_bytes());
    }
    out.truncate(n);
    Ok(Value::Blob(out))
}
/// substr(X, P1[, P2]) as SQLite's substrFunc: characters of text, bytes of a blob;
/// P1 counts from 1, from the end when negative; a negative P2 takes characters before P1.
pub fn substr(a: &[Value]) -> Value {
    if a[0].is_null() {
        return Value::Null;
    }
    let mut p1 = super::value_int64(&a[1]);
    let mut p2 = match a.get(2) {
        Some(Value::Null) => return Value::Null,
        Some(v) => super::value_int64(v),
        None => i64::MAX,
    };
    if p1 == 0 && a[1].is_null() {
        return Value::Null;
    }
    let chars: Vec<char> = match &a[0] {
        Value::Blob(_) => Vec::new(),
        v => text(v).unwrap_or_default().chars().collect(),
    };
    let len = match &a[0] {
        Value::Blob(b) => b.len() as i64,
        _ => chars.len() as i64,
    };
    if p1 < 0 {
        p1 = p1.saturating_add(len);
        if p1 < 0 {
            p2 = if p2 < 0 { 0 } else { p2.saturating_add(p1) };
            p1 = 0;
        }
    } else if p1 > 0 {
        p1 -= 1;
    } else if p2 > 0 {
        p2 -= 1;
    }
    if p2 < 0 {
        p2 = if p2 < -p1 { p1 } else { p2.saturating_neg() };
        p1 -= p2;
    }
    let start = p1.clamp(0, len);
    let end = start.saturating_add(p2.max(0)).min(len);
    match &a[0] {
        Value::Blob(b) => Value::Blob(b[start as usize..end as usize].to_vec()),
        _ => Value::Text(chars[start as usize..end as usize].iter().collect()),
    }
}
