//! The rows of `json_each(json [, root])` and `json_tree(json [, root])`, as SQLite
//! 3.45+ gives them.
//!
//! In: the two argument values. Out: one row per element, each of SQLite's ten columns
//! ([`COLUMNS`]: key, value, type, atom, id, parent, fullkey, path and the hidden json
//! and root). json_each lists the children of the value at `root` (the value itself
//! when it is not an array or object); json_tree lists that value and everything
//! under it, depth first.
//!
//! `id` and `parent` are the byte offsets SQLite's JSONB encoding of the document
//! would give the element (of its label, for an object member): [`Layout`] computes
//! them from the sizes of the encoded values, which for RFC 8259 input are the sizes
//! of the text each number and string was written with. JSON5 input whose numbers or
//! strings are rewritten when parsed (hex, `+1`, single-quoted strings) may get other
//! offsets than SQLite's.
//!
//! A json_tree whose root is not `$` names the root row's key and path as SQLite
//! does, quirks included: it looks for the shortest prefix of the root path whose
//! value has the root as its first member ([`root_path_len`]).

use super::super::value::Value;
use super::json_edit;
use super::json_parse::{malformed, parse, J};
use super::json_value::{to_sql, to_text, type_name, unescape};
use crate::error::Result;
use std::collections::HashMap;

/// The columns of both functions; the last two are hidden (not part of `*`).
pub const COLUMNS: [&str; 10] = [
    "key", "value", "type", "atom", "id", "parent", "fullkey", "path", "json", "root",
];

/// The size of a JSONB header for a payload of `n` bytes.
fn header(n: usize) -> u32 {
    match n {
        0..=11 => 1,
        12..=0xff => 2,
        0x100..=0xffff => 3,
        _ => 5,
    }
}

/// The size of a string encoded as JSONB (a label or a text value).
fn text_size(body: &str) -> u32 {
    header(body.len()) + body.len() as u32
}

/// Where each value of a document sits in its JSONB encoding.
struct Layout {
    /// Per value: its offset, its header's size, and its label's offset when it is an
    /// object member.
    at: HashMap<*const J, (u32, u32, Option<u32>)>,
}

impl Layout {
    fn new(doc: &J) -> Layout {
        let mut sizes = HashMap::new();
        measure(doc, &mut sizes);
        let mut layout = Layout { at: HashMap::new() };
        layout.place(doc, 0, None, &sizes);
        layout
    }

    fn place(
        &mut self,
        j: &J,
        off: u32,
        label: Option<u32>,
        sizes: &HashMap<*const J, (u32, u32)>,
    ) {
        let (hdr, _) = sizes[&(j as *const J)];
        self.at.insert(j, (off, hdr, label));
        let mut at = off + hdr;
        match j {
            J::Arr(items) => {
                for v in items {
                    self.place(v, at, None, sizes);
                    at += sizes[&(v as *const J)].1;
                }
            }
            J::Obj(items) => {
                for (k, v) in items {
                    let value_at = at + text_size(k);
                    self.place(v, value_at, Some(at), sizes);
                    at = value_at + sizes[&(v as *const J)].1;
                }
            }
            _ => {}
        }
    }

    /// The offset SQLite reports for `j`: its label's when it has one.
    fn id(&self, j: &J) -> u32 {
        let (off, _, label) = self.at[&(j as *const J)];
        label.unwrap_or(off)
    }
}

/// Records each value's header size and total size; returns the total.
fn measure(j: &J, sizes: &mut HashMap<*const J, (u32, u32)>) -> u32 {
    let payload = match j {
        J::Null | J::True | J::False => 0,
        J::Int(t) | J::Real(t) | J::Str(t) => t.len() as u32,
        J::Arr(items) => items.iter().map(|v| measure(v, sizes)).sum(),
        J::Obj(items) => items
            .iter()
            .map(|(k, v)| text_size(k) + measure(v, sizes))
            .sum(),
    };
    let hdr = header(payload as usize);
    sizes.insert(j, (hdr, hdr + payload));
    hdr + payload
}

/// A label as a path step: `.label`, quoted unless it is a letter then letters and
/// digits.
fn label_step(k: &str) -> String {
    let plain = k.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && k.bytes().all(|c| c.is_ascii_alphanumeric());
    if plain {
        format!(".{k}")
    } else {
        format!(".\"{k}\"")
    }
}

/// The rows of json_each (`recursive` false) or json_tree.
pub fn each_rows(json: &Value, root: Option<&Value>, recursive: bool) -> Result<Vec<Vec<Value>>> {
    let text = match json {
        Value::Null => return Ok(Vec::new()),
        // SQLite would read a BLOB as JSONB, which this engine does not.
        Value::Blob(_) => return Err(malformed()),
        v => v.to_text().unwrap_or_default().into_owned(),
    };
    let doc = parse(&text).ok_or_else(malformed)?.0;
    let root = match root {
        None => "$".to_string(),
        Some(Value::Null) => return Ok(Vec::new()),
        Some(v) => v.to_text().unwrap_or_default().into_owned(),
    };
    if !root.starts_with('$') {
        return Err(json_edit::bad_path(&root));
    }
    let layout = Layout::new(&doc);
    let target = if root == "$" {
        &doc
    } else {
        match json_edit::lookup(&doc, &root).map_err(|_| json_edit::bad_path(&root))? {
            Some(t) => t,
            None => return Ok(Vec::new()),
        }
    };
    let mut out = Rows {
        layout: &layout,
        json: Value::Text(text.clone()),
        root: Value::Text(root.clone()),
        rows: Vec::new(),
    };
    if recursive {
        let id = layout.id(target);
        let n = root_path_len(&doc, &layout, &root, id);
        let key = root_key(&root, n);
        out.push(key, target, id, None, root.clone(), root[..n].to_string());
        out.children(target, id, &root, true);
    } else if matches!(target, J::Arr(_) | J::Obj(_)) {
        out.children(target, 0, &root, false);
    } else {
        let id = layout.id(target);
        out.push(Value::Null, target, id, None, root.clone(), root.clone());
    }
    Ok(out.rows)
}

struct Rows<'l> {
    layout: &'l Layout,
    json: Value,
    root: Value,
    rows: Vec<Vec<Value>>,
}

impl Rows<'_> {
    fn push(
        &mut self,
        key: Value,
        j: &J,
        id: u32,
        parent: Option<u32>,
        full: String,
        path: String,
    ) {
        let atom = match j {
            J::Arr(_) | J::Obj(_) => Value::Null,
            j => to_sql(j),
        };
        let value = match j {
            J::Arr(_) | J::Obj(_) => Value::Text(to_text(j)),
            j => to_sql(j),
        };
        self.rows.push(vec![
            key,
            value,
            Value::Text(type_name(j).into()),
            atom,
            Value::Integer(i64::from(id)),
            parent.map_or(Value::Null, |p| Value::Integer(i64::from(p))),
            Value::Text(full),
            Value::Text(path),
            self.json.clone(),
            self.root.clone(),
        ]);
    }

    /// The members of container `j` (whose row id is `head`), its path `path`; with
    /// `deep`, their members after each, and parent ids.
    fn children(&mut self, j: &J, head: u32, path: &str, deep: bool) {
        let members: Vec<(Value, String, &J)> = match j {
            J::Arr(items) => items
                .iter()
                .enumerate()
                .map(|(k, v)| (Value::Integer(k as i64), format!("[{k}]"), v))
                .collect(),
            J::Obj(items) => items
                .iter()
                .map(|(k, v)| (Value::Text(unescape(k)), label_step(k), v))
                .collect(),
            _ => return,
        };
        for (key, step, v) in members {
            let id = self.layout.id(v);
            let full = format!("{path}{step}");
            let parent = deep.then_some(head);
            self.push(key, v, id, parent, full.clone(), path.to_string());
            if deep {
                self.children(v, id, &full, true);
            }
        }
    }
}

/// How much of `root` json_tree's root row reports as its path (SQLite's
/// jsonEachPathLength): the longest proper prefix ending before a `.` or `[` whose
/// value has the root (at offset `id`) as its first member, else just `$`.
fn root_path_len(doc: &J, layout: &Layout, root: &str, id: u32) -> usize {
    let z = root.as_bytes();
    let mut n = z.len();
    if n < 2 {
        return n;
    }
    while n > 1 {
        n -= 1;
        if z[n] != b'[' && z[n] != b'.' {
            continue;
        }
        let Ok(Some(parent)) = json_edit::lookup(doc, &root[..n]) else {
            continue;
        };
        let (off, hdr, _) = layout.at[&(parent as *const J)];
        if off + hdr == id {
            break;
        }
    }
    n
}

/// The root row's key in json_tree: NULL for `$`, else what follows the reported
/// path (an index, or a label without its quotes).
fn root_key(root: &str, path_len: usize) -> Value {
    if root.len() == 1 || path_len >= root.len() {
        return Value::Null;
    }
    let rest = &root[path_len..];
    if let Some(index) = rest.strip_prefix('[') {
        // sqlite3Atoi64 of what follows: its leading integer.
        let digits: String = index.chars().take_while(char::is_ascii_digit).collect();
        return Value::Integer(digits.parse().unwrap_or(0));
    }
    let label = &rest[1..];
    match label.strip_prefix('"') {
        Some(q) => Value::Text(q[..q.len().saturating_sub(1)].to_string()),
        None => Value::Text(label.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(json: &str, root: Option<&str>, recursive: bool) -> Vec<(Value, i64, Value)> {
        let root = root.map(|r| Value::Text(r.into()));
        each_rows(&Value::Text(json.into()), root.as_ref(), recursive)
            .unwrap()
            .into_iter()
            .map(|r| {
                let Value::Integer(id) = r[4] else { panic!() };
                (r[0].clone(), id, r[5].clone())
            })
            .collect()
    }

    #[test]
    fn offsets_are_sqlites_jsonb_offsets() {
        // As SQLite 3.54 answers: json_tree('{"a":[1,2,{"b":null}],"c d":"x"}').
        let t = ids("{\"a\":[1,2,{\"b\":null}],\"c d\":\"x\"}", None, true);
        let got: Vec<(i64, Value)> = t.iter().map(|r| (r.1, r.2.clone())).collect();
        let i = Value::Integer;
        assert_eq!(
            got,
            vec![
                (0, Value::Null),
                (2, i(0)),
                (5, i(2)),
                (7, i(2)),
                (9, i(2)),
                (10, i(9)),
                (13, i(0))
            ]
        );
        // A root below `$` that is not its parent's first member: key `a.b`.
        let t = ids("{\"x\":0,\"a\":{\"q\":1,\"b\":[5,6]}}", Some("$.a.b"), true);
        assert_eq!(t[0], (Value::Text("a.b".into()), 13, Value::Null));
        assert_eq!(t[1], (Value::Integer(0), 16, Value::Integer(13)));
    }
}
