//! `repr(float)`, CPython's `PyOS_double_to_string` and `round(x, n)`.

use num_bigint::BigInt;
use num_integer::Integer;

use super::{FormatError, MAX_FORMAT_LEN};

// ---------------------------------------------------------------------------
// repr(float) and PyOS_double_to_string
// ---------------------------------------------------------------------------

/// `repr(x)` / `str(x)` for a float: the shortest digits that round-trip,
/// in fixed notation when the decimal exponent is in `-4 <= exp < 16` (with
/// a `.0` added to integral values) and in scientific notation otherwise
/// (`1e+16`, `1.5e-05`); `inf`, `-inf` and `nan` for the special values.
pub fn float_repr(x: f64) -> String {
    let flags = DtoaFlags { add_dot_0: true, ..DtoaFlags::default() };
    format_float_short(x, DtoaMode::Repr, 0, flags, false)
}

/// Options for [`double_to_string`], mirroring CPython's `Py_DTSF_*` flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DtoaFlags {
    /// `Py_DTSF_SIGN`: always write a sign (`+` for non-negative values).
    pub sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: integral results in fixed notation get `.0`,
    /// and `g` switches to exponent notation one digit earlier. This is what
    /// `repr()` and `format()` without a presentation type use.
    pub add_dot_0: bool,
    /// `Py_DTSF_ALT`: the `#` flag: keep the decimal point and, for `g`,
    /// the trailing zeros.
    pub alt: bool,
    /// `Py_DTSF_NO_NEG_0`: the `z` flag: a result that rounds to zero is
    /// printed without its minus sign.
    pub no_neg_zero: bool,
}

/// The dtoa mode a conversion uses (CPython's `format_code` after case
/// folding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DtoaMode {
    /// `e`: a fixed number of significant digits, always with an exponent.
    Exponent,
    /// `f`: a fixed number of digits after the decimal point.
    Fixed,
    /// `g`: a fixed number of significant digits, exponent only when needed.
    General,
    /// `r`: the shortest round-tripping digits.
    Repr,
}

/// `PyOS_double_to_string(x, code, precision, flags, NULL)`: the conversion
/// behind `repr()`, `format()` and printf-style `%e %f %g` formatting.
///
/// `code` is one of `e E f F g G r`; the upper-case codes write `E`, `INF`
/// and `NAN`. For `e` the precision is the number of digits after the point,
/// for `f` likewise, for `g` the number of significant digits (0 means 1),
/// and it is ignored for `r`. No padding or grouping is applied.
///
/// Errors: an unknown `code` is a `ValueError`; a result longer than
/// [`MAX_FORMAT_LEN`] is a `MemoryError`. (Callers that mirror CPython
/// should reject precisions above `i32::MAX` with "precision too big"
/// before calling.)
pub fn double_to_string(x: f64, code: char, precision: usize, flags: DtoaFlags) -> Result<String, FormatError> {
    let upper = code.is_ascii_uppercase();
    let (mode, precision) = match code {
        // dtoa is asked for one more significant digit than the digits
        // after the point.
        'e' | 'E' => (DtoaMode::Exponent, precision.saturating_add(1)),
        'f' | 'F' => (DtoaMode::Fixed, precision),
        // A precision of 0 makes no sense for 'g'; CPython treats it as 1.
        'g' | 'G' => (DtoaMode::General, precision.max(1)),
        'r' => (DtoaMode::Repr, 0),
        _ => {
            return Err(FormatError::value_error(format!("invalid float conversion code '{code}'")));
        }
    };
    // 'e', 'f' and '#g' pad with zeros up to the precision, so the output is
    // at least that long; plain 'g' strips trailing zeros and stays short.
    let pads_to_precision =
        matches!(mode, DtoaMode::Exponent | DtoaMode::Fixed) || (mode == DtoaMode::General && flags.alt);
    if pads_to_precision && precision > MAX_FORMAT_LEN {
        return Err(FormatError::memory_error());
    }
    Ok(format_float_short(x, mode, precision, flags, upper))
}

/// `'%.{precision}f' % x` / `format(x, '.{precision}f')`: fixed notation,
/// e.g. `format_float_fixed(2.5, 0) == "2"` (ties go to even on the exact
/// binary value) and `format_float_fixed(f64::INFINITY, 2) == "inf"`.
pub fn format_float_fixed(x: f64, precision: usize) -> Result<String, FormatError> {
    double_to_string(x, 'f', precision, DtoaFlags::default())
}

/// `'%.{precision}e' % x` (or `E` when `upper`): scientific notation with
/// `precision` digits after the point and an at-least-two-digit exponent.
pub fn format_float_exponent(x: f64, precision: usize, upper: bool) -> Result<String, FormatError> {
    double_to_string(x, if upper { 'E' } else { 'e' }, precision, DtoaFlags::default())
}

