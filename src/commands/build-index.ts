import {Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {dimension, parquetColumn, quiet, threads} from '../cli/flags.js'
import {createProgress} from '../cli/progress.js'
import {logSummary, refuseJsonWithStdout} from '../cli/stdout-data.js'
import {buildIndex, METRICS, ORDERINGS, plural, VECTOR_FORMATS, type BuildResult} from '../engine/index.js'

export default class BuildIndex extends BaseCommand {
  static override summary = 'Build an HNSW index file from a .npy, raw f32, .fvecs or Parquet file of vectors.'
  static override examples = [
    '<%= config.bin %> build-index --input emb.npy --output emb.hnsw',
    '<%= config.bin %> build-index -i emb.f32 -d 768 -o emb.hnsw --metric ip -m 32 -e 200 --threads 2',
    '<%= config.bin %> build-index -i docs.parquet --column emb --id-column id -o docs.hnsw',
  ]

  static override flags = {
    input: Flags.string({char: 'i', description: 'vector file (.npy, .f32/.raw/.bin, .fvecs, .parquet), or - for stdin', required: true}),
    output: Flags.string({char: 'o', description: 'index file to write, or - for stdout', required: true}),
    dimension,
    // SochDB's -f/--format named the input's format; here --format is always what a
    // command writes (README: flag conventions), so the old spelling is a hidden alias.
    'input-format': Flags.option({
      options: VECTOR_FORMATS,
      default: 'auto' as const,
      aliases: ['format'],
      charAliases: ['f'],
      description: 'format of the input (auto: by extension, then by content)',
    })(),
    metric: Flags.option({options: METRICS, default: 'cosine' as const, description: 'distance metric'})(),
    'max-connections': Flags.integer({char: 'm', default: 16, description: 'M: links per node (2·M on layer 0)'}),
    'ef-construction': Flags.integer({char: 'e', default: 100, description: 'candidate list size while building'}),
    threads,
    'batch-size': Flags.integer({default: 1000, description: 'vectors per pool task'}),
    ids: Flags.string({description: 'external ids: .npy of int64/uint64, or raw little-endian u64', exclusive: ['id-column']}),
    column: parquetColumn,
    'id-column': Flags.string({description: 'Parquet input: an int32/int64 column (signed or unsigned) holding the ids', exclusive: ['ids']}),
    seed: Flags.integer({default: 42, description: 'seed for levels and orderings (byte-identical index with --threads 1)'}),
    ordering: Flags.option({options: ORDERINGS, default: 'none' as const, description: 'insertion order for memory locality'})(),
    'codes-only': Flags.boolean({
      default: false,
      description: 'keep only the int8 codes, not the f32 vectors: a smaller index, approximate distances',
    }),
    prefault: Flags.boolean({default: false, description: 'read the whole input into the page cache before building'}),
    'direct-read': Flags.boolean({default: false, description: 'read the input with read() instead of mmap'}),
    telemetry: Flags.boolean({default: false, description: 'report CPU time, page faults and peak RSS of the build'}),
    quiet,
  }

  async run(): Promise<BuildResult> {
    const {flags} = await this.parse(BuildIndex)
    refuseJsonWithStdout(this.jsonEnabled(), flags.output, 'the index')
    const progress = await createProgress('build-index', flags.quiet || this.jsonEnabled())
    const r = await buildIndex(
      {
        input: flags.input,
        output: flags.output,
        format: flags['input-format'],
        dimension: flags.dimension,
        metric: flags.metric,
        m: flags['max-connections'],
        efConstruction: flags['ef-construction'],
        threads: flags.threads,
        batchSize: flags['batch-size'],
        ids: flags.ids,
        column: flags.column,
        idColumn: flags['id-column'],
        seed: flags.seed,
        ordering: flags.ordering,
        codesOnly: flags['codes-only'],
        prefault: flags.prefault,
        directRead: flags['direct-read'],
        telemetry: flags.telemetry,
      },
      progress,
    )
    logSummary(
      (line) => this.log(line),
      flags.output,
      `Built ${r.output}: ${plural(r.vectors, 'vector')} × ${r.dimension} (${r.metric}) in ${r.elapsed_seconds.toFixed(2)} s, ` +
        `${Math.round(r.rate)} vectors/s, ${plural(r.index_size_bytes, 'byte')}`,
    )
    if (r.telemetry && !this.jsonEnabled()) {
      const t = r.telemetry
      process.stderr.write(
        `telemetry: user ${t.user_cpu_seconds.toFixed(2)} s, system ${t.system_cpu_seconds.toFixed(2)} s, ` +
          `peak RSS ${(t.peak_rss_bytes / 2 ** 20).toFixed(1)} MiB, page faults ${t.minor_page_faults} minor / ${t.major_page_faults} major\n`,
      )
    }
    return r
  }
}
