// The database directory from TypeScript: open a store (read-only for readers, with the
// writer lock for writers), use it, close it. A writer that succeeds calls sync() before
// closing, which is what makes `--sync normal` durable when the command exits 0.
// This module and the kv modules load nothing heavy: `kv get` starts through them.

import {native} from './binding.js'
import {SochError} from './errors.js'
import type {ScanChunk} from './native.js'

export const SYNC_MODES = ['full', 'normal', 'off'] as const
export type SyncMode = (typeof SYNC_MODES)[number]

/** The first byte of SQL's key space: hidden from the kv commands unless --system. */
export const RESERVED_PREFIX = 0xff

export interface WriterOptions {
  db: string
  sync: SyncMode
  /** How long to wait for another writer's lock, in ms. */
  waitMs: number
  /** Checkpoint automatically past this much WAL (default 64 MiB; tests force checkpoints with less). */
  walLimitBytes?: number
}

/** An open store, named by a handle in the native registry. */
export class StoreHandle {
  private closed = false

  constructor(
    readonly handle: number,
    readonly dir: string,
  ) {}

  get(key: Buffer): Buffer | null {
    return native().storeGet(this.handle, key) ?? null
  }

  /** Appends packed ops (see kv-batch.ts) to the pending batch; `commit` writes it atomically. */
  write(ops: Buffer, commit: boolean): number {
    return native().storeWrite(this.handle, ops, commit)
  }

  scan(request: Parameters<ReturnType<typeof native>['storeScan']>[1]): ScanChunk {
    return native().storeScan(this.handle, request)
  }

  /** The LSN of the last commit: 0 for a store nothing was ever written to. */
  lsn(): number {
    return native().storeLsn(this.handle)
  }

  sync(): void {
    native().storeSync(this.handle)
  }

  checkpoint() {
    return native().storeCheckpoint(this.handle)
  }

  compact() {
    return native().storeCompact(this.handle)
  }

  stats() {
    return native().storeStats(this.handle)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    native().storeClose(this.handle)
  }
}

export function checkWriterOptions(o: WriterOptions): void {
  if (!SYNC_MODES.includes(o.sync)) {
    throw new SochError('INVALID_INPUT', `--sync ${o.sync}: use full, normal or off`)
  }
  if (!Number.isInteger(o.waitMs) || o.waitMs < 0) {
    throw new SochError('INVALID_INPUT', `--wait ${o.waitMs}: must be a whole number of milliseconds, 0 or more`)
  }
}

/** Open `db` read-only: no lock, no writes; a missing database is NOT_FOUND. */
export function openReader(db: string): StoreHandle {
  return new StoreHandle(native().storeOpen(db, {readOnly: true, create: false}), db)
}

export function withReader<T>(db: string, fn: (s: StoreHandle) => T): T {
  const s = openReader(db)
  try {
    return fn(s)
  } finally {
    s.close()
  }
}

/** Open `db` for writing (creating it if missing), run `fn`, sync on success, always close. */
export async function withWriter<T>(o: WriterOptions, fn: (s: StoreHandle) => T | Promise<T>): Promise<T> {
  checkWriterOptions(o)
  const s = new StoreHandle(native().storeOpen(o.db, {readOnly: false, create: true, sync: o.sync, waitMs: o.waitMs, walLimitBytes: o.walLimitBytes}), o.db)
  try {
    const result = await fn(s)
    s.sync()
    return result
  } finally {
    s.close()
  }
}

export function storeLimits(): {maxKeyLen: number; maxValueLen: number} {
  return native().storeLimits()
}

/**
 * A key given on the command line (text, or bytes from --key-hex / --key-b64), checked
 * like every key the kv commands write. Keys in SQL's space (first byte 0xFF) need `system`.
 */
export function commandKey(key: string | Buffer, what = 'key', system = false): Buffer {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key
  if (bytes.length === 0) throw new SochError('INVALID_INPUT', `the ${what} is empty; give a non-empty key`)
  const {maxKeyLen} = storeLimits()
  if (bytes.length > maxKeyLen) {
    throw new SochError('INVALID_INPUT', `the ${what} is ${bytes.length} bytes; keys are limited to ${maxKeyLen} bytes`)
  }
  if (bytes[0] === RESERVED_PREFIX && !system) {
    throw new SochError('INVALID_INPUT', `the ${what} starts with byte 0xFF, which is reserved for SQL tables (pass --system to use it)`)
  }
  return bytes
}
