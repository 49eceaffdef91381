//! Aggregate accumulators with SQLite's results: COUNT ignores NULLs (COUNT(*) does
//! not), SUM is an integer until a non-integer arrives and fails on integer overflow,
//! AVG and TOTAL are reals (they never overflow: the sum goes on as a real), MIN/MAX use
//! the SQL sort order; all ignore NULL inputs and the rows their FILTER (WHERE …)
//! rejects.

use crate::error::{Error, Result};
use crate::sql::encoding::key_of;
use crate::sql::functions::{is_json_expr, json_embed, json_escape};
use crate::sql::plan::{AggCall, AggFunc};
use crate::sql::value::Value;
use std::collections::HashSet;

/// What [`Accumulator::add`] did with a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Took {
    /// The call's FILTER said no.
    Filtered,
    /// DISTINCT had seen the value, or the row waits for the call's ORDER BY.
    Held,
    /// The row was taken; `fresh`: min() or max() now shows its value or shows none yet
    /// (SQLite's `minmaxStep` does not skip loading a group's bare columns from it).
    Stepped { fresh: bool },
}

pub struct Accumulator {
    count: i64,
    int_sum: i64,
    real_sum: f64,
    /// Compensation term of the Kahan–Babuska sum (as SQLite ≥ 3.43 sums reals).
    comp: f64,
    all_int: bool,
    /// The integer sum overflowed (an error for SUM only).
    overflowed: bool,
    best: Value,
    text: Option<String>,
    seen: Option<HashSet<Vec<u8>>>,
    /// With an ORDER BY in the call: each row's order values and the row, taken in
    /// that order when the group is done.
    ordered: Option<Vec<(Vec<Value>, Vec<Value>)>>,
}

impl Accumulator {
    pub fn new(call: &AggCall) -> Accumulator {
        Accumulator {
            count: 0,
            int_sum: 0,
            real_sum: 0.0,
            comp: 0.0,
            all_int: true,
            overflowed: false,
            best: Value::Null,
            text: None,
            seen: call.distinct.then(HashSet::new),
            ordered: (!call.order.is_empty()).then(Vec::new),
        }
    }

    /// Takes `row` (unless the call's FILTER or DISTINCT keeps it out).
    pub fn add(&mut self, call: &AggCall, row: &[Value]) -> Result<Took> {
        if let Some(filter) = &call.filter {
            if !filter.test(row)? {
                return Ok(Took::Filtered);
            }
        }
        if let Some(rows) = &mut self.ordered {
            let keys = (call.order.iter())
                .map(|o| o.expr.eval(row))
                .collect::<Result<_>>()?;
            rows.push((keys, row.to_vec()));
            return Ok(Took::Held);
        }
        Ok(match self.step(call, row)? {
            Some(fresh) => Took::Stepped { fresh },
            None => Took::Held,
        })
    }

    /// Takes one row the FILTER let through. `None`: DISTINCT had seen its value; else
    /// whether it is fresh ([`Took::Stepped`]).
    fn step(&mut self, call: &AggCall, row: &[Value]) -> Result<Option<bool>> {
        let v = match &call.arg {
            None => {
                self.count += 1;
                return Ok(Some(false));
            }
            Some(e) => e.eval(row)?,
        };
        if call.func == AggFunc::Any {
            self.best = v;
            return Ok(Some(true));
        }
        if matches!(
            call.func,
            AggFunc::JsonGroupArray | AggFunc::JsonGroupObject
        ) {
            return self.add_json(call, row, v).map(|()| Some(false));
        }
        if v.is_null() {
            return Ok(Some(self.best.is_null()));
        }
        if !self.first_sight(call, &v) {
            return Ok(None);
        }
        self.count += 1;
        let mut fresh = false;
        match call.func {
            AggFunc::Sum | AggFunc::Total | AggFunc::Avg => self.add_number(&v)?,
            AggFunc::Min | AggFunc::Max => {
                let order = || {
                    let c = call.collation;
                    c.key(&v).sql_cmp(&c.key(&self.best))
                };
                fresh = self.best.is_null()
                    || if call.func == AggFunc::Min {
                        order().is_lt()
                    } else {
                        order().is_gt()
                    };
                if fresh {
                    self.best = v;
                }
            }
            AggFunc::GroupConcat => {
                let sep = match &call.sep {
                    Some(s) => s
                        .eval(row)?
                        .to_text()
                        .map(|s| s.into_owned())
                        .unwrap_or_default(),
                    None => ",".into(),
                };
                let t = v.to_text().unwrap_or_default();
                match &mut self.text {
                    Some(acc) => {
                        acc.push_str(&sep);
                        acc.push_str(&t);
                    }
                    None => self.text = Some(t.into_owned()),
                }
            }
            AggFunc::Count
            | AggFunc::CountStar
            | AggFunc::Any
            | AggFunc::JsonGroupArray
            | AggFunc::JsonGroupObject => {}
        }
        Ok(Some(fresh))
    }

