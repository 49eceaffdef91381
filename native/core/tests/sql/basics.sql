CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, age INTEGER DEFAULT 30)
---
Table users created

INSERT INTO users (name, email) VALUES ('Alice', 'alice@example.com'), ('Bob', 'bob@example.com');
INSERT INTO users VALUES (10, 'Carol', NULL, 41)
---
2 rows inserted
1 row inserted

SELECT * FROM users
---
id|name|email|age
1|Alice|alice@example.com|30
2|Bob|bob@example.com|30
10|Carol|NULL|41

SELECT name, age + 1 AS next, upper(name) || '!' FROM users WHERE age > 30 OR email IS NULL ORDER BY name DESC
---
name|next|upper(name) || '!'
Carol|42|CAROL!

INSERT INTO users (name, email) VALUES ('Dave', 'bob@example.com')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO users (name, email) VALUES ('Dave', 'bob@exam...): UNIQUE constraint failed: users.email

INSERT INTO users (email) VALUES ('x@y')
---
error[INVALID_INPUT]: statement 1 (INSERT INTO users (email) VALUES ('x@y')): NOT NULL constraint failed: users.name

INSERT INTO users (name) VALUES ('Eve');
SELECT id, name FROM users ORDER BY id
---
1 row inserted
id|name
1|Alice
2|Bob
10|Carol
11|Eve

UPDATE users SET age = age * 2 WHERE id > 1;
SELECT id, age FROM users ORDER BY 1
---
3 rows updated
id|age
1|30
2|60
10|82
11|60

DELETE FROM users WHERE name LIKE '%e';
SELECT count(*), sum(age), avg(age), min(name), max(name) FROM users
---
2 rows deleted
count(*)|sum(age)|avg(age)|min(name)|max(name)
2|142|71.0|Bob|Carol

SELECT nosuch FROM users
---
error[NOT_FOUND]: statement 1 (SELECT nosuch FROM users): no such column: nosuch

SELECT * FROM nosuch
---
error[NOT_FOUND]: statement 1 (SELECT * FROM nosuch): no such table: nosuch

SELEC 1
---
error[INVALID_INPUT]: statement 1 (SELEC 1): sql parser error: Expected: an SQL statement, found: SELEC at Line: 1, Column: 1

EXPLAIN SELECT * FROM users WHERE id = 10
---
plan
PROJECT (4 columns)
  SEARCH users USING INTEGER PRIMARY KEY (rowid=?) + filter

EXPLAIN SELECT * FROM users WHERE email = 'bob@example.com'
---
plan
PROJECT (4 columns)
  SEARCH users USING INDEX sqlite_autoindex_users_1 (email=?) + filter

