//! A stable merge sort whose comparison may fail (a key function or a
//! comparison can raise), used by `sorted()` and `list.sort()`. Rust's own
//! sorts need a total order and are not told about errors; Python's `<`
//! gives neither guarantee (think NaN).

use crate::error::Result;
use crate::value::Value;

/// Sorts `items` by `less`, stably; on an error the order is unspecified
/// but every item is still there.
pub fn sort_values(items: &mut [Value], less: &mut dyn FnMut(&Value, &Value) -> Result<bool>) -> Result<()> {
    if items.len() < 2 {
        return Ok(());
    }
    let mut buffer = items.to_vec();
    merge_sort(items, &mut buffer, less)
}

/// Sorts `items` using `buffer` (same length) as scratch space.
fn merge_sort(
    items: &mut [Value],
    buffer: &mut [Value],
    less: &mut dyn FnMut(&Value, &Value) -> Result<bool>,
) -> Result<()> {
    let length = items.len();
    if length <= 16 {
        return insertion_sort(items, less);
    }
    let middle = length / 2;
    {
        let (left, right) = items.split_at_mut(middle);
        let (left_buffer, right_buffer) = buffer.split_at_mut(middle);
        merge_sort(left, left_buffer, less)?;
        merge_sort(right, right_buffer, less)?;
    }
    // Already in order: nothing to merge (common for nearly sorted input).
    if !less(&items[middle], &items[middle - 1])? {
        return Ok(());
    }
    buffer[..length].clone_from_slice(items);
    let (mut left, mut right, mut out) = (0, middle, 0);
    while left < middle && right < length {
        // Take from the right only when strictly less: keeps stability.
        if less(&buffer[right], &buffer[left])? {
            items[out] = buffer[right].clone();
            right += 1;
        } else {
            items[out] = buffer[left].clone();
            left += 1;
        }
        out += 1;
    }
    while left < middle {
        items[out] = buffer[left].clone();
        left += 1;
        out += 1;
    }
    while right < length {
        items[out] = buffer[right].clone();
        right += 1;
        out += 1;
    }
    Ok(())
}

fn insertion_sort(items: &mut [Value], less: &mut dyn FnMut(&Value, &Value) -> Result<bool>) -> Result<()> {
    for index in 1..items.len() {
        let mut position = index;
        while position > 0 && less(&items[position], &items[position - 1])? {
            items.swap(position, position - 1);
            position -= 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_survives_nan() {
        let mut items: Vec<Value> = (0..100).map(|i| Value::Int((i * 37) % 23)).collect();
        sort_values(&mut items, &mut |a, b| Ok(a.as_i64() < b.as_i64())).unwrap();
        let numbers: Vec<i64> = items.iter().filter_map(Value::as_i64).collect();
        assert!(numbers.windows(2).all(|w| w[0] <= w[1]));
        let mut floats: Vec<Value> = [3.0, f64::NAN, 1.0, 2.0].iter().map(|&f| Value::Float(f)).collect();
        sort_values(&mut floats, &mut |a, b| match (a, b) {
            (Value::Float(x), Value::Float(y)) => Ok(x < y),
            _ => Ok(false),
        })
        .unwrap();
        assert_eq!(floats.len(), 4);
    }
}
