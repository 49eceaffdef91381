//! Dot product and squared L2 kernels, chosen once at run time: AVX-512F, else AVX2+FMA,
//! else portable scalar code; NEON on aarch64 (every aarch64 CPU has it). Callers see one safe `Kernels` value of plain function
//! pointers; the `unsafe` target-feature functions are only reachable through it after
//! the CPU was checked, which is what makes calling them sound.

use std::sync::OnceLock;

/// One set of kernels. Both slices must have the same length (checked in debug builds;
/// in release the shorter length is used, so a mismatch can never read out of bounds).
#[derive(Clone, Copy)]
pub struct Kernels {
    pub name: &'static str,
    pub dot: fn(&[f32], &[f32]) -> f32,
    pub l2: fn(&[f32], &[f32]) -> f32,
}

static BEST: OnceLock<Kernels> = OnceLock::new();

/// The fastest kernels this CPU supports, at or below the level `SOCHDB_SIMD` pins
/// (simd_level.rs).
#[inline]
pub fn kernels() -> &'static Kernels {
    BEST.get_or_init(|| {
        let ceiling = super::simd_level::ceiling();
        *available()
            .iter()
            .rfind(|k| super::simd_level::rank(k.name) <= ceiling)
            .expect("scalar kernels always exist")
    })
}

/// Every kernel set this CPU can run, slowest (scalar) first: the tests check each
/// against the scalar one.
pub fn available() -> Vec<Kernels> {
    #[allow(unused_mut)]
    let mut v = vec![Kernels {
        name: "scalar",
        dot: dot_scalar,
        l2: l2_scalar,
    }];
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            v.push(Kernels {
                name: "avx2",
                dot: x86::dot_avx2,
                l2: x86::l2_avx2,
            });
        }
        if is_x86_feature_detected!("avx512f") {
            v.push(Kernels {
                name: "avx512",
                dot: x86::dot_avx512,
                l2: x86::l2_avx512,
            });
        }
    }
    #[cfg(target_arch = "aarch64")]
    v.push(Kernels {
        name: "neon",
        dot: arm::dot_neon,
        l2: arm::l2_neon,
    });
    v
}

/// Asks the CPU to start loading the first cache lines of `v` (up to 512 bytes): the
/// graph walk knows which vectors it will read a few hundred cycles ahead.
#[inline]
pub fn prefetch<T>(v: &[T]) {
    prefetch_bytes(v, 512)
}

/// Asks for all of `v`: issued for the row two places ahead of the one being compared,
/// so its later lines arrive before the kernel reaches them.
#[inline]
pub fn prefetch_all<T>(v: &[T]) {
    prefetch_bytes(v, usize::MAX)
}

#[inline]
fn prefetch_bytes<T>(v: &[T], limit: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        let bytes = std::mem::size_of_val(v).min(limit);
        let p = v.as_ptr() as *const i8;
        let mut off = 0;
        while off < bytes {
            // SAFETY: prefetch is a hint that never faults; the address lies inside `v`.
            unsafe { std::arch::x86_64::_mm_prefetch(p.add(off), std::arch::x86_64::_MM_HINT_T0) };
            off += 64;
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (v, limit);
}

/// Eight independent accumulators so the compiler can vectorise with baseline SIMD
/// (SSE2 / NEON) even without runtime dispatch.
pub fn dot_scalar(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        s += x * y;
    }
    s
}

pub fn l2_scalar(a: &[f32], b: &[f32]) -> f32 {
    debug_assert_eq!(a.len(), b.len());
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..8 {
            let d = x[i] - y[i];
            acc[i] += d * d;
        }
    }
    let mut s: f32 = acc.iter().sum();
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        let d = x - y;
        s += d * d;
    }
    s
}

#[cfg(target_arch = "x86_64")]
pub(super) mod x86 {
    // AVX-512 intrinsics are stable since Rust 1.89; the workspace states 1.80 as its
    // minimum, which clippy would otherwise flag here.
    #![allow(clippy::incompatible_msrv)]

    use std::arch::x86_64::*;

