// convert: stream a vector file into another format (always f32 little-endian C order)
// in a pool worker, in bounded chunks; the worker publishes rows done through shared
// memory so the main thread can draw progress.

import {native} from './binding.js'
import {SochError} from './errors.js'
import type {OUTPUT_FORMATS} from './options.js'
import {prepareOutput} from './output-path.js'
import {withPool} from './pool.js'
import type {ProgressSink} from './progress.js'
import {withStdio} from './stdio-files.js'


export interface ConvertOptions {
  input: string
  output: string
  toFormat: (typeof OUTPUT_FORMATS)[number]
  fromFormat: string
  dimension?: number
  /** Parquet input: the vector column. */
  column?: string
  normalize: boolean
}

export interface ConvertResult {
  input: string
  output: string
  from_format: string
  to_format: string
  rows: number
  dimension: number
  bytes_written: number
  normalized: boolean
  elapsed_seconds: number
}

export async function convertVectors(o: ConvertOptions, progress: ProgressSink): Promise<ConvertResult> {
  if (o.dimension !== undefined && (!Number.isInteger(o.dimension) || o.dimension < 1)) {
    throw new SochError('INVALID_INPUT', `--dimension ${o.dimension}: must be a positive integer`)
  }
  prepareOutput(o.output, [{flag: '--input', path: o.input}])
  // `-`: stdin spooled to a file to map, the output copied to stdout (stdio-files.ts).
  return withStdio({input: o.input, output: o.output, name: 'vectors'}, (input, output) =>
    convert(o, input!, output!, progress),
  )
}

async function convert(o: ConvertOptions, input: string, output: string, progress: ProgressSink): Promise<ConvertResult> {
  const started = performance.now()
  const open = {format: o.fromFormat, dimension: o.dimension, column: o.column}
  const source = native().describeVectors(input, open)
  const shared = new SharedArrayBuffer(8)
  const done = new BigInt64Array(shared)
  progress.phase('converting', source.rows, 'rows')
  const timer = setInterval(() => progress.update(Number(Atomics.load(done, 0))), 200)
  try {
    const r = await withPool(1, (pool) =>
      pool.run<{rows: number; dimension: number; bytesWritten: number}>({
        op: 'convert',
        input,
        open,
        output,
        toFormat: o.toFormat,
        normalize: o.normalize,
        progress: shared,
      }),
    )
    progress.update(r.rows)
    return {
      input: o.input,
      output: o.output,
      from_format: source.format,
      to_format: o.toFormat,
      rows: r.rows,
      dimension: r.dimension,
      bytes_written: r.bytesWritten,
      normalized: o.normalize,
      elapsed_seconds: Math.round(performance.now() - started) / 1000,
    }
  } finally {
    clearInterval(timer)
    progress.stop()
  }
}
