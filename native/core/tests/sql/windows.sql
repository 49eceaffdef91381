CREATE TABLE s (id INTEGER PRIMARY KEY, dept TEXT, name TEXT, pay INTEGER, bonus REAL);
INSERT INTO s VALUES (1, 'eng', 'ann', 100, 1.5), (2, 'eng', 'bob', 80, NULL), (3, 'eng', 'cy', 80, 2.0), (4, 'ops', 'di', 60, 0.5), (5, 'ops', 'ed', NULL, 1.0), (6, 'ops', 'flo', 60, NULL), (7, NULL, 'gus', 50, 3.0), (8, 'eng', 'hal', 120, 0.25)
---
Table s created
8 rows inserted

SELECT id, row_number() OVER (ORDER BY id) AS rn, rank() OVER (ORDER BY pay) AS rk, dense_rank() OVER (ORDER BY pay) AS dr FROM s ORDER BY id
---
id|rn|rk|dr
1|1|7|5
2|2|5|4
3|3|5|4
4|4|3|3
5|5|1|1
6|6|3|3
7|7|2|2
8|8|8|6

SELECT id, pay, percent_rank() OVER (ORDER BY pay) AS pr, cume_dist() OVER (ORDER BY pay) AS cd FROM s ORDER BY id
---
id|pay|pr|cd
1|100|0.8571428571428571|0.875
2|80|0.5714285714285714|0.75
3|80|0.5714285714285714|0.75
4|60|0.2857142857142857|0.5
5|NULL|0.0|0.125
6|60|0.2857142857142857|0.5
7|50|0.14285714285714285|0.25
8|120|1.0|1.0

SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY pay DESC) AS r FROM s ORDER BY dept, r, id
---
id|dept|r
7|NULL|1
8|eng|1
1|eng|2
2|eng|3
3|eng|3
4|ops|1
6|ops|1
5|ops|3

SELECT id, ntile(3) OVER (ORDER BY id) AS t3, ntile(5) OVER (ORDER BY id) AS t5, ntile(20) OVER (ORDER BY id) AS t20 FROM s ORDER BY id
---
id|t3|t5|t20
1|1|1|1
2|1|1|2
3|1|2|3
4|2|2|4
5|2|3|5
6|2|3|6
7|3|4|7
8|3|5|8

SELECT id, lag(pay) OVER w AS prev, lead(pay) OVER w AS next, lag(pay, 2, -1) OVER w AS prev2, lead(name, 3, 'none') OVER w AS next3 FROM s WINDOW w AS (ORDER BY id) ORDER BY id
---
id|prev|next|prev2|next3
1|NULL|80|-1|di
2|100|80|-1|ed
3|80|60|100|flo
4|80|NULL|80|gus
5|60|60|80|hal
6|NULL|50|60|none
7|60|120|NULL|none
8|50|NULL|60|none

SELECT id, lag(pay, -1) OVER (ORDER BY id) AS neg, lag(pay, 1.5) OVER (ORDER BY id) AS half, lag(pay, '2') OVER (ORDER BY id) AS txt FROM s ORDER BY id
---
id|neg|half|txt
1|80|NULL|NULL
2|80|NULL|NULL
3|60|NULL|100
4|NULL|NULL|80
5|60|NULL|80
6|50|NULL|60
7|120|NULL|NULL
8|NULL|NULL|60

SELECT id, sum(pay) OVER (ORDER BY id) AS running, count(*) OVER (ORDER BY id) AS n, avg(pay) OVER (ORDER BY id) AS a FROM s ORDER BY id
---
id|running|n|a
1|100|1|100.0
2|180|2|90.0
3|260|3|86.666666666666671
4|320|4|80.0
5|320|5|80.0
6|380|6|76.0
7|430|7|71.666666666666671
8|550|8|78.571428571428569

SELECT id, pay, sum(pay) OVER (ORDER BY pay) AS by_pay, count(pay) OVER (ORDER BY pay) AS c FROM s ORDER BY pay, id
---
id|pay|by_pay|c
5|NULL|NULL|0
7|50|50|1
4|60|170|3
6|60|170|3
2|80|330|5
3|80|330|5
1|100|430|6
8|120|550|7

