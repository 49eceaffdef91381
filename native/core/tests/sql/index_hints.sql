CREATE TABLE t (a INT, b TEXT UNIQUE, c);
CREATE TABLE u (b);
CREATE INDEX t_a ON t (a);
CREATE INDEX u_b ON u (b);
CREATE INDEX t_pos ON t (a) WHERE a > 0;
CREATE VIEW v AS SELECT * FROM t;
INSERT INTO t VALUES (1, 'x', 10), (2, 'y', 20), (-1, 'z', 30), (2, 'w', 40);
SELECT a, b FROM t INDEXED BY t_a WHERE a = 2 ORDER BY b
---
Table t created
Table u created
Index t_a created
Index u_b created
Index t_pos created
View v created
4 rows inserted
a|b
2|w
2|y

SELECT x.b FROM t AS x INDEXED BY sqlite_autoindex_t_1 WHERE x.b >= 'x' ORDER BY 1
---
b
x
y
z

SELECT count(*) FROM t NOT INDEXED WHERE a = 2
---
count(*)
2

SELECT t.c, u.b FROM t INDEXED BY t_a JOIN u NOT INDEXED ON u.b = t.b WHERE t.a > 0
---
c|b

UPDATE t INDEXED BY t_a SET c = c + 1 WHERE a = 2;
DELETE FROM t NOT INDEXED WHERE a = -1;
SELECT a, b, c FROM t ORDER BY b
---
2 rows updated
1 row deleted
a|b|c
2|w|41
1|x|10
2|y|21

SELECT * FROM t INDEXED BY nope
---
error[NOT_FOUND]: statement 1 (SELECT * FROM t INDEXED BY nope): no such index: nope

SELECT * FROM t INDEXED BY u_b
---
error[NOT_FOUND]: statement 1 (SELECT * FROM t INDEXED BY u_b): no such index: u_b

SELECT * FROM v INDEXED BY t_a
---
error[NOT_FOUND]: statement 1 (SELECT * FROM v INDEXED BY t_a): no such index: t_a

DELETE FROM v INDEXED BY t_a
---
error[NOT_FOUND]: statement 1 (DELETE FROM v INDEXED BY t_a): no such index: t_a

SELECT * FROM t FORCE INDEX (t_a)
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM t FORCE INDEX (t_a)): near "INDEX": syntax error

SELECT * FROM t INDEXED t_a
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM t INDEXED t_a): near "INDEXED": syntax error

