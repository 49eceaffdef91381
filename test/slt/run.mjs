#!/usr/bin/env node
// `npm run slt -- [options] FILES/DIRS…`: sqllogictest scripts (.test, or .test.gz /
// .test.br) through our SQL engine or the sqlite3 CLI. See test/slt/README.md.
//   --engine ours|sqlite3   ours: the native addon in-process (default); sqlite3: the
//                           CLI, the runner's self-check (it must pass ~100 %)
//   --jobs N                runner processes, each taking whole files (default 1)
//   --timeout S             a record running longer is killed and failed "timeout" (30)
//   --max-timeouts N        after N timeouts in a file, its remaining records are failed
//                           unrun (3): a file of joins our engine cannot finish would
//                           otherwise take hours
//   --queries NAME=N        of file NAME, run only the first N queries (repeatable; CI
//                           uses it for the joins of select5 past 16 tables)
//   --report PATH           write the Markdown report there
//   --json PATH             write per-file counts and every failure as JSON
//   --title TEXT            the report's title     --note TEXT   a paragraph under it
// Directories are searched for test files; names in the report are relative to the
// directory given (a file given by itself: its base name).
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import {clearInterval, setInterval} from 'node:timers'
import {fileURLToPath} from 'node:url'

import {renderReport} from './report.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))

function parseArgs(argv) {
  const o = {engine: 'ours', jobs: 1, timeout: 30, maxTimeouts: 3, queries: {}, report: null, json: null, title: null, note: null, inputs: []}
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`)
      return argv[++i]
    }
    if (a === '--engine') o.engine = val()
    else if (a === '--jobs') o.jobs = Number(val())
    else if (a === '--timeout') o.timeout = Number(val())
    else if (a === '--max-timeouts') o.maxTimeouts = Number(val())
    else if (a === '--queries') {
      const m = /^(.+)=(\d+)$/.exec(val())
      if (!m) throw new Error('--queries takes NAME=N')
      o.queries[m[1]] = Number(m[2])
    }
    else if (a === '--report') o.report = val()
    else if (a === '--json') o.json = val()
    else if (a === '--title') o.title = val()
    else if (a === '--note') o.note = val()
    else if (a === '-h' || a === '--help') {
      process.stdout.write(fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport')[0].replace(/^#!.*\n/, '').replace(/^\/\/ ?/gm, '') + '\n')
      process.exit(0)
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else o.inputs.push(a)
  }
  if (!['ours', 'sqlite3'].includes(o.engine)) throw new Error(`--engine is ours or sqlite3, not ${o.engine}`)
  if (!(o.jobs >= 1)) throw new Error('--jobs is at least 1')
  if (!(o.timeout > 0)) throw new Error('--timeout is a positive number of seconds')
  if (o.inputs.length === 0) throw new Error('give test files or directories')
  return o
}

const TEST_FILE = /\.test(\.gz|\.br)?$/

/** Every test file under the inputs, with its report name (no .gz/.br). */
export function listFiles(inputs) {
  const files = []
  for (const input of inputs) {
    const st = fs.statSync(input)
    if (st.isFile()) {
      files.push({path: input, name: path.basename(input).replace(/\.(gz|br)$/, '')})
      continue
    }
    const walk = (dir) => {
      for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
        const p = path.join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (TEST_FILE.test(e.name)) files.push({path: p, name: path.relative(input, p).replace(/\.(gz|br)$/, '')})
      }
    }
    walk(input)
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return files
}

/**
 * Runs every file; returns per-file results in name order:
 * {name, run, passed, failed, skipped, failures: [{i, line, msg, detail, sql}], error, seconds}.
 */
export async function runFiles(files, o, log = (s) => process.stderr.write(s)) {
  const timeoutMs = o.timeout * 1000
  // sqlite3 runs a file in one CLI process: its limit is for the file.
  const fileTimeoutMs = timeoutMs * 10
  const results = files.map((f) => ({name: f.name, run: 0, passed: 0, failed: 0, skipped: 0, failures: [], error: null, seconds: 0, restarts: 0, timeouts: 0}))
  // Largest first, so that the long files do not start last.
  const queue = files.map((f, n) => ({n, from: 0})).sort((a, b) => fs.statSync(files[b.n].path).size - fs.statSync(files[a.n].path).size)
  let done = 0
  const started = Date.now()

  await new Promise((resolve) => {
    let live = 0
    const startWorker = () => {
      if (queue.length === 0) {
        if (live === 0) resolve()
        return
      }
      live++
      const child = spawn(process.execPath, [path.join(here, 'worker.mjs')], {stdio: ['pipe', 'pipe', 'inherit']})
      const w = {child, job: null, current: null, last: Date.now(), killed: false, t0: 0}
      const next = () => {
        const job = queue.shift()
        if (!job) {
          w.job = null
          child.stdin.end()
          return
        }
        w.job = job
        w.current = null
        w.last = Date.now()
        w.t0 = Date.now()
        child.stdin.write(`${JSON.stringify({file: files[job.n].path, engine: o.engine, from: job.from, abandon: job.abandon, maxQueries: o.queries[files[job.n].name], fileTimeoutMs})}\n`)
      }
      const watchdog = setInterval(() => {
        if (!w.job || w.killed) return
        const limit = o.engine === 'sqlite3' ? fileTimeoutMs + 10_000 : timeoutMs
        if (Date.now() - w.last > limit) {
          w.killed = true
          child.kill('SIGKILL')
        }
      }, 250)
      readline.createInterface({input: child.stdout}).on('line', (line) => {
        w.last = Date.now()
        const r = results[w.job.n]
        const tag = line[0]
        if (tag === 's') {
          const [, i, l] = line.split(' ')
          w.current = {i: Number(i), line: Number(l)}
          r.run++
        } else if (tag === 'p') r.passed++
        else if (tag === 'k') r.skipped++
        else if (tag === 'f') {
          r.failed++
          r.failures.push(JSON.parse(line.slice(2)))
        } else if (tag === 'x') {
          r.error = JSON.parse(line.slice(2)).msg
        }
        if (tag === 'd' || tag === 'x') {
          r.seconds += (Date.now() - w.t0) / 1000
          finished(r)
          next()
        }
      })
      child.on('exit', (code, signal) => {
        clearInterval(watchdog)
        live--
        if (w.job) {
          // Killed (timeout) or crashed in the middle of a file: fail the record that
          // was running and go on after it in a new process.
          const r = results[w.job.n]
          r.seconds += (Date.now() - w.t0) / 1000
          const why = w.killed ? 'timeout' : `runner process died (${signal ?? `exit ${code}`})`
          if (w.current) {
            r.failed++
            r.failures.push({i: w.current.i, line: w.current.line, msg: why, sql: ''})
            r.restarts++
            if (w.killed) r.timeouts++
            // Past the limit the worker only lists the remaining records, as failed.
            const abandon =
              r.timeouts >= o.maxTimeouts
                ? `not run: ${r.timeouts} records of this file timed out`
                : r.restarts - r.timeouts >= 3
                  ? `not run: the runner process died ${r.restarts - r.timeouts} times in this file`
                  : undefined
            queue.unshift({n: w.job.n, from: w.current.i + 1, abandon})
          } else {
            r.error = `${why} before its first record`
            finished(r)
          }
        }
        startWorker()
      })
      next()
    }
    const finished = (r) => {
      if (queue.some((q) => results[q.n] === r)) return
      done++
      const pct = r.run ? ((100 * r.passed) / r.run).toFixed(1) : '-'
      log(`[${done}/${files.length}] ${r.name}: ${r.passed}/${r.run} passed (${pct} %), ${r.skipped} skipped${r.error ? `; ERROR ${r.error.split('\n')[0]}` : ''} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
    }
    for (let k = 0; k < Math.min(o.jobs, files.length); k++) startWorker()
    if (files.length === 0) resolve()
  })
  return results
}

