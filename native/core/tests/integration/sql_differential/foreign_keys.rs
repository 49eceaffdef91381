//! Foreign keys compared with SQLite: a parent `fp` (rowid key and a UNIQUE `k`), a
//! child `fc` with CASCADE, SET NULL and RESTRICT, a grandchild `fr` with RESTRICT and
//! SET DEFAULT, and a self-referencing tree `ft` (ON DELETE CASCADE, ON UPDATE SET
//! NULL), with `PRAGMA foreign_keys` on from the start ([`SETUP`]); inserts, updates
//! and deletes of all four must succeed or fail on both, and the tables must read the
//! same. Enforcement stays on, so no row is ever an orphan: how a statement counts
//! orphans written while it was off changed between SQLite 3.40 (which this engine
//! and the golden files follow) and the 3.5x rusqlite bundles. Ids are always given and rows are changed by id
//! ranges, so both engines visit rows in the same order. No REPLACE into a table
//! whose deletions would run an action (refused here).

use super::*;

const TABLES: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS fp (id INTEGER PRIMARY KEY, k INT UNIQUE, name TEXT)",
    "CREATE TABLE IF NOT EXISTS fc (id INTEGER PRIMARY KEY, \
     pid INT REFERENCES fp ON DELETE CASCADE ON UPDATE CASCADE, \
     pk INT REFERENCES fp (k) ON DELETE SET NULL ON UPDATE RESTRICT, v TEXT)",
    "CREATE TABLE IF NOT EXISTS fr (id INTEGER PRIMARY KEY, \
     pid INTEGER REFERENCES fp ON DELETE RESTRICT, \
     cid INTEGER DEFAULT 1 REFERENCES fc ON DELETE SET DEFAULT ON UPDATE CASCADE)",
    "CREATE TABLE IF NOT EXISTS ft (id INTEGER PRIMARY KEY, \
     up INTEGER REFERENCES ft ON DELETE CASCADE ON UPDATE SET NULL, v TEXT)",
    "CREATE INDEX IF NOT EXISTS fc_pid ON fc (pid)",
];

/// Run before the generated statements.
pub const SETUP: &[&str] = &["PRAGMA foreign_keys = ON"];

const KEYS: &[&str] = &["1", "2", "3", "4", "5", "6", "NULL", "'2'", "2.0", "7"];

fn id(r: &mut Rng) -> String {
    (1 + r.below(12)).to_string()
}

fn range(r: &mut Rng) -> String {
    let lo = 1 + r.below(12);
    format!("id BETWEEN {lo} AND {}", lo + r.below(4))
}

fn write(r: &mut Rng) -> String {
    let or = r.pick(&["", "", "", "OR IGNORE ", "OR FAIL "]);
    match r.below(14) {
        0 | 1 => {
            let rows: Vec<String> = (0..1 + r.below(3))
                .map(|_| format!("({}, {}, 'p')", id(r), r.pick(KEYS)))
                .collect();
            format!("INSERT {or}INTO fp VALUES {}", rows.join(", "))
        }
        2 | 3 => {
            let rows: Vec<String> = (0..1 + r.below(3))
                .map(|_| format!("({}, {}, {}, 'c')", id(r), r.pick(KEYS), r.pick(KEYS)))
                .collect();
            format!("INSERT {or}INTO fc VALUES {}", rows.join(", "))
        }
        4 => {
            let or = r.pick(&["", "OR REPLACE ", "OR IGNORE "]);
            format!(
                "INSERT {or}INTO fr VALUES ({}, {}, {})",
                id(r),
                r.pick(KEYS),
                r.pick(KEYS)
            )
        }
        5 | 6 => {
            let rows: Vec<String> = (0..1 + r.below(3))
                .map(|_| format!("({}, {}, 't')", id(r), r.pick(KEYS)))
                .collect();
            format!("INSERT {or}INTO ft VALUES {}", rows.join(", "))
        }
        7 => format!(
            "UPDATE {or}fp SET {} WHERE {}",
            r.pick(&[
                "id = id + 10",
                "id = id - 1",
                "k = NULL",
                "name = 'q'",
                "k = 3"
            ]),
            range(r)
        ),
        8 => format!(
            "UPDATE {or}fc SET {} = {} WHERE {}",
            r.pick(&["pid", "pk", "v", "id"]),
            r.pick(KEYS),
            range(r)
        ),
        9 => format!(
            "UPDATE {or}ft SET {} WHERE {}",
            r.pick(&[
                "up = up + 1",
                "id = id + 20",
                "up = NULL",
                "v = 'u'",
                "up = id"
            ]),
            range(r)
        ),
        10 => format!("UPDATE fr SET cid = {} WHERE {}", r.pick(KEYS), range(r)),
        11 => format!(
            "DELETE FROM {} WHERE {}",
            r.pick(&["fp", "fp", "fc", "ft", "fr"]),
            range(r)
        ),
        12 => format!("DELETE FROM ft WHERE up = {}", r.pick(KEYS)),
        _ => format!(
            "INSERT INTO fp SELECT id + 30, NULL, 'copy' FROM fp WHERE {}",
            range(r)
        ),
    }
}

pub fn foreign_key_statement(r: &mut Rng) -> (String, bool) {
    if r.chance(6) {
        return (r.pick(TABLES).to_string(), false);
    }
    if r.chance(3) {
        let pragma = r.pick(&["PRAGMA foreign_keys", "PRAGMA foreign_keys = ON"]);
        return (pragma.into(), false);
    }
    if r.chance(25) {
        let t = r.pick(&["fp", "fc", "fr", "ft"]);
        return (format!("SELECT * FROM {t} ORDER BY id"), true);
    }
    (write(r), false)
}
