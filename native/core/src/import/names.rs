//! Column and table names an import writes into SQL. The engine reads names written
//! bare (quoted names are not supported yet), so a file's column name that is not a
//! bare SQL name (`unit price`, `order`, `2024`) is given one: other characters become
//! `_`, a leading digit gets a `_` before it, a keyword a `_` after it, and a name
//! taken twice (ignoring case, as SQL does) a `_2`, `_3` ….

use crate::error::{Error, Result};
use sqlparser::ast::{Expr, SelectItem, SetExpr, Statement};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;

/// True when `name` is written bare in SQL and reads back as itself, as a table and as
/// a column.
pub(super) fn is_bare(name: &str) -> bool {
    let mut chars = name.chars();
    let shaped = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !shaped {
        return false;
    }
    // A keyword may be refused, or read as something else, in some places and not in
    // others: ask the parser about each place an imported name goes.
    let parses = |sql: String| Parser::parse_sql(&SQLiteDialect {}, &sql).ok();
    let Some(statements) = parses(format!(
        "SELECT {name}, {name} FROM {name} WHERE {name} = 1 GROUP BY {name} ORDER BY {name}"
    )) else {
        return false;
    };
    let [Statement::Query(q)] = &statements[..] else {
        return false;
    };
    let SetExpr::Select(s) = &*q.body else {
        return false;
    };
    let is_name = |item: &SelectItem| matches!(item, SelectItem::UnnamedExpr(Expr::Identifier(i)) if i.value == name);
    s.projection.len() == 2
        && s.projection.iter().all(is_name)
        && s.from.len() == 1
        && s.from[0].relation.to_string() == name
        && parses(format!("INSERT INTO {name} ({name}, {name}) VALUES (1, 2)")).is_some()
        && parses(format!("CREATE TABLE {name} ({name} INTEGER, {name} TEXT)")).is_some()
}

/// The table named on the command line must be a bare name.
pub(super) fn check_table_name(table: &str) -> Result<()> {
    if is_bare(table) {
        return Ok(());
    }
    Err(Error::InvalidInput(format!(
        "table name '{table}' is not a plain SQL name (letters, digits and _, not starting with a digit, not a keyword); choose another"
    )))
}

/// SQL names for the file's column names, in order: each bare, none twice.
pub(super) fn column_names(raw: &[String]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(raw.len());
    raw.iter()
        .map(|name| {
            let base = bare_form(name);
            let mut candidate = base.clone();
            let mut n = 2;
            while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
                candidate = format!("{base}_{n}");
                n += 1;
            }
            taken.push(candidate.clone());
            candidate
        })
        .collect()
}

fn bare_form(name: &str) -> String {
    if is_bare(name) {
        return name.to_string();
    }
    let mut s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.is_empty() {
        s.push_str("column");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if !is_bare(&s) {
        s.push('_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_names_stay_others_are_made_bare() {
        for ok in [
            "id", "emb", "count", "name", "ts", "_x1", "Score", "order", "limit",
        ] {
            assert!(is_bare(ok), "{ok}");
        }
        for bad in ["", "a b", "1st", "select", "from", "naïve", "a-b"] {
            assert!(!is_bare(bad), "{bad}");
        }
        let raw = ["a b", "select", "2024", "", "ID", "id", "naïve"].map(String::from);
        assert_eq!(
            column_names(&raw),
            ["a_b", "select_", "_2024", "column", "ID", "id_2", "na_ve"]
        );
        assert!(check_table_name("docs").is_ok());
        let e = check_table_name("my table").unwrap_err();
        assert!(e.to_string().contains("not a plain SQL name"), "{e}");
    }
}
