// Checks on an output path made before a long job starts, so that an unwritable
// destination fails in a second, not after an hour of building. The file itself is
// always written to a temporary name and renamed into place (invariant 7).

import {accessSync, constants, statSync} from 'node:fs'
import path from 'node:path'

import {SochError} from './errors.js'

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
