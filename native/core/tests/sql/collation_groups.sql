CREATE TABLE t (a TEXT COLLATE NOCASE, b INT, c TEXT COLLATE RTRIM, d TEXT);
INSERT INTO t VALUES ('a', 1, 'x', 'p'), ('A', 2, 'x ', 'P'), ('b', 3, 'y', 'q'), ('B', 4, 'y  ', 'Q'), ('a', 5, 'x', 'p'), ('B ', 6, 'z', 'r');
CREATE TABLE u (x, y, z);
INSERT INTO u VALUES (1, 'p', 5), (1.0, 'q', 3), (2.0, 'r', NULL), (2, 's', 1), (1, 't', 9)
---
Table t created
6 rows inserted
Table u created
5 rows inserted

SELECT a, count(*), min(b), max(b) FROM t GROUP BY a
---
a|count(*)|min(b)|max(b)
a|3|1|5
B|2|3|4
B |1|6|6

SELECT a, b FROM t GROUP BY a
---
a|b
a|1
b|3
B |6

SELECT a, b, max(b) FROM t GROUP BY a
---
a|b|max(b)
a|5|5
B|4|4
B |6|6

SELECT a, b, min(b) FROM t GROUP BY a ORDER BY a DESC
---
a|b|min(b)
B |6|6
b|3|3
a|1|1

SELECT c, group_concat(b) FROM t GROUP BY c
---
c|group_concat(b)
x|1,2,5
y|3,4
z|6

SELECT d COLLATE NOCASE AS k, count(*), b FROM t GROUP BY 1
---
k|count(*)|b
p|3|1
q|2|3
r|1|6

SELECT upper(a), sum(b) FROM t GROUP BY a HAVING sum(b) > 3
---
upper(a)|sum(b)
A|8
B|7
B |6

SELECT DISTINCT a FROM t
---
a
a
b
B 

SELECT DISTINCT c FROM t
---
c
x
y
z

SELECT DISTINCT d COLLATE NOCASE FROM t
---
d COLLATE NOCASE
p
q
r

SELECT DISTINCT a, c FROM t
---
a|c
a|x
b|y
B |z

SELECT min(a), max(a), min(c), max(c) FROM t
---
min(a)|max(a)|min(c)|max(c)
a|B |x|z

SELECT min(d COLLATE NOCASE), max(d COLLATE NOCASE) FROM t
---
min(d COLLATE NOCASE)|max(d COLLATE NOCASE)
p|r

SELECT count(DISTINCT a), count(DISTINCT c), count(DISTINCT d), group_concat(DISTINCT a) FROM t
---
count(DISTINCT a)|count(DISTINCT c)|count(DISTINCT d)|group_concat(DISTINCT a)
3|3|5|a,b,B 

SELECT a FROM t UNION SELECT 'A' ORDER BY 1
---
a
A
b
B 

SELECT a FROM t UNION SELECT 'A'
---
a
A
b
B 

SELECT 'A' UNION SELECT a FROM t
---
'A'
a
b
B 

SELECT a FROM t INTERSECT SELECT 'A'
---
a
a

SELECT a FROM t EXCEPT SELECT 'X'
---
a
a
b
B 

SELECT d FROM t UNION SELECT a FROM t
---
d
A
B
B 
P
Q
a
b
p
q
r

SELECT a FROM t UNION SELECT d FROM t
---
a
a
b
B 
p
q
r

SELECT a FROM t UNION ALL SELECT d FROM t ORDER BY 1, 1 COLLATE BINARY
---
a
A
a
a
B
b
B 
P
p
p
Q
q
r

SELECT d FROM t UNION SELECT 'P' COLLATE NOCASE ORDER BY 1
---
d
P
Q
p
q
r

SELECT a, min(a) OVER (ORDER BY b) FROM t
---
a|min(a) OVER (ORDER BY b)
a|a
A|a
b|a
B|a
a|a
B |a

SELECT b, max(a) OVER (), min(c) OVER () FROM t
---
b|max(a) OVER ()|min(c) OVER ()
1|B |x
2|B |x
3|B |x
4|B |x
5|B |x
6|B |x

SELECT a, b, count(*) OVER (PARTITION BY a), sum(b) OVER (PARTITION BY a ORDER BY b) FROM t ORDER BY b
---
a|b|count(*) OVER (PARTITION BY a)|sum(b) OVER (PARTITION BY a ORDER BY b)
a|1|3|1
A|2|3|3
b|3|2|3
B|4|2|7
a|5|3|8
B |6|1|6

