//! FROM and joins for the [`Planner`]: each relation planned on its own, WHERE conjuncts
//! pushed to the first scan or join that sees all their tables, equalities between the
//! two sides of a join turned into hash-join keys.

use super::compile::{Mode, Scope, ScopeCol};
use super::expr::{unsupported, Cmp, Expr};
use super::join_order::{join_order, Filtered};
use super::limits::MAX_JOIN_TABLES;
use super::plan::Plan;
use super::planner::{Planned, Planner};
use super::value::Affinity;
use crate::error::{Error, Result};
use sqlparser::ast;

/// One relation of a FROM clause and how it joins the ones before it.
pub(super) struct Relation {
    pub(super) plan: Plan,
    pub(super) scope: Vec<ScopeCol>,
    /// The right side of a LEFT or FULL join: a row of the left with no match is kept.
    pub(super) outer: bool,
    /// The right side of a RIGHT or FULL join: its rows with no match are kept.
    pub(super) keep_right: bool,
    pub(super) on: Option<ast::Expr>,
}

impl Planner<'_> {
    /// FROM and WHERE: the joined rows and their scope.
    pub(super) fn plan_from(
        &self,
        from: &[ast::TableWithJoins],
        selection: Option<&ast::Expr>,
    ) -> Result<(Plan, Scope)> {
        let tables: usize = from.iter().map(|twj| 1 + twj.joins.len()).sum();
        if tables > MAX_JOIN_TABLES {
            return Err(Error::InvalidInput(format!(
                "at most {MAX_JOIN_TABLES} tables in a join ({tables} given)"
            )));
        }
        let mut items = Vec::new();
        for twj in from {
            flatten_join(twj, &mut items)?;
        }
        let mut rels: Vec<Relation> = Vec::new();
        for item in items {
            let mut rel = self.relation(item.factor, item.outer, item.on, &layout(&rels).1)?;
            rel.keep_right = item.keep_right;
            if let Some(using) = item.using {
                join_using(&rels, &mut rel, using)?;
            }
            rels.push(rel);
        }
        if rels.is_empty() {
            let scope = Scope::default();
            let mut plan = Plan::Rows(vec![vec![]]);
            if let Some(w) = selection {
                let pred = self.compile(w, &mut Mode::Plain(&scope))?;
                plan = Plan::Filter {
                    input: Box::new(plan),
                    pred,
                };
            }
            return Ok((plan, scope));
        }
        self.join_relations(rels, selection)
    }

    fn relation(
        &self,
        f: &ast::TableFactor,
        outer: bool,
        on: Option<ast::Expr>,
        prior: &Scope,
    ) -> Result<Relation> {
        match f {
            ast::TableFactor::Table {
                name, alias, args, ..
            } if self.is_json_table(name, args.is_some()) => {
                self.json_table(name, alias.as_ref(), args.as_ref(), prior, outer, on)
            }
            ast::TableFactor::Table {
                name,
                alias,
                args: None,
                ..
            } => {
                let alias = alias.as_ref().map(|a| a.name.value.to_ascii_lowercase());
                let name = super::names::object_name(name)?;
                if let Some(at) = super::cte::lookup(&name) {
                    let p = self.plan_cte(at)?;
                    let qual = alias.unwrap_or_else(|| name.to_ascii_lowercase());
                    return Ok(derived(p, Some(qual), outer, on));
                }
                let temp_view = self.catalog.view(&name).filter(|v| v.temp);
                if let Some(view) = temp_view.or_else(|| match self.catalog.table(&name) {
                    Some(_) => None,
                    None => self.catalog.view(&name),
                }) {
                    let p = self.plan_view(view)?;
                    let qual = alias.unwrap_or_else(|| view.name.to_ascii_lowercase());
                    return Ok(derived(p, Some(qual), outer, on));
                }
                let table = self.catalog.get(&name)?.clone();
                let qual = alias.unwrap_or_else(|| table.name.to_ascii_lowercase());
                let mut scope: Vec<ScopeCol> = table
                    .columns
                    .iter()
                    .map(|c| ScopeCol {
                        table: Some(qual.clone()),
                        name: c.name.clone(),
                        affinity: Some(c.affinity),
                        collation: c.collation,
                        hidden: false,
                        merged: false,
                        json: false,
                    })
                    .collect();
                scope.push(ScopeCol {
                    table: Some(qual),
                    name: "rowid".into(),
                    affinity: Some(Affinity::Integer),
                    collation: Default::default(),
                    hidden: true,
                    merged: false,
                    json: false,
                });
                let plan = Plan::Scan {
                    table,
                    access: super::plan::Access::Full,
                    filter: None,
                    read: None,
                };
                Ok(Relation {
                    plan,
                    scope,
                    outer,
                    keep_right: false,
                    on,
                })
            }
            ast::TableFactor::Table {
                name,
                alias,
                args: Some(args),
                ..
            } if super::names::object_name(name)?
                .eq_ignore_ascii_case(super::vector_search::NAME) =>
            {
                let p = self.vector_search(args)?;
                let qual = alias.as_ref().map_or_else(
                    || super::vector_search::NAME.to_string(),
                    |a| a.name.value.to_ascii_lowercase(),
                );
                Ok(derived(p, Some(qual), outer, on))
            }
            ast::TableFactor::Derived {
                subquery,
                alias,
                lateral: false,
                ..
            } => {
                let p = self.plan_query(subquery)?;
                let qual = alias.as_ref().map(|a| a.name.value.to_ascii_lowercase());
                Ok(derived(p, qual, outer, on))
            }
            other => Err(unsupported(format!("the FROM item {other}"))),
        }
    }

    fn join_relations(
        &self,
        mut rels: Vec<Relation>,
        selection: Option<&ast::Expr>,
    ) -> Result<(Plan, Scope)> {
        let (offsets, full) = layout(&rels);
        let mut conjuncts = Vec::new();
        if let Some(w) = selection {
            self.compile(w, &mut Mode::Plain(&full))?
                .conjuncts(&mut conjuncts);
        }
        let lateral = |r: &Relation| super::json_table::is_lateral(&r.plan);
        if rels.len() < 3 || rels.iter().any(|r| r.outer || r.keep_right || lateral(r)) {
            let plan = self.join_in_order(rels, conjuncts)?;
            return Ok((plan, full));
        }
        // Inner joins only: an ON term is a WHERE term once compiled against the
        // tables to its left (the names SQLite lets it use), and any order will do.
        for (i, r) in rels.iter_mut().enumerate() {
            if let Some(e) = r.on.take() {
                let scope = Scope {
                    cols: full.cols[..offsets[i] + r.scope.len()].to_vec(),
                };
                self.compile(&e, &mut Mode::Plain(&scope))?
                    .conjuncts(&mut conjuncts);
            }
        }
        let order = choose_order(&offsets, &conjuncts);
        if order.iter().enumerate().all(|(at, &i)| at == i) {
            let plan = self.join_in_order(rels, conjuncts)?;
            return Ok((plan, full));
        }
        // Join in `order`, then put the columns back in FROM order.
        let mut placed = vec![0; rels.len()];
        let mut at = 0;
        for &i in &order {
            placed[i] = at;
            at += rels[i].scope.len();
        }
        let moved = |c: usize| {
            let t = table_at(&offsets, c);
            placed[t] + c - offsets[t]
        };
        for c in &mut conjuncts {
            c.remap(&moved);
        }
        let back = (0..full.cols.len())
            .map(|c| Expr::Column(moved(c)))
            .collect();
        let mut slots: Vec<Option<Relation>> = rels.into_iter().map(Some).collect();
        let reordered = order
            .iter()
            .map(|&i| slots[i].take().expect("once"))
            .collect();
        let plan = self.join_in_order(reordered, conjuncts)?;
        let plan = Plan::Project {
            input: Box::new(plan),
            exprs: back,
        };
        Ok((plan, full))
    }

    /// Joins `rels` in the order given, `conjuncts` (WHERE terms over their columns, in
    /// that order) each placed at the first join that sees all the tables it reads.
    fn join_in_order(&self, rels: Vec<Relation>, conjuncts: Vec<Expr>) -> Result<Plan> {
        let (offsets, full) = layout(&rels);
        let tables_of = |e: &Expr| tables_read(&offsets, e);
        // Each WHERE conjunct goes to the relation with the highest table it reads.
        let mut where_at: Vec<Vec<Expr>> = vec![Vec::new(); rels.len()];
        let mut top = Vec::new();
        // A RIGHT or FULL join keeps right rows whatever the left ones were: no WHERE
        // term may filter a relation before the join is complete.
        let keeps_right = rels.iter().any(|r| r.keep_right);
        for c in conjuncts {
            match tables_of(&c).last() {
                Some(&t) if !keeps_right => where_at[t].push(c),
                _ => top.push(c),
            }
        }
        let mut plan: Option<Plan> = None;
        for (i, rel) in rels.into_iter().enumerate() {
            let off = offsets[i];
            let width = rel.scope.len();
            let lateral = super::json_table::is_lateral(&rel.plan);
            let local = |mut e: Expr| {
                e.remap(&|c| c - off);
                e
            };
            let mut on = Vec::new();
            if let Some(e) = &rel.on {
                let scope = Scope {
                    cols: full.cols[..off + width].to_vec(),
                };
                self.compile(e, &mut Mode::Plain(&scope))?
                    .conjuncts(&mut on);
            }
            let mut post = Vec::new();
            let mut join_conds = Vec::new();
            let mut pushed = Vec::new();
            for c in std::mem::take(&mut where_at[i]) {
                if rel.outer {
                    post.push(c);
                } else if tables_of(&c) == [i] && !lateral {
                    pushed.push(local(c));
                } else {
                    join_conds.push(c);
                }
            }
            for c in on {
                // A term on the right side alone restricts its matches; it may filter
                // its scan unless unmatched right rows are kept.
                if tables_of(&c) == [i] && !rel.keep_right && !lateral {
                    pushed.push(local(c));
                } else {
                    join_conds.push(c);
                }
            }
            let right = self.with_filter(rel.plan, pushed);
            let next = match plan.take() {
                None => {
                    // The first relation: ON terms of a lone table cannot occur.
                    self.with_filter(right, join_conds)
                }
                Some(left) if lateral => {
                    super::json_table::join(left, right, join_conds, (rel.outer, rel.keep_right))?
                }
                Some(left) => {
                    let mut keys = Vec::new();
                    let mut residual = Vec::new();
                    for c in join_conds {
                        match c {
                            Expr::Compare(Cmp::Eq, a, b, la, ra) => {
                                let (ta, tb) = (tables_of(&a), tables_of(&b));
                                let left_only =
                                    |t: &[usize]| !t.is_empty() && t.iter().all(|&x| x < i);
                                if left_only(&ta) && tb == [i] {
                                    keys.push((*a, local(*b), la, ra));
                                } else if left_only(&tb) && ta == [i] {
                                    keys.push((*b, local(*a), ra, la));
                                } else {
                                    residual.push(Expr::Compare(Cmp::Eq, a, b, la, ra));
                                }
                            }
                            c => residual.push(c),
                        }
                    }
                    Plan::Join {
                        left: Box::new(left),
                        right: Box::new(right),
                        outer: rel.outer,
                        keep_right: rel.keep_right,
                        left_width: off,
                        keys,
                        residual: Expr::and_all(residual),
                        right_width: width,
                    }
                }
            };
            plan = Some(self.with_filter(next, post));
        }
        Ok(self.with_filter(plan.expect("at least one relation"), top))
    }

    /// Adds conjuncts as a filter: into a table scan (which may then use an index), or
    /// as a filter node.
    fn with_filter(&self, plan: Plan, conjuncts: Vec<Expr>) -> Plan {
        if conjuncts.is_empty() {
            return plan;
        }
        match plan {
            Plan::Scan { table, filter, .. } => {
                let mut all = Vec::new();
                if let Some(f) = filter {
                    f.conjuncts(&mut all);
                }
                all.extend(conjuncts);
                let access = super::access::choose(&table, &all);
                Plan::Scan {
                    table,
                    access,
                    filter: Expr::and_all(all),
                    read: None,
                }
            }
            plan => Plan::Filter {
                input: Box::new(plan),
                pred: Expr::and_all(conjuncts).expect("not empty"),
            },
        }
    }
}

