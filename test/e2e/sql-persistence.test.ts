// SQL across processes: each step below is its own `sochdb-bulk sql` process. Schemas,
// rows and indexes made by one are used by the next; the tables live in the reserved
// key space that kv scan shows only with --system; the writer lock applies as to kv put.

import {afterAll, describe, expect, it} from 'vitest'

import {tempDir} from '../helpers/data.js'
import {sql, sqlOk} from '../helpers/sql.js'
import {freshDb, keys, kv, spawnHolder, waitFor} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

describe('sql across processes', () => {
  const db = freshDb(t)

  it('CREATE, then INSERT and CREATE INDEX, then SELECT using the index, in three processes', () => {
    expect(sqlOk(db, 'CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)').stdout).toBe('Table users created\n')
    const ins = sqlOk(db, "INSERT INTO users (name, email) VALUES ('Ada', 'ada@x.org'), ('Bob', 'bob@x.org'), ('Cy', NULL); CREATE INDEX users_name ON users (name)")
    expect(ins.stdout).toMatch(/^3 rows inserted\nIndex users_name created\n$/)
    const sel = sql(db, ["SELECT id, email FROM users WHERE name = 'Bob'", '--format', 'csv'])
    expect(sel.stdout).toBe('id,email\r\n2,bob@x.org\r\n')
    const plan = sql(db, ["EXPLAIN SELECT id FROM users WHERE name = 'Bob'", '--format', 'tsv']).stdout
    expect(plan).toMatch(/SEARCH users USING INDEX users_name \(name=\?\)/)
    const unique = sql(db, ["EXPLAIN SELECT id FROM users WHERE email = 'x'", '--format', 'tsv']).stdout
    expect(unique).toMatch(/SEARCH users USING INDEX sqlite_autoindex_users_1 \(email=\?\)/)
  })

  it('a UNIQUE index made earlier is enforced later; rowids are never reused', () => {
    expect(sql(db, ["INSERT INTO users (name, email) VALUES ('Eve', 'ada@x.org')"]).code).toBe(3)
    sqlOk(db, 'DELETE FROM users WHERE id = 3')
    sqlOk(db, "INSERT INTO users (name) VALUES ('Dee')")
    expect(sql(db, ["SELECT id FROM users WHERE name = 'Dee'", '--format', 'tsv']).stdout).toBe('id\n4\n')
  })

  it('kv scan hides the SQL key space unless --system', () => {
    kv(db, ['kv', 'put', 'plain', 'v'])
    expect(keys(db)).toEqual(['plain'])
    const all = keys(db, ['--system'])
    expect(all.length).toBeGreaterThan(5)
    expect(all.filter((k) => k.startsWith('\\xff'))).toHaveLength(all.length - 1)
  })

  it('a second writer exits 6 naming the holder', async () => {
    const holder = spawnHolder(db)
    try {
      const pid = (await waitFor(holder, /^HOLDING \d+/)).split(' ')[1]!
      // A script that writes; one that only reads takes no lock (sql-readonly.test.ts).
      const r = sql(db, ['SELECT 1; DELETE FROM users WHERE 0'])
      expect(r.code).toBe(6)
      expect(r.stderr).toMatch(new RegExp(`locked by process ${pid}\\b`))
    } finally {
      holder.kill()
    }
  })
})
