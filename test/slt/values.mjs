// How sqllogictest's SQLite driver (src/slt_sqlite.c, sqliteQuery) turns a cell into
// the text a test file holds, by the column's letter and whatever the cell's own type:
//   I  sqlite3_column_int: the value as a 64-bit integer, cast to a C int, printed %d
//   R  sqlite3_column_double printed with SQLite's "%.3f"
//   T  sqlite3_column_text; "" is "(empty)", every byte outside 0x20–0x7E becomes '@'
//   NULL is "NULL" in every column.
// The expected values were made by SQLite 3.47, so both engines are rendered with 3.47's
// rules here (its printf rounds the decimal value; reals print as text with 15 or 17
// digits), whatever the version of the sqlite3 CLI that computed them.
//
// A cell is {k, v}: k 0 NULL, 1 INTEGER (v: its decimal text), 2 REAL (v: a number),
// 3 TEXT (v: a string, or latin1: its bytes one char each), 4 BLOB (v: a Buffer) — the kinds of src/engine/sql-rows.ts.

export const NULL = 0
export const INTEGER = 1
export const REAL = 2
export const TEXT = 3
export const BLOB = 4

const I64_MAX = 9223372036854775807n
const I64_MIN = -9223372036854775808n

/** The rendered value of a cell in a column of type letter `t` ('I', 'R' or 'T'). */
export function render(t, cell) {
  if (cell.k === NULL) return 'NULL'
  if (t === 'I') return String(asInt32(cell))
  if (t === 'R') return printf3f(asDouble(cell))
  return printable(asText(cell))
}

/** sqlite3_column_int: the 64-bit value's low 32 bits, as a signed int. */
function asInt32(cell) {
  switch (cell.k) {
    case INTEGER:
      // Up to 15 digits a double holds it exactly; ToInt32 is the C cast's modulo 2^32.
      return cell.v.length <= 15 ? Number(cell.v) | 0 : Number(BigInt.asIntN(32, BigInt(cell.v)))
    case REAL:
      return realToInt64Low32(cell.v)
    default:
      return Number(BigInt.asIntN(32, atoi64(asText(cell))))
  }
}

/** doubleToInt64 (clamped at the i64 range, truncated toward zero), then (int). */
function realToInt64Low32(r) {
  if (Number.isNaN(r)) return 0
  if (r <= -(2 ** 63)) return 0 // i64 minimum: low 32 bits are 0
  if (r >= 2 ** 63) return -1 // i64 maximum: low 32 bits all ones
  // An integral double below 2^63 converts exactly; ToInt32 keeps the low 32 bits.
  return Math.trunc(r) | 0
}

/** sqlite3Atoi64 as sqlite3VdbeIntValue applies it to text: the leading integer, clamped. */
export function atoi64(s) {
  const m = /^[ \t\n\f\r\v]*([+-]?)0*(\d*)/.exec(s)
  if (!m || m[2] === '') return 0n
  const neg = m[1] === '-'
  const digits = m[2]
  if (digits.length > 19) return neg ? I64_MIN : I64_MAX
  const v = BigInt(digits)
  if (neg) return v > -I64_MIN ? I64_MIN : -v
  return v > I64_MAX ? I64_MAX : v
}

/** sqlite3_column_double. */
function asDouble(cell) {
  switch (cell.k) {
    case INTEGER:
      return Number(cell.v)
    case REAL:
      return cell.v
    default:
      return atof(asText(cell))
  }
}

/** sqlite3AtoF on text: the longest leading number, 0.0 when there is none. */
export function atof(s) {
  const m = /^[ \t\n\f\r\v]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s)
  return m ? Number(m[1]) : 0
}

/** sqlite3_column_text, as bytes in a latin1 string (one char per byte). */
function asText(cell) {
  switch (cell.k) {
    case INTEGER:
      return cell.v
    case REAL:
      return realText(cell.v)
    case TEXT:
      return cell.latin1 ?? Buffer.from(cell.v, 'utf8').toString('latin1')
    default:
      return cell.v.toString('latin1')
  }
}

/**
 * The T rendering: C string semantics (a NUL ends the value), "(empty)" for "", and
 * every byte that is not printable ASCII as '@' — one '@' per byte of a UTF-8 character.
 */
