//! SQL statements grown from a small grammar (expressions, subqueries, joins, compound
//! selects, DDL, DML, transactions), and mutations of the golden scripts' statements.

use crate::rng::Rng;

/// The golden scripts (native/core/tests/sql): statements before each `---`.
const GOLDEN: [&str; 6] = [
    include_str!("../../core/tests/sql/basics.sql"),
    include_str!("../../core/tests/sql/ddl.sql"),
    include_str!("../../core/tests/sql/dml.sql"),
    include_str!("../../core/tests/sql/insert_copy.sql"),
    include_str!("../../core/tests/sql/query.sql"),
    include_str!("../../core/tests/sql/txn.sql"),
];

/// Tables every generated script starts with, so statements have something to read.
pub const PRELUDE: &str = "CREATE TABLE t1 (a INTEGER PRIMARY KEY, b TEXT, c REAL, d BLOB, e);
CREATE TABLE t2 (x INTEGER, y TEXT NOT NULL DEFAULT 'q', z NUMERIC UNIQUE);
CREATE INDEX i2 ON t2 (x);
INSERT INTO t1 VALUES (1, 'a', 1.5, x'00ff', NULL), (2, 'bb', -2, NULL, 3), (3, NULL, 0, x'', 'z');
INSERT INTO t2 VALUES (1, 'one', 1), (2, 'two', 2.5), (NULL, 'n', NULL), (1, 'dup', 7);";

const COLUMNS: [&str; 12] = [
    "a", "b", "c", "d", "e", "x", "y", "z", "t1.a", "t2.x", "rowid", "t1.*",
];
const TABLES: [&str; 4] = ["t1", "t2", "t3", "sqlite_master"];
const FUNCS: [&str; 26] = [
    "lower",
    "upper",
    "length",
    "abs",
    "round",
    "substr",
    "substring",
    "trim",
    "ltrim",
    "rtrim",
    "replace",
    "coalesce",
    "ifnull",
    "nullif",
    "iif",
    "typeof",
    "min",
    "max",
    "instr",
    "hex",
    "count",
    "sum",
    "avg",
    "total",
    "group_concat",
    "random",
];
const BINOPS: [&str; 24] = [
    "+", "-", "*", "/", "%", "||", "=", "==", "!=", "<>", "<", "<=", ">", ">=", "AND", "OR", "&",
    "|", "<<", ">>", "IS", "IS NOT", "LIKE", "GLOB",
];
const TYPES: [&str; 9] = [
    "INTEGER",
    "INT",
    "TEXT",
    "REAL",
    "BLOB",
    "NUMERIC",
    "VARCHAR(10)",
    "BOOLEAN",
    "FLOAT",
];
const LITERALS: [&str; 26] = [
    "0",
    "1",
    "-1",
    "2",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551616",
    "1e308",
    "-1e308",
    "1e309",
    "0.0",
    "-0.0",
    "4.9e-324",
    "0x7fffffffffffffff",
    "0xffffffffffffffff",
    "''",
    "'a''b'",
    "'é☃\u{1F600}'",
    "'%'",
    "x''",
    "x'00'",
    "x'ffee'",
    "NULL",
    "TRUE",
    "FALSE",
];

pub struct Gen<'r> {
    pub rng: &'r mut Rng,
    /// Statements that may multiply rows (INSERT … SELECT); kept few so a case stays small.
    copies: usize,
}

