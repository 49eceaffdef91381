CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b BOOLEAN DEFAULT 1, c REAL, d BLOB);
CREATE TABLE IF NOT EXISTS t (x);
CREATE TABLE t (x)
---
Table t created
Table t already exists
error[INVALID_INPUT]: statement 3 (CREATE TABLE t (x)): table t already exists

INSERT INTO t (a, c, d) VALUES ('x', 1, X'00ff'), ('y', '2.5', 'z');
SELECT id, a, b, c, typeof(c), d, typeof(d) FROM t
---
2 rows inserted
id|a|b|c|typeof(c)|d|typeof(d)
1|x|1|1.0|real|x'00FF'|blob
2|y|1|2.5|real|z|text

ALTER TABLE t ADD COLUMN e INTEGER DEFAULT 7;
ALTER TABLE t ADD COLUMN f TEXT NOT NULL;
---
Table t altered
error[INVALID_INPUT]: statement 2 (ALTER TABLE t ADD COLUMN f TEXT NOT NULL): Cannot add a NOT NULL column with default value NULL

SELECT id, e FROM t;
ALTER TABLE t RENAME TO u;
ALTER TABLE u RENAME COLUMN a TO name;
SELECT name FROM u ORDER BY name DESC
---
id|e
1|7
2|7
Table t altered
Table u altered
name
y
x

SELECT * FROM t
---
error[NOT_FOUND]: statement 1 (SELECT * FROM t): no such table: t

CREATE UNIQUE INDEX u_c ON u (c);
INSERT INTO u (name, c) VALUES ('dup', 1.0)
---
Index u_c created
error[INVALID_INPUT]: statement 2 (INSERT INTO u (name, c) VALUES ('dup', 1.0)): UNIQUE constraint failed: u.c

CREATE INDEX IF NOT EXISTS u_c ON u (c);
DROP INDEX u_c;
INSERT INTO u (name, c) VALUES ('dup', 1.0);
CREATE UNIQUE INDEX u_c2 ON u (c)
---
Index u_c already exists
Index u_c dropped
1 row inserted
error[INVALID_INPUT]: statement 4 (CREATE UNIQUE INDEX u_c2 ON u (c)): UNIQUE constraint failed: u.c

DROP INDEX nosuch
---
error[NOT_FOUND]: statement 1 (DROP INDEX nosuch): no such index: nosuch

DROP INDEX IF EXISTS nosuch;
DROP TABLE u;
DROP TABLE IF EXISTS u;
SELECT * FROM u
---
Index nosuch does not exist
Table u dropped
Table u does not exist
error[NOT_FOUND]: statement 4 (SELECT * FROM u): no such table: u

CREATE TABLE k (code TEXT PRIMARY KEY, n INTEGER UNIQUE);
INSERT INTO k VALUES ('a', 1), ('b', 2);
INSERT INTO k VALUES ('a', 3)
---
Table k created
2 rows inserted
error[INVALID_INPUT]: statement 3 (INSERT INTO k VALUES ('a', 3)): UNIQUE constraint failed: k.code

DROP INDEX sqlite_autoindex_k_1
---
error[INVALID_INPUT]: statement 1 (DROP INDEX sqlite_autoindex_k_1): index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped

EXPLAIN SELECT * FROM k WHERE code = 'a';
EXPLAIN SELECT * FROM k WHERE n > 1
---
plan
PROJECT (2 columns)
  SEARCH k USING INDEX sqlite_autoindex_k_1 (code=?) + filter
plan
PROJECT (2 columns)
  SEARCH k USING INDEX sqlite_autoindex_k_2 (n>?) + filter

CREATE TABLE "order items" ("unit price" REAL, [qty] INTEGER, `note` TEXT);
INSERT INTO "order items" ("unit price", qty, "note") VALUES (2.5, 4, 'a');
INSERT INTO main."order items" VALUES (1.0, 1, 'b');
UPDATE "order items" SET "unit price" = "unit price" * 2 WHERE [qty] = 4;
SELECT "unit price" * qty, note FROM main."order items" ORDER BY 1
---
Table order items created
1 row inserted
1 row inserted
1 row updated
"unit price" * qty|note
1.0|b
20.0|a

CREATE INDEX "by qty" ON "order items" (qty);
SELECT count(*) FROM "order items" AS o WHERE o.qty > 0;
DROP INDEX "by qty";
DELETE FROM "order items" WHERE note = 'b';
SELECT count(*) FROM temp_or_not."order items"
---
Index by qty created
count(*)
2
Index by qty dropped
1 row deleted
error[INVALID_INPUT]: statement 5 (SELECT count(*) FROM temp_or_not."order items"): unknown database temp_or_not

CREATE TABLE hint (x INTEGER, y TEXT);
CREATE INDEX hint_x ON hint (x);
INSERT INTO hint VALUES (1, 'a'), (2, 'b'), (2, 'c');
SELECT group_concat(DISTINCT x) FROM hint NOT INDEXED WHERE x > 0;
SELECT h.y FROM hint AS h NOT INDEXED WHERE h.x = 2 ORDER BY 1
---
Table hint created
Index hint_x created
3 rows inserted
group_concat(DISTINCT x)
1,2
y
b
c

SELECT y FROM hint INDEXED BY hint_x WHERE x = 2
---
y
b
c

REINDEX;
REINDEX hint;
REINDEX hint_x;
REINDEX main.hint_x;
REINDEX nocase
---
Reindexed
Reindexed
Reindexed
Reindexed
Reindexed

REINDEX nosuch
---
error[INVALID_INPUT]: statement 1 (REINDEX nosuch): unable to identify the object to be reindexed

