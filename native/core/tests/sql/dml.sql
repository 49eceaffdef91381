CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT UNIQUE, qty INTEGER NOT NULL DEFAULT 0);
INSERT INTO p (name) VALUES ('a'), ('b');
INSERT INTO p DEFAULT VALUES;
SELECT * FROM p
---
Table p created
2 rows inserted
1 row inserted
id|name|qty
1|a|0
2|b|0
3|NULL|0

INSERT OR IGNORE INTO p (name, qty) VALUES ('a', 5), ('c', 6);
SELECT * FROM p ORDER BY id
---
1 row inserted
id|name|qty
1|a|0
2|b|0
3|NULL|0
4|c|6

INSERT OR REPLACE INTO p (name, qty) VALUES ('b', 9);
SELECT * FROM p ORDER BY id
---
1 row inserted
id|name|qty
1|a|0
3|NULL|0
4|c|6
5|b|9

INSERT INTO p (name, qty) VALUES ('c', 1) ON CONFLICT (name) DO UPDATE SET qty = qty + excluded.qty;
INSERT INTO p (name, qty) VALUES ('a', 1) ON CONFLICT DO NOTHING;
SELECT name, qty FROM p ORDER BY name
---
1 row inserted
0 rows inserted
name|qty
NULL|0
a|0
b|9
c|7

INSERT INTO p (id, name) VALUES (100, 'z');
DELETE FROM p WHERE id = 100;
INSERT INTO p (name) VALUES ('after');
SELECT id, name FROM p WHERE name = 'after'
---
1 row inserted
1 row deleted
1 row inserted
id|name
101|after

INSERT INTO p (name, qty) SELECT name || '2', qty * 10 FROM p WHERE qty > 0;
SELECT name, qty FROM p ORDER BY qty DESC, name LIMIT 3 OFFSET 1
---
2 rows inserted
name|qty
c2|70
b|9
c|7

UPDATE p SET name = 'a' WHERE name = 'b'
---
error[INVALID_INPUT]: statement 1 (UPDATE p SET name = 'a' WHERE name = 'b'): UNIQUE constraint failed: p.name

UPDATE p SET qty = NULL WHERE name = 'a'
---
error[INVALID_INPUT]: statement 1 (UPDATE p SET qty = NULL WHERE name = 'a'): NOT NULL constraint failed: p.qty

UPDATE p SET qty = qty + 1 WHERE qty BETWEEN 1 AND 10;
DELETE FROM p WHERE name LIKE '%2';
SELECT name, qty FROM p ORDER BY name
---
2 rows updated
2 rows deleted
name|qty
NULL|0
a|0
after|0
b|10
c|8

INSERT INTO p (name) VALUES ('x', 'y')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO p (name) VALUES ('x', 'y')): table p has 1 columns but 2 values were supplied (row 1)

INSERT INTO p (nosuch) VALUES (1)
---
error[NOT_FOUND]: statement 1 (INSERT INTO p (nosuch) VALUES (1)): table p has no column named nosuch

CREATE TABLE src (id INTEGER PRIMARY KEY, tag TEXT, n INTEGER);
INSERT INTO src (tag, n) VALUES ('u', 1), ('v', 2), ('u', 3), ('w', NULL);
CREATE TABLE dst (id INTEGER PRIMARY KEY, tag TEXT UNIQUE, n INTEGER NOT NULL DEFAULT 7);
INSERT INTO dst (tag, n) SELECT tag, n FROM src
---
Table src created
4 rows inserted
Table dst created
error[INVALID_INPUT]: statement 4 (INSERT INTO dst (tag, n) SELECT tag, n FROM src): UNIQUE constraint failed: dst.tag

SELECT count(*) FROM dst
---
count(*)
0

INSERT INTO dst (tag) SELECT tag FROM src WHERE id <= 2;
INSERT OR IGNORE INTO dst (id, tag, n) SELECT id + 10, tag, coalesce(n, 0) FROM src ORDER BY id DESC;
SELECT * FROM dst ORDER BY id
---
2 rows inserted
1 row inserted
id|tag|n
1|u|7
2|v|7
14|w|0

INSERT INTO dst SELECT id, tag FROM src
---
error[INVALID_INPUT]: statement 1 (INSERT INTO dst SELECT id, tag FROM src): table dst has 3 columns but 2 values were supplied (row 1)

CREATE TABLE upd_order (k TEXT PRIMARY KEY, v INTEGER UNIQUE);
INSERT INTO upd_order VALUES ('b', 1), ('a', 2);
UPDATE upd_order SET v = CASE k WHEN 'a' THEN 3 ELSE 2 END WHERE k IS NOT NULL;
SELECT k, v FROM upd_order ORDER BY k
---
Table upd_order created
2 rows inserted
2 rows updated
k|v
a|3
b|2

UPDATE upd_order SET v = CASE k WHEN 'a' THEN 2 ELSE 4 END WHERE k IS NOT NULL AND v > 0
---
2 rows updated

DELETE FROM upd_order WHERE 1; INSERT INTO upd_order VALUES ('b', 1), ('a', 2);
UPDATE upd_order SET v = CASE k WHEN 'a' THEN 3 ELSE 2 END WHERE k IS NOT NULL AND v > 0
---
2 rows deleted
2 rows inserted
error[INVALID_INPUT]: statement 3 (UPDATE upd_order SET v = CASE k WHEN 'a' THEN 3 ELSE 2 EN...): UNIQUE constraint failed: upd_order.v

CREATE TABLE upd_rs (id INTEGER PRIMARY KEY, a INT, b INT UNIQUE);
CREATE INDEX upd_rs_a ON upd_rs (a);
INSERT INTO upd_rs VALUES (1, 30, 1), (2, 20, 2), (3, 10, 3);
UPDATE upd_rs SET b = b + 1 WHERE a > 0;
SELECT id, b FROM upd_rs ORDER BY id
---
Table upd_rs created
Index upd_rs_a created
3 rows inserted
3 rows updated
id|b
1|2
2|3
3|4

UPDATE upd_rs SET b = b + 1, a = a WHERE a > 0
---
error[INVALID_INPUT]: statement 1 (UPDATE upd_rs SET b = b + 1, a = a WHERE a > 0): UNIQUE constraint failed: upd_rs.b

UPDATE upd_rs SET b = b + 1, id = id + 0 WHERE a > 0
---
error[INVALID_INPUT]: statement 1 (UPDATE upd_rs SET b = b + 1, id = id + 0 WHERE a > 0): UNIQUE constraint failed: upd_rs.b

UPDATE OR REPLACE upd_rs SET b = b + 1 WHERE a > 0;
SELECT id, b FROM upd_rs ORDER BY id
---
2 rows updated
id|b
1|3
3|5

