// Two ways to run a command: spawn bin/run.js as a user would (end-to-end), or run the
// command class in this process with stdout/stderr captured.

import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {format} from 'node:util'
import {fileURLToPath} from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const bin = path.join(root, 'bin', 'run.js')

export interface Run {
  code: number
  stdout: string
  stdoutBytes: Buffer
  stderr: string
}

export function runCli(args: string[], opts: {input?: Buffer | string; env?: Record<string, string>; cwd?: string} = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], {
    input: opts.input,
    cwd: opts.cwd ?? root,
    env: {...process.env, NO_COLOR: '1', ...opts.env},
    maxBuffer: 1 << 28,
  })
  return {
    code: r.status ?? -1,
    stdoutBytes: r.stdout,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
  }
}

interface Runnable {
  run(argv: string[], opts: string): Promise<unknown>
}

export interface InProcessRun<T> {
  result: T | undefined
  stdout: string
  stderr: string
  exitCode: number
}

/** Run a command class in-process; returns what it printed and the exit code it set. */
export async function runCommand<T>(cmd: Runnable, argv: string[]): Promise<InProcessRun<T>> {
  const out: string[] = []
  const err: string[] = []
  const origOut = process.stdout.write.bind(process.stdout)
  const origErr = process.stderr.write.bind(process.stderr)
  const origLog = console.log
  const origError = console.error
  // oclif's this.log goes through console.log, which vitest intercepts.
  console.log = (...args: unknown[]) => void out.push(format(...args) + '\n')
  console.error = (...args: unknown[]) => void err.push(format(...args) + '\n')
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
    return true
  }) as typeof process.stderr.write
  const before = process.exitCode
  process.exitCode = undefined
  let result: T | undefined
  try {
    result = (await cmd.run(argv, root)) as T
  } finally {
    process.stdout.write = origOut
    process.stderr.write = origErr
    console.log = origLog
    console.error = origError
  }
  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = before
  return {result, stdout: out.join(''), stderr: err.join(''), exitCode}
}
