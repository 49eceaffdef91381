// SIGKILL in the middle of `kv import`, many times at seeded random moments. After each
// kill: the database opens, holds exactly the first N rows of the input for some N that
// is a whole number of batches (or all of them), byte for byte; `checkpoint --verify`
// reports it valid; and the next writer opens it (cutting any torn tail) and works.

import {readFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {rng, tempDir} from '../helpers/data.js'
import {exited, freshDb, kv, spawnCli, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const ROWS = 400_000
const BATCH = 1000
const KILLS = 8
const SEED = Number(process.env.CRASH_SEED ?? 20240611)

let input: string
let inputLines: string[]

beforeAll(() => {
  input = writeRecords(t.file('crash.jsonl'), ROWS, 11, 60)
  inputLines = readFileSync(input, 'utf8').trimEnd().split('\n')
})

describe(`SIGKILL during kv import (seed ${SEED}; set CRASH_SEED to vary)`, () => {
  const next = rng(SEED)
  // Start-up takes ~0.3–0.6 s on a busy machine and the import of 400K rows ~1.5–3 s: spread the kills
  // from before the store opens to around the end.
  const delays = Array.from({length: KILLS}, () => Math.round(250 + next() * 1600))

  it.each(delays.map((ms, i) => [i + 1, ms]))('kill #%i after %i ms', async (_n, ms) => {
    const db = freshDb(t)
    const child = spawnCli(['kv', 'import', '--db', db, '-i', input, '--batch-size', String(BATCH), '--quiet'])
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    const how = await exited(child)
    clearTimeout(timer)
    expect([0, 'SIGKILL']).toContain(how)

    // The store opened before the kill (or the kill came before it was created).
    const scan = kv(db, ['kv', 'scan', '--format', 'jsonl'])
    if (scan.code === 4) {
      expect(scan.stderr).toMatch(/no database/)
      console.log(`kill after ${ms} ms: before the database was created`)
      return
    }
    expect(scan.code, scan.stderr).toBe(0)
    const got = scan.stdout === '' ? [] : scan.stdout.trimEnd().split('\n')
    const n = got.length
    console.log(`kill after ${ms} ms (${how}): ${n} of ${ROWS} rows`)
    // A prefix of the input, in order, value for value, made of whole batches.
    expect(got).toEqual(inputLines.slice(0, n))
    expect(n % BATCH === 0 || n === ROWS, `${n} rows is not a whole number of batches`).toBe(true)
    if (how === 0) expect(n).toBe(ROWS)

    const verify = kv(db, ['checkpoint', '--verify', '--json'])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({valid: true, corrupted: []})

    // The next writer recovers and works; nothing already there is lost.
    const put = kv(db, ['kv', 'put', 'after-crash', 'ok'])
    expect(put.code, put.stderr).toBe(0)
    const again = kv(db, ['kv', 'scan', '--keys-only', '--format', 'tsv', '--prefix', 'k'])
    expect(again.stdout === '' ? 0 : again.stdout.trimEnd().split('\n').length).toBe(n)
    expect(kv(db, ['kv', 'get', 'after-crash']).stdout).toBe('ok')
  })
})
