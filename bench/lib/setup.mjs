// One-time setup, each step skipped when already done: npm peers, hnswlib native build, seeded data.
import {execSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {hasGnuTime, run} from './proc.mjs'

export const PEER_VERSIONS = {'hnswlib-node': '3.0.0', usearch: '2.26.2'}

export function installPeers(peersDir) {
  fs.mkdirSync(peersDir, {recursive: true})
  const pj = {name: 'sochdb-bulk-bench-peers', private: true, version: '0.0.0', dependencies: PEER_VERSIONS,
    allowScripts: {'hnswlib-node': true, usearch: true}}
  fs.writeFileSync(path.join(peersDir, 'package.json'), JSON.stringify(pj, null, 1) + '\n')
  const installed = Object.entries(PEER_VERSIONS).every(([n, v]) => {
    const p = path.join(peersDir, 'node_modules', n, 'package.json')
    return fs.existsSync(p) && JSON.parse(fs.readFileSync(p, 'utf8')).version === v
  })
  if (!installed) {
    console.error(`[setup] npm install ${Object.entries(PEER_VERSIONS).map(([n, v]) => `${n}@${v}`).join(' ')} in ${peersDir}`)
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: peersDir})
  }
}

/** g++ -O3 -march=native against the hnswlib headers hnswlib-node vendors; rebuilt when the source changes. */
export function compileNative(benchDir, peersDir) {
  const src = path.join(benchDir, 'peers', 'hnswlib_native.cpp')
  const bin = path.join(peersDir, 'bin', 'hnswlib_native')
  const inc = path.join(peersDir, 'node_modules', 'hnswlib-node', 'src')
  if (fs.existsSync(bin) && fs.statSync(bin).mtimeMs > fs.statSync(src).mtimeMs) return bin
  fs.mkdirSync(path.dirname(bin), {recursive: true})
  console.error('[setup] g++ -O3 -march=native hnswlib_native.cpp')
  run('g++', ['-O3', '-march=native', '-pthread', `-I${inc}`, `-I${path.join(benchDir, 'peers')}`, src, '-o', bin])
  return bin
}

/** Generate the data sets that are missing or were generated with other sizes. */
export function ensureData(benchDir, dataDir, sizes, names) {
  const mp = path.join(dataDir, 'manifest.json')
  const man = fs.existsSync(mp) ? JSON.parse(fs.readFileSync(mp, 'utf8')) : {sets: {}}
  const want = (n) => (n === 'tiny128' ? 1000 : sizes[n])
  const missing = names.filter((n) => {
    const s = man.sets?.[n]
    return !s || s.n !== want(n) || s.nq !== sizes.nq || !fs.existsSync(path.join(dataDir, `${n}_base.npy`))
  })
  if (!missing.length) return man
  console.error(`[setup] generating ${missing.join(', ')} in ${dataDir}`)
  run('python3', [path.join(benchDir, 'gen_data.py'), '--out', dataDir, '--only', missing.join(','),
    '--n-clust768', String(sizes.clust768), '--n-clust128', String(sizes.clust128), '--n-big128', String(sizes.big128),
    '--nq', String(sizes.nq)])
  return JSON.parse(fs.readFileSync(mp, 'utf8'))
}

const sh = (cmd, cwd) => {
  try {
    return execSync(cmd, {cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim()
  } catch {
    return 'unknown'
  }
}

export function environment(repo, peersDir) {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8')
  const flags = (/^flags\s*:(.*)$/m.exec(cpu)?.[1] ?? '').split(' ')
  const ver = (n) => {
    const p = path.join(peersDir, 'node_modules', n, 'package.json')
    return fs.existsSync(p) ? JSON.parse(fs.readFileSync(p, 'utf8')).version : 'not installed'
  }
  return {
    date: new Date().toISOString(),
    host_cores: os.cpus().length,
    cpu_model: /^model name\s*:\s*(.*)$/m.exec(cpu)?.[1] ?? os.cpus()[0]?.model,
    simd: ['avx512f', 'avx2', 'sse4_2'].find((f) => flags.includes(f)) ?? 'none',
    mem_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
    kernel: `${os.type()} ${os.release()}`,
    loadavg_start: os.loadavg().map((x) => +x.toFixed(2)),
    node: process.version,
    gxx: sh('g++ -dumpfullversion'),
    sochdb_bulk: JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version,
    git: `${sh('git rev-parse --short HEAD', repo)}${sh('git status --porcelain', repo) ? ' (dirty tree)' : ''}`,
    'hnswlib-node': ver('hnswlib-node'),
    usearch: ver('usearch'),
    hnswlib_native: 'hnswlib 0.8.0 headers (vendored by hnswlib-node), g++ -O3 -march=native',
    gnu_time: hasGnuTime(),
  }
}
