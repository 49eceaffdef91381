CREATE TABLE t1 (a TEXT, b INT, c INT, d INT);
WITH RECURSIVE c(x) AS (VALUES (0) UNION ALL SELECT x + 1 FROM c WHERE x < 9)
INSERT INTO t1 (a, b, c, d) SELECT printf('%d', (x * 7) % 10), 1, x, 10 - x FROM c;
INSERT INTO t1 (a, b, c, d) SELECT a, 2, c, 10 - d FROM t1
---
Table t1 created
10 rows inserted
10 rows inserted

SELECT group_concat(a ORDER BY a) FROM t1 WHERE b = 1
---
group_concat(a ORDER BY a)
0,1,2,3,4,5,6,7,8,9

SELECT group_concat(a ORDER BY c) FROM t1 WHERE b = 1
---
group_concat(a ORDER BY c)
0,7,4,1,8,5,2,9,6,3

SELECT group_concat(a ORDER BY b, d) FROM t1
---
group_concat(a ORDER BY b, d)
3,6,9,2,5,8,1,4,7,0,0,7,4,1,8,5,2,9,6,3

SELECT b, group_concat(a, '' ORDER BY d DESC), string_agg(c, '-' ORDER BY a) FROM t1 GROUP BY b
---
b|group_concat(a, '' ORDER BY d DESC)|string_agg(c, '-' ORDER BY a)
1|0741852963|0-3-6-9-2-5-8-1-4-7
2|3692581470|0-3-6-9-2-5-8-1-4-7

SELECT group_concat(DISTINCT a ORDER BY a DESC) FROM t1
---
group_concat(DISTINCT a ORDER BY a DESC)
9,8,7,6,5,4,3,2,1,0

SELECT string_agg(a, ';' ORDER BY c NULLS LAST, a) FILTER (WHERE c < 3) FROM t1
---
string_agg(a, ';' ORDER BY c NULLS LAST, a) FILTER (WHERE c < 3)
0;0;7;7;4;4

SELECT count(a ORDER BY d), sum(c ORDER BY a DESC), min(a ORDER BY c) FROM t1
---
count(a ORDER BY d)|sum(c ORDER BY a DESC)|min(a ORDER BY c)
20|90|0

SELECT string_agg(a, ',') FROM t1 WHERE c = 3
---
string_agg(a, ',')
1,1

SELECT b, group_concat(a ORDER BY max(d)) FROM t1 GROUP BY b
---
error[INVALID_INPUT]: statement 1 (SELECT b, group_concat(a ORDER BY max(d)) FROM t1 GROUP BY b): misuse of aggregate function max()

SELECT abs(a ORDER BY d) FROM t1
---
error[INVALID_INPUT]: statement 1 (SELECT abs(a ORDER BY d) FROM t1): ORDER BY may not be used with non-aggregate abs()

SELECT group_concat(a ORDER BY c) OVER () FROM t1
---
error[INVALID_INPUT]: statement 1 (SELECT group_concat(a ORDER BY c) OVER () FROM t1): ORDER BY may not be used with non-aggregate group_concat()

SELECT string_agg(a) FROM t1
---
error[INVALID_INPUT]: statement 1 (SELECT string_agg(a) FROM t1): wrong number of arguments to function string_agg()

SELECT count(* ORDER BY a) FROM t1
---
error[INVALID_INPUT]: statement 1 (SELECT count(* ORDER BY a) FROM t1): near "ORDER": syntax error

