// sqllogictest in CI: select1–5 and evidence/ (test/slt/data, gzipped as in
// gregrahn/sqllogictest) through our engine with the project's runner. Each file must
// pass at least as many records as baseline.json says; when the engine improves, raise
// the file's number there (the failure message and the printed table give it).
// baseline.json's `queries` can limit a file to its first N queries (none is limited
// today: select5's joins of up to 64 tables take about a second in all).
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {describe, expect, it} from 'vitest'

const here = path.dirname(fileURLToPath(import.meta.url))

interface FileResult {
  name: string
  run: number
  passed: number
  failed: number
  skipped: number
  error: string | null
}

describe('sqllogictest (select1–5, evidence)', () => {
  it('passes at least the baseline in every file', () => {
    const baseline = JSON.parse(readFileSync(path.join(here, 'baseline.json'), 'utf8')) as {queries: Record<string, number>; passed: Record<string, number>}
    const limits = Object.entries(baseline.queries).flatMap(([name, n]) => ['--queries', `${name}=${n}`])
    const dir = mkdtempSync(path.join(tmpdir(), 'slt-ci-'))
    try {
      const json = path.join(dir, 'slt.json')
      const p = spawnSync(process.execPath, [path.join(here, 'run.mjs'), '--engine', 'ours', '--jobs', '2', ...limits, '--json', json, path.join(here, 'data')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      expect(p.status, p.stderr).toBe(0)
      const files = (JSON.parse(readFileSync(json, 'utf8')) as {files: FileResult[]}).files
      const rows = files.map((f) => `${f.name.padEnd(40)} ${String(f.passed).padStart(6)} / ${String(f.run).padEnd(6)} ${((100 * f.passed) / Math.max(f.run, 1)).toFixed(1).padStart(5)} %  (baseline ${baseline.passed[f.name] ?? '-'})`)
      console.log(`sqllogictest, engine ours:\n${rows.join('\n')}\n${p.stdout.trim()}`)
      const below = files
        .filter((f) => f.passed < (baseline.passed[f.name] ?? Infinity) || f.error)
        .map((f) => `${f.name}: ${f.passed} passed, baseline ${baseline.passed[f.name] ?? 'missing'}${f.error ? ` (${f.error})` : ''}`)
      expect(below, 'files below their baseline (test/slt/baseline.json)').toEqual([])
      expect(files.map((f) => f.name).sort()).toEqual(Object.keys(baseline.passed).sort())
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
