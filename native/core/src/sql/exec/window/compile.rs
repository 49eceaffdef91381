//! From sqlparser's `f(...) OVER ...` to a [`WindowCall`]: the function is checked
//! (name, argument count, DISTINCT and FILTER as SQLite allows them), its window is
//! resolved against the query's `WINDOW name AS (...)` clause (a window based on a
//! named one takes its PARTITION BY and ORDER BY, never overrides them), and the frame
//! is checked as SQLite's parser does. The call becomes a column at
//! [`WINDOW_SLOT`] + k; the planner moves it to the end of the window node's input row
//! once that row's width is known.

use super::{Bound, Frame, FrameUnits, OrderTerm, WindowCall, WindowFunc, WindowSpec};
use crate::error::{Error, Result};
use crate::sql::collation::Collation;
use crate::sql::compile::{agg_func, func_args, Mode, Scope};
use crate::sql::expr::Expr;
use crate::sql::frame_exclude::{exclusion, Exclude};
use crate::sql::functions::Func;
use crate::sql::plan::{AggCall, AggFunc};
use crate::sql::planner::Planner;
use sqlparser::ast;
use std::cell::{Cell, RefCell};

/// Where window values are numbered while a SELECT is compiled: far past any real row.
pub const WINDOW_SLOT: usize = usize::MAX / 2;

/// The window calls of one SELECT, gathered while its select list and ORDER BY compile.
pub struct WindowCollector {
    named: Vec<(String, ast::NamedWindowExpr)>,
    /// Inside a window call's arguments or window, or an aggregate's arguments, where
    /// SQLite calls another window function a misuse.
    barred: Cell<usize>,
    pub specs: RefCell<Vec<WindowSpec>>,
    pub calls: RefCell<Vec<WindowCall>>,
}

impl WindowCollector {
    pub fn new(named: &[ast::NamedWindowDefinition]) -> WindowCollector {
        WindowCollector {
            named: named
                .iter()
                .map(|d| (d.0.value.to_ascii_lowercase(), d.1.clone()))
                .collect(),
            barred: Cell::new(0),
            specs: RefCell::new(Vec::new()),
            calls: RefCell::new(Vec::new()),
        }
    }

    /// Runs `f` where a window function is a misuse.
    pub fn barred<R>(&self, f: impl FnOnce() -> R) -> R {
        self.barred.set(self.barred.get() + 1);
        let r = f();
        self.barred.set(self.barred.get() - 1);
        r
    }
}

/// Functions that exist only as window functions.
pub fn window_only(name: &str) -> Option<WindowFunc> {
    Some(match name {
        "row_number" => WindowFunc::RowNumber,
        "rank" => WindowFunc::Rank,
        "dense_rank" => WindowFunc::DenseRank,
        "percent_rank" => WindowFunc::PercentRank,
        "cume_dist" => WindowFunc::CumeDist,
        "ntile" => WindowFunc::Ntile,
        "lag" => WindowFunc::Lag,
        "lead" => WindowFunc::Lead,
        "first_value" => WindowFunc::FirstValue,
        "last_value" => WindowFunc::LastValue,
        "nth_value" => WindowFunc::NthValue,
        _ => return None,
    })
}

/// A window definition with its base window merged in.
struct Definition {
    partition: Vec<ast::Expr>,
    order: Vec<ast::OrderByExpr>,
    frame: Option<ast::WindowFrame>,
    /// The frame's EXCLUDE clause, which comes with the frame.
    exclude: Option<Exclude>,
}