impl<'r> Gen<'r> {
    pub fn new(rng: &'r mut Rng) -> Gen<'r> {
        Gen { rng, copies: 0 }
    }

    pub fn literal(&mut self) -> String {
        match self.rng.below(6) {
            0 => format!("{}", self.rng.next_u64() as i64),
            1 => format!("{}", self.rng.below(100)),
            2 => format!("'{}'", "x".repeat(self.rng.below(40))),
            3 => "?".into(),
            _ => self.rng.pick(&LITERALS).to_string(),
        }
    }

    pub fn expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.rng.one_in(4) {
            return if self.rng.one_in(2) {
                self.rng.pick(&COLUMNS[..11]).to_string()
            } else {
                self.literal()
            };
        }
        let d = depth - 1;
        match self.rng.below(20) {
            0..=4 => {
                let op = *self.rng.pick(&BINOPS);
                format!("{} {op} {}", self.expr(d), self.expr(d))
            }
            5 => format!("({})", self.expr(d)),
            6 => format!(
                "{}{}",
                self.rng.pick(&["-", "+", "NOT ", "~"]),
                self.expr(d)
            ),
            7 => format!(
                "{} {}BETWEEN {} AND {}",
                self.expr(d),
                if self.rng.one_in(2) { "NOT " } else { "" },
                self.expr(d),
                self.expr(d)
            ),
            8 => {
                let n = self.rng.range(0, 4);
                let items: Vec<String> = (0..n).map(|_| self.expr(d)).collect();
                format!("{} IN ({})", self.expr(d), items.join(", "))
            }
            9 => format!("{} IN ({})", self.expr(d), self.select(d)),
            10 => format!("EXISTS ({})", self.select(d)),
            11 => format!("({})", self.select(d)),
            12 => {
                let mut s = String::from("CASE ");
                if self.rng.one_in(2) {
                    s += &self.expr(d);
                    s += " ";
                }
                for _ in 0..self.rng.range(1, 3) {
                    s += &format!("WHEN {} THEN {} ", self.expr(d), self.expr(d));
                }
                if self.rng.one_in(2) {
                    s += &format!("ELSE {} ", self.expr(d));
                }
                s + "END"
            }
            13 => format!("CAST({} AS {})", self.expr(d), self.rng.pick(&TYPES)),
            14 | 15 => {
                let f = *self.rng.pick(&FUNCS);
                let n = self.rng.range(0, 4);
                let args: Vec<String> = (0..n).map(|_| self.expr(d)).collect();
                let distinct = if self.rng.one_in(6) { "DISTINCT " } else { "" };
                format!("{f}({distinct}{})", args.join(", "))
            }
            16 => "count(*)".into(),
            17 => format!(
                "{} IS {}NULL",
                self.expr(d),
                if self.rng.one_in(2) { "NOT " } else { "" }
            ),
            18 => format!(
                "{} COLLATE {}",
                self.expr(d),
                self.rng.pick(&["NOCASE", "BINARY", "RTRIM", "nope"])
            ),
            _ => format!(
                "{} {}LIKE {}",
                self.expr(d),
                if self.rng.one_in(2) { "NOT " } else { "" },
                self.expr(d)
            ),
        }
    }

    fn table_ref(&mut self, depth: usize) -> String {
        if depth > 0 && self.rng.one_in(5) {
            format!("({}) AS s{}", self.select(depth - 1), self.rng.below(3))
        } else {
            let t = *self.rng.pick(&TABLES[..3]);
            if self.rng.one_in(3) {
                format!("{t} AS {}", self.rng.pick(&["p", "q", "t1", "t2"]))
            } else {
                t.to_string()
            }
        }
    }

