//! FROM and joins for the [`Planner`]: each relation planned on its own, WHERE conjuncts
//! pushed to the first scan or join that sees all their tables, equalities between the
//! two sides of a join turned into hash-join keys.

use super::from_items::{flatten_join, Using};
use crate::error::{Error, Result};
use crate::sql::compile::{Mode, Scope, ScopeCol};
use crate::sql::expr::{unsupported, Cmp, Expr};
use crate::sql::join_order::{join_order, Filtered};
use crate::sql::limits::MAX_JOIN_TABLES;
use crate::sql::plan::Plan;
use crate::sql::planner::{Planned, Planner};
use crate::sql::value::Affinity;
use sqlparser::ast;

/// One relation of a FROM clause and how it joins the ones before it.
pub(in crate::sql) struct Relation {
    pub(in crate::sql) plan: Plan,
    pub(in crate::sql) scope: Vec<ScopeCol>,
    /// The right side of a LEFT or FULL join: a row of the left with no match is kept.
    pub(in crate::sql) outer: bool,
    /// The right side of a RIGHT or FULL join: its rows with no match are kept.
    pub(in crate::sql) keep_right: bool,
    pub(in crate::sql) on: Option<ast::Expr>,
}

impl Planner<'_> {
    /// FROM and WHERE: the joined rows and their scope.
    pub(in crate::sql) fn plan_from(
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
                index_hints,
                ..
            } => {
                let alias = alias.as_ref().map(|a| a.name.value.to_ascii_lowercase());
                let name = crate::sql::names::object_name(name)?;
                if let Some(at) = crate::sql::cte::lookup(&name) {
                    crate::sql::index_hints::refuse_on_derived(index_hints)?;
                    let p = self.plan_cte(at)?;
                    let qual = alias.unwrap_or_else(|| name.to_ascii_lowercase());
                    return Ok(derived(p, Some(qual), outer, on));
                }
                let temp_view = self.catalog.view(&name).filter(|v| v.temp);
                if let Some(view) = temp_view.or_else(|| match self.catalog.table(&name) {
                    Some(_) => None,
                    None => self.catalog.view(&name),
                }) {
                    crate::sql::index_hints::refuse_on_derived(index_hints)?;
                    let p = self.plan_view(view)?;
                    let qual = alias.unwrap_or_else(|| view.name.to_ascii_lowercase());
                    return Ok(derived(p, Some(qual), outer, on));
                }
                let table =
                    crate::sql::index_hints::scan_table(self.catalog.get(&name)?, index_hints)?;
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
                        json_through: false,
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
                    json_through: false,
                });
                let plan = Plan::Scan {
                    table: Box::new(table),
                    access: crate::sql::plan::Access::Full,
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
            } if crate::sql::names::object_name(name)?
                .eq_ignore_ascii_case(crate::sql::vector_search::NAME) =>
            {
                let p = self.vector_search(args)?;
                let qual = alias.as_ref().map_or_else(
                    || crate::sql::vector_search::NAME.to_string(),
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
        let lateral = |r: &Relation| crate::sql::json_table::is_lateral(&r.plan);
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
            let lateral = crate::sql::json_table::is_lateral(&rel.plan);
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
                Some(left) if lateral => crate::sql::json_table::join(
                    left,
                    right,
                    join_conds,
                    (rel.outer, rel.keep_right),
                )?,
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
                let access = crate::sql::access::choose(&table, &all);
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
/// and equalities among `conjuncts` ([`crate::sql::join_order`]).
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
        .enumerate()
        .map(|(i, ((n, a), c))| ScopeCol {
            table: qual.clone(),
            name: n.clone(),
            affinity: *a,
            collation: *c,
            hidden: false,
            merged: false,
            json: false,
            json_through: p.json.get(i).copied().unwrap_or(false),
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
