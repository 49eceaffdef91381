// One writer at a time: a second writer exits 6 naming the holder's PID, the first is
// unharmed; --wait outlasts a short hold; readers never wait.

import {readFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {exited, freshDb, keys, kv, spawnCli, spawnHolder, waitFor, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

describe('two writers at once', () => {
  it('the second exits 6 naming the PID; readers work; the first finishes unharmed', async () => {
    const db = freshDb(t)
    const holder = spawnHolder(db)
    try {
      const line = await waitFor(holder, /^HOLDING \d+/)
      const pid = line.split(' ')[1]!
      for (const args of [['kv', 'put', 'k', 'v'], ['kv', 'delete', 'holder/a'], ['checkpoint'], ['checkpoint', '--compact']]) {
        const r = kv(db, args)
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(6)
        expect(r.stderr).toMatch(new RegExp(`locked by process ${pid}\\b`))
        expect(r.stderr).toMatch(/--wait/)
      }
      // Readers take no lock.
      expect(kv(db, ['kv', 'get', 'holder/a']).stdout).toBe('1')
      expect(kv(db, ['checkpoint', '--verify']).code).toBe(0)
      holder.stdin!.write('go\n')
      await waitFor(holder, /^DONE/)
      expect(await exited(holder)).toBe(0)
    } finally {
      holder.kill()
    }
    expect(keys(db)).toEqual(['holder/a', 'holder/b'])
    expect(kv(db, ['kv', 'get', 'k']).code).toBe(4)
  })

  it('--wait MS outlasts a short hold', async () => {
    const db = freshDb(t)
    const holder = spawnHolder(db)
    try {
      await waitFor(holder, /^HOLDING/)
      const waiter = spawnCli(['kv', 'put', 'waited', 'yes', '--db', db, '--wait', '20000'])
      setTimeout(() => holder.stdin!.write('go\n'), 1500)
      expect(await exited(waiter)).toBe(0)
    } finally {
      holder.kill()
    }
    expect(kv(db, ['kv', 'get', 'waited']).stdout).toBe('yes')
  })

  it('a second writer during a running import exits 6; the import completes', async () => {
    const db = freshDb(t)
    const input = writeRecords(t.file('long.jsonl'), 150_000)
    const importer = spawnCli(['kv', 'import', '--db', db, '-i', input, '--batch-size', '500', '--sync', 'full', '--quiet'])
    // The importer writes its PID into LOCK once it holds the lock.
    const lockFile = path.join(db, 'LOCK')
    let holderPid = ''
    for (let i = 0; i < 600 && !holderPid; i++) {
      await new Promise((r) => setTimeout(r, 25))
      try {
        holderPid = readFileSync(lockFile, 'utf8').trim()
      } catch {
        // not created yet
      }
    }
    expect(holderPid).toBe(String(importer.pid))
    const r = kv(db, ['kv', 'put', 'intruder', 'x'])
    expect(r.code, r.stderr).toBe(6)
    expect(r.stderr).toMatch(new RegExp(`process ${importer.pid}\\b`))
    expect(await exited(importer)).toBe(0)
    expect(keys(db)).toHaveLength(150_000)
    expect(kv(db, ['checkpoint', '--verify', '--json']).code).toBe(0)
  })
})
