//! The readers against files written by NumPy itself (fixtures/vectors, made by
//! make_fixtures.py): every dtype, byte order, memory order and header version decodes
//! to exactly the float32 values NumPy's own `astype('<f4')` gives.

use sochdb_core::vectors::{
    describe, npy_header, read_ids, ByteOrder, Dtype, Format, MemoryOrder, OpenOptions, VectorFile,
};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/vectors")
        .join(name)
}

fn expected(name: &str) -> Vec<f32> {
    let bytes = std::fs::read(fixture(&format!("{name}.expected.f32"))).unwrap();
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// Every way of reading `file` gives the expected values, bit for bit.
fn check_all_paths(file: &str, name: &str, opts: &OpenOptions) {
    let want = expected(name);
    for (direct_read, prefault) in [(false, false), (false, true), (true, false)] {
        let o = OpenOptions {
            direct_read,
            prefault,
            ..opts.clone()
        };
        let f = VectorFile::open(&fixture(file), &o).unwrap();
        let d = f.dimension();
        let mut all = vec![0f32; f.rows() * d];
        f.read_rows(0, &mut all).unwrap();
        assert_eq!(bits(&all), bits(&want), "{file}: read_rows");
        // A window in the middle, as the builder reads batches.
        if f.rows() >= 5 {
            let mut mid = vec![0f32; 3 * d];
            f.read_rows(2, &mut mid).unwrap();
            assert_eq!(bits(&mid), bits(&want[2 * d..5 * d]), "{file}: rows 2..5");
        }
        let m = f.into_matrix().unwrap();
        assert_eq!(bits(m.as_slice()), bits(&want), "{file}: into_matrix");
    }
    let bytes = std::fs::read(fixture(file)).unwrap();
    // Stdin has no extension: .npy is found by its magic, the others need --format.
    let format = opts
        .format
        .or(Format::from_extension(&fixture(file)).filter(|f| *f == Format::Fvecs));
    let stdin = OpenOptions {
        format,
        ..opts.clone()
    };
    let f = VectorFile::from_bytes(bytes, "<stdin>", &stdin).unwrap();
    assert_eq!(
        bits(f.into_matrix().unwrap().as_slice()),
        bits(&want),
        "{file}: from_bytes"
    );
}

#[test]
fn every_float_npy_decodes_exactly() {
    for name in [
        "f32_c",
        "f16",
        "f64",
        "f32_be",
        "f64_be",
        "f32_fortran",
        "f64_be_fortran",
        "f32_v2",
        "f32_v3",
        "f32_1d",
    ] {
        check_all_paths(&format!("{name}.npy"), name, &OpenOptions::default());
    }
}

#[test]
fn npy_info_reports_the_header() {
    let info = |n: &str| describe(&fixture(n), &OpenOptions::default()).unwrap();
    let i = info("f32_c.npy");
    assert_eq!(
        (i.format, i.rows, i.dimension, i.dtype),
        (Format::Npy, 7, 5, Dtype::F32)
    );
    assert_eq!(
        (i.byte_order, i.memory_order, i.npy_version),
        (ByteOrder::Little, MemoryOrder::C, Some((1, 0)))
    );
    assert_eq!(
        (i.data_offset, i.file_size, i.one_dimensional),
        (128, 268, false)
    );
    assert!(i.path.ends_with("f32_c.npy"));
    assert_eq!(info("f16.npy").dtype, Dtype::F16);
    let i = info("f64_be_fortran.npy");
    assert_eq!(
        (i.dtype, i.byte_order, i.memory_order),
        (Dtype::F64, ByteOrder::Big, MemoryOrder::Fortran)
    );
    assert_eq!(info("f32_v2.npy").npy_version, Some((2, 0)));
    assert_eq!(info("f32_v3.npy").npy_version, Some((3, 0)));
    let i = info("f32_1d.npy");
    assert_eq!((i.rows, i.dimension, i.one_dimensional), (1, 5, true));
    // describe and open agree.
    let opened = VectorFile::open(&fixture("f64_be.npy"), &OpenOptions::default()).unwrap();
    let described = info("f64_be.npy");
    assert_eq!(format!("{:?}", opened.info()), format!("{described:?}"));
}

#[test]
fn little_endian_f32_is_used_in_place() {
    for name in [
        "f32_c.npy",
        "f32_v2.npy",
        "f32_v3.npy",
        "f32_1d.npy",
        "raw_7x5.f32",
    ] {
        let opts = OpenOptions {
            dimension: name.ends_with(".f32").then_some(5),
            ..Default::default()
        };
        let f = VectorFile::open(&fixture(name), &opts).unwrap();
        assert!(f.is_zero_copy(), "{name}");
        assert!(f.into_matrix().unwrap().is_mapped(), "{name}");
    }
    for name in [
        "f16.npy",
        "f32_be.npy",
        "f32_fortran.npy",
        "vectors_7x5.fvecs",
    ] {
        let f = VectorFile::open(&fixture(name), &OpenOptions::default()).unwrap();
        assert!(!f.is_zero_copy(), "{name}");
        assert!(!f.into_matrix().unwrap().is_mapped(), "{name}");
    }
    let direct = OpenOptions {
        direct_read: true,
        ..Default::default()
    };
    let f = VectorFile::open(&fixture("f32_c.npy"), &direct).unwrap();
    assert!(
        !f.into_matrix().unwrap().is_mapped(),
        "direct_read holds its own copy"
    );
}

#[test]
fn raw_and_fvecs_decode_exactly() {
    let d5 = OpenOptions {
        dimension: Some(5),
        ..Default::default()
    };
    check_all_paths("raw_7x5.f32", "f32_c", &d5);
    check_all_paths("vectors_7x5.fvecs", "vectors_7x5", &OpenOptions::default());
    check_all_paths("vectors_7x5.fvecs", "vectors_7x5", &d5);
    let i = describe(&fixture("vectors_7x5.fvecs"), &OpenOptions::default()).unwrap();
    assert_eq!(
        (i.format, i.rows, i.dimension, i.file_size),
        (Format::Fvecs, 7, 5, 168)
    );
    let i = describe(&fixture("raw_7x5.f32"), &d5).unwrap();
    assert_eq!(
        (i.format, i.rows, i.dimension, i.npy_version),
        (Format::RawF32, 7, 5, None)
    );
    // An explicit format overrides the extension.
    let as_raw = OpenOptions {
        format: Some(Format::RawF32),
        dimension: Some(67),
        ..Default::default()
    };
    assert_eq!(
        VectorFile::open(&fixture("f32_c.npy"), &as_raw)
            .unwrap()
            .rows(),
        1
    );
}

#[test]
fn npy_magic_is_found_without_an_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("embeddings");
    std::fs::copy(fixture("f16.npy"), &path).unwrap();
    let f = VectorFile::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!((f.info().format, f.info().dtype), (Format::Npy, Dtype::F16));
    assert_eq!(describe(&path, &OpenOptions::default()).unwrap().rows, 7);
}

