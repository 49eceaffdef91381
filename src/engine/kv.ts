// kv get, put, delete, scan and ls. Readers open the store read-only (no lock, no
// writes); writers take the lock, write one atomic batch, sync and close. Scans cross
// into Rust once per chunk of entries, resuming after the last key of the previous one.

import {readFileSync} from 'node:fs'

import {SochError} from './errors.js'
import {PackedBatch} from './kv-batch.js'
import {forEachEntry, keyJson, lastKey, prefixEnd, type EntryChunk, type KeyJson} from './kv-codec.js'
import {commandKey, openReader, RESERVED_PREFIX, withReader, withWriter, type SyncMode, type WriterOptions} from './store.js'

const RESERVED = Buffer.from([RESERVED_PREFIX])

/** Where a value to put comes from. */
export type ValueSource = {text: string} | {file: string} | {bytes: Buffer}

/** A key from the command line: text (its UTF-8) or bytes (--key-hex, --key-b64). */
export type KeyArg = string | Buffer

/** What the writers and readers of one key take beside the key. */
interface KeyOptions {
  key: KeyArg
  /** Allow a key in SQL's reserved space (first byte 0xFF). */
  system?: boolean
}

export type PutResult = KeyJson & {
  bytes: number
  lsn: number
  sync: SyncMode
}

export type DeleteResult = KeyJson & {
  /** False when the key was absent (only with missingOk). */
  deleted: boolean
  lsn: number
  sync: SyncMode
}

/** How a message names a key: JSON text, or hex when it is not UTF-8. */
export function keyName(k: Buffer): string {
  const j = keyJson(k)
  return j.key !== undefined ? JSON.stringify(j.key) : `0x${k.toString('hex')}`
}

/** The value of `key`, exactly as stored; NOT_FOUND when absent. */
export function kvGet(db: string, key: KeyArg, system = false): Buffer {
  const k = commandKey(key, 'key', system)
  const value = withReader(db, (s) => s.get(k))
  if (value === null) throw new SochError('NOT_FOUND', `key ${keyName(k)} not found in ${db}`)
  return value
}

export async function kvPut(o: WriterOptions & KeyOptions & {value: ValueSource}): Promise<PutResult> {
  const k = commandKey(o.key, 'key', o.system)
  const value =
    'text' in o.value ? Buffer.from(o.value.text, 'utf8') : 'file' in o.value ? readFileSync(o.value.file) : o.value.bytes
  const batch = new PackedBatch(k.length + value.length + 16)
  batch.put(k, value)
  const lsn = await withWriter(o, (s) => s.write(batch.take(), true))
  return {...keyJson(k), bytes: value.length, lsn, sync: o.sync}
}

/** Deletes `key` (a tombstone); a missing key is NOT_FOUND unless `missingOk`. */
export async function kvDelete(o: WriterOptions & KeyOptions & {missingOk: boolean}): Promise<DeleteResult> {
  const k = commandKey(o.key, 'key', o.system)
  return withWriter(o, (s) => {
    if (s.get(k) === null) {
      if (o.missingOk) return {...keyJson(k), deleted: false, lsn: s.stats().lsn, sync: o.sync}
      throw new SochError('NOT_FOUND', `key ${keyName(k)} not found in ${o.db}; nothing deleted (--missing-ok exits 0 instead)`)
    }
    const batch = new PackedBatch(k.length + 16)
    batch.delete(k)
    return {...keyJson(k), deleted: true, lsn: s.write(batch.take(), true), sync: o.sync}
  })
}

export interface ScanOptions {
  db: string
  prefix?: KeyArg
  /** Keys from `start` (included) to `end` (excluded). */
  start?: KeyArg
  end?: KeyArg
  limit?: number
  reverse: boolean
  keysOnly: boolean
  /** Include SQL's reserved key space (keys starting with byte 0xFF). */
  system: boolean
}

/** [lo, hi): the key range of a scan; null means unbounded. */
export function scanBounds(o: {prefix?: KeyArg; start?: KeyArg; end?: KeyArg; system: boolean}): [Buffer | null, Buffer | null] {
  let lo: Buffer | null = null
  let hi: Buffer | null = null
  if (o.prefix !== undefined) {
    lo = bytesOf(o.prefix)
    hi = prefixEnd(lo)
  } else {
    if (o.start !== undefined) lo = bytesOf(o.start)
    if (o.end !== undefined) hi = bytesOf(o.end)
  }
  if (!o.system && (hi === null || Buffer.compare(hi, RESERVED) > 0)) hi = RESERVED
  return [lo, hi]
}

const bytesOf = (k: KeyArg): Buffer => (typeof k === 'string' ? Buffer.from(k, 'utf8') : k)

const CHUNK_BYTES = 4 << 20
const CHUNK_ROWS = 1 << 20

