CREATE TABLE t (id INTEGER PRIMARY KEY, a UNIQUE);
CREATE VIEW v AS SELECT 1 AS a;
CREATE TABLE log (x);
CREATE TRIGGER tr INSTEAD OF INSERT ON v BEGIN INSERT INTO log VALUES (changes()); INSERT INTO log VALUES (changes()), (2); INSERT INTO log VALUES (last_insert_rowid()); INSERT INTO log VALUES (changes()); END;
SELECT last_insert_rowid(), changes(), total_changes()
---
Table t created
View v created
Table log created
Trigger tr created
last_insert_rowid()|changes()|total_changes()
0|0|0

INSERT INTO t (a) VALUES (1), (2);
SELECT changes(), total_changes(), last_insert_rowid()
---
2 rows inserted
changes()|total_changes()|last_insert_rowid()
2|2|2

INSERT INTO v VALUES (1), (2);
SELECT changes(), total_changes(), last_insert_rowid()
---
0 rows inserted
changes()|total_changes()|last_insert_rowid()
0|12|2

SELECT * FROM log
---
x
2
1
2
3
1
2
1
2
8
1

INSERT OR REPLACE INTO t (a) VALUES (1);
SELECT changes(), total_changes(), last_insert_rowid()
---
1 row inserted
changes()|total_changes()|last_insert_rowid()
1|13|3

INSERT OR IGNORE INTO t (a) VALUES (2);
SELECT changes(), total_changes(), last_insert_rowid()
---
0 rows inserted
changes()|total_changes()|last_insert_rowid()
0|13|3

INSERT INTO t (a) VALUES (2) ON CONFLICT (a) DO UPDATE SET a = 5;
SELECT changes(), total_changes(), last_insert_rowid()
---
1 row inserted
changes()|total_changes()|last_insert_rowid()
1|14|3

UPDATE t SET a = a;
SELECT changes(), total_changes()
---
2 rows updated
changes()|total_changes()
2|16

CREATE TABLE u (x);
SELECT changes(), total_changes()
---
Table u created
changes()|total_changes()
2|16

DELETE FROM t WHERE 0;
SELECT changes(), total_changes()
---
0 rows deleted
changes()|total_changes()
0|16

INSERT INTO t (id, a) VALUES (100, 'x');
INSERT INTO u SELECT last_insert_rowid();
SELECT last_insert_rowid(), x FROM u
---
1 row inserted
1 row inserted
last_insert_rowid()|x
1|100

CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (changes()); INSERT INTO u VALUES (last_insert_rowid()); END;
UPDATE t SET a = a || '' WHERE id >= 3;
SELECT changes(), total_changes(), last_insert_rowid()
---
Trigger tu created
2 rows updated
changes()|total_changes()|last_insert_rowid()
2|24|1

SELECT x FROM log WHERE rowid > 8
---
x
8
1
1
1

DELETE FROM u;
SELECT changes()
---
3 rows deleted
changes()
3

BEGIN;
INSERT INTO u VALUES (1), (2), (3);
ROLLBACK;
SELECT changes(), total_changes()
---
Transaction started
3 rows inserted
Transaction rolled back
changes()|total_changes()
3|30

