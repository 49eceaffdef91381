//! JSON text to a [`J`] value (SQLite's JSON1 parser, no JSONB). Input may be JSON5
//! (comments, trailing commas, single quotes, bare keys, hex, ±Infinity, NaN); numbers
//! and strings keep the text they were written with (JSON5 forms converted), as
//! SQLite's do. Also json_error_position()'s answer for text that does not parse.

use crate::error::Error;

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

/// json_error_position(): 0 for well-formed JSON (JSON5 too), else the 1-based
/// character position where parsing failed.
pub fn error_position(s: &str) -> i64 {
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
