// TOON output stays one line per table whatever the values hold, and reads back exactly
// (test/helpers/toon.ts is the reader): every byte 0x00-0xFF as kv values and keys, and
// every character U+0000-U+00FF as SQL text, NULL and the empty string kept apart.

import {writeFileSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql} from '../helpers/sql.js'
import {freshDb, kv} from '../helpers/store.js'
import {readToon} from '../helpers/toon.js'

const t = tempDir()
afterAll(() => t.cleanup())

const latin1 = String.fromCharCode(...Array.from({length: 256}, (_, i) => i))

/** The one line of a toon output, checked to be one line. */
function oneLine(stdout: string): string {
  expect(stdout.endsWith('\n')).toBe(true)
  expect(stdout.slice(0, -1)).not.toContain('\n')
  return stdout.slice(0, -1)
}

describe('kv scan --format toon', () => {
  it('round-trips every byte value, in values and in keys', () => {
    const db = freshDb(t)
    const expected = new Map<string, Buffer>()
    for (let b = 0; b < 256; b++) expected.set(Buffer.from([0x62, 0x2f, b]).toString('hex'), Buffer.from([b]))
    // Each byte inside text: U+0000-U+00FF as UTF-8 (0x80-0xFF as two bytes each).
    expected.set(Buffer.from('s/all').toString('hex'), Buffer.from(latin1, 'utf8'))
    expected.set(Buffer.from('s/empty').toString('hex'), Buffer.alloc(0))
    expected.set(Buffer.from('s/\n\r\t\0"\\,;{}').toString('hex'), Buffer.from('k\\"'))
    const file = t.file('bytes.jsonl')
    const lines = [...expected].map(([k, v]) => JSON.stringify({key_b64: Buffer.from(k, 'hex').toString('base64'), value_b64: v.toString('base64')}))
    writeFileSync(file, lines.join('\n') + '\n')
    expect(kv(db, ['kv', 'import', '-i', file, '--quiet']).code).toBe(0)

    const r = kv(db, ['kv', 'scan', '--format', 'toon'])
    expect(r.code, r.stderr).toBe(0)
    const table = readToon(oneLine(r.stdout))
    expect(table.name).toBe('kv')
    expect(table.fields).toEqual(['key', 'key_b64', 'value', 'value_b64'])
    const got = new Map<string, Buffer>()
    const bytes = (text?: string | null, b64?: string | null) => (text != null ? Buffer.from(text, 'utf8') : Buffer.from(b64 ?? '', 'base64'))
    for (const [key, keyB64, value, valueB64] of table.rows) got.set(bytes(key, keyB64).toString('hex'), bytes(value, valueB64))
    expect(got).toEqual(expected)
  })
})

describe('sql --format toon', () => {
  it('round-trips every character U+0000-U+00FF as text; NULL is an empty field, the empty string ""', () => {
    const db = freshDb(t)
    const quoted = `'${latin1.replaceAll("'", "''")}'`
    const script = t.file('latin1.sql')
    writeFileSync(
      script,
      `CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n TEXT); INSERT INTO t VALUES (1, ${quoted}, NULL), (2, '', 'x'), (3, 'a\nb', '');`,
    )
    expect(sql(db, ['--file', script]).code).toBe(0)
    const r = sql(db, ['SELECT id, s, n, length(s) FROM t ORDER BY id; SELECT s AS "we;ird\n" FROM t WHERE id = 3', '--format', 'toon'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[2]).toBe('')
    const first = readToon(lines[0]!)
    expect(first.fields).toEqual(['id', 's', 'n', 'length(s)'])
    expect(first.rows).toEqual([
      // length() counts the characters before the first NUL, as SQLite's does.
      ['1', latin1, null, '0'],
      ['2', '', 'x', '0'],
      ['3', 'a\nb', '', '3'],
    ])
    expect(readToon(lines[1]!)).toEqual({name: 'result', count: 1, fields: ['we;ird\n'], rows: [['a\nb']]})
  })
})
