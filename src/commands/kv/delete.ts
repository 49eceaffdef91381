import {Args, Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {db, sync, wait} from '../../cli/flags-store.js'
import {kvDelete, type DeleteResult} from '../../engine/index.js'

export default class KvDelete extends BaseCommand {
  static override summary = 'Delete a key.'
  static override description =
    'Writes a tombstone: the key stays absent through checkpoints, compactions and restarts. ' +
    'A key that does not exist exits 4 and changes nothing (--missing-ok exits 0 instead).'

  static override examples = ['<%= config.bin %> kv delete users/42', '<%= config.bin %> kv delete tmp/x --missing-ok']

  static override args = {key: Args.string({required: true, description: 'the key'})}
  static override flags = {
    db,
    'missing-ok': Flags.boolean({description: 'exit 0 when the key does not exist', default: false}),
    sync,
    wait,
  }

  async run(): Promise<DeleteResult> {
    const {args, flags} = await this.parse(KvDelete)
    const r = await kvDelete({db: flags.db, sync: flags.sync, waitMs: flags.wait, key: args.key, missingOk: flags['missing-ok']})
    this.log(r.deleted ? `Deleted ${r.key} at LSN ${r.lsn}` : `${r.key} was not there; nothing deleted`)
    return r
  }
}
