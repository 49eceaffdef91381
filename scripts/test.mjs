#!/usr/bin/env node
// `npm test`: every check, in order, warnings as errors. Keeps going after a failing
// step so one run shows everything, then prints the closing line CI reads:
// `N passed, N failed` (cargo's and vitest's test counts added up; a failed check
// counts as one failure).

import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'

const steps = [
  {name: 'cargo fmt', cmd: 'cargo', args: ['fmt', '--all', '--check']},
  {name: 'cargo clippy', cmd: 'cargo', args: ['clippy', '--workspace', '--release', '--all-targets', '--', '-D', 'warnings']},
  {name: 'cargo test', cmd: 'cargo', args: ['test', '--workspace', '--release'], counts: cargoCounts},
  {name: 'addon + TypeScript build', cmd: 'npm', args: ['run', '--silent', 'build']},
  {name: 'tsc --noEmit', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json']},
  {name: 'eslint', cmd: 'npx', args: ['eslint', '.', '--max-warnings', '0']},
  {
    name: 'vitest',
    cmd: 'npx',
    args: ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=target/vitest.json'],
    counts: vitestCounts,
  },
]

function cargoCounts(output) {
  let passed = 0
  let failed = 0
  for (const m of output.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1])
    failed += Number(m[2])
  }
  return {passed, failed}
}

function vitestCounts() {
  try {
    const r = JSON.parse(readFileSync('target/vitest.json', 'utf8'))
    return {passed: r.numPassedTests, failed: r.numFailedTests}
  } catch {
    return {passed: 0, failed: 0}
  }
}

mkdirSync('target', {recursive: true})
let passed = 0
let failed = 0
const failures = []
for (const step of steps) {
  const started = Date.now()
  process.stdout.write(`\n=== ${step.name}\n`)
  const r = spawnSync(step.cmd, step.args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28})
  process.stdout.write(r.stdout ?? '')
  process.stderr.write(r.stderr ?? '')
  const counts = step.counts?.(`${r.stdout}\n${r.stderr}`) ?? {passed: 0, failed: 0}
  passed += counts.passed
  failed += counts.failed
  const ok = r.status === 0
  if (!ok) {
    failures.push(step.name)
    if (counts.failed === 0) failed += 1
  }
  process.stdout.write(`=== ${step.name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
}
if (failures.length) process.stdout.write(`\nFailed steps: ${failures.join(', ')}\n`)
const summary = `${passed} passed, ${failed} failed`
writeFileSync('target/test-summary.txt', summary + '\n')
process.stdout.write(`\n${summary}\n`)
process.exitCode = failures.length ? 1 : 0
