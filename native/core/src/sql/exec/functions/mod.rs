//! Scalar functions with SQLite's semantics.
//!
//! In: a function name and argument count from [`crate::sql::compile`], which asks
//! [`Func::lookup`] (an unknown name is `no such function: X`, a known one with the
//! wrong count `wrong number of arguments to function X()`); then, per row, the
//! evaluated arguments from [`crate::sql::expr`]. Out: one [`Value`], or an error where
//! SQLite raises one (integer overflow in abs, too big a string, malformed JSON).
//!
//! One file per family: [`text`], [`math`], [`printf`], [`date`], [`json`], [`like`]
//! (LIKE and GLOB); [`ops`] holds the operators (arithmetic, CAST) `expr` calls directly.
//!
//! 'now' is read once per statement: [`Session::execute`](crate::sql::Session::execute)
//! holds a [`NowGuard`] while the statement runs, so every date function call in it
//! sees the same instant, as in SQLite.

mod date;
mod json;
mod json_each;
mod json_edit;
mod json_parse;
mod json_value;

mod like;
mod math;
mod ops;
mod printf;
mod text;

pub use json::{embed as json_embed, escape as json_escape, is_json_expr, mark_json_args};

/// Whether argument `k` of `n` of `f` is a value a JSON function embeds.
pub fn embeds_arg(f: Func, k: usize, n: usize) -> bool {
    matches!(f, Func::Json(j, _) if json::embeds_arg(j, k, n))
}

/// The identity that marks a json_each `value` column as JSON ([`json::JsonFn::Subtyped`]).
pub fn json_subtyped() -> Func {
    Func::Json(JsonFn::Subtyped, 0)
}
pub use json_each::{each_rows, COLUMNS as JSON_EACH_COLUMNS};
pub use like::like;
pub use ops::{arith, cast, negate};

use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::value::Value;
use date::DateFn;
use json::JsonFn;
use math::Math;
use std::cell::Cell;

/// SQLite's default SQLITE_MAX_LENGTH: no string or blob grows past it.
pub const MAX_LENGTH: usize = 1_000_000_000;

/// The version sqlite_version() reports: the SQLite the differential test compares
/// against (rusqlite's bundled build), whose behaviour these functions follow.
pub const SQLITE_VERSION: &str = "3.54.1";

pub fn too_big() -> Error {
    Error::InvalidInput("string or blob too big".into())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Lower,
    Upper,
    Length,
    OctetLength,
    Abs,
    Round,
    Sign,
    Substr,
    Trim,
    Ltrim,
    Rtrim,
    Replace,
    Coalesce,
    /// nullif(), min() and max() compare under the collation of their first argument
    /// that has one (SQLite's `sqlite3GetFuncCollSeq`), set when the call is compiled.
    Nullif(Collation),
    Iif,
    Typeof,
    Min(Collation),
    Max(Collation),
    Instr,
    Hex,
    Unhex,
    Char,
    Unicode,
    Quote,
    Concat,
    ConcatWs,
    Printf,
    Glob,
    Like,
    Likelihood,
    Likely,
    Random,
    Randomblob,
    Zeroblob,
    SqliteVersion,
    LastInsertRowid,
    Changes,
    TotalChanges,
    Math(Math),
    Date(DateFn),
    /// A JSON function and which of its arguments are JSON ([`mark_json_args`]).
    Json(JsonFn, u64),
    /// `RAISE(…)` in a trigger: not looked up by name (its first argument is a
    /// keyword), compiled by the compiler itself.
    Raise(crate::sql::fire::Raise),
}

/// Arity `ANY` means no upper bound.
const ANY: u8 = u8::MAX;

