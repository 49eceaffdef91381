// Flags of the database commands (kv, checkpoint, info --db), defined once.

import {Flags} from './oclif.js'

export const db = Flags.string({
  description: 'database directory (env SOCHDB_DB)',
  env: 'SOCHDB_DB',
  default: './sochdb_data',
})

export const sync = Flags.option({
  options: ['full', 'normal', 'off'] as const,
  default: 'normal' as const,
  description:
    'when writes reach the disk: full = fsync every commit; normal = fsync once before exiting 0; ' +
    'off = never fsync the log (unsafe: a power failure may lose writes since the last checkpoint)',
})()

export const wait = Flags.integer({
  description: 'wait up to MS milliseconds for another writer to release the database, then exit 6',
  default: 0,
  min: 0,
})

export const system = Flags.boolean({
  description: "include SQL's reserved key space (keys starting with byte 0xFF)",
  default: false,
})
