//! Savepoints and transactions compared with SQLite: SAVEPOINT, RELEASE and ROLLBACK
//! TO (names from a small set, so they nest, repeat and go missing), BEGIN, COMMIT and
//! ROLLBACK, between the main generator's writes and reads and schema changes to a
//! table of their own (a rollback must restore the catalog and rowid counters too).

use super::*;

const NAMES: &[&str] = &["a", "b", "c", "A"];

fn savepoint_statement(r: &mut Rng) -> (String, bool) {
    let name = r.pick(NAMES);
    let s = match r.below(12) {
        0..=2 => format!("SAVEPOINT {name}"),
        3 | 4 => format!("RELEASE {}{name}", r.pick(&["", "SAVEPOINT "])),
        5 | 6 => format!(
            "ROLLBACK {}TO {}{name}",
            r.pick(&["", "TRANSACTION "]),
            r.pick(&["", "SAVEPOINT "])
        ),
        7 => r.pick(&["BEGIN", "COMMIT", "ROLLBACK", "END"]).to_string(),
        8 => "CREATE TABLE IF NOT EXISTS sp (n INTEGER PRIMARY KEY, v)".into(),
        9 => "DROP TABLE IF EXISTS sp".into(),
        10 => format!("INSERT INTO sp (v) VALUES ({})", literal(r)),
        _ => return ("SELECT n, v FROM sp ORDER BY n".into(), true),
    };
    (s, false)
}

/// Savepoints and transactions against SQLite  between the main
/// generator's statements.
#[test]
fn sql_differential_savepoints_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(35) {
            savepoint_statement(r)
        } else {
            statement(r)
        }
    }
    run_seeds(20, 300, mixed);
}
