SELECT '{"a":[1,{"b":"x"}],"c d":2}' -> '$.a', '{"a":[1,{"b":"x"}]}' -> 'a', '{"a":[1,{"b":"x"}]}' -> '$.a[1].b', '{"a":[1,{"b":"x"}]}' ->> '$.a[1].b', '[10,20,30]' -> 2, '[10,20,30]' ->> -1, '{"c d":2}' -> 'c d', '[10,[20]]' -> '[1]'
---
'{"a":[1,{"b":"x"}],"c d":2}' -> '$.a'|'{"a":[1,{"b":"x"}]}' -> 'a'|'{"a":[1,{"b":"x"}]}' -> '$.a[1].b'|'{"a":[1,{"b":"x"}]}' ->> '$.a[1].b'|'[10,20,30]' -> 2|'[10,20,30]' ->> -1|'{"c d":2}' -> 'c d'|'[10,[20]]' -> '[1]'
[1,{"b":"x"}]|[1,{"b":"x"}]|"x"|x|30|30|2|[20]

SELECT '{"a":1}' -> '$.x', '{"a":1}' ->> 'x', NULL -> '$', '{"a":1}' -> NULL, '[1]' -> 5, '{"1":"one"}' ->> '1', '{"1":"one"}' ->> 1, '{"a":null}' -> 'a', '{"a":null}' ->> 'a'
---
'{"a":1}' -> '$.x'|'{"a":1}' ->> 'x'|NULL -> '$'|'{"a":1}' -> NULL|'[1]' -> 5|'{"1":"one"}' ->> '1'|'{"1":"one"}' ->> 1|'{"a":null}' -> 'a'|'{"a":null}' ->> 'a'
NULL|NULL|NULL|NULL|NULL|one|NULL|null|NULL

SELECT typeof('{"a":1}' -> 'a'), typeof('{"a":1}' ->> 'a'), typeof('{"a":1.5}' ->> 'a'), typeof('{"a":"s"}' ->> 'a'), '{"a":"s"}' -> 'a', '{"a":true}' ->> 'a', '{"a":true}' -> 'a', '{"a":[]}' ->> 'a'
---
typeof('{"a":1}' -> 'a')|typeof('{"a":1}' ->> 'a')|typeof('{"a":1.5}' ->> 'a')|typeof('{"a":"s"}' ->> 'a')|'{"a":"s"}' -> 'a'|'{"a":true}' ->> 'a'|'{"a":true}' -> 'a'|'{"a":[]}' ->> 'a'
text|integer|real|text|"s"|1|true|[]

SELECT '{"a":{"b":{"c":7}}}' -> 'a' -> 'b' ->> 'c', '{"a":2}' ->> 'a' * 3, '{"a":"x"}' ->> 'a' || 'y', 1 + '{"a":2}' ->> 'a', '{"a":2}' ->> 'a' = 2, -'{"a":2}' ->> 'a'
---
'{"a":{"b":{"c":7}}}' -> 'a' -> 'b' ->> 'c'|'{"a":2}' ->> 'a' * 3|'{"a":"x"}' ->> 'a' || 'y'|1 + '{"a":2}' ->> 'a'|'{"a":2}' ->> 'a' = 2|-'{"a":2}' ->> 'a'
7|6|xy|3|1|NULL

SELECT json_array('{"a":[1]}' -> 'a', '{"a":[1]}' ->> 'a', '{"a":"s"}' -> 'a'), json_object('k', '{"a":{"b":1}}' -> 'a')
---
json_array('{"a":[1]}' -> 'a', '{"a":[1]}' ->> 'a', '{"a":"s"}' -> 'a')|json_object('k', '{"a":{"b":1}}' -> 'a')
[[1],"[1]","s"]|{"k":{"b":1}}

SELECT '[1,2]' -> '$['
---
error[INVALID_INPUT]: statement 1 (SELECT '[1,2]' -> '$['): bad JSON path: '$['

SELECT 'x' -> '$'
---
error[INVALID_INPUT]: statement 1 (SELECT 'x' -> '$'): malformed JSON

SELECT '{"a":1}' -> ''
---
error[INVALID_INPUT]: statement 1 (SELECT '{"a":1}' -> ''): bad JSON path: ''

