CREATE TABLE cs (id INTEGER PRIMARY KEY, n INTEGER, t TEXT NOT NULL, b BLOB, r REAL DEFAULT 1.5);
CREATE TABLE cd (id INTEGER PRIMARY KEY, n INTEGER, t TEXT NOT NULL, b BLOB, r REAL DEFAULT 1.5);
INSERT INTO cs VALUES (1, 10, 'x', x'00ff', 2.5), (2, NULL, '7', 'text', NULL), (5, 'abc', 'y', 3, 4);
INSERT INTO cd SELECT * FROM cs;
SELECT id, n, typeof(n), t, typeof(t), typeof(b), r, typeof(r) FROM cd ORDER BY id
---
Table cs created
Table cd created
3 rows inserted
3 rows inserted
id|n|typeof(n)|t|typeof(t)|typeof(b)|r|typeof(r)
1|10|integer|x|text|blob|2.5|real
2|NULL|null|7|text|text|NULL|null
5|abc|text|y|text|integer|4.0|real

INSERT INTO cd SELECT * FROM cs
---
error[INVALID_INPUT]: statement 1 (INSERT INTO cd SELECT * FROM cs): UNIQUE constraint failed: cd.id

INSERT OR IGNORE INTO cd SELECT * FROM cs;
DELETE FROM cd WHERE id = 2;
UPDATE cs SET n = 99 WHERE id = 1;
INSERT OR IGNORE INTO cd SELECT * FROM cs;
SELECT id, n FROM cd ORDER BY id
---
0 rows inserted
1 row deleted
1 row updated
1 row inserted
id|n
1|10
2|NULL
5|abc

INSERT OR REPLACE INTO cd SELECT * FROM cs;
SELECT id, n FROM cd ORDER BY id
---
3 rows inserted
id|n
1|99
2|NULL
5|abc

CREATE TABLE strict (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, t TEXT NOT NULL, b BLOB, r REAL DEFAULT 1.5);
INSERT INTO strict SELECT * FROM cs
---
Table strict created
error[INVALID_INPUT]: statement 2 (INSERT INTO strict SELECT * FROM cs): NOT NULL constraint failed: strict.n

ALTER TABLE cs ADD COLUMN extra TEXT DEFAULT 'd';
CREATE TABLE ce (id INTEGER PRIMARY KEY, n INTEGER, t TEXT NOT NULL, b BLOB, r REAL DEFAULT 1.5, extra TEXT DEFAULT 'd');
CREATE TABLE cf (id INTEGER PRIMARY KEY, n INTEGER, t TEXT NOT NULL, b BLOB, r REAL DEFAULT 1.5, extra TEXT DEFAULT 'other');
INSERT INTO ce SELECT * FROM cs;
INSERT INTO cf SELECT * FROM cs;
SELECT ce.id, ce.extra, cf.extra FROM ce JOIN cf ON cf.id = ce.id ORDER BY ce.id
---
Table cs altered
Table ce created
Table cf created
3 rows inserted
3 rows inserted
id|extra|extra
1|d|d
2|d|d
5|d|d

CREATE TABLE ns (a TEXT, b INTEGER);
CREATE TABLE nd (a TEXT, b INTEGER);
INSERT INTO ns VALUES ('p', 1), ('q', 2);
INSERT INTO nd VALUES ('z', 0);
INSERT INTO nd SELECT * FROM ns;
SELECT rowid, a, b FROM nd ORDER BY rowid
---
Table ns created
Table nd created
2 rows inserted
1 row inserted
2 rows inserted
rowid|a|b
1|z|0
2|p|1
3|q|2

CREATE TABLE af (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE ai (id INTEGER PRIMARY KEY, v INTEGER);
INSERT INTO af VALUES (1, '12'), (2, 'x');
INSERT INTO ai SELECT * FROM af;
SELECT id, v, typeof(v) FROM ai ORDER BY id
---
Table af created
Table ai created
2 rows inserted
2 rows inserted
id|v|typeof(v)
1|12|integer
2|x|text

