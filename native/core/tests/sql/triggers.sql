CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT);
CREATE TABLE log (n INTEGER PRIMARY KEY, msg TEXT);
CREATE TRIGGER t_bi BEFORE INSERT ON t BEGIN
  INSERT INTO log (msg) VALUES ('bi ' || NEW.id || ' ' || NEW.rowid || ' ' || NEW.a || ' ' || typeof(NEW.a));
END;
CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW BEGIN
  INSERT INTO log (msg) VALUES ('ai ' || NEW.id || ' ' || NEW.rowid || ' ' || NEW.b);
END;
INSERT INTO t (a, b) VALUES ('5', 'x'), (6, 'y');
INSERT INTO t VALUES (10, 7, 'z');
SELECT * FROM log ORDER BY n
---
Table t created
Table log created
Trigger t_bi created
Trigger t_ai created
2 rows inserted
1 row inserted
n|msg
1|bi -1 -1 5 integer
2|ai 1 1 x
3|bi -1 -1 6 integer
4|ai 2 2 y
5|bi 10 10 7 integer
6|ai 10 10 z

CREATE TRIGGER t_bi2 BEFORE INSERT ON t BEGIN INSERT INTO log (msg) VALUES ('second, fires first'); END;
DELETE FROM log;
INSERT INTO t (a, b) VALUES (1, 'w');
SELECT msg FROM log ORDER BY n
---
Trigger t_bi2 created
6 rows deleted
1 row inserted
msg
second, fires first
bi -1 -1 1 integer
ai 11 11 w

DROP TRIGGER t_bi;
DROP TRIGGER t_bi2;
DROP TRIGGER t_ai;
DELETE FROM log;
CREATE TRIGGER t_bu BEFORE UPDATE OF a ON t WHEN NEW.a > OLD.a BEGIN
  INSERT INTO log (msg) VALUES ('bu ' || OLD.id || ': ' || OLD.a || ' -> ' || NEW.a);
END;
CREATE TRIGGER t_au AFTER UPDATE ON t BEGIN
  INSERT INTO log (msg) VALUES ('au ' || OLD.id || ' ' || OLD.b || ' -> ' || NEW.b);
END;
UPDATE t SET a = a + 1 WHERE id < 3;
UPDATE t SET a = 0 WHERE id = 10;
UPDATE t SET b = 'q' WHERE id = 1;
SELECT msg FROM log ORDER BY n
---
Trigger t_bi dropped
Trigger t_bi2 dropped
Trigger t_ai dropped
3 rows deleted
Trigger t_bu created
Trigger t_au created
2 rows updated
1 row updated
1 row updated
msg
bu 1: 5 -> 6
au 1 x -> x
bu 2: 6 -> 7
au 2 y -> y
au 10 z -> z
au 1 x -> q

DROP TRIGGER t_bu;
DROP TRIGGER t_au;
DELETE FROM log;
CREATE TRIGGER t_bd BEFORE DELETE ON t BEGIN
  INSERT INTO log (msg) VALUES ('bd ' || OLD.id || ' ' || OLD.b);
END;
CREATE TRIGGER t_ad AFTER DELETE ON t WHEN OLD.a > 5 BEGIN
  INSERT INTO log (msg) VALUES ('ad ' || OLD.id);
  SELECT 1;
END;
DELETE FROM t WHERE id IN (2, 10);
SELECT msg FROM log ORDER BY n
---
Trigger t_bu dropped
Trigger t_au dropped
6 rows deleted
Trigger t_bd created
Trigger t_ad created
2 rows deleted
msg
bd 2 y
ad 2
bd 10 z

SELECT id, a, b FROM t ORDER BY id
---
id|a|b
1|6|q
11|1|w

CREATE TABLE audit (tbl TEXT, op TEXT, k INTEGER);
CREATE TABLE stock (item TEXT PRIMARY KEY, qty INTEGER NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT, qty INTEGER);
CREATE TRIGGER take AFTER INSERT ON orders BEGIN
  UPDATE stock SET qty = qty - NEW.qty WHERE item = NEW.item;
END;
CREATE TRIGGER stock_log AFTER UPDATE OF qty ON stock BEGIN
  INSERT INTO audit VALUES ('stock', 'update', NEW.qty);
END;
INSERT INTO stock VALUES ('apple', 10), ('pear', 5);
INSERT INTO orders (item, qty) VALUES ('apple', 3), ('pear', 1), ('apple', 2);
SELECT item, qty FROM stock ORDER BY item
---
Table audit created
Table stock created
Table orders created
Trigger take created
Trigger stock_log created
2 rows inserted
3 rows inserted
item|qty
apple|5
pear|4

