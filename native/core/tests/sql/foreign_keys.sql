PRAGMA foreign_keys
---
foreign_keys
0

PRAGMA foreign_keys = ON;
PRAGMA foreign_keys
---
Foreign key enforcement on
foreign_keys
1

CREATE TABLE artist(id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE track(id INTEGER PRIMARY KEY, title TEXT, artist_id INTEGER REFERENCES artist(id));
INSERT INTO artist VALUES (1, 'Dean'), (2, 'Sammy');
INSERT INTO track VALUES (11, 'That''s Amore', 1), (12, 'Christmas Blues', 1), (13, 'My Way', 2)
---
Table artist created
Table track created
2 rows inserted
3 rows inserted

INSERT INTO track VALUES (14, 'Mr. Bojangles', 3)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO track VALUES (14, 'Mr. Bojangles', 3)): FOREIGN KEY constraint failed

INSERT INTO track VALUES (14, 'Mr. Bojangles', NULL);
SELECT * FROM track ORDER BY id
---
1 row inserted
id|title|artist_id
11|That's Amore|1
12|Christmas Blues|1
13|My Way|2
14|Mr. Bojangles|NULL

UPDATE track SET artist_id = 3 WHERE title = 'Mr. Bojangles'
---
error[INVALID_INPUT]: statement 1 (UPDATE track SET artist_id = 3 WHERE title = 'Mr. Bojangles'): FOREIGN KEY constraint failed

INSERT INTO artist VALUES (3, 'Sammy Davis Jr.');
UPDATE track SET artist_id = 3 WHERE title = 'Mr. Bojangles';
SELECT * FROM track WHERE id = 14
---
1 row inserted
1 row updated
id|title|artist_id
14|Mr. Bojangles|3

DELETE FROM artist WHERE name = 'Sammy'
---
error[INVALID_INPUT]: statement 1 (DELETE FROM artist WHERE name = 'Sammy'): FOREIGN KEY constraint failed

UPDATE artist SET id = 4 WHERE name = 'Dean'
---
error[INVALID_INPUT]: statement 1 (UPDATE artist SET id = 4 WHERE name = 'Dean'): FOREIGN KEY constraint failed

DELETE FROM track WHERE title = 'My Way';
DELETE FROM artist WHERE name = 'Sammy';
SELECT * FROM artist ORDER BY id
---
1 row deleted
1 row deleted
id|name
1|Dean
3|Sammy Davis Jr.

UPDATE track SET artist_id = '3' WHERE id = 14;
SELECT id, artist_id, typeof(artist_id) FROM track WHERE id = 14
---
1 row updated
id|artist_id|typeof(artist_id)
14|3|integer

PRAGMA foreign_keys = OFF;
INSERT INTO track VALUES (15, 'Orphan', 99);
PRAGMA foreign_keys = 1;
SELECT count(*) FROM track WHERE artist_id = 99
---
Foreign key enforcement off
1 row inserted
Foreign key enforcement on
count(*)
1

DELETE FROM track WHERE id = 15;
SELECT count(*) FROM track
---
1 row deleted
count(*)
3

CREATE TABLE p(a, b, c, PRIMARY KEY(a, b));
CREATE TABLE ch(x, y, z, FOREIGN KEY (x, y) REFERENCES p ON DELETE CASCADE ON UPDATE CASCADE);
INSERT INTO p VALUES (1, 'one', 'first'), (2, 'two', 'second');
INSERT INTO ch VALUES (1, 'one', 'a'), (1, 'one', 'b'), (2, 'two', 'c'), (NULL, 'zz', 'nulls pass'), (3, NULL, 'also');
SELECT * FROM ch ORDER BY z
---
Table p created
Table ch created
2 rows inserted
5 rows inserted
x|y|z
1|one|a
3|NULL|also
1|one|b
2|two|c
NULL|zz|nulls pass

INSERT INTO ch VALUES (1, 'two', 'mixed')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO ch VALUES (1, 'two', 'mixed')): FOREIGN KEY constraint failed

UPDATE p SET a = 10 WHERE a = 1;
SELECT * FROM ch ORDER BY z
---
1 row updated
x|y|z
10|one|a
3|NULL|also
10|one|b
2|two|c
NULL|zz|nulls pass

