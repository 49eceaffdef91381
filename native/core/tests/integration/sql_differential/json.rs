//! SQLite's JSON surface against the bundled SQLite: random JSON documents and paths
//! through json_extract, `->`, `->>`, json_each and json_tree (alone, over a table of
//! documents joined laterally, and in correlated subqueries), and json_group_array /
//! json_group_object.

use super::*;

const KEYS: &[&str] = &["a", "b", "c1", "a b", "1", "", "x\\\"y", "_k", "é"];

/// A random RFC 8259 document (as SQL text: quotes doubled), up to `depth` deep.
fn doc(r: &mut Rng, depth: usize) -> String {
    let pick = if depth == 0 { r.below(6) } else { r.below(9) };
    match pick {
        0 => "null".into(),
        1 => r.pick(&["true", "false"]).into(),
        2 => r
            .pick(&[
                "0",
                "-7",
                "42",
                "9223372036854775807",
                "12345678901234567890",
            ])
            .into(),
        3 => r.pick(&["1.5", "-0.25", "1e3", "2.50", "1E-2"]).into(),
        4 | 5 => format!(
            "\"{}\"",
            r.pick(&[
                "s",
                "",
                "two words",
                "q\\\"q",
                "\\u00e9",
                "[1]",
                "12",
                "line\\nbreak"
            ])
        ),
        6 | 7 => {
            let n = r.below(4);
            let items: Vec<String> = (0..n).map(|_| doc(r, depth - 1)).collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = r.below(4);
            let items: Vec<String> = (0..n)
                .map(|_| format!("\"{}\":{}", r.pick(KEYS), doc(r, depth - 1)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

fn sql_doc(r: &mut Rng) -> String {
    let d = doc(r, 3);
    let d = if r.chance(20) { format!(" {d} ") } else { d };
    format!("'{}'", d.replace('\'', "''"))
}

/// A `$` path of up to three steps.
fn path(r: &mut Rng) -> String {
    let mut p = String::from("$");
    for _ in 0..r.below(4) {
        match r.below(6) {
            0 => p.push_str(&format!("[{}]", r.below(3))),
            1 => p.push_str(r.pick(&["[#-1]", "[#]", "[#-2]"])),
            2 => p.push_str(&format!(".\"{}\"", r.pick(KEYS))),
            _ => p.push_str(&format!(".{}", r.pick(&["a", "b", "c1", "_k"]))),
        }
    }
    if r.chance(3) {
        p = r.pick(&["$.", "$[", "a", "$a", ""]).into();
    }
    format!("'{}'", p.replace('\'', "''"))
}

/// The right operand of `->` or `->>`: a path, or one of SQLite's abbreviations.
fn arrow_operand(r: &mut Rng) -> String {
    match r.below(5) {
        0 => r.pick(&["0", "1", "-1", "2", "-2"]).into(),
        1 => format!(
            "'{}'",
            r.pick(&["a", "b", "c1", "a b", "1", "[0]", "[1]", "_k"])
        ),
        _ => path(r),
    }
}

/// One statement: a write to the table of documents or a query, and whether its row
/// order is defined.
pub fn json_statement(r: &mut Rng) -> (String, bool) {
    let table = "CREATE TABLE IF NOT EXISTS jd (id INTEGER PRIMARY KEY, doc TEXT)";
    let s = match r.below(16) {
        0 => table.into(),
        1 | 2 => format!("INSERT INTO jd (doc) VALUES ({}), (NULL)", sql_doc(r)),
        3 => format!("SELECT json_extract({}, {})", sql_doc(r), path(r)),
        4 => format!("SELECT json_extract({}, {}, {})", sql_doc(r), path(r), path(r)),
        5 => {
            let (d, p) = (sql_doc(r), arrow_operand(r));
            format!("SELECT {d} -> {p}, {d} ->> {p}, typeof({d} ->> {p})")
        }
        6 => format!(
            "SELECT {} -> {} -> {}",
            sql_doc(r),
            arrow_operand(r),
            arrow_operand(r)
        ),
        7 => format!("SELECT * FROM json_each({})", sql_doc(r)),
        8 => format!("SELECT * FROM json_each({}, {})", sql_doc(r), path(r)),
        9 => format!("SELECT * FROM json_tree({})", sql_doc(r)),
        10 => format!("SELECT *, json, root FROM json_tree({}, {})", sql_doc(r), path(r)),
        11 => format!(
            "SELECT jd.id, j.key, j.atom, j.type, j.fullkey FROM jd, json_each(jd.doc, {}) j",
            path(r)
        ),
        12 => format!(
            "SELECT jd.id, t.id, t.parent, t.path FROM jd LEFT JOIN json_tree(jd.doc) t ON t.type = '{}'",
            r.pick(&["integer", "text", "array", "object", "null"])
        ),
        13 => format!(
            "SELECT id, (SELECT count(*) FROM json_tree(doc, {})), doc -> {} FROM jd",
            path(r),
            arrow_operand(r)
        ),
        14 => match r.below(3) {
            0 => format!(
                "SELECT json_group_array(atom), json_group_object(fullkey, type) FROM json_tree({})",
                sql_doc(r)
            ),
            1 => format!(
                "SELECT json_group_array(value), json_group_object(key, value) FROM json_each({})",
                sql_doc(r)
            ),
            _ => format!(
                "SELECT json_array(value, key), json_object('v', value) FROM json_tree({})",
                sql_doc(r)
            ),
        },
        _ => "SELECT json_group_array(doc ->> '$.a'), json_group_object(id, json(doc)) FROM jd WHERE json_valid(doc)"
            .into(),
    };
    (s, false)
}

/// The JSON surface against SQLite ([`json_statement`]).
#[test]
fn sql_differential_json_against_sqlite() {
    run_seeds(20, 300, json_statement);
}
