// writeFilesAtomic: files that belong together are renamed into place only once every
// one of them is written and fsynced; a failure before that removes every temp and
// leaves the old files as they were.

import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {writeFilesAtomic} from '../../src/engine/atomic-files.js'
import {tempDir} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())

let n = 0
function pair(): {dir: string; a: string; b: string} {
  const dir = t.file(`p-${++n}`)
  mkdirSync(dir)
  const a = path.join(dir, 'a')
  const b = path.join(dir, 'b')
  writeFileSync(a, 'old a')
  writeFileSync(b, 'old b')
  return {dir, a, b}
}

const bytes = (s: string) => [Buffer.from(s)]

describe('writeFilesAtomic', () => {
  it('replaces every file', () => {
    const {dir, a, b} = pair()
    writeFilesAtomic([
      {target: a, chunks: bytes('new a')},
      {target: b, chunks: bytes('new b')},
    ])
    expect([readFileSync(a, 'utf8'), readFileSync(b, 'utf8')]).toEqual(['new a', 'new b'])
    expect(readdirSync(dir).sort()).toEqual(['a', 'b'])
  })

  it('a second file that cannot be written: the first is not replaced, no temp left', () => {
    const {dir, a} = pair()
    expect(() =>
      writeFilesAtomic([
        {target: a, chunks: bytes('new a')},
        {target: path.join(dir, 'missing-dir', 'b'), chunks: bytes('new b')},
      ]),
    ).toThrow(/ENOENT/)
    expect(readFileSync(a, 'utf8')).toBe('old a')
    expect(readdirSync(dir).sort()).toEqual(['a', 'b'])
  })

  it('a second target that is a directory fails before any rename', () => {
    const {dir, a} = pair()
    const d = path.join(dir, 'd')
    mkdirSync(d)
    expect(() =>
      writeFilesAtomic([
        {target: a, chunks: bytes('new a')},
        {target: d, chunks: bytes('new d')},
      ]),
    ).toThrow(/is a directory/)
    expect(readFileSync(a, 'utf8')).toBe('old a')
    expect(readdirSync(dir).sort()).toEqual(['a', 'b', 'd'])
  })
})
