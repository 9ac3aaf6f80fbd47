//! Methods of `str`.
//!
//! Python indexes strings by code point while `Str` stores UTF-8, so the
//! methods that take or return positions convert between the two; ASCII
//! text, where both agree, skips the conversion. Character properties that
//! `std` does not expose (general categories, XID, Case_Ignorable) come
//! from small logos-generated matchers, the machinery the lexer already
//! uses for identifiers; case mappings are std's, with CPython's exceptions
//! (titlecase, case folding) spelled out in [`unicode`].

use std::rc::Rc;

use crate::builtins::{check_arguments, expect_index};
use crate::error::{Error, Result};
use crate::format::{FormatError, MAX_FORMAT_LEN};
use crate::object::exception::ExcKind;
use crate::object::function::{BoundMethod, Keywords, NativeFn, NativeFunction};
use crate::object::instance::carried_value;
use crate::object::string::{Interner, Str};
use crate::value::Value;
use crate::vm::text::is_printable;
use crate::vm::{BuiltinTypes, Vm};

mod str_format;
mod unicode;

use str_format::{format, format_map};
pub(crate) use unicode::is_space;
use unicode::{
    all_alphanumeric, all_decimal, all_letters, is_cased, is_digit, is_identifier, is_line_break, is_numeric,
    is_titlecase, push_casefold, push_lowercase, push_titlecase,
};

const METHODS: &[(&str, NativeFn)] = &[
    ("capitalize", capitalize),
    ("casefold", casefold),
    ("center", center),
    ("count", count),
    ("encode", encode),
    ("endswith", endswith),
    ("expandtabs", expandtabs),
    ("find", find),
    ("format", format),
    ("format_map", format_map),
    ("index", index),
    ("isalnum", isalnum),
    ("isalpha", isalpha),
    ("isascii", isascii),
    ("isdecimal", isdecimal),
    ("isdigit", isdigit),
    ("isidentifier", isidentifier),
    ("islower", islower),
    ("isnumeric", isnumeric),
    ("isprintable", isprintable),
    ("isspace", isspace),
    ("istitle", istitle),
    ("isupper", isupper),
    ("join", join),
    ("ljust", ljust),
    ("lower", lower),
    ("lstrip", lstrip),
    ("partition", partition),
    ("removeprefix", removeprefix),
    ("removesuffix", removesuffix),
    ("replace", replace),
    ("rfind", rfind),
    ("rindex", rindex),
    ("rjust", rjust),
    ("rpartition", rpartition),
    ("rsplit", rsplit),
    ("rstrip", rstrip),
    ("split", split),
    ("splitlines", splitlines),
    ("startswith", startswith),
    ("strip", strip),
    ("swapcase", swapcase),
    ("title", title),
    ("translate", translate),
    ("upper", upper),
    ("zfill", zfill),
];

/// Adds the methods of `str` to its class.
pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    super::super::add_methods(&types.str_, "str", METHODS, interner);
    // `maketrans` is a static method: `str.maketrans(x)` and
    // `'s'.maketrans(x)` both mean the same call, and its arguments alone
    // cannot tell which spelling was used (three strs may be a receiver and
    // two arguments, or three arguments). Storing it already bound to the
    // class makes both lookups return that bound method unchanged, so the
    // native always receives the class first and the real arguments after.
    let native = NativeFunction { name: "maketrans", owner: Some("str"), function: maketrans };
    let bound = BoundMethod { receiver: Value::Class(types.str_.clone()), function: Value::Native(Rc::new(native)) };
    types.str_.dict.borrow_mut().insert_str(&interner.intern("maketrans"), Value::BoundMethod(Rc::new(bound)));
}

// ------------------------------------------------------------- arguments

/// Splits a method's arguments into the receiver and the rest. The
/// receiver is a str unless the method was called through the class with
/// something else (`str.upper(5)`).
fn receiver<'a>(method: &str, arguments: &'a [Value]) -> Result<(&'a Rc<Str>, &'a [Value])> {
    match arguments.split_first() {
        Some((Value::Str(text), rest)) => Ok((text, rest)),
        Some((other, rest)) if let Some(Value::Str(text)) = carried_value(other) => Ok((text, rest)),
        Some((other, _)) => Err(Error::type_error(format!(
            "descriptor '{method}' for 'str' objects doesn't apply to a '{}' object",
            other.type_name()
        ))),
        None => Err(Error::type_error(format!("unbound method str.{method}() needs an argument"))),
    }
}

/// Checks the arguments of a positional-only method, in the words of
/// CPython's Argument Clinic ("center expected at least 1 argument, got 0",
/// "str.upper() takes no arguments (1 given)").
fn positional(method: &str, rest: &[Value], keywords: Keywords, min: usize, max: usize) -> Result<()> {
    if !keywords.is_empty() {
        return Err(Error::type_error(format!("str.{method}() takes no keyword arguments")));
    }
    if (min..=max).contains(&rest.len()) {
        return Ok(());
    }
    // Clinic names methods of no or exactly one argument with their type.
    if min == max && max <= 1 {
        check_arguments(&format!("str.{method}"), rest, min, max)
    } else {
        check_arguments(method, rest, min, max)
    }
}

/// Checks `(sub[, start[, end]])` of the search methods (`find`, `count`,
/// `startswith`, ...), which keep the older parser's wording: "find() takes
/// at least 1 argument (0 given)".
fn search_arguments(method: &str, rest: &[Value], keywords: Keywords) -> Result<()> {
    if !keywords.is_empty() {
        return Err(Error::type_error(format!("str.{method}() takes no keyword arguments")));
    }
    match rest.len() {
        0 => Err(Error::type_error(format!("{method}() takes at least 1 argument (0 given)"))),
        1..=3 => Ok(()),
        given => Err(Error::type_error(format!("{method}() takes at most 3 arguments ({given} given)"))),
    }
}

