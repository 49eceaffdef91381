//! Dot product of two int8 rows (the compact codes the graph walk and the build read,
//! codes_i8.rs), chosen once at run time. Codes lie in −127..=127 (never −128), which is
//! what lets the x86 kernels use the unsigned × signed byte multiply: |a| · (b with a's
//! sign) = a · b, and two such products sum to at most 2 · 127 · 127 = 32,258, so the
//! 16-bit pair sums of `vpmaddubsw` never saturate. Rows hold a multiple of `LANES`
//! values (zero padded). Every kernel returns the exact integer sum, so results do not
//! depend on the CPU: the tests check each against the scalar one bit for bit.
//!
//! - scalar: portable; the compiler vectorises it with the baseline SIMD (SSE2 / NEON).
//! - avx2: `vpsignb` + `vpmaddubsw` + `vpmaddwd`, 32 values per step.
//! - avx512: AVX-512BW, the same with 64 values per step (sign applied by a mask), and
//!   `vpdpbusd` (AVX-512 VNNI) for the last two steps where the CPU has it.
//! - neon (aarch64): `vmull_s8` + `vpadalq_s16`, 16 values per step (baseline ARMv8).

use std::sync::OnceLock;

/// Row length multiple: 16 values, one SSE / NEON register, so a 50-value row is 64 bytes
/// (one cache line) and a 100-value row 112, not padded to twice its length.
pub const LANES: usize = 16;

#[derive(Clone, Copy)]
pub struct I8Kernel {
    pub name: &'static str,
    /// The `SOCHDB_SIMD` level this kernel belongs to (simd_level.rs).
    pub level: &'static str,
    /// Both slices hold the same multiple of `LANES` values (release builds use the
    /// shorter length rounded down, so a mismatch can never read out of bounds).
    pub dot: fn(&[i8], &[i8]) -> i32,
}

static BEST: OnceLock<I8Kernel> = OnceLock::new();

#[inline]
pub fn i8_kernel() -> &'static I8Kernel {
    BEST.get_or_init(|| {
        let ceiling = super::simd_level::ceiling();
        *available_i8()
            .iter()
            .rfind(|k| super::simd_level::rank(k.level) <= ceiling)
            .expect("scalar kernel always exists")
    })
}

/// Every int8 kernel this CPU can run, slowest first.
pub fn available_i8() -> Vec<I8Kernel> {
    #[allow(unused_mut)]
    let mut v = vec![I8Kernel {
        name: "scalar",
        level: "scalar",
        dot: dot_scalar,
    }];
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx2") {
            v.push(I8Kernel {
                name: "avx2",
                level: "avx2",
                dot: x86::dot_avx2,
            });
        }
        if is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512bw") {
            v.push(I8Kernel {
                name: "avx512",
                level: "avx512",
                dot: x86::dot_avx512,
            });
            if is_x86_feature_detected!("avx512vnni") {
                v.push(I8Kernel {
                    name: "avx512vnni",
                    level: "avx512",
                    dot: x86::dot_avx512vnni,
                });
            }
        }
    }
    #[cfg(target_arch = "aarch64")]
    {
        // NEON (Advanced SIMD) is part of every aarch64 CPU.
        v.push(I8Kernel {
            name: "neon",
            level: "neon",
            dot: arm::dot_neon,
        });
    }
    v
}

