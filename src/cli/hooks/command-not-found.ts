// An unknown command is a usage error: exit 2 (DESIGN.md's table), like an unknown flag,
// not oclif's default 1. Loaded by oclif only when no command matches (package.json
// oclif.hooks), so it costs nothing at start-up.
//
// With a space as topic separator oclif reads `build-index emb.npy` as the command
// "build-index emb.npy", so a stray path after a real command lands here too; then the
// message names the argument and the flag that takes it, not a missing command.

import type {Command, Hook, Interfaces} from '@oclif/core'

import {Errors} from '../oclif.js'

// Flags whose value is a path, in the order a hint names them.
const PATH_FLAGS = ['input', 'index', 'query', 'file', 'value-file', 'ids', 'output', 'db']

const hook: Hook.CommandNotFound = async function (opts) {
  const words = opts.id.split(':')
  const known = longestCommand(opts.config, words)
  if (known) {
    const extra = words.slice(known.id.split(':').length)
    throw new Errors.CLIError(strayArgument(opts.config, known, extra), {exit: 2})
  }
  const typed = words.join(' ')
  const near = opts.config.commandIDs
    .map((id) => id.replaceAll(':', ' '))
    .filter((id) => id.startsWith(words[0] ?? '') || typed.startsWith(id))
  const hint = near.length > 0 && near.length <= 8 ? ` Commands that come close: ${near.join(', ')}.` : ''
  throw new Errors.CLIError(`command "${typed}" not found.${hint} See \`${opts.config.bin} --help\`.`, {exit: 2})
}

/** The longest real command whose words begin `words`. */
function longestCommand(config: Interfaces.Config, words: string[]): Command.Loadable | undefined {
  for (let n = words.length - 1; n > 0; n--) {
    const cmd = config.findCommand(words.slice(0, n).join(':'))
    if (cmd) return cmd
  }
  return undefined
}

function strayArgument(config: Interfaces.Config, cmd: Command.Loadable, extra: string[]): string {
  const name = cmd.id.replaceAll(':', ' ')
  const flag = (f: string) => {
    const c = cmd.flags[f]?.char
    return c ? `--${f} (-${c})` : `--${f}`
  }
  const paths = PATH_FLAGS.filter((f) => cmd.flags[f] !== undefined)
  let hint: string
  // `convert a.npy b.f32`: both paths have a flag to go to.
  if (cmd.flags.input && cmd.flags.output && extra.length === 2) hint = ` Did you mean \`--input ${extra[0]} --output ${extra[1]}\`?`
  else if (cmd.flags.input) hint = ` Did you mean \`--input ${extra[0]}\`?`
  else if (paths.length > 0) hint = ` Paths are given with ${paths.map((f) => flag(f)).join(', ')}.`
  else hint = ''
  return `unexpected argument "${extra[0]}": ${name} takes no positional arguments.${hint} See \`${config.bin} ${name} --help\`.`
}

export default hook
