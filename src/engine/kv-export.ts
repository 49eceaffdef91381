// kv export: a scan written as JSONL that `kv import` reads back to the same database.
// Streamed to a temporary file in the output's directory, fsynced and renamed into place
// (invariant 7), so an interrupted export leaves the previous file and no partial one.
// `--output -` streams to stdout instead.

import {closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {once} from 'node:events'
import path from 'node:path'

import {writeError} from './errors.js'
import {entryJson, forEachEntry} from './kv-codec.js'
import {kvScan} from './kv.js'
import {prepareOutput} from './output-path.js'
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

/** The export as JSONL, one buffer per scan chunk. */
function* jsonl(o: ExportOptions): Generator<{buf: Buffer; rows: number}> {
  for (const chunk of kvScan({db: o.db, prefix: o.prefix, reverse: false, keysOnly: false, system: o.system})) {
    let text = ''
    forEachEntry(chunk, (d, ks, ke, vs, ve, f) => {
      text += JSON.stringify(entryJson(d, ks, ke, vs, ve, f)) + '\n'
    })
    yield {buf: Buffer.from(text, 'utf8'), rows: chunk.rows}
  }
}

export async function kvExport(o: ExportOptions, progress: ProgressSink): Promise<ExportResult> {
  // The database's own files are the export's input: never write over one of them.
  prepareOutput(o.output, [{flag: '--db', path: o.db, directory: true}])
  const started = performance.now()
  let rows = 0
  let bytes = 0
  const done = () => ({db: o.db, output: o.output, rows, bytes, elapsed_seconds: Math.round(performance.now() - started) / 1000})
  if (o.output === '-') {
    try {
      for (const part of jsonl(o)) {
        if (!process.stdout.write(part.buf)) await once(process.stdout, 'drain')
        rows += part.rows
        bytes += part.buf.length
      }
    } finally {
      progress.stop()
    }
    return done()
  }
  const dir = path.dirname(path.resolve(o.output))
  const temp = path.join(dir, `.${path.basename(o.output)}.tmp-${process.pid}`)
  let fd: number | undefined = openSync(temp, 'w')
  try {
    progress.phase(`exporting to ${o.output}`, 0, '')
    for (const part of jsonl(o)) {
      let off = 0
      while (off < part.buf.length) off += writeSync(fd, part.buf, off)
      rows += part.rows
      bytes += part.buf.length
    }
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, o.output)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    rmSync(temp, {force: true})
    throw writeError(error, o.output)
  } finally {
    progress.stop()
  }
  const dfd = openSync(dir, 'r')
  try {
    fsyncSync(dfd)
  } finally {
    closeSync(dfd)
  }
  return done()
}
