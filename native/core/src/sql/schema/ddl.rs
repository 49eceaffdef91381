//! CREATE/DROP TABLE, ALTER TABLE (ADD COLUMN, RENAME TO, RENAME COLUMN), CREATE/DROP
//! INDEX. Every change rewrites the catalog key in the statement's pending writes, so it
//! commits (or rolls back) with the statement or transaction, like any row.

use crate::error::{Error, Result};
use crate::sql::catalog::{Catalog, Column, Index, Table};
use crate::sql::check::Default;
use crate::sql::collation::Collation;
use crate::sql::dml::Ctx;
use crate::sql::encoding::{index_prefix, key_of, push_rowid, seq_key, table_prefix, CATALOG_KEY};
use crate::sql::exec;
use crate::sql::expr::unsupported;
use crate::sql::names::object_name;
use crate::sql::plan::{Access, Plan};
use crate::sql::value::{Affinity, Value};
use sqlparser::ast;
use std::collections::HashSet;

pub fn save_catalog(cx: &mut Ctx<'_>) {
    cx.pending.put(&CATALOG_KEY, &cx.catalog.encode());
}

/// A new column from its definition (name, declared type, affinity), before its
/// options: CREATE TABLE and ALTER TABLE ADD COLUMN apply those differently.
pub(in crate::sql) fn declared_column(table: &Table, cd: &ast::ColumnDef) -> Result<Column> {
    if table.column(&cd.name.value).is_some() {
        return Err(Error::InvalidInput(format!(
            "duplicate column name: {}",
            cd.name.value
        )));
    }
    let decl_type = match cd.data_type {
        ast::DataType::Unspecified => String::new(),
        ref t => t.to_string(),
    };
    Ok(Column {
        name: cd.name.value.clone(),
        affinity: Affinity::of_type(&decl_type),
        decl_type,
        not_null: false,
        primary_key: false,
        default: Value::Null,
        collation: Collation::Binary,
        default_expr: None,
    })
}

/// An index's or constraint's columns and their collations (a column's own unless
/// `COLLATE` names one).
fn index_columns(table: &Table, cols: &[ast::IndexColumn]) -> Result<(Vec<usize>, Vec<Collation>)> {
    let mut out = (Vec::new(), Vec::new());
    for ic in cols {
        let (e, coll) = Collation::postfix(&ic.column.expr)?;
        let c = match e {
            ast::Expr::Identifier(i) => table
                .column(&i.value)
                .ok_or_else(|| Error::NotFound(format!("no such column: {}", i.value)))?,
            other => return Err(unsupported(format!("an index on the expression {other}"))),
        };
        out.0.push(c);
        out.1.push(coll.unwrap_or(table.columns[c].collation));
    }
    Ok(out)
}

fn auto_index(
    cat: &mut Catalog,
    table: &Table,
    n: usize,
    (columns, collations): (Vec<usize>, Vec<Collation>),
) -> Index {
    cat.next_index_id += 1;
    Index {
        id: cat.next_index_id,
        name: format!("sqlite_autoindex_{}_{}", table.name, n),
        columns,
        unique: true,
        auto: true,
        collations,
        exprs: Box::default(),
        filter: None,
    }
}

