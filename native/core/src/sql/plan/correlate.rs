//! Correlated subqueries: a subquery that names columns of the query around it runs
//! again for each row of that query.
//!
//! Planning (in [`crate::sql::compile`]): when a name does not resolve in the subquery's own
//! scope, the enclosing query's compiler resolves it ([`OuterNames`]); the subquery
//! records that outer expression as a *binding* and refers to it as
//! [`Expr::Outer`]`(k)`. A subquery with no bindings is uncorrelated and still runs once,
//! at planning, becoming a constant. One with bindings becomes an
//! [`Expr::Correlated`]: its plan plus the bindings, which are ordinary expressions of
//! the outer row (a reference two levels out is itself an `Outer` of the middle query).
//!
//! Evaluation: for each outer row the bindings are evaluated, pushed as a frame on a
//! thread-local stack that `Outer(k)` reads, and the plan runs to its first row (a
//! scalar or EXISTS) or through its rows (IN). Plans read the database through the
//! [`Db`] of the statement running, made current by [`with_db`] for the duration of a
//! query: `Expr::eval` has only the row, and a correlated subquery is rare enough that
//! threading a context through every evaluation would cost the common case.

use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::encoding::key_of;
use crate::sql::exec;
use crate::sql::expr::{convert, in_result, unsupported, Expr};
use crate::sql::plan::Plan;
use crate::sql::txn::{Db, Pending};
use crate::sql::value::{Affinity, Value};
use crate::store::Store;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What the enclosing query offers a subquery being planned: its names.
pub trait OuterNames {
    /// Resolves a column of an enclosing query; `Some(k)` is the subquery's binding
    /// `k`, `None` means no enclosing query has the name.
    fn bind(&self, table: Option<&str>, name: &str) -> Result<Option<usize>>;
    /// The affinity of such a column, if an enclosing query has it.
    fn affinity(&self, table: Option<&str>, name: &str) -> Option<Option<Affinity>>;
    /// The collation of such a column (`None`: unknown, BINARY).
    fn collation(
        &self,
        _table: Option<&str>,
        _name: &str,
    ) -> Option<crate::sql::collation::Collation> {
        None
    }
}

/// How the subquery's rows become a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Use {
    /// `(SELECT …)`: the first column of the first row, or NULL.
    Scalar,
    /// `[NOT] EXISTS (SELECT …)`.
    Exists { negated: bool },
    /// `x [NOT] IN (SELECT …)`: `x` (an outer expression) against the first column,
    /// each side converted to the affinity SQLite applies.
    In {
        expr: Box<Expr>,
        left: Option<Affinity>,
        right: Option<Affinity>,
        /// The values are equal under it.
        collation: Collation,
        negated: bool,
    },
}

#[derive(Clone, Debug)]
pub struct Correlated {
    pub plan: Rc<Plan>,
    /// Outer expressions whose values `Outer(k)` reads inside the plan.
    pub bindings: Vec<Expr>,
    pub how: Use,
}

impl PartialEq for Correlated {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.plan, &other.plan)
            && self.bindings == other.bindings
            && self.how == other.how
    }
}

thread_local! {
    /// The bound values of each correlated subquery running, innermost last.
    static FRAMES: RefCell<Vec<Vec<Value>>> = const { RefCell::new(Vec::new()) };
    /// The database of the query running (see [`with_db`]).
    static CURRENT: Cell<Option<(*const Store, *const Pending)>> = const { Cell::new(None) };
}

/// Runs `f` with `db` as the database correlated subqueries read. The borrow of `db`
/// lasts as long as `f`, so nothing can change the store or the pending writes while
/// it is current; the previous database is restored on the way out, also on a panic.
pub fn with_db<R>(db: Db<'_>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<(*const Store, *const Pending)>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(Some((db.store, db.pending)))));
    f()
}

/// The value bound to `Outer(k)` by the innermost correlated subquery running.
pub fn bound(k: usize) -> Result<Value> {
    FRAMES.with(|f| {
        f.borrow()
            .last()
            .and_then(|frame| frame.get(k).cloned())
            .ok_or_else(|| Error::Internal(format!("outer value {k} read outside its subquery")))
    })
}

/// Runs `f` with `values` as the innermost frame `Outer(k)` reads: a trigger's OLD and
/// NEW row ([`crate::sql::fire`]), which its steps read as a subquery reads its outer row.
pub fn with_frame<R>(values: Vec<Value>, f: impl FnOnce() -> R) -> R {
    FRAMES.with(|f| f.borrow_mut().push(values));
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            FRAMES.with(|f| f.borrow_mut().pop());
        }
    }
    let _pop = Pop;
    f()
}

impl Correlated {
    pub fn eval(&self, row: &[Value]) -> Result<Value> {
        let values = self
            .bindings
            .iter()
            .map(|b| b.eval(row))
            .collect::<Result<Vec<_>>>()?;
        let outer_value = match &self.how {
            Use::In { expr, left, .. } => Some(convert(expr.eval(row)?, *left)),
            _ => None,
        };
        let Some((store, pending)) = CURRENT.with(Cell::get) else {
            // Every statement that evaluates rows makes its database current; this is
            // a clause that does not yet.
            return Err(unsupported("a correlated subquery in this clause"));
        };
        // SAFETY: `with_db` keeps both borrowed for as long as they are current.
        let db = unsafe {
            Db {
                store: &*store,
                pending: &*pending,
            }
        };
        with_frame(values, || self.run(db, outer_value))
    }

    fn run(&self, db: Db<'_>, outer_value: Option<Value>) -> Result<Value> {
        let mut rows = exec::open(&self.plan, db)?;
        match &self.how {
            Use::Scalar => Ok(match rows.next_row()? {
                Some(row) => row.into_iter().next().unwrap_or(Value::Null),
                None => Value::Null,
            }),
            Use::Exists { negated } => {
                let any = rows.next_row()?.is_some();
                Ok(Value::Integer(i64::from(any != *negated)))
            }
            Use::In {
                right,
                negated,
                collation,
                ..
            } => {
                let x = outer_value.expect("IN has its left value");
                if x.is_null() {
                    // NULL IN (empty) is false; NULL IN (anything) is NULL.
                    let empty = rows.next_row()?.is_none();
                    return Ok(if empty {
                        Value::Integer(i64::from(*negated))
                    } else {
                        Value::Null
                    });
                }
                let wanted = key_of(std::slice::from_ref(&*collation.key(&x)));
                let mut saw_null = false;
                while let Some(row) = rows.next_row()? {
                    let v = convert(row.into_iter().next().unwrap_or(Value::Null), *right);
                    if v.is_null() {
                        saw_null = true;
                    } else if key_of(std::slice::from_ref(&*collation.key(&v))) == wanted {
                        return Ok(in_result(true, saw_null, *negated));
                    }
                }
                Ok(in_result(false, saw_null, *negated))
            }
        }
    }
}
