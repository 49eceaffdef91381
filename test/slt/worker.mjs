// One runner process: takes test files from run.mjs (a JSON line each on stdin), runs
// their records through an engine and reports each record on stdout, one short line,
// written synchronously so that run.mjs always knows which record is running and can
// kill this process when one takes too long:
//   s I LINE   record I (file line LINE) starts        p I   it passed
//   k I        it was skipped (skipif/onlyif)           f {…} it failed (JSON)
//   d          the file is done                         x {…} the file could not be run
// A job {file, engine, from, timeoutMs} with from > 0 resumes a file after a killed
// record: the statements before `from` are run again first, silently, to rebuild the
// database, and the queries before it are not run. With `abandon` (a message) nothing
// runs: every record from `from` on is reported failed with it. With `maxQueries` the
// file ends after that many queries (records past them are not counted at all).
import fs from 'node:fs'
import readline from 'node:readline'
import zlib from 'node:zlib'

import {Labels, checkQuery, expectedHash} from './check.mjs'
import {OursEngine} from './engine-ours.mjs'
import {runScript} from './engine-sqlite3.mjs'
import {applies, parseScript} from './format.mjs'

/** The engine name skipif/onlyif lines are matched against: both engines are SQLite. */
const ENGINE_NAME = 'sqlite'
/** sqllogictest.c's DEFAULT_HASH_THRESHOLD. */
const DEFAULT_HASH_THRESHOLD = 8
/** Errors SQLite raises while stepping through rows, which sqllogictest ignores (the
 * rows before them are the result); ours reports them without rows, so none. */
const STEP_ERRORS = /^integer overflow$/

let pending = ''
function emit(line) {
  pending += `${line}\n`
}
/** Writes what is pending; `now` lines (a record starting) go out at once with it. */
function flush(now = '') {
  const text = pending + now
  pending = ''
  if (text) fs.writeSync(1, text)
}

export function readScript(file) {
  const raw = fs.readFileSync(file)
  if (file.endsWith('.gz')) return zlib.gunzipSync(raw).toString('utf8')
  if (file.endsWith('.br')) return zlib.brotliDecompressSync(raw).toString('utf8')
  return raw.toString('utf8')
}

const clip = (s, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s)

function fail(i, rec, message, detail) {
  const f = {i, line: rec.line, msg: message.split('\n')[0], sql: clip(rec.sql ?? '')}
  if (detail) f.detail = clip(detail, 500)
  emit(`f ${JSON.stringify(f)}`)
}

/** A query record's letters must be I, T, R (sqllogictest refuses the record else). */
const badTypes = (rec) => (rec.types === '' ? 'missing type string' : /[^ITR]/.test(rec.types) ? `unknown type character '${/[^ITR]/.exec(rec.types)[0]}' in type string` : null)

