// The headline job end to end: build-index then query, as a pipeline step would run
// them — results on stdout in a parseable form, progress on stderr, exit 0.

import {readFileSync, writeFileSync} from 'node:fs'

import {dump, parse} from 'npyjs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {bruteForce, clustered, distance, normalized, row, tempDir, writeNpy, type Metric} from '../helpers/data.js'

const t = tempDir()
const n = 2000
const d = 16
const data = clustered(n, d, 7)
const queries = clustered(20, d, 99)
// Inner-product search is run on unit vectors, as embeddings are (and as hnswlib users
// do): on raw vectors "closest by 1 − dot" is not a metric and no graph index does well.
const unitData = normalized(data, d)
const unitQueries = normalized(queries, d)
let input: string
let queryFile: string
let unitInput: string
let unitQueryFile: string

beforeAll(() => {
  input = writeNpy(t.file('base.npy'), data, [n, d])
  queryFile = writeNpy(t.file('q.npy'), queries, [20, d])
  unitInput = writeNpy(t.file('unit.npy'), unitData, [n, d])
  unitQueryFile = writeNpy(t.file('unit-q.npy'), unitQueries, [20, d])
})
afterAll(() => t.cleanup())

function build(metric: Metric, extra: string[] = [], source = input): string {
  const out = t.file(`${metric}-${extra.join('_').replace(/[^a-z0-9_]/gi, '')}.hnsw`)
  const r = runCli(['build-index', '-i', source, '-o', out, '--metric', metric, '--json', ...extra])
  expect(r.code, r.stderr).toBe(0)
  const summary = JSON.parse(r.stdout)
  expect(summary).toMatchObject({vectors: n, dimension: d, metric, output: out})
  for (const key of ['elapsed_seconds', 'rate', 'index_size_bytes']) expect(summary[key]).toBeGreaterThan(0)
  return out
}

interface QueryDoc {
  k: number
  count: number
  results: Array<{query: number; neighbors: Array<{id: number; distance: number}>}>
}

describe.each(['cosine', 'l2', 'ip'] as const)('metric %s', (metric) => {
  const base = metric === 'ip' ? unitData : data
  const qs = metric === 'ip' ? unitQueries : queries
  it('returns the exact distances of DESIGN.md and high recall', () => {
    const index = build(metric, [], metric === 'ip' ? unitInput : input)
    const r = runCli(['query', '--index', index, '-q', metric === 'ip' ? unitQueryFile : queryFile, '--k', '10', '--ef', '128', '--format', 'json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout) as QueryDoc
    expect(doc.count).toBe(20)
    let hits = 0
    doc.results.forEach((res, q) => {
      const qv = row(qs, d, q)
      expect(res.neighbors).toHaveLength(10)
      for (const nb of res.neighbors) {
        const want = distance(metric, qv, row(base, d, nb.id))
        expect(Math.abs(nb.distance - want)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)))
      }
      const truth = new Set(bruteForce(base, d, qv, 10, metric))
      hits += res.neighbors.filter((nb) => truth.has(nb.id)).length
      const ds = res.neighbors.map((nb) => nb.distance)
      expect(ds).toEqual([...ds].sort((a, b) => a - b))
    })
    expect(hits / 200).toBeGreaterThanOrEqual(0.95)
  })
})

