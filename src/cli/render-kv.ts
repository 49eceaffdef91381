// Text forms of the database commands' results. Scans stream chunk by chunk:
// - jsonl: one `{"key": …, "value": …}` per line (`key_b64` / `value_b64` for bytes that
//   are not UTF-8), the form `kv export` writes and `kv import` reads.
// - tsv: `key<TAB>value` per line, no header; `\\`, `\t`, `\n`, `\r` are escaped with a
//   backslash, other bytes below 0x20 as `\xHH`, and in a key or value that is not valid
//   UTF-8 every byte ≥ 0x80 as `\xHH` too.
// - toon: DESIGN.md's table text, `kv[N]{key,value}:k1,v1;k2,v2` (quoting in toon.ts),
//   with a `value_b64` (`key_b64`) column when some value (key) is not UTF-8.

import {isUtf8} from 'node:buffer'

import {bytes} from './render.js'
import {toon} from './toon.js'
import {
  entryJson,
  forEachEntry,
  keyJson,
  plural,
  TEXT,
  type CheckpointReport,
  type ChunkBuffer,
  type EntryChunk,
  type EntryJson,
  type KeyArg,
  type KeyJson,
  type ListResult,
  type StoreReport,
  type VerifyReport,
} from '../engine/index.js'

export const SCAN_FORMATS = ['jsonl', 'tsv', 'toon'] as const
export type ScanFormat = (typeof SCAN_FORMATS)[number]

export interface ScanResult {
  count: number
  /** Only under --json: the entries themselves. */
  entries?: EntryJson[]
}

/** Write to stdout, waiting when the pipe is full; a closed pipe (`| head`) ends the process quietly. */
export function out(chunk: string | Uint8Array): Promise<void> | void {
  if (!process.stdout.write(chunk)) return new Promise((resolve) => process.stdout.once('drain', resolve))
}

let pipeWatched = false
export function quietOnClosedPipe(): void {
  if (pipeWatched || typeof process.stdout.on !== 'function') return
  pipeWatched = true
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
}

/** Renders a scan to stdout in `format`, or collects it for --json. */
export async function writeScan(
  chunks: Iterable<EntryChunk>,
  format: ScanFormat,
  keysOnly: boolean,
  json: boolean,
  buffer?: ChunkBuffer,
): Promise<ScanResult> {
  let count = 0
  if (json || format === 'toon') {
    const entries: EntryJson[] = []
    for (const chunk of chunks) {
      forEachEntry(chunk, (d, ks, ke, vs, ve, f) => entries.push(entryJson(d, ks, ke, vs, ve, f, !keysOnly)))
      count += chunk.rows
    }
    if (json) return {count, entries}
    await out(toon('kv', entries) + '\n')
    return {count}
  }
  quietOnClosedPipe()
  for (const chunk of chunks) {
    count += chunk.rows
    if (format === 'tsv') {
      const bytes = tsvChunk(chunk, keysOnly)
      await out(bytes)
      // The chunk's memory may take the next chunk once nothing refers to it: the write
      // copied it (a re-encoded chunk), or it has left the process (nothing queued).
      if (bytes !== chunk.data || process.stdout.writableLength === 0) buffer?.release()
    } else {
      let text = ''
      forEachEntry(chunk, (d, ks, ke, vs, ve, f) => {
        text += JSON.stringify(entryJson(d, ks, ke, vs, ve, f, !keysOnly)) + '\n'
      })
      await out(text)
    }
  }
  return {count}
}

class ByteWriter {
  buf: Buffer
  at = 0
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 64))
  }

  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n))
    this.buf.copy(grown, 0, 0, this.at)
    this.buf = grown
  }
}

const HEX = '0123456789abcdef'

/** A field that needs escapes: see the header. `utf8` false also escapes bytes ≥ 0x80. */
function tsvEscaped(w: ByteWriter, d: Buffer, s: number, e: number, utf8: boolean): void {
  w.ensure(4 * (e - s))
  for (let i = s; i < e; i++) {
    const b = d[i]!
    const esc = b === 9 ? 116 : b === 10 ? 110 : b === 13 ? 114 : b === 92 ? 92 : 0
    if (esc) {
      w.buf[w.at++] = 92
      w.buf[w.at++] = esc
    } else if (b < 0x20 || (b >= 0x80 && !utf8)) {
      w.at += w.buf.write(`\\x${HEX[b >> 4]}${HEX[b & 15]}`, w.at, 'latin1')
    } else {
      w.buf[w.at++] = b
    }
  }
}

