// A SIGKILLed run leaves its temp file (`.<name>.tmp-<pid>`) beside the output. The next
// run writing into that directory removes the temps of dead processes, and only those:
// a live pid's temp may be a run at work right now, and other files are not ours.

import {spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {clustered, tempDir, writeNpy} from '../helpers/data.js'

const t = tempDir()
afterAll(() => t.cleanup())

const input = writeNpy(t.file('base.npy'), clustered(100, 4, 5), [100, 4])
// A pid that existed and has exited: a child we waited for.
const dead = spawnSync(process.execPath, ['-e', '0']).pid
// This test process is alive (and is not the CLI's own process).
const live = process.pid

let n = 0
function plant(): string {
  const dir = t.file(`out-${++n}`)
  mkdirSync(dir)
  for (const name of [`.out.tmp-${dead}`, `.x.tmp-${live}`, `.out.tmp-abc`, 'notes.txt', `.out.tmp-${dead}.bak`]) {
    writeFileSync(path.join(dir, name), 'x')
  }
  mkdirSync(path.join(dir, `.dir.tmp-${dead}`)) // not a file: not ours
  return dir
}

describe.each([
  ['build-index', (out: string) => ['build-index', '-i', input, '-o', out, '--quiet']],
  ['convert', (out: string) => ['convert', '-i', input, '-o', out, '--format', 'fvecs', '--quiet']],
])('%s', (_name, argv) => {
  it('removes the temps of dead pids in the output directory, nothing else', () => {
    const dir = plant()
    const r = runCli(argv(path.join(dir, 'out')))
    expect(r.code, r.stderr).toBe(0)
    expect(readdirSync(dir).sort()).toEqual(
      ['out', `.x.tmp-${live}`, '.out.tmp-abc', 'notes.txt', `.out.tmp-${dead}.bak`, `.dir.tmp-${dead}`].sort(),
    )
  })
})