SELECT tbl, op, k FROM audit ORDER BY rowid
---
tbl|op|k
stock|update|7
stock|update|4
stock|update|5

CREATE TABLE guarded (v INTEGER);
CREATE TRIGGER no_negatives BEFORE INSERT ON guarded BEGIN
  SELECT RAISE(ABORT, 'negative value') WHERE NEW.v < 0;
END;
CREATE TRIGGER skip_zero BEFORE INSERT ON guarded WHEN NEW.v = 0 BEGIN
  SELECT RAISE(IGNORE);
END;
INSERT INTO guarded VALUES (1), (0), (2);
SELECT v FROM guarded ORDER BY v
---
Table guarded created
Trigger no_negatives created
Trigger skip_zero created
2 rows inserted
v
1
2

INSERT INTO guarded VALUES (3), (-1)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO guarded VALUES (3), (-1)): negative value

SELECT count(*) FROM guarded
---
count(*)
2

SELECT RAISE(ABORT, 'x')
---
error[INVALID_INPUT]: statement 1 (SELECT RAISE(ABORT, 'x')): RAISE() may only be used within a trigger-program

CREATE TABLE loop (v INTEGER);
CREATE TRIGGER again AFTER INSERT ON loop WHEN NEW.v < 5 BEGIN
  INSERT INTO loop VALUES (NEW.v + 1);
END;
INSERT INTO loop VALUES (1);
SELECT v FROM loop ORDER BY v
---
Table loop created
Trigger again created
1 row inserted
v
1
2

CREATE TABLE ping (v INTEGER);
CREATE TABLE pong (v INTEGER);
CREATE TRIGGER ping_pong AFTER INSERT ON ping BEGIN INSERT INTO pong VALUES (NEW.v + 1); END;
CREATE TRIGGER pong_ping AFTER INSERT ON pong WHEN NEW.v < 10 BEGIN INSERT INTO ping VALUES (NEW.v + 1); END;
INSERT INTO ping VALUES (1);
SELECT (SELECT group_concat(v) FROM ping), (SELECT group_concat(v) FROM pong)
---
Table ping created
Table pong created
Trigger ping_pong created
Trigger pong_ping created
1 row inserted
(SELECT group_concat(v) FROM ping)|(SELECT group_concat(v) FROM pong)
1,3|2

CREATE TRIGGER IF NOT EXISTS ping_pong AFTER DELETE ON ping BEGIN SELECT 1; END;
CREATE TRIGGER ping_pong AFTER DELETE ON ping BEGIN SELECT 1; END
---
Trigger ping_pong already exists
error[INVALID_INPUT]: statement 2 (CREATE TRIGGER ping_pong AFTER DELETE ON ping BEGIN SELEC...): trigger ping_pong already exists

DROP TRIGGER nosuch
---
error[NOT_FOUND]: statement 1 (DROP TRIGGER nosuch): no such trigger: nosuch

DROP TRIGGER IF EXISTS nosuch;
CREATE TRIGGER on_nothing AFTER INSERT ON nosuch BEGIN SELECT 1; END
---
Trigger nosuch does not exist
error[NOT_FOUND]: statement 2 (CREATE TRIGGER on_nothing AFTER INSERT ON nosuch BEGIN SE...): no such table: nosuch

CREATE VIEW vt AS SELECT * FROM t;
CREATE TRIGGER on_view AFTER INSERT ON vt BEGIN SELECT 1; END
---
View vt created
error[INVALID_INPUT]: statement 2 (CREATE TRIGGER on_view AFTER INSERT ON vt BEGIN SELECT 1;...): cannot create AFTER trigger on view: vt

CREATE TRIGGER instead_on_table INSTEAD OF INSERT ON t BEGIN SELECT 1; END
---
error[INVALID_INPUT]: statement 1 (CREATE TRIGGER instead_on_table INSTEAD OF INSERT ON t BE...): cannot create INSTEAD OF trigger on table: t

CREATE TRIGGER with_param AFTER INSERT ON t BEGIN SELECT ?; END
---
error[INVALID_INPUT]: statement 1 (CREATE TRIGGER with_param AFTER INSERT ON t BEGIN SELECT ...): trigger cannot use variables