/// Every function: name, fewest and most arguments, variant.
const TABLE: &[(&str, u8, u8, Func)] = &[
    ("lower", 1, 1, Func::Lower),
    ("upper", 1, 1, Func::Upper),
    ("length", 1, 1, Func::Length),
    ("octet_length", 1, 1, Func::OctetLength),
    ("abs", 1, 1, Func::Abs),
    ("round", 1, 2, Func::Round),
    ("sign", 1, 1, Func::Sign),
    ("substr", 2, 3, Func::Substr),
    ("substring", 2, 3, Func::Substr),
    ("trim", 1, 2, Func::Trim),
    ("ltrim", 1, 2, Func::Ltrim),
    ("rtrim", 1, 2, Func::Rtrim),
    ("replace", 3, 3, Func::Replace),
    ("coalesce", 2, ANY, Func::Coalesce),
    ("ifnull", 2, 2, Func::Coalesce),
    ("nullif", 2, 2, Func::Nullif(Collation::Binary)),
    ("iif", 2, ANY, Func::Iif),
    ("if", 2, ANY, Func::Iif),
    ("typeof", 1, 1, Func::Typeof),
    ("min", 2, ANY, Func::Min(Collation::Binary)),
    ("max", 2, ANY, Func::Max(Collation::Binary)),
    ("instr", 2, 2, Func::Instr),
    ("hex", 1, 1, Func::Hex),
    ("unhex", 1, 2, Func::Unhex),
    ("char", 0, ANY, Func::Char),
    ("unicode", 1, 1, Func::Unicode),
    ("quote", 1, 1, Func::Quote),
    ("concat", 1, ANY, Func::Concat),
    ("concat_ws", 2, ANY, Func::ConcatWs),
    ("printf", 0, ANY, Func::Printf),
    ("format", 0, ANY, Func::Printf),
    ("glob", 2, 2, Func::Glob),
    ("like", 2, 3, Func::Like),
    ("likelihood", 2, 2, Func::Likelihood),
    ("likely", 1, 1, Func::Likely),
    ("unlikely", 1, 1, Func::Likely),
    ("random", 0, 0, Func::Random),
    ("randomblob", 1, 1, Func::Randomblob),
    ("zeroblob", 1, 1, Func::Zeroblob),
    ("sqlite_version", 0, 0, Func::SqliteVersion),
    ("last_insert_rowid", 0, 0, Func::LastInsertRowid),
    ("changes", 0, 0, Func::Changes),
    ("total_changes", 0, 0, Func::TotalChanges),
    ("acos", 1, 1, Func::Math(Math::Acos)),
    ("acosh", 1, 1, Func::Math(Math::Acosh)),
    ("asin", 1, 1, Func::Math(Math::Asin)),
    ("asinh", 1, 1, Func::Math(Math::Asinh)),
    ("atan", 1, 1, Func::Math(Math::Atan)),
    ("atan2", 2, 2, Func::Math(Math::Atan2)),
    ("atanh", 1, 1, Func::Math(Math::Atanh)),
    ("ceil", 1, 1, Func::Math(Math::Ceil)),
    ("ceiling", 1, 1, Func::Math(Math::Ceil)),
    ("cos", 1, 1, Func::Math(Math::Cos)),
    ("cosh", 1, 1, Func::Math(Math::Cosh)),
    ("degrees", 1, 1, Func::Math(Math::Degrees)),
    ("exp", 1, 1, Func::Math(Math::Exp)),
    ("floor", 1, 1, Func::Math(Math::Floor)),
    ("ln", 1, 1, Func::Math(Math::Ln)),
    ("log", 1, 2, Func::Math(Math::Log)),
    ("log10", 1, 1, Func::Math(Math::Log10)),
    ("log2", 1, 1, Func::Math(Math::Log2)),
    ("mod", 2, 2, Func::Math(Math::Mod)),
    ("pi", 0, 0, Func::Math(Math::Pi)),
    ("pow", 2, 2, Func::Math(Math::Pow)),
    ("power", 2, 2, Func::Math(Math::Pow)),
    ("radians", 1, 1, Func::Math(Math::Radians)),
    ("sin", 1, 1, Func::Math(Math::Sin)),
    ("sinh", 1, 1, Func::Math(Math::Sinh)),
    ("sqrt", 1, 1, Func::Math(Math::Sqrt)),
    ("tan", 1, 1, Func::Math(Math::Tan)),
    ("tanh", 1, 1, Func::Math(Math::Tanh)),
    ("trunc", 1, 1, Func::Math(Math::Trunc)),
    ("date", 0, ANY, Func::Date(DateFn::Date)),
    ("time", 0, ANY, Func::Date(DateFn::Time)),
    ("datetime", 0, ANY, Func::Date(DateFn::Datetime)),
    ("julianday", 0, ANY, Func::Date(DateFn::Julianday)),
    ("unixepoch", 0, ANY, Func::Date(DateFn::Unixepoch)),
    ("strftime", 0, ANY, Func::Date(DateFn::Strftime)),
    ("timediff", 2, 2, Func::Date(DateFn::Timediff)),
    ("current_date", 0, 0, Func::Date(DateFn::Date)),
    ("current_time", 0, 0, Func::Date(DateFn::Time)),
    ("current_timestamp", 0, 0, Func::Date(DateFn::Datetime)),
    ("json", 1, 1, Func::Json(JsonFn::Json, 0)),
    ("json_valid", 1, 2, Func::Json(JsonFn::Valid, 0)),
    ("json_extract", 1, ANY, Func::Json(JsonFn::Extract, 0)),
    ("json_array", 0, ANY, Func::Json(JsonFn::Array, 0)),
    ("json_object", 0, ANY, Func::Json(JsonFn::Object, 0)),
    ("json_insert", 1, ANY, Func::Json(JsonFn::Insert, 0)),
    ("json_replace", 1, ANY, Func::Json(JsonFn::Replace, 0)),
    ("json_set", 1, ANY, Func::Json(JsonFn::Set, 0)),
    ("json_remove", 1, ANY, Func::Json(JsonFn::Remove, 0)),
    ("json_type", 1, 2, Func::Json(JsonFn::Type, 0)),
    (
        "json_array_length",
        1,
        2,
        Func::Json(JsonFn::ArrayLength, 0),
    ),
    ("json_quote", 1, 1, Func::Json(JsonFn::Quote, 0)),
    // The `->` and `->>` operators ([`crate::sql::compile`] looks them up by these names).
    ("->", 2, 2, Func::Json(JsonFn::Arrow, 0)),
    ("->>", 2, 2, Func::Json(JsonFn::LongArrow, 0)),
    ("json_patch", 2, 2, Func::Json(JsonFn::Patch, 0)),
    (
        "json_error_position",
        1,
        1,
        Func::Json(JsonFn::ErrorPosition, 0),
    ),
];