    pub fn select(&mut self, depth: usize) -> String {
        let d = depth.saturating_sub(1);
        if self.rng.one_in(8) {
            let rows = self.rng.range(1, 3);
            let cols = self.rng.range(1, 3);
            let v: Vec<String> = (0..rows)
                .map(|_| {
                    let c: Vec<String> = (0..cols).map(|_| self.expr(d)).collect();
                    format!("({})", c.join(", "))
                })
                .collect();
            return format!("VALUES {}", v.join(", "));
        }
        let mut s = String::from("SELECT ");
        if self.rng.one_in(5) {
            s += "DISTINCT ";
        }
        let n = self.rng.range(1, 4);
        let cols: Vec<String> = (0..n)
            .map(|_| match self.rng.below(6) {
                0 => "*".to_string(),
                1 => format!("{} AS c{}", self.expr(d), self.rng.below(3)),
                _ => self.expr(d),
            })
            .collect();
        s += &cols.join(", ");
        if !self.rng.one_in(6) {
            s += " FROM ";
            s += &self.table_ref(d);
            // At most two joins: three-way cross joins of grown tables would only be slow.
            for _ in 0..self.rng.below(3) {
                let kind = *self.rng.pick(&[
                    "JOIN",
                    "LEFT JOIN",
                    "INNER JOIN",
                    "CROSS JOIN",
                    ",",
                    "RIGHT JOIN",
                    "FULL JOIN",
                    "LEFT OUTER JOIN",
                    "NATURAL JOIN",
                ]);
                s += &format!(" {kind} {}", self.table_ref(d));
                match self.rng.below(3) {
                    0 if kind != "," => s += &format!(" ON {}", self.expr(d)),
                    1 if kind != "," => s += &format!(" USING ({})", self.rng.pick(&COLUMNS[..8])),
                    _ => {}
                }
            }
        }
        if self.rng.one_in(2) {
            s += &format!(" WHERE {}", self.expr(d));
        }
        if self.rng.one_in(4) {
            s += &format!(" GROUP BY {}", self.expr(d));
            if self.rng.one_in(2) {
                s += &format!(" HAVING {}", self.expr(d));
            }
        }
        if self.rng.one_in(8) && depth > 0 {
            let op = *self
                .rng
                .pick(&["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]);
            s = format!("{s} {op} {}", self.select(d));
        }
        if self.rng.one_in(3) {
            s += &format!(
                " ORDER BY {}{}",
                self.expr(d),
                self.rng
                    .pick(&["", " ASC", " DESC", " NULLS FIRST", " DESC NULLS LAST"])
            );
            if self.rng.one_in(5) {
                s += &format!(", {}", self.rng.range(0, 5));
            }
        }
        if self.rng.one_in(4) {
            s += &format!(" LIMIT {}", self.expr(0));
            if self.rng.one_in(2) {
                s += &format!(" OFFSET {}", self.expr(0));
            }
        }
        s
    }

    fn column_def(&mut self, i: usize) -> String {
        let mut s = format!("k{i} {}", self.rng.pick(&TYPES));
        for _ in 0..self.rng.below(3) {
            s += match self.rng.below(6) {
                0 => " PRIMARY KEY",
                1 => " NOT NULL",
                2 => " UNIQUE",
                3 => " DEFAULT 3",
                4 => " DEFAULT 'd'",
                _ => " COLLATE NOCASE",
            };
        }
        s
    }

    pub fn statement(&mut self, depth: usize) -> String {
        let table = *self.rng.pick(&TABLES[..3]);
        match self.rng.below(22) {
            0..=6 => self.select(depth),
            7 | 8 => {
                let n = self.rng.range(1, 3);
                let rows: Vec<String> = (0..n)
                    .map(|_| {
                        let m = self.rng.range(1, 5);
                        let c: Vec<String> = (0..m).map(|_| self.expr(1)).collect();
                        format!("({})", c.join(", "))
                    })
                    .collect();
                let or = *self
                    .rng
                    .pick(&["", "OR REPLACE ", "OR IGNORE ", "OR ABORT "]);
                format!("INSERT {or}INTO {table} VALUES {}", rows.join(", "))
            }
            9 => {
                let cols = *self
                    .rng
                    .pick(&["(a, b)", "(x, y, z)", "(b)", "(y)", "(e, a)", ""]);
                format!(
                    "INSERT INTO {table} {cols} VALUES ({}, {})",
                    self.expr(1),
                    self.expr(1)
                )
            }
            10 if self.copies < 2 => {
                self.copies += 1;
                let select = self.select(depth.min(2));
                format!(
                    "INSERT INTO {table} {} LIMIT 50",
                    select.split(" LIMIT").next().unwrap_or("")
                )
            }
            11 | 12 => {
                let col = *self.rng.pick(&COLUMNS[..10]);
                let mut s = format!("UPDATE {table} SET {col} = {}", self.expr(depth));
                if self.rng.one_in(2) {
                    s += &format!(" WHERE {}", self.expr(depth));
                }
                s
            }
            13 => format!("DELETE FROM {table} WHERE {}", self.expr(depth)),
            14 => {
                let n = self.rng.range(1, 4);
                let cols: Vec<String> = (0..n).map(|i| self.column_def(i)).collect();
                let ine = if self.rng.one_in(2) {
                    "IF NOT EXISTS "
                } else {
                    ""
                };
                if self.rng.one_in(4) {
                    format!("CREATE TABLE {ine}t3 AS {}", self.select(1))
                } else {
                    format!("CREATE TABLE {ine}t3 ({})", cols.join(", "))
                }
            }
            15 => format!(
                "CREATE {}INDEX {}ix ON {table} ({})",
                if self.rng.one_in(2) { "UNIQUE " } else { "" },
                if self.rng.one_in(2) {
                    "IF NOT EXISTS "
                } else {
                    ""
                },
                self.rng.pick(&COLUMNS[..8])
            ),
            16 => format!(
                "DROP {} {}{}",
                self.rng.pick(&["TABLE", "INDEX", "VIEW"]),
                if self.rng.one_in(2) { "IF EXISTS " } else { "" },
                self.rng.pick(&["t1", "t2", "t3", "i2", "ix"])
            ),
            17 => match self.rng.below(4) {
                0 => format!("ALTER TABLE {table} ADD COLUMN {}", self.column_def(9)),
                1 => format!("ALTER TABLE {table} RENAME TO t3"),
                2 => format!("ALTER TABLE {table} RENAME COLUMN a TO k"),
                _ => format!("ALTER TABLE {table} DROP COLUMN b"),
            },
            18 => self
                .rng
                .pick(&["BEGIN", "COMMIT", "ROLLBACK", "BEGIN TRANSACTION", "END"])
                .to_string(),
            19 => format!("EXPLAIN {}", self.select(depth)),
            20 => format!("SELECT {}", self.expr(depth + 2)),
            _ => self.deep(),
        }
    }

    /// Inputs at and around SQLite's limits (expression depth 1000, 500 compound terms,
    /// nesting 250): the ones past them must be refused, not crash.
    pub fn deep(&mut self) -> String {
        let near = |rng: &mut Rng, limit: usize| match rng.below(3) {
            0 => limit - rng.below(3),
            1 => limit + rng.below(3),
            _ => rng.range(limit / 2, limit * 3),
        };
        match self.rng.below(9) {
            0 => {
                let n = near(self.rng, 250);
                format!("SELECT {}1{}", "(".repeat(n), ")".repeat(n))
            }
            1 => {
                let n = near(self.rng, 1000);
                format!("SELECT 1{}", " + 1".repeat(n))
            }
            2 => {
                let n = near(self.rng, 500);
                vec!["SELECT 1"; n].join(" UNION ALL ")
            }
            3 => {
                let n = near(self.rng, 250);
                format!("SELECT {}1{}", "(SELECT ".repeat(n), ")".repeat(n))
            }
            4 => {
                let n = near(self.rng, 1000);
                format!("SELECT {}1", "-".repeat(n))
            }
            5 => {
                let n = near(self.rng, 1000);
                format!("SELECT {}1", "NOT ".repeat(n))
            }
            6 => {
                let n = near(self.rng, 250);
                format!(
                    "SELECT * FROM t1 WHERE a IN {}1{}",
                    "(SELECT a FROM t1 WHERE a IN (".repeat(n),
                    "))".repeat(n)
                )
            }
            7 => {
                let n = near(self.rng, 1000);
                format!("SELECT {}1{}", "abs(".repeat(n), ")".repeat(n))
            }
            _ => {
                let n = near(self.rng, 1000);
                format!(
                    "SELECT {}1{}",
                    "CASE WHEN 1 THEN ".repeat(n),
                    " END".repeat(n)
                )
            }
        }
    }
}

/// The statements of golden script `i`.
fn golden_statements(i: usize) -> Vec<&'static str> {
    GOLDEN[i]
        .split("\n\n")
        .filter_map(|block| block.split("\n---").next())
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.starts_with("--"))
        .collect()
}