CREATE TABLE dropped (v);
CREATE TRIGGER goes_with_table AFTER INSERT ON dropped BEGIN SELECT 1; END;
DROP TABLE dropped;
DROP TRIGGER goes_with_table
---
Table dropped created
Trigger goes_with_table created
Table dropped dropped
error[NOT_FOUND]: statement 4 (DROP TRIGGER goes_with_table): no such trigger: goes_with_table

CREATE TABLE aff (i INTEGER, t TEXT);
CREATE TABLE seen (x);
CREATE TRIGGER aff_cmp AFTER INSERT ON aff BEGIN
  INSERT INTO seen VALUES (NEW.i = '5'), (NEW.t = 5), (typeof(NEW.i)), (typeof(NEW.t));
END;
INSERT INTO aff VALUES ('5', 5);
SELECT x FROM seen ORDER BY rowid
---
Table aff created
Table seen created
Trigger aff_cmp created
1 row inserted
x
0
0
integer
text

CREATE TABLE par (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE kid (pid INTEGER, name TEXT);
CREATE TRIGGER cascade BEFORE DELETE ON par BEGIN
  DELETE FROM kid WHERE pid = OLD.id;
END;
INSERT INTO par VALUES (1, 'a'), (2, 'b');
INSERT INTO kid VALUES (1, 'x'), (1, 'y'), (2, 'z');
DELETE FROM par WHERE id = 1;
SELECT pid, name FROM kid
---
Table par created
Table kid created
Trigger cascade created
2 rows inserted
3 rows inserted
1 row deleted
pid|name
2|z

CREATE TABLE self_del (id INTEGER PRIMARY KEY);
CREATE TRIGGER del_next BEFORE DELETE ON self_del BEGIN
  DELETE FROM self_del WHERE id = OLD.id + 1;
END;
INSERT INTO self_del VALUES (1), (2), (3), (4);
DELETE FROM self_del;
SELECT count(*) FROM self_del
---
Table self_del created
Trigger del_next created
4 rows inserted
2 rows deleted
count(*)
0

CREATE TABLE bumped (id INTEGER PRIMARY KEY, a, b);
CREATE TRIGGER bump BEFORE UPDATE OF a ON bumped BEGIN
  UPDATE bumped SET b = 'set by trigger' WHERE id = OLD.id;
END;
INSERT INTO bumped VALUES (1, 1, 'orig');
UPDATE bumped SET a = 2;
SELECT a, b FROM bumped
---
Table bumped created
Trigger bump created
1 row inserted
1 row updated
a|b
2|set by trigger

CREATE TABLE ids (id INTEGER PRIMARY KEY, v);
CREATE TABLE idlog (x);
CREATE TRIGGER ids_moved AFTER UPDATE ON ids BEGIN
  INSERT INTO idlog VALUES (OLD.id || '>' || NEW.id || ' ' || NEW.rowid);
END;
INSERT INTO ids VALUES (1, 'a');
UPDATE ids SET id = 7;
SELECT x FROM idlog
---
Table ids created
Table idlog created
Trigger ids_moved created
1 row inserted
1 row updated
x
1>7 7

CREATE TABLE src (v);
CREATE TABLE dst (v);
CREATE TRIGGER feed AFTER INSERT ON dst BEGIN INSERT INTO src VALUES (NEW.v * 10); END;
INSERT INTO src VALUES (1), (2);
INSERT INTO dst SELECT v FROM src;
SELECT (SELECT group_concat(v) FROM src), (SELECT group_concat(v) FROM dst)
---
Table src created
Table dst created
Trigger feed created
2 rows inserted
2 rows inserted
(SELECT group_concat(v) FROM src)|(SELECT group_concat(v) FROM dst)
1,2,10,20|1,2

CREATE TEMP TRIGGER temp_one AFTER INSERT ON src BEGIN INSERT INTO dst VALUES ('temp'); END;
INSERT INTO src VALUES (3);
SELECT v FROM dst WHERE v = 'temp'
---
Trigger temp_one created
1 row inserted
v
temp

CREATE TABLE cased (v);
CREATE TRIGGER with_case AFTER INSERT ON cased BEGIN
  INSERT INTO log (msg) VALUES (CASE WHEN NEW.v > 0 THEN 'pos' ELSE 'neg' END);
  SELECT CASE NEW.v WHEN 0 THEN RAISE(ABORT, 'zero') END;
END;
DELETE FROM log;
INSERT INTO cased VALUES (1), (-1);
SELECT msg FROM log ORDER BY n
---
Table cased created
Trigger with_case created
3 rows deleted
2 rows inserted
msg
pos
neg

INSERT INTO cased VALUES (0)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO cased VALUES (0)): zero

