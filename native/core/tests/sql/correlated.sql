CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, dept INTEGER, salary REAL, boss INTEGER);
CREATE TABLE dept (id INTEGER PRIMARY KEY, title TEXT);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (1, 'ann', 1, 100, NULL), (2, 'bob', 1, 80, 1), (3, 'cy', 2, 60.5, 1), (4, 'di', NULL, 50, 2), (5, 'ed', 2, NULL, 3)
---
Table emp created
Table dept created
3 rows inserted
5 rows inserted

SELECT d.title, (SELECT count(*) FROM emp e WHERE e.dept = d.id) AS n FROM dept d ORDER BY d.id
---
title|n
eng|2
ops|2
empty|0

SELECT name FROM emp e WHERE salary > (SELECT avg(salary) FROM emp x WHERE x.dept = e.dept) ORDER BY name
---
name
ann

SELECT title FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp WHERE emp.dept = d.id) ORDER BY title
---
title
empty

SELECT name FROM emp e WHERE dept IN (SELECT id FROM dept WHERE id = e.dept AND title <> 'eng') ORDER BY name
---
name
cy
ed

SELECT name, (SELECT name FROM emp b WHERE b.id = e.boss) AS boss FROM emp e ORDER BY (SELECT count(*) FROM emp r WHERE r.boss = e.id) DESC, name
---
name|boss
ann|NULL
bob|ann
cy|ann
di|bob
ed|cy

SELECT dept, count(*) FROM emp e GROUP BY dept HAVING (SELECT max(salary) FROM emp x WHERE x.dept = e.dept) > 70 ORDER BY dept
---
dept|count(*)
1|2

SELECT name, (SELECT (SELECT title FROM dept WHERE dept.id = e.dept) FROM emp b WHERE b.id = e.boss) FROM emp e ORDER BY name
---
name|(SELECT (SELECT title FROM dept WHERE dept.id = e.dept) FROM emp b WHERE b.id = e.boss)
ann|NULL
bob|eng
cy|ops
di|NULL
ed|ops

SELECT name FROM emp e WHERE (SELECT count(*) FROM emp r WHERE r.boss = e.id) = 0 AND e.salary IS NOT NULL ORDER BY name
---
name
di

SELECT (SELECT name, id FROM emp WHERE id = d.id) FROM dept d
---
error[INVALID_INPUT]: statement 1 (SELECT (SELECT name, id FROM emp WHERE id = d.id) FROM de...): sub-select returns 2 columns - expected 1

SELECT (SELECT count(*) FROM emp WHERE emp.dept = nosuch.id) FROM dept d
---
error[NOT_FOUND]: statement 1 (SELECT (SELECT count(*) FROM emp WHERE emp.dept = nosuch....): no such column: nosuch.id

CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3); UPDATE t SET x = (SELECT sum(u.x) FROM t AS u WHERE u.x < t.x); SELECT x FROM t ORDER BY rowid
---
Table t created
3 rows inserted
3 rows updated
x
NULL
NULL
NULL

DELETE FROM t; INSERT INTO t VALUES (1), (2), (3), (4); DELETE FROM t WHERE x > (SELECT avg(u.x) FROM t AS u WHERE u.x <> t.x); SELECT x FROM t ORDER BY x
---
3 rows deleted
4 rows inserted
2 rows deleted
x
1
2

INSERT INTO t SELECT x * 10 FROM t AS s WHERE NOT EXISTS (SELECT 1 FROM t AS u WHERE u.x > s.x); SELECT x FROM t ORDER BY x
---
1 row inserted
x
1
2
20

UPDATE emp SET salary = (SELECT max(x.salary) FROM emp x WHERE x.dept = emp.dept) WHERE dept IS NOT NULL; SELECT name, salary FROM emp ORDER BY id
---
4 rows updated
name|salary
ann|100.0
bob|100.0
cy|60.5
di|50.0
ed|60.5

CREATE TABLE agg_outer (a); CREATE TABLE agg_none (x);
INSERT INTO agg_outer VALUES (5), (NULL);
SELECT a, (SELECT count(*) || '/' || a FROM agg_none), (SELECT max(x) IS NULL AND a > 1 FROM agg_none) FROM agg_outer ORDER BY a
---
Table agg_outer created
Table agg_none created
2 rows inserted
a|(SELECT count(*) || '/' || a FROM agg_none)|(SELECT max(x) IS NULL AND a > 1 FROM agg_none)
NULL|NULL|NULL
5|0/5|1