describe('build-index', () => {
  it('prints a summary line, and progress only on stderr', () => {
    const out = t.file('plain.hnsw')
    const r = runCli(['build-index', '-i', input, '-o', out])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Built .*plain\.hnsw: 2000 vectors × 16 \(cosine\)/)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/build-index: inserting 2,000 vectors/)
  })

  it('--quiet prints no progress; --json prints exactly one JSON document', () => {
    // Many small batches: hundreds of queued pool tasks must not trip Node warnings either.
    const q = runCli(['build-index', '-i', input, '-o', t.file('q.hnsw'), '--quiet', '--batch-size', '10'])
    expect(q.code, q.stderr).toBe(0)
    expect(q.stderr).toBe('')
    const j = runCli(['build-index', '-i', input, '-o', t.file('j.hnsw'), '--json', '--telemetry'])
    const doc = JSON.parse(j.stdout)
    expect(doc.telemetry.peak_rss_bytes).toBeGreaterThan(0)
    expect(doc.telemetry.user_cpu_seconds).toBeGreaterThan(0)
    expect(j.stderr).toBe('')
  })

  it('--seed with --threads 1 gives a byte-identical index; another seed does not', () => {
    const a = build('l2', ['--threads', '1', '--seed', '5'])
    const copy = t.file('copy.hnsw')
    writeFileSync(copy, readFileSync(a))
    const b = build('l2', ['--threads', '1', '--seed', '5'])
    expect(readFileSync(b).equals(readFileSync(copy))).toBe(true)
    const c = build('l2', ['--threads', '1', '--seed', '6'])
    expect(readFileSync(c).equals(readFileSync(copy))).toBe(false)
  })

  it('--prefault, --direct-read, .fvecs and raw inputs give the same index as a mapped .npy', () => {
    const fixed = ['--threads', '1', '--seed', '3']
    const reference = readFileSync(build('l2', fixed))
    const variants: Array<[string, string[]]> = [
      ['prefault', ['--prefault']],
      ['direct', ['--direct-read']],
    ]
    for (const [name, flags] of variants) {
      const out = t.file(`${name}.hnsw`)
      const r = runCli(['build-index', '-i', input, '-o', out, '--metric', 'l2', '--quiet', ...fixed, ...flags])
      expect(r.code, r.stderr).toBe(0)
      expect(readFileSync(out).equals(reference), name).toBe(true)
    }
    const fvecs = t.file('base.fvecs')
    expect(runCli(['convert', '-i', input, '-o', fvecs, '--format', 'fvecs', '--quiet']).code).toBe(0)
    const raw = t.file('base.f32')
    expect(runCli(['convert', '-i', input, '-o', raw, '--format', 'raw_f32', '--quiet']).code).toBe(0)
    for (const [name, args] of [['fvecs', ['-i', fvecs]], ['raw', ['-i', raw, '-d', String(d)]]] as const) {
      const out = t.file(`from-${name}.hnsw`)
      const r = runCli(['build-index', ...args, '-o', out, '--metric', 'l2', '--quiet', ...fixed])
      expect(r.code, r.stderr).toBe(0)
      expect(readFileSync(out).equals(reference), name).toBe(true)
    }
  })

  it('accepts float64 input (decoded, not mapped) and reports zero_copy_input false', () => {
    const f64 = t.file('base64.npy')
    writeFileSync(f64, Buffer.from(dump(Float64Array.from(data), [n, d])))
    const r = runCli(['build-index', '-i', f64, '-o', t.file('f64.hnsw'), '--json', '--quiet'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({vectors: n, zero_copy_input: false})
    const f32 = runCli(['build-index', '-i', input, '-o', t.file('f32.hnsw'), '--json', '--quiet'])
    expect(JSON.parse(f32.stdout).zero_copy_input).toBe(true)
  })

  it('honours -m and -e (info reports them) and --threads 2 --batch-size', () => {
    const out = build('l2', ['-m', '8', '-e', '40', '--threads', '2', '--batch-size', '100'])
    const r = runCli(['info', '--index', out, '--json', '--verify'])
    const info = JSON.parse(r.stdout)
    expect(info).toMatchObject({max_connections: 8, max_connections_level0: 16, ef_construction: 40, count: n, dimension: d})
    expect(info.checksums_ok).toBe(true)
  })

  it.each(['random_projection', 'kmeans'])('--ordering %s keeps ids referring to input rows', (ordering) => {
    // One thread and a seed make the graph reproducible, and a wide ef makes this a test of
    // the id mapping, not of recall (recall is measured in the cargo tests).
    const out = build('l2', ['--ordering', ordering, '--threads', '1', '--seed', '11'])
    for (const id of [0, 777, 1999]) {
      const v = Array.from(row(data, d, id)).join(',')
      const r = runCli(['query', '--index', out, '--vector', v, '--k', '1', '--ef', '400', '--format', 'tsv'])
      const [, line] = r.stdout.trim().split('\n')
      expect(line!.split('\t').slice(0, 3)).toEqual(['0', '1', String(id)])
    }
  })

  it('--ids maps results to the given int64 ids', () => {
    const ids = BigInt64Array.from({length: n}, (_, i) => BigInt(i) * 1000n + 7n)
    const idFile = writeNpy(t.file('ids.npy'), ids, [n])
    const out = build('l2', ['--ids', idFile])
    const r = runCli(['query', '--index', out, '--vector', Array.from(row(data, d, 42)).join(','), '--k', '1', '--json'])
    expect(JSON.parse(r.stdout).results[0].neighbors[0].id).toBe(42007)
  })
})

