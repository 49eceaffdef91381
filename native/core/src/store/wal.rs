//! The write-ahead log: the write path to durable store state (DESIGN.md invariant 8),
//! except for the large sorted batches [`Store::ingest`](super::Store::ingest) commits
//! straight into a segment by a checkpoint.
//!
//! A WAL file `wal-NNNNNNNNNN.wal` (decimal file id, zero-padded to 10 digits) is a
//! 32-byte header followed by records. All integers little-endian.
//!
//! Header:
//! ```text
//! 0   8  magic "SOCHWAL\0"
//! 8   4  format version (u32) = 1
//! 12  4  CRC-32 of bytes 16..32
//! 16  8  file id (u64), the same as in the file name
//! 24  8  base LSN (u64): the checkpoint LSN when the file was created; the first record has base + 1
//! ```
//! Record (17-byte header, then the payload):
//! ```text
//! 0   4  CRC-32 of bytes 4..17+len (everything after this field)
//! 4   4  len: payload length (u32)
//! 8   1  kind: 1 put, 2 delete, 3 commit
//! 9   8  LSN (u64): exactly one more than the previous record's
//! 17  len payload:
//!        put:    key length (u32), key bytes, value bytes (the rest)
//!        delete: key bytes (the whole payload); a real tombstone
//!        commit: number of put/delete records in the batch (u32)
//! ```
//! A batch is its put/delete records followed by one commit record, written with one
//! `write` call; its records become visible only when the commit record is read.

use super::codec::{corrupt, crc, le_u32, le_u64, put_u32};
use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub const WAL_MAGIC: &[u8; 8] = b"SOCHWAL\0";
pub const WAL_VERSION: u32 = 1;
pub const HEADER_LEN: usize = 32;
pub const RECORD_HEADER_LEN: usize = 17;
const KIND_PUT: u8 = 1;
const KIND_DELETE: u8 = 2;
const KIND_COMMIT: u8 = 3;

/// The recovery policy, applied by [`replay`] record by record from the header on.
pub const RECOVERY_POLICY: &str = "torn-tail-only: a record that is incomplete or fails its \
checksum ends the log if no valid record follows it anywhere in the file (a torn write, cut \
off); if a valid record follows, it is corruption and the open fails naming the offset. \
Records after the last commit are an unfinished batch and are ignored (cut off). A record \
with a good checksum but a wrong LSN, kind or payload is corruption.";

/// Header of a WAL file.
#[derive(Clone, Copy, Debug)]
pub struct WalHeader {
    pub file_id: u64,
    pub base_lsn: u64,
}

pub fn encode_header(file_id: u64, base_lsn: u64) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0..8].copy_from_slice(WAL_MAGIC);
    h[8..12].copy_from_slice(&WAL_VERSION.to_le_bytes());
    h[16..24].copy_from_slice(&file_id.to_le_bytes());
    h[24..32].copy_from_slice(&base_lsn.to_le_bytes());
    let c = crc(&h[16..32]);
    h[12..16].copy_from_slice(&c.to_le_bytes());
    h
}

pub fn decode_header(bytes: &[u8], path: &Path) -> Result<WalHeader> {
    if bytes.len() < HEADER_LEN {
        return Err(corrupt(path, 0, "WAL header is incomplete"));
    }
    if &bytes[0..8] != WAL_MAGIC {
        return Err(corrupt(path, 0, "not a sochdb WAL file (bad magic)"));
    }
    let version = le_u32(bytes, 8);
    if version != WAL_VERSION {
        return Err(corrupt(
            path,
            8,
            &format!("unsupported WAL format version {version} (this build reads {WAL_VERSION})"),
        ));
    }
    if le_u32(bytes, 12) != crc(&bytes[16..32]) {
        return Err(corrupt(path, 12, "WAL header checksum mismatch"));
    }
    Ok(WalHeader {
        file_id: le_u64(bytes, 16),
        base_lsn: le_u64(bytes, 24),
    })
}

