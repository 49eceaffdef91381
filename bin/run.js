#!/usr/bin/env node
// The sochdb-bulk entry point: oclif loads the compiled commands from dist/.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
