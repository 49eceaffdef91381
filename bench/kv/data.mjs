// Seeded records for the kv benchmark: N rows of a 16-byte key and a 100-byte value,
// keys in random order (16 hex digits of a seeded PRNG, so no sorted-input shortcut),
// written once as JSONL (for us) and as header-less CSV (for sqlite3 `.import`).
import fs from 'node:fs'
import path from 'node:path'

/** mulberry32, as in test/helpers/data.ts. */
export function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Writes records.jsonl and records.csv under `dir` unless they exist for these parameters; returns their paths and one sample key. */
export function ensureData(dir, rows, seed) {
  fs.mkdirSync(dir, {recursive: true})
  const stamp = path.join(dir, 'params.json')
  const files = {jsonl: path.join(dir, 'records.jsonl'), csv: path.join(dir, 'records.csv'), stamp}
  const want = JSON.stringify({rows, seed, version: 1})
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return {...files, ...JSON.parse(fs.readFileSync(path.join(dir, 'sample.json'), 'utf8'))}
  const next = rng(seed)
  const jsonl = fs.openSync(files.jsonl, 'w')
  const csv = fs.openSync(files.csv, 'w')
  const seen = new Set()
  let j = ''
  let c = ''
  let sample = ''
  for (let i = 0; i < rows; i++) {
    let key
    do key = next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0')
    while (seen.has(key))
    seen.add(key)
    let value = ''
    for (let k = 0; k < 100; k++) value += ALNUM[next() % ALNUM.length]
    if (i === rows >> 1) sample = key
    j += `{"key":"${key}","value":"${value}"}\n`
    c += `${key},${value}\n`
    if (j.length > 1 << 22) {
      fs.writeSync(jsonl, j)
      fs.writeSync(csv, c)
      j = c = ''
    }
  }
  fs.writeSync(jsonl, j)
  fs.writeSync(csv, c)
  fs.closeSync(jsonl)
  fs.closeSync(csv)
  fs.writeFileSync(path.join(dir, 'sample.json'), JSON.stringify({sampleKey: sample}))
  fs.writeFileSync(stamp, want)
  return {...files, sampleKey: sample}
}
