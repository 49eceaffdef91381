//! Target `parquet`: a fixture pyarrow wrote (fixtures/parquet) with its bytes mutated,
//! most often in the footer (the metadata, where the sizes and offsets live), opened
//! as `info --input`, `convert` and `build-index` open it (all rows, `--id-column`),
//! and imported by `sql --import`.

use sochdb_core::import::{import, ImportOptions};
use sochdb_core::store::{Store, StoreOptions};
use sochdb_core::vectors::{describe, read_id_column, OpenOptions, VectorFile};

use crate::case::Case;
use crate::mutate::mutate;
use crate::rng::Rng;

const FIXTURES: [&[u8]; 6] = [
    include_bytes!("../../../fixtures/parquet/emb_snappy.parquet"),
    include_bytes!("../../../fixtures/parquet/emb_zstd.parquet"),
    include_bytes!("../../../fixtures/parquet/emb_gzip.parquet"),
    include_bytes!("../../../fixtures/parquet/f16.parquet"),
    include_bytes!("../../../fixtures/parquet/f64.parquet"),
    include_bytes!("../../../fixtures/parquet/null_element.parquet"),
];

/// Bytes of the footer a mutation favours: the metadata and its length.
const FOOTER_BYTES: usize = 3000;

pub fn run(case: &mut Case, rng: &mut Rng) {
    let mut bytes = rng.pick(&FIXTURES).to_vec();
    if rng.one_in(3) {
        mutate(rng, &mut bytes, 8, 0);
    } else {
        let split = bytes.len().saturating_sub(FOOTER_BYTES);
        let mut footer = bytes.split_off(split);
        footer.reverse(); // `mutate` favours the front: make that the end of the file
        mutate(rng, &mut footer, 8, 64);
        footer.reverse();
        bytes.extend(footer);
    }
    case.save_input(&bytes);
    let path = case.scratch().join("x.parquet");
    std::fs::write(&path, &bytes).expect("cannot write the case file");

    let opts = OpenOptions::default();
    case.ok("describe", describe(&path, &opts));
    if let Some(f) = case.ok("open", VectorFile::open(&path, &opts)) {
        let (rows, d) = (f.rows(), f.dimension());
        if rows.saturating_mul(d) <= 1 << 22 {
            let mut all = vec![0f32; rows * d];
            case.ok("read all rows", f.read_rows(0, &mut all));
            if rows > 1 {
                let mut last = vec![0f32; d];
                case.ok("read last row", f.read_rows(rows - 1, &mut last));
            }
        }
        case.ok("id column", read_id_column(&path, "id", rows));
    }
    let db = case.scratch().join("db");
    if let Some(mut store) = case.ok("open store", Store::open(&db, StoreOptions::default())) {
        let o = ImportOptions {
            table: "t".into(),
            path: path.clone(),
            format: None,
            batch_rows: rng.one_in(2).then(|| rng.range(1, 40)),
            display_name: None,
            primary_key: None,
        };
        case.ok("sql import", import(&mut store, &o, &mut |_| {}));
    }
}
