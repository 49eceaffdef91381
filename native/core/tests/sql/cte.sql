WITH one AS (SELECT 1 AS a) SELECT a, a + 1 FROM one
---
a|a + 1
1|2

WITH x (p, q) AS (VALUES (1, 'a'), (2, 'b')), y AS (SELECT p * 10 AS r FROM x) SELECT q, r FROM x JOIN y ON r = p * 10 ORDER BY q
---
q|r
a|10
b|20

WITH x AS (SELECT 1 AS v), x AS (SELECT 2 AS v) SELECT * FROM x
---
error[INVALID_INPUT]: statement 1 (WITH x AS (SELECT 1 AS v), x AS (SELECT 2 AS v) SELECT * ...): duplicate WITH table name: x

WITH x (a, b) AS (SELECT 1) SELECT * FROM x
---
error[INVALID_INPUT]: statement 1 (WITH x (a, b) AS (SELECT 1) SELECT * FROM x): table x has 1 values for 2 columns

WITH RECURSIVE cnt (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt WHERE n < 10) SELECT group_concat(n, ',') FROM cnt
---
group_concat(n, ',')
1,2,3,4,5,6,7,8,9,10

WITH RECURSIVE cnt (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt) SELECT n FROM cnt LIMIT 4 OFFSET 2
---
n
3
4
5
6

WITH RECURSIVE cnt (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt LIMIT 5) SELECT sum(n) FROM cnt
---
sum(n)
15

WITH RECURSIVE cnt (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM cnt) SELECT count(*), max(n) FROM (SELECT n FROM cnt LIMIT 200000)
---
count(*)|max(n)
200000|200000

WITH RECURSIVE fib (a, b) AS (SELECT 0, 1 UNION ALL SELECT b, a + b FROM fib WHERE b < 100) SELECT group_concat(a, ' ') FROM fib
---
group_concat(a, ' ')
0 1 1 2 3 5 8 13 21 34 55 89

CREATE TABLE org (name TEXT PRIMARY KEY, boss TEXT);
INSERT INTO org VALUES ('Alice', NULL), ('Bob', 'Alice'), ('Cindy', 'Alice'), ('Dave', 'Bob'), ('Emma', 'Bob'), ('Fred', 'Cindy'), ('Gail', 'Cindy')
---
Table org created
7 rows inserted

WITH RECURSIVE under_alice (name, level) AS (
  VALUES ('Alice', 0)
  UNION ALL
  SELECT org.name, under_alice.level + 1 FROM org JOIN under_alice ON org.boss = under_alice.name
  ORDER BY 2 DESC
)
SELECT substr('..........', 1, level * 3) || name FROM under_alice
---
SUBSTR('..........', 1, level * 3) || name
Alice
...Bob
......Dave
......Emma
...Cindy
......Fred
......Gail

WITH RECURSIVE under_alice (name, level) AS (
  VALUES ('Alice', 0)
  UNION ALL
  SELECT org.name, under_alice.level + 1 FROM org JOIN under_alice ON org.boss = under_alice.name
  ORDER BY 2
)
SELECT name, level FROM under_alice
---
name|level
Alice|0
Bob|1
Cindy|1
Dave|2
Emma|2
Fred|2
Gail|2

CREATE TABLE edge (a INTEGER, b INTEGER);
INSERT INTO edge VALUES (1, 2), (2, 3), (3, 1), (3, 4), (5, 6)
---
Table edge created
5 rows inserted

WITH RECURSIVE reach (n) AS (SELECT 1 UNION SELECT edge.b FROM edge, reach WHERE edge.a = reach.n) SELECT n FROM reach ORDER BY n
---
n
1
2
3
4

WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r, r AS again WHERE n < 3) SELECT * FROM r
---
error[INVALID_INPUT]: statement 1 (WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 ...): multiple references to recursive table: r

WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM edge WHERE a IN (SELECT n FROM r)) SELECT * FROM r
---
error[INVALID_INPUT]: statement 1 (WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n + 1 ...): recursive reference in a subquery: r

WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n, n FROM r) SELECT * FROM r
---
error[INVALID_INPUT]: statement 1 (WITH RECURSIVE r (n) AS (SELECT 1 UNION ALL SELECT n, n F...): SELECTs to the left and right of UNION ALL do not have the same number of result columns

WITH nested AS (SELECT 1 AS z) SELECT (WITH inner_cte AS (SELECT z + 1 AS w FROM nested) SELECT w FROM inner_cte) AS w
---
w
2

CREATE TABLE target (v INTEGER);
WITH RECURSIVE s (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 5) INSERT INTO target SELECT i * i FROM s;
SELECT group_concat(v, ',') FROM target
---
Table target created
5 rows inserted
group_concat(v, ',')
1,4,9,16,25

WITH big AS (SELECT 10 AS lim) UPDATE target SET v = v + 100 WHERE v > (SELECT lim FROM big);
WITH small (m) AS (SELECT 4) DELETE FROM target WHERE v <= (SELECT m FROM small);
SELECT group_concat(v, ',') FROM target
---
2 rows updated
2 rows deleted
group_concat(v, ',')
9,116,125

CREATE VIEW sees_table AS SELECT count(*) AS n FROM target;
WITH target AS (SELECT 1 AS v) SELECT (SELECT n FROM sees_table), v FROM target
---
View sees_table created
(SELECT n FROM sees_table)|v
3|1

INSERT INTO target WITH w (k) AS (SELECT 7) SELECT k FROM w;
SELECT count(*) FROM target WHERE v = 7
---
1 row inserted
count(*)
1