/// Where each relation's columns start in the joined row, and the joined row's scope.
fn layout(rels: &[Relation]) -> (Vec<usize>, Scope) {
    let mut offsets = Vec::new();
    let mut full = Scope::default();
    for r in rels {
        offsets.push(full.cols.len());
        full.cols.extend(r.scope.iter().cloned());
    }
    (offsets, full)
}

/// The relation holding column `col` of the joined row.
fn table_at(offsets: &[usize], col: usize) -> usize {
    offsets.iter().rposition(|&o| o <= col).unwrap_or(0)
}

/// The relations `e` reads, ascending.
fn tables_read(offsets: &[usize], e: &Expr) -> Vec<usize> {
    let mut t: Vec<usize> = Vec::new();
    e.columns(&mut |c| t.push(table_at(offsets, c)));
    t.sort_unstable();
    t.dedup();
    t
}

/// The join order for inner-joined relations starting at `offsets`, from the filters
/// and equalities among `conjuncts` ([`super::join_order`]).
fn choose_order(offsets: &[usize], conjuncts: &[Expr]) -> Vec<usize> {
    let mut local = vec![Filtered::None; offsets.len()];
    let mut links = Vec::new();
    for c in conjuncts {
        let tables = tables_read(offsets, c);
        match (tables.as_slice(), c) {
            ([t], Expr::Compare(Cmp::Eq, a, b, ..)) if a.is_constant() || b.is_constant() => {
                local[*t] = Filtered::Equality;
            }
            ([t], _) => local[*t] = local[*t].max(Filtered::Some),
            ([_, _], Expr::Compare(Cmp::Eq, a, b, ..)) => {
                let (ta, tb) = (tables_read(offsets, a), tables_read(offsets, b));
                if let ([x], [y]) = (ta.as_slice(), tb.as_slice()) {
                    links.push((*x, *y));
                }
            }
            _ => {}
        }
    }
    join_order(&local, &links)
}

