//! Arithmetic on int, bool and float with Python's semantics: ints never
//! overflow (i64 results promote to big ints), division floors, `%` takes
//! the divisor's sign, and errors carry CPython's messages.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::ast::BinaryOp;
use crate::error::{Error, Result};
use crate::object::exception::ExcKind;
use crate::value::Value;

/// A numeric operand after widening bool to int.
pub enum Numeric {
    Int(BigInt),
    Float(f64),
}

pub fn to_numeric(value: &Value) -> Option<Numeric> {
    match value {
        Value::Int(i) => Some(Numeric::Int(BigInt::from(*i))),
        Value::Bool(b) => Some(Numeric::Int(BigInt::from(*b as i64))),
        Value::BigInt(b) => Some(Numeric::Int((**b).clone())),
        Value::Float(f) => Some(Numeric::Float(*f)),
        _ => None,
    }
}

/// An int as a float, or OverflowError when it is too large.
pub fn int_to_float(value: &BigInt) -> Result<f64> {
    match value.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => Err(Error::overflow("int too large to convert to float")),
    }
}

/// A numeric value as a float (for `float op int`).
pub fn value_to_float(value: &Value) -> Option<Result<f64>> {
    match value {
        Value::Float(f) => Some(Ok(*f)),
        Value::Int(i) => Some(Ok(*i as f64)),
        Value::Bool(b) => Some(Ok(*b as i64 as f64)),
        Value::BigInt(b) => Some(int_to_float(b)),
        _ => None,
    }
}

/// Fast path for an int result of two machine ints; None when the result
/// needs the general path (overflow, a float result, an error).
#[inline(always)]
pub fn small_int_result(op: BinaryOp, a: i64, b: i64) -> Option<i64> {
    match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul => a.checked_mul(b),
        BinaryOp::TrueDiv | BinaryOp::MatMul => None,
        _ => match small_int_op(op, a, b) {
            Some(Value::Int(result)) => Some(result),
            _ => None,
        },
    }
}

/// Fast path: both operands are machine ints; None when the result needs
/// the general path (overflow, a float result, an error).
#[inline(always)]
pub fn small_int_op(op: BinaryOp, a: i64, b: i64) -> Option<Value> {
    let result = match op {
        BinaryOp::Add => a.checked_add(b)?,
        BinaryOp::Sub => a.checked_sub(b)?,
        BinaryOp::Mul => a.checked_mul(b)?,
        BinaryOp::FloorDiv => {
            if b == 0 || (a == i64::MIN && b == -1) {
                return None;
            }
            let quotient = a / b;
            if a % b != 0 && ((a < 0) != (b < 0)) { quotient - 1 } else { quotient }
        }
        BinaryOp::Mod => {
            if b == 0 || (a == i64::MIN && b == -1) {
                return None;
            }
            let remainder = a % b;
            if remainder != 0 && ((remainder < 0) != (b < 0)) { remainder + b } else { remainder }
        }
        BinaryOp::BitAnd => a & b,
        BinaryOp::BitOr => a | b,
        BinaryOp::BitXor => a ^ b,
        BinaryOp::LShift => {
            if !(0..64).contains(&b) {
                return None;
            }
            let shifted = a.checked_shl(b as u32)?;
            if shifted >> b != a {
                return None;
            }
            shifted
        }
        BinaryOp::RShift => {
            if b < 0 {
                return None;
            }
            a >> b.min(63)
        }
        BinaryOp::TrueDiv => {
            if b == 0 || a.unsigned_abs() >= (1 << 53) || b.unsigned_abs() >= (1 << 53) {
                return None;
            }
            return Some(Value::Float(a as f64 / b as f64));
        }
        BinaryOp::Pow => {
            if !(0..64).contains(&b) {
                return None;
            }
            a.checked_pow(b as u32)?
        }
        BinaryOp::MatMul => return None,
    };
    Some(Value::Int(result))
}

/// A binary operation on two numbers of any builtin numeric type; None if
/// either operand is not a number (the caller then tries other types).
pub fn binary_op(op: BinaryOp, left: &Value, right: &Value) -> Option<Result<Value>> {
    let (a, b) = (to_numeric(left)?, to_numeric(right)?);
    Some(match (a, b) {
        (Numeric::Int(a), Numeric::Int(b)) => int_op(op, &a, &b),
        (Numeric::Float(a), Numeric::Float(b)) => float_op(op, a, b),
        (Numeric::Int(a), Numeric::Float(b)) => {
            if is_bitwise(op) {
                return None;
            }
            int_to_float(&a).and_then(|a| float_op(op, a, b))
        }
        (Numeric::Float(a), Numeric::Int(b)) => {
            if is_bitwise(op) {
                return None;
            }
            int_to_float(&b).and_then(|b| float_op(op, a, b))
        }
    })
}

