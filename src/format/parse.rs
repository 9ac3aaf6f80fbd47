//! `float(str)`, `int(str, base)` and `str(int)`.

use std::borrow::Cow;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use super::{FormatError, INT_MAX_STR_DIGITS, is_c_space, to_ascii_number_text};

// ---------------------------------------------------------------------------
// float(str)
// ---------------------------------------------------------------------------

/// `float(s)` for a string (CPython's `PyFloat_FromString`): surrounding
/// whitespace (including Unicode spaces), an optional sign, decimal digits
/// with an optional point and exponent (`.5`, `5.`, `1e-3`; at least one
/// mantissa digit), Unicode decimal digits, single underscores between
/// digits, and `inf` / `infinity` / `nan` in any case. Overflow gives an
/// infinity and underflow a (signed) zero, as in CPython. Returns `None`
/// for anything else; the caller raises
/// `ValueError: could not convert string to float: <repr(s)>`.
pub fn parse_float(s: &str) -> Option<f64> {
    let text = to_ascii_number_text(s);
    let bytes = text.as_bytes();
    // Underscores are validated over the whole string, whitespace included.
    let cleaned: Cow<'_, [u8]> =
        if bytes.contains(&b'_') { Cow::Owned(remove_underscores(bytes)?) } else { Cow::Borrowed(bytes) };
    let start = cleaned.iter().position(|&b| !is_c_space(b))?;
    let end = cleaned.iter().rposition(|&b| !is_c_space(b))? + 1;
    parse_float_literal(&cleaned[start..end])
}

/// `_Py_string_to_number_with_underscores`: drop underscores that sit
/// between two digits, reject any other underscore.
fn remove_underscores(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut prev = 0u8;
    for &b in bytes {
        if b == b'_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == b'_' && !b.is_ascii_digit() {
                return None;
            }
            out.push(b);
        }
        prev = b;
    }
    (prev != b'_').then_some(out)
}

/// A stripped float literal: `[sign] (digits [. digits] | . digits) [exp]`
/// or a special value.
fn parse_float_literal(text: &[u8]) -> Option<f64> {
    let (negative, body) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let special = if body.eq_ignore_ascii_case(b"inf") || body.eq_ignore_ascii_case(b"infinity") {
        Some(f64::INFINITY)
    } else if body.eq_ignore_ascii_case(b"nan") {
        Some(f64::NAN)
    } else {
        None
    };
    if let Some(value) = special {
        // CPython keeps the sign even on a NaN (visible via math.copysign).
        return Some(if negative { -value } else { value });
    }

    let count_digits = |from: usize| body[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut pos = count_digits(0);
    let mut mantissa_digits = pos;
    if body.get(pos) == Some(&b'.') {
        let fraction = count_digits(pos + 1);
        mantissa_digits += fraction;
        pos += 1 + fraction;
    }
    if mantissa_digits == 0 {
        return None;
    }
    if matches!(body.get(pos), Some(b'e' | b'E')) {
        let mut exp_pos = pos + 1;
        if matches!(body.get(exp_pos), Some(b'+' | b'-')) {
            exp_pos += 1;
        }
        let exp_digits = count_digits(exp_pos);
        if exp_digits == 0 {
            return None;
        }
        pos = exp_pos + exp_digits;
    }
    if pos != body.len() {
        return None;
    }
    // Validated above; Rust's parser is correctly rounded like dtoa's strtod
    // and saturates huge exponents to inf / 0.0 the same way.
    std::str::from_utf8(text).ok()?.parse().ok()
}

// ---------------------------------------------------------------------------
// int(str, base) and str(int)
// ---------------------------------------------------------------------------

/// Why [`parse_int_checked`] rejected its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseIntError {
    /// The base is not 0 or 2..=36.
    InvalidBase,
    /// Not a valid literal in the base.
    InvalidLiteral,
    /// A decimal (non power-of-two base) literal with more digits than
    /// [`INT_MAX_STR_DIGITS`]; `digits` excludes sign and underscores.
    TooManyDigits { digits: usize },
}

impl ParseIntError {
    /// The `ValueError` CPython raises. `base` is the base argument as the
    /// user gave it and `input_repr` is `repr()` of the original argument
    /// (which only the caller can compute); it is cut to 200 characters
    /// like CPython's `%.200R`.
    pub fn to_format_error(&self, base: u32, input_repr: &str) -> FormatError {
        match self {
            ParseIntError::InvalidBase => FormatError::value_error("int() base must be >= 2 and <= 36, or 0"),
            ParseIntError::InvalidLiteral => {
                let shown: String = input_repr.chars().take(200).collect();
                FormatError::value_error(format!("invalid literal for int() with base {base}: {shown}"))
            }
            ParseIntError::TooManyDigits { digits } => FormatError::value_error(format!(
                "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
            )),
        }
    }
}

