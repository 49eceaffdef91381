// A TOON reader for the tests, written from README's rules and independent of the writer
// (src/cli/toon.ts): `name[N]{fields}:row;row`, fields by `,`; bare fields are taken as
// they are (empty: null); quoted ones undo `""`, `\\`, `\n`, `\r`, `\t` and `\uXXXX`.
// Anything else (a raw control character, a stray quote or backslash) is an error.

export interface ToonTable {
  name: string
  count: number
  fields: Array<string | null>
  rows: Array<Array<string | null>>
}

const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f

export function readToon(line: string): ToonTable {
  let i = 0
  const fail = (what: string): never => {
    throw new Error(`TOON: ${what} at ${i} in ${JSON.stringify(line.slice(Math.max(0, i - 20), i + 20))}`)
  }
  const expect = (c: string) => (line[i] === c ? i++ : fail(`expected ${c}`))

  function field(stops: string): string | null {
    if (line[i] !== '"') {
      const start = i
      while (i < line.length && !stops.includes(line[i]!)) {
        if (line[i] === '"' || line[i] === '\\' || isControl(line[i]!)) fail('a bare field holds a quote, backslash or control character')
        i++
      }
      return i === start ? null : line.slice(start, i)
    }
    i++
    let v = ''
    for (;;) {
      const c = line[i++]
      if (c === undefined) fail('unterminated quoted field')
      if (c === '"') {
        if (line[i] !== '"') return v
        v += '"'
        i++
      } else if (c === '\\') {
        const e = line[i++]
        if (e === '\\') v += '\\'
        else if (e === 'n') v += '\n'
        else if (e === 'r') v += '\r'
        else if (e === 't') v += '\t'
        else if (e === 'u' && /^[0-9a-f]{4}$/.test(line.slice(i, i + 4))) {
          v += String.fromCharCode(parseInt(line.slice(i, i + 4), 16))
          i += 4
        } else fail(`unknown escape \\${e}`)
      } else if (isControl(c!)) {
        fail('a raw control character in a quoted field')
      } else v += c
    }
  }

  const bracket = line.indexOf('[')
  const name = line.slice(0, bracket)
  i = bracket + 1
  const close = line.indexOf(']', i)
  const count = Number(line.slice(i, close))
  i = close + 1
  expect('{')
  const fields: Array<string | null> = []
  if (line[i] !== '}') {
    for (;;) {
      fields.push(field(',}'))
      if (line[i] === ',') i++
      else break
    }
  }
  expect('}')
  expect(':')
  const rows: Array<Array<string | null>> = []
  // The header's count tells `x[0]{a}:` (no rows) from `x[1]{a}:` (one row, a NULL).
  if (count > 0) {
    let row: Array<string | null> = []
    for (;;) {
      row.push(field(',;'))
      if (line[i] === ',') i++
      else if (line[i] === ';') {
        rows.push(row)
        row = []
        i++
      } else break
    }
    rows.push(row)
  }
  if (i !== line.length) fail('trailing text')
  if (rows.length !== count) fail(`${rows.length} rows where the header says ${count}`)
  return {name, count, fields, rows}
}
