// Raw kv bench samples → the markdown table: median [min–max] of each figure, its ratio
// to the target, and what limits it.
import {loadSentence} from '../lib/load.mjs'

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return {median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1)}
}
const fmt = (x, digits = 2) => x.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits})
const range = (st, f) => `${f(st.median)} [${f(st.min)}–${f(st.max)}]`
const int = (x) => Math.round(x).toLocaleString('en-US')
const mb = (x) => fmt(x / 1e6, 1)

export function render(raw) {
  const {env, cfg, samples} = raw
  const n = cfg.rows
  const col = (f) => stats(samples.map(f))
  const oursImport = col((s) => n / s.ours_import_s)
  const sqliteImport = col((s) => n / s.sqlite_import_s)
  const importRatio = col((s) => s.sqlite_import_s / s.ours_import_s)
  const scan = col((s) => n / s.ours_scan_s)
  const scanNoStart = col((s) => (s.ours_scan_s > s.ours_scan_startup_s ? n / (s.ours_scan_s - s.ours_scan_startup_s) : Number.NaN))
  const sqliteScan = col((s) => n / s.sqlite_scan_s)
  const scanMerge = col((s) => (n + 1) / s.ours_scan_merge_s)
  const segments = (k) => [...new Set(samples.map((s) => s[k]))].join('/')
  const size = col((s) => s.ours_bytes / s.sqlite_bytes)
  const get = col((s) => s.get_s)
  const node0 = col((s) => s.node0_s)
  const getRatio = col((s) => s.get_s / s.node0_s)
  const ok = (pass) => (pass ? 'met' : '**not met**')
  return `# kv store vs SQLite

${n.toLocaleString('en-US')} seeded records (16-byte hex keys in random order, 100-byte values), whole processes,
median [min–max] of ${cfg.reps} repetitions. Run: \`npm run bench:kv\` (${env.date}).

Machine: ${env.cpu}, ${env.cores} cores, ${env.mem_gb} GB; Node ${env.node}; SQLite ${env.sqlite};
${loadSentence(env)}

| figure | ours | SQLite | ratio | target | |
|---|---|---|---|---|---|
| import, rows/s | ${range(oursImport, int)} | ${range(sqliteImport, int)} | ${range(importRatio, fmt)} × | ≥ 1.0 × SQLite | ${ok(importRatio.median >= 1)} |
| full scan, rows/s (whole process) | ${range(scan, int)} | ${range(sqliteScan, int)} | | ≥ 2,000,000 | ${ok(scan.median >= 2e6)} |
| full scan, rows/s (less start-up) | ${range(scanNoStart, int)} | | | | |
| full scan, rows/s, ${segments('merge_segments')} segments merged | ${range(scanMerge, int)} | | | (for reference) | |
| size on disk, MB | ${range(col((s) => s.ours_bytes), mb)} | ${range(col((s) => s.sqlite_bytes), mb)} | ${range(size, fmt)} × | ≤ 1.3 × SQLite | ${ok(size.median <= 1.3)} |
| one \`kv get\`, s | ${range(get, (x) => fmt(x, 3))} | \`node -e 0\`: ${range(node0, (x) => fmt(x, 3))} | ${range(getRatio, fmt)} × | ≤ 2.5 × \`node -e 0\` | ${ok(getRatio.median <= 2.5)} |

What is measured, and what limits each figure:

- **import**: \`kv import --db D -i records.jsonl --quiet\` (default \`--sync normal\`, batches of 10,000, ending with a
  checkpoint that fsyncs the segments and the manifest, and, since the import created the database, a compaction
  into one segment: ${segments('ours_segments')} segment(s) after it, where the automatic checkpoints had left several) against \`sqlite3\` with \`PRAGMA synchronous=FULL\`, a
  \`WITHOUT ROWID\` table keyed on \`key\` and one \`.import\` of the same rows as CSV (one transaction). Ours is
  bound by parsing JSON lines on the main thread (one core) and sorting the random keys in the memtable;
  SQLite by inserting random keys into a B-tree.
- **full scan**: \`kv scan --db D --format tsv > /dev/null\`, the real output path (not a count): the merge of the
  segments in Rust, the chunk crossing into JS, and the write to stdout. Plain-text chunks go to stdout as Rust
  packed them. The figure includes process start-up (oclif and the addon), which at 1 M rows is a large share:
  the second line subtracts the time of the same command with \`--limit 1\`. The compacted database is one source:
  entries go from the memory-mapped blocks into a reused 4 MiB buffer, which is written to stdout as it is. The
  third line scans the same rows imported into a database that already held a key (so the import ends with a
  checkpoint only): a heap merge of that many segments. SQLite's is \`sqlite3 db "SELECT key,
  value FROM kv" > /dev/null\`, for reference.
- **size**: all files in our database directory (the segment after the import's compaction; the WAL is then empty)
  against the SQLite file. Keys are prefix-compressed within 4 KiB blocks; values are not compressed; a bloom filter
  adds 10 bits a key.
- **kv get**: one \`kv get --db D KEY > /dev/null\` process (read-only open: manifest, memory-mapped segments, an
  empty WAL), median of ${cfg.getSamples} per repetition, interleaved with \`node -e 0\`. Almost all of it is Node and
  oclif start-up; the store's open and lookup take about a millisecond.
`
}
