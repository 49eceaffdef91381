// query --db --table --where --select end to end: a Parquet file written by pyarrow
// becomes a table (sql --import --primary-key) and an index (build-index --id-column)
// in two commands, then filtered queries return exactly k rows that pass, with the
// selected columns in every format; and a larger table built here checks the answers
// against a brute-force filtered search, by the pool (many queries) and by one query.

import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {root, runCli} from '../helpers/cli.js'
import {bruteForce, clustered, row, tempDir, writeNpy} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const parquet = path.join(root, 'fixtures', 'parquet', 'emb_none.parquet')
const expected = new Float32Array(new Uint8Array(readFileSync(path.join(root, 'fixtures', 'parquet', 'emb.expected.f32'))).buffer)
const firstRow = Array.from(expected.subarray(0, 8)).join(',')

type Neighbour = {id: number; distance: number; row?: Record<string, unknown>}
type QueryDoc = {k: number; filter?: Record<string, unknown>; results: {query: number; search?: string; neighbors: Neighbour[]}[]}

function queryJson(args: string[]): QueryDoc {
  const r = runCli(['query', ...args, '--json'])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as QueryDoc
}

/** SQLite's upper(): ASCII letters only (naïve → NAïVE). */
function asciiUpper(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase())
}

/** Ids (as numbers) of the rows of `db` for which `where` holds. */
function passing(db: string, table: string, where: string): Set<number> {
  const out = sqlOk(db, `SELECT rowid FROM ${table} WHERE ${where}`, ['--format', 'csv']).stdout
  return new Set(out.trim().split(/\r?\n/).slice(1).map(Number))
}

