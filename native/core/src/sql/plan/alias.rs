//! Select-list aliases in HAVING, GROUP BY and ORDER BY expressions: SQLite reads a name
//! that is no column of the FROM clause as the result column of that alias
//! (`SELECT count(*) AS n … HAVING n > 1`). The aliased expression is put in the name's
//! place before compiling; names inside subqueries are theirs, and left alone.

use crate::error::Error;
use crate::sql::compile::Scope;
use sqlparser::ast::{self, VisitMut, VisitorMut};
use std::borrow::Cow;
use std::ops::ControlFlow;

/// `e` with each name that is no column of `scope` but the alias of one of `items`
/// replaced by the aliased expression.
pub fn resolve_aliases<'e>(
    e: &'e ast::Expr,
    items: &[(&ast::Expr, String)],
    scope: &Scope,
) -> Cow<'e, ast::Expr> {
    let mut with_aliases = e.clone();
    let mut v = Aliases {
        items,
        scope,
        depth: 0,
        changed: false,
    };
    let _ = with_aliases.visit(&mut v);
    if v.changed {
        Cow::Owned(with_aliases)
    } else {
        Cow::Borrowed(e)
    }
}

struct Aliases<'x, 'i> {
    items: &'x [(&'i ast::Expr, String)],
    scope: &'x Scope,
    /// Subqueries entered: their names are not ours.
    depth: usize,
    changed: bool,
}

impl VisitorMut for Aliases<'_, '_> {
    type Break = ();

    fn pre_visit_query(&mut self, _: &mut ast::Query) -> ControlFlow<()> {
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _: &mut ast::Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    // After the children: the expression put in place is not visited again.
    fn post_visit_expr(&mut self, e: &mut ast::Expr) -> ControlFlow<()> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        if let ast::Expr::Identifier(i) = e {
            if matches!(self.scope.resolve(None, &i.value), Err(Error::NotFound(_))) {
                if let Some((aliased, _)) = self
                    .items
                    .iter()
                    .find(|(_, n)| n.eq_ignore_ascii_case(&i.value))
                {
                    *e = (*aliased).clone();
                    self.changed = true;
                }
            }
        }
        ControlFlow::Continue(())
    }
}