CREATE TABLE docs (id INTEGER PRIMARY KEY, doc TEXT);
INSERT INTO docs VALUES (1, '{"name":"ann","tags":["a","b"],"n":3}'), (2, '{"name":"bob","tags":[],"n":5}'), (3, NULL), (4, '{"name":"cy","n":null}');
SELECT id, doc ->> 'name', doc -> 'tags', doc ->> '$.tags[0]', doc -> 'n' FROM docs ORDER BY id
---
Table docs created
4 rows inserted
id|doc ->> 'name'|doc -> 'tags'|doc ->> '$.tags[0]'|doc -> 'n'
1|ann|["a","b"]|a|3
2|bob|[]|NULL|5
3|NULL|NULL|NULL|NULL
4|cy|NULL|NULL|null

SELECT id FROM docs WHERE doc ->> 'n' > 3 ORDER BY doc ->> 'name' DESC
---
id
2

SELECT json_group_array(id), json_group_array(doc ->> 'name'), json_group_array(doc -> 'tags') FROM docs
---
json_group_array(id)|json_group_array(doc ->> 'name')|json_group_array(doc -> 'tags')
[1,2,3,4]|["ann","bob",null,"cy"]|[["a","b"],[],null,null]

SELECT json_group_array(x), json_group_object(k, x) FROM (SELECT 1 AS k, NULL AS x UNION ALL SELECT 'b', 2.5 UNION ALL SELECT NULL, 'z' UNION ALL SELECT 'q"', 'a"b')
---
json_group_array(x)|json_group_object(k, x)
[null,2.5,"z","a\"b"]|{"1":null,"b":2.5,"q\"":"a\"b"}

SELECT json_group_array(json_object('id', id, 'n', doc ->> 'n')), json_group_object(id, json_array(id, id)) FROM docs
---
json_group_array(json_object('id', id, 'n', doc ->> 'n'))|json_group_object(id, json_array(id, id))
[{"id":1,"n":3},{"id":2,"n":5},{"id":3,"n":null},{"id":4,"n":null}]|{"1":[1,1],"2":[2,2],"3":[3,3],"4":[4,4]}

SELECT json_group_array(v), json_group_object('k', v), typeof(json_group_array(v)) FROM (SELECT 1 AS v) WHERE v > 1
---
json_group_array(v)|json_group_object('k', v)|typeof(json_group_array(v))
[]|{}|text

SELECT n % 2 AS g, json_group_array(n), json_group_object(CAST(n AS TEXT), n * n) FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) GROUP BY g ORDER BY g
---
g|json_group_array(n)|json_group_object(CAST(n AS TEXT), n * n)
0|[2,4]|{"2":4,"4":16}
1|[1,3]|{"1":1,"3":9}

SELECT json_group_array(DISTINCT v), json_group_array(v) FILTER (WHERE v > 1) FROM (SELECT 1 AS v UNION ALL SELECT 2 UNION ALL SELECT 2 UNION ALL SELECT 3)
---
json_group_array(DISTINCT v)|json_group_array(v) FILTER (WHERE v > 1)
[1,2,3]|[2,2,3]

SELECT json_group_array(x'ffff')
---
error[INVALID_INPUT]: statement 1 (SELECT json_group_array(X'ffff')): JSON cannot hold BLOB values

SELECT json_group_object('a')
---
error[INVALID_INPUT]: statement 1 (SELECT json_group_object('a')): wrong number of arguments to function json_group_object()

SELECT json_group_array(1, 2)
---
error[INVALID_INPUT]: statement 1 (SELECT json_group_array(1, 2)): wrong number of arguments to function json_group_array()

SELECT n, json_group_array(n) OVER (ORDER BY n), json_group_array(n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), json_group_object('k' || n, n) OVER (ORDER BY n ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) ORDER BY n
---
n|json_group_array(n) OVER (ORDER BY n)|json_group_array(n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)|json_group_object('k' || n, n) OVER (ORDER BY n ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
1|[1]|[1,2]|{"k1":1,"k2":2,"k3":3,"k4":4}
2|[1,2]|[1,2,3]|{"k2":2,"k3":3,"k4":4}
3|[1,2,3]|[2,3,4]|{"k3":3,"k4":4}
4|[1,2,3,4]|[3,4]|{"k4":4}

SELECT n, json_group_object(CASE WHEN n = 2 THEN NULL ELSE 'k' || n END, n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) ORDER BY n
---
n|json_group_object(CASE WHEN n = 2 THEN NULL ELSE 'k' || n END, n) OVER (ORDER BY n ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)
1|{"k1":1}
2|{"k1":1}
3|{"k3":3}

