#!/usr/bin/env node
// `npm run bench:kv`: the kv store against SQLite, whole processes, on seeded records
// (16-byte keys in random order, 100-byte values). See bench/kv/README.md. Options:
//   --rows N          records (default 1000000)      --reps N   repetitions (default 3)
//   --get-samples N   `kv get` / `node -e 0` pairs per repetition (default 10)
//   --cli "node bin/run.js"   how to start our CLI, from the repo root
//   --out DIR         where the markdown and raw JSON go (default bench/results)
//   --report RAW.json only re-render the markdown from a raw results file
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
if (opt('report')) {
  // Re-render the markdown from a raw results file (bench/results/raw/kv-….json).
  const raw = JSON.parse(fs.readFileSync(opt('report'), 'utf8'))
  process.stdout.write(render(raw))
  process.exit(0)
}
const cfg = {
  rows: Number(opt('rows', 1_000_000)),
  reps: Number(opt('reps', 3)),
  getSamples: Number(opt('get-samples', 10)),
  cli: opt('cli', 'node bin/run.js').split(' '),
  seed: 42,
  out: path.resolve(repo, opt('out', 'bench/results')),
}
const dataDir = path.join(benchDir, 'data', 'kv', String(cfg.rows))
const work = path.join(dataDir, 'work')
const ourDb = path.join(work, 'ours-db')
// The same rows imported into a database that already held a key: no compaction at the
// end, so the scan merges the segments the import's automatic checkpoints left.
const mergeDb = path.join(work, 'ours-db-merge')
const sqliteDb = path.join(work, 'sqlite.db')

const devNull = fs.openSync('/dev/null', 'w')

/** Wall-clock seconds of one process; stdout to /dev/null unless captured. Throws on failure. */
function timed(cmd, args, {capture = false} = {}) {
  const t0 = process.hrtime.bigint()
  const p = spawnSync(cmd, args, {cwd: repo, stdio: ['ignore', capture ? 'pipe' : devNull, 'pipe'], maxBuffer: 1 << 26})
  const wall = Number(process.hrtime.bigint() - t0) / 1e9
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${p.status ?? p.signal}: ${p.stderr}`)
  return {wall, stdout: capture ? p.stdout.toString() : ''}
}

const ours = (...args) => [cfg.cli[0], [...cfg.cli.slice(1), ...args]]
const dirBytes = (dir) => fs.readdirSync(dir).reduce((s, f) => s + fs.statSync(path.join(dir, f)).size, 0)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function sqliteVersion() {
  const p = spawnSync('sqlite3', ['--version'], {encoding: 'utf8'})
  if (p.status !== 0) throw new Error('sqlite3 not found: install it (apt-get install sqlite3)')
  return p.stdout.trim().split(' ')[0]
}

function environment() {
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    mem_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    sqlite: sqliteVersion(),
    loadavg_start: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  }
}

const env = environment()
fs.mkdirSync(work, {recursive: true})
process.stderr.write(`kv bench: ${cfg.rows} rows, ${cfg.reps} reps; data in ${dataDir}\n`)
const data = ensureData(dataDir, cfg.rows, cfg.seed)

const samples = []
for (let rep = 1; rep <= cfg.reps; rep++) {
  const s = {rep}
  fs.rmSync(ourDb, {recursive: true, force: true})
  s.ours_import_s = timed(...ours('kv', 'import', '--db', ourDb, '-i', data.jsonl, '--quiet')).wall
  const info = JSON.parse(timed(...ours('info', '--db', ourDb, '--json'), {capture: true}).stdout)
  if (info.keys !== cfg.rows) throw new Error(`our database holds ${info.keys} keys, not ${cfg.rows}`)
  s.ours_bytes = dirBytes(ourDb)
  s.ours_segments = info.segments
  fs.rmSync(mergeDb, {recursive: true, force: true})
  timed(...ours('kv', 'put', '--db', mergeDb, '~bench-seed', 'x'))
  timed(...ours('kv', 'import', '--db', mergeDb, '-i', data.jsonl, '--quiet'))
  s.merge_segments = JSON.parse(timed(...ours('info', '--db', mergeDb, '--json'), {capture: true}).stdout).segments

  fs.rmSync(sqliteDb, {force: true})
  s.sqlite_import_s = timed('sqlite3', [
    sqliteDb,
    'PRAGMA synchronous=FULL;',
    'CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;',
    '.mode csv',
    `.import ${data.csv} kv`, // one transaction
  ]).wall
  const count = timed('sqlite3', [sqliteDb, 'SELECT count(*) FROM kv'], {capture: true}).stdout.trim()
  if (Number(count) !== cfg.rows) throw new Error(`sqlite holds ${count} rows`)
  s.sqlite_bytes = fs.statSync(sqliteDb).size

  s.ours_scan_s = timed(...ours('kv', 'scan', '--db', ourDb, '--format', 'tsv')).wall
  s.ours_scan_merge_s = timed(...ours('kv', 'scan', '--db', mergeDb, '--format', 'tsv')).wall
  s.ours_scan_startup_s = timed(...ours('kv', 'scan', '--db', ourDb, '--format', 'tsv', '--limit', '1')).wall
  s.sqlite_scan_s = timed('sqlite3', [sqliteDb, 'SELECT key, value FROM kv']).wall

  const get = []
  const node0 = []
  for (let i = 0; i < cfg.getSamples; i++) {
    node0.push(timed(process.execPath, ['-e', '0']).wall)
    get.push(timed(...ours('kv', 'get', '--db', ourDb, data.sampleKey)).wall)
  }
  s.get_s = median(get)
  s.node0_s = median(node0)
  samples.push(s)
  process.stderr.write(`rep ${rep}: ${JSON.stringify(s)}\n`)
}
env.loadavg_end = os.loadavg().map((x) => x.toFixed(2)).join(' ')

const raw = {env, cfg: {rows: cfg.rows, reps: cfg.reps, getSamples: cfg.getSamples, cli: cfg.cli.join(' '), seed: cfg.seed}, samples}
const md = render(raw)
const stamp = env.date.replace(/[:.]/g, '-').slice(0, 19)
fs.mkdirSync(path.join(cfg.out, 'raw'), {recursive: true})
fs.writeFileSync(path.join(cfg.out, 'raw', `kv-${stamp}.json`), JSON.stringify(raw, null, 2) + '\n')
fs.writeFileSync(path.join(cfg.out, `kv-${stamp.slice(0, 10)}.md`), md)
fs.writeFileSync(path.join(cfg.out, 'kv-latest.md'), md)
process.stdout.write(md)
