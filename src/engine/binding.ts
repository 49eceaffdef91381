// The one module that loads the native addon (DESIGN.md invariant 2). It loads lazily,
// so commands that need no native code start fast; the pool calls `native()` on the
// main thread before it starts any worker, and each worker loads it through here too.

import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {SochError} from './errors.js'
import type * as Native from './native.js'

export type NativeAddon = typeof Native

/** The package root: this file sits in src/engine/ or dist/engine/. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export const addonPath = path.join(packageRoot, 'native', 'node', 'sochdb_bulk.node')

let addon: NativeAddon | undefined

export function native(): NativeAddon {
  if (!addon) {
    try {
      addon = createRequire(import.meta.url)(addonPath) as NativeAddon
    } catch (error) {
      throw new SochError(
        'INTERNAL',
        `cannot load the native addon ${addonPath}: ${(error as Error).message}. ` +
          'Run `npm install` in the package directory; it builds the addon.',
      )
    }
  }
  return addon
}
