import {Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {quiet} from '../../cli/flags.js'
import {db, system} from '../../cli/flags-store.js'
import {createProgress} from '../../cli/progress.js'
import {logSummary, refuseJsonWithStdout} from '../../cli/stdout-data.js'
import {kvExport, plural, type ExportResult} from '../../engine/index.js'

export default class KvExport extends BaseCommand {
  static override summary = 'Write keys and values to a JSONL file that kv import reads back.'
  static override description =
    'One {"key": …, "value": …} per line in key order (key_b64/value_b64 for bytes that are not UTF-8). ' +
    'The file is written to a temporary name, fsynced and renamed. Opens the database read-only.'

  static override examples = ['<%= config.bin %> kv export --output all.jsonl', '<%= config.bin %> kv export --prefix users/ -o users.jsonl']

  static override flags = {
    db,
    prefix: Flags.string({description: 'only keys starting with this'}),
    output: Flags.string({char: 'o', description: 'the JSONL file to write, or - for stdout', required: true}),
    system,
    quiet,
  }

  async run(): Promise<ExportResult> {
    const {flags} = await this.parse(KvExport)
    refuseJsonWithStdout(this.jsonEnabled(), flags.output, 'the records')
    const r = await kvExport(
      {db: flags.db, prefix: flags.prefix, output: flags.output, system: flags.system},
      await createProgress('kv export', flags.quiet || this.jsonEnabled()),
    )
    logSummary((line) => this.log(line), flags.output, `Exported ${plural(r.rows, 'entry', 'entries')} to ${r.output} (${plural(r.bytes, 'byte')})`)
    return r
  }
}