pub fn create_table(cx: &mut Ctx<'_>, ct: &ast::CreateTable) -> Result<String> {
    let name = object_name(&ct.name)?;
    if ct.query.is_some() {
        return Err(unsupported("CREATE TABLE … AS SELECT"));
    }
    if cx.catalog.table(&name).is_some() || cx.catalog.view(&name).is_some() {
        if ct.if_not_exists {
            return Ok(format!("Table {name} already exists"));
        }
        cx.catalog.check_name_free(&name)?;
    }
    let mut table = Table {
        id: 0,
        name: name.clone(),
        columns: Vec::new(),
        rowid_col: None,
        indexes: Vec::new(),
        next_rowid: 1,
        autoincrement: false,
        checks: Box::default(),
        foreign_keys: Box::default(),
    };
    let mut foreign_keys = Vec::new();
    let mut pk: Option<(Vec<usize>, Vec<Collation>)> = None;
    let mut uniques: Vec<(Vec<usize>, Vec<Collation>)> = Vec::new();
    let mut checks: Vec<(Option<String>, Option<usize>, &ast::Expr)> = Vec::new();
    let mut defaults: Vec<(usize, &ast::Expr)> = Vec::new();
    let two_pks = || Error::InvalidInput(format!("table {name} has more than one primary key"));
    for (i, cd) in ct.columns.iter().enumerate() {
        let mut col = declared_column(&table, cd)?;
        for opt in &cd.options {
            if let ast::ColumnOption::Collation(c) = &opt.option {
                col.collation = Collation::named(&object_name(c)?)?;
            }
        }
        let coll = col.collation;
        let own = || (vec![i], vec![coll]);
        for opt in &cd.options {
            match &opt.option {
                ast::ColumnOption::Null | ast::ColumnOption::Collation(_) => {}
                ast::ColumnOption::NotNull => col.not_null = true,
                ast::ColumnOption::Default(e) => defaults.push((i, e)),
                ast::ColumnOption::Check(c) => {
                    let name = opt.name.as_ref().or(c.name.as_ref());
                    checks.push((name.map(|n| n.value.clone()), Some(i), &c.expr));
                }
                ast::ColumnOption::PrimaryKey(_) => {
                    if pk.replace(own()).is_some() {
                        return Err(two_pks());
                    }
                }
                ast::ColumnOption::Unique(_) => uniques.push(own()),
                ast::ColumnOption::ForeignKey(fk) => foreign_keys.push((i, fk)),
                ast::ColumnOption::DialectSpecific(tokens) => {
                    let autoinc = |t: &sqlparser::tokenizer::Token| {
                        t.to_string().eq_ignore_ascii_case("AUTOINCREMENT")
                    };
                    if !tokens.iter().any(autoinc) {
                        return Err(unsupported(format!("the column constraint {}", opt.option)));
                    }
                    table.autoincrement = true;
                }
                other => return Err(unsupported(format!("the column constraint {other}"))),
            }
        }
        table.columns.push(col);
    }
    let mut keys = Vec::new();
    for (i, fk) in foreign_keys {
        keys.push(crate::sql::foreign_key::from_column(&table, i, fk)?);
    }
    for c in &ct.constraints {
        match c {
            ast::TableConstraint::PrimaryKey(p) => {
                if pk.replace(index_columns(&table, &p.columns)?).is_some() {
                    return Err(two_pks());
                }
            }
            ast::TableConstraint::Unique(u) => uniques.push(index_columns(&table, &u.columns)?),
            ast::TableConstraint::Check(c) => {
                checks.push((c.name.as_ref().map(|n| n.value.clone()), None, &c.expr))
            }
            ast::TableConstraint::ForeignKey(fk) => {
                keys.push(crate::sql::foreign_key::from_table_constraint(&table, fk)?)
            }
            other => return Err(unsupported(format!("the table constraint {other}"))),
        }
    }
    table.foreign_keys = keys.into();
    {
        let planner = cx.planner();
        for (i, e) in defaults {
            let name = table.columns[i].name.clone();
            match crate::sql::check::compile_default(&planner, &table, &name, e)? {
                Default::Const(v) => {
                    table.columns[i].default = v.apply_affinity(table.columns[i].affinity)
                }
                Default::Expr(d) => table.columns[i].default_expr = Some(d),
            }
        }
        let compiled = (checks.iter())
            .map(|c| crate::sql::check::compile_check(&planner, &table, c.2))
            .collect::<Result<Vec<_>>>()?;
        let mut named = crate::sql::check::named_checks(checks);
        for (check, e) in named.iter_mut().zip(compiled) {
            check.expr = e;
        }
        table.checks = named.into();
    }
    let integer_pk = pk.as_ref().is_some_and(|(cols, _)| {
        cols.len() == 1
            && table.columns[cols[0]]
                .decl_type
                .eq_ignore_ascii_case("INTEGER")
    });
    if table.autoincrement && !integer_pk {
        return Err(Error::InvalidInput(
            "AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY".into(),
        ));
    }
    cx.catalog.next_table_id += 1;
    table.id = cx.catalog.next_table_id;
    let mut n = 0;
    if let Some(pk) = pk {
        for &c in &pk.0 {
            table.columns[c].primary_key = true;
        }
        if integer_pk {
            table.rowid_col = Some(pk.0[0]);
        } else {
            n += 1;
            let idx = auto_index(cx.catalog, &table, n, pk);
            table.indexes.push(idx);
        }
    }
    for u in uniques {
        n += 1;
        let idx = auto_index(cx.catalog, &table, n, u);
        table.indexes.push(idx);
    }
    cx.pending.put(&seq_key(table.id), &1i64.to_be_bytes());
    cx.catalog.tables.push(table);
    save_catalog(cx);
    Ok(format!("Table {name} created"))
}

