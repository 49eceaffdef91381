#!/usr/bin/env node
// Bundles each compiled command (dist/commands/**/*.js) in place with the CLI and engine
// modules it imports (part of `npm run build`, after tsc and the oclif bundle). Why: a
// point lookup (`sql "SELECT … WHERE id = 7"`, `kv get`) is mostly start-up, and loading a
// command as tsc left it means resolving, reading and linking its ~40 ES modules one by
// one: ~20 ms of a ~140 ms command. One file per command is resolved once.
//
// What stays outside each bundle:
// - packages (oclif's bundle, piscina, chalk, cli-progress …), loaded as installed;
// - dist/cli/oclif.js, the one copy of oclif every command, flag and bin/run.js shares
//   (an `instanceof Errors.CLIError` only works within one copy; see src/cli/oclif.ts);
// - dist/engine/ itself, still on disk for the pool's workers (worker-entry.cjs), which
//   load the engine the normal way in their own threads.
// Modules the engine loads lazily (`import('./build.js')`) stay lazy: esbuild wraps them
// in initialisers that run on first import.

import {readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

import {build} from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const commandsDir = path.join(root, 'dist', 'commands')
const oclifWrapper = path.join(root, 'dist', 'cli', 'oclif.js')

/** Every command module under dist/commands. */
function commandFiles(dir) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return commandFiles(p)
    return e.name.endsWith('.js') ? [p] : []
  })
}

/** Keeps imports of dist/cli/oclif.js external, as a path relative to the bundle's folder. */
const sharedOclif = (outFile) => ({
  name: 'shared-oclif',
  setup(b) {
    b.onResolve({filter: /(^|\/)oclif\.js$/}, (args) => {
      const target = path.resolve(args.resolveDir, args.path)
      if (target !== oclifWrapper) return undefined
      const relative = path.relative(path.dirname(outFile), oclifWrapper).split(path.sep).join('/')
      return {path: relative.startsWith('.') ? relative : `./${relative}`, external: true}
    })
  },
})

const files = commandFiles(commandsDir)
for (const file of files) {
  await build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    plugins: [sharedOclif(file)],
    logLevel: 'warning',
  })
}
console.log(`dist/commands: ${files.length} commands bundled`)
