// The README's quick start runs as written on a fresh clone after `npm install`: its
// commands use the CLI that install built (bin/run.js), not `npx`, which would install
// and build the package a second time.

import {readFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, expect, it} from 'vitest'

import {root, runCli} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())

it('the main job of the quick start runs with ./bin/run.js', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  const start = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Commands'))
  expect(start).not.toMatch(/npx sochdb-bulk/)
  const block = /Then the main job[\s\S]*?```sh\n([\s\S]*?)```/.exec(start)![1]!
  const lines = block.trim().split('\n')
  expect(lines.length).toBe(2)
  for (const line of lines) {
    expect(line.startsWith('./bin/run.js ')).toBe(true)
    const args = line.slice('./bin/run.js '.length).split(/\s+/).map((a) => a.replace('/tmp/x.hnsw', t.file('x.hnsw')))
    const r = runCli(args)
    expect(r.code, `${line}: ${r.stderr}`).toBe(0)
  }
})