#[test]
fn int32_array_is_rejected_with_advice() {
    let e = VectorFile::open(&fixture("int32.npy"), &OpenOptions::default())
        .err()
        .unwrap();
    let msg = e.to_string();
    assert_eq!(e.code(), "INVALID_INPUT");
    assert!(
        msg.contains("int32.npy") && msg.contains("'<i4' (int32)") && msg.contains("float32"),
        "{msg}"
    );
    assert!(describe(&fixture("int32.npy"), &OpenOptions::default()).is_err());
}

#[test]
fn npy_header_matches_numpy_byte_for_byte() {
    let numpy = std::fs::read(fixture("f32_c.npy")).unwrap();
    assert_eq!(npy_header("<f4", &[7, 5]), numpy[..128]);
    let numpy_1d = std::fs::read(fixture("f32_1d.npy")).unwrap();
    assert_eq!(npy_header("<f4", &[5]), numpy_1d[..128]);
    for (name, shape) in [
        ("header_123456789x768.bin", [123_456_789, 768]),
        ("header_1x1.bin", [1, 1]),
    ] {
        assert_eq!(
            npy_header("<f4", &shape),
            std::fs::read(fixture(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn ids_from_npy_and_raw() {
    assert_eq!(
        read_ids(&fixture("ids_u8.npy"), 7).unwrap(),
        vec![10, 11, 12, 13, 14, 15, (1 << 63) + 1]
    );
    assert_eq!(
        read_ids(&fixture("ids_i8_be.npy"), 7).unwrap(),
        vec![7, 6, 5, 4, 3, 2, 1]
    );
    assert_eq!(
        read_ids(&fixture("ids_i4_column.npy"), 7).unwrap(),
        (100..107).collect::<Vec<u64>>()
    );
    assert_eq!(
        read_ids(&fixture("ids_7.u64"), 7).unwrap(),
        (1000..1007).collect::<Vec<u64>>()
    );
}

#[test]
fn ids_errors() {
    let err = |name: &str, n: usize| {
        let e = read_ids(&fixture(name), n).unwrap_err();
        assert_eq!(e.code(), "INVALID_INPUT", "{e}");
        e.to_string()
    };
    let m = err("ids_negative.npy", 7);
    assert!(m.contains("row 3 has negative id -3"), "{m}");
    let m = err("ids_duplicate.npy", 7);
    assert!(m.contains("id 1 appears at rows 1 and 4"), "{m}");
    let m = err("ids_u8.npy", 8);
    assert!(m.contains("holds 7 ids but the input has 8 vectors"), "{m}");
    let m = err("ids_float.npy", 7);
    assert!(
        m.contains("'<f8' (float64) is not supported for ids"),
        "{m}"
    );
    let m = err("f32_c.expected.f32", 35);
    assert!(
        m.contains("not a multiple of 8") && m.contains("4 bytes left over at byte offset 136"),
        "{m}"
    );
    let m = err("f32_c.npy", 7);
    assert!(m.contains("'<f4' (float32)"), "{m}");
    let e = read_ids(&fixture("no_such_ids.npy"), 7).unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");
    let dir = tempfile::tempdir().unwrap();
    let two_d = dir.path().join("ids.npy");
    let mut bytes = npy_header("<u8", &[2, 2]);
    bytes.extend_from_slice(&[0u8; 32]);
    std::fs::write(&two_d, bytes).unwrap();
    let m = read_ids(&two_d, 4).unwrap_err().to_string();
    assert!(m.contains("shape (2, 2); expected (N,) or (N, 1)"), "{m}");
}
