// checkpoint, --compact, --verify and info --db end to end; deletes stay deleted through
// checkpoint, compaction and reopen; damaged files exit 5 naming the file, and nothing
// is modified.

import {readdirSync, readFileSync, statSync, truncateSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {freshDb, keyOf, keys, kv, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const json = (stdout: string) => JSON.parse(stdout)
const files = (db: string, prefix: string) => readdirSync(db).filter((f) => f.startsWith(prefix)).sort()

/** Every file of the database and its bytes, to show that a failed command changed nothing. */
function snapshot(db: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of readdirSync(db).sort()) out[f] = readFileSync(path.join(db, f)).toString('base64')
  return out
}

describe('checkpoint', () => {
  it('prints the LSN; --json has lsn, duration_ms, wal_bytes_before/after, segments', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'put', 'a', '1']).code).toBe(0)
    expect(kv(db, ['kv', 'put', 'b', '2']).code).toBe(0)
    const before = json(kv(db, ['info', '--json']).stdout)
    expect(before).toMatchObject({kind: 'database', keys: 2, segments: 0, memtable_entries: 2, checkpoint_lsn: 0})
    expect(before.wal_bytes).toBeGreaterThan(32)
    const r = kv(db, ['checkpoint'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(`Checkpoint complete at LSN ${before.lsn}\n`)
    const j = json(kv(db, ['kv', 'put', 'c', '3']).code === 0 ? kv(db, ['checkpoint', '--json']).stdout : '{}')
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['lsn', 'duration_ms', 'wal_bytes_before', 'wal_bytes_after', 'segments']))
    expect(j.wal_bytes_before).toBeGreaterThan(j.wal_bytes_after)
    expect(j.wal_bytes_after).toBe(32) // a fresh WAL: its header only
    expect(j.segments).toBe(2)
    const after = json(kv(db, ['info', '--json']).stdout)
    expect(after).toMatchObject({keys: 3, segments: 2, memtable_entries: 0, wal_bytes: 32, checkpoint_lsn: j.lsn, lsn: j.lsn})
    expect(after.disk_bytes).toBe(readdirSync(db).reduce((s, f) => s + statSync(path.join(db, f)).size, 0))
  })

  it('info --db prints the figures as text', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'put', 'a', '1']).code).toBe(0)
    const r = kv(db, ['info'])
    expect(r.code).toBe(0)
    for (const label of ['keys:', 'segments:', 'WAL:', 'LSN:', 'checkpoint LSN:', 'on disk:']) expect(r.stdout).toContain(label)
  })

  it('delete, checkpoint, compact, reopen: deleted keys stay absent', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'import', '-i', writeRecords(t.file('d.jsonl'), 1000), '--quiet']).code).toBe(0)
    const deleted = [0, 1, 500, 998, 999].map(keyOf)
    for (const k of deleted) expect(kv(db, ['kv', 'delete', k]).code).toBe(0)
    expect(kv(db, ['checkpoint']).code).toBe(0) // a segment of tombstones over the imported one
    expect(files(db, 'seg-')).toHaveLength(2)
    for (const k of deleted) expect(kv(db, ['kv', 'get', k]).code).toBe(4)
    const c = kv(db, ['checkpoint', '--compact', '--json'])
    expect(c.code, c.stderr).toBe(0)
    expect(json(c.stdout).compaction).toMatchObject({segments_before: 2, segments_after: 1, entries_before: 1005, entries_after: 995})
    expect(files(db, 'seg-')).toHaveLength(1)
    // Every command is a fresh process: this is the reopen.
    for (const k of deleted) expect(kv(db, ['kv', 'get', k]).code).toBe(4)
    expect(keys(db)).toHaveLength(995)
    expect(keys(db)).not.toContain(keyOf(500))
    expect(json(kv(db, ['checkpoint', '--verify', '--json']).stdout)).toMatchObject({valid: true, entries: 995, segments: 1})
    // Put a deleted key back: it is a value again.
    expect(kv(db, ['kv', 'put', keyOf(500), 'back']).code).toBe(0)
    expect(kv(db, ['checkpoint', '--compact']).code).toBe(0)
    expect(kv(db, ['kv', 'get', keyOf(500)]).stdout).toBe('back')
  })
})

