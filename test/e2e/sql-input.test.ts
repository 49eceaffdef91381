// Where the SQL comes from (argument, --file, stdin) and typed --param values.

import {truncateSync, writeFileSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

describe('sql input', () => {
  const db = freshDb(t)

  it('--file runs a multi-line script with comments', () => {
    const file = t.file('setup.sql')
    writeFileSync(file, '-- the schema\nCREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL\n);\n/* rows */\nINSERT INTO users (name) VALUES (\'Ada\'), (\'Bob\');\n')
    const r = sql(db, ['--file', file])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('Table users created\n2 rows inserted\n')
  })

  it('- reads the script from stdin', () => {
    const r = sql(db, ['-', '--format', 'tsv'], "SELECT name FROM users ORDER BY id DESC;\n")
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('name\nBob\nAda\n')
  })

  it('a script too long for one string exits 3 saying what to do, before reading it', () => {
    const file = t.file('huge.sql')
    // Sparse: no disk space, no time; the size alone decides.
    writeFileSync(file, '')
    truncateSync(file, 0x1fffffe8 + 1)
    const r = sql(db, ['--file', file])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('huge.sql is 536,870,889 bytes')
    expect(r.stderr).toContain('split it into several files')
  })

  it('a missing --file exits 4 naming it', () => {
    const r = sql(db, ['--file', t.file('nope.sql')])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/nope\.sql/)
  })

  it('the SQL must come from exactly one place; an empty script is invalid', () => {
    expect(sql(db, []).code).toBe(2)
    expect(sql(db, ['SELECT 1', '--file', t.file('setup.sql')]).code).toBe(2)
    const empty = sql(db, ['  \n'])
    expect(empty.code).toBe(3)
    expect(empty.stderr).toMatch(/empty/)
  })
})

describe('--param', () => {
  const db = freshDb(t)

  it('values are typed: integer, real, null, text, and quoted text', () => {
    sqlOk(db, 'CREATE TABLE p (v)')
    const values = ['42', '-7', '1.5', '1e3', 'null', 'NULL', 'hello', "'42'", "''x''", '0x10', '9223372036854775808']
    const r = sql(db, [`INSERT INTO p VALUES ${values.map(() => '(?)').join(', ')}`, ...values.flatMap((v) => ['--param', v])])
    expect(r.code, r.stderr).toBe(0)
    const out = sql(db, ['SELECT typeof(v) AS type, v FROM p ORDER BY rowid', '--format', 'tsv'])
    expect(out.stdout).toBe(
      [
        'type\tv',
        'integer\t42',
        'integer\t-7',
        'real\t1.5',
        'real\t1000.0',
        'null\t\\N',
        'null\t\\N',
        'text\thello',
        'text\t42',
        "text\t'x'",
        'text\t0x10',
        'real\t9.2233720368547758e+18',
        '',
      ].join('\n'),
    )
  })

  it('a number parameter compares as a number; ?N names the N-th value', () => {
    sqlOk(db, 'CREATE TABLE n (id INTEGER PRIMARY KEY, x INTEGER); INSERT INTO n VALUES (1, 10), (2, 20), (3, 30)')
    const r = sql(db, ['SELECT id FROM n WHERE x > ? AND x < ?2 ORDER BY id', '-p', '10', '-p', '35', '--format', 'csv'])
    expect(r.stdout).toBe('id\r\n2\r\n3\r\n')
  })

  it('more values than placeholders exits 3', () => {
    const r = sql(db, ['SELECT ?', '--param', '1', '--param', '2'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/2 parameter value\(s\) given but the SQL has 1 placeholder/)
  })
})
