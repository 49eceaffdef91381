//! Names of tables, views and indexes as the catalog keeps them: the identifier's
//! text without its quotes (`"order items"` is `order items`), and `main.t` or
//! `temp.t` the same as `t` (one database per store; SQLite's schema names).

use crate::error::{Error, Result};
use sqlparser::ast;

/// The unquoted name `n` denotes.
pub fn object_name(n: &ast::ObjectName) -> Result<String> {
    let parts: Vec<&ast::Ident> = n.0.iter().filter_map(|p| p.as_ident()).collect();
    match parts.as_slice() {
        [name] if n.0.len() == 1 => Ok(name.value.clone()),
        [schema, name] if n.0.len() == 2 => {
            let s = schema.value.to_ascii_lowercase();
            if s == "main" || s == "temp" {
                Ok(name.value.clone())
            } else {
                Err(Error::InvalidInput(format!(
                    "unknown database {}",
                    schema.value
                )))
            }
        }
        _ => Err(Error::InvalidInput(format!(
            "unknown database in the name {n}"
        ))),
    }
}

/// The unquoted last part of `n` (a column named `t.c` or `c`).
pub fn last_part(n: &ast::ObjectName) -> String {
    n.0.last()
        .and_then(|p| p.as_ident())
        .map_or_else(String::new, |i| i.value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::SQLiteDialect;
    use sqlparser::parser::Parser;

    fn name(sql: &str) -> Result<String> {
        let mut p = Parser::new(&SQLiteDialect {}).try_with_sql(sql).unwrap();
        object_name(&p.parse_object_name(false).unwrap())
    }

    #[test]
    fn names_lose_their_quotes_and_schema() {
        assert_eq!(name("\"order items\"").unwrap(), "order items");
        assert_eq!(name("[t]").unwrap(), "t");
        assert_eq!(name("main.t").unwrap(), "t");
        assert_eq!(name("TEMP.\"x y\"").unwrap(), "x y");
        assert!(name("other.t").is_err());
        assert!(name("a.b.c").is_err());
    }
}
