CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, qty INT, tag TEXT);
INSERT INTO p (name, qty, tag) VALUES ('Apple', 3, 'x'), ('apple', 4, 'y'), ('Pear', -1, NULL), ('fig', 5, 'x');
CREATE UNIQUE INDEX p_lower ON p (lower(name) COLLATE NOCASE, qty > 0)
---
Table p created
4 rows inserted
error[INVALID_INPUT]: statement 3 (CREATE UNIQUE INDEX p_lower ON p (lower(name) COLLATE NOC...): UNIQUE constraint failed: index 'p_lower'

UPDATE p SET qty = 0 WHERE name = 'apple';
CREATE UNIQUE INDEX p_name_pos ON p (lower(name)) WHERE qty > 0;
INSERT INTO p (name, qty) VALUES ('APPLE', 0);
SELECT name, qty FROM p WHERE lower(name) = 'apple' ORDER BY id
---
1 row updated
Index p_name_pos created
1 row inserted
name|qty
Apple|3
apple|0
APPLE|0

INSERT INTO p (name, qty) VALUES ('APPLE', 7)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO p (name, qty) VALUES ('APPLE', 7)): UNIQUE constraint failed: index 'p_name_pos'

UPDATE p SET qty = 1 WHERE name = 'apple'
---
error[INVALID_INPUT]: statement 1 (UPDATE p SET qty = 1 WHERE name = 'apple'): UNIQUE constraint failed: index 'p_name_pos'

UPDATE p SET qty = 0 WHERE name = 'Apple';
UPDATE p SET qty = 1 WHERE name = 'apple';
INSERT OR IGNORE INTO p (name, qty) VALUES ('aPPle', 2), ('kiwi', 2);
INSERT OR REPLACE INTO p (name, qty, tag) VALUES ('FIG', 9, 'replaced');
SELECT id, name, qty, tag FROM p ORDER BY id
---
1 row updated
1 row updated
1 row inserted
1 row inserted
id|name|qty|tag
1|Apple|0|x
2|apple|1|y
3|Pear|-1|NULL
5|APPLE|0|NULL
6|kiwi|2|NULL
7|FIG|9|replaced

CREATE UNIQUE INDEX p_tag ON p (tag) WHERE tag IS NOT NULL AND qty >= 0;
INSERT INTO p (name, qty, tag) VALUES ('plum', -5, 'x');
INSERT INTO p (name, qty, tag) VALUES ('lime', 5, 'x')
---
Index p_tag created
1 row inserted
error[INVALID_INPUT]: statement 3 (INSERT INTO p (name, qty, tag) VALUES ('lime', 5, 'x')): UNIQUE constraint failed: p.tag

DELETE FROM p WHERE tag = 'x' AND qty >= 0;
INSERT INTO p (name, qty, tag) VALUES ('lime', 5, 'x');
SELECT name, qty, tag FROM p WHERE tag = 'x' ORDER BY name
---
1 row deleted
1 row inserted
name|qty|tag
lime|5|x
plum|-5|x

CREATE INDEX bad1 ON p (random())
---
error[INVALID_INPUT]: statement 1 (CREATE INDEX bad1 ON p (random())): non-deterministic functions prohibited in index expressions

CREATE INDEX bad2 ON p (name) WHERE qty > (SELECT 1)
---
error[INVALID_INPUT]: statement 1 (CREATE INDEX bad2 ON p (name) WHERE qty > (SELECT 1)): subqueries prohibited in partial index WHERE clauses

CREATE INDEX bad3 ON p (p.name)
---
error[INVALID_INPUT]: statement 1 (CREATE INDEX bad3 ON p (p.name)): the "." operator prohibited in index expressions

CREATE INDEX bad4 ON p (name || ?1)
---
error[INVALID_INPUT]: statement 1 (CREATE INDEX bad4 ON p (name || ?1)): parameters prohibited in index expressions

CREATE INDEX bad5 ON p (nosuch + 1)
---
error[NOT_FOUND]: statement 1 (CREATE INDEX bad5 ON p (nosuch + 1)): no such column: nosuch

CREATE INDEX p_qty2 ON p (qty * 2, name);
ALTER TABLE p DROP COLUMN qty
---
Index p_qty2 created
error[INVALID_INPUT]: statement 2 (ALTER TABLE p DROP COLUMN qty): error in index p_name_pos after drop column: no such column: qty

DROP INDEX p_name_pos;
DROP INDEX p_qty2;
ALTER TABLE p DROP COLUMN qty
---
Index p_name_pos dropped
Index p_qty2 dropped
error[INVALID_INPUT]: statement 3 (ALTER TABLE p DROP COLUMN qty): error in index p_tag after drop column: no such column: qty

CREATE TABLE q (a, b);
CREATE INDEX q_ab ON q (a + b) WHERE b IS NOT NULL;
INSERT INTO q VALUES (1, 2), (2, NULL), (3, 0);
DROP INDEX q_ab;
SELECT a, b FROM q ORDER BY a
---
Table q created
Index q_ab created
3 rows inserted
Index q_ab dropped
a|b
1|2
2|NULL
3|0

