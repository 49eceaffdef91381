// Several output files that belong together (query's ids.npy and distances.npy), written
// so that a failure never leaves a mismatched set: every file is written to its temp
// name and fsynced first, and only then are they renamed into place. A failure before
// the renames removes every temp and leaves the old files as they were.
//
// What remains is the window between the renames themselves (microseconds, no data
// written in it): a crash there leaves the new first file beside the old second one.
// POSIX has no rename of two files at once.

import {closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync} from 'node:fs'
import path from 'node:path'

import {SochError, writeError} from './errors.js'

export interface OutputFile {
  target: string
  chunks: Uint8Array[]
}

/** The temp name every writer uses (stale-temps.ts removes those of dead processes). */
const tempOf = (target: string) => path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.tmp-${process.pid}`)

export function writeFilesAtomic(files: OutputFile[]): void {
  const temps: string[] = []
  let writing = files[0]?.target ?? ''
  try {
    for (const f of files) {
      const temp = tempOf(f.target)
      temps.push(temp)
      writing = f.target
      writeSynced(temp, f.chunks)
    }
    // A directory in a target's place would fail its rename after the first had gone
    // through: refuse before any.
    for (const f of files) {
      if (statSync(f.target, {throwIfNoEntry: false})?.isDirectory()) {
        throw new SochError('IO', `${f.target} is a directory; give a file path`)
      }
    }
    for (let i = 0; i < files.length; i++) renameSync(temps[i]!, files[i]!.target)
  } catch (error) {
    for (const temp of temps) rmSync(temp, {force: true})
    throw writeError(error, writing)
  }
  for (const dir of new Set(files.map((f) => path.dirname(path.resolve(f.target))))) {
    const dfd = openSync(dir, 'r')
    try {
      fsyncSync(dfd)
    } finally {
      closeSync(dfd)
    }
  }
}

function writeSynced(file: string, chunks: Uint8Array[]): void {
  const fd = openSync(file, 'w')
  try {
    for (const chunk of chunks) {
      let off = 0
      while (off < chunk.byteLength) off += writeSync(fd, chunk, off)
    }
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
