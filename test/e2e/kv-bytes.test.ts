// Byte strings on the command line: an argument that is not UTF-8 is refused (node would
// turn it into U+FFFD, so two keys would become one), and every byte string can be given
// as hex or base64 instead (--key-hex/-b64, --value-hex/-b64, scan and ls bounds).

import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'

import {afterAll, describe, expect, it} from 'vitest'

import {bin, root, type Run} from '../helpers/cli.js'
import {tempDir} from '../helpers/data.js'
import {freshDb, kv} from '../helpers/store.js'

const t = tempDir()
afterAll(() => t.cleanup())

/** `sochdb-bulk ARGS` through sh, so that ARGS may hold raw bytes (printf escapes). */
function sh(args: string, db: string): Run {
  const r = spawnSync('sh', ['-c', `exec "$NODE" "$BIN" ${args} --db "$DB"`], {
    cwd: root,
    env: {...process.env, NO_COLOR: '1', NODE: process.execPath, BIN: bin, DB: db},
  })
  return {code: r.status ?? -1, stdoutBytes: r.stdout, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8')}
}

const every = Buffer.from(Array.from({length: 256}, (_, i) => i))

const keyBytes = (e: {key?: string; key_b64?: string}) => (e.key !== undefined ? Buffer.from(e.key, 'utf8') : Buffer.from(e.key_b64!, 'base64'))

describe('arguments that are not UTF-8', () => {
  it('two different invalid keys are both refused, naming the argument; nothing is written', () => {
    const db = freshDb(t)
    for (const [byte, hex] of [
      ['\\377', 'ff'],
      ['\\376', 'fe'],
    ]) {
      const r = sh(`kv put "$(printf '${byte}')" value`, db)
      expect(r.code, r.stderr).toBe(3)
      expect(r.stderr).toContain(`argument 3 of the command line is not valid UTF-8 (bytes ${hex})`)
      expect(r.stderr).toMatch(/--key-hex.*--key-b64.*--value-hex.*--value-b64.*--value-file/)
    }
    expect(existsSync(db)).toBe(false)
  })

  it('values, flag values and every command are checked, also under --json', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'put', 'k', 'v']).code).toBe(0)
    const value = sh(`kv put k "$(printf 'a\\303')"`, db)
    expect(value.code).toBe(3)
    expect(value.stderr).toMatch(/argument 4 .*bytes 61c3/)
    expect(kv(db, ['kv', 'get', 'k']).stdout).toBe('v')
    for (const args of [`kv get "$(printf '\\200')"`, `kv scan --prefix "$(printf '\\377')"`, `sql "SELECT '$(printf '\\351')'"`]) {
      expect(sh(args, db).code, args).toBe(3)
    }
    const json = sh(`kv delete "$(printf 'k\\377')" --json`, db)
    expect(json.code).toBe(3)
    expect(JSON.parse(json.stdout)).toMatchObject({error: {code: 'INVALID_INPUT', exit: 3}})
    // Valid UTF-8, U+FFFD itself included, is text as before.
    expect(sh(`kv put "$(printf '\\357\\277\\275')" ok`, db).code).toBe(0)
    expect(kv(db, ['kv', 'get', '\uFFFD']).stdout).toBe('ok')
  })
})

