//! Number/string formatting and number parsing, mirroring CPython 3.11.
//!
//! Everything here works on plain Rust values (`f64`, `i64`, [`BigInt`],
//! `&str`) so the interpreter's object layer can stay thin:
//!
//! * [`float_repr`] is `repr(float)` / `str(float)`.
//! * [`parse_format_spec`] parses the format mini-language used by
//!   `format()`, f-strings and `str.format`; [`format_int`], [`format_i64`],
//!   [`format_float`] and [`format_str`] render a value with a parsed spec
//!   (ports of CPython's `Python/formatter_unicode.c`).
//! * [`double_to_string`] (CPython's `PyOS_double_to_string`) and its small
//!   wrappers [`format_float_fixed`], [`format_float_exponent`] and
//!   [`format_float_general`] are the building blocks for printf-style
//!   `'%f' % x` formatting.
//! * [`round_float`] is `round(x, ndigits)` for floats.
//! * [`parse_float`], [`parse_int`], [`parse_int_checked`] and
//!   [`int_to_decimal_string`] implement `float(str)`, `int(str, base)` and
//!   `str(int)` including the 4300-digit conversion limit.
//!
//! Decimal digits of doubles come from Rust's float formatting, which is
//! exact (shortest round-trip digits for `{:e}`, correctly rounded with ties
//! to even for explicit precisions), i.e. the same digits David Gay's `dtoa`
//! gives CPython; this module only re-lays them out the way CPython does.

use std::borrow::Cow;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// The Python exception class a [`FormatError`] should be raised as.
// The variants are named after the Python exception classes on purpose.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatErrorKind {
    /// Bad specs, digit limits, invalid literals.
    ValueError,
    /// Values that cannot be converted (`%c` range, int to float, rounding).
    OverflowError,
    /// Reserved for callers (e.g. `unsupported format string passed to ...`).
    TypeError,
    /// CPython raises `MemoryError` (with an empty message) when a width or
    /// precision is representable but the result cannot be allocated; we
    /// refuse results longer than [`MAX_FORMAT_LEN`] characters the same way.
    MemoryError,
}

/// An error from formatting or parsing, carrying CPython's exception class
/// and its exact message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    pub kind: FormatErrorKind,
    pub message: String,
}

impl FormatError {
    /// A `ValueError` with the given message.
    pub fn value_error(message: impl Into<String>) -> Self {
        FormatError { kind: FormatErrorKind::ValueError, message: message.into() }
    }

    /// An `OverflowError` with the given message.
    pub fn overflow_error(message: impl Into<String>) -> Self {
        FormatError { kind: FormatErrorKind::OverflowError, message: message.into() }
    }

    /// A `MemoryError`; CPython's has an empty message.
    pub fn memory_error() -> Self {
        FormatError { kind: FormatErrorKind::MemoryError, message: String::new() }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

impl std::error::Error for FormatError {}

/// The longest string (in characters) the formatting functions will build.
///
/// CPython accepts any width up to `sys.maxsize` and then fails with
/// `MemoryError` when the allocation fails; we cannot catch allocation
/// failure in Rust, so anything longer than this is reported as
/// `MemoryError` up front instead of aborting the process.
pub const MAX_FORMAT_LEN: usize = 1 << 30;

/// CPython 3.11's default `sys.get_int_max_str_digits()`.
pub const INT_MAX_STR_DIGITS: usize = 4300;

// ---------------------------------------------------------------------------
// Unicode helpers shared by the spec parser and the number parsers
// ---------------------------------------------------------------------------

/// Code points of the digit zero of every Unicode 14.0 (CPython 3.11) run of
/// decimal digits (general category Nd); each run has ten consecutive digits.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0,
    0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620,
    0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10, 0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0,
    0x112f0, 0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60,
    0x16ac0, 0x16b50, 0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// `Py_UNICODE_TODECIMAL`: the value of a Unicode decimal digit.
fn decimal_value(c: char) -> Option<u32> {
    let cp = c as u32;
    let idx = DECIMAL_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = DECIMAL_ZEROS[idx.checked_sub(1)?];
    (cp - zero < 10).then_some(cp - zero)
}

/// `Py_UNICODE_ISSPACE` for code points of 127 and above (`str.isspace`).
fn is_non_ascii_space(c: char) -> bool {
    matches!(c as u32, 0x85 | 0xa0 | 0x1680 | 0x2000..=0x200a | 0x2028 | 0x2029 | 0x202f | 0x205f | 0x3000)
}

/// `Py_ISSPACE`: the ASCII whitespace the C number parsers skip. Note that
/// `\x1c`..`\x1f` are *not* included, although `str.isspace` accepts them.
fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: Unicode whitespace becomes
/// `' '`, Unicode decimal digits become ASCII digits; the first other
/// non-ASCII character becomes `'?'` and ends the string (so the text is
/// rejected, but only after a digit-limit check may have fired).
fn to_ascii_number_text(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c);
        } else if is_non_ascii_space(c) {
            out.push(' ');
        } else if let Some(d) = decimal_value(c) {
            out.push(char::from(b'0' + d as u8));
        } else {
            out.push('?');
            break;
        }
    }
    Cow::Owned(out)
}

/// Truncate a type name the way `%.200s` does in CPython's messages.
fn type_name_200(name: &str) -> &str {
    if name.len() <= 200 {
        return name;
    }
    let mut end = 200;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// How CPython prints a presentation type in error messages: the character
/// itself when printable ASCII, else `\x` and lower-case hex.
fn describe_type_char(c: char) -> String {
    let cp = c as u32;
    if cp > 32 && cp < 128 { c.to_string() } else { format!("\\x{cp:x}") }
}

fn unknown_presentation_type(kind: char, type_name: &str) -> FormatError {
    FormatError::value_error(format!(
        "Unknown format code '{}' for object of type '{}'",
        describe_type_char(kind),
        type_name_200(type_name)
    ))
}

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
// The format specification mini-language
// ---------------------------------------------------------------------------

/// Field alignment of a format spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// `<`
    Left,
    /// `>`
    Right,
    /// `^`; an odd amount of padding puts the extra fill character on the
    /// right.
    Center,
    /// `=`: padding goes between the sign (and `0x` prefix) and the digits.
    AfterSign,
}

/// The sign option of a format spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// `-`: only negative numbers get a sign (the default behaviour, but
    /// spelling it out still counts as "a sign" for strings and `c`).
    Minus,
    /// `+`: always write a sign.
    Plus,
    /// ` `: a space for non-negative numbers.
    Space,
}

/// A parsed standard format specifier:
/// `[[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]`.
///
/// Defaults that depend on the formatted type (alignment, presentation type)
/// are resolved by the `format_*` functions, exactly as CPython resolves them
/// per type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    /// The fill character: the explicit one, else `'0'` when the `0` flag
    /// was given, else `' '`.
    pub fill: char,
    /// The explicit alignment, if any.
    pub align: Option<Align>,
    /// The explicit sign option, if any.
    pub sign: Option<Sign>,
    /// `z`: coerce negative zero results to positive zero (floats only).
    pub no_neg_zero: bool,
    /// `#`: alternate form (`0x` prefixes, keep decimal point / zeros).
    pub alternate: bool,
    /// The `0` flag was given (without an explicit fill). For numbers this
    /// makes the default alignment `=`; the fill is already `'0'`.
    pub zero_pad: bool,
    /// Minimum field width in characters.
    pub width: Option<usize>,
    /// Thousands separator: `','` or `'_'`.
    pub grouping: Option<char>,
    /// Precision (digits for floats, maximum length for strings).
    pub precision: Option<usize>,
    /// The presentation type (`d`, `x`, `f`, `s`, ...); `None` when omitted.
    pub kind: Option<char>,
}

impl Default for FormatSpec {
    /// The empty spec `''`.
    fn default() -> Self {
        FormatSpec {
            fill: ' ',
            align: None,
            sign: None,
            no_neg_zero: false,
            alternate: false,
            zero_pad: false,
            width: None,
            grouping: None,
            precision: None,
            kind: None,
        }
    }
}

fn align_from_char(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

/// CPython's `get_integer`: a run of (Unicode) decimal digits. Returns the
/// value and how many characters were consumed; values beyond
/// `Py_ssize_t` are a `ValueError`.
fn parse_spec_integer(chars: &[char], pos: &mut usize) -> Result<(usize, usize), FormatError> {
    let start = *pos;
    let mut value: u64 = 0;
    while let Some(digit) = chars.get(*pos).and_then(|&c| decimal_value(c)) {
        let digit = u64::from(digit);
        if value > (i64::MAX as u64 - digit) / 10 {
            return Err(FormatError::value_error("Too many decimal digits in format string"));
        }
        value = value * 10 + digit;
        *pos += 1;
    }
    let value =
        usize::try_from(value).map_err(|_| FormatError::value_error("Too many decimal digits in format string"))?;
    Ok((value, *pos - start))
}

/// Parse a standard format specifier the way CPython's
/// `parse_internal_render_format_spec` does, with its exact error messages:
/// "Too many decimal digits in format string", "Cannot specify both ','
/// and '_'.", "Format specifier missing precision" and "Invalid format
/// specifier '...' for object of type '...'" (hence `type_name`, the
/// `type(value).__name__` of the value being formatted).
///
/// The checks that depend on the type's default presentation type (such as
/// `Cannot specify ',' with 's'.`) are made by the `format_*` functions.
pub fn parse_format_spec(spec: &str, type_name: &str) -> Result<FormatSpec, FormatError> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut out = FormatSpec::default();
    let mut pos = 0;
    let mut fill_specified = false;

    // A fill character is only recognised when followed by an alignment.
    if let Some(align) = chars.get(1).copied().and_then(align_from_char) {
        out.fill = chars[0];
        out.align = Some(align);
        fill_specified = true;
        pos = 2;
    } else if let Some(align) = chars.first().copied().and_then(align_from_char) {
        out.align = Some(align);
        pos = 1;
    }

    out.sign = match chars.get(pos) {
        Some('+') => Some(Sign::Plus),
        Some('-') => Some(Sign::Minus),
        Some(' ') => Some(Sign::Space),
        _ => None,
    };
    if out.sign.is_some() {
        pos += 1;
    }
    if chars.get(pos) == Some(&'z') {
        out.no_neg_zero = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        out.alternate = true;
        pos += 1;
    }
    // The '0' flag: only without an explicit fill (with one, a leading zero
    // is simply part of the width).
    if !fill_specified && chars.get(pos) == Some(&'0') {
        out.fill = '0';
        out.zero_pad = true;
        pos += 1;
    }

    let (width, consumed) = parse_spec_integer(&chars, &mut pos)?;
    if consumed > 0 {
        out.width = Some(width);
    }

    let both_separators = || FormatError::value_error("Cannot specify both ',' and '_'.");
    if chars.get(pos) == Some(&',') {
        out.grouping = Some(',');
        pos += 1;
    }
    if chars.get(pos) == Some(&'_') {
        if out.grouping.is_some() {
            return Err(both_separators());
        }
        out.grouping = Some('_');
        pos += 1;
    }
    if chars.get(pos) == Some(&',') && out.grouping == Some('_') {
        return Err(both_separators());
    }

    if chars.get(pos) == Some(&'.') {
        pos += 1;
        let (precision, consumed) = parse_spec_integer(&chars, &mut pos)?;
        if consumed == 0 {
            return Err(FormatError::value_error("Format specifier missing precision"));
        }
        out.precision = Some(precision);
    }

    match end - pos {
        0 => {}
        1 => out.kind = Some(chars[pos]),
        _ => {
            return Err(FormatError::value_error(format!(
                "Invalid format specifier '{spec}' for object of type '{}'",
                type_name_200(type_name)
            )));
        }
    }
    Ok(out)
}

/// How digits are grouped: every `size` digits, separated by `sep`.
#[derive(Debug, Clone, Copy)]
struct Grouping {
    size: usize,
    sep: char,
}

/// The thousands-separator validation CPython does right after parsing,
/// with `kind` the presentation type after applying the type's default
/// (`None` for floats without a type). Returns the grouping to apply; `_`
/// groups every four digits for `b o x X` (PEP 515).
fn check_grouping(spec: &FormatSpec, kind: Option<char>) -> Result<Option<Grouping>, FormatError> {
    let Some(sep) = spec.grouping else {
        return Ok(None);
    };
    match kind {
        None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => Ok(Some(Grouping { size: 3, sep })),
        Some('b' | 'o' | 'x' | 'X') if sep == '_' => Ok(Some(Grouping { size: 4, sep })),
        Some(kind) => {
            Err(FormatError::value_error(format!("Cannot specify '{sep}' with '{}'.", describe_type_char(kind))))
        }
    }
}