/// Every key under `prefix` (collected first: the scan borrows the pending writes).
fn keys_under(cx: &Ctx<'_>, prefix: &[u8]) -> Result<Vec<Vec<u8>>> {
    let db = crate::sql::txn::Db {
        store: cx.store,
        pending: cx.pending,
    };
    let mut scan = db.scan_prefix(prefix)?;
    let mut keys = Vec::new();
    while let Some((k, _)) = scan.next_entry()? {
        keys.push(k.to_vec());
    }
    Ok(keys)
}

pub fn drop_table(cx: &mut Ctx<'_>, name: &str, if_exists: bool) -> Result<String> {
    let Some(table) = cx.catalog.table(name).cloned() else {
        if let Some(v) = cx.catalog.view(name) {
            return Err(Error::InvalidInput(format!(
                "use DROP VIEW to delete view {}",
                v.name
            )));
        }
        if if_exists {
            return Ok(format!("Table {name} does not exist"));
        }
        return Err(Error::NotFound(format!("no such table: {name}")));
    };
    crate::sql::foreign_key::action::before_drop(cx, &table)?;
    let mut doomed = keys_under(cx, &table_prefix(table.id))?;
    for idx in &table.indexes {
        doomed.extend(keys_under(cx, &index_prefix(idx.id))?);
    }
    doomed.push(seq_key(table.id));
    for k in doomed {
        cx.pending.delete(&k);
    }
    cx.catalog.tables.retain(|t| t.id != table.id);
    crate::sql::trigger::drop_triggers_on(cx.catalog, &table.name);
    save_catalog(cx);
    Ok(format!("Table {} dropped", table.name))
}

pub fn alter_table(cx: &mut Ctx<'_>, at: &ast::AlterTable) -> Result<String> {
    let name = object_name(&at.name)?;
    let mut table = cx.catalog.get(&name)?.clone();
    let renames = at.operations.iter().any(|op| {
        matches!(
            op,
            ast::AlterTableOperation::RenameTable { .. }
                | ast::AlterTableOperation::RenameColumn { .. }
        )
    });
    // SQLite rewrites the text of the table's triggers; ours would keep the old names.
    if renames && crate::sql::trigger::has_triggers(cx.catalog, &table.name) {
        return Err(unsupported(format!(
            "renaming table {} or its columns while it has triggers (drop them first)",
            table.name
        )));
    }
    for op in &at.operations {
        match op {
            ast::AlterTableOperation::AddColumn { column_def: cd, .. } => {
                crate::sql::alter_column::add_column(cx, &mut table, cd)?
            }
            ast::AlterTableOperation::DropColumn {
                column_names,
                if_exists: false,
                ..
            } => {
                for c in column_names {
                    crate::sql::alter_column::drop_column(cx, &mut table, c)?;
                }
            }
            ast::AlterTableOperation::RenameTable { table_name } => {
                let (ast::RenameTableNameKind::To(new) | ast::RenameTableNameKind::As(new)) =
                    table_name;
                let new = object_name(new)?;
                if cx.catalog.table(&new).is_some_and(|t| t.id != table.id) {
                    return Err(Error::InvalidInput(format!(
                        "there is already another table or index with this name: {new}"
                    )));
                }
                // The keys naming it (its own included) follow the new name.
                let old = table.name.clone();
                crate::sql::foreign_key::rename_parent(&mut cx.catalog.tables, &old, &new);
                crate::sql::foreign_key::rename_parent(
                    std::slice::from_mut(&mut table),
                    &old,
                    &new,
                );
                table.name = new;
            }
            ast::AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let c = table.column(&old_column_name.value).ok_or_else(|| {
                    Error::NotFound(format!("no such column: \"{}\"", old_column_name.value))
                })?;
                if table.column(&new_column_name.value).is_some() {
                    return Err(Error::InvalidInput(format!(
                        "duplicate column name: {}",
                        new_column_name.value
                    )));
                }
                // SQLite rewrites the texts of checks and index expressions naming the
                // column; ours are kept as written.
                if (table.indexes.iter())
                    .any(|i| i.has_terms() && crate::sql::index_terms::reads_column(i, c))
                {
                    return Err(unsupported(format!(
                        "renaming column {} while an index expression or WHERE uses it",
                        old_column_name.value
                    )));
                }
                if crate::sql::alter_column::checks_name(&table, &old_column_name.value)? {
                    return Err(unsupported(format!(
                        "renaming column {} while a CHECK constraint uses it",
                        old_column_name.value
                    )));
                }
                let (old, new) = (&old_column_name.value, &new_column_name.value);
                let parent = table.name.clone();
                let tables = &mut cx.catalog.tables;
                crate::sql::foreign_key::rename_parent_column(tables, &parent, old, new);
                let own = std::slice::from_mut(&mut table);
                crate::sql::foreign_key::rename_parent_column(own, &parent, old, new);
                table.columns[c].name = new_column_name.value.clone();
            }
            other => return Err(unsupported(format!("ALTER TABLE … {other}"))),
        }
    }
    // A check may name the table: it must still compile under the new name.
    crate::sql::check::prepare(&cx.planner(), &mut table)?;
    let id = table.id;
    let pos = cx
        .catalog
        .tables
        .iter()
        .position(|t| t.id == id)
        .expect("table exists");
    cx.catalog.tables[pos] = table;
    save_catalog(cx);
    Ok(format!("Table {name} altered"))
}

