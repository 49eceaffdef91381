import {Args, Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {keyFlags, keyFrom} from '../../cli/flags-bytes.js'
import {db, sync, system, wait} from '../../cli/flags-store.js'
import {keyText} from '../../cli/render-kv.js'
import {kvDelete, type DeleteResult} from '../../engine/index.js'

export default class KvDelete extends BaseCommand {
  static override summary = 'Delete a key.'
  static override description =
    'Writes a tombstone: the key stays absent through checkpoints, compactions and restarts. ' +
    'A key that does not exist exits 4 and changes nothing (--missing-ok exits 0 instead). ' +
    'A key that is not UTF-8 text is given as --key-hex or --key-b64.'

  static override examples = [
    '<%= config.bin %> kv delete users/42',
    '<%= config.bin %> kv delete tmp/x --missing-ok',
    '<%= config.bin %> kv delete --key-hex 00ff01',
  ]

  static override args = {key: Args.string({description: 'the key (or --key-hex, --key-b64)'})}
  static override flags = {
    db,
    ...keyFlags,
    'missing-ok': Flags.boolean({description: 'exit 0 when the key does not exist', default: false}),
    sync,
    wait,
    system,
  }

  async run(): Promise<DeleteResult> {
    const {args, flags} = await this.parse(KvDelete)
    const key = keyFrom(args.key, flags)
    const r = await kvDelete({db: flags.db, sync: flags.sync, waitMs: flags.wait, key, missingOk: flags['missing-ok'], system: flags.system})
    this.log(r.deleted ? `Deleted ${keyText(r)} at LSN ${r.lsn}` : `${keyText(r)} was not there; nothing deleted`)
    return r
  }
}
