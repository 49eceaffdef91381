//! The order in which the relations of an inner join are joined.
//!
//! Joining in FROM order multiplies every relation that no predicate links to the ones
//! before it: `FROM t42, t28, t10, t6 WHERE b28 = a42 AND a6 = b10 AND a10 = b42` joins
//! t10 to {t42, t28} by a key, but a different FROM order builds cross products first.
//! sqllogictest's select5 has such joins of up to 64 tables, each linked to one or two
//! others by an equality; in FROM order they run for minutes.
//!
//! The order is chosen greedily, as a rule-based optimiser without statistics does:
//! start from the relation with the most selective filter of its own (`col = const`
//! beats any other filter, which beats none), then repeatedly add the relation that an
//! equality links to those already joined (so it joins by hash key, not as a cross
//! product), preferring again the better filtered, then the earlier in FROM. Only when
//! nothing left is linked does a cross product happen, with the best filtered.

/// How selective a relation's own filter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Filtered {
    None,
    Some,
    /// An equality with a constant.
    Equality,
}

/// The order to join `local.len()` relations in: `local[i]` is relation i's own filter,
/// `links` the pairs an equality between one column expression of each joins.
pub fn join_order(local: &[Filtered], links: &[(usize, usize)]) -> Vec<usize> {
    let n = local.len();
    let mut joined = vec![false; n];
    let mut order = Vec::with_capacity(n);
    // Best first: the better filter, then the earlier in FROM.
    let better = |a: usize, b: usize| local[a] > local[b] || (local[a] == local[b] && a < b);
    while order.len() < n {
        let linked = |i: usize| {
            links
                .iter()
                .any(|&(x, y)| (x == i && joined[y]) || (y == i && joined[x]))
        };
        let mut pick: Option<usize> = None;
        let mut pick_linked = false;
        for i in (0..n).filter(|&i| !joined[i]) {
            let l = !order.is_empty() && linked(i);
            let wins = match pick {
                None => true,
                Some(p) => (l && !pick_linked) || (l == pick_linked && better(i, p)),
            };
            if wins {
                pick = Some(i);
                pick_linked = l;
            }
        }
        let i = pick.expect("a relation is left");
        joined[i] = true;
        order.push(i);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::Filtered::*;
    use super::*;

    #[test]
    fn follows_the_links_from_the_best_filtered_relation() {
        // t0 - t2 - t3 - t1 linked in a chain; t3 has `col = const`.
        let order = join_order(&[None, None, None, Equality], &[(0, 2), (2, 3), (3, 1)]);
        assert_eq!(order, vec![3, 1, 2, 0]);
    }

    #[test]
    fn keeps_from_order_when_it_is_already_linked() {
        let order = join_order(&[None, None, None], &[(0, 1), (1, 2)]);
        assert_eq!(order, vec![0, 1, 2]);
    }

    #[test]
    fn a_cross_product_only_when_nothing_left_is_linked() {
        // Two components {0, 2} and {1, 3}: each is joined whole before the other.
        let order = join_order(&[None, Some, None, None], &[(0, 2), (1, 3)]);
        assert_eq!(order, vec![1, 3, 0, 2]);
    }
}
