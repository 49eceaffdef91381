//! Parquet rows for `sql --import`, through the parquet crate's record reader, which
//! reads row group by row group in batches. Every top-level column is checked against
//! the types we convert before the first row is read (the record reader panics on a
//! type it does not know), and given its SQL type (mapping in `import/mod.rs`).

use super::{civil, RowSource, SourceColumn};
use crate::error::{Error, Result};
use crate::sql::Value;
use crate::vectors::{parquet_error, parquet_guarded};
use parquet::basic::{ConvertedType as Ct, LogicalType, Repetition, Type as Physical};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::reader::RowIter;
use parquet::record::Field;
use parquet::schema::types::{SchemaDescriptor, Type};
use std::fs::File;
use std::path::Path;

/// How a column's values become SQL values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Plain,
    /// A list of floats: a BLOB of little-endian f32.
    Vector,
}

pub(super) struct ParquetRows {
    name: String,
    columns: Vec<SourceColumn>,
    kinds: Vec<Kind>,
    rows: RowIter<'static>,
    /// The 0-based row last returned.
    row: Option<u64>,
}

impl ParquetRows {
    pub(super) fn open(path: &Path, name: &str) -> Result<ParquetRows> {
        parquet_guarded(name, || Self::open_unguarded(path, name))
    }

    fn open_unguarded(path: &Path, name: &str) -> Result<ParquetRows> {
        let file = File::open(path).map_err(|e| Error::io("cannot open", path, e))?;
        let reader = SerializedFileReader::new(file).map_err(|e| parquet_error(name, e))?;
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        let (columns, kinds) = columns(name, &schema)?;
        Ok(ParquetRows {
            name: name.to_string(),
            columns,
            kinds,
            rows: RowIter::from_file_into(Box::new(reader)),
            row: None,
        })
    }

    fn value(&self, column: usize, field: Field) -> Result<Value> {
        let row = self.row.unwrap_or(0);
        Ok(match field {
            Field::Null => Value::Null,
            Field::Bool(b) => Value::Integer(i64::from(b)),
            Field::Byte(v) => Value::Integer(v.into()),
            Field::Short(v) => Value::Integer(v.into()),
            Field::Int(v) => Value::Integer(v.into()),
            Field::Long(v) => Value::Integer(v),
            Field::UByte(v) => Value::Integer(v.into()),
            Field::UShort(v) => Value::Integer(v.into()),
            Field::UInt(v) => Value::Integer(v.into()),
            // As SQLite stores an integer literal past i64: a real.
            Field::ULong(v) => i64::try_from(v).map_or(Value::Real(v as f64), Value::Integer),
            Field::Float16(v) => real(v.to_f64()),
            Field::Float(v) => real(v.into()),
            Field::Double(v) => real(v),
            Field::Decimal(d) => real(decimal(d.data(), d.scale())),
            Field::Str(s) => Value::Text(s),
            Field::Bytes(b) => Value::Blob(b.data().to_vec()),
            Field::Date(days) => Value::Text(civil::date(days.into())),
            Field::TimeMillis(t) => Value::Text(civil::time(t.into(), 1000)),
            Field::TimeMicros(t) => Value::Text(civil::time(t, 1_000_000)),
            Field::TimestampMillis(t) => Value::Text(civil::timestamp(t, 1000)),
            Field::TimestampMicros(t) => Value::Text(civil::timestamp(t, 1_000_000)),
            Field::ListInternal(list) if self.kinds[column] == Kind::Vector => {
                let mut blob = Vec::with_capacity(list.len() * 4);
                for (i, e) in list.elements().iter().enumerate() {
                    let v = match e {
                        Field::Float(v) => *v,
                        Field::Double(v) => *v as f32,
                        Field::Float16(v) => v.to_f32(),
                        _ => {
                            return Err(Error::InvalidInput(format!(
                                "{}: row {row}, column {}, element {i} is null; a vector may not hold nulls (fill them, e.g. with 0)",
                                self.name, self.columns[column].name
                            )))
                        }
                    };
                    blob.extend_from_slice(&v.to_le_bytes());
                }
                Value::Blob(blob)
            }
            other => {
                return Err(Error::Unsupported(format!(
                    "{}: row {row}, column {}: cannot import the value {other}",
                    self.name, self.columns[column].name
                )))
            }
        })
    }
}

/// A real, or NULL for NaN, as SQLite stores NaN.
fn real(v: f64) -> Value {
    if v.is_nan() {
        Value::Null
    } else {
        Value::Real(v)
    }
}

/// A big-endian two's complement unscaled decimal as f64.
fn decimal(bytes: &[u8], scale: i32) -> f64 {
    let mut unscaled = 0f64;
    for (i, &b) in bytes.iter().enumerate() {
        let b = if i == 0 { b as i8 as f64 } else { b as f64 };
        unscaled = unscaled * 256.0 + b;
    }
    unscaled / 10f64.powi(scale)
}

impl RowSource for ParquetRows {
    fn columns(&self) -> &[SourceColumn] {
        &self.columns
    }

