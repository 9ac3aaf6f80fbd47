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
use num_traits::{Signed, ToPrimitive};

mod float;
mod parse;
#[cfg(test)]
mod tests;

pub use float::*;
pub use parse::*;

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
