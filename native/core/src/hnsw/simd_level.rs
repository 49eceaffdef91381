//! `SOCHDB_SIMD=scalar|avx2|avx512|avx512bf16` (x86-64) or `scalar|neon` (aarch64) pins
//! the highest kernel level the distance kernels may use (simd.rs for f32, simd_i8.rs for
//! the int8 build and walk, simd_bf16.rs for format-2 files), so one machine can measure
//! every level a user's CPU might have. Unset: the best this CPU runs. A level
//! this CPU lacks, or an unknown name, is refused by [`check_simd_env`] (called where an
//! index is built or opened) rather than silently replaced.

use crate::error::{Error, Result};
use std::sync::OnceLock;

/// The environment variable that pins the level.
pub const SIMD_ENV: &str = "SOCHDB_SIMD";

/// Kernel levels, lowest first.
#[cfg(not(target_arch = "aarch64"))]
pub const LEVELS: &[&str] = &["scalar", "avx2", "avx512", "avx512bf16"];
#[cfg(target_arch = "aarch64")]
pub const LEVELS: &[&str] = &["scalar", "neon"];

/// The rank of a kernel name in [`LEVELS`].
pub fn rank(name: &str) -> usize {
    LEVELS.iter().position(|&l| l == name).unwrap_or(0)
}

/// The pinned level's rank, or `None` when unset; `Err` for an unknown name.
fn pinned() -> &'static std::result::Result<Option<usize>, String> {
    static PINNED: OnceLock<std::result::Result<Option<usize>, String>> = OnceLock::new();
    PINNED.get_or_init(|| match std::env::var(SIMD_ENV) {
        Err(_) => Ok(None),
        Ok(v) if v.is_empty() => Ok(None),
        Ok(v) => LEVELS
            .iter()
            .position(|&l| l.eq_ignore_ascii_case(&v))
            .map(Some)
            .ok_or_else(|| format!("{SIMD_ENV}={v}: use one of {}", LEVELS.join(", "))),
    })
}

/// The highest rank a kernel may have: the pinned one, else every level.
pub fn ceiling() -> usize {
    match pinned() {
        Ok(Some(r)) => *r,
        _ => LEVELS.len() - 1,
    }
}

/// Refuses an unknown `SOCHDB_SIMD` value, or a level this CPU cannot run.
pub fn check_simd_env() -> Result<()> {
    let level = match pinned() {
        Ok(None) => return Ok(()),
        Ok(Some(r)) => *r,
        Err(m) => return Err(Error::InvalidInput(m.clone())),
    };
    let has = available_levels();
    if has.contains(&LEVELS[level]) {
        return Ok(());
    }
    Err(Error::InvalidInput(format!(
        "{SIMD_ENV}={}: this CPU cannot run that level (it runs: {}); unset {SIMD_ENV} for the best it has",
        LEVELS[level],
        has.join(", ")
    )))
}

/// The levels this CPU runs: every level some kernel of it belongs to.
pub fn available_levels() -> Vec<&'static str> {
    let bf16 = super::simd_bf16::available_bf16();
    let i8 = super::simd_i8::available_i8();
    let f32 = super::simd::available();
    let named = bf16.iter().map(|k| k.name);
    let named = named.chain(i8.iter().map(|k| k.level));
    let named: Vec<&str> = named.chain(f32.iter().map(|k| k.name)).collect();
    LEVELS
        .iter()
        .copied()
        .filter(|l| named.contains(l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_rank_in_order() {
        assert_eq!(rank("scalar"), 0);
        if cfg!(target_arch = "aarch64") {
            assert_eq!(rank("neon"), 1);
        } else {
            assert_eq!(rank("avx2"), 1);
            assert_eq!(rank("avx512bf16"), 3);
        }
        assert!(available_levels().contains(&"scalar"));
    }
}