/// Binds the arguments of a method whose parameters may also be passed by
/// name (`split(sep=None, maxsplit=-1)`), with CPython's errors.
fn bind<const N: usize>(
    method: &str,
    rest: &[Value],
    keywords: Keywords,
    names: [&str; N],
) -> Result<[Option<Value>; N]> {
    let given = rest.len() + keywords.len();
    if given > N {
        let keyword = if rest.is_empty() { "keyword " } else { "" };
        let plural = if N == 1 { "" } else { "s" };
        return Err(Error::type_error(format!(
            "{method}() takes at most {N} {keyword}argument{plural} ({given} given)"
        )));
    }
    for (position, name) in names.iter().enumerate().take(rest.len()) {
        if keywords.iter().any(|(key, _)| key.as_str() == *name) {
            return Err(Error::type_error(format!(
                "argument for {method}() given by name ('{name}') and position ({})",
                position + 1
            )));
        }
    }
    let mut bound: [Option<Value>; N] = std::array::from_fn(|position| rest.get(position).cloned());
    for (key, value) in keywords {
        match names.iter().position(|name| *name == key.as_str()) {
            Some(position) => bound[position] = Some(value.clone()),
            None => {
                return Err(Error::type_error(format!(
                    "'{}' is an invalid keyword argument for {method}()",
                    key.as_str()
                )));
            }
        }
    }
    Ok(bound)
}

/// How Argument Clinic names a wrong argument's type: None as itself.
fn clinic_type_name(value: &Value) -> &str {
    if value.is_none() { "None" } else { value.type_name() }
}

/// An argument that must be a str, with Clinic's message
/// ("replace() argument 1 must be str, not int").
fn clinic_str<'a>(value: &'a Value, what: &str) -> Result<&'a Rc<Str>> {
    match value {
        Value::Str(text) => Ok(text),
        other => Err(Error::type_error(format!("{what} must be str, not {}", clinic_type_name(other)))),
    }
}

/// A substring argument of the search and partition methods ("must be str,
/// not int").
fn substring(value: &Value) -> Result<&Rc<Str>> {
    match value {
        Value::Str(text) => Ok(text),
        other => Err(Error::type_error(format!("must be str, not {}", other.type_name()))),
    }
}

/// A separator of `partition` and `rpartition`: a non-empty str.
fn separator(value: &Value) -> Result<&Rc<Str>> {
    let separator = substring(value)?;
    if separator.as_str().is_empty() {
        return Err(Error::value_error("empty separator"));
    }
    Ok(separator)
}

/// An argument converted to a C `int` (`expandtabs`' tab size,
/// `splitlines`' keepends flag).
fn c_int(value: &Value) -> Result<i32> {
    let too_large = || Error::overflow("Python int too large to convert to C int");
    match value {
        Value::BigInt(_) => Err(too_large()),
        other => expect_index(other).and_then(|wide| i32::try_from(wide).map_err(|_| too_large())),
    }
}

/// A `start`/`end` argument of the search methods: None means the default,
/// and ints beyond the machine range clamp, as in CPython's
/// `_PyEval_SliceIndex`.
fn slice_index(value: Option<&Value>) -> Result<Option<i64>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::BigInt(big)) => Ok(Some(if big.sign() == num_bigint::Sign::Minus { i64::MIN } else { i64::MAX })),
        Some(_) => Err(Error::type_error("slice indices must be integers or None or have an __index__ method")),
    }
}

/// Resolves `start`/`end` against a length like slicing does (CPython's
/// `ADJUST_INDICES`): negative values count from the end and both are
/// clamped to the string, though `start` may still exceed `end`.
fn adjust_indices(start: Option<i64>, end: Option<i64>, length: usize) -> (usize, usize) {
    let length = i64::try_from(length).unwrap_or(i64::MAX);
    let end = match end {
        None => length,
        Some(end) if end > length => length,
        Some(end) if end < 0 => (end + length).max(0),
        Some(end) => end,
    };
    let start = match start {
        None => 0,
        Some(start) if start < 0 => (start + length).max(0),
        Some(start) => start,
    };
    (start as usize, end as usize)
}

/// A width argument (`center`, `ljust`, `zfill`, ...) when it exceeds the
/// current length, else None: the result is then the string itself.
fn padding_width(value: &Value, length: usize) -> Result<Option<usize>> {
    let width = expect_index(value)?;
    Ok(usize::try_from(width).ok().filter(|&width| width > length))
}

/// Refuses to build a string longer than the formatter's limit, the way
/// CPython fails to allocate one (MemoryError).
fn check_length(bytes: usize) -> Result<()> {
    if bytes > MAX_FORMAT_LEN { Err(FormatError::memory_error().into()) } else { Ok(()) }
}

// ------------------------------------------------------------- positions

/// The part `[start:end]` of a str that a search looks at.
struct Window<'t> {
    text: &'t str,
    /// The code point index where the window starts.
    start: usize,
    ascii: bool,
}

impl<'t> Window<'t> {
    /// The window between two code point indices (`start <= end`), found in
    /// one pass over non-ASCII text.
    fn new(s: &'t Str, start: usize, end: usize) -> Window<'t> {
        let text = s.as_str();
        let (from, to) = if s.is_ascii() {
            (start.min(text.len()), end.min(text.len()))
        } else {
            let mut offsets = text.char_indices().map(|(offset, _)| offset).chain(std::iter::once(text.len()));
            let from = offsets.nth(start).unwrap_or(text.len());
            let to = if end > start { offsets.nth(end - start - 1).unwrap_or(text.len()) } else { from };
            (from, to)
        };
        Window { text: text.get(from..to).unwrap_or(""), start, ascii: s.is_ascii() }
    }

    /// The code point index in the whole string of a byte offset in the
    /// window.
    fn char_index(&self, byte: usize) -> usize {
        if self.ascii {
            self.start + byte
        } else {
            self.start + self.text.get(..byte).map_or(0, |prefix| prefix.chars().count())
        }
    }
}

/// The only character of a one-character string.
fn single_char(text: &str) -> Option<char> {
    let mut chars = text.chars();
    let first = chars.next()?;
    chars.next().is_none().then_some(first)
}

/// `haystack.find(needle)`; a lone character is searched with std's
/// memchr-based char search, faster than the general substring search.
fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    match single_char(needle) {
        Some(c) => haystack.find(c),
        None => haystack.find(needle),
    }
}

/// `haystack.rfind(needle)`, with the same fast path as `find_str`.
fn rfind_str(haystack: &str, needle: &str) -> Option<usize> {
    match single_char(needle) {
        Some(c) => haystack.rfind(c),
        None => haystack.rfind(needle),
    }
}

