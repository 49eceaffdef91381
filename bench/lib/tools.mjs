// The measured tools. Each step returns records {tool, kind, ...} (the driver adds rep and data set):
//   build  {threads, ordering, build_s, wall_s, rss_mb, cpu_pct, index_bytes, n}
//   search {ef, recall, qps, qps_wall?}            single thread, the held-out queries
//   tput   {threads, ef, qps, qps_wall?}           the tiled queries (x10)
//   open   {size: 'big'|'tiny', s}                 whole process: open the index and answer one query
//   error  {step, message}
import fs from 'node:fs'
import path from 'node:path'
import {readNpy} from './npy.mjs'
import {parseJson, tail, timed} from './proc.mjs'

const K = 10

/** Mean recall@10 of id rows (arrays of numbers) against a ground-truth npy (nq x >=10, int32). */
export function recallAt10(rows, gt) {
  const [nq, gk] = gt.shape
  let hit = 0
  for (let q = 0; q < nq; q++) {
    const g = new Set(gt.data.subarray(q * gk, q * gk + K))
    for (const id of (rows[q] ?? []).slice(0, K)) hit += g.has(Number(id)) ? 1 : 0
  }
  return hit / (nq * K)
}

/** A data set's files. glove50 also has `baseC` (its base in C order: ours, the transpose
 * comparison) and `peerBase` (unit rows in C order: the peers' input, metric ip). */
export const files = (dataDir, ds) => {
  const f = (suffix) => path.join(dataDir, `${ds}_${suffix}.npy`)
  const opt = (suffix) => (fs.existsSync(f(suffix)) ? f(suffix) : undefined)
  return {base: f('base'), query: f('query'), query10x: f('query10x'), query1: f('query1'), gt: f('gt'),
    baseC: opt('base_c'), peerBase: opt('peer_base') ?? f('base')}
}

// ------------------------------------------------------------------ our CLI, whole process
/** Our CLI at a kernel level: `simd` 'best' (what the CPU has) or a SOCHDB_SIMD level such as
 * 'avx2'; the tool is named `sochdb-bulk` or `sochdb-bulk@avx2` in the records. */
export function ours(cfg, simd = 'best') {
  const [cmd, ...pre] = cfg.cli
  const tool = simd === 'best' ? 'sochdb-bulk' : `sochdb-bulk@${simd}`
  const env = simd === 'best' ? undefined : {SOCHDB_SIMD: simd}
  const cli = (args) => timed(cmd, [...pre, ...args], {cwd: cfg.repo, env})
  const fail = (step, r) => ({tool, kind: 'error', step, message: `exit ${r.code}: ${tail(r)}`})
  return {
    tool,
    /** `input` 'C' builds from the C-order copy of a Fortran-order base (glove50). */
    build(f, metric, out, threads, ordering = 'none', input = undefined, codesOnly = false) {
      const extra = [...(ordering === 'none' ? [] : ['--ordering', ordering]), ...(codesOnly ? ['--codes-only'] : [])]
      const r = cli(['build-index', '--input', input === 'C' ? f.baseC : f.base, '--output', out, '--metric', metric,
        '-m', String(cfg.M), '-e', String(cfg.efc), '--threads', String(threads), ...extra, '--quiet', '--json'])
      if (!r.ok) return fail(`build t${threads} ${ordering}`, r)
      const j = parseJson(r.stdout)
      return {tool, kind: 'build', threads, ordering, input, codes_only: codesOnly || undefined, n: j.vectors, build_s: j.elapsed_seconds,
        wall_s: r.wall_s, rss_mb: r.rss_mb, cpu_pct: r.cpu_pct, index_bytes: j.index_size_bytes, kernels: j.kernels}
    },
    /** One process answering every query in `qfile`; recall when gt is given. */
    query(index, qfile, ef, threads, gt) {
      const r = cli(['query', '--index', index, '-q', qfile, '--k', String(K), '--ef', String(ef),
        '--threads', String(threads), '--json'])
      if (!r.ok) return fail(`query ef ${ef} t${threads}`, r)
      const j = parseJson(r.stdout)
      const n = j.count
      return {tool, ef, threads, qps: n / Math.max(j.elapsed_seconds, 1e-3), qps_wall: n / r.wall_s,
        wall_s: r.wall_s, rss_mb: r.rss_mb,
        recall: gt ? recallAt10(j.results.map((x) => x.neighbors.map((nb) => nb.id)), gt) : undefined}
    },
    open(index, q1) {
      const r = cli(['query', '--index', index, '-q', q1, '--k', String(K), '--ef', '64', '--threads', '1', '--json'])
      return r.ok ? {tool, s: r.wall_s} : fail('open', r)
    },
  }
}

// ------------------------------------------------------------------ peers: one process per build
function peerRecords(tool, r) {
  if (!r.ok) return [{tool, kind: 'error', step: 'build', message: `exit ${r.code}: ${tail(r)}`}]
  const j = parseJson(r.stdout)
  const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  const out = [{tool, kind: 'build', threads: j.threads, ordering: 'none', n: j.N, build_s: j.build_s + j.save_s,
    wall_s: null, rss_mb: j.peak_rss_after_build_mb, rss_process_mb: r.rss_mb, cpu_pct: r.cpu_pct, index_bytes: j.index_bytes}]
  for (const s of j.search) out.push({tool, kind: 'search', ef: s.ef, recall: s.recall10, qps: med(s.qps), batch1t_qps: s.batch1t_qps})
  for (const [t, q] of Object.entries(j.tput)) out.push({tool, kind: 'tput', threads: +t, ef: j.tput_ef, qps: q})
  return out
}

export function peers(cfg) {
  const nodePeer = path.join(cfg.benchDir, 'peers', 'node_peer.mjs')
  const lib = {usearch: 'usearch', 'hnswlib-node': 'hnswlib'}
  return {
    build(tool, f, metric, index) {
      const common = [String(cfg.M), String(cfg.efc)]
      const r = tool === 'hnswlib-native'
        ? timed(cfg.nativeBin, ['build', f.peerBase, f.query, f.gt, f.query10x, metric, ...common, String(cfg.threads),
          cfg.efs.join(','), index, String(cfg.qreps), String(cfg.tputEf)])
        : timed(process.execPath, [nodePeer, 'build', '--lib', lib[tool], '--modules', cfg.peersDir, '--base', f.peerBase,
          '--queries', f.query, '--gt', f.gt, '--queries10x', f.query10x, '--metric', metric, '--index', index,
          '--M', common[0], '--efc', common[1], '--threads', String(cfg.threads), '--efs', cfg.efs.join(','),
          '--qreps', String(cfg.qreps), '--tput-ef', String(cfg.tputEf)])
      return peerRecords(tool, r)
    },
    open(tool, index, q1, metric) {
      const r = tool === 'hnswlib-native'
        ? timed(cfg.nativeBin, ['open', index, q1, metric])
        : timed(process.execPath, [nodePeer, 'open', '--lib', lib[tool], '--modules', cfg.peersDir, '--index', index,
          '--queries', q1, '--metric', metric])
      return r.ok ? {tool, s: r.wall_s} : {tool, kind: 'error', step: 'open', message: tail(r)}
    },
  }
}

export const loadGt = (f) => (fs.existsSync(f.gt) ? readNpy(f.gt) : null)
