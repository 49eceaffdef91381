#!/usr/bin/env node
// `npm run bench:filter`: filtered nearest-neighbour search (`query --where`) on 1 M x 128
// clustered vectors whose table has two metadata columns, at filters that pass 50, 10, 1
// and 0.1 % of the rows, random and correlated with the vectors. See bench/filter/README.md.
//   --n N        rows (default 1000000)      --nq N   queries (default 1000)
//   --ef N       ef of every walk (default 64)
//   --cli "node bin/run.js"                  --out DIR   results (default bench/results)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {readNpy, writeNpy} from '../lib/npy.mjs'
import {parseJson, run, tail, timed} from '../lib/proc.mjs'

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const repo = path.dirname(benchDir)
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i < 0 ? dflt : argv[i + 1]
}
const cfg = {
  n: Number(opt('n', 1_000_000)),
  nq: Number(opt('nq', 1000)),
  ef: Number(opt('ef', 64)),
  M: 16,
  efc: 100,
  cli: opt('cli', 'node bin/run.js').split(' '),
  out: path.resolve(repo, opt('out', 'bench/results')),
}
const K = 10
/** Post-filtering with k = 10 / share asks for up to 10,000 neighbours a query, and a
 * forced strategy far from its range is as slow: such runs answer only this many
 * queries (the rate is per query, so comparable). */
const BASELINE_MAX_QUERIES = 200

const dir = path.join(benchDir, 'data', 'filter', String(cfg.n))
const index = path.join(dir, 'index.hnsw')
const db = path.join(dir, 'db')
const query = path.join(dir, 'query.npy')

function cli(args) {
  const r = timed(cfg.cli[0], [...cfg.cli.slice(1), ...args], {cwd: repo})
  if (!r.ok) throw new Error(`${args.slice(0, 2).join(' ')} exited ${r.code}: ${tail(r)}`)
  return r
}

function setup() {
  if (!fs.existsSync(path.join(dir, 'filters.json'))) {
    console.error(`[setup] python3 bench/filter/gen.py --out ${dir} --n ${cfg.n} --nq ${cfg.nq}`)
    run('python3', [path.join(benchDir, 'filter', 'gen.py'), '--out', dir, '--n', String(cfg.n), '--nq', String(cfg.nq)])
  }
  const built = {}
  if (!fs.existsSync(index)) {
    console.error('[setup] build-index')
    const r = cli(['build-index', '-i', path.join(dir, 'base.npy'), '-o', index, '--metric', 'l2', '-m', String(cfg.M),
      '-e', String(cfg.efc), '--threads', '2', '--quiet', '--json'])
    built.index_s = parseJson(r.stdout).elapsed_seconds
  }
  if (!fs.existsSync(db)) {
    console.error('[setup] sql --import items items.parquet --primary-key id')
    const r = cli(['sql', '--db', db, '--import', 'items', path.join(dir, 'items.parquet'), '--primary-key', 'id', '--quiet', '--json'])
    built.import_s = parseJson(r.stdout).elapsed_seconds
  }
  return built
}

/** Mean recall@10 of result rows against a ground truth (int64, nq x 10; -1 pads). */
function recall(rows, gt) {
  let hit = 0
  let want = 0
  for (let q = 0; q < rows.length; q++) {
    const truth = Array.from(gt.data.subarray(q * K, (q + 1) * K), Number).filter((id) => id >= 0)
    const got = new Set(rows[q].slice(0, K))
    hit += truth.filter((id) => got.has(id)).length
    want += truth.length
  }
  return hit / Math.max(want, 1)
}

/** One query process: its rate (search only), recall, how queries were answered. */
function measure(args, gt, nq = cfg.nq) {
  const r = cli(['query', '--index', index, '-q', nq < cfg.nq ? firstQueries(nq) : query, '--threads', '1', '--json', ...args])
  const j = parseJson(r.stdout)
  const rows = j.results.map((x) => x.neighbors.map((nb) => Number(nb.id)))
  const searchS = j.elapsed_seconds - (j.filter?.seconds ?? 0)
  const by = {}
  for (const x of j.results) if (x.search) by[x.search] = (by[x.search] ?? 0) + 1
  return {
    qps: j.count / Math.max(searchS, 1e-3),
    recall: recall(rows, gt),
    short: rows.filter((ns) => ns.length < Math.min(K, j.filter?.rows_passing ?? K)).length,
    filter_s: j.filter?.seconds ?? 0,
    by,
    rows,
  }
}

/** The first n queries as their own .npy (the baseline's slow runs answer fewer). */
function firstQueries(n) {
  const f = path.join(dir, `query-first${n}.npy`)
  if (!fs.existsSync(f)) {
    const q = readNpy(query)
    writeNpy(f, q.data.subarray(0, n * q.shape[1]), [n, q.shape[1]])
  }
  return f
}

/** The first nq rows of a ground truth. */
const slice = (gt, nq) => ({data: gt.data.subarray(0, nq * K)})

/** The baseline a user has without --where: ask for k = 10 / share neighbours, keep those that pass. */
function postFilter(filter, passes, gt) {
  const bigK = Math.ceil(K / filter.share)
  const nq = bigK > 1000 ? Math.min(BASELINE_MAX_QUERIES, cfg.nq) : cfg.nq
  const m = measure(['--k', String(bigK), '--ef', String(bigK)], slice(gt, nq), nq)
  const kept = m.rows.map((ns) => ns.filter(passes).slice(0, K))
  return {k: bigK, nq, qps: m.qps, recall: recall(kept, gt), found: kept.reduce((s, ns) => s + ns.length, 0) / kept.length}
}