/// Non-overlapping occurrences of a non-empty needle.
fn count_str(haystack: &str, needle: &str) -> usize {
    match needle.as_bytes() {
        // A lone ASCII byte: a plain byte count, which vectorizes.
        [byte] => haystack.bytes().filter(|b| b == byte).count(),
        _ => haystack.matches(needle).count(),
    }
}

/// The parsed `(sub[, start[, end]])` of `find`, `index` and `count`.
struct Search<'a> {
    haystack: &'a Str,
    needle: &'a Str,
    start: usize,
    end: usize,
}

impl<'a> Search<'a> {
    /// Parses a search method's receiver and arguments.
    fn parse(method: &str, arguments: &'a [Value], keywords: Keywords) -> Result<Search<'a>> {
        let (haystack, rest) = receiver(method, arguments)?;
        search_arguments(method, rest, keywords)?;
        // CPython converts the indices before it checks the substring.
        let start = slice_index(rest.get(1))?;
        let end = slice_index(rest.get(2))?;
        let needle = substring(&rest[0])?;
        let (start, end) = adjust_indices(start, end, haystack.char_len());
        Ok(Search { haystack, needle, start, end })
    }

    /// Whether the window is too small to hold the needle at all.
    fn hopeless(&self) -> bool {
        self.end < self.start || self.end - self.start < self.needle.char_len()
    }

    /// The code point index of the first (or last) occurrence; an empty
    /// needle is found at the window's start (or end).
    fn find(&self, reverse: bool) -> Option<usize> {
        if self.hopeless() {
            return None;
        }
        let window = Window::new(self.haystack, self.start, self.end);
        let needle = self.needle.as_str();
        let found = if reverse { rfind_str(window.text, needle) } else { find_str(window.text, needle) };
        found.map(|byte| window.char_index(byte))
    }

    /// Non-overlapping occurrences in the window; an empty needle occurs
    /// between every two characters and at both ends.
    fn count(&self) -> usize {
        if self.hopeless() {
            0
        } else if self.needle.as_str().is_empty() {
            self.end - self.start + 1
        } else {
            count_str(Window::new(self.haystack, self.start, self.end).text, self.needle.as_str())
        }
    }
}

/// CPython's `tailmatch`: whether `text[start:end]` starts (or ends) with
/// `affix`.
fn tail_match(text: &Str, affix: &Str, start: Option<i64>, end: Option<i64>, suffix: bool) -> bool {
    let (window, affix) = if start.is_none() && end.is_none() {
        (text.as_str(), affix.as_str())
    } else {
        let (start, end) = adjust_indices(start, end, text.char_len());
        if end < start || end - start < affix.char_len() {
            return false;
        }
        (Window::new(text, start, end).text, affix.as_str())
    };
    if suffix { window.ends_with(affix) } else { window.starts_with(affix) }
}

// -------------------------------------------------------- splitting helpers

/// `str.split()` without a separator: runs of non-whitespace, splitting at
/// most `limit` times; after the last split the rest of the text, minus
/// its leading whitespace, is the final piece.
fn split_whitespace(text: &str, limit: usize) -> Vec<&str> {
    if text.is_ascii() {
        split_whitespace_in(text, text.bytes().enumerate().map(|(offset, byte)| (offset, byte as char)), limit)
    } else {
        split_whitespace_in(text, text.char_indices(), limit)
    }
}

/// `split_whitespace` over `chars`, the `(byte offset, char)` pairs of `text`.
fn split_whitespace_in(text: &str, mut chars: impl Iterator<Item = (usize, char)>, limit: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut remaining = limit;
    while let Some((start, _)) = chars.find(|&(_, c)| !is_space(c)) {
        if remaining == 0 {
            pieces.push(&text[start..]);
            break;
        }
        remaining -= 1;
        let end = chars.find(|&(_, c)| is_space(c)).map_or(text.len(), |(offset, _)| offset);
        pieces.push(&text[start..end]);
    }
    pieces
}

/// `str.rsplit()` without a separator: `split_whitespace` from the right.
fn rsplit_whitespace(text: &str, limit: usize) -> Vec<&str> {
    if text.is_ascii() {
        rsplit_whitespace_in(text, text.bytes().enumerate().rev().map(|(offset, byte)| (offset, byte as char)), limit)
    } else {
        rsplit_whitespace_in(text, text.char_indices().rev(), limit)
    }
}

/// `rsplit_whitespace` over `chars`, the `(byte offset, char)` pairs of
/// `text` from last to first.
fn rsplit_whitespace_in(text: &str, mut chars: impl Iterator<Item = (usize, char)>, limit: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut remaining = limit;
    while let Some((offset, c)) = chars.find(|&(_, c)| !is_space(c)) {
        let end = offset + c.len_utf8();
        if remaining == 0 {
            pieces.push(&text[..end]);
            break;
        }
        remaining -= 1;
        let start = chars.find(|&(_, c)| is_space(c)).map_or(0, |(offset, c)| offset + c.len_utf8());
        pieces.push(&text[start..end]);
    }
    pieces.reverse();
    pieces
}

/// `str.split(sep, maxsplit)` with a non-empty separator.
fn split_on<'t>(text: &'t str, separator: &str, limit: usize) -> Vec<&'t str> {
    let pieces = limit.saturating_add(1);
    match single_char(separator) {
        Some(c) => text.splitn(pieces, c).collect(),
        None => text.splitn(pieces, separator).collect(),
    }
}

/// `str.rsplit(sep, maxsplit)` with a non-empty separator.
fn rsplit_on<'t>(text: &'t str, separator: &str, limit: usize) -> Vec<&'t str> {
    let pieces = limit.saturating_add(1);
    let mut found: Vec<&str> = match single_char(separator) {
        Some(c) => text.rsplitn(pieces, c).collect(),
        None => text.rsplitn(pieces, separator).collect(),
    };
    found.reverse();
    found
}

/// `str.splitlines(keepends)`: `\r\n` is one boundary, and a final line
/// break does not start another (empty) line.
fn split_lines(text: &str, keepends: bool) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line_start = 0;
    while let Some((offset, c)) = chars.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut end = offset + c.len_utf8();
        if c == '\r' && chars.next_if(|&(_, next)| next == '\n').is_some() {
            end += 1;
        }
        lines.push(&text[line_start..if keepends { end } else { offset }]);
        line_start = end;
    }
    if line_start < text.len() {
        lines.push(&text[line_start..]);
    }
    lines
}