SELECT id, dept, sum(pay) OVER (PARTITION BY dept) AS total_dept, max(pay) OVER (PARTITION BY dept) AS top, min(bonus) OVER (PARTITION BY dept) AS low FROM s ORDER BY id
---
id|dept|total_dept|top|low
1|eng|380|120|0.25
2|eng|380|120|0.25
3|eng|380|120|0.25
4|ops|120|60|0.5
5|ops|120|60|0.5
6|ops|120|60|0.5
7|NULL|50|50|3.0
8|eng|380|120|0.25

SELECT id, sum(pay) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s3, total(pay) OVER (ORDER BY id ROWS 2 PRECEDING) AS t3, count(*) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS rest FROM s ORDER BY id
---
id|s3|t3|rest
1|180|100.0|8
2|260|180.0|7
3|220|260.0|6
4|140|220.0|5
5|120|140.0|4
6|110|120.0|3
7|230|110.0|2
8|170|230.0|1

SELECT id, group_concat(name) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING) AS ahead, group_concat(name, '-') OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 2 PRECEDING) AS behind FROM s ORDER BY id
---
id|ahead|behind
1|cy,di|NULL
2|di,ed|NULL
3|ed,flo|ann
4|flo,gus|ann-bob
5|gus,hal|bob-cy
6|hal|cy-di
7|NULL|di-ed
8|NULL|ed-flo

SELECT id, pay, sum(id) OVER (ORDER BY pay RANGE BETWEEN 20 PRECEDING AND 20 FOLLOWING) AS near, count(*) OVER (ORDER BY pay RANGE BETWEEN CURRENT ROW AND 30 FOLLOWING) AS above FROM s ORDER BY pay, id
---
id|pay|near|above
5|NULL|5|1
7|50|17|5
4|60|22|4
6|60|22|4
2|80|16|3
3|80|16|3
1|100|14|2
8|120|9|1

SELECT id, pay, group_concat(id) OVER (ORDER BY pay DESC RANGE BETWEEN 20 PRECEDING AND CURRENT ROW) AS g FROM s ORDER BY pay DESC, id
---
id|pay|g
8|120|8
1|100|8,1
2|80|1,2,3
3|80|1,2,3
4|60|2,3,4,6
6|60|2,3,4,6
7|50|4,6,7
5|NULL|5

SELECT id, bonus, sum(id) OVER (ORDER BY bonus RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING) AS g FROM s ORDER BY bonus, id
---
id|bonus|g
2|NULL|8
6|NULL|8
8|0.25|12
4|0.5|17
5|1.0|10
1|1.5|9
3|2.0|4
7|3.0|7

