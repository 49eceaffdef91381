// The piscina worker: one task = one batch, one call into Rust. The addon is loaded
// through binding.ts (the one loader) when the worker starts.

import {threadId} from 'node:worker_threads'

import {native} from './binding.js'

export type WorkerTask =
  | {op: 'insert'; handle: number; start: number; end: number}
  | {op: 'write'; handle: number; output: string; codesOnly: boolean}
  /** Claim runs of `chunk` queries from the session until none are left (query.ts). */
  | {op: 'searchClaimed'; handle: number; chunk: number; k: number; ef: number}
  | {
      op: 'convert'
      input: string
      open: {format?: string; dimension?: number}
      output: string
      toFormat: string
      normalize: boolean
      /** A shared BigInt64Array slot where the worker publishes rows done. */
      progress: SharedArrayBuffer
    }
  | {op: 'ping'}

const addon = native()

export default function run(task: WorkerTask): unknown {
  switch (task.op) {
    case 'insert':
      return addon.buildInsert(task.handle, task.start, task.end)
    case 'write':
      return addon.buildWrite(task.handle, task.output, task.codesOnly)
    case 'searchClaimed':
      return addon.querySearchClaimed(task.handle, task.chunk, task.k, task.ef)
    case 'convert': {
      const done = new BigInt64Array(task.progress)
      return addon.convertVectors(task.input, task.open, task.output, task.toFormat, task.normalize, (rows) => {
        Atomics.store(done, 0, BigInt(rows))
      })
    }
    case 'ping':
      return {threadId, addonVersion: addon.version()}
  }
}
