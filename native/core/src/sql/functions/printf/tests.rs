//! printf checked against SQLite's answers.

use super::*;

fn p(f: &str, a: &[Value]) -> String {
    printf(f, a).unwrap()
}

#[test]
fn reals_round_as_sqlite() {
    // Each checked with SQLite 3.54 (rusqlite's bundled build).
    let r = |x: f64| [Value::Real(x)];
    assert_eq!(p("%.2f", &r(2.675)), "2.67");
    assert_eq!(p("%.2f", &r(0.125)), "0.13");
    assert_eq!(p("%.20f", &r(0.1)), "0.10000000000000000000");
    assert_eq!(p("%!.30g", &r(0.1)), "0.1000000000000000056");
    assert_eq!(p("%.3e", &r(12345.6789)), "1.235e+04");
    assert_eq!(p("%g", &r(100000.0)), "100000");
    assert_eq!(p("%g", &r(1000000.0)), "1e+06");
    assert_eq!(p("%08.3f", &r(-3.5)), "-003.500");
    assert_eq!(p("%!0.17g", &r(0.1)), "0.1");
    assert_eq!(p("%!0.17g", &r(49.47)), "49.47");
    assert_eq!(p("%!0.17g", &r(f64::INFINITY)), "9.0e+999");
}

#[test]
fn integers_and_strings() {
    let i = Value::Integer;
    assert_eq!(
        p(
            "%,d|%x|%#X|%#o|%+d",
            &[i(1234567), i(255), i(255), i(8), i(5)]
        ),
        "1,234,567|ff|0XFF|010|+5"
    );
    assert_eq!(
        p("%-5d|%05d|%*d", &[i(1), i(-2), i(3), i(4)]),
        "1    |-0002|  4"
    );
    let t = |s: &str| Value::Text(s.into());
    assert_eq!(
        p("%q|%Q|%w|%Q", &[t("a'b"), t("a'b"), t("a\"b"), Value::Null]),
        "a''b|'a''b'|a\"\"b|NULL"
    );
    assert_eq!(
        p("%.3s|%5s|%-5s|", &[t("abcdef"), t("ab"), t("ab")]),
        "abc|   ab|ab   |"
    );
    assert_eq!(p("%d %y %d", &[i(1), i(2)]), "1 ");
}
