// Counts in messages agree with their nouns: 1 row, 2 rows (kv import, export, put,
// a CSV line's fields, checkpoint --compact, info --db).

import {writeFileSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'
import {freshDb, kv} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

describe('singular and plural', () => {
  it('one of a thing is singular, two are plural', () => {
    const db = freshDb(t)
    const one = t.file('one.jsonl')
    writeFileSync(one, '{"key":"a","value":"x"}\n')
    expect(kv(db, ['kv', 'import', '-i', one, '--quiet']).stdout).toMatch(/^Imported 1 row from /)
    expect(kv(db, ['kv', 'export', '-o', t.file('one-out.jsonl'), '--quiet']).stdout).toMatch(/^Exported 1 entry to .* \(24 bytes\)/)
    expect(kv(db, ['kv', 'put', 'b', 'y']).stdout).toMatch(/^Put b \(1 byte\)/)
    expect(kv(db, ['kv', 'export', '-o', t.file('two-out.jsonl'), '--quiet']).stdout).toMatch(/^Exported 2 entries to /)

    const csv = t.file('bad.csv')
    writeFileSync(csv, 'key,value\nk\n')
    expect(kv(db, ['kv', 'import', '-i', csv, '--quiet']).stderr).toMatch(/line 2: 1 field where the header has 2/)

    const fresh = freshDb(t)
    expect(kv(fresh, ['kv', 'put', 'k', 'v']).code).toBe(0)
    expect(kv(fresh, ['checkpoint', '--compact']).stdout).toMatch(/Compacted 1 segment \(1 entry, \d+ bytes\) into 1 \(1 entry, \d+ bytes\)/)
    expect(runCli(['info', '--db', fresh]).stdout).toMatch(/segments: +1 \(1 entry\)/)

    // Progress on stderr (not a terminal: plain lines) counts one row as a row.
    const one32 = t.file('one.fvecs')
    writeFileSync(one32, Buffer.from(new Int32Array([2, 0, 0]).buffer))
    const c = runCli(['convert', '-i', one32, '-o', t.file('one.npy'), '--format', 'npy'])
    expect(c.code, c.stderr).toBe(0)
    expect(c.stderr).toContain('convert: converting 1 row\n')
  })
})
