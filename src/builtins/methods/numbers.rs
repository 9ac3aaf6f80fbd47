//! Methods of `int` (which `bool` inherits) and `float`.

use std::borrow::Cow;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use super::arguments::{Signature, check_positional, clinic_type_name, receiver_error};
use super::bytes::{buffer, is_space, new_bytes};
use crate::builtins::{add_methods, expect_index};
use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(
        &types.int,
        "int",
        &[
            ("bit_length", bit_length),
            ("bit_count", bit_count),
            ("to_bytes", to_bytes),
            ("from_bytes", from_bytes),
            ("conjugate", int_conjugate),
            ("as_integer_ratio", int_as_integer_ratio),
        ],
        interner,
    );
    add_methods(
        &types.float,
        "float",
        &[
            ("is_integer", is_integer),
            ("as_integer_ratio", float_as_integer_ratio),
            ("hex", float_hex),
            ("fromhex", fromhex),
            ("conjugate", float_conjugate),
        ],
        interner,
    );
}

// ------------------------------------------------------------ int

/// The int (or bool) a method was called on, after checking that no
/// arguments follow it.
fn int_receiver<'a>(method: &str, arguments: &'a [Value], keywords: Keywords) -> Result<&'a Value> {
    match arguments.first() {
        Some(value) if value.is_int() => {
            check_positional("int", method, &arguments[1..], keywords, 0, 0)?;
            Ok(value)
        }
        _ => Err(receiver_error("int", method, arguments)),
    }
}

/// An int value with bool narrowed to int, as int's methods return it.
fn plain_int(value: &Value) -> Value {
    match value {
        Value::Bool(b) => Value::Int(*b as i64),
        other => other.clone(),
    }
}

/// `int.bit_length()`: the bits of the magnitude, without sign or zeros.
fn bit_length(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let bits = match int_receiver("bit_length", arguments, keywords)? {
        Value::BigInt(big) => big.bits(),
        small => u64::from(64 - small.as_i64().unwrap_or(0).unsigned_abs().leading_zeros()),
    };
    Ok(Value::Int(bits as i64))
}

/// `int.bit_count()`: the one bits of the magnitude.
fn bit_count(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let ones = match int_receiver("bit_count", arguments, keywords)? {
        Value::BigInt(big) => big.magnitude().count_ones(),
        small => u64::from(small.as_i64().unwrap_or(0).unsigned_abs().count_ones()),
    };
    Ok(Value::Int(ones as i64))
}

/// `int.conjugate()`: the int itself.
fn int_conjugate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    int_receiver("conjugate", arguments, keywords).map(plain_int)
}

/// `int.as_integer_ratio()`: `(n, 1)`.
fn int_as_integer_ratio(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = int_receiver("as_integer_ratio", arguments, keywords)?;
    Ok(Value::tuple(vec![plain_int(value), Value::Int(1)]))
}

/// The `byteorder` argument of `to_bytes`/`from_bytes`, type-checked
/// (whether it names a byte order is checked later, as in CPython).
fn byteorder_argument<'a>(function: &str, value: Option<&'a Value>) -> Result<&'a str> {
    match value {
        None => Ok("big"),
        Some(Value::Str(text)) => Ok(text.as_str()),
        Some(other) => Err(Error::type_error(format!(
            "{function}() argument 'byteorder' must be str, not {}",
            clinic_type_name(other)
        ))),
    }
}