fn is_bitwise(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor | BinaryOp::LShift | BinaryOp::RShift | BinaryOp::MatMul
    )
}

pub fn int_op(op: BinaryOp, a: &BigInt, b: &BigInt) -> Result<Value> {
    Ok(match op {
        BinaryOp::Add => Value::from_bigint(a + b),
        BinaryOp::Sub => Value::from_bigint(a - b),
        BinaryOp::Mul => Value::from_bigint(a * b),
        BinaryOp::FloorDiv => {
            if b.is_zero() {
                return Err(Error::zero_division("integer division or modulo by zero"));
            }
            Value::from_bigint(a.div_floor(b))
        }
        BinaryOp::Mod => {
            if b.is_zero() {
                return Err(Error::zero_division("integer modulo by zero"));
            }
            Value::from_bigint(a.mod_floor(b))
        }
        BinaryOp::TrueDiv => {
            if b.is_zero() {
                return Err(Error::zero_division("division by zero"));
            }
            Value::Float(int_true_divide(a, b)?)
        }
        BinaryOp::Pow => return int_pow(a, b),
        BinaryOp::BitAnd => Value::from_bigint(a & b),
        BinaryOp::BitOr => Value::from_bigint(a | b),
        BinaryOp::BitXor => Value::from_bigint(a ^ b),
        BinaryOp::LShift => {
            if b.is_negative() {
                return Err(Error::value_error("negative shift count"));
            }
            let Some(shift) = b.to_usize().filter(|&s| s <= 1 << 32) else {
                return Err(Error::new(ExcKind::OverflowError, "too many digits in integer"));
            };
            if a.is_zero() {
                return Ok(Value::Int(0));
            }
            Value::from_bigint(a << shift)
        }
        BinaryOp::RShift => {
            if b.is_negative() {
                return Err(Error::value_error("negative shift count"));
            }
            match b.to_usize() {
                Some(shift) => Value::from_bigint(a >> shift),
                None => Value::Int(if a.is_negative() { -1 } else { 0 }),
            }
        }
        BinaryOp::MatMul => {
            return Err(Error::type_error("unsupported operand type(s) for @: 'int' and 'int'"));
        }
    })
}

/// `a / b` for ints, correctly rounded like CPython's long_true_divide
/// in the common range.
fn int_true_divide(a: &BigInt, b: &BigInt) -> Result<f64> {
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64())
        && x.unsigned_abs() < (1 << 53)
        && y.unsigned_abs() < (1 << 53)
    {
        return Ok(x as f64 / y as f64);
    }
    // Scale so the quotient keeps 64+ significant bits, then round once.
    let shift = (a.bits() as i64 - b.bits() as i64 - 66).max(-(1 << 20));
    let (numerator, denominator) =
        if shift >= 0 { (a.clone(), b << shift as usize) } else { (a << (-shift) as usize, b.clone()) };
    let (quotient, remainder) = numerator.div_rem(&denominator);
    // A sticky bit keeps the rounding of the final conversion correct.
    let quotient = (quotient << 1usize)
        + if remainder.is_zero() { BigInt::zero() } else { BigInt::one() * quotient_sign(&numerator, &denominator) };
    let value = quotient.to_f64().unwrap_or(f64::INFINITY) * 2f64.powi((shift - 1) as i32);
    if value.is_infinite() {
        return Err(Error::overflow("integer division result too large for a float"));
    }
    Ok(value)
}

fn quotient_sign(a: &BigInt, b: &BigInt) -> BigInt {
    if a.is_negative() != b.is_negative() { -BigInt::one() } else { BigInt::one() }
}

fn int_pow(base: &BigInt, exponent: &BigInt) -> Result<Value> {
    if exponent.is_negative() {
        if base.is_zero() {
            return Err(Error::zero_division("0.0 cannot be raised to a negative power"));
        }
        let base = int_to_float(base)?;
        let exponent = exponent.to_f64().unwrap_or(f64::NEG_INFINITY);
        return float_op(BinaryOp::Pow, base, exponent);
    }
    if base.is_zero() || base.is_one() {
        return Ok(Value::from_bigint(if exponent.is_zero() { BigInt::one() } else { base.clone() }));
    }
    if *base == -BigInt::one() {
        return Ok(Value::Int(if exponent.is_even() { 1 } else { -1 }));
    }
    let Some(exponent) = exponent.to_u32().filter(|&e| (e as u64) * base.bits() <= 1 << 34) else {
        return Err(Error::new(ExcKind::MemoryError, ""));
    };
    Ok(Value::from_bigint(num_traits::pow(base.clone(), exponent as usize)))
}

