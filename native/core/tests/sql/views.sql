CREATE TABLE t1 (x INTEGER, y TEXT);
INSERT INTO t1 VALUES (1, 'a'), (2, 'b'), (3, NULL);
CREATE VIEW v1 AS SELECT x, y FROM t1 WHERE x > 1
---
Table t1 created
3 rows inserted
View v1 created

SELECT * FROM v1 ORDER BY x
---
x|y
2|b
3|NULL

CREATE VIEW v2 (a, b) AS SELECT x * 10, y || '!' FROM t1;
SELECT a, b FROM v2 WHERE a > 10 ORDER BY a
---
View v2 created
a|b
20|b!
30|NULL

SELECT v.a, t1.x FROM v2 AS v JOIN t1 ON t1.x * 10 = v.a ORDER BY 1
---
a|x
10|1
20|2
30|3

CREATE VIEW v3 AS SELECT x, x FROM t1;
SELECT * FROM v3 ORDER BY 1
---
View v3 created
x|x:1
1|1
2|2
3|3

CREATE VIEW v4 AS SELECT count(*) AS n, max(x) AS m FROM v1;
SELECT n, m FROM v4
---
View v4 created
n|m
2|3

SELECT x FROM t1 WHERE x IN (SELECT x FROM v1) AND EXISTS (SELECT 1 FROM v2 WHERE a = t1.x * 10) ORDER BY x
---
x
2
3

INSERT INTO t1 VALUES (4, 'd');
SELECT count(*) FROM v1
---
1 row inserted
count(*)
3

CREATE VIEW v1 AS SELECT 1
---
error[INVALID_INPUT]: statement 1 (CREATE VIEW v1 AS SELECT 1): view v1 already exists

CREATE VIEW IF NOT EXISTS v1 AS SELECT 1;
SELECT count(*) FROM v1
---
View v1 already exists
count(*)
3

CREATE TABLE v1 (z)
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE v1 (z)): view v1 already exists

CREATE INDEX i ON v1 (x)
---
error[INVALID_INPUT]: statement 1 (CREATE INDEX i ON v1 (x)): views may not be indexed

INSERT INTO v1 VALUES (5, 'e')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO v1 VALUES (5, 'e')): cannot modify v1 because it is a view

UPDATE v1 SET x = 0
---
error[INVALID_INPUT]: statement 1 (UPDATE v1 SET x = 0): cannot modify v1 because it is a view

DELETE FROM v1
---
error[INVALID_INPUT]: statement 1 (DELETE FROM v1): cannot modify v1 because it is a view

DROP TABLE v1
---
error[INVALID_INPUT]: statement 1 (DROP TABLE v1): use DROP VIEW to delete view v1

DROP VIEW t1
---
error[INVALID_INPUT]: statement 1 (DROP VIEW t1): use DROP TABLE to delete table t1

CREATE VIEW bad (a) AS SELECT x, y FROM t1;
SELECT * FROM bad
---
View bad created
error[INVALID_INPUT]: statement 2 (SELECT * FROM bad): expected 1 columns for 'bad' but got 2

CREATE VIEW ca AS SELECT * FROM cb;
CREATE VIEW cb AS SELECT * FROM ca;
SELECT * FROM ca
---
View ca created
View cb created
error[INVALID_INPUT]: statement 3 (SELECT * FROM ca): view ca is circularly defined

CREATE VIEW later AS SELECT * FROM not_yet;
CREATE TABLE not_yet (q);
INSERT INTO not_yet VALUES (42);
SELECT * FROM later
---
View later created
Table not_yet created
1 row inserted
q
42

CREATE TEMP VIEW tv AS SELECT y FROM t1 WHERE y IS NOT NULL;
SELECT group_concat(y, ',') FROM (SELECT y FROM tv ORDER BY y)
---
View tv created
group_concat(y, ',')
a,b,d

DROP VIEW v1;
SELECT * FROM v1
---
View v1 dropped
error[NOT_FOUND]: statement 2 (SELECT * FROM v1): no such table: v1

DROP VIEW v1
---
error[NOT_FOUND]: statement 1 (DROP VIEW v1): no such view: v1

DROP VIEW IF EXISTS v1;
SELECT 1 IN t1, 9 IN t1, 1 NOT IN not_yet, 42 IN not_yet
---
View v1 does not exist
error[INVALID_INPUT]: statement 2 (SELECT 1 IN t1, 9 IN t1, 1 NOT IN not_yet, 42 IN not_yet): sub-select returns 2 columns - expected 1

SELECT x FROM t1 WHERE x NOT IN later ORDER BY x
---
x
1
2
3
4

SELECT 1 IN not_yet, 42 IN not_yet, 1 NOT IN later, 42 NOT IN later, NULL IN not_yet
---
1 IN (SELECT * FROM not_yet)|42 IN (SELECT * FROM not_yet)|1 NOT IN (SELECT * FROM later)|42 NOT IN (SELECT * FROM later)|NULL IN (SELECT * FROM not_yet)
0|1|1|0|NULL

