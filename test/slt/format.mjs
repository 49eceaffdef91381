// The sqllogictest script format, read as sqllogictest.c reads it (the repository
// gregrahn/sqllogictest, src/sqllogictest.c is the definition): records separated by
// blank lines, `#` lines dropped wherever they are, a line of spaces is blank, a
// trailing \r removed. Each record keeps the line it starts on (its `skipif`/`onlyif`
// lines included) so failures can be reported as file:line.

/** @typedef {{type: 'skipif' | 'onlyif', engine: string}} Condition */
/**
 * @typedef {{kind: 'statement', line: number, conditions: Condition[], expect: string, sql: string}
 *   | {kind: 'query', line: number, conditions: Condition[], types: string, sort: string, label: string, sql: string, expected: string[]}
 *   | {kind: 'hash-threshold', line: number, conditions: Condition[], value: number}
 *   | {kind: 'halt', line: number, conditions: Condition[]}
 *   | {kind: 'unknown', line: number, conditions: Condition[], word: string}} SltRecord
 */

/** The lines of a script as sqllogictest sees them: comments gone, blank lines empty. */
function scriptLines(text) {
  const out = []
  const raw = text.split('\n')
  // A final newline does not start another line (nextLine stops at the end).
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop()
  for (let i = 0; i < raw.length; i++) {
    let s = raw[i]
    if (s.endsWith('\r')) s = s.slice(0, -1)
    if (/^\s*$/.test(s)) s = ''
    if (s.startsWith('#')) continue
    out.push({n: i + 1, s})
  }
  return out
}

/** sqllogictest's tokenizeLine: up to four whitespace-separated words. */
const words = (s) => s.trim().split(/\s+/).slice(0, 4)

/** Every record of a script, in order. */
export function parseScript(text) {
  const lines = scriptLines(text)
  /** @type {SltRecord[]} */
  const records = []
  let i = 0
  while (i < lines.length) {
    while (i < lines.length && lines[i].s === '') i++
    if (i >= lines.length) break
    const start = lines[i].n
    const conditions = []
    let w = words(lines[i].s)
    while ((w[0] === 'skipif' || w[0] === 'onlyif') && i + 1 < lines.length) {
      conditions.push({type: w[0], engine: w[1] ?? ''})
      i++
      w = words(lines[i].s)
    }
    i++
    // The body: lines up to the next blank one.
    const body = []
    while (i < lines.length && lines[i].s !== '') body.push(lines[i++].s)
    if (w[0] === 'statement') {
      records.push({kind: 'statement', line: start, conditions, expect: w[1] ?? '', sql: body.join('\n')})
    } else if (w[0] === 'query') {
      const dash = body.indexOf('----')
      const sql = (dash < 0 ? body : body.slice(0, dash)).join('\n')
      const expected = dash < 0 ? [] : body.slice(dash + 1)
      records.push({kind: 'query', line: start, conditions, types: w[1] ?? '', sort: w[2] ?? '', label: w[3] ?? '', sql, expected})
    } else if (w[0] === 'hash-threshold') {
      records.push({kind: 'hash-threshold', line: start, conditions, value: atoi(w[1] ?? '')})
    } else if (w[0] === 'halt') {
      records.push({kind: 'halt', line: start, conditions})
    } else {
      records.push({kind: 'unknown', line: start, conditions, word: w[0] ?? ''})
    }
  }
  return records
}

/** C's atoi: leading spaces, a sign, digits; 0 when there are none. */
function atoi(s) {
  const m = /^\s*([+-]?\d+)/.exec(s)
  return m ? Number.parseInt(m[1], 10) : 0
}

/** Whether a record runs on an engine named `engine` (sqllogictest compares without case). */
export function applies(record, engine) {
  let run = true
  for (const c of record.conditions) {
    const match = c.engine.toLowerCase() === engine.toLowerCase()
    if (c.type === 'skipif' ? match : !match) run = false
  }
  return run
}
