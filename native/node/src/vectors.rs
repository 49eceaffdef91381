//! Vector files: describe and convert.

use napi::bindgen_prelude::Function;
use napi_derive::napi;
use sochdb_core::vectors::{self, Format, OpenOptions, VectorFile, VectorFileInfo};
use std::path::Path;

use crate::errors::IntoNapi;

#[napi(object)]
pub struct OpenOpts {
    /// "npy" | "raw_f32" | "fvecs" | "parquet"; absent or "auto" means by extension,
    /// then by content.
    pub format: Option<String>,
    pub dimension: Option<u32>,
    /// Parquet: the vector column.
    pub column: Option<String>,
    pub prefault: Option<bool>,
    pub direct_read: Option<bool>,
}

pub fn open_options(o: &OpenOpts) -> napi::Result<OpenOptions> {
    let format = match o.format.as_deref() {
        None | Some("auto") => None,
        Some(name) => Some(Format::from_name(name).napi()?),
    };
    Ok(OpenOptions {
        format,
        dimension: o.dimension.map(|d| d as usize),
        prefault: o.prefault.unwrap_or(false),
        direct_read: o.direct_read.unwrap_or(false),
        column: o.column.clone(),
    })
}

#[napi(object)]
pub struct VectorInfo {
    pub path: String,
    pub format: String,
    pub rows: f64,
    pub dimension: u32,
    pub dtype: String,
    pub byte_order: String,
    pub memory_order: String,
    /// "1.0", "2.0", "3.0" for .npy; absent otherwise.
    pub npy_version: Option<String>,
    pub data_offset: f64,
    pub file_size: f64,
    pub one_dimensional: bool,
    /// Parquet: the column read and the number of row groups.
    pub column: Option<String>,
    pub row_groups: Option<u32>,
}

pub fn vector_info(i: &VectorFileInfo) -> VectorInfo {
    VectorInfo {
        path: i.path.clone(),
        format: i.format.name().to_string(),
        rows: i.rows as f64,
        dimension: i.dimension as u32,
        dtype: i.dtype.name().to_string(),
        byte_order: i.byte_order.name().to_string(),
        memory_order: i.memory_order.name().to_string(),
        npy_version: i.npy_version.map(|(a, b)| format!("{a}.{b}")),
        data_offset: i.data_offset as f64,
        file_size: i.file_size as f64,
        one_dimensional: i.one_dimensional,
        column: i.column.clone(),
        row_groups: i.row_groups.map(|g| g as u32),
    }
}

#[napi]
pub fn describe_vectors(path: String, opts: OpenOpts) -> napi::Result<VectorInfo> {
    let info = vectors::describe(Path::new(&path), &open_options(&opts)?).napi()?;
    Ok(vector_info(&info))
}

#[napi(object)]
pub struct ConvertResult {
    pub rows: f64,
    pub dimension: u32,
    pub bytes_written: f64,
}

/// Convert a vector file. `on_progress(rowsDone)` is called synchronously after each
/// chunk, on the calling thread (a piscina worker), so it can publish progress.
#[napi]
pub fn convert_vectors(
    input: String,
    opts: OpenOpts,
    output: String,
    to_format: String,
    normalize: bool,
    on_progress: Option<Function<f64, ()>>,
) -> napi::Result<ConvertResult> {
    let file = VectorFile::open(Path::new(&input), &open_options(&opts)?).napi()?;
    let to = Format::from_name(&to_format).napi()?;
    let mut callback_error = None;
    let mut progress = |rows: usize| {
        if let Some(f) = &on_progress {
            if let Err(e) = f.call(rows as f64) {
                callback_error.get_or_insert(e);
            }
        }
    };
    let stats = vectors::convert(&file, Path::new(&output), to, normalize, &mut progress).napi()?;
    if let Some(e) = callback_error {
        return Err(e);
    }
    Ok(ConvertResult {
        rows: stats.rows as f64,
        dimension: stats.dimension as u32,
        bytes_written: stats.bytes_written as f64,
    })
}

/// The exact header numpy writes for an array of `descr` (e.g. "<f4") and `shape`.
#[napi]
pub fn npy_header(descr: String, shape: Vec<f64>) -> napi::bindgen_prelude::Buffer {
    let shape: Vec<usize> = shape.iter().map(|&s| s as usize).collect();
    vectors::npy_header(&descr, &shape).into()
}
