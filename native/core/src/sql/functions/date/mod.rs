//! Date and time functions, after SQLite's date.c: every time value is a julian day
//! number in milliseconds (`jd`), with its calendar fields computed lazily. Values
//! are `YYYY-MM-DD[ HH:MM[:SS[.SSS]]][zone]` (`T` may separate, zone `Z` or ±HH:MM),
//! `HH:MM[:SS[.SSS]]`, 'now', or a number (a julian day, or with 'unixepoch'/'auto'
//! Unix seconds). Modifiers: ±NNN days/hours/minutes/seconds/months/years,
//! ±HH:MM[:SS], ±YYYY-MM-DD[ HH:MM], start of / end of day/month/year, weekday N,
//! unixepoch, julianday, auto, localtime, utc, subsec, floor, ceiling. A bad value or
//! modifier gives NULL. 'now' is the statement's ([`super::now_ms`]).

use super::super::value::Value;
use crate::error::Result;

mod modify;
mod parse;
mod strftime;
#[cfg(test)]
mod tests;

use modify::modify;
use strftime::{strftime, timediff};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateFn {
    Date,
    Time,
    Datetime,
    Julianday,
    Unixepoch,
    Strftime,
    Timediff,
}

/// The julian day of 9999-12-31 23:59:59.999, in milliseconds.
const MAX_JD: i64 = 464_269_060_799_999;
/// 1970-01-01 00:00:00 as a julian day in milliseconds.
const UNIX_EPOCH_JD: i64 = 210_866_760_000_000;

#[derive(Clone, Copy, Debug, Default)]
struct DateTime {
    jd: i64,
    y: i32,
    mo: i32,
    d: i32,
    h: i32,
    mi: i32,
    tz: i32,
    s: f64,
    valid_jd: bool,
    valid_ymd: bool,
    valid_hms: bool,
    n_floor: i32,
    raw_s: bool,
    error: bool,
    subsec: bool,
    is_utc: bool,
    is_local: bool,
}

/// `n` fixed-width digit groups of `z` from `at`: (digits, min, max, separator after).
fn digits(z: &[u8], at: usize, spec: &[(usize, i32, i32, u8)]) -> Option<Vec<i32>> {
    let mut i = at;
    let mut out = Vec::new();
    for &(n, lo, hi, sep) in spec {
        let mut v = 0;
        for _ in 0..n {
            let c = *z.get(i)?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + i32::from(c - b'0');
            i += 1;
        }
        if v < lo || v > hi {
            return None;
        }
        if sep != 0 {
            if z.get(i) != Some(&sep) {
                return None;
            }
            i += 1;
        }
        out.push(v);
    }
    Some(out)
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn days_of_month(y: i32, m: i32) -> i32 {
    if (1 << m) & 0x15aa != 0 {
        31
    } else if m != 2 {
        30
    } else if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) {
        29
    } else {
        28
    }
}

/// isDate(): the time value and modifiers of `a`, or None (NULL).
fn is_date(a: &[Value]) -> Result<Option<DateTime>> {
    let mut p = DateTime::default();
    if a.is_empty() {
        p.set_now();
        return Ok(Some(p));
    }
    match &a[0] {
        Value::Integer(_) | Value::Real(_) => p.set_raw_number(a[0].as_f64()),
        Value::Null => return Ok(None),
        v => {
            let s = v.to_text().unwrap_or_default();
            if !p.parse_date_or_time(&s) {
                return Ok(None);
            }
        }
    }
    for (i, m) in a.iter().enumerate().skip(1) {
        let Some(m) = m.to_text() else {
            return Ok(None);
        };
        if !modify(&mut p, &m, i)? {
            return Ok(None);
        }
    }
    p.compute_jd();
    if p.error || !(0..=MAX_JD).contains(&p.jd) {
        return Ok(None);
    }
    if a.len() == 1 && p.valid_ymd && p.d > 28 {
        // Normalise 2023-02-31 to 2023-03-03.
        p.valid_ymd = false;
    }
    Ok(Some(p))
}

fn ymd_text(x: &DateTime) -> String {
    let sign = if x.y < 0 { "-" } else { "" };
    format!("{sign}{:04}-{:02}-{:02}", x.y.abs() % 10000, x.mo, x.d)
}

fn hms_text(x: &DateTime) -> String {
    if x.subsec {
        let s = (1000.0 * x.s + 0.5) as i32;
        format!(
            "{:02}:{:02}:{:02}.{:03}",
            x.h,
            x.mi,
            s / 1000 % 100,
            s % 1000
        )
    } else {
        format!("{:02}:{:02}:{:02}", x.h, x.mi, x.s as i32 % 100)
    }
}

pub fn call(f: DateFn, a: &[Value]) -> Result<Value> {
    if f == DateFn::Strftime {
        return strftime(a);
    }
    if f == DateFn::Timediff {
        return timediff(a);
    }
    let Some(mut x) = is_date(a)? else {
        return Ok(Value::Null);
    };
    Ok(match f {
        DateFn::Julianday => {
            x.compute_jd();
            Value::Real(x.jd as f64 / 86_400_000.0)
        }
        DateFn::Unixepoch => {
            x.compute_jd();
            if x.subsec {
                Value::Real((x.jd - UNIX_EPOCH_JD) as f64 / 1000.0)
            } else {
                Value::Integer(x.jd / 1000 - UNIX_EPOCH_JD / 1000)
            }
        }
        DateFn::Date => {
            x.compute_ymd();
            Value::Text(ymd_text(&x))
        }
        DateFn::Time => {
            x.compute_hms();
            Value::Text(hms_text(&x))
        }
        _ => {
            x.compute_ymd_hms();
            Value::Text(format!("{} {}", ymd_text(&x), hms_text(&x)))
        }
    })
}