/// A subquery or view as a relation: its output columns, named under `qual`.
fn derived(p: Planned, qual: Option<String>, outer: bool, on: Option<ast::Expr>) -> Relation {
    let scope = p
        .columns
        .iter()
        .zip(&p.affinities)
        .zip(&p.collations)
        .map(|((n, a), c)| ScopeCol {
            table: qual.clone(),
            name: n.clone(),
            affinity: *a,
            collation: *c,
            hidden: false,
            merged: false,
            json: false,
        })
        .collect();
    Relation {
        plan: p.plan,
        scope,
        outer,
        keep_right: false,
        on,
    }
}

/// A relation of a FROM clause: the table or subquery, which unmatched rows its join
/// keeps, and its ON condition or USING columns.
struct FromItem<'t> {
    factor: &'t ast::TableFactor,
    outer: bool,
    keep_right: bool,
    on: Option<ast::Expr>,
    using: Option<Using>,
}

/// The columns a USING or NATURAL join matches by name.
enum Using {
    Names(Vec<String>),
    Natural,
}

/// Appends the relations of `a JOIN b … ` in order. A parenthesised join of inner joins
/// (`(t1 AS a CROSS JOIN t2 AS b)`) joins the same rows as its relations in a row, so
/// it is flattened, its ON conditions kept; one with an outer join inside, or on the
/// right of one, is not the same and stays a FROM item the planner refuses.
fn flatten_join<'t>(twj: &'t ast::TableWithJoins, out: &mut Vec<FromItem<'t>>) -> Result<()> {
    flatten_factor(&twj.relation, (false, false), None, None, out)?;
    for j in &twj.joins {
        use ast::JoinOperator as J;
        let (kind, c) = match &j.join_operator {
            J::Join(c) | J::Inner(c) | J::CrossJoin(c) => ((false, false), c),
            J::Left(c) | J::LeftOuter(c) => ((true, false), c),
            J::Right(c) | J::RightOuter(c) => ((false, true), c),
            J::FullOuter(c) => ((true, true), c),
            other => return Err(unsupported(format!("the join {other:?}"))),
        };
        let (on, using) = match c {
            ast::JoinConstraint::On(e) => (Some(e.clone()), None),
            ast::JoinConstraint::None => (None, None),
            ast::JoinConstraint::Using(names) => {
                let names = names.iter().map(super::names::last_part).collect();
                (None, Some(Using::Names(names)))
            }
            ast::JoinConstraint::Natural => (None, Some(Using::Natural)),
        };
        if using.is_some() && kind.1 {
            return Err(unsupported("USING or NATURAL with a RIGHT or FULL join"));
        }
        flatten_factor(&j.relation, kind, on, using, out)?;
    }
    Ok(())
}

