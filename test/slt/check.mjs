// Judging a record's outcome as sqllogictest.c does in verify mode: sort the rendered
// values as the sort mode says, hash them when there are more than the threshold (or
// the query has a label), compare line by line or by hash, and check that queries
// sharing a label give the same hash.

import {createHash} from 'node:crypto'

import {render} from './values.mjs'

/** md5 of every value followed by "\n", as md5_add does. */
export function md5Values(values) {
  const h = createHash('md5')
  for (const v of values) h.update(`${v}\n`, 'latin1')
  return h.digest('hex')
}

/** C's strcmp on the rendered values (ASCII after rendering, so code units compare as bytes). */
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

/** The values in the order the sort mode asks for; null for an unknown mode. */
export function sortValues(values, width, sort) {
  if (sort === '' || sort === 'nosort') return values
  if (sort === 'valuesort') return [...values].sort(cmp)
  if (sort !== 'rowsort') return null
  const rows = []
  for (let i = 0; i + width <= values.length; i += width) rows.push(values.slice(i, i + width))
  rows.sort((a, b) => {
    for (let c = 0; c < width; c++) {
      const d = cmp(a[c], b[c])
      if (d !== 0) return d
    }
    return 0
  })
  return rows.flat()
}

const HASHED = /^(\d+) values hashing to ([0-9a-f]{32})$/

/** The hash the expected lines stand for (a skipped labeled query still registers it). */
export function expectedHash(expected) {
  const m = expected.length > 0 ? HASHED.exec(expected[0]) : null
  return m ? m[2] : md5Values(expected)
}

/**
 * Labels: the first query with a label records its hash; a later one with the same
 * label fails when its hash differs. Keys are cut to 20 characters, as in the C.
 */
export class Labels {
  map = new Map()
  /** true when `hash` agrees with (or is the first for) `label`. */
  agree(label, hash) {
    const key = label.slice(0, 20)
    const seen = this.map.get(key)
    if (seen === undefined) {
      this.map.set(key, hash)
      return true
    }
    return seen === hash
  }
}

/**
 * A query's result against the record: rows of cells (see values.mjs) in, a failure
 * message or null out.
 */
export function checkQuery(record, rows, threshold, labels) {
  const width = record.types.length
  const values = []
  for (const row of rows) for (let c = 0; c < width; c++) values.push(render(record.types[c], row[c]))
  const sorted = sortValues(values, width, record.sort)
  if (sorted === null) return {message: `unknown sort method: '${record.sort}'`}
  const hashing = record.label !== '' || (threshold > 0 && sorted.length > threshold)
  const hash = hashing ? md5Values(sorted) : ''
  if (record.label !== '' && !labels.agree(record.label, hash)) {
    return {message: `labeled result [${record.label.slice(0, 20)}] does not agree with previous values`}
  }
  const expected = record.expected
  if (threshold === 0 || sorted.length <= threshold) {
    const n = Math.min(sorted.length, expected.length)
    for (let i = 0; i < n; i++) {
      if (sorted[i] !== expected[i]) {
        return {message: 'wrong result', detail: `value ${i + 1}: expected [${expected[i]}] got [${sorted[i]}]${countNote(expected.length, sorted.length)}`}
      }
    }
    if (sorted.length !== expected.length) {
      return {message: 'wrong result', detail: `${sorted.length > expected.length ? 'too many' : 'too few'} values - expected ${expected.length} got ${sorted.length}`}
    }
    return null
  }
  const got = `${sorted.length} values hashing to ${hash}`
  if (expected[0] !== got) return {message: 'wrong result', detail: `expected [${expected[0] ?? ''}] got [${got}]`}
  return null
}

const countNote = (want, got) => (want === got ? '' : ` (expected ${want} values, got ${got})`)
