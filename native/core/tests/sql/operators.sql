CREATE TABLE t (a INTEGER, b INTEGER, s TEXT);
INSERT INTO t VALUES (1, 2, 'x'), (3, 4, 'y'), (1, 5, 'x'), (2, 7, NULL)
---
Table t created
4 rows inserted

SELECT 2 * 3 || 4, 4 | 1 & 2, 1 + 2 << 1, 5 & 3 | 8, 1 < 2 << 1, 1 << 3, 16 >> 2, -1 >> 1, 1 << 64, 1 << -1, 8 >> -1
---
2 * 3 || 4|4 | 1 & 2|1 + 2 << 1|5 & 3 | 8|1 < 2 << 1|1 << 3|16 >> 2|-1 >> 1|1 << 64|1 << -1|8 >> -1
68|0|6|9|1|8|4|-1|0|0|16

SELECT round(36.65, 1), round(-36.65, 1), round(2.675, 2), round(1.005, 2), round(9.995, 2), round(0.285, 2), round(2.5), round(-2.5)
---
round(36.65, 1)|round(-36.65, 1)|round(2.675, 2)|round(1.005, 2)|round(9.995, 2)|round(0.285, 2)|round(2.5)|round(-2.5)
36.7|-36.7|2.68|1.01|10.0|0.29|3.0|-3.0

SELECT a AS n, count(*) AS c FROM t GROUP BY n HAVING c >= 2 ORDER BY n
---
n|c
1|2

SELECT a + 1 AS k, sum(b) AS total FROM t GROUP BY k HAVING total > 4 ORDER BY total * -1
---
k|total
2|7
3|7

SELECT s AS tag, max(b) AS top FROM t GROUP BY tag HAVING top - 1 > 0 AND (SELECT count(*) FROM t AS u WHERE u.b < 5) > 1 ORDER BY tag
---
tag|top
NULL|7
x|5
y|4

SELECT count(DISTINCT *) FROM t
---
error[INVALID_INPUT]: statement 1 (SELECT count(DISTINCT *) FROM t): count(DISTINCT *): DISTINCT needs an expression (near "*": syntax error)

SELECT group_concat(DISTINCT s, ':') FROM t
---
error[INVALID_INPUT]: statement 1 (SELECT group_concat(DISTINCT s, ':') FROM t): DISTINCT aggregates must have exactly one argument

SELECT group_concat(DISTINCT s) FROM t
---
group_concat(DISTINCT s)
x,y

CREATE TABLE big (x INTEGER); INSERT INTO big VALUES (9223372036854775807), (9223372036854775807), (-5); SELECT total(x), avg(x) FROM big
---
Table big created
3 rows inserted
total(x)|avg(x)
1.8446744073709552e+19|6.1489146912365169e+18

SELECT sum(x) FROM big
---
error[INVALID_INPUT]: statement 1 (SELECT sum(x) FROM big): integer overflow