const TOKENS: [&str; 30] = [
    "SELECT",
    "FROM",
    "WHERE",
    "(",
    ")",
    ",",
    ";",
    "'",
    "\"",
    "NULL",
    "*",
    "JOIN",
    "ON",
    "AS",
    "ORDER BY",
    "GROUP BY",
    "LIMIT",
    "UNION",
    "VALUES",
    "INSERT INTO",
    "DEFAULT",
    "PRIMARY KEY",
    "?",
    "?9",
    "?0",
    "?99999999999",
    "$a",
    "x'0",
    "-- c\n",
    "/*",
];

/// A golden statement run (1 to all of a script, in order) with token and byte mutations.
pub fn mutated_golden(g: &mut Gen<'_>) -> String {
    let stmts = golden_statements(g.rng.below(GOLDEN.len()));
    let start = g.rng.below(stmts.len());
    let end = if g.rng.one_in(3) {
        stmts.len()
    } else {
        (start + g.rng.range(1, 6)).min(stmts.len())
    };
    let mut text = stmts[start..end].join(";\n");
    for _ in 0..g.rng.below(3) {
        text = mutate_text(g, text);
    }
    // The tables the run reads, as the script made them before it.
    let setup: Vec<&str> = stmts[..start]
        .iter()
        .filter(|s| s.starts_with("CREATE") || s.starts_with("INSERT"))
        .copied()
        .collect();
    if !setup.is_empty() {
        text = format!("{};\n{text}", setup.join(";\n"));
    }
    text
}

