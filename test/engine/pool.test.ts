// The addon in worker threads: every pool worker loads it, and a process that used the
// pool exits by itself (no leaked handles keep it alive).

import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it} from 'vitest'

import {withPool} from '../../src/engine/pool.js'
import {root} from '../helpers/cli.js'

describe('piscina pool', () => {
  it('loads the addon in every worker', async () => {
    const size = 3
    const replies = await withPool(size, async (pool) => {
      // Enough concurrent pings that every worker must answer some.
      const pings = Array.from({length: 24}, () => pool.run<{threadId: number; addonVersion: string}>({op: 'ping'}))
      return Promise.all(pings)
    })
    const threads = new Set(replies.map((r) => r.threadId))
    expect(threads.size).toBe(size)
    expect(threads.has(0)).toBe(false) // never the main thread
    for (const r of replies) expect(r.addonVersion).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('lets the process exit cleanly after use', () => {
    const pool = pathToFileURL(path.join(root, 'dist', 'engine', 'pool.js')).href
    const script = `
      const {withPool} = await import(${JSON.stringify(pool)})
      const r = await withPool(2, (p) => Promise.all([p.run({op: 'ping'}), p.run({op: 'ping'})]))
      console.log(JSON.stringify(r.map((x) => x.addonVersion)))
    `
    const started = Date.now()
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 30_000})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
