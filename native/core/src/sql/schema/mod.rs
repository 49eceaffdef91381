//! The schema: what the catalog holds (tables, columns, indexes, views, triggers,
//! CHECK and DEFAULT expressions, collations) and the DDL that changes it. In: DDL
//! statements and the catalog's stored bytes; out: [`catalog::Catalog`], which the
//! planner reads and `write/` keeps true.

pub(in crate::sql) mod alter_column;
pub(in crate::sql) mod catalog;
pub(in crate::sql) mod catalog_ext;
pub(in crate::sql) mod check;
pub(in crate::sql) mod collation;
pub(in crate::sql) mod ddl;
pub(in crate::sql) mod index_terms;
pub(in crate::sql) mod trigger;