pub fn create_index(cx: &mut Ctx<'_>, ci: &ast::CreateIndex) -> Result<String> {
    let name = ci
        .name
        .as_ref()
        .ok_or_else(|| Error::InvalidInput("CREATE INDEX needs a name".into()))
        .and_then(object_name)?;
    if cx.catalog.find_index(&name).is_some() {
        if ci.if_not_exists {
            return Ok(format!("Index {name} already exists"));
        }
        return Err(Error::InvalidInput(format!("index {name} already exists")));
    }
    let table_name = object_name(&ci.table_name)?;
    if cx.catalog.table(&table_name).is_none() && cx.catalog.view(&table_name).is_some() {
        return Err(Error::InvalidInput("views may not be indexed".into()));
    }
    let table = cx.catalog.get(&table_name)?.clone();
    let terms = crate::sql::index_terms::compile(
        &cx.planner(),
        &table,
        &ci.columns,
        ci.predicate.as_ref(),
    )?;
    cx.catalog.next_index_id += 1;
    let idx = Index {
        id: cx.catalog.next_index_id,
        name: name.clone(),
        columns: terms.columns,
        unique: ci.unique,
        auto: false,
        collations: terms.collations,
        exprs: terms.exprs,
        filter: terms.filter,
    };
    let plan = Plan::Scan {
        table: Box::new(table.clone()),
        access: Access::Full,
        filter: None,
        read: None,
    };
    let rows = exec::collect(
        &plan,
        crate::sql::txn::Db {
            store: cx.store,
            pending: cx.pending,
        },
    )?;
    let mut seen = HashSet::new();
    for mut row in rows {
        let Some(Value::Integer(rowid)) = row.pop() else {
            return Err(Error::Internal("scan row without rowid".into()));
        };
        let Some(vals) = crate::sql::index_terms::key_values(&idx, &row, rowid)? else {
            continue; // a partial index holds no entry for this row
        };
        if idx.unique && !vals.iter().any(Value::is_null) && !seen.insert(key_of(&vals)) {
            return Err(crate::sql::write::index_unique_error(&table, &idx));
        }
        let mut k = crate::sql::index_terms::prefix_of(&idx, &vals);
        push_rowid(&mut k, rowid);
        cx.pending.put(&k, &[]);
    }
    cx.catalog
        .table_mut(&table.name)
        .expect("table exists")
        .indexes
        .push(idx);
    save_catalog(cx);
    Ok(format!("Index {name} created"))
}

pub fn drop_index(cx: &mut Ctx<'_>, name: &str, if_exists: bool) -> Result<String> {
    let Some((t, i)) = cx.catalog.find_index(name) else {
        if if_exists {
            return Ok(format!("Index {name} does not exist"));
        }
        return Err(Error::NotFound(format!("no such index: {name}")));
    };
    let idx = cx.catalog.tables[t].indexes[i].clone();
    if idx.auto {
        return Err(Error::InvalidInput(
            "index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped".into(),
        ));
    }
    for k in keys_under(cx, &index_prefix(idx.id))? {
        cx.pending.delete(&k);
    }
    cx.catalog.tables[t].indexes.remove(i);
    save_catalog(cx);
    Ok(format!("Index {} dropped", idx.name))
}
