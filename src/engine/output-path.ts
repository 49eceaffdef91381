// Checks on an output path made before a long job starts, so that an unwritable
// destination fails in a second, not after an hour of building. The file itself is
// always written to a temporary name and renamed into place (invariant 7).

import {accessSync, constants, readdirSync, statSync, type Stats} from 'node:fs'
import path from 'node:path'

import {SochError} from './errors.js'
import {removeStaleTemps} from './stale-temps.js'

/** A path the command reads: a file, or a directory whose files it reads (`--db`). */
export interface InputPath {
  flag: string
  path: string | undefined
  directory?: boolean
}

/**
 * Everything to do before a command writes `output`: refuse an output that is one of
 * its inputs, check the directory is writable, and clear temp files that killed runs
 * left there. `-` (stdout) needs none of it.
 */
export function prepareOutput(output: string, inputs: InputPath[], flag = '--output'): void {
  if (output === '-') return
  checkNotAnInput(output, inputs, flag)
  checkWritableOutput(output, flag)
  removeStaleTemps(path.dirname(path.resolve(output)))
}

export function checkWritableOutput(output: string, flag = '--output'): void {
  const dir = path.dirname(path.resolve(output))
  let isDir: boolean
  try {
    isDir = statSync(dir).isDirectory()
  } catch {
    throw new SochError('IO', `${flag} ${output}: directory ${dir} does not exist; create it first`)
  }
  if (!isDir) throw new SochError('IO', `${flag} ${output}: ${dir} is not a directory`)
  try {
    accessSync(dir, constants.W_OK)
  } catch {
    throw new SochError('IO', `${flag} ${output}: directory ${dir} is not writable (permission denied)`)
  }
  try {
    if (statSync(output).isDirectory()) {
      throw new SochError('IO', `${flag} ${output} is a directory; give a file path`)
    }
  } catch (error) {
    if (error instanceof SochError) throw error
  }
}

/**
 * Invariant 11: a command never writes over one of its own inputs. Renaming the new
 * file into place would replace the input's data (same path), or leave the user's
 * symlink or second hard link naming the output instead of the data it named, so the
 * same file by path, symlink or hard link (st_dev and st_ino) is refused as usage.
 */
export function checkNotAnInput(output: string, inputs: InputPath[], flag = '--output'): void {
  const out = statOrUndefined(output)
  for (const input of inputs) {
    if (input.path === undefined || input.path === '-') continue
    const refuse = () =>
      new SochError(
        'USAGE',
        `${flag} ${output} is ${input.directory ? 'a file of' : 'the same file as'} ${input.flag} ${input.path}: ` +
          'the command would overwrite its own input; give another output path',
      )
    if (!input.directory && path.resolve(output) === path.resolve(input.path)) throw refuse()
    if (!out) continue
    const files = input.directory ? filesUnder(input.path) : [statOrUndefined(input.path)]
    if (files.some((s) => s !== undefined && s.dev === out.dev && s.ino === out.ino)) throw refuse()
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p)
  } catch {
    return undefined
  }
}

/** Stats of the regular files in `dir` and below (a database directory: a few dozen). */
function filesUnder(dir: string): Stats[] {
  let names: string[]
  try {
    names = readdirSync(dir, {recursive: true, encoding: 'utf8'})
  } catch {
    return []
  }
  return names.map((n) => statOrUndefined(path.join(dir, n))).filter((s): s is Stats => s?.isFile() === true)
}
