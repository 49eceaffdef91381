// info: describe an index file (header, levels, sections and their checksums) or a
// vector file (shape, dtype, byte and memory order, npy version, data offset).

import {native} from './binding.js'

export interface SectionReport {
  name: string
  offset: number
  length: number
  checksum: string
  checksum_ok: boolean | null
}

export interface IndexReport {
  kind: 'index'
  path: string
  format_version: number
  dimension: number
  count: number
  metric: string
  max_connections: number
  max_connections_level0: number
  ef_construction: number
  entry_point: number
  max_level: number
  seed: string
  /** False for a `--codes-only` index: no f32 vectors, distances from the int8 codes. */
  vectors_stored: boolean
  file_size_bytes: number
  level_histogram: number[]
  sections: SectionReport[]
  checksums_ok: boolean | null
}

export interface VectorFileReport {
  kind: 'vectors'
  path: string
  format: string
  rows: number
  dimension: number
  shape: number[]
  dtype: string
  byte_order: string
  memory_order: string
  npy_version: string | null
  data_offset: number
  file_size_bytes: number
  /** Parquet: the vector column read, and the file's row groups (absent otherwise). */
  column?: string
  row_groups?: number
}

/** Describe an index; `verify` reads every section and checks its CRC32. */
export function describeIndex(path: string, verify: boolean): IndexReport {
  const i = native().indexInfo(path, verify)
  const sections = i.sections.map((s) => ({
    name: s.name,
    offset: s.offset,
    length: s.length,
    checksum: s.checksum.toString(16).padStart(8, '0'),
    checksum_ok: s.checksumOk ?? null,
  }))
  return {
    kind: 'index',
    path,
    format_version: i.version,
    dimension: i.dimension,
    count: i.count,
    metric: i.metric,
    max_connections: i.m,
    max_connections_level0: i.m0,
    ef_construction: i.efConstruction,
    entry_point: i.entryPoint,
    max_level: i.maxLevel,
    seed: i.seed,
    vectors_stored: i.vectorsStored,
    file_size_bytes: i.fileSize,
    level_histogram: i.levelHistogram,
    sections,
    checksums_ok: verify ? sections.every((s) => s.checksum_ok === true) : null,
  }
}

export function describeVectorFile(path: string, format: string, dimension?: number, column?: string): VectorFileReport {
  const v = native().describeVectors(path, {format, dimension, column})
  return {
    kind: 'vectors',
    path,
    format: v.format,
    rows: v.rows,
    dimension: v.dimension,
    shape: v.oneDimensional ? [v.dimension] : [v.rows, v.dimension],
    dtype: v.dtype,
    byte_order: v.byteOrder,
    memory_order: v.memoryOrder,
    npy_version: v.npyVersion ?? null,
    data_offset: v.dataOffset,
    file_size_bytes: v.fileSize,
    ...(v.column === undefined || v.column === null ? {} : {column: v.column, row_groups: v.rowGroups ?? 0}),
  }
}
