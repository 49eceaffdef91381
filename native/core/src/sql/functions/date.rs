//! Date and time functions, after SQLite's date.c: every time value is a julian day
//! number in milliseconds (`jd`), with its calendar fields computed lazily. Values
//! are `YYYY-MM-DD[ HH:MM[:SS[.SSS]]][zone]` (`T` may separate, zone `Z` or ±HH:MM),
//! `HH:MM[:SS[.SSS]]`, 'now', or a number (a julian day, or with 'unixepoch'/'auto'
//! Unix seconds). Modifiers: ±NNN days/hours/minutes/seconds/months/years,
//! ±HH:MM[:SS], ±YYYY-MM-DD[ HH:MM], start of / end of day/month/year, weekday N,
//! unixepoch, julianday, auto, localtime, utc, subsec, floor, ceiling. A bad value or
//! modifier gives NULL. 'now' is the statement's ([`super::now_ms`]).

use super::super::value::{parse_number, Value};
use super::printf::printf;
use crate::error::{Error, Result};

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

impl DateTime {
    fn set_error(&mut self) {
        *self = DateTime {
            error: true,
            ..DateTime::default()
        };
    }

    fn clear_ymd_hms_tz(&mut self) {
        self.valid_ymd = false;
        self.valid_hms = false;
        self.tz = 0;
    }

    fn compute_jd(&mut self) {
        if self.valid_jd {
            return;
        }
        let (mut y, mut m, mut d) = if self.valid_ymd {
            (self.y, self.mo, self.d)
        } else {
            let mut d = 1;
            if self.valid_hms && self.h == 24 {
                self.h = 0;
                d = 2;
            }
            (2000, 1, d)
        };
        if !(-4713..=9999).contains(&y) || self.raw_s {
            self.set_error();
            return;
        }
        if m <= 2 {
            y -= 1;
            m += 12;
        }
        let a = (y + 4800) / 100;
        let b = 38 - a + (a / 4);
        let x1 = 36525 * (y + 4716) / 100;
        let x2 = 306001 * (m + 1) / 10000;
        d += x1 + x2 + b;
        self.jd = ((f64::from(d) - 1524.5) * 86_400_000.0) as i64;
        self.valid_jd = true;
        if self.valid_hms {
            self.jd += i64::from(self.h) * 3_600_000
                + i64::from(self.mi) * 60_000
                + (self.s * 1000.0 + 0.5) as i64;
            if self.tz != 0 {
                self.jd -= i64::from(self.tz) * 60_000;
                self.valid_ymd = false;
                self.valid_hms = false;
                self.tz = 0;
                self.is_utc = true;
                self.is_local = false;
            }
        }
    }

    fn compute_floor(&mut self) {
        let mx = days_of_month(self.y, self.mo);
        self.n_floor = if self.d > mx { self.d - mx } else { 0 };
    }

    fn compute_ymd(&mut self) {
        if self.valid_ymd {
            return;
        }
        if !self.valid_jd {
            self.y = 2000;
            self.mo = 1;
            self.d = 1;
        } else if !(0..=MAX_JD).contains(&self.jd) {
            self.set_error();
            return;
        } else {
            let z = ((self.jd + 43_200_000) / 86_400_000) as i32;
            let alpha = ((f64::from(z) + 32044.75) / 36524.25) as i32 - 52;
            let a = z + 1 + alpha - ((alpha + 100) / 4) + 25;
            let b = a + 1524;
            let c = ((f64::from(b) - 122.1) / 365.25) as i32;
            let d = (36525 * (c & 32767)) / 100;
            let e = (f64::from(b - d) / 30.6001) as i32;
            let x1 = (30.6001 * f64::from(e)) as i32;
            self.d = b - d - x1;
            self.mo = if e < 14 { e - 1 } else { e - 13 };
            self.y = if self.mo > 2 { c - 4716 } else { c - 4715 };
        }
        self.valid_ymd = true;
    }

