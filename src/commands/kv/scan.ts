import {Flags} from '../../cli/oclif.js'

import {BaseCommand} from '../../cli/base-command.js'
import {boundFrom} from '../../cli/flags-bytes.js'
import {db, system} from '../../cli/flags-store.js'
import {SCAN_FORMATS, writeScan, type ScanResult} from '../../cli/render-kv.js'
import {ChunkBuffer, kvScan} from '../../engine/index.js'

export default class KvScan extends BaseCommand {
  static override summary = 'List keys and values in key order, by prefix or range.'
  static override description =
    'Keys are compared byte by byte. --start is included, --end excluded. Formats: jsonl ({"key","value"} per line; ' +
    'value_b64 when a value is not UTF-8), tsv (key<TAB>value, backslash escapes \\\\ \\t \\n \\r, \\xHH for other control ' +
    'bytes and for the bytes ≥ 0x80 of a field that is not UTF-8), toon (kv[N]{key,value}:…). Bounds that are not UTF-8 text are given as ' +
    '--prefix-hex, --start-hex, --end-hex. Opens the database read-only.'

  static override examples = [
    '<%= config.bin %> kv scan --prefix users/ --limit 10',
    '<%= config.bin %> kv scan --start a --end m --format tsv',
    '<%= config.bin %> kv scan --prefix logs/ --reverse --keys-only',
    '<%= config.bin %> kv scan --prefix-hex 00ff --format toon',
  ]

  static override flags = {
    db,
    prefix: Flags.string({description: 'keys starting with this', exclusive: ['start', 'end', 'start-hex', 'end-hex', 'prefix-hex']}),
    start: Flags.string({description: 'first key (included)', exclusive: ['start-hex']}),
    end: Flags.string({description: 'end key (excluded)', exclusive: ['end-hex']}),
    'prefix-hex': Flags.string({description: '--prefix as hex bytes', exclusive: ['start', 'end', 'start-hex', 'end-hex']}),
    'start-hex': Flags.string({description: '--start as hex bytes'}),
    'end-hex': Flags.string({description: '--end as hex bytes'}),
    limit: Flags.integer({description: 'at most N entries', min: 1}),
    reverse: Flags.boolean({description: 'descending key order', default: false}),
    'keys-only': Flags.boolean({description: 'keys without values', default: false}),
    format: Flags.option({options: SCAN_FORMATS, default: 'jsonl' as const, description: 'output format'})(),
    system,
  }

  async run(): Promise<ScanResult> {
    const {flags} = await this.parse(KvScan)
    const buffer = new ChunkBuffer()
    const chunks = kvScan({
      db: flags.db,
      prefix: boundFrom(flags.prefix, flags['prefix-hex'], 'prefix'),
      start: boundFrom(flags.start, flags['start-hex'], 'start'),
      end: boundFrom(flags.end, flags['end-hex'], 'end'),
      limit: flags.limit,
      reverse: flags.reverse,
      keysOnly: flags['keys-only'],
      system: flags.system,
    }, buffer)
    return writeScan(chunks, flags.format, flags['keys-only'], this.jsonEnabled(), buffer)
  }
}
