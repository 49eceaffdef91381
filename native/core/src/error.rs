//! The one error type of the core. Few kinds, stable codes, full causes: the napi glue
//! turns a kind into its `code()` string and the CLI maps that code to an exit code in
//! one place (`src/engine/errors.ts`). Messages name the file, and the offset, row or
//! line where the problem is, and say what to do.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A user-supplied file or value is malformed (exit 3).
    #[error("{0}")]
    InvalidInput(String),
    /// A file, key, table or column does not exist (exit 4).
    #[error("{0}")]
    NotFound(String),
    /// A file sochdb-bulk wrote fails its magic, version or checksum (exit 5).
    #[error("{0}")]
    Corrupt(String),
    /// The database is held by another process (exit 6).
    #[error("{0}")]
    Locked(String),
    /// An operating-system I/O failure: permission, disk full, ... (exit 7).
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    /// A valid request this build does not support (exit 3: the input asks for it).
    #[error("{0}")]
    Unsupported(String),
    /// A bug: an invariant of ours did not hold (exit 1).
    #[error("internal error: {0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Stable code carried across the Rust/JS boundary.
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput(_) => "INVALID_INPUT",
            Error::NotFound(_) => "NOT_FOUND",
            Error::Corrupt(_) => "CORRUPT",
            Error::Locked(_) => "LOCKED",
            Error::Io { source, .. } => match source.kind() {
                std::io::ErrorKind::NotFound => "NOT_FOUND",
                _ => "IO",
            },
            Error::Unsupported(_) => "INVALID_INPUT",
            Error::Internal(_) => "INTERNAL",
        }
    }

    /// An I/O error on `path`, with what we were doing (`"cannot open"`, `"cannot write"`).
    pub fn io(what: &str, path: &Path, source: std::io::Error) -> Error {
        let hint = match source.kind() {
            std::io::ErrorKind::NotFound => " (check the path)",
            std::io::ErrorKind::PermissionDenied => " (check the file's permissions)",
            std::io::ErrorKind::StorageFull => " (the disk is full: free space, then run again)",
            std::io::ErrorKind::QuotaExceeded => {
                " (the disk quota is exceeded: free space, then run again)"
            }
            _ => "",
        };
        Error::Io {
            context: format!("{what} {}{hint}", path.display()),
            source,
        }
    }
}