/// A list of pieces of `s`; a piece that is all of `s` reuses it.
fn piece_list(s: &Rc<Str>, pieces: Vec<&str>) -> Value {
    let whole = s.as_str().len();
    Value::list(
        pieces
            .into_iter()
            .map(|piece| if piece.len() == whole { Value::Str(s.clone()) } else { Value::from_text(piece) })
            .collect(),
    )
}

/// The `maxsplit` argument of `split` and `rsplit`: a negative value means
/// no limit.
fn split_limit(value: Option<Value>) -> Result<usize> {
    match value {
        None => Ok(usize::MAX),
        Some(value) => Ok(usize::try_from(expect_index(&value)?).unwrap_or(usize::MAX)),
    }
}

/// `str.split` and `str.rsplit`.
fn split_method(arguments: &[Value], keywords: Keywords, method: &str, from_right: bool) -> Result<Value> {
    let (s, rest) = receiver(method, arguments)?;
    let [sep, maxsplit] = bind(method, rest, keywords, ["sep", "maxsplit"])?;
    let limit = split_limit(maxsplit)?;
    let text = s.as_str();
    let pieces = match &sep {
        None | Some(Value::None) => {
            if from_right {
                rsplit_whitespace(text, limit)
            } else {
                split_whitespace(text, limit)
            }
        }
        Some(Value::Str(separator)) => {
            if separator.as_str().is_empty() {
                return Err(Error::value_error("empty separator"));
            }
            if from_right {
                rsplit_on(text, separator.as_str(), limit)
            } else {
                split_on(text, separator.as_str(), limit)
            }
        }
        Some(other) => return Err(Error::type_error(format!("must be str or None, not {}", other.type_name()))),
    };
    Ok(piece_list(s, pieces))
}

// ------------------------------------------------------- the str methods

/// `str.capitalize()`: the first character titlecased, the rest lowercased.
fn capitalize(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("capitalize", arguments)?;
    positional("capitalize", rest, keywords, 0, 0)?;
    let text = s.as_str();
    if s.is_ascii() {
        let mut out = text.to_ascii_lowercase();
        if let Some(first) = out.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        return Ok(Value::from_string(out));
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    if let Some((_, first)) = chars.next() {
        push_titlecase(&mut out, first);
    }
    for (index, c) in chars {
        push_lowercase(&mut out, text, index, c);
    }
    Ok(Value::from_string(out))
}

/// `str.casefold()`: lowercase for caseless comparison.
fn casefold(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("casefold", arguments)?;
    positional("casefold", rest, keywords, 0, 0)?;
    if s.is_ascii() {
        return Ok(Value::from_string(s.as_str().to_ascii_lowercase()));
    }
    let mut out = String::with_capacity(s.as_str().len());
    for c in s.as_str().chars() {
        push_casefold(&mut out, c);
    }
    Ok(Value::from_string(out))
}

/// The `fillchar` argument of `center`, `ljust` and `rjust`.
fn fill_char(value: Option<&Value>) -> Result<char> {
    match value {
        None => Ok(' '),
        Some(Value::Str(fill)) => single_char(fill.as_str())
            .ok_or_else(|| Error::type_error("The fill character must be exactly one character long")),
        Some(other) => {
            Err(Error::type_error(format!("The fill character must be a unicode character, not {}", other.type_name())))
        }
    }
}

/// Where `center`, `ljust` and `rjust` put the padding.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// `str.center`, `str.ljust` and `str.rjust`.
fn justify(arguments: &[Value], keywords: Keywords, method: &str, align: Align) -> Result<Value> {
    let (s, rest) = receiver(method, arguments)?;
    positional(method, rest, keywords, 1, 2)?;
    let length = s.char_len();
    let width = padding_width(&rest[0], length)?;
    let fill = fill_char(rest.get(1))?;
    let Some(width) = width else { return Ok(Value::Str(s.clone())) };
    let margin = width - length;
    let left = match align {
        Align::Left => 0,
        // CPython's rounding: the odd space goes left when both the margin
        // and the width are odd.
        Align::Center => margin / 2 + (margin & width & 1),
        Align::Right => margin,
    };
    check_length(s.as_str().len() + margin * fill.len_utf8())?;
    let mut out = String::with_capacity(s.as_str().len() + margin * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat_n(fill, margin - left));
    Ok(Value::from_string(out))
}

/// `str.center(width, fillchar=' ')`
fn center(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    justify(arguments, keywords, "center", Align::Center)
}

/// `str.ljust(width, fillchar=' ')`
fn ljust(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    justify(arguments, keywords, "ljust", Align::Left)
}

/// `str.rjust(width, fillchar=' ')`
fn rjust(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    justify(arguments, keywords, "rjust", Align::Right)
}

/// `str.count(sub[, start[, end]])`
fn count(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::from(Search::parse("count", arguments, keywords)?.count()))
}

/// `str.encode(encoding='utf-8', errors='strict')`, through the codecs of
/// the `bytes` module.
fn encode(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("encode", arguments)?;
    let [encoding, errors] = bind("encode", rest, keywords, ["encoding", "errors"])?;
    super::codecs::encode_text(s.as_str(), encoding.as_ref(), errors.as_ref())
}

/// `str.endswith(suffix[, start[, end]])`
fn endswith(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    affix_match(arguments, keywords, "endswith", true)
}

/// `str.startswith(prefix[, start[, end]])`
fn startswith(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    affix_match(arguments, keywords, "startswith", false)
}

/// `startswith` and `endswith`, for a str or a tuple of them.
fn affix_match(arguments: &[Value], keywords: Keywords, method: &str, suffix: bool) -> Result<Value> {
    let (s, rest) = receiver(method, arguments)?;
    search_arguments(method, rest, keywords)?;
    let start = slice_index(rest.get(1))?;
    let end = slice_index(rest.get(2))?;
    match &rest[0] {
        Value::Str(affix) => Ok(Value::Bool(tail_match(s, affix, start, end, suffix))),
        Value::Tuple(affixes) => {
            // Items are checked lazily, like CPython: a match ends the loop.
            for affix in affixes.items.iter() {
                let Value::Str(affix) = affix else {
                    return Err(Error::type_error(format!(
                        "tuple for {method} must only contain str, not {}",
                        affix.type_name()
                    )));
                };
                if tail_match(s, affix, start, end, suffix) {
                    return Ok(Value::Bool(true));
                }
            }
            Ok(Value::Bool(false))
        }
        other => Err(Error::type_error(format!(
            "{method} first arg must be str or a tuple of str, not {}",
            other.type_name()
        ))),
    }
}