/// Appends a put (`value` is `Some`) or delete record with LSN and CRC left zero; [`seal`]
/// fills them in when the batch is written.
pub fn push_op(buf: &mut Vec<u8>, key: &[u8], value: Option<&[u8]>) {
    let (kind, len) = match value {
        Some(v) => (KIND_PUT, 4 + key.len() + v.len()),
        None => (KIND_DELETE, key.len()),
    };
    put_u32(buf, 0);
    // Lengths are checked against MAX_KEY_LEN/MAX_VALUE_LEN before a batch is written;
    // saturating keeps an oversized batch from wrapping before that check rejects it.
    put_u32(buf, u32::try_from(len).unwrap_or(u32::MAX));
    buf.push(kind);
    buf.extend_from_slice(&[0u8; 8]);
    if let Some(v) = value {
        put_u32(buf, key.len() as u32);
        buf.extend_from_slice(key);
        buf.extend_from_slice(v);
    } else {
        buf.extend_from_slice(key);
    }
}

/// Gives the records in `buf` (built by [`push_op`]) consecutive LSNs from `first_lsn`,
/// appends the commit record, and computes every CRC. Returns the commit LSN.
pub fn seal(buf: &mut Vec<u8>, first_lsn: u64, ops: u32) -> u64 {
    let mut lsn = first_lsn;
    let mut pos = 0;
    while pos < buf.len() {
        let end = pos + RECORD_HEADER_LEN + le_u32(buf, pos + 4) as usize;
        buf[pos + 9..pos + 17].copy_from_slice(&lsn.to_le_bytes());
        let c = crc(&buf[pos + 4..end]);
        buf[pos..pos + 4].copy_from_slice(&c.to_le_bytes());
        lsn += 1;
        pos = end;
    }
    let start = buf.len();
    put_u32(buf, 0);
    put_u32(buf, 4);
    buf.push(KIND_COMMIT);
    buf.extend_from_slice(&lsn.to_le_bytes());
    put_u32(buf, ops);
    let c = crc(&buf[start + 4..]);
    buf[start..start + 4].copy_from_slice(&c.to_le_bytes());
    lsn
}

/// Calls `f` for each put/delete record of a sealed batch (as [`seal`] leaves it).
pub fn for_each_op<'a>(sealed: &'a [u8], mut f: impl FnMut(Op<'a>)) {
    let mut pos = 0;
    while pos < sealed.len() {
        let end = pos + RECORD_HEADER_LEN + le_u32(sealed, pos + 4) as usize;
        let payload = &sealed[pos + RECORD_HEADER_LEN..end];
        match sealed[pos + 8] {
            KIND_PUT => {
                let klen = le_u32(payload, 0) as usize;
                f(Op {
                    key: &payload[4..4 + klen],
                    value: Some(&payload[4 + klen..]),
                });
            }
            KIND_DELETE => f(Op {
                key: payload,
                value: None,
            }),
            _ => {}
        }
        pos = end;
    }
}

/// One put (`value: Some`) or delete of a committed batch, borrowed from the WAL bytes.
#[derive(Clone, Copy, Debug)]
pub struct Op<'a> {
    pub key: &'a [u8],
    pub value: Option<&'a [u8]>,
}

/// What [`replay`] found.
#[derive(Clone, Debug, Default)]
pub struct Replay {
    /// Byte offset just past the last commit record: where the log is cut and appended to.
    pub committed_end: u64,
    /// LSN of the last commit record, or the header's base LSN if there is none.
    pub last_lsn: u64,
    /// Put/delete records in committed batches.
    pub ops: u64,
    /// Committed batches.
    pub batches: u64,
    /// Why the file does not end at `committed_end`, if it does not (a torn tail).
    pub torn: Option<String>,
}

enum Bad {
    /// Incomplete or failing its checksum: torn if nothing valid follows.
    Damaged(&'static str),
    /// Checksum good, content wrong: always corruption.
    Invalid(String),
}

struct Rec<'a> {
    kind: u8,
    lsn: u64,
    payload: &'a [u8],
    end: usize,
}

fn parse(bytes: &[u8], pos: usize) -> std::result::Result<Rec<'_>, Bad> {
    if bytes.len() - pos < RECORD_HEADER_LEN {
        return Err(Bad::Damaged("incomplete record header"));
    }
    let end = pos + RECORD_HEADER_LEN + le_u32(bytes, pos + 4) as usize;
    if end > bytes.len() {
        return Err(Bad::Damaged("record runs past the end of the file"));
    }
    if le_u32(bytes, pos) != crc(&bytes[pos + 4..end]) {
        return Err(Bad::Damaged("record checksum mismatch"));
    }
    let kind = bytes[pos + 8];
    let payload = &bytes[pos + RECORD_HEADER_LEN..end];
    let ok = match kind {
        KIND_PUT => payload.len() >= 4 && le_u32(payload, 0) as usize <= payload.len() - 4,
        KIND_DELETE => true,
        KIND_COMMIT => payload.len() == 4,
        _ => false,
    };
    if !ok {
        return Err(Bad::Invalid(format!(
            "record of kind {kind} has a malformed payload"
        )));
    }
    Ok(Rec {
        kind,
        lsn: le_u64(bytes, pos + 9),
        payload,
        end,
    })
}

