import {Args, Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {db, sync, wait} from '../../cli/flags-store.js'
import {readStdin} from '../../cli/stdin.js'
import {kvPut, type PutResult, type ValueSource} from '../../engine/index.js'

export default class KvPut extends BaseCommand {
  static override summary = 'Set a key to a value.'
  static override description =
    'The value is the VALUE argument (its UTF-8), the bytes of --value-file, or stdin when VALUE is "-" ' +
    '(binary-safe). Creates the database if it does not exist. The write is durable when the command exits 0 ' +
    '(under --sync normal or full).'

  static override examples = [
    '<%= config.bin %> kv put users/42 \'{"name":"Ada"}\'',
    '<%= config.bin %> kv put blobs/logo --value-file logo.png',
    'gzip -c notes.txt | <%= config.bin %> kv put notes/1 -',
  ]

  static override args = {
    key: Args.string({required: true, description: 'the key'}),
    value: Args.string({description: 'the value, or - to read it from stdin'}),
  }

  static override flags = {
    db,
    'value-file': Flags.string({description: 'read the value from this file (binary-safe)'}),
    sync,
    wait,
  }

  async run(): Promise<PutResult> {
    const {args, flags} = await this.parse(KvPut)
    if ((args.value === undefined) === (flags['value-file'] === undefined)) {
      this.error('give the value as an argument, as - (stdin), or with --value-file, exactly one of them', {exit: 2})
    }
    const value: ValueSource =
      flags['value-file'] !== undefined ? {file: flags['value-file']} : args.value === '-' ? {bytes: await readStdin()} : {text: args.value!}
    const r = await kvPut({db: flags.db, sync: flags.sync, waitMs: flags.wait, key: args.key, value})
    this.log(`Put ${r.key} (${r.bytes} byte${r.bytes === 1 ? '' : 's'}) at LSN ${r.lsn}`)
    return r
  }
}
