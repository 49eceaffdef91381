//! Checksums made right again after a mutation, so that a reader's structural checks
//! (sizes, offsets, counts) are what stands between the bytes and a panic, as for a
//! file written by a buggy or hostile program. Layouts: docs/FORMATS.md.

fn u32_at(b: &[u8], at: usize) -> Option<usize> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize)
}

fn u64_at(b: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?)).ok()
}

fn put_crc(b: &mut [u8], at: usize, from: usize, to: usize) {
    if from <= to && to <= b.len() && at + 4 <= b.len() {
        let crc = crc32fast::hash(&b[from..to]);
        b[at..at + 4].copy_from_slice(&crc.to_le_bytes());
    }
}

/// The index header's CRC (bytes 0..240, stored at 240).
pub fn index(b: &mut [u8]) {
    put_crc(b, 240, 0, 240);
}

/// By file name: MANIFEST, wal-*.wal, seg-*.sst.
pub fn store_file(name: &str, b: &mut [u8]) {
    if name == "MANIFEST" {
        // The body is the rest of the file; its length is checked before its CRC.
        if b.len() >= 20 {
            let body = (b.len() - 20) as u32;
            b[12..16].copy_from_slice(&body.to_le_bytes());
            put_crc(b, 16, 20, b.len());
        }
    } else if name.ends_with(".wal") {
        put_crc(b, 12, 16, 32);
        let mut at = 32;
        while let Some(len) = u32_at(b, at + 4) {
            let end = at.saturating_add(17).saturating_add(len);
            if end > b.len() {
                break;
            }
            put_crc(b, at, at + 4, end);
            at = end;
        }
    } else if name.ends_with(".sst") && b.len() >= 72 {
        let footer = b.len() - 56;
        let field = |i: usize| u64_at(b, footer + 8 * i);
        if let (Some(io), Some(il), Some(fo), Some(fl)) = (field(0), field(1), field(2), field(3)) {
            let ie = io.saturating_add(il);
            for (off, len) in blocks(b, io, ie.min(b.len())) {
                let end = off.saturating_add(len);
                put_crc(b, end, off, end);
            }
            put_crc(b, ie, io, ie);
            let fe = fo.saturating_add(fl);
            put_crc(b, fe, fo, fe);
        }
        put_crc(b, footer + 48, footer, footer + 48);
    }
}

/// An unsigned LEB128 varint at `*at`, below `to`.
fn varint(b: &[u8], at: &mut usize, to: usize) -> Option<usize> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        if *at >= to {
            return None;
        }
        let byte = *b.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return usize::try_from(v).ok();
        }
    }
    None
}

/// (offset, entries length) of each data block a segment's index lists.
fn blocks(b: &[u8], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut at = from;
    let mut out = Vec::new();
    while let Some(klen) = varint(b, &mut at, to) {
        at = at.saturating_add(klen);
        let (Some(off), Some(len)) = (varint(b, &mut at, to), varint(b, &mut at, to)) else {
            break;
        };
        out.push((off, len));
    }
    out
}
