SELECT json(' [ 1 , 2.50 , 1e5 , "a\u0041" ] '), json('{"a" : {"b":[]}, "c":null}'), json('{a:1, ''b'':''x"y'', c:[1,2,],}'), json('[0x1F, +5, .5, 5., Infinity, -Infinity, NaN]')
---
json(' [ 1 , 2.50 , 1e5 , "a\u0041" ] ')|json('{"a" : {"b":[]}, "c":null}')|json('{a:1, ''b'':''x"y'', c:[1,2,],}')|json('[0x1F, +5, .5, 5., Infinity, -Infinity, NaN]')
[1,2.50,1e5,"a\u0041"]|{"a":{"b":[]},"c":null}|{"a":1,"b":"x\"y","c":[1,2]}|[31,5,0.5,5.0,9e999,-9e999,null]

SELECT json('/* c */ [1] // d'), json(NULL), json('1'), json('"x"'), json(' null '), json('[1]   ')
---
json('/* c */ [1] // d')|json(NULL)|json('1')|json('"x"')|json(' null ')|json('[1]   ')
[1]|NULL|1|"x"|null|[1]

SELECT json('[01]')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[01]')): malformed JSON

SELECT json('')
---
error[INVALID_INPUT]: statement 1 (SELECT json('')): malformed JSON

SELECT json('[1] x')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[1] x')): malformed JSON

