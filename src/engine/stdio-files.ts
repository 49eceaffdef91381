// `-` as a path (DESIGN.md: stdin for an input, stdout for an output, in every command)
// for jobs whose Rust side needs a real file: inputs are memory-mapped and outputs are
// written to a temp name and renamed (invariants 5 and 7). Stdin is spooled into a file
// in os.tmpdir() first; an output goes to a file there and is then copied to stdout.
// Either file is removed when the job ends, whatever the outcome.

import {createReadStream, createWriteStream, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {pipeline} from 'node:stream/promises'

import {SochError, toSochError} from './errors.js'

/** A scratch directory in os.tmpdir(), removed with everything in it. */
function scratch(): {dir: string; remove: () => void} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sochdb-bulk-'))
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})}
}

/**
 * Run `job` with the paths it should use for `input` and `output`: themselves, or
 * scratch files standing for `-`. A message naming a scratch file names `-` instead,
 * the path the user gave.
 */
export async function withStdio<T>(
  paths: {input?: string; output?: string; name: string},
  job: (input: string | undefined, output: string | undefined) => Promise<T>,
): Promise<T> {
  const toStdout = paths.output === '-'
  if (toStdout && process.stdout.isTTY) {
    throw new SochError('USAGE', '--output - writes binary data to stdout, which is a terminal; redirect stdout or give a file path')
  }
  if (paths.input !== '-' && !toStdout) return job(paths.input, paths.output)
  const s = scratch()
  const input = paths.input === '-' ? path.join(s.dir, 'stdin') : paths.input
  const output = toStdout ? path.join(s.dir, paths.name) : paths.output
  try {
    if (paths.input === '-') await pipeline(process.stdin, createWriteStream(input!))
    const r = await job(input, output)
    if (toStdout) await pipeline(createReadStream(output!), process.stdout, {end: false})
    return r
  } catch (error) {
    const e = toSochError(error)
    const named = e.message.replaceAll(path.join(s.dir, 'stdin'), '- (stdin)').replaceAll(path.join(s.dir, paths.name), '- (stdout)')
    if (named === e.message) throw error
    const renamed = new SochError(e.code, named)
    renamed.details = e.details
    throw renamed
  } finally {
    s.remove()
  }
}
