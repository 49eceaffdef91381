SELECT * FROM json_each('{"a":1,"b":[2,3],"c d":{"e":null},"":"x","f\"g":true}')
---
key|value|type|atom|id|parent|fullkey|path
a|1|integer|1|2|NULL|$.a|$
b|[2,3]|array|NULL|6|NULL|$.b|$
c d|{"e":null}|object|NULL|13|NULL|$."c d"|$
|x|text|x|21|NULL|$.""|$
f"g|1|true|1|24|NULL|$."f\"g"|$

SELECT * FROM json_tree('{"a":1,"b":[2,3.5,"s"],"c d":{"e":null}}')
---
key|value|type|atom|id|parent|fullkey|path
NULL|{"a":1,"b":[2,3.5,"s"],"c d":{"e":null}}|object|NULL|0|NULL|$|$
a|1|integer|1|2|0|$.a|$
b|[2,3.5,"s"]|array|NULL|6|0|$.b|$
0|2|integer|2|9|6|$.b[0]|$.b
1|3.5|real|3.5|11|6|$.b[1]|$.b
2|s|text|s|15|6|$.b[2]|$.b
c d|{"e":null}|object|NULL|17|0|$."c d"|$
e|NULL|null|NULL|22|17|$."c d".e|$."c d"

SELECT key, value, type, atom, id, parent, fullkey, path, json, root FROM json_each('[1,[2,3],{"x":"y"}]', '$[1]')
---
key|value|type|atom|id|parent|fullkey|path|json|root
0|2|integer|2|5|NULL|$[1][0]|$[1]|[1,[2,3],{"x":"y"}]|$[1]
1|3|integer|3|7|NULL|$[1][1]|$[1]|[1,[2,3],{"x":"y"}]|$[1]

SELECT * FROM json_each('{"x":0,"a":{"b":[5,6]}}', '$.a')
---
key|value|type|atom|id|parent|fullkey|path
b|[5,6]|array|NULL|9|NULL|$.a.b|$.a

SELECT * FROM json_tree('{"x":0,"a":{"q":1,"b":[5,6]}}', '$.a.b')
---
key|value|type|atom|id|parent|fullkey|path
a.b|[5,6]|array|NULL|13|NULL|$.a.b|$
0|5|integer|5|16|13|$.a.b[0]|$.a.b
1|6|integer|6|18|13|$.a.b[1]|$.a.b

SELECT * FROM json_tree('{"x":0,"a":{"b":[5,6]}}', '$.a.b')
---
key|value|type|atom|id|parent|fullkey|path
b|[5,6]|array|NULL|9|NULL|$.a.b|$.a
0|5|integer|5|12|9|$.a.b[0]|$.a.b
1|6|integer|6|14|9|$.a.b[1]|$.a.b

SELECT * FROM json_tree('[1,[2,3]]', '$[1][1]')
---
key|value|type|atom|id|parent|fullkey|path
1|3|integer|3|6|NULL|$[1][1]|$

SELECT * FROM json_each('{"a":1}', '$.a')
---
key|value|type|atom|id|parent|fullkey|path
NULL|1|integer|1|1|NULL|$.a|$.a

SELECT * FROM json_each('5')
---
key|value|type|atom|id|parent|fullkey|path
NULL|5|integer|5|0|NULL|$|$

SELECT * FROM json_tree('"s"')
---
key|value|type|atom|id|parent|fullkey|path
NULL|s|text|s|0|NULL|$|$

SELECT (SELECT count(*) FROM json_each('[]')), (SELECT count(*) FROM json_each('{}')), (SELECT count(*) FROM json_each(NULL)), (SELECT count(*) FROM json_each('[1]', NULL)), (SELECT count(*) FROM json_each('{"a":1}', '$.b'))
---
(SELECT count(*) FROM json_each('[]'))|(SELECT count(*) FROM json_each('{}'))|(SELECT count(*) FROM json_each(NULL))|(SELECT count(*) FROM json_each('[1]', NULL))|(SELECT count(*) FROM json_each('{"a":1}', '$.b'))
0|0|0|0|0

SELECT * FROM json_each('{"a":1}', 'a')
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM json_each('{"a":1}', 'a')): bad JSON path: 'a'

SELECT * FROM json_each('{"a":1}', '$.')
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM json_each('{"a":1}', '$.')): bad JSON path: '$.'

SELECT * FROM json_each('[1,')
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM json_each('[1,')): malformed JSON

SELECT * FROM json_each('[1]', '$', 3)
---
error[INVALID_INPUT]: statement 1 (SELECT * FROM json_each('[1]', '$', 3)): too many arguments on json_each() - max 2

