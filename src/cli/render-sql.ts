// The `sql` command's output. Result sets go to stdout in the chosen format; the
// messages of other statements (`3 rows inserted`, `Table t created`) go to stdout in
// `table` (the form for people) and to stderr in every machine format, so stdout parses.
// Several result sets follow one another in statement order:
// - json: one JSON array of row objects per result set, each on its own line (`jq`
//   reads the stream; `jq -s` collects it).
// - jsonl: one object per row, result sets back to back.
// - csv (RFC 4180: CRLF, fields with `,` `"` CR or LF quoted, `""` inside) and tsv
//   (`\\ \t \n \r` escaped, NULL as `\N`): a header row, the rows, a blank line between sets.
// - toon: `result[N]{a,b}:1,x;2,y` per set, one per line (NULL as an empty field, '' as
//   `""`; control characters escaped: see toon.ts).
// - table: aligned columns with a header, NULL shown as NULL, then `(N rows)`.
// In JSON a NULL is null, an integer a number (a decimal string beyond ±2^53, as the
// other commands give ids), a real a number, a BLOB `{"blob_b64": "…"}`. Row objects
// keep every column in order, also when two share a name (as SQLite's shell does).

import {out, quietOnClosedPipe} from './render-kv.js'
import {toonField, toonHead} from './toon.js'
import {CELL, type RowSet, type SqlRun, type SqlValue, type StatementOutcome} from '../engine/index.js'

export const SQL_FORMATS = ['table', 'json', 'jsonl', 'csv', 'tsv', 'toon'] as const
export type SqlFormat = (typeof SQL_FORMATS)[number]

type JsonValue = null | number | string | {blob_b64: string}

export function jsonValue(v: SqlValue): JsonValue {
  if (v === null || typeof v === 'number' || typeof v === 'string') return typeof v === 'number' && !Number.isFinite(v) ? null : v
  if (typeof v === 'bigint') return v.toString()
  return {blob_b64: v.toString('base64')}
}

function rowJson(set: RowSet, row: number, names: string[]): string {
  let s = '{'
  for (let c = 0; c < set.width; c++) s += (c ? ',' : '') + names[c] + ':' + JSON.stringify(jsonValue(set.value(row, c)))
  return s + '}'
}

function csvField(v: string | null): string {
  if (v === null) return ''
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

export function tsvField(v: string | null): string {
  if (v === null) return '\\N'
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}

const ROWS_PER_WRITE = 4096

/** Writes `set` row by row through `line`, a few thousand rows per write to stdout. */
async function writeRows(set: RowSet, head: string, line: (row: number) => string, eol: string): Promise<void> {
  let text = head
  for (let r = 0; r < set.rows; r++) {
    text += line(r) + eol
    if (r % ROWS_PER_WRITE === ROWS_PER_WRITE - 1) {
      await out(text)
      text = ''
    }
  }
  if (text) await out(text)
}

function cells(set: RowSet, row: number, field: (v: string | null) => string, sep: string): string {
  let s = ''
  for (let c = 0; c < set.width; c++) s += (c ? sep : '') + field(set.text(row, c))
  return s
}

async function writeSet(set: RowSet, format: Exclude<SqlFormat, 'table'>, first: boolean): Promise<void> {
  const names = set.columns.map((c) => JSON.stringify(c))
  switch (format) {
    case 'json':
      await writeRows(set, '[', (r) => (r ? ',' : '') + rowJson(set, r, names), '')
      return void (await out(']\n'))
    case 'jsonl':
      return writeRows(set, '', (r) => rowJson(set, r, names), '\n')
    case 'csv':
      return writeRows(set, (first ? '' : '\r\n') + set.columns.map(csvField).join(',') + '\r\n', (r) => cells(set, r, csvField, ','), '\r\n')
    case 'tsv':
      return writeRows(set, (first ? '' : '\n') + set.columns.map(tsvField).join('\t') + '\n', (r) => cells(set, r, tsvField, '\t'), '\n')
    case 'toon': {
      await writeRows(set, toonHead('result', set.rows, set.columns), (r) => (r ? ';' : '') + cells(set, r, toonField, ','), '')
      return void (await out('\n'))
    }
  }
}

/** A cell for the table: control characters escaped so that every row stays one line. */
export function tableCell(set: RowSet, row: number, col: number): string {
  const t = set.text(row, col)
  return t === null ? 'NULL' : tsvField(t)
}

export function tableLines(set: RowSet): string[] {
  const grid = Array.from({length: set.rows}, (_, r) => Array.from({length: set.width}, (_, c) => tableCell(set, r, c)))
  const widths = set.columns.map((name, c) => Math.max([...name].length, ...grid.map((row) => [...row[c]!].length)))
  const numeric = (r: number, c: number) => set.kind(r, c) === CELL.INTEGER || set.kind(r, c) === CELL.REAL
  const pad = (s: string, c: number, right: boolean) => {
    const fill = ' '.repeat(widths[c]! - [...s].length)
    return right ? fill + s : s + fill
  }
  const line = (fields: string[]) => fields.join(' | ').trimEnd()
  const lines = [line(set.columns.map((n, c) => pad(n, c, false))), widths.map((w) => '-'.repeat(w)).join('-+-')]
  grid.forEach((row, r) => lines.push(line(row.map((v, c) => pad(v, c, numeric(r, c))))))
  lines.push(`(${set.rows} row${set.rows === 1 ? '' : 's'})`)
  return lines
}

/** Renders every statement's outcome in script order. */
export async function writeSqlRun(run: SqlRun, format: SqlFormat): Promise<void> {
  quietOnClosedPipe()
  let sets = 0
  for (const r of run.results) {
    if (r.kind !== 'rows') {
      if (format === 'table') await out(r.message + '\n')
      else process.stderr.write(r.message + '\n')
      continue
    }
    if (format === 'table') await out((sets ? '\n' : '') + tableLines(r.set).join('\n') + '\n')
    else await writeSet(r.set, format, sets === 0)
    sets++
  }
}

/** The --json document: every statement's outcome; rows as arrays beside `columns`. */
export function sqlJsonDocument(run: SqlRun): object {
  return {db: run.db, statements: run.results.map(statementJson)}
}

export function statementJson(r: StatementOutcome): object {
  if (r.kind === 'rows') {
    const {set} = r
    const rows = Array.from({length: set.rows}, (_, row) => Array.from({length: set.width}, (_, c) => jsonValue(set.value(row, c))))
    return {statement: r.statement, columns: set.columns, rows}
  }
  if (r.kind === 'changed') return {statement: r.statement, verb: r.verb, count: r.count, message: r.message}
  return {statement: r.statement, message: r.message}
}
