// build-index --codes-only: the index keeps the int8 codes and not the f32 vectors. It is
// smaller by exactly the vectors' bytes, `info` says so, and queries still find each row
// itself, with distances that approximate the exact ones.

import {statSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {clustered, row, tempDir, writeNpy} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())

const n = 3000
const d = 32
const data = clustered(n, d, 9)
const input = writeNpy(t.file('v.npy'), data, [n, d])

type Results = {results: [{neighbors: {id: number; distance: number}[]}]}

describe('build-index --codes-only', () => {
  it('is smaller by the f32 vectors, says so, and still answers', () => {
    const full = t.file('full.hnsw')
    const codes = t.file('codes.hnsw')
    for (const [out, extra] of [[full, []], [codes, ['--codes-only']]] as const) {
      const r = runCli(['build-index', '-i', input, '-o', out, '--metric', 'l2', '--threads', '1', '--json', ...extra])
      expect(r.code, r.stderr).toBe(0)
      expect((JSON.parse(r.stdout) as {codes_only: boolean}).codes_only).toBe(extra.length > 0)
    }
    expect(statSync(full).size - statSync(codes).size).toBe(n * d * 4)

    const info = runCli(['info', '--index', codes, '--json'])
    expect(info.code, info.stderr).toBe(0)
    expect((JSON.parse(info.stdout) as {vectors_stored: boolean}).vectors_stored).toBe(false)
    expect(runCli(['info', '--index', codes]).stdout).toMatch(/vectors stored: +no: codes only/)

    for (const i of [0, 1234, 2999]) {
      const q = Array.from(row(data, d, i)).join(',')
      const [a = [], b = []] = [codes, full].map((index) => {
        const r = runCli(['query', '--index', index, '--vector', q, '-k', '5', '--json'])
        expect(r.code, r.stderr).toBe(0)
        return (JSON.parse(r.stdout) as Results).results[0].neighbors
      })
      expect(a[0]!.id).toBe(i)
      // The exact distance to row i itself is 0; the codes' is near it, against the
      // distance to the fifth neighbour.
      expect(Math.abs(a[0]!.distance)).toBeLessThan(0.1 * b[4]!.distance)
    }
  })
})