DELETE FROM p WHERE b = 'two';
SELECT * FROM ch ORDER BY z
---
1 row deleted
x|y|z
10|one|a
3|NULL|also
10|one|b
NULL|zz|nulls pass

SELECT changes(), total_changes() > 0
---
changes()|total_changes() > 0
1|1

CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT UNIQUE);
CREATE TABLE emp(id INTEGER PRIMARY KEY, dept TEXT DEFAULT 'none' REFERENCES dept(name) ON DELETE SET DEFAULT ON UPDATE SET NULL);
INSERT INTO dept VALUES (1, 'none'), (2, 'eng'), (3, 'ops');
INSERT INTO emp VALUES (10, 'eng'), (11, 'eng'), (12, 'ops');
DELETE FROM dept WHERE name = 'eng';
SELECT * FROM emp ORDER BY id
---
Table dept created
Table emp created
3 rows inserted
3 rows inserted
1 row deleted
id|dept
10|none
11|none
12|ops

UPDATE dept SET name = 'operations' WHERE name = 'ops';
SELECT * FROM emp ORDER BY id
---
1 row updated
id|dept
10|none
11|none
12|NULL

UPDATE dept SET name = 'operations' WHERE name = 'operations';
SELECT * FROM emp ORDER BY id
---
1 row updated
id|dept
10|none
11|none
12|NULL

DELETE FROM dept WHERE name = 'none'
---
error[INVALID_INPUT]: statement 1 (DELETE FROM dept WHERE name = 'none'): FOREIGN KEY constraint failed

CREATE TABLE owner(id INTEGER PRIMARY KEY);
CREATE TABLE pet(id INTEGER PRIMARY KEY, owner INTEGER REFERENCES owner ON DELETE RESTRICT ON UPDATE RESTRICT);
INSERT INTO owner VALUES (1), (2);
INSERT INTO pet VALUES (1, 1);
DELETE FROM owner WHERE id = 1
---
Table owner created
Table pet created
2 rows inserted
1 row inserted
error[INVALID_INPUT]: statement 5 (DELETE FROM owner WHERE id = 1): FOREIGN KEY constraint failed

UPDATE owner SET id = 5 WHERE id = 1
---
error[INVALID_INPUT]: statement 1 (UPDATE owner SET id = 5 WHERE id = 1): FOREIGN KEY constraint failed

UPDATE owner SET id = 1 WHERE id = 1;
DELETE FROM owner WHERE id = 2;
SELECT * FROM owner
---
1 row updated
1 row deleted
id
1

CREATE TABLE tree(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES tree ON DELETE CASCADE, label TEXT);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x'), (6, NULL, 'other');
DELETE FROM tree WHERE id = 2;
SELECT * FROM tree ORDER BY id
---
Table tree created
6 rows inserted
1 row deleted
id|parent|label
1|NULL|root
3|1|b
6|NULL|other

INSERT INTO tree VALUES (8, 7, 'before its parent'), (7, NULL, 'parent later');
INSERT INTO tree VALUES (9, 9, 'its own parent');
SELECT id, parent FROM tree WHERE id >= 7 ORDER BY id
---
2 rows inserted
1 row inserted
id|parent
7|NULL
8|7
9|9

INSERT INTO tree VALUES (10, 11, 'dangling')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO tree VALUES (10, 11, 'dangling')): FOREIGN KEY constraint failed

UPDATE tree SET id = 100 WHERE id = 9
---
error[INVALID_INPUT]: statement 1 (UPDATE tree SET id = 100 WHERE id = 9): FOREIGN KEY constraint failed

DELETE FROM tree WHERE id = 9;
SELECT count(*) FROM tree
---
1 row deleted
count(*)
5

CREATE TABLE loose(a REFERENCES missing);
INSERT INTO loose VALUES (NULL)
---
Table loose created
error[NOT_FOUND]: statement 2 (INSERT INTO loose VALUES (NULL)): no such table: main.missing

DELETE FROM loose
---
error[NOT_FOUND]: statement 1 (DELETE FROM loose): no such table: main.missing

CREATE TABLE nokey(x, y);
CREATE TABLE badref(a REFERENCES nokey(x));
INSERT INTO badref VALUES (1)
---
Table nokey created
Table badref created
error[INVALID_INPUT]: statement 3 (INSERT INTO badref VALUES (1)): foreign key mismatch - "badref" referencing "nokey"

