//! printf(FORMAT, …) / format(): SQLite's own printf (printf.c), conversions
//! `d i u x X o p r f e E g G s z q Q w c j J n %`, flags `- + space # ! 0 ,`, width and
//! precision (`*` takes an argument). Arguments are read as SQLite's SQL printf reads
//! them: missing ones are 0, "" or NULL; an unknown conversion ends the output there.
//!
//! Reals go through [`decode`], which mirrors `sqlite3FpDecode` (3.47+): at most 16
//! significant digits (20 with `!`), rounded half up from the exact binary value.

mod convert;
mod decode;
mod escape;
#[cfg(test)]
mod tests;

use super::super::value::Value;
use super::{too_big, MAX_LENGTH};
use crate::error::Result;
use convert::{float, integer};
use decode::decode;
use escape::{escape, json_escape};

struct Args<'a> {
    a: &'a [Value],
    used: usize,
}

impl Args<'_> {
    fn next(&mut self) -> Option<&Value> {
        let v = self.a.get(self.used);
        if v.is_some() {
            self.used += 1;
        }
        v
    }
    fn int(&mut self) -> i64 {
        self.next().map_or(0, super::value_int64)
    }
    fn real(&mut self) -> f64 {
        self.next().map_or(0.0, Value::as_f64)
    }
    fn text(&mut self) -> Option<Vec<u8>> {
        self.next().and_then(|v| match v {
            Value::Blob(b) => Some(b.clone()),
            v => v.to_text().map(|t| t.into_owned().into_bytes()),
        })
    }
}

/// quote()'s text for a real: `%!0.17g`.
pub fn quote_real(r: f64) -> String {
    printf("%!0.17g", &[Value::Real(r)]).unwrap_or_default()
}

fn at(f: &[u8], i: usize) -> u8 {
    f.get(i).copied().unwrap_or(0)
}

#[derive(Default)]
struct Spec {
    left: bool,
    prefix: u8,
    alt: bool,
    alt2: bool,
    zeropad: bool,
    thousands: bool,
    width: i64,
    precision: i64,
}

fn pad(out: &mut Vec<u8>, n: i64, c: u8) -> Result<()> {
    if n > 0 {
        if out.len() as i64 + n > MAX_LENGTH as i64 {
            return Err(too_big());
        }
        out.resize(out.len() + n as usize, c);
    }
    Ok(())
}