/// `'%.{precision}g' % x` (or `G` when `upper`, `%#g` when `alternate`):
/// `precision` significant digits, exponent notation when the exponent is
/// below -4 or at least the precision, trailing zeros stripped unless
/// `alternate`.
pub fn format_float_general(x: f64, precision: usize, upper: bool, alternate: bool) -> Result<String, FormatError> {
    let flags = DtoaFlags { alt: alternate, ..DtoaFlags::default() };
    double_to_string(x, if upper { 'G' } else { 'g' }, precision, flags)
}

/// Decimal digits of a finite non-negative double in `dtoa`'s style: the
/// value is `0.DIGITS * 10**decpt`, `digits` has no trailing zeros, and zero
/// is `"0"` with `decpt == 1`.
struct Decimal {
    digits: Vec<u8>,
    decpt: i64,
}

/// Doubles have at most 767 significant decimal digits, so asking for more
/// than this many only adds zeros (which dtoa strips anyway).
const MAX_SIGNIFICANT_DIGITS: usize = 800;
/// 2**-1074 has 1074 digits after the point; more only adds zeros.
const MAX_FRACTION_DIGITS: usize = 1100;

impl Decimal {
    /// dtoa mode 0: shortest round-trip digits.
    fn shortest(x: f64) -> Decimal {
        let x = x.abs();
        let shortest = Decimal::from_scientific(&format!("{x:e}"));
        // When the value lies exactly halfway between the two closest
        // shortest candidates (e.g. 128633251689646.125), Rust picks the
        // upper one while dtoa picks the even digit (…646.12). The n-digit
        // correctly rounded value breaks ties to even, so prefer it whenever
        // it also round-trips. Such ties need the rounding interval to span
        // a unit in the last digit, which only happens from ~16 digits on.
        let n = shortest.digits.len();
        if n >= 15 {
            let text = format!("{:.*e}", n - 1, x);
            if text.parse::<f64>() == Ok(x) {
                let nearest = Decimal::from_scientific(&text);
                if nearest.digits.len() == n {
                    return nearest;
                }
            }
        }
        shortest
    }

    /// dtoa mode 2: `n >= 1` correctly rounded significant digits.
    fn significant(x: f64, n: usize) -> Decimal {
        let n = n.clamp(1, MAX_SIGNIFICANT_DIGITS);
        Decimal::from_scientific(&format!("{:.*e}", n - 1, x.abs()))
    }

    /// dtoa mode 3: correctly rounded to `n` digits after the point.
    fn fixed(x: f64, n: usize) -> Decimal {
        let text = format!("{:.*}", n.min(MAX_FRACTION_DIGITS), x.abs());
        let (int_part, frac_part) = text.split_once('.').unwrap_or((text.as_str(), ""));
        let mut digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
        let mut decpt = int_part.len() as i64;
        let leading_zeros = digits.iter().take_while(|&&d| d == b'0').count();
        digits.drain(..leading_zeros);
        decpt -= leading_zeros as i64;
        Decimal::normalized(digits, decpt)
    }

    /// Parse Rust's `{:e}` output, `d[.ddd]e[-]N`.
    fn from_scientific(text: &str) -> Decimal {
        let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
        let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
        let exponent: i64 = exponent.parse().unwrap_or(0);
        Decimal::normalized(digits, exponent + 1)
    }

    /// Strip trailing zeros, mapping an all-zero result to `"0"`/`1`.
    fn normalized(mut digits: Vec<u8>, decpt: i64) -> Decimal {
        while digits.last() == Some(&b'0') {
            digits.pop();
        }
        if digits.is_empty() {
            return Decimal { digits: vec![b'0'], decpt: 1 };
        }
        Decimal { digits, decpt }
    }

    fn is_zero(&self) -> bool {
        self.digits == b"0"
    }
}

