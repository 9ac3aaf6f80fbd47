//! Python's hash functions for the builtin types. Numbers hash exactly as
//! in CPython (`hash(1) == hash(1.0) == hash(True)`, and the values decide
//! set layout, hence printing order); tuples use CPython's xxHash mix.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::error::{Error, Result};
use crate::object::compare::ObjectProtocol;
use crate::value::Value;

/// Numeric hashes are reduced modulo this Mersenne prime (2**61 - 1).
const MODULUS: u64 = (1 << 61) - 1;
const BITS: u32 = 61;
/// `hash(float('inf'))`
const INFINITY_HASH: i64 = 314159;

pub fn hash_int(value: i64) -> i64 {
    let magnitude = (value.unsigned_abs() % MODULUS) as i64;
    let hash = if value < 0 { -magnitude } else { magnitude };
    if hash == -1 { -2 } else { hash }
}

pub fn hash_bigint(value: &BigInt) -> i64 {
    if let Some(small) = value.to_i64() {
        return hash_int(small);
    }
    let magnitude = (value.magnitude() % MODULUS).to_u64().unwrap_or(0) as i64;
    let hash = if value.sign() == Sign::Minus { -magnitude } else { magnitude };
    if hash == -1 { -2 } else { hash }
}

/// CPython's `_Py_HashDouble`: equal to the int hash for integral floats.
pub fn hash_float(value: f64) -> i64 {
    if value.is_nan() {
        return 0;
    }
    if value.is_infinite() {
        return if value > 0.0 { INFINITY_HASH } else { -INFINITY_HASH };
    }
    let (mut mantissa, mut exponent) = frexp(value);
    let mut sign = 1i64;
    if mantissa < 0.0 {
        sign = -1;
        mantissa = -mantissa;
    }
    let mut x: u64 = 0;
    while mantissa != 0.0 {
        x = ((x << 28) & MODULUS) | x >> (BITS - 28);
        mantissa *= 268435456.0;
        exponent -= 28;
        let integer = mantissa as u64;
        mantissa -= integer as f64;
        x += integer;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let exponent = if exponent >= 0 { exponent as u32 % BITS } else { BITS - 1 - ((-1 - exponent) as u32 % BITS) };
    x = ((x << exponent) & MODULUS) | x >> (BITS - exponent);
    let hash = (x as i64).wrapping_mul(sign);
    if hash == -1 { -2 } else { hash }
}

/// Splits a finite float into a mantissa in [0.5, 1) and a power of two.
fn frexp(value: f64) -> (f64, i32) {
    if value == 0.0 {
        return (value, 0);
    }
    let bits = value.to_bits();
    let exponent_bits = ((bits >> 52) & 0x7ff) as i32;
    if exponent_bits == 0 {
        // Subnormal: scale up into the normal range first.
        let (mantissa, exponent) = frexp(value * 2f64.powi(64));
        return (mantissa, exponent - 64);
    }
    let exponent = exponent_bits - 1022;
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent)
}

/// CPython 3.11's tuple hash (an xxHash variant) over element hashes.
pub fn hash_tuple(element_hashes: impl ExactSizeIterator<Item = i64>) -> i64 {
    const PRIME_1: u64 = 11400714785074694791;
    const PRIME_2: u64 = 14029467366897019727;
    const PRIME_5: u64 = 2870177450012600261;
    let length = element_hashes.len() as u64;
    let mut accumulator = PRIME_5;
    for lane in element_hashes {
        accumulator = accumulator.wrapping_add((lane as u64).wrapping_mul(PRIME_2));
        accumulator = accumulator.rotate_left(31);
        accumulator = accumulator.wrapping_mul(PRIME_1);
    }
    accumulator = accumulator.wrapping_add(length ^ (PRIME_5 ^ 3527539));
    if accumulator == u64::MAX { 1546275796 } else { accumulator as i64 }
}

/// A hash derived from an object's address, for types hashed by identity.
pub fn hash_address(address: usize) -> i64 {
    let hash = (address >> 4 | address << (usize::BITS - 4)) as i64;
    if hash == -1 { -2 } else { hash }
}

/// The hash of a builtin value; mutable containers are unhashable.
pub fn hash_value(objects: &mut dyn ObjectProtocol, value: &Value) -> Result<i64> {
    Ok(match value {
        Value::Int(i) => hash_int(*i),
        Value::Bool(b) => *b as i64,
        Value::BigInt(b) => hash_bigint(b),
        Value::Float(f) => hash_float(*f),
        Value::Str(s) => s.hash(),
        Value::Bytes(b) => b.hash(),
        Value::None => 0xFCA86420,
        Value::Ellipsis => 0xFCA86421,
        Value::NotImplemented => 0xFCA86422,
        Value::Tuple(tuple) => {
            let hashes = tuple.items.iter().map(|item| hash_value(objects, item)).collect::<Result<Vec<i64>>>()?;
            hash_tuple(hashes.into_iter())
        }
        Value::FrozenSet(set) => set.table.borrow().frozenset_hash(),
        Value::Range(range) => {
            let length = range.length();
            let [start, _, step] = range.bounds();
            let parts = [
                hash_bigint(&length),
                if length == BigInt::from(0) { 0 } else { hash_bigint(&start) },
                if length <= BigInt::from(1) { 0 } else { hash_bigint(&step) },
            ];
            hash_tuple(parts.into_iter())
        }
        Value::List(_)
        | Value::Dict(_)
        | Value::Set(_)
        | Value::Slice(_)
        | Value::DictView(_)
        | Value::ByteArray(_) => {
            return Err(Error::type_error(format!("unhashable type: '{}'", value.type_name())));
        }
        Value::Instance(_) => objects.object_hash(value)?,
        other => hash_address(other.object_address().unwrap_or(0)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_hash_like_cpython() {
        assert_eq!(hash_int(-1), -2);
        assert_eq!(hash_int(1 << 61), 1);
        assert_eq!(hash_float(1.5), 1152921504606846977);
        assert_eq!(hash_float(-2.0), -2);
        assert_eq!(hash_float(0.1), 230584300921369408);
        assert_eq!(hash_float(1e300), 1224995262755759164);
        assert_eq!(hash_bigint(&(BigInt::from(1) << 70)), 512);
    }

    #[test]
    fn tuples_hash_like_cpython() {
        assert_eq!(hash_tuple([].into_iter()), 5740354900026072187);
        assert_eq!(hash_tuple([1i64, 2].into_iter()), -3550055125485641917);
    }
}
