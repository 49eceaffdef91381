CREATE TABLE c1 (a INT CHECK(  a>0 ), b CONSTRAINT bpos CHECK (b <> 5), c, CHECK(c IS NULL OR c<10), CONSTRAINT two CHECK(a+c < 100));
INSERT INTO c1 VALUES (1, 1, 1), (NULL, 2, NULL), ('7', 3, 9)
---
Table c1 created
3 rows inserted

INSERT INTO c1 VALUES (-1, 1, 1)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c1 VALUES (-1, 1, 1)): CHECK constraint failed: a>0

INSERT INTO c1 VALUES (1, 5, 1)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c1 VALUES (1, 5, 1)): CHECK constraint failed: bpos

INSERT INTO c1 VALUES (1, 1, 11)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c1 VALUES (1, 1, 11)): CHECK constraint failed: c IS NULL OR c<10

INSERT INTO c1 VALUES (95, 1, 9)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c1 VALUES (95, 1, 9)): CHECK constraint failed: two

INSERT OR IGNORE INTO c1 VALUES (-1, 1, 1), (2, 2, 2);
SELECT a, typeof(a), b, c FROM c1 ORDER BY rowid
---
1 row inserted
a|typeof(a)|b|c
1|integer|1|1
NULL|null|2|NULL
7|integer|3|9
2|integer|2|2

INSERT OR REPLACE INTO c1 VALUES (-1, 1, 1)
---
error[INVALID_INPUT]: statement 1 (INSERT OR REPLACE INTO c1 VALUES (-1, 1, 1)): CHECK constraint failed: a>0

UPDATE c1 SET a = a - 1
---
error[INVALID_INPUT]: statement 1 (UPDATE c1 SET a = a - 1): CHECK constraint failed: a>0

UPDATE OR IGNORE c1 SET a = a - 1;
SELECT a, b, c FROM c1 ORDER BY rowid
---
3 rows updated
a|b|c
1|1|1
NULL|2|NULL
6|3|9
1|2|2

CREATE TABLE c2 (id INTEGER PRIMARY KEY, v INT CHECK (v BETWEEN 0 AND 10));
INSERT INTO c2 VALUES (1, 5);
INSERT INTO c2 VALUES (1, 20) ON CONFLICT (id) DO UPDATE SET v = excluded.v
---
Table c2 created
1 row inserted
error[INVALID_INPUT]: statement 3 (INSERT INTO c2 VALUES (1, 20) ON CONFLICT (id) DO UPDATE ...): CHECK constraint failed: v BETWEEN 0 AND 10

INSERT INTO c2 VALUES (1, 7) ON CONFLICT (id) DO UPDATE SET v = v + excluded.v
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c2 VALUES (1, 7) ON CONFLICT (id) DO UPDATE S...): CHECK constraint failed: v BETWEEN 0 AND 10

INSERT INTO c2 VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET v = v + excluded.v;
SELECT * FROM c2
---
1 row inserted
id|v
1|7

CREATE TABLE bad (a CHECK (a > (SELECT 1)))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a CHECK (a > (SELECT 1)))): subqueries prohibited in CHECK constraints

CREATE TABLE bad (a CHECK (x > 1))
---
error[NOT_FOUND]: statement 1 (CREATE TABLE bad (a CHECK (x > 1))): no such column: x

CREATE TABLE bad (a CHECK (max(a) > 1))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a CHECK (max(a) > 1))): misuse of aggregate function max()

CREATE TABLE bad (a CHECK (a > ?1))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a CHECK (a > ?1))): parameters prohibited in CHECK constraints

CREATE TABLE c3 (a TEXT CHECK (length(a) < 4) CHECK (a <> 'no'), CHECK (a COLLATE NOCASE <> 'x'));
INSERT INTO c3 VALUES ('abcd')
---
Table c3 created
error[INVALID_INPUT]: statement 2 (INSERT INTO c3 VALUES ('abcd')): CHECK constraint failed: length(a) < 4

INSERT INTO c3 VALUES ('no')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c3 VALUES ('no')): CHECK constraint failed: a <> 'no'

INSERT INTO c3 VALUES ('X')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO c3 VALUES ('X')): CHECK constraint failed: a COLLATE NOCASE <> 'x'

CREATE TABLE d1 (id INTEGER PRIMARY KEY, a DEFAULT -5, b DEFAULT +3.5, c DEFAULT (1 + 2), d TEXT DEFAULT (upper('x') || 'y'), e DEFAULT x'01', f DEFAULT NULL, g DEFAULT TRUE, h INT DEFAULT '12');
INSERT INTO d1 DEFAULT VALUES;
INSERT INTO d1 (id, a) VALUES (5, 6);
SELECT id, a, b, c, d, quote(e), f, g, h, typeof(h) FROM d1
---
Table d1 created
1 row inserted
1 row inserted
id|a|b|c|d|quote(e)|f|g|h|typeof(h)
1|-5|3.5|3|Xy|X'01'|NULL|1|12|integer
5|6|3.5|3|Xy|X'01'|NULL|1|12|integer