    // The safe wrappers are only handed out by `available()` after feature detection.
    pub fn dot_avx2(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        // SAFETY: AVX2+FMA were detected before this function pointer was created.
        unsafe { dot_avx2_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn l2_avx2(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        // SAFETY: as above.
        unsafe { l2_avx2_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn dot_avx512(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        // SAFETY: AVX-512F was detected before this function pointer was created.
        unsafe { dot_avx512_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn l2_avx512(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        // SAFETY: as above.
        unsafe { l2_avx512_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    #[target_feature(enable = "avx2,fma")]
    pub(in crate::hnsw) unsafe fn hsum256(v: __m256) -> f32 {
        let lo = _mm256_castps256_ps128(v);
        let hi = _mm256_extractf128_ps(v, 1);
        let s = _mm_add_ps(lo, hi);
        let s = _mm_add_ps(s, _mm_movehl_ps(s, s));
        let s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
        _mm_cvtss_f32(s)
    }

    /// SAFETY: `a` and `b` valid for `n` reads; AVX2+FMA available.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn dot_avx2_impl(a: *const f32, b: *const f32, n: usize) -> f32 {
        let (mut s0, mut s1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let mut i = 0;
        while i + 16 <= n {
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a.add(i)), _mm256_loadu_ps(b.add(i)), s0);
            s1 = _mm256_fmadd_ps(
                _mm256_loadu_ps(a.add(i + 8)),
                _mm256_loadu_ps(b.add(i + 8)),
                s1,
            );
            i += 16;
        }
        if i + 8 <= n {
            s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a.add(i)), _mm256_loadu_ps(b.add(i)), s0);
            i += 8;
        }
        let mut s = hsum256(_mm256_add_ps(s0, s1));
        while i < n {
            s += *a.add(i) * *b.add(i);
            i += 1;
        }
        s
    }

    /// SAFETY: `a` and `b` valid for `n` reads; AVX2+FMA available.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn l2_avx2_impl(a: *const f32, b: *const f32, n: usize) -> f32 {
        let (mut s0, mut s1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let mut i = 0;
        while i + 16 <= n {
            let d0 = _mm256_sub_ps(_mm256_loadu_ps(a.add(i)), _mm256_loadu_ps(b.add(i)));
            let d1 = _mm256_sub_ps(_mm256_loadu_ps(a.add(i + 8)), _mm256_loadu_ps(b.add(i + 8)));
            s0 = _mm256_fmadd_ps(d0, d0, s0);
            s1 = _mm256_fmadd_ps(d1, d1, s1);
            i += 16;
        }
        if i + 8 <= n {
            let d0 = _mm256_sub_ps(_mm256_loadu_ps(a.add(i)), _mm256_loadu_ps(b.add(i)));
            s0 = _mm256_fmadd_ps(d0, d0, s0);
            i += 8;
        }
        let mut s = hsum256(_mm256_add_ps(s0, s1));
        while i < n {
            let d = *a.add(i) - *b.add(i);
            s += d * d;
            i += 1;
        }
        s
    }

    /// SAFETY: `a` and `b` valid for `n` reads; AVX-512F available. The tail uses a
    /// masked load, which never touches memory outside the mask.
    #[target_feature(enable = "avx512f")]
    unsafe fn dot_avx512_impl(a: *const f32, b: *const f32, n: usize) -> f32 {
        // Four accumulators: enough independent FMA chains to cover FMA latency on two
        // ports, so long vectors run at load bandwidth.
        let (mut s0, mut s1) = (_mm512_setzero_ps(), _mm512_setzero_ps());
        let (mut s2, mut s3) = (_mm512_setzero_ps(), _mm512_setzero_ps());
        let mut i = 0;
        while i + 64 <= n {
            s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a.add(i)), _mm512_loadu_ps(b.add(i)), s0);
            s1 = _mm512_fmadd_ps(
                _mm512_loadu_ps(a.add(i + 16)),
                _mm512_loadu_ps(b.add(i + 16)),
                s1,
            );
            s2 = _mm512_fmadd_ps(
                _mm512_loadu_ps(a.add(i + 32)),
                _mm512_loadu_ps(b.add(i + 32)),
                s2,
            );
            s3 = _mm512_fmadd_ps(
                _mm512_loadu_ps(a.add(i + 48)),
                _mm512_loadu_ps(b.add(i + 48)),
                s3,
            );
            i += 64;
        }
        while i + 16 <= n {
            s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a.add(i)), _mm512_loadu_ps(b.add(i)), s0);
            i += 16;
        }
        if i < n {
            let mask: __mmask16 = (1u32 << (n - i)) as u16 - 1;
            let x = _mm512_maskz_loadu_ps(mask, a.add(i));
            let y = _mm512_maskz_loadu_ps(mask, b.add(i));
            s1 = _mm512_fmadd_ps(x, y, s1);
        }
        _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)))
    }

    /// SAFETY: as `dot_avx512_impl`.
    #[target_feature(enable = "avx512f")]
    unsafe fn l2_avx512_impl(a: *const f32, b: *const f32, n: usize) -> f32 {
        let (mut s0, mut s1) = (_mm512_setzero_ps(), _mm512_setzero_ps());
        let mut i = 0;
        while i + 32 <= n {
            let d0 = _mm512_sub_ps(_mm512_loadu_ps(a.add(i)), _mm512_loadu_ps(b.add(i)));
            let d1 = _mm512_sub_ps(
                _mm512_loadu_ps(a.add(i + 16)),
                _mm512_loadu_ps(b.add(i + 16)),
            );
            s0 = _mm512_fmadd_ps(d0, d0, s0);
            s1 = _mm512_fmadd_ps(d1, d1, s1);
            i += 32;
        }
        if i + 16 <= n {
            let d0 = _mm512_sub_ps(_mm512_loadu_ps(a.add(i)), _mm512_loadu_ps(b.add(i)));
            s0 = _mm512_fmadd_ps(d0, d0, s0);
            i += 16;
        }
        if i < n {
            let mask: __mmask16 = (1u32 << (n - i)) as u16 - 1;
            let x = _mm512_maskz_loadu_ps(mask, a.add(i));
            let y = _mm512_maskz_loadu_ps(mask, b.add(i));
            let d = _mm512_sub_ps(x, y);
            s1 = _mm512_fmadd_ps(d, d, s1);
        }
        _mm512_reduce_add_ps(_mm512_add_ps(s0, s1))
    }
}

