//! The index file layout (format version 4; versions 2 and 3 are still read). Little-endian throughout; every section
//! starts at a multiple of 64 bytes, so a memory mapping can be read in place as f32 /
//! u32 / u64 arrays with no per-node decoding. Gaps are zero bytes.
//!
//! ```text
//! header (256 bytes)
//!   0   8  magic "SOCHHNSW"
//!   8   4  u32 format version (4; 3 and 2 differ only in the codes section)
//!   12  4  u32 header size in bytes (256)
//!   16  4  u32 metric: 0 cosine, 1 l2, 2 ip
//!   20  4  u32 flags: bit 0 = vectors stored normalised to unit length (cosine);
//!          bit 1 = codes only: no f32 vectors (the `vectors` section is empty; version ≥ 3)
//!   24  8  u64 dimension D
//!   32  8  u64 count N (nodes)
//!   40  4  u32 M (links per node on layers ≥ 1)
//!   44  4  u32 M0 (links per node on layer 0; 2·M)
//!   48  4  u32 ef_construction
//!   52  4  u32 max level (top layer of the entry point)
//!   56  4  u32 entry point (internal node; 0xFFFFFFFF when N = 0)
//!   60  4  u32 section count (5)
//!   64  8  u64 seed of the level generator
//!   72  8  u64 B = upper-layer blocks (sum of all node levels)
//!   80  160 section table, 5 entries of 32 bytes, in file order:
//!           8 name (ASCII, zero-padded): vectors, level0, levels, ids, codes
//!           8 u64 offset (multiple of 64)   8 u64 length   4 u32 CRC32   4 zero
//!   240 4  u32 CRC32 (IEEE, crc32fast) of bytes 0..240
//!   244 12 zero
//! vectors  N × D f32: node i's vector (internal order)              length 4·N·D (0: codes only)
//! level0   N × (1 + M0) u32: count, then M0 slots (unused = 0)      length 4·N·(1+M0)
//! levels   N × u32: top level of each node
//!          zero to a multiple of 8, then N × u64: node's first upper block
//!          B × (1 + M) u32: count, then M slots; node n's layer l ≥ 1 list is
//!          block first[n] + l − 1                                 length see `levels_len`
//! ids      N × u64: external id of each internal node (input row or user id)
//! codes    the compact copy the build and the graph walk read (codes.rs), version 4:
//!          int8 (codes_i8.rs), S = D rounded up to 16: S × f32 mean μ (zero past D);
//!          64 bytes holding the f32 scale s (then zeros); only when S − D < 4: N × f32
//!          aux, zero to a multiple of 64 bytes; N × S i8 codes, node i's row at i·S,
//!          zero past D except, when S − D ≥ 4, its last 4 bytes: its aux as an f32.
//!          Version 3: always the aux array; rows zero past D.
//!          Version 2: bf16 (codes_bf16.rs), S = D rounded up to 32: S × f32 mean; N × f32
//!          aux, zero to a multiple of 64 bytes; N × S bf16 (u16) codes.
//!                                                             length see `codes_layout`
//! ```
//! A section CRC covers exactly its `length` bytes. `Index::open` checks the magic,
//! version, header CRC and that each section has its expected length and lies inside the
//! file; section CRCs are checked by `Index::verify` (it reads everything).

use super::distance::Metric;

pub const MAGIC: &[u8; 8] = b"SOCHHNSW";
pub const VERSION: u32 = 4;
/// The oldest format this build reads (2: bf16 codes; 3: int8 codes, aux array).
pub const OLDEST_VERSION: u32 = 2;
pub const HEADER_SIZE: usize = 256;
pub const HEADER_CRC_AT: usize = 240;
pub const SECTION_TABLE_AT: usize = 80;
pub const SECTIONS: usize = 5;
pub const SECTION_NAMES: [&str; SECTIONS] = ["vectors", "level0", "levels", "ids", "codes"];
pub const ALIGN: u64 = 64;
pub const FLAG_NORMALIZED: u32 = 1;
pub const FLAG_CODES_ONLY: u32 = 2;

#[derive(Clone, Debug)]
pub struct IndexHeader {
    pub version: u32,
    pub dimension: usize,
    pub count: usize,
    pub metric: Metric,
    pub m: usize,
    pub m0: usize,
    pub ef_construction: usize,
    pub entry_point: u32,
    pub max_level: usize,
    pub seed: u64,
    /// Vectors are stored unit length (cosine): search is then 1 − dot.
    pub normalized: bool,
    /// False for a codes-only index (`build-index --codes-only`): no f32 vectors, so
    /// distances come from the int8 codes.
    pub vectors_stored: bool,
    /// Upper-layer list blocks (the sum of node levels).
    pub upper_blocks: u64,
}

#[derive(Clone, Debug)]
pub struct SectionInfo {
    pub name: &'static str,
    pub offset: u64,
    pub length: u64,
    pub checksum: u32,
    /// None when not verified.
    pub checksum_ok: Option<bool>,
}

