// info --input on files numpy wrote (fixtures/vectors/), and convert round trips.

import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {parse} from 'npyjs'
import {afterAll, describe, expect, it} from 'vitest'

import {root, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'

const fixture = (name: string) => path.join(root, 'fixtures', 'vectors', name)
const t = tempDir()
afterAll(() => t.cleanup())

describe('info --input', () => {
  it.each([
    ['f32_c.npy', {dtype: 'float32', byte_order: 'little', memory_order: 'C', npy_version: '1.0', shape: [7, 5]}],
    ['f16.npy', {dtype: 'float16', byte_order: 'little', memory_order: 'C'}],
    ['f64_be_fortran.npy', {dtype: 'float64', byte_order: 'big', memory_order: 'F'}],
    ['f32_v2.npy', {npy_version: '2.0'}],
    ['f32_v3.npy', {npy_version: '3.0'}],
    ['f32_1d.npy', {rows: 1, dimension: 5, shape: [5]}],
  ])('%s', (name, want) => {
    const r = runCli(['info', '--input', fixture(name), '--json'])
    expect(r.code, r.stderr).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc).toMatchObject({kind: 'vectors', format: 'npy', ...want})
    expect(doc.data_offset % 16).toBe(0)
  })

  it('reports raw and fvecs files', () => {
    const raw = JSON.parse(runCli(['info', '--input', fixture('raw_7x5.f32'), '-d', '5', '--json']).stdout)
    expect(raw).toMatchObject({format: 'raw_f32', rows: 7, dimension: 5, npy_version: null})
    const fv = JSON.parse(runCli(['info', '--input', fixture('vectors_7x5.fvecs'), '--json']).stdout)
    expect(fv).toMatchObject({format: 'fvecs', rows: 7, dimension: 5})
  })

  it('rejects an integer array with exit 3, naming the dtype', () => {
    const r = runCli(['info', '--input', fixture('int32.npy')])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/int32\.npy.*(<i4|int32)/)
  })
})

describe('convert', () => {
  it('decodes every numpy dtype and order to f32 little-endian C order', () => {
    for (const name of ['f16', 'f64', 'f32_be', 'f64_be', 'f32_fortran', 'f64_be_fortran', 'f32_v2', 'f32_v3']) {
      const out = t.file(`${name}.f32`)
      const r = runCli(['convert', '-i', fixture(`${name}.npy`), '-o', out, '--format', 'raw_f32', '--quiet'])
      expect(r.code, `${name}: ${r.stderr}`).toBe(0)
      expect(readFileSync(out).equals(readFileSync(fixture(`${name}.expected.f32`))), name).toBe(true)
    }
  })

  it('round trips are byte-exact: npy → raw → npy, fvecs → npy → fvecs', () => {
    const raw = t.file('rt.f32')
    const npy = t.file('rt.npy')
    expect(runCli(['convert', '-i', fixture('f32_c.npy'), '-o', raw, '--format', 'raw_f32']).code).toBe(0)
    expect(runCli(['convert', '-i', raw, '-d', '5', '-o', npy, '--format', 'npy']).code).toBe(0)
    expect(readFileSync(npy).equals(readFileSync(fixture('f32_c.npy')))).toBe(true)

    const npy2 = t.file('fv.npy')
    const fv = t.file('fv.fvecs')
    expect(runCli(['convert', '-i', fixture('vectors_7x5.fvecs'), '-o', npy2, '--format', 'npy']).code).toBe(0)
    expect(runCli(['convert', '-i', npy2, '-o', fv, '--format', 'fvecs']).code).toBe(0)
    expect(readFileSync(fv).equals(readFileSync(fixture('vectors_7x5.fvecs')))).toBe(true)
  })

  it('--normalize writes unit-length rows that npyjs reads', () => {
    const out = t.file('unit.npy')
    const r = runCli(['convert', '-i', fixture('f64.npy'), '-o', out, '--format', 'npy', '--normalize', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({rows: 7, dimension: 5, normalized: true})
    const a = parse(new Uint8Array(readFileSync(out)).buffer)
    expect(a.shape).toEqual([7, 5])
    const v = a.data as Float32Array
    for (let i = 0; i < 7; i++) {
      const norm = Math.hypot(...v.subarray(i * 5, i * 5 + 5))
      expect(Math.abs(norm - 1)).toBeLessThan(1e-6)
    }
  })

  it('a failing convert leaves the previous output untouched', () => {
    const out = t.file('keep.npy')
    writeFileSync(out, 'previous')
    const r = runCli(['convert', '-i', fixture('int32.npy'), '-o', out, '--format', 'npy'])
    expect(r.code).toBe(3)
    expect(readFileSync(out, 'utf8')).toBe('previous')
  })
})
