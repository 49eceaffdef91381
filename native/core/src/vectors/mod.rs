//! Vector files: memory-mapped readers for `.npy` (v1–v3), raw f32 and `.fvecs`, and
//! streaming writers for `convert`.

mod matrix;

pub use matrix::Matrix;
