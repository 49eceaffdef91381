//! Date functions checked against SQLite's answers.

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
