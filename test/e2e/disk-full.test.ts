// A full disk: the message names the file being written and says the disk is full
// (exit 7), the previous output is intact and no temp is left; an import that runs out
// of space part-way says how many rows it committed, and that many are there.
// Needs a small tmpfs (we run as root, as CI does); without one the tests are skipped.

import {spawnSync} from 'node:child_process'
import {closeSync, mkdirSync, openSync, readdirSync, readFileSync, ftruncateSync, writeFileSync, writeSync} from 'node:fs'
import path from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {root, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'
import {freshDb, keys, kv, writeRecords} from '../helpers/store.js'

const t = tempDir()
const disk = t.file('tmpfs')
mkdirSync(disk)
const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', disk], {encoding: 'utf8'})
const mounted = mount.status === 0
const why = mounted ? '' : ` — skipped: cannot mount a 512k tmpfs (${(mount.stderr || mount.error?.message || '').trim()}); run as root`

afterAll(() => {
  if (mounted) spawnSync('umount', [disk])
  t.cleanup()
})

/** Fills the tmpfs, then frees `leave` bytes: the next write larger than that fails. */
function fill(leave: number): void {
  const filler = path.join(disk, 'filler')
  const fd = openSync(filler, 'w')
  const block = Buffer.alloc(4096, 1)
  let size = 0
  try {
    for (;;) size += writeSync(fd, block)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  }
  ftruncateSync(fd, Math.max(0, size - leave))
  closeSync(fd)
}

const empty = () => {
  for (const f of readdirSync(disk)) spawnSync('rm', ['-rf', path.join(disk, f)])
}

describe(`on a full disk${why}`, () => {
  beforeAll(() => {
    if (mounted) empty()
  })

  it.skipIf(!mounted)('kv export names the file and says the disk is full; the old file stays', () => {
    empty()
    const db = freshDb(t)
    expect(kv(db, ['kv', 'import', '-i', writeRecords(t.file('export.jsonl'), 3000), '--quiet']).code).toBe(0)
    const out = path.join(disk, 'out.jsonl')
    writeFileSync(out, 'old\n')
    fill(16 << 10)
    const r = kv(db, ['kv', 'export', '-o', out, '--quiet'])
    expect(r.code, r.stderr).toBe(7)
    expect(r.stderr).toContain(`disk full while writing ${out}: free space and run again`)
    expect(readFileSync(out, 'utf8')).toBe('old\n')
    expect(readdirSync(disk).sort()).toEqual(['filler', 'out.jsonl'])
  })

  it.skipIf(!mounted)('query -o names the file and says the disk is full (one file, and the npy pair)', () => {
    empty()
    const index = t.file('demo.hnsw')
    expect(runCli(['build-index', '-i', path.join(root, 'fixtures/demo/emb.npy'), '-o', index, '--quiet']).code).toBe(0)
    fill(8 << 10)
    const q = ['query', '--index', index, '-q', path.join(root, 'fixtures/demo/queries.npy'), '-k', '100']
    const json = path.join(disk, 'res.json')
    const r = runCli([...q, '--format', 'json', '-o', json])
    expect(r.code, r.stderr).toBe(7)
    expect(r.stderr).toContain(`disk full while writing ${json}: free space and run again`)
    const npy = runCli([...q, '--format', 'npy', '-o', path.join(disk, 'res')])
    expect(npy.code, npy.stderr).toBe(7)
    expect(npy.stderr).toMatch(new RegExp(`disk full while writing ${disk}/res\\.(ids|distances)\\.npy: free space and run again`))
    expect(readdirSync(disk)).toEqual(['filler'])
  })

  it.skipIf(!mounted)('kv import that runs out of space says how many rows it committed, and those are there', () => {
    empty()
    const db = path.join(disk, 'db')
    const r = kv(db, ['kv', 'import', '-i', writeRecords(t.file('big.jsonl'), 20_000), '--batch-size', '1000', '--quiet'])
    expect(r.code, r.stderr).toBe(7)
    expect(r.stderr).toMatch(/No space left on device/)
    const m = /The first (\d+) rows \((\d+) batches of 1000\) were imported and committed; the rest were not/.exec(r.stderr)
    expect(m, r.stderr).not.toBeNull()
    const committed = Number(m![1])
    expect(committed).toBeGreaterThan(0)
    expect(committed).toBe(Number(m![2]) * 1000)
    expect(r.stderr).toMatch(/free space.*run the import again/)
    expect(keys(db)).toHaveLength(committed)
  })

  it.skipIf(!mounted)('sql says the disk is full at the first failure; the statements before it are committed', () => {
    empty()
    const db = path.join(disk, 'sqldb')
    expect(runCli(['sql', '--db', db, 'CREATE TABLE t (a TEXT)']).code).toBe(0)
    fill(16 << 10)
    const script = t.file('fill.sql')
    writeFileSync(script, `INSERT INTO t VALUES ('small');\nINSERT INTO t VALUES ('${'x'.repeat(64 << 10)}');\n`)
    const r = runCli(['sql', '--db', db, '--file', script])
    expect(r.code, r.stderr).toBe(7)
    // Was: "refusing to write …: an earlier write or fsync failed" (the end-of-run sync
    // hid the first error).
    expect(r.stderr).toMatch(/statement 2 .*cannot append to WAL .*\(the disk is full: free space, then run again\)/)
    expect(r.stderr).not.toMatch(/refusing to write/)
    // The source line is shown as a window, not 64 KiB of it.
    expect(r.stderr.length).toBeLessThan(2000)
    expect(r.stdout).toBe('1 row inserted\n')
    expect(runCli(['sql', '--db', db, '--format', 'csv', 'SELECT count(*) AS n FROM t']).stdout).toBe('n\r\n1\r\n')
  })
})
