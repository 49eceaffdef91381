//! Dot product of two bf16 rows (the compact copy the graph walk reads, codes.rs), chosen
//! once at run time: AVX-512 BF16 (`vdpbf16ps`, 32 products per instruction), else
//! AVX-512F or AVX2 widening bf16 to f32 (a 16-bit shift), else scalar. Rows are padded
//! with zeros to a multiple of `LANES` values, so no kernel has a tail. As in simd.rs,
//! the `unsafe` target-feature functions are only reachable through `Bf16Kernel` values
//! handed out after the CPU was checked.

use std::sync::OnceLock;

/// Row length multiple: 32 bf16 = 64 bytes, one cache line and one AVX-512 register.
#[cfg_attr(not(any(test, target_arch = "x86_64")), allow(dead_code))]
pub const LANES: usize = 32;

#[derive(Clone, Copy)]
pub struct Bf16Kernel {
    pub name: &'static str,
    /// Both slices hold the same multiple of `LANES` values (release builds use the
    /// shorter length rounded down, so a mismatch can never read out of bounds).
    pub dot: fn(&[u16], &[u16]) -> f32,
}

static BEST: OnceLock<Bf16Kernel> = OnceLock::new();

#[inline]
pub fn bf16_kernel() -> &'static Bf16Kernel {
    BEST.get_or_init(|| {
        let ceiling = super::simd_level::ceiling();
        *available_bf16()
            .iter()
            .rfind(|k| super::simd_level::rank(k.name) <= ceiling)
            .expect("scalar kernel always exists")
    })
}

/// Every bf16 kernel this CPU can run, slowest first (the tests check each against scalar).
pub fn available_bf16() -> Vec<Bf16Kernel> {
    #[allow(unused_mut)]
    let mut v = vec![Bf16Kernel {
        name: "scalar",
        dot: dot_scalar,
    }];
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            v.push(Bf16Kernel {
                name: "avx2",
                dot: x86::dot_avx2,
            });
        }
        if is_x86_feature_detected!("avx512f") {
            v.push(Bf16Kernel {
                name: "avx512",
                dot: x86::dot_avx512,
            });
        }
        if is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512bf16") {
            v.push(Bf16Kernel {
                name: "avx512bf16",
                dot: x86::dot_avx512bf16,
            });
        }
    }
    v
}

/// f32 → bf16 bits, rounding to nearest even (inputs are finite: the builder and the
/// query path reject NaN and infinity first).
#[inline]
pub fn to_bf16(x: f32) -> u16 {
    half::bf16::from_f32(x).to_bits()
}

#[inline]
pub fn from_bf16(b: u16) -> f32 {
    f32::from_bits((b as u32) << 16)
}