impl Func {
    /// The function named `name` taking `n` arguments, if we have it.
    pub fn lookup(name: &str, n: usize) -> Option<Func> {
        let name = name.to_ascii_lowercase();
        TABLE
            .iter()
            .find(|(f, lo, hi, _)| {
                *f == name && n >= usize::from(*lo) && (*hi == ANY || n <= usize::from(*hi))
            })
            .map(|e| e.3)
    }

    /// Whether some function has this name (with whatever arity).
    pub fn exists(name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        TABLE.iter().any(|e| e.0 == name)
    }
}

/// sqlite3_value_int64: what C functions read as an integer argument. Reals are
/// truncated (saturating), text and blobs give their leading integer (`'1e3'` is 1,
/// unlike CAST), saturating on overflow; NULL is 0.
pub fn value_int64(v: &Value) -> i64 {
    match v {
        Value::Null => 0,
        Value::Integer(i) => *i,
        Value::Real(r) => crate::sql::value::real_to_int(*r),
        Value::Text(s) => text_int64(s.as_bytes()),
        Value::Blob(b) => text_int64(b),
    }
}

fn text_int64(b: &[u8]) -> i64 {
    let mut i = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let neg = b.get(i) == Some(&b'-');
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let mut v: i128 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = (v * 10 + i128::from(b[i] - b'0')).min(i128::from(i64::MAX) + 1);
        i += 1;
    }
    let v = if neg { -v } else { v };
    v.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

thread_local! {
    /// The statement's 'now' in Unix milliseconds, while a [`NowGuard`] lives.
    static NOW: Cell<Option<i64>> = const { Cell::new(None) };
    static RANDOM: Cell<u64> = const { Cell::new(0) };
}

/// Pins 'now' for the statement running on this thread until dropped.
pub struct NowGuard(Option<i64>);

impl NowGuard {
    pub fn pin() -> NowGuard {
        let prev = NOW.with(Cell::get);
        NOW.with(|n| n.set(Some(prev.unwrap_or_else(system_now_ms))));
        NowGuard(prev)
    }
}

impl Drop for NowGuard {
    fn drop(&mut self) {
        NOW.with(|n| n.set(self.0));
    }
}

fn system_now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The statement's 'now' (Unix milliseconds); the clock when no statement pinned it.
pub fn now_ms() -> i64 {
    NOW.with(Cell::get).unwrap_or_else(system_now_ms)
}

/// A pseudo-random u64 (xorshift64*, seeded from the clock and the thread).
pub fn random_u64() -> u64 {
    RANDOM.with(|r| {
        let mut x = r.get();
        if x == 0 {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64);
            x = seed ^ (&x as *const u64 as u64).rotate_left(32) | 1;
        }
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.set(x);
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    })
}

