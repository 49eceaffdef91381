// Input records for `kv import`, one key and value each, from JSONL or CSV:
// - JSONL `{"key": …, "value": …}`: a string value is stored as its UTF-8, any other
//   JSON value as its JSON text; `key_b64` / `value_b64` carry bytes (what `kv export`
//   writes for keys and values that are not UTF-8).
// - JSONL with a key field F: each line is a record; its key is record[F] and its value
//   the line's JSON text, as it is in the file.
// - CSV with a header row: columns `key` and `value`, stored as text; or with a key
//   field F, the key is column F and the value the whole row as a JSON object of strings.
// A malformed record throws a LineError naming its line.

import type {SochError} from './errors.js'
import type {Bytes} from './kv-batch.js'
import {decodeBase64} from './kv-codec.js'
import {LineReader} from './kv-lines.js'
import {plural} from './plural.js'

export class LineError extends Error {
  constructor(
    readonly line: number,
    readonly why: string,
  ) {
    super(`line ${line}: ${why}`)
  }
}

export interface Limits {
  maxKeyLen: number
  maxValueLen: number
  /** Keys starting with byte 0xFF are allowed (--system). */
  system: boolean
}

/** Yields records as [key, value]; `line` is where the current one starts. */
export interface RecordSource {
  next(): [Bytes, Bytes] | null
  readonly line: number
  readonly consumed: number
}

function checkKey(key: Bytes, l: Limits): string | null {
  const n = typeof key === 'string' ? (key.length * 3 <= l.maxKeyLen ? key.length : Buffer.byteLength(key)) : key.length
  if (n === 0) return 'the key is empty'
  if (n > l.maxKeyLen) return `the key is ${n} bytes; keys are limited to ${l.maxKeyLen} bytes`
  if (typeof key !== 'string' && key[0] === 0xff && !l.system) {
    return 'the key starts with byte 0xFF, which is reserved for SQL tables (pass --system to import it)'
  }
  return null
}

function checkValue(value: Bytes, l: Limits): string | null {
  const n = typeof value === 'string' ? (value.length * 3 <= l.maxValueLen ? 0 : Buffer.byteLength(value)) : value.length
  return n > l.maxValueLen ? `the value is ${n} bytes; values are limited to ${l.maxValueLen} bytes` : null
}

/** A key field's text: a string as it is, a number in its JSON form. */
function keyOf(field: unknown, name: string, line: number): string {
  if (typeof field === 'string') return field
  if (typeof field === 'number' && Number.isFinite(field)) return String(field)
  if (field === undefined) throw new LineError(line, `no "${name}" field`)
  throw new LineError(line, `"${name}" must be a string or a number, not ${field === null ? 'null' : typeof field}`)
}

export class JsonlRecords implements RecordSource {
  constructor(
    private readonly r: LineReader,
    private readonly limits: Limits,
    private readonly keyField?: string,
  ) {}

  get line(): number {
    return this.r.lineNo
  }

  get consumed(): number {
    return this.r.consumed
  }

  next(): [Bytes, Bytes] | null {
    const r = this.r
    while (r.next()) {
      if (r.start === r.end) continue
      const text = r.buf.toString('utf8', r.start, r.end)
      let rec: unknown
      try {
        rec = JSON.parse(text)
      } catch (error) {
        if (text.trim() === '') continue
        throw new LineError(r.lineNo, `not valid JSON (${(error as Error).message})`)
      }
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
        throw new LineError(r.lineNo, 'expected a JSON object')
      }
      const o = rec as Record<string, unknown>
      let key: Bytes
      let value: Bytes
      if (this.keyField !== undefined) {
        key = keyOf(o[this.keyField], this.keyField, r.lineNo)
        value = r.buf.subarray(r.start, r.end)
      } else {
        key = this.plainKey(o)
        value = this.plainValue(o)
      }
      const bad = checkKey(key, this.limits) ?? checkValue(value, this.limits)
      if (bad) throw new LineError(r.lineNo, bad)
      return [key, value]
    }
    return null
  }

  private plainKey(o: Record<string, unknown>): Bytes {
    if ('key' in o) return keyOf(o.key, 'key', this.line)
    if ('key_b64' in o) return this.b64(o.key_b64, 'key_b64')
    throw new LineError(this.line, 'no "key" field (give {"key": …, "value": …}, or --key-field for whole records)')
  }

  private plainValue(o: Record<string, unknown>): Bytes {
    if ('value' in o) return typeof o.value === 'string' ? o.value : JSON.stringify(o.value)
    if ('value_b64' in o) return this.b64(o.value_b64, 'value_b64')
    throw new LineError(this.line, 'no "value" field (or "value_b64")')
  }

  private b64(text: unknown, field: string): Buffer {
    try {
      return decodeBase64(text, field)
    } catch (error) {
      throw new LineError(this.line, (error as SochError).message)
    }
  }
}