SELECT value FROM json_each('[3,1,2]') ORDER BY value
---
value
1
2
3

SELECT j.key, j.value FROM json_each('{"a":1,"b":2,"c":3}') AS j WHERE j.value >= 2
---
key|value
b|2
c|3

SELECT e.value, t.fullkey FROM json_each('[1,2]') e, json_tree('{"k":[1]}') t WHERE t.atom = e.value
---
value|fullkey
1|$.k[0]

CREATE TABLE docs (id INTEGER PRIMARY KEY, doc TEXT);
INSERT INTO docs VALUES (1, '{"tags":["a","b"],"n":1}'), (2, '{"tags":[],"n":2}'), (3, NULL), (4, '{"tags":["c"],"n":3}');
SELECT docs.id, j.key, j.value FROM docs, json_each(docs.doc, '$.tags') AS j ORDER BY docs.id, j.key
---
Table docs created
4 rows inserted
id|key|value
1|0|a
1|1|b
4|0|c

SELECT d.id, j.value FROM docs d LEFT JOIN json_each(d.doc, '$.tags') j ORDER BY d.id, j.key
---
id|value
1|a
1|b
2|NULL
3|NULL
4|c

SELECT d.id, j.value FROM docs d LEFT JOIN json_each(d.doc, '$.tags') j ON j.value <> 'a' ORDER BY d.id, j.key
---
id|value
1|b
2|NULL
3|NULL
4|c

SELECT d.id, count(j.key) FROM docs d JOIN json_tree(d.doc) j ON j.type = 'text' GROUP BY d.id ORDER BY d.id
---
id|count(j.key)
1|2
4|1

SELECT id, (SELECT count(*) FROM json_each(doc, '$.tags')), (SELECT group_concat(value, '+') FROM json_each(docs.doc -> 'tags')) FROM docs ORDER BY id
---
id|(SELECT count(*) FROM json_each(doc, '$.tags'))|(SELECT group_concat(value, '+') FROM json_each(docs.doc -> 'tags'))
1|2|a+b
2|0|NULL
3|0|NULL
4|1|c

SELECT id FROM docs WHERE EXISTS (SELECT 1 FROM json_each(doc, '$.tags') WHERE value = 'c')
---
id
4

SELECT id FROM docs WHERE 'b' IN (SELECT value FROM json_each(doc, '$.tags')) ORDER BY id
---
id
1

SELECT t.value, d.id FROM json_each('[2,4,1]') t JOIN docs d ON d.id = t.value ORDER BY t.value
---
value|id
1|1
2|2
4|4

SELECT d.id, a.value, b.value FROM docs d, json_each(d.doc, '$.tags') a, json_each(json_array(a.value, d.id)) b WHERE d.id < 3 ORDER BY d.id, a.key, b.key
---
id|value|value
1|a|a
1|a|1
1|b|b
1|b|1

SELECT json_group_array(value) FROM json_each('[1,2,3,4]') WHERE value % 2 = 0
---
json_group_array(value)
[2,4]

SELECT key, value, fullkey FROM json_each('{"a b":1,"1x":2,"x1":3,"_y":4}')
---
key|value|fullkey
a b|1|$."a b"
1x|2|$."1x"
x1|3|$.x1
_y|4|$."_y"

SELECT count(*), max(id), sum(parent) FROM json_tree('{"a":[{"b":[1,2]},{"c":{"d":[3,[4]]}}]}')
---
count(*)|max(id)|sum(parent)
12|24|112

SELECT id, parent, fullkey, path FROM json_tree('{"long":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","n":[1,2,3,4,5,6,7,8,9,10,11,12]}')
---
id|parent|fullkey|path
0|NULL|$|$
2|0|$.long|$
49|0|$.n|$
53|49|$.n[0]|$.n
55|49|$.n[1]|$.n
57|49|$.n[2]|$.n
59|49|$.n[3]|$.n
61|49|$.n[4]|$.n
63|49|$.n[5]|$.n
65|49|$.n[6]|$.n
67|49|$.n[7]|$.n
69|49|$.n[8]|$.n
71|49|$.n[9]|$.n
74|49|$.n[10]|$.n
77|49|$.n[11]|$.n

