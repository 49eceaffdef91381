// Arguments that are not UTF-8 are refused, never re-encoded (DESIGN.md). Node decodes
// argv as UTF-8 and turns every invalid sequence into U+FFFD, so two different byte
// strings would become the same key, and a 0xFF byte would slip past the check on SQL's
// reserved key space as EF BF BD. On Linux the raw bytes are in /proc/self/cmdline
// (NUL-separated; node's own flags come before the script, so the user's arguments are
// its last process.argv.length - 2 entries). Elsewhere a U+FFFD in an argument is
// refused: it cannot be told apart from one that stood for invalid bytes.

import {isUtf8} from 'node:buffer'
import {readFileSync} from 'node:fs'

import {SochError} from '../engine/index.js'

const HOW =
  'arguments are text and are never re-encoded; give bytes as hex or base64 instead: ' +
  'keys with --key-hex or --key-b64, values with --value-hex, --value-b64 or --value-file (or - for stdin), ' +
  'scan bounds with --prefix-hex, --start-hex or --end-hex'

/** The raw bytes of each user argument, or undefined when they cannot be read. */
function rawArgs(argc: number): Buffer[] | undefined {
  let cmdline: Buffer
  try {
    cmdline = readFileSync('/proc/self/cmdline')
  } catch {
    return undefined
  }
  const parts: Buffer[] = []
  let start = 0
  for (let i = cmdline.indexOf(0); i >= 0; i = cmdline.indexOf(0, start)) {
    parts.push(cmdline.subarray(start, i))
    start = i + 1
  }
  return parts.length >= argc ? parts.slice(parts.length - argc) : undefined
}

function shown(raw: Buffer): string {
  const hex = raw.subarray(0, 32).toString('hex')
  return raw.length > 32 ? `${hex}… (${raw.length} bytes)` : hex
}

/** Throws INVALID_INPUT (exit 3) naming the first argument that is not valid UTF-8. */
export function checkArgvUtf8(argv: readonly string[] = process.argv.slice(2)): void {
  let raw = rawArgs(argv.length)
  // Trust /proc only when it holds the arguments node decoded, each in its place.
  if (raw?.some((bytes, i) => bytes.toString('utf8') !== argv[i])) raw = undefined
  for (let i = 0; i < argv.length; i++) {
    if (raw !== undefined) {
      // isUtf8 is the strict check (simdutf), without a TextDecoder to set up at start-up.
      if (!isUtf8(raw[i]!)) {
        throw new SochError('INVALID_INPUT', `argument ${i + 1} of the command line is not valid UTF-8 (bytes ${shown(raw[i]!)}): ${HOW}`)
      }
    } else if (argv[i]!.includes('\uFFFD')) {
      throw new SochError(
        'INVALID_INPUT',
        `argument ${i + 1} of the command line holds U+FFFD, which is what bytes that are not UTF-8 decode to, and the raw bytes cannot be read here: ${HOW}`,
      )
    }
  }
}
