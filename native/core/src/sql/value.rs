//! SQL values and SQLite's rules for them: the sort order (NULL < numbers < text < blob,
//! integers and reals compared numerically), type affinity, and the text form of reals.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;

/// A value as SQLite types it. The stable currency of the API: rows, parameters, results.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// Column affinity (SQLite's names). `Blob` is SQLite's "BLOB or no affinity".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Affinity {
    Integer,
    Real,
    Numeric,
    Text,
    Blob,
}

impl Affinity {
    /// SQLite's rules for a declared type name (section 3.1 of "Datatypes In SQLite").
    pub fn of_type(decl: &str) -> Affinity {
        let t = decl.to_ascii_uppercase();
        if t.contains("INT") {
            Affinity::Integer
        } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
            Affinity::Text
        } else if t.contains("BLOB") || t.is_empty() {
            Affinity::Blob
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, Affinity::Integer | Affinity::Real | Affinity::Numeric)
    }
}

impl Value {
    fn class(&self) -> u8 {
        match self {
            Value::Null => 0,
            Value::Integer(_) | Value::Real(_) => 1,
            Value::Text(_) => 2,
            Value::Blob(_) => 3,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// SQLite's total sort order (BINARY collation).
    pub fn sql_cmp(&self, other: &Value) -> Ordering {
        match (self, other) {
            (Value::Integer(a), Value::Integer(b)) => a.cmp(b),
            (Value::Real(a), Value::Real(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            (Value::Integer(a), Value::Real(b)) => cmp_int_real(*a, *b),
            (Value::Real(a), Value::Integer(b)) => cmp_int_real(*b, *a).reverse(),
            (Value::Text(a), Value::Text(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Value::Blob(a), Value::Blob(b)) => a.cmp(b),
            _ => self.class().cmp(&other.class()),
        }
    }

    /// Truth value in a boolean context; `None` is SQL's unknown.
    pub fn truth(&self) -> Option<bool> {
        match self {
            Value::Null => None,
            Value::Integer(i) => Some(*i != 0),
            Value::Real(r) => Some(*r != 0.0),
            Value::Text(_) | Value::Blob(_) => Some(self.to_numeric().as_f64() != 0.0),
        }
    }

    pub fn as_f64(&self) -> f64 {
        match self {
            Value::Integer(i) => *i as f64,
            Value::Real(r) => *r,
            Value::Null => 0.0,
            _ => self.to_numeric().as_f64(),
        }
    }

    /// The value as text (`None` for NULL), as `||` and text functions see it.
    pub fn to_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::Null => None,
            Value::Integer(i) => Some(Cow::Owned(i.to_string())),
            Value::Real(r) => Some(Cow::Owned(format_real(*r))),
            Value::Text(s) => Some(Cow::Borrowed(s)),
            Value::Blob(b) => Some(String::from_utf8_lossy(b)),
        }
    }

    /// The numeric value arithmetic uses: text and blobs by their longest numeric prefix.
    pub fn to_numeric(&self) -> Value {
        match self {
            Value::Null | Value::Integer(_) | Value::Real(_) => self.clone(),
            Value::Text(s) => numeric_prefix(s),
            Value::Blob(b) => numeric_prefix(&String::from_utf8_lossy(b)),
        }
    }

    /// CAST(x AS INTEGER).
    pub fn to_integer(&self) -> Value {
        match self.to_numeric() {
            Value::Real(r) => Value::Integer(real_to_int(r)),
            v => v,
        }
    }

    /// Converts a value as storing it in (or comparing it with) a column of `aff` does.
    pub fn apply_affinity(self, aff: Affinity) -> Value {
        match (aff, self) {
            (Affinity::Text, v @ (Value::Integer(_) | Value::Real(_))) => {
                Value::Text(v.to_text().unwrap_or_default().into_owned())
            }
            (Affinity::Real, Value::Integer(i)) => Value::Real(i as f64),
            (Affinity::Real, Value::Text(s)) => match parse_number(&s) {
                Some(n) => Value::Real(n.as_f64()),
                None => Value::Text(s),
            },
            (Affinity::Integer | Affinity::Numeric, Value::Text(s)) => match parse_number(&s) {
                Some(Value::Real(r)) => real_as_int(r).map_or(Value::Real(r), Value::Integer),
                Some(n) => n,
                None => Value::Text(s),
            },
            (Affinity::Integer | Affinity::Numeric, Value::Real(r)) => {
                real_as_int(r).map_or(Value::Real(r), Value::Integer)
            }
            (_, v) => v,
        }
    }

    /// SQLite's `typeof()`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Integer(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Blob(b) => {
                f.write_str("x'")?;
                for byte in b {
                    write!(f, "{byte:02X}")?;
                }
                f.write_str("'")
            }
            v => f.write_str(&v.to_text().unwrap_or_default()),
        }
    }
}

fn cmp_int_real(i: i64, r: f64) -> Ordering {
    if r.is_nan() {
        return Ordering::Greater;
    }
    if r >= 9_223_372_036_854_775_808.0 {
        return Ordering::Less;
    }
    if r < -9_223_372_036_854_775_808.0 {
        return Ordering::Greater;
    }
    let t = r.trunc();
    match i.cmp(&(t as i64)) {
        Ordering::Equal => 0.0f64.partial_cmp(&(r - t)).unwrap_or(Ordering::Equal),
        o => o,
    }
}

