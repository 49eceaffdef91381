//! One case's surroundings: its scratch directory, its saved input, and what it found.

use sochdb_core::{Error, Result};
use std::fmt::Display;
use std::path::{Path, PathBuf};

pub struct Case {
    work: PathBuf,
    /// Print what every step returned (`replay`).
    pub verbose: bool,
    pub finding: Option<(String, String)>,
}

impl Case {
    pub fn new(target: &str, work: &Path, verbose: bool) -> Case {
        let _ = target;
        Case {
            work: work.to_path_buf(),
            verbose,
            finding: None,
        }
    }

    pub fn reset(&mut self, _seed: u64) {
        self.finding = None;
        let scratch = self.scratch();
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).expect("cannot create the scratch directory");
        let input = self.input_path();
        if input.is_dir() {
            let _ = std::fs::remove_dir_all(&input);
        } else {
            let _ = std::fs::remove_file(&input);
        }
    }

    /// Emptied before every case.
    pub fn scratch(&self) -> PathBuf {
        self.work.join("case")
    }

    /// Fixtures a target builds once per process (the same on every run).
    pub fn base(&self) -> PathBuf {
        self.work.join("base")
    }

    /// The case's input as written before it runs: a file, or a directory for `store`.
    pub fn input_path(&self) -> PathBuf {
        self.work.join("current.input")
    }

    pub fn save_input(&mut self, bytes: &[u8]) {
        std::fs::write(self.input_path(), bytes).expect("cannot write the case input");
    }

    /// The value of a step, or None after an expected error. An internal error is a
    /// finding: the CLI exits 1 on it.
    pub fn ok<T>(&mut self, what: &str, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => {
                if self.verbose {
                    println!("{what}: ok");
                }
                Some(v)
            }
            Err(e) => {
                if self.verbose {
                    println!("{what}: [{}] {e}", e.code());
                }
                if matches!(e, Error::Internal(_)) {
                    self.found("internal", format!("{what}: {e}"));
                }
                None
            }
        }
    }

    /// A property every accepted input must have; false is a finding.
    pub fn check(&mut self, holds: bool, what: impl Display) {
        if !holds {
            self.found("invariant", what.to_string());
        }
    }

    fn found(&mut self, kind: &str, msg: String) {
        if self.verbose {
            println!("FOUND {kind}: {msg}");
        }
        self.finding.get_or_insert((kind.to_string(), msg));
    }
}
