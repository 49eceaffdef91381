//! Golden scripts: each `tests/sql/*.sql` file holds cases, each a script, a `---`
//! line, and the expected output up to a blank line. All cases of a file run in order
//! against one fresh database. `UPDATE_GOLDEN=1 cargo test --release -p sochdb-core
//! --test sql_golden` rewrites the expected outputs after a reviewed change.

use sochdb_core::sql::{Session, StatementResult, Value};
use sochdb_core::store::{Store, StoreOptions};
use std::fmt::Write;
use std::path::Path;

fn render(out: &mut String, r: &StatementResult) {
    match r {
        StatementResult::Rows { columns, rows } => {
            let _ = writeln!(out, "{}", columns.join("|"));
            for row in rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| match v {
                        Value::Text(s) => s.clone(),
                        v => v.to_string(),
                    })
                    .collect();
                let _ = writeln!(out, "{}", cells.join("|"));
            }
        }
        other => {
            let _ = writeln!(out, "{}", other.message().unwrap_or_default());
        }
    }
}

struct Case {
    sql: String,
    expected: String,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut lines = text.lines().peekable();
    loop {
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
        if lines.peek().is_none() {
            return cases;
        }
        let mut sql = String::new();
        for l in lines.by_ref() {
            if l == "---" {
                break;
            }
            sql.push_str(l);
            sql.push('\n');
        }
        let mut expected = String::new();
        for l in lines.by_ref() {
            if l.trim().is_empty() {
                break;
            }
            expected.push_str(l);
            expected.push('\n');
        }
        cases.push(Case { sql, expected });
    }
}

fn run_file(path: &Path, update: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path(), StoreOptions::default()).unwrap();
    let mut session = Session::new(&mut store).unwrap();
    let mut rewritten = String::new();
    let mut failures = Vec::new();
    for case in parse_cases(&text) {
        let mut actual = String::new();
        if let Err(e) = session.run_script(&case.sql, &[], |_, r| {
            render(&mut actual, &r);
            Ok(())
        }) {
            let _ = writeln!(actual, "error[{}]: {e}", e.code());
        }
        if actual != case.expected {
            failures.push(format!(
                "{}:\n{}--- expected\n{}--- actual\n{}",
                path.display(),
                case.sql,
                case.expected,
                actual
            ));
        }
        let _ = write!(rewritten, "{}---\n{}\n", case.sql, actual);
    }
    if update {
        std::fs::write(path, rewritten).unwrap();
        return Ok(());
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

#[test]
fn sql_golden_scripts() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sql");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no golden scripts in {}", dir.display());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|f| run_file(f, update).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} golden file(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