CREATE TABLE badref2(a REFERENCES nokey);
INSERT INTO nokey VALUES (1, 2), (3, 4)
---
Table badref2 created
error[INVALID_INPUT]: statement 2 (INSERT INTO nokey VALUES (1, 2), (3, 4)): foreign key mismatch - "badref" referencing "nokey"

INSERT INTO nokey VALUES (5, 6);
SELECT count(*) FROM nokey
---
1 row inserted
count(*)
1

CREATE TABLE wide(a, b, FOREIGN KEY (a, b) REFERENCES p(a))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE wide(a, b, FOREIGN KEY (a, b) REFERENCES p(a))): number of columns in foreign key does not match the number of columns in the referenced table

CREATE TABLE unknowncol(a, FOREIGN KEY (zz) REFERENCES p)
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE unknowncol(a, FOREIGN KEY (zz) REFERENCES p)): unknown column "zz" in foreign key definition

CREATE TABLE twocols(a REFERENCES p(a, b))
---
error[INVALID_INPUT]: statement 1 (CREATE TABLE twocols(a REFERENCES p(a, b))): foreign key on a should reference only one column of table p

CREATE TABLE g(id INTEGER PRIMARY KEY);
CREATE TABLE gc(g INTEGER REFERENCES g ON DELETE CASCADE);
INSERT INTO g VALUES (1), (2);
INSERT INTO gc VALUES (1), (2), (2);
DROP TABLE g;
SELECT count(*) FROM gc
---
Table g created
Table gc created
2 rows inserted
3 rows inserted
Table g dropped
count(*)
0

CREATE TABLE h(id INTEGER PRIMARY KEY);
CREATE TABLE hc(h INTEGER REFERENCES h);
INSERT INTO h VALUES (1);
INSERT INTO hc VALUES (1);
DROP TABLE h
---
Table h created
Table hc created
1 row inserted
1 row inserted
error[INVALID_INPUT]: statement 5 (DROP TABLE h): FOREIGN KEY constraint failed

DELETE FROM hc;
DROP TABLE h;
INSERT INTO hc VALUES (NULL)
---
1 row deleted
Table h dropped
error[NOT_FOUND]: statement 3 (INSERT INTO hc VALUES (NULL)): no such table: main.h

BEGIN;
PRAGMA foreign_keys = OFF;
PRAGMA foreign_keys
---
Transaction started
Foreign key enforcement unchanged (a transaction is open)
foreign_keys
1

COMMIT;
PRAGMA foreign_keys
---
Transaction committed
foreign_keys
1

CREATE TABLE log(msg);
CREATE TABLE k(id INTEGER PRIMARY KEY);
CREATE TABLE kc(id INTEGER PRIMARY KEY, k INTEGER REFERENCES k ON DELETE CASCADE ON UPDATE SET NULL);
CREATE TRIGGER kc_del AFTER DELETE ON kc BEGIN INSERT INTO log VALUES ('deleted ' || old.id); END;
CREATE TRIGGER kc_upd AFTER UPDATE OF k ON kc BEGIN INSERT INTO log VALUES ('nulled ' || old.id); END;
INSERT INTO k VALUES (1), (2);
INSERT INTO kc VALUES (10, 1), (11, 1), (12, 2);
DELETE FROM k WHERE id = 1;
UPDATE k SET id = 3 WHERE id = 2;
SELECT msg FROM log ORDER BY rowid
---
Table log created
Table k created
Table kc created
Trigger kc_del created
Trigger kc_upd created
2 rows inserted
3 rows inserted
1 row deleted
1 row updated
msg
deleted 10
deleted 11
nulled 12

SELECT * FROM kc ORDER BY id
---
id|k
12|NULL

CREATE TABLE r(id INTEGER PRIMARY KEY, v);
CREATE TABLE rc(r INTEGER REFERENCES r);
INSERT INTO r VALUES (1, 'x');
INSERT INTO rc VALUES (1);
REPLACE INTO r VALUES (1, 'y');
SELECT * FROM r
---
Table r created
Table rc created
1 row inserted
1 row inserted
1 row inserted
id|v
1|y

