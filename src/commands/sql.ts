import {Args, Flags} from '../cli/oclif.js'

import {BaseCommand} from '../cli/base-command.js'
import {db, sync, wait} from '../cli/flags-store.js'
import {SQL_FORMATS, sqlJsonDocument, statementJson, writeSqlRun} from '../cli/render-sql.js'
import {readStdin} from '../cli/stdin.js'
import {parseParam, readSqlFile, runSql, sqlFromStdin} from '../engine/index.js'

export default class Sql extends BaseCommand {
  static override summary = 'Run SQL statements against the database directory.'
  static override description =
    'The SQL is the argument, the text of --file, or stdin when the argument is "-"; statements are separated by ";". ' +
    'Each statement is atomic; BEGIN … COMMIT groups them. A failing statement changes nothing (inside a transaction ' +
    'the whole transaction rolls back); the statements before it stay done and their output is printed. The error ' +
    'names the statement, its line and column, and exits 3 (bad SQL, constraint violation) or 4 (no such table or column).\n\n' +
    '--param fills the ? placeholders in order: 42 is an INTEGER, 1.5 or 1e3 a REAL, null (or NULL) is NULL, anything ' +
    "else TEXT; wrap a value in single quotes to keep it text ('42' is the text 42).\n\n" +
    'Formats: table (for people; messages such as "3 rows inserted" on stdout), and for scripts json (one array of row ' +
    'objects per result set, one per line), jsonl (one object per row), csv (RFC 4180, with a header), tsv (header; ' +
    '\\\\ \\t \\n \\r escaped, NULL as \\N), toon (result[N]{cols}:…); with these the messages go to stderr. ' +
    '--json prints one document: {db, statements: [{statement, columns, rows} | {statement, verb, count, message} | {statement, message}]}.'

  static override examples = [
    '<%= config.bin %> sql --db ./data "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE)"',
    '<%= config.bin %> sql "INSERT INTO users (name, email) VALUES (?, ?)" --param Ada --param ada@example.org',
    '<%= config.bin %> sql "SELECT * FROM users WHERE id = ?" --param 1 --format json',
    '<%= config.bin %> sql --file migrate.sql',
    'cat report.sql | <%= config.bin %> sql - --format csv > report.csv',
  ]

  static override args = {
    sql: Args.string({description: 'the SQL, or - to read it from stdin'}),
  }

  static override flags = {
    db,
    file: Flags.string({char: 'f', description: 'read the SQL from this file'}),
    param: Flags.string({
      char: 'p',
      multiple: true,
      description: "a value for the next ? placeholder: 42 integer, 1.5 real, null, else text ('42' forces text)",
    }),
    format: Flags.option({options: SQL_FORMATS, default: 'table' as const, description: 'output format of result sets'})(),
    sync,
    wait,
  }

  async run(): Promise<object> {
    const {args, flags} = await this.parse(Sql)
    if ((args.sql === undefined) === (flags.file === undefined)) {
      this.error('give the SQL as an argument, as - (stdin), or with --file, exactly one of them', {exit: 2})
    }
    const sql = flags.file !== undefined ? readSqlFile(flags.file) : args.sql === '-' ? sqlFromStdin(await readStdin()) : args.sql!
    const params = (flags.param ?? []).map(parseParam)
    const run = await runSql({db: flags.db, sync: flags.sync, waitMs: flags.wait, sql, params})
    if (!this.jsonEnabled()) await writeSqlRun(run, flags.format)
    if (run.error) {
      run.error.details = {...run.error.place, statements: run.results.map(statementJson)}
      throw run.error
    }
    return sqlJsonDocument(run)
  }
}
