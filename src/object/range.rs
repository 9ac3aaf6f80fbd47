//! `range` and `slice` objects.

use crate::value::Value;

/// `range(start, stop, step)` over i64 bounds; step is never 0.
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    /// Number of elements, as `len()` reports it.
    pub fn len(&self) -> usize {
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
        self.len() == 0
    }

    /// The element at a non-negative index below `len()`.
    pub fn item(&self, index: usize) -> i64 {
        (self.start as i128 + index as i128 * self.step as i128) as i64
    }

    /// Whether an integer is one of the elements.
    pub fn contains(&self, value: i64) -> bool {
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
