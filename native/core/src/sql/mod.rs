//! SQL over the store, answering as SQLite would.
//!
//! # Layout
//!
//! A statement goes through the folders in order, as in toydb or DataFusion:
//! [`parse`] (text to statements) → [`plan`] (binder and optimizer: statements to a
//! [`plan::Plan`]) → [`exec`] (operators, expressions, functions, windows: plans to
//! rows), with [`write`] (rows into tables, constraints, triggers) for INSERT, UPDATE
//! and DELETE. Underneath: [`schema`] (the catalog and the DDL that changes it) and
//! [`storage`] (the SQL layer's keys, pending writes, savepoints). [`session`] drives
//! one connection; [`value`] is SQLite's value model, used everywhere. Each folder's
//! module comment says what enters and leaves it.
//!
//! # One statement, from text to rows
//!
//! Take `SELECT name, count(*) FROM users u JOIN orders o ON o.user_id = u.id
//! WHERE o.total > ? GROUP BY name` run by [`execute_script`]:
//!
//! 1. [`parse`] tokenises the script once with sqlparser's SQLite dialect, numbers each
//!    `?` in script order, splits at `;` ([`split`]: not inside a trigger's
//!    `BEGIN … END`) and parses each statement. Errors carry the
//!    statement's index and text and, as a [`Position`], the line and column of the
//!    script ([`position`]).
//! 2. [`session::Session`] runs it. The catalog (tables, columns, indexes, in
//!    [`catalog`]) was read from the store when the session opened.
//! 3. [`planner`] builds a [`plan::Plan`]: scans of `users` and `orders`; the WHERE
//!    conjunct `o.total > ?` is pushed into the scan of `orders`, where [`access`] may
//!    choose an index range; `o.user_id = u.id` becomes the key of a hash join. Names
//!    resolve to row positions through a scope ([`compile`]), `?` and uncorrelated
//!    subqueries become constants, a subquery that names the outer row is planned once
//!    and run per row ([`plan::subquery`], [`correlate`]), and comparisons carry the
//!    affinities SQLite applies.
//!    Then come the aggregate, HAVING, the window functions ([`window`]), the
//!    projection, DISTINCT, ORDER BY and LIMIT.
//! 4. [`exec`] runs the plan as a tree of iterators. A scan reads rows through
//!    [`txn::Db`]: the store with the session's pending writes on top, so a statement
//!    and a transaction read their own writes. Rows are decoded from the compact
//!    encoding in [`encoding`]; expressions evaluate with SQLite's NULL logic
//!    ([`expr`], [`functions`]); aggregates accumulate in [`aggregate`].
//! 5. The rows come back as a [`StatementResult::Rows`] of [`Value`]s.
//!
//! A write (INSERT in [`dml`] with upserts in [`upsert`], UPDATE and DELETE in
//! [`modify`], DDL in [`ddl`]) reads
//! what it needs first, then puts rows, index entries ([`write`]), rowid counters and
//! the catalog into the pending writes; `INSERT … SELECT *` between tables of the same
//! shape copies stored rows as they are ([`copy`]). At the end of the statement, or at COMMIT inside BEGIN …
//! COMMIT, they go to the store as one `WriteBatch`: one atomic write sharing the WAL,
//! LSNs and checkpoints of every other store write; or, when they pass half the WAL
//! limit (an INSERT … SELECT of a million rows), straight into a new segment through
//! `Store::ingest`, as atomic and as durable. A failing statement leaves nothing
//! behind; inside a transaction it rolls the whole transaction back. (Under FAIL,
//! [`fail`], the rows it changed before its error stay.)
//!
//! # Storage
//!
//! Every key lives under the store's reserved prefix 0xFF (layout in [`encoding`]).
//! Tables are rowid tables as in SQLite: rows are keyed by (table id, rowid); an
//! INTEGER PRIMARY KEY column is the rowid; any other PRIMARY KEY or UNIQUE constraint
//! is a unique index of (index id, values, rowid). Rowids are never reused.
//!
//! # Limits
//!
//! SQLite's ([`limits`]): expressions at most 1000 deep, 500 terms in a compound
//! SELECT, 64 tables in a join, 250 levels of nesting. A script runs on a stack of its
//! own, deep enough for any statement within them.
//!
//! # Views, CTEs and joins
//!
//! A view ([`view`]) is kept as its `CREATE VIEW` text and planned afresh where it is
//! read; a CTE ([`cte`]) is planned at each reference, a recursive one as SQLite's
//! queue, row by row. Inner joins of three or more relations are joined in an order
//! chosen from their equalities ([`join_order`]); LEFT, RIGHT and FULL joins keep FROM
//! order.
//!
//! # Window functions
//!
//! `f(...) OVER (PARTITION BY … ORDER BY … frame)`, `OVER name` with `WINDOW name AS
//! (...)` and windows built on a named one, in the select list and ORDER BY, after
//! GROUP BY and HAVING as in SQLite ([`window`]). Frames: ROWS, RANGE (offsets with one
//! ORDER BY term) and GROUPS, any bounds SQLite accepts, SQLite's default frame, and
//! `EXCLUDE NO OTHERS | CURRENT ROW | GROUP | TIES` (sqlparser does not read it: the
//! clause travels to the planner as a PARTITION BY term, [`frame_exclude`]).
//! Functions: row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead,
//! first_value, last_value, nth_value, and count, sum, total, avg, min, max and
//! group_concat with FILTER (WHERE …) (FILTER also on plain aggregates). A window
//! call in WHERE, GROUP BY, HAVING or inside another call's arguments is refused as
//! SQLite refuses it ("misuse of window function …").
//!
//! # Triggers
//!
//! A trigger ([`trigger`]) is kept as its `CREATE TRIGGER` text, like a view, and
//! parsed again by each statement that writes its table (which then also checks the
//! tables its steps name, as SQLite does when it prepares the statement). A write to a
//! table with triggers goes row by row ([`trigger_writes`]): BEFORE triggers, the
//! write, AFTER triggers, the next row; a write to a view runs its INSTEAD OF triggers
//! ([`instead`]). [`fire`] runs a trigger's WHEN and steps with OLD and NEW as the
//! innermost frame of [`correlate`]. As SQLite by default: FOR EACH ROW only, temporary
//! triggers first then the newest first, recursive triggers off, 1000 levels of
//! nesting; `RAISE(IGNORE | ABORT | FAIL | ROLLBACK, …)`. FAIL (`RAISE(FAIL, …)`, `INSERT
//! OR FAIL`, `UPDATE OR FAIL`) stops the statement at the failing row but keeps what
//! it changed before ([`fail`]; in an AUTOINCREMENT table the rowids of those rows
//! are never handed out again, where SQLite's skipped sqlite_sequence update can). A write's conflict clause stands for those of the
//! trigger steps it fires, as SQLite's does ([`step_conflict`]).
//!
//! # Constraints, defaults and collations
//!
//! CHECK constraints ([`check`]) keep their text as written (SQLite's failure message
//! quotes it or the constraint's name), are compiled over the table's columns when the
//! catalog is read, and are tested on every row INSERT, UPDATE and upserts write (after
//! NOT NULL, before UNIQUE; NULL passes; OR IGNORE skips the row, REPLACE fails).
//! A DEFAULT `(expr)` or CURRENT_TIME/DATE/TIMESTAMP is evaluated per row. Collations
//! BINARY, NOCASE and RTRIM ([`collation`]) come from a column's declaration or
//! `COLLATE`, chosen for each comparison by SQLite's rules ([`collate`]); comparisons,
//! IN lists, CASE, joins, ORDER BY, GROUP BY, DISTINCT, min()/max(), compounds,
//! `IN (SELECT …)` and PARTITION BY compare collation keys. Of rows equal under them
//! ('a' and 'A' under NOCASE, 1 and 1.0) a query shows the one SQLite shows: a group
//! its first row or the one its min()/max() picked ([`exec::group`]), a compound the one
//! its temporary index or its ORDER BY merge keeps ([`compound`], [`exec::set_op`]); compound
//! operators bind left to right at one precedence, as in SQLite. An index stores its
//! columns' keys (so UNIQUE holds under the collation) and the planner uses only all-
//! BINARY indexes. Expression and partial indexes ([`index_terms`]: `ON t(lower(a))`,
//! `… WHERE n > 0`) are kept exact on every write and enforce UNIQUE over the rows
//! they cover; the planner searches one when the WHERE compares its expression with a
//! constant and has each term of its WHERE ([`access`]). `INTEGER PRIMARY KEY AUTOINCREMENT`
//! is kept: a row OR IGNORE skips uses up its rowid there, and gives it back in a
//! table without it, as in SQLite. ALTER TABLE DROP COLUMN ([`alter_column`]) refuses as SQLite does and
//! rewrites the rows. These live in catalog version 3's tagged sections
//! ([`catalog_ext`]).
//!
//! # JSON
//!
//! SQLite's JSON1 over text JSON ([`functions`]: `json_parse` reads JSON and JSON5,
//! `json_value` renders and converts, `json_edit` walks and edits paths, `json` the
//! scalar functions), as SQLite 3.45+ answers: json, json_extract, json_set and the
//! other scalars; the operators `j -> path` (JSON text) and `j ->> path` (an SQL
//! value) at `||`'s precedence, with SQLite's abbreviated paths (`'a'` is `$.a`, `2`
//! is `$[2]`, `-1` is `$[#-1]`); the aggregates json_group_array and
//! json_group_object, also as window functions; and `json_each(json [, root])` and
//! `json_tree(json [, root])` in FROM ([`json_table`]) with SQLite's columns (key,
//! value, type, atom, id, parent, fullkey, path, hidden json and root; `id` and
//! `parent` are JSONB offsets as in SQLite 3.45+), their arguments naming columns of
//! the FROM items to their left (`FROM t, json_each(t.doc)`, also LEFT JOIN) or of an
//! enclosing query. Values carry no JSON subtype: a JSON function's result is read as
//! JSON where it is passed straight to another (`json_array(json('[1]'))`), and a
//! json_each `value` named directly is JSON when it is an array or object; passed
//! through a subquery, view or CTE into a JSON function it is refused, since SQLite
//! keeps the subtype there only where it flattens the subquery ([`json_args`]).
//!
//! # Savepoints
//!
//! `SAVEPOINT name`, `RELEASE [SAVEPOINT] name`, `ROLLBACK [TRANSACTION] TO [SAVEPOINT]
//! name` ([`savepoint`]): a stack of names, each with a mark in the pending writes (from
//! the first savepoint on, every write keeps what it replaced, so ROLLBACK TO undoes
//! the writes after its mark) and the catalog as it was (schema and rowid counters).
//! SAVEPOINT outside BEGIN starts a transaction; releasing its outermost savepoint
//! commits it. As everywhere here (FAIL aside), a failing statement rolls the whole
//! transaction back, savepoints included (SQLite undoes only the statement; a script stops at its
//! first error either way, and its open transaction is rolled back).
//!
//! # Connection counters, aggregate ORDER BY
//!
//! `last_insert_rowid()`, `changes()`, `total_changes()` read the session's counters
//! ([`counters`]), which triggers save and restore as SQLite's do. An aggregate call
//! may carry an ORDER BY inside its parentheses (SQLite 3.44+, [`agg_call`]): its rows
//! are held, sorted (ties in arrival order) and then aggregated; `string_agg(x, sep)`
//! is group_concat with a required separator.
//!
//! # Foreign keys
//!
//! `REFERENCES` and `FOREIGN KEY … REFERENCES` with their ON DELETE / ON UPDATE
//! actions are kept in the catalog and enforced while the connection's `PRAGMA
//! foreign_keys` is on ([`foreign_key`]): SQLite's per-statement count of violations,
//! RESTRICT at once, CASCADE / SET NULL / SET DEFAULT as the child's own writes (its
//! triggers fire), DROP TABLE of a parent as a DELETE first.
//!
//! # Not supported (an error says so)
//!
//! IGNORE/RESPECT NULLS, a frame offset that is not a constant, `OR ROLLBACK`, a
//! conflict clause (`ON CONFLICT …`) on a column or table constraint, a
//! parenthesised join inside an outer join, or holding one and joined by its own ON,
//! USING/NATURAL with RIGHT or FULL, `INDEXED BY` an expression or partial index, date
//! and time functions in an index. RENAME COLUMN of a column a CHECK, an index
//! expression or an index's WHERE names; DROP COLUMN of a column a trigger may name or
//! a foreign key uses. Of foreign keys: DEFERRABLE INITIALLY DEFERRED, `PRAGMA
//! foreign_key_check | foreign_key_list | defer_foreign_keys`, a REPLACE or an upsert's
//! DO UPDATE that would run a CASCADE / SET NULL / SET DEFAULT on child rows. Of
//! triggers: FOR EACH STATEMENT, renaming a table
//! or its columns while it has triggers (SQLite rewrites their text), `ON CONFLICT …
//! DO UPDATE` into a table with UPDATE triggers, an alias on a view written through
//! INSTEAD OF triggers, `WITH … INSERT|UPDATE|DELETE` as a trigger step. Of JSON:
//! JSONB (BLOB arguments are malformed JSON, no jsonb_* functions), json_each or
//! json_tree on the right of a RIGHT or FULL JOIN that names a column to its left,
//! column names in their alias, constraints on their hidden columns in place of
//! arguments.

