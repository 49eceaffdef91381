// The one module that loads the native addon (DESIGN.md invariant 2). It loads lazily,
// so commands that need no native code start fast; the pool calls `native()` on the
// main thread before it starts any worker, and each worker loads it through here too.

import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {SochError} from './errors.js'
import type * as Native from './native.js'

export type NativeAddon = typeof Native

/**
 * The package root: the parent of the src/ or dist/ folder this code runs from. That is
 * two levels up from src/engine/ or dist/engine/, but a command's bundle
 * (scripts/bundle-commands.mjs) carries this code to dist/commands/ or deeper.
 */
export const packageRoot = rootAbove(path.dirname(fileURLToPath(import.meta.url)))

function rootAbove(dir: string): string {
  for (let at = dir; path.dirname(at) !== at; at = path.dirname(at)) {
    const name = path.basename(at)
    if (name === 'dist' || name === 'src') return path.dirname(at)
  }
  return path.resolve(dir, '..', '..')
}

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