pub fn call(f: Func, mut a: Vec<Value>) -> Result<Value> {
    let null = Value::Null;
    Ok(match f {
        Func::Raise(kind) => return Err(crate::sql::fire::raise(kind, a.pop())),
        Func::Coalesce => a.into_iter().find(|v| !v.is_null()).unwrap_or(null),
        Func::Nullif(c) => {
            if !a[0].is_null() && !a[1].is_null() && c.key(&a[0]).sql_cmp(&c.key(&a[1])).is_eq() {
                null
            } else {
                a.swap_remove(0)
            }
        }
        Func::Iif => {
            // iif(c1, v1, c2, v2, …, [else]): the first true condition's value.
            let mut k = 0;
            while k + 1 < a.len() {
                if a[k].truth() == Some(true) {
                    return Ok(a.swap_remove(k + 1));
                }
                k += 2;
            }
            if k < a.len() {
                a.swap_remove(k)
            } else {
                null
            }
        }
        Func::Typeof => Value::Text(a[0].type_name().into()),
        Func::Min(c) | Func::Max(c) => {
            if a.iter().any(Value::is_null) {
                return Ok(null);
            }
            // As SQLite's minmaxFunc: of equal values min() takes the later, max() the
            // earlier (min(1, 1.0) is 1.0, max(1, 1.0) is 1).
            let mut best = a.remove(0);
            for v in a {
                let o = c.key(&v).sql_cmp(&c.key(&best));
                if (matches!(f, Func::Min(_)) && o.is_le())
                    || (matches!(f, Func::Max(_)) && o.is_gt())
                {
                    best = v;
                }
            }
            best
        }
        Func::Lower => text::lower(&a[0]),
        Func::Upper => text::upper(&a[0]),
        Func::Length => text::length(&a[0]),
        Func::OctetLength => text::octet_length(&a[0]),
        Func::Abs => math::abs(&a[0])?,
        Func::Round => math::round_value(&a),
        Func::Sign => math::sign(&a[0]),
        Func::Math(m) => math::call(m, &a),
        Func::Substr => text::substr(&a),
        Func::Trim => text::trim(&a[0], a.get(1), true, true),
        Func::Ltrim => text::trim(&a[0], a.get(1), true, false),
        Func::Rtrim => text::trim(&a[0], a.get(1), false, true),
        Func::Replace => text::replace(&a),
        Func::Instr => text::instr(&a[0], &a[1]),
        Func::Hex => text::hex(&a[0]),
        Func::Unhex => text::unhex(&a),
        Func::Char => text::char_of(&a),
        Func::Unicode => text::unicode(&a[0]),
        Func::Quote => text::quote(&a[0]),
        Func::Concat => text::concat(&a, None)?,
        Func::ConcatWs => text::concat(&a[1..], Some(&a[0]))?,
        Func::Printf => match a.first().and_then(|f| f.to_text()) {
            Some(fmt) => Value::Text(printf::printf(&fmt, &a[1..])?),
            None => null,
        },
        Func::Glob => like::glob(&a[1], &a[0]).map_or(null, |m| Value::Integer(i64::from(m))),
        Func::Like => like(&a[1], &a[0], a.get(2))?.map_or(null, |m| Value::Integer(i64::from(m))),
        Func::Likelihood => {
            let ok = matches!(a[1], Value::Real(p) if (0.0..=1.0).contains(&p));
            if !ok {
                return Err(Error::InvalidInput(
                    "second argument to likelihood() must be a constant between 0.0 and 1.0".into(),
                ));
            }
            a.swap_remove(0)
        }
        Func::Likely => a.swap_remove(0),
        Func::Random => Value::Integer(random_u64() as i64),
        Func::Randomblob => text::randomblob(&a[0])?,
        Func::Zeroblob => text::zeroblob(&a[0])?,
        Func::SqliteVersion => Value::Text(SQLITE_VERSION.into()),
        Func::LastInsertRowid => Value::Integer(crate::sql::counters::Counters::take().last_rowid),
        Func::Changes => Value::Integer(crate::sql::counters::Counters::take().changes),
        Func::TotalChanges => Value::Integer(crate::sql::counters::Counters::take().total),
        Func::Date(d) => date::call(d, &a)?,
        Func::Json(j, mask) => json::call(j, mask, &a)?,
    })
}