CREATE TRIGGER renamer AFTER INSERT ON cased BEGIN SELECT 1; END;
ALTER TABLE cased RENAME TO cased2
---
Trigger renamer created
error[INVALID_INPUT]: statement 2 (ALTER TABLE cased RENAME TO cased2): not supported: renaming table cased or its columns while it has triggers (drop them first)

CREATE TRIGGER fail_raise BEFORE INSERT ON cased BEGIN SELECT RAISE(FAIL, 'no'); END;
INSERT INTO cased VALUES (5)
---
Trigger fail_raise created
error[INVALID_INPUT]: statement 2 (INSERT INTO cased VALUES (5)): no

CREATE TABLE up_ignore (v);
CREATE TRIGGER up_ign BEFORE UPDATE ON up_ignore WHEN NEW.v = 2 BEGIN SELECT RAISE(IGNORE); END;
INSERT INTO up_ignore VALUES (1), (1), (5);
UPDATE up_ignore SET v = v + 1;
SELECT v FROM up_ignore ORDER BY v
---
Table up_ignore created
Trigger up_ign created
3 rows inserted
1 row updated
v
1
1
6

CREATE TABLE base (a, b);
CREATE VIEW bv AS SELECT a, b, a + b AS s FROM base;
CREATE TABLE vlog (x);
CREATE TRIGGER bv_i INSTEAD OF INSERT ON bv BEGIN
  INSERT INTO base VALUES (NEW.a, NEW.b);
  INSERT INTO vlog VALUES ('i ' || quote(NEW.s) || ' ' || quote(NEW.rowid));
END;
CREATE TRIGGER bv_u INSTEAD OF UPDATE OF b ON bv BEGIN
  UPDATE base SET b = NEW.b WHERE a = OLD.a;
  INSERT INTO vlog VALUES ('u ' || OLD.b || '>' || NEW.b || ' ' || NEW.s || ' ' || OLD.rowid);
END;
CREATE TRIGGER bv_d INSTEAD OF DELETE ON bv BEGIN
  DELETE FROM base WHERE a = OLD.a;
  INSERT INTO vlog VALUES ('d ' || OLD.a || ' ' || OLD.rowid);
END;
INSERT INTO bv (a, b) VALUES (1, 2), (3, 4), (5, 6);
UPDATE bv SET b = b * 10 WHERE a > 2;
DELETE FROM bv WHERE bv.s > 40;
SELECT x FROM vlog ORDER BY rowid
---
Table base created
View bv created
Table vlog created
Trigger bv_i created
Trigger bv_u created
Trigger bv_d created
0 rows inserted
0 rows updated
0 rows deleted
x
i NULL -1
i NULL -1
i NULL -1
u 4>40 7 1
u 6>60 11 2
d 3 1
d 5 2

SELECT a, b FROM base ORDER BY a
---
a|b
1|2

UPDATE bv SET a = 0
---
error[INVALID_INPUT]: statement 1 (UPDATE bv SET a = 0): cannot modify bv because it is a view

INSERT INTO bv VALUES (9, 9)
---
error[INVALID_INPUT]: statement 1 (INSERT INTO bv VALUES (9, 9)): table bv has 3 columns but 2 values were supplied (row 1)

DELETE FROM bv AS v WHERE v.s > 1
---
error[INVALID_INPUT]: statement 1 (DELETE FROM bv AS v WHERE v.s > 1): not supported: an alias for the view bv in UPDATE or DELETE

CREATE VIEW plain AS SELECT 1 AS one;
DELETE FROM plain
---
View plain created
error[INVALID_INPUT]: statement 2 (DELETE FROM plain): cannot modify plain because it is a view

CREATE TABLE order_t (x);
CREATE TABLE order_log (m);
CREATE TRIGGER main1 AFTER INSERT ON order_t BEGIN INSERT INTO order_log VALUES ('main1'); END;
CREATE TEMP TRIGGER temp1 AFTER INSERT ON order_t BEGIN INSERT INTO order_log VALUES ('temp1'); END;
CREATE TRIGGER main2 AFTER INSERT ON order_t BEGIN INSERT INTO order_log VALUES ('main2'); END;
CREATE TEMP TRIGGER temp2 AFTER INSERT ON order_t BEGIN INSERT INTO order_log VALUES ('temp2'); END;
INSERT INTO order_t VALUES (1);
SELECT group_concat(m) FROM order_log
---
Table order_t created
Table order_log created
Trigger main1 created
Trigger temp1 created
Trigger main2 created
Trigger temp2 created
1 row inserted
group_concat(m)
temp1,temp2,main2,main1

