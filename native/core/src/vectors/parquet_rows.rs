//! Decoding a Parquet list column into f32 rows, row group by row group.
//!
//! A `Cursor` holds the column reader of one row group and the row it stands at, so
//! reads in order (convert's chunks, a build's copy) continue where the last stopped;
//! a read elsewhere reopens the row group and skips to the row. Records are decoded at
//! most `BATCH_VALUES` values at a time, so the buffers stay bounded whatever the file.
//!
//! Each value slot carries a repetition level (0: a new row) and a definition level,
//! read against the leaf's levels: below `repeated_at - 1` the list (or a group around
//! it) is null; at `repeated_at - 1` the list is empty; below `max_def` the element is
//! null; at `max_def` it is a value.

use super::parquet_file::{guarded, invalid, parquet_error, ParquetVectors};
use super::types::Dtype;
use crate::error::{Error, Result};
use parquet::column::reader::{get_typed_column_reader, ColumnReaderImpl};
use parquet::data_type::{DoubleType, FixedLenByteArray, FixedLenByteArrayType, FloatType};
use parquet::file::reader::FileReader;

/// Values decoded per call at most (plus two i16 levels each): 4 MiB of f32.
const BATCH_VALUES: usize = 1 << 20;

/// A vector column: its leaf index, its top-level name, element type and levels.
#[derive(Clone, Debug)]
pub(super) struct Leaf {
    pub index: usize,
    pub column: String,
    pub dtype: Dtype,
    pub repeated_at: i16,
    pub max_def: i16,
}

enum Values {
    F32(ColumnReaderImpl<FloatType>, Vec<f32>),
    F64(ColumnReaderImpl<DoubleType>, Vec<f64>),
    F16(
        ColumnReaderImpl<FixedLenByteArrayType>,
        Vec<FixedLenByteArray>,
    ),
}

impl Values {
    fn read(
        &mut self,
        records: usize,
        def: &mut Vec<i16>,
        rep: &mut Vec<i16>,
    ) -> parquet::errors::Result<usize> {
        def.clear();
        rep.clear();
        let (records, _, _) = match self {
            Values::F32(r, v) => {
                v.clear();
                r.read_records(records, Some(def), Some(rep), v)?
            }
            Values::F64(r, v) => {
                v.clear();
                r.read_records(records, Some(def), Some(rep), v)?
            }
            Values::F16(r, v) => {
                v.clear();
                r.read_records(records, Some(def), Some(rep), v)?
            }
        };
        Ok(records)
    }

    fn get(&self, i: usize) -> f32 {
        match self {
            Values::F32(_, v) => v[i],
            Values::F64(_, v) => v[i] as f32,
            Values::F16(_, v) => {
                let b = v[i].data();
                half::f16::from_bits(u16::from_le_bytes([b[0], b[1]])).to_f32()
            }
        }
    }
}

pub(super) struct Cursor {
    group: usize,
    /// The row the reader stands at (absolute, across row groups).
    next: usize,
    values: Values,
    def: Vec<i16>,
    rep: Vec<i16>,
}

/// One row being assembled: where it goes and how many values it had.
struct Row {
    index: usize,
    len: usize,
}

impl ParquetVectors {
    fn cursor_at(&self, row: usize) -> Result<Cursor> {
        let group = self.starts.partition_point(|&s| s <= row) - 1;
        let rg = self
            .reader
            .get_row_group(group)
            .map_err(|e| parquet_error(&self.name, e))?;
        let column = rg
            .get_column_reader(self.leaf.index)
            .map_err(|e| parquet_error(&self.name, e))?;
        let values = match self.leaf.dtype {
            Dtype::F32 => Values::F32(get_typed_column_reader(column), Vec::new()),
            Dtype::F64 => Values::F64(get_typed_column_reader(column), Vec::new()),
            Dtype::F16 => Values::F16(get_typed_column_reader(column), Vec::new()),
        };
        let mut cursor = Cursor {
            group,
            next: self.starts[group],
            values,
            def: Vec::new(),
            rep: Vec::new(),
        };
        let skip = row - cursor.next;
        if skip > 0 {
            let skipped = match &mut cursor.values {
                Values::F32(r, _) => r.skip_records(skip),
                Values::F64(r, _) => r.skip_records(skip),
                Values::F16(r, _) => r.skip_records(skip),
            }
            .map_err(|e| parquet_error(&self.name, e))?;
            if skipped != skip {
                return Err(self.short_group(group, cursor.next + skipped));
            }
            cursor.next = row;
        }
        Ok(cursor)
    }

