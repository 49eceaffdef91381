//! Every way a vector file can be wrong, and the message each gives: the file's name,
//! where (byte offset or row), and what to do. Files are built by hand in a temp dir.

use sochdb_core::vectors::{describe, npy_header, Format, OpenOptions, VectorFile};
use sochdb_core::Error;
use std::path::{Path, PathBuf};

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        Dir(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

fn f32s(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

fn npy(descr: &str, shape: &[usize], data: &[u8]) -> Vec<u8> {
    let mut b = npy_header(descr, shape);
    b.extend_from_slice(data);
    b
}

/// A v1.0 file with `dict` as its header text, unpadded.
fn npy_with_dict(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut b = b"\x93NUMPY\x01\x00".to_vec();
    b.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    b.extend_from_slice(dict.as_bytes());
    b.extend_from_slice(data);
    b
}

/// Open must fail with INVALID_INPUT, and `describe` (header only) must agree when the
/// problem is in the header or the size; returns the message.
fn invalid(path: &Path, opts: &OpenOptions) -> String {
    let e = VectorFile::open(path, opts)
        .err()
        .expect("open should fail");
    assert_eq!(e.code(), "INVALID_INPUT", "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()),
        "message names the file: {msg}"
    );
    let d = describe(path, opts).expect_err("describe should fail");
    assert_eq!(d.to_string(), msg);
    msg
}

fn auto() -> OpenOptions {
    OpenOptions::default()
}

#[test]
fn bad_magic() {
    let d = Dir::new();
    let m = invalid(
        &d.file("emb.npy", b"PK\x03\x04 this is a zip file"),
        &auto(),
    );
    assert!(m.ends_with("emb.npy: not a .npy file (bad magic at byte 0); give --input-format raw_f32 --dimension D for raw float32, or --input-format fvecs"), "{m}");
}

#[test]
fn truncated_and_malformed_headers() {
    let d = Dir::new();
    let full = npy("<f4", &[2, 2], &f32s(&[1.0; 4]));
    let m = invalid(&d.file("a.npy", &full[..7]), &auto());
    assert!(
        m.contains("truncated .npy header") && m.contains("ends at byte 7"),
        "{m}"
    );
    let m = invalid(&d.file("b.npy", &full[..60]), &auto());
    assert!(
        m.contains("truncated .npy header") && m.contains("but the file has only 60 bytes"),
        "{m}"
    );
    let m = invalid(
        &d.file(
            "c.npy",
            &npy_with_dict(
                "{'descr': '<f4', 'fortran_order': False 'shape': (1, 1)}",
                &[0; 4],
            ),
        ),
        &auto(),
    );
    assert!(
        m.contains("malformed .npy header at byte offset 50: expected ',' or '}'"),
        "{m}"
    );
    let m = invalid(
        &d.file(
            "d.npy",
            &npy_with_dict("{'descr': '<f4', 'shape': (1, 1)}", &[0; 4]),
        ),
        &auto(),
    );
    assert!(m.contains("no 'fortran_order' key"), "{m}");
    let m = invalid(
        &d.file("e.npy", &npy_with_dict("['descr', '<f4']", &[0; 4])),
        &auto(),
    );
    assert!(m.contains("the header is not a dict"), "{m}");
}

#[test]
fn header_variants_numpy_might_meet() {
    let d = Dir::new();
    let dict = "{ \"shape\" : (1L, 2L,),'descr':'|f4' ,'fortran_order' :False,}\n";
    let f = VectorFile::open(
        &d.file("a.npy", &npy_with_dict(dict, &f32s(&[1.0, 2.0]))),
        &auto(),
    )
    .unwrap();
    assert_eq!((f.rows(), f.dimension()), (1, 2));
}

#[test]
fn data_shorter_or_longer_than_the_shape() {
    let d = Dir::new();
    let short = npy("<f4", &[3, 2], &f32s(&[1.0; 5]));
    let m = invalid(&d.file("short.npy", &short), &auto());
    assert!(m.contains("data is shorter than the header's shape (3, 2) says: 24 bytes expected from byte offset 128, the file has 20"), "{m}");
    let long = npy("<f4", &[3, 2], &f32s(&[1.0; 7]));
    let m = invalid(&d.file("long.npy", &long), &auto());
    assert!(
        m.contains("4 extra bytes after the data, from byte offset 152"),
        "{m}"
    );
}

#[test]
fn unsupported_dtypes_and_shapes() {
    let d = Dir::new();
    let unsupported = |path: &Path| {
        let e = VectorFile::open(path, &auto()).err().unwrap();
        assert!(matches!(e, Error::Unsupported(_)), "{e:?}");
        assert_eq!(e.code(), "INVALID_INPUT");
        e.to_string()
    };
    let m = unsupported(&d.file("c.npy", &npy("<c8", &[1, 1], &[0; 8])));
    assert!(
        m.contains("'<c8' (complex64) is not supported") && m.contains("astype('float32')"),
        "{m}"
    );
    let m = unsupported(&d.file("o.npy", &npy("|O", &[1, 1], &[0; 8])));
    assert!(m.contains("'|O' (Python objects)"), "{m}");
    let structured =
        "{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }";
    let m = unsupported(&d.file("s.npy", &npy_with_dict(structured, &[0; 8])));
    assert!(m.contains("structured dtype"), "{m}");
    let m = unsupported(&d.file("3d.npy", &npy("<f4", &[1, 1, 1], &[0; 4])));
    assert!(m.contains("shape (1, 1, 1) has 3 dimensions"), "{m}");
    let m = unsupported(&d.file("v4.npy", b"\x93NUMPY\x04\x00\x00\x00\x00\x00"));
    assert!(m.contains("version 4.0"), "{m}");
}

#[test]
fn empty_inputs_contain_no_vectors() {
    let d = Dir::new();
    let cases = [
        d.file("zero_rows.npy", &npy("<f4", &[0, 4], &[])),
        d.file("zero_dim.npy", &npy("<f4", &[4, 0], &[])),
        d.file("zero_1d.npy", &npy("<f4", &[0], &[])),
        d.file("empty.npy", &[]),
        d.file("empty.f32", &[]),
        d.file("empty.fvecs", &[]),
        d.file("zero_dim.fvecs", &0i32.to_le_bytes()),
    ];
    for path in &cases {
        let m = invalid(
            path,
            &OpenOptions {
                dimension: None,
                ..auto()
            },
        );
        assert!(m.contains("contains no vectors"), "{m}");
    }
    let e = VectorFile::from_bytes(Vec::new(), "<stdin>", &auto())
        .err()
        .unwrap();
    assert_eq!(
        e.to_string(),
        "<stdin>: contains no vectors; give a file with at least one row of dimension ≥ 1"
    );
}

#[test]
fn raw_f32_needs_a_dimension_that_divides_the_size() {
    let d = Dir::new();
    let path = d.file("emb.f32", &f32s(&[0.5; 10]));
    let m = invalid(&path, &auto());
    assert!(m.contains("pass --dimension D"), "{m}");
    let m = invalid(
        &path,
        &OpenOptions {
            dimension: Some(3),
            ..auto()
        },
    );
    assert!(m.contains("size 40 bytes is not a multiple of 12 (4 bytes × dimension 3): 4 bytes left over at byte offset 36"), "{m}");
    let m = invalid(
        &path,
        &OpenOptions {
            dimension: Some(0),
            ..auto()
        },
    );
    assert!(m.contains("--dimension must be at least 1"), "{m}");
    // 4 × D wrapped to 0 and the size check divided by it (found by npm run fuzz).
    for huge in [1usize << 62, usize::MAX / 2 + 1, usize::MAX] {
        let m = invalid(
            &path,
            &OpenOptions {
                dimension: Some(huge),
                ..auto()
            },
        );
        assert!(m.contains("is too large"), "{m}");
    }
    let f = VectorFile::open(
        &path,
        &OpenOptions {
            dimension: Some(5),
            ..auto()
        },
    )
    .unwrap();
    assert_eq!((f.rows(), f.dimension()), (2, 5));
}

#[test]
fn fvecs_rows_must_agree() {
    let d = Dir::new();
    let mut bytes = Vec::new();
    for (i, dim) in [3i32, 3, 2].iter().enumerate() {
        bytes.extend_from_slice(&dim.to_le_bytes());
        bytes.extend(f32s(&[i as f32; 3]));
    }
    let path = d.file("bad.fvecs", &bytes);
    // The size and row 0 are fine, so the header-only view cannot see it ...
    assert_eq!(describe(&path, &auto()).unwrap().rows, 3);
    // ... but reading the rows does.
    let f = VectorFile::open(&path, &auto()).unwrap();
    let mut two = vec![0f32; 6];
    f.read_rows(0, &mut two).unwrap();
    let e = f.into_matrix().err().unwrap();
    assert_eq!(
        e.to_string(),
        format!("{}: row 2 at byte offset 32 has dimension prefix 2, but row 0 has 3; every row of a .fvecs file must have the same dimension", path.display())
    );
    let m = invalid(&d.file("cut.fvecs", &bytes[..30]), &auto());
    assert!(m.contains("size 30 bytes is not a multiple of 16 (4 + 4 × dimension 3): 14 bytes left over at byte offset 16"), "{m}");
    let m = invalid(&d.file("neg.fvecs", &(-1i32).to_le_bytes()), &auto());
    assert!(m.contains("negative dimension prefix -1"), "{m}");
}

#[test]
fn dimension_given_must_match_the_file() {
    let d = Dir::new();
    let path = d.file("emb.npy", &npy("<f4", &[1, 2], &f32s(&[1.0, 2.0])));
    let m = invalid(
        &path,
        &OpenOptions {
            dimension: Some(3),
            ..auto()
        },
    );
    assert!(
        m.contains("has dimension 2 but --dimension 3 was given"),
        "{m}"
    );
    assert!(VectorFile::open(
        &path,
        &OpenOptions {
            dimension: Some(2),
            ..auto()
        }
    )
    .is_ok());
}

#[test]
fn missing_file_directory_and_unknown_extension() {
    let d = Dir::new();
    let missing = d.0.path().join("nope.npy");
    for e in [
        VectorFile::open(&missing, &auto()).err().unwrap(),
        describe(&missing, &auto()).unwrap_err(),
    ] {
        assert!(matches!(e, Error::Io { .. }), "{e:?}");
        assert_eq!(e.code(), "NOT_FOUND");
        assert!(e.to_string().contains("nope.npy (check the path)"), "{e}");
    }
    let e = VectorFile::open(d.0.path(), &auto()).err().unwrap();
    assert_eq!(e.code(), "INVALID_INPUT");
    assert!(e.to_string().contains("is a directory"), "{e}");
    let m = invalid(&d.file("emb.txt", &f32s(&[1.0; 4])), &auto());
    assert!(
        m.contains("cannot tell the vector format") && m.contains("--input-format"),
        "{m}"
    );
    let forced = OpenOptions {
        format: Some(Format::RawF32),
        dimension: Some(2),
        ..auto()
    };
    assert_eq!(
        VectorFile::open(&d.file("emb.txt", &f32s(&[1.0; 4])), &forced)
            .unwrap()
            .rows(),
        2
    );
}

#[test]
fn stdin_detection() {
    let data = f32s(&[1.0, 2.0, 3.0, 4.0]);
    let e = VectorFile::from_bytes(data.clone(), "<stdin>", &auto())
        .err()
        .unwrap();
    assert!(e.to_string().contains("--input-format"), "{e}");
    let raw = VectorFile::from_bytes(
        data.clone(),
        "<stdin>",
        &OpenOptions {
            dimension: Some(2),
            ..auto()
        },
    )
    .unwrap();
    assert_eq!((raw.info().format, raw.rows()), (Format::RawF32, 2));
    let npy_in = VectorFile::from_bytes(npy("<f4", &[2, 2], &data), "<stdin>", &auto()).unwrap();
    assert_eq!((npy_in.info().format, npy_in.rows()), (Format::Npy, 2));
    let mut fv = 2i32.to_le_bytes().to_vec();
    fv.extend(f32s(&[1.0, 2.0]));
    let fvecs = VectorFile::from_bytes(
        fv,
        "<stdin>",
        &OpenOptions {
            format: Some(Format::Fvecs),
            ..auto()
        },
    )
    .unwrap();
    assert_eq!((fvecs.rows(), fvecs.dimension()), (1, 2));
}

#[test]
fn read_rows_out_of_range() {
    let f = VectorFile::from_bytes(
        f32s(&[1.0; 6]),
        "<stdin>",
        &OpenOptions {
            dimension: Some(2),
            ..auto()
        },
    )
    .unwrap();
    let mut buf = vec![0f32; 4];
    assert!(f.read_rows(1, &mut buf).is_ok());
    let e = f.read_rows(2, &mut buf).unwrap_err();
    assert!(
        e.to_string()
            .contains("cannot read 4 values from row 2: the file has 3 rows of dimension 2"),
        "{e}"
    );
    assert!(
        f.read_rows(0, &mut [0f32; 3]).is_err(),
        "not a whole number of rows"
    );
    assert!(f.read_rows(usize::MAX, &mut buf).is_err());
}

#[test]
fn a_deeply_nested_npy_header_is_an_error() {
    // A v2 header (u32 length) of a million open brackets: numpy would refuse it too.
    let d = Dir::new();
    let text = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': {}2,{}}}\n",
        "(".repeat(1_000_000),
        ")".repeat(1_000_000)
    );
    let mut file = b"\x93NUMPY\x02\x00".to_vec();
    file.extend_from_slice(&(text.len() as u32).to_le_bytes());
    file.extend_from_slice(text.as_bytes());
    let m = invalid(&d.file("deep.npy", &file), &auto());
    assert!(
        m.contains("deep.npy") && m.contains("nested more than 32 levels"),
        "{m}"
    );
}
