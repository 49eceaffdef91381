import {Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {quiet} from '../../cli/flags.js'
import {db, sync, system, wait} from '../../cli/flags-store.js'
import {createProgress} from '../../cli/progress.js'
import {IMPORT_FORMATS, kvImport, plural, type ImportResult} from '../../engine/index.js'

export default class KvImport extends BaseCommand {
  static override summary = 'Load key-value records from a JSONL or CSV file.'
  static override description =
    'JSONL: {"key": …, "value": …} per line; a string value is stored as its UTF-8, any other JSON value as its JSON ' +
    'text (key_b64/value_b64 carry bytes, as kv export writes them). With --key-field F each line is a whole record, ' +
    'stored as its JSON text under the key record[F]. CSV: a header row, then columns key and value stored as text; ' +
    'with --key-field F, the key is column F and the value the whole row as a JSON object of strings. ' +
    'Rows are committed in atomic batches of --batch-size. A bad line exits 3 naming it: every batch before it stays ' +
    'committed (the message says how many rows), or with --atomic nothing is. Ends with a checkpoint.'

  static override examples = [
    '<%= config.bin %> kv import --db ./data --input records.jsonl',
    '<%= config.bin %> kv import -i users.jsonl --key-field id',
    '<%= config.bin %> kv import -i users.csv --key-field email --atomic',
  ]

  static override flags = {
    db,
    input: Flags.string({char: 'i', description: 'JSONL or CSV file, or - for stdin', required: true}),
    // --format is always what a command writes (README: flag conventions); the old
    // spelling stays as a hidden alias.
    'input-format': Flags.option({
      options: IMPORT_FORMATS,
      default: 'auto' as const,
      aliases: ['format'],
      description: 'format of the input (auto: .csv is CSV, else JSONL)',
    })(),
    'key-field': Flags.string({description: 'store whole records under this field (JSONL) or column (CSV)'}),
    'batch-size': Flags.integer({description: 'rows per atomic commit', default: 10_000, min: 1}),
    atomic: Flags.boolean({description: 'all or nothing: commit once at the end', default: false}),
    system,
    sync,
    wait,
    quiet,
  }

  async run(): Promise<ImportResult> {
    const {flags} = await this.parse(KvImport)
    const r = await kvImport(
      {
        db: flags.db,
        sync: flags.sync,
        waitMs: flags.wait,
        input: flags.input,
        format: flags['input-format'],
        keyField: flags['key-field'],
        batchSize: flags['batch-size'],
        atomic: flags.atomic,
        system: flags.system,
      },
      await createProgress('kv import', flags.quiet || this.jsonEnabled()),
    )
    this.log(`Imported ${plural(r.rows, 'row')} from ${r.input} in ${r.elapsed_seconds} s (${r.rate} rows/s); checkpoint at LSN ${r.checkpoint_lsn}`)
    return r
  }
}
