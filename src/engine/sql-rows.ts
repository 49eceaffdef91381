// A result set as it comes from Rust (see native/node/src/sql.rs): one byte of type per
// cell, the cells back to back in one buffer, and where each ends. Cells are decoded
// only when a renderer asks, in the form it needs: a typed value for JSON, the text
// SQLite's shell would print for the text formats.

export const CELL = {NULL: 0, INTEGER: 1, REAL: 2, TEXT: 3, BLOB: 4} as const

/** A cell as a JS value: integers beyond ±2^53 stay exact as bigint; a BLOB is bytes. */
export type SqlValue = null | number | bigint | string | Buffer

export class RowSet {
  readonly width: number

  constructor(
    readonly columns: string[],
    readonly rows: number,
    private readonly kinds: Buffer,
    private readonly data: Buffer,
    private readonly ends: Uint32Array,
  ) {
    this.width = columns.length
  }

  private range(row: number, col: number): [number, number] {
    const i = row * this.width + col
    return [i === 0 ? 0 : this.ends[i - 1]!, this.ends[i]!]
  }

  kind(row: number, col: number): number {
    return this.kinds[row * this.width + col]!
  }

  value(row: number, col: number): SqlValue {
    const kind = this.kind(row, col)
    if (kind === CELL.NULL) return null
    const [s, e] = this.range(row, col)
    if (kind === CELL.BLOB) return Buffer.from(this.data.subarray(s, e))
    const text = this.data.toString('utf8', s, e)
    if (kind === CELL.TEXT) return text
    if (kind === CELL.REAL) return text === 'Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text)
    const n = Number(text)
    return Number.isSafeInteger(n) ? n : BigInt(text)
  }

  /** The cell as text: numbers as SQLite prints them, a BLOB as `x'0A1B'`, NULL as null. */
  text(row: number, col: number): string | null {
    const kind = this.kind(row, col)
    if (kind === CELL.NULL) return null
    const [s, e] = this.range(row, col)
    if (kind === CELL.BLOB) return `x'${this.data.toString('hex', s, e).toUpperCase()}'`
    return this.data.toString('utf8', s, e)
  }
}
