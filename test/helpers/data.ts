// Seeded test data and an exact oracle, independent of the code under test.

import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {dump} from 'npyjs'

/** mulberry32: a small seeded PRNG, so every test run sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
}

/** n × d vectors around `clusters` centres, row-major. */
export function clustered(n: number, d: number, seed: number, clusters = 8): Float32Array {
  const g = gaussian(rng(seed))
  const centres = Array.from({length: clusters}, () => Array.from({length: d}, () => g() * 3))
  const out = new Float32Array(n * d)
  for (let i = 0; i < n; i++) {
    const c = centres[i % clusters]!
    for (let j = 0; j < d; j++) out[i * d + j] = c[j]! + g()
  }
  return out
}

/** A copy with every row scaled to unit length. */
export function normalized(data: Float32Array, d: number): Float32Array {
  const out = new Float32Array(data.length)
  for (let i = 0; i < data.length / d; i++) {
    const r = data.subarray(i * d, (i + 1) * d)
    const norm = Math.hypot(...r)
    for (let j = 0; j < d; j++) out[i * d + j] = r[j]! / norm
  }
  return out
}

export type Metric = 'cosine' | 'l2' | 'ip'

/** Distance as DESIGN.md defines it, in float64. */
export function distance(metric: Metric, a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0
  let na = 0
  let nb = 0
  let l2 = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    dot += x * y
    na += x * x
    nb += y * y
    l2 += (x - y) * (x - y)
  }
  if (metric === 'l2') return l2
  if (metric === 'ip') return 1 - dot
  return 1 - dot / Math.sqrt(na * nb)
}

export function row(data: Float32Array, d: number, i: number): Float32Array {
  return data.subarray(i * d, (i + 1) * d)
}

/** Exact k nearest rows of `q`, closest first. */
export function bruteForce(data: Float32Array, d: number, q: ArrayLike<number>, k: number, metric: Metric): number[] {
  const n = data.length / d
  const scored = Array.from({length: n}, (_, i) => ({i, dist: distance(metric, q, row(data, d, i))}))
  scored.sort((x, y) => x.dist - y.dist || x.i - y.i)
  return scored.slice(0, k).map((s) => s.i)
}

export function writeNpy(file: string, data: Float32Array | BigInt64Array, shape: number[]): string {
  writeFileSync(file, Buffer.from(dump(data, shape)))
  return file
}

export interface TempDir {
  dir: string
  file(name: string): string
  cleanup(): void
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sochdb-bulk-test-'))
  return {dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, {recursive: true, force: true})}
}
