//! JSON functions over text JSON (SQLite's JSON1, no JSONB). Input may be JSON5
//! (comments, trailing commas, single quotes, bare keys, hex, ±Infinity, NaN); output
//! is minified RFC 8259 text in which numbers and strings keep the text they were
//! written with, as SQLite's do. Path lookups and edits are in [`super::json_edit`].
//!
//! SQLite marks the results of JSON functions with a "JSON" subtype so that
//! `json_array(json('[1]'))` nests instead of quoting. Values here carry no subtype;
//! instead [`mark_json_args`] notes, at compile time, which arguments are direct
//! calls of JSON functions, and those are read as JSON.

use super::super::expr::Expr;
use super::super::value::{parse_number, Value};
use super::json_edit::{self, Edit};
use super::{printf, Func};
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
}

/// SQLite's JSON_MAX_DEPTH.
const MAX_DEPTH: usize = 1000;

/// A parsed JSON value. Numbers and strings keep their canonical text: a number as
/// written (JSON5 forms converted), a string's body with its escapes.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    True,
    False,
    Int(String),
    Real(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

pub fn malformed() -> Error {
    Error::InvalidInput("malformed JSON".into())
}

struct Parser<'a> {
    z: &'a [u8],
    i: usize,
    /// Whether a JSON5 extension was used.
    json5: bool,
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

impl Parser<'_> {
    fn peek(&self) -> u8 {
        self.z.get(self.i).copied().unwrap_or(0)
    }

    fn skip_ws(&mut self) -> Option<()> {
        loop {
            let c = self.peek();
            if is_ws(c) {
                self.i += 1;
            } else if matches!(c, 0x0b | 0x0c) {
                self.json5 = true;
                self.i += 1;
            } else if c == b'/' && self.z.get(self.i + 1) == Some(&b'*') {
                self.json5 = true;
                let end = self.z[self.i + 2..].windows(2).position(|w| w == b"*/")?;
                self.i += end + 4;
            } else if c == b'/' && self.z.get(self.i + 1) == Some(&b'/') {
                self.json5 = true;
                while self.i < self.z.len() && self.z[self.i] != b'\n' {
                    self.i += 1;
                }
            } else if let Some(n) = self.unicode_space() {
                self.json5 = true;
                self.i += n;
            } else {
                return Some(());
            }
        }
    }

    /// The length of a JSON5 Unicode space (NBSP, BOM, U+2000–200A, U+2028/9,
    /// U+202F, U+3000) at the cursor.
    fn unicode_space(&self) -> Option<usize> {
        let t = &self.z[self.i..];
        match t {
            [0xc2, 0xa0, ..] => Some(2),
            [0xef, 0xbb, 0xbf, ..] | [0xe3, 0x80, 0x80, ..] => Some(3),
            [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..] => Some(3),
            _ => None,
        }
    }

    fn value(&mut self, depth: usize) -> Option<J> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws()?;
        let c = self.peek();
        match c {
            b'{' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws()?;
                    if self.peek() == b'}' {
                        if !items.is_empty() {
                            self.json5 = true;
                        }
                        self.i += 1;
                        return Some(J::Obj(items));
                    }
                    let key = match self.peek() {
                        b'"' | b'\'' => self.string()?,
                        _ => self.bare_key()?,
                    };
                    self.skip_ws()?;
                    if self.peek() != b':' {
                        return None;
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    items.push((key, v));
                    self.skip_ws()?;
                    match self.peek() {
                        b',' => self.i += 1,
                        b'}' => {
                            self.i += 1;
                            return Some(J::Obj(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws()?;
                    if self.peek() == b']' {
                        if !items.is_empty() {
                            self.json5 = true;
                        }
                        self.i += 1;
                        return Some(J::Arr(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.skip_ws()?;
                    match self.peek() {
                        b',' => self.i += 1,
                        b']' => {
                            self.i += 1;
                            return Some(J::Arr(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' | b'\'' => self.string().map(J::Str),
            _ => {
                for (word, v) in [("true", J::True), ("false", J::False), ("null", J::Null)] {
                    if self.z[self.i..].starts_with(word.as_bytes())
                        && !self
                            .z
                            .get(self.i + word.len())
                            .is_some_and(|c| c.is_ascii_alphanumeric())
                    {
                        self.i += word.len();
                        return Some(v);
                    }
                }
                self.number()
            }
        }
    }

    /// An identifier key (JSON5), kept as the string body.
    fn bare_key(&mut self) -> Option<String> {
        let start = self.i;
        while self.i < self.z.len() {
            let c = self.z[self.i];
            let ok = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
            if !ok {
                break;
            }
            if self.i == start && c.is_ascii_digit() {
                return None;
            }
            self.i += 1;
        }
        if self.i == start {
            return None;
        }
        self.json5 = true;
        String::from_utf8(self.z[start..self.i].to_vec()).ok()
    }

    /// A string; returns its body with escapes in canonical JSON form.
    fn string(&mut self) -> Option<String> {
        let q = self.peek();
        if q == b'\'' {
            self.json5 = true;
        }
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let c = *self.z.get(self.i)?;
            self.i += 1;
            if c == q {
                break;
            }
            if c < 0x20 {
                if c == 0 {
                    return None;
                }
                // Raw control characters are JSON5 (SQLite takes them as they are).
                self.json5 = true;
                out.extend_from_slice(format!("\\u{:04x}", c).as_bytes());
                continue;
            }
            if c == b'"' {
                out.extend_from_slice(b"\\\"");
                continue;
            }
            if c != b'\\' {
                out.push(c);
                continue;
            }
            let e = *self.z.get(self.i)?;
            self.i += 1;
            match e {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {
                    out.push(b'\\');
                    out.push(e);
                }
                b'u' => {
                    let h = self.z.get(self.i..self.i + 4)?;
                    if !h.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    out.extend_from_slice(b"\\u");
                    out.extend_from_slice(h);
                    self.i += 4;
                }
                b'\'' => {
                    self.json5 = true;
                    out.push(b'\'');
                }
                b'v' => {
                    self.json5 = true;
                    out.extend_from_slice(b"\\u000b");
                }
                b'0' if !self.peek().is_ascii_digit() => {
                    self.json5 = true;
                    out.extend_from_slice(b"\\u0000");
                }
                b'x' => {
                    let h = self.z.get(self.i..self.i + 2)?;
                    if !h.iter().all(u8::is_ascii_hexdigit) {
                        return None;
                    }
                    self.json5 = true;
                    out.extend_from_slice(b"\\u00");
                    out.extend_from_slice(h);
                    self.i += 2;
                }
                b'\r' => {
                    self.json5 = true;
                    if self.peek() == b'\n' {
                        self.i += 1;
                    }
                }
                b'\n' => self.json5 = true,
                0xe2 if self
                    .z
                    .get(self.i..self.i + 2)
                    .is_some_and(|t| t == [0x80, 0xa8] || t == [0x80, 0xa9]) =>
                {
                    self.json5 = true;
                    self.i += 2;
                }
                _ => return None,
            }
        }
        String::from_utf8(out).ok()
    }

    fn number(&mut self) -> Option<J> {
        let start = self.i;
        let mut text = String::new();
        let mut c = self.peek();
        if c == b'-' || c == b'+' {
            if c == b'+' {
                self.json5 = true;
            } else {
                text.push('-');
            }
            self.i += 1;
            c = self.peek();
        }
        let rest = &self.z[self.i..];
        if rest.starts_with(b"Infinity") {
            self.json5 = true;
            self.i += 8;
            text.push_str("9e999");
            return Some(J::Real(text));
        }
        if rest.starts_with(b"NaN") && self.i == start {
            self.json5 = true;
            self.i += 3;
            return Some(J::Null);
        }
        if c == b'0' && matches!(self.z.get(self.i + 1), Some(b'x' | b'X')) {
            let h0 = self.i + 2;
            let mut j = h0;
            while j < self.z.len() && self.z[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j == h0 {
                return None;
            }
            self.json5 = true;
            let mut v: u128 = 0;
            for &d in &self.z[h0..j] {
                v = v
                    .saturating_mul(16)
                    .saturating_add(u128::from((d as char).to_digit(16)?));
            }
            self.i = j;
            text.push_str(&v.to_string());
            return Some(J::Int(text));
        }
        let int0 = self.i;
        while self.peek().is_ascii_digit() {
            self.i += 1;
        }
        let int_digits = &self.z[int0..self.i];
        if int_digits.len() > 1 && int_digits[0] == b'0' {
            return None;
        }
        let mut real = false;
        if int_digits.is_empty() {
            if self.peek() != b'.' || !self.z.get(self.i + 1).is_some_and(u8::is_ascii_digit) {
                return None;
            }
            self.json5 = true;
            text.push('0');
        } else {
            text.push_str(std::str::from_utf8(int_digits).ok()?);
        }
        if self.peek() == b'.' {
            real = true;
            self.i += 1;
            let f0 = self.i;
            while self.peek().is_ascii_digit() {
                self.i += 1;
            }
            text.push('.');
            if self.i == f0 {
                self.json5 = true;
                text.push('0');
            } else {
                text.push_str(std::str::from_utf8(&self.z[f0..self.i]).ok()?);
            }
        }
        if matches!(self.peek(), b'e' | b'E') {
            real = true;
            let e0 = self.i;
            self.i += 1;
            if matches!(self.peek(), b'+' | b'-') {
                self.i += 1;
            }
            let d0 = self.i;
            while self.peek().is_ascii_digit() {
                self.i += 1;
            }
            if self.i == d0 {
                return None;
            }
            text.push_str(std::str::from_utf8(&self.z[e0..self.i]).ok()?);
        }
        if self.peek().is_ascii_alphanumeric() {
            return None;
        }
        Some(if real { J::Real(text) } else { J::Int(text) })
    }
}

/// Parses JSON text (JSON5 allowed): the value and whether it was plain RFC 8259.
pub fn parse(s: &str) -> Option<(J, bool)> {
    let mut p = Parser {
        z: s.as_bytes(),
        i: 0,
        json5: false,
    };
    let v = p.value(0)?;
    p.skip_ws()?;
    (p.i == p.z.len()).then_some((v, !p.json5))
}

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

fn type_name(j: &J) -> &'static str {
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

/// Functions whose result SQLite marks as JSON.
fn returns_json(f: JsonFn) -> bool {
    !matches!(
        f,
        JsonFn::Valid | JsonFn::Type | JsonFn::ArrayLength | JsonFn::ErrorPosition
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

pub fn call(f: JsonFn, mask: u64, a: &[Value]) -> Result<Value> {
    let text = |j: &J| Value::Text(to_text(j));
    Ok(match f {
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

/// json_error_position(): 0 for well-formed JSON (JSON5 too), else the 1-based
/// character position where parsing failed.
fn error_position(s: &str) -> i64 {
    if parse(s).is_some() {
        return 0;
    }
    let mut p = Parser {
        z: s.as_bytes(),
        i: 0,
        json5: false,
    };
    let at = match p.value(0) {
        Some(_) => {
            let _ = p.skip_ws();
            p.i
        }
        None => p.i,
    };
    let at = at.min(s.len());
    s.as_bytes()[..at]
        .iter()
        .filter(|b| (**b & 0xc0) != 0x80)
        .count() as i64
        + 1
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
