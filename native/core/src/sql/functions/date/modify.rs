//! The modifiers of the date functions (date.c's parseModifier): each changes a
//! [`DateTime`] in place or reports that it is not a modifier.

use super::super::super::value::parse_number;
use super::{digits, is_space, DateTime, UNIX_EPOCH_JD};
use crate::error::Result;

pub(super) fn local_tm(t: i64) -> Option<libc::tm> {
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
pub(super) fn modify(p: &mut DateTime, m: &str, idx: usize) -> Result<bool> {
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

pub(super) fn weekday(p: &mut DateTime, arg: &str) -> bool {
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
pub(super) fn shift(p: &mut DateTime, z: &[u8]) -> bool {
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
