//! Aggregates with an ORDER BY inside the call (SQLite 3.44+: `group_concat(b, ';'
//! ORDER BY c DESC, id)`), string_agg, DISTINCT with ORDER BY, and the errors SQLite
//! gives for ORDER BY where it does not belong, against the bundled SQLite. Every
//! ORDER BY ends with `id`, so ties are broken the same way on both sides.

use super::*;

fn order_by(r: &mut Rng) -> String {
    let terms: Vec<String> = (0..1 + r.below(2))
        .map(|_| {
            format!(
                "{}{}{}",
                expr(r, T1, None, 1),
                r.pick(&["", " ASC", " DESC"]),
                r.pick(&["", "", " NULLS FIRST", " NULLS LAST"])
            )
        })
        .collect();
    format!(
        " ORDER BY {}, id{}",
        terms.join(", "),
        r.pick(&["", " DESC"])
    )
}

fn aggregate(r: &mut Rng) -> String {
    let col = column(r, T1, None);
    let sep = r.pick(&["','", "'; '", "''", "NULL", "b"]);
    let ob = order_by(r);
    match r.below(9) {
        0 | 1 => format!("group_concat({col}{ob})"),
        2 | 3 => format!("group_concat({col}, {sep}{ob})"),
        4 => format!("string_agg({col}, {sep}{ob})"),
        5 => format!(
            "group_concat(DISTINCT {col} ORDER BY {col}{})",
            r.pick(&["", " DESC"])
        ),
        6 => format!(
            "{}({col}{ob})",
            r.pick(&["sum", "total", "avg", "min", "max", "count"])
        ),
        7 => format!("count(*{ob})"),
        _ => format!(
            "group_concat({col}{ob}) FILTER (WHERE {})",
            predicate(r, T1, None, 0)
        ),
    }
}

fn agg_order_statement(r: &mut Rng) -> (String, bool) {
    let aggs: Vec<String> = (0..1 + r.below(2)).map(|_| aggregate(r)).collect();
    let filter = if r.chance(40) {
        format!(" WHERE {}", predicate(r, T1, None, 1))
    } else {
        String::new()
    };
    match r.below(10) {
        0 => {
            // Errors SQLite gives: ORDER BY on a scalar or a window call, a bad clause.
            let bad = r.pick(&[
                "abs(a ORDER BY b)",
                "group_concat(a ORDER BY b) OVER ()",
                "string_agg(a)",
                "string_agg(a, ',', 'x')",
                "group_concat(a ORDER BY max(b))",
                "coalesce(a, b ORDER BY c)",
            ]);
            (format!("SELECT {bad} FROM t1"), false)
        }
        1..=4 => {
            let g = column(r, T1, None);
            (
                format!(
                    "SELECT {g}, {} FROM t1{filter} GROUP BY {g}",
                    aggs.join(", ")
                ),
                false,
            )
        }
        _ => (format!("SELECT {} FROM t1{filter}", aggs.join(", ")), false),
    }
}

/// Aggregate ORDER BY and string_agg against SQLite, between the main generator's
/// INSERTs.
#[test]
fn sql_differential_aggregate_order_against_sqlite() {
    fn mixed(r: &mut Rng) -> (String, bool) {
        if r.chance(45) {
            insert_statement(r)
        } else {
            agg_order_statement(r)
        }
    }
    run_seeds(20, 300, mixed);
}