impl Planner<'_> {
    /// Compiles a call with OVER into its window column.
    pub(in crate::sql) fn compile_window_call(
        &self,
        f: &ast::Function,
        m: &mut Mode<'_>,
    ) -> Result<Expr> {
        let name = f.name.to_string().to_ascii_lowercase();
        let misuse = || Error::InvalidInput(format!("misuse of window function {name}()"));
        let Some(windows) = self.windows else {
            return Err(misuse());
        };
        if windows.barred.get() > 0 {
            return Err(misuse());
        }
        let (args, distinct) = func_args(f)?;
        crate::sql::agg_call::refuse_order_by(f)?;
        let builtin = window_only(&name);
        let aggregate = agg_func(&name)
            .filter(|a| !matches!(a, AggFunc::Min | AggFunc::Max) || args.len() == 1);
        if builtin.is_none() && aggregate.is_none() {
            return Err(Error::InvalidInput(if Func::exists(&name) {
                format!("{name}() may not be used as a window function")
            } else {
                format!("no such function: {name}")
            }));
        }
        if distinct {
            return Err(Error::InvalidInput(
                "DISTINCT is not supported for window functions".into(),
            ));
        }
        if f.filter.is_some() && aggregate.is_none() {
            return Err(Error::InvalidInput(
                "FILTER clause may only be used with aggregate window functions".into(),
            ));
        }
        if f.null_treatment.is_some() || !f.within_group.is_empty() {
            return Err(Error::InvalidInput(format!(
                "not supported: IGNORE/RESPECT NULLS or WITHIN GROUP in {name}()"
            )));
        }
        let arity_ok = match &builtin {
            Some(WindowFunc::Ntile | WindowFunc::FirstValue | WindowFunc::LastValue) => {
                args.len() == 1
            }
            Some(WindowFunc::Lag | WindowFunc::Lead) => (1..=3).contains(&args.len()),
            Some(WindowFunc::NthValue) => args.len() == 2,
            Some(_) => args.is_empty(),
            None => true,
        };
        if !arity_ok {
            return Err(Error::InvalidInput(format!(
                "wrong number of arguments to function {name}()"
            )));
        }
        let (func, args) = windows.barred(|| -> Result<_> {
            let mut compiled = Vec::with_capacity(args.len());
            let count_star = matches!(args.as_slice(), [] | [ast::FunctionArgExpr::Wildcard]);
            if !(aggregate == Some(AggFunc::Count) && count_star) {
                for a in &args {
                    match a {
                        ast::FunctionArgExpr::Expr(x) => compiled.push(self.compile(x, m)?),
                        _ => {
                            return Err(Error::InvalidInput(format!(
                                "wrong number of arguments to function {name}()"
                            )))
                        }
                    }
                }
            }
            let func = match (builtin, aggregate) {
                (Some(b), _) => b,
                (None, Some(agg)) => {
                    let filter = match &f.filter {
                        Some(x) => Some(self.compile(x, m)?),
                        None => None,
                    };
                    // min() and max() compare under their argument's collation.
                    let collation = match args.first() {
                        Some(ast::FunctionArgExpr::Expr(x)) => {
                            self.collation_of(x, Self::scope_of(m))?
                        }
                        _ => Collation::Binary,
                    };
                    let mut call = aggregate_call(&name, agg, compiled.drain(..), filter)?;
                    call.collation = collation;
                    WindowFunc::Aggregate(Box::new(call))
                }
                (None, None) => unreachable!("checked above"),
            };
            Ok((func, compiled))
        })?;
        let over = f.over.as_ref().expect("a window call has OVER");
        let def = self.definition(over, windows)?;
        let spec = windows.barred(|| self.window_spec(&def, m))?;
        let spec = {
            let mut specs = windows.specs.borrow_mut();
            match specs.iter().position(|s| *s == spec) {
                Some(i) => i,
                None => {
                    specs.push(spec);
                    specs.len() - 1
                }
            }
        };
        let call = WindowCall { func, args, spec };
        let mut calls = windows.calls.borrow_mut();
        let k = match calls.iter().position(|c| *c == call) {
            Some(k) => k,
            None => {
                calls.push(call);
                calls.len() - 1
            }
        };
        Ok(Expr::Column(WINDOW_SLOT + k))
    }

    fn definition(&self, over: &ast::WindowType, windows: &WindowCollector) -> Result<Definition> {
        match over {
            ast::WindowType::NamedWindow(id) => {
                self.named_definition(&id.value, windows.named.len(), windows)
            }
            ast::WindowType::WindowSpec(spec) => self.merged(spec, windows.named.len(), windows),
        }
    }

    /// The named window `name` among the first `visible` definitions of the WINDOW
    /// clause (a definition may only build on those before it).
    fn named_definition(
        &self,
        name: &str,
        visible: usize,
        windows: &WindowCollector,
    ) -> Result<Definition> {
        let lower = name.to_ascii_lowercase();
        let Some(at) = windows.named[..visible]
            .iter()
            .rposition(|(n, _)| *n == lower)
        else {
            return Err(Error::InvalidInput(format!("no such window: {name}")));
        };
        match &windows.named[at].1 {
            ast::NamedWindowExpr::NamedWindow(base) => {
                self.named_definition(&base.value, at, windows)
            }
            ast::NamedWindowExpr::WindowSpec(spec) => self.merged(spec, at, windows),
        }
    }

    fn merged(
        &self,
        spec: &ast::WindowSpec,
        visible: usize,
        windows: &WindowCollector,
    ) -> Result<Definition> {
        let (exclude, partition) = exclusion(&spec.partition_by);
        let Some(base_name) = &spec.window_name else {
            return Ok(Definition {
                partition: partition.to_vec(),
                order: spec.order_by.clone(),
                frame: spec.window_frame.clone(),
                exclude,
            });
        };
        let base = self.named_definition(&base_name.value, visible, windows)?;
        let cannot = |what: &str| {
            Error::InvalidInput(format!(
                "cannot override {what} of window: {}",
                base_name.value
            ))
        };
        if !partition.is_empty() {
            return Err(cannot("PARTITION clause"));
        }
        if !spec.order_by.is_empty() && !base.order.is_empty() {
            return Err(cannot("ORDER BY clause"));
        }
        if base.frame.is_some() {
            return Err(cannot("frame specification"));
        }
        Ok(Definition {
            partition: base.partition,
            order: if base.order.is_empty() {
                spec.order_by.clone()
            } else {
                base.order
            },
            frame: spec.window_frame.clone(),
            exclude,
        })
    }

    fn window_spec(&self, def: &Definition, m: &mut Mode<'_>) -> Result<WindowSpec> {
        let mut partition = Vec::with_capacity(def.partition.len());
        for e in &def.partition {
            let c = self.collation_of(e, Self::scope_of(m))?;
            partition.push(crate::sql::collate::wrap(self.compile(e, m)?, c));
        }
        let mut order = Vec::with_capacity(def.order.len());
        for o in &def.order {
            let desc = matches!(o.options.sort, Some(ast::OrderBySort::Desc));
            let c = self.collation_of(&o.expr, Self::scope_of(m))?;
            order.push(OrderTerm {
                expr: crate::sql::collate::wrap(self.compile(&o.expr, m)?, c),
                desc,
                nulls_first: o.options.nulls_first.unwrap_or(!desc),
            });
        }
        let frame = match &def.frame {
            None => Frame::default_frame(),
            Some(f) => self.frame(f, order.len(), def.exclude)?,
        };
        Ok(WindowSpec {
            partition,
            order,
            frame,
        })
    }

    fn frame(
        &self,
        f: &ast::WindowFrame,
        order_terms: usize,
        exclude: Option<Exclude>,
    ) -> Result<Frame> {
        let units = match f.units {
            ast::WindowFrameUnits::Rows => FrameUnits::Rows,
            ast::WindowFrameUnits::Range => FrameUnits::Range,
            ast::WindowFrameUnits::Groups => FrameUnits::Groups,
        };
        let start = self.bound(&f.start_bound)?;
        let end = match &f.end_bound {
            Some(b) => self.bound(b)?,
            None => Bound::CurrentRow,
        };
        let rank = |b: &Bound| match b {
            Bound::UnboundedPreceding => 0,
            Bound::Preceding(_) => 1,
            Bound::CurrentRow => 2,
            Bound::Following(_) => 3,
            Bound::UnboundedFollowing => 4,
        };
        // SQLite's parser refuses a frame whose start comes after its end in kind.
        let refused = rank(&start) == 4
            || rank(&end) == 0
            || (rank(&start) >= 2 && rank(&end) < rank(&start));
        if refused {
            return Err(Error::InvalidInput(
                "unsupported frame specification".into(),
            ));
        }
        let offset = |b: &Bound| matches!(b, Bound::Preceding(_) | Bound::Following(_));
        if units == FrameUnits::Range && (offset(&start) || offset(&end)) && order_terms != 1 {
            return Err(Error::InvalidInput(
                "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression".into(),
            ));
        }
        Ok(Frame {
            units,
            start,
            end,
            exclude,
        })
    }

    fn bound(&self, b: &ast::WindowFrameBound) -> Result<Bound> {
        let constant = |e: &ast::Expr| -> Result<Expr> {
            // sqlparser reads `'1' PRECEDING` as the interval `INTERVAL '1'`; SQLite
            // reads the string, as a number.
            let e = match e {
                ast::Expr::Interval(i)
                    if i.leading_field.is_none()
                        && i.last_field.is_none()
                        && i.leading_precision.is_none()
                        && i.fractional_seconds_precision.is_none() =>
                {
                    &i.value
                }
                e => e,
            };
            let x = self.compile(e, &mut Mode::Plain(&Scope::default()))?;
            if !x.is_constant() {
                return Err(Error::InvalidInput(
                    "not supported: a frame offset that is not a constant".into(),
                ));
            }
            Ok(x)
        };
        Ok(match b {
            ast::WindowFrameBound::CurrentRow => Bound::CurrentRow,
            ast::WindowFrameBound::Preceding(None) => Bound::UnboundedPreceding,
            ast::WindowFrameBound::Following(None) => Bound::UnboundedFollowing,
            ast::WindowFrameBound::Preceding(Some(e)) => Bound::Preceding(constant(e)?),
            ast::WindowFrameBound::Following(Some(e)) => Bound::Following(constant(e)?),
        })
    }
}

/// An aggregate used as a window function, its arguments compiled: count() and
/// count(*) count rows, group_concat takes an optional separator.
fn aggregate_call(
    name: &str,
    func: AggFunc,
    mut args: impl Iterator<Item = Expr>,
    filter: Option<Expr>,
) -> Result<AggCall> {
    let (arg, sep) = (args.next(), args.next());
    let wrong = || Error::InvalidInput(format!("wrong number of arguments to function {name}()"));
    let two = matches!(func, AggFunc::GroupConcat | AggFunc::JsonGroupObject);
    if args.next().is_some() || (sep.is_some() && !two) {
        return Err(wrong());
    }
    if (func == AggFunc::JsonGroupObject || name == "string_agg") && sep.is_none() {
        return Err(wrong());
    }
    let func = match (func, &arg) {
        (AggFunc::Count, None) => AggFunc::CountStar,
        (_, None) => return Err(wrong()),
        (f, Some(_)) => f,
    };
    Ok(AggCall {
        func,
        arg,
        distinct: false,
        sep,
        filter,
        order: Vec::new(),
        collation: Collation::Binary,
    })
}