/// The alignment to use when the spec gives none: the `0` flag turns a
/// right-aligning type's default into `=`.
fn resolve_align(spec: &FormatSpec, default: Align) -> Align {
    spec.align.unwrap_or(if spec.zero_pad && default == Align::Right { Align::AfterSign } else { default })
}

fn check_width(width: usize) -> Result<(), FormatError> {
    if width > MAX_FORMAT_LEN { Err(FormatError::memory_error()) } else { Ok(()) }
}

// ---------------------------------------------------------------------------
// Number layout (calc_number_widths / fill_number)
// ---------------------------------------------------------------------------

/// A rendered number split the way CPython's `calc_number_widths` sees it:
/// `<sign><prefix><digits>[.]<remainder>`, where only `digits` is grouped
/// and zero-padded.
struct NumberParts<'a> {
    negative: bool,
    /// `0x` etc., already in its final case.
    prefix: &'a str,
    /// The ASCII integer digits.
    digits: &'a str,
    /// Whether a decimal point follows the digits.
    has_decimal: bool,
    /// Fraction digits, exponent, `%`, `inf`/`nan`, or the `c` character.
    remainder: &'a str,
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: insert separators and,
/// when `min_width` asks for it (the `0=` case), pad with zeros that are
/// grouped too (`format(1234, '09,') == '0,001,234'`).
fn insert_grouping(digits: &str, min_width: i64, grouping: Option<Grouping>) -> String {
    let digits = digits.as_bytes();
    // Built right to left, then reversed.
    let mut reversed: Vec<char> = Vec::with_capacity(digits.len() + digits.len() / 3 + 1);
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width.max(0);
    let mut end = digits.len();
    let mut emit = |reversed: &mut Vec<char>, len: i64, remaining: i64, sep: Option<char>| {
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0) as usize;
        reversed.extend(sep);
        reversed.extend(digits[end - n_chars..end].iter().rev().map(|&d| char::from(d)));
        end -= n_chars;
        reversed.extend((0..n_zeros).map(|_| '0'));
        n_chars as i64
    };
    let mut finished = false;
    let mut sep = None;
    if let Some(grouping) = grouping {
        let size = grouping.size as i64;
        loop {
            let len = size.min(remaining.max(min_width).max(1));
            remaining -= emit(&mut reversed, len, remaining, sep);
            sep = Some(grouping.sep);
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                finished = true;
                break;
            }
            min_width -= 1;
        }
    }
    if !finished {
        let len = remaining.max(min_width).max(1);
        emit(&mut reversed, len, remaining, sep);
    }
    reversed.iter().rev().collect()
}

/// Port of `calc_number_widths` + `fill_number`: apply sign, prefix,
/// grouping, zero padding and alignment.
fn layout_number(
    parts: &NumberParts<'_>,
    spec: &FormatSpec,
    align: Align,
    grouping: Option<Grouping>,
) -> Result<String, FormatError> {
    let sign = match (parts.negative, spec.sign) {
        (true, _) => Some('-'),
        (false, Some(Sign::Plus)) => Some('+'),
        (false, Some(Sign::Space)) => Some(' '),
        (false, _) => None,
    };
    let n_non_digit = sign.is_some() as i64
        + parts.prefix.chars().count() as i64
        + parts.has_decimal as i64
        + parts.remainder.chars().count() as i64;
    let width = match spec.width {
        Some(width) => {
            check_width(width)?;
            width as i64
        }
        None => -1,
    };
    // With a '0' fill and '=' alignment the padding is made of digits, so
    // it is produced (and grouped) by the grouping code.
    let min_width = if spec.fill == '0' && align == Align::AfterSign { width - n_non_digit } else { 0 };
    let grouped = if parts.digits.is_empty() {
        String::new() // only for 'c' and inf/nan
    } else {
        insert_grouping(parts.digits, min_width, grouping)
    };
    let n_grouped = grouped.chars().count() as i64;
    let padding = (width - (n_non_digit + n_grouped)).max(0) as usize;
    let (left, middle, right) = match align {
        Align::Left => (0, 0, padding),
        Align::Right => (padding, 0, 0),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
    };

    let fill = |n: usize| std::iter::repeat_n(spec.fill, n);
    let mut out = String::new();
    out.extend(fill(left));
    out.extend(sign);
    out.push_str(parts.prefix);
    out.extend(fill(middle));
    out.push_str(&grouped);
    if parts.has_decimal {
        out.push('.');
    }
    out.push_str(parts.remainder);
    out.extend(fill(right));
    Ok(out)
}

// ---------------------------------------------------------------------------
// format(int, spec)
// ---------------------------------------------------------------------------

/// An int argument, small or big, so both entry points share one
/// implementation.
#[derive(Clone, Copy)]
enum IntValue<'a> {
    Small(i64),
    Big(&'a BigInt),
}

impl IntValue<'_> {
    fn is_negative(self) -> bool {
        match self {
            IntValue::Small(x) => x < 0,
            IntValue::Big(x) => x.is_negative(),
        }
    }

    /// Digits of the absolute value in `radix` (lower case), enforcing the
    /// decimal conversion limit for radix 10.
    fn magnitude_digits(self, radix: u32) -> Result<String, FormatError> {
        match self {
            IntValue::Small(x) => Ok(match radix {
                2 => format!("{:b}", x.unsigned_abs()),
                8 => format!("{:o}", x.unsigned_abs()),
                16 => format!("{:x}", x.unsigned_abs()),
                _ => x.unsigned_abs().to_string(),
            }),
            IntValue::Big(x) if radix == 10 => {
                let text = int_to_decimal_string(x)?;
                Ok(match text.strip_prefix('-') {
                    Some(magnitude) => magnitude.to_string(),
                    None => text,
                })
            }
            IntValue::Big(x) => Ok(x.magnitude().to_str_radix(radix)),
        }
    }

    /// `PyNumber_Float(x)`: correctly rounded, `OverflowError` if too big.
    fn to_f64(self) -> Result<f64, FormatError> {
        let value = match self {
            IntValue::Small(x) => x as f64,
            IntValue::Big(x) => x.to_f64().unwrap_or(f64::INFINITY),
        };
        if value.is_finite() {
            Ok(value)
        } else {
            Err(FormatError::overflow_error("int too large to convert to float"))
        }
    }

    /// `PyLong_AsLong` (a C long is 64 bits on the platforms we mirror).
    fn to_c_long(self) -> Result<i64, FormatError> {
        match self {
            IntValue::Small(x) => Ok(x),
            IntValue::Big(x) => {
                x.to_i64().ok_or_else(|| FormatError::overflow_error("Python int too large to convert to C long"))
            }
        }
    }
}

/// `format(x, spec)` for an `int` (CPython's `_PyLong_FormatAdvancedWriter`):
/// presentation types `b c d o x X n` (default `d`), plus `e E f F g G %`
/// which convert to float first (`OverflowError: int too large to convert
/// to float` when impossible). `type_name` is used in error messages
/// (`'bool'`, subclass names). The empty spec gives `str(x)` for a plain
/// int; a bool's empty spec (`'True'`) is the caller's job.
///
/// Decimal output is subject to the 4300-digit limit (`ValueError`), as in
/// CPython; binary bases are not.
pub fn format_int(x: &BigInt, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    format_integer(IntValue::Big(x), spec, type_name)
}

/// [`format_int`] for a value that fits in an `i64`; results are identical.
pub fn format_i64(x: i64, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    if *spec == FormatSpec::default() {
        return Ok(x.to_string());
    }
    format_integer(IntValue::Small(x), spec, type_name)
}

fn format_integer(x: IntValue<'_>, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    let kind = spec.kind.unwrap_or('d');
    let grouping = check_grouping(spec, Some(kind))?;
    match kind {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_integer_digits(x, spec, kind, grouping),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float_checked(x.to_f64()?, spec, Some(kind), grouping),
        _ => Err(unknown_presentation_type(kind, type_name)),
    }
}

/// CPython's `format_long_internal`.
fn format_integer_digits(
    x: IntValue<'_>,
    spec: &FormatSpec,
    kind: char,
    grouping: Option<Grouping>,
) -> Result<String, FormatError> {
    if spec.precision.is_some() {
        return Err(FormatError::value_error("Precision not allowed in integer format specifier"));
    }
    if spec.no_neg_zero {
        return Err(FormatError::value_error("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    let align = resolve_align(spec, Align::Right);

    if kind == 'c' {
        if spec.sign.is_some() {
            return Err(FormatError::value_error("Sign not allowed with integer format specifier 'c'"));
        }
        if spec.alternate {
            return Err(FormatError::value_error("Alternate form (#) not allowed with integer format specifier 'c'"));
        }
        let code = x.to_c_long()?;
        if !(0..=0x10ffff).contains(&code) {
            return Err(FormatError::overflow_error("%c arg not in range(0x110000)"));
        }
        // Lone surrogates are valid Python characters but cannot live in a
        // Rust string.
        let c = char::from_u32(code as u32)
            .ok_or_else(|| FormatError::value_error(format!("surrogate code point U+{code:04X} is not supported")))?;
        let text = c.to_string();
        let parts = NumberParts { negative: false, prefix: "", digits: "", has_decimal: false, remainder: &text };
        return layout_number(&parts, spec, align, grouping);
    }

    let (radix, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = x.magnitude_digits(radix)?;
    if kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: x.is_negative(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    // 'n' uses the current locale, which for us is always "C": no grouping.
    layout_number(&parts, spec, align, grouping)
}

// ---------------------------------------------------------------------------
// format(float, spec)
// ---------------------------------------------------------------------------

/// `format(x, spec)` for a `float` (CPython's `_PyFloat_FormatAdvancedWriter`):
/// presentation types `e E f F g G n %` and none. Without a type the result
/// is like `g` but always has a digit after the point when there is no
/// exponent, and uses the repr digits when no precision is given
/// (`format(1.0, '') == '1.0'`, `format(1234.5, '.3') == '1.23e+03'`).
/// `type_name` is used in error messages.
pub fn format_float(x: f64, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    let grouping = check_grouping(spec, spec.kind)?;
    match spec.kind {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            format_float_checked(x, spec, spec.kind, grouping)
        }
        Some(kind) => Err(unknown_presentation_type(kind, type_name)),
    }
}

/// CPython's `format_float_internal`, for a validated presentation type.
fn format_float_checked(
    x: f64,
    spec: &FormatSpec,
    kind: Option<char>,
    grouping: Option<Grouping>,
) -> Result<String, FormatError> {
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(FormatError::value_error("precision too big"));
    }
    let mut flags = DtoaFlags { alt: spec.alternate, no_neg_zero: spec.no_neg_zero, ..DtoaFlags::default() };
    let mut default_precision = 6;
    let mut code = match kind {
        None => {
            // Like repr() without a precision, like 'g' (keeping a '.0')
            // with one.
            flags.add_dot_0 = true;
            default_precision = 0;
            'r'
        }
        // 'n' is 'g' in the locale, which for us is always "C".
        Some('n') => 'g',
        Some(kind) => kind,
    };
    let mut value = x;
    let percent = code == '%';
    if percent {
        code = 'f';
        // A float multiplication, as in CPython: 0.07 gives '7.000000%' only
        // because 0.07 * 100 == 7.000000000000001 rounds nicely.
        value *= 100.0;
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(precision) => {
            if code == 'r' {
                code = 'g';
            }
            precision
        }
    };
    let mut text = double_to_string(value, code, precision, flags)?;
    if percent {
        text.push('%');
    }

    let (negative, body) = match text.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, text.as_str()),
    };
    let n_digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = body.split_at(n_digits);
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(remainder) => (true, remainder),
        None => (false, rest),
    };
    let parts = NumberParts { negative, prefix: "", digits, has_decimal, remainder };
    layout_number(&parts, spec, resolve_align(spec, Align::Right), grouping)
}

// ---------------------------------------------------------------------------
// format(str, spec)
// ---------------------------------------------------------------------------

