// Engine `ours`: records run in this process through the native addon, as the sql
// command runs a script (src/engine/sql.ts): one fresh store per test file, opened as
// the writer, and one sqlRun per record. Result sets come back packed (kinds, data,
// ends; src/engine/sql-rows.ts) and are decoded into cells for values.mjs.
import fs from 'node:fs'
import {createRequire} from 'node:module'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {BLOB, INTEGER, NULL, REAL, TEXT} from './values.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const ADDON = path.join(root, 'native', 'node', 'sochdb_bulk.node')

/** The addon; another engineer may be rebuilding it, so a failed load is tried again. */
function loadAddon() {
  for (let attempt = 0; ; attempt++) {
    try {
      return createRequire(import.meta.url)(ADDON)
    } catch (e) {
      if (attempt >= 20) throw e
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000)
    }
  }
}

let addon

/** `[CODE] statement N (SQL…): message` → `message` (what SQLite would say). */
export function errorText(reason) {
  return reason.replace(/^\[[A-Z_]+\] /, '').replace(/^statement \d+ \(.*?\): /s, '')
}

/** Cells of a packed result set, row by row. */
function decode(set) {
  const width = set.columns.length
  const rows = []
  const {kinds, data, ends} = set
  let at = 0
  for (let r = 0; r < set.rows; r++) {
    const row = []
    for (let c = 0; c < width; c++, at++) {
      const s = at === 0 ? 0 : ends[at - 1]
      const e = ends[at]
      const k = kinds[at]
      if (k === NULL) row.push({k})
      else if (k === INTEGER) row.push({k, v: data.toString('latin1', s, e)})
      else if (k === REAL) {
        const t = data.toString('latin1', s, e)
        row.push({k, v: t === 'Inf' ? Infinity : t === '-Inf' ? -Infinity : Number(t)})
      } else if (k === TEXT) row.push({k, v: data.toString('utf8', s, e)})
      else row.push({k: BLOB, v: Buffer.from(data.subarray(s, e))})
    }
    rows.push(row)
  }
  return rows
}

export class OursEngine {
  name = 'ours'

  /** A fresh database for one test file. */
  open() {
    addon ??= loadAddon()
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slt-ours-'))
    this.handle = addon.storeOpen(this.dir, {readOnly: false, create: true})
  }

  close() {
    if (this.handle !== undefined) addon.storeClose(this.handle)
    this.handle = undefined
    if (this.dir) fs.rmSync(this.dir, {recursive: true, force: true})
    this.dir = undefined
  }

  /** null on success, else the error's message. */
  statement(sql) {
    const r = addon.sqlRun(this.handle, sql, [])
    return r.error ? errorText(r.error.reason) : null
  }

  /**
   * The first statement's result set: {columns, rows} or {error}. An error raised
   * while rows are produced cannot be told from one at prepare here; see worker.mjs.
   */
  query(sql) {
    const r = addon.sqlRun(this.handle, sql, [])
    const first = r.results[0]
    if (first && first.columns) return {columns: first.columns.length, rows: decode(first)}
    if (r.error) return {error: errorText(r.error.reason)}
    return {columns: 0, rows: []}
  }
}
