// Text rendering of results for stdout. Stable forms for scripts: tsv and jsonl have
// no decoration; table is for people.

import type {IndexReport, QueryResults, VectorFileReport} from '../engine/index.js'

export interface Neighbour {
  id: number | string
  distance: number
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
    out.push({id: idValue(id), distance: r.distances[q * r.k + j]!})
  }
  return out
}

export function queryJsonDocument(r: QueryResults): object {
  const results = []
  for (let q = 0; q < r.count; q++) results.push({query: q, neighbors: neighbours(r, q)})
  return {
    index: r.index,
    metric: r.metric,
    k: r.k,
    ef: r.ef,
    count: r.count,
    elapsed_seconds: r.elapsed_seconds,
    results,
  }
}

export function queryLines(r: QueryResults, format: 'table' | 'jsonl' | 'tsv'): string[] {
  const lines: string[] = []
  if (format === 'tsv') lines.push('query\trank\tid\tdistance')
  if (format === 'table') lines.push(`${pad('query', 7)}${pad('rank', 6)}${pad('id', 14)}distance`)
  for (let q = 0; q < r.count; q++) {
    const ns = neighbours(r, q)
    if (format === 'jsonl') {
      lines.push(JSON.stringify({query: q, neighbors: ns}))
      continue
    }
    ns.forEach((n, rank) => {
      lines.push(
        format === 'tsv'
          ? `${q}\t${rank + 1}\t${n.id}\t${n.distance}`
          : `${pad(String(q), 7)}${pad(String(rank + 1), 6)}${pad(String(n.id), 14)}${n.distance.toPrecision(6)}`,
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
