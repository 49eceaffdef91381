//! Zeroed arrays the build reads at random (the int8 rows, the layer-0 lists), asked to
//! be backed by 2 MiB pages. Every scored node is a random row, and with 4 KiB pages
//! nearly every one also misses the TLB (a 400,000-row GloVe build touches 80 MB over
//! 20,000 pages; the TLB holds a few thousand), which under a hypervisor costs a
//! two-dimensional page walk. The advice is a hint: where transparent huge pages are
//! off, or on other systems, the arrays are the same, only slower to read.

/// `n` zero values of T, allocated untouched and advised before the first write, so
/// the kernel can fault the range in as huge pages.
pub fn zeroed_vec<T: Default>(n: usize) -> Vec<T> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    advise_huge(v.as_mut_ptr() as *mut u8, n * std::mem::size_of::<T>());
    v.resize_with(n, T::default);
    v
}

/// Advises the whole 2 MiB-aligned pages inside `len` bytes at `p`.
fn advise_huge(p: *mut u8, len: usize) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let start = (p as usize).next_multiple_of(HUGE);
        let end = (p as usize + len) & !(HUGE - 1);
        if end > start {
            // SAFETY: madvise on pages inside our own allocation; MADV_HUGEPAGE changes
            // neither contents nor validity, and a failure (EINVAL where THP is not
            // built in) is ignored: the advice is only a hint.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (p, len);
}
