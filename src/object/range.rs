//! `range` and `slice` objects.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::value::Value;

/// `range(start, stop, step)`; step is never 0. Bounds that fit 64 bits
/// (the usual case) live in the plain fields; larger ones in `big`, and
/// then the plain fields mean nothing.
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    big: Option<Box<[BigInt; 3]>>,
}

impl Range {
    pub fn new(start: i64, stop: i64, step: i64) -> Range {
        Range { start, stop, step, big: None }
    }

    /// A range from bounds of any size.
    pub fn from_bigints(start: BigInt, stop: BigInt, step: BigInt) -> Range {
        match (start.to_i64(), stop.to_i64(), step.to_i64()) {
            (Some(start), Some(stop), Some(step)) => Range::new(start, stop, step),
            _ => Range { start: 0, stop: 0, step: 1, big: Some(Box::new([start, stop, step])) },
        }
    }

    pub fn is_big(&self) -> bool {
        self.big.is_some()
    }

    /// start, stop and step as big integers.
    pub fn bounds(&self) -> [BigInt; 3] {
        match &self.big {
            Some(big) => (**big).clone(),
            None => [BigInt::from(self.start), BigInt::from(self.stop), BigInt::from(self.step)],
        }
    }

    pub fn start_value(&self) -> Value {
        Value::from_bigint(self.bounds()[0].clone())
    }

    pub fn stop_value(&self) -> Value {
        Value::from_bigint(self.bounds()[1].clone())
    }

    pub fn step_value(&self) -> Value {
        Value::from_bigint(self.bounds()[2].clone())
    }

    /// The exact number of elements.
    pub fn length(&self) -> BigInt {
        if self.big.is_none() {
            return BigInt::from(self.len());
        }
        let [start, stop, step] = self.bounds();

        if step.is_positive() {
            if stop > start { (&stop - &start - BigInt::from(1)).div_floor(&step) + 1 } else { BigInt::zero() }
        } else if start > stop {
            (&start - &stop - BigInt::from(1)).div_floor(&-&step) + 1
        } else {
            BigInt::zero()
        }
    }

    /// The element at a non-negative index below `length()`.
    pub fn item_big(&self, index: &BigInt) -> BigInt {
        let [start, _, step] = self.bounds();
        start + index * step
    }

    /// Whether an integer of any size is one of the elements.
    pub fn contains_big(&self, value: &BigInt) -> bool {
        let [start, stop, step] = self.bounds();
        let inside =
            if step.is_positive() { &start <= value && value < &stop } else { &stop < value && value <= &start };
        inside && (value - &start).mod_floor(&step.abs()).is_zero()
    }
    /// Number of elements of a range with 64-bit bounds (saturating for
    /// big ones; use `length` there).
    pub fn len(&self) -> usize {
        if self.big.is_some() {
            return self.length().to_usize().unwrap_or(usize::MAX);
        }
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let count = if step > 0 {
            if stop > start { (stop - start - 1) / step + 1 } else { 0 }
        } else if start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        count as usize
    }

    pub fn is_empty(&self) -> bool {
        if self.big.is_some() {
            return self.length().is_zero();
        }
        self.len() == 0
    }

    /// The element at a non-negative index below `len()`.
    pub fn item(&self, index: usize) -> i64 {
        (self.start as i128 + index as i128 * self.step as i128) as i64
    }

    /// Whether an integer is one of the elements.
    pub fn contains(&self, value: i64) -> bool {
        if self.big.is_some() {
            return self.contains_big(&BigInt::from(value));
        }
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let value = value as i128;
        let inside = if step > 0 { start <= value && value < stop } else { stop < value && value <= start };
        inside && (value - start) % step == 0
    }
}

/// `slice(start, stop, step)`: each bound is None or a value.
pub struct Slice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}
