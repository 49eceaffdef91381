//! strftime() and timediff(): formatting a [`DateTime`] field by field, and the
//! difference of two times as ±YYYY-MM-DD HH:MM:SS.SSS.

use super::super::printf::printf;
use super::{is_date, DateTime, Value, UNIX_EPOCH_JD};
use crate::error::Result;

pub(super) fn fmt_int(spec: &str, v: i64) -> String {
    printf(spec, &[Value::Integer(v)]).unwrap_or_default()
}

pub(super) fn days_after_jan01(x: &DateTime) -> i64 {
    let mut jan = *x;
    jan.valid_jd = false;
    jan.mo = 1;
    jan.d = 1;
    jan.compute_jd();
    (x.jd - jan.jd + 43_200_000) / 86_400_000
}

pub(super) fn days_after_monday(x: &DateTime) -> i64 {
    ((x.jd + 43_200_000) / 86_400_000) % 7
}

pub(super) fn days_after_sunday(x: &DateTime) -> i64 {
    ((x.jd + 129_600_000) / 86_400_000) % 7
}

/// The Thursday of the ISO week `x` is in.
pub(super) fn iso_thursday(x: &DateTime) -> DateTime {
    let mut y = *x;
    y.jd += (3 - days_after_monday(x)) * 86_400_000;
    y.valid_ymd = false;
    y.compute_ymd();
    y
}

pub(super) fn strftime(a: &[Value]) -> Result<Value> {
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
pub(super) fn timediff(a: &[Value]) -> Result<Value> {
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
