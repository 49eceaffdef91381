CREATE TABLE emp (id INTEGER PRIMARY KEY, name TEXT, dept INTEGER, salary REAL, boss INTEGER);
CREATE TABLE dept (id INTEGER PRIMARY KEY, title TEXT);
INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'empty');
INSERT INTO emp VALUES (1, 'ann', 1, 100, NULL), (2, 'bob', 1, 80, 1), (3, 'cy', 2, 60.5, 1), (4, 'di', NULL, 50, 2), (5, 'ed', 2, NULL, 3)
---
Table emp created
Table dept created
3 rows inserted
5 rows inserted

SELECT e.name, d.title FROM emp e JOIN dept d ON e.dept = d.id ORDER BY e.name
---
name|title
ann|eng
bob|eng
cy|ops
ed|ops

SELECT d.title, count(e.id), sum(e.salary), avg(e.salary) FROM dept d LEFT JOIN emp e ON e.dept = d.id GROUP BY d.title ORDER BY 1
---
title|count(e.id)|sum(e.salary)|avg(e.salary)
empty|0|NULL|NULL
eng|2|180.0|90.0
ops|2|60.5|60.5

SELECT e.name, b.name AS boss FROM emp e LEFT JOIN emp b ON e.boss = b.id WHERE b.name IS NULL OR b.name <> 'ann' ORDER BY 1
---
name|boss
ann|NULL
di|bob
ed|cy

SELECT dept, count(*) AS n, max(salary) FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY n DESC, dept
---
dept|n|max(salary)
1|2|100.0
2|2|60.5

SELECT count(*), count(salary), count(DISTINCT dept), total(salary), min(salary) FROM emp
---
count(*)|count(salary)|count(DISTINCT dept)|total(salary)|min(salary)
5|4|2|290.5|50.0

SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE title <> 'eng') ORDER BY name
---
name
cy
ed

SELECT name, salary FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY salary DESC
---
name|salary
ann|100.0
bob|80.0

SELECT DISTINCT dept FROM emp ORDER BY dept
---
dept
NULL
1
2

SELECT dept FROM emp UNION SELECT id FROM dept ORDER BY 1;
SELECT dept FROM emp WHERE dept = 1 UNION ALL SELECT id FROM dept WHERE id = 1
---
dept
NULL
1
2
3
dept
1
1
1

SELECT name, CASE WHEN salary >= 80 THEN 'high' WHEN salary IS NULL THEN '?' ELSE 'low' END AS band, coalesce(boss, -1), ifnull(dept, 0) FROM emp ORDER BY id
---
name|band|coalesce(boss, -1)|ifnull(dept, 0)
ann|high|-1|1
bob|high|1|1
cy|low|1|2
di|low|2|0
ed|?|3|2

SELECT 1 + 2 * 3, 7 / 2, 7 / 2.0, 7 % 3, -7 / 2, 1 / 0, 'a' || 1 || NULL, NULL = NULL, NULL IS NULL, 3 BETWEEN 1 AND 5, 'abc' LIKE 'A%'
---
1 + 2 * 3|7 / 2|7 / 2.0|7 % 3|-7 / 2|1 / 0|'a' || 1 || NULL|NULL = NULL|NULL IS NULL|3 BETWEEN 1 AND 5|'abc' LIKE 'A%'
7|3|3.5|1|-3|NULL|NULL|NULL|1|1|1

SELECT lower('ABC'), upper('abc'), length('héllo'), abs(-4), round(2.567, 2), round(2.5), substr('hello', 2, 3), trim('  x  '), replace('aXbX', 'X', '-'), CAST('12abc' AS INTEGER), CAST(3 AS TEXT), typeof(CAST('1.5' AS REAL))
---
lower('ABC')|upper('abc')|length('héllo')|abs(-4)|round(2.567, 2)|round(2.5)|SUBSTR('hello', 2, 3)|TRIM('  x  ')|replace('aXbX', 'X', '-')|CAST('12abc' AS INTEGER)|CAST(3 AS TEXT)|typeof(CAST('1.5' AS REAL))
abc|ABC|5|4|2.57|3.0|ell|x|a-b-|12|3|real

SELECT '10' = 10, '10' < 9, 2 < '1', NULL AND 0, NULL OR 1, NOT NULL
---
'10' = 10|'10' < 9|2 < '1'|NULL AND 0|NULL OR 1|NOT NULL
0|0|1|0|1|NULL

SELECT name FROM emp ORDER BY salary
---
name
ed
di
cy
bob
ann

SELECT name FROM emp ORDER BY salary DESC NULLS FIRST LIMIT 2
---
name
ed
ann

SELECT count(*) FROM emp, dept
---
count(*)
15

SELECT e.name FROM emp e, dept d WHERE e.dept = d.id AND d.title = 'ops' ORDER BY 1
---
name
cy
ed

SELECT name FROM emp WHERE ? < salary AND name <> ?
---
error[INVALID_INPUT]: statement 1 (SELECT name FROM emp WHERE ? < salary AND name <> ?): parameter 1 is not bound: 0 parameter value(s) given

EXPLAIN SELECT e.name FROM emp e JOIN dept d ON e.dept = d.id WHERE e.id > 2
---
plan
PROJECT (1 column)
  JOIN HASH (1 key)
    SEARCH emp USING INTEGER PRIMARY KEY (rowid>?) + filter
    SCAN dept

SELECT id FROM emp WHERE id IN (1, 3, NULL) ORDER BY 1;
SELECT count(*) FROM emp WHERE id NOT IN (1, NULL)
---
id
1
3
count(*)
0

CREATE TABLE cov (id INTEGER PRIMARY KEY, x, y TEXT, z TEXT);
CREATE INDEX cov_x ON cov (x);
INSERT INTO cov VALUES (0, 1, 'o', 'o'), (1, 0.0, 'a', 'p'), (2, 5, 'b', 'q'), (3, 0, 'c', 'r'), (4, -1, 'd', 's'), (5, 0.0, 'e', 't');
SELECT x FROM cov
---
Table cov created
Index cov_x created
6 rows inserted
x
-1
0.0
0
0.0
1
5

SELECT x, id FROM cov ORDER BY abs(x) LIMIT 2 OFFSET 3
---
x|id
-1|4
1|0

SELECT abs(x) FROM cov ORDER BY 1 DESC
---
abs(x)
5
1
1
0.0
0
0.0

SELECT x, y FROM cov
---
x|y
1|o
0.0|a
5|b
0|c
-1|d
0.0|e

SELECT group_concat(id) FROM cov WHERE x <> 10
---
group_concat(id)
4,1,3,5,0,2

EXPLAIN QUERY PLAN SELECT x FROM cov
---
plan
PROJECT (1 column)
  SCAN cov USING COVERING INDEX cov_x

