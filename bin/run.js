#!/usr/bin/env node
// The sochdb-bulk entry point: oclif loads the compiled commands from dist/.
// Start-up is most of a short command's time (`kv get` in a shell loop), so this file
// does the least it can before the command runs; see src/cli/compile-cache.ts.
import {fileURLToPath} from 'node:url'

import {enableCompileCache} from '../dist/cli/compile-cache.js'

const root = fileURLToPath(new URL('..', import.meta.url))
enableCompileCache(fileURLToPath(new URL('../dist/.cache', import.meta.url)))

// oclif's index checks `engines` with semver on every start (47 modules, ~10% of a
// `kv get`); npm already checked it at install. Set only while oclif loads.
const engineCheck = process.env.OCLIF_DISABLE_ENGINE_WARNING
process.env.OCLIF_DISABLE_ENGINE_WARNING = '1'
// oclif comes from its bundle (src/cli/oclif.ts, scripts/bundle-oclif.mjs): one file to load.
const {execute, settings} = await import('../dist/cli/oclif.js')
if (engineCheck === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING
else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineCheck

// Never look for TypeScript sources (oclif does when NODE_ENV is test or development):
// the installed command runs what `npm install` compiled. bin/dev.js runs src/.
settings.enableAutoTranspile = false

// No user or dev plugins: this CLI has none, and looking costs a file read per start.
await execute({loadOptions: {root, userPlugins: false, devPlugins: false}})