    fn short_group(&self, group: usize, at: usize) -> Error {
        invalid(
            &self.name,
            format!(
                "row group {group} ends at row {at} but its metadata says it holds rows {} to {}; the file is truncated or damaged",
                self.starts[group],
                self.starts[group + 1] - 1
            ),
        )
    }

    /// The number of values in row 0 (the file's dimension).
    pub(super) fn first_row_length(&self) -> Result<usize> {
        let mut cursor = self.cursor_at(0)?;
        let mut len = 0;
        self.decode(&mut cursor, 1, &mut |_, row, _| {
            len = row.len + 1;
            Ok(())
        })?;
        if len == 0 {
            return Err(invalid(
                &self.name,
                format!(
                    "column {}, row 0 is an empty list; every vector needs at least one value",
                    self.leaf.column
                ),
            ));
        }
        Ok(len)
    }

    /// Decode rows `start..start + out.len() / D` into `out`.
    pub(super) fn read_rows(&self, start: usize, out: &mut [f32]) -> Result<()> {
        guarded(&self.name, || self.read_rows_unguarded(start, out))
    }

    fn read_rows_unguarded(&self, start: usize, out: &mut [f32]) -> Result<()> {
        let d = self.dimension;
        let n = out.len() / d;
        let mut guard = self.cursor.lock().unwrap_or_else(|p| p.into_inner());
        // A failed read leaves no cursor: the next read reopens its row group.
        let mut cursor = match guard.take() {
            Some(c) if c.next == start => c,
            _ => self.cursor_at(start)?,
        };
        let mut done = 0;
        while done < n {
            if cursor.next == self.starts[cursor.group + 1] {
                cursor = self.cursor_at(cursor.next)?;
            }
            let in_group = self.starts[cursor.group + 1] - cursor.next;
            let batch = (n - done).min(in_group).min((BATCH_VALUES / d).max(1));
            let base = done;
            self.decode(&mut cursor, batch, &mut |k, row, value| {
                let at = (base + k) * d + row.len;
                if row.len < d {
                    out[at] = value;
                }
                Ok(())
            })?;
            done += batch;
        }
        *guard = Some(cursor);
        Ok(())
    }

    /// Reads `records` rows at the cursor, handing each value to `put(k, row, value)`
    /// (`k`: the row's place in this batch, `row.len`: values before it in the row)
    /// and checking each row's length against the dimension when it ends. With `put`
    /// given a zero-length dimension (the probe of row 0) lengths are not checked.
    fn decode(
        &self,
        cursor: &mut Cursor,
        records: usize,
        put: &mut dyn FnMut(usize, &Row, f32) -> Result<()>,
    ) -> Result<()> {
        let first = cursor.next;
        let got = cursor
            .values
            .read(records, &mut cursor.def, &mut cursor.rep)
            .map_err(|e| parquet_error(&self.name, e))?;
        if got != records {
            return Err(self.short_group(cursor.group, first + got));
        }
        let Leaf {
            repeated_at,
            max_def,
            ..
        } = self.leaf;
        let mut row: Option<Row> = None;
        let mut started = 0;
        let mut value = 0;
        for (&r, &dl) in cursor.rep.iter().zip(&cursor.def) {
            if r == 0 {
                if let Some(done) = row.take() {
                    self.check_length(&done)?;
                }
                row = Some(Row {
                    index: first + started,
                    len: 0,
                });
                started += 1;
            }
            let current = row
                .as_mut()
                .expect("a repetition level 0 starts every record");
            if dl < repeated_at - 1 {
                return Err(invalid(
                    &self.name,
                    format!("column {}, row {} is null; every row needs a vector (drop or fill the row)", self.leaf.column, current.index),
                ));
            } else if dl == repeated_at - 1 {
                // An empty list: the row ends with length 0.
            } else if dl < max_def {
                return Err(invalid(
                    &self.name,
                    format!(
                        "column {}, row {}, element {} is null; vectors may not hold nulls (fill them, e.g. with 0)",
                        self.leaf.column, current.index, current.len
                    ),
                ));
            } else {
                put(current.index - first, current, cursor.values.get(value))?;
                value += 1;
                current.len += 1;
            }
        }
        if let Some(done) = row {
            self.check_length(&done)?;
        }
        cursor.next = first + got;
        Ok(())
    }

    fn check_length(&self, row: &Row) -> Result<()> {
        if self.dimension != 0 && row.len != self.dimension {
            return Err(invalid(
                &self.name,
                format!(
                    "column {}, row {} has {} values but row 0 has {}; every vector must have the same length",
                    self.leaf.column, row.index, row.len, self.dimension
                ),
            ));
        }
        Ok(())
    }
}
