// Engine `sqlite3`, the runner's self-check: the same records through the sqlite3 CLI,
// one process per test file fed one script. Each record is followed by a `;` line (it
// ends a statement left open) and `.print MARK i`, so stdout splits into each record's
// output; errors go to stderr as "Parse error near line N:" (prepare failed) or
// "Runtime error near line N:" (while stepping), N the line the statement starts on,
// which names the record. `.mode quote` prints every cell as an SQL literal — NULL,
// 12, 1.5 (%!.20g: reads back as the same double), 'it''s', X'00FF' — so its type and
// exact value are known and values.mjs renders it as slt_sqlite.c would.
import {spawnSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {BLOB, INTEGER, NULL, REAL, TEXT} from './values.mjs'

export const SQLITE3 = process.env.SLT_SQLITE3 ?? 'sqlite3'

/**
 * Runs `runs` ({index, sql} in order) in one sqlite3 process on a fresh database.
 * Returns a Map index → {error, runtime, rows} (error null when there was none; rows as
 * printed, also before a runtime error) or {lost} (no marker came back: the process
 * was killed, or the record's SQL swallowed what followed it).
 */
export function runScript(runs, timeoutMs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-sqlite3-'))
  const mark = `SLT-MARK-${randomBytes(6).toString('hex')}`
  const lines = ['.mode quote', 'PRAGMA synchronous=OFF;']
  /** Script line (1-based) where each run's SQL starts and where its `;` line is. */
  const starts = []
  for (const run of runs) {
    starts.push(lines.length + 1)
    for (const l of run.sql.split('\n')) lines.push(l)
    lines.push(';')
    lines.push(`.print ${mark} ${run.index}`)
  }
  const p = spawnSync(SQLITE3, [path.join(dir, 'test.db')], {
    input: `${lines.join('\n')}\n`,
    maxBuffer: 1 << 30,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  })
  fs.rmSync(dir, {recursive: true, force: true})
  if (p.error && p.error.code === 'ENOENT') throw new Error(`${SQLITE3} not found: install the sqlite3 CLI (Debian: apt-get install sqlite3)`)
  const out = new Map()
  // stdout: the output of run i ends where its marker line starts.
  const stdout = p.stdout.toString('latin1')
  const found = new Map()
  const re = new RegExp(`^${mark} (\\d+)\\n`, 'gm')
  let from = 0
  for (let m; (m = re.exec(stdout)); ) {
    found.set(Number(m[1]), stdout.slice(from, m.index))
    from = m.index + m[0].length
  }
  // stderr: the first error of each run (by the line its statement starts on).
  const errors = new Map()
  for (const l of p.stderr.toString('utf8').split('\n')) {
    const m = /^(Parse error|Runtime error|Error:?)\s*near line (\d+):\s?(.*)$/.exec(l)
    if (!m) continue
    const at = Number(m[2])
    let k = upperBound(starts, at) - 1
    if (k < 0) continue
    if (!errors.has(k)) errors.set(k, {error: m[3], runtime: m[1] === 'Runtime error'})
  }
  runs.forEach((run, k) => {
    const text = found.get(run.index)
    if (text === undefined) {
      out.set(run.index, {lost: p.signal ? 'timeout' : 'no output: the sqlite3 script lost step here'})
      return
    }
    const err = errors.get(k)
    out.set(run.index, {error: err?.error ?? null, runtime: err?.runtime ?? false, rows: err && !err.runtime ? [] : parseQuoted(text)})
  })
  return out
}

/** Index of the first element of sorted `a` greater than x. */
function upperBound(a, x) {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (a[mid] <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Rows of cells from `.mode quote` output (a latin1 string: one char per byte). */
export function parseQuoted(text) {
  const rows = []
  let row = []
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text[i]
    if (c === '\n') {
      rows.push(row)
      row = []
      i++
    } else if (c === ',') {
      i++
    } else if (c === "'") {
      let s = ''
      i++
      for (;;) {
        const q = text.indexOf("'", i)
        if (q < 0) throw new Error('unterminated string in sqlite3 output')
        s += text.slice(i, q)
        if (text[q + 1] === "'") {
          s += "'"
          i = q + 2
        } else {
          i = q + 1
          break
        }
      }
      // The bytes as they are (latin1: one char per byte), valid UTF-8 or not.
      row.push({k: TEXT, latin1: s})
    } else if ((c === 'X' || c === 'x') && text[i + 1] === "'") {
      const q = text.indexOf("'", i + 2)
      row.push({k: BLOB, v: Buffer.from(text.slice(i + 2, q), 'hex')})
      i = q + 1
    } else {
      let j = i
      while (j < n && text[j] !== ',' && text[j] !== '\n') j++
      const tok = text.slice(i, j)
      i = j
      if (tok === 'NULL') row.push({k: NULL})
      else if (tok === 'Inf' || tok === '-Inf') row.push({k: REAL, v: tok === 'Inf' ? Infinity : -Infinity})
      else if (/^-?\d+$/.test(tok)) row.push({k: INTEGER, v: tok})
      else row.push({k: REAL, v: Number(tok)})
    }
  }
  if (row.length > 0) rows.push(row)
  return rows
}
