CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE);
INSERT INTO t (v) VALUES ('a'), ('b')
---
Table t created
2 rows inserted

SAVEPOINT one;
INSERT INTO t (v) VALUES ('c');
SAVEPOINT two;
INSERT INTO t (v) VALUES ('d');
DELETE FROM t WHERE v = 'a';
ROLLBACK TO two;
SELECT * FROM t
---
Savepoint one set
1 row inserted
Savepoint two set
1 row inserted
1 row deleted
Rolled back to savepoint two
id|v
1|a
2|b
3|c

RELEASE one;
SELECT * FROM t
---
Savepoint one released; transaction committed
id|v
1|a
2|b
3|c

COMMIT
---
error[INVALID_INPUT]: statement 1 (COMMIT): cannot commit - no transaction is active

SAVEPOINT x;
UPDATE t SET v = 'z' WHERE id = 1;
ROLLBACK TRANSACTION TO SAVEPOINT x;
SELECT * FROM t;
UPDATE t SET v = 'y' WHERE id = 2;
RELEASE SAVEPOINT x;
SELECT * FROM t
---
Savepoint x set
1 row updated
Rolled back to savepoint x
id|v
1|a
2|b
3|c
1 row updated
Savepoint x released; transaction committed
id|v
1|a
2|y
3|c

ROLLBACK
---
error[INVALID_INPUT]: statement 1 (ROLLBACK): cannot rollback - no transaction is active

RELEASE nosuch
---
error[INVALID_INPUT]: statement 1 (RELEASE nosuch): no such savepoint: nosuch

ROLLBACK TO nosuch
---
error[INVALID_INPUT]: statement 1 (ROLLBACK TO nosuch): no such savepoint: nosuch

BEGIN;
SAVEPOINT a;
INSERT INTO t (v) VALUES ('e');
RELEASE a;
SELECT count(*) FROM t
---
Transaction started
Savepoint a set
1 row inserted
Savepoint a released
count(*)
4

ROLLBACK;
SELECT count(*) FROM t
---
Transaction rolled back
count(*)
3

SAVEPOINT a;
SAVEPOINT b;
SAVEPOINT a;
INSERT INTO t (v) VALUES ('f');
RELEASE A;
ROLLBACK TO b;
SELECT count(*) FROM t
---
Savepoint a set
Savepoint b set
Savepoint a set
1 row inserted
Savepoint A released
Rolled back to savepoint b
count(*)
3

RELEASE a;
SELECT count(*) FROM t
---
Savepoint a released; transaction committed
count(*)
3

ROLLBACK TO b
---
error[INVALID_INPUT]: statement 1 (ROLLBACK TO b): no such savepoint: b

SAVEPOINT s;
BEGIN
---
Savepoint s set
error[INVALID_INPUT]: statement 2 (BEGIN): cannot start a transaction within a transaction

SAVEPOINT s;
CREATE TABLE u (x INTEGER PRIMARY KEY, y);
INSERT INTO u (y) VALUES (1), (2);
SAVEPOINT s2;
DROP TABLE u;
CREATE TABLE w (q);
ROLLBACK TO s2;
INSERT INTO u (y) VALUES (3);
SELECT * FROM u
---
Savepoint s set
Table u created
2 rows inserted
Savepoint s2 set
Table u dropped
Table w created
Rolled back to savepoint s2
1 row inserted
x|y
1|1
2|2
3|3

ROLLBACK TO s;
COMMIT
---
Rolled back to savepoint s
Transaction committed

SELECT * FROM u
---
error[NOT_FOUND]: statement 1 (SELECT * FROM u): no such table: u

SELECT * FROM w
---
error[NOT_FOUND]: statement 1 (SELECT * FROM w): no such table: w

SAVEPOINT r;
INSERT INTO t (v) VALUES ('g'), ('h');
SAVEPOINT r2;
INSERT INTO t (v) VALUES ('i');
ROLLBACK TO r;
INSERT INTO t (v) VALUES ('j');
RELEASE r;
SELECT * FROM t
---
Savepoint r set
2 rows inserted
Savepoint r2 set
1 row inserted
Rolled back to savepoint r
1 row inserted
Savepoint r released; transaction committed
id|v
1|a
2|y
3|c
4|j

