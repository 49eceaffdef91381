//! SELECT-NEIGHBORS-HEURISTIC (paper Algorithm 4, as hnswlib's
//! `getNeighborsByHeuristic2`, without extendCandidates or keepPrunedConnections):
//! walk the candidates closest first and keep one only if it is closer to the base than
//! to every neighbour already kept. This spreads links across directions, which is what
//! keeps clustered data navigable. Used on every layer, for a new node's links and when
//! an overfull list is shrunk.

use super::visited::Cand;

/// Selects at most `m` of `sorted` (closest first, distances to the base) into `out`.
/// `pair` is the distance between two nodes; it is called with one candidate as its
/// first argument for a run of calls (against each node kept so far), so it may keep
/// that candidate prepared between calls.
pub fn select_heuristic<P: FnMut(u32, u32) -> f32>(
    sorted: &[Cand],
    m: usize,
    mut pair: P,
    out: &mut Vec<Cand>,
) {
    out.clear();
    // hnswlib prunes from exactly `m` candidates up; below that every one is kept.
    if sorted.len() < m {
        out.extend_from_slice(sorted);
        return;
    }
    for &c in sorted {
        if out.len() >= m {
            break;
        }
        if out.iter().all(|r| pair(c.id, r.id) >= c.dist) {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_diverse_directions() {
        // Points on a line: base at 0, candidates at 1, 2 (behind 1) and -1.5.
        let pos = [1.0f32, 2.0, -1.5];
        let pair = |a: u32, b: u32| (pos[a as usize] - pos[b as usize]).abs();
        let mut sorted: Vec<Cand> = (0..3)
            .map(|i| Cand {
                dist: pos[i].abs(),
                id: i as u32,
            })
            .collect();
        sorted.sort();
        let mut out = Vec::new();
        select_heuristic(&sorted, 2, pair, &mut out);
        let ids: Vec<u32> = out.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            vec![0, 2],
            "2 is shadowed by 1; -1.5 lies the other way"
        );
        select_heuristic(&sorted[..2], 3, pair, &mut out);
        assert_eq!(out.len(), 2, "no pruning below m candidates");
    }
}
