// SIGKILL in the middle of a large `sql` statement, one committed straight into a
// segment (past half the WAL limit) rather than through the WAL. After each kill the
// statement is all there or not there at all; `checkpoint --verify` reports the
// database valid; and the next writer opens it, removes what the killed one left, and
// works.

import {cpSync, readdirSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {rng, tempDir} from '../helpers/data.js'
import {exited, freshDb, kv, spawnCli} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const DOUBLINGS = 19 // 2^19 = 524,288 rows of ~140 bytes: ~70 MB, well past 32 MiB
const ROWS = 2 ** DOUBLINGS
const KILLS = 8
const SEED = Number(process.env.CRASH_SEED ?? 20261202)
const COPY = 'INSERT INTO dst SELECT * FROM src'

let template: string

const count = (db: string, table: string) => {
  const r = kv(db, ['sql', `SELECT count(*) FROM ${table}`, '--format', 'tsv'])
  expect(r.code, r.stderr).toBe(0)
  return Number(r.stdout.trim().split('\n').at(-1))
}

beforeAll(() => {
  template = freshDb(t)
  const note = 'x'.repeat(120)
  const script = [
    'CREATE TABLE src (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, note TEXT)',
    'CREATE TABLE dst (id INTEGER PRIMARY KEY, v INTEGER NOT NULL, note TEXT)',
    `INSERT INTO src (v, note) VALUES (1, '${note}')`,
    ...Array.from({length: DOUBLINGS}, () => 'INSERT INTO src (v, note) SELECT v + id, note FROM src'),
  ].join(';\n')
  const r = kv(template, ['sql', script])
  expect(r.code, r.stderr).toBe(0)
  expect(count(template, 'src')).toBe(ROWS)
}, 120_000)

describe(`SIGKILL during a large INSERT … SELECT (seed ${SEED}; set CRASH_SEED to vary)`, () => {
  const next = rng(SEED)
  // The whole run takes ~0.4 s on a quiet machine (start-up ~0.15 s, the segment written
  // in the last ~0.1 s), longer on a busy one: spread the kills over 0.15–0.6 s.
  const delays = Array.from({length: KILLS}, () => Math.round(150 + next() * 450))

  it.each(delays.map((ms, i) => [i + 1, ms]))('kill #%i after %i ms', async (_n, ms) => {
    const db = freshDb(t)
    cpSync(template, db, {recursive: true})
    const child = spawnCli(['sql', '--db', db, COPY])
    const timer = setTimeout(() => child.kill('SIGKILL'), ms)
    const how = await exited(child)
    clearTimeout(timer)
    expect([0, 'SIGKILL']).toContain(how)

    const n = count(db, 'dst')
    console.log(`kill after ${ms} ms (${how}): ${n} of ${ROWS} rows copied`)
    expect([0, ROWS]).toContain(n)
    if (how === 0) expect(n).toBe(ROWS)
    expect(count(db, 'src')).toBe(ROWS)

    const verify = kv(db, ['checkpoint', '--verify', '--json'])
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    expect(JSON.parse(verify.stdout)).toMatchObject({valid: true, corrupted: []})

    // The next writer removes a half-written segment and carries on.
    const put = kv(db, ['sql', "INSERT INTO dst (v, note) VALUES (-1, 'after the crash')"])
    expect(put.code, put.stderr).toBe(0)
    expect(readdirSync(db).filter((f) => f.includes('.tmp-'))).toEqual([])
    expect(count(db, 'dst')).toBe(n + 1)
  })
})