function tsvField(w: ByteWriter, d: Buffer, s: number, e: number, utf8: boolean, escapes: boolean): void {
  if (utf8 && !escapes) {
    w.ensure(e - s)
    w.at += d.copy(w.buf, w.at, s, e)
  } else {
    tsvEscaped(w, d, s, e, utf8)
  }
}

/** One chunk as TSV bytes: the chunk itself when every entry is plain text (the flags say so). */
export function tsvChunk(chunk: EntryChunk, keysOnly: boolean): Buffer {
  const plain = keysOnly ? TEXT.KEY_UTF8 : TEXT.KEY_UTF8 | TEXT.VALUE_UTF8
  const mask = TEXT.KEY_UTF8 | TEXT.KEY_ESCAPES | (keysOnly ? 0 : TEXT.VALUE_UTF8 | TEXT.VALUE_ESCAPES)
  const flags = chunk.flags
  let row = 0
  while (row < chunk.rows && (flags[row]! & mask) === plain) row++
  if (row === chunk.rows) return chunk.data
  const w = new ByteWriter(chunk.data.length + 64)
  forEachEntry(chunk, (d, ks, ke, vs, ve, f) => {
    tsvField(w, d, ks, ke, (f & TEXT.KEY_UTF8) !== 0, (f & TEXT.KEY_ESCAPES) !== 0)
    w.ensure(2)
    if (!keysOnly) {
      w.buf[w.at++] = 9
      tsvField(w, d, vs, ve, (f & TEXT.VALUE_UTF8) !== 0, (f & TEXT.VALUE_ESCAPES) !== 0)
      w.ensure(1)
    }
    w.buf[w.at++] = 10
  })
  return w.buf.subarray(0, w.at)
}

export function listLines(r: ListResult): string[] {
  return r.children.map((c) => c.name ?? `(base64) ${c.name_b64}`)
}

export function storeReportLines(r: StoreReport): string[] {
  return [
    `database:            ${r.db}`,
    `keys:                ${r.keys}`,
    `segments:            ${r.segments} (${plural(r.segment_entries, 'entry', 'entries')})`,
    `memtable entries:    ${r.memtable_entries} (replayed from the WAL)`,
    `WAL:                 ${bytes(r.wal_bytes)}`,
    `LSN:                 ${r.lsn}`,
    `checkpoint LSN:      ${r.checkpoint_lsn}`,
    `on disk:             ${bytes(r.disk_bytes)}`,
  ]
}

const entriesBytes = (entries: number, n: number) => `${plural(entries, 'entry', 'entries')}, ${plural(n, 'byte')}`

export function checkpointLines(r: CheckpointReport): string[] {
  const lines = [`Checkpoint complete at LSN ${r.lsn}`]
  const c = r.compaction
  if (c) {
    lines.push(
      `Compacted ${plural(c.segments_before, 'segment')} (${entriesBytes(c.entries_before, c.bytes_before)})` +
        ` into ${c.segments_after} (${entriesBytes(c.entries_after, c.bytes_after)}) in ${c.duration_ms} ms`,
    )
  }
  return lines
}

export function verifyLines(r: VerifyReport): string[] {
  const lines = [
    `database:        ${r.db}`,
    `valid:           ${r.valid ? 'yes' : 'NO'}`,
    `entries:         ${r.entries}`,
    `last valid LSN:  ${r.last_valid_lsn}`,
    `checkpoint LSN:  ${r.checkpoint_lsn}`,
    `segments:        ${r.segments}`,
  ]
  if (r.torn_tail) lines.push(`torn WAL tail:   ${r.torn_tail} (not corruption: the next writer cuts it off)`)
  for (const c of r.corrupted) lines.push(`corrupted:       ${c}`)
  return lines
}

export type ValueJson = KeyJson & {bytes: number; value?: string; value_b64?: string}

/** `kv get --json`: key and value as text, or as base64 when they are not UTF-8. */
export function valueJson(key: KeyArg, value: Buffer): ValueJson {
  const k = typeof key === 'string' ? {key} : keyJson(key)
  return isUtf8(value) ? {...k, bytes: value.length, value: value.toString('utf8')} : {...k, bytes: value.length, value_b64: value.toString('base64')}
}

/** A key in a message for people: the text, or 0x and its hex when it is not UTF-8 or holds control bytes. */
export function keyText(k: KeyJson): string {
  // eslint-disable-next-line no-control-regex
  if (k.key !== undefined && !/[\x00-\x1f\x7f]/.test(k.key)) return k.key
  return `0x${(k.key !== undefined ? Buffer.from(k.key, 'utf8') : Buffer.from(k.key_b64, 'base64')).toString('hex')}`
}
