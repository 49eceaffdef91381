CREATE TABLE acct (id INTEGER PRIMARY KEY, bal INTEGER NOT NULL);
INSERT INTO acct VALUES (1, 100), (2, 50)
---
Table acct created
2 rows inserted

BEGIN;
UPDATE acct SET bal = bal - 30 WHERE id = 1;
UPDATE acct SET bal = bal + 30 WHERE id = 2;
SELECT * FROM acct;
COMMIT;
SELECT * FROM acct
---
Transaction started
1 row updated
1 row updated
id|bal
1|70
2|80
Transaction committed
id|bal
1|70
2|80

BEGIN;
DELETE FROM acct;
SELECT count(*) FROM acct;
ROLLBACK;
SELECT count(*) FROM acct
---
Transaction started
2 rows deleted
count(*)
0
Transaction rolled back
count(*)
2

BEGIN;
UPDATE acct SET bal = 0 WHERE id = 1;
INSERT INTO acct VALUES (2, 1)
---
Transaction started
1 row updated
error[INVALID_INPUT]: statement 3 (INSERT INTO acct VALUES (2, 1)): UNIQUE constraint failed: acct.id

SELECT * FROM acct
---
id|bal
1|70
2|80

BEGIN;
CREATE TABLE tmp (x);
INSERT INTO tmp VALUES (1);
ROLLBACK;
SELECT * FROM tmp
---
Transaction started
Table tmp created
1 row inserted
Transaction rolled back
error[NOT_FOUND]: statement 5 (SELECT * FROM tmp): no such table: tmp

COMMIT
---
error[INVALID_INPUT]: statement 1 (COMMIT): cannot commit - no transaction is active

INSERT INTO acct VALUES (3, 1), (1, 2)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO acct VALUES (3, 1), (1, 2)): UNIQUE constraint failed: acct.id

SELECT count(*) FROM acct
---
count(*)
2

