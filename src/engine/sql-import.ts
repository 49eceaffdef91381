// sql --import TABLE FILE: one call into Rust reads the file (Parquet, CSV or JSONL)
// and inserts its rows in batches through the SQL engine (native/core/src/import/),
// as the writer, with kv import's lock and sync rules. One transaction by default;
// with --batch-size a commit every N rows, and after a failure the committed batches
// are synced before the error is reported. Ends with a checkpoint, as kv import does.

import {native} from './binding.js'
import {toSochError} from './errors.js'
import type {SQL_IMPORT_FORMATS} from './options.js'
import type {ProgressSink} from './progress.js'
import {withStdio} from './stdio-files.js'
import {withWriter, type WriterOptions} from './store.js'

export interface SqlImportOptions extends WriterOptions {
  table: string
  file: string
  format: (typeof SQL_IMPORT_FORMATS)[number]
  /** Rows per commit; absent: the whole file in one transaction. */
  batchSize?: number
  /** A column to declare INTEGER PRIMARY KEY when the table is created. */
  primaryKey?: string
}

export interface SqlImportResult {
  db: string
  table: string
  file: string
  format: string
  rows: number
  /** Transactions committed (1 without --batch-size). */
  batches: number
  atomic: boolean
  batch_size: number | null
  /** True when the import created the table. */
  created: boolean
  /** The table's columns the file filled, in the file's order. */
  columns: string[]
  /** File column names that are not bare SQL names → the names used. */
  renamed: Record<string, string>
  checkpoint_lsn: number
  elapsed_seconds: number
  /** Rows per second, checkpoint included. */
  rate: number
}

export async function sqlImport(o: SqlImportOptions, progress: ProgressSink): Promise<SqlImportResult> {
  // `-`: stdin spooled to a file first; Parquet is then recognised by its magic.
  return withStdio({input: o.file, name: 'import'}, (input) => run(o, input!, progress))
}

async function run(o: SqlImportOptions, input: string, progress: ProgressSink): Promise<SqlImportResult> {
  const started = performance.now()
  try {
    return await withWriter(o, (s) => {
      progress.phase(`importing ${o.file} into ${o.table}`, 0, 'rows')
      let r
      try {
        r = native().sqlImport(
          s.handle,
          {table: o.table, path: input, format: o.format, batchRows: o.batchSize, displayName: o.file, primaryKey: o.primaryKey},
          (rows) => progress.update(rows),
        )
      } catch (error) {
        // Committed batches are reported as imported: make them durable first.
        if (o.batchSize !== undefined) {
          try {
            s.sync()
          } catch {
            // The original error says more; a failed sync leaves the store poisoned.
          }
        }
        throw toSochError(error)
      }
      progress.phase('checkpoint', 0, '')
      const cp = s.checkpoint()
      const elapsed = (performance.now() - started) / 1000
      if (r.rows === 0) progress.warn(`${o.file} holds no rows`)
      return {
        db: o.db,
        table: r.table,
        file: o.file,
        format: r.format,
        rows: r.rows,
        batches: r.commits,
        atomic: o.batchSize === undefined,
        batch_size: o.batchSize ?? null,
        created: r.created,
        columns: r.columns,
        renamed: Object.fromEntries(r.renamedFrom.map((from, i) => [from, r.renamedTo[i]!])),
        checkpoint_lsn: cp.lsn,
        elapsed_seconds: Math.round(elapsed * 1000) / 1000,
        rate: Math.round(r.rows / elapsed),
      }
    })
  } finally {
    progress.stop()
  }
}
