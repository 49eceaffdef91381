// SQL scripts against a database directory. A script that only reads (SELECT, VALUES,
// EXPLAIN, WITH … SELECT; decided in Rust on its tokens) opens the database read-only,
// as every other reader does: no lock, a snapshot as of its start, read-only media
// fine, a missing database is NOT_FOUND. Any other script opens the store as the writer
// with kv put's lock rules (wait `--wait` ms, then exit 6 naming the holder's PID), and
// the store is synced before it closes, also when a statement failed: the statements
// before it were committed and their results are reported.

import {readFileSync, statSync} from 'node:fs'

import {native} from './binding.js'
import {SochError, toSochError, type ErrorCode} from './errors.js'
import type {SqlParam} from './sql-params.js'
import {RowSet} from './sql-rows.js'
import {withReader, withWriter, type SyncMode, type WriterOptions} from './store.js'

export type ChangeVerb = 'inserted' | 'updated' | 'deleted'

/** What one statement gave: a result set, a change count, or a message. */
export type StatementOutcome =
  | {statement: number; kind: 'rows'; set: RowSet}
  | {statement: number; kind: 'changed'; verb: ChangeVerb; count: number; message: string}
  | {statement: number; kind: 'message'; message: string}

/** Where in the script a failure applies (1-based), with the source line to show it. */
export interface SqlErrorPlace {
  statement: number
  line: number
  column: number
}

export class SqlScriptError extends SochError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly place: SqlErrorPlace | undefined,
  ) {
    super(code, message)
  }
}

export interface SqlRun {
  db: string
  /** Whether the database was opened read-only (the script only reads, or --readonly). */
  readOnly: boolean
  sync: SyncMode
  /** One per statement that ran, in script order. */
  results: StatementOutcome[]
  /** The failing statement's error; the results before it stay committed. */
  error?: SqlScriptError
}

export interface SqlOptions extends WriterOptions {
  sql: string
  params: SqlParam[]
  /** `--readonly`: refuse a script that would write, before anything runs. */
  readOnly?: boolean
}

/** The SQL text of `--file`; a missing file is NOT_FOUND (the errno mapping). */
/** The longest string V8 can hold (Node 20, 64-bit): a script is one string. */
const MAX_SCRIPT_CHARS = 0x1fffffe8

function checkScriptSize(what: string, size: number): void {
  if (size > MAX_SCRIPT_CHARS) {
    throw new SochError(
      'INVALID_INPUT',
      `${what} is ${size.toLocaleString('en-US')} bytes; sql reads a script of at most ${MAX_SCRIPT_CHARS.toLocaleString('en-US')} bytes: split it into several files and run them one after another`,
    )
  }
}

export function readSqlFile(file: string): string {
  checkScriptSize(file, statSync(file).size)
  return readFileSync(file, 'utf8')
}

/** The script read from stdin, held to the same size as a file. */
export function sqlFromStdin(input: Buffer): string {
  checkScriptSize('the SQL on stdin', input.length)
  return input.toString('utf8')
}

export async function runSql(o: SqlOptions): Promise<SqlRun> {
  if (o.sql.trim() === '') throw new SochError('INVALID_INPUT', 'the SQL is empty; give at least one statement')
  const write = native().sqlFirstWrite(o.sql)
  if (write && o.readOnly) {
    const what = write.verb ? `statement ${write.statement} (${write.verb} …)` : `statement ${write.statement}`
    throw new SochError(
      'INVALID_INPUT',
      `${what} may write to the database; with --readonly a script may only read (SELECT, VALUES, EXPLAIN, WITH … SELECT). Nothing was run.`,
    )
  }
  const run = (s: {handle: number}) => native().sqlRun(s.handle, o.sql, o.params)
  const raw = write ? await withWriter(o, run) : withReader(o.db, run)
  const results = raw.results.map((r): StatementOutcome => {
    if (r.columns) return {statement: r.statement, kind: 'rows', set: new RowSet(r.columns, r.rows, r.kinds!, r.data!, r.ends!)}
    if (r.verb) return {statement: r.statement, kind: 'changed', verb: r.verb as ChangeVerb, count: r.changes!, message: r.message!}
    return {statement: r.statement, kind: 'message', message: r.message ?? ''}
  })
  const result: SqlRun = {db: o.db, readOnly: !write, sync: o.sync, results}
  if (raw.error) {
    const e = toSochError(new Error(raw.error.reason))
    const {statement, line, column} = raw.error
    const place = statement !== undefined && line !== undefined && column !== undefined ? {statement, line, column} : undefined
    result.error = new SqlScriptError(e.code, withCaret(e.message, o.sql, place), place)
  }
  return result
}

/** The message, then `at line L, column C:`, the source line and a caret under the column. */
export function withCaret(message: string, sql: string, place: SqlErrorPlace | undefined): string {
  if (!place || place.line < 1) return message
  const source = sql.split(/\r?\n/)[place.line - 1]
  const head = `${message}\n  at line ${place.line}, column ${place.column}`
  if (source === undefined) return head
  // A long line (a one-line dump) is shown as a window around the column.
  const chars = [...source]
  const at = Math.max(place.column - 1, 0)
  const from = chars.length > CARET_LINE_CHARS ? Math.max(0, at - CARET_LINE_CHARS / 2) : 0
  const to = Math.min(chars.length, from + CARET_LINE_CHARS)
  const before = from > 0 ? '…' : ''
  const shown = before + chars.slice(from, to).join('') + (to < chars.length ? '…' : '')
  // The caret keeps the line's tabs so it lines up under them.
  const lead = (before ? ' ' : '') + chars.slice(from, at).map((c) => (c === '\t' ? '\t' : ' ')).join('')
  return `${head}:\n    ${shown}\n    ${lead}^`
}

/** The most characters of a source line an error shows. */
const CARET_LINE_CHARS = 160
