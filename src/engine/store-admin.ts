// checkpoint, checkpoint --verify, checkpoint --compact and info --db.

import {native} from './binding.js'
import {withReader, withWriter, type WriterOptions} from './store.js'

export interface CompactionReport {
  segments_before: number
  segments_after: number
  entries_before: number
  entries_after: number
  bytes_before: number
  bytes_after: number
  duration_ms: number
}

export interface CheckpointReport {
  db: string
  /** Every commit up to this LSN is in segments. */
  lsn: number
  duration_ms: number
  wal_bytes_before: number
  wal_bytes_after: number
  segments: number
  compaction?: CompactionReport
}

export async function checkpointStore(o: WriterOptions & {compact: boolean}): Promise<CheckpointReport> {
  return withWriter(o, (s) => {
    const started = performance.now()
    const cp = s.checkpoint()
    const report: CheckpointReport = {
      db: o.db,
      lsn: cp.lsn,
      duration_ms: cp.durationMs,
      wal_bytes_before: cp.walBytesBefore,
      wal_bytes_after: cp.walBytesAfter,
      segments: cp.segments,
    }
    if (o.compact) {
      const c = s.compact()
      report.segments = c.segmentsAfter
      report.compaction = {
        segments_before: c.segmentsBefore,
        segments_after: c.segmentsAfter,
        entries_before: c.entriesBefore,
        entries_after: c.entriesAfter,
        bytes_before: c.bytesBefore,
        bytes_after: c.bytesAfter,
        duration_ms: c.durationMs,
      }
      report.duration_ms = Math.round(performance.now() - started)
    }
    return report
  })
}

export interface VerifyReport {
  db: string
  valid: boolean
  /** Segment entries plus committed WAL writes that passed their checks. */
  entries: number
  last_valid_lsn: number
  checkpoint_lsn: number
  segments: number
  /** An unfinished WAL tail the next writer cuts off (not corruption). */
  torn_tail: string | null
  /** One line per problem, naming the file and byte offset. */
  corrupted: string[]
}

/** Checks every checksum of every file of the store; reads only, takes no lock. */
export function verifyStore(db: string): VerifyReport {
  const r = native().storeVerify(db)
  return {
    db,
    valid: r.valid,
    entries: r.entries,
    last_valid_lsn: r.lastValidLsn,
    checkpoint_lsn: r.checkpointLsn,
    segments: r.segments,
    torn_tail: r.tornTail ?? null,
    corrupted: r.corrupted,
  }
}

export interface StoreReport {
  kind: 'database'
  db: string
  /** Live keys, SQL's included. */
  keys: number
  segments: number
  segment_entries: number
  memtable_entries: number
  wal_bytes: number
  /** The last LSN given to a commit. */
  lsn: number
  checkpoint_lsn: number
  disk_bytes: number
}

export function describeStore(db: string): StoreReport {
  const st = withReader(db, (s) => s.stats())
  return {
    kind: 'database',
    db,
    keys: st.keys,
    segments: st.segments,
    segment_entries: st.segmentEntries,
    memtable_entries: st.memtableEntries,
    wal_bytes: st.walBytes,
    lsn: st.lsn,
    checkpoint_lsn: st.checkpointLsn,
    disk_bytes: st.diskBytes,
  }
}
