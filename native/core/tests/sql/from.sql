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