describe('Parquet to a filtered query in two commands', () => {
  const db = freshDb(t)
  const index = t.file('docs.hnsw')
  const base = () => ['--index', index, '--vector', firstRow, '--db', db, '--table', 'docs']

  beforeAll(() => {
    expect(sql(db, ['--import', 'docs', parquet, '--primary-key', 'id', '--quiet']).code).toBe(0)
    const built = runCli(['build-index', '-i', parquet, '--column', 'emb', '--id-column', 'id', '-o', index, '--quiet'])
    expect(built.code, built.stderr).toBe(0)
  })

  it('returns exactly k rows that pass, nearest first, with the selected columns', () => {
    const where = 'flag = 1 AND score > -1'
    const ok = passing(db, 'docs', where)
    expect(ok.size).toBeGreaterThan(5)
    const doc = queryJson([...base(), '--where', where, '--select', 'name, upper(name) AS loud', '-k', '5'])
    expect(doc.filter).toMatchObject({table: 'docs', where, strategy: 'auto', rows_passing: ok.size, vectors_allowed: ok.size})
    const [only] = doc.results
    expect(only!.search).toBe('exact')
    expect(only!.neighbors).toHaveLength(5)
    const distances = only!.neighbors.map((n) => n.distance)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
    for (const n of only!.neighbors) {
      expect(ok.has(n.id)).toBe(true)
      const name = sqlOk(db, `SELECT name FROM docs WHERE id = ${n.id}`, ['--format', 'json']).stdout
      const expectedName = (JSON.parse(name) as [{name: string | null}])[0].name
      expect(n.row).toEqual({name: expectedName, loud: expectedName === null ? null : asciiUpper(expectedName)})
    }
  })

  it('a walk and a scan agree; fewer passing rows than k gives all of them', () => {
    const where = "name LIKE 'doc-1%'"
    const ok = passing(db, 'docs', where)
    const ids = (strategy: string) =>
      queryJson([...base(), '--where', where, '-k', '50', '--filter-strategy', strategy]).results[0]!.neighbors.map((n) => n.id)
    const exact = ids('exact')
    expect(new Set(exact)).toEqual(ok)
    expect(ids('graph')).toEqual(exact)
    expect(ids('auto')).toEqual(exact)
    const none = queryJson([...base(), '--where', '0'])
    expect(none.results[0]!.neighbors).toEqual([])
  })

  it('every text format carries the selected columns', () => {
    const args = [...base(), '--where', 'flag = 1', '--select', 'name, ts', '-k', '2']
    const tsv = runCli(['query', ...args, '--format', 'tsv'])
    expect(tsv.code, tsv.stderr).toBe(0)
    const lines = tsv.stdout.trim().split('\n')
    expect(lines[0]).toBe('query\trank\tid\tdistance\tname\tts')
    expect(lines).toHaveLength(3)
    expect(lines[1]!.split('\t')).toHaveLength(6)
    const table = runCli(['query', ...args])
    expect(table.stdout.split('\n')[0]).toMatch(/^query\s+rank\s+id\s+distance\s+name\s+ts$/)
    const jsonl = runCli(['query', ...args, '--format', 'jsonl'])
    const line = JSON.parse(jsonl.stdout) as {search: string; neighbors: Neighbour[]}
    expect(Object.keys(line.neighbors[0]!.row!)).toEqual(['name', 'ts'])
  })

  it('vector_search() in SQL answers as query --where does', () => {
    const where = 'flag = 1'
    const viaQuery = queryJson([...base(), '--where', where, '-k', '4']).results[0]!.neighbors.map((n) => n.id)
    const statement =
      `SELECT d.id, d.name, n.rank FROM vector_search('${index}', ?, 4, 'docs', '${where}') AS n ` +
      'JOIN docs d ON d.id = n.id ORDER BY n.rank'
    const r = sql(db, [statement, '--param', `[${firstRow}]`, '--format', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const rows = JSON.parse(r.stdout) as {id: number; rank: number}[]
    expect(rows.map((x) => x.id)).toEqual(viaQuery)
    expect(rows.map((x) => x.rank)).toEqual([1, 2, 3, 4])
  })

  it('--select without --where shows columns of the plain nearest', () => {
    const doc = queryJson([...base(), '--select', 'name', '-k', '3'])
    expect(doc.filter).toBeUndefined()
    expect(doc.results[0]!.search).toBeUndefined()
    expect(doc.results[0]!.neighbors.every((n) => n.row !== undefined && 'name' in n.row)).toBe(true)
  })

  it('bad flags and bad SQL exit with the documented codes and touch nothing', () => {
    const before = sqlOk(db, 'SELECT count(*), sum(id) FROM docs').stdout
    const cases: [string[], number, RegExp][] = [
      [['--index', index, '--vector', firstRow, '--where', 'flag = 1'], 2, /--where needs --db DIR and --table NAME/],
      [[...base(), '--select', 'name', '--format', 'npy'], 2, /--select adds columns a .npy file cannot hold/],
      [[...base(), '--where', 'flag = 1) OR (1'], 3, /--where: a `\)` closes a parenthesis/],
      [[...base(), '--where', 'flag = 1; DROP TABLE docs'], 3, /--where: give one expression/],
      [[...base(), '--where', 'flag ='], 3, /--where: sql parser error/],
      [[...base(), '--where', 'nope = 1'], 4, /--where: no such column: nope/],
      [[...base(), '--select', 'name FROM docs'], 3, /--select: `FROM` starts another clause/],
      [['--index', index, '--vector', firstRow, '--db', db, '--table', 'missing', '--where', '1'], 4, /--where: no such table: missing/],
      [['--index', index, '--vector', firstRow, '--db', t.file('no-db'), '--table', 'docs', '--where', '1'], 4, /no database/],
    ]
    for (const [args, code, message] of cases) {
      const r = runCli(['query', ...args])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code)
      expect(r.stderr).toMatch(message)
    }
    expect(sqlOk(db, 'SELECT count(*), sum(id) FROM docs').stdout).toBe(before)
  })
})

describe('filtered answers against a brute-force filtered search', () => {
  const n = 3000
  const d = 16
  const data = clustered(n, d, 41)
  const db = freshDb(t)
  const index = t.file('big.hnsw')
  const queries = 300 // above the pool threshold: the claimed-runs path answers them
  const qdata = clustered(queries, d, 42)

  beforeAll(() => {
    const input = writeNpy(t.file('big.npy'), data, [n, d])
    const built = runCli(['build-index', '-i', input, '-o', index, '--metric', 'l2', '--quiet'])
    expect(built.code, built.stderr).toBe(0)
    // Row i of the .npy has id i; its metadata: a bucket 0..9 and a cluster-correlated flag.
    const script = t.file('rows.sql')
    const values = Array.from({length: n}, (_, i) => `(${i}, ${(i * 7) % 10}, ${row(data, d, i)[0]! > 0 ? 1 : 0})`)
    writeFileSync(script, `CREATE TABLE items(id INTEGER PRIMARY KEY, bucket INTEGER, positive INTEGER);\nINSERT INTO items VALUES ${values.join(',')};\n`)
    expect(runCli(['sql', '--db', db, '--file', script, '--quiet']).code).toBe(0)
  })

  for (const where of ['bucket < 5', 'bucket = 3', 'positive = 1 AND bucket < 2']) {
    it(`recall@10 against the exact filtered top 10: ${where}`, () => {
      const ok = [...passing(db, 'items', where)]
      const q = writeNpy(t.file(`q-${where.length}.npy`), qdata, [queries, d])
      const doc = queryJson(['--index', index, '-q', q, '--db', db, '--table', 'items', '--where', where, '-k', '10', '--threads', '2'])
      const allowed = new Float32Array(ok.length * d)
      ok.forEach((id, j) => allowed.set(row(data, d, id), j * d))
      let hits = 0
      for (const r of doc.results) {
        expect(r.neighbors).toHaveLength(10)
        const truth = bruteForce(allowed, d, row(qdata, d, r.query), 10, 'l2').map((j) => ok[j]!)
        const got = new Set(r.neighbors.map((x) => x.id))
        hits += truth.filter((id) => got.has(id)).length
      }
      expect(hits / (10 * queries)).toBeGreaterThanOrEqual(0.95)
    })
  }
})