fn dot_scalar(a: &[u16], b: &[u16]) -> f32 {
    let n = a.len().min(b.len());
    let mut acc = [0f32; 8];
    for (x, y) in a[..n].chunks_exact(8).zip(b[..n].chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += from_bf16(x[i]) * from_bf16(y[i]);
        }
    }
    acc.iter().sum()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    #![allow(clippy::incompatible_msrv)]

    use super::LANES;
    use std::arch::x86_64::*;

    fn whole_rows(a: &[u16], b: &[u16]) -> usize {
        debug_assert_eq!(a.len(), b.len());
        debug_assert_eq!(a.len() % LANES, 0);
        a.len().min(b.len()) / LANES * LANES
    }

    pub fn dot_avx512bf16(a: &[u16], b: &[u16]) -> f32 {
        let n = whole_rows(a, b);
        // SAFETY: AVX-512F and AVX-512 BF16 were detected before this pointer was made;
        // `n` values are readable from both slices.
        unsafe { dot_avx512bf16_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn dot_avx512(a: &[u16], b: &[u16]) -> f32 {
        let n = whole_rows(a, b);
        // SAFETY: AVX-512F was detected; as above.
        unsafe { dot_avx512_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn dot_avx2(a: &[u16], b: &[u16]) -> f32 {
        let n = whole_rows(a, b);
        // SAFETY: AVX2+FMA were detected; as above.
        unsafe { dot_avx2_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    #[target_feature(enable = "avx512f,avx512bf16")]
    unsafe fn load_bh(p: *const u16) -> __m512bh {
        // SAFETY: the caller guarantees 32 readable values at `p`; __m512i and __m512bh
        // are both 64-byte vectors.
        unsafe { std::mem::transmute::<__m512i, __m512bh>(_mm512_loadu_si512(p as *const _)) }
    }

    /// SAFETY: `a`, `b` readable for `n` values, `n` a multiple of 32; AVX-512 BF16.
    #[target_feature(enable = "avx512f,avx512bf16")]
    unsafe fn dot_avx512bf16_impl(a: *const u16, b: *const u16, n: usize) -> f32 {
        // Two chains cover the instruction's latency at the lengths we see (128–1024).
        let (mut s0, mut s1) = (_mm512_setzero_ps(), _mm512_setzero_ps());
        let mut i = 0;
        while i + 64 <= n {
            s0 = _mm512_dpbf16_ps(s0, load_bh(a.add(i)), load_bh(b.add(i)));
            s1 = _mm512_dpbf16_ps(s1, load_bh(a.add(i + 32)), load_bh(b.add(i + 32)));
            i += 64;
        }
        if i < n {
            s0 = _mm512_dpbf16_ps(s0, load_bh(a.add(i)), load_bh(b.add(i)));
        }
        _mm512_reduce_add_ps(_mm512_add_ps(s0, s1))
    }

    /// 16 bf16 at `p` widened to f32 (bf16 is the high half of an f32).
    #[target_feature(enable = "avx512f")]
    unsafe fn widen16(p: *const u16) -> __m512 {
        let h = _mm256_loadu_si256(p as *const __m256i);
        _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16))
    }

    /// SAFETY: as `dot_avx512bf16_impl`, with AVX-512F only.
    #[target_feature(enable = "avx512f")]
    unsafe fn dot_avx512_impl(a: *const u16, b: *const u16, n: usize) -> f32 {
        let (mut s0, mut s1) = (_mm512_setzero_ps(), _mm512_setzero_ps());
        let mut i = 0;
        while i < n {
            s0 = _mm512_fmadd_ps(widen16(a.add(i)), widen16(b.add(i)), s0);
            s1 = _mm512_fmadd_ps(widen16(a.add(i + 16)), widen16(b.add(i + 16)), s1);
            i += 32;
        }
        _mm512_reduce_add_ps(_mm512_add_ps(s0, s1))
    }

    #[target_feature(enable = "avx2,fma")]
    unsafe fn widen8(p: *const u16) -> __m256 {
        let h = _mm_loadu_si128(p as *const __m128i);
        _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16))
    }

    /// SAFETY: as `dot_avx512bf16_impl`, with AVX2+FMA only.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn dot_avx2_impl(a: *const u16, b: *const u16, n: usize) -> f32 {
        let (mut s0, mut s1) = (_mm256_setzero_ps(), _mm256_setzero_ps());
        let mut i = 0;
        while i < n {
            s0 = _mm256_fmadd_ps(widen8(a.add(i)), widen8(b.add(i)), s0);
            s1 = _mm256_fmadd_ps(widen8(a.add(i + 8)), widen8(b.add(i + 8)), s1);
            s0 = _mm256_fmadd_ps(widen8(a.add(i + 16)), widen8(b.add(i + 16)), s0);
            s1 = _mm256_fmadd_ps(widen8(a.add(i + 24)), widen8(b.add(i + 24)), s1);
            i += 32;
        }
        super::super::simd::x86::hsum256(_mm256_add_ps(s0, s1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bf16_kernel_matches_exact_products() {
        let mut s = 11u64;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        };
        let kernels = available_bf16();
        println!(
            "bf16 kernels: {:?}",
            kernels.iter().map(|k| k.name).collect::<Vec<_>>()
        );
        for len in [32usize, 64, 96, 128, 768, 1024] {
            let a: Vec<u16> = (0..len).map(|_| to_bf16(next())).collect();
            let b: Vec<u16> = (0..len).map(|_| to_bf16(next())).collect();
            // Products of two bf16 are exact in f64: the reference has no rounding.
            let want: f64 = a
                .iter()
                .zip(&b)
                .map(|(&x, &y)| from_bf16(x) as f64 * from_bf16(y) as f64)
                .sum();
            for k in &kernels {
                let got = (k.dot)(&a, &b) as f64;
                assert!(
                    (got - want).abs() <= 1e-5 * len as f64,
                    "{} len {len}: {got} vs {want}",
                    k.name
                );
            }
        }
    }

    #[test]
    fn rounding_is_to_nearest() {
        assert_eq!(from_bf16(to_bf16(1.0)), 1.0);
        assert_eq!(from_bf16(to_bf16(-0.5)), -0.5);
        let x = 0.1f32;
        assert!((from_bf16(to_bf16(x)) - x).abs() <= x * (1.0 / 256.0));
    }
}
