//! Window queries compared with SQLite: ranking, offset, value and aggregate window
//! functions over random partitions, orders and frames, in plain and aggregate queries,
//! with FILTER, EXCLUDE, named windows and a subquery around them. Functions whose value
//! depends on the order of peers get a total window order (`rowid` last), as SQLite
//! leaves the order of peers to its plan.

use super::*;

/// A frame: random units and bounds, valid or not (both engines must then refuse it),
/// often with an EXCLUDE clause.
fn frame(r: &mut Rng, units: &str) -> String {
    let f = frame_bounds(r, units);
    format!("{f}{}", exclude(r))
}

/// SQLite's EXCLUDE clauses (NO OTHERS too: written, it makes SQLite fold each frame
/// afresh), or none.
fn exclude(r: &mut Rng) -> String {
    if r.chance(50) {
        return String::new();
    }
    let e = r.pick(&["NO OTHERS", "CURRENT ROW", "GROUP", "TIES"]);
    format!(" EXCLUDE {e}")
}

fn frame_bounds(r: &mut Rng, units: &str) -> String {
    let bound = |r: &mut Rng| match r.below(5) {
        0 => "UNBOUNDED PRECEDING".to_string(),
        1 => format!("{} PRECEDING", r.below(3)),
        2 => "CURRENT ROW".to_string(),
        3 => format!("{} FOLLOWING", r.below(3)),
        _ => "UNBOUNDED FOLLOWING".to_string(),
    };
    if r.chance(25) {
        // The short form: the end is CURRENT ROW.
        let start = bound(r);
        return format!(" {units} {start}");
    }
    let (start, end) = (bound(r), bound(r));
    format!(" {units} BETWEEN {start} AND {end}")
}

fn order_term(r: &mut Rng, cols: &[&str]) -> String {
    let dir = r.pick(&["", " DESC", " ASC NULLS LAST", " DESC NULLS FIRST"]);
    format!("{}{dir}", column(r, cols, None))
}

fn partition(r: &mut Rng, cols: &[&str]) -> String {
    if r.chance(50) {
        format!("PARTITION BY {} ", column(r, cols, None))
    } else {
        String::new()
    }
}

/// An aggregate call over `x`.
fn aggregate(r: &mut Rng, x: &str, order_free: bool) -> String {
    let choices: &[&str] = if order_free {
        &["count", "sum", "total", "min", "max", "avg", "count*"]
    } else {
        &[
            "count",
            "sum",
            "total",
            "min",
            "max",
            "avg",
            "count*",
            "group_concat",
            "group_concat2",
        ]
    };
    match r.pick(choices) {
        "count*" => "count(*)".into(),
        "group_concat2" => format!("group_concat({x}, '{}')", r.pick(&["-", "", "; "])),
        f => format!("{f}({x})"),
    }
}

pub fn window_statement(r: &mut Rng) -> (String, bool) {
    let (t, cols) = table(r);
    let x = expr(r, cols, None, 1);
    let part = partition(r, cols);
    let o = order_term(r, cols);
    let filter = if r.chance(20) {
        format!(" FILTER (WHERE {})", predicate(r, cols, None, 1))
    } else {
        String::new()
    };
    let call = match r.below(9) {
        // Ranking over peers: defined whatever the order of peers.
        0 => format!(
            "{}() OVER ({part}ORDER BY {o})",
            r.pick(&["rank", "dense_rank", "percent_rank", "cume_dist"])
        ),
        1 => {
            let f = match r.below(4) {
                0 => "row_number()".to_string(),
                1 => format!("ntile({})", 1 + r.below(5)),
                2 => format!("lag({x}, {}, {})", r.below(3), literal(r)),
                _ => format!("lead({x}{})", if r.chance(50) { ", 2" } else { "" }),
            };
            format!("{f} OVER ({part}ORDER BY {o}, rowid)")
        }
        2 => {
            let f = match r.below(3) {
                0 => format!("first_value({x})"),
                1 => format!("last_value({x})"),
                _ => format!("nth_value({x}, {})", 1 + r.below(3)),
            };
            let units = r.pick(&["ROWS", "GROUPS", "RANGE"]);
            let fr = if r.chance(20) {
                String::new()
            } else {
                frame(r, units)
            };
            format!("{f} OVER ({part}ORDER BY {o}, rowid{fr})")
        }
        3 => {
            let units = r.pick(&["ROWS", "GROUPS"]);
            let fr = if r.chance(20) {
                String::new()
            } else {
                frame(r, units)
            };
            format!(
                "{}{filter} OVER ({part}ORDER BY {o}, rowid{fr})",
                aggregate(r, &x, false)
            )
        }
        4 => {
            // RANGE with offsets takes one ORDER BY term: only aggregates that do not
            // depend on the order of peers.
            let fr = frame(r, "RANGE");
            format!(
                "{}{filter} OVER ({part}ORDER BY {o}{fr})",
                aggregate(r, &x, true)
            )
        }
        5 => {
            // Without ORDER BY every row is a peer: EXCLUDE GROUP and TIES reach them all.
            // (Not ROWS: its frames would follow the order rows are read in.)
            let units = r.pick(&["GROUPS", "RANGE"]);
            let fr = if r.chance(50) {
                String::new()
            } else {
                frame(r, units)
            };
            format!(
                "{}{filter} OVER ({}{fr})",
                aggregate(r, &x, true),
                part.trim_end()
            )
        }
        6 => {
            // An aggregate query: windows over its groups. (Not group_concat of max():
            // which of a group's 0 and 0.0 max() keeps depends on the sorter.)
            let g = r.pick(cols);
            return (
                format!(
                    "SELECT {g}, count(*), sum(count(*)) OVER (ORDER BY {g}), \
                     rank() OVER (ORDER BY count(*) DESC), {} OVER (ORDER BY {g} ROWS 1 PRECEDING) \
                     FROM {t} GROUP BY {g}",
                    aggregate(r, &format!("max({x})"), true)
                ),
                false,
            );
        }
        7 => {
            // A subquery ranks, the outer query keeps the first rows of each partition.
            return (
                format!(
                    "SELECT * FROM (SELECT {x} AS v, row_number() OVER ({part}ORDER BY {o}, rowid) AS rn \
                     FROM {t}) WHERE rn <= {}",
                    1 + r.below(3)
                ),
                false,
            );
        }
        _ => {
            // A named window, and one built on it.
            return (
                format!(
                    "SELECT {x}, row_number() OVER w, {} OVER (w ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING{}) \
                     FROM {t} WINDOW w AS ({part}ORDER BY {o}, rowid)",
                    aggregate(r, &x, false),
                    exclude(r)
                ),
                false,
            );
        }
    };
    let cond = if r.chance(30) {
        format!(" WHERE {}", predicate(r, cols, None, 1))
    } else {
        String::new()
    };
    (format!("SELECT {x}, {call} FROM {t}{cond}"), false)
}
