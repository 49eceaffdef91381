//! Window calls over a frame with an EXCLUDE clause, as SQLite's `windowFullScan`
//! computes them: for every row, the rows of its frame (bounds from [`super::frame`])
//! less those the clause leaves out are stepped through in window order by a fresh
//! accumulator. So no running or sliding state carries from one row to the next
//! (`EXCLUDE NO OTHERS` included: a SUM is real only if its frame holds a real, and
//! group_concat is built anew). first_value, last_value and nth_value take the first,
//! last and n-th row left; ranking functions and lag/lead ignore the frame and never
//! come here.

use super::functions::nth;
use super::{Partition, WindowCall, WindowFunc};
use crate::error::Result;
use crate::sql::aggregate::Accumulator;
use crate::sql::frame_exclude::Exclude;
use crate::sql::value::Value;

/// The positions of `frame` that `exclude` leaves for the row at `p`, in order.
/// Peers are the rows equal under ORDER BY (all of the partition without one).
fn kept(
    part: &Partition<'_>,
    p: usize,
    frame: (usize, usize),
    exclude: Exclude,
) -> impl Iterator<Item = usize> {
    let (out_from, out_to) = match exclude {
        Exclude::NoOthers => (0, 0),
        Exclude::CurrentRow => (p, p + 1),
        Exclude::Group | Exclude::Ties => (part.peer_start[p], part.peer_end[p]),
    };
    let keeps_current = exclude == Exclude::Ties;
    (frame.0..frame.1)
        .filter(move |&q| !(out_from..out_to).contains(&q) || (keeps_current && q == p))
}

pub fn compute(
    call: &WindowCall,
    part: &Partition<'_>,
    frames: &[(usize, usize)],
    exclude: Exclude,
    out: &mut [Value],
) -> Result<()> {
    for (p, &frame) in frames.iter().enumerate() {
        let mut rows = kept(part, p, frame, exclude);
        let v = match &call.func {
            WindowFunc::FirstValue => match rows.next() {
                Some(q) => call.args[0].eval(part.row(q))?,
                None => Value::Null,
            },
            WindowFunc::LastValue => match rows.last() {
                Some(q) => call.args[0].eval(part.row(q))?,
                None => Value::Null,
            },
            WindowFunc::NthValue => {
                // As SQLite's nth_value step: n is read from each row stepped, and
                // the last row whose n is its count wins.
                let mut value = Value::Null;
                for (seen, q) in rows.enumerate() {
                    if nth(call.args[1].eval(part.row(q))?)? == seen + 1 {
                        value = call.args[0].eval(part.row(q))?;
                    }
                }
                value
            }
            WindowFunc::Aggregate(agg) => {
                let mut acc = Accumulator::new(agg);
                for q in rows {
                    acc.add(agg, part.row(q))?;
                }
                acc.value(agg.func)?
            }
            other => unreachable!("{other:?} does not read the frame"),
        };
        out[part.idx[p]] = v;
    }
    Ok(())
}
