//! Parquet vector columns: which column holds the vectors, and the file opened on it.
//!
//! A vector column is a list (`list`, `large_list` and `fixed_size_list` all arrive as
//! Parquet's LIST: a repeated group around one leaf) of FLOAT, DOUBLE, or
//! FIXED_LEN_BYTE_ARRAY(2) annotated FLOAT16; every value is decoded to f32. The file
//! is never read whole: the footer gives the row groups and the row count at open, the
//! first row gives the dimension, and rows are decoded row group by row group, in
//! bounded batches, as `read_rows` asks for them (`parquet_rows.rs`). Each row must
//! hold exactly `dimension` non-null values; a null vector, a null element or a row of
//! another length is an error naming the row.

use super::parquet_rows::{Cursor, Leaf};
use super::types::{ByteOrder, Dtype, Format, MemoryOrder, OpenOptions, VectorFileInfo};
use crate::error::{Error, Result};
use parquet::basic::{LogicalType, Repetition, Type as Physical};
use parquet::errors::ParquetError;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::schema::types::{ColumnDescriptor, SchemaDescriptor, Type};
use std::cell::Cell;
use std::fs::File;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, Once};

/// The first (and last) four bytes of every Parquet file.
pub const MAGIC: &[u8; 4] = b"PAR1";

pub(super) fn invalid(name: &str, msg: String) -> Error {
    Error::InvalidInput(format!("{name}: {msg}"))
}

/// A parquet-crate error on file `name`, as invalid input (the file is the user's).
pub(crate) fn parquet_error(name: &str, e: ParquetError) -> Error {
    Error::InvalidInput(format!("{name}: cannot read it as Parquet: {e}"))
}

thread_local! {
    /// Set while `guarded` runs: its panics are answered as errors, not printed.
    static QUIET_PANIC: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `f`, turning a panic into an error naming the file. The parquet crate panics
/// on some malformed input (an unwrap in its page reader, found by `npm run fuzz`); a
/// damaged file is invalid input, never a crash (DESIGN.md invariant 11). The panic
/// hook stays silent for these, and only for them.
pub(crate) fn guarded<T>(name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANIC.with(Cell::get) {
                previous(info)
            }
        }));
    });
    let was = QUIET_PANIC.with(|q| q.replace(true));
    let r = catch_unwind(AssertUnwindSafe(f));
    QUIET_PANIC.with(|q| q.set(was));
    r.unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(invalid(
            name,
            format!("the Parquet reader failed ({why}); the file is damaged or uses a feature not read here"),
        ))
    })
}

/// Opens `path` as a Parquet file: its footer is read and checked, nothing else.
pub(crate) fn open_reader(path: &Path) -> Result<SerializedFileReader<File>> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| Error::io("cannot open input", path, e))?;
    SerializedFileReader::new(file).map_err(|e| parquet_error(&name, e))
}

pub(super) struct ParquetVectors {
    pub(super) name: String,
    pub(super) reader: SerializedFileReader<File>,
    pub(super) leaf: Leaf,
    /// `starts[g]` is the first row of row group `g`; the last entry is the row count.
    pub(super) starts: Vec<usize>,
    pub(super) dimension: usize,
    pub(super) cursor: Mutex<Option<Cursor>>,
}

impl ParquetVectors {
    pub(super) fn open(
        path: &Path,
        opts: &OpenOptions,
    ) -> Result<(ParquetVectors, VectorFileInfo)> {
        guarded(&path.display().to_string(), || {
            Self::open_unguarded(path, opts)
        })
    }

    fn open_unguarded(path: &Path, opts: &OpenOptions) -> Result<(ParquetVectors, VectorFileInfo)> {
        let name = path.display().to_string();
        let file_size = std::fs::metadata(path)
            .map_err(|e| Error::io("cannot open input", path, e))?
            .len();
        let reader = open_reader(path)?;
        let meta = reader.metadata();
        let schema = meta.file_metadata().schema_descr_ptr();
        let leaf = vector_leaf(&name, &schema, opts.column.as_deref())?;
        let mut starts = vec![0usize];
        for g in meta.row_groups() {
            let n = usize::try_from(g.num_rows())
                .map_err(|_| invalid(&name, format!("a row group claims {} rows", g.num_rows())))?;
            starts.push(starts.last().unwrap() + n);
        }
        let rows = *starts.last().unwrap();
        if rows == 0 {
            return Err(invalid(
                &name,
                format!(
                    "column {} holds no rows; give a file with at least one vector",
                    leaf.column
                ),
            ));
        }
        let mut source = ParquetVectors {
            name,
            reader,
            leaf,
            starts,
            dimension: 0,
            cursor: Mutex::new(None),
        };
        source.dimension = source.first_row_length()?;
        if let Some(d) = opts.dimension {
            if d != source.dimension {
                return Err(invalid(
                    &source.name,
                    format!(
                        "column {} has dimension {} but --dimension {d} was given; pass --dimension {} or leave it out",
                        source.leaf.column, source.dimension, source.dimension
                    ),
                ));
            }
        }
        let info = VectorFileInfo {
            path: source.name.clone(),
            format: Format::Parquet,
            rows,
            dimension: source.dimension,
            dtype: source.leaf.dtype,
            byte_order: ByteOrder::Little,
            memory_order: MemoryOrder::C,
            npy_version: None,
            data_offset: 0,
            file_size,
            one_dimensional: false,
            column: Some(source.leaf.column.clone()),
            row_groups: Some(source.starts.len() - 1),
        };
        Ok((source, info))
    }
}

