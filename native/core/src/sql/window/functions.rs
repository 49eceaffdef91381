//! The value of one window call at every position of a partition. Ranking functions
//! read positions and peer groups; value functions (first_value, nth_value …) and
//! aggregates read the frame bounds of [`super::frame`]. Values are written into the
//! call's column of the result, by input row.

use super::{Partition, WindowCall, WindowFunc};
use crate::error::{Error, Result};
use crate::sql::aggregate::Accumulator;
use crate::sql::plan::AggCall;
use crate::sql::value::{parse_number, Value};

/// Whether the call reads the frame (ranking functions and lag/lead ignore it).
pub fn uses_frame(call: &WindowCall) -> bool {
    matches!(
        call.func,
        WindowFunc::FirstValue
            | WindowFunc::LastValue
            | WindowFunc::NthValue
            | WindowFunc::Aggregate(_)
    )
}

pub fn compute(
    call: &WindowCall,
    part: &Partition<'_>,
    frames: &[(usize, usize)],
    out: &mut [Value],
) -> Result<()> {
    let n = part.len();
    let mut set = |p: usize, v: Value| out[part.idx[p]] = v;
    match &call.func {
        WindowFunc::RowNumber => (0..n).for_each(|p| set(p, Value::Integer(p as i64 + 1))),
        WindowFunc::Rank => {
            (0..n).for_each(|p| set(p, Value::Integer(part.peer_start[p] as i64 + 1)))
        }
        WindowFunc::DenseRank => {
            (0..n).for_each(|p| set(p, Value::Integer(part.group[p] as i64 + 1)))
        }
        WindowFunc::PercentRank => (0..n).for_each(|p| {
            let r = if n > 1 {
                part.peer_start[p] as f64 / (n - 1) as f64
            } else {
                0.0
            };
            set(p, Value::Real(r))
        }),
        WindowFunc::CumeDist => {
            (0..n).for_each(|p| set(p, Value::Real(part.peer_end[p] as f64 / n as f64)))
        }
        WindowFunc::Ntile => {
            for p in 0..n {
                let buckets = match numeric(call.args[0].eval(part.row(p))?) {
                    Value::Integer(i) if i > 0 => i as usize,
                    Value::Real(r) if r >= 1.0 => r as usize,
                    _ => {
                        return Err(Error::InvalidInput(
                            "argument of ntile must be a positive integer".into(),
                        ))
                    }
                };
                set(p, Value::Integer(ntile(p, n, buckets)));
            }
        }
        WindowFunc::Lag | WindowFunc::Lead => {
            let forward = call.func == WindowFunc::Lead;
            for p in 0..n {
                let row = part.row(p);
                let offset = match call.args.get(1) {
                    Some(e) => row_offset(e.eval(row)?),
                    None => Some(1),
                };
                let target = offset.and_then(|k| {
                    let t = if forward { p as i64 + k } else { p as i64 - k };
                    usize::try_from(t).ok().filter(|&t| t < n)
                });
                let v = match (target, call.args.get(2)) {
                    (Some(t), _) => call.args[0].eval(part.row(t))?,
                    (None, Some(default)) => default.eval(row)?,
                    (None, None) => Value::Null,
                };
                set(p, v);
            }
        }
        WindowFunc::FirstValue | WindowFunc::LastValue | WindowFunc::NthValue => {
            for (p, &(lo, hi)) in frames.iter().enumerate() {
                let at = match call.func {
                    WindowFunc::FirstValue => lo,
                    WindowFunc::LastValue => hi.wrapping_sub(1),
                    _ => lo.saturating_add(nth(call.args[1].eval(part.row(p))?)? - 1),
                };
                let v = if lo < hi && (lo..hi).contains(&at) {
                    call.args[0].eval(part.row(at))?
                } else {
                    Value::Null
                };
                set(p, v);
            }
        }
        WindowFunc::Aggregate(agg) => aggregate(agg, part, frames, &mut set)?,
    }
    Ok(())
}

/// SQLite's ntile: the first `n % buckets` buckets hold one row more than the others.
fn ntile(p: usize, n: usize, buckets: usize) -> i64 {
    let small = n / buckets;
    let large_rows = (n % buckets) * (small + 1);
    let bucket = if p < large_rows {
        p / (small + 1)
    } else {
        n % buckets + (p - large_rows) / small
    };
    bucket as i64 + 1
}

fn numeric(v: Value) -> Value {
    match v {
        Value::Text(s) => parse_number(&s).unwrap_or(Value::Integer(0)),
        v => v,
    }
}

/// lag/lead's offset: SQLite seeks the row that many before (after); an offset that is
/// not a whole number (or NULL) finds no row, text counts as the number it reads as.
fn row_offset(v: Value) -> Option<i64> {
    match numeric(v) {
        Value::Integer(i) => Some(i),
        Value::Real(r) if r.fract() == 0.0 && r.abs() < 9.2e18 => Some(r as i64),
        _ => None,
    }
}

fn nth(v: Value) -> Result<usize> {
    match numeric(v) {
        Value::Integer(i) if i > 0 => Ok(usize::try_from(i).unwrap_or(usize::MAX)),
        Value::Real(r) if r >= 1.0 && r.fract() == 0.0 && r < 9.2e18 => Ok(r as usize),
        _ => Err(Error::InvalidInput(
            "second argument to nth_value must be a positive integer".into(),
        )),
    }
}

/// An aggregate over each position's frame. Frames starting at the partition's first
/// row only grow, so one accumulator takes each row once; other frames are folded
/// afresh, unless a row's frame is the previous row's (peers under RANGE or GROUPS).
fn aggregate(
    call: &AggCall,
    part: &Partition<'_>,
    frames: &[(usize, usize)],
    set: &mut impl FnMut(usize, Value),
) -> Result<()> {
    if frames.iter().all(|&(lo, _)| lo == 0) {
        let mut acc = Accumulator::new(call);
        let mut taken = 0;
        for (p, &(_, hi)) in frames.iter().enumerate() {
            while taken < hi {
                acc.add(call, part.row(taken))?;
                taken += 1;
            }
            set(p, acc.value(call.func)?);
        }
        return Ok(());
    }
    let mut previous: Option<((usize, usize), Value)> = None;
    for (p, &frame) in frames.iter().enumerate() {
        let v = match &previous {
            Some((f, v)) if *f == frame => v.clone(),
            _ => {
                let mut acc = Accumulator::new(call);
                for q in frame.0..frame.1 {
                    acc.add(call, part.row(q))?;
                }
                acc.value(call.func)?
            }
        };
        set(p, v.clone());
        previous = Some((frame, v));
    }
    Ok(())
}