CREATE TABLE nc(name TEXT COLLATE NOCASE PRIMARY KEY);
CREATE TABLE ncc(name TEXT REFERENCES nc ON UPDATE CASCADE);
INSERT INTO nc VALUES ('Alpha');
INSERT INTO ncc VALUES ('ALPHA'), ('alpha');
UPDATE nc SET name = 'ALPHA';
SELECT * FROM ncc ORDER BY name
---
Table nc created
Table ncc created
1 row inserted
2 rows inserted
1 row updated
name
ALPHA
alpha

UPDATE nc SET name = 'Beta';
SELECT * FROM ncc ORDER BY name
---
1 row updated
name
Beta
Beta

CREATE TABLE s(id INTEGER PRIMARY KEY);
CREATE TABLE sc(s REFERENCES s);
INSERT INTO s VALUES (1);
INSERT INTO sc VALUES (1);
ALTER TABLE s RENAME TO s2;
DELETE FROM s2
---
Table s created
Table sc created
1 row inserted
1 row inserted
Table s altered
error[INVALID_INPUT]: statement 6 (DELETE FROM s2): FOREIGN KEY constraint failed

INSERT INTO sc VALUES (2)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO sc VALUES (2)): FOREIGN KEY constraint failed

INSERT INTO sc VALUES (1);
SELECT count(*) FROM sc
---
1 row inserted
count(*)
2

CREATE TABLE immediate(a REFERENCES s2 MATCH SIMPLE DEFERRABLE INITIALLY IMMEDIATE, b REFERENCES s2 NOT DEFERRABLE);
INSERT INTO immediate VALUES (1, 1);
SELECT count(*) FROM immediate
---
Table immediate created
1 row inserted
count(*)
1

INSERT INTO immediate VALUES (1, 2)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO immediate VALUES (1, 2)): FOREIGN KEY constraint failed

CREATE TABLE up(id INTEGER PRIMARY KEY, v);
CREATE TABLE upc(u INTEGER REFERENCES up);
INSERT INTO up VALUES (1, 'a');
INSERT INTO upc VALUES (1);
INSERT INTO up VALUES (1, 'b') ON CONFLICT (id) DO UPDATE SET v = excluded.v;
SELECT * FROM up
---
Table up created
Table upc created
1 row inserted
1 row inserted
1 row inserted
id|v
1|b

INSERT INTO up VALUES (1, 'c') ON CONFLICT (id) DO UPDATE SET id = 2
---
error[INVALID_INPUT]: statement 1 (INSERT INTO up VALUES (1, 'c') ON CONFLICT (id) DO UPDATE...): FOREIGN KEY constraint failed

PRAGMA foreign_keys = OFF;
CREATE TABLE q(id INTEGER PRIMARY KEY, up INTEGER REFERENCES q);
INSERT INTO q VALUES (5, 9);
PRAGMA foreign_keys = yes;
INSERT INTO q VALUES (6, 8), (9, NULL);
SELECT * FROM q ORDER BY id
---
Foreign key enforcement off
Table q created
1 row inserted
Foreign key enforcement on
2 rows inserted
id|up
5|9
6|8
9|NULL

INSERT INTO q VALUES (10, 7)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO q VALUES (10, 7)): FOREIGN KEY constraint failed

INSERT INTO q VALUES (11, 8)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO q VALUES (11, 8)): FOREIGN KEY constraint failed

PRAGMA foreign_keys = false;
PRAGMA foreign_keys
---
Foreign key enforcement off
foreign_keys
0

PRAGMA foreign_keys(1);
PRAGMA foreign_keys
---
Foreign key enforcement on
foreign_keys
1

CREATE TABLE chain(id INTEGER PRIMARY KEY, up INTEGER REFERENCES chain ON DELETE CASCADE);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1001) INSERT INTO chain SELECT i, CASE WHEN i > 1 THEN i - 1 END FROM n;
DELETE FROM chain WHERE id = 1
---
Table chain created
1001 rows inserted
error[INVALID_INPUT]: statement 3 (DELETE FROM chain WHERE id = 1): too many levels of trigger recursion

DELETE FROM chain WHERE id = 2;
SELECT count(*) FROM chain
---
1 row deleted
count(*)
1

