// query --db --table --where --select: the vectors meet the table whose rowids are the
// index's ids. The condition is evaluated once by the SQL engine (its indexes included)
// into the rowids that pass, which cross into the search as one array; the selected
// columns are read afterwards for the rows the search returned, one packed set.

import {native} from './binding.js'
import {SochError} from './errors.js'
import {RowSet} from './sql-rows.js'
import {openReader, type StoreHandle} from './store.js'

export interface RowOptions {
  db: string
  table: string
  /** A SQL condition over the table's columns. */
  where?: string
  /** A select list: columns or expressions shown with each neighbour. */
  select?: string
}

export const FILTER_STRATEGIES = ['auto', 'graph', 'exact'] as const
export type FilterStrategy = (typeof FILTER_STRATEGIES)[number]

/** How each query was answered, by the byte the native search reports. */
export const ANSWERED_BY = ['unfiltered', 'graph', 'exact', 'exact-after-graph'] as const
export type AnsweredBy = (typeof ANSWERED_BY)[number]

export function checkRowOptions(o: Partial<RowOptions>): RowOptions | undefined {
  const wanted = o.where !== undefined || o.select !== undefined
  if (!wanted) {
    if (o.db !== undefined || o.table !== undefined) {
      throw new SochError('USAGE', '--db and --table are for --where and --select; give one of them')
    }
    return undefined
  }
  if (o.db === undefined || o.table === undefined) {
    const flag = o.where !== undefined ? '--where' : '--select'
    throw new SochError('USAGE', `${flag} needs --db DIR and --table NAME (the table whose rowids are the index's ids)`)
  }
  return {db: o.db, table: o.table, where: o.where, select: o.select}
}

/** The table's rows for one query run: opened read-only, so it never blocks a writer. */
export class QueryRows {
  private readonly store: StoreHandle

  constructor(readonly options: RowOptions) {
    this.store = openReader(options.db)
  }

  /** Rowids of the rows that pass `--where`, ascending. */
  passing(): BigInt64Array {
    return native().sqlPassingRowids(this.store.handle, this.options.table, this.options.where!)
  }

  /** The `--select` columns for each id (-1, no neighbour, gives NULLs). */
  selected(ids: BigInt64Array): RowSet {
    const r = native().sqlRowsByRowid(this.store.handle, this.options.table, this.options.select!, ids)
    return new RowSet(r.columns, r.rows, r.kinds, r.data, r.ends)
  }

  close(): void {
    this.store.close()
  }
}