/// `str.expandtabs(tabsize=8)`: tabs become spaces up to the next tab
/// stop; columns restart after `\n` and `\r`.
fn expandtabs(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("expandtabs", arguments)?;
    let [tabsize] = bind("expandtabs", rest, keywords, ["tabsize"])?;
    let tabsize = match &tabsize {
        None => 8,
        Some(value) => c_int(value)?,
    };
    let text = s.as_str();
    if !text.contains('\t') {
        return Ok(Value::Str(s.clone()));
    }
    // Non-positive sizes delete the tabs.
    let tabsize = usize::try_from(tabsize).unwrap_or(0);
    let mut out = String::with_capacity(text.len() + tabsize * 2);
    let mut column = 0usize;
    for c in text.chars() {
        match c {
            '\t' if tabsize > 0 => {
                let spaces = tabsize - column % tabsize;
                check_length(out.len() + spaces)?;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\t' => {}
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(Value::from_string(out))
}

/// `str.find(sub[, start[, end]])`
fn find(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let found = Search::parse("find", arguments, keywords)?.find(false);
    Ok(found.map_or(Value::Int(-1), Value::from))
}

/// `str.rfind(sub[, start[, end]])`
fn rfind(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let found = Search::parse("rfind", arguments, keywords)?.find(true);
    Ok(found.map_or(Value::Int(-1), Value::from))
}

/// `str.index(sub[, start[, end]])`
fn index(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let found = Search::parse("index", arguments, keywords)?.find(false);
    found.map(Value::from).ok_or_else(|| Error::value_error("substring not found"))
}

/// `str.rindex(sub[, start[, end]])`
fn rindex(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let found = Search::parse("rindex", arguments, keywords)?.find(true);
    found.map(Value::from).ok_or_else(|| Error::value_error("substring not found"))
}

/// A predicate method: true when the str is non-empty and every character
/// passes (or, for the ones that take whole strings, the text does).
fn predicate(arguments: &[Value], keywords: Keywords, method: &str, test: impl Fn(&Str) -> bool) -> Result<Value> {
    let (s, rest) = receiver(method, arguments)?;
    positional(method, rest, keywords, 0, 0)?;
    Ok(Value::Bool(!s.as_str().is_empty() && test(s)))
}

/// `str.isalnum()`: letters and numeric characters only.
fn isalnum(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isalnum", |s| {
        if s.is_ascii() {
            s.as_str().bytes().all(|b| b.is_ascii_alphanumeric())
        } else {
            // The CJK numerals are letters (Lo), so letters and numbers cover them.
            all_alphanumeric(s.as_str())
        }
    })
}

/// `str.isalpha()`: letters (categories L*) only.
fn isalpha(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isalpha", |s| {
        if s.is_ascii() { s.as_str().bytes().all(|b| b.is_ascii_alphabetic()) } else { all_letters(s.as_str()) }
    })
}

/// `str.isascii()`: true for the empty string too.
fn isascii(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("isascii", arguments)?;
    positional("isascii", rest, keywords, 0, 0)?;
    Ok(Value::Bool(s.is_ascii()))
}

/// `str.isdecimal()`: decimal digits (category Nd) only.
fn isdecimal(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isdecimal", |s| {
        if s.is_ascii() { s.as_str().bytes().all(|b| b.is_ascii_digit()) } else { all_decimal(s.as_str()) }
    })
}

/// `str.isdigit()`: decimals and other digits such as `²`.
fn isdigit(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isdigit", |s| s.as_str().chars().all(is_digit))
}

/// `str.isidentifier()`: XID_Start or `_`, then XID_Continue.
fn isidentifier(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isidentifier", |s| {
        let text = s.as_str();
        if s.is_ascii() {
            let bytes = text.as_bytes();
            bytes.first().is_some_and(|b| !b.is_ascii_digit())
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        } else {
            is_identifier(text)
        }
    })
}

/// `str.islower()`: some cased character and no upper- or titlecase one.
fn islower(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "islower", |s| {
        let mut cased = false;
        for c in s.as_str().chars() {
            if c.is_uppercase() || is_titlecase(c) {
                return false;
            }
            cased |= c.is_lowercase();
        }
        cased
    })
}

/// `str.isupper()`: some cased character and no lower- or titlecase one.
fn isupper(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isupper", |s| {
        let mut cased = false;
        for c in s.as_str().chars() {
            if c.is_lowercase() || is_titlecase(c) {
                return false;
            }
            cased |= c.is_uppercase();
        }
        cased
    })
}

/// `str.isnumeric()`: characters with a numeric value only.
fn isnumeric(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isnumeric", |s| s.as_str().chars().all(is_numeric))
}

/// `str.isprintable()`: true for the empty string too.
fn isprintable(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("isprintable", arguments)?;
    positional("isprintable", rest, keywords, 0, 0)?;
    Ok(Value::Bool(s.as_str().chars().all(is_printable)))
}

/// `str.isspace()`: whitespace only.
fn isspace(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "isspace", |s| s.as_str().chars().all(is_space))
}

/// `str.istitle()`: uppercase letters only after uncased characters and
/// lowercase ones only after cased characters, with at least one cased.
fn istitle(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    predicate(arguments, keywords, "istitle", |s| {
        is_title_shaped(s.as_str().chars(), |c| c.is_uppercase() || is_titlecase(*c), |c| c.is_lowercase())
    })
}

