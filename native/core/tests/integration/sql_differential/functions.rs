//! SQLite's scalar functions against the bundled SQLite: random calls over random
//! values.

use super::*;

/// Time values, modifiers and strftime formats for the date functions.
const DATES: &[&str] = &[
    "2024-02-29",
    "2024-02-29 13:45",
    "2023-12-31T23:59:59.999",
    "2024-01-01 10:00:00+05:30",
    "2024-01-01 10:00Z",
    "1999-12-31 24:00",
    "12:30:45",
    "-0044-03-15",
    "2023-02-31",
    "2460000.5",
    "1700000000",
    "2024-13-01",
    "24:00:01",
    "junk",
];
const MODIFIERS: &[&str] = &[
    "+1 day",
    "-2 hours",
    "+90 minutes",
    "+30.5 seconds",
    "+1 month",
    "-13 months",
    "+1.5 years",
    "+01:30",
    "-00:00:30.5",
    "+0001-02-03",
    "-0000-11-30 12:00",
    "start of month",
    "start of year",
    "start of day",
    "end of month",
    "end of year",
    "weekday 0",
    "weekday 3",
    "weekday -2",
    "unixepoch",
    "julianday",
    "auto",
    "subsec",
    "floor",
    "ceiling",
    "localtime",
    "utc",
    "+1 fortnight",
    "bogus",
];
const STRFTIME: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%j %w %u %W %U %V %G %g",
    "%e|%k|%l|%I|%p|%P",
    "%f %s %J",
    "%F %R %T %%",
    "%Q",
    "week %W of %Y",
];

/// JSON texts (some malformed, some JSON5) and paths.
const JSONS: &[&str] = &[
    r#"{"a":1,"b":[1,2.5,"x",true,null],"c":{"d":"e"}}"#,
    r#"[1,[2,[3]],{"k":"v"}]"#,
    r#"{"a":{"b":{"c":[10,20]}},"a.b":7}"#,
    r#"[]"#,
    r#"{}"#,
    r#""str""#,
    r#"12.50"#,
    r#"null"#,
    r#"{a:1, 'b':[1,2,],}"#,
    r#"[0x10, .5, +1, Infinity]"#,
    r#"[1,2"#,
    r#"{"dup":1,"dup":2}"#,
    r#"[1e5, -0, 9223372036854775808]"#,
];
const PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.b[1]",
    "$.b[#-1]",
    "$.c.d",
    "$[0]",
    "$[1][1][0]",
    "$[2].k",
    "$.a.b.c[1]",
    "$.\"a.b\"",
    "$[#]",
    "$.zz",
    "$.b[9]",
    "$[",
    "$.",
    "a",
    "$.dup",
];

fn pick_q(r: &mut Rng, xs: &[&str]) -> String {
    format!("'{}'", r.pick(xs).replace('\'', "''"))
}

/// A function argument: a literal, a column, or a value the function family likes.
fn fvalue(r: &mut Rng, cols: &[&str]) -> String {
    match r.below(12) {
        0..=3 => literal(r),
        4..=5 => column(r, cols, None),
        6 => pick_q(r, DATES),
        7 => pick_q(r, JSONS),
        8 => r
            .pick(&[
                "-1.5",
                "0.1",
                "1e10",
                "-0.0",
                "123456789",
                "9.995",
                "2.675",
                "1e-7",
                "-3",
            ])
            .to_string(),
        9 => pick_q(
            r,
            &[
                "%", "a_c", "A*", "x", "héllo", " 12 ", "0x1f", "1e3", "[a-c]*", "a!%",
            ],
        ),
        _ => r.below(200).to_string(),
    }
}

/// A printf format: literal text and conversions with random flags, width, precision.
fn printf_format(r: &mut Rng) -> String {
    let mut f = String::new();
    for _ in 0..1 + r.below(3) {
        f.push_str(r.pick(&["", "x", "<", " = "]));
        f.push('%');
        for flag in ["-", "+", " ", "0", "#", "!", ","] {
            if r.chance(12) {
                f.push_str(flag);
            }
        }
        if r.chance(40) {
            f.push_str(&r.below(16).to_string());
        } else if r.chance(10) {
            f.push('*');
        }
        if r.chance(50) {
            f.push('.');
            if r.chance(15) {
                f.push('*');
            } else {
                f.push_str(&r.below(20).to_string());
            }
        }
        f.push_str(r.pick(&[
            "d", "i", "u", "x", "X", "o", "f", "e", "E", "g", "G", "s", "q", "Q", "w", "c", "%",
        ]));
    }
    f
}

