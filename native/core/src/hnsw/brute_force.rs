//! The exact oracle recall is measured against: every row, the same distance definitions
//! (the same float operations as `distance()`), a bounded max-heap of the best k.

use super::distance::{inverse_norm, Metric};
use super::simd::kernels;
use super::visited::Cand;
use crate::vectors::Matrix;
use std::collections::BinaryHeap;

/// Exact k-NN of `query` over the rows of `vectors`: (row, distance), closest first, ties
/// by lower row. Panics if `query.len()` is not the matrix dimension (a caller bug).
pub fn brute_force(vectors: &Matrix, metric: Metric, query: &[f32], k: usize) -> Vec<(u32, f32)> {
    assert_eq!(
        query.len(),
        vectors.dimension(),
        "brute_force: query dimension"
    );
    let kern = kernels();
    let q_inv = inverse_norm(query);
    let mut heap: BinaryHeap<Cand> = BinaryHeap::with_capacity(k + 1);
    if k == 0 {
        return Vec::new();
    }
    for r in 0..vectors.rows() {
        let x = vectors.row(r);
        let d = match metric {
            Metric::L2 => (kern.l2)(query, x),
            Metric::Ip => 1.0 - (kern.dot)(query, x),
            Metric::Cosine => 1.0 - (kern.dot)(query, x) * q_inv * inverse_norm(x),
        };
        let c = Cand {
            dist: d,
            id: r as u32,
        };
        if heap.len() < k {
            heap.push(c);
        } else if c < *heap.peek().expect("heap holds k") {
            heap.pop();
            heap.push(c);
        }
    }
    heap.into_sorted_vec()
        .into_iter()
        .map(|c| (c.id, c.dist))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::distance::distance;
    use super::*;

    #[test]
    fn matches_distance_and_breaks_ties_by_row() {
        let data = vec![1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 2.0, 2.0];
        let m = Matrix::owned(data, 4, 2);
        let q = [1.0f32, 0.1];
        for metric in [Metric::Cosine, Metric::L2, Metric::Ip] {
            let got = brute_force(&m, metric, &q, 4);
            assert_eq!(got.len(), 4);
            for w in got.windows(2) {
                assert!(w[0].1 < w[1].1 || (w[0].1 == w[1].1 && w[0].0 < w[1].0));
            }
            for (r, d) in got {
                assert_eq!(d, distance(metric, &q, m.row(r as usize)));
            }
        }
        // Rows 0 and 2 are equal: the lower row comes first.
        let got = brute_force(&m, Metric::L2, &[1.0, 0.0], 2);
        assert_eq!(got, vec![(0, 0.0), (2, 0.0)]);
    }
}
