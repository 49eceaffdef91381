// Each command run in-process: flags → engine → rendered stdout and the typed result
// that --json prints.

import {existsSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import BuildIndex from '../../src/commands/build-index.js'
import Convert from '../../src/commands/convert.js'
import Info from '../../src/commands/info.js'
import Query from '../../src/commands/query.js'
import type {BuildResult, ConvertResult, IndexReport, VectorFileReport} from '../../src/engine/index.js'
import {root, runCommand} from '../helpers/cli.js'
import {clustered, tempDir, writeNpy} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())
const demo = path.join(root, 'fixtures', 'demo', 'emb.npy')
const demoQueries = path.join(root, 'fixtures', 'demo', 'queries.npy')

describe('commands in-process', () => {
  const index = t.file('demo.hnsw')

  it('build-index returns the build summary and prints one line', async () => {
    const r = await runCommand<BuildResult>(BuildIndex, ['-i', demo, '-o', index, '--quiet', '--metric', 'l2'])
    expect(r.exitCode).toBe(0)
    expect(r.result).toMatchObject({vectors: 1000, dimension: 128, metric: 'l2', output: index, zero_copy_input: true})
    expect(r.stdout).toMatch(/^Built /)
    expect(existsSync(index)).toBe(true)
  })

  it('query returns neighbours for every query', async () => {
    const r = await runCommand<{count: number; results: Array<{neighbors: unknown[]}>}>(Query, [
      '--index', index, '-q', demoQueries, '--k', '5', '--format', 'tsv',
    ])
    expect(r.exitCode).toBe(0)
    expect(r.result!.count).toBe(10)
    expect(r.result!.results.every((q) => q.neighbors.length === 5)).toBe(true)
    expect(r.stdout.split('\n')[0]).toBe('query\trank\tid\tdistance')
  })

  it('info describes the index and verifies its checksums', async () => {
    const r = await runCommand<IndexReport>(Info, ['--index', index, '--verify'])
    expect(r.exitCode).toBe(0)
    expect(r.result).toMatchObject({kind: 'index', count: 1000, dimension: 128, metric: 'l2', checksums_ok: true})
    expect(r.result!.level_histogram.reduce((a, b) => a + b, 0)).toBe(1000)
    expect(r.stdout).toMatch(/checksums: +ok/)
  })

  it('info describes a vector file', async () => {
    const r = await runCommand<VectorFileReport>(Info, ['--input', demo])
    expect(r.result).toMatchObject({rows: 1000, dimension: 128, dtype: 'float32', memory_order: 'C'})
  })

  it('convert streams a file and reports it', async () => {
    const small = writeNpy(t.file('s.npy'), clustered(30, 4, 5), [30, 4])
    const r = await runCommand<ConvertResult>(Convert, ['-i', small, '-o', t.file('s.fvecs'), '--format', 'fvecs', '--quiet'])
    expect(r.exitCode).toBe(0)
    expect(r.result).toMatchObject({rows: 30, dimension: 4, to_format: 'fvecs', bytes_written: 30 * (4 + 16)})
  })

  it('a failure sets the documented exit code and prints to stderr', async () => {
    const r = await runCommand(Query, ['--index', t.file('missing.hnsw'), '--vector', '1,2'])
    expect(r.exitCode).toBe(4)
    expect(r.stderr).toMatch(/^Error: .*missing\.hnsw/)
  })
})
