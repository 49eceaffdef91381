// Flags shared by several commands, defined once.

import {Flags} from './oclif.js'

export const threads = Flags.integer({
  char: 't',
  description: 'worker threads in the pool (0 = all cores)',
  default: 0,
})

export const quiet = Flags.boolean({
  description: 'no progress output on stderr',
  default: false,
})

export const dimension = Flags.integer({
  char: 'd',
  description: 'vector dimension (required for raw f32 input)',
})

export const parquetColumn = Flags.string({
  description: 'Parquet input: the list column holding the vectors (needed when the file has more than one)',
})
