// kv export: a scan written as JSONL that `kv import` reads back to the same database.
// Streamed to a temporary file in the output's directory, fsynced and renamed into place
// (invariant 7), so an interrupted export leaves the previous file and no partial one.

import {closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import path from 'node:path'

import {entryJson, forEachEntry} from './kv-codec.js'
import {kvScan} from './kv.js'
import {checkWritableOutput} from './output-path.js'
import type {ProgressSink} from './progress.js'

export interface ExportOptions {
  db: string
  prefix?: string
  output: string
  system: boolean
}

export interface ExportResult {
  db: string
  output: string
  rows: number
  bytes: number
  elapsed_seconds: number
}

export function kvExport(o: ExportOptions, progress: ProgressSink): ExportResult {
  checkWritableOutput(o.output)
  const started = performance.now()
  const dir = path.dirname(path.resolve(o.output))
  const temp = path.join(dir, `.${path.basename(o.output)}.tmp-${process.pid}`)
  let fd: number | undefined = openSync(temp, 'w')
  let rows = 0
  let bytes = 0
  try {
    progress.phase(`exporting to ${o.output}`, 0, '')
    for (const chunk of kvScan({db: o.db, prefix: o.prefix, reverse: false, keysOnly: false, system: o.system})) {
      let text = ''
      forEachEntry(chunk, (d, ks, ke, vs, ve, f) => {
        text += JSON.stringify(entryJson(d, ks, ke, vs, ve, f)) + '\n'
      })
      const buf = Buffer.from(text, 'utf8')
      let off = 0
      while (off < buf.length) off += writeSync(fd, buf, off)
      rows += chunk.rows
      bytes += buf.length
    }
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, o.output)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    rmSync(temp, {force: true})
    throw error
  } finally {
    progress.stop()
  }
  const dfd = openSync(dir, 'r')
  try {
    fsyncSync(dfd)
  } finally {
    closeSync(dfd)
  }
  return {db: o.db, output: o.output, rows, bytes, elapsed_seconds: Math.round(performance.now() - started) / 1000}
}
