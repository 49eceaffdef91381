//! Targets `npy`, `fvecs`, `raw`: a vector file with generated and mutated header and
//! body, opened as `info --input`, `convert`, `build-index` (input and `--ids`) and
//! `query` (file and stdin) open it.

use sochdb_core::hnsw::{Index, Metric, Ordering};
use sochdb_core::session::{BuildConfig, BuildSession, QuerySession, QuerySource};
use sochdb_core::vectors::{self, read_ids, Format, OpenOptions, VectorFile};
use std::path::Path;

use crate::case::Case;
use crate::index::base_index;
use crate::mutate::mutate;
use crate::rng::{interesting_u64, Rng};

/// Cells past which a file is only described, not read whole (a generous 16 MiB of f32).
const MAX_CELLS: usize = 4 << 20;

/// A cell: finite in most files (build and query refuse NaN and infinity, which would
/// stop the case before the rest runs), anything at all in one file in five.
fn cell(rng: &mut Rng, dirty: bool) -> f32 {
    if dirty {
        rng.f32()
    } else {
        (rng.below(2001) as f32) / 1000.0 - 1.0
    }
}

fn dim_value(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => interesting_u64(rng).to_string(),
        1 => format!("-{}", rng.below(3)),
        _ => rng.range(0, 12).to_string(),
    }
}

