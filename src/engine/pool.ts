// The piscina pool: the one owner of parallelism (DESIGN.md invariant 4). Workers run
// dist/engine/worker.js (entered through worker-entry.cjs, which says why), each calling
// into the shared Rust objects by handle.

import {setMaxListeners} from 'node:events'
import {existsSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {native, packageRoot} from './binding.js'
import {SochError} from './errors.js'
import type {WorkerTask} from './worker.js'

export const workerPath = path.join(packageRoot, 'dist', 'engine', 'worker-entry.cjs')

/** `--threads 0` means every core. */
export function resolveThreads(threads: number): number {
  if (!Number.isInteger(threads) || threads < 0) {
    throw new SochError('INVALID_INPUT', `--threads ${threads}: give 0 (all cores) or a positive integer`)
  }
  return threads === 0 ? os.availableParallelism() : threads
}

export type Pool = {
  size: number
  run<R>(task: WorkerTask, signal?: AbortSignal): Promise<R>
}

/** Run `fn` with a pool of `size` workers, always destroying the pool afterwards. */
export async function withPool<T>(size: number, fn: (pool: Pool) => Promise<T>): Promise<T> {
  native() // invariant 2: the addon is loaded on the main thread before any worker starts
  if (!existsSync(workerPath)) {
    throw new SochError('INTERNAL', `missing ${workerPath}: run \`npm install\` (it compiles the TypeScript)`)
  }
  // Loaded here, not at import time: commands that never start a pool (one query, info)
  // should not pay for piscina at start-up.
  const {Piscina} = await import('piscina')
  const piscina = new Piscina({
    filename: workerPath,
    minThreads: size,
    maxThreads: size,
    // Tasks are whole batches; there is no point queueing them per worker.
    concurrentTasksPerWorker: 1,
    idleTimeout: 1000,
  })
  const pool: Pool = {
    size,
    run: (task, signal) => piscina.run(task, signal ? {signal} : {}),
  }
  try {
    return await fn(pool)
  } finally {
    await piscina.destroy()
  }
}

/**
 * Run `tasks` on the pool, calling `onDone` as each finishes. On the first failure the
 * queued tasks are cancelled and that failure is rethrown (after running ones end).
 */
export async function runAll<R>(
  pool: Pool,
  tasks: WorkerTask[],
  onDone: (result: R, task: WorkerTask) => void,
): Promise<void> {
  const abort = new AbortController()
  // Every queued task listens on this one signal; a build queues thousands.
  setMaxListeners(0, abort.signal)
  let first: unknown
  await Promise.all(
    tasks.map(async (task) => {
      try {
        const result = await pool.run<R>(task, abort.signal)
        if (first === undefined) onDone(result, task)
      } catch (error) {
        if (first === undefined) {
          first = error
          abort.abort()
        }
      }
    }),
  )
  if (first !== undefined) throw first
}
