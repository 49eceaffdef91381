// An unknown command is a usage error: exit 2 (DESIGN.md's table), like an unknown flag,
// not oclif's default 1. Loaded by oclif only when no command matches (package.json
// oclif.hooks), so it costs nothing at start-up.

import type {Hook} from '@oclif/core'

import {Errors} from '../oclif.js'

const hook: Hook.CommandNotFound = async function (opts) {
  const typed = opts.id.replaceAll(':', ' ')
  const near = opts.config.commandIDs
    .map((id) => id.replaceAll(':', ' '))
    .filter((id) => id.startsWith(typed.split(' ')[0] ?? '') || typed.startsWith(id))
  const hint = near.length > 0 && near.length <= 8 ? ` Commands that come close: ${near.join(', ')}.` : ''
  throw new Errors.CLIError(`command "${typed}" not found.${hint} See \`${opts.config.bin} --help\`.`, {exit: 2})
}

export default hook
