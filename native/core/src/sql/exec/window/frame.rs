//! Frame bounds: for each position of a partition, the half-open range of positions its
//! frame covers, under ROWS (positions), GROUPS (peer groups) or RANGE (the value of
//! the single ORDER BY term), as SQLite defines them. Both ends only move forward as
//! the current row does, which the running aggregates of [`super::functions`] rely on.

use super::{compare_order, Bound, FrameUnits, Partition, WindowSpec};
use crate::error::{Error, Result};
use crate::sql::expr::{Arith, Expr};
use crate::sql::value::{parse_number, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Start,
    End,
}

/// A checked offset: a count of rows or groups, or a distance in ORDER BY values.
enum Offset {
    Count(usize),
    Distance(Value),
}

/// The frame of every position of `part`: `(first, past the last)`; empty unless the
/// first is below the last (`2 FOLLOWING AND 1 FOLLOWING` ends before it starts).
pub fn frame_bounds(spec: &WindowSpec, part: &Partition<'_>) -> Result<Vec<(usize, usize)>> {
    let frame = &spec.frame;
    let start = checked_offset(&frame.start, frame.units, End::Start)?;
    let end = checked_offset(&frame.end, frame.units, End::End)?;
    (0..part.len())
        .map(|p| {
            let lo = edge(spec, part, p, &frame.start, start.as_ref(), End::Start)?;
            let hi = edge(spec, part, p, &frame.end, end.as_ref(), End::End)?;
            Ok((lo, hi))
        })
        .collect()
}

fn checked_offset(bound: &Bound, units: FrameUnits, end: End) -> Result<Option<Offset>> {
    let (Bound::Preceding(e) | Bound::Following(e)) = bound else {
        return Ok(None);
    };
    let which = if end == End::Start {
        "starting"
    } else {
        "ending"
    };
    let v = match e.eval(&[])? {
        Value::Text(s) => parse_number(&s).unwrap_or(Value::Text(s)),
        v => v,
    };
    if units == FrameUnits::Range {
        return match v {
            Value::Integer(i) if i >= 0 => Ok(Some(Offset::Distance(v))),
            Value::Real(r) if r >= 0.0 => Ok(Some(Offset::Distance(v))),
            _ => Err(Error::InvalidInput(format!(
                "frame {which} offset must be a non-negative number"
            ))),
        };
    }
    let count = match v {
        Value::Integer(i) if i >= 0 => Some(i),
        Value::Real(r) if r >= 0.0 && r.fract() == 0.0 && r < 9.2e18 => Some(r as i64),
        _ => None,
    };
    match count {
        Some(c) => Ok(Some(Offset::Count(
            usize::try_from(c).unwrap_or(usize::MAX),
        ))),
        None => Err(Error::InvalidInput(format!(
            "frame {which} offset must be a non-negative integer"
        ))),
    }
}

fn edge(
    spec: &WindowSpec,
    part: &Partition<'_>,
    p: usize,
    bound: &Bound,
    offset: Option<&Offset>,
    end: End,
) -> Result<usize> {
    let n = part.len();
    let preceding = matches!(bound, Bound::Preceding(_));
    Ok(match (bound, spec.frame.units, offset) {
        (Bound::UnboundedPreceding, ..) => 0,
        (Bound::UnboundedFollowing, ..) => n,
        (Bound::CurrentRow, FrameUnits::Rows, _) => p + usize::from(end == End::End),
        (Bound::CurrentRow, ..) => match end {
            End::Start => part.peer_start[p],
            End::End => part.peer_end[p],
        },
        (_, FrameUnits::Rows, Some(Offset::Count(k))) => {
            // The frame's last row is the k-th before or after this one.
            let at = p + usize::from(end == End::End);
            if preceding {
                at.saturating_sub(*k)
            } else {
                at.saturating_add(*k).min(n)
            }
        }
        (_, FrameUnits::Groups, Some(Offset::Count(k))) => {
            let groups = part.group_starts.len() - 1;
            let g = part.group[p] + usize::from(end == End::End);
            let target = if preceding {
                g.saturating_sub(*k)
            } else {
                g.saturating_add(*k).min(groups)
            };
            part.group_starts[target]
        }
        (_, FrameUnits::Range, Some(Offset::Distance(d))) => {
            range_edge(spec, part, p, d, preceding, end)?
        }
        _ => unreachable!("offsets are checked against the frame's units"),
    })
}

/// RANGE n PRECEDING / FOLLOWING: the rows whose ORDER BY value lies within n of the
/// current row's. A NULL current value reaches exactly the NULL rows; a text or blob
/// one is compared as it is, without the distance (SQLite does no arithmetic on it).
fn range_edge(
    spec: &WindowSpec,
    part: &Partition<'_>,
    p: usize,
    distance: &Value,
    preceding: bool,
    end: End,
) -> Result<usize> {
    let term = &spec.order[0];
    let v = part.order_key(p);
    if v.is_null() {
        return Ok(match end {
            End::Start => part.peer_start[p],
            End::End => part.peer_end[p],
        });
    }
    let target = match v {
        Value::Integer(_) | Value::Real(_) => {
            // Preceding rows have smaller values in an ascending order, larger in a
            // descending one.
            let op = if preceding != term.desc {
                Arith::Sub
            } else {
                Arith::Add
            };
            Expr::Arith(
                op,
                Box::new(Expr::Const(v.clone())),
                Box::new(Expr::Const(distance.clone())),
            )
            .eval(&[])?
        }
        other => other.clone(),
    };
    // The partition is sorted on this term: the edge is found by bisection.
    let before_edge = |q: usize| {
        let o = compare_order(part.order_key(q), &target, term);
        match end {
            End::Start => o.is_lt(),
            End::End => o.is_le(),
        }
    };
    let (mut lo, mut hi) = (0, part.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before_edge(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}
