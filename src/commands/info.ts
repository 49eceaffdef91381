import {Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {dimension, parquetColumn} from '../cli/flags.js'
import {indexReportLines, vectorReportLines} from '../cli/render.js'
import {storeReportLines} from '../cli/render-kv.js'
import {
  describeIndex,
  describeStore,
  describeVectorFile,
  VECTOR_FORMATS,
  type IndexReport,
  type StoreReport,
  type VectorFileReport,
} from '../engine/index.js'

export default class Info extends BaseCommand {
  static override summary = 'Describe an index file, a vector file or a database directory.'
  static override description =
    'For an index: every header field, a level histogram, the file size and the CRC32 of every section. ' +
    'It maps the file and starts in milliseconds at any size; --verify also reads every section and checks its ' +
    'CRC32, exiting 5 if one fails. ' +
    'For a vector file: shape, dtype, byte order, memory order, npy header version and data offset. ' +
    'For a database (--db, opened read-only): keys, segments, WAL bytes, current and last-checkpoint LSN, bytes on disk.'

  static override examples = ['<%= config.bin %> info --index emb.hnsw --verify', '<%= config.bin %> info --input emb.npy --json', '<%= config.bin %> info --db ./data']

  static override flags = {
    index: Flags.string({description: 'an index file', exactlyOne: ['index', 'input', 'db']}),
    input: Flags.string({description: 'a vector file', exactlyOne: ['index', 'input', 'db']}),
    db: Flags.string({description: 'a database directory', exactlyOne: ['index', 'input', 'db']}),
    // --format is always what a command writes (README: flag conventions); the old
    // spelling of the input's format stays as a hidden alias.
    'input-format': Flags.option({
      options: VECTOR_FORMATS,
      default: 'auto' as const,
      aliases: ['format'],
      charAliases: ['f'],
      description: 'format of the --input vector file',
    })(),
    dimension,
    column: parquetColumn,
    verify: Flags.boolean({default: false, description: 'read an index whole and verify every section checksum'}),
  }

  async run(): Promise<IndexReport | VectorFileReport | StoreReport> {
    const {flags} = await this.parse(Info)
    if (flags.db) {
      const report = await describeStore(flags.db)
      this.log(storeReportLines(report).join('\n'))
      return report
    }
    if (flags.index) {
      const report = await describeIndex(flags.index, flags.verify)
      this.log(indexReportLines(report).join('\n'))
      if (report.checksums_ok === false) {
        const bad = report.sections.filter((s) => s.checksum_ok === false).map((s) => s.name)
        process.exitCode = 5
        process.stderr.write(
          `Error: ${flags.index}: corrupt index: checksum mismatch in section${bad.length > 1 ? 's' : ''} ${bad.join(', ')}; rebuild it with build-index\n`,
        )
      }
      return report
    }
    const report = await describeVectorFile(flags.input!, flags['input-format'], flags.dimension, flags.column)
    this.log(vectorReportLines(report).join('\n'))
    return report
  }
}