#[cfg(target_arch = "aarch64")]
mod arm {
    use std::arch::aarch64::*;

    pub fn dot_neon(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        // SAFETY: NEON is part of every aarch64 CPU; `n` values are readable from both.
        unsafe { dot_neon_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn l2_neon(a: &[f32], b: &[f32]) -> f32 {
        let n = a.len().min(b.len());
        // SAFETY: as above.
        unsafe { l2_neon_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    /// SAFETY: `a` and `b` valid for `n` reads.
    #[target_feature(enable = "neon")]
    unsafe fn dot_neon_impl(a: *const f32, b: *const f32, n: usize) -> f32 {
        // Four accumulators cover the FMA latency.
        let mut acc = [vdupq_n_f32(0.0); 4];
        let mut i = 0;
        while i + 16 <= n {
            for (j, s) in acc.iter_mut().enumerate() {
                let (x, y) = unsafe { (vld1q_f32(a.add(i + 4 * j)), vld1q_f32(b.add(i + 4 * j))) };
                *s = vfmaq_f32(*s, x, y);
            }
            i += 16;
        }
        while i + 4 <= n {
            let (x, y) = unsafe { (vld1q_f32(a.add(i)), vld1q_f32(b.add(i))) };
            acc[0] = vfmaq_f32(acc[0], x, y);
            i += 4;
        }
        let mut s = vaddvq_f32(vaddq_f32(
            vaddq_f32(acc[0], acc[1]),
            vaddq_f32(acc[2], acc[3]),
        ));
        while i < n {
            s += unsafe { *a.add(i) * *b.add(i) };
            i += 1;
        }
        s
    }

    /// SAFETY: `a` and `b` valid for `n` reads.
    #[target_feature(enable = "neon")]
    unsafe fn l2_neon_impl(a: *const f32, b: *const f32, n: usize) -> f32 {
        let mut acc = [vdupq_n_f32(0.0); 4];
        let mut i = 0;
        while i + 16 <= n {
            for (j, s) in acc.iter_mut().enumerate() {
                let (x, y) = unsafe { (vld1q_f32(a.add(i + 4 * j)), vld1q_f32(b.add(i + 4 * j))) };
                let d = vsubq_f32(x, y);
                *s = vfmaq_f32(*s, d, d);
            }
            i += 16;
        }
        while i + 4 <= n {
            let (x, y) = unsafe { (vld1q_f32(a.add(i)), vld1q_f32(b.add(i))) };
            let d = vsubq_f32(x, y);
            acc[0] = vfmaq_f32(acc[0], d, d);
            i += 4;
        }
        let mut s = vaddvq_f32(vaddq_f32(
            vaddq_f32(acc[0], acc[1]),
            vaddq_f32(acc[2], acc[3]),
        ));
        while i < n {
            let d = unsafe { *a.add(i) - *b.add(i) };
            s += d * d;
            i += 1;
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(state: &mut u64) -> f32 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }

    #[test]
    fn every_kernel_matches_scalar_on_odd_lengths() {
        let mut s = 7u64;
        let kernels = available();
        println!(
            "kernels: {:?}",
            kernels.iter().map(|k| k.name).collect::<Vec<_>>()
        );
        for len in (0..80).chain([127, 128, 129, 255, 257, 768, 1001]) {
            let a: Vec<f32> = (0..len).map(|_| lcg(&mut s)).collect();
            let b: Vec<f32> = (0..len).map(|_| lcg(&mut s)).collect();
            let (d0, l0) = (dot_scalar(&a, &b), l2_scalar(&a, &b));
            let scale = 1e-5 * (len as f32 + 1.0);
            for k in &kernels {
                let (d, l) = ((k.dot)(&a, &b), (k.l2)(&a, &b));
                assert!(
                    (d - d0).abs() <= scale,
                    "{} dot len {len}: {d} vs {d0}",
                    k.name
                );
                assert!(
                    (l - l0).abs() <= scale,
                    "{} l2 len {len}: {l} vs {l0}",
                    k.name
                );
            }
        }
    }
}
