// query: open the index (memory-mapped, O(1)) and the query vectors in Rust, then search.
// A handful of queries run right here on the main thread (no pool start-up cost: one
// query against any index answers in milliseconds); many are spread over the pool.

import {native} from './binding.js'
import {SochError} from './errors.js'
import {resolveThreads, runAll, withPool} from './pool.js'
import type {ClaimedResult} from './native.js'
import type {ProgressSink} from './progress.js'
import {ANSWERED_BY, type AnsweredBy, type FilterStrategy, QueryRows, type RowOptions} from './query-rows.js'
import type {RowSet} from './sql-rows.js'
import type {WorkerTask} from './worker.js'

export interface QueryOptions {
  index: string
  /** A query file, or '-' for stdin. */
  query?: string
  /** Bytes of stdin, when query is '-' (read by the caller). */
  stdin?: Buffer
  /** One vector, from `--vector "0.1,0.2,…"`. */
  vector?: string
  format: string
  dimension?: number
  k: number
  ef: number
  threads: number
  /** A table whose rowids are the index's ids: filter by it, show its columns. */
  rows?: RowOptions
  filterStrategy?: FilterStrategy
}

export interface FilterReport {
  table: string
  where: string
  strategy: FilterStrategy
  /** Rows of the table for which the condition holds. */
  rows_passing: number
  /** Vectors of the index whose id is one of those rows. */
  vectors_allowed: number
  /** Time to evaluate the condition (once per run, before any query). */
  seconds: number
}

export interface QueryResults {
  index: string
  metric: string
  dimension: number
  /** Number of queries. */
  count: number
  /** Neighbours per query: min(k, vectors in the index). */
  k: number
  ef: number
  /** ids[q * k + j]: external id of the j-th neighbour of query q; -1 where none. */
  ids: BigInt64Array
  distances: Float32Array
  elapsed_seconds: number
  /** With --where: the filter, and how each query was answered. */
  filter?: FilterReport
  answeredBy?: AnsweredBy[]
  /** With --select: one row per slot of `ids` (NULLs where no neighbour). */
  selected?: RowSet
}

/** The fewest queries worth starting a pool for. */
const POOL_THRESHOLD = 256

/**
 * Queries a worker claims at a time. Each worker crosses into Rust once and claims runs
 * from a shared cursor until none are left (QuerySession::search_claimed), so workers
 * never wait on the main thread between batches and finish within one run of each other.
 */
const CLAIM_CHUNK = 16

/** Runs the main thread claims per call before it returns to its event loop. */
const MAIN_THREAD_RUNS = 4

/** How often the progress bar reads the count of answered queries. */
const PROGRESS_MS = 100

export function parseVector(text: string): Float32Array {
  const parts = text.split(',').map((s) => s.trim())
  const values = parts.map((s, i) => {
    const x = s === '' ? Number.NaN : Number(s)
    if (!Number.isFinite(x)) {
      throw new SochError('INVALID_INPUT', `--vector: component ${i} ("${s}") is not a finite number`)
    }
    return x
  })
  return Float32Array.from(values)
}

/** The core names the input-format flag; for query's query file it is --query-format. */
function withQueryFlagNames<T>(open: () => T): T {
  try {
    return open()
  } catch (error) {
    if (error instanceof Error) error.message = error.message.replaceAll('--input-format', '--query-format')
    throw error
  }
}

/**
 * `progress` is a factory, called only for a batch big enough to go to the pool, so a
 * one-vector query never loads progress-bar code at start-up.
 */
export async function queryIndex(o: QueryOptions, progress?: () => Promise<ProgressSink>): Promise<QueryResults> {
  if (!Number.isInteger(o.k) || o.k < 1) throw new SochError('INVALID_INPUT', `--k ${o.k}: must be at least 1`)
  if (!Number.isInteger(o.ef) || o.ef < 1) throw new SochError('INVALID_INPUT', `--ef ${o.ef}: must be at least 1`)
  if (o.dimension !== undefined && (!Number.isInteger(o.dimension) || o.dimension < 1)) {
    throw new SochError('INVALID_INPUT', `--dimension ${o.dimension}: must be a positive integer`)
  }
  const threads = resolveThreads(o.threads)
  const started = performance.now()
  const addon = native()
  const vector = o.vector === undefined ? undefined : parseVector(o.vector)
  const fromStdin = o.query === '-'
  const rows = o.rows ? new QueryRows(o.rows) : undefined
  try {
    const allowed = o.rows?.where === undefined ? undefined : rows!.passing()
    const filterSeconds = (performance.now() - started) / 1000
    const {results, vectorsAllowed} = await search(o, addon, allowed, {vector, fromStdin, threads, started}, progress)
    if (allowed && o.rows) {
      results.filter = {
        table: o.rows.table,
        where: o.rows.where!,
        strategy: o.filterStrategy ?? 'auto',
        rows_passing: allowed.length,
        vectors_allowed: vectorsAllowed ?? 0,
        seconds: Math.round(filterSeconds * 1000) / 1000,
      }
    }
    if (o.rows?.select !== undefined) results.selected = rows!.selected(results.ids)
    results.elapsed_seconds = secondsSince(started)
    return results
  } finally {
    rows?.close()
  }
}

