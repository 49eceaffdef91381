//! JSONL rows for `sql --import`: one JSON object per line (blank lines skipped). The
//! columns are the first object's keys, in its order, typed by its values; a later
//! object may leave keys out (NULL) but not bring new ones (an error naming the line
//! and the key). Values: integers (within i64) INTEGER, other numbers REAL, strings
//! TEXT, true/false 1/0, null NULL, arrays and objects their JSON text.

use super::{RowSource, SourceColumn};
use crate::error::{Error, Result};
use crate::sql::Value;
use serde_json::{Map, Value as Json};
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

pub(super) struct JsonlRows {
    name: String,
    input: BufReader<File>,
    columns: Vec<SourceColumn>,
    line: u64,
    /// The line of the row last returned.
    start: u64,
    /// The first object, returned as the first row.
    first: Option<Map<String, Json>>,
    buf: Vec<u8>,
}

impl JsonlRows {
    pub(super) fn open(path: &Path, name: &str) -> Result<JsonlRows> {
        let file = File::open(path).map_err(|e| Error::io("cannot open", path, e))?;
        let mut rows = JsonlRows {
            name: name.to_string(),
            input: BufReader::with_capacity(1 << 20, file),
            columns: Vec::new(),
            line: 0,
            start: 0,
            first: None,
            buf: Vec::new(),
        };
        let Some(first) = rows.object()? else {
            return Err(Error::InvalidInput(format!(
                "{name}: holds no JSON object; give one object per line"
            )));
        };
        if first.is_empty() {
            return Err(rows.error("the first object has no keys, so there are no columns"));
        }
        rows.columns = first
            .iter()
            .map(|(k, v)| SourceColumn {
                name: k.clone(),
                decl: match v {
                    Json::Number(n) if n.is_i64() => "INTEGER",
                    Json::Number(_) => "REAL",
                    Json::Bool(_) => "INTEGER",
                    Json::String(_) | Json::Array(_) | Json::Object(_) => "TEXT",
                    Json::Null => "",
                },
            })
            .collect();
        rows.first = Some(first);
        Ok(rows)
    }

    fn error(&self, what: &str) -> Error {
        Error::InvalidInput(format!("{}: line {}: {what}", self.name, self.start))
    }

    /// The next object, or `None` at the end of the file.
    fn object(&mut self) -> Result<Option<Map<String, Json>>> {
        loop {
            self.buf.clear();
            let n = self
                .input
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| Error::Io {
                    context: format!("cannot read {}", self.name),
                    source: e,
                })?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let mut text = &self.buf[..];
            if self.line == 1 {
                text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
            }
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            self.start = self.line;
            return match serde_json::from_slice::<Json>(text) {
                Ok(Json::Object(m)) => Ok(Some(m)),
                Ok(other) => Err(self.error(&format!(
                    "expected a JSON object, found {}",
                    match other {
                        Json::Array(_) => "an array",
                        Json::String(_) => "a string",
                        Json::Number(_) => "a number",
                        Json::Bool(_) => "a boolean",
                        _ => "null",
                    }
                ))),
                Err(e) => Err(self.error(&format!("invalid JSON: {e}"))),
            };
        }
    }
}

fn value(v: Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(i64::from(b)),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => Value::Text(s),
        other => Value::Text(other.to_string()),
    }
}

impl RowSource for JsonlRows {
    fn columns(&self) -> &[SourceColumn] {
        &self.columns
    }

    fn next_row(&mut self, out: &mut Vec<Value>) -> Result<bool> {
        // The first object was read at open; `start` still names its line.
        let object = match self.first.take() {
            Some(first) => first,
            None => match self.object()? {
                Some(o) => o,
                None => return Ok(false),
            },
        };
        out.clear();
        out.resize(self.columns.len(), Value::Null);
        for (k, v) in object {
            let Some(i) = self.columns.iter().position(|c| c.name == k) else {
                return Err(self.error(&format!(
                    "key \"{k}\" is not a column (the columns are the first object's keys: {}); add it to the first line, or create the table first",
                    self.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
                )));
            };
            out[i] = value(v);
        }
        Ok(true)
    }

    fn place(&self) -> String {
        format!("line {}", self.start)
    }
}