SELECT * FROM docs, json_each(docs.doc) RIGHT JOIN docs d2 ON 1
---
id|doc|key|value|type|atom|id|parent|fullkey|path|id|doc
1|{"tags":["a","b"],"n":1}|tags|["a","b"]|array|NULL|2|NULL|$.tags|$|1|{"tags":["a","b"],"n":1}
1|{"tags":["a","b"],"n":1}|tags|["a","b"]|array|NULL|2|NULL|$.tags|$|2|{"tags":[],"n":2}
1|{"tags":["a","b"],"n":1}|tags|["a","b"]|array|NULL|2|NULL|$.tags|$|3|NULL
1|{"tags":["a","b"],"n":1}|tags|["a","b"]|array|NULL|2|NULL|$.tags|$|4|{"tags":["c"],"n":3}
1|{"tags":["a","b"],"n":1}|n|1|integer|1|12|NULL|$.n|$|1|{"tags":["a","b"],"n":1}
1|{"tags":["a","b"],"n":1}|n|1|integer|1|12|NULL|$.n|$|2|{"tags":[],"n":2}
1|{"tags":["a","b"],"n":1}|n|1|integer|1|12|NULL|$.n|$|3|NULL
1|{"tags":["a","b"],"n":1}|n|1|integer|1|12|NULL|$.n|$|4|{"tags":["c"],"n":3}
2|{"tags":[],"n":2}|tags|[]|array|NULL|1|NULL|$.tags|$|1|{"tags":["a","b"],"n":1}
2|{"tags":[],"n":2}|tags|[]|array|NULL|1|NULL|$.tags|$|2|{"tags":[],"n":2}
2|{"tags":[],"n":2}|tags|[]|array|NULL|1|NULL|$.tags|$|3|NULL
2|{"tags":[],"n":2}|tags|[]|array|NULL|1|NULL|$.tags|$|4|{"tags":["c"],"n":3}
2|{"tags":[],"n":2}|n|2|integer|2|7|NULL|$.n|$|1|{"tags":["a","b"],"n":1}
2|{"tags":[],"n":2}|n|2|integer|2|7|NULL|$.n|$|2|{"tags":[],"n":2}
2|{"tags":[],"n":2}|n|2|integer|2|7|NULL|$.n|$|3|NULL
2|{"tags":[],"n":2}|n|2|integer|2|7|NULL|$.n|$|4|{"tags":["c"],"n":3}
4|{"tags":["c"],"n":3}|tags|["c"]|array|NULL|2|NULL|$.tags|$|1|{"tags":["a","b"],"n":1}
4|{"tags":["c"],"n":3}|tags|["c"]|array|NULL|2|NULL|$.tags|$|2|{"tags":[],"n":2}
4|{"tags":["c"],"n":3}|tags|["c"]|array|NULL|2|NULL|$.tags|$|3|NULL
4|{"tags":["c"],"n":3}|tags|["c"]|array|NULL|2|NULL|$.tags|$|4|{"tags":["c"],"n":3}
4|{"tags":["c"],"n":3}|n|3|integer|3|10|NULL|$.n|$|1|{"tags":["a","b"],"n":1}
4|{"tags":["c"],"n":3}|n|3|integer|3|10|NULL|$.n|$|2|{"tags":[],"n":2}
4|{"tags":["c"],"n":3}|n|3|integer|3|10|NULL|$.n|$|3|NULL
4|{"tags":["c"],"n":3}|n|3|integer|3|10|NULL|$.n|$|4|{"tags":["c"],"n":3}

SELECT json_group_array(value), json_group_object(key, value) FROM json_each('[[1],{"a":2},3,"x","12",null,true]')
---
json_group_array(value)|json_group_object(key, value)
[[1],{"a":2},3,"x","12",null,1]|{"0":[1],"1":{"a":2},"2":3,"3":"x","4":"12","5":null,"6":1}

SELECT json_array(value, j.value), json_object('k', value), json_quote(value), json_set('{}', '$.v', value), value FROM json_each('[[1],{"a":2},3,"x","12",null]') j
---
json_array(value, j.value)|json_object('k', value)|json_quote(value)|json_set('{}', '$.v', value)|value
[[1],[1]]|{"k":[1]}|[1]|{"v":[1]}|[1]
[{"a":2},{"a":2}]|{"k":{"a":2}}|{"a":2}|{"v":{"a":2}}|{"a":2}
[3,3]|{"k":3}|3|{"v":3}|3
["x","x"]|{"k":"x"}|"x"|{"v":"x"}|x
["12","12"]|{"k":"12"}|"12"|{"v":"12"}|12
[null,null]|{"k":null}|null|{"v":null}|NULL

SELECT json_group_array(t.value) FILTER (WHERE t.type = 'array') FROM json_tree('{"a":[1,[2]],"b":{"c":[3]}}') t
---
json_group_array(t.value) FILTER (WHERE t.type = 'array')
[[1,[2]],[2],[3]]

