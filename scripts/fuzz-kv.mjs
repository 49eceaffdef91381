// The kv import target of `npm run fuzz` (scripts/fuzz.mjs runs it as it runs the Rust
// fuzzer, and speaks the same protocol): JSONL and CSV files grown from seeds, valid
// records mutated line by line, imported in-process through the engine's kvImport (the
// entry `kv import` calls); every 25th case also through `bin/run.js kv import`, whose
// exit code must be 0, 3 (invalid input), 4 or 7. An error the engine maps to INTERNAL
// (exit 1) is a finding; a crash or hang of this process is found by the supervisor.
//
//   node scripts/fuzz-kv.mjs run --target kv --work DIR --findings DIR [--seed S] [--seconds N]
//   node scripts/fuzz-kv.mjs replay --target kv --seed S [--work DIR]

import {spawnSync} from 'node:child_process'
import {copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const {kvImport} = await import(join(root, 'dist/engine/kv-import.js'))
const {silentProgress} = await import(join(root, 'dist/engine/progress.js'))
const {toSochError} = await import(join(root, 'dist/engine/errors.js'))

const [mode = 'run', ...rest] = process.argv.slice(2)
const args = {work: join(tmpdir(), `sochdb-fuzz-kv-${process.pid}`), findings: 'target/fuzz/findings', seed: 0, seconds: Infinity}
for (let i = 0; i + 1 < rest.length; i += 2) args[rest[i].slice(2)] = rest[i + 1]
const seconds = Number(args.seconds)
let seed = Number(args.seed)

/** mulberry32: one seed, one case. */
function rng(s) {
  let a = (s ^ 0x9e3779b9) >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const below = (n) => Math.floor(next() * n)
  return {below, oneIn: (n) => below(n) === 0, pick: (xs) => xs[below(xs.length)]}
}

const TEXTS = ['a', 'k1', '', ' ', 'ü☃😀', '\u0000', '\ud800', 'x'.repeat(300), '"', '\\', ',', '\n', 'a,b', '__proto__', 'constructor', '\uFEFF']
const JSON_VALUES = ['"v"', '1', '-0', '1e400', '123456789012345678901234567890', 'null', 'true', '[]', '{}', '[1,{"a":[null]}]', '"\\ud800"', '"\\u0000"', '{"__proto__":1}']

function jsonLine(r, keyField) {
  const s = () => JSON.stringify(r.pick(TEXTS))
  if (keyField) {
    const fields = [`"${keyField}": ${r.oneIn(5) ? r.pick(JSON_VALUES) : s()}`, `"other": ${r.pick(JSON_VALUES)}`]
    if (r.oneIn(6)) fields.pop()
    return `{${fields.join(', ')}}`
  }
  const parts = []
  if (!r.oneIn(12)) parts.push(r.oneIn(6) ? `"key_b64": "${r.pick(['AA==', '/w==', '_-8', '!!', '', 'YQ', 'YWJj'])}"` : `"key": ${r.oneIn(8) ? r.pick(JSON_VALUES) : s()}`)
  if (!r.oneIn(12)) parts.push(r.oneIn(6) ? `"value_b64": "${r.pick(['AA==', '/w==', '', '=', 'YQ'])}"` : `"value": ${r.oneIn(2) ? r.pick(JSON_VALUES) : s()}`)
  if (r.oneIn(10)) parts.push(`"key": "dup"`)
  return `{${parts.join(', ')}}`
}

function csvField(r) {
  const t = r.pick(TEXTS)
  if (r.oneIn(2) || /[",\n\r]/.test(t)) return `"${t.replaceAll('"', r.oneIn(10) ? '"' : '""')}"`
  return t
}

function mutateLine(r, line) {
  const b = Buffer.from(line)
  switch (r.below(8)) {
    case 0: return b.subarray(0, r.below(b.length + 1))
    case 1: if (b.length) b[r.below(b.length)] ^= 1 << r.below(8); return b
    case 2: return Buffer.concat([b, Buffer.from([r.pick([0xff, 0xc3, 0xe2, 0x80, 0x0d, 0x00])])])
    case 3: return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b])
    case 4: return Buffer.from('['.repeat(r.below(20000)) + line)
    case 5: return Buffer.from(line + '\r')
    case 6: return Buffer.from('')
    default: return Buffer.from(line.repeat(r.below(3) + 1))
  }
}

/** A case: the input file's bytes and the import's options. */
function generate(s) {
  const r = rng(s)
  const csv = r.oneIn(2)
  const keyField = r.oneIn(4) ? r.pick(['id', 'key', 'k', 'other', '']) : undefined
  const lines = []
  if (csv) {
    const header = keyField ? [keyField, 'other'] : ['key', 'value']
    if (r.oneIn(5)) header.push(r.pick(['value', 'key', 'x', '']))
    if (r.oneIn(6)) header.reverse()
    lines.push(header.map((h) => (r.oneIn(4) ? `"${h}"` : h)).join(','))
    for (let i = r.below(30); i > 0; i--) {
      const n = r.oneIn(8) ? r.below(5) : header.length
      lines.push(Array.from({length: n}, () => csvField(r)).join(','))
    }
  } else {
    for (let i = r.below(30); i > 0; i--) lines.push(jsonLine(r, keyField))
  }
  const bufs = lines.map((l) => (r.oneIn(6) ? mutateLine(r, l) : Buffer.from(l)))
  if (r.oneIn(300)) bufs.push(Buffer.from(`{"key": "big", "value": "${'v'.repeat(5 << 20)}"}`))
  const eol = r.oneIn(5) ? '\r\n' : '\n'
  let data = Buffer.concat(bufs.flatMap((b) => [b, Buffer.from(eol)]))
  if (r.oneIn(4)) data = data.subarray(0, data.length - eol.length) // no final newline
  const ext = r.oneIn(8) ? 'txt' : csv ? 'csv' : 'jsonl'
  const format = r.oneIn(3) ? 'auto' : r.oneIn(8) ? (csv ? 'jsonl' : 'csv') : csv ? 'csv' : 'jsonl'
  return {data, ext, format, keyField, batchSize: 1 + r.below(r.oneIn(2) ? 4 : 50), atomic: r.oneIn(3), system: r.oneIn(4), e2e: s % 25 === 0}
}

const ALLOWED_EXITS = new Set([0, 3, 4, 7])

async function one(s) {
  const c = generate(s)
  const scratch = join(args.work, 'case')
  rmSync(scratch, {recursive: true, force: true})
  mkdirSync(scratch, {recursive: true})
  const input = join(scratch, `in.${c.ext}`)
  writeFileSync(input, c.data)
  writeFileSync(join(args.work, 'current.input'), c.data)
  const db = join(scratch, 'db')
  const opts = {db, sync: 'off', waitMs: 0, input, format: c.format, keyField: c.keyField, batchSize: c.batchSize, atomic: c.atomic, system: c.system}
  let finding = null
  try {
    await kvImport(opts, silentProgress)
  } catch (error) {
    const e = toSochError(error)
    if (mode === 'replay') console.log(`kvImport: [${e.code}] ${e.message.slice(0, 500)}`)
    if (e.code === 'INTERNAL') finding = ['internal', e.message]
  }
  if (c.e2e || mode === 'replay') {
    const argv = ['kv', 'import', '--db', join(scratch, 'db2'), '--input', input, '--input-format', c.format, '--batch-size', String(c.batchSize), '--quiet']
    if (c.keyField !== undefined) argv.push('--key-field', c.keyField)
    if (c.atomic) argv.push('--atomic')
    if (c.system) argv.push('--system')
    const p = spawnSync(process.execPath, [join(root, 'bin/run.js'), ...argv], {encoding: 'utf8', timeout: 60_000})
    if (mode === 'replay') console.log(`bin/run.js ${argv.join(' ')}: exit ${p.status} ${p.signal ?? ''}\n${p.stderr}`)
    if (p.signal || !ALLOWED_EXITS.has(p.status)) finding ??= ['exit', `bin/run.js ${argv.join(' ')}: exit ${p.status} signal ${p.signal}\n${p.stderr}`]
  }
  return finding
}

// CPU of this process and of the bin/run.js children it waited for (/proc: utime,
// stime, cutime, cstime in ticks of 10 ms); Node's own count where there is no /proc.
const cpuMs = () => {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) * 10
  } catch {
    const u = process.cpuUsage()
    return Math.round((u.user + u.system) / 1000)
  }
}