function runFile(job) {
  const records = parseScript(readScript(job.file))
  const from = job.from ?? 0
  let queries = 0
  const maxQueries = job.maxQueries ?? Infinity
  let threshold = DEFAULT_HASH_THRESHOLD
  const labels = new Labels()
  const ours = job.engine === 'ours' ? new OursEngine() : null
  /** sqlite3: every record's outcome, computed up front by one CLI process. */
  let precomputed = null
  if (job.abandon) {
    for (const [i, rec] of records.entries()) {
      if (rec.kind === 'query' && applies(rec, ENGINE_NAME) && queries++ >= maxQueries) break
      if (i < from || (rec.kind !== 'statement' && rec.kind !== 'query')) continue
      if (!applies(rec, ENGINE_NAME)) emit(`k ${i}`)
      else {
        emit(`s ${i} ${rec.line}`)
        fail(i, rec, job.abandon)
      }
    }
    return
  }
  if (ours) ours.open()
  else {
    const runs = []
    let n = 0
    for (const [i, rec] of records.entries()) {
      if (!applies(rec, ENGINE_NAME)) continue
      if (rec.kind === 'halt' || rec.kind === 'unknown' || (rec.kind === 'query' && n++ >= maxQueries)) break
      if (rec.kind === 'statement' || (rec.kind === 'query' && !badTypes(rec))) runs.push({index: i, sql: rec.sql})
    }
    precomputed = runScript(runs, job.fileTimeoutMs)
  }
  try {
    for (const [i, rec] of records.entries()) {
      const runs = applies(rec, ENGINE_NAME)
      if (rec.kind === 'query' && runs && queries++ >= maxQueries) break
      if (i < from) {
        if (!runs) continue
        if (rec.kind === 'hash-threshold') threshold = rec.value
        if (rec.kind === 'statement' && ours) ours.statement(rec.sql)
        continue
      }
      if (!runs) {
        if (rec.kind === 'statement' || rec.kind === 'query') emit(`k ${i}`)
        // sqllogictest still registers a skipped labeled query's expected hash.
        if (rec.kind === 'query' && rec.label !== '') labels.agree(rec.label, expectedHash(rec.expected))
        continue
      }
      if (rec.kind === 'hash-threshold') {
        threshold = rec.value
        continue
      }
      if (rec.kind === 'halt') break
      if (rec.kind === 'unknown') {
        flush(`s ${i} ${rec.line}\n`)
        fail(i, rec, `unknown record type: '${rec.word}'`)
        break
      }
      flush(`s ${i} ${rec.line}\n`)
      if (rec.kind === 'statement') {
        if (rec.expect !== 'ok' && rec.expect !== 'error') {
          fail(i, rec, "statement argument should be 'ok' or 'error'")
          continue
        }
        let error
        if (ours) error = ours.statement(rec.sql)
        else {
          const r = precomputed.get(i)
          if (r.lost) {
            fail(i, rec, r.lost)
            continue
          }
          error = r.error
        }
        if (rec.expect === 'ok' && error !== null) fail(i, rec, error)
        else if (rec.expect === 'error' && error === null) fail(i, rec, 'statement succeeded, expected an error')
        else emit(`p ${i}`)
        continue
      }
      // A query.
      const bad = badTypes(rec)
      if (bad) {
        fail(i, rec, bad)
        if (rec.types === '') break
        continue
      }
      let result
      if (ours) {
        result = ours.query(rec.sql)
        if (result.error !== undefined && STEP_ERRORS.test(result.error)) result = {stepError: result.error, rows: []}
      } else {
        const r = precomputed.get(i)
        if (r.lost) {
          fail(i, rec, r.lost)
          continue
        }
        result = r.error !== null && !r.runtime ? {error: r.error} : {rows: r.rows, stepError: r.error ?? undefined}
      }
      if (result.error !== undefined) {
        fail(i, rec, result.error)
        continue
      }
      const width = result.columns ?? (result.rows[0]?.length ?? rec.types.length)
      const widthOk = result.rows.every((row) => row.length === rec.types.length)
      if (width !== rec.types.length || !widthOk) {
        fail(i, rec, `wrong number of result columns: expected ${rec.types.length} but got ${widthOk ? width : result.rows.find((row) => row.length !== rec.types.length).length}`)
        continue
      }
      const bad2 = checkQuery(rec, result.rows, threshold, labels)
      // A step error that left the wrong rows is reported as itself.
      if (bad2) fail(i, rec, result.stepError && bad2.message === 'wrong result' ? result.stepError : bad2.message, bad2.detail)
      else emit(`p ${i}`)
    }
  } finally {
    ours?.close()
  }
}

const rl = readline.createInterface({input: process.stdin})
rl.on('line', (line) => {
  if (!line.trim()) return
  const job = JSON.parse(line)
  try {
    runFile(job)
    flush('d\n')
  } catch (e) {
    flush(`x ${JSON.stringify({msg: String(e?.stack ?? e)})}\n`)
  }
})
