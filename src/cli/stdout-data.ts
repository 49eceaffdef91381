// Commands whose output path may be `-`: stdout then carries the data itself, so the
// person's one-line summary moves to stderr, and --json (one document on stdout,
// invariant 10) cannot share it.

import {SochError} from '../engine/index.js'

export function refuseJsonWithStdout(json: boolean, output: string | undefined, what: string, flag = '--output'): void {
  if (json && output === '-') {
    throw new SochError('USAGE', `${flag} - writes ${what} to stdout, where --json writes its document; give a file path, or drop --json`)
  }
}

/** The summary for a person: on stdout, unless the data went there. */
export function logSummary(log: (line: string) => void, output: string | undefined, line: string): void {
  if (output === '-') process.stderr.write(line + '\n')
  else log(line)
}
