//! `convert`: every format to every format, byte-exact round trips against files NumPy
//! wrote, normalization, bad values, and no partial output on failure.

use sochdb_core::vectors::{
    convert, convert_chunked, read_ids, ConvertStats, Format, OpenOptions, VectorFile,
};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/vectors")
        .join(name)
}

fn open(path: &Path, dimension: Option<usize>) -> VectorFile {
    VectorFile::open(
        path,
        &OpenOptions {
            dimension,
            ..Default::default()
        },
    )
    .unwrap()
}

fn run(input: &Path, dimension: Option<usize>, output: &Path, to: Format) -> ConvertStats {
    convert(&open(input, dimension), output, to, false, &mut |_| {}).unwrap()
}

fn values(path: &Path, dimension: Option<usize>) -> Vec<u32> {
    let m = open(path, dimension).into_matrix().unwrap();
    m.as_slice().iter().map(|v| v.to_bits()).collect()
}

#[test]
fn numpy_npy_to_raw_and_back_is_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let (raw, npy) = (dir.path().join("a.f32"), dir.path().join("b.npy"));
    let s = run(&fixture("f32_c.npy"), None, &raw, Format::RawF32);
    assert_eq!(
        s,
        ConvertStats {
            rows: 7,
            dimension: 5,
            bytes_written: 140
        }
    );
    assert_eq!(
        std::fs::read(&raw).unwrap(),
        std::fs::read(fixture("f32_c.expected.f32")).unwrap()
    );
    let s = run(&raw, Some(5), &npy, Format::Npy);
    assert_eq!(s.bytes_written, 268);
    assert_eq!(
        std::fs::read(&npy).unwrap(),
        std::fs::read(fixture("f32_c.npy")).unwrap()
    );
    // A single vector (D,) keeps its shape through npy -> npy.
    let one = dir.path().join("one.npy");
    run(&fixture("f32_1d.npy"), None, &one, Format::Npy);
    assert_eq!(
        std::fs::read(&one).unwrap(),
        std::fs::read(fixture("f32_1d.npy")).unwrap()
    );
}

#[test]
fn fvecs_to_npy_to_fvecs_is_byte_exact() {
    let dir = tempfile::tempdir().unwrap();
    let (npy, back) = (dir.path().join("v.npy"), dir.path().join("v.fvecs"));
    run(&fixture("vectors_7x5.fvecs"), None, &npy, Format::Npy);
    let s = run(&npy, None, &back, Format::Fvecs);
    assert_eq!(s.bytes_written, 168);
    assert_eq!(
        std::fs::read(&back).unwrap(),
        std::fs::read(fixture("vectors_7x5.fvecs")).unwrap()
    );
}

#[test]
fn every_format_and_dtype_to_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = [
        ("f16.npy", None, "f16"),
        ("f64_be_fortran.npy", None, "f64_be_fortran"),
        ("f32_fortran.npy", None, "f32_fortran"),
        ("f32_v3.npy", None, "f32_v3"),
        ("raw_7x5.f32", Some(5), "f32_c"),
        ("vectors_7x5.fvecs", None, "vectors_7x5"),
    ];
    for (input, dim, name) in inputs {
        let want: Vec<u32> = std::fs::read(fixture(&format!("{name}.expected.f32")))
            .unwrap()
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        for (to, ext) in [
            (Format::Npy, "npy"),
            (Format::RawF32, "f32"),
            (Format::Fvecs, "fvecs"),
        ] {
            let out = dir.path().join(format!("{name}.{ext}"));
            let s = run(&fixture(input), dim, &out, to);
            assert_eq!((s.rows, s.dimension), (7, 5));
            assert_eq!(s.bytes_written, std::fs::metadata(&out).unwrap().len());
            assert_eq!(values(&out, Some(5)), want, "{input} -> {ext}");
        }
    }
}

#[test]
fn chunked_output_equals_single_chunk_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = open(&fixture("f64_be_fortran.npy"), None);
    let whole = dir.path().join("whole.fvecs");
    convert(&input, &whole, Format::Fvecs, true, &mut |_| {}).unwrap();
    for chunk in [1, 2, 3, 6, 7, 100] {
        let out = dir.path().join(format!("c{chunk}.fvecs"));
        let mut calls = Vec::new();
        convert_chunked(&input, &out, Format::Fvecs, true, chunk, &mut |r| {
            calls.push(r)
        })
        .unwrap();
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(&whole).unwrap(),
            "chunk {chunk}"
        );
        let expect: Vec<usize> = (1..=7usize.div_ceil(chunk))
            .map(|k| (k * chunk).min(7))
            .collect();
        assert_eq!(calls, expect, "one progress call per chunk of {chunk}");
    }
}

#[test]
fn normalize_writes_unit_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("unit.npy");
    convert(
        &open(&fixture("f16.npy"), None),
        &out,
        Format::Npy,
        true,
        &mut |_| {},
    )
    .unwrap();
    let m = open(&out, None).into_matrix().unwrap();
    for i in 0..m.rows() {
        let norm: f64 = m
            .row(i)
            .iter()
            .map(|&v| v as f64 * v as f64)
            .sum::<f64>()
            .sqrt();
        assert!((norm - 1.0).abs() < 1e-6, "row {i}: {norm}");
    }
}

fn write_raw(dir: &Path, name: &str, values: &[f32]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(
        &p,
        values
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    p
}

#[test]
fn bad_values_fail_and_leave_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.npy");
    std::fs::write(&out, b"previous").unwrap();
    let check = |input: &Path, normalize: bool, chunk: usize, want: &str| {
        let f = open(input, Some(2));
        let files_before = std::fs::read_dir(dir.path()).unwrap().count();
        let e = convert_chunked(&f, &out, Format::Npy, normalize, chunk, &mut |_| {}).unwrap_err();
        assert_eq!(e.code(), "INVALID_INPUT");
        assert_eq!(e.to_string(), format!("{}: {want}", input.display()));
        assert_eq!(
            std::fs::read(&out).unwrap(),
            b"previous",
            "output untouched"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            files_before,
            "no temp file left"
        );
    };
    let nan = write_raw(dir.path(), "nan.f32", &[1.0, 2.0, 3.0, 4.0, 5.0, f32::NAN]);
    check(
        &nan,
        false,
        1,
        "row 2, column 1 is NaN as float32; fix or drop that row",
    );
    let zero = write_raw(dir.path(), "zero.f32", &[1.0, 2.0, 0.0, 0.0, 5.0, 6.0]);
    check(&zero, true, 2, "row 1 is all zeros and has no direction to normalize; drop it or convert without --normalize");
    // Without --normalize a zero row is fine.
    convert(&open(&zero, Some(2)), &out, Format::Npy, false, &mut |_| {}).unwrap();
}

#[test]
fn float64_overflow_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = sochdb_core::vectors::npy_header("<f8", &[1, 2]);
    bytes.extend_from_slice(&1.0f64.to_le_bytes());
    bytes.extend_from_slice(&(-1e300f64).to_le_bytes());
    let input = dir.path().join("big.npy");
    std::fs::write(&input, bytes).unwrap();
    let e = convert(
        &open(&input, None),
        &dir.path().join("o.f32"),
        Format::RawF32,
        false,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        e.to_string().contains(
            "row 0, column 1 is -inf as float32 (float64 values beyond ±3.4e38 overflow float32)"
        ),
        "{e}"
    );
}

#[test]
fn ids_written_as_raw_u64_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ids.bin");
    std::fs::write(
        &p,
        [5u64, 9, 1]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    assert_eq!(read_ids(&p, 3).unwrap(), vec![5, 9, 1]);
}
