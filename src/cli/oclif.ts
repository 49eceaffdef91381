// The one place the CLI takes oclif from. After `npm run build` that is
// dist/cli/oclif.bundle.cjs (scripts/bundle-oclif.mjs): @oclif/core and its dependencies
// in one file, which starts about 40 ms faster than the ~110 files it replaces. Commands,
// flags and bin/run.js must all use the same copy (an `instanceof Errors.CLIError` or a
// command class only works within one), so nothing else imports '@oclif/core' at run time.
// Running the TypeScript sources (bin/dev.js, vitest) there is no bundle, and the
// installed package is used instead.

import {createRequire} from 'node:module'

import type * as OclifCore from '@oclif/core'

const require = createRequire(import.meta.url)

function load(): typeof OclifCore {
  try {
    return require('./oclif.bundle.cjs') as typeof OclifCore
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String(err).includes('oclif.bundle.cjs')) throw err
    return require('@oclif/core') as typeof OclifCore
  }
}

export const {Args, Command, Errors, Flags, execute, settings} = load()
