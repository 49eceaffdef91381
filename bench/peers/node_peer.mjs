// Build + query run for the npm peers (hnswlib-node, usearch); adapted from ../shared/bench/peers/bench_node.mjs.
// One process = one build, so GNU time's peak RSS is per build. Prints one JSON object on stdout.
//
//   node node_peer.mjs build --lib hnswlib|usearch --modules DIR --base B --queries Q --gt GT --queries10x Q10
//        --metric l2|ip --index OUT [--M 16] [--efc 100] [--threads 2] [--efs 16,32,64,128] [--qreps 3] [--tput-ef 64]
//   node node_peer.mjs open --lib hnswlib|usearch --modules DIR --index IDX --queries Q1 --metric l2|ip [--ef 64]
import {createRequire} from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {readNpy} from '../lib/npy.mjs'

const t0 = performance.now()
const [mode, ...rest] = process.argv.slice(2)
const args = {}
for (let i = 0; i < rest.length; i += 2) args[rest[i].replace(/^--/, '')] = rest[i + 1]
const LIB = args.lib, METRIC = args.metric, K = 10
const M = +(args.M ?? 16), EFC = +(args.efc ?? 100), THREADS = +(args.threads ?? 2)
const require = createRequire(path.join(path.resolve(args.modules), 'noop.js'))
const now = () => performance.now() / 1000
const peakMB = () => process.resourceUsage().maxRSS / 1024

function hnswlibAdapter(D, N) {
  const {HierarchicalNSW} = require('hnswlib-node')
  const index = new HierarchicalNSW(METRIC, D)
  return {
    threads: 1, // hnswlib-node 3.x: addPoint(number[], label) and searchKnn are single-threaded
    build(base) {
      index.initIndex({maxElements: N, m: M, efConstruction: EFC, randomSeed: 100})
      for (let i = 0; i < N; i++) index.addPoint(Array.from(base.subarray(i * D, (i + 1) * D)), i)
    },
    save: (p) => index.writeIndexSync(p),
    open(p, ef = 64) { index.readIndexSync(p); index.setEf(ef) },
    setEf: (ef) => index.setEf(ef),
    query: (v) => index.searchKnn(Array.from(v), K).neighbors,
  }
}

function usearchAdapter(D) {
  const usearch = require('usearch')
  const cfg = (ef) => ({dimensions: D, metric: METRIC === 'l2' ? 'l2sq' : 'ip', quantization: 'f32',
    connectivity: M, expansion_add: EFC, expansion_search: ef, multi: false})
  let index = new usearch.Index(cfg(64)), saved
  return {
    threads: THREADS,
    build(base, N) {
      const keys = new BigUint64Array(N)
      for (let i = 0; i < N; i++) keys[i] = BigInt(i)
      index.add(keys, base, THREADS)
    },
    save(p) { index.save(p); saved = p },
    open(p, ef = 64) { index = new usearch.Index(cfg(ef)); index.view(p) }, // memory-mapped
    // the JS binding fixes expansion_search at construction: re-open the saved file per ef
    setEf(ef) { index = new usearch.Index(cfg(ef)); index.load(saved) },
    query: (v) => index.search(v, K, 1).keys,
    batch: (m, threads) => index.search(m, K, threads),
  }
}

const pkgVersion = (name) =>
  JSON.parse(fs.readFileSync(path.join(path.resolve(args.modules), 'node_modules', name, 'package.json'), 'utf8')).version

if (mode === 'open') {
  const q = readNpy(args.queries)
  const A = LIB === 'hnswlib' ? hnswlibAdapter(q.shape[1], 0) : usearchAdapter(q.shape[1])
  A.open(args.index, +(args.ef ?? 64))
  const ids = A.query(q.data.subarray(0, q.shape[1]))
  console.log(JSON.stringify({lib: LIB, mode, top1: Number(ids[0]), open_and_query_s: (performance.now() - t0) / 1000}))
  process.exit(0)
}

const tl = now()
const base = readNpy(args.base), qry = readNpy(args.queries), gt = readNpy(args.gt), q10 = readNpy(args.queries10x)
const [N, D] = base.shape, NQ = qry.shape[0], GTK = gt.shape[1]
const out = {lib: LIB, version: pkgVersion(LIB === 'hnswlib' ? 'hnswlib-node' : 'usearch'), metric: METRIC, N, D, M,
  efc: EFC, load_s: now() - tl}
const A = LIB === 'hnswlib' ? hnswlibAdapter(D, N) : usearchAdapter(D)
out.threads = A.threads

let t = now()
A.build(base.data, N)
out.build_s = now() - t
out.peak_rss_after_build_mb = peakMB()
t = now()
A.save(args.index)
out.save_s = now() - t
out.index_bytes = fs.statSync(args.index).size

const recall = (ids) => {
  let hit = 0
  for (let q = 0; q < NQ; q++) {
    const g = new Set(gt.data.subarray(q * GTK, q * GTK + K))
    for (let j = 0; j < K; j++) hit += g.has(Number(ids[q][j])) ? 1 : 0
  }
  return hit / (NQ * K)
}
const qv = (m, q) => m.data.subarray(q * D, (q + 1) * D)
out.search = []
for (const ef of (args.efs ?? '16,32,64,128').split(',').map(Number)) {
  A.setEf(ef)
  for (let q = 0; q < Math.min(100, NQ); q++) A.query(qv(qry, q))
  const qps = []
  let ids
  for (let r = 0; r < +(args.qreps ?? 3); r++) {
    const res = new Array(NQ)
    const s = now()
    for (let q = 0; q < NQ; q++) res[q] = A.query(qv(qry, q))
    qps.push(NQ / (now() - s))
    ids ??= res
  }
  const row = {ef, recall10: recall(ids), qps}
  if (A.batch) { // one call with the whole query matrix, 1 thread
    const s = now()
    A.batch(qry.data, 1)
    row.batch1t_qps = NQ / (now() - s)
  }
  out.search.push(row)
}
// throughput on the tiled queries at tput-ef: per-query loop (1 thread) or one batch call with 1 and T threads
out.tput_ef = +(args['tput-ef'] ?? 64)
out.tput_queries = q10.shape[0]
A.setEf(out.tput_ef)
out.tput = {}
for (const th of A.batch ? [1, THREADS] : [1]) {
  const s = now()
  if (A.batch) A.batch(q10.data, th)
  else for (let q = 0; q < q10.shape[0]; q++) A.query(qv(q10, q))
  out.tput[th] = q10.shape[0] / (now() - s)
}
out.peak_rss_end_mb = peakMB()
console.log(JSON.stringify(out))
