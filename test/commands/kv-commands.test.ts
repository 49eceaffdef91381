// The database commands in-process: flags → engine → rendered stdout and the typed
// result that --json prints.

import {readFileSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import Checkpoint from '../../src/commands/checkpoint.js'
import Info from '../../src/commands/info.js'
import KvDelete from '../../src/commands/kv/delete.js'
import KvExport from '../../src/commands/kv/export.js'
import KvGet from '../../src/commands/kv/get.js'
import KvImport from '../../src/commands/kv/import.js'
import KvLs from '../../src/commands/kv/ls.js'
import KvPut from '../../src/commands/kv/put.js'
import KvScan from '../../src/commands/kv/scan.js'
import type {ScanResult, ValueJson} from '../../src/cli/render-kv.js'
import type {
  CheckpointReport,
  DeleteResult,
  ExportResult,
  ImportResult,
  ListResult,
  PutResult,
  StoreReport,
  VerifyReport,
} from '../../src/engine/index.js'
import {runCommand} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'
import {freshDb, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

describe('kv, checkpoint and info --db in-process', () => {
  const db = freshDb(t)

  it('put returns key, bytes, lsn and the sync mode', async () => {
    const r = await runCommand<PutResult>(KvPut, ['greeting', 'hello', '--db', db, '--sync', 'full'])
    expect(r.exitCode).toBe(0)
    expect(r.result).toMatchObject({key: 'greeting', bytes: 5, sync: 'full'})
    expect(r.result!.lsn).toBeGreaterThan(0)
  })

  it('get writes the bytes and returns the JSON form', async () => {
    const r = await runCommand<ValueJson>(KvGet, ['greeting', '--db', db])
    expect(r.stdout).toBe('hello')
    expect(r.result).toEqual({key: 'greeting', bytes: 5, value: 'hello'})
    const missing = await runCommand(KvGet, ['nope', '--db', db])
    expect(missing.exitCode).toBe(4)
    expect(missing.stderr).toMatch(/^Error: key "nope" not found/)
  })

  it('import returns the import summary', async () => {
    const r = await runCommand<ImportResult>(KvImport, ['-i', writeRecords(t.file('in.jsonl'), 1200), '--db', db, '--batch-size', '500', '--quiet'])
    expect(r.exitCode).toBe(0)
    expect(r.result).toMatchObject({rows: 1200, batches: 3, format: 'jsonl', atomic: false})
    expect(r.result!.checkpoint_lsn).toBe(r.result!.lsn)
    expect(r.stdout).toMatch(/^Imported 1200 rows/)
  })

  it('scan streams in each format and returns the count', async () => {
    const tsv = await runCommand<ScanResult>(KvScan, ['--db', db, '--prefix', 'k0000000', '--format', 'tsv'])
    expect(tsv.result).toEqual({count: 10})
    expect(tsv.stdout.split('\n')[0]).toMatch(/^k00000000\t\w+$/)
    const toon = await runCommand<ScanResult>(KvScan, ['--db', db, '--prefix', 'gr', '--format', 'toon'])
    expect(toon.stdout).toBe('kv[1]{key,value}:greeting,hello\n')
    const limited = await runCommand<ScanResult>(KvScan, ['--db', db, '--limit', '3', '--reverse', '--keys-only'])
    expect(limited.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).key)).toEqual(['k00001199', 'k00001198', 'k00001197'])
  })

  it('ls returns the children', async () => {
    const r = await runCommand<ListResult>(KvLs, ['--db', db])
    expect(r.result!.children.slice(0, 2)).toEqual([
      {name: 'greeting', type: 'key'},
      {name: 'k00000000', type: 'key'},
    ])
  })

  it('export returns rows and bytes, and writes the file', async () => {
    const out = t.file('out.jsonl')
    const r = await runCommand<ExportResult>(KvExport, ['--db', db, '-o', out, '--quiet'])
    expect(r.result).toMatchObject({rows: 1201, output: out})
    expect(readFileSync(out).length).toBe(r.result!.bytes)
  })

  it('delete, checkpoint --compact, verify and info', async () => {
    const d = await runCommand<DeleteResult>(KvDelete, ['greeting', '--db', db])
    expect(d.result).toMatchObject({key: 'greeting', deleted: true})
    const c = await runCommand<CheckpointReport>(Checkpoint, ['--db', db, '--compact'])
    expect(c.exitCode).toBe(0)
    expect(c.stdout).toMatch(/^Checkpoint complete at LSN \d+\nCompacted 2 segments/)
    expect(c.result).toMatchObject({segments: 1, compaction: {entries_after: 1200}})
    const v = await runCommand<VerifyReport>(Checkpoint, ['--db', db, '--verify'])
    expect(v.result).toMatchObject({valid: true, entries: 1200, corrupted: []})
    const i = await runCommand<StoreReport>(Info, ['--db', db])
    expect(i.result).toMatchObject({kind: 'database', keys: 1200, segments: 1, wal_bytes: 32})
  })
})
