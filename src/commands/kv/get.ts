import {Args} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {db} from '../../cli/flags-store.js'
import {valueJson, type ValueJson} from '../../cli/render-kv.js'
import {kvGet} from '../../engine/index.js'

export default class KvGet extends BaseCommand {
  static override summary = 'Print the value of a key, byte for byte.'
  static override description =
    'Writes the exact stored bytes to stdout, with no newline added. Exits 4 when the key is absent. ' +
    'Opens the database read-only: no lock, so it runs while a writer is busy. ' +
    'With --json: {key, value} (value_b64 when the value is not UTF-8).'

  static override examples = ['<%= config.bin %> kv get users/42 --db ./data', '<%= config.bin %> kv get blobs/logo > logo.png']

  static override args = {key: Args.string({required: true, description: 'the key'})}
  static override flags = {db}

  async run(): Promise<ValueJson> {
    const {args, flags} = await this.parse(KvGet)
    const value = kvGet(flags.db, args.key)
    if (!this.jsonEnabled()) process.stdout.write(value)
    return valueJson(args.key, value)
  }
}
