//! Triggers compared with SQLite: triggers on t1 and t2 are created and dropped
//! between the main generator's writes. Their steps keep the comparison fair: they log
//! to `tlog` (read back as a multiset, since the order rows are visited in is the
//! plan's), change t2 only commutatively (`x = x + 1`), delete by value, and RAISE
//! for whole rows (IGNORE) or whole statements (ABORT), none of which depends on the
//! order rows are visited in.

use super::*;

pub const TRIGGER_SCHEMA: &str = "CREATE TABLE tlog (n INTEGER PRIMARY KEY, e TEXT, a, b)";

/// A CREATE or DROP TRIGGER, or a read of the log.
pub fn trigger_statement(r: &mut Rng) -> (String, bool) {
    let (t, cols) = if r.chance(50) { ("t1", T1) } else { ("t2", T2) };
    let name = format!("r{}", r.below(4));
    match r.below(6) {
        0 => (format!("DROP TRIGGER IF EXISTS {name}"), false),
        1 => ("SELECT e, a, b FROM tlog".into(), false),
        _ => {
            let timing = r.pick(&["BEFORE ", "AFTER ", ""]);
            let (event, sides): (String, &[&str]) = match r.below(3) {
                0 => ("INSERT".into(), &["NEW"]),
                1 => ("DELETE".into(), &["OLD"]),
                _ => {
                    let of = if r.chance(50) {
                        format!(" OF {}", r.pick(&cols[1..]))
                    } else {
                        String::new()
                    };
                    (format!("UPDATE{of}"), &["OLD", "NEW"])
                }
            };
            let side = r.pick(sides);
            let when = if r.chance(50) {
                format!(" WHEN {}", predicate(r, cols, Some(side), 1))
            } else {
                String::new()
            };
            let steps: Vec<String> = (0..1 + r.below(2))
                .map(|_| step(r, t, cols, side))
                .collect();
            (
                format!(
                    "CREATE TRIGGER IF NOT EXISTS {name} {timing}{event} ON {t}{when} BEGIN {}; END",
                    steps.join("; ")
                ),
                false,
            )
        }
    }
}

fn step(r: &mut Rng, t: &str, cols: &[&str], side: &str) -> String {
    let e = expr(r, cols, Some(side), 1);
    let c = column(r, cols, Some(side));
    match r.below(6) {
        0 | 1 => format!("INSERT INTO tlog (e, a, b) VALUES ('{t} {side}', {c}, {e})"),
        2 if t == "t1" => format!("UPDATE t2 SET x = x + 1 WHERE x = {c}"),
        3 if t == "t1" => format!("DELETE FROM t2 WHERE y = {c}"),
        4 => format!(
            "SELECT RAISE(IGNORE) WHERE {}",
            predicate(r, cols, Some(side), 0)
        ),
        5 => format!(
            "SELECT RAISE(ABORT, 'refused') WHERE {}",
            predicate(r, cols, Some(side), 0)
        ),
        _ => format!("INSERT INTO tlog (e, a, b) SELECT '{t} count', count(*), {e} FROM t2"),
    }
}