SELECT json('[1,2')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[1,2')): malformed JSON

SELECT json('{"a":1 "b":2}')
---
error[INVALID_INPUT]: statement 1 (SELECT json('{"a":1 "b":2}')): malformed JSON

SELECT json(x'01') -- SQLite reads a blob as JSONB, which this engine does not: refused
---
error[INVALID_INPUT]: statement 1 (SELECT json(X'01')): malformed JSON

SELECT json_valid('{"a":1}'), json_valid('{a:1}'), json_valid('{a:1}', 2), json_valid('{a:1}', 6), json_valid(NULL), json_valid('x'), json_valid(''), json_valid('[1,]', 1), json_valid(1), json_valid('[1]', NULL)
---
error[INVALID_INPUT]: statement 1 (SELECT json_valid('{"a":1}'), json_valid('{a:1}'), json_v...): FLAGS parameter to json_valid() must be between 1 and 15

SELECT json_valid('[]', 16)
---
error[INVALID_INPUT]: statement 1 (SELECT json_valid('[]', 16)): FLAGS parameter to json_valid() must be between 1 and 15

SELECT json_extract('{"a":[1,{"b":2}],"c.d":3}', '$.a[1].b'), json_extract('{"a":[1,{"b":2}]}', '$.a[#-1]'), json_extract('{"a":[1,{"b":2}],"c.d":3}', '$."c.d"'), json_extract('{"a":1}', '$.x'), json_extract('{"a":1}', '$')
---
json_extract('{"a":[1,{"b":2}],"c.d":3}', '$.a[1].b')|json_extract('{"a":[1,{"b":2}]}', '$.a[#-1]')|json_extract('{"a":[1,{"b":2}],"c.d":3}', '$."c.d"')|json_extract('{"a":1}', '$.x')|json_extract('{"a":1}', '$')
2|{"b":2}|3|NULL|{"a":1}

SELECT json_extract('[1,2.5,"x",true,false,null,[1],{"a":1}]', '$[0]', '$[1]', '$[2]', '$[3]', '$[4]', '$[5]', '$[6]', '$[7]', '$[8]')
---
json_extract('[1,2.5,"x",true,false,null,[1],{"a":1}]', '$[0]', '$[1]', '$[2]', '$[3]', '$[4]', '$[5]', '$[6]', '$[7]', '$[8]')
[1,2.5,"x",true,false,null,[1],{"a":1},null]

SELECT typeof(json_extract('[1,2.5,"x",true,null]', '$[0]')), typeof(json_extract('[1,2.5]', '$[1]')), json_extract('[9223372036854775808]', '$[0]'), json_extract('[1e400]', '$[0]'), json_extract('["a\u00e9\n"]', '$[0]'), json_extract('[true,false]', '$[0]'), typeof(json_extract('[null]', '$[0]'))
---
typeof(json_extract('[1,2.5,"x",true,null]', '$[0]'))|typeof(json_extract('[1,2.5]', '$[1]'))|json_extract('[9223372036854775808]', '$[0]')|json_extract('[1e400]', '$[0]')|json_extract('["a\u00e9\n"]', '$[0]')|json_extract('[true,false]', '$[0]')|typeof(json_extract('[null]', '$[0]'))
integer|real|9.2233720368547758e+18|Inf|aé
|1|null

SELECT json_extract('{"a":1}', '$[x]'), json_extract('[1]', '$.a'), json_extract('{"a":1}'), json_extract('{"a":1}', NULL), json_extract(NULL, '$'), json_extract('{"a":1}', '$.a.x[')
---
json_extract('{"a":1}', '$[x]')|json_extract('[1]', '$.a')|json_extract('{"a":1}')|json_extract('{"a":1}', NULL)|json_extract(NULL, '$')|json_extract('{"a":1}', '$.a.x[')
NULL|NULL|NULL|NULL|NULL|NULL

SELECT json_extract('{"a\u0062":1}', '$.ab'), json_extract('{"ab":1}', '$."a\u0062"'), json_extract('{"a":1,"a":2}', '$.a'), json_extract('[1,2,3]', '$[#-1]'), json_extract('[1,2,3]', '$[#-4]'), json_extract('[1,2,3]', '$[#]')
---
json_extract('{"a\u0062":1}', '$.ab')|json_extract('{"ab":1}', '$."a\u0062"')|json_extract('{"a":1,"a":2}', '$.a')|json_extract('[1,2,3]', '$[#-1]')|json_extract('[1,2,3]', '$[#-4]')|json_extract('[1,2,3]', '$[#]')
1|1|1|3|NULL|NULL

SELECT json_extract('{"a":1}', 'a')
---
error[INVALID_INPUT]: statement 1 (SELECT json_extract('{"a":1}', 'a')): bad JSON path: 'a'

SELECT json_extract('[1]', '$[x]')
---
error[INVALID_INPUT]: statement 1 (SELECT json_extract('[1]', '$[x]')): bad JSON path: '$[x]'

SELECT json_extract('{"a":1}', '$.')
---
error[INVALID_INPUT]: statement 1 (SELECT json_extract('{"a":1}', '$.')): bad JSON path: '$.'

SELECT json_extract('{"a":1}', '$a')
---
error[INVALID_INPUT]: statement 1 (SELECT json_extract('{"a":1}', '$a')): bad JSON path: '$a'

SELECT json_extract('{"a":1}', '$."a')
---
error[INVALID_INPUT]: statement 1 (SELECT json_extract('{"a":1}', '$."a')): bad JSON path: '$."a'

SELECT json_extract('not json', '$')
---
error[INVALID_INPUT]: statement 1 (SELECT json_extract('not json', '$')): malformed JSON

SELECT json_array(1, 2.5, 'x', NULL, json('[1]'), json_array(), json_object('a', 1)), json_array(0.1, 1e300, -0.0, 1.0/3, 100.0), json_array('[1]'), json_array(), json_array(1e400, -1e400), json_array(0.0/0)
---
json_array(1, 2.5, 'x', NULL, json('[1]'), json_array(), json_object('a', 1))|json_array(0.1, 1e300, -0.0, 1.0 / 3, 100.0)|json_array('[1]')|json_array()|json_array(1e400, -1e400)|json_array(0.0 / 0)
[1,2.5,"x",null,[1],[],{"a":1}]|[0.1,1.0e+300,0.0,0.33333333333333332,100.0]|["[1]"]|[]|[9.0e+999,-9.0e+999]|[null]

SELECT json_object('a', 1, 'b', 'x', 'c', NULL, 'd', json('{"e":2}')), json_object(), json_object('a"b', 1), json_object('a', json_extract('{"x":[1]}', '$.x')), json_object('a', json_extract('{"x":"s"}', '$.x'))
---
json_object('a', 1, 'b', 'x', 'c', NULL, 'd', json('{"e":2}'))|json_object()|json_object('a"b', 1)|json_object('a', json_extract('{"x":[1]}', '$.x'))|json_object('a', json_extract('{"x":"s"}', '$.x'))
{"a":1,"b":"x","c":null,"d":{"e":2}}|{}|{"a\"b":1}|{"a":[1]}|{"a":"s"}

SELECT json_array('a"b\c', char(9), char(1))
---
json_array('a"b\c', char(9), char(1))
["a\"b\\c","\t","\u0001"]

SELECT json_object('a')
---
error[INVALID_INPUT]: statement 1 (SELECT json_object('a')): json_object() requires an even number of arguments

SELECT json_object(1, 2)
---
error[INVALID_INPUT]: statement 1 (SELECT json_object(1, 2)): json_object() labels must be TEXT

SELECT json_array(x'01') -- SQLite embeds a JSONB blob; this engine refuses blobs
---
error[INVALID_INPUT]: statement 1 (SELECT json_array(X'01')): JSON cannot hold BLOB values

SELECT json_insert('{"a":[1]}', '$.a[#]', 2, '$.b', 3, '$.a[0]', 9), json_replace('{"a":1}', '$.a', 2, '$.b', 3), json_set('{"a":1}', '$.a', 2, '$.b.c', 3, '$.d[0]', 4, '$.e[3]', 5)
---
json_insert('{"a":[1]}', '$.a[#]', 2, '$.b', 3, '$.a[0]', 9)|json_replace('{"a":1}', '$.a', 2, '$.b', 3)|json_set('{"a":1}', '$.a', 2, '$.b.c', 3, '$.d[0]', 4, '$.e[3]', 5)
{"a":[1,2],"b":3}|{"a":2}|{"a":2,"b":{"c":3},"d":[4]}

SELECT json_set('[1,2]', '$[#]', 3, '$[5]', 6), json_set('{}', '$', 1), json_insert('{}', '$', 1), json_replace('1', '$', 2), json_set('{"a":1}', '$.a', json('[1,2]')), json_set('{"a":1}', '$.a', '[1,2]'), json_set('{"a":1,"a":2}', '$.a', 3)
---
json_set('[1,2]', '$[#]', 3, '$[5]', 6)|json_set('{}', '$', 1)|json_insert('{}', '$', 1)|json_replace('1', '$', 2)|json_set('{"a":1}', '$.a', json('[1,2]'))|json_set('{"a":1}', '$.a', '[1,2]')|json_set('{"a":1,"a":2}', '$.a', 3)
[1,2,3]|1|{}|2|{"a":[1,2]}|{"a":"[1,2]"}|{"a":3,"a":2}

SELECT json_set('{"a":1}', NULL, 2), json_insert(NULL, '$.a', 1), json_remove('[1,2,3]', '$[1]'), json_remove('{"a":1,"b":2}', '$.a', '$.x'), json_remove('[1]', '$'), json_remove('[1]', NULL), json_remove('{"a":1}'), json_remove('[1,2,3]', '$[#-1]', '$[0]')
---
json_set('{"a":1}', NULL, 2)|json_insert(NULL, '$.a', 1)|json_remove('[1,2,3]', '$[1]')|json_remove('{"a":1,"b":2}', '$.a', '$.x')|json_remove('[1]', '$')|json_remove('[1]', NULL)|json_remove('{"a":1}')|json_remove('[1,2,3]', '$[#-1]', '$[0]')
{"a":1}|NULL|[1,3]|{"b":2}|NULL|NULL|{"a":1}|[2]

SELECT json_set('{"a":{"b":1}}', '$.a.b', 2, '$.a.c', 3), json_set('[[1]]', '$[0][1]', 2), json_insert('{"a":1}', '$.a.b', 2), json_set('{}', '$.x[0].y', 1), json_set('{}', '$.x[1]', 1), json_set('{}', '$."a b"', 1)
---
json_set('{"a":{"b":1}}', '$.a.b', 2, '$.a.c', 3)|json_set('[[1]]', '$[0][1]', 2)|json_insert('{"a":1}', '$.a.b', 2)|json_set('{}', '$.x[0].y', 1)|json_set('{}', '$.x[1]', 1)|json_set('{}', '$."a b"', 1)
{"a":{"b":2,"c":3}}|[[1,2]]|{"a":1}|{"x":[{"y":1}]}|{}|{"a b":1}

SELECT json_set('{"a":1}', 'x', 2)
---
error[INVALID_INPUT]: statement 1 (SELECT json_set('{"a":1}', 'x', 2)): bad JSON path: 'x'

SELECT json_set('{"a":1}', '$.a')
---
error[INVALID_INPUT]: statement 1 (SELECT json_set('{"a":1}', '$.a')): json_set() needs an odd number of arguments

SELECT json_insert('[1]', '$[x]', 1)
---
error[INVALID_INPUT]: statement 1 (SELECT json_insert('[1]', '$[x]', 1)): bad JSON path: '$[x]'

SELECT json_remove('[1]', 'x')
---
error[INVALID_INPUT]: statement 1 (SELECT json_remove('[1]', 'x')): bad JSON path: 'x'

SELECT json_type('{"a":[1,2.5,"x",true,false,null]}'), json_type('{"a":[1,2.5,"x",true,false,null]}', '$.a'), json_type('[1,2.5,"x",true,false,null]', '$[0]'), json_type('[1,2.5]', '$[1]'), json_type('["x",true,false,null]', '$[0]'), json_type('[true]', '$[0]'), json_type('[false]', '$[0]'), json_type('[null]', '$[0]'), json_type('[1]', '$[9]'), json_type(NULL)
---
json_type('{"a":[1,2.5,"x",true,false,null]}')|json_type('{"a":[1,2.5,"x",true,false,null]}', '$.a')|json_type('[1,2.5,"x",true,false,null]', '$[0]')|json_type('[1,2.5]', '$[1]')|json_type('["x",true,false,null]', '$[0]')|json_type('[true]', '$[0]')|json_type('[false]', '$[0]')|json_type('[null]', '$[0]')|json_type('[1]', '$[9]')|json_type(NULL)
object|array|integer|real|text|true|false|null|NULL|NULL

SELECT json_array_length('[1,2,3]'), json_array_length('{"a":[1,2]}', '$.a'), json_array_length('{}'), json_array_length('[]'), json_array_length('{"a":1}', '$.b'), json_array_length('5'), json_array_length(NULL)
---
json_array_length('[1,2,3]')|json_array_length('{"a":[1,2]}', '$.a')|json_array_length('{}')|json_array_length('[]')|json_array_length('{"a":1}', '$.b')|json_array_length('5')|json_array_length(NULL)
3|2|0|0|NULL|0|NULL

SELECT json_quote('a"b'), json_quote(1), json_quote(2.5), json_quote(NULL), json_quote(json('[1]')), json_quote('[1]'), json_quote(1e400), json_quote(char(10))
---
json_quote('a"b')|json_quote(1)|json_quote(2.5)|json_quote(NULL)|json_quote(json('[1]'))|json_quote('[1]')|json_quote(1e400)|json_quote(char(10))
"a\"b"|1|2.5|null|[1]|"[1]"|9.0e+999|"\n"

SELECT json_patch('{"a":1,"b":{"c":2}}', '{"a":null,"b":{"d":3}}'), json_patch('[1]', '{"a":1}'), json_patch('{"a":1}', '[2]'), json_patch('{"a":{"b":1}}', '{"a":{"b":null}}'), json_patch(NULL, '{}'), json_patch('{"a":1}', '{"b":{"c":null}}')
---
json_patch('{"a":1,"b":{"c":2}}', '{"a":null,"b":{"d":3}}')|json_patch('[1]', '{"a":1}')|json_patch('{"a":1}', '[2]')|json_patch('{"a":{"b":1}}', '{"a":{"b":null}}')|json_patch(NULL, '{}')|json_patch('{"a":1}', '{"b":{"c":null}}')
{"b":{"c":2,"d":3}}|{"a":1}|[2]|{"a":{}}|NULL|{"a":1,"b":{}}

SELECT json_error_position('{"a":1}'), json_error_position('{"a":1'), json_error_position('[1,,2]'), json_error_position('{a:1}'), json_error_position(''), json_error_position('  x'), json_error_position(NULL)
---
json_error_position('{"a":1}')|json_error_position('{"a":1')|json_error_position('[1,,2]')|json_error_position('{a:1}')|json_error_position('')|json_error_position('  x')|json_error_position(NULL)
0|7|4|0|1|3|NULL

SELECT json('"\u00e9\t"'), json('''a\''b'''), json('[''\x41'']'), json('"a\/b"'), json_extract('"a\/b"', '$'), json('["\v"]'), json('["\0"]'), json('[''x"y'']')
---
json('"\u00e9\t"')|json('''a\'b''')|json('[''\x41'']')|json('"a\/b"')|json_extract('"a\/b"', '$')|json('["\v"]')|json('["\0"]')|json('[''x"y'']')
"\u00e9\t"|"a'b"|["\u0041"]|"a\/b"|a/b|["\u000b"]|["\u0000"]|["x\"y"]

SELECT json('{$a_1:2, _b:3, $:4}'), json('[-Infinity, +Infinity, +0x10, -0x10, 0X1f]'), json('[+.5]'), json('[-.5e3]'), json('[5.e3]'), json(' /*x*/ [1]/**/')
---
json('{$a_1:2, _b:3, $:4}')|json('[-Infinity, +Infinity, +0x10, -0x10, 0X1f]')|json('[+.5]')|json('[-.5e3]')|json('[5.e3]')|json(' /*x*/ [1]/**/')
{"$a_1":2,"_b":3,"$":4}|[-9e999,9e999,16,-16,31]|[0.5]|[-0.5e3]|[5.0e3]|[1]

SELECT json('{"x" : [ 1 , { "y" : "z" } ] }'), json('[-0, -0.0, 1E+2, 1e-2, 0.5e10]'), json_type('[-0]', '$[0]'), json_extract('[-0.0]', '$[0]'), json_extract('[1E+2]', '$[0]')
---
json('{"x" : [ 1 , { "y" : "z" } ] }')|json('[-0, -0.0, 1E+2, 1e-2, 0.5e10]')|json_type('[-0]', '$[0]')|json_extract('[-0.0]', '$[0]')|json_extract('[1E+2]', '$[0]')
{"x":[1,{"y":"z"}]}|[-0,-0.0,1E+2,1e-2,0.5e10]|integer|0.0|100.0

SELECT json('[.e3]')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[.e3]')): malformed JSON

SELECT json('[1e]')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[1e]')): malformed JSON

SELECT json('[NaN, -NaN]')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[NaN, -NaN]')): malformed JSON

SELECT json('[tru]')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[tru]')): malformed JSON

SELECT json('{1:2}')
---
error[INVALID_INPUT]: statement 1 (SELECT json('{1:2}')): malformed JSON

SELECT json('[1]/*')
---
error[INVALID_INPUT]: statement 1 (SELECT json('[1]/*')): malformed JSON

SELECT json_object('k', json_array(1, json_object('n', NULL))), json_array(json_quote('x'), json_set('{}', '$.a', 1), json_remove('[1,2]', '$[0]'), json_patch('{}', '{"p":1}'))
---
json_object('k', json_array(1, json_object('n', NULL)))|json_array(json_quote('x'), json_set('{}', '$.a', 1), json_remove('[1,2]', '$[0]'), json_patch('{}', '{"p":1}'))
{"k":[1,{"n":null}]}|["x",{"a":1},[2],{"p":1}]

SELECT json_array(json_type('[1]')), json_array(json_valid('[1]')), json_array(json_extract('[[1],"s"]', '$[0]')), json_array(json_extract('[[1],"s"]', '$[1]')), json_array(json_extract('["{2"]', '$[0]'))
---
json_array(json_type('[1]'))|json_array(json_valid('[1]'))|json_array(json_extract('[[1],"s"]', '$[0]'))|json_array(json_extract('[[1],"s"]', '$[1]'))|json_array(json_extract('["{2"]', '$[0]'))
["array"]|[1]|[[1]]|["s"]|["{2"]