/// `format(s, spec)` for a `str` (CPython's `format_string_internal`): the
/// only presentation type is `s` (the default); precision truncates and
/// width pads, both counted in code points; default alignment is left, and
/// the `0` flag only sets the fill (`format('ab', '05') == 'ab000'`). Signs,
/// `z`, `#`, `=` and separators are errors with CPython's messages.
pub fn format_str(s: &str, spec: &FormatSpec, type_name: &str) -> Result<String, FormatError> {
    let kind = spec.kind.unwrap_or('s');
    check_grouping(spec, Some(kind))?;
    if kind != 's' {
        return Err(unknown_presentation_type(kind, type_name));
    }
    match spec.sign {
        Some(Sign::Space) => {
            return Err(FormatError::value_error("Space not allowed in string format specifier"));
        }
        Some(_) => {
            return Err(FormatError::value_error("Sign not allowed in string format specifier"));
        }
        None => {}
    }
    if spec.no_neg_zero {
        return Err(FormatError::value_error("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if spec.alternate {
        return Err(FormatError::value_error("Alternate form (#) not allowed in string format specifier"));
    }
    let align = resolve_align(spec, Align::Left);
    if align == Align::AfterSign {
        return Err(FormatError::value_error("'=' alignment not allowed in string format specifier"));
    }

    let mut len = s.chars().count();
    let mut text = s;
    if let Some(precision) = spec.precision
        && precision < len
    {
        let cut = s.char_indices().nth(precision).map_or(s.len(), |(i, _)| i);
        text = &s[..cut];
        len = precision;
    }
    let width = spec.width.unwrap_or(0);
    if width <= len {
        return Ok(text.to_string());
    }
    check_width(width)?;
    let padding = width - len;
    let left = match align {
        Align::Right => padding,
        Align::Center => padding / 2,
        Align::Left | Align::AfterSign => 0,
    };
    let mut out = String::with_capacity(text.len() + padding * spec.fill.len_utf8());
    out.extend(std::iter::repeat_n(spec.fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(spec.fill, padding - left));
    Ok(out)
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

#[cfg(test)]
mod tests {
    //! Expected strings were produced by CPython 3.11 (`format()`, `repr()`,
    //! `round()`, `float()` and `int()`), not typed by hand.

    use super::*;
    use std::str::FromStr;

    fn render(result: Result<String, FormatError>) -> String {
        match result {
            Ok(text) => text,
            Err(err) => format!("!{:?}: {}", err.kind, err.message),
        }
    }

    fn fmt_float(x: f64, spec: &str) -> String {
        render(parse_format_spec(spec, "float").and_then(|s| format_float(x, &s, "float")))
    }

    fn fmt_int(x: &BigInt, spec: &str) -> String {
        render(parse_format_spec(spec, "int").and_then(|s| format_int(x, &s, "int")))
    }

    fn fmt_i64(x: i64, spec: &str) -> String {
        render(parse_format_spec(spec, "int").and_then(|s| format_i64(x, &s, "int")))
    }

    fn fmt_str(x: &str, spec: &str) -> String {
        render(parse_format_spec(spec, "str").and_then(|s| format_str(x, &s, "str")))
    }

    fn big(text: &str) -> BigInt {
        BigInt::from_str(text).expect("test literal")
    }

    #[test]
    fn format_float_matches_cpython() {
        for &(x, spec, expected) in FLOAT_CASES {
            assert_eq!(fmt_float(x, spec), expected, "format({x:?}, {spec:?})");
        }
    }

    #[test]
    fn format_int_matches_cpython() {
        for &(x, spec, expected) in INT_CASES {
            let value = big(x);
            assert_eq!(fmt_int(&value, spec), expected, "format({x}, {spec:?})");
            // The i64 fast path must agree with the BigInt path.
            if let Ok(small) = i64::try_from(&value) {
                assert_eq!(fmt_i64(small, spec), expected, "format_i64({x}, {spec:?})");
            }
        }
    }

    #[test]
    fn format_str_matches_cpython() {
        for &(x, spec, expected) in STR_CASES {
            assert_eq!(fmt_str(x, spec), expected, "format({x:?}, {spec:?})");
        }
    }

    #[test]
    fn float_repr_matches_cpython() {
        for &(x, expected) in REPR_CASES {
            assert_eq!(float_repr(x), expected, "repr({x:?})");
        }
    }

    #[test]
    fn round_float_matches_cpython() {
        for &(x, ndigits, expected) in ROUND_CASES {
            let got = render(round_float(x, ndigits).map(float_repr));
            assert_eq!(got, expected, "round({x:?}, {ndigits})");
        }
        // The sign of a zero result is kept.
        assert!(round_float(-4.0, -1).is_ok_and(|r| r == 0.0 && r.is_sign_negative()));
        assert!(round_float(-1e300, -400).is_ok_and(|r| r == 0.0 && r.is_sign_negative()));
    }

    #[test]
    fn parse_float_matches_cpython() {
        for &(text, expected) in PARSE_FLOAT_CASES {
            let got = parse_float(text).map_or_else(|| "None".to_string(), float_repr);
            assert_eq!(got, expected, "float({text:?})");
        }
        // '-nan' keeps its sign bit, as math.copysign(1, float('-nan')) shows.
        assert!(parse_float("-nan").is_some_and(|x| x.is_nan() && x.is_sign_negative()));
    }

    #[test]
    fn parse_int_matches_cpython() {
        for &(text, base, expected) in PARSE_INT_CASES {
            let got = match parse_int_checked(text, base) {
                Ok(value) => value.to_string(),
                Err(ParseIntError::InvalidLiteral) => "!invalid".to_string(),
                Err(ParseIntError::InvalidBase) => "!base".to_string(),
                Err(ParseIntError::TooManyDigits { .. }) => "!limit".to_string(),
            };
            assert_eq!(got, expected, "int({text:?}, {base})");
            let unchecked = parse_int(text, base).map(|v| v.to_string());
            assert_eq!(unchecked, expected.strip_prefix('!').is_none().then(|| expected.to_string()));
        }
    }

    #[test]
    fn int_digit_limits() {
        let limit_to_str = "!ValueError: Exceeds the limit (4300 digits) for integer string conversion; \
                            use sys.set_int_max_str_digits() to increase the limit";
        let ten = BigInt::from(10);
        let largest_ok = ten.pow(4300u32) - 1;
        assert_eq!(int_to_decimal_string(&largest_ok).map(|s| s.len()), Ok(4300));
        assert_eq!(int_to_decimal_string(&-&largest_ok).map(|s| s.len()), Ok(4301));
        let too_big = ten.pow(4300u32);
        assert_eq!(render(int_to_decimal_string(&too_big)), limit_to_str);
        assert_eq!(render(int_to_decimal_string(&(BigInt::from(1) << 100_000usize))), limit_to_str);
        assert_eq!(fmt_int(&too_big, "d"), limit_to_str);
        assert_eq!(fmt_int(&-&too_big, ","), limit_to_str);
        // Power-of-two bases are not limited, and float conversion is fine.
        assert_eq!(fmt_int(&too_big, "x").len(), 3572);
        assert_eq!(fmt_int(&too_big, "e"), "!OverflowError: int too large to convert to float");

        // int(str): the limit counts digits (not sign or underscores) and is
        // checked before trailing garbage is noticed.
        let message = "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; \
                       use sys.set_int_max_str_digits() to increase the limit";
        let long = "1".repeat(5000);
        let err = parse_int_checked(&long, 10).expect_err("too long");
        assert_eq!(err, ParseIntError::TooManyDigits { digits: 5000 });
        assert_eq!(err.to_format_error(10, "'...'").message, message);
        assert!(matches!(
            parse_int_checked(&format!("{long}x"), 10),
            Err(ParseIntError::TooManyDigits { digits: 5000 })
        ));
        assert!(matches!(
            parse_int_checked(&format!("-{}", "1_".repeat(4300) + "1"), 0),
            Err(ParseIntError::TooManyDigits { digits: 4301 })
        ));
        assert!(parse_int_checked(&"1".repeat(4300), 10).is_ok());
        assert!(parse_int_checked(&"f".repeat(20_000), 16).is_ok());
        assert!(parse_int_checked(&format!("0b{}", "1".repeat(20_000)), 0).is_ok());
        assert!(parse_int(&long, 10).is_some());
        assert_eq!(
            ParseIntError::InvalidLiteral.to_format_error(0, "'010'").message,
            "invalid literal for int() with base 0: '010'"
        );
        assert_eq!(
            ParseIntError::InvalidBase.to_format_error(37, "'1'").message,
            "int() base must be >= 2 and <= 36, or 0"
        );
    }

    #[test]
    fn absurd_widths_do_not_allocate() {
        let memory = "!MemoryError: ";
        assert_eq!(fmt_i64(1, "99999999999999"), memory);
        assert_eq!(fmt_float(1.5, "99999999999999"), memory);
        assert_eq!(fmt_str("a", "99999999999999"), memory);
        assert_eq!(fmt_float(1.5, ".2000000000f"), memory);
        // Short results never hit the limit, whatever the precision says.
        assert_eq!(fmt_float(1.5, ".2147483647g"), "1.5");
        assert_eq!(fmt_str("abc", ".99999999999"), "abc");
        let too_many = "!ValueError: Too many decimal digits in format string";
        assert_eq!(fmt_i64(1, "999999999999999999999"), too_many);
        assert_eq!(fmt_i64(1, "9223372036854775808"), too_many);
        assert_eq!(fmt_str("a", ".99999999999999999999"), too_many);
        assert_eq!(fmt_float(1.0, ".2147483648f"), "!ValueError: precision too big");
    }

    #[test]
    fn type_names_appear_in_messages() {
        let spec = parse_format_spec("s", "bool").expect("valid spec");
        assert_eq!(
            render(format_i64(1, &spec, "bool")),
            "!ValueError: Unknown format code 's' for object of type 'bool'"
        );
        assert_eq!(
            render(parse_format_spec("abc", "MyInt").map(|_| String::new())),
            "!ValueError: Invalid format specifier 'abc' for object of type 'MyInt'"
        );
    }

    #[test]
    fn parsed_spec_fields() {
        let spec = parse_format_spec("*^+z#012_.3f", "float").expect("valid spec");
        assert_eq!(
            spec,
            FormatSpec {
                fill: '*',
                align: Some(Align::Center),
                sign: Some(Sign::Plus),
                no_neg_zero: true,
                alternate: true,
                // With an explicit fill the '0' is part of the width.
                zero_pad: false,
                width: Some(12),
                grouping: Some('_'),
                precision: Some(3),
                kind: Some('f'),
            }
        );
        let spec = parse_format_spec("<05", "str").expect("valid spec");
        assert_eq!((spec.fill, spec.zero_pad, spec.align, spec.width), ('0', true, Some(Align::Left), Some(5)));
        assert_eq!(parse_format_spec("", "int"), Ok(FormatSpec::default()));
    }

    #[test]
    fn printf_helpers_match_cpython() {
        // Expected values from CPython's '%' operator.
        assert_eq!(format_float_fixed(2.675, 3).as_deref(), Ok("2.675"));
        assert_eq!(format_float_exponent(1e16, 6, false).as_deref(), Ok("1.000000e+16"));
        assert_eq!(format_float_exponent(-1.5, 6, true).as_deref(), Ok("-1.500000E+00"));
        assert_eq!(format_float_exponent(12345.0, 0, false).as_deref(), Ok("1e+04"));
        assert_eq!(format_float_general(1e-5, 6, false, false).as_deref(), Ok("1e-05"));
        assert_eq!(format_float_general(1.0, 6, false, true).as_deref(), Ok("1.00000"));
        assert_eq!(format_float_general(f64::INFINITY, 6, true, false).as_deref(), Ok("INF"));
        assert_eq!(format_float_general(123456789.0, 6, false, false).as_deref(), Ok("1.23457e+08"));
        assert_eq!(format_float_general(0.0001234, 3, false, false).as_deref(), Ok("0.000123"));
        assert_eq!(format_float_fixed(f64::NAN, 6).as_deref(), Ok("nan"));
        let signed = DtoaFlags { sign: true, ..DtoaFlags::default() };
        assert_eq!(double_to_string(1.0, 'f', 2, signed).as_deref(), Ok("+1.00"));
        let alt = DtoaFlags { alt: true, ..DtoaFlags::default() };
        assert_eq!(double_to_string(3.0, 'f', 0, alt).as_deref(), Ok("3."));
        assert_eq!(double_to_string(0.1, 'r', 0, DtoaFlags::default()).as_deref(), Ok("0.1"));
        assert!(double_to_string(1.0, 'x', 2, DtoaFlags::default()).is_err());
    }

    const FLOAT_CASES: &[(f64, &str, &str)] = &[
        (0.0, "", "0.0"),
        (0.0, ".3f", "0.000"),
        (0.0, ".0f", "0"),
        (0.0, "e", "0.000000e+00"),
        (0.0, ".2E", "0.00E+00"),
        (0.0, "g", "0"),
        (0.0, ".3g", "0"),
        (0.0, "#.3g", "0.00"),
        (0.0, "G", "0"),
        (0.0, ".3", "0.0"),
        (0.0, "#", "0.0"),
        (0.0, "%", "0.000000%"),
        (0.0, ",.2f", "0.00"),
        (0.0, "_", "0.0"),
        (0.0, "n", "0"),
        (0.0, "+012,.2f", "+0,000,000.00"),
        (0.0, " ^15.4e", "  0.0000e+00   "),
        (0.0, "=+12.1f", "+        0.0"),
        (0.0, "z.1f", "0.0"),
        (0.0, "F", "0.000000"),
        (0.0, "0<10", "0.00000000"),
        (0.0, "*>12", "*********0.0"),
        (0.0, ".20f", "0.00000000000000000000"),
        (0.0, "#.0e", "0.e+00"),
        (-0.0, "", "-0.0"),
        (-0.0, ".3f", "-0.000"),
        (-0.0, ".0f", "-0"),
        (-0.0, "e", "-0.000000e+00"),
        (-0.0, ".2E", "-0.00E+00"),
        (-0.0, "g", "-0"),
        (-0.0, ".3g", "-0"),
        (-0.0, "#.3g", "-0.00"),
        (-0.0, "G", "-0"),
        (-0.0, ".3", "-0.0"),
        (-0.0, "#", "-0.0"),
        (-0.0, "%", "-0.000000%"),
        (-0.0, ",.2f", "-0.00"),
        (-0.0, "_", "-0.0"),
        (-0.0, "n", "-0"),
        (-0.0, "+012,.2f", "-0,000,000.00"),
        (-0.0, " ^15.4e", "  -0.0000e+00  "),
        (-0.0, "=+12.1f", "-        0.0"),
        (-0.0, "z.1f", "0.0"),
        (-0.0, "F", "-0.000000"),
        (-0.0, "0<10", "-0.0000000"),
        (-0.0, "*>12", "********-0.0"),
        (-0.0, ".20f", "-0.00000000000000000000"),
        (-0.0, "#.0e", "-0.e+00"),
        (1.0, "", "1.0"),
        (1.0, ".3f", "1.000"),
        (1.0, ".0f", "1"),
        (1.0, "e", "1.000000e+00"),
        (1.0, ".2E", "1.00E+00"),
        (1.0, "g", "1"),
        (1.0, ".3g", "1"),
        (1.0, "#.3g", "1.00"),
        (1.0, "G", "1"),
        (1.0, ".3", "1.0"),
        (1.0, "#", "1.0"),
        (1.0, "%", "100.000000%"),
        (1.0, ",.2f", "1.00"),
        (1.0, "_", "1.0"),
        (1.0, "n", "1"),
        (1.0, "+012,.2f", "+0,000,001.00"),
        (1.0, " ^15.4e", "  1.0000e+00   "),
        (1.0, "=+12.1f", "+        1.0"),
        (1.0, "z.1f", "1.0"),
        (1.0, "F", "1.000000"),
        (1.0, "0<10", "1.00000000"),
        (1.0, "*>12", "*********1.0"),
        (1.0, ".20f", "1.00000000000000000000"),
        (1.0, "#.0e", "1.e+00"),
        (-1.5, "", "-1.5"),
        (-1.5, ".3f", "-1.500"),
        (-1.5, ".0f", "-2"),
        (-1.5, "e", "-1.500000e+00"),
        (-1.5, ".2E", "-1.50E+00"),
        (-1.5, "g", "-1.5"),
        (-1.5, ".3g", "-1.5"),
        (-1.5, "#.3g", "-1.50"),
        (-1.5, "G", "-1.5"),
        (-1.5, ".3", "-1.5"),
        (-1.5, "#", "-1.5"),
        (-1.5, "%", "-150.000000%"),
        (-1.5, ",.2f", "-1.50"),
        (-1.5, "_", "-1.5"),
        (-1.5, "n", "-1.5"),
        (-1.5, "+012,.2f", "-0,000,001.50"),
        (-1.5, " ^15.4e", "  -1.5000e+00  "),
        (-1.5, "=+12.1f", "-        1.5"),
        (-1.5, "z.1f", "-1.5"),
        (-1.5, "F", "-1.500000"),
        (-1.5, "0<10", "-1.5000000"),
        (-1.5, "*>12", "********-1.5"),
        (-1.5, ".20f", "-1.50000000000000000000"),
        (-1.5, "#.0e", "-2.e+00"),
        (0.30000000000000004, "", "0.30000000000000004"),
        (0.30000000000000004, ".3f", "0.300"),
        (0.30000000000000004, ".0f", "0"),
        (0.30000000000000004, "e", "3.000000e-01"),
        (0.30000000000000004, ".2E", "3.00E-01"),
        (0.30000000000000004, "g", "0.3"),
        (0.30000000000000004, ".3g", "0.3"),
        (0.30000000000000004, "#.3g", "0.300"),
        (0.30000000000000004, "G", "0.3"),
        (0.30000000000000004, ".3", "0.3"),
        (0.30000000000000004, "#", "0.30000000000000004"),
        (0.30000000000000004, "%", "30.000000%"),
        (0.30000000000000004, ",.2f", "0.30"),
        (0.30000000000000004, "_", "0.30000000000000004"),
        (0.30000000000000004, "n", "0.3"),
        (0.30000000000000004, "+012,.2f", "+0,000,000.30"),
        (0.30000000000000004, " ^15.4e", "  3.0000e-01   "),
        (0.30000000000000004, "=+12.1f", "+        0.3"),
        (0.30000000000000004, "z.1f", "0.3"),
        (0.30000000000000004, "F", "0.300000"),
        (0.30000000000000004, "0<10", "0.30000000000000004"),
        (0.30000000000000004, "*>12", "0.30000000000000004"),
        (0.30000000000000004, ".20f", "0.30000000000000004441"),
        (0.30000000000000004, "#.0e", "3.e-01"),
        (0.3333333333333333, "", "0.3333333333333333"),
        (0.3333333333333333, ".3f", "0.333"),
        (0.3333333333333333, ".0f", "0"),
        (0.3333333333333333, "e", "3.333333e-01"),
        (0.3333333333333333, ".2E", "3.33E-01"),
        (0.3333333333333333, "g", "0.333333"),
        (0.3333333333333333, ".3g", "0.333"),
        (0.3333333333333333, "#.3g", "0.333"),
        (0.3333333333333333, "G", "0.333333"),
        (0.3333333333333333, ".3", "0.333"),
        (0.3333333333333333, "#", "0.3333333333333333"),
        (0.3333333333333333, "%", "33.333333%"),
        (0.3333333333333333, ",.2f", "0.33"),
        (0.3333333333333333, "_", "0.3333333333333333"),
        (0.3333333333333333, "n", "0.333333"),
        (0.3333333333333333, "+012,.2f", "+0,000,000.33"),
        (0.3333333333333333, " ^15.4e", "  3.3333e-01   "),
        (0.3333333333333333, "=+12.1f", "+        0.3"),
        (0.3333333333333333, "z.1f", "0.3"),
        (0.3333333333333333, "F", "0.333333"),
        (0.3333333333333333, "0<10", "0.3333333333333333"),
        (0.3333333333333333, "*>12", "0.3333333333333333"),
        (0.3333333333333333, ".20f", "0.33333333333333331483"),
        (0.3333333333333333, "#.0e", "3.e-01"),
        (123456789.123, "", "123456789.123"),
        (123456789.123, ".3f", "123456789.123"),
        (123456789.123, ".0f", "123456789"),
        (123456789.123, "e", "1.234568e+08"),
        (123456789.123, ".2E", "1.23E+08"),
        (123456789.123, "g", "1.23457e+08"),
        (123456789.123, ".3g", "1.23e+08"),
        (123456789.123, "#.3g", "1.23e+08"),
        (123456789.123, "G", "1.23457E+08"),
        (123456789.123, ".3", "1.23e+08"),
        (123456789.123, "#", "123456789.123"),
        (123456789.123, "%", "12345678912.299999%"),
        (123456789.123, ",.2f", "123,456,789.12"),
        (123456789.123, "_", "123_456_789.123"),
        (123456789.123, "n", "1.23457e+08"),
        (123456789.123, "+012,.2f", "+123,456,789.12"),
        (123456789.123, " ^15.4e", "  1.2346e+08   "),
        (123456789.123, "=+12.1f", "+123456789.1"),
        (123456789.123, "z.1f", "123456789.1"),
        (123456789.123, "F", "123456789.123000"),
        (123456789.123, "0<10", "123456789.123"),
        (123456789.123, "*>12", "123456789.123"),
        (123456789.123, ".20f", "123456789.12299999594688415527"),
        (123456789.123, "#.0e", "1.e+08"),
        (1234.5, "", "1234.5"),
        (1234.5, ".3f", "1234.500"),
        (1234.5, ".0f", "1234"),
        (1234.5, "e", "1.234500e+03"),
        (1234.5, ".2E", "1.23E+03"),
        (1234.5, "g", "1234.5"),
        (1234.5, ".3g", "1.23e+03"),
        (1234.5, "#.3g", "1.23e+03"),
        (1234.5, "G", "1234.5"),
        (1234.5, ".3", "1.23e+03"),
        (1234.5, "#", "1234.5"),
        (1234.5, "%", "123450.000000%"),
        (1234.5, ",.2f", "1,234.50"),
        (1234.5, "_", "1_234.5"),
        (1234.5, "n", "1234.5"),
        (1234.5, "+012,.2f", "+0,001,234.50"),
        (1234.5, " ^15.4e", "  1.2345e+03   "),
        (1234.5, "=+12.1f", "+     1234.5"),
        (1234.5, "z.1f", "1234.5"),
        (1234.5, "F", "1234.500000"),
        (1234.5, "0<10", "1234.50000"),
        (1234.5, "*>12", "******1234.5"),
        (1234.5, ".20f", "1234.50000000000000000000"),
        (1234.5, "#.0e", "1.e+03"),
        (1e+16, "", "1e+16"),
        (1e+16, ".3f", "10000000000000000.000"),
        (1e+16, ".0f", "10000000000000000"),
        (1e+16, "e", "1.000000e+16"),
        (1e+16, ".2E", "1.00E+16"),
        (1e+16, "g", "1e+16"),
        (1e+16, ".3g", "1e+16"),
        (1e+16, "#.3g", "1.00e+16"),
        (1e+16, "G", "1E+16"),
        (1e+16, ".3", "1e+16"),
        (1e+16, "#", "1.e+16"),
        (1e+16, "%", "1000000000000000000.000000%"),
        (1e+16, ",.2f", "10,000,000,000,000,000.00"),
        (1e+16, "_", "1e+16"),
        (1e+16, "n", "1e+16"),
        (1e+16, "+012,.2f", "+10,000,000,000,000,000.00"),
        (1e+16, " ^15.4e", "  1.0000e+16   "),
        (1e+16, "=+12.1f", "+10000000000000000.0"),
        (1e+16, "z.1f", "10000000000000000.0"),
        (1e+16, "F", "10000000000000000.000000"),
        (1e+16, "0<10", "1e+1600000"),
        (1e+16, "*>12", "*******1e+16"),
        (1e+16, ".20f", "10000000000000000.00000000000000000000"),
        (1e+16, "#.0e", "1.e+16"),
        (1e+22, "", "1e+22"),
        (1e+22, ".3f", "10000000000000000000000.000"),
        (1e+22, ".0f", "10000000000000000000000"),
        (1e+22, "e", "1.000000e+22"),
        (1e+22, ".2E", "1.00E+22"),
        (1e+22, "g", "1e+22"),
        (1e+22, ".3g", "1e+22"),
        (1e+22, "#.3g", "1.00e+22"),
        (1e+22, "G", "1E+22"),
        (1e+22, ".3", "1e+22"),
        (1e+22, "#", "1.e+22"),
        (1e+22, "%", "999999999999999983222784.000000%"),
        (1e+22, ",.2f", "10,000,000,000,000,000,000,000.00"),
        (1e+22, "_", "1e+22"),
        (1e+22, "n", "1e+22"),
        (1e+22, "+012,.2f", "+10,000,000,000,000,000,000,000.00"),
        (1e+22, " ^15.4e", "  1.0000e+22   "),
        (1e+22, "=+12.1f", "+10000000000000000000000.0"),
        (1e+22, "z.1f", "10000000000000000000000.0"),
        (1e+22, "F", "10000000000000000000000.000000"),
        (1e+22, "0<10", "1e+2200000"),
        (1e+22, "*>12", "*******1e+22"),
        (1e+22, ".20f", "10000000000000000000000.00000000000000000000"),
        (1e+22, "#.0e", "1.e+22"),
        (1e-05, "", "1e-05"),
        (1e-05, ".3f", "0.000"),
        (1e-05, ".0f", "0"),
        (1e-05, "e", "1.000000e-05"),
        (1e-05, ".2E", "1.00E-05"),
        (1e-05, "g", "1e-05"),
        (1e-05, ".3g", "1e-05"),
        (1e-05, "#.3g", "1.00e-05"),
        (1e-05, "G", "1E-05"),
        (1e-05, ".3", "1e-05"),
        (1e-05, "#", "1.e-05"),
        (1e-05, "%", "0.001000%"),
        (1e-05, ",.2f", "0.00"),
        (1e-05, "_", "1e-05"),
        (1e-05, "n", "1e-05"),
        (1e-05, "+012,.2f", "+0,000,000.00"),
        (1e-05, " ^15.4e", "  1.0000e-05   "),
        (1e-05, "=+12.1f", "+        0.0"),
        (1e-05, "z.1f", "0.0"),
        (1e-05, "F", "0.000010"),
        (1e-05, "0<10", "1e-0500000"),
        (1e-05, "*>12", "*******1e-05"),
        (1e-05, ".20f", "0.00001000000000000000"),
        (1e-05, "#.0e", "1.e-05"),
        (5e-324, "", "5e-324"),
        (5e-324, ".3f", "0.000"),
        (5e-324, ".0f", "0"),
        (5e-324, "e", "4.940656e-324"),
        (5e-324, ".2E", "4.94E-324"),
        (5e-324, "g", "4.94066e-324"),
        (5e-324, ".3g", "4.94e-324"),
        (5e-324, "#.3g", "4.94e-324"),
        (5e-324, "G", "4.94066E-324"),
        (5e-324, ".3", "4.94e-324"),
        (5e-324, "#", "5.e-324"),
        (5e-324, "%", "0.000000%"),
        (5e-324, ",.2f", "0.00"),
        (5e-324, "_", "5e-324"),
        (5e-324, "n", "4.94066e-324"),
        (5e-324, "+012,.2f", "+0,000,000.00"),
        (5e-324, " ^15.4e", "  4.9407e-324  "),
        (5e-324, "=+12.1f", "+        0.0"),
        (5e-324, "z.1f", "0.0"),
        (5e-324, "F", "0.000000"),
        (5e-324, "0<10", "5e-3240000"),
        (5e-324, "*>12", "******5e-324"),
        (5e-324, ".20f", "0.00000000000000000000"),
        (5e-324, "#.0e", "5.e-324"),
        (1.7976931348623157e+308, "", "1.7976931348623157e+308"),
        (
            1.7976931348623157e+308,
            ".3f",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000",
        ),
        (
            1.7976931348623157e+308,
            ".0f",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368",
        ),
        (1.7976931348623157e+308, "e", "1.797693e+308"),
        (1.7976931348623157e+308, ".2E", "1.80E+308"),
        (1.7976931348623157e+308, "g", "1.79769e+308"),
        (1.7976931348623157e+308, ".3g", "1.8e+308"),
        (1.7976931348623157e+308, "#.3g", "1.80e+308"),
        (1.7976931348623157e+308, "G", "1.79769E+308"),
        (1.7976931348623157e+308, ".3", "1.8e+308"),
        (1.7976931348623157e+308, "#", "1.7976931348623157e+308"),
        (1.7976931348623157e+308, "%", "inf%"),
        (
            1.7976931348623157e+308,
            ",.2f",
            "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00",
        ),
        (1.7976931348623157e+308, "_", "1.7976931348623157e+308"),
        (1.7976931348623157e+308, "n", "1.79769e+308"),
        (
            1.7976931348623157e+308,
            "+012,.2f",
            "+179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368.00",
        ),
        (1.7976931348623157e+308, " ^15.4e", "  1.7977e+308  "),
        (
            1.7976931348623157e+308,
            "=+12.1f",
            "+179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0",
        ),
        (
            1.7976931348623157e+308,
            "z.1f",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0",
        ),
        (
            1.7976931348623157e+308,
            "F",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000",
        ),
        (1.7976931348623157e+308, "0<10", "1.7976931348623157e+308"),
        (1.7976931348623157e+308, "*>12", "1.7976931348623157e+308"),
        (
            1.7976931348623157e+308,
            ".20f",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00000000000000000000",
        ),
        (1.7976931348623157e+308, "#.0e", "2.e+308"),
        (f64::INFINITY, "", "inf"),
        (f64::INFINITY, ".3f", "inf"),
        (f64::INFINITY, ".0f", "inf"),
        (f64::INFINITY, "e", "inf"),
        (f64::INFINITY, ".2E", "INF"),
        (f64::INFINITY, "g", "inf"),
        (f64::INFINITY, ".3g", "inf"),
        (f64::INFINITY, "#.3g", "inf"),
        (f64::INFINITY, "G", "INF"),
        (f64::INFINITY, ".3", "inf"),
        (f64::INFINITY, "#", "inf"),
        (f64::INFINITY, "%", "inf%"),
        (f64::INFINITY, ",.2f", "inf"),
        (f64::INFINITY, "_", "inf"),
        (f64::INFINITY, "n", "inf"),
        (f64::INFINITY, "+012,.2f", "+00000000inf"),
        (f64::INFINITY, " ^15.4e", "      inf      "),
        (f64::INFINITY, "=+12.1f", "+        inf"),
        (f64::INFINITY, "z.1f", "inf"),
        (f64::INFINITY, "F", "INF"),
        (f64::INFINITY, "0<10", "inf0000000"),
        (f64::INFINITY, "*>12", "*********inf"),
        (f64::INFINITY, ".20f", "inf"),
        (f64::INFINITY, "#.0e", "inf"),
        (f64::NEG_INFINITY, "", "-inf"),
        (f64::NEG_INFINITY, ".3f", "-inf"),
        (f64::NEG_INFINITY, ".0f", "-inf"),
        (f64::NEG_INFINITY, "e", "-inf"),
        (f64::NEG_INFINITY, ".2E", "-INF"),
        (f64::NEG_INFINITY, "g", "-inf"),
        (f64::NEG_INFINITY, ".3g", "-inf"),
        (f64::NEG_INFINITY, "#.3g", "-inf"),
        (f64::NEG_INFINITY, "G", "-INF"),
        (f64::NEG_INFINITY, ".3", "-inf"),
        (f64::NEG_INFINITY, "#", "-inf"),
        (f64::NEG_INFINITY, "%", "-inf%"),
        (f64::NEG_INFINITY, ",.2f", "-inf"),
        (f64::NEG_INFINITY, "_", "-inf"),
        (f64::NEG_INFINITY, "n", "-inf"),
        (f64::NEG_INFINITY, "+012,.2f", "-00000000inf"),
        (f64::NEG_INFINITY, " ^15.4e", "     -inf      "),
        (f64::NEG_INFINITY, "=+12.1f", "-        inf"),
        (f64::NEG_INFINITY, "z.1f", "-inf"),
        (f64::NEG_INFINITY, "F", "-INF"),
        (f64::NEG_INFINITY, "0<10", "-inf000000"),
        (f64::NEG_INFINITY, "*>12", "********-inf"),
        (f64::NEG_INFINITY, ".20f", "-inf"),
        (f64::NEG_INFINITY, "#.0e", "-inf"),
        (f64::NAN, "", "nan"),
        (f64::NAN, ".3f", "nan"),
        (f64::NAN, ".0f", "nan"),
        (f64::NAN, "e", "nan"),
        (f64::NAN, ".2E", "NAN"),
        (f64::NAN, "g", "nan"),
        (f64::NAN, ".3g", "nan"),
        (f64::NAN, "#.3g", "nan"),
        (f64::NAN, "G", "NAN"),
        (f64::NAN, ".3", "nan"),
        (f64::NAN, "#", "nan"),
        (f64::NAN, "%", "nan%"),
        (f64::NAN, ",.2f", "nan"),
        (f64::NAN, "_", "nan"),
        (f64::NAN, "n", "nan"),
        (f64::NAN, "+012,.2f", "+00000000nan"),
        (f64::NAN, " ^15.4e", "      nan      "),
        (f64::NAN, "=+12.1f", "+        nan"),
        (f64::NAN, "z.1f", "nan"),
        (f64::NAN, "F", "NAN"),
        (f64::NAN, "0<10", "nan0000000"),
        (f64::NAN, "*>12", "*********nan"),
        (f64::NAN, ".20f", "nan"),
        (f64::NAN, "#.0e", "nan"),
        (2.675, "", "2.675"),
        (2.675, ".3f", "2.675"),
        (2.675, ".0f", "3"),
        (2.675, "e", "2.675000e+00"),
        (2.675, ".2E", "2.67E+00"),
        (2.675, "g", "2.675"),
        (2.675, ".3g", "2.67"),
        (2.675, "#.3g", "2.67"),
        (2.675, "G", "2.675"),
        (2.675, ".3", "2.67"),
        (2.675, "#", "2.675"),
        (2.675, "%", "267.500000%"),
        (2.675, ",.2f", "2.67"),
        (2.675, "_", "2.675"),
        (2.675, "n", "2.675"),
        (2.675, "+012,.2f", "+0,000,002.67"),
        (2.675, " ^15.4e", "  2.6750e+00   "),
        (2.675, "=+12.1f", "+        2.7"),
        (2.675, "z.1f", "2.7"),
        (2.675, "F", "2.675000"),
        (2.675, "0<10", "2.67500000"),
        (2.675, "*>12", "*******2.675"),
        (2.675, ".20f", "2.67499999999999982236"),
        (2.675, "#.0e", "3.e+00"),
        (0.125, "", "0.125"),
        (0.125, ".3f", "0.125"),
        (0.125, ".0f", "0"),
        (0.125, "e", "1.250000e-01"),
        (0.125, ".2E", "1.25E-01"),
        (0.125, "g", "0.125"),
        (0.125, ".3g", "0.125"),
        (0.125, "#.3g", "0.125"),
        (0.125, "G", "0.125"),
        (0.125, ".3", "0.125"),
        (0.125, "#", "0.125"),
        (0.125, "%", "12.500000%"),
        (0.125, ",.2f", "0.12"),
        (0.125, "_", "0.125"),
        (0.125, "n", "0.125"),
        (0.125, "+012,.2f", "+0,000,000.12"),
        (0.125, " ^15.4e", "  1.2500e-01   "),
        (0.125, "=+12.1f", "+        0.1"),
        (0.125, "z.1f", "0.1"),
        (0.125, "F", "0.125000"),
        (0.125, "0<10", "0.12500000"),
        (0.125, "*>12", "*******0.125"),
        (0.125, ".20f", "0.12500000000000000000"),
        (0.125, "#.0e", "1.e-01"),
        (-1234567.891, "", "-1234567.891"),
        (-1234567.891, ".3f", "-1234567.891"),
        (-1234567.891, ".0f", "-1234568"),
        (-1234567.891, "e", "-1.234568e+06"),
        (-1234567.891, ".2E", "-1.23E+06"),
        (-1234567.891, "g", "-1.23457e+06"),
        (-1234567.891, ".3g", "-1.23e+06"),
        (-1234567.891, "#.3g", "-1.23e+06"),
        (-1234567.891, "G", "-1.23457E+06"),
        (-1234567.891, ".3", "-1.23e+06"),
        (-1234567.891, "#", "-1234567.891"),
        (-1234567.891, "%", "-123456789.100000%"),
        (-1234567.891, ",.2f", "-1,234,567.89"),
        (-1234567.891, "_", "-1_234_567.891"),
        (-1234567.891, "n", "-1.23457e+06"),
        (-1234567.891, "+012,.2f", "-1,234,567.89"),
        (-1234567.891, " ^15.4e", "  -1.2346e+06  "),
        (-1234567.891, "=+12.1f", "-  1234567.9"),
        (-1234567.891, "z.1f", "-1234567.9"),
        (-1234567.891, "F", "-1234567.891000"),
        (-1234567.891, "0<10", "-1234567.891"),
        (-1234567.891, "*>12", "-1234567.891"),
        (-1234567.891, ".20f", "-1234567.89100000006146728992"),
        (-1234567.891, "#.0e", "-1.e+06"),
        (100.0, "", "100.0"),
        (100.0, ".3f", "100.000"),
        (100.0, ".0f", "100"),
        (100.0, "e", "1.000000e+02"),
        (100.0, ".2E", "1.00E+02"),
        (100.0, "g", "100"),
        (100.0, ".3g", "100"),
        (100.0, "#.3g", "100."),
        (100.0, "G", "100"),
        (100.0, ".3", "1e+02"),
        (100.0, "#", "100.0"),
        (100.0, "%", "10000.000000%"),
        (100.0, ",.2f", "100.00"),
        (100.0, "_", "100.0"),
        (100.0, "n", "100"),
        (100.0, "+012,.2f", "+0,000,100.00"),
        (100.0, " ^15.4e", "  1.0000e+02   "),
        (100.0, "=+12.1f", "+      100.0"),
        (100.0, "z.1f", "100.0"),
        (100.0, "F", "100.000000"),
        (100.0, "0<10", "100.000000"),
        (100.0, "*>12", "*******100.0"),
        (100.0, ".20f", "100.00000000000000000000"),
        (100.0, "#.0e", "1.e+02"),
        (0.1, ".3", "0.1"),
        (1234.5, ".3", "1.23e+03"),
        (1e+16, "", "1e+16"),
        (1.0, "", "1.0"),
        (0.0001, "", "0.0001"),
        (1e-05, "", "1e-05"),
        (123.0, ".3", "1.23e+02"),
        (1234.5, ".4", "1.234e+03"),
        (0.5, ".0f", "0"),
        (1.5, ".0f", "2"),
        (2.5, ".0f", "2"),
        (0.125, ".2f", "0.12"),
        (0.375, ".2f", "0.38"),
        (9.995, ".2f", "9.99"),
        (0.07, "%", "7.000000%"),
        (1e-10, "z.3f", "0.000"),
        (-1e-10, "z.3f", "0.000"),
        (-0.0, "z", "0.0"),
        (-0.0, "z.2e", "0.00e+00"),
        (-0.0001, "z.2f", "0.00"),
        (-1e-300, "z.2g", "-1e-300"),
        (f64::INFINITY, "010", "0000000inf"),
        (f64::NEG_INFINITY, "010", "-000000inf"),
        (f64::NAN, "+", "+nan"),
        (f64::NAN, "", "nan"),
        (f64::INFINITY, "F", "INF"),
        (f64::NAN, "E", "NAN"),
        (f64::NEG_INFINITY, "%", "-inf%"),
        (1234.5, "012,.1f", "00,001,234.5"),
        (1234.5, "0=12,.1f", "00,001,234.5"),
        (1234.5, "x=12,.1f", "xxxxx1,234.5"),
        (1234.5, "^+12.1f", "  +1234.5   "),
        (-1234.5, "^12", "  -1234.5   "),
        (-1234.5, "<12", "-1234.5     "),
        (-1234.5, "=12", "-     1234.5"),
        (-1234.5, "012", "-000001234.5"),
        (-1234.5, " 012", "-000001234.5"),
        (-1234.5, "+012", "-000001234.5"),
        (1234.5, " 012", " 000001234.5"),
        (1234.5, "+012", "+000001234.5"),
        (1234.5, "-012", "0000001234.5"),
        (1e+100, "", "1e+100"),
        (
            1e+100,
            ",.0f",
            "10,000,000,000,000,000,159,028,911,097,599,180,468,360,808,563,945,281,389,781,327,557,747,838,772,170,381,060,813,469,985,856,815,104",
        ),
        (123456.0, ",.0e", "1e+05"),
        (12345.678, "_.3f", "12_345.678"),
        (12345.678, ",g", "12,345.7"),
        (12345678.9, ",g", "1.23457e+07"),
        (12345678.9, ",.10g", "12,345,678.9"),
        (1.0, "#.0f", "1."),
        (1.0, "#g", "1.00000"),
        (1.0, "#.0e", "1.e+00"),
        (0.0, "#g", "0.00000"),
        (100.0, "g", "100"),
        (100.0, "#.2g", "1.0e+02"),
        (1000000.0, "g", "1e+06"),
        (100000.0, "g", "100000"),
        (0.0001, "g", "0.0001"),
        (1e-05, "g", "1e-05"),
        (123456789.0, ".10", "123456789.0"),
        (5e-324, ".3e", "4.941e-324"),
        (5e-324, "f", "0.000000"),
        (
            1.7976931348623157e+308,
            "f",
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000",
        ),
        (
            1.7976931348623157e+308,
            ",.0f",
            "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368",
        ),
        (0.1, ".30f", "0.100000000000000005551115123126"),
        (0.1, ".25g", "0.1000000000000000055511151"),
        (9007199254740992.0, "", "9007199254740992.0"),
        (9.223372036854776e+18, ".0f", "9223372036854775808"),
        (1000000000000000.0, "", "1000000000000000.0"),
        (9999999999999998.0, "", "9999999999999998.0"),
        (0.1, "d", "!ValueError: Unknown format code 'd' for object of type 'float'"),
        (0.1, "x", "!ValueError: Unknown format code 'x' for object of type 'float'"),
        (0.1, "c", "!ValueError: Unknown format code 'c' for object of type 'float'"),
        (0.1, "s", "!ValueError: Unknown format code 's' for object of type 'float'"),
        (0.1, "abc", "!ValueError: Invalid format specifier 'abc' for object of type 'float'"),
        (0.1, ",_", "!ValueError: Cannot specify both ',' and '_'."),
        (0.1, ".", "!ValueError: Format specifier missing precision"),
        (0.1, ",n", "!ValueError: Cannot specify ',' with 'n'."),
        (0.1, "_n", "!ValueError: Cannot specify '_' with 'n'."),
        (0.1, ".2147483648f", "!ValueError: precision too big"),
        (0.1, "\u{1}", "!ValueError: Unknown format code '\\x1' for object of type 'float'"),
        (0.1, "é", "!ValueError: Unknown format code '\\xe9' for object of type 'float'"),
        (0.1, "99999999999999999999", "!ValueError: Too many decimal digits in format string"),
        (1.5, "٥", "  1.5"),
        (1.5, ".٢f", "1.50"),
        (1.5, "é^9.2f", "éé1.50ééé"),
        (1.5, "0^9", "0001.5000"),
        (-1.5, "0^9", "00-1.5000"),
        (1.5, "=^9", "===1.5==="),
    ];

    const INT_CASES: &[(&str, &str, &str)] = &[
        ("0", "", "0"),
        ("0", "d", "0"),
        ("0", "b", "0"),
        ("0", "#o", "0o0"),
        ("0", "x", "0"),
        ("0", "#X", "0X0"),
        ("0", "c", "\u{0}"),
        ("0", "n", "0"),
        ("0", ",", "0"),
        ("0", "_", "0"),
        ("0", "_b", "0"),
        ("0", "#_x", "0x0"),
        ("0", "+10", "        +0"),
        ("0", " 010", " 000000000"),
        ("0", "-010", "0000000000"),
        ("0", "0=10", "0000000000"),
        ("0", "*^11", "*****0*****"),
        ("0", "<8", "0       "),
        ("0", "09,", "0,000,000"),
        ("0", "#015_x", "0x000_0000_0000"),
        ("0", "e", "0.000000e+00"),
        ("0", ".2f", "0.00"),
        ("0", "%", "0.000000%"),
        ("0", "g", "0"),
        ("7", "", "7"),
        ("7", "d", "7"),
        ("7", "b", "111"),
        ("7", "#o", "0o7"),
        ("7", "x", "7"),
        ("7", "#X", "0X7"),
        ("7", "c", "\u{7}"),
        ("7", "n", "7"),
        ("7", ",", "7"),
        ("7", "_", "7"),
        ("7", "_b", "111"),
        ("7", "#_x", "0x7"),
        ("7", "+10", "        +7"),
        ("7", " 010", " 000000007"),
        ("7", "-010", "0000000007"),
        ("7", "0=10", "0000000007"),
        ("7", "*^11", "*****7*****"),
        ("7", "<8", "7       "),
        ("7", "09,", "0,000,007"),
        ("7", "#015_x", "0x000_0000_0007"),
        ("7", "e", "7.000000e+00"),
        ("7", ".2f", "7.00"),
        ("7", "%", "700.000000%"),
        ("7", "g", "7"),
        ("-7", "", "-7"),
        ("-7", "d", "-7"),
        ("-7", "b", "-111"),
        ("-7", "#o", "-0o7"),
        ("-7", "x", "-7"),
        ("-7", "#X", "-0X7"),
        ("-7", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("-7", "n", "-7"),
        ("-7", ",", "-7"),
        ("-7", "_", "-7"),
        ("-7", "_b", "-111"),
        ("-7", "#_x", "-0x7"),
        ("-7", "+10", "        -7"),
        ("-7", " 010", "-000000007"),
        ("-7", "-010", "-000000007"),
        ("-7", "0=10", "-000000007"),
        ("-7", "*^11", "****-7*****"),
        ("-7", "<8", "-7      "),
        ("-7", "09,", "-0,000,007"),
        ("-7", "#015_x", "-0x00_0000_0007"),
        ("-7", "e", "-7.000000e+00"),
        ("-7", ".2f", "-7.00"),
        ("-7", "%", "-700.000000%"),
        ("-7", "g", "-7"),
        ("255", "", "255"),
        ("255", "d", "255"),
        ("255", "b", "11111111"),
        ("255", "#o", "0o377"),
        ("255", "x", "ff"),
        ("255", "#X", "0XFF"),
        ("255", "c", "ÿ"),
        ("255", "n", "255"),
        ("255", ",", "255"),
        ("255", "_", "255"),
        ("255", "_b", "1111_1111"),
        ("255", "#_x", "0xff"),
        ("255", "+10", "      +255"),
        ("255", " 010", " 000000255"),
        ("255", "-010", "0000000255"),
        ("255", "0=10", "0000000255"),
        ("255", "*^11", "****255****"),
        ("255", "<8", "255     "),
        ("255", "09,", "0,000,255"),
        ("255", "#015_x", "0x000_0000_00ff"),
        ("255", "e", "2.550000e+02"),
        ("255", ".2f", "255.00"),
        ("255", "%", "25500.000000%"),
        ("255", "g", "255"),
        ("-255", "", "-255"),
        ("-255", "d", "-255"),
        ("-255", "b", "-11111111"),
        ("-255", "#o", "-0o377"),
        ("-255", "x", "-ff"),
        ("-255", "#X", "-0XFF"),
        ("-255", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("-255", "n", "-255"),
        ("-255", ",", "-255"),
        ("-255", "_", "-255"),
        ("-255", "_b", "-1111_1111"),
        ("-255", "#_x", "-0xff"),
        ("-255", "+10", "      -255"),
        ("-255", " 010", "-000000255"),
        ("-255", "-010", "-000000255"),
        ("-255", "0=10", "-000000255"),
        ("-255", "*^11", "***-255****"),
        ("-255", "<8", "-255    "),
        ("-255", "09,", "-0,000,255"),
        ("-255", "#015_x", "-0x00_0000_00ff"),
        ("-255", "e", "-2.550000e+02"),
        ("-255", ".2f", "-255.00"),
        ("-255", "%", "-25500.000000%"),
        ("-255", "g", "-255"),
        ("1234567", "", "1234567"),
        ("1234567", "d", "1234567"),
        ("1234567", "b", "100101101011010000111"),
        ("1234567", "#o", "0o4553207"),
        ("1234567", "x", "12d687"),
        ("1234567", "#X", "0X12D687"),
        ("1234567", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("1234567", "n", "1234567"),
        ("1234567", ",", "1,234,567"),
        ("1234567", "_", "1_234_567"),
        ("1234567", "_b", "1_0010_1101_0110_1000_0111"),
        ("1234567", "#_x", "0x12_d687"),
        ("1234567", "+10", "  +1234567"),
        ("1234567", " 010", " 001234567"),
        ("1234567", "-010", "0001234567"),
        ("1234567", "0=10", "0001234567"),
        ("1234567", "*^11", "**1234567**"),
        ("1234567", "<8", "1234567 "),
        ("1234567", "09,", "1,234,567"),
        ("1234567", "#015_x", "0x000_0012_d687"),
        ("1234567", "e", "1.234567e+06"),
        ("1234567", ".2f", "1234567.00"),
        ("1234567", "%", "123456700.000000%"),
        ("1234567", "g", "1.23457e+06"),
        ("-1234567", "", "-1234567"),
        ("-1234567", "d", "-1234567"),
        ("-1234567", "b", "-100101101011010000111"),
        ("-1234567", "#o", "-0o4553207"),
        ("-1234567", "x", "-12d687"),
        ("-1234567", "#X", "-0X12D687"),
        ("-1234567", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("-1234567", "n", "-1234567"),
        ("-1234567", ",", "-1,234,567"),
        ("-1234567", "_", "-1_234_567"),
        ("-1234567", "_b", "-1_0010_1101_0110_1000_0111"),
        ("-1234567", "#_x", "-0x12_d687"),
        ("-1234567", "+10", "  -1234567"),
        ("-1234567", " 010", "-001234567"),
        ("-1234567", "-010", "-001234567"),
        ("-1234567", "0=10", "-001234567"),
        ("-1234567", "*^11", "*-1234567**"),
        ("-1234567", "<8", "-1234567"),
        ("-1234567", "09,", "-1,234,567"),
        ("-1234567", "#015_x", "-0x00_0012_d687"),
        ("-1234567", "e", "-1.234567e+06"),
        ("-1234567", ".2f", "-1234567.00"),
        ("-1234567", "%", "-123456700.000000%"),
        ("-1234567", "g", "-1.23457e+06"),
        ("65", "", "65"),
        ("65", "d", "65"),
        ("65", "b", "1000001"),
        ("65", "#o", "0o101"),
        ("65", "x", "41"),
        ("65", "#X", "0X41"),
        ("65", "c", "A"),
        ("65", "n", "65"),
        ("65", ",", "65"),
        ("65", "_", "65"),
        ("65", "_b", "100_0001"),
        ("65", "#_x", "0x41"),
        ("65", "+10", "       +65"),
        ("65", " 010", " 000000065"),
        ("65", "-010", "0000000065"),
        ("65", "0=10", "0000000065"),
        ("65", "*^11", "****65*****"),
        ("65", "<8", "65      "),
        ("65", "09,", "0,000,065"),
        ("65", "#015_x", "0x000_0000_0041"),
        ("65", "e", "6.500000e+01"),
        ("65", ".2f", "65.00"),
        ("65", "%", "6500.000000%"),
        ("65", "g", "65"),
        ("9223372036854775807", "", "9223372036854775807"),
        ("9223372036854775807", "d", "9223372036854775807"),
        ("9223372036854775807", "b", "111111111111111111111111111111111111111111111111111111111111111"),
        ("9223372036854775807", "#o", "0o777777777777777777777"),
        ("9223372036854775807", "x", "7fffffffffffffff"),
        ("9223372036854775807", "#X", "0X7FFFFFFFFFFFFFFF"),
        ("9223372036854775807", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("9223372036854775807", "n", "9223372036854775807"),
        ("9223372036854775807", ",", "9,223,372,036,854,775,807"),
        ("9223372036854775807", "_", "9_223_372_036_854_775_807"),
        ("9223372036854775807", "_b", "111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111_1111"),
        ("9223372036854775807", "#_x", "0x7fff_ffff_ffff_ffff"),
        ("9223372036854775807", "+10", "+9223372036854775807"),
        ("9223372036854775807", " 010", " 9223372036854775807"),
        ("9223372036854775807", "-010", "9223372036854775807"),
        ("9223372036854775807", "0=10", "9223372036854775807"),
        ("9223372036854775807", "*^11", "9223372036854775807"),
        ("9223372036854775807", "<8", "9223372036854775807"),
        ("9223372036854775807", "09,", "9,223,372,036,854,775,807"),
        ("9223372036854775807", "#015_x", "0x7fff_ffff_ffff_ffff"),
        ("9223372036854775807", "e", "9.223372e+18"),
        ("9223372036854775807", ".2f", "9223372036854775808.00"),
        ("9223372036854775807", "%", "922337203685477580800.000000%"),
        ("9223372036854775807", "g", "9.22337e+18"),
        ("-9223372036854775808", "", "-9223372036854775808"),
        ("-9223372036854775808", "d", "-9223372036854775808"),
        ("-9223372036854775808", "b", "-1000000000000000000000000000000000000000000000000000000000000000"),
        ("-9223372036854775808", "#o", "-0o1000000000000000000000"),
        ("-9223372036854775808", "x", "-8000000000000000"),
        ("-9223372036854775808", "#X", "-0X8000000000000000"),
        ("-9223372036854775808", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("-9223372036854775808", "n", "-9223372036854775808"),
        ("-9223372036854775808", ",", "-9,223,372,036,854,775,808"),
        ("-9223372036854775808", "_", "-9_223_372_036_854_775_808"),
        (
            "-9223372036854775808",
            "_b",
            "-1000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000_0000",
        ),
        ("-9223372036854775808", "#_x", "-0x8000_0000_0000_0000"),
        ("-9223372036854775808", "+10", "-9223372036854775808"),
        ("-9223372036854775808", " 010", "-9223372036854775808"),
        ("-9223372036854775808", "-010", "-9223372036854775808"),
        ("-9223372036854775808", "0=10", "-9223372036854775808"),
        ("-9223372036854775808", "*^11", "-9223372036854775808"),
        ("-9223372036854775808", "<8", "-9223372036854775808"),
        ("-9223372036854775808", "09,", "-9,223,372,036,854,775,808"),
        ("-9223372036854775808", "#015_x", "-0x8000_0000_0000_0000"),
        ("-9223372036854775808", "e", "-9.223372e+18"),
        ("-9223372036854775808", ".2f", "-9223372036854775808.00"),
        ("-9223372036854775808", "%", "-922337203685477580800.000000%"),
        ("-9223372036854775808", "g", "-9.22337e+18"),
        ("12345678901234567890123456789012345", "", "12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", "d", "12345678901234567890123456789012345"),
        (
            "12345678901234567890123456789012345",
            "b",
            "100110000010110000010111111111101111100111111111001011000100010111101000000010010011110001111000101101111101111001",
        ),
        ("12345678901234567890123456789012345", "#o", "0o46026027775747771304275002236170557571"),
        ("12345678901234567890123456789012345", "x", "260b05ffbe7fcb117a024f1e2df79"),
        ("12345678901234567890123456789012345", "#X", "0X260B05FFBE7FCB117A024F1E2DF79"),
        ("12345678901234567890123456789012345", "c", "!OverflowError: Python int too large to convert to C long"),
        ("12345678901234567890123456789012345", "n", "12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", ",", "12,345,678,901,234,567,890,123,456,789,012,345"),
        ("12345678901234567890123456789012345", "_", "12_345_678_901_234_567_890_123_456_789_012_345"),
        (
            "12345678901234567890123456789012345",
            "_b",
            "10_0110_0000_1011_0000_0101_1111_1111_1011_1110_0111_1111_1100_1011_0001_0001_0111_1010_0000_0010_0100_1111_0001_1110_0010_1101_1111_0111_1001",
        ),
        ("12345678901234567890123456789012345", "#_x", "0x2_60b0_5ffb_e7fc_b117_a024_f1e2_df79"),
        ("12345678901234567890123456789012345", "+10", "+12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", " 010", " 12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", "-010", "12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", "0=10", "12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", "*^11", "12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", "<8", "12345678901234567890123456789012345"),
        ("12345678901234567890123456789012345", "09,", "12,345,678,901,234,567,890,123,456,789,012,345"),
        ("12345678901234567890123456789012345", "#015_x", "0x2_60b0_5ffb_e7fc_b117_a024_f1e2_df79"),
        ("12345678901234567890123456789012345", "e", "1.234568e+34"),
        ("12345678901234567890123456789012345", ".2f", "12345678901234568964337362356142080.00"),
        ("12345678901234567890123456789012345", "%", "1234567890123456841093504014485553152.000000%"),
        ("12345678901234567890123456789012345", "g", "1.23457e+34"),
        ("-98765432109876543210987654321098765", "", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", "d", "-98765432109876543210987654321098765"),
        (
            "-98765432109876543210987654321098765",
            "b",
            "-100110000010110000011000000101100011110110110010011110100110100000101001100110001011110000001011010010101000000001101",
        ),
        ("-98765432109876543210987654321098765", "#o", "-0o460260300543666236464051461360132250015"),
        ("-98765432109876543210987654321098765", "x", "-13058302c7b64f4d0533178169500d"),
        ("-98765432109876543210987654321098765", "#X", "-0X13058302C7B64F4D0533178169500D"),
        ("-98765432109876543210987654321098765", "c", "!OverflowError: Python int too large to convert to C long"),
        ("-98765432109876543210987654321098765", "n", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", ",", "-98,765,432,109,876,543,210,987,654,321,098,765"),
        ("-98765432109876543210987654321098765", "_", "-98_765_432_109_876_543_210_987_654_321_098_765"),
        (
            "-98765432109876543210987654321098765",
            "_b",
            "-1_0011_0000_0101_1000_0011_0000_0010_1100_0111_1011_0110_0100_1111_0100_1101_0000_0101_0011_0011_0001_0111_1000_0001_0110_1001_0101_0000_0000_1101",
        ),
        ("-98765432109876543210987654321098765", "#_x", "-0x13_0583_02c7_b64f_4d05_3317_8169_500d"),
        ("-98765432109876543210987654321098765", "+10", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", " 010", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", "-010", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", "0=10", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", "*^11", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", "<8", "-98765432109876543210987654321098765"),
        ("-98765432109876543210987654321098765", "09,", "-98,765,432,109,876,543,210,987,654,321,098,765"),
        ("-98765432109876543210987654321098765", "#015_x", "-0x13_0583_02c7_b64f_4d05_3317_8169_500d"),
        ("-98765432109876543210987654321098765", "e", "-9.876543e+34"),
        ("-98765432109876543210987654321098765", ".2f", "-98765432109876537661089362468667392.00"),
        ("-98765432109876543210987654321098765", "%", "-9876543210987653249600102182999293952.000000%"),
        ("-98765432109876543210987654321098765", "g", "-9.87654e+34"),
        ("1234", "08,", "0,001,234"),
        ("1234", "0=9,", "0,001,234"),
        ("123", "x=10,", "xxxxxxx123"),
        ("12345678", "_b", "1011_1100_0110_0001_0100_1110"),
        ("12345", "_o", "3_0071"),
        ("12345", "#_X", "0X3039"),
        ("12345", ",x", "!ValueError: Cannot specify ',' with 'x'."),
        ("1", "_c", "!ValueError: Cannot specify '_' with 'c'."),
        ("1", ",c", "!ValueError: Cannot specify ',' with 'c'."),
        ("1", ".2", "!ValueError: Precision not allowed in integer format specifier"),
        ("1", "z", "!ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
        ("1", "+c", "!ValueError: Sign not allowed with integer format specifier 'c'"),
        ("1", "-c", "!ValueError: Sign not allowed with integer format specifier 'c'"),
        ("1", "#c", "!ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
        ("1", " c", "!ValueError: Sign not allowed with integer format specifier 'c'"),
        ("-1", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("1114112", "c", "!OverflowError: %c arg not in range(0x110000)"),
        ("1180591620717411303424", "c", "!OverflowError: Python int too large to convert to C long"),
        ("1", "c", "\u{1}"),
        ("1114111", "c", "􏿿"),
        ("65", "05c", "0000A"),
        ("65", "^5c", "  A  "),
        ("1", "s", "!ValueError: Unknown format code 's' for object of type 'int'"),
        ("1", "abc", "!ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("1", ".", "!ValueError: Format specifier missing precision"),
        ("1", ",_", "!ValueError: Cannot specify both ',' and '_'."),
        ("1", "_,", "!ValueError: Cannot specify both ',' and '_'."),
        ("1", ",n", "!ValueError: Cannot specify ',' with 'n'."),
        ("1", "\u{1}", "!ValueError: Unknown format code '\\x1' for object of type 'int'"),
        ("1", "é", "!ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("1", "99999999999999999999", "!ValueError: Too many decimal digits in format string"),
        ("1", "٥", "    1"),
        ("1", "0", "1"),
        ("1", "00", "1"),
        ("1", "0<5", "10000"),
        ("1", "=", "1"),
        ("-1", "=", "-1"),
        (
            "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858367",
            "e",
            "1.797693e+308",
        ),
        (
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            "e",
            "!OverflowError: int too large to convert to float",
        ),
        (
            "179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216",
            "%",
            "!OverflowError: int too large to convert to float",
        ),
        (
            "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608",
            ".3e",
            "8.988e+307",
        ),
        ("9007199254740993", "f", "9007199254740992.000000"),
        ("10000000000000000000000", "g", "1e+22"),
        ("-5", "+", "-5"),
        ("5", " ", " 5"),
        ("5", "+#x", "+0x5"),
        ("-255", "#010x", "-0x00000ff"),
        ("-255", "#010b", "-0b11111111"),
        ("255", "#X", "0XFF"),
        ("-255", "+#_b", "-0b1111_1111"),
        ("0", "#x", "0x0"),
        ("0", "#_b", "0b0"),
    ];

    const STR_CASES: &[(&str, &str, &str)] = &[
        ("", "", ""),
        ("", "s", ""),
        ("", "10", "          "),
        ("", ">10", "          "),
        ("", "^10", "          "),
        ("", "*^9", "*********"),
        ("", ".2", ""),
        ("", ".0", ""),
        ("", "10.2", "          "),
        ("", "05", "00000"),
        ("", "0>5", "00000"),
        ("", "🐍^7", "🐍🐍🐍🐍🐍🐍🐍"),
        ("abc", "", "abc"),
        ("abc", "s", "abc"),
        ("abc", "10", "abc       "),
        ("abc", ">10", "       abc"),
        ("abc", "^10", "   abc    "),
        ("abc", "*^9", "***abc***"),
        ("abc", ".2", "ab"),
        ("abc", ".0", ""),
        ("abc", "10.2", "ab        "),
        ("abc", "05", "abc00"),
        ("abc", "0>5", "00abc"),
        ("abc", "🐍^7", "🐍🐍abc🐍🐍"),
        ("héllo", "", "héllo"),
        ("héllo", "s", "héllo"),
        ("héllo", "10", "héllo     "),
        ("héllo", ">10", "     héllo"),
        ("héllo", "^10", "  héllo   "),
        ("héllo", "*^9", "**héllo**"),
        ("héllo", ".2", "hé"),
        ("héllo", ".0", ""),
        ("héllo", "10.2", "hé        "),
        ("héllo", "05", "héllo"),
        ("héllo", "0>5", "héllo"),
        ("héllo", "🐍^7", "🐍héllo🐍"),
        ("日本語", "", "日本語"),
        ("日本語", "s", "日本語"),
        ("日本語", "10", "日本語       "),
        ("日本語", ">10", "       日本語"),
        ("日本語", "^10", "   日本語    "),
        ("日本語", "*^9", "***日本語***"),
        ("日本語", ".2", "日本"),
        ("日本語", ".0", ""),
        ("日本語", "10.2", "日本        "),
        ("日本語", "05", "日本語00"),
        ("日本語", "0>5", "00日本語"),
        ("日本語", "🐍^7", "🐍🐍日本語🐍🐍"),
        ("a\u{301}b", "", "a\u{301}b"),
        ("a\u{301}b", "s", "a\u{301}b"),
        ("a\u{301}b", "10", "a\u{301}b       "),
        ("a\u{301}b", ">10", "       a\u{301}b"),
        ("a\u{301}b", "^10", "   a\u{301}b    "),
        ("a\u{301}b", "*^9", "***a\u{301}b***"),
        ("a\u{301}b", ".2", "a\u{301}"),
        ("a\u{301}b", ".0", ""),
        ("a\u{301}b", "10.2", "a\u{301}        "),
        ("a\u{301}b", "05", "a\u{301}b00"),
        ("a\u{301}b", "0>5", "00a\u{301}b"),
        ("a\u{301}b", "🐍^7", "🐍🐍a\u{301}b🐍🐍"),
        ("🐍py", "", "🐍py"),
        ("🐍py", "s", "🐍py"),
        ("🐍py", "10", "🐍py       "),
        ("🐍py", ">10", "       🐍py"),
        ("🐍py", "^10", "   🐍py    "),
        ("🐍py", "*^9", "***🐍py***"),
        ("🐍py", ".2", "🐍p"),
        ("🐍py", ".0", ""),
        ("🐍py", "10.2", "🐍p        "),
        ("🐍py", "05", "🐍py00"),
        ("🐍py", "0>5", "00🐍py"),
        ("🐍py", "🐍^7", "🐍🐍🐍py🐍🐍"),
        ("a", "=5", "!ValueError: '=' alignment not allowed in string format specifier"),
        ("a", "+", "!ValueError: Sign not allowed in string format specifier"),
        ("a", "-", "!ValueError: Sign not allowed in string format specifier"),
        ("a", " ", "!ValueError: Space not allowed in string format specifier"),
        ("a", "#", "!ValueError: Alternate form (#) not allowed in string format specifier"),
        ("a", "z", "!ValueError: Negative zero coercion (z) not allowed in string format specifier"),
        ("a", ",", "!ValueError: Cannot specify ',' with 's'."),
        ("a", "_", "!ValueError: Cannot specify '_' with 's'."),
        ("a", "x", "!ValueError: Unknown format code 'x' for object of type 'str'"),
        ("a", "d", "!ValueError: Unknown format code 'd' for object of type 'str'"),
        ("a", "c", "!ValueError: Unknown format code 'c' for object of type 'str'"),
        ("a", "abc", "!ValueError: Invalid format specifier 'abc' for object of type 'str'"),
        ("a", ".", "!ValueError: Format specifier missing precision"),
        ("a", "\u{0}>5", "\u{0}\u{0}\u{0}\u{0}a"),
        ("abc", ".99999999999", "abc"),
        ("abc", "3", "abc"),
        ("abc", "2", "abc"),
        ("abc", "<05", "abc00"),
        ("ab", "^5", " ab  "),
        ("ab", "^6", "  ab  "),
    ];

    const REPR_CASES: &[(f64, &str)] = &[
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (-1.0, "-1.0"),
        (100.0, "100.0"),
        (0.1, "0.1"),
        (0.30000000000000004, "0.30000000000000004"),
        (0.3333333333333333, "0.3333333333333333"),
        (1e+16, "1e+16"),
        (1000000000000000.0, "1000000000000000.0"),
        (9999999999999998.0, "9999999999999998.0"),
        (9007199254740992.0, "9007199254740992.0"),
        (1e+22, "1e+22"),
        (0.0001, "0.0001"),
        (1e-05, "1e-05"),
        (0.0001234, "0.0001234"),
        (1.5e-05, "1.5e-05"),
        (5e-324, "5e-324"),
        (2.2250738585072014e-308, "2.2250738585072014e-308"),
        (1.7976931348623157e+308, "1.7976931348623157e+308"),
        (123456789.123, "123456789.123"),
        (128633251689646.12, "128633251689646.12"),
        (1e+100, "1e+100"),
        (1.5, "1.5"),
        (12345.678, "12345.678"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
        (f64::NAN, "nan"),
        (std::f64::consts::SQRT_2, "1.4142135623730951"),
        (std::f64::consts::PI, "3.141592653589793"),
        (1e-323, "1e-323"),
        (4.35, "4.35"),
        (1e+23, "1e+23"),
        (2.000000000000001e+16, "2.000000000000001e+16"),
        (0.3, "0.3"),
    ];

    const ROUND_CASES: &[(f64, i64, &str)] = &[
        (2.675, 2, "2.67"),
        (0.5, 0, "0.0"),
        (1.5, 0, "2.0"),
        (2.5, 0, "2.0"),
        (-0.4, 0, "-0.0"),
        (-4.0, -1, "-0.0"),
        (1234.5, -2, "1200.0"),
        (1250.0, -2, "1200.0"),
        (1350.0, -2, "1400.0"),
        (0.125, 2, "0.12"),
        (0.375, 2, "0.38"),
        (1.7976931348623157e+308, -308, "!OverflowError: rounded value too large to represent"),
        (1.5e+308, -308, "!OverflowError: rounded value too large to represent"),
        (1e+300, -308, "0.0"),
        (1e+300, -309, "0.0"),
        (-1e+300, -400, "-0.0"),
        (5e-324, 323, "0.0"),
        (5e-324, 324, "5e-324"),
        (1e-320, 322, "1e-320"),
        (123.456, 400, "123.456"),
        (123.456, -400, "0.0"),
        (f64::INFINITY, 2, "inf"),
        (f64::NAN, -2, "nan"),
        (f64::NEG_INFINITY, 0, "-inf"),
        (0.30000000000000004, 15, "0.3"),
        (0.30000000000000004, 16, "0.3"),
        (1e+22, -21, "1e+22"),
        (1e+22, -22, "1e+22"),
        (1e+22, -23, "0.0"),
        (-0.0, 3, "-0.0"),
        (5.0, -1, "0.0"),
        (15.0, -1, "20.0"),
        (25.0, -1, "20.0"),
        (0.285, 2, "0.28"),
        (1.005, 2, "1.0"),
        (123456789.98765433, 5, "123456789.98765"),
        (9.5, 0, "10.0"),
        (95.0, -1, "100.0"),
        (4503599627370496.0, 0, "4503599627370496.0"),
        (-2.5, 0, "-2.0"),
        (1e-07, 7, "1e-07"),
        (1e-07, 6, "0.0"),
    ];

    const PARSE_FLOAT_CASES: &[(&str, &str)] = &[
        ("1", "1.0"),
        (" 1.5 ", "1.5"),
        ("1e5", "100000.0"),
        ("1E5", "100000.0"),
        ("-1e-5", "-1e-05"),
        (".5", "0.5"),
        ("5.", "5.0"),
        ("+.5", "0.5"),
        ("-.5", "-0.5"),
        (".", "None"),
        ("", "None"),
        (" ", "None"),
        ("inf", "inf"),
        ("-inf", "-inf"),
        ("+inf", "inf"),
        ("Infinity", "inf"),
        ("-INFINITY", "-inf"),
        ("infinit", "None"),
        ("nan", "nan"),
        ("-nan", "nan"),
        ("NaN", "nan"),
        ("nan_", "None"),
        ("1_0", "10.0"),
        ("1__0", "None"),
        ("_1", "None"),
        ("1_", "None"),
        ("1_.5", "None"),
        ("1._5", "None"),
        ("1e1_0", "10000000000.0"),
        ("1e_1", "None"),
        ("1_0.0_1e-0_1", "1.001"),
        ("1e", "None"),
        ("1e+", "None"),
        ("0x10", "None"),
        ("1\u{0}", "None"),
        ("\u{1c}1", "None"),
        ("1\u{1c}", "None"),
        ("\u{a0}1.5\u{3000}", "1.5"),
        ("١.٥", "1.5"),
        ("\u{2000}1", "1.0"),
        ("1e99999999999999999999", "inf"),
        ("-1e-99999999999999999999", "-0.0"),
        ("1.8e308", "inf"),
        ("2.5e-324", "5e-324"),
        ("2.4e-324", "0.0"),
        ("3.14159265358979323846264338327950288", "3.141592653589793"),
        ("1 0", "None"),
        ("+-1", "None"),
        ("in_f", "None"),
        ("\u{7f}1", "None"),
        ("1.5\u{9}\u{a}", "1.5"),
        ("\u{b}1", "1.0"),
        ("0001", "1.0"),
        ("1.e5", "100000.0"),
        ("e5", "None"),
        (".e5", "None"),
        (" _1", "None"),
        ("1_ ", "None"),
        ("é", "None"),
    ];

    const PARSE_INT_CASES: &[(&str, u32, &str)] = &[
        ("10", 10, "10"),
        (" 10 ", 10, "10"),
        ("\u{1c}10", 10, "!invalid"),
        ("10\u{1c}", 10, "!invalid"),
        ("\u{2000}10", 10, "10"),
        ("\u{a0}10\u{3000}", 10, "10"),
        ("\u{85}10", 10, "10"),
        ("١٢", 10, "12"),
        ("1_0", 10, "10"),
        ("1__0", 10, "!invalid"),
        ("_10", 10, "!invalid"),
        ("10_", 10, "!invalid"),
        ("0x10", 16, "16"),
        ("0x10", 0, "16"),
        ("0X_10", 0, "16"),
        ("0x_10", 16, "16"),
        ("0x", 16, "!invalid"),
        ("0x_", 16, "!invalid"),
        ("010", 0, "!invalid"),
        ("00", 0, "0"),
        ("0_0", 0, "0"),
        ("0_", 0, "!invalid"),
        ("0b101", 0, "5"),
        ("0o17", 0, "15"),
        ("0o17", 8, "15"),
        ("0b1", 16, "177"),
        ("0b1", 2, "1"),
        ("-0x10", 0, "-16"),
        ("- 1", 10, "!invalid"),
        ("+1", 10, "1"),
        ("+-1", 10, "!invalid"),
        ("", 10, "!invalid"),
        (" ", 10, "!invalid"),
        ("z", 36, "35"),
        ("Z", 36, "35"),
        ("10", 37, "!base"),
        ("10", 1, "!base"),
        ("1\u{0}", 10, "!invalid"),
        ("12", 2, "!invalid"),
        ("٠x1", 0, "1"),
        ("0\u{a0}", 10, "0"),
        ("\u{9}\u{a}\u{b}\u{c}\u{d} 5", 10, "5"),
        ("5\u{1f}", 10, "!invalid"),
        ("1e5", 10, "!invalid"),
        ("-0", 0, "0"),
        ("-00", 0, "0"),
        ("-01", 0, "!invalid"),
        ("0x1", 10, "!invalid"),
        ("0_x1", 0, "!invalid"),
        ("0x__1", 16, "!invalid"),
        ("0x1_", 16, "!invalid"),
        ("-0b_1", 0, "-1"),
        ("fF_f", 16, "4095"),
        ("\u{7f}1", 10, "!invalid"),
        ("1\u{7f}", 10, "!invalid"),
        ("123456789012345678901234567890", 10, "123456789012345678901234567890"),
        ("-999999999999999999999999999999999", 0, "-999999999999999999999999999999999"),
        ("zz", 35, "!invalid"),
        ("zz", 36, "1295"),
        ("777", 7, "!invalid"),
        ("0o8", 8, "!invalid"),
        ("0O7", 0, "7"),
        ("0B1", 0, "1"),
        ("0X1f", 0, "31"),
        ("1 ", 0, "1"),
        ("09", 0, "!invalid"),
        ("00_0", 0, "0"),
    ];
}