pub fn align_up(x: u64) -> u64 {
    x.div_ceil(ALIGN) * ALIGN
}

/// Offsets inside the `levels` section: (first-block array, upper lists, total length).
/// None on overflow (only a corrupt header can get there).
pub fn levels_layout(count: u64, m: u64, blocks: u64) -> Option<(u64, u64, u64)> {
    let first_at = count.checked_mul(4)?.checked_add(7)? / 8 * 8;
    let upper_at = first_at.checked_add(count.checked_mul(8)?)?;
    let len = upper_at.checked_add(blocks.checked_mul(m.checked_add(1)?)?.checked_mul(4)?)?;
    Some((first_at, upper_at, len))
}

/// Where the parts of the `codes` section lie, in bytes from its start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodesLayout {
    /// Row length in values (i8 in versions 3, 4; u16 in version 2).
    pub stride: u64,
    /// The f32 scale (versions 3, 4; None in version 2).
    pub scale_at: Option<u64>,
    /// The aux array; None when each row holds its aux (version 4, `aux_in_row`).
    pub aux_at: Option<u64>,
    pub codes_at: u64,
    pub len: u64,
}

/// The `codes` section of a file of `version`. None on overflow.
pub fn codes_layout(version: u32, count: u64, dim: u64) -> Option<CodesLayout> {
    let (lanes, value_bytes) = if version >= 3 { (16, 1) } else { (32, 2) };
    let stride = dim.checked_add(lanes - 1)? / lanes * lanes;
    let mean_len = stride.checked_mul(4)?;
    let scale_at = (version >= 3).then_some(mean_len);
    let aux_start = mean_len + if version >= 3 { ALIGN } else { 0 };
    let in_row = version >= 4 && stride - dim >= 4;
    debug_assert!(!in_row || super::codes_i8::aux_in_row(dim as usize));
    let (aux_at, codes_at) = if in_row {
        (None, aux_start)
    } else {
        let end = aux_start.checked_add(align_up(count.checked_mul(4)?))?;
        (Some(aux_start), end)
    };
    let len = codes_at.checked_add(count.checked_mul(stride)?.checked_mul(value_bytes)?)?;
    Some(CodesLayout {
        stride,
        scale_at,
        aux_at,
        codes_at,
        len,
    })
}

/// Expected length of each section, in `SECTION_NAMES` order.
pub fn section_lengths(h: &IndexHeader) -> Option<[u64; SECTIONS]> {
    let (n, d) = (h.count as u64, h.dimension as u64);
    Some([
        if h.vectors_stored {
            n.checked_mul(d)?.checked_mul(4)?
        } else {
            0
        },
        n.checked_mul(h.m0 as u64 + 1)?.checked_mul(4)?,
        levels_layout(n, h.m as u64, h.upper_blocks)?.2,
        n.checked_mul(8)?,
        codes_layout(h.version, n, d)?.len,
    ])
}

/// The header bytes (CRC included) for `h` and its section table.
pub fn encode_header(h: &IndexHeader, sections: &[SectionInfo; SECTIONS]) -> [u8; HEADER_SIZE] {
    let mut b = [0u8; HEADER_SIZE];
    let mut put = |at: usize, bytes: &[u8]| b[at..at + bytes.len()].copy_from_slice(bytes);
    put(0, MAGIC);
    put(8, &h.version.to_le_bytes());
    put(12, &(HEADER_SIZE as u32).to_le_bytes());
    put(16, &h.metric.code().to_le_bytes());
    put(
        20,
        &((if h.normalized { FLAG_NORMALIZED } else { 0 })
            | (if h.vectors_stored { 0 } else { FLAG_CODES_ONLY }))
        .to_le_bytes(),
    );
    put(24, &(h.dimension as u64).to_le_bytes());
    put(32, &(h.count as u64).to_le_bytes());
    put(40, &(h.m as u32).to_le_bytes());
    put(44, &(h.m0 as u32).to_le_bytes());
    put(48, &(h.ef_construction as u32).to_le_bytes());
    put(52, &(h.max_level as u32).to_le_bytes());
    put(56, &h.entry_point.to_le_bytes());
    put(60, &(SECTIONS as u32).to_le_bytes());
    put(64, &h.seed.to_le_bytes());
    put(72, &h.upper_blocks.to_le_bytes());
    for (i, s) in sections.iter().enumerate() {
        let at = SECTION_TABLE_AT + 32 * i;
        put(at, s.name.as_bytes());
        put(at + 8, &s.offset.to_le_bytes());
        put(at + 16, &s.length.to_le_bytes());
        put(at + 24, &s.checksum.to_le_bytes());
    }
    let crc = crc32fast::hash(&b[..HEADER_CRC_AT]);
    b[HEADER_CRC_AT..HEADER_CRC_AT + 4].copy_from_slice(&crc.to_le_bytes());
    b
}

pub fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

pub fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}
