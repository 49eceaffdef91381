//! sqlite3FpDecode: a real's significant digits and decimal point, rounded as SQLite
//! rounds them, for the real conversions and quote().

/// A real's significant digits (ASCII, no trailing zeros) and where the decimal point
/// goes: the value is 0.`digits` × 10^`dp`.
#[derive(Debug, PartialEq)]
pub struct Decoded {
    pub neg: bool,
    pub digits: Vec<u8>,
    pub dp: i32,
    /// 1 for ±Inf, 2 for NaN.
    pub special: u8,
}

/// sqlite3FpDecode: round to `round` significant digits (if > 0) or to `-round` digits
/// after the point (if <= 0), never more than `max` significant digits.
pub fn decode(r: f64, round: i32, max: i32) -> Decoded {
    let neg = r < 0.0;
    let r = r.abs();
    let mut d = Decoded {
        neg,
        digits: b"0".to_vec(),
        dp: 1,
        special: 0,
    };
    if r == 0.0 {
        d.neg = false;
        return d;
    }
    if !r.is_finite() {
        d.special = if r.is_nan() { 2 } else { 1 };
        d.digits.clear();
        d.dp = 0;
        return d;
    }
    // SQLite first converts to n (or n+1) digits: floor(r·10^p), or rounded when
    // n is 18, with p from its estimate of the decimal exponent.
    let bits = r.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mant = bits & 0x000f_ffff_ffff_ffff;
    let e = if biased == 0 {
        -1074 - mant.leading_zeros() as i32
    } else {
        biased - 1086
    };
    let n = if round <= 0 || round >= 18 {
        18
    } else {
        round + 1
    };
    let p = n - 1 - (((e + 63) * 78913) >> 18);
    let sci = format!("{r:.40e}");
    let (m, ex) = sci.split_once('e').expect("{:e} has an exponent");
    let ex: i32 = ex.parse().expect("{:e} exponent");
    let all: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
    let count = (ex + p + 1).clamp(1, 40) as usize;
    let mut z: Vec<u8> = all[..count].to_vec();
    if n == 18 && all[count] >= b'5' {
        increment(&mut z);
    }
    let mut len = z.len() as i32;
    let exp10 = -p;
    let mut dp = len + exp10;
    let mut round = round;
    if round <= 0 {
        round = dp - round;
        if round == 0 && z[0] >= b'5' {
            round = 1;
            z.insert(0, b'0');
            len += 1;
            dp += 1;
        }
    }
    if round > 0 && (round < len || len > max) {
        round = round.min(max);
        if round == 17 {
            round = shortest_17(r, &z, exp10, len).unwrap_or(round);
        }
        let keep = round as usize;
        let up = z[keep] >= b'5';
        z.truncate(keep);
        if up && increment(&mut z) {
            dp += 1;
        }
    }
    while z.len() > 1 && z.last() == Some(&b'0') {
        z.pop();
    }
    d.digits = z;
    d.dp = dp;
    d
}

/// Adds one to the last digit, carrying; true when a new leading digit appeared.
fn increment(z: &mut Vec<u8>) -> bool {
    for i in (0..z.len()).rev() {
        if z[i] == b'9' {
            z[i] = b'0';
        } else {
            z[i] += 1;
            return false;
        }
    }
    z.insert(0, b'1');
    true
}

/// `%!.17g`: fewer digits when they still read back as `r` (49.47, not
/// 49.469999999999999), tried as SQLite does at 13–15 digits of zeros or nines.
fn shortest_17(r: f64, z: &[u8], exp10: i32, n: i32) -> Option<i32> {
    let reads_back = |v: u64, x: i32| format!("{v}e{x}").parse::<f64>().ok() == Some(r);
    let num = |k: usize| {
        z[..k]
            .iter()
            .fold(0u64, |acc, c| acc * 10 + u64::from(c - b'0'))
    };
    if z[15] == b'9' && z[14] == b'9' {
        let mut jj = 14;
        while jj > 0 && z[jj - 1] == b'9' {
            jj -= 1;
        }
        let v2 = if jj == 0 { 1 } else { num(jj) + 1 };
        reads_back(v2, exp10 + n - jj as i32).then_some(jj as i32 + 1)
    } else if exp10 + n >= n || (z[15] == b'0' && z[14] == b'0' && z[13] == b'0') {
        let mut jj = 13;
        while z[jj - 1] == b'0' {
            jj -= 1;
        }
        reads_back(num(jj), exp10 + n - jj as i32).then_some(jj as i32 + 1)
    } else {
        None
    }
}
