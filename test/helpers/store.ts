// Helpers for the database tests: a fresh database directory per test, kv commands run
// end to end against it, and seeded JSONL inputs.

import {spawn, type ChildProcess} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'

import {bin, root, runCli, type Run} from './cli.js'
import {rng, type TempDir} from './data.js'

let n = 0

/** A path for a database that does not exist yet. */
export function freshDb(t: TempDir): string {
  return t.file(`db-${++n}`)
}

/** `sochdb-bulk <args…> --db <db>`, end to end. */
export function kv(db: string, args: string[], input?: Buffer | string): Run {
  return runCli([...args, '--db', db], input === undefined ? {} : {input})
}

/** The key of row `i` of `records`: zero-padded so that key order is input order. */
export const keyOf = (i: number) => `k${String(i).padStart(8, '0')}`

/** `rows` seeded `{"key","value"}` lines, keys in input order; returns the path. */
export function writeRecords(file: string, rows: number, seed = 7, valueBytes = 60): string {
  const next = rng(seed)
  const lines: string[] = []
  for (let i = 0; i < rows; i++) {
    let v = ''
    while (v.length < valueBytes) v += Math.floor(next() * 36 ** 6).toString(36)
    lines.push(JSON.stringify({key: keyOf(i), value: v.slice(0, valueBytes)}))
  }
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

/** The keys of `db` in order (read-only scan). */
export function keys(db: string, extra: string[] = []): string[] {
  const r = kv(db, ['kv', 'scan', '--keys-only', '--format', 'tsv', ...extra])
  if (r.code !== 0) throw new Error(`kv scan failed (${r.code}): ${r.stderr}`)
  return r.stdout === '' ? [] : r.stdout.trimEnd().split('\n')
}

/** Spawn the CLI without waiting (for crash and lock tests). */
export function spawnCli(args: string[]): ChildProcess {
  return spawn(process.execPath, [bin, ...args], {cwd: root, env: {...process.env, NO_COLOR: '1'}, stdio: ['pipe', 'pipe', 'pipe']})
}

/** A helper process that holds the writer lock on `db` (see store-holder.mjs). */
export function spawnHolder(db: string): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'test', 'helpers', 'store-holder.mjs'), db], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
}

/** Resolves with the first stdout line of `child` that matches `re`. */
export function waitFor(child: ChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    const onData = (chunk: Buffer) => {
      seen += chunk.toString()
      const line = seen.split('\n').find((l) => re.test(l))
      if (line !== undefined) {
        child.stdout!.off('data', onData)
        resolve(line)
      }
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited ${code} before printing ${re}: ${seen}`)))
  })
}

/** Resolves with the exit code (or the signal name) of `child`. */
export function exited(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code, signal) => resolve(code ?? signal ?? -1))
  })
}