    fn compute_hms(&mut self) {
        if self.valid_hms {
            return;
        }
        self.compute_jd();
        let day_ms = ((self.jd + 43_200_000) % 86_400_000) as i32;
        self.s = f64::from(day_ms % 60_000) / 1000.0;
        let day_min = day_ms / 60_000;
        self.mi = day_min % 60;
        self.h = day_min / 60;
        self.raw_s = false;
        self.valid_hms = true;
    }

    fn compute_ymd_hms(&mut self) {
        self.compute_ymd();
        self.compute_hms();
    }

    /// `[ ]*(Z|±HH:MM)?[ ]*` to the end; false on anything else.
    fn parse_timezone(&mut self, z: &[u8], mut i: usize) -> bool {
        while i < z.len() && is_space(z[i]) {
            i += 1;
        }
        self.tz = 0;
        let Some(&c) = z.get(i) else {
            return true;
        };
        match c {
            b'Z' | b'z' => {
                i += 1;
                self.is_local = false;
                self.is_utc = true;
            }
            b'+' | b'-' => {
                let Some(v) = digits(z, i + 1, &[(2, 0, 14, b':'), (2, 0, 59, 0)]) else {
                    return false;
                };
                i += 6;
                let sgn = if c == b'-' { -1 } else { 1 };
                self.tz = sgn * (v[1] + v[0] * 60);
                if self.tz == 0 {
                    self.is_local = false;
                    self.is_utc = true;
                }
            }
            _ => return false,
        }
        while i < z.len() && is_space(z[i]) {
            i += 1;
        }
        i == z.len()
    }

    /// `HH:MM[:SS[.F+]]` then a zone, from `at`.
    fn parse_hms(&mut self, z: &[u8], at: usize) -> bool {
        let Some(hm) = digits(z, at, &[(2, 0, 24, b':'), (2, 0, 59, 0)]) else {
            return false;
        };
        let mut i = at + 5;
        let mut s = 0;
        let mut ms = 0.0;
        if z.get(i) == Some(&b':') {
            let Some(v) = digits(z, i + 1, &[(2, 0, 59, 0)]) else {
                return false;
            };
            s = v[0];
            i += 3;
            if z.get(i) == Some(&b'.') && z.get(i + 1).is_some_and(u8::is_ascii_digit) {
                let mut scale = 1.0;
                i += 1;
                while i < z.len() && z[i].is_ascii_digit() {
                    ms = ms * 10.0 + f64::from(z[i] - b'0');
                    scale *= 10.0;
                    i += 1;
                }
                ms /= scale;
                if ms > 0.999 {
                    ms = 0.999;
                }
            }
        }
        if hm[0] == 24 && (hm[1] != 0 || s != 0 || ms != 0.0) {
            return false;
        }
        self.valid_jd = false;
        self.raw_s = false;
        self.valid_hms = true;
        self.h = hm[0];
        self.mi = hm[1];
        self.s = f64::from(s) + ms;
        self.parse_timezone(z, i)
    }

    fn parse_ymd(&mut self, z: &[u8]) -> bool {
        let neg = z.first() == Some(&b'-');
        let at = usize::from(neg);
        let Some(v) = digits(
            z,
            at,
            &[(4, 0, 9999, b'-'), (2, 1, 12, b'-'), (2, 1, 31, 0)],
        ) else {
            return false;
        };
        let (mut y, mut m, mut d) = (v[0], v[1], v[2]);
        let mut i = at + 10;
        while i < z.len() && (is_space(z[i]) || z[i] == b'T') {
            i += 1;
        }
        if self.parse_hms(z, i) {
            if self.h == 24 {
                let mx = days_of_month(y, m);
                self.h = 0;
                d += 1;
                if d > mx {
                    d -= mx;
                    m += 1;
                    if m > 12 {
                        m = 1;
                        y += 1;
                    }
                }
            }
        } else if i == z.len() {
            self.valid_hms = false;
        } else {
            return false;
        }
        self.valid_jd = false;
        self.valid_ymd = true;
        self.y = if neg { -y } else { y };
        self.mo = m;
        self.d = d;
        self.compute_floor();
        if self.tz != 0 {
            self.compute_jd();
        }
        true
    }

