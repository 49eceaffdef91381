// The kv engine in-process: packed batches through the glue, scans that span many chunks
// in both directions, the skip-scan of ls, and the pieces of rendering.

import {writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import {tsvChunk} from '../../src/cli/render-kv.js'
import {toon} from '../../src/cli/toon.js'
import {ChunkBuffer, forEachEntry, kvImport, kvList, kvScan, silentProgress, type EntryChunk} from '../../src/engine/index.js'
import {native} from '../../src/engine/binding.js'
import {PackedBatch} from '../../src/engine/kv-batch.js'
import {prefixEnd} from '../../src/engine/kv-codec.js'
import {withWriter} from '../../src/engine/store.js'
import {tempDir} from '../helpers/data.js'
import {freshDb, keyOf, writeRecords} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const ROWS = 60_000
const db = freshDb(t)

beforeAll(async () => {
  // ~8 MB of entries: scans cross several 4 MiB chunks.
  const file = writeRecords(t.file('big.jsonl'), ROWS, 5, 130)
  const opts = {db, sync: 'off' as const, waitMs: 0, input: file, format: 'auto' as const, batchSize: 7000, atomic: false, system: false}
  await kvImport(opts, silentProgress)
})

function scanKeys(o: Partial<Parameters<typeof kvScan>[0]>): string[] {
  const out: string[] = []
  for (const chunk of kvScan({db, reverse: false, keysOnly: true, system: false, ...o})) {
    forEachEntry(chunk, (d, ks, ke) => out.push(d.toString('utf8', ks, ke)))
  }
  return out
}

describe('scans across chunks', () => {
  it('forward and reverse see every key once, in order', () => {
    const all = Array.from({length: ROWS}, (_, i) => keyOf(i))
    expect(scanKeys({})).toEqual(all)
    expect(scanKeys({reverse: true})).toEqual([...all].reverse())
  })

  it('values come through whole when chunks split by bytes', () => {
    let rows = 0
    let chunks = 0
    for (const chunk of kvScan({db, reverse: true, keysOnly: false, system: false})) {
      chunks++
      forEachEntry(chunk, (d, _ks, _ke, vs, ve) => {
        expect(ve - vs).toBe(130)
        expect(d[ve]).toBe(10)
        rows++
      })
    }
    expect(rows).toBe(ROWS)
    expect(chunks).toBeGreaterThan(1)
  })

  it('--limit stops exactly, across a chunk boundary too', () => {
    expect(scanKeys({limit: 45_001})).toHaveLength(45_001)
    expect(scanKeys({limit: 45_001, reverse: true}).at(-1)).toBe(keyOf(ROWS - 45_001))
  })
})

describe('scans packed into one reused buffer', () => {
  /** Every entry of a scan as text, with the chunk buffers it used. */
  function scanText(o: {db: string; reverse: boolean}, buffer?: ChunkBuffer, release = true): {text: string[]; datas: Buffer[]} {
    const text: string[] = []
    const datas: Buffer[] = []
    for (const chunk of kvScan({...o, keysOnly: false, system: false}, buffer)) {
      datas.push(chunk.data)
      forEachEntry(chunk, (d, ks, ke, vs, ve) => text.push(`${d.toString('utf8', ks, ke)}=${d.toString('utf8', vs, ve)}`))
      if (release) buffer?.release()
    }
    return {text, datas}
  }

  it('gives the same entries as fresh chunks, in the same memory once released', () => {
    for (const reverse of [false, true]) {
      const fresh = scanText({db, reverse})
      const reused = scanText({db, reverse}, new ChunkBuffer())
      expect(reused.text).toEqual(fresh.text)
      expect(reused.datas.length).toBeGreaterThan(1)
      expect(new Set(reused.datas.map((d) => d.buffer)).size).toBe(1)
    }
  })

  it('never overwrites a chunk that was not released', () => {
    const kept = scanText({db, reverse: false}, new ChunkBuffer(), false)
    expect(new Set(kept.datas.map((d) => d.buffer)).size).toBe(kept.datas.length)
    // Read after the scan ended: every chunk still holds its own entries.
    expect(kept.datas.map((d) => d.subarray(0, 9).toString())[1]).not.toBe(kept.datas[0]!.subarray(0, 9).toString())
  })

  it('an entry larger than the buffer gets a larger one', async () => {
    const bdb = freshDb(t)
    const big = 'x'.repeat(6 << 20)
    await withWriter({db: bdb, sync: 'off', waitMs: 0}, (s) => {
      const b = new PackedBatch()
      b.put('a', 'small')
      b.put('b', big)
      b.put('c', 'small')
      s.write(b.take(), true)
    })
    const {text} = scanText({db: bdb, reverse: false}, new ChunkBuffer())
    expect(text).toEqual(['a=small', `b=${big}`, 'c=small'])
  })
})

describe('import into a new database', () => {
  it('ends with one segment (a compaction); into a database with data, with a checkpoint only', async () => {
    const idb = freshDb(t)
    const file = writeRecords(t.file('many.jsonl'), 6000, 5, 130)
    // A small WAL limit: automatic checkpoints leave many segments along the way.
    const opts = {db: idb, sync: 'off' as const, waitMs: 0, walLimitBytes: 64 << 10, input: file, format: 'auto' as const, batchSize: 500, atomic: false, system: false}
    const first = await kvImport(opts, silentProgress)
    expect(first.segments).toBe(1)
    expect(first.checkpoint_lsn).toBe(first.lsn)
    const again = await kvImport(opts, silentProgress)
    expect(again.segments).toBeGreaterThan(2)
    expect(scanKeys({db: idb})).toEqual(Array.from({length: 6000}, (_, i) => keyOf(i)))
  })
})

describe('writes in one packed batch', () => {
  it('puts and deletes of every size cross in one call; later writes in a batch win', async () => {
    const wdb = freshDb(t)
    const b = new PackedBatch(16) // forces the buffer to grow
    b.put('a', 'first')
    b.put('a', 'second')
    b.put(Buffer.from([1, 2, 3]), Buffer.alloc(100_000, 7))
    b.put('ü/ключ/鍵', '値')
    b.put('gone', 'x')
    b.delete('gone')
    expect(b.rows).toBe(6)
    await withWriter({db: wdb, sync: 'normal', waitMs: 0}, (s) => {
      s.write(b.take(), true)
      expect(s.get(Buffer.from('a'))!.toString()).toBe('second')
      expect(s.get(Buffer.from([1, 2, 3]))!.equals(Buffer.alloc(100_000, 7))).toBe(true)
      expect(s.get(Buffer.from('ü/ключ/鍵'))!.toString()).toBe('値')
      expect(s.get(Buffer.from('gone'))).toBeNull()
    })
  })

  it('a pending batch is dropped when the store closes without a commit', async () => {
    const wdb = freshDb(t)
    await withWriter({db: wdb, sync: 'normal', waitMs: 0}, (s) => {
      const b = new PackedBatch()
      b.put('x', '1')
      s.write(b.take(), false)
    })
    expect(scanKeys({db: wdb})).toEqual([])
  })
})

describe('ls', () => {
  it('jumps over each directory: one scan call per child, not one per key', async () => {
    const ldb = freshDb(t)
    await withWriter({db: ldb, sync: 'off', waitMs: 0}, (s) => {
      const b = new PackedBatch()
      for (const dir of ['a', 'b', 'c']) for (let i = 0; i < 5000; i++) b.put(`${dir}/${i}/x`, 'v')
      b.put('a', 'file beside the directory')
      b.put('top', 'v')
      s.write(b.take(), true)
    })
    const spy = vi.spyOn(native(), 'storeScan')
    try {
      expect(kvList(ldb, '', false).children).toEqual([
        {name: 'a', type: 'key'},
        {name: 'a/', type: 'dir'},
        {name: 'b/', type: 'dir'},
        {name: 'c/', type: 'dir'},
        {name: 'top', type: 'key'},
      ])
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(4)
      expect(spy.mock.calls.length).toBeLessThanOrEqual(5)
      expect(kvList(ldb, 'b/', false).children).toHaveLength(5000)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('rendering pieces', () => {
  const chunk = (entries: Array<[Buffer, Buffer]>, flags: number[]): EntryChunk => {
    const parts: Buffer[] = []
    const ends: number[] = []
    let at = 0
    for (const [k, v] of entries) {
      parts.push(k, Buffer.from('\t'), v, Buffer.from('\n'))
      ends.push(at + k.length, at + k.length + 1 + v.length)
      at += k.length + v.length + 2
    }
    return {data: Buffer.concat(parts), ends: Uint32Array.from(ends), flags: Buffer.from(flags), rows: entries.length}
  }

  it('tsv passes plain chunks through untouched and escapes the rest', () => {
    const plain = chunk([[Buffer.from('a'), Buffer.from('1')]], [0b0011])
    expect(tsvChunk(plain, false)).toBe(plain.data)
    const mixed = chunk(
      [
        [Buffer.from('a'), Buffer.from('x\ty')],
        [Buffer.from('b'), Buffer.from([0xff, 0x41])],
      ],
      [0b1011, 0b0001],
    )
    expect(tsvChunk(mixed, false).toString('latin1')).toBe('a\tx\\ty\nb\t\\xffA\n')
  })

  it('toon quotes , ; { } quotes and backslashes, escapes control characters, writes "" for the empty string', () => {
    expect(toon('kv', [{key: 'a', value: 'x,y'}, {key: 'b;', value: '{z}'}, {key: 'c', value: 'say "hi"\n'}])).toBe(
      'kv[3]{key,value}:a,"x,y";"b;","{z}";c,"say ""hi""\\n"',
    )
    expect(toon('kv', [{key: 'd', value: 'a\\b\r\t\u0000\u001f\u007f'}, {key: 'e', value: ''}, {key: 'f', value_b64: 'AP8='}])).toBe(
      'kv[3]{key,value,value_b64}:d,"a\\\\b\\r\\t\\u0000\\u001f\\u007f",;e,"",;f,,AP8=',
    )
    expect(toon('kv', [])).toBe('kv[0]{key}:')
  })

  it('prefixEnd is the first key after every key with the prefix', () => {
    expect(prefixEnd(Buffer.from('ab'))).toEqual(Buffer.from('ac'))
    expect(prefixEnd(Buffer.from([0x61, 0xff]))).toEqual(Buffer.from('b'))
    expect(prefixEnd(Buffer.from([0xff, 0xff]))).toBeNull()
    expect(prefixEnd(Buffer.alloc(0))).toBeNull()
  })

  it('CSV import handles quotes over lines and a byte order mark', async () => {
    const cdb = freshDb(t)
    const file = t.file('bom.csv')
    writeFileSync(file, '\ufeffkey,value\n"multi","line one\nline two"\n')
    const r = await kvImport(
      {db: cdb, sync: 'normal', waitMs: 0, input: file, format: 'auto', batchSize: 10, atomic: false, system: false},
      silentProgress,
    )
    expect(r).toMatchObject({rows: 1, format: 'csv'})
  })
})