describe('checkpoint --verify and damaged files', () => {
  it('reports valid, entries, last_valid_lsn on a healthy database', () => {
    const db = freshDb(t)
    for (const k of ['a', 'b', 'c']) expect(kv(db, ['kv', 'put', k, k]).code).toBe(0)
    const r = kv(db, ['checkpoint', '--verify'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/valid: +yes/)
    const j = json(kv(db, ['checkpoint', '--verify', '--json']).stdout)
    expect(j).toMatchObject({valid: true, entries: 3, corrupted: [], torn_tail: null})
    expect(j.last_valid_lsn).toBe(json(kv(db, ['info', '--json']).stdout).lsn)
  })

  it('a flipped byte in a segment block: exit 5 naming the file from whatever reads it; nothing modified', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'import', '-i', writeRecords(t.file('s.jsonl'), 500), '--quiet']).code).toBe(0)
    const seg = path.join(db, files(db, 'seg-')[0]!)
    const bytes = readFileSync(seg)
    bytes[100]! ^= 0x40
    writeFileSync(seg, bytes)
    const before = snapshot(db)
    const v = kv(db, ['checkpoint', '--verify', '--json'])
    expect(v.code).toBe(5)
    const doc = json(v.stdout)
    expect(doc.valid).toBe(false)
    expect(doc.corrupted.join('\n')).toContain(path.basename(seg))
    // Blocks are checked when read (a put reads none, so it is not refused).
    for (const args of [['kv', 'scan'], ['kv', 'get', keyOf(0)], ['kv', 'export', '-o', t.file('x.jsonl')]]) {
      const r = kv(db, args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5)
      expect(r.stderr).toContain(path.basename(seg))
    }
    expect(snapshot(db)).toEqual(before)
  })

  it('a flipped byte in an earlier WAL record: exit 5 naming the WAL and offset; nothing modified', () => {
    const db = freshDb(t)
    for (const k of ['a', 'b', 'c']) expect(kv(db, ['kv', 'put', k, k]).code).toBe(0)
    const wal = path.join(db, files(db, 'wal-')[0]!)
    const bytes = readFileSync(wal)
    bytes[32 + 20]! ^= 0x01 // inside the first record (the header is 32 bytes)
    writeFileSync(wal, bytes)
    const before = snapshot(db)
    for (const args of [['kv', 'get', 'c'], ['kv', 'put', 'x', 'y'], ['checkpoint']]) {
      const r = kv(db, args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5)
      expect(r.stderr).toMatch(new RegExp(`${path.basename(wal)}.*offset 32`))
    }
    const v = kv(db, ['checkpoint', '--verify', '--json'])
    expect(v.code).toBe(5)
    expect(json(v.stdout).corrupted[0]).toContain(path.basename(wal))
    expect(snapshot(db)).toEqual(before)
  })

  it('a torn WAL tail is not corruption: the last commit is dropped and the rest kept', () => {
    const db = freshDb(t)
    for (const k of ['a', 'b', 'c']) expect(kv(db, ['kv', 'put', k, k]).code).toBe(0)
    const wal = path.join(db, files(db, 'wal-')[0]!)
    truncateSync(wal, statSync(wal).size - 3)
    expect(keys(db)).toEqual(['a', 'b'])
    const v = json(kv(db, ['checkpoint', '--verify', '--json']).stdout)
    expect(v).toMatchObject({valid: true, entries: 2})
    expect(v.torn_tail).not.toBeNull()
    expect(kv(db, ['kv', 'put', 'd', 'd']).code).toBe(0) // the writer cuts the tail, then appends
    expect(keys(db)).toEqual(['a', 'b', 'd'])
    expect(json(kv(db, ['checkpoint', '--verify', '--json']).stdout)).toMatchObject({valid: true, torn_tail: null})
  })
})
