//! sqlparser's SQLite dialect with one addition: an expression may not grow deeper than
//! SQLite's limit while it is being parsed.
//!
//! sqlparser builds a chain of infix operators (`1+1+1…`, `a>0 AND a>0 AND …`,
//! `x IS NULL IS NULL …`) in a loop, not by recursion, so its recursion limit does not
//! bound the depth of the tree it makes: 10,000 terms become a tree 10,000 deep, and
//! everything that walks it afterwards (checks, planning, even dropping it) recurses
//! that deep. [`LimitedSqlite::parse_infix`] refuses to extend an operand whose chain of
//! left operands is already [`MAX_EXPR_DEPTH`] long, so such a tree is never built.
//! The full depth check (every child, subqueries too) runs on the finished statement
//! ([`super::limits`]).
//!
//! It also reads `<<` and `>>`, and gives `||`, `->`, `->>`, `&`, `|`, `<<`, `>>` SQLite's precedence
//! ([`LimitedSqlite::get_next_precedence`]).
//!
//! Everything else is the SQLite dialect's: each method it overrides is delegated, and
//! [`Dialect::dialect`] answers the SQLite dialect's type, so the parser's own
//! `dialect_of!(… SQLiteDialect)` checks hold for this wrapper too.

use super::limits::{expr_too_deep, MAX_EXPR_DEPTH};
use sqlparser::ast::{BinaryOperator, Expr, Statement, UnaryOperator};
use sqlparser::dialect::{Dialect, SQLiteDialect};
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;
use std::any::TypeId;

/// sqlparser's scale: `* / %` are 40, `+ -` 30, `=` 20, `::` 50, `.` 100.
const CONCAT_PRECEDENCE: u8 = 50;
const UNARY_PRECEDENCE: u8 = 60;
const BITWISE_PRECEDENCE: u8 = 25;

#[derive(Debug, Default)]
pub struct LimitedSqlite {
    sqlite: SQLiteDialect,
}

/// The operand an infix or postfix operator took on its left: the chain the parser's
/// loop grows. Variants the loop does not make have none.
fn left_operand(e: &Expr) -> Option<&Expr> {
    use Expr::*;
    Some(match e {
        BinaryOp { left, .. } | AnyOp { left, .. } | AllOp { left, .. } => left,
        IsNull(x) | IsNotNull(x) | IsTrue(x) | IsNotTrue(x) | IsFalse(x) | IsNotFalse(x)
        | IsUnknown(x) | IsNotUnknown(x) => x,
        IsDistinctFrom(x, _) | IsNotDistinctFrom(x, _) => x,
        InList { expr, .. } | InSubquery { expr, .. } | InUnnest { expr, .. } => expr,
        Between { expr, .. } | Like { expr, .. } | ILike { expr, .. } => expr,
        SimilarTo { expr, .. } | RLike { expr, .. } => expr,
        Cast { expr, .. } | Collate { expr, .. } => expr,
        AtTimeZone { timestamp, .. } => timestamp,
        JsonAccess { value, .. } => value,
        CompoundFieldAccess { root, .. } => root,
        MemberOf(m) => &m.value,
        _ => return None,
    })
}

/// How long the chain of left operands below `e` is, counting `e`, up to `cap`.
fn chain_length(mut e: &Expr, cap: usize) -> usize {
    let mut n = 1;
    while let Some(next) = left_operand(e) {
        n += 1;
        if n > cap {
            break;
        }
        e = next;
    }
    n
}

/// `x [NOT] IN t`: SQLite's short form of `x [NOT] IN (SELECT * FROM t)`, which
/// sqlparser does not read. Nothing is consumed unless the form is there.
fn in_table(parser: &mut Parser, expr: &Expr) -> Option<Result<Expr, ParserError>> {
    let is = |t: &Token, k: Keyword| matches!(t, Token::Word(w) if w.keyword == k);
    let negated = is(&parser.peek_token_ref().token, Keyword::NOT);
    let at = usize::from(negated);
    if !is(&parser.peek_nth_token_ref(at).token, Keyword::IN)
        || !matches!(parser.peek_nth_token_ref(at + 1).token, Token::Word(_))
    {
        return None;
    }
    for _ in 0..=at {
        parser.next_token();
    }
    Some(parser.parse_object_name(false).and_then(|name| {
        let select = format!("SELECT * FROM {name}");
        let subquery = Parser::new(&SQLiteDialect {})
            .try_with_sql(&select)?
            .parse_query()?;
        Ok(Expr::InSubquery {
            expr: Box::new(expr.clone()),
            subquery,
            negated,
        })
    }))
}