describe('query', () => {
  let index: string
  beforeAll(() => {
    index = build('l2', ['--seed', '1'])
  })

  it('reads queries from stdin, raw f32 with --dimension, and --vector', () => {
    const viaFile = runCli(['query', '--index', index, '-q', queryFile, '--format', 'tsv'])
    const viaStdin = runCli(['query', '--index', index, '-q', '-', '--format', 'tsv'], {input: readFileSync(queryFile)})
    expect(viaStdin.code, viaStdin.stderr).toBe(0)
    expect(viaStdin.stdout).toBe(viaFile.stdout)
    const raw = t.file('q.f32')
    writeFileSync(raw, Buffer.from(queries.buffer))
    const viaRaw = runCli(['query', '--index', index, '-q', raw, '-d', String(d), '--format', 'tsv'])
    expect(viaRaw.stdout).toBe(viaFile.stdout)
  })

  it('jsonl has one line per query; tsv has a header and Q×k rows', () => {
    const jl = runCli(['query', '--index', index, '-q', queryFile, '--format', 'jsonl', '--k', '3'])
    const lines = jl.stdout.trim().split('\n')
    expect(lines).toHaveLength(20)
    expect(JSON.parse(lines[4]!).neighbors).toHaveLength(3)
    const tsv = runCli(['query', '--index', index, '-q', queryFile, '--format', 'tsv', '--k', '3'])
    const rows = tsv.stdout.trim().split('\n')
    expect(rows[0]).toBe('query\trank\tid\tdistance')
    expect(rows).toHaveLength(61)
  })

  it('--format npy --output writes int64 ids and float32 distances, Q×k', () => {
    const prefix = t.file('res')
    const r = runCli(['query', '--index', index, '-q', queryFile, '--format', 'npy', '--output', `${prefix}.npy`, '--k', '5'])
    expect(r.code, r.stderr).toBe(0)
    const ids = parse(new Uint8Array(readFileSync(`${prefix}.ids.npy`)).buffer)
    const dists = parse(new Uint8Array(readFileSync(`${prefix}.distances.npy`)).buffer)
    expect(ids.dtype).toBe('i8')
    expect(ids.shape).toEqual([20, 5])
    expect(dists.dtype).toBe('f4')
    expect(dists.shape).toEqual([20, 5])
    const json = JSON.parse(runCli(['query', '--index', index, '-q', queryFile, '--k', '5', '--json']).stdout) as QueryDoc
    expect(Number((ids.data as BigInt64Array)[7])).toBe(json.results[1]!.neighbors[2]!.id)
  })

  it('ef below k is raised to k; k above the index size returns every vector', () => {
    const r = runCli(['query', '--index', index, '-q', queryFile, '--k', '50', '--ef', '4', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.ef).toBe(50)
    expect(doc.results[0].neighbors).toHaveLength(50)
    const small = writeNpy(t.file('small.npy'), clustered(5, d, 3), [5, d])
    const smallIndex = t.file('small.hnsw')
    expect(runCli(['build-index', '-i', small, '-o', smallIndex, '--quiet']).code).toBe(0)
    const all = JSON.parse(runCli(['query', '--index', smallIndex, '-q', queryFile, '--k', '10', '--json']).stdout)
    expect(all.k).toBe(5)
    expect(all.results[0].neighbors).toHaveLength(5)
  })

  it('many queries over the pool agree with one thread', () => {
    const many = clustered(600, d, 1234)
    const manyFile = writeNpy(t.file('many.npy'), many, [600, d])
    const one = runCli(['query', '--index', index, '-q', manyFile, '--format', 'tsv', '--threads', '1'])
    const two = runCli(['query', '--index', index, '-q', manyFile, '--format', 'tsv', '--threads', '2'])
    expect(two.code, two.stderr).toBe(0)
    expect(two.stdout).toBe(one.stdout)
    expect(two.stderr).toMatch(/query: searching 600 queries/)
    const quiet = runCli(['query', '--index', index, '-q', manyFile, '--format', 'tsv', '--threads', '2', '--quiet'])
    expect(quiet.stderr).toBe('')
    expect(quiet.stdout).toBe(one.stdout)
    // The main thread searches beside the workers; with 3, two workers join it.
    const three = runCli(['query', '--index', index, '-q', manyFile, '--format', 'tsv', '--threads', '3', '--quiet'])
    expect(three.code, three.stderr).toBe(0)
    expect(three.stdout).toBe(one.stdout)
  })
})
