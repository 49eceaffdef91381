// Raw sql bench samples → the markdown table: median [min–max] of each figure, the
// ratio to SQLite (or to `node -e 0` for point lookups), the target of issue 5 and
// whether it was met.
import {loadSentence} from '../lib/load.mjs'

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return {median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1)}
}
const fmt = (x, digits = 3) => x.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
const range = (st, digits) => `${fmt(st.median, digits)} [${fmt(st.min, digits)}–${fmt(st.max, digits)}]`
const ok = (pass) => (pass ? 'met' : '**not met**')

export function render(raw) {
  const {env, cfg, samples, queries, mismatches} = raw
  const col = (f) => stats(samples.map(f))
  const vsSqlite = (name, label, target) => {
    const o = col((s) => s[`ours_${name}_s`])
    const l = col((s) => s[`sqlite_${name}_s`])
    const r = col((s) => s[`ours_${name}_s`] / s[`sqlite_${name}_s`])
    return `| ${label} | ${range(o)} | ${range(l)} | ${range(r, 2)} × SQLite | ≤ ${target} × SQLite | ${ok(r.median <= target)} |`
  }
  const lookup = (name, label) => {
    const o = col((s) => s[`ours_${name}_s`])
    const l = col((s) => s[`sqlite_${name}_s`])
    const n0 = col((s) => s[`node0_${name}_s`])
    const r = col((s) => s[`ours_${name}_s`] / s[`node0_${name}_s`])
    return `| ${label} | ${range(o)} | ${range(l)} | ${range(r, 2)} × \`node -e 0\` (${fmt(n0.median)} s) | ≤ 2.5 × \`node -e 0\` | ${ok(r.median <= 2.5)} |`
  }
  const notTarget = (name, label) => {
    const o = col((s) => s[`ours_${name}_s`])
    const l = col((s) => s[`sqlite_${name}_s`])
    const r = col((s) => s[`ours_${name}_s`] / s[`sqlite_${name}_s`])
    return `| ${label} (not a target) | ${range(o)} | ${range(l)} | ${range(r, 2)} × SQLite | | |`
  }
  const rows = cfg.rows.toLocaleString('en-US')
  const joinRows = cfg.joinRows.toLocaleString('en-US')
  return `# sql vs SQLite

${rows} seeded rows in \`events\` and ${joinRows} in each of \`a\` and \`b\`, whole processes, seconds, median [min–max] of
${cfg.reps} repetitions (point lookups: the median of ${cfg.lookups} runs within each repetition). Run: \`npm run bench:sql\` (${env.date}).

Machine: ${env.cpu}, ${env.cores} cores, ${env.mem_gb} GB; Node ${env.node}; SQLite ${env.sqlite} (the \`sqlite3\` CLI);
${loadSentence(env)}

| figure | ours, s | SQLite, s | ratio | target | |
|---|---|---|---|---|---|
${vsSqlite('group_by', 'filtered GROUP BY aggregate (1 M-row scan)', 2)}
${lookup('pk_lookup', 'primary-key point lookup')}
${lookup('index_lookup', 'secondary-index point lookup')}
${vsSqlite('join', `join ${joinRows} × ${joinRows} on an indexed key`, 2)}
${vsSqlite('insert_select', `INSERT … SELECT of ${rows} rows`, 2)}
${'ours_insert_select_expr_s' in samples[0] ? `${notTarget('insert_select_expr', `INSERT … SELECT of ${rows} rows with a computed column`)}\n` : ''}| load (not a target): the script below | ${range(col((s) => s.ours_load_s))} (+ checkpoint ${range(col((s) => s.ours_checkpoint_s))}) | ${range(col((s) => s.sqlite_load_s))} | ${range(col((s) => s.ours_load_s / s.sqlite_load_s), 2)} × SQLite | | |

${mismatches.length === 0 ? 'Every query printed the same CSV (header and rows) on both sides.' : `**Outputs differed:**\n\n${mismatches.map((m) => `- ${m}`).join('\n')}`}

What is measured:

- Ours: \`sochdb-bulk sql --db D "<query>" --format csv > pipe\` (default \`--sync normal\`; the store is opened as the
  writer, as for every \`sql\` run). SQLite: \`sqlite3 -csv -header db.sqlite "<query>"\` (its defaults: rollback
  journal, \`synchronous=FULL\`). Whole processes, so Node, oclif and the addon's start-up are in every figure of ours;
  the point lookups are therefore held to the start-up bound of the store issue (≤ 2.5 × \`node -e 0\`, timed
  interleaved with them) rather than to SQLite's C start-up.
- Data: one seeded script (\`bench/sql/data.mjs\`, in \`bench/data/sql/\`), loaded by both sides as it is:
  \`sql --db D --file load.sql\` and \`sqlite3 db ".read load.sql"\`: \`BEGIN\`, multi-row INSERTs of 1,000 rows,
  \`CREATE INDEX events_code ON events (code)\`, \`CREATE INDEX b_a_id ON b (a_id)\`, \`COMMIT\`. Ours is then
  checkpointed (\`checkpoint --db D\`), as \`kv import\` does at its end, so later opens replay no log.
${'ours_insert_select_expr_s' in samples[0] ? `- INSERT … SELECT: \`SELECT *\` into a table of the same shape lets both sides copy each stored row as it is
  (SQLite's transfer optimization; ours copies the row's bytes under its new key); with a computed column both
  decode, convert and encode every row.
` : ''}- Queries:
${Object.entries(queries).map(([k, q]) => `  - ${k}: \`${q}\``).join('\n')}
`
}
