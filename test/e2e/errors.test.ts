// Bad input, end to end: the exit code of DESIGN.md, a message naming the file, and
// nothing destroyed — the output path holds what it held before, and no partial file.

import {chmodSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {clustered, tempDir, writeNpy} from '../helpers/data.js'

const t = tempDir()
const d = 8
let good: string
let index: string

beforeAll(() => {
  good = writeNpy(t.file('good.npy'), clustered(200, d, 1), [200, d])
  index = t.file('good.hnsw')
  const r = runCli(['build-index', '-i', good, '-o', index, '--quiet'])
  expect(r.code, r.stderr).toBe(0)
})
afterAll(() => t.cleanup())

/** Build into a fresh output that already holds "previous"; check it survives. */
function buildFails(args: string[], exit: number, message: RegExp): void {
  const out = t.file(`out-${Math.random().toString(36).slice(2)}.hnsw`)
  writeFileSync(out, 'previous')
  const before = readdirSync(t.dir).sort()
  const r = runCli(['build-index', ...args, '-o', out, '--quiet'])
  expect(r.code, r.stderr).toBe(exit)
  expect(r.stderr).toMatch(message)
  expect(readFileSync(out, 'utf8')).toBe('previous')
  expect(readdirSync(t.dir).sort()).toEqual(before)
}

describe('exit codes and messages', () => {
  it('unknown flag → 2', () => {
    const r = runCli(['build-index', '--input', good, '--output', t.file('x.hnsw'), '--no-such-flag'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/no-such-flag/)
    expect(existsSync(t.file('x.hnsw'))).toBe(false)
  })

  it('a usage error points to the help of the command as it is typed, once', () => {
    const r = runCli(['kv', 'get', 'k', '--db', t.file('absent-db'), '--no-such-flag'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('See `sochdb-bulk kv get --help`.')
    expect(r.stderr).not.toContain('See more help')
  })

  it('unknown command → 2, naming the commands that come close', () => {
    const r = runCli(['kv', 'gett', '--db', t.file('db')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/command "kv gett" not found/)
    expect(r.stderr).toMatch(/kv get/)
    expect(existsSync(t.file('db'))).toBe(false)
    const other = runCli(['nosuch'])
    expect(other.code).toBe(2)
    expect(other.stderr).toMatch(/command "nosuch" not found/)
  })

  // oclif reads `build-index emb.npy` as a command "build-index emb.npy": the message
  // must name the stray argument and the flag it belongs to, not a missing command.
  it.each([
    [['build-index', 'emb.npy'], /"emb\.npy".*build-index[\s\S]*--input emb\.npy/],
    [['convert', 'a.npy', 'b.f32'], /"a\.npy".*convert[\s\S]*--input a\.npy --output b\.f32/],
    [['kv', 'export', 'out.jsonl'], /"out\.jsonl".*kv export[\s\S]*--output \(-o\), --db/],
    [['checkpoint', './data'], /"\.\/data".*checkpoint[\s\S]*--db/],
  ])('a stray argument %j → 2, naming the flag that takes it', (argv, message) => {
    const r = runCli(argv)
    expect(r.code).toBe(2)
    expect(r.stderr.replace(/\s*›\s*/g, ' ')).toMatch(message)
    expect(r.stderr).not.toMatch(/not found/)
  })

  it('missing required flag → 2', () => {
    const r = runCli(['build-index', '--input', good])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/output/)
  })

  it('invalid option value → 2', () => {
    const r = runCli(['build-index', '-i', good, '-o', t.file('x.hnsw'), '--metric', 'hamming'])
    expect(r.code).toBe(2)
  })

  it('missing input file → 4', () => buildFails(['-i', t.file('absent.npy')], 4, /absent\.npy/))

  it('bad npy magic → 3', () => {
    const bad = t.file('bad-magic.npy')
    writeFileSync(bad, Buffer.alloc(256, 7))
    buildFails(['-i', bad], 3, /bad-magic\.npy/)
  })

  it('raw size not a multiple of 4·D → 3', () => {
    const raw = t.file('odd.f32')
    writeFileSync(raw, Buffer.alloc(4 * d * 10 + 6))
    buildFails(['-i', raw, '-d', String(d)], 3, /odd\.f32/)
  })

  it('raw without --dimension → 3', () => {
    const raw = t.file('nodim.f32')
    writeFileSync(raw, Buffer.alloc(4 * d * 10))
    buildFails(['-i', raw], 3, /dimension/)
  })

  it('a dimension past 65,535 → 3 (the limit the README gives)', () => {
    const wide = t.file('wide.f32')
    writeFileSync(wide, Buffer.alloc(2 * 65_536 * 4, 0x3f))
    buildFails(['-i', wide, '-d', '65536'], 3, /wide\.f32: dimension 65536 is more than an index holds \(at most 65535\)/)
  })

  it('NaN in the input → 3 naming the file and the row', () => {
    const data = clustered(50, d, 2)
    data[17 * d + 3] = Number.NaN
    const nan = writeNpy(t.file('nan.npy'), data, [50, d])
    buildFails(['-i', nan], 3, /nan\.npy: row 17, column 3 is NaN/)
  })

  it('empty input → 3', () => {
    const empty = writeNpy(t.file('empty.npy'), new Float32Array(0), [0, d])
    buildFails(['-i', empty], 3, /empty\.npy/)
  })

  it('k ≤ 0 → 3', () => {
    const r = runCli(['query', '--index', index, '--vector', Array(d).fill('0.5').join(','), '--k', '0'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/--k/)
  })

  it('query dimension mismatch → 3', () => {
    const r = runCli(['query', '--index', index, '--vector', '1,2,3'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/dimension 3.*dimension 8/)
  })

  it('missing index → 4', () => {
    const r = runCli(['query', '--index', t.file('nope.hnsw'), '--vector', '1,2'])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/nope\.hnsw/)
  })

  it('corrupt index (bad magic) → 5', () => {
    const bad = t.file('garbage.hnsw')
    writeFileSync(bad, Buffer.alloc(4096, 1))
    const r = runCli(['query', '--index', bad, '--vector', Array(d).fill('0').join(',')])
    expect(r.code).toBe(5)
    expect(r.stderr).toMatch(/garbage\.hnsw/)
  })

  it('truncated index → 5 naming the section', () => {
    const bytes = readFileSync(index)
    const cut = t.file('cut.hnsw')
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100))
    for (const cmd of [['query', '--index', cut, '--vector', Array(d).fill('0').join(',')], ['info', '--index', cut]]) {
      const r = runCli(cmd)
      expect(r.code, r.stderr).toBe(5)
      expect(r.stderr).toMatch(/cut\.hnsw.*section/)
    }
  })

  it('flipped byte in a section → info exits 5 naming it', () => {
    const bytes = Buffer.from(readFileSync(index))
    bytes[bytes.length - 3]! ^= 0xff
    const flipped = t.file('flipped.hnsw')
    writeFileSync(flipped, bytes)
    expect(runCli(['info', '--index', flipped]).code).toBe(0) // opening reads no section
    const r = runCli(['info', '--index', flipped, '--verify'])
    expect(r.code).toBe(5)
    expect(r.stderr).toMatch(/checksum/)
  })

  it('output under a path that is not a directory → 7', () => {
    const r = runCli(['build-index', '-i', good, '-o', `${good}/sub/out.hnsw`, '--quiet'])
    expect(r.code).toBe(7)
    expect(r.stderr).toMatch(/does not exist|not a directory/)
  })

  it.skipIf(process.getuid?.() === 0)('unwritable output directory → 7, previous file intact', () => {
    // (root ignores directory permissions, hence the skip when tests run as root)
    const dir = tempDir()
    writeFileSync(dir.file('out.hnsw'), 'previous')
    chmodSync(dir.dir, 0o500)
    try {
      const r = runCli(['build-index', '-i', good, '-o', dir.file('out.hnsw'), '--quiet'])
      expect(r.code).toBe(7)
      expect(readFileSync(dir.file('out.hnsw'), 'utf8')).toBe('previous')
      expect(readdirSync(dir.dir)).toEqual(['out.hnsw'])
    } finally {
      chmodSync(dir.dir, 0o700)
      dir.cleanup()
    }
  })
})
