import {Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {dimension, parquetColumn, quiet} from '../cli/flags.js'
import {createProgress} from '../cli/progress.js'
import {logSummary, refuseJsonWithStdout} from '../cli/stdout-data.js'
import {convertVectors, OUTPUT_FORMATS, plural, VECTOR_FORMATS, type ConvertResult} from '../engine/index.js'

export default class Convert extends BaseCommand {
  static override summary = 'Convert vector files between .npy, raw f32 and .fvecs (and from a Parquet list column).'
  static override description =
    'Any accepted input (f16/f32/f64, either byte order, C or Fortran order) becomes float32 little-endian C order. ' +
    'It streams in bounded chunks, so memory does not grow with the file.'

  static override examples = [
    '<%= config.bin %> convert -i emb.npy -o emb.f32 --format raw_f32',
    '<%= config.bin %> convert -i base.fvecs -o base.npy --format npy --normalize',
  ]

  static override flags = {
    input: Flags.string({char: 'i', description: 'vector file to read, or - for stdin', required: true}),
    output: Flags.string({char: 'o', description: 'vector file to write, or - for stdout', required: true}),
    // --format is what a command writes, --input-format what it reads (README: flag
    // conventions); the first spellings, --to-format and --from-format, are hidden aliases.
    format: Flags.option({options: OUTPUT_FORMATS, required: true, aliases: ['to-format'], description: 'format to write'})(),
    'input-format': Flags.option({
      options: VECTOR_FORMATS,
      default: 'auto' as const,
      aliases: ['from-format'],
      description: 'format of the input (auto: by extension, then by content)',
    })(),
    dimension,
    column: parquetColumn,
    normalize: Flags.boolean({default: false, description: 'write unit-length rows'}),
    quiet,
  }

  async run(): Promise<ConvertResult> {
    const {flags} = await this.parse(Convert)
    refuseJsonWithStdout(this.jsonEnabled(), flags.output, 'the vectors')
    const r = await convertVectors(
      {
        input: flags.input,
        output: flags.output,
        toFormat: flags.format,
        fromFormat: flags['input-format'],
        dimension: flags.dimension,
        column: flags.column,
        normalize: flags.normalize,
      },
      await createProgress('convert', flags.quiet || this.jsonEnabled()),
    )
    logSummary((line) => this.log(line), flags.output, `Converted ${r.input} (${r.from_format}) → ${r.output} (${r.to_format}): ${plural(r.rows, 'row')} × ${r.dimension}, ${plural(r.bytes_written, 'byte')}`)
    return r
  }
}
