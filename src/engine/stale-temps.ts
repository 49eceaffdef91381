// Temp files left by killed runs. Every output is written to `.<name>.tmp-<pid>` in the
// target's directory (atomic-write.ts, kv-export.ts, and the core's AtomicFile in
// native/core/src/fsutil.rs), then renamed. A SIGKILL between the two leaves the temp
// behind, possibly gigabytes of half-written index; nothing else would ever remove it.
// Before writing into a directory we remove those whose writer is gone: a live pid's
// temp may be another run at work right now, so it is left alone.

import {lstatSync, readdirSync, rmSync} from 'node:fs'
import path from 'node:path'

const TEMP_NAME = /^\..+\.tmp-(\d+)$/

/** Remove `dir`'s temp files of our naming whose process no longer exists. Best effort. */
export function removeStaleTemps(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1])
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === process.pid || alive(pid)) continue
    const file = path.join(dir, name)
    try {
      // Only a regular file: a directory or a symlink of that name is not ours.
      if (!lstatSync(file).isFile()) continue
      rmSync(file)
      removed.push(file)
    } catch {
      // Gone already (another run cleaned it) or not ours to remove: leave it.
    }
  }
  return removed
}

/** kill(pid, 0): ESRCH means no such process; EPERM means it exists under another user. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}
