// A script that only reads opens the database read-only, as every other reader does:
// it runs while a writer holds the lock (was exit 6), on read-only media (was exit 7),
// and a missing database is exit 4 (nothing is created). --readonly refuses a script
// that would write with exit 3 before anything runs.

import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb, spawnHolder, waitFor} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

describe('sql reads', () => {
  it('a script that only reads runs while another process holds the writer lock', async () => {
    const db = freshDb(t)
    sqlOk(db, 'CREATE TABLE t (a); INSERT INTO t VALUES (1), (2)')
    const holder = spawnHolder(db)
    try {
      await waitFor(holder, /^HOLDING/)
      const r = sql(db, ['--format', 'csv', 'BEGIN; SELECT sum(a) AS s FROM t; VALUES (7); EXPLAIN SELECT a FROM t; COMMIT'])
      expect(r.stderr).not.toMatch(/locked/)
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('s\r\n3\r\n')
      // A script that writes still needs the lock.
      const w = sql(db, ['SELECT 1; INSERT INTO t VALUES (3)'])
      expect(w.code).toBe(6)
    } finally {
      holder.kill()
    }
  })

  it('a missing database is exit 4 for a read, and nothing is created', () => {
    const db = t.file('missing-db')
    const r = sql(db, ['SELECT 1'])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/no database/)
    expect(existsSync(db)).toBe(false)
  })

  it('--readonly refuses a script that would write, before anything runs', () => {
    const db = freshDb(t)
    sqlOk(db, 'CREATE TABLE t (a)')
    for (const script of ['INSERT INTO t VALUES (1)', 'SELECT 1; DELETE FROM t', 'WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', 'PRAGMA user_version = 1']) {
      const r = sql(db, ['--readonly', script])
      expect(r.code, script).toBe(3)
      expect(r.stderr).toMatch(/--readonly/)
      expect(r.stdout).toBe('')
    }
    expect(sql(db, ['--readonly', '--format', 'csv', 'SELECT count(*) AS n FROM t']).stdout).toBe('n\r\n0\r\n')
  })

  describe('on read-only media', () => {
    const disk = t.file('ro-mount')
    mkdirSync(disk)
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk]).status === 0
    afterAll(() => {
      if (mounted) spawnSync('umount', [disk])
    })
    it.skipIf(!mounted)('a read works, a write is exit 7 (skipped without root: cannot mount a tmpfs)', () => {
      const db = `${disk}/db`
      sqlOk(db, "CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('x')")
      expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0)
      const r = sql(db, ['--format', 'csv', 'SELECT a FROM t'])
      expect(r.stderr).toBe('')
      expect(r.stdout).toBe('a\r\nx\r\n')
      expect(sql(db, ["INSERT INTO t VALUES ('y')"]).code).toBe(7)
    })
  })
})
