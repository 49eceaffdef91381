// Seeded data for the SQL benchmark, as one SQL script both sides load (`sql --file` for
// us, `sqlite3 db < load.sql` for SQLite), so both read exactly the same statements:
// - events: N rows (id INTEGER PRIMARY KEY, user_id, kind, amount, code, note), a
//   secondary index on code (unique values in random order);
// - a and b: M rows each for the join; b.a_id points at a random row of a and is indexed.
// Rows go in multi-row INSERTs of 1,000 inside one BEGIN … COMMIT (the fastest plain-SQL
// load for both: one transaction, few statements).
import fs from 'node:fs'
import path from 'node:path'

import {rng} from '../kv/data.mjs'

const KINDS = ['click', 'view', 'buy', 'share', 'like', 'save', 'open', 'close']
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'
const PER_INSERT = 1000

function inserts(out, table, rows, row) {
  for (let start = 1; start <= rows; start += PER_INSERT) {
    const values = []
    for (let id = start; id < Math.min(start + PER_INSERT, rows + 1); id++) values.push(row(id))
    out(`INSERT INTO ${table} VALUES ${values.join(',')};\n`)
  }
}

/** Writes load.sql under `dir` unless it exists for these parameters; returns its path and sample keys. */
export function ensureData(dir, rows, joinRows, seed) {
  fs.mkdirSync(dir, {recursive: true})
  const stamp = path.join(dir, 'params.json')
  const script = path.join(dir, 'load.sql')
  const want = JSON.stringify({rows, joinRows, seed, version: 1})
  const samples = path.join(dir, 'sample.json')
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return {script, ...JSON.parse(fs.readFileSync(samples, 'utf8'))}
  const next = rng(seed)
  const fd = fs.openSync(script, 'w')
  let buf = ''
  const out = (s) => {
    buf += s
    if (buf.length > 1 << 22) {
      fs.writeSync(fd, buf)
      buf = ''
    }
  }
  out('BEGIN;\n')
  out('CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL, amount REAL, code TEXT NOT NULL, note TEXT);\n')
  // A bijection of 1..rows onto 32-bit values: unique codes in random order.
  const code = (id) => 'c' + ((Math.imul(id, 2654435761) >>> 0).toString(16).padStart(8, '0'))
  inserts(out, 'events', rows, (id) => {
    let note = ''
    for (let k = 0; k < 20; k++) note += ALNUM[next() % ALNUM.length]
    const amount = (next() % 10000) / 100
    return `(${id},${next() % 100000},'${KINDS[next() % KINDS.length]}',${amount},'${code(id)}','${note}')`
  })
  out('CREATE INDEX events_code ON events (code);\n')
  out('CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER NOT NULL);\n')
  out('CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL, y INTEGER NOT NULL);\n')
  inserts(out, 'a', joinRows, (id) => `(${id},${next() % 1000})`)
  inserts(out, 'b', joinRows, (id) => `(${id},${1 + (next() % joinRows)},${next() % 1000})`)
  out('CREATE INDEX b_a_id ON b (a_id);\n')
  out('COMMIT;\n')
  fs.writeSync(fd, buf)
  fs.closeSync(fd)
  const sample = {pk: Math.floor(rows / 2) + 7, code: code(Math.floor(rows / 3) + 11)}
  fs.writeFileSync(samples, JSON.stringify(sample))
  fs.writeFileSync(stamp, want)
  return {script, ...sample}
}
