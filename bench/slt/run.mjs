#!/usr/bin/env node
// `npm run bench:slt`: the whole sqllogictest corpus (gregrahn/sqllogictest, 622 files,
// ~1 GB) through our engine with test/slt/run.mjs, reported in
// bench/results/slt-latest.md. The corpus is not in this repository; clone it first:
//   git clone --depth 1 https://github.com/gregrahn/sqllogictest bench/data/sqllogictest
// Options:
//   --corpus DIR   a checkout (or an unpacked sample) holding test/ (default bench/data/sqllogictest)
//   --out FILE     the report (default bench/results/slt-latest.md)
//   --jobs N       runner processes (default 1)      --timeout S   per record (default 30)
//   --engine E     ours (default) or sqlite3 (the runner's self-check)
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i < 0 ? dflt : argv[i + 1]
}
const corpus = path.resolve(repo, opt('corpus', 'bench/data/sqllogictest'))
const out = path.resolve(repo, opt('out', 'bench/results/slt-latest.md'))
const engine = opt('engine', 'ours')
const tests = path.join(corpus, 'test')
if (!fs.existsSync(tests)) {
  process.stderr.write(
    `bench:slt: no ${tests}. Get the corpus first:\n  git clone --depth 1 https://github.com/gregrahn/sqllogictest ${path.relative(repo, corpus) || corpus}\n`,
  )
  process.exit(2)
}

let count = 0
const walk = (d) => {
  for (const e of fs.readdirSync(d, {withFileTypes: true})) {
    if (e.isDirectory()) walk(path.join(d, e.name))
    else if (e.name.endsWith('.test')) count++
  }
}
walk(tests)
const full = count >= 622
const title = full ? `sqllogictest, whole corpus: ${engine}` : `sqllogictest, ${count} files of the corpus: ${engine}`
const note =
  `Corpus: \`${path.relative(repo, corpus) || corpus}/test\`, ${count} test files` +
  (full ? ' (the whole of gregrahn/sqllogictest).' : ' (gregrahn/sqllogictest has 622; files not present were not run).') +
  ' Run: `npm run bench:slt` (bench/slt/run.mjs; README: Benchmarks).'
const json = path.join(repo, 'bench', 'data', 'slt', `${path.basename(out, '.md')}.json`)
const p = spawnSync(
  process.execPath,
  [
    path.join(repo, 'test', 'slt', 'run.mjs'),
    ...['--engine', engine, '--jobs', opt('jobs', '1'), '--timeout', opt('timeout', '30')],
    ...['--report', out, '--json', json, '--title', title, '--note', note],
    tests,
  ],
  {stdio: 'inherit'},
)
process.exit(p.status ?? 1)
