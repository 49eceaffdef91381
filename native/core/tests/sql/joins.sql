CREATE TABLE a (id INTEGER, x TEXT, k INTEGER);
CREATE TABLE b (id INTEGER, y TEXT, k INTEGER);
CREATE TABLE c (k INTEGER, z TEXT);
INSERT INTO a VALUES (1, 'a1', 10), (2, 'a2', 20), (3, 'a3', NULL);
INSERT INTO b VALUES (2, 'b2', 20), (3, 'b3', 30), (4, 'b4', 40);
INSERT INTO c VALUES (10, 'c10'), (30, 'c30'), (NULL, 'cnull')
---
Table a created
Table b created
Table c created
3 rows inserted
3 rows inserted
3 rows inserted

SELECT * FROM a JOIN b USING (id) ORDER BY id
---
id|x|k|y|k
2|a2|20|b2|20
3|a3|NULL|b3|30

SELECT id, a.id, b.id, x, y FROM a JOIN b USING (id, k) ORDER BY 1
---
id|id|id|x|y
2|2|2|a2|b2

SELECT * FROM a NATURAL JOIN b ORDER BY 1
---
id|x|k|y
2|a2|20|b2

SELECT b.*, a.x FROM a JOIN b USING (id) ORDER BY 1
---
id|y|k|x
2|b2|20|a2
3|b3|30|a3

SELECT * FROM a LEFT JOIN b USING (id) ORDER BY 1
---
id|x|k|y|k
1|a1|10|NULL|NULL
2|a2|20|b2|20
3|a3|NULL|b3|30

SELECT * FROM a NATURAL LEFT JOIN c ORDER BY 1
---
id|x|k|z
1|a1|10|c10
2|a2|20|NULL
3|a3|NULL|NULL

SELECT * FROM a JOIN b USING (nope)
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM a JOIN b USING (nope)): cannot join using column nope - column not present in both tables

SELECT a.id, b.id, x, y FROM a RIGHT JOIN b ON a.id = b.id ORDER BY b.id
---
id|id|x|y
2|2|a2|b2
3|3|a3|b3
NULL|4|NULL|b4

SELECT a.id, b.id FROM a RIGHT JOIN b ON a.id = b.id AND b.y = 'b3' ORDER BY b.id
---
id|id
NULL|2
3|3
NULL|4

SELECT a.id, b.id FROM a FULL OUTER JOIN b ON a.id = b.id ORDER BY coalesce(a.id, b.id)
---
id|id
1|NULL
2|2
3|3
NULL|4

SELECT a.id, b.id FROM a FULL JOIN b ON a.id = b.id WHERE a.id IS NULL OR b.id IS NULL ORDER BY coalesce(a.id, b.id)
---
id|id
1|NULL
NULL|4

SELECT a.x, b.y, c.z FROM a JOIN b ON a.k = b.k RIGHT JOIN c ON c.k = a.k ORDER BY c.z
---
x|y|z
NULL|NULL|c10
NULL|NULL|c30
NULL|NULL|cnull

SELECT a.x, c.z FROM a FULL JOIN c ON a.k = c.k WHERE c.z <> 'c30' OR a.x IS NOT NULL ORDER BY 1, 2
---
x|z
NULL|cnull
a1|c10
a2|NULL
a3|NULL

SELECT count(*), count(a.id), count(b.id) FROM a FULL JOIN b ON a.id = b.id AND a.id > 2
---
count(*)|count(a.id)|count(b.id)
5|3|3

SELECT * FROM a RIGHT JOIN b USING (id)
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM a RIGHT JOIN b USING (id)): not supported: USING or NATURAL with a RIGHT or FULL join

