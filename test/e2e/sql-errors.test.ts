// Failing statements: the exit code by class (3 bad SQL or constraint, 4 no such table
// or column), the statement, line and column with a caret, and the database left as
// it was before the statement (or the transaction).

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())
const db = freshDb(t)

const rows = () => sql(db, ['SELECT id, v FROM a ORDER BY id', '--format', 'csv']).stdout

beforeAll(() => {
  sqlOk(db, "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT UNIQUE NOT NULL); INSERT INTO a VALUES (1, 'x'), (2, 'y')")
})

describe('sql errors', () => {
  it('a syntax error exits 3 with statement, line, column and a caret', () => {
    const r = sql(db, ['SELECT 1;\nSELECT * FROM a\n  WHERE id = = 1'])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('statement 2 (SELECT * FROM a WHERE id = = 1)')
    expect(r.stderr).toContain(`at line 3, column 14:\n      WHERE id = = 1\n    ${' '.repeat(13)}^\n`)
    // Nothing runs when any statement fails to parse.
    expect(r.stdout).toBe('')
  })

  it('a missing table exits 4 pointing at its name', () => {
    const r = sql(db, ['SELECT v FROM a;\nSELECT * FROM\tnosuch'])
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('statement 2 (SELECT * FROM nosuch): no such table: nosuch')
    expect(r.stderr).toContain(`at line 2, column 15:\n    SELECT * FROM\tnosuch\n    ${' '.repeat(13)}\t^`)
    // The statement before it ran and its rows were printed.
    expect(r.stdout).toContain('(2 rows)')
  })

  it('a missing column exits 4', () => {
    const r = sql(db, ['SELECT id, nope FROM a'])
    expect(r.code).toBe(4)
    expect(r.stderr).toContain('no such column: nope')
    expect(r.stderr).toContain('at line 1, column 12')
  })

  it('a constraint violation exits 3 and leaves the table as it was', () => {
    const before = rows()
    const r = sql(db, ["INSERT INTO a VALUES (3, 'z'), (4, 'x')"])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('UNIQUE constraint failed: a.v')
    expect(r.stderr).toContain('at line 1, column 1')
    expect(rows()).toBe(before)
  })

  it('a failing statement inside BEGIN … COMMIT rolls back the whole transaction', () => {
    const before = rows()
    const r = sql(db, [
      "BEGIN;\nINSERT INTO a VALUES (10, 'p');\nUPDATE a SET v = 'q' WHERE id = 1;\nINSERT INTO a (id) VALUES (11);\nCOMMIT",
      '--format',
      'csv',
    ])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('statement 4')
    expect(r.stderr).toContain('NOT NULL constraint failed: a.v')
    expect(r.stderr).toContain('at line 4, column 1')
    expect(rows()).toBe(before)
  })

  it('statements before a failure stay done (each is atomic)', () => {
    const r = sql(db, ["INSERT INTO a VALUES (5, 'e'); INSERT INTO a VALUES (5, 'f')"])
    expect(r.code).toBe(3)
    expect(r.stdout).toBe('1 row inserted\n')
    expect(rows()).toContain('5,e')
  })

  it('--json puts code, exit, place and the statements that ran in one document', () => {
    const r = sql(db, ['SELECT 1 AS one; SELECT nosuch FROM a', '--json'])
    expect(r.code).toBe(4)
    const doc = JSON.parse(r.stdout)
    expect(doc.error).toMatchObject({code: 'NOT_FOUND', exit: 4, statement: 2, line: 1, column: 25})
    expect(doc.error.statements).toEqual([{statement: 1, columns: ['one'], rows: [[1]]}])
  })

  it('an unsupported statement exits 3, naming it', () => {
    const r = sql(db, ["ATTACH DATABASE 'x' AS y"])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain("not supported: the statement ATTACH DATABASE 'x' AS y")
  })
})
