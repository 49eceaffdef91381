//! The numeric conversions: integers (`d i u x X o p r c`-style, with sign, prefix and
//! thousands separators) and reals (`f e E g G`), written as SQLite's printf.c does.

use super::super::{too_big, MAX_LENGTH};
use super::{decode, emit, Args, Spec};
use crate::error::Result;

pub(super) fn integer(c: u8, s: &mut Spec, args: &mut Args) -> Result<Vec<u8>> {
    let signed = matches!(c, b'd' | b'i' | b'r');
    if matches!(c, b'x' | b'X' | b'o' | b'p' | b'r') {
        s.thousands = false;
    }
    let v = args.int();
    let (mut value, prefix) = if signed {
        if v < 0 {
            (v.unsigned_abs(), b'-')
        } else {
            (v as u64, s.prefix)
        }
    } else {
        (v as u64, 0)
    };
    if value == 0 {
        s.alt = false;
    }
    let mut precision = s.precision;
    if precision > MAX_LENGTH as i64 {
        return Err(too_big());
    }
    if s.zeropad && precision < s.width - i64::from(prefix != 0) {
        precision = s.width - i64::from(prefix != 0);
    }
    let (base, digits): (u64, &[u8]) = match c {
        b'x' => (16, b"0123456789abcdef"),
        b'X' | b'p' => (16, b"0123456789ABCDEF"),
        b'o' => (8, b"01234567"),
        _ => (10, b"0123456789"),
    };
    let mut body: Vec<u8> = Vec::new();
    if c == b'r' {
        let mut x = (value % 10) as usize;
        if x >= 4 || (value / 10) % 10 == 1 {
            x = 0;
        }
        body.extend_from_slice(&b"thstndrd"[x * 2..x * 2 + 2]);
        body.reverse();
    }
    let mut n: i64 = if c == b'r' { 2 } else { 0 };
    loop {
        body.push(digits[(value % base) as usize]);
        value /= base;
        n += 1;
        if value == 0 {
            break;
        }
    }
    if precision > n {
        body.resize(body.len() + (precision - n) as usize, b'0');
    }
    body.reverse();
    if s.thousands {
        let len = body.len();
        let mut grouped = Vec::with_capacity(len + len / 3);
        for (k, d) in body.iter().enumerate() {
            if k > 0 && (len - k).is_multiple_of(3) {
                grouped.push(b',');
            }
            grouped.push(*d);
        }
        body = grouped;
    }
    let mut head = Vec::new();
    if prefix != 0 {
        head.push(prefix);
    }
    if s.alt {
        match c {
            b'o' => head.push(b'0'),
            b'x' | b'p' => head.extend_from_slice(b"0x"),
            b'X' => head.extend_from_slice(b"0X"),
            _ => {}
        }
    }
    let mut field = head;
    field.extend_from_slice(&body);
    Ok(field)
}

pub(super) fn float(out: &mut Vec<u8>, c: u8, s: &Spec, r: f64) -> Result<()> {
    let mut precision = if s.precision < 0 { 6 } else { s.precision };
    precision = precision.min(100_000_000);
    let mut kind = c.to_ascii_lowercase();
    let upper = c.is_ascii_uppercase();
    let round = match kind {
        b'f' => -precision,
        b'g' => {
            if precision == 0 {
                precision = 1;
            }
            precision
        }
        _ => precision + 1,
    };
    let mut d = decode(
        r,
        round.clamp(-i32::MAX as i64, i32::MAX as i64) as i32,
        if s.alt2 { 20 } else { 16 },
    );
    let start = out.len();
    if d.special == 2 {
        let t: &[u8] = if s.zeropad { b"null" } else { b"NaN" };
        return emit(out, s, t);
    }
    if d.special == 1 {
        if s.zeropad {
            d.digits = b"9".to_vec();
            d.dp = 1000;
        } else {
            let t: Vec<u8> = if d.neg {
                b"-Inf".to_vec()
            } else if s.prefix != 0 {
                [&[s.prefix][..], b"Inf"].concat()
            } else {
                b"Inf".to_vec()
            };
            return emit(out, s, &t);
        }
    }
    let prefix = if d.neg {
        if s.alt && s.prefix == 0 && kind == b'f' && i64::from(d.dp) <= round {
            0
        } else {
            b'-'
        }
    } else {
        s.prefix
    };
    let exp = d.dp - 1;
    let rtz;
    if kind == b'g' {
        precision -= 1;
        rtz = !s.alt;
        if exp < -4 || i64::from(exp) > precision {
            kind = b'e';
        } else {
            precision -= i64::from(exp);
            kind = b'f';
        }
    } else {
        rtz = s.alt2;
    }
    let mut e2: i64 = if kind == b'e' { 0 } else { i64::from(d.dp) - 1 };
    let need = e2.max(0) + precision + s.width + 10;
    if out.len() as i64 + need > MAX_LENGTH as i64 {
        return Err(too_big());
    }
    let z = &d.digits;
    let n = z.len() as i64;
    let dp_shown = precision > 0 || s.alt || s.alt2;
    if prefix != 0 {
        out.push(prefix);
    }
    let mut j: i64 = 0;
    if e2 < 0 {
        out.push(b'0');
    } else if s.thousands {
        while e2 >= 0 {
            out.push(if j < n {
                j += 1;
                z[j as usize - 1]
            } else {
                b'0'
            });
            if e2 % 3 == 0 && e2 > 1 {
                out.push(b',');
            }
            e2 -= 1;
        }
    } else {
        j = (e2 + 1).min(n);
        out.extend_from_slice(&z[..j as usize]);
        e2 -= j;
        if e2 >= 0 {
            out.resize(out.len() + (e2 + 1) as usize, b'0');
            e2 = -1;
        }
    }
    if dp_shown {
        out.push(b'.');
    }
    if e2 < -1 && precision > 0 {
        let nn = (-1 - e2).min(precision);
        out.resize(out.len() + nn as usize, b'0');
        precision -= nn;
    }
    if precision > 0 {
        let nn = (n - j).min(precision);
        if nn > 0 {
            out.extend_from_slice(&z[j as usize..(j + nn) as usize]);
            precision -= nn;
        }
        if precision > 0 && !rtz {
            out.resize(out.len() + precision as usize, b'0');
        }
    }
    if rtz && dp_shown {
        while out.last() == Some(&b'0') {
            out.pop();
        }
        if out.last() == Some(&b'.') {
            if s.alt2 {
                out.push(b'0');
            } else {
                out.pop();
            }
        }
    }
    if kind == b'e' {
        let mut exp = d.dp - 1;
        out.push(if upper { b'E' } else { b'e' });
        if exp < 0 {
            out.push(b'-');
            exp = -exp;
        } else {
            out.push(b'+');
        }
        if exp >= 100 {
            out.push(b'0' + (exp / 100) as u8);
            exp %= 100;
        }
        out.push(b'0' + (exp / 10) as u8);
        out.push(b'0' + (exp % 10) as u8);
    }
    let length = (out.len() - start) as i64;
    if length < s.width {
        let npad = (s.width - length) as usize;
        if s.left {
            out.resize(out.len() + npad, b' ');
        } else {
            let at = if s.zeropad {
                start + usize::from(prefix != 0)
            } else {
                start
            };
            let fill = if s.zeropad { b'0' } else { b' ' };
            out.splice(at..at, std::iter::repeat_n(fill, npad));
        }
    }
    Ok(())
}