fn npy_bytes(rng: &mut Rng) -> Vec<u8> {
    let dirty = rng.one_in(5);
    // Mostly what numpy writes, so that the body and the later steps are reached too.
    let descr = if rng.one_in(5) {
        *rng.pick(&[
            ">f4", ">f8", ">f2", "|f4", "=f4", "f4", "<i8", "<u8", "<i4", "|u1", "|b1", "<c8",
            "<U4", "|O", "<f16", "", "<f", "<f4x", "float32",
        ])
    } else {
        *rng.pick(&["<f4", "<f4", "<f4", "<f8", "<f2"])
    };
    let fortran = if rng.one_in(6) {
        *rng.pick(&["True", "0", "1", "None", "'False'"])
    } else {
        "False"
    };
    let (rows, dim) = (rng.range(0, 40), rng.range(0, 12));
    let shape = match rng.below(20) {
        0 => "()".to_string(),
        1 => format!("({rows},)"),
        2 => format!("({rows}, {dim}, {})", rng.range(0, 3)),
        3 => format!("({}, {})", dim_value(rng), dim_value(rng)),
        4 => format!("({rows}L, {dim}L)"),
        5 => format!("( {rows} ,{dim} , )"),
        6 => format!("[{rows}, {dim}]"),
        _ => format!("({rows}, {dim})"),
    };
    let mut fields = vec![
        format!("'descr': '{descr}'"),
        format!("'fortran_order': {fortran}"),
        format!("'shape': {shape}"),
    ];
    if rng.one_in(8) {
        fields.remove(rng.below(3));
    }
    if rng.one_in(8) {
        fields.push(
            rng.pick(&[
                "'extra': 1",
                "'descr': '<f8'",
                "\"shape\": (1, 1)",
                "'x': [(1, 2), {}]",
            ])
            .to_string(),
        );
    }
    if rng.one_in(4) {
        let j = rng.below(fields.len());
        fields.swap(0, j);
    }
    let mut dict = format!("{{{}, }}", fields.join(", "));
    if rng.one_in(10) {
        dict = dict.replace(", }", "}");
    }
    let version = match rng.below(20) {
        0 => 2u8,
        1 => 3,
        2 => rng.byte(),
        _ => 1,
    };
    let len_bytes = if version == 1 { 2 } else { 4 };
    let prefix = 6 + 2 + len_bytes;
    let mut header = dict.into_bytes();
    if !rng.one_in(10) {
        while (prefix + header.len() + 1) % 64 != 0 {
            header.push(b' ');
        }
        header.push(b'\n');
    }
    let mut out = b"\x93NUMPY".to_vec();
    out.push(version);
    out.push(if rng.one_in(20) { 1 } else { 0 });
    let hlen = if rng.one_in(10) {
        interesting_u64(rng) as usize
    } else {
        header.len()
    };
    if len_bytes == 2 {
        out.extend_from_slice(&(hlen as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&(hlen as u32).to_le_bytes());
    }
    out.extend_from_slice(&header);
    let item = match descr.get(1..) {
        Some("f2") => 2,
        Some("f8") | Some("i8") | Some("u8") | Some("c8") => 8,
        _ => 4,
    };
    let mut cells = rows * dim.max(1);
    match rng.below(16) {
        0 => cells = cells.saturating_sub(rng.range(1, 3)),
        1 => cells += rng.range(1, 3),
        _ => {}
    }
    for _ in 0..cells * item / 4 {
        out.extend_from_slice(&cell(rng, dirty).to_le_bytes());
    }
    if rng.one_in(4) {
        let hot = out.len().min(prefix + header.len());
        mutate(rng, &mut out, 4, hot);
    }
    out
}

fn fvecs_bytes(rng: &mut Rng) -> Vec<u8> {
    let (rows, dim) = (rng.range(0, 30), rng.range(0, 12) as i32);
    let dirty = rng.one_in(5);
    let mut out = Vec::new();
    for r in 0..rows {
        let d = if rng.one_in(60) {
            *rng.pick(&[0, -1, dim + 1, i32::MAX, i32::MIN, 1 << 20])
        } else {
            dim
        };
        out.extend_from_slice(&d.to_le_bytes());
        let body = if r + 1 == rows && rng.one_in(10) {
            rng.below(dim.max(1) as usize)
        } else {
            dim.max(0) as usize
        };
        for _ in 0..body {
            out.extend_from_slice(&cell(rng, dirty).to_le_bytes());
        }
    }
    if rng.one_in(5) {
        mutate(rng, &mut out, 4, 4);
    }
    out
}

/// Raw f32 bytes and the dimension they were made with (given as --dimension mostly).
fn raw_bytes(rng: &mut Rng) -> (Vec<u8>, usize) {
    let (rows, d, dirty) = (rng.range(0, 60), rng.range(1, 12), rng.one_in(5));
    let mut n = match rng.below(8) {
        0 => rng.below(8),
        _ => rows * d * 4,
    };
    if rng.one_in(8) {
        n += rng.range(1, 3);
    }
    let bytes = (0..n.div_ceil(4))
        .flat_map(|_| cell(rng, dirty).to_le_bytes())
        .take(n)
        .collect();
    (bytes, d)
}

pub fn run_npy(case: &mut Case, rng: &mut Rng) {
    let bytes = npy_bytes(rng);
    exercise(case, rng, &bytes, "npy", Format::Npy, None);
}

pub fn run_fvecs(case: &mut Case, rng: &mut Rng) {
    let bytes = fvecs_bytes(rng);
    exercise(case, rng, &bytes, "fvecs", Format::Fvecs, None);
}

pub fn run_raw(case: &mut Case, rng: &mut Rng) {
    let (bytes, d) = raw_bytes(rng);
    exercise(case, rng, &bytes, "f32", Format::RawF32, Some(d));
}

fn open_options(rng: &mut Rng, format: Format, dim: Option<usize>) -> OpenOptions {
    OpenOptions {
        format: match rng.below(10) {
            0 => None,
            1 => Some(*rng.pick(&[Format::Npy, Format::RawF32, Format::Fvecs])),
            _ => Some(format),
        },
        dimension: match rng.below(12) {
            0 => None,
            1 => Some(interesting_u64(rng) as usize),
            2 => Some(rng.range(0, 12)),
            _ => dim,
        },
        prefault: rng.one_in(4),
        direct_read: rng.one_in(3),
        column: None,
    }
}

fn exercise(
    case: &mut Case,
    rng: &mut Rng,
    bytes: &[u8],
    ext: &str,
    format: Format,
    dim: Option<usize>,
) {
    case.save_input(bytes);
    let path = case.scratch().join(format!("in.{ext}"));
    std::fs::write(&path, bytes).expect("cannot write the case file");
    let opts = open_options(rng, format, dim);
    if case.verbose {
        println!("options: {opts:?}, {} bytes", bytes.len());
    }
    if let Some(info) = case.ok("describe", vectors::describe(&path, &opts)) {
        // Every cell takes at least two bytes (f16), so a header promising more than
        // the file holds was not checked against the file's size.
        let cells = info.rows.checked_mul(info.dimension);
        let fits = cells.is_some_and(|c| {
            c.checked_mul(info.dtype.size())
                .is_some_and(|b| b as u64 <= info.file_size)
        });
        case.check(
            fits,
            format!(
                "describe accepts {} x {} {} in {} bytes",
                info.rows,
                info.dimension,
                info.dtype.name(),
                info.file_size
            ),
        );
    }
    let Some(file) = case.ok("open", VectorFile::open(&path, &opts)) else {
        return;
    };
    let (rows, dim) = (file.rows(), file.dimension());
    if rows.saturating_mul(dim.max(1)) > MAX_CELLS || case.finding.is_some() {
        return;
    }
    let take = rows.min(16);
    let mut buf = vec![0f32; take * dim];
    case.ok("read_rows", file.read_rows(0, &mut buf));
    if rows > 0 {
        let mut last = vec![0f32; dim];
        case.ok("read last row", file.read_rows(rows - 1, &mut last));
    }
    let to = *rng.pick(&[Format::Npy, Format::RawF32, Format::Fvecs]);
    let out = case.scratch().join(format!(
        "out.{}",
        match to {
            Format::Npy => "npy",
            Format::RawF32 => "f32",
            Format::Fvecs => "fvecs",
            Format::Parquet => unreachable!("not an output format"),
        }
    ));
    if case
        .ok(
            "convert",
            vectors::convert(&file, &out, to, rng.one_in(2), &mut |_| {}),
        )
        .is_some()
    {
        let back = OpenOptions {
            format: Some(to),
            dimension: Some(dim),
            prefault: false,
            direct_read: false,
            column: None,
        };
        if rows > 0 && dim > 0 {
            let r = VectorFile::open(&out, &back).map(|f| (f.rows(), f.dimension()));
            case.check(
                matches!(r, Ok(x) if x == (rows, dim)),
                format!("convert's output reads back as {r:?}, not ({rows}, {dim})"),
            );
        }
    }
    let matrix = case.ok("into_matrix", file.into_matrix());
    if let Some(m) = &matrix {
        let _ = m;
    }
    // As `--ids`: ids for as many rows as the file has, or a wrong count.
    let expected = if rng.one_in(2) {
        rows
    } else {
        rng.range(0, 40)
    };
    let _ = case.ok("read_ids", read_ids(&path, expected));
    build(case, rng, &path, &opts, rows);
    query(case, rng, &path, bytes, &opts);
}

fn build(case: &mut Case, rng: &mut Rng, path: &Path, opts: &OpenOptions, rows: usize) {
    if rows > 2000 {
        return;
    }
    let config = BuildConfig {
        input: path.to_path_buf(),
        format: opts.format,
        dimension: opts.dimension,
        metric: *rng.pick(&[Metric::Cosine, Metric::L2, Metric::Ip]),
        m: rng.range(2, 8),
        ef_construction: rng.range(1, 40),
        seed: rng.next_u64() >> 11,
        ids: None,
        column: None,
        id_column: None,
        ordering: *rng.pick(&[
            Ordering::None,
            Ordering::None,
            Ordering::RandomProjection,
            Ordering::Kmeans,
        ]),
        prefault: opts.prefault,
        direct_read: opts.direct_read,
    };
    let Some(session) = case.ok("build open", BuildSession::open(&config)) else {
        return;
    };
    let n = session.rows();
    let mid = rng.below(n + 1);
    case.ok("build insert", session.insert(0, mid));
    case.ok("build insert", session.insert(mid, n));
    let out = case.scratch().join("built.hnsw");
    if case
        .ok(
            "build write",
            session.write(&out, sochdb_core::hnsw::Stored::VectorsAndCodes),
        )
        .is_some()
    {
        if let Some(index) = case.ok("open built", Index::open(&out)) {
            let bad: Vec<_> = index
                .verify()
                .into_iter()
                .filter(|s| s.checksum_ok != Some(true))
                .map(|s| s.name)
                .collect();
            case.check(
                bad.is_empty(),
                format!("a built index fails --verify: {bad:?}"),
            );
        }
    }
}

fn query(case: &mut Case, rng: &mut Rng, path: &Path, bytes: &[u8], opts: &OpenOptions) {
    let index = base_index(case, rng.below(3));
    let source = if rng.one_in(3) {
        QuerySource::Bytes {
            bytes: bytes.to_vec(),
            name: "stdin",
            opts: opts.clone(),
        }
    } else {
        QuerySource::File {
            path,
            opts: opts.clone(),
        }
    };
    let Some(q) = case.ok("query open", QuerySession::open(&index, source)) else {
        return;
    };
    let n = q.count().min(20);
    let (k, ef) = (rng.range(1, 50), rng.range(0, 80));
    case.ok("query search", q.search(0, n, k, ef).map(|_| ()));
    case.ok(
        "query claimed",
        q.search_claimed(rng.range(1, 8), k, ef).map(|_| ()),
    );
}