fn flatten_factor<'t>(
    f: &'t ast::TableFactor,
    (outer, keep_right): (bool, bool),
    on: Option<ast::Expr>,
    using: Option<Using>,
    out: &mut Vec<FromItem<'t>>,
) -> Result<()> {
    match f {
        // Parentheses around inner joins change nothing. Nor do they around outer joins
        // joined by a comma or CROSS JOIN (no ON of their own): joins go left to right,
        // and an ON inside the parentheses names only the tables inside them, so
        // `FROM t, (a LEFT JOIN b ON c)` is `FROM t, a LEFT JOIN b ON c`.
        ast::TableFactor::NestedJoin {
            table_with_joins,
            alias: None,
        } if !outer
            && !keep_right
            && using.is_none()
            && (only_inner_joins(table_with_joins) || on.is_none()) =>
        {
            flatten_join(table_with_joins, out)?;
            if let Some(on) = on {
                // The condition applies once all the nested relations are joined.
                let last = &mut out.last_mut().expect("a join has a relation").on;
                *last = Some(match last.take() {
                    Some(inner) => ast::Expr::BinaryOp {
                        left: Box::new(inner),
                        op: ast::BinaryOperator::And,
                        right: Box::new(on),
                    },
                    None => on,
                });
            }
        }
        _ => out.push(FromItem {
            factor: f,
            outer,
            keep_right,
            on,
            using,
        }),
    }
    Ok(())
}