    fn set_now(&mut self) {
        self.jd = super::now_ms() + UNIX_EPOCH_JD;
        self.valid_jd = true;
        self.is_utc = true;
        self.is_local = false;
        self.clear_ymd_hms_tz();
    }

    fn set_raw_number(&mut self, r: f64) {
        self.s = r;
        self.raw_s = true;
        if (0.0..5_373_484.5).contains(&r) {
            self.jd = (r * 86_400_000.0 + 0.5) as i64;
            self.valid_jd = true;
        }
    }

    fn parse_date_or_time(&mut self, s: &str) -> bool {
        let z = s.as_bytes();
        if self.parse_ymd(z) {
            return true;
        }
        // A failed parse may have set fields; start the next form clean.
        *self = DateTime::default();
        if self.parse_hms(z, 0) {
            return true;
        }
        *self = DateTime::default();
        if s.eq_ignore_ascii_case("now") {
            self.set_now();
            return true;
        }
        if let Some(n) = parse_number(s) {
            self.set_raw_number(n.as_f64());
            return true;
        }
        if s.eq_ignore_ascii_case("subsec") || s.eq_ignore_ascii_case("subsecond") {
            self.subsec = true;
            self.set_now();
            return true;
        }
        false
    }

    /// Moves a UTC time to the local time of the process's TZ.
    fn make_local(&mut self) -> Result<()> {
        self.compute_jd();
        let (t, year_diff) =
            if self.jd < 2_108_667_600 * 100_000 || self.jd > 2_130_141_456 * 100_000 {
                // Outside 1970–2037 map the year into that range, as SQLite does.
                let mut x = *self;
                x.compute_ymd_hms();
                let diff = (2000 + x.y % 4) - x.y;
                x.y += diff;
                x.valid_jd = false;
                x.compute_jd();
                (x.jd / 1000 - UNIX_EPOCH_JD / 1000, diff)
            } else {
                (self.jd / 1000 - UNIX_EPOCH_JD / 1000, 0)
            };
        let tm = local_tm(t).ok_or_else(|| Error::InvalidInput("local time unavailable".into()))?;
        self.y = tm.tm_year + 1900 - year_diff;
        self.mo = tm.tm_mon + 1;
        self.d = tm.tm_mday;
        self.h = tm.tm_hour;
        self.mi = tm.tm_min;
        self.s = f64::from(tm.tm_sec) + (self.jd % 1000) as f64 * 0.001;
        self.valid_ymd = true;
        self.valid_hms = true;
        self.valid_jd = false;
        self.raw_s = false;
        self.tz = 0;
        self.error = false;
        Ok(())
    }

    fn auto_adjust(&mut self) {
        if !self.raw_s || self.valid_jd {
            self.raw_s = false;
        } else if self.s >= -21_086_676.0 * 10_000.0 && self.s <= 25_340_230.0 * 10_000.0 + 799.0 {
            let r = self.s * 1000.0 + UNIX_EPOCH_JD as f64;
            self.clear_ymd_hms_tz();
            self.jd = (r + 0.5) as i64;
            self.valid_jd = true;
            self.raw_s = false;
        }
    }
}

fn local_tm(t: i64) -> Option<libc::tm> {
    let t = t as libc::time_t;
    // SAFETY: localtime_r writes only into `tm`, which outlives the call.
    unsafe {
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&t, &mut tm).is_null() {
            None
        } else {
            Some(tm)
        }
    }
}