fn is_little_endian(byteorder: &str) -> Result<bool> {
    match byteorder {
        "little" => Ok(true),
        "big" => Ok(false),
        _ => Err(Error::value_error("byteorder must be either 'little' or 'big'")),
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)`
fn to_bytes(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let Some(value) = arguments.first().filter(|value| value.is_int()) else {
        return Err(receiver_error("int", "to_bytes", arguments));
    };
    let signature = Signature {
        name: "to_bytes",
        parameters: ["length", "byteorder", "signed"],
        positional_only: 0,
        required: 0,
        keyword_only: 1,
    };
    let [length, byteorder, signed] = signature.bind(&arguments[1..], keywords)?;
    let length = match &length {
        Some(length) => expect_index(length)?,
        None => 1,
    };
    let byteorder = byteorder_argument("to_bytes", byteorder.as_ref())?;
    let signed = match &signed {
        Some(flag) => vm.is_true(flag)?,
        None => false,
    };
    let little_endian = is_little_endian(byteorder)?;
    let Ok(length) = usize::try_from(length) else {
        return Err(Error::value_error("length argument must be non-negative"));
    };
    // CPython allocates the result before converting, so an impossible
    // length is a MemoryError even for a value that would not fit.
    let mut data = buffer(length)?;
    let value = value.to_bigint().unwrap_or_default();
    if value.is_negative() && !signed {
        return Err(Error::overflow("can't convert negative int to unsigned"));
    }
    // Two's complement needs a sign bit above the magnitude; -2**(n-1) fits
    // in n bits, so a negative v is measured as -v - 1. As in CPython, 0
    // and -1 (all sign bits) even fit in no bytes at all.
    let needed_bits = if signed {
        let magnitude = if value.is_negative() { -&value - 1u8 } else { value.clone() };
        if magnitude.is_zero() { 0 } else { magnitude.bits() + 1 }
    } else {
        value.bits()
    };
    if u128::from(needed_bits) > 8 * length as u128 {
        return Err(Error::overflow("int too big to convert"));
    }
    // Minimal little-endian digits, then sign extension up to the length
    // (or trimming down to nothing for 0 and -1 in zero bytes).
    let (digits, fill) =
        if value.is_negative() { (value.to_signed_bytes_le(), 0xff) } else { (value.magnitude().to_bytes_le(), 0) };
    data.extend_from_slice(&digits[..digits.len().min(length)]);
    data.resize(length, fill);
    if !little_endian {
        data.reverse();
    }
    Ok(new_bytes(data))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`, called on
/// the class.
fn from_bytes(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    // Called on an int (`(5).from_bytes(...)`), the int comes first. Data
    // is never an int (not iterable) nor a str, and byteorder is a str, so
    // an int followed by data is a receiver.
    let receiver = match arguments {
        [first, rest @ ..] if first.is_int() => {
            let data_follows = match rest.first() {
                Some(next) => !matches!(next, Value::Str(_)),
                None => keywords.iter().any(|(key, _)| key.as_str() == "bytes"),
            };
            data_follows.then_some(first)
        }
        _ => None,
    };
    let arguments = if receiver.is_some() { &arguments[1..] } else { arguments };
    let signature = Signature {
        name: "from_bytes",
        parameters: ["bytes", "byteorder", "signed"],
        positional_only: 0,
        required: 1,
        keyword_only: 1,
    };
    let [data, byteorder, signed] = signature.bind(arguments, keywords)?;
    let byteorder = byteorder_argument("from_bytes", byteorder.as_ref())?;
    let signed = match &signed {
        Some(flag) => vm.is_true(flag)?,
        None => false,
    };
    let little_endian = is_little_endian(byteorder)?;
    // `bytes` is required, so binding made sure it is there.
    let data = bytes_of(vm, data.as_ref().unwrap_or(&Value::None))?;
    let value = match (signed, little_endian) {
        (false, false) => BigInt::from_bytes_be(Sign::Plus, &data),
        (false, true) => BigInt::from_bytes_le(Sign::Plus, &data),
        (true, false) => BigInt::from_signed_bytes_be(&data),
        (true, true) => BigInt::from_signed_bytes_le(&data),
    };
    // `True.from_bytes(...)` builds a bool, the receiver's class.
    if let Some(Value::Bool(_)) = receiver {
        return Ok(Value::Bool(!value.is_zero()));
    }
    Ok(Value::from_bigint(value))
}

/// CPython's `bytes(x)` as `from_bytes` applies it: bytes as they are, or
/// an iterable of ints in range(256).
fn bytes_of<'a>(vm: &mut Vm, value: &'a Value) -> Result<Cow<'a, [u8]>> {
    let cannot_convert = || Error::type_error(format!("cannot convert '{}' object to bytes", value.type_name()));
    match value {
        Value::Bytes(bytes) => return Ok(Cow::Borrowed(bytes.as_bytes())),
        Value::Str(_) => return Err(cannot_convert()),
        _ => {}
    }
    let iterator = vm.get_iter(value.clone()).map_err(|_| cannot_convert())?;
    let mut data = Vec::new();
    while let Some(item) = vm.next_item(&iterator)? {
        let byte = match &item {
            // Out of range either way; CPython clamps big ints first.
            Value::BigInt(_) => None,
            other => u8::try_from(expect_index(other)?).ok(),
        };
        data.push(byte.ok_or_else(|| Error::value_error("bytes must be in range(0, 256)"))?);
    }
    Ok(Cow::Owned(data))
}

