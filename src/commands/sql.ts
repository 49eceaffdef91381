import {Args, Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {quiet} from '../cli/flags.js'
import {db, sync, wait} from '../cli/flags-store.js'
import {createProgress} from '../cli/progress.js'
import {SQL_FORMATS, sqlJsonDocument, statementJson, writeSqlRun} from '../cli/render-sql.js'
import {readStdin} from '../cli/stdin.js'
import {parseParam, plural, readSqlFile, runSql, SQL_IMPORT_FORMATS, sqlFromStdin, sqlImport, type SqlImportResult} from '../engine/index.js'

export default class Sql extends BaseCommand {
  static override summary = 'Run SQL statements against the database directory.'
  static override description =
    'The SQL is the argument, the text of --file, or stdin when the argument is "-"; statements are separated by ";". ' +
    'Each statement is atomic; BEGIN … COMMIT groups them. A failing statement changes nothing (inside a transaction ' +
    'the whole transaction rolls back); the statements before it stay done and their output is printed. The error ' +
    'names the statement, its line and column, and exits 3 (bad SQL, constraint violation) or 4 (no such table or column).\n\n' +
    'A script that only reads (SELECT, VALUES, EXPLAIN, WITH … SELECT) opens the database read-only, as every reader does: ' +
    'no lock (it runs while a writer works), a snapshot as of its start, read-only media fine, a missing database exits 4. ' +
    '--readonly makes that a promise: a script that would write exits 3 before anything runs.\n\n' +
    '--param fills the ? placeholders in order: 42 is an INTEGER, 1.5 or 1e3 a REAL, null (or NULL) is NULL, anything ' +
    "else TEXT; wrap a value in single quotes to keep it text ('42' is the text 42).\n\n" +
    'Formats: table (for people; messages such as "3 rows inserted" on stdout), and for scripts json (one array of row ' +
    'objects per result set, one per line), jsonl (one object per row), csv (RFC 4180, with a header), tsv (header; ' +
    '\\\\ \\t \\n \\r escaped, NULL as \\N), toon (result[N]{cols}:…); with these the messages go to stderr. ' +
    '--json prints one document: {db, statements: [{statement, columns, rows} | {statement, verb, count, message} | {statement, message}]}.\n\n' +
    '--import TABLE FILE loads a Parquet, CSV or JSONL file (by extension, Parquet also by content; or --import-format) into ' +
    'TABLE, creating it from the file\'s columns when missing, else filling its columns of the same names. One transaction ' +
    '(a bad row imports nothing), or with --batch-size N a commit every N rows. Bad input exits 3 naming the file and the ' +
    'line or row.'

  static override examples = [
    '<%= config.bin %> sql --db ./data "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)"',
    '<%= config.bin %> sql "INSERT INTO users (name, email) VALUES (?, ?)" --param Ada --param ada@example.org',
    '<%= config.bin %> sql "SELECT * FROM users WHERE id = ?" --param 1 --format json',
    '<%= config.bin %> sql --file migrate.sql',
    'cat report.sql | <%= config.bin %> sql - --format csv > report.csv',
    '<%= config.bin %> sql --db ./data --import docs docs.parquet',
    '<%= config.bin %> sql --db ./data --import events events.jsonl --batch-size 100000',
  ]

  static override args = {
    sql: Args.string({description: 'the SQL, or - to read it from stdin (with --import: the FILE to import, - for stdin)'}),
  }

  static override flags = {
    db,
    // -f stays a hidden spelling: elsewhere -f was an input format (README: flag conventions).
    file: Flags.string({charAliases: ['f'], description: 'read the SQL from this file (- for stdin)'}),
    param: Flags.string({
      char: 'p',
      multiple: true,
      description: "a value for the next ? placeholder: 42 integer, 1.5 real, null, else text ('42' forces text)",
    }),
    format: Flags.option({options: SQL_FORMATS, default: 'table' as const, description: 'output format of result sets'})(),
    readonly: Flags.boolean({
      default: false,
      description: 'open the database read-only and refuse a script that would write (exit 3); a script that only reads is opened so anyway',
    }),
    import: Flags.string({
      description: 'import the FILE given as the argument into this table (Parquet, CSV or JSONL)',
      exclusive: ['file', 'param', 'readonly'],
    }),
    'import-format': Flags.option({
      // No default: dependsOn would then hold for every run.
      options: SQL_IMPORT_FORMATS,
      dependsOn: ['import'],
      description: 'format of the --import FILE (auto: .parquet, .csv, .jsonl/.ndjson, or Parquet by content)',
    })(),
    'batch-size': Flags.integer({
      min: 1,
      dependsOn: ['import'],
      description: 'with --import: commit every N rows (default: the whole file in one transaction)',
    }),
    'primary-key': Flags.string({
      dependsOn: ['import'],
      description:
        'with --import into a new table: declare this column INTEGER PRIMARY KEY, so its values are the rowids (the ids `query --table` matches an index against)',
    }),
    quiet,
    sync,
    wait,
  }

  async run(): Promise<object> {
    const {args, flags} = await this.parse(Sql)
    if (flags.import !== undefined) return this.runImport(flags.import, args.sql, flags)
    if ((args.sql === undefined) === (flags.file === undefined)) {
      this.error('give the SQL as an argument, as - (stdin), or with --file, exactly one of them', {exit: 2})
    }
    const source = flags.file ?? args.sql!
    const sql = source === '-' ? sqlFromStdin(await readStdin()) : flags.file !== undefined ? readSqlFile(flags.file) : source
    const params = (flags.param ?? []).map(parseParam)
    const run = await runSql({db: flags.db, sync: flags.sync, waitMs: flags.wait, sql, params, readOnly: flags.readonly})
    if (!this.jsonEnabled()) await writeSqlRun(run, flags.format)
    if (run.error) {
      run.error.details = {...run.error.place, statements: run.results.map(statementJson)}
      throw run.error
    }
    return sqlJsonDocument(run)
  }

  private async runImport(
    table: string,
    file: string | undefined,
    flags: {db: string; sync: SqlImportSync; wait: number; 'import-format'?: (typeof SQL_IMPORT_FORMATS)[number]; 'batch-size'?: number; 'primary-key'?: string; quiet: boolean},
  ): Promise<SqlImportResult> {
    if (file === undefined) this.error('--import TABLE needs the FILE to import as the argument (- for stdin)', {exit: 2})
    const r = await sqlImport(
      {
        db: flags.db,
        sync: flags.sync,
        waitMs: flags.wait,
        table,
        file,
        format: flags['import-format'] ?? 'auto',
        batchSize: flags['batch-size'],
        primaryKey: flags['primary-key'],
      },
      await createProgress('sql --import', flags.quiet || this.jsonEnabled()),
    )
    for (const [from, to] of Object.entries(r.renamed)) {
      process.stderr.write(`Note: column "${from}" of ${file} is not a bare SQL name; imported as ${to}\n`)
    }
    const what = r.created ? `new table ${r.table} (${r.columns.length} columns)` : `table ${r.table}`
    const batches = r.atomic ? '' : ` in ${plural(r.batches, 'batch', 'batches')}`
    this.log(`Imported ${plural(r.rows, 'row')} from ${file} (${r.format}) into ${what}${batches} in ${r.elapsed_seconds} s`)
    return r
  }
}

type SqlImportSync = Parameters<typeof sqlImport>[0]['sync']