mkdirSync(args.work, {recursive: true})
if (mode === 'replay') {
  const f = await one(seed)
  console.log(f ? `FINDING ${f[0]}: ${f[1]}` : 'no finding')
  console.log(`input: ${join(args.work, 'current.input')}`)
  process.exit(f ? 2 : 0)
}
mkdirSync(args.findings, {recursive: true})
const started = performance.now()
let cases = 0
let lastTick = 0
while ((performance.now() - started) / 1000 < seconds) {
  writeFileSync(join(args.work, 'current'), `kv ${seed}\n`)
  const f = await one(seed)
  if (f) {
    const name = `kv-${seed}`
    writeFileSync(join(args.findings, `${name}.txt`), `target: kv\nseed: ${seed}\nkind: ${f[0]}\nreplay: node scripts/fuzz-kv.mjs replay --target kv --seed ${seed}\n\n${f[1]}\n`)
    copyFileSync(join(args.work, 'current.input'), join(args.findings, `${name}.input`))
    console.log(`finding kv ${seed} ${f[0]} ${name} ${f[1].split('\n')[0]}`)
  }
  cases++
  seed++
  if (performance.now() - lastTick >= 250) {
    lastTick = performance.now()
    console.log(`tick kv ${cases} ${seed} ${cpuMs()}`)
  }
}
console.log(`done kv ${cases} ${seed} ${cpuMs()}`)