/// What a float-list leaf decodes to, or `None` for any other leaf.
fn element_dtype(c: &ColumnDescriptor) -> Option<Dtype> {
    match c.physical_type() {
        Physical::FLOAT => Some(Dtype::F32),
        Physical::DOUBLE => Some(Dtype::F64),
        Physical::FIXED_LEN_BYTE_ARRAY
            if c.type_length() == 2 && c.logical_type_ref() == Some(&LogicalType::Float16) =>
        {
            Some(Dtype::F16)
        }
        _ => None,
    }
}

/// The nodes from the top-level field down to leaf `i`.
fn path_nodes<'a>(schema: &'a SchemaDescriptor, c: &ColumnDescriptor) -> Vec<&'a Type> {
    let mut nodes = Vec::new();
    let mut fields = schema.root_schema().get_fields();
    for part in c.path().parts() {
        let Some(node) = fields.iter().find(|f| f.name() == part) else {
            break;
        };
        nodes.push(node.as_ref());
        if node.is_group() {
            fields = node.get_fields();
        }
    }
    nodes
}

/// The leaf `c` as a vector column: a list (exactly one repeated node on its path) of
/// a float type. The definition level at the repeated node tells a null list, an empty
/// list, a null element and a value apart (`Leaf`).
fn as_vector_leaf(schema: &SchemaDescriptor, index: usize) -> Option<Leaf> {
    let c = schema.column(index);
    let dtype = element_dtype(&c)?;
    if c.max_rep_level() != 1 {
        return None;
    }
    let mut def = 0i16;
    let mut repeated_at = None;
    for node in path_nodes(schema, &c) {
        let info = node.get_basic_info();
        match info.has_repetition().then(|| info.repetition()) {
            Some(Repetition::OPTIONAL) => def += 1,
            Some(Repetition::REPEATED) => {
                def += 1;
                repeated_at = Some(def);
            }
            _ => {}
        }
    }
    Some(Leaf {
        index,
        column: c.path().parts()[0].clone(),
        dtype,
        repeated_at: repeated_at?,
        max_def: c.max_def_level(),
    })
}

/// A type as a person reads it in a message: `int64`, `binary (String)`, `list<int32>`.
pub(crate) fn describe_leaf(c: &ColumnDescriptor) -> String {
    let physical = match c.physical_type() {
        Physical::BOOLEAN => "boolean".to_string(),
        Physical::INT32 => "int32".into(),
        Physical::INT64 => "int64".into(),
        Physical::INT96 => "int96".into(),
        Physical::FLOAT => "float".into(),
        Physical::DOUBLE => "double".into(),
        Physical::BYTE_ARRAY => "binary".into(),
        Physical::FIXED_LEN_BYTE_ARRAY => format!("fixed_len_byte_array({})", c.type_length()),
    };
    let logical = c
        .logical_type_ref()
        .map(|l| format!(" ({l:?})"))
        .unwrap_or_default();
    if c.max_rep_level() > 0 {
        format!("a list of {physical}{logical}")
    } else {
        format!("{physical}{logical}")
    }
}

/// The vector column: the one named by `--column` (its top-level name, or its dotted
/// leaf path), else the only float-list column of the file.
fn vector_leaf(name: &str, schema: &SchemaDescriptor, column: Option<&str>) -> Result<Leaf> {
    let candidates: Vec<Leaf> = (0..schema.num_columns())
        .filter_map(|i| as_vector_leaf(schema, i))
        .collect();
    let Some(wanted) = column else {
        return match candidates.len() {
            1 => Ok(candidates.into_iter().next().unwrap()),
            0 => Err(invalid(
                name,
                format!(
                    "has no column that is a list of float32, float16 or float64 (columns: {}); write the vectors as list<float32>",
                    column_list(schema)
                ),
            )),
            _ => Err(invalid(
                name,
                format!(
                    "has {} vector columns ({}); choose one with --column",
                    candidates.len(),
                    candidates.iter().map(|l| l.column.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )),
        };
    };
    let matches = |i: usize| {
        let c = schema.column(i);
        c.path().parts()[0] == wanted || c.path().string() == wanted
    };
    if let Some(leaf) = candidates.into_iter().find(|l| matches(l.index)) {
        return Ok(leaf);
    }
    match (0..schema.num_columns()).find(|&i| matches(i)) {
        Some(i) => Err(invalid(
            name,
            format!(
                "column {wanted} is {}, not a list of float32, float16 or float64",
                describe_leaf(&schema.column(i))
            ),
        )),
        None => Err(Error::NotFound(format!(
            "{name}: no column {wanted} (columns: {})",
            column_list(schema)
        ))),
    }
}

/// The top-level field names, for messages.
pub(crate) fn column_list(schema: &SchemaDescriptor) -> String {
    schema
        .root_schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}
