//! SELECT to [`Plan`]: FROM and joins (WHERE conjuncts pushed to the scan or join that
//! first sees all their tables; equalities between the two sides become hash-join keys),
//! then aggregation, HAVING, window functions ([`crate::sql::window`]), projection, DISTINCT,
//! ORDER BY, LIMIT. Index choice for a scan lives in [`crate::sql::access`].

use crate::error::{Error, Result};
use crate::sql::alias::resolve_aliases;
use crate::sql::catalog::Catalog;
use crate::sql::collation::Collation;
use crate::sql::compile::{contains_aggregate, literal, AggCtx, Mode, Scope, ScopeCol};
use crate::sql::correlate::OuterNames;
use crate::sql::expr::{unsupported, Expr};
use crate::sql::plan::{AggCall, AggFunc, Plan, SortKey};
use crate::sql::txn::Db;
use crate::sql::value::{Affinity, Value};
use crate::sql::window::{WindowCollector, WINDOW_SLOT};
use sqlparser::ast;

pub struct Planner<'a> {
    pub db: Db<'a>,
    pub catalog: &'a Catalog,
    pub params: &'a [Value],
    /// The query around this one, when planning a subquery: names it cannot resolve
    /// are looked up there ([`crate::sql::correlate`]).
    pub outer: Option<&'a dyn OuterNames>,
    /// Set while a select list or ORDER BY compiles: where window calls are gathered.
    /// Elsewhere (WHERE, GROUP BY, HAVING, subqueries) a window call is a misuse.
    pub windows: Option<&'a WindowCollector>,
}

/// A planned query: the plan, and the name and affinity of each output column.
pub struct Planned {
    pub plan: Plan,
    pub columns: Vec<String>,
    pub affinities: Vec<Option<Affinity>>,
    /// Each output column's collation (a column's, or an explicit COLLATE's).
    pub collations: Vec<Collation>,
    /// Output columns that carry no collation of their own (an expression without
    /// COLLATE), whose BINARY gives way to a later SELECT's in a compound; empty: none.
    pub uncollated: Vec<bool>,
    /// Output columns that pass a json_each/json_tree `value` on as it is
    /// ([`crate::sql::scope::ScopeCol::json_through`]); empty: none.
    pub json: Vec<bool>,
}

impl<'a> Planner<'a> {
    pub fn plan_query(&self, q: &ast::Query) -> Result<Planned> {
        match &q.with {
            Some(with) => crate::sql::cte::within(with, || self.plan_query_body(q)),
            None => self.plan_query_body(q),
        }
    }

    /// The ORDER BY of a compound query (or of a recursive CTE's queue): each term an
    /// output column, by position, name or alias.
    pub(in crate::sql) fn output_sort_keys(
        &self,
        order: &[ast::OrderByExpr],
        planned: &Planned,
    ) -> Result<Vec<SortKey>> {
        let scope = Scope {
            cols: planned
                .columns
                .iter()
                .zip(&planned.affinities)
                .zip(&planned.collations)
                .map(|((n, a), c)| ScopeCol {
                    table: None,
                    name: n.clone(),
                    affinity: *a,
                    collation: *c,
                    hidden: false,
                    merged: false,
                    json: false,
                    json_through: false,
                })
                .collect(),
        };
        let mut keys = Vec::new();
        for (n, o) in order.iter().enumerate() {
            let col = match self.output_position(&o.expr, &planned.columns)? {
                Some(c) => c,
                None => match self.compile(&o.expr, &mut Mode::Plain(&scope)) {
                    Ok(Expr::Column(c)) => c,
                    _ => {
                        return Err(Error::InvalidInput(format!(
                            "ORDER BY term {} does not match any column in the result set",
                            n + 1
                        )))
                    }
                },
            };
            let c = match crate::sql::collate::explicit_of(&o.expr)? {
                Some(c) => c,
                None => planned.collations[col],
            };
            keys.push(sort_key(col, &o.options, c));
        }
        Ok(keys)
    }