CREATE TABLE rid (id INTEGER PRIMARY KEY, i INTEGER, x TEXT);
CREATE TABLE rid_log (m);
CREATE TRIGGER rid_b BEFORE INSERT ON rid BEGIN
  INSERT INTO rid_log VALUES ('b ' || (NEW.id >= '-3') || (NEW.i = '5') || (NEW.x = 5) || (NEW.rowid >= '-3') || (NEW.i > '10'));
END;
CREATE TRIGGER rid_a AFTER INSERT ON rid BEGIN
  INSERT INTO rid_log VALUES ('a ' || (NEW.id >= '-3') || (NEW.i = '5') || (NEW.x = 5) || (NEW.rowid >= '-3') || (NEW.i > '10'));
END;
INSERT INTO rid (i, x) VALUES (5, 5);
SELECT m FROM rid_log ORDER BY rowid
---
Table rid created
Table rid_log created
Trigger rid_b created
Trigger rid_a created
1 row inserted
m
b 10010
a 10010

CREATE TABLE armed_t (x);
CREATE TRIGGER to_missing AFTER DELETE ON armed_t BEGIN INSERT INTO missing_log VALUES (OLD.x); END;
DELETE FROM armed_t WHERE 0
---
Table armed_t created
Trigger to_missing created
error[NOT_FOUND]: statement 3 (DELETE FROM armed_t WHERE 0): no such table: missing_log

INSERT INTO armed_t VALUES (1);
SELECT count(*) FROM armed_t
---
1 row inserted
count(*)
1

CREATE TABLE agg_src (a); CREATE TABLE agg_log (n, b); CREATE TABLE agg_none (x);
CREATE TRIGGER agg_t AFTER INSERT ON agg_src BEGIN INSERT INTO agg_log SELECT count(*), NEW.a * 2 FROM agg_none; END;
INSERT INTO agg_src VALUES (4);
SELECT * FROM agg_log
---
Table agg_src created
Table agg_log created
Table agg_none created
Trigger agg_t created
1 row inserted
n|b
0|8

CREATE TABLE nest_a (x); CREATE TABLE nest_b (y);
CREATE TRIGGER nest_a_up AFTER UPDATE ON nest_a BEGIN UPDATE nest_b SET y = y + 1; END;
CREATE TRIGGER nest_b_up AFTER UPDATE OF y ON nest_b BEGIN INSERT INTO nest_missing VALUES (OLD.y); END;
UPDATE nest_a SET x = 1 WHERE 0
---
Table nest_a created
Table nest_b created
Trigger nest_a_up created
Trigger nest_b_up created
error[NOT_FOUND]: statement 5 (UPDATE nest_a SET x = 1 WHERE 0): no such table: nest_missing

DROP TRIGGER nest_b_up;
CREATE TRIGGER nest_b_up AFTER UPDATE OF y ON nest_b WHEN 0 BEGIN INSERT INTO nest_b VALUES (OLD.y); UPDATE nest_a SET x = 2; END;
INSERT INTO nest_a VALUES (1); INSERT INTO nest_b VALUES (10);
UPDATE nest_a SET x = 1;
SELECT * FROM nest_a, nest_b
---
Trigger nest_b_up dropped
Trigger nest_b_up created
1 row inserted
1 row inserted
1 row updated
x|y
1|11

CREATE TABLE ord_t (id INTEGER PRIMARY KEY, a INT);
CREATE INDEX ord_t_a ON ord_t (a);
CREATE TABLE ord_log (x);
INSERT INTO ord_t VALUES (1, 30), (2, 20), (3, 10);
CREATE TRIGGER ord_u AFTER UPDATE ON ord_t BEGIN INSERT INTO ord_log VALUES ('u' || OLD.id); END;
CREATE TRIGGER ord_d BEFORE DELETE ON ord_t BEGIN INSERT INTO ord_log VALUES ('d' || OLD.id || '/' || (SELECT count(*) FROM ord_t)); END;
UPDATE ord_t SET a = a WHERE a > 0;
DELETE FROM ord_t WHERE a > 5;
SELECT x FROM ord_log ORDER BY rowid
---
Table ord_t created
Index ord_t_a created
Table ord_log created
3 rows inserted
Trigger ord_u created
Trigger ord_d created
3 rows updated
3 rows deleted
x
u1
u2
u3
d1/3
d2/2
d3/1