/// The offset of the first record after `from` that passes its checksum and continues
/// the log (LSN above `after_lsn`), if any: the test that tells a torn tail from damage.
fn valid_record_after(bytes: &[u8], from: usize, after_lsn: u64) -> Option<usize> {
    (from..bytes.len().saturating_sub(RECORD_HEADER_LEN - 1)).find(|&p| {
        (KIND_PUT..=KIND_COMMIT).contains(&bytes[p + 8])
            && le_u64(bytes, p + 9) > after_lsn
            && matches!(parse(bytes, p), Ok(r) if r.lsn > after_lsn)
    })
}

/// Reads a whole WAL image under [`RECOVERY_POLICY`], calling `apply` with the commit LSN
/// and the ops of each committed batch in order. Fails with `Error::Corrupt` naming `path` and the byte
/// offset; never reads past damage.
pub fn replay<'a>(
    bytes: &'a [u8],
    path: &Path,
    mut apply: impl FnMut(u64, &[Op<'a>]),
) -> Result<(WalHeader, Replay)> {
    let header = decode_header(bytes, path)?;
    let mut rep = Replay {
        committed_end: HEADER_LEN as u64,
        last_lsn: header.base_lsn,
        ..Replay::default()
    };
    let mut pending: Vec<Op<'a>> = Vec::new();
    let mut last_lsn = header.base_lsn;
    let mut pos = HEADER_LEN;
    while pos < bytes.len() {
        let rec = match parse(bytes, pos) {
            Ok(rec) => rec,
            Err(Bad::Invalid(why)) => return Err(corrupt(path, pos as u64, &why)),
            Err(Bad::Damaged(why)) => {
                if let Some(at) = valid_record_after(bytes, pos + 1, last_lsn) {
                    let why = format!("{why}, yet a valid record follows at byte offset {at}");
                    return Err(corrupt(path, pos as u64, &why));
                }
                rep.torn = Some(format!("{why} at byte offset {pos}"));
                break;
            }
        };
        if rec.lsn != last_lsn + 1 {
            let why = format!(
                "record has LSN {} where {} was expected",
                rec.lsn,
                last_lsn + 1
            );
            return Err(corrupt(path, pos as u64, &why));
        }
        match rec.kind {
            KIND_PUT => {
                let klen = le_u32(rec.payload, 0) as usize;
                pending.push(Op {
                    key: &rec.payload[4..4 + klen],
                    value: Some(&rec.payload[4 + klen..]),
                });
            }
            KIND_DELETE => pending.push(Op {
                key: rec.payload,
                value: None,
            }),
            _ => {
                let count = le_u32(rec.payload, 0) as usize;
                if count != pending.len() {
                    let why = format!(
                        "commit record counts {count} writes but its batch has {}",
                        pending.len()
                    );
                    return Err(corrupt(path, pos as u64, &why));
                }
                apply(rec.lsn, &pending);
                rep.ops += count as u64;
                rep.batches += 1;
                rep.committed_end = rec.end as u64;
                rep.last_lsn = rec.lsn;
                pending.clear();
            }
        }
        last_lsn = rec.lsn;
        pos = rec.end;
    }
    if rep.torn.is_none() && !pending.is_empty() {
        rep.torn = Some(format!(
            "batch of {} writes without a commit record at byte offset {}",
            pending.len(),
            rep.committed_end
        ));
    }
    Ok((header, rep))
}

/// The open WAL file a writer appends to.
pub struct WalWriter {
    file: File,
    path: PathBuf,
    len: u64,
    /// Fault injection for the poisoning tests.
    #[cfg(test)]
    pub fail_sync: bool,
    /// Fault injection: the next appends write half their bytes, then fail as a full disk.
    #[cfg(test)]
    pub fail_append: bool,
}

impl WalWriter {
    /// Creates a new WAL file holding only its header, fsynced (the caller fsyncs the
    /// directory before a manifest names the file).
    pub fn create(path: &Path, file_id: u64, base_lsn: u64) -> Result<WalWriter> {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|e| Error::io("cannot create WAL", path, e))?;
        file.write_all(&encode_header(file_id, base_lsn))
            .and_then(|_| file.sync_all())
            .map_err(|e| Error::io("cannot write WAL", path, e))?;
        Ok(WalWriter::wrap(file, path, HEADER_LEN as u64))
    }

    /// Opens an existing WAL for appending at `committed_end`, first cutting off (and
    /// fsyncing the cut of) any torn tail beyond it.
    pub fn open(path: &Path, committed_end: u64) -> Result<WalWriter> {
        let mut file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| Error::io("cannot open WAL", path, e))?;
        let len = file
            .metadata()
            .map_err(|e| Error::io("cannot read WAL", path, e))?
            .len();
        if len != committed_end {
            file.set_len(committed_end)
                .and_then(|_| file.sync_all())
                .map_err(|e| Error::io("cannot cut the torn tail of WAL", path, e))?;
        }
        file.seek(SeekFrom::Start(committed_end))
            .map_err(|e| Error::io("cannot seek WAL", path, e))?;
        Ok(WalWriter::wrap(file, path, committed_end))
    }

    fn wrap(file: File, path: &Path, len: u64) -> WalWriter {
        WalWriter {
            file,
            path: path.to_path_buf(),
            len,
            #[cfg(test)]
            fail_sync: false,
            #[cfg(test)]
            fail_append: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes in the file.
    pub fn size(&self) -> u64 {
        self.len
    }

    pub fn append(&mut self, bytes: &[u8]) -> Result<()> {
        #[cfg(test)]
        if self.fail_append {
            let _ = self.file.write_all(&bytes[..bytes.len() / 2]);
            let e = std::io::Error::from_raw_os_error(libc::ENOSPC);
            return Err(Error::io("cannot append to WAL", &self.path, e));
        }
        self.file
            .write_all(bytes)
            .map_err(|e| Error::io("cannot append to WAL", &self.path, e))?;
        self.len += bytes.len() as u64;
        Ok(())
    }

    pub fn sync(&mut self) -> Result<()> {
        #[cfg(test)]
        if self.fail_sync {
            let e = std::io::Error::other("injected fsync failure");
            return Err(Error::io("cannot fsync WAL", &self.path, e));
        }
        self.file
            .sync_data()
            .map_err(|e| Error::io("cannot fsync WAL", &self.path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Batch<'a> = &'a [(&'a [u8], Option<&'a [u8]>)];

    fn image(batches: &[Batch<'_>]) -> Vec<u8> {
        let mut out = encode_header(1, 0).to_vec();
        let mut lsn = 1;
        for batch in batches {
            let mut buf = Vec::new();
            for (k, v) in batch.iter() {
                push_op(&mut buf, k, *v);
            }
            lsn = seal(&mut buf, lsn, batch.len() as u32) + 1;
            out.extend_from_slice(&buf);
        }
        out
    }

    #[test]
    fn replays_committed_batches_in_order() {
        let bytes = image(&[&[(b"a", Some(b"1")), (b"b", None)], &[(b"c", Some(b""))]]);
        let mut seen = Vec::new();
        let (h, rep) = replay(&bytes, Path::new("w"), |_, ops| seen.push(ops.len())).unwrap();
        assert_eq!((h.file_id, h.base_lsn), (1, 0));
        assert_eq!(seen, [2, 1]);
        assert_eq!((rep.last_lsn, rep.ops, rep.batches), (5, 3, 2));
        assert_eq!(rep.committed_end, bytes.len() as u64);
        assert!(rep.torn.is_none());
    }

    #[test]
    fn zero_filled_tail_is_torn_not_corrupt() {
        let mut bytes = image(&[&[(b"a", Some(b"1"))]]);
        let end = bytes.len();
        bytes.extend_from_slice(&[0u8; 100]);
        let (_, rep) = replay(&bytes, Path::new("w"), |_, _| {}).unwrap();
        assert_eq!(rep.committed_end, end as u64);
        assert!(rep.torn.is_some());
    }

    #[test]
    fn damaged_length_before_valid_records_is_corrupt() {
        let mut bytes = image(&[&[(b"a", Some(b"1"))], &[(b"b", Some(b"2"))]]);
        bytes[HEADER_LEN + 5] = 0x7F; // the first record's length now runs past the end
        let err = replay(&bytes, Path::new("w"), |_, _| {}).unwrap_err();
        assert!(
            matches!(err, Error::Corrupt(ref m) if m.contains("byte offset 32")),
            "{err}"
        );
    }
}