CREATE TABLE d2 (a, t DEFAULT CURRENT_TIMESTAMP, d DEFAULT CURRENT_DATE, tm DEFAULT CURRENT_TIME);
INSERT INTO d2 (a) VALUES (1);
SELECT a, length(t), length(d), length(tm), t = datetime('now'), d = date('now') FROM d2
---
Table d2 created
1 row inserted
a|length(t)|length(d)|length(tm)|t = datetime('now')|d = date('now')
1|19|10|8|1|1

CREATE TABLE d3 (a, b DEFAULT (random()));
INSERT INTO d3 (a) VALUES (1), (2), (3);
SELECT count(DISTINCT b) FROM d3
---
Table d3 created
3 rows inserted
count(DISTINCT b)
3

CREATE TABLE bad (a, b DEFAULT (a + 1))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a, b DEFAULT (a + 1))): default value of column [b] is not constant

CREATE TABLE bad (a, b DEFAULT (?))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a, b DEFAULT (?))): default value of column [b] is not constant

CREATE TABLE bad (a COLLATE foo)
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a COLLATE foo)): no such collation sequence: foo

ALTER TABLE d3 ADD COLUMN c DEFAULT (1 + 2)
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE d3 ADD COLUMN c DEFAULT (1 + 2)): Cannot add a column with non-constant default

CREATE TABLE e1 (a);
ALTER TABLE e1 ADD COLUMN b DEFAULT CURRENT_TIME;
ALTER TABLE e1 ADD COLUMN c DEFAULT 0 CHECK (c >= 0);
INSERT INTO e1 (a) VALUES (1);
SELECT a, length(b), c FROM e1
---
Table e1 created
Table e1 altered
Table e1 altered
1 row inserted
a|length(b)|c
1|8|0

ALTER TABLE e1 ADD COLUMN d DEFAULT 0 CHECK (d > 0)
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE e1 ADD COLUMN d DEFAULT 0 CHECK (d > 0)): CHECK constraint failed

INSERT INTO e1 (a, c) VALUES (2, -1)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO e1 (a, c) VALUES (2, -1)): CHECK constraint failed: c >= 0

CREATE TABLE dc (a PRIMARY KEY, b UNIQUE, c, d, e CHECK (e > 0), f, g, h INT DEFAULT 4, CHECK (f < g));
CREATE INDEX dc_c ON dc (c);
CREATE VIEW dc_v AS SELECT d FROM dc;
INSERT INTO dc VALUES (1, 2, 3, 4, 5, 6, 7, 8), (11, 12, 13, 14, 15, 16, 17, 18);
ALTER TABLE dc DROP COLUMN a
---
Table dc created
Index dc_c created
View dc_v created
2 rows inserted
error[INVALID_INPUT]: statement 5 (ALTER TABLE dc DROP COLUMN a): cannot drop PRIMARY KEY column: "a"

ALTER TABLE dc DROP COLUMN b
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE dc DROP COLUMN b): cannot drop UNIQUE column: "b"

ALTER TABLE dc DROP COLUMN c
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE dc DROP COLUMN c): error in index dc_c after drop column: no such column: c

ALTER TABLE dc DROP COLUMN d
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE dc DROP COLUMN d): error in view dc_v after drop column: no such column: d

ALTER TABLE dc DROP COLUMN f
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE dc DROP COLUMN f): error in table dc after drop column: no such column: f

ALTER TABLE dc DROP COLUMN zz
---
error[NOT_FOUND]: statement 1 (ALTER TABLE dc DROP COLUMN zz): no such column: "zz"

ALTER TABLE dc DROP COLUMN e;
INSERT INTO dc VALUES (21, 22, 23, 24, -25, 26, 27);
SELECT * FROM dc ORDER BY a
---
Table dc altered
1 row inserted
a|b|c|d|f|g|h
1|2|3|4|6|7|8
11|12|13|14|16|17|18
21|22|23|24|-25|26|27

ALTER TABLE dc DROP COLUMN h;
SELECT * FROM dc WHERE c = 23
---
Table dc altered
a|b|c|d|f|g
21|22|23|24|-25|26

INSERT INTO dc VALUES (31, 32, 33, 34, 37, 36)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO dc VALUES (31, 32, 33, 34, 37, 36)): CHECK constraint failed: f < g

DROP VIEW dc_v;
DROP INDEX dc_c;
ALTER TABLE dc DROP COLUMN d;
ALTER TABLE dc DROP c;
SELECT * FROM dc ORDER BY a
---
View dc_v dropped
Index dc_c dropped
Table dc altered
Table dc altered
a|b|f|g
1|2|6|7
11|12|16|17
21|22|-25|26

