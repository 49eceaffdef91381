// Byte strings on the command line. An argument is text (and must be UTF-8: see
// argv-utf8.ts), so keys, values and scan bounds that are arbitrary bytes come as hex or
// base64 flags. Malformed hex or base64 is invalid input (exit 3), like any bad value.

import {Flags} from './oclif.js'

import {SochError, type KeyArg} from '../engine/index.js'

/** Strict hex: pairs of 0-9 a-f A-F, nothing else (Buffer.from would stop at the first bad pair). */
export function hexBytes(text: string, flag: string): Buffer {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new SochError('INVALID_INPUT', `--${flag} ${JSON.stringify(text)} is not hex: give pairs of digits 0-9 a-f, e.g. 00ff41`)
  }
  return Buffer.from(text, 'hex')
}

/** Strict base64 (standard alphabet, padded): Buffer.from would skip bad characters. */
export function b64Bytes(text: string, flag: string): Buffer {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new SochError('INVALID_INPUT', `--${flag} ${JSON.stringify(text)} is not base64: use A-Z a-z 0-9 + /, padded with = to a multiple of 4`)
  }
  return Buffer.from(text, 'base64')
}

export const keyFlags = {
  'key-hex': Flags.string({description: 'the key as hex bytes (e.g. ff00), instead of KEY', exclusive: ['key-b64']}),
  'key-b64': Flags.string({description: 'the key as base64, instead of KEY', exclusive: ['key-hex']}),
}

/** The key given as KEY, --key-hex or --key-b64: exactly one of them (else a usage error). */
export function keyFrom(arg: string | undefined, flags: {'key-hex'?: string; 'key-b64'?: string}): KeyArg {
  const hex = flags['key-hex']
  const b64 = flags['key-b64']
  if ((arg !== undefined ? 1 : 0) + (hex !== undefined ? 1 : 0) + (b64 !== undefined ? 1 : 0) !== 1) {
    throw new SochError('USAGE', 'give the key as the KEY argument, --key-hex HEX or --key-b64 BASE64, exactly one of them')
  }
  return hex !== undefined ? hexBytes(hex, 'key-hex') : b64 !== undefined ? b64Bytes(b64, 'key-b64') : arg!
}

/** A scan bound given as text or as --NAME-hex (oclif keeps the two exclusive). */
export function boundFrom(text: string | undefined, hex: string | undefined, flag: string): KeyArg | undefined {
  return hex !== undefined ? hexBytes(hex, `${flag}-hex`) : text
}