pub fn printf(fmt: &str, args: &[Value]) -> Result<String> {
    let f = fmt.as_bytes();
    let mut args = Args { a: args, used: 0 };
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < f.len() {
        if f[i] != b'%' {
            let start = i;
            while i < f.len() && f[i] != b'%' {
                i += 1;
            }
            out.extend_from_slice(&f[start..i]);
            continue;
        }
        i += 1;
        if i >= f.len() {
            out.push(b'%');
            break;
        }
        let mut s = Spec {
            precision: -1,
            ..Spec::default()
        };
        let mut c = f[i];
        loop {
            let mut done = false;
            match c {
                b'-' => s.left = true,
                b'+' => s.prefix = b'+',
                b' ' => s.prefix = b' ',
                b'#' => s.alt = true,
                b'!' => s.alt2 = true,
                b'0' => s.zeropad = true,
                b',' => s.thousands = true,
                b'l' => {
                    i += 1;
                    c = at(f, i);
                    if c == b'l' {
                        i += 1;
                        c = at(f, i);
                    }
                    done = true;
                }
                b'1'..=b'9' => {
                    let mut wx: u32 = u32::from(c - b'0');
                    i += 1;
                    c = at(f, i);
                    while c.is_ascii_digit() {
                        wx = wx.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
                        i += 1;
                        c = at(f, i);
                    }
                    s.width = i64::from(wx & 0x7fff_ffff);
                    if c != b'.' && c != b'l' {
                        done = true;
                    } else {
                        i -= 1;
                    }
                }
                b'*' => {
                    let mut w = args.int() as i32 as i64;
                    if w < 0 {
                        s.left = true;
                        w = if w >= -2147483647 { -w } else { 0 };
                    }
                    s.width = w;
                    let next = at(f, i + 1);
                    if next != b'.' && next != b'l' {
                        i += 1;
                        c = at(f, i);
                        done = true;
                    }
                }
                b'.' => {
                    i += 1;
                    c = at(f, i);
                    if c == b'*' {
                        let mut p = args.int() as i32 as i64;
                        if p < 0 {
                            p = if p >= -2147483647 { -p } else { -1 };
                        }
                        s.precision = p;
                        i += 1;
                        c = at(f, i);
                    } else {
                        let mut px: u32 = 0;
                        while c.is_ascii_digit() {
                            px = px.wrapping_mul(10).wrapping_add(u32::from(c - b'0'));
                            i += 1;
                            c = at(f, i);
                        }
                        s.precision = i64::from(px & 0x7fff_ffff);
                    }
                    if c == b'l' {
                        i -= 1;
                    } else {
                        done = true;
                    }
                }
                _ => done = true,
            }
            if done {
                break;
            }
            i += 1;
            c = at(f, i);
            if c == 0 {
                break;
            }
        }
        // `c` is the conversion, at f[i].
        i += 1;
        if s.width > MAX_LENGTH as i64 {
            return Err(too_big());
        }
        let body: Vec<u8> = match c {
            b'd' | b'i' | b'u' | b'x' | b'X' | b'o' | b'p' | b'r' => integer(c, &mut s, &mut args)?,
            b'f' | b'e' | b'E' | b'g' | b'G' => {
                float(&mut out, c, &s, args.real())?;
                continue;
            }
            b'%' => b"%".to_vec(),
            b'n' => {
                s.width = 0;
                Vec::new()
            }
            b'c' => {
                let one: Vec<u8> = match args.text() {
                    Some(t) if !t.is_empty() => {
                        let n = utf8_len(t[0]).min(t.len());
                        t[..n].to_vec()
                    }
                    _ => vec![0],
                };
                let copies = s.precision.max(1);
                if copies.saturating_mul(one.len() as i64) > MAX_LENGTH as i64 {
                    return Err(too_big());
                }
                pad_field(&mut out, &s, copies)?;
                for _ in 0..copies {
                    out.extend_from_slice(&one);
                }
                if s.left {
                    pad(&mut out, s.width - copies, b' ')?;
                }
                continue;
            }
            b's' | b'z' => {
                let t = args.text().unwrap_or_default();
                let len = if s.precision >= 0 {
                    if s.alt2 {
                        char_prefix(&t, s.precision as usize)
                    } else {
                        t.iter()
                            .take(s.precision as usize)
                            .take_while(|b| **b != 0)
                            .count()
                    }
                } else {
                    t.iter().take_while(|b| **b != 0).count()
                };
                t[..len].to_vec()
            }
            b'q' | b'Q' | b'w' => escape(c, &mut s, args.text()),
            b'j' | b'J' => {
                let mut field = json_escape(c, &s, args.text());
                let shown = shown_len(&field, s.alt2);
                if s.width > shown {
                    let sp = vec![b' '; (s.width - shown) as usize];
                    if s.left {
                        field.extend_from_slice(&sp);
                    } else {
                        field.splice(0..0, sp);
                    }
                }
                out.extend_from_slice(&field);
                continue;
            }
            _ => break,
        };
        let shown = if s.alt2 && matches!(c, b's' | b'z' | b'q' | b'Q' | b'w') {
            shown_len(&body, true)
        } else {
            body.len() as i64
        };
        let padn = s.width - shown;
        if padn > 0 && !s.left {
            pad(&mut out, padn, b' ')?;
        }
        out.extend_from_slice(&body);
        if padn > 0 && s.left {
            pad(&mut out, padn, b' ')?;
        }
        if out.len() > MAX_LENGTH {
            return Err(too_big());
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Spaces before a right-justified `%c` field of `copies` characters.
fn pad_field(out: &mut Vec<u8>, s: &Spec, copies: i64) -> Result<()> {
    if !s.left {
        pad(out, s.width - copies, b' ')?;
    }
    Ok(())
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        _ => 1,
    }
}

/// Bytes of the first `n` characters of `t` (stopping at a NUL).
fn char_prefix(t: &[u8], n: usize) -> usize {
    let mut i = 0;
    let mut k = 0;
    while k < n && i < t.len() && t[i] != 0 {
        i += 1;
        while i < t.len() && (t[i] & 0xc0) == 0x80 {
            i += 1;
        }
        k += 1;
    }
    i
}

/// The width a field counts: bytes, or characters under `!`.
fn shown_len(b: &[u8], chars: bool) -> i64 {
    if chars {
        b.iter().filter(|c| (**c & 0xc0) != 0x80).count() as i64
    } else {
        b.len() as i64
    }
}

/// A special value's text, padded to the width with spaces.
fn emit(out: &mut Vec<u8>, s: &Spec, t: &[u8]) -> Result<()> {
    let padn = s.width - t.len() as i64;
    if !s.left {
        pad(out, padn, b' ')?;
    }
    out.extend_from_slice(t);
    if s.left {
        pad(out, padn, b' ')?;
    }
    Ok(())
}