/// Applies one modifier; Ok(false) when it is not one (the result is then NULL).
fn modify(p: &mut DateTime, m: &str, idx: usize) -> Result<bool> {
    let lower = m.to_ascii_lowercase();
    let z = lower.as_bytes();
    let Some(&first) = z.first() else {
        return Ok(false);
    };
    Ok(match first {
        b'a' if lower == "auto" => {
            if idx > 1 {
                return Ok(false);
            }
            p.auto_adjust();
            true
        }
        b'c' if lower == "ceiling" => {
            p.compute_jd();
            p.clear_ymd_hms_tz();
            p.n_floor = 0;
            true
        }
        b'e' if lower.starts_with("end of ") => {
            if !p.valid_jd && !p.valid_ymd && !p.valid_hms {
                return Ok(false);
            }
            p.compute_ymd();
            p.valid_hms = true;
            p.h = 23;
            p.mi = 59;
            p.s = 59.999;
            p.raw_s = false;
            p.tz = 0;
            p.valid_jd = false;
            match &lower[7..] {
                "month" => {
                    p.d = 1;
                    p.mo += 1;
                    if p.mo > 12 {
                        p.y += 1;
                        p.mo = 1;
                    }
                    p.compute_floor();
                    p.compute_jd();
                    p.jd -= i64::from(p.n_floor + 1) * 86_400_000;
                    p.clear_ymd_hms_tz();
                    true
                }
                "year" => {
                    p.mo = 12;
                    p.d = 31;
                    true
                }
                "day" => true,
                _ => false,
            }
        }
        b'f' if lower == "floor" => {
            p.compute_jd();
            p.jd -= i64::from(p.n_floor) * 86_400_000;
            p.clear_ymd_hms_tz();
            true
        }
        b'j' if lower == "julianday" => {
            if idx > 1 {
                return Ok(false);
            }
            if p.valid_jd && p.raw_s {
                p.raw_s = false;
                true
            } else {
                false
            }
        }
        b'l' if lower == "localtime" => {
            if !p.is_local {
                p.make_local()?;
            }
            p.is_utc = false;
            p.is_local = true;
            true
        }
        b'u' if lower == "unixepoch" && p.raw_s => {
            if idx > 1 {
                return Ok(false);
            }
            let r = p.s * 1000.0 + UNIX_EPOCH_JD as f64;
            if (0.0..464_269_060_800_000.0).contains(&r) {
                p.clear_ymd_hms_tz();
                p.jd = (r + 0.5) as i64;
                p.valid_jd = true;
                p.raw_s = false;
                true
            } else {
                false
            }
        }
        b'u' if lower == "utc" => {
            if !p.is_utc {
                p.compute_jd();
                let orig = p.jd;
                let mut guess = orig;
                let mut err = 0;
                let mut cnt = 0;
                loop {
                    guess -= err;
                    let mut new = DateTime {
                        jd: guess,
                        valid_jd: true,
                        ..DateTime::default()
                    };
                    new.make_local()?;
                    new.compute_jd();
                    err = new.jd - orig;
                    if err == 0 || cnt >= 3 {
                        break;
                    }
                    cnt += 1;
                }
                *p = DateTime {
                    jd: guess,
                    valid_jd: true,
                    is_utc: true,
                    ..DateTime::default()
                };
            }
            true
        }
        b'w' if lower.starts_with("weekday ") => weekday(p, &lower[8..]),
        b's' if lower == "subsec" || lower == "subsecond" => {
            p.subsec = true;
            true
        }
        b's' if lower.starts_with("start of ") => {
            if !p.valid_jd && !p.valid_ymd && !p.valid_hms {
                return Ok(false);
            }
            p.compute_ymd();
            p.valid_hms = true;
            p.h = 0;
            p.mi = 0;
            p.s = 0.0;
            p.raw_s = false;
            p.tz = 0;
            p.valid_jd = false;
            match &lower[9..] {
                "month" => {
                    p.d = 1;
                    true
                }
                "year" => {
                    p.mo = 1;
                    p.d = 1;
                    true
                }
                "day" => true,
                _ => false,
            }
        }
        b'+' | b'-' | b'0'..=b'9' => shift(p, m.as_bytes()),
        _ => false,
    })
}