fn mutate_text(g: &mut Gen<'_>, text: String) -> String {
    // Tokens: runs of word characters, or single other characters.
    let mut toks: Vec<String> = Vec::new();
    for c in text.chars() {
        let word = c.is_alphanumeric() || c == '_' || c == '.';
        match toks.last_mut() {
            Some(last)
                if word
                    && last
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '.') =>
            {
                last.push(c)
            }
            _ => toks.push(c.to_string()),
        }
    }
    if toks.is_empty() {
        return g.statement(2);
    }
    let i = g.rng.below(toks.len());
    match g.rng.below(9) {
        0 => {
            toks.remove(i);
        }
        1 => {
            let t = toks[i].clone();
            toks.insert(i, t);
        }
        2 => {
            let j = g.rng.below(toks.len());
            toks.swap(i, j);
        }
        3 => toks[i] = g.rng.pick(&TOKENS).to_string(),
        4 => toks[i] = g.rng.pick(&LITERALS).to_string(),
        5 => toks[i] = format!("({})", g.expr(3)),
        6 => {
            let mut bytes = text.into_bytes();
            crate::mutate::mutate(g.rng, &mut bytes, 3, 0);
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        7 => {
            let s = g.statement(2);
            toks.insert(i, format!(" {s} "));
        }
        _ => {
            // Repeat a run of tokens: long lists, deep nesting.
            let j = (i + g.rng.range(1, 4)).min(toks.len());
            let run: String = toks[i..j].concat();
            toks.insert(j, run.repeat(g.rng.range(2, 300)));
        }
    }
    toks.concat()
}

/// The parts of one case's script: generated statements, a mutated golden run, or both.
pub fn script(rng: &mut Rng) -> Vec<String> {
    let mut g = Gen::new(rng);
    let mut parts = Vec::new();
    match g.rng.below(3) {
        0 => parts.push(mutated_golden(&mut g)),
        1 => {
            for _ in 0..g.rng.range(1, 8) {
                parts.push(g.statement(3));
            }
        }
        _ => {
            parts.push(mutated_golden(&mut g));
            for _ in 0..g.rng.range(1, 4) {
                parts.push(g.statement(3));
            }
        }
    }
    parts
}
