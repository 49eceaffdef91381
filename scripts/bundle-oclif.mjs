#!/usr/bin/env node
// Bundles @oclif/core and its dependencies into dist/cli/oclif.bundle.cjs (part of
// `npm run build`, after tsc). Why: a `kv get` spends most of its time starting, and
// loading oclif as installed means resolving, reading and compiling ~110 files (about 55 ms
// of a 150 ms command, even with the compile cache). One file is resolved once and its V8
// code cache (src/cli/compile-cache.ts) covers the whole of it: ~15 ms.
//
// Everything the CLI takes from oclif goes through src/cli/oclif.ts, which loads this
// bundle, so commands, flags and the runner share one copy of oclif's classes.
//
// The one rewrite: oclif loads command modules with `import(url)`. Code compiled by
// `vm.Script` (the compile cache) cannot run `import()` on Node 20 without an experimental
// flag, so those calls go through dist/cli/dynamic-import.cjs, a two-line file compiled
// the normal way.

import {rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outDir = path.join(root, 'dist', 'cli')
const IMPORT_HELPER = '__sochdbDynamicImport'
// `import(` not followed (after an optional comment) by a string: the argument is computed at
// run time. `import()` alone is text in a message, not a call.
const RUNTIME_IMPORT = /\bimport\((?!\s*(?:\/\*[^]*?\*\/\s*)?['"`)])/

/** Rewrites `import(` calls whose argument is computed (oclif's module loader, lilconfig). */
const routeDynamicImports = {
  name: 'route-dynamic-imports',
  setup(b) {
    b.onLoad({filter: /[\\/]node_modules[\\/].*\.[cm]?js$/}, async (args) => {
      const {readFile} = await import('node:fs/promises')
      const source = await readFile(args.path, 'utf8')
      if (!RUNTIME_IMPORT.test(source)) return undefined
      // `import('literal')` is bundled by esbuild; an import of a computed name is a runtime load.
      return {contents: source.replaceAll(new RegExp(RUNTIME_IMPORT, 'g'), `${IMPORT_HELPER}(`), loader: 'js'}
    })
  },
}

const result = await build({
  stdin: {contents: "module.exports = require('@oclif/core')", resolveDir: root, sourcefile: 'oclif-entry.cjs'},
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: path.join(outDir, 'oclif.bundle.cjs'),
  // oclif reaches for these only to run TypeScript sources (bin/dev.js), never from dist/.
  external: ['typescript', 'tsx', 'ts-node'],
  banner: {js: `const ${IMPORT_HELPER} = require('./dynamic-import.cjs');`},
  plugins: [routeDynamicImports],
  legalComments: 'inline',
  logLevel: 'warning',
  metafile: true,
})

writeFileSync(
  path.join(outDir, 'dynamic-import.cjs'),
  '// Written by scripts/bundle-oclif.mjs: import() for the oclif bundle (see there).\n' +
    'module.exports = (specifier) => import(specifier)\n',
)
// The code cache holds V8's code for the previous bundle; start it afresh.
rmSync(path.join(root, 'dist', '.cache'), {recursive: true, force: true})
const inputs = Object.keys(result.metafile.inputs).length
console.log(`dist/cli/oclif.bundle.cjs: @oclif/core and dependencies, ${inputs} files`)