SELECT id, pay, sum(id) OVER (ORDER BY pay GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS g, count(*) OVER (ORDER BY pay GROUPS 1 PRECEDING) AS g2, sum(id) OVER (ORDER BY pay GROUPS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS later FROM s ORDER BY pay, id
---
id|pay|g|g2|later
5|NULL|12|1|31
7|50|22|2|24
4|60|22|3|14
6|60|22|3|14
2|80|16|4|9
3|80|16|4|9
1|100|14|3|8
8|120|9|2|NULL

SELECT id, first_value(name) OVER w AS f, last_value(name) OVER w AS l, nth_value(name, 2) OVER w AS second FROM s WINDOW w AS (PARTITION BY dept ORDER BY id) ORDER BY id
---
id|f|l|second
1|ann|ann|NULL
2|ann|bob|bob
3|ann|cy|bob
4|di|di|NULL
5|di|ed|ed
6|di|flo|ed
7|gus|gus|NULL
8|ann|hal|bob

SELECT id, first_value(name) OVER w AS f, last_value(name) OVER w AS l, nth_value(name, 3) OVER w AS third FROM s WINDOW w AS (PARTITION BY dept ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY id
---
id|f|l|third
1|ann|hal|cy
2|ann|hal|cy
3|ann|hal|cy
4|di|flo|flo
5|di|flo|flo
6|di|flo|flo
7|gus|gus|NULL
8|ann|hal|cy

SELECT id, last_value(id) OVER (ORDER BY pay) AS lv, first_value(id) OVER (ORDER BY pay ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING) AS fv FROM s ORDER BY pay, id
---
id|lv|fv
5|5|7
7|7|4
4|6|6
6|6|2
2|3|3
3|3|1
1|1|8
8|8|NULL

SELECT id, sum(pay) OVER (w ORDER BY id) AS a, count(*) OVER (w) AS b FROM s WINDOW w AS (PARTITION BY dept) ORDER BY id
---
id|a|b
1|100|4
2|180|4
3|260|4
4|60|3
5|60|3
6|120|3
7|50|1
8|380|4

SELECT id, sum(pay) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS a FROM s WINDOW v AS (PARTITION BY dept), w AS (v ORDER BY id) ORDER BY id
---
id|a
1|100
2|180
3|160
4|60
5|60
6|60
7|50
8|200

SELECT id, count(*) FILTER (WHERE pay > 60) OVER (ORDER BY id) AS big, sum(pay) FILTER (WHERE dept = 'eng') OVER () AS eng FROM s ORDER BY id
---
id|big|eng
1|1|380
2|2|380
3|3|380
4|3|380
5|3|380
6|3|380
7|3|380
8|4|380

SELECT count(*) FILTER (WHERE pay > 60), sum(pay) FILTER (WHERE dept = 'ops') FROM s
---
count(*) FILTER (WHERE pay > 60)|sum(pay) FILTER (WHERE dept = 'ops')
4|120

SELECT dept, sum(pay) AS total, rank() OVER (ORDER BY sum(pay) DESC) AS r, sum(sum(pay)) OVER () AS grand FROM s GROUP BY dept ORDER BY r, dept
---
dept|total|r|grand
eng|380|1|550
ops|120|2|550
NULL|50|3|550

SELECT dept, count(*) AS n, row_number() OVER (ORDER BY dept DESC) AS rn FROM s GROUP BY dept HAVING count(*) > 1 ORDER BY dept
---
dept|n|rn
eng|4|2
ops|3|1

SELECT dept, pay FROM s ORDER BY row_number() OVER (ORDER BY pay DESC, id) LIMIT 3
---
dept|pay
eng|120
eng|100
eng|80

SELECT DISTINCT dept, max(pay) OVER (PARTITION BY dept) AS top FROM s ORDER BY dept
---
dept|top
NULL|50
eng|120
ops|60

SELECT id, rn FROM (SELECT id, row_number() OVER (PARTITION BY dept ORDER BY pay DESC, id) AS rn FROM s) WHERE rn = 1 ORDER BY id
---
id|rn
4|1
7|1
8|1

WITH ranked AS (SELECT name, dense_rank() OVER (ORDER BY pay DESC) AS d FROM s) SELECT name, d FROM ranked WHERE d <= 2 ORDER BY d, name
---
name|d
hal|1
ann|2

SELECT id, (SELECT count(*) OVER () FROM s AS t WHERE t.id = s.id) AS inner_count, sum(id) OVER () AS total FROM s ORDER BY id LIMIT 2
---
id|inner_count|total
1|1|36
2|1|36

SELECT id, row_number() OVER () AS rn FROM s WHERE id < 4 ORDER BY id
---
id|rn
1|1
2|2
3|3

SELECT id, pay, sum(pay) OVER (ORDER BY pay NULLS LAST) AS s, rank() OVER (ORDER BY pay DESC NULLS FIRST) AS r FROM s ORDER BY id
---
id|pay|s|r
1|100|430|3
2|80|330|4
3|80|330|4
4|60|170|6
5|NULL|550|1
6|60|170|6
7|50|50|8
8|120|550|2

SELECT id, sum(pay) OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 1 FOLLOWING) AS empty, count(*) OVER (ORDER BY id ROWS BETWEEN 0 PRECEDING AND 0 FOLLOWING) AS one FROM s ORDER BY id
---
id|empty|one
1|NULL|1
2|NULL|1
3|NULL|1
4|NULL|1
5|NULL|1
6|NULL|1
7|NULL|1
8|NULL|1

SELECT id, sum(bonus) OVER (ORDER BY id) AS realsum, avg(pay) OVER (PARTITION BY dept ORDER BY id ROWS 1 PRECEDING) AS a FROM s ORDER BY id
---
id|realsum|a
1|1.5|100.0
2|1.5|90.0
3|3.5|80.0
4|4.0|60.0
5|5.0|60.0
6|5.0|60.0
7|8.0|50.0
8|8.25|100.0

SELECT x, sum(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS near FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT NULL UNION ALL SELECT 2.5 UNION ALL SELECT 'a' UNION ALL SELECT NULL UNION ALL SELECT 'b') ORDER BY x
---
x|near
NULL|NULL
NULL|NULL
1|3
2|5.5
2.5|4.5
a|0.0
b|0.0

SELECT row_number() OVER (ORDER BY column1 DESC) AS rn, column1 FROM (VALUES (3), (1), (2)) ORDER BY rn
---
rn|column1
1|3
2|2
3|1

SELECT id FROM s WHERE row_number() OVER (ORDER BY id) > 2
---
error[INVALID_INPUT]: statement 1 (SELECT id FROM s WHERE row_number() OVER (ORDER BY id) > 2): misuse of window function row_number()

SELECT dept FROM s GROUP BY dept HAVING rank() OVER (ORDER BY dept) > 1
---
error[INVALID_INPUT]: statement 1 (SELECT dept FROM s GROUP BY dept HAVING rank() OVER (ORDE...): misuse of window function rank()

SELECT sum(row_number() OVER (ORDER BY id)) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(row_number() OVER (ORDER BY id)) FROM s): misuse of window function row_number()

SELECT row_number() FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT row_number() FROM s): misuse of window function row_number()

SELECT abs(pay) OVER () FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT abs(pay) OVER () FROM s): abs() may not be used as a window function