CREATE TABLE one (a);
ALTER TABLE one DROP COLUMN a
---
Table one created
error[INVALID_INPUT]: statement 2 (ALTER TABLE one DROP COLUMN a): cannot drop column "a": no other columns exist

CREATE TABLE ip (id INTEGER PRIMARY KEY, x, y, z);
CREATE INDEX ip_z ON ip (z);
INSERT INTO ip VALUES (1, 'a', 'b', 'c'), (2, 'd', 'e', 'f');
ALTER TABLE ip DROP COLUMN x;
INSERT INTO ip VALUES (3, 'g', 'h');
SELECT * FROM ip WHERE z >= 'f'
---
Table ip created
Index ip_z created
2 rows inserted
Table ip altered
1 row inserted
id|y|z
2|e|f
3|g|h

ALTER TABLE ip DROP COLUMN id
---
error[INVALID_INPUT]: statement 1 (ALTER TABLE ip DROP COLUMN id): cannot drop PRIMARY KEY column: "id"

CREATE TABLE tr (a, b, c);
CREATE TRIGGER tr_t AFTER INSERT ON tr BEGIN SELECT NEW.b; END;
ALTER TABLE tr DROP COLUMN b
---
Table tr created
Trigger tr_t created
error[INVALID_INPUT]: statement 3 (ALTER TABLE tr DROP COLUMN b): not supported: dropping column b, which trigger tr_t may use (drop it first)

ALTER TABLE tr DROP COLUMN c;
SELECT * FROM tr
---
Table tr altered
a|b

CREATE TABLE k (id INTEGER PRIMARY KEY, n TEXT COLLATE NOCASE, r TEXT COLLATE RTRIM, b TEXT COLLATE BINARY, p TEXT);
INSERT INTO k VALUES (1, 'abc', 'x', 'abc', 'abc'), (2, 'ABC', 'x  ', 'ABC', 'ABC'), (3, 'Abd', 'y', 'Abd', 'Abd'), (4, 'b', 'X', 'b', 'b'), (5, NULL, NULL, NULL, NULL);
SELECT id FROM k WHERE n = 'aBc' ORDER BY id
---
Table k created
5 rows inserted
id
1
2

SELECT id FROM k WHERE r = 'x' ORDER BY id
---
id
1
2

SELECT id FROM k WHERE b = 'abc' ORDER BY id
---
id
1

SELECT id FROM k WHERE p = 'ABC' COLLATE NOCASE ORDER BY id
---
id
1
2

SELECT id FROM k WHERE p COLLATE NOCASE = 'ABC' ORDER BY id
---
id
1
2

SELECT id FROM k WHERE n = p COLLATE BINARY ORDER BY id
---
id
1
2
3
4

SELECT a.id, b.id FROM k a JOIN k b ON a.n = b.p ORDER BY 1, 2
---
id|id
1|1
1|2
2|1
2|2
3|3
4|4

SELECT a.id, b.id FROM k a JOIN k b ON a.p = b.n ORDER BY 1, 2
---
id|id
1|1
2|2
3|3
4|4

SELECT id FROM k WHERE n > 'abc' ORDER BY id
---
id
3
4

SELECT id FROM k WHERE n BETWEEN 'ab' AND 'ABC' ORDER BY id
---
id
1
2

SELECT id FROM k WHERE n IN ('ABC', 'B') ORDER BY id
---
id
1
2
4

SELECT id FROM k WHERE p IN ('ABC', 'B') ORDER BY id
---
id
2

SELECT id FROM k WHERE p COLLATE NOCASE IN ('ABC', 'B') ORDER BY id
---
id
1
2
4

SELECT n FROM k ORDER BY n, id
---
n
NULL
abc
ABC
Abd
b

SELECT p FROM k ORDER BY p COLLATE NOCASE DESC, id
---
p
b
Abd
abc
ABC
NULL

SELECT p AS q FROM k ORDER BY q COLLATE NOCASE, id
---
q
NULL
abc
ABC
Abd
b

SELECT r, id FROM k ORDER BY r, id DESC
---
r|id
NULL|5
X|4
x  |2
x|1
y|3

SELECT n COLLATE NOCASE AS m FROM k ORDER BY m, id
---
m
NULL
abc
ABC
Abd
b

SELECT x FROM (SELECT n AS x, id FROM k) WHERE x = 'ABC' ORDER BY id
---
x
abc
ABC

CREATE VIEW kv AS SELECT n, id FROM k;
SELECT id FROM kv WHERE n = 'abd'
---
View kv created
id
3

SELECT CASE n WHEN 'ABC' THEN 'yes' ELSE 'no' END FROM k ORDER BY id
---
CASE n WHEN 'ABC' THEN 'yes' ELSE 'no' END
yes
yes
no
no
no