/// A real that SQLite stores as an integer under INTEGER/NUMERIC affinity.
fn real_as_int(r: f64) -> Option<i64> {
    const LIMIT: f64 = 2_251_799_813_685_248.0; // 2^51, as sqlite3RealSameAsInt
    (r.fract() == 0.0 && r > -LIMIT && r < LIMIT).then_some(r as i64)
}

/// Truncation toward zero, saturating as SQLite's CAST does.
pub fn real_to_int(r: f64) -> i64 {
    if r.is_nan() {
        0
    } else {
        r as i64
    }
}

/// A whole string (surrounding spaces allowed) that is a number literal.
pub fn parse_number(s: &str) -> Option<Value> {
    let t = s.trim_matches(|c: char| c.is_ascii_whitespace());
    let (v, used) = scan_number(t)?;
    (used == t.len()).then_some(v)
}

/// The longest numeric prefix (after leading spaces); 0 when there is none.
pub fn numeric_prefix(s: &str) -> Value {
    let t = s.trim_start_matches(|c: char| c.is_ascii_whitespace());
    scan_number(t).map_or(Value::Integer(0), |(v, _)| v)
}

/// Scans `[+-]digits[.digits][e[+-]digits]` from the start of `s`: the value and the
/// bytes used. Integers that overflow i64 become reals.
fn scan_number(s: &str) -> Option<(Value, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    let mut is_real = false;
    if i < b.len() && b[i] == b'.' {
        let frac_start = i + 1;
        let mut j = frac_start;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if digits > 0 || j > frac_start {
            digits += j - frac_start;
            is_real = true;
            i = j;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            is_real = true;
            i = j;
        }
    }
    let text = &s[..i];
    if !is_real {
        if let Ok(n) = text.parse::<i64>() {
            return Some((Value::Integer(n), i));
        }
    }
    text.parse::<f64>().ok().map(|r| (Value::Real(r), i))
}

/// A real as SQLite (3.43+) prints it: 15 significant digits when they read back as
/// the same number, else 17; exponent form below 1e-4 and from 1e17: `1.0`, `0.1`,
/// `0.30000000000000004`, `1.0e+20`. (SQLite's own 17th digit is occasionally off by one
/// from the exact one produced here.)
pub fn format_real(r: f64) -> String {
    if r.is_nan() {
        return String::new();
    }
    if r.is_infinite() {
        return if r > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    if r == 0.0 {
        return "0.0".into();
    }
    let mut sci = format!("{:.14e}", r.abs());
    if sci.parse::<f64>().ok() != Some(r.abs()) {
        sci = format!("{:.16e}", r.abs());
    }
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    let sign = if r < 0.0 { "-" } else { "" };
    if !(-4..17).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}.{rest}e{esign}{:02}", exp.abs());
    }
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let point = exp as usize + 1;
    if digits.len() <= point {
        let pad = "0".repeat(point - digits.len());
        format!("{sign}{digits}{pad}.0")
    } else {
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reals_print_as_sqlite() {
        assert_eq!(format_real(1.0), "1.0");
        assert_eq!(format_real(0.1), "0.1");
        assert_eq!(format_real(-2.5), "-2.5");
        assert_eq!(format_real(1e20), "1.0e+20");
        assert_eq!(format_real(1.5e-7), "1.5e-07");
        assert_eq!(format_real(123456.789), "123456.789");
        assert_eq!(format_real(0.001), "0.001");
        assert_eq!(format_real(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(format_real(1e16), "10000000000000000.0");
        assert_eq!(format_real(123456789012345678.0), "1.2345678901234568e+17");
    }

    #[test]
    fn ordering_and_affinity() {
        use Value::*;
        assert_eq!(Integer(1).sql_cmp(&Real(1.0)), Ordering::Equal);
        assert_eq!(Integer(2).sql_cmp(&Real(1.5)), Ordering::Greater);
        assert_eq!(Real(9e18).sql_cmp(&Text("a".into())), Ordering::Less);
        assert_eq!(Null.sql_cmp(&Integer(i64::MIN)), Ordering::Less);
        assert_eq!(
            Text(" 12 ".into()).apply_affinity(Affinity::Integer),
            Integer(12)
        );
        assert_eq!(
            Text("3.0".into()).apply_affinity(Affinity::Numeric),
            Integer(3)
        );
        assert_eq!(
            Text("1e3".into()).apply_affinity(Affinity::Real),
            Real(1000.0)
        );
        assert_eq!(
            Text("12a".into()).apply_affinity(Affinity::Integer),
            Text("12a".into())
        );
        assert_eq!(Integer(7).apply_affinity(Affinity::Text), Text("7".into()));
        assert_eq!(numeric_prefix("12abc"), Integer(12));
        assert_eq!(numeric_prefix("abc"), Integer(0));
        assert_eq!(numeric_prefix(" -1.5e2x"), Real(-150.0));
    }
}
