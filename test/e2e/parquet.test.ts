// Parquet end to end, on files pyarrow wrote (fixtures/parquet, from
// fixtures/make-parquet.py): build-index, query, convert and info on a list column,
// with --column and --id-column; and sql --import of Parquet, CSV and JSONL, with the
// exit codes and messages of bad input and nothing half-written.

import {copyFileSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {root, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const fixture = (name: string) => path.join(root, 'fixtures', 'parquet', name)
const CODECS = ['none', 'snappy', 'gzip', 'zstd', 'lz4', 'brotli']
const expected = new Float32Array(new Uint8Array(readFileSync(fixture('emb.expected.f32'))).buffer)
const firstRow = Array.from(expected.subarray(0, 8)).join(',')

function json(args: string[]): Record<string, unknown> {
  const r = runCli([...args, '--json'])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Record<string, unknown>
}

function fails(args: string[], exit: number, message: RegExp | string): void {
  const r = runCli([...args, '--quiet'])
  expect(r.code, r.stderr).toBe(exit)
  expect(r.stderr).toMatch(message)
}

describe('vectors from Parquet', () => {
  it('build-index reads every codec, ids from --id-column; the nearest to row 0 is its id', () => {
    const db = freshDb(t)
    expect(sql(db, ['--import', 'docs', fixture('emb_none.parquet'), '--quiet']).code).toBe(0)
    const id0 = sqlOk(db, 'SELECT id FROM docs WHERE rowid = 1', ['--format', 'csv']).stdout.split(/\r?\n/)[1]
    for (const codec of CODECS) {
      const index = t.file(`${codec}.hnsw`)
      const built = json(['build-index', '-i', fixture(`emb_${codec}.parquet`), '--id-column', 'id', '-o', index, '--metric', 'l2', '--threads', '1'])
      expect(built).toMatchObject({vectors: 50, dimension: 8, zero_copy_input: false})
      const hits = json(['query', '--index', index, '--vector', firstRow, '-k', '1'])
      expect(JSON.stringify(hits)).toContain(`"id":${id0}`)
    }
  })

  it('by magic with no extension, forced with --input-format, and on stdin', () => {
    const plain = t.file('vectors-without-extension')
    copyFileSync(fixture('f16.parquet'), plain)
    expect(json(['info', '--input', plain])).toMatchObject({format: 'parquet', dtype: 'float16', column: 'emb', row_groups: 4, shape: [50, 8]})
    expect(json(['build-index', '-i', plain, '--input-format', 'parquet', '-o', t.file('f16.hnsw')])).toMatchObject({vectors: 50})
    const r = runCli(['build-index', '-i', '-', '-o', t.file('stdin.hnsw'), '--json'], {input: readFileSync(fixture('f64.parquet'))})
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({vectors: 50, dimension: 8})
  })

  it('convert writes the values pyarrow wrote; info prints the column and row groups', () => {
    const out = t.file('emb.f32')
    const r = runCli(['convert', '-i', fixture('large_list.parquet'), '-o', out, '--format', 'raw_f32'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/\(parquet\) → .* \(raw_f32\): 50 rows × 8/)
    expect(readFileSync(out)).toEqual(readFileSync(fixture('emb.expected.f32')))
    const b = runCli(['convert', '-i', fixture('two_vectors.parquet'), '--column', 'b', '-o', t.file('b.npy'), '--format', 'npy', '--json'])
    expect(JSON.parse(b.stdout)).toMatchObject({rows: 50, dimension: 4})
    const info = runCli(['info', '--input', fixture('emb_brotli.parquet')])
    expect(info.stdout).toMatch(/format:\s+parquet/)
    expect(info.stdout).toMatch(/column:\s+emb/)
    expect(info.stdout).toMatch(/row groups:\s+4/)
  })

  it('bad vectors, columns and ids: exit 3 or 4 naming the row or column', () => {
    const out = ['-o', t.file('bad.hnsw')]
    fails(['build-index', '-i', fixture('null_vector.parquet'), ...out], 3, 'column emb, row 20 is null')
    fails(['build-index', '-i', fixture('null_element.parquet'), ...out], 3, 'column emb, row 37, element 3 is null')
    fails(['build-index', '-i', fixture('ragged.parquet'), ...out], 3, 'row 33 has 5 values but row 0 has 8')
    fails(['build-index', '-i', fixture('two_vectors.parquet'), ...out], 3, 'has 2 vector columns (a, b); choose one with --column')
    fails(['build-index', '-i', fixture('two_vectors.parquet'), '--column', 'nope', ...out], 4, 'no column nope (columns: a, b)')
    fails(['build-index', '-i', fixture('ids_dup.parquet'), '--id-column', 'id', ...out], 3, /id \d+ appears at rows 3 and 30/)
    fails(['build-index', '-i', fixture('ids_neg.parquet'), '--id-column', 'id', ...out], 3, 'row 12 has negative id -5')
    fails(['build-index', '-i', fixture('emb_none.parquet'), '--id-column', 'name', ...out], 3, 'ids must be an int32 or int64 column')
    fails(['build-index', '-i', path.join(root, 'fixtures', 'demo', 'emb.npy'), '--id-column', 'id', ...out], 3, '--id-column id applies to Parquet input only')
    fails(['build-index', '-i', fixture('emb_none.parquet'), '--id-column', 'id', '--ids', 'x.npy', ...out], 2, 'cannot also be provided')
    const info = runCli(['info', '--input', fixture('no_vectors.parquet')])
    expect(info.code).toBe(3)
    expect(info.stderr).toContain('has no column that is a list of float32, float16 or float64')
  })
})

describe('sql --import', () => {
  it('Parquet of every codec into a new table; --json gives the document', () => {
    for (const codec of CODECS) {
      const db = freshDb(t)
      const doc = json(['sql', '--db', db, '--import', 'docs', fixture(`emb_${codec}.parquet`)])
      expect(doc).toMatchObject({table: 'docs', format: 'parquet', rows: 50, batches: 1, atomic: true, created: true, renamed: {}})
      expect(doc.columns).toEqual(['id', 'emb', 'count', 'score', 'name', 'flag', 'ts', 'small', 'raw'])
      const r = sqlOk(db, 'SELECT count(*), sum(length(emb)), min(ts), typeof(min(score)) FROM docs', ['--format', 'tsv'])
      expect(r.stdout.split('\n')[1]).toBe('50\t1600\t2024-03-01 12:00:00.000\treal')
    }
  })

  it('says how many rows, in the singular for one; CSV like sqlite3 and renamed columns noted', () => {
    const db = freshDb(t)
    const csv = t.file('one.csv')
    writeFileSync(csv, 'id,unit price\n1,"2,5"\n')
    const r = sql(db, ['--import', 'prices', csv, '--quiet'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Imported 1 row from .*one\.csv \(csv\) into new table prices \(2 columns\)/)
    expect(r.stderr).toContain('column "unit price" of')
    expect(r.stderr).toContain('imported as unit_price')
    expect(sqlOk(db, 'SELECT typeof(id), unit_price FROM prices', ['--format', 'csv']).stdout).toBe('typeof(id),unit_price\r\ntext,"2,5"\r\n')
    // Into an existing typed table by column name: its affinity converts the text.
    sqlOk(db, 'CREATE TABLE typed (unit_price TEXT, id INTEGER PRIMARY KEY)')
    expect(sql(db, ['--import', 'typed', csv, '--quiet']).code).toBe(0)
    expect(sqlOk(db, 'SELECT id, typeof(id) FROM typed', ['--format', 'csv']).stdout).toBe('id,typeof(id)\r\n1,integer\r\n')
  })

  it('JSONL (and .ndjson, stdin with --import-format) by the first object', () => {
    const db = freshDb(t)
    const lines = '{"k": 1, "v": "a", "x": [1, 2]}\n{"k": 2}\n'
    const file = t.file('e.ndjson')
    writeFileSync(file, lines)
    expect(json(['sql', '--db', db, '--import', 'ev', file])).toMatchObject({rows: 2, format: 'jsonl', columns: ['k', 'v', 'x']})
    const r = runCli(['sql', '--db', db, '--import', 'ev', '-', '--import-format', 'jsonl', '--json'], {input: lines})
    expect(JSON.parse(r.stdout)).toMatchObject({rows: 2, created: false, file: '-'})
    expect(sqlOk(db, 'SELECT count(*), count(v), max(x) FROM ev', ['--format', 'csv']).stdout).toBe('count(*),count(v),max(x)\r\n4,2,"[1,2]"\r\n')
  })

  it('a bad row: exit 3 naming the file and line; one transaction leaves nothing, batches leave whole batches', () => {
    const db = freshDb(t)
    const csv = t.file('bad.csv')
    writeFileSync(csv, 'a,b\n' + Array.from({length: 7}, (_, i) => `${i},x\n`).join('') + '7,x,extra\n')
    const r = sql(db, ['--import', 't', csv, '--quiet'])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(`${csv}: line 9: 3 fields where the header has 2. Nothing was imported (one transaction), and table t was not created`)
    expect(sql(db, ['SELECT * FROM t']).code).toBe(4)
    const batched = sql(db, ['--import', 't', csv, '--batch-size', '3', '--quiet'])
    expect(batched.code).toBe(3)
    expect(batched.stderr).toContain('The first 6 rows (2 batches of 3) were imported and committed; the rest were not')
    expect(sqlOk(db, 'SELECT count(*) FROM t', ['--format', 'csv']).stdout).toBe('count(*)\r\n6\r\n')
    const vectors = sql(db, ['--import', 'v', fixture('null_element.parquet'), '--quiet'])
    expect(vectors.code).toBe(3)
    expect(vectors.stderr).toContain('row 37, column emb, element 3 is null')
  })

  it('usage and missing files', () => {
    const db = freshDb(t)
    expect(sql(db, ['--import', 't']).code).toBe(2)
    expect(sql(db, ['SELECT 1', '--batch-size', '3']).code).toBe(2)
    expect(sql(db, ['--import', 't', fixture('emb_none.parquet'), '--param', '1']).code).toBe(2)
    const missing = sql(db, ['--import', 't', t.file('nope.csv'), '--quiet'])
    expect(missing.code).toBe(4)
    const txt = t.file('data.txt')
    writeFileSync(txt, 'a\n1\n')
    const unknown = sql(db, ['--import', 't', txt, '--quiet'])
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toContain('give --import-format parquet|csv|jsonl')
    expect(sql(db, ['--import', 't', txt, '--import-format', 'csv', '--quiet']).code).toBe(0)
    expect(sql(db, ['--import', 'select', txt, '--import-format', 'csv', '--quiet']).stderr).toContain('is not a plain SQL name')
  })
})