mod exec;
mod parse;
mod plan;
mod schema;
mod session;
mod storage;
mod value;
mod write;

use exec::{aggregate, expr, functions, recursive, scan, window};
use parse::{dialect, frame_exclude, limits, literal, names, position, split, sqlite_syntax};
use plan::{
    access, agg_call, alias, calls, collate, compile, compound, correlate, covering, cte, from,
    index_hints, join_order, json_args, json_table, planner, prune, row_filter, scope,
    vector_search, view,
};
use schema::{alter_column, catalog, catalog_ext, check, collation, ddl, index_terms, trigger};
use storage::{encoding, savepoint, txn};
use write::{
    copy, counters, dml, fail, fire, foreign_key, instead, modify, row_write, step_conflict,
    trigger_writes, upsert,
};

pub use parse::first_write;
pub use position::{Position, ScriptError};
pub use row_filter::{passing_rowids, rows_by_rowid, SelectedRows};
pub use session::{Session, TempSchema};
pub use value::{Affinity, Value};

use crate::error::Result;
use crate::store::Store;

/// What a write statement did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Inserted,
    Updated,
    Deleted,
}

/// The outcome of one statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StatementResult {
    /// A query's rows (also EXPLAIN, one `plan` column).
    Rows {
        columns: Vec<String>,
        rows: Vec<Vec<Value>>,
    },
    /// INSERT, UPDATE or DELETE: how many rows.
    Changed { verb: ChangeKind, count: u64 },
    /// DDL and transaction control: `Table t created`, `Transaction committed`, ...
    Message(String),
}

impl StatementResult {
    /// The line a person reads for a non-query result: `3 rows inserted`, `Table t created`.
    pub fn message(&self) -> Option<String> {
        match self {
            StatementResult::Rows { .. } => None,
            StatementResult::Changed { verb, count } => {
                let verb = match verb {
                    ChangeKind::Inserted => "inserted",
                    ChangeKind::Updated => "updated",
                    ChangeKind::Deleted => "deleted",
                };
                let rows = if *count == 1 { "row" } else { "rows" };
                Some(format!("{count} {rows} {verb}"))
            }
            StatementResult::Message(m) => Some(m.clone()),
        }
    }
}

/// Runs a script of `;`-separated statements against `store` and returns one result
/// per statement. Stops at the first error (earlier autocommitted statements stay
/// done). A transaction still open at the end is rolled back, as SQLite does on close.
/// The caller makes the writes durable with `Store::sync` (see the store's contract).
pub fn execute_script(
    store: &mut Store,
    sql: &str,
    params: &[Value],
) -> Result<Vec<StatementResult>> {
    let mut session = Session::new(store)?;
    let results = session.execute_script(sql, params)?;
    session.close()?;
    Ok(results)
}
