//! Comparing our rows with SQLite's: values converted from rusqlite's, reals equal
//! up to their last printed digit, rows compared in a canonical order.

use super::*;

pub(super) fn from_sqlite(v: SqliteValue) -> Value {
    match v {
        SqliteValue::Null => Value::Null,
        SqliteValue::Integer(i) => Value::Integer(i),
        SqliteValue::Real(r) => Value::Real(r),
        SqliteValue::Text(s) => Value::Text(s),
        SqliteValue::Blob(b) => Value::Blob(b),
    }
}

/// Equal values; in a group key (`loose`) an integer may stand for an equal real, as
/// which of the group's rows SQLite takes the key from depends on its sorter.
pub(super) fn same(a: &Value, b: &Value, loose: bool) -> bool {
    match (a, b) {
        (Value::Integer(i), Value::Real(r)) | (Value::Real(r), Value::Integer(i)) if loose => {
            *i as f64 == *r
        }
        (Value::Real(x), Value::Real(y)) => x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs()),
        (Value::Text(x), Value::Text(y)) => x == y || same_but_17th_digit(x, y),
        _ => a == b,
    }
}

/// SQLite prints a real that needs 17 significant digits with a last digit that is
/// sometimes off by one from the exact one (its `sqlite3FpDecode`); we print the exact
/// one. Texts that differ only there are the same.
pub(super) fn same_but_17th_digit(x: &str, y: &str) -> bool {
    if x.len() != y.len() {
        return false;
    }
    let mut run = 0;
    for (a, b) in x.bytes().zip(y.bytes()) {
        if a != b && !(a.is_ascii_digit() && b.is_ascii_digit() && run >= 15) {
            return false;
        }
        run = if a.is_ascii_digit() {
            run + 1
        } else if a == b'.' {
            run
        } else {
            0
        };
    }
    true
}

pub(super) fn same_rows(ours: &[Vec<Value>], theirs: &[Vec<Value>], loose: bool) -> bool {
    ours.len() == theirs.len()
        && ours
            .iter()
            .zip(theirs)
            .all(|(a, b)| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y, loose)))
}

pub(super) fn canonical(mut rows: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    rows.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.sql_cmp(y).then(x.type_name().cmp(y.type_name())))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    rows
}
