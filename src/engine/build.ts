// build-index: open the input in Rust (memory-mapped), then let the pool's workers
// insert batches of `batchSize` vectors concurrently into one graph held in Rust, then
// write the index file (temp, fsync, rename) from a worker.

import {native} from './binding.js'
import {SochError} from './errors.js'
import type {METRICS, ORDERINGS, VECTOR_FORMATS} from './options.js'
import {prepareOutput} from './output-path.js'
import {resolveThreads, runAll, withPool} from './pool.js'
import type {ProgressSink} from './progress.js'
import {withStdio} from './stdio-files.js'
import {mark, since, type Telemetry} from './telemetry.js'
import type {WorkerTask} from './worker.js'


export interface BuildOptions {
  input: string
  output: string
  format: (typeof VECTOR_FORMATS)[number]
  dimension?: number
  metric: (typeof METRICS)[number]
  m: number
  efConstruction: number
  threads: number
  batchSize: number
  ids?: string
  /** Parquet input: the vector column, and the column of ids. */
  column?: string
  idColumn?: string
  seed: number
  ordering: (typeof ORDERINGS)[number]
  /** Keep only the int8 codes in the index (no f32 vectors). */
  codesOnly?: boolean
  prefault: boolean
  directRead: boolean
  telemetry: boolean
}

/** The build summary; field names follow SochDB's bulk tool. */
export interface BuildResult {
  vectors: number
  dimension: number
  metric: string
  elapsed_seconds: number
  rate: number
  index_size_bytes: number
  output: string
  threads: number
  max_connections: number
  ef_construction: number
  ordering: string
  codes_only: boolean
  seed: number
  /** True when the input was used in place from its memory mapping (no copy). */
  zero_copy_input: boolean
  /** The distance kernels used: the best this CPU runs, or the level SOCHDB_SIMD pins. */
  kernels: {f32: string; int8: string}
  telemetry?: Telemetry
}

function checkOptions(o: BuildOptions): void {
  const positive: Array<[string, number]> = [
    ['--max-connections', o.m],
    ['--ef-construction', o.efConstruction],
    ['--batch-size', o.batchSize],
  ]
  for (const [flag, value] of positive) {
    if (!Number.isInteger(value) || value < 1) {
      throw new SochError('INVALID_INPUT', `${flag} ${value}: must be a positive integer`)
    }
  }
  if (o.m < 2 || o.m > 256) {
    throw new SochError('INVALID_INPUT', `--max-connections ${o.m}: must be between 2 and 256`)
  }
  if (o.dimension !== undefined && (!Number.isInteger(o.dimension) || o.dimension < 1)) {
    throw new SochError('INVALID_INPUT', `--dimension ${o.dimension}: must be a positive integer`)
  }
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) {
    throw new SochError('INVALID_INPUT', `--seed ${o.seed}: must be an integer from 0 to 2^53-1`)
  }
}

export async function buildIndex(o: BuildOptions, progress: ProgressSink): Promise<BuildResult> {
  checkOptions(o)
  const threads = resolveThreads(o.threads)
  prepareOutput(o.output, [
    {flag: '--input', path: o.input},
    {flag: '--ids', path: o.ids},
  ])
  // `-`: stdin spooled to a file to map, the index copied to stdout (stdio-files.ts).
  return withStdio({input: o.input, output: o.output, name: 'index.hnsw'}, (input, output) =>
    build(o, threads, input!, output!, progress),
  )
}

async function build(o: BuildOptions, threads: number, input: string, output: string, progress: ProgressSink): Promise<BuildResult> {
  const usage = mark()
  const started = performance.now()
  const addon = native()

  progress.phase(o.ordering === 'none' ? 'opening input' : `ordering (${o.ordering})`, 0, '')
  const opened = addon.buildOpen({
    input,
    format: o.format,
    dimension: o.dimension,
    metric: o.metric,
    m: o.m,
    efConstruction: o.efConstruction,
    seed: o.seed,
    ids: o.ids,
    column: o.column,
    idColumn: o.idColumn,
    ordering: o.ordering,
    prefault: o.prefault,
    directRead: o.directRead,
  })
  try {
    const rows = opened.rows
    const tasks: WorkerTask[] = []
    for (let start = 0; start < rows; start += o.batchSize) {
      tasks.push({op: 'insert', handle: opened.handle, start, end: Math.min(rows, start + o.batchSize)})
    }
    let size = 0
    await withPool(threads, async (pool) => {
      progress.phase('inserting', rows, 'vectors')
      let done = 0
      await runAll<void>(pool, tasks, (_result, task) => {
        if (task.op === 'insert') done += task.end - task.start
        progress.update(done)
      })
      progress.phase('writing index', 0, '')
      size = await pool.run<number>({op: 'write', handle: opened.handle, output, codesOnly: o.codesOnly ?? false})
    })
    const elapsed = (performance.now() - started) / 1000
    return {
      vectors: rows,
      dimension: opened.dimension,
      metric: o.metric,
      elapsed_seconds: round(elapsed, 3),
      rate: round(rows / elapsed, 1),
      index_size_bytes: size,
      output: o.output,
      threads,
      max_connections: o.m,
      ef_construction: o.efConstruction,
      ordering: o.ordering,
      codes_only: o.codesOnly ?? false,
      seed: o.seed,
      zero_copy_input: opened.mapped,
      kernels: native().simdKernels(),
      ...(o.telemetry ? {telemetry: since(usage)} : {}),
    }
  } finally {
    addon.buildClose(opened.handle)
    progress.stop()
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