function printable(latin1) {
  const nul = latin1.indexOf('\0')
  const s = nul < 0 ? latin1 : latin1.slice(0, nul)
  if (s === '') return '(empty)'
  return /[^\x20-\x7e]/.test(s) ? s.replace(/[^\x20-\x7e]/g, '@') : s
}

/**
 * A real as SQLite (3.43+) prints it as text: 15 significant digits when they read back
 * as the same number, else 17; exponent form below 1e-4 and from 1e17 (the same rule as
 * format_real in native/core/src/sql/value.rs).
 */
export function realText(r) {
  if (Number.isNaN(r)) return ''
  if (!Number.isFinite(r)) return r > 0 ? 'Inf' : '-Inf'
  if (r === 0) return '0.0'
  const a = Math.abs(r)
  let sci = a.toExponential(14)
  if (Number(sci) !== a) sci = a.toExponential(16)
  const [mant, expText] = sci.split('e')
  const exp = Number(expText)
  let digits = mant.replace('.', '').replace(/0+$/, '')
  if (digits === '') digits = '0'
  const sign = r < 0 ? '-' : ''
  if (exp < -4 || exp >= 17) {
    const rest = digits.length > 1 ? digits.slice(1) : '0'
    return `${sign}${digits[0]}.${rest}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  const point = exp + 1
  if (digits.length <= point) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

/**
 * The exact decimal digits of a finite positive double and where its point goes:
 * value = 0.DIGITS × 10^dp. A double is m·2^e, so its expansion is finite.
 */
function exactDigits(r) {
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, r)
  const bits = buf.getBigUint64(0)
  const be = Number((bits >> 52n) & 0x7ffn)
  let m = bits & 0xfffffffffffffn
  let e
  if (be === 0) e = -1074
  else {
    m |= 1n << 52n
    e = be - 1075
  }
  let digits
  let frac = 0
  if (e >= 0) digits = (m << BigInt(e)).toString()
  else {
    // m / 2^k = m·5^k / 10^k
    digits = (m * 5n ** BigInt(-e)).toString()
    frac = -e
  }
  const dp = digits.length - frac
  const trimmed = digits.replace(/0+$/, '')
  // Leading zeros only arise for values below 1; the point moves past them.
  const lead = trimmed.length - trimmed.replace(/^0+/, '').length
  return {z: trimmed.slice(lead), dp: dp - lead}
}

/**
 * SQLite 3.47's "%.3f" (sqlite3_str_vappendf with sqlite3FpDecode(iRound = -3,
 * mxRound = 16)): the decimal value rounded half up at 3 decimals or at 16 significant
 * digits, whichever comes first, then padded with zeros.
 */
export function printf3f(r) {
  if (Number.isNaN(r)) return 'NaN'
  if (!Number.isFinite(r)) return r > 0 ? 'Inf' : '-Inf'
  const sign = r < 0 ? '-' : ''
  if (r === 0) return '0.000'
  let {z, dp} = exactDigits(Math.abs(r))
  let round = dp + 3
  if (round === 0 && z[0] >= '5') {
    // Below 0.001 but at least 0.0005: a leading 0 digit to round up into.
    z = `0${z}`
    dp++
    round = 1
  }
  if (round > 0 && (round < z.length || z.length > 16)) {
    if (round > 16) round = 16
    const up = z[round] >= '5'
    z = z.slice(0, round)
    if (up) {
      const d = [...z]
      let j = round - 1
      for (;;) {
        if (d[j] !== '9') {
          d[j] = String.fromCharCode(d[j].charCodeAt(0) + 1)
          break
        }
        d[j] = '0'
        if (j === 0) {
          d.unshift('1')
          dp++
          break
        }
        j--
      }
      z = d.join('')
    }
  }
  z = z.replace(/0+$/, '')
  // Digits before the point (zeros past the significant ones), then three after it.
  let out = dp <= 0 ? '0' : ''
  let j = 0
  for (let k = 0; k < dp; k++) out += j < z.length ? z[j++] : '0'
  out += '.'
  let p = 3
  for (let k = dp; k < 0 && p > 0; k++, p--) out += '0'
  for (; p > 0; p--) out += j < z.length ? z[j++] : '0'
  return sign + out
}