/// Sixteen independent lanes, widened to i32 before the multiply: the exact sum, and a
/// shape the compiler vectorises with the target's baseline SIMD.
pub fn dot_scalar(a: &[i8], b: &[i8]) -> i32 {
    let n = a.len().min(b.len()) / LANES * LANES;
    let mut acc = [0i32; LANES];
    for (x, y) in a[..n].chunks_exact(LANES).zip(b[..n].chunks_exact(LANES)) {
        for i in 0..LANES {
            acc[i] += x[i] as i32 * y[i] as i32;
        }
    }
    acc.iter().sum()
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    #![allow(clippy::incompatible_msrv)]

    use super::LANES;
    use std::arch::x86_64::*;

    fn whole_rows(a: &[i8], b: &[i8]) -> usize {
        debug_assert_eq!(a.len(), b.len());
        debug_assert_eq!(a.len() % LANES, 0);
        a.len().min(b.len()) / LANES * LANES
    }

    pub fn dot_avx2(a: &[i8], b: &[i8]) -> i32 {
        let n = whole_rows(a, b);
        // SAFETY: AVX2 was detected before this pointer was handed out; `n` values are
        // readable from both slices.
        unsafe { dot_avx2_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn dot_avx512(a: &[i8], b: &[i8]) -> i32 {
        let n = whole_rows(a, b);
        // SAFETY: AVX-512F and BW were detected; as above.
        unsafe { dot_avx512_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    pub fn dot_avx512vnni(a: &[i8], b: &[i8]) -> i32 {
        let n = whole_rows(a, b);
        // SAFETY: AVX-512F, BW and VNNI were detected; as above.
        unsafe { dot_avx512vnni_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    /// Sum of the eight i32 lanes.
    #[target_feature(enable = "avx2")]
    fn hsum_epi32(v: __m256i) -> i32 {
        let s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
        let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b01_00_11_10));
        let s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0b10_11_00_01));
        _mm_cvtsi128_si32(s)
    }

    /// 32 products of `a` and `b` summed in pairs into 16 i16 (no saturation: see the
    /// module comment), then in pairs again into 8 i32.
    #[target_feature(enable = "avx2")]
    fn products_avx2(a: __m256i, b: __m256i) -> __m256i {
        let pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(a), _mm256_sign_epi8(b, a));
        _mm256_madd_epi16(pairs, _mm256_set1_epi16(1))
    }

    /// SAFETY: `a`, `b` readable for `n` values, `n` a multiple of 16; AVX2.
    #[target_feature(enable = "avx2")]
    unsafe fn dot_avx2_impl(a: *const i8, b: *const i8, n: usize) -> i32 {
        let mut acc = _mm256_setzero_si256();
        let mut i = 0;
        while i + 32 <= n {
            let x = unsafe { _mm256_loadu_si256(a.add(i) as *const __m256i) };
            let y = unsafe { _mm256_loadu_si256(b.add(i) as *const __m256i) };
            acc = _mm256_add_epi32(acc, products_avx2(x, y));
            i += 32;
        }
        if i < n {
            // The last 16 values, in the low half; the high half multiplies zeros.
            let x = unsafe { _mm_loadu_si128(a.add(i) as *const __m128i) };
            let x = _mm256_set_m128i(_mm_setzero_si128(), x);
            let y = unsafe { _mm_loadu_si128(b.add(i) as *const __m128i) };
            let y = _mm256_set_m128i(_mm_setzero_si128(), y);
            acc = _mm256_add_epi32(acc, products_avx2(x, y));
        }
        hsum_epi32(acc)
    }

    /// `b` with the sign of `a` applied (AVX-512 has no `vpsignb`): negated where a < 0.
    /// Where a = 0 the product is zero whatever `b` is.
    #[target_feature(enable = "avx512f,avx512bw")]
    fn signed_like(b: __m512i, a: __m512i) -> __m512i {
        let negative = _mm512_movepi8_mask(a);
        _mm512_mask_sub_epi8(b, negative, _mm512_setzero_si512(), b)
    }

    /// The first `n - i` (≤ 64) values at `p + i` as a vector, zeros past them: masked
    /// loads never touch the bytes the mask leaves out.
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn load_tail(p: *const i8, i: usize, n: usize) -> __m512i {
        let left = (n - i).min(64);
        let mask: u64 = if left == 64 {
            u64::MAX
        } else {
            (1u64 << left) - 1
        };
        unsafe { _mm512_maskz_loadu_epi8(mask, p.add(i)) }
    }

    /// SAFETY: as `dot_avx2_impl`, with AVX-512F and BW.
    #[target_feature(enable = "avx512f,avx512bw")]
    unsafe fn dot_avx512_impl(a: *const i8, b: *const i8, n: usize) -> i32 {
        let ones = _mm512_set1_epi16(1);
        let mut acc = _mm512_setzero_si512();
        let mut i = 0;
        while i < n {
            let x = unsafe { load_tail(a, i, n) };
            let y = unsafe { load_tail(b, i, n) };
            let pairs = _mm512_maddubs_epi16(_mm512_abs_epi8(x), signed_like(y, x));
            acc = _mm512_add_epi32(acc, _mm512_madd_epi16(pairs, ones));
            i += 64;
        }
        _mm512_reduce_add_epi32(acc)
    }

    /// SAFETY: as `dot_avx2_impl`, with AVX-512F, BW and VNNI: `vpdpbusd` multiplies
    /// unsigned by signed bytes and adds each group of four into an i32 lane directly.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    unsafe fn dot_avx512vnni_impl(a: *const i8, b: *const i8, n: usize) -> i32 {
        let (mut acc0, mut acc1) = (_mm512_setzero_si512(), _mm512_setzero_si512());
        let mut i = 0;
        while i + 128 <= n {
            let (x0, y0) = unsafe { (load_tail(a, i, n), load_tail(b, i, n)) };
            let (x1, y1) = unsafe { (load_tail(a, i + 64, n), load_tail(b, i + 64, n)) };
            acc0 = _mm512_dpbusd_epi32(acc0, _mm512_abs_epi8(x0), signed_like(y0, x0));
            acc1 = _mm512_dpbusd_epi32(acc1, _mm512_abs_epi8(x1), signed_like(y1, x1));
            i += 128;
        }
        while i < n {
            let (x, y) = unsafe { (load_tail(a, i, n), load_tail(b, i, n)) };
            acc0 = _mm512_dpbusd_epi32(acc0, _mm512_abs_epi8(x), signed_like(y, x));
            i += 64;
        }
        _mm512_reduce_add_epi32(_mm512_add_epi32(acc0, acc1))
    }
}