function main() {
  const started = new Date()
  const built = setup()
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'filters.json'), 'utf8'))
  const columns = {rand: readNpy(path.join(dir, 'rand.npy')).data, corr: readNpy(path.join(dir, 'corr.npy')).data}
  // The first run after the index left the page cache pays its page faults: warm it.
  measure(['--k', String(K), '--ef', String(cfg.ef)], readNpy(path.join(dir, 'gt_all.npy')))
  const all = measure(['--k', String(K), '--ef', String(cfg.ef)], readNpy(path.join(dir, 'gt_all.npy')))
  console.error(`unfiltered: ${all.qps.toFixed(0)} q/s, recall ${all.recall.toFixed(3)}`)
  const results = []
  for (const f of meta.filters) {
    const gt = readNpy(path.join(dir, `gt_${f.name}.npy`))
    const [column, limit] = [f.where.split(' ')[0], Number(f.where.split(' < ')[1])]
    const passes = (id) => columns[column][id] < limit
    const where = ['--db', db, '--table', 'items', '--where', f.where, '--k', String(K), '--ef', String(cfg.ef)]
    const row = {filter: f}
    for (const strategy of ['auto', 'graph', 'exact']) {
      // A forced strategy far from its range (a walk below 5 %, a scan above) takes
      // minutes for 1,000 queries: it answers the first 200 (the rate is per query).
      const slow = strategy === 'graph' ? f.share < 0.05 : strategy === 'exact' && f.share > 0.05
      const nq = slow ? Math.min(BASELINE_MAX_QUERIES, cfg.nq) : cfg.nq
      const m = measure([...where, '--filter-strategy', strategy], slice(gt, nq), nq)
      m.nq = nq
      delete m.rows
      row[strategy] = m
    }
    row.post = postFilter(f, passes, gt)
    console.error(`${f.name}: auto ${row.auto.qps.toFixed(0)} q/s r ${row.auto.recall.toFixed(3)}; graph ${row.graph.qps.toFixed(0)} r ${row.graph.recall.toFixed(3)}; exact ${row.exact.qps.toFixed(0)}; post-filter k ${row.post.k} ${row.post.qps.toFixed(1)} q/s r ${row.post.recall.toFixed(3)} found ${row.post.found.toFixed(2)}`)
    results.push(row)
  }
  delete all.rows
  const raw = {started: started.toISOString(), cfg, built, cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), unfiltered: all, results}
  fs.mkdirSync(path.join(cfg.out, 'raw'), {recursive: true})
  const stamp = started.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '_')
  fs.writeFileSync(path.join(cfg.out, 'raw', `filter-${stamp}.json`), JSON.stringify(raw, null, 1) + '\n')
  const md = render(raw)
  fs.writeFileSync(path.join(cfg.out, `filter-${stamp.slice(0, 8)}.md`), md)
  fs.writeFileSync(path.join(cfg.out, 'filter-latest.md'), md)
  process.stdout.write(md)
}

const f0 = (x) => x.toFixed(0)
const f3 = (x) => x.toFixed(3)

function render(raw) {
  const {cfg: c, unfiltered: u} = raw
  const lines = [
    `# bench:filter — ${raw.started.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${c.n.toLocaleString('en')} × 128 clustered vectors (l2; M ${c.M}, ef_construction ${c.efc}), ${c.nq} held-out queries, ` +
      `k 10, ef ${c.ef}, one thread; ${raw.cpu}, ${raw.cores} cores. Recall@10 against the exact filtered top 10 ` +
      '(bench/filter/gen.py). Rates are searches only: the condition is evaluated once per run ("filter s"). ' +
      '"short": queries answered with fewer than 10 rows although ≥ 10 pass. ' +
      '* on the first 200 queries (a forced strategy far from its range).',
    '',
    `Unfiltered, same index and queries: **${f0(u.qps)} q/s**, recall@10 ${f3(u.recall)}.`,
    '',
    '| filter | rows passing | auto: answered by | auto q/s | × unfiltered cost | auto recall | short | graph q/s | graph recall | exact q/s | filter s | post-filter k | post-filter q/s | post-filter recall | post-filter rows found (of 10) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ]
  for (const r of raw.results) {
    const by = Object.entries(r.auto.by).map(([k, v]) => `${k} ${v}`).join(', ')
    lines.push(`| ${r.filter.kind} ${r.filter.where} | ${r.filter.rows.toLocaleString('en')} | ${by} | ${f0(r.auto.qps)} | ${(u.qps / r.auto.qps).toFixed(2)} | ${f3(r.auto.recall)} | ${r.auto.short} | ` +
      `${f0(r.graph.qps)}${r.graph.nq < c.nq ? '*' : ''} | ${f3(r.graph.recall)} | ${f0(r.exact.qps)}${r.exact.nq < c.nq ? '*' : ''} | ${r.auto.filter_s.toFixed(2)} | ${r.post.k} (${r.post.nq} queries) | ${r.post.qps.toFixed(1)} | ${f3(r.post.recall)} | ${r.post.found.toFixed(2)} |`)
  }
  if (raw.built.index_s !== undefined) lines.push('', `Set-up this run: index built in ${raw.built.index_s} s, table imported in ${raw.built.import_s ?? '(earlier)'} s.`)
  return lines.join('\n') + '\n'
}

main()
