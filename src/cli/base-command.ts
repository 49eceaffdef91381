// The base of every command: --json (oclif's enableJsonFlag) and the one catch() that
// turns any failure into DESIGN.md's exit code and a message on stderr. Under --json the
// failure is also the one JSON document on stdout.

import {checkArgvUtf8} from './argv-utf8.js'
import {Command, Errors} from './oclif.js'

import {EXIT_CODES, toSochError, type ErrorCode} from '../engine/index.js'

export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true

  // Before parsing: an argument node has already re-encoded must not reach a command.
  protected override async init(): Promise<void> {
    await super.init()
    checkArgvUtf8()
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<void> {
    const {code, message, details} = classify(err)
    const exit = EXIT_CODES[code]
    process.exitCode = exit
    if (this.jsonEnabled()) this.logJson({error: {code, exit, message, ...details}})
    // chalk is loaded only on this path: a successful command never needs it.
    const {chalkStderr} = await import('chalk')
    process.stderr.write(`${chalkStderr.red('Error:')} ${message}\n`)
    // The id is oclif's (`kv:get`); users type the topic separator (`kv get`).
    const command = (this.id ?? '').replaceAll(':', this.config.topicSeparator)
    if (code === 'USAGE') process.stderr.write(`See \`${this.config.bin} ${command} --help\`.\n`)
  }
}

function classify(err: Error): {code: ErrorCode; message: string; details?: Record<string, unknown>} {
  // oclif's parser errors (unknown flag, missing or invalid argument) carry `parse`.
  if (err instanceof Errors.CLIError && ('parse' in err || err.oclif?.exit === 2)) {
    // oclif adds its own "See more help with --help"; ours below names the command.
    return {code: 'USAGE', message: err.message.replace(/\n\s*See more help with --help\s*$/, '')}
  }
  const e = toSochError(err)
  return {code: e.code, message: e.message, details: e.details}
}