pub fn float_op(op: BinaryOp, a: f64, b: f64) -> Result<Value> {
    Ok(Value::Float(match op {
        BinaryOp::Add => a + b,
        BinaryOp::Sub => a - b,
        BinaryOp::Mul => a * b,
        BinaryOp::TrueDiv => {
            if b == 0.0 {
                return Err(Error::zero_division("float division by zero"));
            }
            a / b
        }
        BinaryOp::FloorDiv => {
            if b == 0.0 {
                return Err(Error::zero_division("float floor division by zero"));
            }
            float_divmod(a, b).0
        }
        BinaryOp::Mod => {
            if b == 0.0 {
                return Err(Error::zero_division("float modulo"));
            }
            float_divmod(a, b).1
        }
        BinaryOp::Pow => return float_pow(a, b),
        _ => {
            return Err(Error::type_error(format!(
                "unsupported operand type(s) for {}: 'float' and 'float'",
                op.symbol()
            )));
        }
    }))
}

/// CPython's float_divmod: floor quotient and a remainder with the
/// divisor's sign.
pub fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut remainder = a % b;
    let mut division = (a - remainder) / b;
    if remainder != 0.0 {
        if (b < 0.0) != (remainder < 0.0) {
            remainder += b;
            division -= 1.0;
        }
    } else {
        remainder = 0.0f64.copysign(b);
    }
    let quotient = if division != 0.0 {
        let mut floor = division.floor();
        if division - floor > 0.5 {
            floor += 1.0;
        }
        floor
    } else {
        0.0f64.copysign(a / b)
    };
    (quotient, remainder)
}

fn float_pow(a: f64, b: f64) -> Result<Value> {
    if a == 0.0 && b < 0.0 && b.is_finite() {
        return Err(Error::zero_division("0.0 cannot be raised to a negative power"));
    }
    if a < 0.0 && b.fract() != 0.0 && b.is_finite() {
        return Err(Error::value_error("complex numbers are not supported"));
    }
    let result = a.powf(b);
    if result.is_infinite() && a.is_finite() && b.is_finite() {
        return Err(Error::overflow("(34, 'Numerical result out of range')"));
    }
    Ok(Value::Float(result))
}

/// `-x`, `+x`, `~x` on numbers; None for other types.
pub fn unary_op(op: crate::ast::UnaryOp, value: &Value) -> Option<Value> {
    use crate::ast::UnaryOp;
    Some(match (op, value) {
        (UnaryOp::Neg, Value::Int(i)) => match i.checked_neg() {
            Some(n) => Value::Int(n),
            None => Value::from_bigint(-BigInt::from(*i)),
        },
        (UnaryOp::Neg, Value::Bool(b)) => Value::Int(-(*b as i64)),
        (UnaryOp::Neg, Value::BigInt(b)) => Value::from_bigint(-(**b).clone()),
        (UnaryOp::Neg, Value::Float(f)) => Value::Float(-f),
        (UnaryOp::Pos, Value::Int(_) | Value::BigInt(_) | Value::Float(_)) => value.clone(),
        (UnaryOp::Pos, Value::Bool(b)) => Value::Int(*b as i64),
        (UnaryOp::Invert, Value::Int(i)) => Value::Int(!i),
        (UnaryOp::Invert, Value::Bool(b)) => Value::Int(!(*b as i64)),
        (UnaryOp::Invert, Value::BigInt(b)) => Value::from_bigint(-(**b).clone() - 1),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: &Value) -> i64 {
        v.as_i64().unwrap()
    }

    #[test]
    fn floor_division_and_modulo_follow_python() {
        assert_eq!(int(&small_int_op(BinaryOp::FloorDiv, -7, 2).unwrap()), -4);
        assert_eq!(int(&small_int_op(BinaryOp::FloorDiv, 7, -2).unwrap()), -4);
        assert_eq!(int(&small_int_op(BinaryOp::Mod, -7, 2).unwrap()), 1);
        assert_eq!(int(&small_int_op(BinaryOp::Mod, 7, -2).unwrap()), -1);
        assert!(small_int_op(BinaryOp::Add, i64::MAX, 1).is_none());
        let big = binary_op(BinaryOp::Add, &Value::Int(i64::MAX), &Value::Int(1)).unwrap().unwrap();
        assert!(matches!(big, Value::BigInt(_)));
    }

    #[test]
    fn float_division_modes() {
        assert_eq!(float_divmod(-7.0, 2.0), (-4.0, 1.0));
        assert_eq!(float_divmod(7.5, -2.0), (-4.0, -0.5));
    }
}