// ------------------------------------------------------------ float

/// The float a method was called on, after checking that no arguments
/// follow it.
fn float_receiver(method: &str, arguments: &[Value], keywords: Keywords) -> Result<f64> {
    match arguments.first() {
        Some(Value::Float(x)) => {
            check_positional("float", method, &arguments[1..], keywords, 0, 0)?;
            Ok(*x)
        }
        _ => Err(receiver_error("float", method, arguments)),
    }
}

/// The parts of a finite float: `(mantissa, exponent)` with
/// `|x| == mantissa * 2**exponent`.
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) }
}

/// `float.is_integer()`
fn is_integer(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = float_receiver("is_integer", arguments, keywords)?;
    Ok(Value::Bool(x.is_finite() && x.fract() == 0.0))
}

/// `float.conjugate()`: the float itself.
fn float_conjugate(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    float_receiver("conjugate", arguments, keywords).map(Value::Float)
}

/// `float.as_integer_ratio()`: the exact value as a fraction in lowest
/// terms with a positive denominator.
fn float_as_integer_ratio(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = float_receiver("as_integer_ratio", arguments, keywords)?;
    if x.is_nan() {
        return Err(Error::value_error("cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(Error::overflow("cannot convert Infinity to integer ratio"));
    }
    if x == 0.0 {
        return Ok(Value::tuple(vec![Value::Int(0), Value::Int(1)]));
    }
    let (mut mantissa, mut exponent) = decompose(x);
    // The denominator is a power of two: cancel common factors of two.
    if exponent < 0 {
        let common = mantissa.trailing_zeros().min(exponent.unsigned_abs() as u32);
        mantissa >>= common;
        exponent += i64::from(common);
    }
    let mut numerator = BigInt::from(mantissa) << exponent.max(0) as usize;
    if x < 0.0 {
        numerator = -numerator;
    }
    let denominator = BigInt::from(1) << (-exponent).max(0) as usize;
    Ok(Value::tuple(vec![Value::from_bigint(numerator), Value::from_bigint(denominator)]))
}

/// `float.hex()`: `[-]0x1.<13 hex digits>p<exponent>`, with a leading 0
/// for subnormals.
fn float_hex(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let x = float_receiver("hex", arguments, keywords)?;
    if !x.is_finite() {
        return Ok(Value::from_string(crate::format::float_repr(x)));
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return Ok(Value::from_string(format!("{sign}0x0.0p+0")));
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (lead, exponent) = if biased == 0 { (0, -1022) } else { (1, biased - 1023) };
    Ok(Value::from_string(format!("{sign}0x{lead}.{fraction:013x}p{exponent:+}")))
}

/// `float.fromhex(string)`, called on the class.
fn fromhex(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    // Called on a float, the float comes first.
    let arguments = match arguments {
        [Value::Float(_), rest @ ..] if !rest.is_empty() => rest,
        _ => arguments,
    };
    check_positional("float", "fromhex", arguments, keywords, 1, 1)?;
    let Value::Str(text) = &arguments[0] else {
        return Err(Error::type_error("bad argument type for built-in operation"));
    };
    parse_hex_float(text.as_str()).map(Value::Float)
}

/// Bounds of C's `long`, which CPython's parser saturates exponents to.
const LONG_HALF: i64 = i64::MAX / 2;
const MIN_EXPONENT: i64 = -1021; // DBL_MIN_EXP
const MAX_EXPONENT: i64 = 1024; // DBL_MAX_EXP
const MANTISSA_DIGITS: i64 = 53; // DBL_MANT_DIG

/// CPython's `float_fromhex`: `[sign] ['0x'] digits ['.' digits]
/// ['p' exponent]` between optional whitespace, or inf/nan; rounded half
/// to even.
fn parse_hex_float(text: &str) -> Result<f64> {
    let invalid = || Error::value_error("invalid hexadecimal floating-point string");
    let too_large = || Error::overflow("hexadecimal value too large to represent as a float");
    let s = text.as_bytes();
    let mut i = s.iter().take_while(|&&byte| is_space(byte)).count();

    let (magnitude, negate) = if let Some((value, length)) = parse_inf_or_nan(&s[i..]) {
        i += length;
        (value, false)
    } else {
        let negate = s.get(i) == Some(&b'-');
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if s.get(i) == Some(&b'0') && matches!(s.get(i + 1), Some(b'x' | b'X')) {
            i += 2;
        }
        // The coefficient's digits, most significant first.
        let hex_digit = |byte: Option<&u8>| byte.and_then(|&b| (b as char).to_digit(16));
        let mut digits = Vec::new();
        while let Some(digit) = hex_digit(s.get(i)) {
            digits.push(digit);
            i += 1;
        }
        let mut fraction_digits = 0i64;
        if s.get(i) == Some(&b'.') {
            i += 1;
            while let Some(digit) = hex_digit(s.get(i)) {
                digits.push(digit);
                fraction_digits += 1;
                i += 1;
            }
        }
        if digits.is_empty() {
            return Err(invalid());
        }
        let limit = (MIN_EXPONENT - MANTISSA_DIGITS + LONG_HALF + 1).min(LONG_HALF + 1 - MAX_EXPONENT) / 4;
        if digits.len() as i64 > limit {
            return Err(Error::value_error("hexadecimal string too long to convert"));
        }
        let mut exponent = 0i64;
        if matches!(s.get(i), Some(b'p' | b'P')) {
            i += 1;
            let negative = s.get(i) == Some(&b'-');
            if matches!(s.get(i), Some(b'-' | b'+')) {
                i += 1;
            }
            if !s.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(invalid());
            }
            // Like C's strtol, saturating.
            while let Some(digit) = s.get(i).filter(|b| b.is_ascii_digit()) {
                let digit = i64::from(digit - b'0');
                exponent = exponent.saturating_mul(10).saturating_add(if negative { -digit } else { digit });
                i += 1;
            }
        }
        (scale_hex_digits(&digits, fraction_digits, exponent).ok_or_else(too_large)?, negate)
    };
    if s[i..].iter().any(|&byte| !is_space(byte)) {
        return Err(invalid());
    }
    Ok(if negate { -magnitude } else { magnitude })
}

/// `[+-]inf`, `[+-]infinity` or `[+-]nan` in any case: the value and the
/// length matched.
fn parse_inf_or_nan(s: &[u8]) -> Option<(f64, usize)> {
    let (negative, sign_length) = match s.first() {
        Some(b'-') => (true, 1),
        Some(b'+') => (false, 1),
        _ => (false, 0),
    };
    let rest = &s[sign_length..];
    let starts_with = |word: &[u8]| rest.len() >= word.len() && rest[..word.len()].eq_ignore_ascii_case(word);
    let (value, length) = if starts_with(b"infinity") {
        (f64::INFINITY, 8)
    } else if starts_with(b"inf") {
        (f64::INFINITY, 3)
    } else if starts_with(b"nan") {
        (f64::NAN, 3)
    } else {
        return None;
    };
    Some((if negative { -value } else { value }, sign_length + length))
}

/// The value of hex `digits` (most significant first, the last
/// `fraction_digits` after the point) times 2**exponent, correctly
/// rounded; None when it overflows.
fn scale_hex_digits(digits: &[u32], fraction_digits: i64, exponent: i64) -> Option<f64> {
    // digit(j): the j-th least significant digit.
    let digit = |j: i64| digits[digits.len() - 1 - j as usize];
    let mut count = digits.len() as i64;
    while count > 0 && digit(count - 1) == 0 {
        count -= 1;
    }
    if count == 0 || exponent < -LONG_HALF - 1 {
        return Some(0.0);
    }
    if exponent > LONG_HALF {
        return None;
    }
    let exponent = exponent - 4 * fraction_digits;
    // One more than the exponent of the most significant bit.
    let top_exponent = exponent + 4 * (count - 1) + i64::from(32 - digit(count - 1).leading_zeros());
    if top_exponent < MIN_EXPONENT - MANTISSA_DIGITS {
        return Some(0.0);
    }
    if top_exponent > MAX_EXPONENT {
        return None;
    }
    // The exponent of the least significant bit the result can keep.
    let lsb = top_exponent.max(MIN_EXPONENT) - MANTISSA_DIGITS;
    if exponent >= lsb {
        // Exact: every digit fits.
        let x = (0..count).rev().fold(0.0, |x, j| 16.0 * x + f64::from(digit(j)));
        return Some(scale_by_power_of_two(x, exponent));
    }
    // The digit holding the first bit rounded away, and that bit.
    let half_eps = 1u32 << ((lsb - exponent - 1) % 4);
    let key_digit = (lsb - exponent - 1) / 4;
    let mut x = (key_digit + 1..count).rev().fold(0.0, |x, j| 16.0 * x + f64::from(digit(j)));
    let key = digit(key_digit);
    x = 16.0 * x + f64::from(key & (16 - 2 * half_eps));
    if key & half_eps != 0 {
        // Round half to even: up when above half, or exactly half with
        // the kept lowest bit odd.
        let odd = if half_eps == 8 {
            key_digit + 1 < count && digit(key_digit + 1) & 1 != 0
        } else {
            key & (2 * half_eps) != 0
        };
        let round_up = key & (half_eps - 1) != 0 || odd || (0..key_digit).any(|j| digit(j) != 0);
        if round_up {
            x += f64::from(2 * half_eps);
            if top_exponent == MAX_EXPONENT && x == scale_by_power_of_two(f64::from(2 * half_eps), MANTISSA_DIGITS) {
                return None;
            }
        }
    }
    Some(scale_by_power_of_two(x, exponent + 4 * key_digit))
}

/// C's `ldexp`: `x * 2**exponent`, in steps whose factors are normal
/// floats, so no step rounds when the result is representable.
fn scale_by_power_of_two(mut x: f64, mut exponent: i64) -> f64 {
    let power = |e: i64| f64::from_bits(((e + 1023) as u64) << 52);
    while exponent > 1000 {
        x *= power(1000);
        exponent -= 1000;
    }
    while exponent < -1000 {
        x *= power(-1000);
        exponent += 1000;
    }
    x * power(exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_floats_round_half_to_even() {
        assert_eq!(parse_hex_float("0x1.00000000000008p0").ok(), Some(1.0));
        assert_eq!(parse_hex_float("0x1.00000000000018p0").ok(), Some(1.0000000000000004));
        assert_eq!(parse_hex_float("0x1.8p-1074").ok(), Some(1e-323));
        assert_eq!(parse_hex_float("0x3p-1076").ok(), Some(5e-324));
        assert!(parse_hex_float("0x1.fffffffffffff8p1023").is_err());
    }
}