/// Port of CPython's `format_float_short` (Python/pystrtod.c). `precision`
/// is the dtoa digit count (already adjusted for `e` and `g`).
fn format_float_short(x: f64, mode: DtoaMode, precision: usize, flags: DtoaFlags, upper: bool) -> String {
    if x.is_nan() {
        // The sign of a NaN is never shown.
        let mut out = String::from(if flags.sign { "+" } else { "" });
        out.push_str(if upper { "NAN" } else { "nan" });
        return out;
    }
    let mut negative = x.is_sign_negative();
    let sign = |negative: bool| {
        if negative {
            "-"
        } else if flags.sign {
            "+"
        } else {
            ""
        }
    };
    if x.is_infinite() {
        return format!("{}{}", sign(negative), if upper { "INF" } else { "inf" });
    }

    let decimal = match mode {
        DtoaMode::Repr => Decimal::shortest(x),
        DtoaMode::Exponent | DtoaMode::General => Decimal::significant(x, precision),
        DtoaMode::Fixed => Decimal::fixed(x, precision),
    };
    if flags.no_neg_zero && negative && decimal.is_zero() {
        negative = false;
    }
    let digits = &decimal.digits;
    let digits_len = digits.len() as i64;
    let mut decpt = decimal.decpt;
    let precision = precision as i64;

    // The output is a slice vdigits[vdigits_start..vdigits_end] of the
    // digits padded with infinitely many zeros on both sides, with a decimal
    // point inserted at `decpt` (and possibly an exponent).
    let mut use_exp = false;
    let mut vdigits_end = digits_len;
    match mode {
        DtoaMode::Exponent => {
            use_exp = true;
            vdigits_end = precision;
        }
        DtoaMode::Fixed => vdigits_end = decpt + precision,
        DtoaMode::General => {
            let limit = if flags.add_dot_0 { precision - 1 } else { precision };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if flags.alt {
                vdigits_end = precision;
            }
        }
        // Switch to exponent notation at 1e16: padding a 17-digit shortest
        // repr with zeros would print misleading digits.
        DtoaMode::Repr => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 { vdigits_end.max(decpt + 1) } else { vdigits_end.max(decpt) };

    let mut out = String::with_capacity((vdigits_end - vdigits_start) as usize + 8);
    let push_zeros = |out: &mut String, n: i64| out.extend((0..n).map(|_| '0'));
    out.push_str(sign(negative));
    // Exactly one of the branches below writes the decimal point.
    if decpt <= 0 {
        push_zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        push_zeros(&mut out, -decpt);
    } else {
        push_zeros(&mut out, -vdigits_start);
    }
    let digit_str = |range: std::ops::Range<usize>| digits[range].iter().map(|&d| char::from(d));
    if 0 < decpt && decpt <= digits_len {
        out.extend(digit_str(0..decpt as usize));
        out.push('.');
        out.extend(digit_str(decpt as usize..digits.len()));
    } else {
        out.extend(digit_str(0..digits.len()));
    }
    if digits_len < decpt {
        push_zeros(&mut out, decpt - digits_len);
        out.push('.');
        push_zeros(&mut out, vdigits_end - decpt);
    } else {
        push_zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        // C's "%+.02d": a sign and at least two digits.
        let exp_sign = if exp < 0 { '-' } else { '+' };
        out.push(if upper { 'E' } else { 'e' });
        out.push_str(&format!("{exp_sign}{:02}", exp.abs()));
    }
    out
}

// ---------------------------------------------------------------------------
// round(float, ndigits)
// ---------------------------------------------------------------------------

/// `round(x, ndigits)` for a float with an explicit `ndigits` (CPython's
/// `float.__round__` / `double_round`): the exact binary value is rounded to
/// `ndigits` decimal places with ties to even (`round(2.675, 2) == 2.67`,
/// because 2.675 is really 2.67499999...), then converted back correctly
/// rounded. NaN and infinities come back unchanged, so does everything when
/// `ndigits > 323`; `ndigits < -308` gives a zero with the sign of `x`.
///
/// Errors: `OverflowError("rounded value too large to represent")`, e.g.
/// for `round(1.7976931348623157e308, -308)`.
pub fn round_float(x: f64, ndigits: i64) -> Result<f64, FormatError> {
    // Beyond these every double rounds to itself / to zero.
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() || ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    let decimal = if ndigits >= 0 {
        // Rust's fixed-point formatting is exact with ties to even, exactly
        // like dtoa mode 3.
        format!("{:.*}", ndigits as usize, x)
    } else {
        round_to_power_of_ten(x, ndigits.unsigned_abs() as u32)
    };
    let rounded: f64 =
        decimal.parse().map_err(|_| FormatError::value_error(format!("could not round {}", float_repr(x))))?;
    if rounded.is_infinite() {
        return Err(FormatError::overflow_error("rounded value too large to represent"));
    }
    Ok(rounded)
}

/// Round finite `x` to a multiple of `10**k` (ties to even on the exact
/// value) and return it as a decimal string `"[-]Qek"`.
fn round_to_power_of_ten(x: f64, k: u32) -> String {
    let (mantissa, exp2) = decompose(x.abs());
    let mut numerator = BigInt::from(mantissa);
    let mut denominator = BigInt::from(10u32).pow(k);
    if exp2 >= 0 {
        numerator <<= exp2 as usize;
    } else {
        denominator <<= exp2.unsigned_abs() as usize;
    }
    let (mut quotient, remainder) = numerator.div_rem(&denominator);
    let twice_remainder: BigInt = remainder << 1usize;
    match twice_remainder.cmp(&denominator) {
        std::cmp::Ordering::Greater => quotient += 1,
        std::cmp::Ordering::Equal if quotient.is_odd() => quotient += 1,
        _ => {}
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    format!("{sign}{quotient}e{k}")
}

/// Split a finite non-negative double into `mantissa * 2**exp2` exactly.
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased_exp = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if biased_exp == 0 { (fraction, -1074) } else { (fraction | (1u64 << 52), biased_exp - 1075) }
}

// ---------------------------------------------------------------------------
