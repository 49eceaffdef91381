CREATE TABLE tab0 (col0 INTEGER, col1 INTEGER, col2 INTEGER);
CREATE TABLE tab1 (col0 INTEGER, col1 INTEGER, col2 INTEGER);
INSERT INTO tab0 VALUES (1, 2, 3), (4, 5, 6), (7, 8, 9);
INSERT INTO tab1 VALUES (1, 20, 30), (7, 80, 90)
---
Table tab0 created
Table tab1 created
3 rows inserted
2 rows inserted

SELECT count(*), sum(cor0.col1 + cor1.col1) FROM ( tab0 AS cor0 CROSS JOIN tab1 AS cor1 )
---
count(*)|sum(cor0.col1 + cor1.col1)
6|330

SELECT cor0.col0, cor1.col1 FROM ( tab0 AS cor0 JOIN tab1 AS cor1 ON cor0.col0 = cor1.col0 ) ORDER BY 1
---
col0|col1
1|20
7|80

SELECT a.col0, b.col1, c.col2 AS c2 FROM tab0 AS a JOIN ( tab1 AS b CROSS JOIN tab0 AS c ) ON a.col0 = b.col0 AND c.col0 = a.col0 ORDER BY 1
---
col0|col1|c2
1|20|3
7|80|9

SELECT DISTINCT - cor1.col2 AS v FROM ( tab0 AS cor0 CROSS JOIN tab0 AS cor1 ) WHERE cor0.col0 > 3 ORDER BY 1
---
v
-9
-6
-3

SELECT count(*) FROM ( ( tab0 AS a CROSS JOIN tab1 AS b ) CROSS JOIN tab0 AS c ), tab1 AS d
---
count(*)
36

SELECT count(*) FROM ( tab0 cor0 LEFT JOIN tab1 AS cor1 ON NOT + + 11 = NULL )
---
count(*)
3

SELECT cor0.col0, cor1.col1 FROM ( tab0 AS cor0 LEFT JOIN tab1 AS cor1 ON cor0.col0 = cor1.col0 ), tab1 AS t WHERE t.col0 = 7 ORDER BY 1
---
col0|col1
1|20
4|NULL
7|80

SELECT a.col0, b.col1, c.col2 FROM ( tab0 AS a LEFT JOIN tab1 AS b ON a.col0 = b.col0 ) JOIN tab0 AS c ON c.col0 = a.col0 ORDER BY 1
---
col0|col1|col2
1|20|3
4|NULL|6
7|80|9

SELECT count(*) FROM tab1 AS t, ( tab0 AS a LEFT JOIN tab1 AS b ON a.col0 = b.col0 )
---
count(*)
6

CREATE TABLE j1 (a1 INTEGER, b1 INTEGER, x1 TEXT);
CREATE TABLE j2 (a2 INTEGER, b2 INTEGER, x2 TEXT);
CREATE TABLE j3 (a3 INTEGER, b3 INTEGER, x3 TEXT);
CREATE TABLE j4 (a4 INTEGER, b4 INTEGER, x4 TEXT);
INSERT INTO j1 VALUES (1, 2, 'one'), (2, 3, 'two'), (3, 4, 'three');
INSERT INTO j2 VALUES (1, 2, 'uno'), (2, 3, 'dos'), (3, 4, 'tres');
INSERT INTO j3 VALUES (1, 2, 'eins'), (2, 3, 'zwei'), (3, 4, 'drei');
INSERT INTO j4 VALUES (1, 2, 'un'), (2, 3, 'deux'), (3, 4, 'trois')
---
Table j1 created
Table j2 created
Table j3 created
Table j4 created
3 rows inserted
3 rows inserted
3 rows inserted
3 rows inserted

SELECT * FROM j4, j1, j3, j2 WHERE b4 = a3 AND b1 = a2 AND a3 = 3 AND a2 = a4 ORDER BY a1
---
a4|b4|x4|a1|b1|x1|a3|b3|x3|a2|b2|x2
2|3|deux|1|2|one|3|4|drei|2|3|dos

SELECT x1, x2, x3, x4, j2.rowid FROM j1 JOIN j3 ON a3 = b1 CROSS JOIN j4, j2 WHERE b3 = a4 AND a2 = a1 + 1 ORDER BY 1
---
x1|x2|x3|x4|rowid
one|dos|zwei|trois|2

SELECT x1, (SELECT count(*) FROM j2 WHERE a2 > j1.a1 AND a2 < j4.a4) FROM j4, j3, j1 WHERE a1 = a3 AND b3 = b4 ORDER BY 1
---
x1|(SELECT count(*) FROM j2 WHERE a2 > j1.a1 AND a2 < j4.a4)
one|0
three|0
two|0

SELECT count(*) FROM j1, j2, j3, j4 WHERE a1 = a4
---
count(*)
27

SELECT j1.a1, j2.a2, j3.a3 FROM j1 LEFT JOIN j2 ON a2 = b1 JOIN j3 ON a3 = a1 ORDER BY 1
---
a1|a2|a3
1|2|1
2|3|2
3|NULL|3

