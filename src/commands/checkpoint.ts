import {Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {db, sync, wait} from '../cli/flags-store.js'
import {checkpointLines, verifyLines} from '../cli/render-kv.js'
import {checkpointStore, verifyStore, type CheckpointReport, type VerifyReport} from '../engine/index.js'

export default class Checkpoint extends BaseCommand {
  static override summary = 'Make the database durable and start a fresh log; verify or compact it.'
  static override description =
    'Flushes the memtable to a new segment, installs a new manifest and drops the WAL up to its LSN. ' +
    '--compact then merges all segments, dropping overwritten values and deleted keys. ' +
    '--verify only reads: it checks every record and segment checksum, reports valid, entries, last_valid_lsn ' +
    'and what is corrupted, and exits 5 when the database is not valid.'

  static override examples = [
    '<%= config.bin %> checkpoint --db ./data',
    '<%= config.bin %> checkpoint --compact',
    '<%= config.bin %> checkpoint --verify --json',
  ]

  static override flags = {
    db,
    verify: Flags.boolean({description: 'check every checksum (read-only); exit 5 if not valid', default: false, exclusive: ['compact']}),
    compact: Flags.boolean({description: 'merge all segments after the checkpoint', default: false}),
    sync,
    wait,
  }

  async run(): Promise<CheckpointReport | VerifyReport> {
    const {flags} = await this.parse(Checkpoint)
    if (flags.verify) {
      const r = await verifyStore(flags.db)
      this.log(verifyLines(r).join('\n'))
      if (!r.valid) {
        process.exitCode = 5
        process.stderr.write(`Error: ${flags.db}: corrupt database: ${r.corrupted[0] ?? 'see above'}\n`)
      }
      return r
    }
    const r = await checkpointStore({db: flags.db, sync: flags.sync, waitMs: flags.wait, compact: flags.compact})
    this.log(checkpointLines(r).join('\n'))
    return r
  }
}
