#!/usr/bin/env node
// `npm run bench`: our CLI against hnswlib (native C++), usearch and hnswlib-node on the same seeded data, one
// invocation. See bench/README.md. Options (all optional):
//   --reps N            repetitions, outermost loop (default 3; --quick: 1)
//   --datasets a,b      of clust768,clust128,big128,glove50 (default all four)
//   --simd a,b          our kernel levels: best (what the CPU has) and SOCHDB_SIMD levels (default best,avx2;
//                       avx2 is dropped on a CPU whose best is avx2)
//   --peers a,b         of hnswlib-native,usearch,hnswlib-node (default all) on the 50K/100K sets
//   --big-peers a,b     peers on big128 (default hnswlib-native,usearch; hnswlib-node takes minutes there)
//   --threads N         build / throughput threads (default 2)    --efs 16,32,64,128,256,512
//   --t1 a,b            sets where ours also builds with --threads 1 (default clust768,clust128; +big128 ≈ 5 min/rep)
//   --codes-only a,b    sets where ours also builds --codes-only and sweeps ef (default clust768,glove50,big128)
//   --cli "node bin/run.js"   how to start our CLI, from the repo root
//   --no-ours | --no-peers    skip one side       --quick   small data (bench/data/quick), 1 rep
//   --report RAW.json   only re-render the markdown from a raw results file
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {curveSvg} from './lib/plot.mjs'
import {render} from './lib/report.mjs'
import {compileNative, ensureData, environment, installPeers} from './lib/setup.mjs'
import {files, loadGt, ours, peers} from './lib/tools.mjs'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const repo = path.dirname(benchDir)
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i < 0 ? dflt : argv[i + 1]
}
const flag = (name) => argv.includes(`--${name}`)
const list = (s) => s.split(',').filter(Boolean)

if (opt('report')) {
  const raw = JSON.parse(fs.readFileSync(opt('report'), 'utf8'))
  process.stdout.write(render(raw))
  process.exit(0)
}

const quick = flag('quick')
// glove50's size is the data's (399,000 rows after the held-out queries), quick or not.
const sizes = quick ? {clust768: 5000, clust128: 10000, big128: 20000, glove50: 399000, nq: 200}
  : {clust768: 50000, clust128: 100000, big128: 1000000, glove50: 399000, nq: 1000}
const METRIC = {clust768: 'ip', clust128: 'l2', big128: 'l2', tiny128: 'l2', glove50: 'cosine'}
// Peers read glove50 as unit rows with metric ip: cosine as hnswlib computes it.
const PEER_METRIC = {...METRIC, glove50: 'ip'}
const cpuFlags = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] ?? '').split(/\s+/)
const cfg = {
  repo, benchDir, quick, sizes,
  reps: +opt('reps', quick ? 1 : 3),
  datasets: list(opt('datasets', 'clust768,clust128,big128,glove50')),
  simd: list(opt('simd', cpuFlags.includes('avx512f') ? 'best,avx2' : 'best')),
  peers: flag('no-peers') ? [] : list(opt('peers', 'hnswlib-native,usearch,hnswlib-node')),
  bigPeers: flag('no-peers') ? [] : list(opt('big-peers', 'hnswlib-native,usearch')),
  ours: !flag('no-ours'),
  t1: list(opt('t1', 'clust768,clust128')),
  codesOnly: list(opt('codes-only', 'clust768,glove50,big128')),
  threads: +opt('threads', 2), M: 16, efc: 100, efs: list(opt('efs', '16,32,64,128,256,512')).map(Number),
  tputEf: 64, qreps: 3, openSamples: 5,
  cli: opt('cli', 'node bin/run.js').split(' '),
  peersDir: path.join(benchDir, '.peers'),
  dataDir: path.join(benchDir, 'data', quick ? 'quick' : 'full'),
}
cfg.idxDir = path.join(cfg.dataDir, 'idx')
const outDir = quick ? path.join(benchDir, 'data', 'quick-results') : path.join(benchDir, 'results')
for (const d of cfg.datasets) if (!METRIC[d] || d === 'tiny128') throw new Error(`unknown data set ${d}`)