SELECT count(DISTINCT pay) OVER () FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT count(DISTINCT pay) OVER () FROM s): DISTINCT is not supported for window functions

SELECT row_number() FILTER (WHERE pay > 1) OVER () FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT row_number() FILTER (WHERE pay > 1) OVER () FROM s): FILTER clause may only be used with aggregate window functions

SELECT sum(pay) OVER w FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER w FROM s): no such window: w

SELECT sum(pay) OVER (w PARTITION BY id) FROM s WINDOW w AS (ORDER BY id)
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (w PARTITION BY id) FROM s WINDOW w ...): cannot override PARTITION clause of window: w

SELECT sum(pay) OVER (w ORDER BY id) FROM s WINDOW w AS (ORDER BY pay)
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (w ORDER BY id) FROM s WINDOW w AS (...): cannot override ORDER BY clause of window: w

SELECT sum(pay) OVER (w) FROM s WINDOW w AS (ORDER BY id ROWS 1 PRECEDING)
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (w) FROM s WINDOW w AS (ORDER BY id ...): cannot override frame specification of window: w

SELECT sum(pay) OVER (ROWS 1 FOLLOWING) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (ROWS 1 FOLLOWING) FROM s): unsupported frame specification

SELECT sum(pay) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (ORDER BY id ROWS BETWEEN CURRENT RO...): unsupported frame specification

SELECT sum(pay) OVER (RANGE 1 PRECEDING) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (RANGE 1 PRECEDING) FROM s): RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression

SELECT sum(pay) OVER (ORDER BY id ROWS -1 PRECEDING) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (ORDER BY id ROWS -1 PRECEDING) FROM s): frame starting offset must be a non-negative integer

SELECT sum(pay) OVER (ORDER BY id RANGE BETWEEN CURRENT ROW AND -2 FOLLOWING) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(pay) OVER (ORDER BY id RANGE BETWEEN CURRENT R...): frame ending offset must be a non-negative number

SELECT ntile(0) OVER (ORDER BY id) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT ntile(0) OVER (ORDER BY id) FROM s): argument of ntile must be a positive integer

SELECT nth_value(id, 0) OVER (ORDER BY id) FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT nth_value(id, 0) OVER (ORDER BY id) FROM s): second argument to nth_value must be a positive integer

SELECT sum(sum(pay) OVER ()) OVER () FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT sum(sum(pay) OVER ()) OVER () FROM s): misuse of window function sum()

SELECT lag() OVER () FROM s
---
error[INVALID_INPUT]: statement 1 (SELECT lag() OVER () FROM s): wrong number of arguments to function lag()

SELECT sum(pay) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE NO OTHERS) AS s FROM s ORDER BY id
---
s
180
260
220
140
120
110
230
170

SELECT id, ntile('2') OVER (ORDER BY id) AS a, nth_value(id, '2') OVER (ORDER BY id) AS b, sum(pay) OVER (ORDER BY id ROWS '1' PRECEDING) AS c FROM s ORDER BY id
---
id|a|b|c
1|1|NULL|100
2|1|2|180
3|1|2|160
4|1|2|140
5|2|2|60
6|2|2|60
7|2|2|110
8|2|2|170

