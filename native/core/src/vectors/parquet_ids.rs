//! Ids for `build-index --id-column`: a top-level INT32 or INT64 column (signed or
//! unsigned) of the Parquet input, one id per row, read row group by row group. A null
//! or negative id is an error naming its row; the ids must be unique, as `--ids`.

use super::ids::check_unique;
use super::parquet_file::{
    column_list, describe_leaf, guarded, invalid, open_reader, parquet_error,
};
use crate::error::{Error, Result};
use parquet::basic::{LogicalType, Type as Physical};
use parquet::column::reader::{get_typed_column_reader, ColumnReaderImpl};
use parquet::data_type::{DataType, Int32Type, Int64Type};
use parquet::file::reader::{FileReader, RowGroupReader};
use std::path::Path;

/// Read the ids in `column` of the Parquet file `path`, which must hold `expected` rows.
pub fn read_id_column(path: &Path, column: &str, expected: usize) -> Result<Vec<u64>> {
    let name = path.display().to_string();
    guarded(&name, || read_unguarded(path, &name, column, expected))
}

fn read_unguarded(path: &Path, name: &str, column: &str, expected: usize) -> Result<Vec<u64>> {
    let name = name.to_string();
    let reader = open_reader(path)?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let named = |i: usize| {
        let c = schema.column(i);
        c.path().string() == column || c.path().parts()[0] == column
    };
    let Some(index) = (0..schema.num_columns()).find(|&i| named(i)) else {
        return Err(Error::NotFound(format!(
            "{name}: no column {column} for --id-column (columns: {})",
            column_list(&schema)
        )));
    };
    let c = schema.column(index);
    let unsigned = matches!(c.logical_type_ref(), Some(LogicalType::Integer(t)) if !t.is_signed);
    if c.max_rep_level() != 0 || !matches!(c.physical_type(), Physical::INT32 | Physical::INT64) {
        return Err(invalid(
            &name,
            format!(
                "--id-column {column} is {}; ids must be an int32 or int64 column (signed or unsigned)",
                describe_leaf(&c)
            ),
        ));
    }
    let mut ids = Vec::with_capacity(expected);
    for g in 0..reader.num_row_groups() {
        let rg = reader
            .get_row_group(g)
            .map_err(|e| parquet_error(&name, e))?;
        let first = ids.len();
        let rows = rg.metadata().num_rows() as usize;
        let read = match c.physical_type() {
            Physical::INT32 => read_group::<Int32Type>(&*rg, index, rows, |v| {
                if unsigned {
                    v as u32 as i64
                } else {
                    v as i64
                }
            }),
            _ => read_group::<Int64Type>(&*rg, index, rows, |v| v),
        }
        .map_err(|e| parquet_error(&name, e))?;
        for (k, id) in read.into_iter().enumerate() {
            let row = first + k;
            let id = match id {
                None => {
                    return Err(invalid(
                        &name,
                        format!("--id-column {column}, row {row} is null; every row needs an id"),
                    ))
                }
                Some(v) if unsigned => v as u64,
                Some(v) if v < 0 => {
                    return Err(invalid(
                        &name,
                        format!(
                            "--id-column {column}, row {row} has negative id {v}; ids must be ≥ 0"
                        ),
                    ))
                }
                Some(v) => v as u64,
            };
            ids.push(id);
        }
    }
    if ids.len() != expected {
        return Err(invalid(
            &name,
            format!(
                "--id-column {column} holds {} ids but the file has {expected} vectors",
                ids.len()
            ),
        ));
    }
    check_unique(&name, &ids)?;
    Ok(ids)
}

/// The `rows` values of leaf `index` in one row group, `None` for a null, each widened
/// to i64 by `widen` (the raw bits of a uint64 stay as they are).
fn read_group<T: DataType>(
    rg: &dyn RowGroupReader,
    index: usize,
    rows: usize,
    widen: impl Fn(T::T) -> i64,
) -> parquet::errors::Result<Vec<Option<i64>>>
where
    T::T: Copy,
{
    let mut reader: ColumnReaderImpl<T> = get_typed_column_reader(rg.get_column_reader(index)?);
    let mut out = Vec::with_capacity(rows);
    let (mut def, mut values) = (Vec::new(), Vec::new());
    let max_def = rg.metadata().schema_descr().column(index).max_def_level();
    while out.len() < rows {
        def.clear();
        values.clear();
        let want = (rows - out.len()).min(1 << 16);
        let (got, _, _) = reader.read_records(want, Some(&mut def), None, &mut values)?;
        if got == 0 {
            break;
        }
        if max_def == 0 {
            out.extend(values.iter().map(|&v| Some(widen(v))));
        } else {
            let mut it = values.iter();
            for &d in &def {
                out.push((d == max_def).then(|| widen(*it.next().unwrap())));
            }
        }
    }
    Ok(out)
}
