//! The quoting conversions: `%q %Q %w` (SQL quoting) and `%j %J` (JSON strings).

use super::{char_prefix, Spec};

/// %q (double '), %Q (the same, in quotes; NULL as NULL), %w (double ").
pub(super) fn escape(c: u8, s: &mut Spec, arg: Option<Vec<u8>>) -> Vec<u8> {
    let q = if c == b'w' { b'"' } else { b'\'' };
    if c == b'w' {
        s.alt = false;
    }
    let mut need_quote = 0;
    let arg = match arg {
        None => {
            if c == b'Q' {
                b"NULL".to_vec()
            } else {
                b"(NULL)".to_vec()
            }
        }
        Some(a) => {
            if c == b'Q' {
                need_quote = 1;
            }
            a
        }
    };
    // The precision counts input bytes (characters under `!`).
    let mut k = s.precision;
    let mut i = 0;
    while k != 0 && i < arg.len() && arg[i] != 0 {
        if s.alt2 && (arg[i] & 0xc0) == 0xc0 {
            while i + 1 < arg.len() && (arg[i + 1] & 0xc0) == 0x80 {
                i += 1;
            }
        }
        i += 1;
        k -= 1;
    }
    let src = &arg[..i];
    if s.alt {
        let ctrl = src.iter().filter(|b| **b <= 0x1f).count();
        if ctrl > 0 || c == b'q' {
            if c == b'Q' {
                need_quote = 2;
            }
        } else {
            s.alt = false;
        }
    }
    let mut out = Vec::with_capacity(src.len() + 3);
    match need_quote {
        2 => out.extend_from_slice(b"unistr('"),
        1 => out.push(b'\''),
        _ => {}
    }
    for &ch in src {
        if s.alt {
            if ch == q {
                out.extend_from_slice(&[ch, ch]);
            } else if ch == b'\\' {
                out.extend_from_slice(b"\\\\");
            } else if ch <= 0x1f {
                out.extend_from_slice(format!("\\u00{ch:02x}").as_bytes());
            } else {
                out.push(ch);
            }
        } else {
            out.push(ch);
            if ch == q {
                out.push(ch);
            }
        }
    }
    match need_quote {
        2 => out.extend_from_slice(b"')"),
        1 => out.push(b'\''),
        _ => {}
    }
    out
}

/// %j / %J: a JSON string's contents / a JSON string (NULL as null).
pub(super) fn json_escape(c: u8, s: &Spec, arg: Option<Vec<u8>>) -> Vec<u8> {
    let Some(a) = arg else {
        return if c == b'J' {
            b"null".to_vec()
        } else {
            Vec::new()
        };
    };
    let take = if s.precision < 0 {
        a.len()
    } else if s.alt2 {
        char_prefix(&a, s.precision as usize)
    } else {
        (s.precision as usize).min(a.len())
    };
    let mut out = Vec::new();
    if c == b'J' {
        out.push(b'"');
    }
    for &ch in &a[..take] {
        if ch == 0 {
            break;
        }
        match ch {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', ch]),
            8 => out.extend_from_slice(b"\\b"),
            9 => out.extend_from_slice(b"\\t"),
            10 => out.extend_from_slice(b"\\n"),
            12 => out.extend_from_slice(b"\\f"),
            13 => out.extend_from_slice(b"\\r"),
            0..=0x1f => out.extend_from_slice(format!("\\u00{ch:02x}").as_bytes()),
            _ => out.push(ch),
        }
    }
    if c == b'J' {
        out.push(b'"');
    }
    out
}