fn weekday(p: &mut DateTime, arg: &str) -> bool {
    let Some(r) = parse_number(arg).map(|v| v.as_f64()) else {
        return false;
    };
    if !(-6.0..=6.0).contains(&r) || r.fract() != 0.0 {
        return false;
    }
    let mut n = r as i64;
    p.compute_ymd_hms();
    p.tz = 0;
    p.valid_jd = false;
    p.compute_jd();
    let mut z = ((p.jd + 129_600_000) / 86_400_000) % 7;
    n = n.abs();
    if z != n {
        if z > n {
            z -= 7;
        }
        p.jd += (n - z) * 86_400_000;
        if arg.contains('-') {
            p.jd -= 7 * 86_400_000;
        }
    }
    p.clear_ymd_hms_tz();
    true
}

/// ±NNN units, ±HH:MM[:SS.FFF], ±YYYY-MM-DD[ HH:MM[:SS]].
fn shift(p: &mut DateTime, z: &[u8]) -> bool {
    let z0 = z[0];
    let mut n = 1;
    while n < z.len() {
        let c = z[n];
        if c == b':' || is_space(c) {
            break;
        }
        if c == b'-' {
            if n == 5 && digits(z, 1, &[(4, 0, 9999, 0)]).is_some() {
                break;
            }
            if n == 6 && digits(z, 1, &[(5, 0, 99999, 0)]).is_some() {
                break;
            }
        }
        n += 1;
    }
    let Some(r) = std::str::from_utf8(&z[..n])
        .ok()
        .and_then(parse_number)
        .map(|v| v.as_f64())
    else {
        return false;
    };
    let mut z = z;
    let mut time_at: Option<usize> = None;
    if z.get(n) == Some(&b'-') {
        if z0 != b'+' && z0 != b'-' {
            return false;
        }
        let ymd = if n == 5 {
            digits(z, 1, &[(4, 0, 9999, b'-'), (2, 0, 11, b'-'), (2, 0, 30, 0)])
        } else {
            let v = digits(
                z,
                1,
                &[(5, 0, 99999, b'-'), (2, 0, 11, b'-'), (2, 0, 30, 0)],
            );
            z = &z[1..];
            v
        };
        let Some(v) = ymd else {
            return false;
        };
        let (y, m, mut d) = (v[0], v[1], v[2]);
        p.compute_ymd_hms();
        p.valid_jd = false;
        if z0 == b'-' {
            p.y -= y;
            p.mo -= m;
            d = -d;
        } else {
            p.y += y;
            p.mo += m;
        }
        let x = if p.mo > 0 {
            (p.mo - 1) / 12
        } else {
            (p.mo - 12) / 12
        };
        p.y += x;
        p.mo -= x * 12;
        p.compute_floor();
        p.compute_jd();
        p.valid_hms = false;
        p.valid_ymd = false;
        p.jd += i64::from(d) * 86_400_000;
        if z.len() == 11 {
            return true;
        }
        if z.len() > 11
            && is_space(z[11])
            && digits(z, 12, &[(2, 0, 24, b':'), (2, 0, 59, 0)]).is_some()
        {
            time_at = Some(12);
        } else {
            return false;
        }
    }
    let (zt, nt) = match time_at {
        Some(at) => (&z[at..], 2),
        None => (z, n),
    };
    if zt.get(nt) == Some(&b':') {
        let start = usize::from(!zt[0].is_ascii_digit());
        let mut tx = DateTime::default();
        if !tx.parse_hms(zt, start) {
            return false;
        }
        tx.compute_jd();
        tx.jd -= 43_200_000;
        let day = tx.jd / 86_400_000;
        tx.jd -= day * 86_400_000;
        if z0 == b'-' {
            tx.jd = -tx.jd;
        }
        p.compute_jd();
        p.clear_ymd_hms_tz();
        p.jd += tx.jd;
        return true;
    }
    // "NNN units"
    let mut rest = &z[n..];
    while rest.first().is_some_and(|c| is_space(*c)) {
        rest = &rest[1..];
    }
    let mut len = rest.len();
    if !(3..=10).contains(&len) {
        return false;
    }
    if rest[len - 1].eq_ignore_ascii_case(&b's') {
        len -= 1;
    }
    let unit = String::from_utf8_lossy(&rest[..len]).to_ascii_lowercase();
    p.compute_jd();
    let rounder = if r < 0.0 { -0.5 } else { 0.5 };
    p.n_floor = 0;
    const UNITS: [(&str, f64, f64); 6] = [
        ("second", 4.6427e14, 1.0),
        ("minute", 7.7379e12, 60.0),
        ("hour", 1.2897e11, 3600.0),
        ("day", 5_373_485.0, 86400.0),
        ("month", 176_546.0, 2_592_000.0),
        ("year", 14_713.0, 31_536_000.0),
    ];
    let mut ok = false;
    for (k, (name, limit, xform)) in UNITS.iter().enumerate() {
        // SQLite keeps these limits as C floats.
        let limit = f64::from(*limit as f32);
        if unit == *name && r > -limit && r < limit {
            let mut r = r;
            if k == 4 {
                p.compute_ymd_hms();
                p.mo += r as i32;
                let x = if p.mo > 0 {
                    (p.mo - 1) / 12
                } else {
                    (p.mo - 12) / 12
                };
                p.y += x;
                p.mo -= x * 12;
                p.compute_floor();
                p.valid_jd = false;
                r -= f64::from(r as i32);
            } else if k == 5 {
                p.compute_ymd_hms();
                p.y += r as i32;
                p.compute_floor();
                p.valid_jd = false;
                r -= f64::from(r as i32);
            }
            p.compute_jd();
            p.jd += (r * 1000.0 * xform + rounder) as i64;
            ok = true;
            break;
        }
    }
    p.clear_ymd_hms_tz();
    ok
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

fn fmt_int(spec: &str, v: i64) -> String {
    printf(spec, &[Value::Integer(v)]).unwrap_or_default()
}

fn days_after_jan01(x: &DateTime) -> i64 {
    let mut jan = *x;
    jan.valid_jd = false;
    jan.mo = 1;
    jan.d = 1;
    jan.compute_jd();
    (x.jd - jan.jd + 43_200_000) / 86_400_000
}

fn days_after_monday(x: &DateTime) -> i64 {
    ((x.jd + 43_200_000) / 86_400_000) % 7
}

fn days_after_sunday(x: &DateTime) -> i64 {
    ((x.jd + 129_600_000) / 86_400_000) % 7
}

/// The Thursday of the ISO week `x` is in.
fn iso_thursday(x: &DateTime) -> DateTime {
    let mut y = *x;
    y.jd += (3 - days_after_monday(x)) * 86_400_000;
    y.valid_ymd = false;
    y.compute_ymd();
    y
}

fn strftime(a: &[Value]) -> Result<Value> {
    let Some(fmt) = a.first().and_then(Value::to_text) else {
        return Ok(Value::Null);
    };
    let Some(mut x) = is_date(&a[1..])? else {
        return Ok(Value::Null);
    };
    x.compute_jd();
    x.compute_ymd_hms();
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(cf) = chars.next() else {
            return Ok(Value::Null);
        };
        let piece = match cf {
            'd' => fmt_int("%02d", x.d.into()),
            'e' => fmt_int("%2d", x.d.into()),
            'f' => printf("%06.3f", &[Value::Real(x.s.min(59.999))])?,
            'F' => format!(
                "{}-{}-{}",
                fmt_int("%04d", x.y.into()),
                fmt_int("%02d", x.mo.into()),
                fmt_int("%02d", x.d.into())
            ),
            'G' => fmt_int("%04d", iso_thursday(&x).y.into()),
            'g' => fmt_int("%02d", (iso_thursday(&x).y % 100).into()),
            'H' => fmt_int("%02d", x.h.into()),
            'k' => fmt_int("%2d", x.h.into()),
            'I' | 'l' => {
                let mut h = x.h;
                if h > 12 {
                    h -= 12;
                }
                if h == 0 {
                    h = 12;
                }
                fmt_int(if cf == 'I' { "%02d" } else { "%2d" }, h.into())
            }
            'j' => fmt_int("%03d", days_after_jan01(&x) + 1),
            'J' => printf("%.16g", &[Value::Real(x.jd as f64 / 86_400_000.0)])?,
            'm' => fmt_int("%02d", x.mo.into()),
            'M' => fmt_int("%02d", x.mi.into()),
            'p' => (if x.h >= 12 { "PM" } else { "AM" }).into(),
            'P' => (if x.h >= 12 { "pm" } else { "am" }).into(),
            'R' => format!("{:02}:{:02}", x.h, x.mi),
            's' => {
                if x.subsec {
                    printf(
                        "%.3f",
                        &[Value::Real((x.jd - UNIX_EPOCH_JD) as f64 / 1000.0)],
                    )?
                } else {
                    (x.jd / 1000 - UNIX_EPOCH_JD / 1000).to_string()
                }
            }
            'S' => fmt_int("%02d", x.s as i64),
            'T' => format!("{:02}:{:02}:{:02}", x.h, x.mi, x.s as i64),
            'u' => {
                let d = days_after_sunday(&x);
                (if d == 0 { 7 } else { d }).to_string()
            }
            'w' => days_after_sunday(&x).to_string(),
            'U' => fmt_int(
                "%02d",
                (days_after_jan01(&x) - days_after_sunday(&x) + 7) / 7,
            ),
            'V' => fmt_int("%02d", days_after_jan01(&iso_thursday(&x)) / 7 + 1),
            'W' => fmt_int(
                "%02d",
                (days_after_jan01(&x) - days_after_monday(&x) + 7) / 7,
            ),
            'Y' => fmt_int("%04d", x.y.into()),
            '%' => "%".into(),
            _ => return Ok(Value::Null),
        };
        out.push_str(&piece);
    }
    Ok(Value::Text(out))
}

