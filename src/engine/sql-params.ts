// `--param` values as typed SQL values. A command-line value is text, so the type is
// read from its form: `42` an INTEGER, `1.5` / `1e3` a REAL, `null` (or `NULL`) NULL,
// anything else TEXT. To pass text that looks like a number or null, wrap it in single
// quotes: `'42'` is the text 42 (one outer pair is removed, nothing else is unescaped,
// so `''x''` is the text 'x').

import {SochError} from './errors.js'

export type SqlParamKind = 'integer' | 'real' | 'text' | 'null'

/** A parameter as it crosses into Rust: integers as text, so every i64 stays exact. */
export interface SqlParam {
  kind: SqlParamKind
  text?: string
}

const INTEGER = /^[+-]?\d+$/
const REAL = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

export function parseParam(value: string): SqlParam {
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return {kind: 'text', text: value.slice(1, -1)}
  if (value === 'null' || value === 'NULL') return {kind: 'null'}
  if (INTEGER.test(value)) {
    const n = BigInt(value)
    // As in SQL, an integer literal past 64 bits is a real.
    if (n >= I64_MIN && n <= I64_MAX) return {kind: 'integer', text: n.toString()}
    return {kind: 'real', text: value}
  }
  if (REAL.test(value)) {
    if (!Number.isFinite(Number(value))) throw new SochError('INVALID_INPUT', `--param ${value}: the number is out of range`)
    return {kind: 'real', text: value}
  }
  return {kind: 'text', text: value}
}