    fn plan_query_body(&self, q: &ast::Query) -> Result<Planned> {
        let (limit, offset) = self.limit_clause(q.limit_clause.as_ref())?;
        let order: &[ast::OrderByExpr] = match &q.order_by {
            Some(ast::OrderBy {
                kind: ast::OrderByKind::Expressions(v),
                ..
            }) => v,
            Some(_) => return Err(unsupported("ORDER BY ALL")),
            None => &[],
        };
        let mut planned = match &*q.body {
            ast::SetExpr::Select(s) => return self.plan_select(s, order, limit, offset),
            body => self.plan_set_expr(body)?,
        };
        if !order.is_empty() {
            let keys = self.output_sort_keys(order, &planned)?;
            // SQLite merges the SELECTs in ORDER BY order, unless a term names a
            // collation: then the compound runs as a subquery the ORDER BY sorts
            // (`convertCompoundSelectToSubquery`).
            let mut collated = false;
            for o in order {
                collated |= crate::sql::collate::explicit_of(&o.expr)?.is_some();
            }
            if !collated {
                crate::sql::compound::merge_in_order(&mut planned.plan, &keys, &planned.collations);
            }
            planned.plan = Plan::Sort {
                input: Box::new(planned.plan),
                keys,
            };
        }
        if limit.is_some() || offset > 0 {
            planned.plan = Plan::Limit {
                input: Box::new(planned.plan),
                limit,
                offset,
            };
        }
        Ok(planned)
    }

    pub(in crate::sql) fn plan_set_expr(&self, body: &ast::SetExpr) -> Result<Planned> {
        match body {
            ast::SetExpr::Select(s) => self.plan_select(s, &[], None, 0),
            ast::SetExpr::Query(q) => self.plan_query(q),
            ast::SetExpr::Values(v) => self.plan_values(v),
            ast::SetExpr::SetOperation { .. } => self.plan_compound(body),
            other => Err(unsupported(format!("the query {other}"))),
        }
    }

