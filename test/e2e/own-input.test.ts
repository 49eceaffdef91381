// Invariant 11: a command never writes over one of its own inputs. An output that is an
// input — the same path, a symlink to it, or a hard link (same st_dev and st_ino) — is
// refused with exit 2 before any work, and the input is byte-identical afterwards.

import {linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {clustered, tempDir, writeNpy} from '../helpers/data.js'
import {freshDb, kv, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

let dirs = 0
/** A directory holding only `base.npy`, and the same file reached three ways. */
function setup(): {dir: string; input: string; ways: Array<[string, string]>} {
  const dir = t.file(`case-${++dirs}`)
  mkdirSync(dir)
  const input = writeNpy(path.join(dir, 'base.npy'), clustered(50, 4, 3), [50, 4])
  const sym = path.join(dir, 'sym.npy')
  symlinkSync(input, sym)
  const hard = path.join(dir, 'hard.npy')
  linkSync(input, hard)
  return {dir, input, ways: [['same path', input], ['symlink', sym], ['hard link', hard]]}
}

function expectRefused(r: ReturnType<typeof runCli>, input: string, before: Buffer): void {
  expect(r.code, r.stderr).toBe(2)
  expect(r.stderr).toMatch(/is the same file as --(input|ids|index|query)/)
  expect(readFileSync(input).equals(before)).toBe(true)
}

describe.each(['build-index', 'convert'])('%s', (command) => {
  it.each(['same path', 'symlink', 'hard link'])('output = input by %s → 2, input untouched', (how) => {
    const {dir, input, ways} = setup()
    const before = readFileSync(input)
    const output = ways.find(([w]) => w === how)![1]
    const extra = command === 'convert' ? ['--format', 'npy'] : []
    const r = runCli([command, '-i', input, '-o', output, ...extra])
    expectRefused(r, input, before)
    expect(readdirSync(dir).sort()).toEqual(['base.npy', 'hard.npy', 'sym.npy'])
  })
})

describe('other inputs', () => {
  it('build-index --ids is an input too', () => {
    const {input} = setup()
    const ids = writeNpy(t.file('ids.npy'), BigInt64Array.from({length: 50}, (_, i) => BigInt(i)), [50])
    const before = readFileSync(ids)
    expectRefused(runCli(['build-index', '-i', input, '--ids', ids, '-o', ids]), ids, before)
  })

  it('kv export over a file of the database → 2, the database intact', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'import', '-i', writeRecords(t.file('r.jsonl'), 20), '--quiet']).code).toBe(0)
    const files = readdirSync(db, {recursive: true, encoding: 'utf8'}).filter((n) => statSync(path.join(db, n)).isFile())
    expect(files.length).toBeGreaterThan(2)
    for (const name of files) {
      const file = path.join(db, name)
      const before = readFileSync(file)
      const r = kv(db, ['kv', 'export', '-o', file])
      expect(r.code, `${name}: ${r.stderr}`).toBe(2)
      expect(r.stderr).toMatch(/is a file of --db/)
      expect(readFileSync(file).equals(before)).toBe(true)
    }
    expect(runCli(['checkpoint', '--verify', '--db', db, '--json']).code).toBe(0)
  })
})
