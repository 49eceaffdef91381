// Whole-file output from the TypeScript side, with the same discipline as the core's
// AtomicFile (invariant 7): temporary name in the same directory, fsync, rename, fsync
// the directory. A failure leaves the previous file and no partial one.

import {closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import path from 'node:path'

import {writeError} from './errors.js'

export function writeFileAtomic(target: string, chunks: Uint8Array[]): void {
  const dir = path.dirname(path.resolve(target))
  const temp = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}`)
  let fd: number | undefined
  try {
    fd = openSync(temp, 'w')
    for (const chunk of chunks) {
      let off = 0
      while (off < chunk.byteLength) off += writeSync(fd, chunk, off)
    }
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temp, target)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    rmSync(temp, {force: true})
    throw writeError(error, target)
  }
  const dfd = openSync(dir, 'r')
  try {
    fsyncSync(dfd)
  } catch (error) {
    throw writeError(error, target)
  } finally {
    closeSync(dfd)
  }
}