    /// False when the call is DISTINCT and has taken a value equal to `v` (under the
    /// argument's collation).
    fn first_sight(&mut self, call: &AggCall, v: &Value) -> bool {
        match &mut self.seen {
            Some(seen) => seen.insert(key_of(std::slice::from_ref(&*call.collation.key(v)))),
            None => true,
        }
    }

    /// json_group_array takes NULL as `null`; json_group_object skips a NULL name.
    fn add_json(&mut self, call: &AggCall, row: &[Value], v: Value) -> Result<()> {
        if !self.first_sight(call, &v) {
            return Ok(());
        }
        let json = |e: &Option<crate::sql::expr::Expr>| e.as_ref().is_some_and(is_json_expr);
        let item = if call.func == AggFunc::JsonGroupArray {
            json_embed(&v, json(&call.arg))?
        } else {
            let Some(name) = v.to_text() else {
                return Ok(());
            };
            let value = match &call.sep {
                Some(e) => e.eval(row)?,
                None => Value::Null,
            };
            format!(
                "\"{}\":{}",
                json_escape(&name),
                json_embed(&value, json(&call.sep))?
            )
        };
        let acc = self.text.get_or_insert_with(String::new);
        if !acc.is_empty() {
            acc.push(',');
        }
        acc.push_str(&item);
        Ok(())
    }

    fn add_number(&mut self, v: &Value) -> Result<()> {
        // Text that reads as a number counts as that number (sqlite3_value_numeric_type).
        let parsed;
        let v = match v {
            Value::Text(s) => {
                parsed = crate::sql::value::parse_number(s);
                parsed.as_ref().unwrap_or(v)
            }
            v => v,
        };
        match v {
            Value::Integer(i) if self.all_int => match self.int_sum.checked_add(*i) {
                Some(s) => self.int_sum = s,
                None => {
                    self.overflowed = true;
                    self.all_int = false;
                    self.real_sum = self.int_sum as f64;
                    self.kahan(*i as f64);
                }
            },
            Value::Integer(i) => self.kahan(*i as f64),
            other => {
                if self.all_int {
                    self.all_int = false;
                    self.real_sum = self.int_sum as f64;
                }
                self.kahan(other.as_f64());
            }
        }
        Ok(())
    }

    fn kahan(&mut self, x: f64) {
        let s = self.real_sum;
        let t = s + x;
        if s.abs() >= x.abs() {
            self.comp += (s - t) + x;
        } else {
            self.comp += (x - t) + s;
        }
        self.real_sum = t;
    }

    fn sum_f64(&self) -> f64 {
        if self.all_int {
            self.int_sum as f64
        } else {
            self.real_sum + self.comp
        }
    }

    /// The result of a group: rows held for the call's ORDER BY are taken first, in
    /// that order (ties in arrival order).
    pub fn finish_call(mut self, call: &AggCall) -> Result<Value> {
        if let Some(mut rows) = self.ordered.take() {
            // `f(DISTINCT x ORDER BY x)`: SQLite keeps the rows in an index keyed by x
            // alone, where a later equal value (1.0 after 1) replaces the earlier.
            if call.distinct
                && call.order.len() == 1
                && call.arg.as_ref() == Some(&call.order[0].expr)
            {
                rows.reverse();
            }
            rows.sort_by(|a, b| crate::sql::agg_call::compare(&a.0, &b.0, &call.order));
            for (_, row) in rows {
                self.step(call, &row)?;
            }
        }
        self.value(call.func)
    }

    /// The result so far; a window function reads it after each row of a growing frame.
    pub fn value(&self, func: AggFunc) -> Result<Value> {
        Ok(match func {
            AggFunc::CountStar | AggFunc::Count => Value::Integer(self.count),
            AggFunc::Sum if self.overflowed => {
                return Err(Error::InvalidInput("integer overflow".into()))
            }
            AggFunc::Sum if self.count == 0 => Value::Null,
            AggFunc::Sum if self.all_int => Value::Integer(self.int_sum),
            AggFunc::Sum => Value::Real(self.sum_f64()),
            AggFunc::Total => Value::Real(self.sum_f64()),
            AggFunc::Avg if self.count == 0 => Value::Null,
            AggFunc::Avg => Value::Real(self.sum_f64() / self.count as f64),
            AggFunc::Min | AggFunc::Max | AggFunc::Any => self.best.clone(),
            AggFunc::GroupConcat => self.text.clone().map_or(Value::Null, Value::Text),
            AggFunc::JsonGroupArray => {
                Value::Text(format!("[{}]", self.text.as_deref().unwrap_or("")))
            }
            AggFunc::JsonGroupObject => {
                Value::Text(format!("{{{}}}", self.text.as_deref().unwrap_or("")))
            }
        })
    }
}
