import {Args} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {keyFlags, keyFrom} from '../../cli/flags-bytes.js'
import {db, system} from '../../cli/flags-store.js'
import {valueJson, type ValueJson} from '../../cli/render-kv.js'
import {kvGet} from '../../engine/index.js'

export default class KvGet extends BaseCommand {
  static override summary = 'Print the value of a key, byte for byte.'
  static override description =
    'Writes the exact stored bytes to stdout, with no newline added. Exits 4 when the key is absent. ' +
    'Opens the database read-only: no lock, so it runs while a writer is busy. ' +
    'With --json: {key, value} (key_b64, value_b64 when they are not UTF-8). A key that is not UTF-8 text is given as --key-hex or --key-b64.'

  static override examples = [
    '<%= config.bin %> kv get users/42 --db ./data',
    '<%= config.bin %> kv get blobs/logo > logo.png',
    '<%= config.bin %> kv get --key-hex 00ff01',
  ]

  static override args = {key: Args.string({description: 'the key (or --key-hex, --key-b64)'})}
  static override flags = {db, ...keyFlags, system}

  async run(): Promise<ValueJson> {
    const {args, flags} = await this.parse(KvGet)
    const key = keyFrom(args.key, flags)
    const value = kvGet(flags.db, key, flags.system)
    if (!this.jsonEnabled()) process.stdout.write(value)
    return valueJson(key, value)
  }
}
