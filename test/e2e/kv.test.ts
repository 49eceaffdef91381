// kv put, get, delete, scan and ls end to end: exact bytes on stdout, every scan format,
// the reserved key space, and the exit codes of DESIGN.md with their messages.

import {existsSync, writeFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {rng, tempDir} from '../helpers/data.js'
import {freshDb, keys, kv} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

const binary = Buffer.from([0x00, 0xff, 0x01, 0x0a, 0x09, 0x5c, 0xc3, 0x28, 0x80])

describe('put, get, delete', () => {
  const db = freshDb(t)

  it('put creates the database; get prints the exact bytes, no newline added', () => {
    const r = kv(db, ['kv', 'put', 'users/1', '{"name":"Ada"}'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Put users\/1 \(14 bytes\) at LSN \d+\n$/)
    expect(existsSync(db)).toBe(true)
    const g = kv(db, ['kv', 'get', 'users/1'])
    expect(g.code, g.stderr).toBe(0)
    expect(g.stdout).toBe('{"name":"Ada"}')
  })

  it('binary values round-trip through stdin and --value-file', () => {
    expect(kv(db, ['kv', 'put', 'bin/stdin', '-'], binary).code).toBe(0)
    expect(kv(db, ['kv', 'get', 'bin/stdin']).stdoutBytes.equals(binary)).toBe(true)
    const big = Buffer.alloc(300_000)
    const next = rng(3)
    for (let i = 0; i < big.length; i++) big[i] = Math.floor(next() * 256)
    const file = t.file('big.bin')
    writeFileSync(file, big)
    expect(kv(db, ['kv', 'put', 'bin/file', '--value-file', file]).code).toBe(0)
    expect(kv(db, ['kv', 'get', 'bin/file']).stdoutBytes.equals(big)).toBe(true)
  })

  it('get --json gives value, or value_b64 when the value is not UTF-8', () => {
    expect(JSON.parse(kv(db, ['kv', 'get', 'users/1', '--json']).stdout)).toEqual({key: 'users/1', bytes: 14, value: '{"name":"Ada"}'})
    const doc = JSON.parse(kv(db, ['kv', 'get', 'bin/stdin', '--json']).stdout)
    expect(Buffer.from(doc.value_b64, 'base64').equals(binary)).toBe(true)
    expect(doc.value).toBeUndefined()
  })

  it('an empty value is a value, not a deletion', () => {
    expect(kv(db, ['kv', 'put', 'empty', '']).code).toBe(0)
    const g = kv(db, ['kv', 'get', 'empty'])
    expect(g.code).toBe(0)
    expect(g.stdout).toBe('')
  })

  it('a missing key exits 4 naming it', () => {
    const r = kv(db, ['kv', 'get', 'users/404'])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/users\/404.*not found/)
    expect(r.stdout).toBe('')
  })

  it('delete removes the key; deleting a missing key exits 4 unless --missing-ok', () => {
    expect(kv(db, ['kv', 'put', 'gone', 'x']).code).toBe(0)
    const d = kv(db, ['kv', 'delete', 'gone'])
    expect(d.code, d.stderr).toBe(0)
    expect(d.stdout).toMatch(/^Deleted gone at LSN \d+/)
    expect(kv(db, ['kv', 'get', 'gone']).code).toBe(4)
    const again = kv(db, ['kv', 'delete', 'gone'])
    expect(again.code).toBe(4)
    expect(again.stderr).toMatch(/gone.*not found.*nothing deleted/)
    const ok = kv(db, ['kv', 'delete', 'gone', '--missing-ok', '--json'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({key: 'gone', deleted: false})
  })

  it('--sync full and off are accepted; writes are visible after each', () => {
    expect(kv(db, ['kv', 'put', 's/full', '1', '--sync', 'full']).code).toBe(0)
    expect(kv(db, ['kv', 'put', 's/off', '2', '--sync', 'off']).code).toBe(0)
    expect(kv(db, ['kv', 'get', 's/full']).stdout).toBe('1')
    expect(kv(db, ['kv', 'get', 's/off']).stdout).toBe('2')
  })

  it('SOCHDB_DB sets the default database', () => {
    const r = runCli(['kv', 'get', 'users/1'], {env: {SOCHDB_DB: db}})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('{"name":"Ada"}')
  })
})

describe('usage and input errors', () => {
  const db = freshDb(t)

  it.each([
    [['kv', 'put', 'k'], /exactly one/],
    [['kv', 'put', 'k', 'v', '--value-file', 'x'], /exactly one/],
    [['kv', 'get'], /key/i],
    [['kv', 'put', 'k', 'v', '--sync', 'sometimes'], /sync/],
    [['kv', 'scan', '--prefix', 'a', '--start', 'b'], /prefix|start/],
    [['kv', 'scan', '--limit', '0'], /limit/],
    [['kv', 'scan', '--format', 'xml'], /format/],
    [['kv', 'get', 'k', '--bogus'], /bogus/],
    [['checkpoint', '--verify', '--compact'], /verify|compact/],
  ])('%j → 2', (args, message) => {
    const r = kv(db, args)
    expect(r.code, r.stderr).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('an empty key → 3', () => {
    const r = kv(db, ['kv', 'put', '', 'v'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/key is empty/)
  })

  it('a reader on a missing database → 4, and creates nothing', () => {
    const missing = freshDb(t)
    for (const args of [['kv', 'get', 'k'], ['kv', 'scan'], ['kv', 'ls'], ['info', '--db', missing], ['checkpoint', '--verify']]) {
      const r = runCli(args[0] === 'info' ? args : [...args, '--db', missing])
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(4)
      expect(r.stderr).toMatch(/no database/)
    }
    expect(existsSync(missing)).toBe(false)
  })

  it('--value-file that does not exist → 4', () => {
    const r = kv(db, ['kv', 'put', 'k', '--value-file', t.file('nope.bin')])
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/nope\.bin/)
  })

  it('a database path under a regular file → 7 (I/O)', () => {
    const file = t.file('plain-file')
    writeFileSync(file, 'x')
    const r = runCli(['kv', 'put', 'k', 'v', '--db', `${file}/db`])
    expect(r.code, r.stderr).toBe(7)
    expect(r.stderr).toMatch(/plain-file/)
  })

  it('--json failures are one JSON document with the code', () => {
    const r = kv(db, ['kv', 'put', '', 'v', '--json'])
    expect(r.code).toBe(3)
    expect(JSON.parse(r.stdout)).toMatchObject({error: {code: 'INVALID_INPUT', exit: 3}})
  })
})

describe('scan and ls', () => {
  const db = freshDb(t)
  const entries: Array<[string, string]> = [
    ['a', '1'],
    ['users/1', 'Ada'],
    ['users/2', 'Bob, "the" builder'],
    ['users/2/pets/rex', 'dog'],
    ['users/3/pets/tom', 'cat'],
    ['users/30', 'tab\there\nnewline \\ backslash'],
    ['z', 'last'],
  ]

  beforeAll(() => {
    for (const [k, v] of entries) expect(kv(db, ['kv', 'put', k, v]).code).toBe(0)
    expect(kv(db, ['kv', 'put', 'users/bin', '-'], binary).code).toBe(0)
    expect(kv(db, ['kv', 'put', 'users/é', 'ünïcödé']).code).toBe(0)
  })

  it('jsonl (the default): every entry in key order; binary as value_b64', () => {
    const r = kv(db, ['kv', 'scan'])
    expect(r.code, r.stderr).toBe(0)
    const docs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(docs.map((d) => d.key)).toEqual([...entries.map(([k]) => k).slice(0, 6), 'users/bin', 'users/é', 'z'])
    expect(docs.find((d) => d.key === 'users/30').value).toBe('tab\there\nnewline \\ backslash')
    const bin = docs.find((d) => d.key === 'users/bin')
    expect(Buffer.from(bin.value_b64, 'base64').equals(binary)).toBe(true)
  })

  it('--prefix, --limit, --reverse, --keys-only', () => {
    expect(keys(db, ['--prefix', 'users/2'])).toEqual(['users/2', 'users/2/pets/rex'])
    expect(keys(db, ['--prefix', 'users/', '--limit', '2'])).toEqual(['users/1', 'users/2'])
    expect(keys(db, ['--reverse', '--limit', '3'])).toEqual(['z', 'users/é', 'users/bin'])
    expect(keys(db, ['--prefix', 'users/3', '--reverse'])).toEqual(['users/30', 'users/3/pets/tom'])
    expect(keys(db, ['--prefix', 'nothing'])).toEqual([])
  })

  it('--start (included) and --end (excluded)', () => {
    expect(keys(db, ['--start', 'users/2', '--end', 'users/3'])).toEqual(['users/2', 'users/2/pets/rex'])
    expect(keys(db, ['--start', 'users/é'])).toEqual(['users/é', 'z'])
    expect(keys(db, ['--end', 'users/1'])).toEqual(['a'])
    expect(keys(db, ['--start', 'users/2', '--end', 'users/3', '--reverse'])).toEqual(['users/2/pets/rex', 'users/2'])
  })

  it('tsv: key<TAB>value with backslash escapes; \\xHH for bytes that are not UTF-8', () => {
    const r = kv(db, ['kv', 'scan', '--prefix', 'users/', '--format', 'tsv'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toContain('users/2\tBob, "the" builder')
    expect(lines).toContain('users/30\ttab\\there\\nnewline \\\\ backslash')
    expect(lines).toContain('users/bin\t\\x00\\xff\\x01\\n\\t\\\\\\xc3(\\x80')
    expect(lines).toContain('users/é\tünïcödé')
  })

  it('toon: one table line, quoted fields, value_b64 column when needed', () => {
    const r = kv(db, ['kv', 'scan', '--prefix', 'users/2', '--format', 'toon'])
    expect(r.stdout).toBe('kv[2]{key,value}:users/2,"Bob, ""the"" builder";users/2/pets/rex,dog\n')
    const b = kv(db, ['kv', 'scan', '--prefix', 'users/b', '--format', 'toon'])
    expect(b.stdout).toBe(`kv[1]{key,value_b64}:users/bin,${binary.toString('base64')}\n`)
    expect(kv(db, ['kv', 'scan', '--prefix', 'a', '--format', 'toon', '--keys-only']).stdout).toBe('kv[1]{key}:a\n')
  })

  it('--json: one document with the count and the entries', () => {
    const r = kv(db, ['kv', 'scan', '--prefix', 'users/1', '--json'])
    expect(JSON.parse(r.stdout)).toEqual({count: 1, entries: [{key: 'users/1', value: 'Ada'}]})
  })

  it('ls lists the children of a path like a directory', () => {
    expect(kv(db, ['kv', 'ls']).stdout).toBe('a\nusers/\nz\n')
    expect(kv(db, ['kv', 'ls', 'users/']).stdout).toBe('1\n2\n2/\n3/\n30\nbin\né\n')
    expect(kv(db, ['kv', 'ls', 'users']).stdout).toBe(kv(db, ['kv', 'ls', 'users/']).stdout)
    expect(kv(db, ['kv', 'ls', 'users/2/pets']).stdout).toBe('rex\n')
    const j = JSON.parse(kv(db, ['kv', 'ls', 'users/3/', '--json']).stdout)
    expect(j).toEqual({path: 'users/3/', children: [{name: 'pets/', type: 'dir'}]})
    expect(kv(db, ['kv', 'ls', 'nothing/']).stdout).toBe('')
  })

  it('the reserved key space (0xFF…) is hidden unless --system', () => {
    // SQL's keys are written below 0xFF; import one with --system the way a table row would be.
    const file = t.file('system.jsonl')
    writeFileSync(file, JSON.stringify({key_b64: Buffer.from([0xff, 0x01, 0x41]).toString('base64'), value: 'row'}) + '\n')
    const refused = kv(db, ['kv', 'import', '-i', file, '--quiet'])
    expect(refused.code).toBe(3)
    expect(refused.stderr).toMatch(/line 1: .*0xFF.*--system/)
    expect(kv(db, ['kv', 'import', '-i', file, '--quiet', '--system']).code).toBe(0)
    expect(keys(db)).not.toContain('\\xff\\x01A')
    expect(kv(db, ['kv', 'ls']).stdout).toBe('a\nusers/\nz\n')
    expect(keys(db, ['--system'])).toContain('\\xff\\x01A')
    const sys = kv(db, ['kv', 'scan', '--system', '--reverse', '--limit', '1'])
    expect(JSON.parse(sys.stdout)).toEqual({key_b64: Buffer.from([0xff, 0x01, 0x41]).toString('base64'), value: 'row'})
  })
})