    fn next_row(&mut self, out: &mut Vec<Value>) -> Result<bool> {
        // The record reader panics on some malformed input; a panic is not an answer.
        let name = format!("{}, row {}", self.name, self.row.map_or(0, |r| r + 1));
        let rows = &mut self.rows;
        let next = parquet_guarded(&name, || Ok(rows.next()))?;
        let Some(row) = next else {
            return Ok(false);
        };
        let row = row.map_err(|e| parquet_error(&self.name, e))?;
        self.row = Some(self.row.map_or(0, |r| r + 1));
        out.clear();
        for (i, (_, field)) in row.into_columns().into_iter().enumerate() {
            out.push(self.value(i, field)?);
        }
        Ok(true)
    }

    fn place(&self) -> String {
        format!("row {}", self.row.unwrap_or(0))
    }
}

/// The SQL type of each top-level column, or an error naming the first we cannot read.
fn columns(name: &str, schema: &SchemaDescriptor) -> Result<(Vec<SourceColumn>, Vec<Kind>)> {
    let mut columns = Vec::new();
    let mut kinds = Vec::new();
    for field in schema.root_schema().get_fields() {
        let (decl, kind) = if field.is_primitive() {
            (primitive_decl(field), Kind::Plain)
        } else {
            (vector_decl(field), Kind::Vector)
        };
        let Some(decl) = decl else {
            return Err(Error::Unsupported(format!(
                "{name}: column {} is {}; sql --import reads numbers, strings, binary, booleans, dates, times, timestamps and lists of floats (stored as f32 BLOBs)",
                field.name(),
                describe(field)
            )));
        };
        columns.push(SourceColumn {
            name: field.name().to_string(),
            decl,
        });
        kinds.push(kind);
    }
    Ok((columns, kinds))
}

fn repeated(t: &Type) -> bool {
    let info = t.get_basic_info();
    info.has_repetition() && info.repetition() == Repetition::REPEATED
}

/// The SQL type of a top-level primitive column, when the record reader converts it.
fn primitive_decl(t: &Type) -> Option<&'static str> {
    if repeated(t) {
        return None;
    }
    let ct = t.get_basic_info().converted_type();
    let float16 = t.get_basic_info().logical_type_ref() == Some(&LogicalType::Float16);
    Some(match (t.get_physical_type(), ct) {
        (Physical::BOOLEAN, _) => "INTEGER",
        (Physical::INT32, Ct::DATE | Ct::TIME_MILLIS) => "TEXT",
        (Physical::INT32 | Physical::INT64, Ct::DECIMAL) => "REAL",
        (
            Physical::INT32,
            Ct::NONE | Ct::INT_8 | Ct::INT_16 | Ct::INT_32 | Ct::UINT_8 | Ct::UINT_16 | Ct::UINT_32,
        ) => "INTEGER",
        (Physical::INT64, Ct::TIME_MICROS | Ct::TIMESTAMP_MILLIS | Ct::TIMESTAMP_MICROS) => "TEXT",
        (Physical::INT64, Ct::NONE | Ct::INT_64 | Ct::UINT_64) => "INTEGER",
        (Physical::INT96, _) => "TEXT",
        (Physical::FLOAT | Physical::DOUBLE, _) => "REAL",
        (Physical::BYTE_ARRAY, Ct::UTF8 | Ct::ENUM | Ct::JSON) => "TEXT",
        (Physical::BYTE_ARRAY, Ct::NONE | Ct::BSON) => "BLOB",
        (Physical::BYTE_ARRAY | Physical::FIXED_LEN_BYTE_ARRAY, Ct::DECIMAL) => "REAL",
        (Physical::FIXED_LEN_BYTE_ARRAY, Ct::NONE) if float16 => "REAL",
        (Physical::FIXED_LEN_BYTE_ARRAY, Ct::NONE) => "BLOB",
        _ => return None,
    })
}

/// BLOB for a group that is a list of floats (`LIST` of a float element, the 3-level
/// form pyarrow writes, or a bare repeated float), else `None`.
fn vector_decl(t: &Type) -> Option<&'static str> {
    let mut node = t;
    let mut repeats = usize::from(repeated(t));
    while node.is_group() {
        let [child] = node.get_fields() else {
            return None;
        };
        node = child;
        repeats += usize::from(repeated(node));
    }
    let element_ok = match node.get_physical_type() {
        Physical::FLOAT | Physical::DOUBLE => true,
        Physical::FIXED_LEN_BYTE_ARRAY => {
            node.get_basic_info().logical_type_ref() == Some(&LogicalType::Float16)
        }
        _ => false,
    };
    (repeats == 1 && element_ok && !repeated(t)).then_some("BLOB")
}

fn describe(t: &Type) -> String {
    if t.is_group() {
        let what = match t.get_basic_info().converted_type() {
            Ct::LIST => "a list of something other than floats",
            Ct::MAP | Ct::MAP_KEY_VALUE => "a map",
            _ => "a struct",
        };
        return what.to_string();
    }
    let info = t.get_basic_info();
    let repeated = if repeated(t) { "repeated " } else { "" };
    format!(
        "{repeated}{} ({})",
        t.get_physical_type(),
        info.logical_type_ref()
            .map(|l| format!("{l:?}"))
            .unwrap_or_else(|| info.converted_type().to_string())
    )
}
