// One rule for format flags (README: flag conventions): --format is what a command
// writes, --input-format what it reads. The older spellings (SochDB's build-index
// -f/--format, convert's --to-format/--from-format, info's and kv import's --format)
// keep working as hidden aliases: scripts written against them must not break.

import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {root, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'
import {freshDb, kv} from '../helpers/store.js'

const fixture = (name: string) => path.join(root, 'fixtures', 'vectors', name)
const t = tempDir()
afterAll(() => t.cleanup())

// raw_7x5.f32 named .npy: only an explicit input format reads it right.
const disguised = t.file('raw.npy')
writeFileSync(disguised, readFileSync(fixture('raw_7x5.f32')))

describe('build-index', () => {
  it.each([
    [['--input-format', 'raw_f32']],
    [['--format', 'raw_f32']],
    [['--format=raw_f32']],
    [['-f', 'raw_f32']],
    [['-fraw_f32']],
  ])('%j reads the input as that format', (flag) => {
    const out = t.file(`b-${flag.join('')}.hnsw`)
    const r = runCli(['build-index', '-i', disguised, '-d', '5', '-o', out, '--json', ...flag])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({vectors: 7, dimension: 5})
  })

  it('a bad value names --input-format', () => {
    const r = runCli(['build-index', '-i', disguised, '-o', t.file('x.hnsw'), '-f', 'xml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--input-format/)
  })
})

describe('info --input', () => {
  it.each([[['--input-format', 'raw_f32']], [['--format', 'raw_f32']], [['-f', 'raw_f32']]])('%j', (flag) => {
    const r = runCli(['info', '--input', disguised, '-d', '5', '--json', ...flag])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({format: 'raw_f32', rows: 7, dimension: 5})
  })
})

describe('convert', () => {
  it.each([
    [['--format', 'npy', '--input-format', 'raw_f32']],
    [['--to-format', 'npy', '--from-format', 'raw_f32']],
    [['--format', 'npy', '--from-format', 'raw_f32']],
  ])('%j', (flags) => {
    const out = t.file(`c-${flags.join('')}.npy`)
    const r = runCli(['convert', '-i', disguised, '-d', '5', '-o', out, ...flags])
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(out).equals(readFileSync(fixture('f32_c.npy')))).toBe(true)
  })
})

describe('kv import', () => {
  it.each([['--input-format'], ['--format']])('%s csv reads a CSV file whatever its name', (flag) => {
    const file = t.file('rows.txt')
    writeFileSync(file, 'key,value\na,1\nb,2\n')
    const db = freshDb(t)
    const r = kv(db, ['kv', 'import', '-i', file, flag, 'csv', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({rows: 2, format: 'csv'})
  })
})

describe('--help', () => {
  it.each([
    [['build-index'], /--input-format=/, /--format|-f,|--to-format|--from-format/],
    [['info'], /--input-format=/, /--format|-f,/],
    [['convert'], /--format=[\s\S]*--input-format=/, /--to-format|--from-format/],
    [['kv', 'import'], /--input-format=/, /\s--format/],
  ])('%j shows the new names only', (cmd, shown, hidden) => {
    const r = runCli([...cmd, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(shown)
    expect(r.stdout.replaceAll('--input-format', '')).not.toMatch(hidden)
  })
})

describe('messages name the flag of the command at hand', () => {
  const unknown = t.file('vectors.txt')
  writeFileSync(unknown, Buffer.alloc(5 * 7 * 4))
  it.each([
    [['build-index', '-i', unknown, '-o', t.file('u.hnsw')], '--input-format'],
    [['convert', '-i', unknown, '-o', t.file('u.npy'), '--format', 'npy'], '--input-format'],
  ])('%j says %s', (argv, flag) => {
    const r = runCli(argv)
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(`give it with ${flag} npy|raw_f32|fvecs`)
  })

  it('query says --query-format for its query file', () => {
    const index = t.file('demo.hnsw')
    expect(runCli(['build-index', '-i', path.join(root, 'fixtures/demo/emb.npy'), '-o', index, '--quiet']).code).toBe(0)
    const r = runCli(['query', '--index', index, '-q', unknown])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain('give it with --query-format npy|raw_f32|fvecs')
    expect(r.stderr).not.toContain('--input-format')
  })
})