/// The `istitle` rule of both `str` and `bytes`: some cased item; upper
/// (or title) case ones only after uncased ones, lower case ones only after
/// cased ones.
pub(super) fn is_title_shaped<T>(
    items: impl Iterator<Item = T>,
    is_upper: impl Fn(&T) -> bool,
    is_lower: impl Fn(&T) -> bool,
) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for item in items {
        if is_upper(&item) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if is_lower(&item) {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

/// `str.join(iterable)`
fn join(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (separator, rest) = receiver("join", arguments)?;
    positional("join", rest, keywords, 1, 1)?;
    match &rest[0] {
        // Lists and tuples are joined in place; nothing runs script code
        // while the list is borrowed.
        Value::List(list) => join_items(separator, &list.items.borrow()),
        Value::Tuple(tuple) => join_items(separator, &tuple.items),
        other => {
            let iterator = vm.get_iter(other.clone()).map_err(|error| {
                if error.is_instance_of(ExcKind::TypeError) {
                    Error::type_error("can only join an iterable")
                } else {
                    error
                }
            })?;
            let items = vm.collect_iterable(iterator)?;
            join_items(separator, &items)
        }
    }
}

/// Joins strs with a separator, sizing the result before copying.
fn join_items(separator: &Rc<Str>, items: &[Value]) -> Result<Value> {
    let mut total = separator.as_str().len().saturating_mul(items.len().saturating_sub(1));
    for (position, item) in items.iter().enumerate() {
        match item {
            Value::Str(text) => total = total.saturating_add(text.as_str().len()),
            // Instances of str subclasses join as their text.
            other if matches!(Vm::builtin_value_or_self(other), Value::Str(_)) => {
                let plain: Vec<Value> = items.iter().map(Vm::builtin_value_or_self).collect();
                return join_items(separator, &plain);
            }
            other => {
                return Err(Error::type_error(format!(
                    "sequence item {position}: expected str instance, {} found",
                    other.type_name()
                )));
            }
        }
    }
    if let [only @ Value::Str(_)] = items {
        return Ok(only.clone());
    }
    check_length(total)?;
    let mut out = String::with_capacity(total);
    for (position, item) in items.iter().enumerate() {
        if position > 0 {
            out.push_str(separator.as_str());
        }
        if let Value::Str(text) = item {
            out.push_str(text.as_str());
        }
    }
    Ok(Value::from_string(out))
}

/// `str.lower()`
fn lower(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("lower", arguments)?;
    positional("lower", rest, keywords, 0, 0)?;
    // std's lowercasing applies the final sigma rule just as CPython does.
    let text = s.as_str();
    Ok(Value::from_string(if s.is_ascii() { text.to_ascii_lowercase() } else { text.to_lowercase() }))
}

/// `str.upper()`
fn upper(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("upper", arguments)?;
    positional("upper", rest, keywords, 0, 0)?;
    let text = s.as_str();
    Ok(Value::from_string(if s.is_ascii() { text.to_ascii_uppercase() } else { text.to_uppercase() }))
}

/// `str.swapcase()`: uppercase letters lowered and lowercase ones raised;
/// titlecase letters stay.
fn swapcase(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("swapcase", arguments)?;
    positional("swapcase", rest, keywords, 0, 0)?;
    let text = s.as_str();
    let mut out = String::with_capacity(text.len());
    if s.is_ascii() {
        out.extend(
            text.chars().map(|c| if c.is_ascii_uppercase() { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() }),
        );
    } else {
        for (index, c) in text.char_indices() {
            if c.is_uppercase() {
                push_lowercase(&mut out, text, index, c);
            } else if c.is_lowercase() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
    }
    Ok(Value::from_string(out))
}

/// `str.title()`: each letter after an uncased character titlecased, each
/// one after a cased character lowercased (so "they're" → "They'Re").
fn title(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("title", arguments)?;
    positional("title", rest, keywords, 0, 0)?;
    let text = s.as_str();
    let mut out = String::with_capacity(text.len());
    let mut previous_cased = false;
    if s.is_ascii() {
        for c in text.chars() {
            out.push(if previous_cased { c.to_ascii_lowercase() } else { c.to_ascii_uppercase() });
            previous_cased = c.is_ascii_alphabetic();
        }
    } else {
        for (index, c) in text.char_indices() {
            if previous_cased {
                push_lowercase(&mut out, text, index, c);
            } else {
                push_titlecase(&mut out, c);
            }
            previous_cased = is_cased(c);
        }
    }
    Ok(Value::from_string(out))
}

/// `str.strip`, `str.lstrip` and `str.rstrip`.
fn strip_method(arguments: &[Value], keywords: Keywords, method: &str, left: bool, right: bool) -> Result<Value> {
    let (s, rest) = receiver(method, arguments)?;
    positional(method, rest, keywords, 0, 1)?;
    let text = s.as_str();
    let trim = |matches: &dyn Fn(char) -> bool| {
        let text = if left { text.trim_start_matches(matches) } else { text };
        if right { text.trim_end_matches(matches) } else { text }
    };
    let stripped = match rest.first() {
        None | Some(Value::None) => trim(&is_space),
        Some(Value::Str(chars)) => match single_char(chars.as_str()) {
            Some(only) => trim(&|c| c == only),
            None => trim(&|c| chars.as_str().contains(c)),
        },
        Some(_) => return Err(Error::type_error(format!("{method} arg must be None or str"))),
    };
    Ok(if stripped.len() == text.len() { Value::Str(s.clone()) } else { Value::from_text(stripped) })
}

/// `str.strip(chars=None)`
fn strip(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    strip_method(arguments, keywords, "strip", true, true)
}

/// `str.lstrip(chars=None)`
fn lstrip(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    strip_method(arguments, keywords, "lstrip", true, false)
}

/// `str.rstrip(chars=None)`
fn rstrip(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    strip_method(arguments, keywords, "rstrip", false, true)
}

/// `str.partition(sep)`: the text before the first separator, the
/// separator and the text after, or the whole text and two empty strings.
fn partition(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("partition", arguments)?;
    positional("partition", rest, keywords, 1, 1)?;
    let sep = separator(&rest[0])?;
    let text = s.as_str();
    Ok(match find_str(text, sep.as_str()) {
        Some(at) => Value::tuple(vec![
            Value::from_text(&text[..at]),
            Value::Str(sep.clone()),
            Value::from_text(&text[at + sep.as_str().len()..]),
        ]),
        None => Value::tuple(vec![Value::Str(s.clone()), Value::from_text(""), Value::from_text("")]),
    })
}

/// `str.rpartition(sep)`: `partition` at the last separator; without one,
/// two empty strings and the whole text.
fn rpartition(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("rpartition", arguments)?;
    positional("rpartition", rest, keywords, 1, 1)?;
    let sep = separator(&rest[0])?;
    let text = s.as_str();
    Ok(match rfind_str(text, sep.as_str()) {
        Some(at) => Value::tuple(vec![
            Value::from_text(&text[..at]),
            Value::Str(sep.clone()),
            Value::from_text(&text[at + sep.as_str().len()..]),
        ]),
        None => Value::tuple(vec![Value::from_text(""), Value::from_text(""), Value::Str(s.clone())]),
    })
}

/// `str.removeprefix(prefix)`
fn removeprefix(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("removeprefix", arguments)?;
    positional("removeprefix", rest, keywords, 1, 1)?;
    let prefix = clinic_str(&rest[0], "removeprefix() argument")?;
    Ok(match s.as_str().strip_prefix(prefix.as_str()) {
        Some(remainder) if !prefix.as_str().is_empty() => Value::from_text(remainder),
        _ => Value::Str(s.clone()),
    })
}

/// `str.removesuffix(suffix)`
fn removesuffix(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("removesuffix", arguments)?;
    positional("removesuffix", rest, keywords, 1, 1)?;
    let suffix = clinic_str(&rest[0], "removesuffix() argument")?;
    Ok(match s.as_str().strip_suffix(suffix.as_str()) {
        Some(remainder) if !suffix.as_str().is_empty() => Value::from_text(remainder),
        _ => Value::Str(s.clone()),
    })
}

/// `str.replace(old, new, count=-1)`
fn replace(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("replace", arguments)?;
    positional("replace", rest, keywords, 2, 3)?;
    let old = clinic_str(&rest[0], "replace() argument 1")?.as_str();
    let new = clinic_str(&rest[1], "replace() argument 2")?.as_str();
    let limit = match rest.get(2) {
        None => usize::MAX,
        Some(value) => usize::try_from(expect_index(value)?).unwrap_or(usize::MAX),
    };
    Ok(match replace_text(s.as_str(), old, new, limit)? {
        Some(replaced) => Value::from_string(replaced),
        None => Value::Str(s.clone()),
    })
}

/// Replaces up to `limit` occurrences of `old`; None when nothing changes
/// (the caller then returns the string itself). An empty `old` matches
/// before every character and at the end.
fn replace_text(text: &str, old: &str, new: &str, limit: usize) -> Result<Option<String>> {
    if limit == 0 {
        return Ok(None);
    }
    if old.is_empty() {
        let insertions = limit.min(text.chars().count() + 1);
        check_length(text.len().saturating_add(new.len().saturating_mul(insertions)))?;
        let mut out = String::with_capacity(text.len() + new.len() * insertions);
        let mut inserted = 0;
        for c in text.chars() {
            if inserted < insertions {
                out.push_str(new);
                inserted += 1;
            }
            out.push(c);
        }
        if inserted < insertions {
            out.push_str(new);
        }
        return Ok(Some(out));
    }
    match single_char(old) {
        Some(c) => replace_matches(text, text.match_indices(c).map(|(at, _)| at).take(limit), old.len(), new),
        None => replace_matches(text, text.match_indices(old).map(|(at, _)| at).take(limit), old.len(), new),
    }
}

/// Builds `text` with the matches at the given offsets replaced.
fn replace_matches(
    text: &str,
    matches: impl Iterator<Item = usize>,
    old_length: usize,
    new: &str,
) -> Result<Option<String>> {
    let mut matches = matches.peekable();
    if matches.peek().is_none() {
        return Ok(None);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for at in matches {
        out.push_str(&text[copied..at]);
        out.push_str(new);
        copied = at + old_length;
        check_length(out.len())?;
    }
    out.push_str(&text[copied..]);
    Ok(Some(out))
}

/// `str.split(sep=None, maxsplit=-1)`
fn split(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    split_method(arguments, keywords, "split", false)
}

/// `str.rsplit(sep=None, maxsplit=-1)`
fn rsplit(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    split_method(arguments, keywords, "rsplit", true)
}

/// `str.splitlines(keepends=False)`
fn splitlines(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("splitlines", arguments)?;
    let [keepends] = bind("splitlines", rest, keywords, ["keepends"])?;
    let keepends = match &keepends {
        None => false,
        Some(value) => c_int(value)? != 0,
    };
    Ok(piece_list(s, split_lines(s.as_str(), keepends)))
}

/// One character's fate in `str.translate`.
#[derive(Clone)]
enum Translation {
    Keep,
    Delete,
    Replace(Rc<Str>),
    Char(char),
}

/// `str.translate(table)`: each character's code point is looked up in the
/// table (anything subscriptable); a missing entry keeps the character.
fn translate(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("translate", arguments)?;
    positional("translate", rest, keywords, 1, 1)?;
    let table = &rest[0];
    let text = s.as_str();
    let mut out = String::with_capacity(text.len());
    // ASCII characters repeat, so their lookups are remembered (CPython
    // caches them the same way).
    let mut ascii_cache: [Option<Translation>; 128] = std::array::from_fn(|_| None);
    for c in text.chars() {
        let cached = ascii_cache.get(c as usize).and_then(Option::clone);
        let translation = match cached {
            Some(translation) => translation,
            None => {
                let translation = look_up_translation(vm, table, c)?;
                if let Some(slot) = ascii_cache.get_mut(c as usize) {
                    *slot = Some(translation.clone());
                }
                translation
            }
        };
        match translation {
            Translation::Keep => out.push(c),
            Translation::Delete => {}
            Translation::Replace(replacement) => out.push_str(replacement.as_str()),
            Translation::Char(replacement) => out.push(replacement),
        }
    }
    Ok(Value::from_string(out))
}

/// What `table[ord(c)]` says to do with `c`.
fn look_up_translation(vm: &mut Vm, table: &Value, c: char) -> Result<Translation> {
    let mapped = match vm.get_item(table, &Value::Int(c as i64)) {
        Ok(mapped) => mapped,
        Err(error) if error.is_instance_of(ExcKind::LookupError) => return Ok(Translation::Keep),
        Err(error) => return Err(error),
    };
    match mapped {
        Value::None => Ok(Translation::Delete),
        Value::Str(replacement) => Ok(Translation::Replace(replacement)),
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => mapped
            .as_i64()
            .and_then(|code| u32::try_from(code).ok())
            .and_then(char::from_u32)
            .map(Translation::Char)
            .ok_or_else(|| Error::value_error("character mapping must be in range(0x110000)")),
        _ => Err(Error::type_error("character mapping must return integer, None or str")),
    }
}

/// `str.maketrans(x[, y[, z]])`, a static method: `arguments[0]` is the
/// str class it is bound to (see `install`).
fn maketrans(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let rest = arguments.get(1..).unwrap_or_default();
    positional("maketrans", rest, keywords, 1, 3)?;
    let mut pairs = Vec::new();
    if let [mapping] = rest {
        let Value::Dict(dict) = mapping else {
            return Err(Error::type_error("if you give only one argument to maketrans it must be a dict"));
        };
        let entries: Vec<(Value, Value)> = dict.table.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        for (key, value) in entries {
            let key = match key {
                Value::Str(text) => match single_char(text.as_str()) {
                    Some(c) => Value::Int(c as i64),
                    None => return Err(Error::value_error("string keys in translate table must be of length 1")),
                },
                key if key.is_int() => key,
                _ => return Err(Error::type_error("keys in translate table must be strings or integers")),
            };
            pairs.push((key, value));
        }
        return vm.new_dict_from_pairs(pairs);
    }
    let to = clinic_str(&rest[1], "maketrans() argument 2")?;
    let delete = rest.get(2).map(|value| clinic_str(value, "maketrans() argument 3")).transpose()?;
    let Value::Str(from) = &rest[0] else {
        return Err(Error::type_error("first maketrans argument must be a string if there is a second argument"));
    };
    if from.char_len() != to.char_len() {
        return Err(Error::value_error("the first two maketrans arguments must have equal length"));
    }
    for (source, target) in from.as_str().chars().zip(to.as_str().chars()) {
        pairs.push((Value::Int(source as i64), Value::Int(target as i64)));
    }
    if let Some(delete) = delete {
        pairs.extend(delete.as_str().chars().map(|c| (Value::Int(c as i64), Value::None)));
    }
    vm.new_dict_from_pairs(pairs)
}

/// `str.zfill(width)`: zeros on the left, after any sign.
fn zfill(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (s, rest) = receiver("zfill", arguments)?;
    positional("zfill", rest, keywords, 1, 1)?;
    let Some(width) = padding_width(&rest[0], s.char_len())? else { return Ok(Value::Str(s.clone())) };
    let fill = width - s.char_len();
    let text = s.as_str();
    check_length(text.len() + fill)?;
    let (sign, digits) = match text.as_bytes().first() {
        Some(b'+' | b'-') => text.split_at(1),
        _ => ("", text),
    };
    let mut out = String::with_capacity(text.len() + fill);
    out.push_str(sign);
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(digits);
    Ok(Value::from_string(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_split_follows_cpython() {
        assert_eq!(split_whitespace("  a  b  ", usize::MAX), ["a", "b"]);
        assert_eq!(split_whitespace("  a  b  ", 1), ["a", "b  "]);
        assert_eq!(split_whitespace(" a ", 0), ["a "]);
        assert_eq!(split_whitespace("   ", 0), Vec::<&str>::new());
        assert_eq!(split_whitespace("", usize::MAX), Vec::<&str>::new());
        assert_eq!(split_whitespace("a\x1cb\u{85}c\u{3000}d", usize::MAX), ["a", "b", "c", "d"]);
        assert_eq!(split_whitespace("é ü\u{2003}x", 1), ["é", "ü\u{2003}x"]);
    }

    #[test]
    fn whitespace_rsplit_follows_cpython() {
        assert_eq!(rsplit_whitespace("  a  b  ", usize::MAX), ["a", "b"]);
        assert_eq!(rsplit_whitespace("  a  b  ", 1), ["  a", "b"]);
        assert_eq!(rsplit_whitespace(" a ", 0), [" a"]);
        assert_eq!(rsplit_whitespace("é ü\u{2003}x", 1), ["é ü", "x"]);
    }

    #[test]
    fn separator_split_and_rsplit() {
        assert_eq!(split_on("a,b,,c", ",", usize::MAX), ["a", "b", "", "c"]);
        assert_eq!(split_on("a,b,,c", ",", 2), ["a", "b", ",c"]);
        assert_eq!(split_on("", ",", usize::MAX), [""]);
        assert_eq!(split_on("aaa", "aa", usize::MAX), ["", "a"]);
        assert_eq!(rsplit_on("a,b,,c", ",", 2), ["a,b", "", "c"]);
        assert_eq!(rsplit_on("aaa", "aa", usize::MAX), ["a", ""]);
        assert_eq!(split_on("x::y::z", "::", 0), ["x::y::z"]);
    }

    #[test]
    fn splitlines_knows_every_boundary() {
        let text = "a\nb\r\nc\rd\x0be\x0cf\x1cg\x1dh\x1ei\u{85}j\u{2028}k\u{2029}l";
        assert_eq!(split_lines(text, false), ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]);
        assert_eq!(split_lines("a\nb\r\nc\r", true), ["a\n", "b\r\n", "c\r"]);
        assert_eq!(split_lines("\r\n\r", true), ["\r\n", "\r"]);
        assert_eq!(split_lines("a\n\n", false), ["a", ""]);
        assert_eq!(split_lines("", false), Vec::<&str>::new());
        assert_eq!(split_lines("\x1f", false), ["\x1f"]);
    }

    #[test]
    fn index_adjustment_clamps_like_slices() {
        assert_eq!(adjust_indices(None, None, 3), (0, 3));
        assert_eq!(adjust_indices(Some(-1), None, 3), (2, 3));
        assert_eq!(adjust_indices(Some(-10), Some(100), 3), (0, 3));
        assert_eq!(adjust_indices(Some(5), Some(-1), 3), (5, 2));
        assert_eq!(adjust_indices(Some(i64::MIN), Some(i64::MIN), 3), (0, 0));
    }

    #[test]
    fn windows_convert_code_points() {
        let s = Str::new("aé€😀b".to_string());
        let window = Window::new(&s, 1, 4);
        assert_eq!(window.text, "é€😀");
        assert_eq!(window.char_index("é€".len()), 3);
        assert_eq!(Window::new(&s, 5, 5).text, "");
    }
}