export class CsvRecords implements RecordSource {
  private header: string[] = []
  private keyCol = -1
  private valueCol = -1
  private startLine = 0

  constructor(
    private readonly r: LineReader,
    private readonly limits: Limits,
    private readonly keyField?: string,
  ) {}

  get line(): number {
    return this.startLine
  }

  get consumed(): number {
    return this.r.consumed
  }

  /** Reads the header row and finds the key (and value) columns. */
  open(): void {
    const header = this.record()
    if (!header) throw new LineError(1, 'the CSV file is empty; it needs a header row')
    this.header = header
    if (new Set(header).size !== header.length) throw new LineError(this.startLine, 'the header row names a column twice')
    const keyName = this.keyField ?? 'key'
    this.keyCol = header.indexOf(keyName)
    if (this.keyCol < 0) {
      throw new LineError(
        this.startLine,
        this.keyField !== undefined
          ? `the header row has no column "${keyName}" (the --key-field)`
          : 'the header row has no "key" column (give columns key,value, or --key-field to store whole rows)',
      )
    }
    if (this.keyField === undefined) {
      this.valueCol = header.indexOf('value')
      if (this.valueCol < 0) throw new LineError(this.startLine, 'the header row has no "value" column (or pass --key-field)')
    }
  }

  next(): [Bytes, Bytes] | null {
    const row = this.record()
    if (!row) return null
    if (row.length !== this.header.length) {
      throw new LineError(this.startLine, `${plural(row.length, 'field')} where the header has ${this.header.length}`)
    }
    const key = row[this.keyCol]!
    let value: string
    if (this.valueCol >= 0) {
      value = row[this.valueCol]!
    } else {
      const obj: Record<string, string> = {}
      this.header.forEach((name, i) => (obj[name] = row[i]!))
      value = JSON.stringify(obj)
    }
    const bad = checkKey(key, this.limits) ?? checkValue(value, this.limits)
    if (bad) throw new LineError(this.startLine, bad)
    return [key, value]
  }

  /** The next record (RFC 4180: quoted fields may hold commas, "" and newlines); blank lines are skipped. */
  private record(): string[] | null {
    const r = this.r
    let fields: string[] = []
    let field = ''
    let quoted = false
    let started = false
    while (r.next()) {
      const line = r.buf.toString('utf8', r.start, r.end)
      if (!started) {
        if (line === '') continue
        this.startLine = r.lineNo
        started = true
      } else {
        field += '\n' // inside a quoted field that spans lines
      }
      let i = 0
      while (i < line.length) {
        const c = line[i]!
        if (quoted) {
          if (c === '"') {
            if (line[i + 1] === '"') {
              field += '"'
              i += 2
              continue
            }
            quoted = false
          } else {
            field += c
          }
        } else if (c === ',') {
          fields.push(field)
          field = ''
        } else if (c === '"' && field === '') {
          quoted = true
        } else if (c === '"') {
          throw new LineError(r.lineNo, `a quote inside an unquoted field (column ${fields.length + 1})`)
        } else {
          field += c
        }
        i++
      }
      if (!quoted) {
        fields.push(field)
        const out = fields
        fields = []
        return out
      }
    }
    if (started) throw new LineError(this.startLine, 'a quoted field is not closed before the end of the file')
    return null
  }
}
