//! The Parquet vector reader against files written by pyarrow itself (fixtures/parquet,
//! made by fixtures/make-parquet.py): every codec, list / large_list / fixed_size_list,
//! float32 / float16 / float64, several row groups, nulls and ragged rows, id columns.

use sochdb_core::hnsw::{Metric, Ordering};
use sochdb_core::session::{BuildConfig, BuildSession};
use sochdb_core::vectors::{
    convert_chunked, describe, read_id_column, Dtype, Format, OpenOptions, VectorFile,
};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/parquet")
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

fn open(name: &str) -> VectorFile {
    VectorFile::open(&fixture(name), &OpenOptions::default()).unwrap()
}

fn with_column(column: &str) -> OpenOptions {
    OpenOptions {
        column: Some(column.into()),
        ..Default::default()
    }
}

fn all_rows(f: &VectorFile) -> Vec<f32> {
    let mut all = vec![0f32; f.rows() * f.dimension()];
    f.read_rows(0, &mut all).unwrap();
    all
}

fn open_error(path: &Path, opts: &OpenOptions) -> (String, &'static str) {
    let e = VectorFile::open(path, opts).err().expect("an error");
    (e.to_string(), e.code())
}

fn read_error(name: &str) -> String {
    let f = open(name);
    f.into_matrix().err().expect("an error").to_string()
}

#[test]
fn every_codec_decodes_to_the_values_pyarrow_wrote() {
    let want = bits(&expected("emb"));
    for codec in ["none", "snappy", "gzip", "zstd", "lz4", "brotli"] {
        let name = format!("emb_{codec}.parquet");
        let f = open(&name);
        let i = f.info();
        assert_eq!(i.format, Format::Parquet, "{name}");
        assert_eq!(
            (i.rows, i.dimension, i.dtype),
            (50, 8, Dtype::F32),
            "{name}"
        );
        assert_eq!(i.column.as_deref(), Some("emb"), "{name}");
        assert_eq!(i.row_groups, Some(4), "{name}");
        assert!(!f.is_zero_copy());
        assert_eq!(bits(&all_rows(&f)), want, "{name}");
        assert_eq!(bits(f.into_matrix().unwrap().as_slice()), want, "{name}");
    }
}

#[test]
fn list_encodings_and_element_types() {
    for (file, want, dtype) in [
        ("fixed_f32.parquet", "emb", Dtype::F32),
        ("large_list.parquet", "emb", Dtype::F32),
        ("f16.parquet", "f16", Dtype::F16),
        ("f64.parquet", "f64", Dtype::F64),
    ] {
        let f = open(file);
        assert_eq!(f.info().dtype, dtype, "{file}");
        assert_eq!(bits(&all_rows(&f)), bits(&expected(want)), "{file}");
    }
}

#[test]
fn reads_in_any_order_and_chunk_size_across_row_groups() {
    let want = expected("emb");
    let f = open("emb_zstd.parquet");
    let d = f.dimension();
    for chunk in [1, 5, 15, 16, 17, 33, 50] {
        let mut got = vec![0f32; 50 * d];
        for start in (0..50).step_by(chunk) {
            let n = chunk.min(50 - start);
            f.read_rows(start, &mut got[start * d..(start + n) * d])
                .unwrap();
        }
        assert_eq!(bits(&got), bits(&want), "chunk {chunk}");
    }
    // Backwards and jumping about: each read reopens its row group and skips.
    for start in [49, 31, 0, 17, 16, 15, 2] {
        let mut row = vec![0f32; d];
        f.read_rows(start, &mut row).unwrap();
        assert_eq!(
            bits(&row),
            bits(&want[start * d..(start + 1) * d]),
            "row {start}"
        );
    }
    let e = f.read_rows(48, &mut vec![0f32; 3 * d]).unwrap_err();
    assert!(
        e.to_string().contains("cannot read 24 values from row 48"),
        "{e}"
    );
}

#[test]
fn convert_streams_parquet_to_npy_in_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.f32");
    let f = open("emb_gzip.parquet");
    let stats = convert_chunked(&f, &out, Format::RawF32, false, 7, &mut |_| {}).unwrap();
    assert_eq!((stats.rows, stats.dimension), (50, 8));
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(bytes, std::fs::read(fixture("emb.expected.f32")).unwrap());
    let e = convert_chunked(
        &f,
        &dir.path().join("y"),
        Format::Parquet,
        false,
        7,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("input format only"), "{e}");
}

#[test]
fn detected_by_magic_and_described_from_the_footer() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("vectors");
    std::fs::copy(fixture("emb_snappy.parquet"), &plain).unwrap();
    let f = VectorFile::open(&plain, &OpenOptions::default()).unwrap();
    assert_eq!((f.info().format, f.rows()), (Format::Parquet, 50));
    let i = describe(&plain, &OpenOptions::default()).unwrap();
    assert_eq!((i.format, i.rows, i.dimension), (Format::Parquet, 50, 8));
    // Forced to another format, it is read as that format.
    let npy = OpenOptions {
        format: Some(Format::Npy),
        ..Default::default()
    };
    assert!(VectorFile::open(&plain, &npy).is_err());
    let bytes = std::fs::read(&plain).unwrap();
    let e = VectorFile::from_bytes(bytes, "<stdin>", &OpenOptions::default())
        .err()
        .unwrap();
    assert!(e.to_string().contains("give the file's path"), "{e}");
}