SELECT d, row_number() OVER (PARTITION BY d COLLATE NOCASE ORDER BY b) FROM t ORDER BY b
---
d|row_number() OVER (PARTITION BY d COLLATE NOCASE ORDER BY b)
p|1
P|2
q|1
Q|2
p|3
r|1

SELECT 'A' IN (SELECT a FROM t), 'C' IN (SELECT a FROM t), 'x  ' IN (SELECT c FROM t)
---
'A' IN (SELECT a FROM t)|'C' IN (SELECT a FROM t)|'x  ' IN (SELECT c FROM t)
1|0|1

SELECT d, d IN (SELECT a FROM t) FROM t ORDER BY b
---
d|d IN (SELECT a FROM t)
p|0
P|0
q|0
Q|0
p|0
r|0

SELECT a, a IN (SELECT d FROM t) FROM t ORDER BY b
---
a|a IN (SELECT d FROM t)
a|0
A|0
b|0
B|0
a|0
B |0

SELECT d, (d || '') IN (SELECT a FROM t) FROM t ORDER BY b
---
d|(d || '') IN (SELECT a FROM t)
p|0
P|0
q|0
Q|0
p|0
r|0

SELECT d, d IN (SELECT a COLLATE BINARY FROM t) FROM t ORDER BY b
---
d|d IN (SELECT a COLLATE BINARY FROM t)
p|0
P|0
q|0
Q|0
p|0
r|0

SELECT b FROM t AS o WHERE d IN (SELECT a FROM t WHERE t.b > o.b) ORDER BY b
---
b

WITH RECURSIVE r(v) AS (SELECT 'a' COLLATE NOCASE UNION SELECT upper(v) FROM r) SELECT * FROM r
---
v
a

WITH RECURSIVE r(v, n) AS (SELECT 'a' COLLATE NOCASE, 1 UNION SELECT upper(v), 1 FROM r WHERE n < 3) SELECT * FROM r
---
v|n
a|1

SELECT x, count(*) FROM u GROUP BY x
---
x|count(*)
1|3
2.0|2

SELECT x, y FROM u GROUP BY x
---
x|y
1|p
2.0|r

SELECT x, y, count(*) FROM u GROUP BY x
---
x|y|count(*)
1|p|3
2.0|r|2

SELECT x, max(y) FROM u GROUP BY x
---
x|max(y)
1|t
2|s

SELECT y, max(z), min(z) FROM u GROUP BY x
---
y|max(z)|min(z)
q|9|3
s|1|1

SELECT y, min(z), max(z) FROM u GROUP BY x
---
y|min(z)|max(z)
t|3|9
s|1|1

SELECT y, max(z) FROM u
---
y|max(z)
t|9

SELECT y, count(*) FROM u
---
y|count(*)
p|5

SELECT y, sum(z) FROM u GROUP BY x
---
y|sum(z)
p|17
r|1

SELECT y, max(z) + 1 FROM u GROUP BY x
---
y|max(z) + 1
t|10
s|2

SELECT y FROM u GROUP BY x HAVING max(z) > 0
---
y
t
s

SELECT y, max(z) FROM u GROUP BY x HAVING min(z) > 0
---
y|max(z)
q|9
s|1

SELECT y, count(*) FROM u GROUP BY x ORDER BY max(z)
---
y|count(*)
s|2
t|3

SELECT y, count(*) FROM u GROUP BY x HAVING min(z) > 0 ORDER BY max(z)
---
y|count(*)
s|2
q|3

SELECT y, count(*) FROM u GROUP BY x HAVING max(z) > 0 ORDER BY min(z)
---
y|count(*)
s|2
t|3

SELECT y, max(z) FILTER (WHERE y <> 't') FROM u GROUP BY x
---
y|max(z) FILTER (WHERE y <> 't')
p|5
s|1

SELECT x, y, max(z) FILTER (WHERE x <> 2) FROM u GROUP BY x
---
x|y|max(z) FILTER (WHERE x <> 2)
1|t|9
2.0|r|NULL

SELECT x, y, max(z) FILTER (WHERE x <> 1) FROM u GROUP BY x
---
x|y|max(z) FILTER (WHERE x <> 1)
1|p|NULL
2|s|1

SELECT y, max(z), max(z) FROM u GROUP BY x
---
y|max(z)|max(z)
t|9|9
s|1|1

SELECT y, max(z, 0) FROM u GROUP BY x
---
y|max(z, 0)
p|5
r|NULL

