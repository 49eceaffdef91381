// `-` is stdin for an input and stdout for an output, in every command (DESIGN.md).
// Where the Rust side needs a real file (mapped inputs, renamed outputs) the CLI goes
// through a scratch file in os.tmpdir(): TMPDIR points each run at a directory of its
// own here, so the tests can see that nothing is left behind. query: query-output.test.ts.

import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {bin, root, runCli, type Run} from '../helpers/cli.js'
import {clustered, tempDir, writeNpy} from '../helpers/data.js'
import {freshDb, kv, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())
const fixture = (name: string) => path.join(root, 'fixtures', 'vectors', name)

const n = 300
const d = 8
const input = writeNpy(t.file('base.npy'), clustered(n, d, 11), [n, d])
const fixed = ['--threads', '1', '--seed', '9', '--quiet']

let runs = 0
/** A run whose os.tmpdir() is a fresh directory, checked empty afterwards. */
function run(args: string[], stdin?: Buffer | string): Run {
  const tmp = t.file(`tmp-${++runs}`)
  mkdirSync(tmp)
  const r = runCli(args, {input: stdin, env: {TMPDIR: tmp}})
  expect(readdirSync(tmp), `scratch files left in ${tmp}`).toEqual([])
  return r
}

describe('build-index', () => {
  const reference = t.file('ref.hnsw')
  it('-o - writes the index to stdout, the summary to stderr', () => {
    expect(run(['build-index', '-i', input, '-o', reference, ...fixed]).code).toBe(0)
    const r = run(['build-index', '-i', input, '-o', '-', ...fixed])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdoutBytes.equals(readFileSync(reference))).toBe(true)
    expect(r.stderr).toMatch(/Built -: 300 vectors/)
  })

  it('-i - reads the vectors from stdin', () => {
    const out = t.file('stdin.hnsw')
    const r = run(['build-index', '-i', '-', '-o', out, ...fixed], readFileSync(input))
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(out).equals(readFileSync(reference))).toBe(true)
  })

  it('raw f32 on stdin needs its format and dimension; errors name stdin, not a scratch file', () => {
    const raw = readFileSync(fixture('raw_7x5.f32'))
    const bare = run(['build-index', '-i', '-', '-o', t.file('raw.hnsw'), '-d', '5'], raw)
    expect(bare.code).toBe(3)
    expect(bare.stderr).toMatch(/- \(stdin\)/)
    expect(bare.stderr).not.toContain(t.dir)
    const r = run(['build-index', '-i', '-', '-o', t.file('raw.hnsw'), '-d', '5', '--input-format', 'raw_f32', '--json'], raw)
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({vectors: 7, dimension: 5})
  })

  it('-o - with --json → 2: stdout holds one of them only', () => {
    const r = run(['build-index', '-i', input, '-o', '-', '--json'])
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout).error.message).toMatch(/--output -.*--json/)
  })
})

// `script` gives the command a terminal for stdout, as in an interactive shell.
const hasScript = spawnSync('script', ['--version']).status === 0
it.skipIf(!hasScript).each([
  ['build-index', ['build-index', '-i', input, '-o', '-']],
  ['convert', ['convert', '-i', input, '-o', '-', '--format', 'npy']],
])('%s -o - refuses a terminal: exit 2, nothing written', (_name, argv) => {
  const command = [process.execPath, bin, ...argv].map((a) => `'${a}'`).join(' ')
  const r = spawnSync('script', ['-qec', command, '/dev/null'], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  expect(r.status).toBe(2)
  expect(r.stdout).toMatch(/stdout, which is a terminal/)
})

describe('convert', () => {
  it('-i - -o - streams stdin to stdout', () => {
    const r = run(['convert', '-i', '-', '-o', '-', '--format', 'raw_f32'], readFileSync(fixture('f32_c.npy')))
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdoutBytes.equals(readFileSync(fixture('raw_7x5.f32')))).toBe(true)
    expect(r.stderr).toMatch(/Converted - \(npy\) → - \(raw_f32\)/)
  })

  it('-o - from a file, --input-format for raw on stdin', () => {
    const toStdout = run(['convert', '-i', fixture('raw_7x5.f32'), '-d', '5', '-o', '-', '--format', 'npy'])
    expect(toStdout.code, toStdout.stderr).toBe(0)
    expect(toStdout.stdoutBytes.equals(readFileSync(fixture('f32_c.npy')))).toBe(true)
    const out = t.file('from-stdin.npy')
    const r = run(['convert', '-i', '-', '--input-format', 'raw_f32', '-d', '5', '-o', out, '--format', 'npy'], readFileSync(fixture('raw_7x5.f32')))
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(out).equals(readFileSync(fixture('f32_c.npy')))).toBe(true)
  })
})

describe('kv', () => {
  it('export --output - writes the JSONL to stdout; import --input - reads it back', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'import', '-i', writeRecords(t.file('r.jsonl'), 50), '--quiet']).code).toBe(0)
    const file = t.file('export.jsonl')
    expect(kv(db, ['kv', 'export', '-o', file, '--quiet']).code).toBe(0)
    const r = kv(db, ['kv', 'export', '--output', '-'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe(readFileSync(file, 'utf8'))
    expect(r.stderr).toMatch(/Exported 50 entries to -/)
    expect(existsSync(path.join(root, '-'))).toBe(false)

    const copy = freshDb(t)
    const imported = run(['kv', 'import', '--input', '-', '--db', copy, '--json'], r.stdout)
    expect(imported.code, imported.stderr).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({rows: 50, input: '-'})
    expect(kv(copy, ['kv', 'export', '-o', '-']).stdout).toBe(r.stdout)
  })

  it('export -o - with --json → 2', () => {
    const db = freshDb(t)
    writeFileSync(t.file('one.jsonl'), '{"key":"a","value":"b"}\n')
    expect(kv(db, ['kv', 'import', '-i', t.file('one.jsonl'), '--quiet']).code).toBe(0)
    expect(kv(db, ['kv', 'export', '-o', '-', '--json']).code).toBe(2)
  })
})
