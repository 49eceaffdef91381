CREATE TABLE f (id INTEGER PRIMARY KEY, u UNIQUE, n NOT NULL, c CHECK (c < 100));
INSERT INTO f VALUES (1, 'a', 1, 1)
---
Table f created
1 row inserted

-- OR FAIL stops at the row that breaks UNIQUE; the rows before it stay.
INSERT OR FAIL INTO f VALUES (2, 'b', 1, 2), (3, 'c', 1, 3), (4, 'a', 1, 4), (5, 'd', 1, 5)
---
error[INVALID_INPUT]: statement 1 (INSERT OR FAIL INTO f VALUES (2, 'b', 1, 2), (3, 'c', 1, ...): UNIQUE constraint failed: f.u

SELECT * FROM f ORDER BY id
---
id|u|n|c
1|a|1|1
2|b|1|2
3|c|1|3

-- NOT NULL and CHECK the same way.
INSERT OR FAIL INTO f VALUES (6, 'e', 1, 6), (7, 'f', NULL, 7), (8, 'g', 1, 8)
---
error[INVALID_INPUT]: statement 1 (INSERT OR FAIL INTO f VALUES (6, 'e', 1, 6), (7, 'f', NUL...): NOT NULL constraint failed: f.n

INSERT OR FAIL INTO f VALUES (9, 'h', 1, 9), (10, 'i', 1, 100), (11, 'j', 1, 11)
---
error[INVALID_INPUT]: statement 1 (INSERT OR FAIL INTO f VALUES (9, 'h', 1, 9), (10, 'i', 1,...): CHECK constraint failed: c < 100

SELECT * FROM f ORDER BY id
---
id|u|n|c
1|a|1|1
2|b|1|2
3|c|1|3
6|e|1|6
9|h|1|9

-- Without OR FAIL (ABORT) nothing of the statement stays.
INSERT INTO f VALUES (12, 'k', 1, 12), (13, 'a', 1, 13)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO f VALUES (12, 'k', 1, 12), (13, 'a', 1, 13)): UNIQUE constraint failed: f.u

SELECT count(*) FROM f WHERE id >= 12
---
count(*)
0

-- Rowids chosen for the kept rows are not given out again.
INSERT OR FAIL INTO f (u, n, c) VALUES ('l', 1, 20), ('m', 1, 21), ('a', 1, 22);
---
error[INVALID_INPUT]: statement 1 (INSERT OR FAIL INTO f (u, n, c) VALUES ('l', 1, 20), ('m'...): UNIQUE constraint failed: f.u

INSERT INTO f (u, n, c) VALUES ('n', 1, 23);
SELECT id, u FROM f WHERE id > 9 ORDER BY id
---
1 row inserted
id|u
10|l
11|m
12|n

-- From a SELECT of another table, streamed.
CREATE TABLE src (x);
INSERT INTO src VALUES (30), (31), (132), (33);
INSERT OR FAIL INTO f (u, n, c) SELECT 's' || x, 1, x FROM src
---
Table src created
4 rows inserted
error[INVALID_INPUT]: statement 3 (INSERT OR FAIL INTO f (u, n, c) SELECT 's' || x, 1, x FRO...): CHECK constraint failed: c < 100

SELECT id, u, c FROM f WHERE u LIKE 's%' ORDER BY id
---
id|u|c
13|s30|30
14|s31|31

-- UPDATE OR FAIL: the rows updated before the failing one stay updated.
UPDATE OR FAIL f SET c = id * 10 WHERE id < 20
---
error[INVALID_INPUT]: statement 1 (UPDATE OR FAIL f SET c = id * 10 WHERE id < 20): CHECK constraint failed: c < 100

SELECT id, c FROM f WHERE id < 20 ORDER BY id
---
id|c
1|10
2|20
3|30
6|60
9|90
10|20
11|21
12|23
13|30
14|31

UPDATE OR FAIL f SET u = 'b' WHERE id = 1
---
error[INVALID_INPUT]: statement 1 (UPDATE OR FAIL f SET u = 'b' WHERE id = 1): UNIQUE constraint failed: f.u

UPDATE OR FAIL f SET n = CASE WHEN id = 3 THEN NULL ELSE n + 1 END
---
error[INVALID_INPUT]: statement 1 (UPDATE OR FAIL f SET n = CASE WHEN id = 3 THEN NULL ELSE ...): NOT NULL constraint failed: f.n

SELECT id, n FROM f ORDER BY id
---
id|n
1|2
2|2
3|1
6|1
9|1
10|1
11|1
12|1
13|1
14|1

-- RAISE(FAIL) in a BEFORE trigger: the rows before stay, and so do the writes of
-- the trigger's earlier steps, for the failing row too.
CREATE TABLE t (x);
CREATE TABLE lg (m);
CREATE TRIGGER t_bi BEFORE INSERT ON t BEGIN
  INSERT INTO lg VALUES ('before ' || NEW.x);
  SELECT RAISE(FAIL, 'x too big') WHERE NEW.x > 2;
END;
INSERT INTO t VALUES (1), (2), (3), (4)
---
Table t created
Table lg created
Trigger t_bi created
error[INVALID_INPUT]: statement 4 (INSERT INTO t VALUES (1), (2), (3), (4)): x too big

SELECT * FROM t ORDER BY x
---
x
1
2

SELECT * FROM lg ORDER BY rowid
---
m
before 1
before 2
before 3

-- In an AFTER trigger the failing row itself is already written.
DROP TRIGGER t_bi;
DELETE FROM t;
DELETE FROM lg;
CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
  SELECT RAISE(FAIL, 'after 12') WHERE NEW.x = 12;
  INSERT INTO lg VALUES ('after ' || NEW.x);
END;
INSERT INTO t VALUES (11), (12), (13)
---
Trigger t_bi dropped
2 rows deleted
3 rows deleted
Trigger t_ai created
error[INVALID_INPUT]: statement 5 (INSERT INTO t VALUES (11), (12), (13)): after 12

SELECT (SELECT group_concat(x) FROM t) AS t, (SELECT group_concat(m) FROM lg) AS lg
---
t|lg
11,12|after 11

-- UPDATE and DELETE triggers.
CREATE TRIGGER t_bu BEFORE UPDATE ON t BEGIN SELECT RAISE(FAIL, 'no update of 12') WHERE OLD.x = 12; END;
CREATE TRIGGER t_bd BEFORE DELETE ON t BEGIN SELECT RAISE(FAIL, 'no delete of 12') WHERE OLD.x = 12; END;
UPDATE t SET x = x + 100
---
Trigger t_bu created
Trigger t_bd created
error[INVALID_INPUT]: statement 3 (UPDATE t SET x = x + 100): no update of 12

SELECT x FROM t ORDER BY rowid
---
x
111
12

DELETE FROM t
---
error[INVALID_INPUT]: statement 1 (DELETE FROM t): no delete of 12

SELECT x FROM t ORDER BY rowid
---
x
12

-- OR FAIL in a trigger step fails the statement that fired it, keeping its rows.
CREATE TABLE outer_t (x);
CREATE TABLE parity (p UNIQUE);
CREATE TRIGGER outer_ai AFTER INSERT ON outer_t BEGIN INSERT OR FAIL INTO parity VALUES (NEW.x % 2); END;
INSERT INTO outer_t VALUES (1), (2), (3), (4)
---
Table outer_t created
Table parity created
Trigger outer_ai created
error[INVALID_INPUT]: statement 4 (INSERT INTO outer_t VALUES (1), (2), (3), (4)): UNIQUE constraint failed: parity.p

SELECT (SELECT group_concat(x) FROM outer_t) AS o, (SELECT group_concat(p) FROM parity) AS p
---
o|p
1,2,3|1,0

-- RAISE(FAIL) two triggers down.
CREATE TABLE deep (x);
CREATE TRIGGER outer_ai2 AFTER INSERT ON outer_t BEGIN INSERT INTO deep VALUES (NEW.x); END;
CREATE TRIGGER deep_bi BEFORE INSERT ON deep BEGIN SELECT RAISE(FAIL, 'deep 6') WHERE NEW.x = 6; END;
DROP TRIGGER outer_ai;
INSERT INTO outer_t VALUES (5), (6), (7)
---
Table deep created
Trigger outer_ai2 created
Trigger deep_bi created
Trigger outer_ai dropped
error[INVALID_INPUT]: statement 5 (INSERT INTO outer_t VALUES (5), (6), (7)): deep 6

SELECT (SELECT group_concat(x) FROM outer_t) AS o, (SELECT group_concat(x) FROM deep) AS d
---
o|d
1,2,3,5,6|5

-- Inside a transaction the kept rows stay in it: visible, then committed.
BEGIN;
INSERT INTO src VALUES (40);
INSERT OR FAIL INTO f (u, n, c) VALUES ('t1', 1, 1), ('a', 1, 1)
---
Transaction started
1 row inserted
error[INVALID_INPUT]: statement 3 (INSERT OR FAIL INTO f (u, n, c) VALUES ('t1', 1, 1), ('a'...): UNIQUE constraint failed: f.u

SELECT (SELECT count(*) FROM src WHERE x = 40) AS src40, (SELECT count(*) FROM f WHERE u = 't1') AS t1
---
src40|t1
1|1

INSERT INTO t VALUES (20), (12)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO t VALUES (20), (12)): after 12

COMMIT;
SELECT (SELECT count(*) FROM src WHERE x = 40) AS src40, (SELECT count(*) FROM f WHERE u = 't1') AS t1,
  (SELECT group_concat(x) FROM t) AS t
---
Transaction committed
src40|t1|t
1|1|12,20,12

-- A foreign key broken by the rows a FAIL keeps turns the FAIL into an ABORT.
PRAGMA foreign_keys = ON;
CREATE TABLE par (id INTEGER PRIMARY KEY);
CREATE TABLE kid (id INTEGER PRIMARY KEY, p REFERENCES par, tag UNIQUE);
INSERT INTO par VALUES (1);
INSERT OR FAIL INTO kid VALUES (1, 1, 'x'), (2, 99, 'y'), (3, 1, 'x')
---
Foreign key enforcement on
Table par created
Table kid created
1 row inserted
error[INVALID_INPUT]: statement 5 (INSERT OR FAIL INTO kid VALUES (1, 1, 'x'), (2, 99, 'y'),...): FOREIGN KEY constraint failed

SELECT count(*) FROM kid
---
count(*)
0

INSERT OR FAIL INTO kid VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 1, 'x')
---
error[INVALID_INPUT]: statement 1 (INSERT OR FAIL INTO kid VALUES (1, 1, 'x'), (2, 1, 'y'), ...): UNIQUE constraint failed: kid.tag

SELECT id, tag FROM kid ORDER BY id
---
id|tag
1|x
2|y

-- A statement's conflict clause stands for those of the trigger steps it fires.
CREATE TABLE o1 (x);
CREATE TABLE o2 (y UNIQUE);
INSERT INTO o2 VALUES (1);
CREATE TRIGGER o1t AFTER INSERT ON o1 BEGIN INSERT INTO o2 VALUES (NEW.x); END;
INSERT OR IGNORE INTO o1 VALUES (0), (1), (2);
SELECT (SELECT group_concat(x) FROM o1) AS o1, (SELECT group_concat(y) FROM o2) AS o2
---
Table o1 created
Table o2 created
1 row inserted
Trigger o1t created
3 rows inserted
o1|o2
0,1,2|1,0,2

INSERT OR FAIL INTO o1 VALUES (3), (2), (4)
---
error[INVALID_INPUT]: statement 1 (INSERT OR FAIL INTO o1 VALUES (3), (2), (4)): UNIQUE constraint failed: o2.y

SELECT (SELECT group_concat(x) FROM o1) AS o1, (SELECT group_concat(y) FROM o2) AS o2
---
o1|o2
0,1,2,3,2|1,0,2,3

-- Over a step's own clause too; without one on the statement, the step's own counts.
DROP TRIGGER o1t;
CREATE TRIGGER o1t AFTER INSERT ON o1 BEGIN INSERT OR FAIL INTO o2 VALUES (NEW.x); END;
INSERT OR IGNORE INTO o1 VALUES (5), (1), (6);
SELECT (SELECT group_concat(x) FROM o1) AS o1, (SELECT group_concat(y) FROM o2) AS o2
---
Trigger o1t dropped
Trigger o1t created
3 rows inserted
o1|o2
0,1,2,3,2,5,1,6|1,0,2,3,5,6

INSERT INTO o1 VALUES (7), (1), (8)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO o1 VALUES (7), (1), (8)): UNIQUE constraint failed: o2.y

SELECT (SELECT group_concat(x) FROM o1) AS o1, (SELECT group_concat(y) FROM o2) AS o2
---
o1|o2
0,1,2,3,2,5,1,6,7,1|1,0,2,3,5,6,7

-- Down through nested triggers, but not through a DELETE, whose triggers keep
-- their own clauses.
CREATE TABLE o3 (z);
CREATE TABLE o4 (w);
INSERT INTO o4 VALUES (1), (2);
DROP TRIGGER o1t;
CREATE TRIGGER o1t AFTER INSERT ON o1 BEGIN INSERT INTO o3 VALUES (NEW.x); END;
CREATE TRIGGER o3t AFTER INSERT ON o3 BEGIN INSERT INTO o2 VALUES (NEW.z); END;
INSERT OR IGNORE INTO o1 VALUES (9), (2), (10);
SELECT (SELECT group_concat(z) FROM o3) AS o3, (SELECT group_concat(y) FROM o2) AS o2
---
Table o3 created
Table o4 created
2 rows inserted
Trigger o1t dropped
Trigger o1t created
Trigger o3t created
3 rows inserted
o3|o2
9,2,10|1,0,2,3,5,6,7,9,10

DROP TRIGGER o1t;
CREATE TRIGGER o1t AFTER INSERT ON o1 BEGIN DELETE FROM o4 WHERE w = NEW.x; END;
CREATE TRIGGER o4t AFTER DELETE ON o4 BEGIN INSERT INTO o2 VALUES (OLD.w); END;
INSERT OR IGNORE INTO o1 VALUES (11), (2)
---
Trigger o1t dropped
Trigger o1t created
Trigger o4t created
error[INVALID_INPUT]: statement 4 (INSERT OR IGNORE INTO o1 VALUES (11), (2)): UNIQUE constraint failed: o2.y

SELECT (SELECT count(*) FROM o1 WHERE x = 11) AS o1, (SELECT group_concat(w) FROM o4) AS o4
---
o1|o4
0|1,2

