// SQLite's limits instead of a crash (DESIGN.md invariant 11): a statement past the
// expression depth (1000) or the compound-term limit (500) is refused with exit 3 and
// SQLite's words before anything in the script runs; one just within them runs.
// Before these limits the deep ones ended in SIGSEGV (exit 139) with nothing printed.

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql} from '../helpers/sql.js'
import {freshDb} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())
const db = freshDb(t)

const chain = (term: string, op: string, n: number) => Array(n).fill(term).join(op)

describe('sql limits', () => {
  it.each([
    ['a flat sum of 10,000 terms', `SELECT ${chain('1', '+', 10_000)}`, 'Expression tree is too large (maximum depth 1000)'],
    ['10,000 ANDs', `SELECT 1 WHERE ${chain('1>0', ' AND ', 10_000)}`, 'Expression tree is too large (maximum depth 1000)'],
    ['10,000 concatenations', `SELECT ${chain("'a'", '||', 10_000)}`, 'Expression tree is too large (maximum depth 1000)'],
    ['a 10,000-way UNION', chain('SELECT 1', ' UNION ', 10_000), 'too many terms in compound SELECT (at most 500)'],
  ])('%s exits 3 and runs nothing', (_what, statement, words) => {
    // On stdin: a 10,000-way UNION is longer than one argument may be.
    const r = sql(db, ['--format', 'csv', '-'], `CREATE TABLE x (a); INSERT INTO x VALUES (1); ${statement}`)
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('statement 3')
    expect(r.stderr).toContain(words)
    // The statements before it did not run either: the table was never created.
    expect(sql(db, ['SELECT * FROM x']).code).toBe(4)
  })

  it('a sum of 1,000 terms and a 500-term UNION ALL run', () => {
    const r = sql(db, ['--format', 'csv', `SELECT ${chain('1', '+', 1000)} AS s; SELECT count(*) AS n FROM (${chain('SELECT 1', ' UNION ALL ', 500)})`])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('s\r\n1000\r\n\r\nn\r\n500\r\n')
  })
})
