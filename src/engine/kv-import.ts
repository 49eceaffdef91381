// kv import: stream the input file, parse records in JS, pack `batchSize` of them into
// one buffer and cross into Rust once per batch, where each batch is one atomic WAL
// commit (with --atomic the batches pile up in Rust and commit once at the end). After
// the last batch: a checkpoint, so readers open without replaying a large WAL; when the
// import began on an empty store (it created the database), a compaction into one segment.
//
// A bad record stops the import with INVALID_INPUT naming the line. Every batch before
// the one holding it is committed (and checkpointed, so durable); with --atomic nothing is.

import {SochError, toSochError} from './errors.js'
import {PackedBatch} from './kv-batch.js'
import {LineReader} from './kv-lines.js'
import {CsvRecords, JsonlRecords, LineError, type RecordSource} from './kv-records.js'
import type {IMPORT_FORMATS} from './options.js'
import {plural} from './plural.js'
import type {ProgressSink} from './progress.js'
import {withStdio} from './stdio-files.js'
import {storeLimits, withWriter, type WriterOptions} from './store.js'


export interface ImportOptions extends WriterOptions {
  input: string
  format: (typeof IMPORT_FORMATS)[number]
  keyField?: string
  batchSize: number
  atomic: boolean
  system: boolean
}

export interface ImportResult {
  db: string
  input: string
  format: 'jsonl' | 'csv'
  rows: number
  batches: number
  atomic: boolean
  /** Commit LSN of the last batch. */
  lsn: number
  checkpoint_lsn: number
  segments: number
  elapsed_seconds: number
  /** Rows per second, checkpoint included. */
  rate: number
}

function inputFormat(o: ImportOptions): 'jsonl' | 'csv' {
  if (o.format !== 'auto') return o.format
  return /\.csv$/i.test(o.input) ? 'csv' : 'jsonl'
}

function openInput(path: string): LineReader {
  try {
    return new LineReader(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new SochError('NOT_FOUND', `--input ${path}: no such file`)
    if (code === 'EISDIR') throw new SochError('INVALID_INPUT', `--input ${path} is a directory; give a JSONL or CSV file`)
    throw error
  }
}

const compacted = (c: {lsn: number; segmentsAfter: number}) => ({lsn: c.lsn, segments: c.segmentsAfter})

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * An I/O (or other) failure after some batches were committed, say a full disk: the
 * message says how much of the input is in the database. The committed batches are
 * synced first (unless --sync full did at each commit); after a failed write the store
 * refuses (it is poisoned), and the message says so. A bug (INTERNAL) is passed on as it is.
 */
function failedPartWay(error: unknown, what: string, sync?: () => void): unknown {
  const e = toSochError(error)
  if (e.code === 'INTERNAL') return error
  let synced = ''
  try {
    sync?.()
  } catch {
    synced = '; they are not synced to disk, so a power failure may lose them'
  }
  const said = what[0]!.toUpperCase() + what.slice(1)
  return new SochError(e.code, `${e.message}. ${said}${synced}. Fix the cause (free space, say) and run the import again (rows imported again are overwritten with the same values).`)
}

export async function kvImport(o: ImportOptions, progress: ProgressSink): Promise<ImportResult> {
  // `--input -`: stdin is spooled to a file first (stdio-files.ts), which the reader
  // reads like any input, its size known for progress.
  return withStdio({input: o.input, name: 'records'}, (input) => importFrom(o, input!, progress))
}

async function importFrom(o: ImportOptions, input: string, progress: ProgressSink): Promise<ImportResult> {
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) {
    throw new SochError('INVALID_INPUT', `--batch-size ${o.batchSize}: must be a positive integer`)
  }
  const format = inputFormat(o)
  const started = performance.now()
  const reader = openInput(input)
  try {
    const limits = {...storeLimits(), system: o.system}
    const records: RecordSource & {open?: () => void} =
      format === 'csv' ? new CsvRecords(reader, limits, o.keyField) : new JsonlRecords(reader, limits, o.keyField)
    return await withWriter(o, async (s) => {
      const fresh = s.lsn() === 0
      const batch = new PackedBatch(4 << 20)
      let rows = 0
      let committed = 0
      let batches = 0
      let lsn = 0
      progress.phase(`importing ${o.input}`, reader.size, 'bytes')
      try {
        records.open?.()
        for (let rec = records.next(); rec; rec = records.next()) {
          batch.put(rec[0], rec[1])
          rows++
          if (batch.rows >= o.batchSize) {
            lsn = s.write(batch.take(), !o.atomic)
            batches++
            if (!o.atomic) committed = rows
            progress.update(records.consumed)
            await tick() // let the progress bar draw
          }
        }
        if (batch.rows > 0) batches++
        lsn = s.write(batch.take(), true)
      } catch (error) {
        const what = o.atomic
          ? 'nothing was imported (--atomic)'
          : committed === 0
            ? `nothing was imported (the first batch ${error instanceof LineError ? 'holds it' : 'failed'})`
            : `the first ${plural(committed, 'row')} (${plural(batches, 'batch', 'batches')} of ${o.batchSize}) were imported and committed; the rest were not`
        if (error instanceof LineError) {
          // Make the committed batches durable before reporting them.
          if (committed > 0) s.checkpoint()
          throw new SochError(
            'INVALID_INPUT',
            `${o.input}: ${error.message}. ${what}. Fix the line and run the import again (rows imported again are overwritten with the same values).`,
          )
        }
        throw failedPartWay(error, what, committed > 0 && !o.atomic && o.sync !== 'full' ? () => s.sync() : undefined)
      }
      progress.update(reader.size)
      // Into a store that held nothing (the import created it), end with a compaction:
      // the automatic checkpoints left one segment per 64 MiB of log, and one sorted
      // segment makes every later scan read a single source and every get probe one
      // filter. It costs one more read and write of the data, paid here, once. Into a
      // store with data of its own, a checkpoint only: compacting would rewrite all of it.
      progress.phase(fresh ? 'compaction' : 'checkpoint', 0, '')
      let cp: {lsn: number; segments: number}
      try {
        cp = fresh ? compacted(s.compact()) : s.checkpoint()
      } catch (error) {
        const what = `all ${plural(rows, 'row')} were imported and committed, but the ${fresh ? 'compaction' : 'checkpoint'} after them failed`
        throw failedPartWay(error, what, o.sync !== 'full' ? () => s.sync() : undefined)
      }
      const elapsed = (performance.now() - started) / 1000
      if (rows === 0) progress.warn(`${o.input} holds no records`)
      return {
        db: o.db,
        input: o.input,
        format,
        rows,
        batches,
        atomic: o.atomic,
        lsn,
        checkpoint_lsn: cp.lsn,
        segments: cp.segments,
        elapsed_seconds: Math.round(elapsed * 1000) / 1000,
        rate: Math.round(rows / elapsed),
      }
    })
  } finally {
    reader.close()
    progress.stop()
  }
}
