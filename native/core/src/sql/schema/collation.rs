//! SQLite's built-in collating sequences: BINARY (bytes), NOCASE (ASCII letters folded)
//! and RTRIM (trailing spaces ignored). A collation only changes how two text values
//! compare, so each is applied as a key: the text a value compares as ([`Collation::key`]);
//! numbers and blobs are their own key.

use crate::error::{Error, Result};
use crate::sql::value::Value;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Collation {
    #[default]
    Binary,
    NoCase,
    Rtrim,
}

impl Collation {
    /// An index key part `expr [COLLATE name]`: the expression and the collation it
    /// names, if it names one.
    pub fn postfix(e: &sqlparser::ast::Expr) -> Result<(&sqlparser::ast::Expr, Option<Collation>)> {
        match e {
            sqlparser::ast::Expr::Collate { expr, collation } => Ok((
                &**expr,
                Some(Collation::named(&crate::sql::names::object_name(
                    collation,
                )?)?),
            )),
            e => Ok((e, None)),
        }
    }

    /// The collation named `name` (any case), or SQLite's error for an unknown one.
    pub fn named(name: &str) -> Result<Collation> {
        let bare = name.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']');
        match bare.to_ascii_uppercase().as_str() {
            "BINARY" => Ok(Collation::Binary),
            "NOCASE" => Ok(Collation::NoCase),
            "RTRIM" => Ok(Collation::Rtrim),
            _ => Err(Error::InvalidInput(format!(
                "no such collation sequence: {bare}"
            ))),
        }
    }

    /// The catalog's byte for the collation.
    pub fn code(self) -> u8 {
        match self {
            Collation::Binary => 0,
            Collation::NoCase => 1,
            Collation::Rtrim => 2,
        }
    }

    pub fn from_code(b: u8) -> Result<Collation> {
        match b {
            0 => Ok(Collation::Binary),
            1 => Ok(Collation::NoCase),
            2 => Ok(Collation::Rtrim),
            _ => Err(Error::Corrupt(format!(
                "SQL catalog: unknown collation {b}"
            ))),
        }
    }

    /// The value `v` compares as under this collation (BINARY order on the keys is
    /// this collation's order).
    pub fn key(self, v: &Value) -> Cow<'_, Value> {
        match (self, v) {
            (Collation::NoCase, Value::Text(s)) if s.bytes().any(|b| b.is_ascii_uppercase()) => {
                Cow::Owned(Value::Text(s.to_ascii_lowercase()))
            }
            (Collation::Rtrim, Value::Text(s)) if s.ends_with(' ') => {
                Cow::Owned(Value::Text(s.trim_end_matches(' ').to_string()))
            }
            _ => Cow::Borrowed(v),
        }
    }

    /// [`Collation::key`], owned.
    pub fn key_owned(self, v: Value) -> Value {
        match (self, &v) {
            (Collation::Binary, _) | (_, Value::Null | Value::Integer(_) | Value::Real(_)) => v,
            _ => self.key(&v).into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_only_text() {
        let t = |s: &str| Value::Text(s.into());
        assert_eq!(*Collation::NoCase.key(&t("AbC")), t("abc"));
        assert_eq!(*Collation::Rtrim.key(&t("a  ")), t("a"));
        assert_eq!(*Collation::Rtrim.key(&t(" a")), t(" a"));
        assert_eq!(
            *Collation::NoCase.key(&Value::Integer(3)),
            Value::Integer(3)
        );
        assert_eq!(*Collation::Binary.key(&t("A")), t("A"));
        assert!(Collation::named("nocase").is_ok());
        assert_eq!(
            Collation::named("foo").unwrap_err().to_string(),
            "no such collation sequence: foo"
        );
    }
}
