// Text rendering of results for stdout. Stable forms for scripts: tsv and jsonl have
// no decoration; table is for people.

import type {IndexReport, QueryResults, VectorFileReport} from '../engine/index.js'
import {jsonValue, tableCell, tsvField} from './render-sql.js'

export interface Neighbour {
  id: number | string
  distance: number
  /** With --select: the row's selected columns. */
  row?: Record<string, ReturnType<typeof jsonValue>>
}

/** An id as a JSON number when exact in a double, else as a decimal string. */
function idValue(id: bigint): number | string {
  return id >= BigInt(Number.MIN_SAFE_INTEGER) && id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id.toString()
}

/** The neighbours of query `q`, closest first (slots with no neighbour are left out). */
export function neighbours(r: QueryResults, q: number): Neighbour[] {
  const out: Neighbour[] = []
  for (let j = 0; j < r.k; j++) {
    const id = r.ids[q * r.k + j]!
    if (id < 0n) continue
    const n: Neighbour = {id: idValue(id), distance: r.distances[q * r.k + j]!}
    const set = r.selected
    if (set) {
      n.row = {}
      for (let c = 0; c < set.width; c++) n.row[set.columns[c]!] = jsonValue(set.value(q * r.k + j, c))
    }
    out.push(n)
  }
  return out
}

/** The --select cells of slot `j` of query `q` as text; null for NULL. */
function selectedTexts(r: QueryResults, q: number, j: number): (string | null)[] {
  const set = r.selected
  if (!set) return []
  return Array.from({length: set.width}, (_, c) => set.text(q * r.k + j, c))
}

/** The same cells for the table: NULL shown as NULL, control characters escaped. */
function selectedCells(r: QueryResults, q: number, j: number): string[] {
  const set = r.selected
  if (!set) return []
  return Array.from({length: set.width}, (_, c) => tableCell(set, q * r.k + j, c))
}

/** The width of each --select column in the table format: its name or its widest cell. */
function extraWidths(r: QueryResults): number[] {
  const set = r.selected
  if (!set) return []
  return set.columns.map((name, c) => {
    let w = name.length
    for (let i = 0; i < set.rows; i++) if (r.ids[i]! >= 0n) w = Math.max(w, tableCell(set, i, c).length)
    return w
  })
}

/** Slots of query `q` that hold a neighbour, in rank order. */
function filledSlots(r: QueryResults, q: number): number[] {
  const slots = []
  for (let j = 0; j < r.k; j++) if (r.ids[q * r.k + j]! >= 0n) slots.push(j)
  return slots
}

export function queryJsonDocument(r: QueryResults): object {
  const results = []
  for (let q = 0; q < r.count; q++) results.push(queryResult(r, q))
  return {
    index: r.index,
    metric: r.metric,
    k: r.k,
    ef: r.ef,
    count: r.count,
    elapsed_seconds: r.elapsed_seconds,
    ...(r.filter && {filter: r.filter}),
    results,
  }
}

/** One query's entry in --json and jsonl: with --where, `search` says how it was answered. */
function queryResult(r: QueryResults, q: number): object {
  const answered = r.answeredBy?.[q]
  return {query: q, ...(answered && {search: answered}), neighbors: neighbours(r, q)}
}

export function queryLines(r: QueryResults, format: 'table' | 'jsonl' | 'tsv'): string[] {
  const lines: string[] = []
  const extra = r.selected?.columns ?? []
  if (format === 'tsv') lines.push(['query', 'rank', 'id', 'distance', ...extra].map(tsvField).join('\t'))
  const widths = format === 'table' ? extraWidths(r) : []
  const extraCells = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]! + 1)).join('')
  if (format === 'table') lines.push(`${pad('query', 7)}${pad('rank', 6)}${pad('id', 14)}${pad('distance', 14)}${extraCells(extra)}`.trimEnd())
  for (let q = 0; q < r.count; q++) {
    if (format === 'jsonl') {
      lines.push(JSON.stringify(queryResult(r, q)))
      continue
    }
    filledSlots(r, q).forEach((j, rank) => {
      const id = idValue(r.ids[q * r.k + j]!)
      const distance = r.distances[q * r.k + j]!
      lines.push(
        format === 'tsv'
          ? [`${q}`, `${rank + 1}`, `${id}`, `${distance}`, ...selectedTexts(r, q, j).map(tsvField)].join('\t')
          : `${pad(String(q), 7)}${pad(String(rank + 1), 6)}${pad(String(id), 14)}${pad(distance.toPrecision(6), 14)}${extraCells(selectedCells(r, q, j))}`.trimEnd(),
      )
    })
  }
  return lines
}

function pad(s: string, width: number): string {
  return s.length >= width ? `${s} ` : s.padEnd(width)
}

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]} (${n} bytes)`
}

export function indexReportLines(r: IndexReport): string[] {
  const lines = [
    `index:            ${r.path}`,
    `format version:   ${r.format_version}`,
    `vectors:          ${r.count}`,
    `dimension:        ${r.dimension}`,
    `metric:           ${r.metric}`,
    `M:                ${r.max_connections}`,
    `M0:               ${r.max_connections_level0}`,
    `ef_construction:  ${r.ef_construction}`,
    `entry point:      ${r.entry_point}`,
    `max level:        ${r.max_level}`,
    `seed:             ${r.seed}`,
    `vectors stored:   ${r.vectors_stored ? 'yes (exact distances)' : 'no: codes only (approximate distances)'}`,
    `file size:        ${bytes(r.file_size_bytes)}`,
    `checksums:        ${r.checksums_ok === null ? 'not verified (pass --verify)' : r.checksums_ok ? 'ok' : 'MISMATCH'}`,
    'levels (nodes whose top level is L):',
  ]
  r.level_histogram.forEach((n, level) => lines.push(`  L${level}: ${n}`))
  lines.push('sections:')
  for (const s of r.sections) {
    const status = s.checksum_ok === null ? '' : s.checksum_ok ? '  ok' : '  CHECKSUM MISMATCH'
    lines.push(`  ${s.name.padEnd(10)} offset ${s.offset}  length ${s.length}  crc32 ${s.checksum}${status}`)
  }
  return lines
}

export function vectorReportLines(r: VectorFileReport): string[] {
  return [
    `file:          ${r.path}`,
    `format:        ${r.format}${r.npy_version ? ` (npy version ${r.npy_version})` : ''}`,
    `shape:         (${r.shape.join(', ')}${r.shape.length === 1 ? ',' : ''})`,
    `rows:          ${r.rows}`,
    `dimension:     ${r.dimension}`,
    `dtype:         ${r.dtype}`,
    // Parquet has no byte order, memory order or data offset of its own to show.
    ...(r.column === undefined
      ? [`byte order:    ${r.byte_order}`, `memory order:  ${r.memory_order}`, `data offset:   ${r.data_offset}`]
      : [`column:        ${r.column}`, `row groups:    ${r.row_groups}`]),
    `file size:     ${bytes(r.file_size_bytes)}`,
  ]
}
