//! Equality and ordering of the builtin types, with Python's rules:
//! numbers compare by value across int, bool and float (exactly, never by
//! rounding an int to a float); sequences compare item by item; sets by
//! inclusion; everything else by identity for `==` and not at all for `<`.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{FromPrimitive, ToPrimitive, Zero};

use crate::bytecode::Comparison;
use crate::error::{Error, Result};
use crate::object::hash::hash_value;
use crate::value::Value;

/// A number of any builtin numeric type, viewed for comparison.
enum Number<'v> {
    Small(i64),
    Big(&'v BigInt),
    Float(f64),
}

fn as_number(value: &Value) -> Option<Number<'_>> {
    match value {
        Value::Int(i) => Some(Number::Small(*i)),
        Value::Bool(b) => Some(Number::Small(*b as i64)),
        Value::BigInt(b) => Some(Number::Big(b)),
        Value::Float(f) => Some(Number::Float(*f)),
        _ => None,
    }
}

/// Exact comparison of an integer with a float; None when the float is NaN.
fn compare_int_float(int: &BigInt, float: f64) -> Option<Ordering> {
    if float.is_nan() {
        return None;
    }
    if float.is_infinite() {
        return Some(if float > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let floor = float.floor();
    let floor_int = BigInt::from_f64(floor).unwrap_or_else(BigInt::zero);
    match int.cmp(&floor_int) {
        Ordering::Equal if float != floor => Some(Ordering::Less),
        other => Some(other),
    }
}

fn compare_numbers(left: &Number, right: &Number) -> Option<Ordering> {
    use Number::*;
    match (left, right) {
        (Small(a), Small(b)) => Some(a.cmp(b)),
        (Float(a), Float(b)) => a.partial_cmp(b),
        (Small(a), Float(b)) => {
            if a.unsigned_abs() < (1 << 53) {
                (*a as f64).partial_cmp(b)
            } else {
                compare_int_float(&BigInt::from(*a), *b)
            }
        }
        (Float(a), Small(b)) => compare_numbers(&Small(*b), &Float(*a)).map(Ordering::reverse),
        (Big(a), Float(b)) => compare_int_float(a, *b),
        (Float(a), Big(b)) => compare_int_float(b, *a).map(Ordering::reverse),
        (Big(a), Big(b)) => Some(a.cmp(b)),
        (Big(a), Small(b)) => Some((*a).cmp(&BigInt::from(*b))),
        (Small(a), Big(b)) => Some(BigInt::from(*a).cmp(b)),
    }
}

/// Comparing and hashing objects of classes scripts define (`__eq__`,
/// `__lt__`, `__hash__`) runs script code, which only the VM can do; the
/// functions here hand such objects to it.
pub trait ObjectProtocol {
    /// `left == right` where either is such an object.
    fn object_equals(&mut self, left: &Value, right: &Value) -> Result<bool>;
    /// `left op right` where either is such an object.
    fn object_compare(&mut self, left: &Value, right: &Value, op: Comparison) -> Result<bool>;
    /// `hash(value)` of such an object.
    fn object_hash(&mut self, value: &Value) -> Result<i64>;
}

/// For code without a VM (constant folding), which never meets script
/// objects: they would compare and hash by identity.
pub struct Identity;

impl ObjectProtocol for Identity {
    fn object_equals(&mut self, left: &Value, right: &Value) -> Result<bool> {
        Ok(left.is(right))
    }

    fn object_compare(&mut self, left: &Value, right: &Value, op: Comparison) -> Result<bool> {
        match op {
            Comparison::Eq => Ok(left.is(right)),
            Comparison::Ne => Ok(!left.is(right)),
            _ => Err(unorderable(left, right, op)),
        }
    }

    fn object_hash(&mut self, value: &Value) -> Result<i64> {
        Ok(crate::object::hash::hash_address(value.object_address().unwrap_or(0)))
    }
}

/// Whether the value is an object whose class a script may have written.
fn is_script_object(value: &Value) -> bool {
    matches!(value, Value::Instance(_))
}

/// `a == b`.
pub fn equals(objects: &mut dyn ObjectProtocol, left: &Value, right: &Value) -> Result<bool> {
    use Value::*;
    if let (Some(a), Some(b)) = (as_number(left), as_number(right)) {
        return Ok(compare_numbers(&a, &b) == Some(Ordering::Equal));
    }
    Ok(match (left, right) {
        (Str(a), Str(b)) => std::rc::Rc::ptr_eq(a, b) || a.as_str() == b.as_str(),
        (Bytes(_) | ByteArray(_), Bytes(_) | ByteArray(_)) => left.byte_content() == right.byte_content(),
        (Tuple(a), Tuple(b)) => {
            std::rc::Rc::ptr_eq(a, b)
                || (a.items.len() == b.items.len() && sequences_equal(objects, &a.items, &b.items)?)
        }
        (List(a), List(b)) => {
            if std::rc::Rc::ptr_eq(a, b) {
                return Ok(true);
            }
            let (a, b) = (a.snapshot(), b.snapshot());
            a.len() == b.len() && sequences_equal(objects, &a, &b)?
        }
        (Dict(a), Dict(b)) => {
            if std::rc::Rc::ptr_eq(a, b) {
                return Ok(true);
            }
            if a.len() != b.len() {
                return Ok(false);
            }
            let entries: Vec<(Value, Value)> = a.table.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            for (key, value) in entries {
                let hash = hash_value(objects, &key)?;
                let other = b.get(&key, hash, &mut |x: &Value, y: &Value| identical_or_equal(objects, x, y))?;
                match other {
                    Some(other) if identical_or_equal(objects, &value, &other)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (Set(a) | FrozenSet(a), Set(b) | FrozenSet(b)) => {
            a.len() == b.len() && a.is_subset(b, &mut |x: &Value, y: &Value| identical_or_equal(objects, x, y))?
        }
        (Range(a), Range(b)) => {
            let (length_a, length_b) = (a.length(), b.length());
            let ([start_a, _, step_a], [start_b, _, step_b]) = (a.bounds(), b.bounds());
            length_a == length_b
                && (length_a.is_zero()
                    || (start_a == start_b && (length_a == num_bigint::BigInt::from(1) || step_a == step_b)))
        }
        (Slice(a), Slice(b)) => {
            equals(objects, &a.start, &b.start)?
                && equals(objects, &a.stop, &b.stop)?
                && equals(objects, &a.step, &b.step)?
        }
        (DictView(a), DictView(b)) => std::rc::Rc::ptr_eq(a, b),
        // Methods are equal when bound to the same object.
        (BoundMethod(a), BoundMethod(b)) => a.receiver.is(&b.receiver) && equals(objects, &a.function, &b.function)?,
        _ if is_script_object(left) || is_script_object(right) => objects.object_equals(left, right)?,
        _ => left.is(right),
    })
}

/// Containers compare items by identity first, as CPython does; also the
/// key comparison of dict and set tables.
pub fn identical_or_equal(objects: &mut dyn ObjectProtocol, left: &Value, right: &Value) -> Result<bool> {
    Ok(left.is(right) || equals(objects, left, right)?)
}

/// How deep comparisons of nested containers may go on the Rust stack
/// before they fail the way CPython's recursion limit makes them fail.
const NESTING_LIMIT: usize = 1000;

thread_local! {
    static NESTING: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one level of container nesting for the duration of a scope.
struct NestingGuard;

impl NestingGuard {
    fn enter() -> Result<NestingGuard> {
        let depth = NESTING.with(|nesting| {
            let depth = nesting.get() + 1;
            nesting.set(depth);
            depth
        });
        let guard = NestingGuard;
        if depth > NESTING_LIMIT {
            return Err(Error::new(
                crate::object::exception::ExcKind::RecursionError,
                "maximum recursion depth exceeded in comparison",
            ));
        }
        Ok(guard)
    }
}

impl Drop for NestingGuard {
    fn drop(&mut self) {
        NESTING.with(|nesting| nesting.set(nesting.get().saturating_sub(1)));
    }
}

fn sequences_equal(objects: &mut dyn ObjectProtocol, left: &[Value], right: &[Value]) -> Result<bool> {
    let _guard = NestingGuard::enter()?;
    for (a, b) in left.iter().zip(right) {
        if !identical_or_equal(objects, a, b)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Ordering comparisons (`<`, `<=`, `>`, `>=`) of builtin values.
pub fn compare(objects: &mut dyn ObjectProtocol, left: &Value, right: &Value, op: Comparison) -> Result<bool> {
    use Value::*;
    if is_script_object(left) || is_script_object(right) {
        return objects.object_compare(left, right, op);
    }
    if matches!(op, Comparison::Eq | Comparison::Ne) {
        let equal = equals(objects, left, right)?;
        return Ok(equal == (op == Comparison::Eq));
    }
    let ordering = match (left, right) {
        _ if as_number(left).is_some() && as_number(right).is_some() => match (as_number(left), as_number(right)) {
            (Some(a), Some(b)) => compare_numbers(&a, &b),
            _ => Option::None,
        },
        (Str(a), Str(b)) => Some(a.as_str().cmp(b.as_str())),
        (Bytes(_) | ByteArray(_), Bytes(_) | ByteArray(_)) => left.byte_content().partial_cmp(&right.byte_content()),
        (Tuple(a), Tuple(b)) => return compare_sequences(objects, &a.items, &b.items, op),
        (List(a), List(b)) => return compare_sequences(objects, &a.snapshot(), &b.snapshot(), op),
        (Set(a) | FrozenSet(a), Set(b) | FrozenSet(b)) => {
            let eq = &mut |x: &Value, y: &Value| identical_or_equal(objects, x, y);
            return Ok(match op {
                Comparison::Lt => a.len() < b.len() && a.is_subset(b, eq)?,
                Comparison::Le => a.is_subset(b, eq)?,
                Comparison::Gt => a.len() > b.len() && b.is_subset(a, eq)?,
                _ => b.is_subset(a, eq)?,
            });
        }
        _ => return Err(unorderable(left, right, op)),
    };
    Ok(match ordering {
        Option::None => false,
        Some(ordering) => match op {
            Comparison::Lt => ordering == Ordering::Less,
            Comparison::Le => ordering != Ordering::Greater,
            Comparison::Gt => ordering == Ordering::Greater,
            _ => ordering != Ordering::Less,
        },
    })
}

/// Lexicographic comparison: the first unequal pair decides, else length.
fn compare_sequences(
    objects: &mut dyn ObjectProtocol,
    left: &[Value],
    right: &[Value],
    op: Comparison,
) -> Result<bool> {
    let _guard = NestingGuard::enter()?;
    for (a, b) in left.iter().zip(right) {
        if !identical_or_equal(objects, a, b)? {
            return compare(objects, a, b, op);
        }
    }
    let ordering = left.len().cmp(&right.len());
    Ok(match op {
        Comparison::Lt => ordering == Ordering::Less,
        Comparison::Le => ordering != Ordering::Greater,
        Comparison::Gt => ordering == Ordering::Greater,
        _ => ordering != Ordering::Less,
    })
}

pub fn unorderable(left: &Value, right: &Value, op: Comparison) -> Error {
    Error::type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        left.type_name(),
        right.type_name()
    ))
}

/// A total order for sorting builtin values, raising where Python would.
pub fn less_than(objects: &mut dyn ObjectProtocol, left: &Value, right: &Value) -> Result<bool> {
    compare(objects, left, right, Comparison::Lt)
}

/// Whether a float holds an integral value that fits in an i64.
pub fn float_as_exact_i64(value: f64) -> Option<i64> {
    if value.fract() == 0.0 && (-9.223372036854776e18..9.223372036854776e18).contains(&value) {
        value.to_i64()
    } else {
        None
    }
}
