//! SQLite's limits on the shape of a statement (sqlite.org/limits.html), checked before
//! anything runs, so that no statement can recurse deeper than the stack the script
//! runs on ([`SCRIPT_STACK_BYTES`], see [`on_script_stack`]):
//!
//! - an expression at most [`MAX_EXPR_DEPTH`] deep, subqueries included
//!   (SQLITE_MAX_EXPR_DEPTH): chains of operators are stopped while they are parsed
//!   ([`crate::sql::dialect`]), the whole tree is measured once parsed ([`check_statement`]);
//! - a compound SELECT of at most [`MAX_COMPOUND_TERMS`] terms
//!   (SQLITE_MAX_COMPOUND_SELECT), counted on the tokens before parsing
//!   ([`check_compound_terms`]), since the parser builds the chain in a loop;
//! - at most [`MAX_JOIN_TABLES`] tables in one FROM clause (checked by the planner);
//! - parentheses and subqueries nested at most [`MAX_NESTING`] deep: sqlparser's own
//!   recursion limit (SQLite's parser stops near 100 levels: "parser stack overflow").
//!
//! Each is refused as invalid input (exit 3) with SQLite's words.

use sqlparser::ast::{Expr, Query, SetExpr, Statement, Visit, Visitor};
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan};
use std::ops::ControlFlow;

/// SQLITE_MAX_EXPR_DEPTH.
pub const MAX_EXPR_DEPTH: usize = 1000;

/// SQLITE_MAX_COMPOUND_SELECT.
pub const MAX_COMPOUND_TERMS: usize = 500;

/// Tables in one FROM clause, as SQLite (a bit per table in its planner's masks).
pub const MAX_JOIN_TABLES: usize = 64;

/// sqlparser's recursion limit: one level per nested parenthesis, subquery or prefix
/// operator (its default, 50, refuses forty nested parentheses that SQLite reads).
pub const MAX_NESTING: usize = 250;

/// The stack a script runs on. With the limits above the deepest recursion of any
/// statement (parsing, checking, planning, evaluation, dropping a refused tree) stays
/// far below it; it is reserved address space, touched only as deep as a script goes.
pub const SCRIPT_STACK_BYTES: usize = 64 << 20;

pub fn expr_too_deep() -> String {
    format!("Expression tree is too large (maximum depth {MAX_EXPR_DEPTH})")
}

pub fn nested_too_deep() -> String {
    format!(
        "parentheses, subqueries or prefix operators nested too deep (at most {MAX_NESTING} levels)"
    )
}

/// Runs `f` on a stack of its own of [`SCRIPT_STACK_BYTES`], whatever thread calls
/// (Node's main thread, a worker with a smaller stack, a test thread). `f` must not
/// call into a JavaScript engine: its stack pointer is outside the thread's stack.
pub fn on_script_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::grow(SCRIPT_STACK_BYTES, f)
}

/// Refuses a compound SELECT of more than [`MAX_COMPOUND_TERMS`] terms. The operators
/// of one compound are the UNION / INTERSECT / EXCEPT keywords directly inside one
/// pair of parentheses (or the statement's top level): a subquery opens a pair of its
/// own. Returns where the first term too many begins.
pub fn check_compound_terms(tokens: &[TokenWithSpan]) -> Result<(), (String, Location)> {
    let mut operators_per_level = vec![0usize];
    for t in tokens {
        match &t.token {
            Token::LParen => operators_per_level.push(0),
            Token::RParen if operators_per_level.len() > 1 => {
                operators_per_level.pop();
            }
            Token::Word(w)
                if w.quote_style.is_none()
                    && matches!(
                        w.keyword,
                        Keyword::UNION | Keyword::INTERSECT | Keyword::EXCEPT
                    ) =>
            {
                let n = operators_per_level.last_mut().expect("the top level stays");
                *n += 1;
                if *n >= MAX_COMPOUND_TERMS {
                    return Err((
                        format!("too many terms in compound SELECT (at most {MAX_COMPOUND_TERMS})"),
                        t.span.start,
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Measures a parsed statement: the deepest expression (subqueries count as part of
/// the expression that holds them; parentheses do not, as in SQLite) and the terms of
/// each compound SELECT. sqlparser's visitor grows its stack as it goes, so this is
/// safe on a tree of any depth.
pub fn check_statement(statement: &Statement) -> Result<(), String> {
    let mut m = Measure::default();
    match statement.visit(&mut m) {
        ControlFlow::Break(message) => Err(message),
        ControlFlow::Continue(()) => Ok(()),
    }
}

#[derive(Default)]
struct Measure {
    depth: usize,
}

impl Visitor for Measure {
    type Break = String;

    fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<String> {
        if !matches!(e, Expr::Nested(_)) {
            self.depth += 1;
            if self.depth > MAX_EXPR_DEPTH {
                return ControlFlow::Break(expr_too_deep());
            }
        }
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &Expr) -> ControlFlow<String> {
        if !matches!(e, Expr::Nested(_)) {
            self.depth -= 1;
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_query(&mut self, q: &Query) -> ControlFlow<String> {
        let mut terms = 1;
        let mut body = &*q.body;
        while let SetExpr::SetOperation { left, .. } = body {
            terms += 1;
            body = left;
        }
        if terms > MAX_COMPOUND_TERMS {
            return ControlFlow::Break(format!(
                "too many terms in compound SELECT (at most {MAX_COMPOUND_TERMS})"
            ));
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::dialect::LimitedSqlite;
    use sqlparser::parser::Parser;
    use sqlparser::tokenizer::Tokenizer;

    fn parse(sql: &str) -> Statement {
        Parser::new(&LimitedSqlite::default())
            .with_recursion_limit(MAX_NESTING)
            .try_with_sql(sql)
            .unwrap()
            .parse_statement()
            .unwrap()
    }

    fn tokens(sql: &str) -> Vec<TokenWithSpan> {
        Tokenizer::new(&LimitedSqlite::default(), sql)
            .tokenize_with_location()
            .unwrap()
    }

    #[test]
    fn depth_counts_subqueries_not_parentheses() {
        let nested = |n: usize| format!("SELECT {}1{}", "(SELECT 1+".repeat(n), ")".repeat(n));
        // Each level is a subquery expression, a + and its left operand: 2 deep.
        assert!(check_statement(&parse(&nested(40))).is_ok());
        let parens = format!("SELECT {}1{}", "(".repeat(200), ")".repeat(200));
        assert!(check_statement(&parse(&parens)).is_ok());
    }

    #[test]
    fn deep_trees_from_nesting_are_refused() {
        // 100 levels of parentheses, each the left operand of a chain of 11: 1,100 deep.
        let sql = format!(
            "SELECT {}1{}",
            "(".repeat(100),
            "+1+1+1+1+1+1+1+1+1+1)".repeat(100)
        );
        let err = check_statement(&parse(&sql)).unwrap_err();
        assert_eq!(err, expr_too_deep());
    }

    #[test]
    fn compound_terms_are_counted_per_query() {
        let compound = |n: usize| vec!["SELECT 1"; n].join(" UNION ALL ");
        assert!(check_compound_terms(&tokens(&compound(500))).is_ok());
        let (msg, _) = check_compound_terms(&tokens(&compound(501))).unwrap_err();
        assert!(msg.contains("too many terms in compound SELECT"), "{msg}");
        // Two compounds of 300 in separate subqueries are each within the limit.
        let two = format!("SELECT ({}), ({})", compound(300), compound(300));
        assert!(check_compound_terms(&tokens(&two)).is_ok());
        assert!(check_statement(&parse(&compound(500))).is_ok());
    }
}