/**
 * One buffer that scan chunks are packed into, again and again. The consumer calls
 * `release()` once it no longer needs the last chunk's bytes (say, a write to stdout
 * that completed); the next chunk then reuses the memory. Fresh memory for every 4 MiB
 * chunk costs the kernel a page fault and a zeroed page per 4 KiB: a fifth of the CPU
 * of a full scan. Without a release the next chunk gets a new buffer, so a consumer that
 * keeps a chunk is never overwritten.
 */
export class ChunkBuffer {
  private free: Buffer | undefined
  private lent: Buffer | undefined

  take(minBytes: number): Buffer {
    const reuse = this.free !== undefined && this.free.length >= minBytes
    const buf = reuse ? this.free! : Buffer.allocUnsafeSlow(Math.max(minBytes, CHUNK_BYTES))
    this.free = undefined
    this.lent = buf
    return buf
  }

  release(): void {
    this.free = this.lent ?? this.free
    this.lent = undefined
  }
}

/**
 * The entries of a scan, in chunks, in key order (descending with `reverse`). With a
 * `buffer`, chunks are packed into it (see ChunkBuffer).
 */
export function* kvScan(o: ScanOptions, buffer?: ChunkBuffer): Generator<EntryChunk> {
  if (o.limit !== undefined && (!Number.isInteger(o.limit) || o.limit < 1)) {
    throw new SochError('INVALID_INPUT', `--limit ${o.limit}: must be a positive integer`)
  }
  let [lo, hi] = scanBounds(o)
  let loExcl = false
  let hiIncl = false
  let left = o.limit ?? Number.POSITIVE_INFINITY
  let need = 0
  const s = openReader(o.db)
  try {
    while (left > 0) {
      const into = buffer?.take(need)
      const chunk = s.scan({
        start: lo ?? undefined,
        startExclusive: loExcl,
        end: hi ?? undefined,
        endInclusive: hiIncl,
        reverse: o.reverse,
        keysOnly: o.keysOnly,
        maxRows: Math.min(left, CHUNK_ROWS),
        maxBytes: into?.length ?? CHUNK_BYTES,
        into,
      })
      if (chunk.need > 0) {
        // One entry larger than the buffer: a larger one, and the same place again.
        buffer!.release()
        need = chunk.need
        continue
      }
      if (into) chunk.data = into.subarray(0, chunk.bytes)
      if (chunk.rows > 0) {
        left -= chunk.rows
        yield chunk
      }
      if (chunk.done || chunk.rows === 0) return
      // Resume just past the last key: after it going up, before it going down.
      const last = lastKey(chunk)
      if (o.reverse) [hi, hiIncl] = [last, false]
      else [lo, loExcl] = [last, true]
    }
  } finally {
    s.close()
  }
}

export interface ListEntry {
  /** The next path segment; a "directory" ends with "/". */
  name?: string
  name_b64?: string
  type: 'dir' | 'key'
}

export type ListResult = ({path: string; path_b64?: never} | {path?: never; path_b64: string}) & {children: ListEntry[]}

function pathJson(p: Buffer): {path: string} | {path_b64: string} {
  const j = keyJson(p)
  return j.key !== undefined ? {path: j.key} : {path_b64: j.key_b64}
}

/**
 * The children of `path` like a directory listing: the distinct next `/`-separated
 * segments of the keys under it. Each directory costs one seek: having seen `a/b/x`,
 * the scan jumps past every key starting with `a/b/`.
 */
export function kvList(db: string, path: KeyArg, system: boolean): ListResult {
  const given = bytesOf(path)
  const prefix = given.length === 0 || given.at(-1) === 0x2f ? given : Buffer.concat([given, Buffer.from('/')])
  const children: ListEntry[] = []
  const [, hi] = scanBounds({prefix, system})
  withReader(db, (s) => {
    let from: Buffer = prefix
    let fromExcl = false
    for (;;) {
      const chunk = s.scan({
        start: from,
        startExclusive: fromExcl,
        end: hi ?? undefined,
        reverse: false,
        keysOnly: true,
        maxRows: 1024,
        maxBytes: 1 << 20,
      })
      let jump: Buffer | null | undefined
      let last: Buffer | undefined
      forEachEntry(chunk, (d, ks, ke) => {
        if (jump !== undefined) return
        const key = d.subarray(ks, ke)
        last = key
        const slash = key.indexOf(0x2f, prefix.length)
        if (slash < 0) {
          children.push(name(key.subarray(prefix.length), 'key'))
        } else {
          const sub = key.subarray(0, slash + 1)
          children.push(name(sub.subarray(prefix.length), 'dir'))
          jump = prefixEnd(sub)
        }
      })
      if (jump === null) return
      if (jump !== undefined) {
        from = jump
        fromExcl = false
      } else {
        if (chunk.done || !last) return
        from = Buffer.from(last)
        fromExcl = true
      }
    }
  })
  return {...pathJson(prefix), children}
}

function name(bytes: Buffer, type: 'dir' | 'key'): ListEntry {
  const text = bytes.toString('utf8')
  return Buffer.from(text, 'utf8').equals(bytes) ? {name: text, type} : {name_b64: bytes.toString('base64'), type}
}
