// npm run fuzz -- [--minutes 10] [--target sql,npy,fvecs,raw,index,store,kv] [--slice 60]
//                 [--hang 30] [--seed N] [--findings target/fuzz/findings]
//
// Runs the fuzz targets in rotation, one process at a time, for --minutes in all: the
// Rust ones through target/release/sochdb-fuzz (build it first:
// `cargo build --release -p sochdb-fuzz`), kv through scripts/fuzz-kv.mjs (needs
// `npm run build:ts`). Each child runs cases seed after seed and prints a heartbeat;
// this supervisor saves a finding when a case panics or fails internally (the child
// reports it), when the child dies by a signal or an unexpected exit (the case it was
// on, from its work directory), or when it prints nothing for --hang seconds (killed).
// It then restarts the child past that seed. The summary lists cases and CPU seconds
// per target and each distinct finding with its input file and replay command.

import {spawn} from 'node:child_process'
import {copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, relative} from 'node:path'
import {setInterval, clearInterval} from 'node:timers'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const RUST_TARGETS = ['sql', 'npy', 'fvecs', 'raw', 'index', 'store', 'parquet']
const ALL = [...RUST_TARGETS, 'kv']

const opts = {minutes: '10', target: ALL.join(','), slice: '60', hang: '30', seed: String(Date.now() % 1e9), findings: join(root, 'target/fuzz/findings')}
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  const name = argv[i].replace(/^--/, '')
  if (!(name in opts) || i + 1 >= argv.length) {
    console.error(`fuzz: unknown or incomplete option ${argv[i]}; options: ${Object.keys(opts).map((o) => `--${o}`).join(' ')}`)
    process.exit(2)
  }
  opts[name] = argv[++i]
}
const targets = opts.target.split(',').filter(Boolean)
for (const t of targets) {
  if (!ALL.includes(t)) {
    console.error(`fuzz: unknown target ${t}; targets: ${ALL.join(', ')}`)
    process.exit(2)
  }
}
const bin = join(root, 'target/release/sochdb-fuzz')
if (targets.some((t) => RUST_TARGETS.includes(t)) && !existsSync(bin)) {
  console.error('fuzz: build the fuzzer first: cargo build --release -p sochdb-fuzz')
  process.exit(2)
}
const totalMs = Number(opts.minutes) * 60_000
const sliceMs = Number(opts.slice) * 1000
const hangMs = Number(opts.hang) * 1000
const findingsDir = opts.findings
mkdirSync(findingsDir, {recursive: true})
// tmpfs when there is one: cases write and fsync small files all the time.
const workRoot = join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), `sochdb-fuzz-${process.pid}`)

const state = Object.fromEntries(
  targets.map((t, i) => [t, {seed: Number(opts.seed) + i * 1_000_000_000, cases: 0, cpuMs: 0, runs: 0, findings: []}]),
)

function command(t, work, seed, seconds) {
  const common = ['run', '--target', t, '--work', work, '--findings', findingsDir, '--seed', String(seed), '--seconds', String(seconds)]
  return t === 'kv' ? [process.execPath, [join(root, 'scripts/fuzz-kv.mjs'), ...common]] : [bin, common]
}

function replayCommand(t, seed) {
  return t === 'kv' ? `node scripts/fuzz-kv.mjs replay --target kv --seed ${seed}` : `target/release/sochdb-fuzz replay --target ${t} --seed ${seed}`
}

/** A finding the supervisor saw (signal, exit, hang): the child's current case. */
function saveCrash(t, work, kind, detail) {
  let seed = -1
  try {
    seed = Number(readFileSync(join(work, 'current'), 'utf8').trim().split(' ')[1])
  } catch {
    // No current case: the child died before its first one.
  }
  const name = `${t}-${seed}`
  const input = join(work, 'current.input')
  if (existsSync(input)) {
    const to = join(findingsDir, `${name}.input`)
    rmSync(to, {recursive: true, force: true})
    if (statSync(input).isDirectory()) cpSync(input, to, {recursive: true})
    else copyFileSync(input, to)
  }
  writeFileSync(join(findingsDir, `${name}.txt`), `target: ${t}\nseed: ${seed}\nkind: ${kind}\nreplay: ${replayCommand(t, seed)}\n\n${detail}\n`)
  state[t].findings.push({seed, kind, name, first: detail.split('\n')[0]})
  console.log(`[${t}] FINDING ${kind} at seed ${seed}: ${detail.split('\n')[0]}`)
  return seed
}

