//! A build-index job: input file → insertion order → concurrent inserts → index file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::hnsw::{insertion_order, BuildParams, Builder, Metric, Ordering};
use crate::vectors::{read_id_column, read_ids, Format, OpenOptions, VectorFile, VectorFileInfo};

#[derive(Clone, Debug)]
pub struct BuildConfig {
    pub input: PathBuf,
    pub format: Option<Format>,
    pub dimension: Option<usize>,
    pub metric: Metric,
    pub m: usize,
    pub ef_construction: usize,
    pub seed: u64,
    pub ids: Option<PathBuf>,
    /// Parquet input: the vector column (needed when the file has several).
    pub column: Option<String>,
    /// Parquet input: the column of ids (instead of an `ids` file).
    pub id_column: Option<String>,
    pub ordering: Ordering,
    pub prefault: bool,
    pub direct_read: bool,
}

pub struct BuildSession {
    builder: Builder,
    input: VectorFileInfo,
    mapped: bool,
}

impl BuildSession {
    pub fn open(config: &BuildConfig) -> Result<BuildSession> {
        let opts = OpenOptions {
            format: config.format,
            dimension: config.dimension,
            prefault: config.prefault,
            direct_read: config.direct_read,
            column: config.column.clone(),
        };
        let file = VectorFile::open(&config.input, &opts)?;
        let input = file.info().clone();
        let ids = match (&config.ids, &config.id_column) {
            (Some(_), Some(_)) => {
                return Err(Error::InvalidInput(
                    "give ids with --ids or --id-column, not both".into(),
                ))
            }
            (Some(path), None) => Some(read_ids(path, input.rows)?),
            (None, Some(column)) if input.format == Format::Parquet => {
                Some(read_id_column(&config.input, column, input.rows)?)
            }
            (None, Some(column)) => {
                return Err(Error::InvalidInput(format!(
                    "{}: --id-column {column} applies to Parquet input only, and this is {}; give ids with --ids",
                    config.input.display(),
                    input.format.name()
                )))
            }
            (None, None) => None,
        };
        if let Some(ids) = &ids {
            if let Some(row) = ids.iter().position(|&id| id > i64::MAX as u64) {
                let source = match &config.id_column {
                    Some(c) => format!("{} (--id-column {c})", config.input.display()),
                    None => path_of(&config.ids),
                };
                return Err(Error::InvalidInput(format!(
                    "{source}: id at row {row} is {}, larger than the int64 maximum; ids must fit in int64",
                    ids[row]
                )));
            }
        }
        let vectors = file.into_matrix()?;
        let mapped = vectors.is_mapped();
        let order = insertion_order(&vectors, config.ordering, config.metric, config.seed);
        let params = BuildParams {
            metric: config.metric,
            m: config.m,
            ef_construction: config.ef_construction,
            seed: config.seed,
        };
        // The builder names a bad row (NaN, infinite, zero under cosine); say which file.
        let builder = Builder::new(vectors, ids, order, params).map_err(|e| match e {
            Error::InvalidInput(m) => {
                Error::InvalidInput(format!("{}: {m}", config.input.display()))
            }
            e => e,
        })?;
        Ok(BuildSession {
            builder,
            input,
            mapped,
        })
    }

    pub fn rows(&self) -> usize {
        self.builder.len()
    }

    pub fn dimension(&self) -> usize {
        self.builder.dimension()
    }

    pub fn input(&self) -> &VectorFileInfo {
        &self.input
    }

    /// True when the vectors are read in place from the input's mapping (no copy).
    pub fn is_mapped(&self) -> bool {
        self.mapped
    }

    /// Insert internal nodes `start..end`; safe to call from many threads at once.
    pub fn insert(&self, start: usize, end: usize) -> Result<()> {
        if start > end || end > self.rows() {
            return Err(Error::Internal(format!(
                "insert range {start}..{end} outside 0..{}",
                self.rows()
            )));
        }
        self.builder.insert_range(start, end)
    }

    pub fn inserted(&self) -> usize {
        self.builder.inserted()
    }

    pub fn write(&self, output: &Path, stored: crate::hnsw::Stored) -> Result<u64> {
        self.builder.write_stored(output, stored)
    }
}

fn path_of(p: &Option<PathBuf>) -> String {
    p.as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}
