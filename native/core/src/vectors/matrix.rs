//! `Matrix`: N rows of D little-endian f32, contiguous, C order. Either a view into a
//! read-only memory mapping of the input file (no copy: the common `.npy` f32 / raw f32
//! case) or an owned buffer holding rows decoded from another dtype, byte order, memory
//! order or from `.fvecs`.

use memmap2::Mmap;

pub struct Matrix {
    rows: usize,
    dimension: usize,
    data: MatrixData,
}

enum MatrixData {
    /// `len` f32 values starting `offset` bytes into `map`; `offset` is 4-byte aligned.
    Mapped {
        map: Mmap,
        offset: usize,
    },
    Owned(Vec<f32>),
}

impl Matrix {
    /// A view of `rows * dimension` f32 at `offset` in `map`. Returns `None` if the
    /// bytes are misaligned or out of range (the caller then decodes a copy instead).
    pub fn mapped(map: Mmap, offset: usize, rows: usize, dimension: usize) -> Option<Matrix> {
        let bytes = rows.checked_mul(dimension)?.checked_mul(4)?;
        let end = offset.checked_add(bytes)?;
        let aligned = (map.as_ptr() as usize + offset).is_multiple_of(std::mem::align_of::<f32>());
        if end > map.len() || !aligned || cfg!(target_endian = "big") {
            return None;
        }
        Some(Matrix {
            rows,
            dimension,
            data: MatrixData::Mapped { map, offset },
        })
    }

    pub fn owned(data: Vec<f32>, rows: usize, dimension: usize) -> Matrix {
        assert_eq!(
            data.len(),
            rows * dimension,
            "Matrix::owned: length mismatch"
        );
        Matrix {
            rows,
            dimension,
            data: MatrixData::Owned(data),
        }
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// True when the rows are read in place from the input's memory mapping.
    pub fn is_mapped(&self) -> bool {
        matches!(self.data, MatrixData::Mapped { .. })
    }

    pub fn as_slice(&self) -> &[f32] {
        match &self.data {
            MatrixData::Mapped { map, offset } => {
                let bytes = &map[*offset..*offset + self.rows * self.dimension * 4];
                // SAFETY: `mapped` checked bounds and 4-byte alignment; every bit
                // pattern is a valid f32; the mapping is read-only and lives in `self`.
                unsafe {
                    std::slice::from_raw_parts(
                        bytes.as_ptr() as *const f32,
                        self.rows * self.dimension,
                    )
                }
            }
            MatrixData::Owned(v) => v,
        }
    }

    /// Drops the input's pages from this process's resident set (a mapped input only;
    /// an owned copy stays). Reading a row afterwards is still correct: the kernel maps
    /// the page back from the page cache. The builder calls this once it has encoded the
    /// rows (codes.rs), so a build's peak memory is codes + graph, not input + codes +
    /// graph. A hint: failure changes nothing but memory use, so it is ignored.
    pub fn release(&self) {
        #[cfg(unix)]
        if let MatrixData::Mapped { map, offset } = &self.data {
            let len = self.rows * self.dimension * 4;
            let page = 4096;
            let start = offset.div_ceil(page) * page;
            let end = (offset + len) / page * page;
            if end > start {
                // SAFETY: DONTNEED on a read-only private file mapping discards no data
                // (there are no private modified pages); later reads fault the file's
                // pages back in. No slice handed out is invalidated.
                let _ = unsafe {
                    map.unchecked_advise_range(
                        memmap2::UncheckedAdvice::DontNeed,
                        start,
                        end - start,
                    )
                };
            }
        }
    }

    #[inline]
    pub fn row(&self, i: usize) -> &[f32] {
        let d = self.dimension;
        &self.as_slice()[i * d..(i + 1) * d]
    }

    /// First row holding a NaN or infinite value in `start..end`, with its column.
    pub fn first_non_finite(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let d = self.dimension;
        let slice = &self.as_slice()[start * d..end * d];
        slice
            .iter()
            .position(|x| !x.is_finite())
            .map(|p| (start + p / d, p % d))
    }
}