/// `int(s, base)` for a string, without the digit limit (see
/// [`parse_int_checked`] for the rules). Returns `None` for an invalid base
/// or literal.
pub fn parse_int(s: &str, base: u32) -> Option<BigInt> {
    parse_int_impl(s, base, false).ok()
}

/// `int(s, base)` for a string, exactly as CPython 3.11's
/// `PyLong_FromUnicodeObject`: surrounding whitespace (including Unicode
/// spaces), an optional sign, Unicode decimal digits, digits and letters
/// valid in `base` (2..=36, case-insensitive), single underscores between
/// digits and after a `0x`/`0o`/`0b` prefix (allowed when it matches the
/// base). Base 0 infers the base from the prefix and rejects non-zero
/// numbers with leading zeros (`'010'`, while `'00'` is fine).
///
/// Literals in a base that is not a power of two with more than 4300 digits
/// fail with [`ParseIntError::TooManyDigits`] (checked before trailing
/// garbage is noticed, as in CPython).
pub fn parse_int_checked(s: &str, base: u32) -> Result<BigInt, ParseIntError> {
    parse_int_impl(s, base, true)
}

/// `_PyLong_DigitValue`: the value of an ASCII digit or letter.
fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => 37,
    }
}

/// Port of CPython's `PyLong_FromString` on the ASCII-transformed text.
fn parse_int_impl(s: &str, base: u32, limit_digits: bool) -> Result<BigInt, ParseIntError> {
    use ParseIntError::InvalidLiteral;
    if base == 1 || base > 36 {
        return Err(ParseIntError::InvalidBase);
    }
    let text = to_ascii_number_text(s);
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let mut pos = bytes.iter().take_while(|&&b| is_c_space(b)).count();
    let negative = at(pos) == b'-';
    if matches!(at(pos), b'+' | b'-') {
        pos += 1;
    }

    let mut base = base;
    // "Old" C-style octal like '010' is invalid in base 0 unless it is zero.
    let mut error_if_nonzero = false;
    if base == 0 {
        base = match (at(pos), at(pos + 1)) {
            (b'0', b'x' | b'X') => 16,
            (b'0', b'o' | b'O') => 8,
            (b'0', b'b' | b'B') => 2,
            (b'0', _) => {
                error_if_nonzero = true;
                10
            }
            _ => 10,
        };
    }
    let has_prefix =
        at(pos) == b'0' && matches!((base, at(pos + 1)), (16, b'x' | b'X') | (8, b'o' | b'O') | (2, b'b' | b'B'));
    if has_prefix {
        pos += 2;
        // One underscore is allowed between the prefix and the digits.
        if at(pos) == b'_' {
            pos += 1;
        }
    }
    if at(pos) == b'_' {
        return Err(InvalidLiteral);
    }

    // Scan digits and single underscores.
    let start = pos;
    let mut digits = Vec::new();
    let mut prev = 0u8;
    while pos < bytes.len() && (digit_value(bytes[pos]) < base || bytes[pos] == b'_') {
        let b = bytes[pos];
        if b == b'_' {
            if prev == b'_' {
                return Err(InvalidLiteral);
            }
        } else {
            digits.push(b);
        }
        prev = b;
        pos += 1;
    }
    if prev == b'_' {
        return Err(InvalidLiteral);
    }
    let power_of_two = base.is_power_of_two();
    if limit_digits && !power_of_two && digits.len() > INT_MAX_STR_DIGITS {
        return Err(ParseIntError::TooManyDigits { digits: digits.len() });
    }
    if pos == start {
        return Err(InvalidLiteral);
    }
    let magnitude = BigInt::parse_bytes(&digits, base).ok_or(InvalidLiteral)?;
    if error_if_nonzero && !magnitude.is_zero() {
        return Err(InvalidLiteral);
    }
    if bytes[pos..].iter().any(|&b| !is_c_space(b)) {
        return Err(InvalidLiteral);
    }
    Ok(if negative { -magnitude } else { magnitude })
}

/// `str(x)` / `repr(x)` for an int, enforcing CPython 3.11's default limit:
/// more than 4300 decimal digits (not counting the sign) is
/// `ValueError: Exceeds the limit (4300 digits) for integer string
/// conversion; use sys.set_int_max_str_digits() to increase the limit`.
pub fn int_to_decimal_string(x: &BigInt) -> Result<String, FormatError> {
    let too_long = || {
        FormatError::value_error(format!(
            "Exceeds the limit ({INT_MAX_STR_DIGITS} digits) for integer string conversion; \
             use sys.set_int_max_str_digits() to increase the limit"
        ))
    };
    // |x| >= 2**(bits-1) >= 10**4300 certainly has too many digits; catch
    // that before the (quadratic) conversion of a huge number.
    if x.bits() > 14_300 {
        return Err(too_long());
    }
    let text = x.to_string();
    let digits = text.len() - usize::from(x.is_negative());
    if digits > INT_MAX_STR_DIGITS {
        return Err(too_long());
    }
    Ok(text)
}