/** One child for up to `ms`; restarts past a crash until the time is used. */
async function runSlice(t, ms) {
  const work = join(workRoot, t)
  mkdirSync(work, {recursive: true})
  const end = Date.now() + ms
  while (Date.now() < end - 1000) {
    const st = state[t]
    const seconds = Math.max(1, Math.round((end - Date.now()) / 1000))
    const [cmd, args] = command(t, work, st.seed, seconds)
    const child = spawn(cmd, args, {cwd: root, stdio: ['ignore', 'pipe', 'pipe']})
    st.runs++
    let last = {cases: 0, seed: st.seed, cpuMs: 0}
    let lastBeat = Date.now()
    let stderr = ''
    let hung = false
    let buffered = ''
    child.stdout.on('data', (d) => {
      lastBeat = Date.now()
      buffered += d
      let nl
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        const [what, , a, b, c, ...more] = line.split(' ')
        if (what === 'tick' || what === 'done') last = {cases: Number(a), seed: Number(b), cpuMs: Number(c)}
        else if (what === 'finding') {
          st.findings.push({seed: Number(a), kind: b, name: c, first: more.join(' ')})
          console.log(`[${t}] FINDING ${b} at seed ${a}: ${more.join(' ')}`)
        }
      }
    })
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-4000)
    })
    const watchdog = setInterval(() => {
      if (Date.now() - lastBeat > hangMs) {
        hung = true
        child.kill('SIGKILL')
      }
    }, 1000)
    const [code, signal] = await new Promise((resolve) => child.on('close', (c, s) => resolve([c, s])))
    clearInterval(watchdog)
    st.cases += last.cases
    st.cpuMs += last.cpuMs
    if (hung) {
      st.seed = saveCrash(t, work, 'hang', `no progress for ${opts.hang} s (killed)\n${stderr}`) + 1
      st.cases++
    } else if (signal || code !== 0) {
      st.seed = saveCrash(t, work, signal ? 'signal' : 'exit', `${signal ? `killed by ${signal}` : `exit ${code}`}\n${stderr}`) + 1
      st.cases++
    } else {
      st.seed = last.seed
      break
    }
  }
}

const started = Date.now()
console.log(`fuzz: ${targets.join(', ')} for ${opts.minutes} min in slices of ${opts.slice} s, seed ${opts.seed}; findings in ${relative(root, findingsDir) || '.'}`)
while (Date.now() - started < totalMs) {
  for (const t of targets) {
    const left = totalMs - (Date.now() - started)
    if (left < 2000) break
    await runSlice(t, Math.min(sliceMs, left))
    const st = state[t]
    console.log(`[${t}] ${st.cases} cases, ${(st.cpuMs / 1000).toFixed(0)} CPU s, ${st.findings.length} findings, next seed ${st.seed}`)
  }
}
rmSync(workRoot, {recursive: true, force: true})

// Distinct findings: by target, kind and first line (a panic's first line is its location).
const summary = {seed: opts.seed, minutes: Number(opts.minutes), targets: {}}
console.log('\ntarget   cases      CPU s  findings')
let total = 0
for (const t of targets) {
  const st = state[t]
  total += st.cpuMs
  const distinct = new Map()
  for (const f of st.findings) {
    // A panic's location keeps its numbers; other messages differ only in them.
    const key = `${f.kind} ${f.kind === 'panic' ? f.first : f.first.replace(/\d+/g, 'N')}`
    if (!distinct.has(key)) distinct.set(key, {...f, count: 0})
    distinct.get(key).count++
  }
  summary.targets[t] = {cases: st.cases, cpu_seconds: Math.round(st.cpuMs / 1000), findings: [...distinct.values()]}
  console.log(`${t.padEnd(8)} ${String(st.cases).padStart(9)} ${(st.cpuMs / 1000).toFixed(0).padStart(8)}  ${st.findings.length}`)
}
console.log(`total CPU s: ${(total / 1000).toFixed(0)}`)
for (const [t, s] of Object.entries(summary.targets)) {
  for (const f of s.findings) {
    console.log(`\n[${t}] ${f.kind} ×${f.count}: ${f.first}\n  input: ${relative(root, join(findingsDir, `${f.name}.input`))}\n  replay: ${replayCommand(t, f.seed)}`)
  }
}
writeFileSync(join(findingsDir, '..', 'summary.json'), JSON.stringify(summary, null, 2) + '\n')
