// Run a process under GNU time: wall clock (ours, hrtime), peak RSS and CPU % (GNU time), stdout.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const GNU_TIME = '/usr/bin/time'
export const hasGnuTime = () => fs.existsSync(GNU_TIME)

/** {ok, code, wall_s, rss_mb, cpu_pct, stdout, stderr}; never throws on a failing command. */
export function timed(cmd, args, {cwd, env, timeoutS = 3600} = {}) {
  const tf = path.join(os.tmpdir(), `bench-time-${process.pid}.txt`)
  const gnu = hasGnuTime()
  const [c, a] = gnu ? [GNU_TIME, ['-f', '%M %P', '-o', tf, cmd, ...args]] : [cmd, args]
  const t0 = process.hrtime.bigint()
  const p = spawnSync(c, a, {cwd, env: env ? {...process.env, ...env} : process.env, encoding: 'utf8', maxBuffer: 1 << 30,
    timeout: timeoutS * 1000})
  const wall_s = Number(process.hrtime.bigint() - t0) / 1e9
  let rss_mb = null, cpu_pct = null
  if (gnu && fs.existsSync(tf)) {
    const last = fs.readFileSync(tf, 'utf8').trim().split('\n').pop() // "Command exited with..." may come first
    const [m, pc] = last.split(' ')
    rss_mb = +m / 1024
    cpu_pct = parseFloat(pc)
    fs.rmSync(tf, {force: true})
  }
  const code = p.status ?? -1
  return {ok: code === 0, code, wall_s, rss_mb, cpu_pct, stdout: p.stdout ?? '', stderr: p.stderr ?? String(p.error ?? '')}
}

/** Plain run for setup steps: inherits stdio, throws on failure. */
export function run(cmd, args, opts = {}) {
  const p = spawnSync(cmd, args, {stdio: 'inherit', ...opts})
  if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${p.status ?? p.error})`)
}

/** Parse the JSON document a command printed; tolerates leading noise before the first '{'. */
export function parseJson(stdout) {
  const i = stdout.indexOf('{')
  if (i < 0) throw new Error(`no JSON in output: ${stdout.slice(0, 200)}`)
  return JSON.parse(stdout.slice(i))
}

/** Why a command failed, for the report: the --json error document if any, else the first error-looking line. */
export function tail(r) {
  try {
    const e = parseJson(r.stdout).error
    if (e) return `${e.code}: ${String(e.message).split('\n')[0]}`.slice(0, 300)
  } catch {
    // not a JSON error document: fall through to the text
  }
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim()).filter(Boolean)
  return (lines.find((l) => /error|usage/i.test(l)) ?? lines[0] ?? '').slice(0, 300)
}
