// A writer that holds a database's lock for the two-writer test. Opens DB read-write
// through the addon, writes holder/a, prints "HOLDING <pid>", then waits for a line on
// stdin; on it writes holder/b, syncs, closes and prints "DONE".
// Usage: node test/helpers/store-holder.mjs DB
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const addon = createRequire(import.meta.url)(path.join(root, 'native', 'node', 'sochdb_bulk.node'))

/** One put, in the packed layout of native/node/src/store.rs. */
function put(key, value) {
  const k = Buffer.from(key)
  const v = Buffer.from(value)
  const b = Buffer.alloc(9 + k.length + v.length)
  b.writeUInt32LE(k.length, 1)
  k.copy(b, 5)
  b.writeUInt32LE(v.length, 5 + k.length)
  v.copy(b, 9 + k.length)
  return b
}

const h = addon.storeOpen(process.argv[2], {readOnly: false, create: true})
addon.storeWrite(h, put('holder/a', '1'), true)
addon.storeSync(h)
process.stdout.write(`HOLDING ${process.pid}\n`)
process.stdin.once('data', () => {
  addon.storeWrite(h, put('holder/b', '2'), true)
  addon.storeSync(h)
  addon.storeClose(h)
  process.stdout.write('DONE\n')
  process.exit(0)
})
