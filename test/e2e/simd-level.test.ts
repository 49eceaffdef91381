// SOCHDB_SIMD pins the kernel level, so one machine measures what a CPU without AVX-512
// (or without any SIMD) would run: each level this CPU has builds an index whose
// queries find the same nearest rows; a level it lacks, or a bad name, exits 3.

import {readFileSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {clustered, row, tempDir, writeNpy} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())

const flags = readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1]?.split(/\s+/) ?? []
const has = (f: string) => flags.includes(f)
const levels = ['scalar', ...(has('avx2') && has('fma') ? ['avx2'] : []), ...(has('avx512f') ? ['avx512'] : []), ...(has('avx512_bf16') ? ['avx512bf16'] : [])]

const n = 2000
const d = 24
const data = clustered(n, d, 5)
const input = writeNpy(t.file('v.npy'), data, [n, d])

describe('SOCHDB_SIMD', () => {
  it.each(levels)('%s: the build says so, and queries find each row itself', (level) => {
    const out = t.file(`${level}.hnsw`)
    const env = {SOCHDB_SIMD: level}
    const built = runCli(['build-index', '-i', input, '-o', out, '--metric', 'l2', '--json', '--threads', '1'], {env})
    expect(built.code, built.stderr).toBe(0)
    const kernels = (JSON.parse(built.stdout) as {kernels: {f32: string; int8: string}}).kernels
    // The int8 kernels top out at AVX-512 (BW, with VNNI where the CPU has it).
    const wide = level === 'avx512' || level === 'avx512bf16'
    expect(kernels.int8).toBe(wide ? (has('avx512_vnni') ? 'avx512vnni' : has('avx512bw') ? 'avx512' : 'avx2') : level)
    expect(kernels.f32).toBe(wide ? 'avx512' : level)
    for (const i of [0, 777, 1999]) {
      const r = runCli(['query', '--index', out, '--vector', Array.from(row(data, d, i)).join(','), '-k', '1', '--json'], {env})
      expect(r.code, r.stderr).toBe(0)
      expect((JSON.parse(r.stdout) as {results: [{neighbors: [{id: number}]}]}).results[0].neighbors[0].id).toBe(i)
    }
  })

  it('a level this CPU lacks, or an unknown name, exits 3 and says what the CPU runs', () => {
    const missing = ['avx2', 'avx512', 'avx512bf16'].find((l) => !levels.includes(l))
    for (const value of ['sse9', ...(missing ? [missing] : [])]) {
      const r = runCli(['build-index', '-i', input, '-o', t.file('x.hnsw')], {env: {SOCHDB_SIMD: value}})
      expect(r.code, r.stderr).toBe(3)
      expect(r.stderr).toMatch(/SOCHDB_SIMD=/)
    }
  })
})