/// timediff(A, B): what to add to B to reach A, as `±YYYY-MM-DD HH:MM:SS.SSS`.
fn timediff(a: &[Value]) -> Result<Value> {
    let (Some(mut d1), Some(mut d2)) = (is_date(&a[..1])?, is_date(&a[1..2])?) else {
        return Ok(Value::Null);
    };
    d1.compute_ymd_hms();
    d2.compute_ymd_hms();
    let sign;
    let (mut y, mut m);
    if d1.jd >= d2.jd {
        sign = '+';
        y = d1.y - d2.y;
        if y != 0 {
            d2.y = d1.y;
            d2.valid_jd = false;
            d2.compute_jd();
        }
        m = d1.mo - d2.mo;
        if m < 0 {
            y -= 1;
            m += 12;
        }
        if m != 0 {
            d2.mo = d1.mo;
            d2.valid_jd = false;
            d2.compute_jd();
        }
        while d1.jd < d2.jd {
            m -= 1;
            if m < 0 {
                m = 11;
                y -= 1;
            }
            d2.mo -= 1;
            if d2.mo < 1 {
                d2.mo = 12;
                d2.y -= 1;
            }
            d2.valid_jd = false;
            d2.compute_jd();
        }
        d1.jd -= d2.jd;
    } else {
        sign = '-';
        y = d2.y - d1.y;
        if y != 0 {
            d2.y = d1.y;
            d2.valid_jd = false;
            d2.compute_jd();
        }
        m = d2.mo - d1.mo;
        if m < 0 {
            y -= 1;
            m += 12;
        }
        if m != 0 {
            d2.mo = d1.mo;
            d2.valid_jd = false;
            d2.compute_jd();
        }
        while d1.jd > d2.jd {
            m -= 1;
            if m < 0 {
                m = 11;
                y -= 1;
            }
            d2.mo += 1;
            if d2.mo > 12 {
                d2.mo = 1;
                d2.y += 1;
            }
            d2.valid_jd = false;
            d2.compute_jd();
        }
        d1.jd = d2.jd - d1.jd;
    }
    d1.jd += 148_699_540_800_000;
    d1.valid_ymd = false;
    d1.valid_hms = false;
    d1.tz = 0;
    d1.compute_ymd_hms();
    let text = printf(
        "%c%04d-%02d-%02d %02d:%02d:%06.3f",
        &[
            Value::Text(sign.to_string()),
            Value::Integer(y.into()),
            Value::Integer(m.into()),
            Value::Integer((d1.d - 1).into()),
            Value::Integer(d1.h.into()),
            Value::Integer(d1.mi.into()),
            Value::Real(d1.s),
        ],
    )?;
    Ok(Value::Text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn run(f: DateFn, a: &[&str]) -> Value {
        let a: Vec<Value> = a.iter().map(|s| t(s)).collect();
        call(f, &a).unwrap()
    }

    #[test]
    fn parses_every_time_value_form() {
        // Each checked with SQLite 3.54.
        use DateFn::Datetime as D;
        assert_eq!(run(D, &["2024-02-29"]), t("2024-02-29 00:00:00"));
        assert_eq!(run(D, &["2024-02-29T13:45"]), t("2024-02-29 13:45:00"));
        assert_eq!(
            run(D, &["2024-02-29 13:45:07.5+02:00"]),
            t("2024-02-29 11:45:07")
        );
        assert_eq!(run(D, &["2024-12-31 24:00"]), t("2025-01-01 00:00:00"));
        assert_eq!(run(D, &["12:30"]), t("2000-01-01 12:30:00"));
        assert_eq!(run(D, &["2460000.5"]), t("2023-02-25 00:00:00"));
        assert_eq!(run(D, &["2023-02-31"]), t("2023-03-03 00:00:00"));
        assert_eq!(run(D, &["2023-13-01"]), Value::Null);
        assert_eq!(run(D, &["2024-01-01Z"]), Value::Null);
        assert_eq!(run(D, &["2024-01-01 10:00Z"]), t("2024-01-01 10:00:00"));
    }

    #[test]
    fn modifiers() {
        use DateFn::*;
        assert_eq!(run(Date, &["2024-01-31", "+1 month"]), t("2024-03-02"));
        assert_eq!(
            run(Date, &["2024-01-31", "+1 month", "floor"]),
            t("2024-02-29")
        );
        assert_eq!(
            run(Date, &["2024-03-15", "start of month", "-1 day"]),
            t("2024-02-29")
        );
        assert_eq!(run(Date, &["2024-03-15", "weekday 0"]), t("2024-03-17"));
        assert_eq!(
            run(Datetime, &["2024-03-15 10:00", "+01:30"]),
            t("2024-03-15 11:30:00")
        );
        assert_eq!(
            run(Datetime, &["2024-03-15", "-0001-02-03"]),
            t("2023-01-12 00:00:00")
        );
        assert_eq!(run(Time, &["12:00:00.123", "subsec"]), t("12:00:00.123"));
        assert_eq!(run(Date, &["2024-03-15", "end of month"]), t("2024-03-31"));
        assert_eq!(run(Date, &["2024-03-15", "bogus"]), Value::Null);
    }

    #[test]
    fn strftime_iso_weeks() {
        let s = |f: &str, d: &str| run(DateFn::Strftime, &[f, d]);
        assert_eq!(s("%G-W%V-%u", "2021-01-03"), t("2020-W53-7"));
        assert_eq!(s("%Y %j %U %W %w", "2024-12-31"), t("2024 366 52 53 2"));
        assert_eq!(
            s("%I:%M %p|%l|%k|%e", "2024-01-05 00:07"),
            t("12:07 AM|12| 0| 5")
        );
        assert_eq!(s("%Q", "2024-01-01"), Value::Null);
        assert_eq!(s("%d%", "2024-01-01"), Value::Null);
    }
}