// ------------------------------------------------------------------ setup
const t0 = Date.now()
const log = (m) => console.error(`[${new Date().toISOString().slice(11, 19)} +${((Date.now() - t0) / 1000).toFixed(0)}s] ${m}`)
if (cfg.peers.length || cfg.bigPeers.length) installPeers(cfg.peersDir)
if ([...cfg.peers, ...cfg.bigPeers].includes('hnswlib-native')) cfg.nativeBin = compileNative(benchDir, cfg.peersDir)
const withOpen = cfg.datasets.includes('big128')
const manifest = ensureData(benchDir, cfg.dataDir, sizes, [...cfg.datasets, ...(withOpen ? ['tiny128'] : [])])
fs.mkdirSync(cfg.idxDir, {recursive: true})
fs.mkdirSync(path.join(outDir, 'raw'), {recursive: true})

const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, (c) => (c === 'T' ? '_' : ''))
const rawPath = path.join(outDir, 'raw', `${stamp}.json`)
const raw = {env: environment(repo, cfg.peersDir),
  config: {...cfg, cli: cfg.cli.join(' '), repo: undefined, benchDir: undefined, peersDir: undefined, nativeBin: undefined},
  data: manifest.sets, records: []}
const save = () => fs.writeFileSync(rawPath, JSON.stringify(raw, null, 0) + '\n')
let ctx = {}
const add = (recs, extra = {}) => {
  for (const r of [recs].flat()) {
    const rec = {...ctx, ...r, ...(r.kind === 'error' ? {} : extra)}
    raw.records.push(rec)
    if (rec.kind === 'error') log(`  ERROR ${rec.tool} ${rec.ds} ${rec.step}: ${rec.message}`)
  }
  save()
  return [recs].flat()
}
const ok = (recs) => [recs].flat().every((r) => r.kind !== 'error')

// ------------------------------------------------------------------ steps
const O = ours(cfg)
const OURS_AT = cfg.simd.map((level) => ours(cfg, level))
const P = peers(cfg)
const builtBig = new Set() // tools whose big128 index was built in this rep (open-time runs use it)
const builtTiny = new Set()
const idx = (tool, ds, tag = '') => path.join(cfg.idxDir, `${tool}_${ds}${tag}.${tool.startsWith('sochdb-bulk') ? 'hnsw' : 'bin'}`)

/** Our build and queries at one kernel level; the extra runs (one thread, kmeans, C-order input) at the best only. */
function runOurs(ds, f, gt, O) {
  const m = METRIC[ds]
  const main = idx(O.tool, ds)
  log(`${O.tool} ${ds}: build --threads ${cfg.threads}`)
  fs.rmSync(main, {force: true})
  if (!ok(add(O.build(f, m, main, cfg.threads), {kind: 'build'}))) return
  // The queries ten times over, as the peers answer theirs after a warm-up (recall is
  // scored on the first pass: a search is deterministic).
  for (const ef of cfg.efs) add(O.query(main, f.query10x, ef, 1, gt), {kind: 'search'})
  for (const t of [1, cfg.threads]) add(O.query(main, f.query10x, cfg.tputEf, t), {kind: 'tput'})
  if (O.tool !== 'sochdb-bulk') return fs.rmSync(main, {force: true})
  if (ds === 'big128') builtBig.add('sochdb-bulk')
  if (f.baseC) {
    log(`sochdb-bulk ${ds}: build from the C-order copy`)
    const c = idx('sochdb-bulk', ds, '_c')
    add(O.build(f, m, c, cfg.threads, 'none', 'C'), {kind: 'build'})
    fs.rmSync(c, {force: true})
  }
  if (cfg.codesOnly.includes(ds)) {
    log(`sochdb-bulk ${ds}: build --codes-only`)
    const co = idx('sochdb-bulk', ds, '_codes')
    if (ok(add(O.build(f, m, co, cfg.threads, 'none', undefined, true), {kind: 'build'}))) {
      for (const ef of cfg.efs) add({...O.query(co, f.query10x, ef, 1, gt), codes_only: true}, {kind: 'search'})
    }
    fs.rmSync(co, {force: true})
  }
  if (cfg.t1.includes(ds)) {
    log(`sochdb-bulk ${ds}: build --threads 1`)
    const t1 = idx('sochdb-bulk', ds, '_t1')
    add(O.build(f, m, t1, 1), {kind: 'build'})
    fs.rmSync(t1, {force: true})
  }
  if (ds === 'big128') {
    log(`sochdb-bulk ${ds}: build --ordering kmeans`)
    const km = idx('sochdb-bulk', ds, '_kmeans')
    if (ok(add(O.build(f, m, km, cfg.threads, 'kmeans'), {kind: 'build'}))) {
      add({...O.query(km, f.query, cfg.tputEf, 1, gt), ordering: 'kmeans'}, {kind: 'search'})
    }
    fs.rmSync(km, {force: true})
  }
}