/// Turns USING (or NATURAL's shared names) into the ON condition `left.c = right.c`
/// for each column, and marks the right side's columns merged: `*` shows the column
/// once, and an unqualified name is the left side's, as in SQLite.
fn join_using(left: &[Relation], right: &mut Relation, using: Using) -> Result<()> {
    let visible = |c: &ScopeCol| !c.hidden && !c.merged;
    let names: Vec<String> = match using {
        Using::Names(n) => n,
        Using::Natural => right
            .scope
            .iter()
            .filter(|c| visible(c))
            .filter(|c| {
                left.iter()
                    .flat_map(|r| &r.scope)
                    .any(|l| visible(l) && l.name.eq_ignore_ascii_case(&c.name))
            })
            .map(|c| c.name.clone())
            .collect(),
    };
    let missing = |n: &str| {
        Error::InvalidInput(format!(
            "cannot join using column {n} - column not present in both tables"
        ))
    };
    let mut on = right.on.take();
    for n in &names {
        let l = left
            .iter()
            .flat_map(|r| &r.scope)
            .find(|c| visible(c) && c.name.eq_ignore_ascii_case(n))
            .ok_or_else(|| missing(n))?;
        let r = right
            .scope
            .iter_mut()
            .find(|c| visible(c) && c.name.eq_ignore_ascii_case(n))
            .ok_or_else(|| missing(n))?;
        r.merged = true;
        let (Some(lq), Some(rq)) = (l.table.clone(), r.table.clone()) else {
            return Err(unsupported(
                "USING or NATURAL with a subquery that has no alias",
            ));
        };
        let column = |q: String| {
            ast::Expr::CompoundIdentifier(vec![ast::Ident::new(q), ast::Ident::new(n.clone())])
        };
        let eq = ast::Expr::BinaryOp {
            left: Box::new(column(lq)),
            op: ast::BinaryOperator::Eq,
            right: Box::new(column(rq)),
        };
        on = Some(match on {
            Some(prev) => ast::Expr::BinaryOp {
                left: Box::new(prev),
                op: ast::BinaryOperator::And,
                right: Box::new(eq),
            },
            None => eq,
        });
    }
    right.on = on;
    Ok(())
}

fn only_inner_joins(twj: &ast::TableWithJoins) -> bool {
    let inner = |f: &ast::TableFactor| match f {
        ast::TableFactor::NestedJoin {
            table_with_joins, ..
        } => only_inner_joins(table_with_joins),
        _ => true,
    };
    inner(&twj.relation)
        && twj.joins.iter().all(|j| {
            matches!(
                j.join_operator,
                ast::JoinOperator::Join(_)
                    | ast::JoinOperator::Inner(_)
                    | ast::JoinOperator::CrossJoin(_)
            ) && inner(&j.relation)
        })
}
