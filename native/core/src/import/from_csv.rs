//! CSV rows for `sql --import`, RFC 4180 as `kv import` reads it: a header row names the
//! columns; quoted fields may hold commas, `""` and line breaks; CRLF or LF; a UTF-8
//! BOM is skipped; blank lines are skipped. Every field is TEXT (sqlite3's `.import`
//! does the same), so the table's column affinity decides what is stored.

use super::{RowSource, SourceColumn};
use crate::error::{Error, Result};
use crate::sql::Value;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub(super) struct CsvRows {
    name: String,
    input: BufReader<File>,
    columns: Vec<SourceColumn>,
    /// Lines read so far, and the line the last record started on (1-based).
    line: u64,
    start: u64,
    buf: Vec<u8>,
}

impl CsvRows {
    pub(super) fn open(path: &Path, name: &str) -> Result<CsvRows> {
        let file = File::open(path).map_err(|e| Error::io("cannot open", path, e))?;
        let mut rows = CsvRows {
            name: name.to_string(),
            input: BufReader::with_capacity(1 << 20, file),
            columns: Vec::new(),
            line: 0,
            start: 0,
            buf: Vec::new(),
        };
        let Some(header) = rows.record()? else {
            return Err(rows.error(
                1,
                "the CSV file is empty; it needs a header row naming the columns",
            ));
        };
        for (i, h) in header.iter().enumerate() {
            if h.is_empty() {
                return Err(rows.error(
                    rows.start,
                    &format!("the header row's column {} has no name", i + 1),
                ));
            }
            if header[..i].contains(h) {
                return Err(rows.error(
                    rows.start,
                    &format!("the header row names column {h} twice"),
                ));
            }
        }
        rows.columns = header
            .into_iter()
            .map(|name| SourceColumn { name, decl: "TEXT" })
            .collect();
        Ok(rows)
    }

    fn error(&self, line: u64, what: &str) -> Error {
        Error::InvalidInput(format!("{}: line {line}: {what}", self.name))
    }

    fn read_line(&mut self) -> Result<bool> {
        self.buf.clear();
        let n = self
            .input
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| Error::Io {
                context: format!("cannot read {}", self.name),
                source: e,
            })?;
        if n == 0 {
            return Ok(false);
        }
        self.line += 1;
        if self.buf.ends_with(b"\n") {
            self.buf.pop();
            if self.buf.ends_with(b"\r") {
                self.buf.pop();
            }
        }
        if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        Ok(true)
    }

    /// The next record's fields, or `None` at the end of the file.
    fn record(&mut self) -> Result<Option<Vec<String>>> {
        let mut fields = Vec::new();
        let mut field = Vec::new();
        let mut quoted = false;
        let mut started = false;
        loop {
            if !self.read_line()? {
                if started {
                    return Err(self.error(
                        self.start,
                        "a quoted field is not closed before the end of the file",
                    ));
                }
                return Ok(None);
            }
            if !started {
                if self.buf.is_empty() {
                    continue;
                }
                self.start = self.line;
                started = true;
            } else {
                field.push(b'\n'); // a quoted field spanning lines
            }
            let mut i = 0;
            while i < self.buf.len() {
                let c = self.buf[i];
                if quoted {
                    if c == b'"' {
                        if self.buf.get(i + 1) == Some(&b'"') {
                            field.push(b'"');
                            i += 1;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.push(c);
                    }
                } else if c == b',' {
                    fields.push(self.text(std::mem::take(&mut field), fields.len())?);
                } else if c == b'"' && field.is_empty() {
                    quoted = true;
                } else if c == b'"' {
                    return Err(self.error(
                        self.line,
                        &format!(
                            "a quote inside an unquoted field (column {})",
                            fields.len() + 1
                        ),
                    ));
                } else {
                    field.push(c);
                }
                i += 1;
            }
            if !quoted {
                fields.push(self.text(field, fields.len())?);
                return Ok(Some(fields));
            }
        }
    }

    fn text(&self, bytes: Vec<u8>, column: usize) -> Result<String> {
        String::from_utf8(bytes).map_err(|_| {
            self.error(
                self.start,
                &format!(
                    "column {} is not valid UTF-8; save the file as UTF-8",
                    column + 1
                ),
            )
        })
    }
}

impl RowSource for CsvRows {
    fn columns(&self) -> &[SourceColumn] {
        &self.columns
    }

    fn next_row(&mut self, out: &mut Vec<Value>) -> Result<bool> {
        let Some(fields) = self.record()? else {
            return Ok(false);
        };
        if fields.len() != self.columns.len() {
            return Err(self.error(
                self.start,
                &format!(
                    "{} field{} where the header has {}",
                    fields.len(),
                    if fields.len() == 1 { "" } else { "s" },
                    self.columns.len()
                ),
            ));
        }
        out.clear();
        out.extend(fields.into_iter().map(Value::Text));
        Ok(true)
    }

    fn place(&self) -> String {
        format!("line {}", self.start)
    }
}
