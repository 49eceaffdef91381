//! Parsing a time value into a [`DateTime`] and converting between its julian day
//! and calendar fields (date.c's parseDateOrTime, computeJD, computeYMD, …).

use super::super::super::value::parse_number;
use super::modify::local_tm;
use super::{days_of_month, digits, is_space, DateTime, MAX_JD, UNIX_EPOCH_JD};
use crate::error::{Error, Result};

impl DateTime {
    pub(super) fn set_error(&mut self) {
        *self = DateTime {
            error: true,
            ..DateTime::default()
        };
    }

    pub(super) fn clear_ymd_hms_tz(&mut self) {
        self.valid_ymd = false;
        self.valid_hms = false;
        self.tz = 0;
    }

    pub(super) fn compute_jd(&mut self) {
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

    pub(super) fn compute_floor(&mut self) {
        let mx = days_of_month(self.y, self.mo);
        self.n_floor = if self.d > mx { self.d - mx } else { 0 };
    }

    pub(super) fn compute_ymd(&mut self) {
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

    pub(super) fn compute_hms(&mut self) {
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

    pub(super) fn compute_ymd_hms(&mut self) {
        self.compute_ymd();
        self.compute_hms();
    }

    /// `[ ]*(Z|±HH:MM)?[ ]*` to the end; false on anything else.
    pub(super) fn parse_timezone(&mut self, z: &[u8], mut i: usize) -> bool {
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
    pub(super) fn parse_hms(&mut self, z: &[u8], at: usize) -> bool {
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

    pub(super) fn parse_ymd(&mut self, z: &[u8]) -> bool {
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

    pub(super) fn set_now(&mut self) {
        self.jd = super::super::now_ms() + UNIX_EPOCH_JD;
        self.valid_jd = true;
        self.is_utc = true;
        self.is_local = false;
        self.clear_ymd_hms_tz();
    }

    pub(super) fn set_raw_number(&mut self, r: f64) {
        self.s = r;
        self.raw_s = true;
        if (0.0..5_373_484.5).contains(&r) {
            self.jd = (r * 86_400_000.0 + 0.5) as i64;
            self.valid_jd = true;
        }
    }

    pub(super) fn parse_date_or_time(&mut self, s: &str) -> bool {
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
    pub(super) fn make_local(&mut self) -> Result<()> {
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

    pub(super) fn auto_adjust(&mut self) {
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