/// One call of a deterministic function added for SQLite's scalar library.
fn function_call(r: &mut Rng, cols: &[&str]) -> String {
    let v = |r: &mut Rng| fvalue(r, cols);
    let d = |r: &mut Rng| {
        if r.chance(70) {
            pick_q(r, DATES)
        } else {
            fvalue(r, cols)
        }
    };
    let m = |r: &mut Rng| pick_q(r, MODIFIERS);
    let j = |r: &mut Rng| {
        if r.chance(80) {
            pick_q(r, JSONS)
        } else {
            fvalue(r, cols)
        }
    };
    let p = |r: &mut Rng| pick_q(r, PATHS);
    match r.below(46) {
        0 => format!("lower({})", v(r)),
        1 => format!("upper({})", v(r)),
        2 => format!("length({})", v(r)),
        3 => format!("octet_length({})", v(r)),
        4 => format!("hex({})", v(r)),
        5 => format!("quote({})", v(r)),
        6 => format!("unicode({})", v(r)),
        7 => format!("char({}, {})", r.below(300), v(r)),
        8 => format!("trim({}, {})", v(r), v(r)),
        9 => format!("replace({}, {}, {})", v(r), v(r), v(r)),
        10 => format!("instr({}, {})", v(r), v(r)),
        11 => format!("substr({}, {}, {})", v(r), v(r), v(r)),
        12 => format!("concat({}, {}, {})", v(r), v(r), v(r)),
        13 => format!("concat_ws({}, {}, {})", v(r), v(r), v(r)),
        14 => format!("unhex({}, {})", v(r), v(r)),
        15 => format!("sign({})", v(r)),
        16 => format!("iif({}, {}, {})", v(r), v(r), v(r)),
        17 => format!("glob({}, {})", v(r), v(r)),
        18 => format!("like({}, {}, '!')", v(r), v(r)),
        19 => format!("zeroblob(length({}))", v(r)),
        20 => format!("abs({})", v(r)),
        21..=24 => {
            let f = printf_format(r);
            format!("printf('{f}', {}, {}, {})", v(r), v(r), v(r))
        }
        25 => format!("date({}, {})", d(r), m(r)),
        26 => format!("datetime({}, {}, {})", d(r), m(r), m(r)),
        27 => format!("time({}, {})", d(r), m(r)),
        28 => format!("julianday({})", d(r)),
        29 => format!("unixepoch({}, {})", d(r), m(r)),
        30 => format!("strftime({}, {}, {})", pick_q(r, STRFTIME), d(r), m(r)),
        31 => format!("timediff({}, {})", d(r), d(r)),
        32 => format!("json({})", j(r)),
        33 => format!("json_valid({})", j(r)),
        34 => format!("json_extract({}, {})", j(r), p(r)),
        35 => format!("json_extract({}, {}, {})", j(r), p(r), p(r)),
        36 => format!("json_type({}, {})", j(r), p(r)),
        37 => format!("json_array_length({}, {})", j(r), p(r)),
        38 => format!("json_array({}, {}, json({}))", v(r), v(r), j(r)),
        39 => format!("json_object('k', {}, 'n', {})", v(r), v(r)),
        40 => format!("json_set({}, {}, {})", j(r), p(r), v(r)),
        41 => format!("json_insert({}, {}, {})", j(r), p(r), v(r)),
        42 => format!("json_replace({}, {}, {})", j(r), p(r), v(r)),
        43 => format!("json_remove({}, {})", j(r), p(r)),
        44 => format!("json_quote({})", v(r)),
        _ => format!("json_patch({}, {})", j(r), j(r)),
    }
}

/// The functions of SQLite's scalar library that this engine added (text, printf,
/// date and time, JSON; not the math functions, which rusqlite's bundled SQLite is
/// built without, nor random(), 'now' or blobs given to JSON functions) over random
/// values and the columns of rows the main generator inserts.
#[test]
fn sql_differential_functions_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(25) {
            return insert_statement(r);
        }
        let (t, cols) = table(r);
        let calls: Vec<String> = (0..1 + r.below(3))
            .map(|_| function_call(r, cols))
            .collect();
        if r.chance(50) {
            (format!("SELECT {}", calls.join(", ")), false)
        } else {
            (format!("SELECT {} FROM {t}", calls.join(", ")), false)
        }
    }
    let seeds: Vec<u64> = match std::env::var("SQL_DIFF_SEED") {
        Ok(s) => vec![s.parse().expect("SQL_DIFF_SEED is a number")],
        Err(_) => (1..=30).collect(),
    };
    for seed in seeds {
        run_seed(seed, &[], 300, mixed);
    }
}
