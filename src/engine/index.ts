// The engine's facade: the only module src/commands/ imports (DESIGN.md invariant 1).
//
// Start-up: a command should load only its own job. The key-value reads and writes
// (kv.ts, store.ts, the codec) and a few small helpers load with this module: they are
// what the start-up-bound commands (`kv get` in a shell loop) run. Every other job
// loads on its first call (`lazy` below), so its functions here are async even where
// the job itself is synchronous.

import type * as Build from './build.js'
import type * as Convert from './convert.js'
import type * as Info from './info.js'
import type * as KvExport from './kv-export.js'
import type * as KvImport from './kv-import.js'
import type * as Query from './query.js'
import type * as SqlImport from './sql-import.js'
import type * as StoreAdmin from './store-admin.js'

export {writeFileAtomic} from './atomic-write.js'
export {writeFilesAtomic} from './atomic-files.js'
export type {OutputFile} from './atomic-files.js'
export type {BuildOptions, BuildResult} from './build.js'
export type {ConvertOptions, ConvertResult} from './convert.js'
export {EXIT_CODES, SochError, toSochError} from './errors.js'
export type {ErrorCode} from './errors.js'
export type {IndexReport, SectionReport, VectorFileReport} from './info.js'
export {npyBytes} from './npy.js'
export {plural} from './plural.js'
export {IMPORT_FORMATS, METRICS, ORDERINGS, OUTPUT_FORMATS, SQL_IMPORT_FORMATS, VECTOR_FORMATS} from './options.js'
export {checkWritableOutput, prepareOutput} from './output-path.js'
export type {InputPath} from './output-path.js'
export type {ProgressSink} from './progress.js'
export {silentProgress} from './progress.js'
export type {FilterReport, QueryOptions, QueryResults} from './query.js'
export {checkRowOptions, FILTER_STRATEGIES} from './query-rows.js'
export type {AnsweredBy, FilterStrategy, RowOptions} from './query-rows.js'
export type {Telemetry} from './telemetry.js'
export {entryJson, forEachEntry, keyJson, TEXT} from './kv-codec.js'
export type {EntryChunk, EntryJson, KeyJson} from './kv-codec.js'
export {ChunkBuffer, keyName, kvDelete, kvGet, kvList, kvPut, kvScan} from './kv.js'
export type {DeleteResult, KeyArg, ListEntry, ListResult, PutResult, ScanOptions, ValueSource} from './kv.js'
export type {ExportOptions, ExportResult} from './kv-export.js'
export type {ImportOptions, ImportResult} from './kv-import.js'
export type {SqlImportOptions, SqlImportResult} from './sql-import.js'
export type {CheckpointReport, CompactionReport, StoreReport, VerifyReport} from './store-admin.js'
export {SYNC_MODES} from './store.js'
export type {SyncMode, WriterOptions} from './store.js'

type Fn = (...args: never[]) => unknown

/** `name` of the module `load` imports, loaded on the first call. */
function lazy<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  type F = M[K] extends Fn ? M[K] : never
  return async (...args: Parameters<F>): Promise<Awaited<ReturnType<F>>> => {
    const fn = (await load())[name] as F
    return (await fn(...args)) as Awaited<ReturnType<F>>
  }
}

export const buildIndex = lazy((): Promise<typeof Build> => import('./build.js'), 'buildIndex')
export const convertVectors = lazy((): Promise<typeof Convert> => import('./convert.js'), 'convertVectors')
export const describeIndex = lazy((): Promise<typeof Info> => import('./info.js'), 'describeIndex')
export const describeVectorFile = lazy((): Promise<typeof Info> => import('./info.js'), 'describeVectorFile')
export const queryIndex = lazy((): Promise<typeof Query> => import('./query.js'), 'queryIndex')
export const kvExport = lazy((): Promise<typeof KvExport> => import('./kv-export.js'), 'kvExport')
export const sqlImport = lazy((): Promise<typeof SqlImport> => import('./sql-import.js'), 'sqlImport')
export const kvImport = lazy((): Promise<typeof KvImport> => import('./kv-import.js'), 'kvImport')
export const checkpointStore = lazy((): Promise<typeof StoreAdmin> => import('./store-admin.js'), 'checkpointStore')
export const describeStore = lazy((): Promise<typeof StoreAdmin> => import('./store-admin.js'), 'describeStore')
export const verifyStore = lazy((): Promise<typeof StoreAdmin> => import('./store-admin.js'), 'verifyStore')

export {parseParam} from './sql-params.js'
export type {SqlParam, SqlParamKind} from './sql-params.js'
export {CELL, RowSet} from './sql-rows.js'
export type {SqlValue} from './sql-rows.js'
export {readSqlFile, runSql, sqlFromStdin, SqlScriptError, withCaret} from './sql.js'
export type {ChangeVerb, SqlErrorPlace, SqlOptions, SqlRun, StatementOutcome} from './sql.js'
