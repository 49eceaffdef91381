import {Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {dimension, quiet, threads} from '../cli/flags.js'
import {queryJsonDocument, queryLines} from '../cli/render.js'
import {readStdin} from '../cli/stdin.js'
import {refuseJsonWithStdout} from '../cli/stdout-data.js'
import {
  checkRowOptions,
  FILTER_STRATEGIES,
  npyBytes,
  prepareOutput,
  queryIndex,
  SochError,
  VECTOR_FORMATS,
  writeFileAtomic,
  writeFilesAtomic,
} from '../engine/index.js'

const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'tsv', 'npy'] as const

export default class Query extends BaseCommand {
  static override summary = 'k-nearest-neighbour search of one or many query vectors against an index file.'
  static override description =
    'Distances: cosine 1 − cos(q,x); l2 squared ‖q − x‖²; ip 1 − ⟨q,x⟩. With --format npy the ids (int64) and ' +
    'distances (float32), each Q×k, are written as two .npy arrays: to <prefix>.ids.npy and <prefix>.distances.npy ' +
    'with --output <prefix>[.npy], or back to back on stdout (np.load the stream twice). --output - is stdout. ' +
    'With --output and --json the file(s) are written and --json prints the results plus "outputs", the paths written. ' +
    'With --db and --table, the index\'s ids are that table\'s rowids (its INTEGER PRIMARY KEY): --where keeps only ' +
    'rows for which a SQL condition holds, and returns exactly k of them whenever at least k pass (each query walks the ' +
    'graph through rows the filter removed, or scans the passing rows exactly when few pass: --json says which in ' +
    '"search"); --select adds columns or expressions of each row to every result.'

  static override examples = [
    '<%= config.bin %> query --index emb.hnsw --query q.npy --k 10',
    '<%= config.bin %> query --index emb.hnsw --vector "0.1,0.2,0.3" --format json',
    'cat q.npy | <%= config.bin %> query --index emb.hnsw -q - --format tsv',
    '<%= config.bin %> query --index emb.hnsw -q q.npy --db ./db --table docs --where "lang = \'en\' AND year >= 2024" --select "title, url"',
  ]

  static override flags = {
    index: Flags.string({description: 'index file built by build-index', required: true}),
    query: Flags.string({char: 'q', description: 'query vectors (.npy 1-D or 2-D, raw f32, .fvecs), or - for stdin', exactlyOne: ['query', 'vector']}),
    vector: Flags.string({description: 'one query vector: comma-separated numbers', exactlyOne: ['query', 'vector']}),
    k: Flags.integer({char: 'k', default: 10, description: 'neighbours per query'}),
    ef: Flags.integer({default: 64, description: 'search candidate list size (raised to k if lower)'}),
    format: Flags.option({options: OUTPUT_FORMATS, default: 'table' as const, description: 'output format'})(),
    'query-format': Flags.option({options: VECTOR_FORMATS, default: 'auto' as const, description: 'format of the query file'})(),
    dimension,
    output: Flags.string({char: 'o', description: 'write results to this file instead of stdout (- is stdout)'}),
    db: Flags.string({description: 'database directory holding --table (read-only; never blocks a writer)'}),
    table: Flags.string({description: "table whose rowids (INTEGER PRIMARY KEY) are the index's ids"}),
    where: Flags.string({description: 'only rows of --table for which this SQL condition holds, e.g. "lang = \'en\' AND year >= 2024"'}),
    select: Flags.string({description: 'columns or expressions of --table to show with each neighbour, e.g. "title, url"'}),
    'filter-strategy': Flags.option({
      options: FILTER_STRATEGIES,
      default: 'auto' as const,
      description: 'with --where: auto (scan the passing rows when few pass, else walk the graph), graph or exact',
    })(),
    threads,
    quiet,
  }

  async run(): Promise<object> {
    const {flags} = await this.parse(Query)
    refuseJsonWithStdout(this.jsonEnabled(), flags.output, 'the results')
    const rows = checkRowOptions({db: flags.db, table: flags.table, where: flags.where, select: flags.select})
    if (flags.select !== undefined && flags.format === 'npy') {
      throw new SochError('USAGE', '--select adds columns a .npy file cannot hold; use --format json, jsonl, tsv or table')
    }
    const output = flags.output === '-' ? undefined : flags.output
    const targets = !output ? [] : flags.format === 'npy' ? npyPair(output) : [output]
    const inputs = [
      {flag: '--index', path: flags.index},
      {flag: '--query', path: flags.query},
    ]
    for (const target of targets) prepareOutput(target, inputs)
    const r = await queryIndex({
      index: flags.index,
      query: flags.query,
      stdin: flags.query === '-' ? await readStdin() : undefined,
      vector: flags.vector,
      format: flags['query-format'],
      dimension: flags.dimension,
      k: flags.k,
      ef: flags.ef,
      threads: flags.threads,
      rows,
      filterStrategy: flags['filter-strategy'],
    }, async () => (await import('../cli/progress.js')).createProgress('query', flags.quiet || this.jsonEnabled()))
    const doc = queryJsonDocument(r)
    // --output is honoured under --json too: the files are written, and the document
    // says where (without --output, --json's document is the only output).
    const json = this.jsonEnabled()
    if (flags.format === 'npy') {
      const ids = npyBytes('<i8', [r.count, r.k], r.ids)
      const distances = npyBytes('<f4', [r.count, r.k], r.distances)
      if (output) {
        // One pair: both written and fsynced before either is renamed (atomic-files.ts).
        writeFilesAtomic([
          {target: targets[0]!, chunks: [ids]},
          {target: targets[1]!, chunks: [distances]},
        ])
      } else if (!json) {
        if (process.stdout.isTTY) {
          throw new SochError('INVALID_INPUT', '--format npy writes binary; redirect stdout or give --output')
        }
        process.stdout.write(ids)
        process.stdout.write(distances)
      }
    } else if (output || !json) {
      const text =
        flags.format === 'json' ? JSON.stringify(doc, null, 2) + '\n' : queryLines(r, flags.format).join('\n') + '\n'
      if (output) writeFileAtomic(output, [Buffer.from(text)])
      else process.stdout.write(text)
    }
    return output ? {...doc, outputs: targets} : doc
  }
}

/** --format npy --output P[.npy] writes P.ids.npy and P.distances.npy. */
function npyPair(output: string): [string, string] {
  const prefix = output.replace(/\.npy$/, '')
  return [`${prefix}.ids.npy`, `${prefix}.distances.npy`]
}
