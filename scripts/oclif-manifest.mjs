#!/usr/bin/env node
// Writes oclif.manifest.json after the TypeScript build (part of `npm run build`).
// With a manifest oclif loads only the command being run; without one it imports every
// command module at start-up to learn its flags. The file is generated, never committed
// (.gitignore), so it cannot go stale in git; `npm run build` always rewrites it.

import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {Plugin, settings} from '@oclif/core'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
settings.enableAutoTranspile = false // describe dist/, the compiled commands bin/run.js runs
const plugin = new Plugin({root, isRoot: true, ignoreManifest: true, type: 'core'})
await plugin.load()
writeFileSync(path.join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest, null, 2) + '\n')
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`)