impl Dialect for LimitedSqlite {
    fn dialect(&self) -> TypeId {
        TypeId::of::<SQLiteDialect>()
    }

    fn parse_infix(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        // The operator about to be parsed puts one more level above `expr`.
        if chain_length(expr, MAX_EXPR_DEPTH) >= MAX_EXPR_DEPTH {
            let at = parser.peek_token_ref().span.start;
            return Some(Err(ParserError::ParserError(format!(
                "{}{at}",
                expr_too_deep()
            ))));
        }
        if let Some(r) = in_table(parser, expr) {
            return Some(r);
        }
        // sqlparser reads `<<` and `>>` only in PostgreSQL's dialects.
        let op = match parser.peek_token_ref().token {
            Token::ShiftLeft => BinaryOperator::PGBitwiseShiftLeft,
            Token::ShiftRight => BinaryOperator::PGBitwiseShiftRight,
            _ => return self.sqlite.parse_infix(parser, expr, precedence),
        };
        parser.next_token();
        Some(
            parser
                .parse_subexpr(precedence)
                .map(|right| Expr::BinaryOp {
                    left: Box::new(expr.clone()),
                    op,
                    right: Box::new(right),
                }),
        )
    }

    /// A unary `-` or `+` binds tighter than any binary operator, `||` included, as in
    /// SQLite (sqlparser reads its operand at the precedence of `*`, so `-2 || -2` would
    /// be `-(2 || -2)`).
    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        let op = match parser.peek_token_ref().token {
            Token::Minus => UnaryOperator::Minus,
            Token::Plus => UnaryOperator::Plus,
            _ => return None,
        };
        parser.next_token();
        Some(
            parser
                .parse_subexpr(UNARY_PRECEDENCE)
                .map(|operand| Expr::UnaryOp {
                    op,
                    expr: Box::new(operand),
                }),
        )
    }

    /// SQLite's precedence where sqlparser's differs: `||` binds tighter than `*`, and
    /// `&`, `|`, `<<`, `>>` share one level, between `+ -` and the comparisons.
    fn get_next_precedence(&self, parser: &Parser) -> Option<Result<u8, ParserError>> {
        match parser.peek_token_ref().token {
            // `->` and `->>` share `||`'s level in SQLite's grammar.
            Token::StringConcat | Token::Arrow | Token::LongArrow => Some(Ok(CONCAT_PRECEDENCE)),
            Token::Ampersand | Token::Pipe | Token::ShiftLeft | Token::ShiftRight => {
                Some(Ok(BITWISE_PRECEDENCE))
            }
            _ => None,
        }
    }

    fn parse_statement(&self, parser: &mut Parser) -> Option<Result<Statement, ParserError>> {
        self.sqlite.parse_statement(parser)
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        self.sqlite.is_delimited_identifier_start(ch)
    }

    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        self.sqlite.identifier_quote_style(identifier)
    }

    fn is_identifier_start(&self, ch: char) -> bool {
        self.sqlite.is_identifier_start(ch)
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        self.sqlite.is_identifier_part(ch)
    }

    fn supports_filter_during_aggregation(&self) -> bool {
        self.sqlite.supports_filter_during_aggregation()
    }

    fn supports_start_transaction_modifier(&self) -> bool {
        self.sqlite.supports_start_transaction_modifier()
    }

    fn supports_in_empty_list(&self) -> bool {
        self.sqlite.supports_in_empty_list()
    }

    fn supports_limit_comma(&self) -> bool {
        self.sqlite.supports_limit_comma()
    }

    fn supports_asc_desc_in_column_definition(&self) -> bool {
        self.sqlite.supports_asc_desc_in_column_definition()
    }

    fn supports_dollar_placeholder(&self) -> bool {
        self.sqlite.supports_dollar_placeholder()
    }

    fn supports_notnull_operator(&self) -> bool {
        self.sqlite.supports_notnull_operator()
    }

    fn supports_comma_separated_trim(&self) -> bool {
        self.sqlite.supports_comma_separated_trim()
    }

    fn supports_numeric_literal_underscores(&self) -> bool {
        self.sqlite.supports_numeric_literal_underscores()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Below the limit, and but for the precedence and shift operators, the wrapper
    /// parses exactly as the SQLite dialect does.
    #[test]
    fn parses_as_the_sqlite_dialect() {
        let sql = [
            "SELECT `a`, \"b\", [c] FROM t WHERE x GLOB 'a*' AND y REGEXP 'b' AND z MATCH 'c'",
            "REPLACE INTO t VALUES (1, 2)",
            "SELECT count(*) FILTER (WHERE a > 0) FROM t LIMIT 1, 2",
            "SELECT x NOTNULL, y IN (), $a, 1_000, TRIM(',' , 'x') FROM t",
            "CREATE TABLE t (a INTEGER PRIMARY KEY DESC, b TEXT)",
            "BEGIN DEFERRED TRANSACTION",
            "SELECT a IS NOT NULL BETWEEN 1 AND 2 COLLATE nocase FROM é",
        ];
        for s in sql {
            let ours = Parser::parse_sql(&LimitedSqlite::default(), s).unwrap();
            let theirs = Parser::parse_sql(&SQLiteDialect {}, s).unwrap();
            assert_eq!(ours, theirs, "{s}");
        }
    }

    /// `sql`'s statement with its parentheses (Nested nodes) taken out.
    fn without_parentheses(sql: &str) -> Statement {
        struct Unnest;
        impl sqlparser::ast::VisitorMut for Unnest {
            type Break = ();
            fn post_visit_expr(&mut self, e: &mut Expr) -> std::ops::ControlFlow<()> {
                if let Expr::Nested(inner) = e {
                    *e = std::mem::replace(&mut **inner, Expr::value(sqlparser::ast::Value::Null));
                }
                std::ops::ControlFlow::Continue(())
            }
        }
        let mut s = Parser::parse_sql(&LimitedSqlite::default(), sql)
            .unwrap()
            .remove(0);
        let _ = sqlparser::ast::VisitMut::visit(&mut s, &mut Unnest);
        s
    }

    #[test]
    fn sqlite_precedence_for_concatenation_and_bitwise_operators() {
        // As sqlite3 groups them (2 * 3 || 4 is 68; 4 | 1 & 2 is 0).
        for (sql, grouped) in [
            ("SELECT 2 * 3 || 4", "SELECT 2 * (3 || 4)"),
            ("SELECT 4 | 1 & 2", "SELECT (4 | 1) & 2"),
            ("SELECT 1 + 2 << 1", "SELECT (1 + 2) << 1"),
            ("SELECT 1 < 2 << 1", "SELECT 1 < (2 << 1)"),
            ("SELECT 8 >> 1 >> 1", "SELECT (8 >> 1) >> 1"),
            ("SELECT 1 || 2 * 3", "SELECT (1 || 2) * 3"),
            ("SELECT a -> 'x' = 1", "SELECT (a -> 'x') = 1"),
            ("SELECT a * b ->> 'x'", "SELECT a * (b ->> 'x')"),
            (
                "SELECT a -> 'x' || b ->> 'y'",
                "SELECT ((a -> 'x') || b) ->> 'y'",
            ),
            ("SELECT -2 || -2", "SELECT (-2) || (-2)"),
            ("SELECT -a * b", "SELECT (-a) * b"),
            ("SELECT - - 1 + 2", "SELECT (-(-1)) + 2"),
        ] {
            assert_eq!(
                without_parentheses(sql),
                without_parentheses(grouped),
                "{sql}"
            );
        }
        // And the other grouping is a different tree: the comparison can fail.
        assert_ne!(
            without_parentheses("SELECT 2 * 3 || 4"),
            without_parentheses("SELECT (2 * 3) || 4")
        );
    }

    #[test]
    fn chains_stop_at_the_limit() {
        let ok = format!("SELECT {}", vec!["1"; MAX_EXPR_DEPTH].join("+"));
        assert!(Parser::parse_sql(&LimitedSqlite::default(), &ok).is_ok());
        for op in ["+", " AND ", " || ", " IS NULL OR "] {
            let deep = format!("SELECT {}", vec!["1"; MAX_EXPR_DEPTH + 1].join(op));
            let err = Parser::parse_sql(&LimitedSqlite::default(), &deep).unwrap_err();
            assert!(
                err.to_string().contains("maximum depth 1000"),
                "{op}: {err}"
            );
        }
    }
}
