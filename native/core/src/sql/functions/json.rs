//! JSON functions (placeholder while being written).

use super::super::value::Value;
use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFn {
    Json,
    Valid,
    Extract,
    Array,
    Object,
    Insert,
    Replace,
    Set,
    Remove,
    Type,
    ArrayLength,
    Quote,
    Patch,
    ErrorPosition,
}

pub fn call(_f: JsonFn, _a: &[Value]) -> Result<Value> {
    Err(Error::InvalidInput("json: not yet".into()))
}