function runPeer(tool, ds, f) {
  log(`${tool} ${ds}: build + save + query sweep`)
  fs.rmSync(idx(tool, ds), {force: true})
  if (ok(add(P.build(tool, f, PEER_METRIC[ds], idx(tool, ds)))) && ds === 'big128') builtBig.add(tool)
  if (ds !== 'big128') fs.rmSync(idx(tool, ds), {force: true}) // big128's is kept for the open-time runs
}

/** Open the 1M index and the 1K index alternately, whole process each time. */
function openTimes(tools) {
  const fb = files(cfg.dataDir, 'big128'), ft = files(cfg.dataDir, 'tiny128')
  for (const tool of tools) {
    const big = idx(tool, 'big128'), tiny = idx(tool, 'tiny128')
    if (!builtBig.has(tool)) continue
    if (!builtTiny.has(tool)) { // the 1K index: built once per invocation
      const r = tool === 'sochdb-bulk' ? O.build(ft, 'l2', tiny, 1) : P.build(tool, ft, 'l2', tiny)
      if (!ok(r)) { add(r); continue }
      builtTiny.add(tool)
    }
    log(`${tool}: open + 1 query, 1M vs 1K index`)
    const open = (i) => (tool === 'sochdb-bulk' ? O.open(i, fb.query1) : P.open(tool, i, fb.query1, 'l2'))
    open(big) // warm the page cache: both sides are measured warm
    open(tiny)
    for (let s = 0; s < cfg.openSamples; s++) {
      add(open(big), {kind: 'open', size: 'big'})
      add(open(tiny), {kind: 'open', size: 'tiny'})
    }
  }
}

// ------------------------------------------------------------------ main loop: reps outermost
for (let rep = 1; rep <= cfg.reps; rep++) {
  for (const ds of cfg.datasets) {
    ctx = {rep, ds, loadavg: +os.loadavg()[0].toFixed(2)}
    const f = files(cfg.dataDir, ds)
    const gt = loadGt(f)
    builtBig.clear()
    if (cfg.ours) for (const at of OURS_AT) runOurs(ds, f, gt, at)
    for (const tool of ds === 'big128' ? cfg.bigPeers : cfg.peers) runPeer(tool, ds, f)
    if (ds === 'big128') {
      ctx = {rep, ds: 'big128', loadavg: +os.loadavg()[0].toFixed(2)}
      openTimes([...(cfg.ours ? ['sochdb-bulk'] : []), ...cfg.bigPeers])
    }
  }
}
raw.env.loadavg_end = os.loadavg().map((x) => +x.toFixed(2))
raw.env.total_minutes = +((Date.now() - t0) / 60000).toFixed(1)
save()

// latest.md and the README's quote come only from a complete run (quick runs write to bench/data/quick-results)
const complete = quick || (cfg.ours && cfg.peers.length && ['clust768', 'clust128', 'big128', 'glove50'].every((d) => cfg.datasets.includes(d)))
const md = render(raw)
fs.writeFileSync(path.join(outDir, `${stamp}.md`), md)
const svg = curveSvg(raw, 'glove50')
if (svg) {
  fs.writeFileSync(path.join(outDir, `${stamp}-glove50.svg`), svg)
  if (complete) fs.writeFileSync(path.join(outDir, 'glove50-curve.svg'), svg)
}
if (complete) fs.writeFileSync(path.join(outDir, 'latest.md'), md)
const readme = path.join(benchDir, 'README.md') // a full run quotes itself in the README, between the markers
if (complete && !quick && fs.existsSync(readme)) {
  const text = fs.readFileSync(readme, 'utf8')
  const [a, b] = ['<!-- latest:start -->', '<!-- latest:end -->'].map((s) => text.indexOf(s))
  if (a >= 0 && b > a) {
    const body = md.replace(/^# .*\n/, '').replace(/^## /gm, '#### ')
    fs.writeFileSync(readme, `${text.slice(0, a)}<!-- latest:start -->\n${body}\n${text.slice(b)}`)
  }
}
process.stdout.write(md)
log(`wrote ${path.relative(repo, path.join(outDir, complete ? 'latest.md' : `${stamp}.md`))}, ${path.relative(repo, rawPath)}`)