#[cfg(target_arch = "aarch64")]
pub(super) mod arm {
    use super::LANES;
    use std::arch::aarch64::*;

    pub fn dot_neon(a: &[i8], b: &[i8]) -> i32 {
        debug_assert_eq!(a.len(), b.len());
        let n = a.len().min(b.len()) / LANES * LANES;
        // SAFETY: NEON is part of every aarch64 CPU; `n` values are readable from both.
        unsafe { dot_neon_impl(a.as_ptr(), b.as_ptr(), n) }
    }

    /// SAFETY: `a`, `b` readable for `n` values, `n` a multiple of 16.
    #[target_feature(enable = "neon")]
    unsafe fn dot_neon_impl(a: *const i8, b: *const i8, n: usize) -> i32 {
        // i8 × i8 products fit i16 (|127 · 127| < 32,768); each is added pairwise into
        // i32 lanes at once, so nothing can overflow.
        let (mut acc0, mut acc1) = (vdupq_n_s32(0), vdupq_n_s32(0));
        let mut i = 0;
        while i < n {
            let (x, y) = unsafe { (vld1q_s8(a.add(i)), vld1q_s8(b.add(i))) };
            acc0 = vpadalq_s16(acc0, vmull_s8(vget_low_s8(x), vget_low_s8(y)));
            acc1 = vpadalq_s16(acc1, vmull_high_s8(x, y));
            i += 16;
        }
        vaddvq_s32(vaddq_s32(acc0, acc1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_i8_kernel_gives_the_exact_sum() {
        let mut s = 17u64;
        let mut next = || {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 33) % 255) as i32 - 127
        };
        let kernels = available_i8();
        println!(
            "int8 kernels: {:?}",
            kernels.iter().map(|k| k.name).collect::<Vec<_>>()
        );
        for len in [16usize, 32, 48, 64, 80, 112, 128, 144, 208, 768, 1024, 4096] {
            let a: Vec<i8> = (0..len).map(|_| next() as i8).collect();
            let b: Vec<i8> = (0..len).map(|_| next() as i8).collect();
            let want: i64 = a.iter().zip(&b).map(|(&x, &y)| x as i64 * y as i64).sum();
            for k in &kernels {
                assert_eq!((k.dot)(&a, &b) as i64, want, "{} len {len}", k.name);
            }
        }
    }

    #[test]
    fn extremes_do_not_saturate() {
        // Every pair at ±127 · ±127: the largest pair sums the 16-bit steps see.
        for (x, y) in [(127i8, 127i8), (-127, -127), (127, -127), (-127, 127)] {
            for len in [16usize, 64, 128, 1024] {
                let (a, b) = (vec![x; len], vec![y; len]);
                let want = x as i32 * y as i32 * len as i32;
                for k in available_i8() {
                    assert_eq!((k.dot)(&a, &b), want, "{} {x}·{y} len {len}", k.name);
                }
            }
        }
    }
}
