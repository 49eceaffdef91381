#!/usr/bin/env node
// `npm run bench:sql`: the sql command against the sqlite3 CLI, whole processes, on the
// same seeded tables loaded from the same script. See bench/sql/README.md. Options:
//   --rows N       rows of events (default 1000000)   --join-rows N  rows of a and of b (default 100000)
//   --reps N       repetitions (default 3)            --lookups N    point-lookup / `node -e 0` triples per rep (default 5)
//   --cli "node bin/run.js"   how to start our CLI     --out DIR      results (default bench/results)
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {ensureData} from './data.mjs'
import {render} from './report.mjs'

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const repo = path.dirname(benchDir)
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i < 0 ? dflt : argv[i + 1]
}
const cfg = {
  rows: Number(opt('rows', 1_000_000)),
  joinRows: Number(opt('join-rows', 100_000)),
  reps: Number(opt('reps', 3)),
  lookups: Number(opt('lookups', 5)),
  cli: opt('cli', 'node bin/run.js').split(' '),
  seed: 42,
  out: path.resolve(repo, opt('out', 'bench/results')),
}
const dataDir = path.join(benchDir, 'data', 'sql', `${cfg.rows}-${cfg.joinRows}`)
const work = path.join(dataDir, 'work')
const ourDb = path.join(work, 'ours-db')
const sqliteDb = path.join(work, 'sqlite.db')

/** Wall-clock seconds of one process and its stdout. Throws on failure. */
function timed(cmd, args) {
  const t0 = process.hrtime.bigint()
  const p = spawnSync(cmd, args, {cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28})
  const wall = Number(process.hrtime.bigint() - t0) / 1e9
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${p.status ?? p.signal}: ${p.stderr}`)
  return {wall, stdout: p.stdout.toString()}
}

const ours = (...args) => timed(cfg.cli[0], [...cfg.cli.slice(1), ...args])
const oursSql = (q) => ours('sql', '--db', ourDb, q, '--format', 'csv')
const sqlite = (...args) => timed('sqlite3', [sqliteDb, ...args])
const sqliteSql = (q) => sqlite('-csv', '-header', q)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const env = {
  date: new Date().toISOString(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.availableParallelism(),
  mem_gb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  sqlite: spawnSync('sqlite3', ['--version'], {encoding: 'utf8'}).stdout.trim().split(' ')[0],
  loadavg_start: os.loadavg().map((x) => x.toFixed(2)).join(' '),
}
fs.mkdirSync(work, {recursive: true})
process.stderr.write(`sql bench: ${cfg.rows} + 2 × ${cfg.joinRows} rows, ${cfg.reps} reps; data in ${dataDir}\n`)
const data = ensureData(dataDir, cfg.rows, cfg.joinRows, cfg.seed)

const QUERIES = {
  // round(): SQLite 3.40 sums reals naively, we (as SQLite ≥ 3.43) with Kahan-Babuska
  // compensation, so unrounded sums differ in the 15th digit.
  group_by: 'SELECT kind, count(*) AS n, round(sum(amount), 2) AS total, round(avg(amount), 4) AS mean FROM events WHERE amount >= 50 GROUP BY kind ORDER BY kind',
  pk_lookup: `SELECT * FROM events WHERE id = ${data.pk}`,
  index_lookup: `SELECT * FROM events WHERE code = '${data.code}'`,
  join: 'SELECT count(*) AS n, sum(a.x * b.y) AS s FROM a JOIN b ON b.a_id = a.id',
}
const COPY =
  'CREATE TABLE copy (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL, amount REAL, code TEXT NOT NULL, note TEXT);' +
  ' INSERT INTO copy SELECT * FROM events'
// Not a target: a computed column, so neither side can copy stored rows as they are.
const COPY_EXPR =
  'CREATE TABLE copy2 (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL, amount REAL, code TEXT NOT NULL, note TEXT);' +
  ' INSERT INTO copy2 SELECT id, user_id, kind, amount, code, upper(note) FROM events'

const samples = []
const mismatches = new Set()
for (let rep = 1; rep <= cfg.reps; rep++) {
  const s = {rep}
  fs.rmSync(ourDb, {recursive: true, force: true})
  s.ours_load_s = ours('sql', '--db', ourDb, '--file', data.script, '--format', 'csv').wall
  // As kv import does at its end: the queries then open a database with an empty log.
  s.ours_checkpoint_s = ours('checkpoint', '--db', ourDb).wall
  fs.rmSync(sqliteDb, {force: true})
  s.sqlite_load_s = sqlite(`.read ${data.script}`).wall

  for (const [name, q] of Object.entries(QUERIES)) {
    const lookup = name.endsWith('_lookup')
    const n = lookup ? cfg.lookups : 1
    const o = []
    const l = []
    const node0 = []
    for (let i = 0; i < n; i++) {
      if (lookup) node0.push(timed(process.execPath, ['-e', '0']).wall)
      const a = oursSql(q)
      const b = sqliteSql(q)
      o.push(a.wall)
      l.push(b.wall)
      // Our CSV ends lines with CRLF (RFC 4180); sqlite3 3.40's -csv with LF.
      if (a.stdout.replace(/\r\n/g, '\n') !== b.stdout) mismatches.add(`${name}: ours ${JSON.stringify(a.stdout.slice(0, 200))} vs SQLite ${JSON.stringify(b.stdout.slice(0, 200))}`)
    }
    s[`ours_${name}_s`] = median(o)
    s[`sqlite_${name}_s`] = median(l)
    if (lookup) s[`node0_${name}_s`] = median(node0)
  }

  s.ours_insert_select_s = ours('sql', '--db', ourDb, COPY, '--format', 'csv').wall
  s.sqlite_insert_select_s = sqlite(COPY).wall
  s.ours_insert_select_expr_s = ours('sql', '--db', ourDb, COPY_EXPR, '--format', 'csv').wall
  s.sqlite_insert_select_expr_s = sqlite(COPY_EXPR).wall
  const count = (r) => r.stdout.trim().split(/\r?\n/).at(-1)
  for (const table of ['copy', 'copy2']) {
    const oc = count(oursSql(`SELECT count(*) FROM ${table}`))
    const sc = count(sqliteSql(`SELECT count(*) FROM ${table}`))
    if (oc !== String(cfg.rows) || sc !== String(cfg.rows)) throw new Error(`${table} holds ${oc} (ours) and ${sc} (SQLite) rows, not ${cfg.rows}`)
  }
  samples.push(s)
  process.stderr.write(`rep ${rep}: ${JSON.stringify(s)}\n`)
}
env.loadavg_end = os.loadavg().map((x) => x.toFixed(2)).join(' ')

const raw = {env, cfg: {...cfg, cli: cfg.cli.join(' '), out: undefined}, queries: {...QUERIES, insert_select: COPY, insert_select_expr: COPY_EXPR}, mismatches: [...mismatches], samples}
const md = render(raw)
const stamp = env.date.replace(/[:.]/g, '-').slice(0, 19)
fs.mkdirSync(path.join(cfg.out, 'raw'), {recursive: true})
fs.writeFileSync(path.join(cfg.out, 'raw', `sql-${stamp}.json`), JSON.stringify(raw, null, 2) + '\n')
fs.writeFileSync(path.join(cfg.out, `sql-${stamp.slice(0, 10)}.md`), md)
fs.writeFileSync(path.join(cfg.out, 'sql-latest.md'), md)
process.stdout.write(md)
