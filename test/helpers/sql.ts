// Helpers for the sql command's tests: run `sochdb-bulk sql … --db DB` end to end.

import {runCli, type Run} from './cli.js'

/** `sochdb-bulk sql <args…> --db <db>`, end to end (stdin from `input`). */
export function sql(db: string, args: string[], input?: string): Run {
  return runCli(['sql', ...args, '--db', db], input === undefined ? {} : {input})
}

/** Runs `script`, failing the test with its stderr unless it exits 0. */
export function sqlOk(db: string, script: string, extra: string[] = []): Run {
  const r = sql(db, [script, ...extra])
  if (r.code !== 0) throw new Error(`sql exited ${r.code}: ${r.stderr}`)
  return r
}
