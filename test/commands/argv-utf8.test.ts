// Where the raw arguments cannot be read (no /proc, or /proc does not hold the arguments
// node decoded), an argument with U+FFFD is refused: it may stand for invalid bytes.

import {describe, expect, it} from 'vitest'

import {checkArgvUtf8} from '../../src/cli/argv-utf8.js'

describe('checkArgvUtf8 without the raw bytes', () => {
  it('refuses U+FFFD, naming the argument and the hex and base64 flags', () => {
    // These are not this process's arguments, so /proc/self/cmdline does not match them.
    expect(() => checkArgvUtf8(['kv', 'put', 'a\uFFFDb', 'v'])).toThrow(/argument 3 of the command line holds U\+FFFD.*--key-hex/)
  })

  it('lets any other text through', () => {
    expect(() => checkArgvUtf8(['kv', 'put', 'ünï/cödé', '✓ 😀'])).not.toThrow()
  })
})