describe('--key-hex, --key-b64, --value-hex, --value-b64', () => {
  it('round-trip every byte value in keys and values', () => {
    const db = freshDb(t)
    const value = Buffer.from(every).reverse()
    const put = kv(db, ['kv', 'put', '--key-hex', every.toString('hex'), '--value-hex', value.toString('hex')])
    expect(put.code, put.stderr).toBe(0)
    expect(put.stdout).toMatch(/^Put 0x000102.*fdfeff \(256 bytes\) at LSN \d+\n$/)
    expect(kv(db, ['kv', 'get', '--key-b64', every.toString('base64')]).stdoutBytes.equals(value)).toBe(true)
    const doc = JSON.parse(kv(db, ['kv', 'get', '--key-hex', every.toString('hex'), '--json']).stdout)
    expect(doc).toEqual({key_b64: every.toString('base64'), bytes: 256, value_b64: value.toString('base64')})

    // --value-b64, and the positional VALUE after a key given by flag.
    expect(kv(db, ['kv', 'put', '--key-b64', 'AA==', '--value-b64', every.toString('base64')]).code).toBe(0)
    expect(kv(db, ['kv', 'get', '--key-hex', '00']).stdoutBytes.equals(every)).toBe(true)
    expect(kv(db, ['kv', 'put', '--key-hex', '0001', 'text value']).code).toBe(0)
    expect(kv(db, ['kv', 'get', '--key-hex', '0001']).stdout).toBe('text value')

    // Single bytes are distinct keys (not all U+FFFD).
    for (const b of ['80', 'c3', 'fe']) expect(kv(db, ['kv', 'put', '--key-hex', b, '--value-hex', b]).code).toBe(0)
    const scan = kv(db, ['kv', 'scan', '--start-hex', '80', '--end-hex', 'ff'])
    expect(scan.stdout.trimEnd().split('\n').map((l) => JSON.parse(l))).toEqual(
      ['80', 'c3', 'fe'].map((h) => ({key_b64: Buffer.from(h, 'hex').toString('base64'), value_b64: Buffer.from(h, 'hex').toString('base64')})),
    )
    const under00 = kv(db, ['kv', 'scan', '--prefix-hex', '00', '--keys-only']).stdout.trimEnd().split('\n')
    expect(under00.map((l) => keyBytes(JSON.parse(l)).toString('hex'))).toEqual(['00', '0001', every.toString('hex')])

    const del = kv(db, ['kv', 'delete', '--key-hex', '0001'])
    expect(del.stdout).toMatch(/^Deleted 0x0001 at LSN/)
    expect(kv(db, ['kv', 'get', '--key-hex', '0001']).code).toBe(4)
  })

  it('ls --path-hex lists under a path that is not UTF-8', () => {
    const db = freshDb(t)
    expect(kv(db, ['kv', 'put', '--key-hex', 'fe2f61', 'x']).code).toBe(0)
    expect(kv(db, ['kv', 'ls', '--path-hex', 'fe']).stdout).toBe('a\n')
    expect(kv(db, ['kv', 'ls']).stdout).toBe(`(base64) ${Buffer.from('fe2f', 'hex').toString('base64')}\n`)
  })

  it('keys starting with 0xFF stay refused unless --system', () => {
    const db = freshDb(t)
    for (const args of [['kv', 'put', '--key-hex', 'ff01', 'v'], ['kv', 'get', '--key-hex', 'ff01'], ['kv', 'delete', '--key-b64', '/wE=']]) {
      const r = kv(db, args)
      expect(r.code, args.join(' ')).toBe(3)
      expect(r.stderr).toMatch(/0xFF.*--system/)
    }
    expect(kv(db, ['kv', 'put', '--key-hex', 'ff01', 'v', '--system']).code).toBe(0)
    expect(kv(db, ['kv', 'get', '--key-hex', 'ff01', '--system']).stdout).toBe('v')
    expect(kv(db, ['kv', 'delete', '--key-hex', 'ff01', '--system']).code).toBe(0)
  })

  it.each([
    [['kv', 'put', '--key-hex', 'abc', 'v'], 3, /--key-hex "abc" is not hex/],
    [['kv', 'put', '--key-hex', 'zz', 'v'], 3, /is not hex/],
    [['kv', 'get', '--key-b64', 'A*=='], 3, /--key-b64 "A\*==" is not base64/],
    [['kv', 'put', 'k', '--value-b64', 'AAA'], 3, /--value-b64 .* is not base64/],
    [['kv', 'put', 'k', '--value-hex', '0g'], 3, /--value-hex .* is not hex/],
    [['kv', 'scan', '--prefix-hex', 'f'], 3, /--prefix-hex "f" is not hex/],
    [['kv', 'get'], 2, /exactly one/],
    [['kv', 'delete'], 2, /exactly one/],
    [['kv', 'get', 'k', '--key-hex', '6b'], 2, /exactly one/],
    [['kv', 'put', '--key-hex', '6b', 'v', 'extra'], 2, /at most one argument/],
    [['kv', 'put', 'k', 'v', '--value-hex', '00'], 2, /exactly one/],
    [['kv', 'put', '--key-hex', '6b', '--key-b64', 'aw==', 'v'], 2, /key-b64|key-hex/],
    [['kv', 'scan', '--prefix-hex', '00', '--start', 'a'], 2, /prefix-hex|start/],
    [['kv', 'scan', '--end', 'a', '--end-hex', '00'], 2, /end-hex|end/],
  ])('%j → %i', (args, code, message) => {
    const db = freshDb(t)
    const r = kv(db, args)
    expect(r.code, r.stderr).toBe(code)
    expect(r.stderr).toMatch(message)
    expect(existsSync(db)).toBe(false)
  })
})