    pub fn plan_values(&self, v: &ast::Values) -> Result<Planned> {
        let scope = Scope::default();
        let mut rows = Vec::with_capacity(v.rows.len());
        let width = v.rows.first().map_or(0, |r| r.len());
        for r in &v.rows {
            if r.len() != width {
                return Err(Error::InvalidInput(
                    "all VALUES must have the same number of terms".into(),
                ));
            }
            let mut row = Vec::with_capacity(width);
            for e in r.iter() {
                row.push(self.compile(e, &mut Mode::Plain(&scope))?.eval(&[])?);
            }
            rows.push(row);
        }
        // A column's collation is the first row's explicit COLLATE, if any.
        let explicit = match v.rows.first() {
            Some(r) => (r.iter())
                .map(crate::sql::collate::explicit_of)
                .collect::<Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        Ok(Planned {
            plan: Plan::Rows(rows),
            columns: (1..=width).map(|i| format!("column{i}")).collect(),
            affinities: vec![None; width],
            collations: explicit.iter().map(|c| c.unwrap_or_default()).collect(),
            uncollated: explicit.iter().map(Option::is_none).collect(),
            json: Vec::new(),
        })
    }

    pub(in crate::sql) fn limit_clause(
        &self,
        l: Option<&ast::LimitClause>,
    ) -> Result<(Option<u64>, u64)> {
        let eval = |e: &ast::Expr| -> Result<i64> {
            let v = self
                .compile(e, &mut Mode::Plain(&Scope::default()))?
                .eval(&[])?;
            match v.apply_affinity(Affinity::Integer) {
                Value::Integer(i) => Ok(i),
                _ => Err(Error::InvalidInput(
                    "datatype mismatch in LIMIT or OFFSET".into(),
                )),
            }
        };
        let (lim, off) = match l {
            None => return Ok((None, 0)),
            Some(ast::LimitClause::LimitOffset { limit, offset, .. }) => (
                limit.as_ref().map(eval).transpose()?,
                offset.as_ref().map(|o| eval(&o.value)).transpose()?,
            ),
            Some(ast::LimitClause::OffsetCommaLimit { offset, limit }) => {
                (Some(eval(limit)?), Some(eval(offset)?))
            }
        };
        let limit = lim.and_then(|l| u64::try_from(l).ok());
        Ok((limit, off.map_or(0, |o| o.max(0) as u64)))
    }

    /// `ORDER BY 2` or `ORDER BY alias`: a position of the output, if the term is one.
    fn output_position(&self, e: &ast::Expr, columns: &[String]) -> Result<Option<usize>> {
        match e {
            ast::Expr::Value(v) if matches!(v.value, ast::Value::Number(..)) => {
                match literal(&v.value, self.params)? {
                    Value::Integer(k) if k >= 1 && (k as usize) <= columns.len() => {
                        Ok(Some(k as usize - 1))
                    }
                    _ => Err(Error::InvalidInput(format!(
                        "ORDER BY term out of range - should be between 1 and {}",
                        columns.len()
                    ))),
                }
            }
            ast::Expr::Identifier(i) => Ok(columns
                .iter()
                .position(|c| c.eq_ignore_ascii_case(&i.value))),
            // `ORDER BY 2 COLLATE NOCASE`: still the position (the collation is the
            // caller's, from `collate::explicit_of`).
            ast::Expr::Collate { expr, .. }
                if matches!(
                    **expr,
                    ast::Expr::Identifier(_)
                        | ast::Expr::Value(ast::ValueWithSpan {
                            value: ast::Value::Number(..),
                            ..
                        })
                ) =>
            {
                self.output_position(expr, columns)
            }
            _ => Ok(None),
        }
    }

    /// This planner gathering window calls into `windows` (or refusing them: `None`).
    fn with_windows<'w>(&'w self, windows: Option<&'w WindowCollector>) -> Planner<'w> {
        Planner {
            db: self.db,
            catalog: self.catalog,
            params: self.params,
            outer: self.outer,
            windows,
        }
    }

    fn plan_select(
        &self,
        s: &ast::Select,
        order: &[ast::OrderByExpr],
        limit: Option<u64>,
        offset: u64,
    ) -> Result<Planned> {
        if self.windows.is_some() {
            // A SELECT nested in a select list gathers its own window calls.
            return self.with_windows(None).plan_select(s, order, limit, offset);
        }
        let windows = WindowCollector::new(&s.named_window);
        let gathering = self.with_windows(Some(&windows));
        if s.having.is_some() && matches!(&s.group_by, ast::GroupByExpr::Expressions(g, _) if g.is_empty())
            && !s.projection.iter().any(|p| matches!(p, ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } if contains_aggregate(e)))
        {
            return Err(Error::InvalidInput("a GROUP BY clause is required before HAVING".into()));
        }
        let (mut plan, scope) = self.plan_from(&s.from, s.selection.as_ref())?;
        let group_exprs: &[ast::Expr] = match &s.group_by {
            ast::GroupByExpr::Expressions(g, _) => g,
            ast::GroupByExpr::All(_) => return Err(unsupported("GROUP BY ALL")),
        };
        let select_exprs = s.projection.iter().filter_map(|p| match p {
            ast::SelectItem::UnnamedExpr(e) | ast::SelectItem::ExprWithAlias { expr: e, .. } => {
                Some(e)
            }
            _ => None,
        });
        let aggregate = !group_exprs.is_empty()
            || s.having.is_some()
            || select_exprs.clone().any(contains_aggregate)
            || order.iter().any(|o| contains_aggregate(&o.expr));

        // Output expressions, names and affinities.
        let mut items: Vec<(&ast::Expr, String)> = Vec::new();
        let mut stars: Vec<(usize, Option<String>)> = Vec::new(); // (position in items, table)
        for p in &s.projection {
            match p {
                ast::SelectItem::UnnamedExpr(e) => items.push((e, output_name(e))),
                ast::SelectItem::ExprWithAlias { expr, alias } => {
                    items.push((expr, alias.value.clone()))
                }
                ast::SelectItem::Wildcard(_) => stars.push((items.len(), None)),
                ast::SelectItem::QualifiedWildcard(kind, _) => match kind {
                    ast::SelectItemQualifiedWildcardKind::ObjectName(t) => stars.push((
                        items.len(),
                        Some(crate::sql::names::last_part(t).to_ascii_lowercase()),
                    )),
                    other => return Err(unsupported(format!("the select item {other}"))),
                },
                other => return Err(unsupported(format!("the select item {other}"))),
            }
        }
        let mut agg = AggCtx {
            input: scope.clone(),
            groups: Vec::new(),
            aggs: Vec::new(),
        };
        let mut group_collations = Vec::with_capacity(group_exprs.len());
        for g in group_exprs {
            // GROUP BY 2 and GROUP BY alias name result columns, as in SQLite.
            let g = match g {
                ast::Expr::Value(v) if matches!(v.value, ast::Value::Number(..)) => {
                    match literal(&v.value, self.params)? {
                        Value::Integer(k) if k >= 1 && (k as usize) <= items.len() => {
                            items[k as usize - 1].0
                        }
                        _ => return Err(Error::InvalidInput("GROUP BY term out of range".into())),
                    }
                }
                g => g,
            };
            let g = resolve_aliases(g, &items, &scope);
            group_collations.push(self.collation_of(&g, &scope)?);
            agg.groups.push(self.compile(&g, &mut Mode::Plain(&scope))?);
        }
        let mut mode = if aggregate {
            Mode::Agg(&mut agg)
        } else {
            Mode::Plain(&scope)
        };
        let mut exprs = Vec::new();
        let mut names = Vec::new();
        let mut affs = Vec::new();
        let mut colls = Vec::new();
        let mut uncollated = Vec::new();
        let mut jsons = Vec::new();
        let mut star_iter = stars.into_iter().peekable();
        for i in 0..=items.len() {
            while let Some((_, table)) = star_iter.next_if(|(at, _)| *at == i) {
                let mut any = false;
                for (c, col) in scope.cols.iter().enumerate() {
                    if col.hidden
                        || (col.merged && table.is_none())
                        || table
                            .as_ref()
                            .is_some_and(|t| col.table.as_deref() != Some(t))
                    {
                        continue;
                    }
                    any = true;
                    let e = match &mut mode {
                        Mode::Plain(_) => Expr::Column(c),
                        Mode::Agg(ctx) => {
                            let arg = Some(Expr::Column(c));
                            match ctx.groups.iter().position(|g| *g == Expr::Column(c)) {
                                Some(g) => Expr::Column(g),
                                None => {
                                    ctx.aggs.push(AggCall {
                                        func: AggFunc::Any,
                                        arg,
                                        distinct: false,
                                        sep: None,
                                        filter: None,
                                        order: Vec::new(),
                                        collation: Collation::Binary,
                                    });
                                    Expr::Column(ctx.groups.len() + ctx.aggs.len() - 1)
                                }
                            }
                        }
                    };
                    exprs.push(e);
                    names.push(col.name.clone());
                    affs.push(col.affinity);
                    colls.push(col.collation);
                    uncollated.push(false);
                    jsons.push(col.json || col.json_through);
                }
                if !any {
                    let msg = match table {
                        Some(t) => format!("no such table: {t}"),
                        None => "no tables specified".to_string(),
                    };
                    return Err(Error::NotFound(msg));
                }
            }
            let Some((e, name)) = items.get(i) else { break };
            exprs.push(gathering.compile(e, &mut mode)?);
            names.push(name.clone());
            affs.push(self.affinity_of(e, &scope));
            colls.push(self.collation_of(e, &scope)?);
            uncollated.push(!self.carries_collation(e, &scope)?);
            jsons.push(crate::sql::json_args::passes_json_on(e, &scope));
        }
        let width = exprs.len();

        let having = match &s.having {
            Some(h) => Some(self.compile(&resolve_aliases(h, &items, &scope), &mut mode)?),
            None => None,
        };
        let mut keys = Vec::new();
        for o in order {
            let resolved = resolve_aliases(&o.expr, &items, &scope);
            let (col, coll) = match self.output_position(&o.expr, &names)? {
                Some(c) => (
                    c,
                    crate::sql::collate::explicit_of(&o.expr)?.unwrap_or(colls[c]),
                ),
                None => {
                    let e = gathering.compile(&resolved, &mut mode)?;
                    let coll = self.collation_of(&resolved, &scope)?;
                    match exprs.iter().position(|x| *x == e) {
                        Some(c) => (c, coll),
                        None => {
                            exprs.push(e);
                            (exprs.len() - 1, coll)
                        }
                    }
                }
            };
            keys.push(sort_key(col, &o.options, coll));
        }
        // Window values follow the row they are computed over: the input's columns, or
        // the groups and aggregates of an aggregate query (known only now).
        let window_base = if aggregate {
            agg.groups.len() + agg.aggs.len()
        } else {
            scope.cols.len()
        };
        for e in &mut exprs {
            e.remap(&|c| {
                if c >= WINDOW_SLOT {
                    window_base + (c - WINDOW_SLOT)
                } else {
                    c
                }
            });
        }
        if aggregate {
            let witness = crate::sql::agg_call::witness(
                exprs.iter().chain(&having),
                agg.groups.len(),
                &agg.aggs,
            );
            plan = Plan::Aggregate {
                input: Box::new(plan),
                groups: agg.groups,
                collations: group_collations,
                aggs: agg.aggs,
                witness,
            };
        }
        if let Some(pred) = having {
            plan = Plan::Filter {
                input: Box::new(plan),
                pred,
            };
        }
        let calls = windows.calls.into_inner();
        if !calls.is_empty() {
            plan = Plan::Window {
                input: Box::new(plan),
                specs: windows.specs.into_inner(),
                calls,
            };
        }
        let hidden = exprs.len() > width;
        plan = Plan::Project {
            input: Box::new(plan),
            exprs,
        };
        match &s.distinct {
            None | Some(ast::Distinct::All) => {}
            Some(ast::Distinct::Distinct) => {
                plan = Plan::Distinct {
                    input: Box::new(plan),
                    width,
                    collations: colls.clone(),
                }
            }
            Some(ast::Distinct::On(_)) => return Err(unsupported("DISTINCT ON")),
        }
        if !keys.is_empty() {
            plan = Plan::Sort {
                input: Box::new(plan),
                keys,
            };
        }
        if limit.is_some() || offset > 0 {
            plan = Plan::Limit {
                input: Box::new(plan),
                limit,
                offset,
            };
        }
        if hidden {
            plan = Plan::Truncate {
                input: Box::new(plan),
                width,
            };
        }
        Ok(Planned {
            plan,
            columns: names,
            affinities: affs,
            collations: colls,
            uncollated,
            json: jsons,
        })
    }
}

fn sort_key(col: usize, o: &ast::OrderByOptions, collation: Collation) -> SortKey {
    let desc = matches!(o.sort, Some(ast::OrderBySort::Desc));
    SortKey {
        col,
        desc,
        nulls_first: o.nulls_first.unwrap_or(!desc),
        collation,
    }
}

/// SQLite names an unaliased result column by its column name, or its text.
fn output_name(e: &ast::Expr) -> String {
    match e {
        ast::Expr::Identifier(i) => i.value.clone(),
        ast::Expr::CompoundIdentifier(p) => p.last().map(|i| i.value.clone()).unwrap_or_default(),
        e => e.to_string(),
    }
}
