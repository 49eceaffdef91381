// kv import and kv export end to end: JSONL and CSV in each mode, the export → import
// round trip, and a bad line: exit 3 naming it, with every earlier batch committed, or
// nothing with --atomic.

import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {freshDb, keyOf, keys, kv, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

function lines(file: string, docs: unknown[]): string {
  writeFileSync(file, docs.map((d) => (typeof d === 'string' ? d : JSON.stringify(d))).join('\n') + '\n')
  return file
}

describe('kv import', () => {
  it('JSONL {key, value}: strings as UTF-8, other JSON values as their JSON text', () => {
    const db = freshDb(t)
    const file = lines(t.file('kv.jsonl'), [
      {key: 'a', value: 'text'},
      {key: 'b', value: {nested: [1, 2]}},
      {key: 'c', value: 42},
      {key: 'd', value: null},
      {key: 7, value: 'numeric key'},
      '',
      {key: 'e', value_b64: Buffer.from([0, 255]).toString('base64')},
    ])
    const r = kv(db, ['kv', 'import', '--input', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({rows: 6, batches: 1, format: 'jsonl', atomic: false})
    expect(kv(db, ['kv', 'get', 'a']).stdout).toBe('text')
    expect(kv(db, ['kv', 'get', 'b']).stdout).toBe('{"nested":[1,2]}')
    expect(kv(db, ['kv', 'get', 'c']).stdout).toBe('42')
    expect(kv(db, ['kv', 'get', 'd']).stdout).toBe('null')
    expect(kv(db, ['kv', 'get', '7']).stdout).toBe('numeric key')
    expect(kv(db, ['kv', 'get', 'e']).stdoutBytes.equals(Buffer.from([0, 255]))).toBe(true)
  })

  it('JSONL whole records with --key-field: the line is the value', () => {
    const db = freshDb(t)
    const file = lines(t.file('users.jsonl'), ['{"id":"u1","name":"Ada"}', '{"id": 2, "name": "Bob"}'])
    expect(kv(db, ['kv', 'import', '-i', file, '--key-field', 'id', '--quiet']).code).toBe(0)
    expect(kv(db, ['kv', 'get', 'u1']).stdout).toBe('{"id":"u1","name":"Ada"}')
    expect(kv(db, ['kv', 'get', '2']).stdout).toBe('{"id": 2, "name": "Bob"}')
  })

  it('CSV key,value columns; and whole rows as JSON objects with --key-field', () => {
    const db = freshDb(t)
    const csv = t.file('kv.csv')
    writeFileSync(csv, 'key,value\r\nx,"one, two"\r\ny,"say ""hi""\nacross lines"\r\n\r\nz,\r\n')
    expect(kv(db, ['kv', 'import', '-i', csv, '--quiet']).code).toBe(0)
    expect(kv(db, ['kv', 'get', 'x']).stdout).toBe('one, two')
    expect(kv(db, ['kv', 'get', 'y']).stdout).toBe('say "hi"\nacross lines')
    expect(kv(db, ['kv', 'get', 'z']).stdout).toBe('')
    const rows = t.file('rows.csv')
    writeFileSync(rows, 'email,name,age\nada@x.org,Ada,36\nbob@x.org,"Bob, Jr",7\n')
    expect(kv(db, ['kv', 'import', '-i', rows, '--key-field', 'email', '--quiet']).code).toBe(0)
    expect(JSON.parse(kv(db, ['kv', 'get', 'bob@x.org']).stdout)).toEqual({email: 'bob@x.org', name: 'Bob, Jr', age: '7'})
  })

  it('commits in batches of --batch-size and checkpoints at the end', () => {
    const db = freshDb(t)
    const file = writeRecords(t.file('r2500.jsonl'), 2500)
    const r = kv(db, ['kv', 'import', '-i', file, '--batch-size', '1000', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc).toMatchObject({rows: 2500, batches: 3})
    expect(doc.checkpoint_lsn).toBe(doc.lsn)
    const info = JSON.parse(kv(db, ['info', '--json']).stdout.replace(/^[^{]*/, ''))
    expect(info).toMatchObject({keys: 2500, memtable_entries: 0, checkpoint_lsn: doc.lsn})
  })

  it('progress goes to stderr, never stdout', () => {
    const db = freshDb(t)
    const file = writeRecords(t.file('r100.jsonl'), 100)
    const r = kv(db, ['kv', 'import', '-i', file])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/kv import: importing/)
    expect(r.stdout).toMatch(/^Imported 100 rows from .* rows\/s\); checkpoint at LSN \d+\n$/)
  })

  describe('a bad line exits 3 naming it', () => {
    const good = (i: number) => JSON.stringify({key: keyOf(i), value: `v${i}`})
    const withBadLine = (bad: number, total: number, text = '{"key": "oops", "value": ') =>
      lines(
        t.file(`bad-${bad}-${total}.jsonl`),
        Array.from({length: total}, (_, i) => (i + 1 === bad ? text : good(i))),
      )

    it('earlier batches stay committed and the message says how many rows', () => {
      const db = freshDb(t)
      const r = kv(db, ['kv', 'import', '-i', withBadLine(2345, 3000), '--batch-size', '1000', '--quiet'])
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(/bad-2345-3000\.jsonl: line 2345: not valid JSON/)
      expect(r.stderr).toMatch(/first 2000 rows \(2 batches of 1000\) were imported/)
      expect(keys(db)).toEqual(Array.from({length: 2000}, (_, i) => keyOf(i)))
    })

    it('--atomic commits nothing', () => {
      const db = freshDb(t)
      const r = kv(db, ['kv', 'import', '-i', withBadLine(2345, 3000), '--batch-size', '1000', '--atomic', '--quiet'])
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(/line 2345: .*nothing was imported \(--atomic\)/)
      expect(keys(db)).toEqual([])
    })

    it('--atomic with good input imports everything', () => {
      const db = freshDb(t)
      const r = kv(db, ['kv', 'import', '-i', writeRecords(t.file('a.jsonl'), 1500), '--batch-size', '400', '--atomic', '--json'])
      expect(r.code, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toMatchObject({rows: 1500, atomic: true})
      expect(keys(db)).toHaveLength(1500)
    })

    it.each([
      ['[1, 2]', /line 3: expected a JSON object/],
      ['{"value": "no key"}', /line 3: no "key" field/],
      ['{"key": "k"}', /line 3: no "value" field/],
      ['{"key": "", "value": "v"}', /line 3: the key is empty/],
      ['{"key": null, "value": "v"}', /line 3: "key" must be a string or a number/],
      ['{"key": "k", "value_b64": "***"}', /line 3: "value_b64" must be a base64 string/],
    ])('%s', (text, message) => {
      const db = freshDb(t)
      const r = kv(db, ['kv', 'import', '-i', withBadLine(3, 5, text), '--quiet'])
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(message)
    })

    it('CSV: a row with the wrong number of fields, and a missing key column', () => {
      const db = freshDb(t)
      const csv = t.file('bad.csv')
      writeFileSync(csv, 'key,value\na,1\nb,2,3\n')
      const r = kv(db, ['kv', 'import', '-i', csv, '--quiet'])
      expect(r.code).toBe(3)
      expect(r.stderr).toMatch(/bad\.csv: line 3: 3 fields where the header has 2/)
      writeFileSync(csv, 'id,name\n1,a\n')
      expect(kv(db, ['kv', 'import', '-i', csv, '--quiet']).stderr).toMatch(/line 1: the header row has no "key" column/)
      expect(kv(db, ['kv', 'import', '-i', csv, '--key-field', 'nope', '--quiet']).stderr).toMatch(/no column "nope"/)
    })
  })

  it('a missing input → 4 and no database is created', () => {
    const db = freshDb(t)
    const r = kv(db, ['kv', 'import', '-i', t.file('absent.jsonl')])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/absent\.jsonl/)
    expect(existsSync(db)).toBe(false)
  })
})

describe('kv export', () => {
  it('round trip: export → import into a new database → identical export', () => {
    const db = freshDb(t)
    const file = writeRecords(t.file('rt.jsonl'), 3000)
    expect(kv(db, ['kv', 'import', '-i', file, '--batch-size', '700', '--quiet']).code).toBe(0)
    expect(kv(db, ['kv', 'put', 'bin', '-'], Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0a])).code).toBe(0)
    expect(kv(db, ['kv', 'put', 'text', 'line\nbreak "quoted" ✓']).code).toBe(0)
    expect(kv(db, ['kv', 'delete', keyOf(5)]).code).toBe(0)
    const out1 = t.file('out1.jsonl')
    const e = kv(db, ['kv', 'export', '--output', out1, '--json'])
    expect(e.code, e.stderr).toBe(0)
    expect(JSON.parse(e.stdout)).toMatchObject({rows: 3001 /* 3000 + 2 − 1 */, output: out1})

    const copy = freshDb(t)
    expect(kv(copy, ['kv', 'import', '-i', out1, '--quiet']).code).toBe(0)
    const out2 = t.file('out2.jsonl')
    expect(kv(copy, ['kv', 'export', '-o', out2, '--quiet']).code).toBe(0)
    expect(readFileSync(out2).equals(readFileSync(out1))).toBe(true)
    expect(kv(copy, ['kv', 'get', 'bin']).stdoutBytes.equals(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x0a]))).toBe(true)
    expect(kv(copy, ['kv', 'get', 'text']).stdout).toBe('line\nbreak "quoted" ✓')
    expect(kv(copy, ['kv', 'get', keyOf(5)]).code).toBe(4)
    // The input lines themselves come back unchanged (same keys, same values, same order).
    const original = readFileSync(file, 'utf8').trimEnd().split('\n')
    const exported = readFileSync(out1, 'utf8').trimEnd().split('\n')
    expect(exported.filter((l) => l.startsWith('{"key":"k'))).toEqual(original.filter((_, i) => i !== 5))
  })

  it('--prefix exports a subtree; a bad output directory → 7 and no file', () => {
    const db = freshDb(t)
    for (const k of ['a/1', 'a/2', 'b/1']) expect(kv(db, ['kv', 'put', k, k]).code).toBe(0)
    const out = t.file('a.jsonl')
    expect(kv(db, ['kv', 'export', '--prefix', 'a/', '-o', out, '--quiet']).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe('{"key":"a/1","value":"a/1"}\n{"key":"a/2","value":"a/2"}\n')
    const r = kv(db, ['kv', 'export', '-o', path.join(t.dir, 'no-such-dir', 'x.jsonl')])
    expect(r.code).toBe(7)
    expect(r.stderr).toMatch(/no-such-dir/)
    expect(readdirSync(t.dir).some((f) => f.includes('.tmp-'))).toBe(false)
  })
})