async function main() {
  const o = parseArgs(process.argv.slice(2))
  const files = listFiles(o.inputs)
  const t0 = Date.now()
  const results = await runFiles(files, o)
  const seconds = (Date.now() - t0) / 1000
  const total = results.reduce((t, r) => ({run: t.run + r.run, passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped}), {run: 0, passed: 0, failed: 0, skipped: 0})
  const meta = {engine: o.engine, jobs: o.jobs, timeout: o.timeout, seconds, inputs: o.inputs, date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, title: o.title, note: o.note}
  if (o.report) {
    fs.mkdirSync(path.dirname(path.resolve(o.report)), {recursive: true})
    fs.writeFileSync(o.report, renderReport(results, meta))
  }
  if (o.json) {
    fs.mkdirSync(path.dirname(path.resolve(o.json)), {recursive: true})
    fs.writeFileSync(o.json, `${JSON.stringify({...meta, total, files: results}, null, 1)}\n`)
  }
  const pct = total.run ? ((100 * total.passed) / total.run).toFixed(2) : '-'
  process.stdout.write(`${o.engine}: ${total.passed} of ${total.run} records passed (${pct} %), ${total.failed} failed, ${total.skipped} skipped, ${files.length} files, ${seconds.toFixed(1)} s\n`)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`slt: ${e.message}\n`)
    process.exit(2)
  })
}
