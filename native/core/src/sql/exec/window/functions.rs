//! The value of one window call at every position of a partition. Ranking functions
//! read positions and peer groups; value functions (first_value, nth_value …) and
//! aggregates read the frame bounds of [`super::frame`]. Values are written into the
//! call's column of the result, by input row.

use super::{Partition, WindowCall, WindowFunc};
use crate::error::{Error, Result};
use crate::sql::aggregate::Accumulator;
use crate::sql::plan::{AggCall, AggFunc};
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

pub(super) fn nth(v: Value) -> Result<usize> {
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
    if call.func == AggFunc::GroupConcat {
        return sliding_group_concat(call, part, frames, set);
    }
    // SQLite slides such a frame by adding rows as its end passes them and taking them
    // out (xInverse) as its start does; its SUM stays real once a non-integer has been
    // added, even after that row has left the frame. `real_seen` follows that.
    let mut real_seen = false;
    let mut passed = 0;
    let mut previous: Option<((usize, usize), Value)> = None;
    for (p, &frame) in frames.iter().enumerate() {
        if call.func == AggFunc::Sum {
            while passed < frame.1 {
                real_seen = real_seen || makes_sum_real(call, part.row(passed))?;
                passed += 1;
            }
        }
        let v = match &previous {
            Some((f, v)) if *f == frame => v.clone(),
            _ => {
                let mut acc = Accumulator::new(call);
                for q in frame.0..frame.1 {
                    acc.add(call, part.row(q))?;
                }
                match acc.value(call.func)? {
                    Value::Integer(i) if real_seen => Value::Real(i as f64),
                    v => v,
                }
            }
        };
        set(p, v.clone());
        previous = Some((frame, v));
    }
    Ok(())
}

/// group_concat over a sliding frame, built as SQLite's xStep and xInverse build it
/// (func.c, `GroupConcatCtx`): a row leaving takes its value and the separator after
/// it off the front; once the text is empty the next value starts it afresh, without
/// a separator, even if empty strings are still counted. Rows leave before the next
/// ones enter, as in SQLite's loop. Results differ from a fresh fold only in those
/// corners, which is why the fold is not used.
fn sliding_group_concat(
    call: &AggCall,
    part: &Partition<'_>,
    frames: &[(usize, usize)],
    set: &mut impl FnMut(usize, Value),
) -> Result<()> {
    let mut acc = SlidingConcat::default();
    let (mut added, mut removed) = (0, 0);
    // The value and separator a row adds; None when NULL or filtered out.
    let term = |q: usize| -> Result<Option<(String, Option<String>)>> {
        let row = part.row(q);
        if let Some(f) = &call.filter {
            if !f.test(row)? {
                return Ok(None);
            }
        }
        let arg = call.arg.as_ref().expect("group_concat has an argument");
        let Some(v) = arg.eval(row)?.to_text().map(|t| t.into_owned()) else {
            return Ok(None);
        };
        let sep = match &call.sep {
            Some(s) => Some(
                s.eval(row)?
                    .to_text()
                    .map(|t| t.into_owned())
                    .unwrap_or_default(),
            ),
            None => None,
        };
        Ok(Some((v, sep)))
    };
    for (p, &(lo, hi)) in frames.iter().enumerate() {
        while removed < lo.min(added) {
            if let Some((v, _)) = term(removed)? {
                acc.inverse(&v);
            }
            removed += 1;
        }
        removed = removed.max(lo);
        added = added.max(lo);
        while added < hi {
            if let Some((v, sep)) = term(added)? {
                acc.step(&v, sep.as_deref());
            }
            added += 1;
        }
        set(p, acc.value());
    }
    Ok(())
}

/// SQLite's `GroupConcatCtx`. `sep` is None for the one-argument form (a comma).
#[derive(Default)]
struct SlidingConcat {
    text: Vec<u8>,
    /// Values counted in `text` (empty strings included).
    count: usize,
    /// SQLite's `mxAlloc != 0`: a value has been written since the text was last empty.
    started: bool,
    first_sep_len: usize,
    /// The length of each separator between values, once they are not all one length.
    sep_lens: Option<Vec<usize>>,
}

impl SlidingConcat {
    fn step(&mut self, v: &str, sep: Option<&str>) {
        let first = !self.started;
        self.started = true;
        match sep {
            None if first => self.first_sep_len = 1,
            None => self.text.push(b','),
            Some(s) if first => self.first_sep_len = s.len(),
            Some(s) => {
                self.text.extend_from_slice(s.as_bytes());
                if s.len() != self.first_sep_len || self.sep_lens.is_some() {
                    let first_len = self.first_sep_len;
                    let lens = self.sep_lens.get_or_insert_with(Vec::new);
                    lens.resize(self.count, first_len);
                    lens[self.count - 1] = s.len();
                }
            }
        }
        self.count += 1;
        self.text.extend_from_slice(v.as_bytes());
    }

    fn inverse(&mut self, v: &str) {
        let mut cut = v.len();
        self.count -= 1;
        match &mut self.sep_lens {
            Some(lens) if self.count > 0 => cut += lens.remove(0),
            Some(_) => {}
            // With a single value left this over-cuts, harmlessly (as in SQLite).
            None => cut += self.first_sep_len,
        }
        if cut >= self.text.len() {
            self.text.clear();
        } else {
            self.text.drain(..cut);
        }
        if self.text.is_empty() {
            self.started = false;
            self.sep_lens = None;
        }
    }

    fn value(&self) -> Value {
        if self.text.is_empty() && self.count == 0 {
            Value::Null
        } else {
            Value::Text(String::from_utf8_lossy(&self.text).into_owned())
        }
    }
}

/// Whether the row adds a value SUM does not take as an integer (a real, or text or a
/// blob that does not read as an integer); NULLs and rows FILTER drops add nothing.
fn makes_sum_real(call: &AggCall, row: &[Value]) -> Result<bool> {
    if let Some(f) = &call.filter {
        if !f.test(row)? {
            return Ok(false);
        }
    }
    let Some(arg) = &call.arg else {
        return Ok(false);
    };
    Ok(match arg.eval(row)? {
        Value::Null | Value::Integer(_) => false,
        Value::Text(s) => !matches!(parse_number(&s), Some(Value::Integer(_))),
        _ => true,
    })
}
