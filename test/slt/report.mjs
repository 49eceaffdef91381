// The Markdown report of a run: totals, pass rate per folder and per file, and the
// failures grouped by the first line of their message ("wrong result" for a query that
// ran and gave other values), largest groups first, one example each.

const pct = (p, n) => (n ? `${((100 * p) / n).toFixed(2)} %` : '–')
const num = (n) => n.toLocaleString('en-US')
/** A table cell: no pipes or line breaks. */
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')

function folderOf(name) {
  const i = name.lastIndexOf('/')
  return i < 0 ? '(top)' : name.slice(0, i)
}

function add(to, r) {
  to.files++
  to.run += r.run
  to.passed += r.passed
  to.failed += r.failed
  to.skipped += r.skipped
  if (r.error) to.errors++
}

const zero = () => ({files: 0, run: 0, passed: 0, failed: 0, skipped: 0, errors: 0})

function countsTable(rows, first, files = true) {
  const f = (s) => (files ? s : '')
  const out = [`| ${first} |${f(' files |')} records run | passed | failed | skipped | pass rate |`, `|---|${f('--:|')}--:|--:|--:|--:|--:|`]
  for (const [k, c] of rows) out.push(`| ${cell(k)} |${f(` ${c.files} |`)} ${num(c.run)} | ${num(c.passed)} | ${num(c.failed)} | ${num(c.skipped)} | ${pct(c.passed, c.run)} |`)
  return out.join('\n')
}

/**
 * The group a failure's message falls in: its first line without what varies from
 * record to record — positions, numbers, the names of tables and columns, the text of
 * an unsupported statement past its first two words — so one missing feature is one
 * group. The example keeps the message as it was.
 */
export function groupKey(msg) {
  return msg
    .replace(/,? (?:at )?Line: \d+, Column: \d+/g, '')
    .replace(/ at line \d+, column \d+/g, '')
    .replace(/^(not supported: the statement \S+ \S+) .*/, '$1 …')
    .replace(/^(not supported: the FROM item) .*/, '$1 …')
    .replace(/(no such (?:table|column|index|view|trigger)): .*/, '$1: …')
    .replace(/\b(table|index|view|trigger) \S+ (already exists)/, '$1 … $2')
    .replace(/(found: )[a-z_][\w$]*/g, '$1<name>')
    .replace(/\b\d+\b/g, 'N')
}

/** Failure groups: [{msg, count, example: {file, line, msg, sql, detail}}], largest first. */
export function groupFailures(results) {
  const groups = new Map()
  for (const r of results) {
    for (const f of r.failures) {
      const key = groupKey(f.msg)
      let g = groups.get(key)
      if (!g) groups.set(key, (g = {msg: key, count: 0, files: new Set(), example: {file: r.name, line: f.line, msg: f.msg, sql: f.sql, detail: f.detail}}))
      g.count++
      g.files.add(r.name)
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.msg < b.msg ? -1 : 1))
}

export function renderReport(results, meta, {topGroups = 40, perFile = true} = {}) {
  const total = zero()
  const folders = new Map()
  for (const r of results) {
    add(total, r)
    const f = folderOf(r.name)
    if (!folders.has(f)) folders.set(f, zero())
    add(folders.get(f), r)
  }
  const lines = []
  lines.push(`# ${meta.title ?? `sqllogictest: ${meta.engine}`}`, '')
  if (meta.note) lines.push(meta.note, '')
  lines.push(
    `Engine \`${meta.engine}\`${meta.engine === 'ours' ? ' (the native addon, one fresh store per file, one `sqlRun` per record)' : ' (the sqlite3 CLI: the runner\'s self-check)'}; ` +
      `${results.length} files from ${meta.inputs.map((i) => `\`${i}\``).join(', ')}; ${meta.jobs} job(s), ${meta.timeout} s per record; ` +
      `${meta.seconds.toFixed(0)} s on ${meta.cpus} cores, Node ${meta.node}, ${meta.date}.`,
    '',
  )
  lines.push(`**${num(total.passed)} of ${num(total.run)} records passed (${pct(total.passed, total.run)})**; ${num(total.failed)} failed, ${num(total.skipped)} skipped (skipif/onlyif)${total.errors ? `, ${total.errors} file(s) could not be run to the end` : ''}.`, '')
  lines.push('A record is a `statement` or a `query`; it passes when the statement succeeds or fails as the file says, or the query\'s rendered values (or their MD5) match. Reproduce: `npm run slt -- --engine ' + meta.engine + ' …` (test/slt/README.md).', '')
  lines.push('## By folder', '', countsTable([...folders.entries()], 'folder'), '')
  const groups = groupFailures(results)
  if (groups.length > 0) {
    lines.push(`## Failures by message (${groups.length} groups${groups.length > topGroups ? `, the first ${topGroups}` : ''})`, '')
    lines.push('Grouped by the first line of the message with positions, numbers (N) and names (…) taken out; "wrong result" is a query that ran and gave other values. The example is the first failure of the group, with its own message when that differs.', '')
    lines.push('| # | count | files | message | example |', '|--:|--:|--:|---|---|')
    groups.slice(0, topGroups).forEach((g, k) => {
      const ex = g.example
      const sql = ex.sql ? ` \`${cell(ex.sql).replace(/`/g, "'").slice(0, 160)}\`` : ''
      const detail = [ex.msg !== g.msg ? ex.msg : '', ex.detail ?? ''].filter(Boolean).map((d) => ` — ${cell(d).slice(0, 160)}`).join('')
      lines.push(`| ${k + 1} | ${num(g.count)} | ${g.files.size} | ${cell(g.msg).slice(0, 200)} | ${cell(ex.file)}:${ex.line}${sql}${detail} |`)
    })
    lines.push('')
  }
  const errored = results.filter((r) => r.error)
  if (errored.length > 0) {
    lines.push('## Files not run to the end', '')
    for (const r of errored) lines.push(`- ${r.name}: ${cell(r.error.split('\n')[0])}`)
    lines.push('')
  }
  if (perFile) {
    lines.push('## By file', '', countsTable(results.map((r) => [r.name, r]), 'file', false), '')
  }
  return `${lines.join('\n')}\n`
}
