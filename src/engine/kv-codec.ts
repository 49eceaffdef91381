// Entries as they come out of a scan chunk (see native/node/src/store.rs): back to back
// as `key TAB value LF` (`key LF` for keys only), with the end of each key and value in
// `ends`, and their one JSON form, shared by `kv scan --format jsonl|json`, `kv export`
// and `kv import`: text as a string, bytes that are not UTF-8 as base64 under `key_b64` /
// `value_b64`.

import {isUtf8} from 'node:buffer'

import {SochError} from './errors.js'

/** A run of scan entries in one buffer; read them with `forEachEntry`. */
export interface EntryChunk {
  data: Buffer
  /** Per entry: the end of its key and the end of its value in `data`. */
  ends: Uint32Array
  /** Per entry, TEXT flags: what the key and value are as text. */
  flags: Buffer
  rows: number
}

/** Bits of an entry's flags byte (computed in Rust). */
export const TEXT = {KEY_UTF8: 1, VALUE_UTF8: 2, KEY_ESCAPES: 4, VALUE_ESCAPES: 8} as const

/** Calls `fn` with the byte ranges of each entry's key and value in `chunk.data`, and its flags. */
export function forEachEntry(
  chunk: EntryChunk,
  fn: (data: Buffer, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number, flags: number) => void,
): void {
  const {data, ends, flags} = chunk
  let start = 0
  for (let row = 0; row < chunk.rows; row++) {
    const ke = ends[2 * row]!
    const ve = ends[2 * row + 1]!
    fn(data, start, ke, ve === ke ? ke : ke + 1, ve, flags[row]!)
    start = ve + 1
  }
}

/** The last key of a non-empty chunk (where the next chunk resumes). */
export function lastKey(chunk: EntryChunk): Buffer {
  const row = chunk.rows - 1
  const start = row === 0 ? 0 : chunk.ends[2 * row - 1]! + 1
  return Buffer.from(chunk.data.subarray(start, chunk.ends[2 * row]!))
}

export interface EntryJson {
  key?: string
  key_b64?: string
  value?: string
  value_b64?: string
}

/** A key alone in its JSON form: `key` when it is UTF-8 text, else `key_b64`. */
export type KeyJson = {key: string; key_b64?: never} | {key?: never; key_b64: string}

export function keyJson(k: Buffer): KeyJson {
  return isUtf8(k) ? {key: k.toString('utf8')} : {key_b64: k.toString('base64')}
}

/** The JSON form of an entry; `withValue` false leaves the value out (keys only). */
export function entryJson(d: Buffer, ks: number, ke: number, vs: number, ve: number, flags: number, withValue = true): EntryJson {
  const e: EntryJson = {}
  if (flags & TEXT.KEY_UTF8) e.key = d.toString('utf8', ks, ke)
  else e.key_b64 = d.toString('base64', ks, ke)
  if (withValue) {
    if (flags & TEXT.VALUE_UTF8) e.value = d.toString('utf8', vs, ve)
    else e.value_b64 = d.toString('base64', vs, ve)
  }
  return e
}

/** The smallest key above every key starting with `prefix`; null when there is none. */
export function prefixEnd(prefix: Uint8Array): Buffer | null {
  const end = Buffer.from(prefix)
  let n = end.length
  while (n > 0 && end[n - 1] === 0xff) n--
  if (n === 0) return null
  end[n - 1]!++
  return end.subarray(0, n)
}

/** Strict base64 (what `value_b64` and `key_b64` hold): Buffer.from would skip bad characters. */
export function decodeBase64(text: unknown, field: string): Buffer {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new SochError('INVALID_INPUT', `"${field}" must be a base64 string`)
  }
  return Buffer.from(text, 'base64')
}