#[test]
fn choosing_the_column() {
    let two = fixture("two_vectors.parquet");
    let (m, code) = open_error(&two, &OpenOptions::default());
    assert_eq!(code, "INVALID_INPUT");
    assert!(
        m.ends_with("has 2 vector columns (a, b); choose one with --column"),
        "{m}"
    );
    let b = VectorFile::open(&two, &with_column("b")).unwrap();
    assert_eq!((b.dimension(), b.info().column.as_deref()), (4, Some("b")));
    let leaf = VectorFile::open(&two, &with_column("a.list.element")).unwrap();
    assert_eq!(leaf.dimension(), 8);
    let (m, code) = open_error(&two, &with_column("nope"));
    assert_eq!(code, "NOT_FOUND");
    assert!(m.ends_with("no column nope (columns: a, b)"), "{m}");
    let (m, _) = open_error(&fixture("emb_none.parquet"), &with_column("name"));
    assert!(
        m.contains("column name is binary (String), not a list of float32"),
        "{m}"
    );
    let (m, _) = open_error(&fixture("no_vectors.parquet"), &OpenOptions::default());
    assert!(
        m.contains(
            "has no column that is a list of float32, float16 or float64 (columns: id, name)"
        ),
        "{m}"
    );
    let (m, _) = open_error(&fixture("empty.parquet"), &OpenOptions::default());
    assert!(m.contains("column emb holds no rows"), "{m}");
    let d9 = OpenOptions {
        dimension: Some(9),
        ..Default::default()
    };
    let (m, _) = open_error(&fixture("f16.parquet"), &d9);
    assert!(
        m.contains("has dimension 8 but --dimension 9 was given"),
        "{m}"
    );
    // --column on anything but Parquet is refused.
    let npy = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/vectors/f32_c.npy");
    let (m, _) = open_error(&npy, &with_column("emb"));
    assert!(
        m.contains("--column emb applies to Parquet input only, and this is npy"),
        "{m}"
    );
}

#[test]
fn bad_rows_are_named() {
    let m = read_error("null_vector.parquet");
    assert!(m.ends_with("null_vector.parquet: column emb, row 20 is null; every row needs a vector (drop or fill the row)"), "{m}");
    let m = read_error("null_element.parquet");
    assert!(m.contains("column emb, row 37, element 3 is null"), "{m}");
    let m = read_error("ragged.parquet");
    assert!(m.contains("column emb, row 33 has 5 values but row 0 has 8; every vector must have the same length"), "{m}");
    // The rows before a bad one read fine.
    let f = open("ragged.parquet");
    let mut ok = vec![0f32; 33 * 8];
    f.read_rows(0, &mut ok).unwrap();
    assert_eq!(bits(&ok), bits(&expected("emb")[..33 * 8]));
}

#[test]
fn id_columns() {
    let ids = read_id_column(&fixture("emb_none.parquet"), "id", 50).unwrap();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (1000..1050).collect::<Vec<u64>>());
    assert_eq!(
        read_id_column(&fixture("ids_u32.parquet"), "key", 50).unwrap(),
        ids
    );
    let err = |file: &str, column: &str| read_id_column(&fixture(file), column, 50).unwrap_err();
    let e = err("ids_dup.parquet", "id");
    assert!(
        e.to_string()
            .contains("appears at rows 3 and 30; ids must be unique"),
        "{e}"
    );
    let e = err("ids_neg.parquet", "id");
    assert!(
        e.to_string()
            .contains("--id-column id, row 12 has negative id -5"),
        "{e}"
    );
    let e = err("ids_null.parquet", "id");
    assert!(
        e.to_string().contains("--id-column id, row 21 is null"),
        "{e}"
    );
    let e = err("emb_none.parquet", "emb");
    assert!(
        e.to_string()
            .contains("ids must be an int32 or int64 column"),
        "{e}"
    );
    let e = err("emb_none.parquet", "nope");
    assert_eq!(e.code(), "NOT_FOUND");
}

fn config(input: PathBuf, id_column: Option<&str>) -> BuildConfig {
    BuildConfig {
        input,
        format: None,
        dimension: None,
        metric: Metric::L2,
        m: 8,
        ef_construction: 40,
        seed: 3,
        ids: None,
        column: None,
        id_column: id_column.map(String::from),
        ordering: Ordering::None,
        prefault: false,
        direct_read: false,
    }
}

#[test]
fn builds_from_parquet_with_an_id_column() {
    let dir = tempfile::tempdir().unwrap();
    let s = BuildSession::open(&config(fixture("emb_brotli.parquet"), Some("id"))).unwrap();
    assert_eq!((s.rows(), s.dimension(), s.is_mapped()), (50, 8, false));
    s.insert(0, 50).unwrap();
    let out = dir.path().join("x.hnsw");
    assert!(
        s.write(&out, sochdb_core::hnsw::Stored::VectorsAndCodes)
            .unwrap()
            > 0
    );
    let e = BuildSession::open(&config(fixture("null_element.parquet"), None))
        .err()
        .unwrap();
    assert!(e.to_string().contains("row 37, element 3 is null"), "{e}");
    let npy = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/vectors/f32_c.npy");
    let e = BuildSession::open(&config(npy, Some("id"))).err().unwrap();
    assert!(
        e.to_string()
            .contains("--id-column id applies to Parquet input only"),
        "{e}"
    );
}

#[test]
fn a_damaged_file_is_an_error_not_a_panic() {
    // Found by `npm run fuzz -- --target parquet` (seed 2289): a damaged page header
    // made the parquet crate unwrap a None while skipping to the last row.
    let f = open("damaged_page.parquet");
    let mut last = vec![0f32; f.dimension()];
    let e = f.read_rows(f.rows() - 1, &mut last).unwrap_err();
    assert_eq!(e.code(), "INVALID_INPUT");
    assert!(e.to_string().contains("the Parquet reader failed"), "{e}");
    // The reader is usable afterwards: the failed read left no cursor behind.
    assert!(f.read_rows(f.rows() - 1, &mut last).is_err());
}
