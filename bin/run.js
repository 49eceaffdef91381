#!/usr/bin/env node
// The sochdb-bulk entry point: oclif loads the compiled commands from dist/.
import {execute, settings} from '@oclif/core'

// Never look for TypeScript sources (oclif does when NODE_ENV is test or development):
// the installed command runs what `npm install` compiled. bin/dev.js runs src/.
settings.enableAutoTranspile = false

await execute({dir: import.meta.url})
