// Where query's results go: `-o -` is stdout for every format; an output is never one
// of the inputs; --json with --output writes the files too and says where; the npy pair
// is replaced together or not at all; dead runs' temps are cleared.

import {spawnSync} from 'node:child_process'
import {linkSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {parse} from 'npyjs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli, type Run} from '../helpers/cli.js'
import {clustered, tempDir, writeNpy} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())

const d = 8
let input: string
let queries: string
let index: string
beforeAll(() => {
  input = writeNpy(t.file('base.npy'), clustered(300, d, 11), [300, d])
  queries = writeNpy(t.file('q.npy'), clustered(4, d, 12), [4, d])
  index = t.file('x.hnsw')
  expect(runCli(['build-index', '-i', input, '-o', index, '--quiet']).code).toBe(0)
})

let dirs = 0
function fresh(): string {
  const dir = t.file(`d-${++dirs}`)
  mkdirSync(dir)
  return dir
}

const query = (extra: string[], cwd?: string): Run => runCli(['query', '--index', index, '-q', queries, '--k', '3', ...extra], {cwd})

describe('-o -', () => {
  it.each(['table', 'json', 'jsonl', 'tsv', 'npy'])('--format %s: as without -o, and no file named -', (format) => {
    const cwd = fresh()
    const plain = query(['--format', format], cwd)
    const dash = query(['--format', format, '-o', '-'], cwd)
    expect(dash.code, dash.stderr).toBe(0)
    const strip = (b: Buffer) => b.toString('latin1').replace(/"elapsed_seconds": [\d.e-]+/g, '')
    expect(strip(dash.stdoutBytes)).toBe(strip(plain.stdoutBytes))
    expect(readdirSync(cwd)).toEqual([])
  })

  it('-o - with --json → 2', () => {
    expect(query(['--format', 'tsv', '-o', '-', '--json']).code).toBe(2)
  })
})

describe('an output that is an input → 2, the input untouched', () => {
  it.each([
    ['--index', () => index],
    ['--query', () => queries],
  ])('-o is %s', (_flag, file) => {
    const before = readFileSync(file())
    const r = query(['--format', 'tsv', '-o', file()])
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toMatch(/is the same file as --(index|query)/)
    expect(readFileSync(file()).equals(before)).toBe(true)
  })

  it('one of the npy pair <prefix>.ids.npy is the query file (a hard link)', () => {
    const dir = fresh()
    const pairQuery = path.join(dir, 'res.ids.npy')
    linkSync(queries, pairQuery)
    const before = readFileSync(queries)
    const r = runCli(['query', '--index', index, '-q', pairQuery, '--format', 'npy', '-o', path.join(dir, 'res')])
    expect(r.code, r.stderr).toBe(2)
    expect(readFileSync(queries).equals(before)).toBe(true)
  })
})

describe('--json with --output', () => {
  it('--format npy: both files written, the document lists them', () => {
    const prefix = path.join(fresh(), 'res')
    const r = query(['--format', 'npy', '-o', `${prefix}.npy`, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.outputs).toEqual([`${prefix}.ids.npy`, `${prefix}.distances.npy`])
    expect(doc.count).toBe(4)
    const ids = parse(new Uint8Array(readFileSync(`${prefix}.ids.npy`)).buffer)
    expect(ids.shape).toEqual([4, 3])
    expect(Number((ids.data as BigInt64Array)[4])).toBe(doc.results[1].neighbors[1].id)
  })

  it('--format tsv: the file written, the document on stdout', () => {
    const out = path.join(fresh(), 'res.tsv')
    const r = query(['--format', 'tsv', '-o', out, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).outputs).toEqual([out])
    expect(readFileSync(out, 'utf8')).toBe(query(['--format', 'tsv']).stdout)
  })
})

describe('the npy pair', () => {
  it('a failure writing the pair leaves the old pair as it was and no temp file', () => {
    const dir = fresh()
    const prefix = path.join(dir, 'res')
    writeFileSync(`${prefix}.ids.npy`, 'old ids')
    mkdirSync(`${prefix}.distances.npy`) // the second target cannot be written
    const r = query(['--format', 'npy', '-o', prefix])
    expect(r.code).toBe(7)
    expect(readFileSync(`${prefix}.ids.npy`, 'utf8')).toBe('old ids')
    expect(readdirSync(dir).sort()).toEqual(['res.distances.npy', 'res.ids.npy'])
  })

  it('a success replaces both', () => {
    const dir = fresh()
    const prefix = path.join(dir, 'res')
    writeFileSync(`${prefix}.ids.npy`, 'old ids')
    writeFileSync(`${prefix}.distances.npy`, 'old distances')
    expect(query(['--format', 'npy', '-o', prefix]).code).toBe(0)
    expect(parse(new Uint8Array(readFileSync(`${prefix}.ids.npy`)).buffer).shape).toEqual([4, 3])
    expect(parse(new Uint8Array(readFileSync(`${prefix}.distances.npy`)).buffer).shape).toEqual([4, 3])
    expect(readdirSync(dir).sort()).toEqual(['res.distances.npy', 'res.ids.npy'])
  })
})

it('dead runs\' temps in the output directory are removed, live ones kept', () => {
  const dir = fresh()
  // A child we waited for: its pid no longer names a process.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid
  writeFileSync(path.join(dir, `.res.ids.npy.tmp-${dead}`), 'x')
  writeFileSync(path.join(dir, `.other.tmp-${process.pid}`), 'x')
  expect(query(['--format', 'npy', '-o', path.join(dir, 'res')]).code).toBe(0)
  expect(readdirSync(dir).sort()).toEqual([`.other.tmp-${process.pid}`, 'res.distances.npy', 'res.ids.npy'])
})