async function search(
  o: QueryOptions,
  addon: ReturnType<typeof native>,
  allowed: BigInt64Array | undefined,
  run: {vector: Float32Array | undefined; fromStdin: boolean; threads: number; started: number},
  progress?: () => Promise<ProgressSink>,
): Promise<{results: QueryResults; vectorsAllowed?: number}> {
  const {vector, fromStdin, threads, started} = run
  const opened = withQueryFlagNames(() =>
    addon.queryOpen({
      index: o.index,
      path: fromStdin ? undefined : o.query,
      stdin: fromStdin ? o.stdin : undefined,
      vector,
      open: {format: o.format, dimension: o.dimension},
      allowed,
      filterStrategy: o.filterStrategy,
    }),
  )
  try {
    const count = opened.count
    const ef = Math.max(o.ef, o.k)
    const k = Math.min(o.k, opened.indexCount)
    const ids = new BigInt64Array(count * k)
    const distances = new Float32Array(count * k)
    const by = new Uint8Array(count)
    const place = (start: number, r: {ids: BigInt64Array; distances: Float32Array; by: Uint8Array}) => {
      ids.set(r.ids, start * k)
      distances.set(r.distances, start * k)
      by.set(r.by, start)
    }
    if (threads === 1 || count < POOL_THRESHOLD) {
      place(0, addon.querySearch(opened.handle, 0, count, o.k, ef))
    } else {
      // The main thread is one of the `threads` searchers: it starts at once, while the
      // pool's workers take ~0.1 s to load (that start-up was most of a short batch).
      const workers = Math.min(threads, Math.ceil(count / CLAIM_CHUNK)) - 1
      const task: WorkerTask = {op: 'searchClaimed', handle: opened.handle, chunk: CLAIM_CHUNK, k: o.k, ef}
      const placeClaimed = (r: ClaimedResult) => {
        let at = 0
        for (let i = 0; i < r.starts.length; i++) {
          const [start, end] = [r.starts[i]!, r.ends[i]!]
          place(start, {
            ids: r.ids.subarray(at * k, (at + end - start) * k),
            distances: r.distances.subarray(at * k, (at + end - start) * k),
            by: r.by.subarray(at, at + end - start),
          })
          at += end - start
        }
        return r.starts.length
      }
      const sink = progress ? await progress() : undefined
      sink?.phase('searching', count, 'queries')
      const ticker = sink && setInterval(() => sink.update(addon.queryAnswered(opened.handle)), PROGRESS_MS)
      try {
        await withPool(workers, async (pool) => {
          const searching = runAll<ClaimedResult>(pool, Array(workers).fill(task), placeClaimed)
          // A few runs per call, then back to the event loop, which hands the workers
          // their tasks and ticks the progress bar.
          try {
            while (placeClaimed(addon.querySearchClaimed(opened.handle, CLAIM_CHUNK, o.k, ef, MAIN_THREAD_RUNS)) > 0) {
              await new Promise((resolve) => setImmediate(resolve))
            }
          } catch (error) {
            // The failure stopped every claimer; let the workers end before the pool goes.
            await searching.catch(() => undefined)
            throw error
          }
          await searching
        })
        sink?.update(count)
      } finally {
        if (ticker) clearInterval(ticker)
        sink?.stop()
      }
    }
    const results: QueryResults = {
      index: o.index,
      metric: opened.metric,
      dimension: opened.dimension,
      count,
      k,
      ef,
      ids,
      distances,
      elapsed_seconds: secondsSince(started),
    }
    if (allowed) results.answeredBy = Array.from(by, (b) => ANSWERED_BY[b] ?? 'unfiltered')
    return {results, vectorsAllowed: opened.allowedCount ?? undefined}
  } finally {
    addon.queryClose(opened.handle)
  }
}

/** Seconds since `started` (a performance.now()), to the microsecond: a short batch of
 * queries takes tens of milliseconds, where whole milliseconds would blur its rate. */
function secondsSince(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1e6
}
