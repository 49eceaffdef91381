//! Errors cross to JS as `Error("[CODE] message")`: a stable code in brackets, then the
//! message and its cause chain. `src/engine/errors.ts` parses the code back out; the
//! bracket form survives piscina's structured clone of worker errors, which drops
//! custom properties.

use std::error::Error as _;

pub fn to_napi(e: sochdb_core::Error) -> napi::Error {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    napi::Error::from_reason(format!("[{}] {}", e.code(), message))
}

pub fn invalid(message: impl Into<String>) -> napi::Error {
    to_napi(sochdb_core::Error::InvalidInput(message.into()))
}

pub trait IntoNapi<T> {
    fn napi(self) -> napi::Result<T>;
}

impl<T> IntoNapi<T> for sochdb_core::Result<T> {
    fn napi(self) -> napi::Result<T> {
        self.map_err(to_napi)
    }
}
