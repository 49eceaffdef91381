// The sql command's output formats, golden: one table with text that needs quoting,
// NULLs, reals, a BLOB, and two result sets in one script.

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())
const db = freshDb(t)
const SELECT = 'SELECT id, name, score, data FROM t ORDER BY id'

beforeAll(() => {
  sqlOk(
    db,
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB);" +
      "INSERT INTO t VALUES (1, 'Ada', 1.5, x'00FF'), (2, 'a,b \"q\"', NULL, NULL), (3, 'line\nbreak', 2, NULL)",
  )
})

const golden: Record<string, string> = {
  table: [
    'id | name        | score | data',
    '---+-------------+-------+--------',
    " 1 | Ada         |   1.5 | x'00FF'",
    ' 2 | a,b "q"     | NULL  | NULL',
    ' 3 | line\\nbreak |   2.0 | NULL',
    '(3 rows)',
    '',
  ].join('\n'),
  csv: "id,name,score,data\r\n1,Ada,1.5,x'00FF'\r\n2,\"a,b \"\"q\"\"\",,\r\n3,\"line\nbreak\",2.0,\r\n",
  tsv: "id\tname\tscore\tdata\n1\tAda\t1.5\tx'00FF'\n2\ta,b \"q\"\t\\N\t\\N\n3\tline\\nbreak\t2.0\t\\N\n",
  json:
    '[{"id":1,"name":"Ada","score":1.5,"data":{"blob_b64":"AP8="}},{"id":2,"name":"a,b \\"q\\"","score":null,"data":null},' +
    '{"id":3,"name":"line\\nbreak","score":2,"data":null}]\n',
  jsonl:
    '{"id":1,"name":"Ada","score":1.5,"data":{"blob_b64":"AP8="}}\n{"id":2,"name":"a,b \\"q\\"","score":null,"data":null}\n' +
    '{"id":3,"name":"line\\nbreak","score":2,"data":null}\n',
  toon: "result[3]{id,name,score,data}:1,Ada,1.5,x'00FF';2,\"a,b \"\"q\"\"\",,;3,\"line\\nbreak\",2.0,\n",
}

describe('sql output formats', () => {
  for (const [format, expected] of Object.entries(golden)) {
    it(`--format ${format}`, () => {
      const r = sql(db, [SELECT, '--format', format])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toBe(expected)
      expect(r.stderr).toBe('')
    })
  }

  it('table is the default', () => {
    expect(sql(db, [SELECT]).stdout).toBe(golden.table)
  })

  it('messages go to stdout in table and to stderr in the machine formats', () => {
    const script = "INSERT INTO t (name) VALUES ('x'), ('y'); SELECT count(*) AS n FROM t; DELETE FROM t WHERE id > 3"
    const table = sql(db, [script])
    expect(table.stdout).toBe('2 rows inserted\nn\n-\n5\n(1 row)\n2 rows deleted\n')
    const csv = sql(db, [script, '--format', 'csv'])
    expect(csv.stdout).toBe('n\r\n5\r\n')
    expect(csv.stderr).toBe('2 rows inserted\n2 rows deleted\n')
  })

  it('several result sets follow one another in each format', () => {
    const two = 'SELECT 1 AS a; SELECT 2 AS b, NULL AS c'
    expect(sql(db, [two, '--format', 'json']).stdout).toBe('[{"a":1}]\n[{"b":2,"c":null}]\n')
    expect(sql(db, [two, '--format', 'jsonl']).stdout).toBe('{"a":1}\n{"b":2,"c":null}\n')
    expect(sql(db, [two, '--format', 'csv']).stdout).toBe('a\r\n1\r\n\r\nb,c\r\n2,\r\n')
    expect(sql(db, [two, '--format', 'tsv']).stdout).toBe('a\n1\n\nb\tc\n2\t\\N\n')
    expect(sql(db, [two, '--format', 'toon']).stdout).toBe('result[1]{a}:1\nresult[1]{b,c}:2,\n')
    expect(sql(db, [two]).stdout).toBe('a\n-\n1\n(1 row)\n\nb | c\n--+-----\n2 | NULL\n(1 row)\n')
  })

  it('an empty result set still has its header', () => {
    expect(sql(db, ['SELECT id, name FROM t WHERE id < 0', '--format', 'csv']).stdout).toBe('id,name\r\n')
    expect(sql(db, ['SELECT id FROM t WHERE id < 0', '--format', 'json']).stdout).toBe('[]\n')
    expect(sql(db, ['SELECT id FROM t WHERE id < 0', '--format', 'toon']).stdout).toBe('result[0]{id}:\n')
  })

  it('integers stay exact: beyond 2^53 a JSON string, digits everywhere else', () => {
    const q = 'SELECT 9007199254740993 AS big, -9223372036854775808 AS min, 7 AS small'
    expect(sql(db, [q, '--format', 'jsonl']).stdout).toBe('{"big":"9007199254740993","min":"-9223372036854775808","small":7}\n')
    expect(sql(db, [q, '--format', 'csv']).stdout).toBe('big,min,small\r\n9007199254740993,-9223372036854775808,7\r\n')
  })

  it('duplicate column names are all kept in JSON rows, in order', () => {
    expect(sql(db, ['SELECT 1 AS x, 2 AS x', '--format', 'jsonl']).stdout).toBe('{"x":1,"x":2}\n')
  })

  it('--json prints one document with every statement', () => {
    const r = sql(db, ["SELECT id, data FROM t WHERE id = 1; UPDATE t SET score = 3 WHERE id = 2; CREATE INDEX t_name ON t (name)", '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({
      db,
      statements: [
        {statement: 1, columns: ['id', 'data'], rows: [[1, {blob_b64: 'AP8='}]]},
        {statement: 2, verb: 'updated', count: 1, message: '1 row updated'},
        {statement: 3, message: expect.stringMatching(/t_name/)},
      ],
    })
  })
})