SELECT y, count(*) FROM u WHERE 0
---
y|count(*)
NULL|0

SELECT y, max(z) FROM u WHERE 0
---
y|max(z)
NULL|NULL

SELECT x, y, z FROM u GROUP BY y COLLATE NOCASE, x ORDER BY 2
---
x|y|z
1|p|5
1.0|q|3
2.0|r|NULL
2|s|1
1|t|9

CREATE TABLE s (a TEXT COLLATE NOCASE, b INT);
INSERT INTO s VALUES ('B', 1), ('b', 2), ('A', 3), ('a', 4);
SELECT a FROM t UNION SELECT a FROM s
---
Table s created
4 rows inserted
a
A
B
B 

SELECT a FROM s UNION SELECT a FROM t
---
a
a
b
B 

SELECT a FROM t INTERSECT SELECT a FROM s
---
a
a
b

SELECT a FROM s INTERSECT SELECT a FROM t
---
a
A
B

SELECT a FROM s EXCEPT SELECT 'zz'
---
a
A
B

SELECT a FROM t UNION SELECT a FROM s UNION SELECT 'x'
---
a
A
B
B 
x

SELECT a FROM t UNION ALL SELECT a FROM s UNION SELECT 'x'
---
a
a
b
B 
x

SELECT a FROM t UNION ALL SELECT a FROM s UNION SELECT 'x' ORDER BY 1 DESC
---
a
x
B 
b
a

SELECT a, b FROM t UNION SELECT a, b FROM s ORDER BY 2
---
a|b
a|1
B|1
A|2
b|2
A|3
b|3
a|4
B|4
a|5
B |6

SELECT a FROM t INTERSECT SELECT a FROM s ORDER BY 1
---
a
a
b

SELECT a FROM s EXCEPT SELECT 'b' ORDER BY 1
---
a
A

SELECT x FROM u UNION SELECT 3
---
x
1
2.0
3

SELECT x FROM u EXCEPT SELECT 3
---
x
1
2.0

SELECT x FROM u INTERSECT SELECT 1 UNION SELECT 2
---
x
1
2

SELECT x FROM u UNION SELECT 3 ORDER BY 1
---
x
1
2.0
3

SELECT 3 UNION SELECT x FROM u ORDER BY 1 DESC
---
3
3
2.0
1

SELECT * FROM (SELECT a FROM t UNION SELECT a FROM s) ORDER BY 1
---
a
A
B
B 

VALUES ('A' COLLATE NOCASE) UNION SELECT a FROM t
---
column1
a
b
B 

VALUES ('A') UNION SELECT a FROM t
---
column1
a
b
B 

SELECT min(a, 'B'), max(a, 'b'), min('B', a), max(d, 'P'), min(d COLLATE NOCASE, 'P'), nullif(a, 'A'), nullif('A', a), nullif(d, 'P'), nullif(c, 'x') FROM t ORDER BY b
---
min(a, 'B')|max(a, 'b')|min('B', a)|max(d, 'P')|min(d COLLATE NOCASE, 'P')|nullif(a, 'A')|nullif('A', a)|nullif(d, 'P')|nullif(c, 'x')
a|b|a|p|P|NULL|NULL|p|NULL
A|b|A|P|P|NULL|NULL|NULL|NULL
B|b|b|q|P|b|A|q|y
B|B|B|Q|P|B|A|Q|y  
a|b|a|p|P|NULL|NULL|p|NULL
B|B |B|r|P|B |A|r|z

SELECT min(1, 1.0), max(1, 1.0), min(1.0, 1), max(1.0, 1), typeof(min(2, 2.0, 2)), typeof(max(2, 2.0, 2))
---
min(1, 1.0)|max(1, 1.0)|min(1.0, 1)|max(1.0, 1)|typeof(min(2, 2.0, 2))|typeof(max(2, 2.0, 2))
1.0|1|1|1.0|integer|integer

SELECT min(b || '', a), max(upper(a), c) FROM t ORDER BY b
---
min(b || '', a)|max(upper(a), c)
1|x
2|x 
3|y
4|y  
5|x
6|z

SELECT x, y, max(z ORDER BY y DESC) FROM u GROUP BY x
---
x|y|max(z ORDER BY y DESC)
1|t|9
2|s|1

SELECT x, y, max(z ORDER BY y), min(z) FROM u GROUP BY x
---
x|y|max(z ORDER BY y)|min(z)
1.0|q|9|3
2|s|1|1