SELECT id FROM k WHERE n = 'abc' COLLATE RTRIM ORDER BY id
---
id
1

SELECT id FROM k WHERE p = 'abc' COLLATE foo
---
error[INVALID_INPUT]: statement 1 (SELECT id FROM k WHERE p = 'abc' COLLATE foo): no such collation sequence: foo

CREATE TABLE ku (a TEXT COLLATE NOCASE UNIQUE);
INSERT INTO ku VALUES ('x');
INSERT INTO ku VALUES ('X')
---
Table ku created
1 row inserted
error[INVALID_INPUT]: statement 3 (INSERT INTO ku VALUES ('X')): UNIQUE constraint failed: ku.a

CREATE TABLE ki (a TEXT, b TEXT);
CREATE UNIQUE INDEX ki_a ON ki (a COLLATE NOCASE);
CREATE INDEX ki_b ON ki (b COLLATE RTRIM);
INSERT INTO ki VALUES ('q', 'm'), ('r', 'm  ');
INSERT INTO ki VALUES ('Q', 'n')
---
Table ki created
Index ki_a created
Index ki_b created
2 rows inserted
error[INVALID_INPUT]: statement 5 (INSERT INTO ki VALUES ('Q', 'n')): UNIQUE constraint failed: ki.a

SELECT a FROM ki WHERE a = 'Q';
SELECT a FROM ki WHERE a = 'Q' COLLATE NOCASE;
SELECT a FROM ki WHERE b = 'm' ORDER BY a;
SELECT a FROM ki WHERE b = 'm' COLLATE RTRIM ORDER BY a
---
a
a
q
a
q
a
q
r

UPDATE ki SET a = 'R' WHERE a = 'q'
---
error[INVALID_INPUT]: statement 1 (UPDATE ki SET a = 'R' WHERE a = 'q'): UNIQUE constraint failed: ki.a

DELETE FROM ki WHERE a = 'r';
UPDATE ki SET a = 'R' WHERE a = 'q';
SELECT a, b FROM ki
---
1 row deleted
1 row updated
a|b
R|m

CREATE INDEX bad ON ki (a COLLATE foo)
---
error[INVALID_INPUT]: statement 1 (CREATE INDEX bad ON ki (a COLLATE foo)): no such collation sequence: foo

CREATE TABLE oc (t TEXT);
INSERT INTO oc VALUES ('b'), ('A'), ('a'), ('B');
SELECT t FROM oc ORDER BY 1 COLLATE NOCASE, 1;
SELECT t AS x FROM oc ORDER BY x COLLATE NOCASE DESC, x
---
Table oc created
4 rows inserted
t
A
a
B
b
x
B
b
A
a

CREATE TABLE tn (name TEXT COLLATE NOCASE);
CREATE TABLE tlog (msg TEXT);
CREATE TRIGGER tn_ins AFTER INSERT ON tn WHEN NEW.name = 'ALICE' BEGIN INSERT INTO tlog VALUES ('matched ' || NEW.name); END;
INSERT INTO tn VALUES ('alice'), ('bob');
SELECT msg FROM tlog
---
Table tn created
Table tlog created
Trigger tn_ins created
2 rows inserted
msg
matched alice

CREATE TABLE ai (id INTEGER PRIMARY KEY AUTOINCREMENT, x NOT NULL, u UNIQUE);
CREATE TABLE pl (id INTEGER PRIMARY KEY, x NOT NULL, u UNIQUE);
INSERT INTO ai (x, u) VALUES (1, 1);
INSERT INTO pl (x, u) VALUES (1, 1);
INSERT OR IGNORE INTO ai (x, u) VALUES (NULL, 2), (2, 1);
INSERT OR IGNORE INTO pl (x, u) VALUES (NULL, 2), (2, 1);
INSERT INTO ai (x, u) VALUES (1, 1) ON CONFLICT (u) DO NOTHING;
INSERT INTO pl (x, u) VALUES (1, 1) ON CONFLICT (u) DO NOTHING;
INSERT INTO ai (x, u) VALUES (3, 3);
INSERT INTO pl (x, u) VALUES (3, 3);
SELECT 'ai', id, x, u FROM ai UNION ALL SELECT 'pl', id, x, u FROM pl
---
Table ai created
Table pl created
1 row inserted
1 row inserted
0 rows inserted
0 rows inserted
0 rows inserted
0 rows inserted
1 row inserted
1 row inserted
'ai'|id|x|u
ai|1|1|1
ai|5|3|3
pl|1|1|1
pl|2|3|3

CREATE TABLE bad (a TEXT PRIMARY KEY AUTOINCREMENT)
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE bad (a TEXT PRIMARY KEY AUTOINCREMENT)): AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY

