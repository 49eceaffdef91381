//! JSON paths (`$`, `.key`, `."quoted key"`, `[N]`, `[#]`, `[#-N]`) walked one step at
//! a time as SQLite's jsonLookupStep does: a step that does not fit the value (a key on
//! an array) is "not found" before the rest of the path is even read; a malformed step
//! is `bad JSON path: '…'`. Edits (json_insert/replace/set/remove) and RFC 7396
//! json_patch.

use super::json_parse::J;
use super::json_value::unescape;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    Replace,
    Insert,
    Set,
}

enum Found {
    Yes,
    NotFound,
}

pub fn bad_path(path: &str) -> Error {
    Error::InvalidInput(format!("bad JSON path: '{}'", path.replace('\'', "''")))
}

/// One step of a path: a key (its text, and whether it is free of escapes) or an
/// array index; `rest` is what follows.
enum Step<'p> {
    Key(&'p str, bool),
    /// An index from the start, or (`[#-N]`) N from the end.
    Index(u64),
    FromEnd(u64),
}

/// Parses the step at the start of `p` (which begins with '.' or '['), or None for
/// a malformed one.
fn step(p: &str) -> Option<(Step<'_>, &str)> {
    let b = p.as_bytes();
    if b[0] == b'.' {
        if b.get(1) == Some(&b'"') {
            let mut i = 2;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' && i + 1 < b.len() {
                    i += 1;
                }
                i += 1;
            }
            if i >= b.len() {
                return None;
            }
            let key = &p[2..i];
            return Some((Step::Key(key, !key.contains('\\')), &p[i + 1..]));
        }
        let end = p[1..].find(['.', '[']).map_or(p.len(), |e| e + 1);
        if end == 1 {
            return None;
        }
        return Some((Step::Key(&p[1..end], true), &p[end..]));
    }
    // '['
    let mut i = 1;
    let mut kk: u64 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        if kk < 0xffff_ffff {
            kk = kk * 10 + u64::from(b[i] - b'0');
        }
        i += 1;
    }
    if i >= 2 && b.get(i) == Some(&b']') {
        return Some((Step::Index(kk), &p[i + 1..]));
    }
    if b.get(1) != Some(&b'#') {
        return None;
    }
    i = 2;
    let mut nn = 0u64;
    if b.get(2) == Some(&b'-') && b.get(3).is_some_and(u8::is_ascii_digit) {
        i = 3;
        while i < b.len() && b[i].is_ascii_digit() {
            if nn < 0xffff_ffff {
                nn = nn * 10 + u64::from(b[i] - b'0');
            }
            i += 1;
        }
    }
    if b.get(i) != Some(&b']') {
        return None;
    }
    Some((Step::FromEnd(nn), &p[i + 1..]))
}

fn label_eq(key: &str, raw_key: bool, label: &str) -> bool {
    let raw_label = !label.contains('\\');
    if raw_key && raw_label {
        key == label
    } else {
        unescape(key) == unescape(label)
    }
}

/// The value at `path`, None when there is none.
pub fn lookup<'j>(doc: &'j J, path: &str) -> Result<Option<&'j J>> {
    let Some(rest) = path.strip_prefix('$') else {
        return Err(bad_path(path));
    };
    let mut node = doc;
    let mut p = rest;
    while !p.is_empty() {
        if !p.starts_with(['.', '[']) {
            return Err(bad_path(path));
        }
        let is_key = p.starts_with('.');
        match (is_key, node) {
            (true, J::Obj(items)) => {
                let (Step::Key(key, raw), tail) = step(p).ok_or_else(|| bad_path(path))? else {
                    unreachable!("a '.' step is a key")
                };
                match items.iter().find(|(l, _)| label_eq(key, raw, l)) {
                    Some((_, v)) => {
                        node = v;
                        p = tail;
                    }
                    None => return Ok(None),
                }
            }
            (true, _) => {
                // A key step on a non-object: not found, unless the key is malformed.
                step(p).ok_or_else(|| bad_path(path))?;
                return Ok(None);
            }
            (false, J::Arr(items)) => {
                let (st, tail) = step(p).ok_or_else(|| bad_path(path))?;
                let idx = match st {
                    Step::Index(k) => k,
                    Step::FromEnd(n) => match (items.len() as u64).checked_sub(n) {
                        Some(k) => k,
                        None => return Ok(None),
                    },
                    Step::Key(..) => unreachable!("a '[' step is an index"),
                };
                match items.get(idx as usize) {
                    Some(v) => {
                        node = v;
                        p = tail;
                    }
                    None => return Ok(None),
                }
            }
            (false, _) => return Ok(None),
        }
    }
    Ok(Some(node))
}

/// Applies one json_insert/replace/set of `v` at `path`.
pub fn edit(doc: &mut J, path: &str, how: Edit, v: J) -> Result<()> {
    let Some(rest) = path.strip_prefix('$') else {
        return Err(bad_path(path));
    };
    if rest.is_empty() {
        if how != Edit::Insert {
            *doc = v;
        }
        return Ok(());
    }
    edit_step(doc, rest, path, how, v, 0).map(|_| ())
}

fn too_deep() -> Error {
    Error::InvalidInput("JSON path too deep".into())
}

fn edit_step(node: &mut J, p: &str, path: &str, how: Edit, v: J, depth: usize) -> Result<Found> {
    if depth >= 1000 {
        return Err(too_deep());
    }
    if p.is_empty() {
        if how != Edit::Insert {
            *node = v;
        }
        return Ok(Found::Yes);
    }
    if !p.starts_with(['.', '[']) {
        return Err(bad_path(path));
    }
    let is_key = p.starts_with('.');
    match (is_key, node) {
        (true, J::Obj(items)) => {
            let (Step::Key(key, raw), tail) = step(p).ok_or_else(|| bad_path(path))? else {
                unreachable!("a '.' step is a key")
            };
            if let Some((_, child)) = items.iter_mut().find(|(l, _)| label_eq(key, raw, l)) {
                return edit_step(child, tail, path, how, v, depth + 1);
            }
            if how == Edit::Replace {
                return Ok(Found::NotFound);
            }
            match substructure(tail, path, how, v, depth)? {
                Some(sub) => {
                    items.push((key.to_string(), sub));
                    Ok(Found::Yes)
                }
                None => Ok(Found::NotFound),
            }
        }
        (true, _) => {
            step(p).ok_or_else(|| bad_path(path))?;
            Ok(Found::NotFound)
        }
        (false, J::Arr(items)) => {
            let (st, tail) = step(p).ok_or_else(|| bad_path(path))?;
            let len = items.len() as u64;
            let idx = match st {
                Step::Index(k) => k,
                Step::FromEnd(n) => match len.checked_sub(n) {
                    Some(k) => k,
                    None => return Ok(Found::NotFound),
                },
                Step::Key(..) => unreachable!("a '[' step is an index"),
            };
            if idx < len {
                return edit_step(&mut items[idx as usize], tail, path, how, v, depth + 1);
            }
            if idx > len || how == Edit::Replace {
                return Ok(Found::NotFound);
            }
            match substructure(tail, path, how, v, depth)? {
                Some(sub) => {
                    items.push(sub);
                    Ok(Found::Yes)
                }
                None => Ok(Found::NotFound),
            }
        }
        (false, _) => Ok(Found::NotFound),
    }
}

/// What an insert creates for the rest of the path: the value itself, or empty
/// objects and arrays around it (None when the rest cannot be created).
fn substructure(tail: &str, path: &str, how: Edit, v: J, depth: usize) -> Result<Option<J>> {
    if tail.is_empty() {
        return Ok(Some(v));
    }
    let mut sub = if tail.starts_with('.') {
        J::Obj(Vec::new())
    } else {
        J::Arr(Vec::new())
    };
    if depth + 1 >= 1000 {
        return Err(too_deep());
    }
    match edit_step(&mut sub, tail, path, how, v, depth + 1)? {
        Found::Yes => Ok(Some(sub)),
        Found::NotFound => Ok(None),
    }
}

/// json_remove of one path: false when the path is '$' (the result is then NULL).
pub fn remove(doc: &mut J, path: &str) -> Result<bool> {
    let Some(rest) = path.strip_prefix('$') else {
        return Err(bad_path(path));
    };
    if rest.is_empty() {
        return Ok(false);
    }
    remove_step(doc, rest, path, 0)?;
    Ok(true)
}

fn remove_step(node: &mut J, p: &str, path: &str, depth: usize) -> Result<()> {
    if depth >= 1000 {
        return Err(too_deep());
    }
    if !p.starts_with(['.', '[']) {
        return Err(bad_path(path));
    }
    let is_key = p.starts_with('.');
    match (is_key, node) {
        (true, J::Obj(items)) => {
            let (Step::Key(key, raw), tail) = step(p).ok_or_else(|| bad_path(path))? else {
                unreachable!("a '.' step is a key")
            };
            if let Some(i) = items.iter().position(|(l, _)| label_eq(key, raw, l)) {
                if tail.is_empty() {
                    items.remove(i);
                } else {
                    remove_step(&mut items[i].1, tail, path, depth + 1)?;
                }
            }
            Ok(())
        }
        (true, _) => step(p).map(|_| ()).ok_or_else(|| bad_path(path)),
        (false, J::Arr(items)) => {
            let (st, tail) = step(p).ok_or_else(|| bad_path(path))?;
            let len = items.len() as u64;
            let idx = match st {
                Step::Index(k) => Some(k),
                Step::FromEnd(n) => len.checked_sub(n),
                Step::Key(..) => unreachable!("a '[' step is an index"),
            };
            if let Some(i) = idx.filter(|i| *i < len) {
                if tail.is_empty() {
                    items.remove(i as usize);
                } else {
                    remove_step(&mut items[i as usize], tail, path, depth + 1)?;
                }
            }
            Ok(())
        }
        (false, _) => Ok(()),
    }
}

/// RFC 7396: objects merge key by key, a null in the patch deletes, anything else
/// replaces.
pub fn merge_patch(target: J, patch: J) -> J {
    let J::Obj(patch_items) = patch else {
        return patch;
    };
    let mut items = match target {
        J::Obj(items) => items,
        _ => Vec::new(),
    };
    for (key, pv) in patch_items {
        let pos = items
            .iter()
            .position(|(l, _)| label_eq(&key, !key.contains('\\'), l));
        match (pos, pv) {
            (Some(i), J::Null) => {
                items.remove(i);
            }
            (None, J::Null) => {}
            (Some(i), pv) => {
                let old = std::mem::replace(&mut items[i].1, J::Null);
                items[i].1 = merge_patch(old, pv);
            }
            (None, pv) => {
                let v = merge_patch(J::Null, pv);
                items.push((key, v));
            }
        }
    }
    J::Obj(items)
}

#[cfg(test)]
mod tests {
    use super::super::json_parse::parse;
    use super::super::json_value::to_text;
    use super::*;

    fn doc(s: &str) -> J {
        parse(s).expect("valid").0
    }

    #[test]
    fn paths_step_as_sqlite() {
        let d = doc(r#"{"a":[1,{"b":2}],"c.d":3}"#);
        assert_eq!(lookup(&d, "$.a[1].b").unwrap(), Some(&J::Int("2".into())));
        assert_eq!(lookup(&d, "$.a[#-1].b").unwrap(), Some(&J::Int("2".into())));
        assert_eq!(lookup(&d, "$.\"c.d\"").unwrap(), Some(&J::Int("3".into())));
        assert_eq!(lookup(&d, "$.a.x[").unwrap(), None);
        assert!(lookup(&d, "$.a[x]").is_err());
        assert!(lookup(&d, "a").is_err());
    }

    #[test]
    fn edits() {
        let mut d = doc(r#"{"a":[1]}"#);
        edit(&mut d, "$.a[#]", Edit::Insert, J::Int("2".into())).unwrap();
        edit(&mut d, "$.b.c", Edit::Set, J::True).unwrap();
        edit(&mut d, "$.a[0]", Edit::Insert, J::Null).unwrap();
        edit(&mut d, "$.z", Edit::Replace, J::Null).unwrap();
        assert_eq!(to_text(&d), r#"{"a":[1,2],"b":{"c":true}}"#);
        remove(&mut d, "$.a[0]").unwrap();
        assert_eq!(to_text(&d), r#"{"a":[2],"b":{"c":true}}"#);
        let p = merge_patch(
            doc(r#"{"a":1,"b":{"c":2}}"#),
            doc(r#"{"a":null,"b":{"d":3}}"#),
        );
        assert_eq!(to_text(&p), r#"{"b":{"c":2,"d":3}}"#);
    }
}
