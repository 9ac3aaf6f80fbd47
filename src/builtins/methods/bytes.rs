//! Methods of `bytes` and `bytearray`.
//!
//! The two types share one implementation of their common methods: each is
//! instantiated once per type (`upper::<BYTES>`, `upper::<BYTEARRAY>`), so
//! it checks its receiver and builds its results as the type it was looked
//! up on, the way CPython's two method tables do.

use std::borrow::Cow;
use std::fmt::Write;
use std::rc::Rc;

use crate::builtins::{add_methods, expect_index};
use crate::error::{Error, Result};
use crate::object::bytes::{ByteArray, Bytes};
use crate::object::exception::ExcKind;
use crate::object::function::{Keywords, NativeFn};
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

use super::arguments::{Signature, check_positional, clinic_type_name, receiver_error};
use super::codecs::decode_as;
use super::string::is_title_shaped;

/// The `ARRAY` argument of the shared methods instantiated for `bytes`.
const BYTES: bool = false;
/// The `ARRAY` argument of the shared methods instantiated for `bytearray`.
const BYTEARRAY: bool = true;

/// Registers the methods of `bytes` and `bytearray`.
pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(&types.bytes, "bytes", &shared_methods::<BYTES>(), interner);
    add_methods(&types.bytearray, "bytearray", &shared_methods::<BYTEARRAY>(), interner);
    add_methods(
        &types.bytearray,
        "bytearray",
        &[
            ("append", append),
            ("extend", extend),
            ("insert", insert),
            ("pop", pop),
            ("remove", remove),
            ("reverse", reverse),
            ("clear", clear),
            ("copy", copy),
        ],
        interner,
    );
}

/// The methods `bytes` and `bytearray` share, instantiated for one of them.
fn shared_methods<const ARRAY: bool>() -> Vec<(&'static str, NativeFn)> {
    vec![
        ("decode", decode::<ARRAY>),
        ("hex", hex::<ARRAY>),
        ("fromhex", fromhex::<ARRAY>),
        ("count", count::<ARRAY>),
        ("find", find::<ARRAY>),
        ("rfind", rfind::<ARRAY>),
        ("index", index::<ARRAY>),
        ("rindex", rindex::<ARRAY>),
        ("startswith", startswith::<ARRAY>),
        ("endswith", endswith::<ARRAY>),
        ("join", join::<ARRAY>),
        ("split", split::<ARRAY>),
        ("rsplit", rsplit::<ARRAY>),
        ("strip", strip::<ARRAY>),
        ("lstrip", lstrip::<ARRAY>),
        ("rstrip", rstrip::<ARRAY>),
        ("replace", replace::<ARRAY>),
        ("partition", partition::<ARRAY>),
        ("rpartition", rpartition::<ARRAY>),
        ("upper", upper::<ARRAY>),
        ("lower", lower::<ARRAY>),
        ("swapcase", swapcase::<ARRAY>),
        ("title", title::<ARRAY>),
        ("capitalize", capitalize::<ARRAY>),
        ("isdigit", isdigit::<ARRAY>),
        ("isalpha", isalpha::<ARRAY>),
        ("isalnum", isalnum::<ARRAY>),
        ("isspace", isspace::<ARRAY>),
        ("isupper", isupper::<ARRAY>),
        ("islower", islower::<ARRAY>),
        ("istitle", istitle::<ARRAY>),
        ("isascii", isascii::<ARRAY>),
        ("center", center::<ARRAY>),
        ("ljust", ljust::<ARRAY>),
        ("rjust", rjust::<ARRAY>),
        ("zfill", zfill::<ARRAY>),
        ("splitlines", splitlines::<ARRAY>),
        ("removeprefix", removeprefix::<ARRAY>),
        ("removesuffix", removesuffix::<ARRAY>),
        ("expandtabs", expandtabs::<ARRAY>),
        ("translate", translate::<ARRAY>),
        ("maketrans", maketrans::<ARRAY>),
    ]
}

// ------------------------------------------------------------ byte strings

/// An empty buffer with room for a result of `capacity` bytes, or
/// MemoryError where CPython's allocation would fail too (instead of the
/// process aborting).
pub(super) fn buffer(capacity: usize) -> Result<Vec<u8>> {
    let mut data = Vec::new();
    data.try_reserve_exact(capacity).map_err(|_| Error::Builtin(ExcKind::MemoryError, Value::Null))?;
    Ok(data)
}

/// A new `bytes`.
pub(super) fn new_bytes(data: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(Bytes::new(data)))
}

/// A new `bytearray`.
fn new_bytearray(data: Vec<u8>) -> Value {
    Value::ByteArray(Rc::new(ByteArray::new(data)))
}

// ------------------------------------------------------------ receivers and arguments

/// Which of the two types a shared method works on: its receiver's type,
/// and the type of the byte strings it returns.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Bytes,
    ByteArray,
}

impl Kind {
    /// The kind of a method instantiated with `ARRAY`.
    fn of<const ARRAY: bool>() -> Kind {
        if ARRAY { Kind::ByteArray } else { Kind::Bytes }
    }

    /// The type's name, as messages show it.
    fn name(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes",
            Kind::ByteArray => "bytearray",
        }
    }

    /// Whether `value` is of this type.
    fn is_instance(self, value: &Value) -> bool {
        matches!((self, value), (Kind::Bytes, Value::Bytes(_)) | (Kind::ByteArray, Value::ByteArray(_)))
    }

    /// A new value of this type.
    fn new_value(self, data: Vec<u8>) -> Value {
        match self {
            Kind::Bytes => new_bytes(data),
            Kind::ByteArray => new_bytearray(data),
        }
    }
}

/// The object a shared method was called on. A bytearray's content is
/// copied out, so no borrow of it is held while the method runs.
struct Receiver<'a> {
    value: &'a Value,
    data: Cow<'a, [u8]>,
    kind: Kind,
}

impl Receiver<'_> {
    /// A new value of the receiver's type.
    fn new_value(&self, data: Vec<u8>) -> Value {
        self.kind.new_value(data)
    }

    /// A part of the content as a value: for all of a bytes, the bytes
    /// itself, as CPython returns it then; a bytearray result is always new.
    fn part(&self, part: &[u8]) -> Value {
        if self.kind == Kind::Bytes && part.len() == self.data.len() {
            self.value.clone()
        } else {
            self.new_value(part.to_vec())
        }
    }

    /// The content unchanged: the bytes itself, or a copy of the bytearray.
    fn unchanged(&self) -> Value {
        self.part(&self.data)
    }
}

/// The receiver of a shared method instantiated with `ARRAY`, and the
/// arguments after it.
fn receiver<'a, const ARRAY: bool>(method: &str, arguments: &'a [Value]) -> Result<(Receiver<'a>, &'a [Value])> {
    let kind = Kind::of::<ARRAY>();
    match arguments.split_first() {
        Some((value, rest)) if kind.is_instance(value) => {
            let data = value.byte_content().unwrap_or_default();
            Ok((Receiver { value, data, kind }, rest))
        }
        _ => Err(receiver_error(kind.name(), method, arguments)),
    }
}

/// Arity check in the style of CPython's `PyArg_ParseTuple`, which the
/// `find` family still uses: "find() takes at least 1 argument (0 given)".
fn check_tuple_arity(
    owner: &str,
    method: &str,
    arguments: &[Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<()> {
    if !keywords.is_empty() {
        return Err(Error::type_error(format!("{owner}.{method}() takes no keyword arguments")));
    }
    let given = arguments.len();
    let (bound, count) = if given < min {
        ("at least", min)
    } else if given > max {
        ("at most", max)
    } else {
        return Ok(());
    };
    let plural = if count == 1 { "" } else { "s" };
    Err(Error::type_error(format!("{method}() takes {bound} {count} argument{plural} ({given} given)")))
}

/// An argument that must be bytes-like: bytes or bytearray.
fn bytes_argument(value: &Value) -> Result<Cow<'_, [u8]>> {
    value
        .byte_content()
        .ok_or_else(|| Error::type_error(format!("a bytes-like object is required, not '{}'", value.type_name())))
}

/// An int argument CPython converts to a C `int`.
fn expect_c_int(value: &Value) -> Result<i32> {
    let too_large = || Error::overflow("Python int too large to convert to C int");
    match value {
        Value::BigInt(_) => Err(too_large()),
        other => i32::try_from(expect_index(other)?).map_err(|_| too_large()),
    }
}

/// An optional `start`/`end` argument: None or an int, where ints beyond
/// the machine range clamp as in CPython's `_PyEval_SliceIndex`.
fn slice_index(value: Option<&Value>) -> Result<Option<i64>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::BigInt(big)) => Ok(Some(if big.sign() == num_bigint::Sign::Minus { i64::MIN } else { i64::MAX })),
        Some(_) => Err(Error::type_error("slice indices must be integers or None or have an __index__ method")),
    }
}

/// CPython's ADJUST_INDICES: negative indices count from the end; the end
/// is clamped into the data, the start only from below (a start past the
/// end makes every search fail).
fn adjust_indices(start: Option<i64>, end: Option<i64>, length: usize) -> (i64, i64) {
    let length = length as i64;
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
    (start, end)
}

// ------------------------------------------------------------ conversions

/// `decode(encoding='utf-8', errors='strict')`
fn decode<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("decode", arguments)?;
    let signature = Signature {
        name: "decode",
        parameters: ["encoding", "errors"],
        positional_only: 0,
        required: 0,
        keyword_only: 0,
    };
    let [encoding, errors] = signature.bind(rest, keywords)?;
    decode_as("decode", &receiver.data, encoding.as_ref(), errors.as_ref())
}

/// `hex(sep=None, bytes_per_sep=1)`
fn hex<const ARRAY: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("hex", arguments)?;
    let signature = Signature {
        name: "hex",
        parameters: ["sep", "bytes_per_sep"],
        positional_only: 0,
        required: 0,
        keyword_only: 0,
    };
    let [sep, bytes_per_sep] = signature.bind(rest, keywords)?;
    // CPython converts `bytes_per_sep` first.
    let group = match &bytes_per_sep {
        Some(value) => expect_c_int(value)?,
        None => 1,
    };
    let separator = match &sep {
        Some(sep) => Some(hex_separator(vm, sep)?),
        None => None,
    };
    let data = &receiver.data;
    let mut text = String::with_capacity(3 * data.len());
    for (index, byte) in data.iter().enumerate() {
        if let Some(separator) = separator {
            // A positive group size counts groups from the right, a
            // negative one from the left.
            let boundary = match group {
                0 => false,
                1.. => (data.len() - index) % group as usize == 0,
                _ => index % group.unsigned_abs() as usize == 0,
            };
            if index > 0 && boundary {
                text.push(separator);
            }
        }
        let _ = write!(text, "{byte:02x}");
    }
    Ok(Value::from_string(text))
}

/// The `sep` of `hex`: one ASCII character, as str or bytes (not bytearray).
fn hex_separator(vm: &mut Vm, sep: &Value) -> Result<char> {
    if vm.length(sep)? != 1 {
        return Err(Error::value_error("sep must be length 1."));
    }
    let c = match sep {
        Value::Str(text) => text.as_str().chars().next().unwrap_or(' '),
        Value::Bytes(bytes) => bytes.as_bytes()[0] as char,
        _ => return Err(Error::type_error("sep must be str or bytes.")),
    };
    if !c.is_ascii() {
        return Err(Error::value_error("sep must be ASCII."));
    }
    Ok(c)
}

/// `fromhex(string)`, called on the class.
fn fromhex<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let kind = Kind::of::<ARRAY>();
    // Called on an instance (`b''.fromhex(s)`), the instance comes first.
    let arguments = match arguments {
        [instance, rest @ ..] if kind.is_instance(instance) && !rest.is_empty() => rest,
        _ => arguments,
    };
    check_positional(kind.name(), "fromhex", arguments, keywords, 1, 1)?;
    let Value::Str(text) = &arguments[0] else {
        return Err(Error::type_error(format!(
            "fromhex() argument must be str, not {}",
            clinic_type_name(&arguments[0])
        )));
    };
    let chars: Vec<char> = text.as_str().chars().collect();
    let invalid = |position: usize| {
        Error::value_error(format!("non-hexadecimal number found in fromhex() arg at position {position}"))
    };
    let digit = |position: usize| chars.get(position).and_then(|c| c.to_digit(16)).ok_or_else(|| invalid(position));
    let mut data = Vec::with_capacity(chars.len() / 2);
    let mut position = 0;
    while position < chars.len() {
        // Whitespace may separate pairs of digits, never split one.
        if chars[position].is_ascii() && is_space(chars[position] as u8) {
            position += 1;
            continue;
        }
        let high = digit(position)?;
        let low = digit(position + 1)?;
        data.push((high * 16 + low) as u8);
        position += 2;
    }
    Ok(kind.new_value(data))
}

// ------------------------------------------------------------ searching

/// The data, needle and window of a `find`-like call:
/// `(sub[, start[, end]])`, where `sub` may also be a byte as an int.
struct Search<'a> {
    haystack: Cow<'a, [u8]>,
    needle: Cow<'a, [u8]>,
    /// After ADJUST_INDICES; `start` may lie past the data.
    start: i64,
    end: i64,
}

impl<'a> Search<'a> {
    /// Checks and unpacks the receiver and arguments.
    fn parse<const ARRAY: bool>(method: &str, arguments: &'a [Value], keywords: Keywords) -> Result<Search<'a>> {
        let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
        check_tuple_arity(receiver.kind.name(), method, rest, keywords, 1, 3)?;
        // CPython converts `start` and `end` first.
        let (start, end) = (slice_index(rest.get(1))?, slice_index(rest.get(2))?);
        let needle = match &rest[0] {
            value @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
                Cow::Owned(vec![crate::vm::byte_value(value)?])
            }
            value => value.byte_content().ok_or_else(|| {
                Error::type_error(format!(
                    "argument should be integer or bytes-like object, not '{}'",
                    value.type_name()
                ))
            })?,
        };
        let haystack = receiver.data;
        let (start, end) = adjust_indices(start, end, haystack.len());
        Ok(Search { haystack, needle, start, end })
    }

    /// The window, or None when the needle cannot fit in it.
    fn window(&self) -> Option<&[u8]> {
        if self.end - self.start < self.needle.len() as i64 {
            return None;
        }
        Some(&self.haystack[self.start as usize..self.end as usize])
    }

    /// The first position of the needle in the window.
    fn find(&self) -> Option<usize> {
        find_in(self.window()?, &self.needle).map(|position| position + self.start as usize)
    }

    /// The last position of the needle in the window.
    fn rfind(&self) -> Option<usize> {
        rfind_in(self.window()?, &self.needle).map(|position| position + self.start as usize)
    }

    /// How many times the needle occurs in the window, without overlaps.
    fn count(&self) -> usize {
        let Some(window) = self.window() else { return 0 };
        if self.needle.is_empty() {
            return window.len() + 1;
        }
        let mut count = 0;
        let mut from = 0;
        while let Some(position) = find_in(&window[from..], &self.needle) {
            count += 1;
            from += position + self.needle.len();
        }
        count
    }
}

/// The first position of `needle` in `haystack`.
fn find_in(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    match needle {
        [] => Some(0),
        [byte] => haystack.iter().position(|b| b == byte),
        _ => haystack.windows(needle.len()).position(|window| window == needle),
    }
}

/// The last position of `needle` in `haystack`.
fn rfind_in(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    match needle {
        [] => Some(haystack.len()),
        [byte] => haystack.iter().rposition(|b| b == byte),
        _ => haystack.windows(needle.len()).rposition(|window| window == needle),
    }
}

/// The result of `find`/`rfind`: the position, or -1.
fn position_or_minus_one(position: Option<usize>) -> Value {
    position.map_or(Value::Int(-1), Value::from)
}

/// The result of `index`/`rindex`: the position, or ValueError.
fn position_or_error(position: Option<usize>) -> Result<Value> {
    position.map(Value::from).ok_or_else(|| Error::value_error("subsection not found"))
}

/// `find(sub[, start[, end]])`
fn find<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(position_or_minus_one(Search::parse::<ARRAY>("find", arguments, keywords)?.find()))
}

/// `rfind(sub[, start[, end]])`
fn rfind<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(position_or_minus_one(Search::parse::<ARRAY>("rfind", arguments, keywords)?.rfind()))
}

/// `index(sub[, start[, end]])`
fn index<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    position_or_error(Search::parse::<ARRAY>("index", arguments, keywords)?.find())
}

/// `rindex(sub[, start[, end]])`
fn rindex<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    position_or_error(Search::parse::<ARRAY>("rindex", arguments, keywords)?.rfind())
}

/// `count(sub[, start[, end]])`
fn count<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::from(Search::parse::<ARRAY>("count", arguments, keywords)?.count()))
}

/// `startswith(prefix[, start[, end]])`
fn startswith<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    affix_match::<ARRAY>("startswith", arguments, keywords, true)
}

/// `endswith(suffix[, start[, end]])`
fn endswith<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    affix_match::<ARRAY>("endswith", arguments, keywords, false)
}

/// `startswith`/`endswith`: the affix is bytes-like or a tuple of candidates.
fn affix_match<const ARRAY: bool>(
    method: &str,
    arguments: &[Value],
    keywords: Keywords,
    at_start: bool,
) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
    check_tuple_arity(receiver.kind.name(), method, rest, keywords, 1, 3)?;
    let data = &receiver.data;
    let (start, end) = adjust_indices(slice_index(rest.get(1))?, slice_index(rest.get(2))?, data.len());
    let matches = |affix: &[u8]| tail_match(data, affix, start, end, at_start);
    if let Some(affix) = rest[0].byte_content() {
        return Ok(Value::Bool(matches(&affix)));
    }
    let Value::Tuple(candidates) = &rest[0] else {
        return Err(Error::type_error(format!(
            "{method} first arg must be bytes or a tuple of bytes, not {}",
            rest[0].type_name()
        )));
    };
    for candidate in candidates.items.iter() {
        if matches(&bytes_argument(candidate)?) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// CPython's `tailmatch`, on indices already adjusted.
fn tail_match(data: &[u8], affix: &[u8], start: i64, end: i64, at_start: bool) -> bool {
    let length = affix.len() as i64;
    if start > data.len() as i64 || end - start < length {
        return false;
    }
    let from = if at_start { start } else { end - length };
    data[from as usize..(from + length) as usize] == *affix
}

// ------------------------------------------------------------ splitting and joining

/// `join(iterable_of_bytes)`
fn join<const ARRAY: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("join", arguments)?;
    let kind = receiver.kind;
    check_positional(kind.name(), "join", rest, keywords, 1, 1)?;
    let items = match &rest[0] {
        Value::List(list) => list.snapshot(),
        Value::Tuple(tuple) => tuple.items.to_vec(),
        iterable => {
            let iterator = vm.get_iter(iterable.clone()).map_err(|error| {
                if error.is_instance_of(ExcKind::TypeError) {
                    Error::type_error("can only join an iterable")
                } else {
                    error
                }
            })?;
            let mut items = Vec::new();
            while let Some(item) = vm.next_item(&iterator)? {
                items.push(item);
            }
            items
        }
    };
    // A lone bytes joins to itself.
    if let [item @ Value::Bytes(_)] = items.as_slice()
        && kind == Kind::Bytes
    {
        return Ok(item.clone());
    }
    // Like CPython, read the separator only now: the iteration may have
    // changed a bytearray.
    let separator = receiver.value.byte_content().unwrap_or_default();
    let mut data = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let Some(part) = item.byte_content() else {
            return Err(Error::type_error(format!(
                "sequence item {index}: expected a bytes-like object, {} found",
                item.type_name()
            )));
        };
        if index > 0 {
            data.extend_from_slice(&separator);
        }
        data.extend_from_slice(&part);
    }
    Ok(kind.new_value(data))
}

/// The whitespace of bytes methods (and of CPython's C-level parsers):
/// ASCII space, \t, \n, \r, \v and \f.
pub(super) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

/// The receiver and arguments of a `split`/`rsplit` call.
struct SplitArguments<'a> {
    receiver: Receiver<'a>,
    /// None: split at runs of whitespace.
    separator: Option<Vec<u8>>,
    /// At most this many splits; no limit is `usize::MAX`.
    limit: usize,
}

impl<'a> SplitArguments<'a> {
    /// Checks and unpacks the receiver and arguments.
    fn parse<const ARRAY: bool>(
        method: &'static str,
        arguments: &'a [Value],
        keywords: Keywords,
    ) -> Result<SplitArguments<'a>> {
        let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
        let signature = Signature {
            name: method,
            parameters: ["sep", "maxsplit"],
            positional_only: 0,
            required: 0,
            keyword_only: 0,
        };
        let [sep, maxsplit] = signature.bind(rest, keywords)?;
        // CPython converts `maxsplit` first.
        let limit = match &maxsplit {
            Some(value) => usize::try_from(expect_index(value)?).unwrap_or(usize::MAX),
            None => usize::MAX,
        };
        let separator = match &sep {
            None | Some(Value::None) => None,
            Some(value) => {
                let separator = bytes_argument(value)?;
                if separator.is_empty() {
                    return Err(Error::value_error("empty separator"));
                }
                Some(separator.into_owned())
            }
        };
        Ok(SplitArguments { receiver, separator, limit })
    }
}

/// The parts of a split as a list of the receiver's type.
fn parts_list<'a>(receiver: &Receiver, parts: impl Iterator<Item = &'a [u8]>) -> Value {
    Value::list(parts.map(|part| receiver.part(part)).collect())
}

/// `split(sep=None, maxsplit=-1)`
fn split<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let SplitArguments { receiver, separator, limit } = SplitArguments::parse::<ARRAY>("split", arguments, keywords)?;
    let data = &receiver.data[..];
    let mut parts: Vec<&[u8]> = Vec::new();
    match separator {
        Some(separator) => {
            let mut from = 0;
            while parts.len() < limit {
                let Some(position) = find_in(&data[from..], &separator) else { break };
                parts.push(&data[from..from + position]);
                from += position + separator.len();
            }
            parts.push(&data[from..]);
        }
        None => {
            let mut position = 0;
            loop {
                while position < data.len() && is_space(data[position]) {
                    position += 1;
                }
                if position == data.len() {
                    break;
                }
                if parts.len() == limit {
                    // The rest, with its trailing whitespace, is the last part.
                    parts.push(&data[position..]);
                    break;
                }
                let start = position;
                while position < data.len() && !is_space(data[position]) {
                    position += 1;
                }
                parts.push(&data[start..position]);
            }
        }
    }
    Ok(parts_list(&receiver, parts.into_iter()))
}

/// `rsplit(sep=None, maxsplit=-1)`
fn rsplit<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let SplitArguments { receiver, separator, limit } = SplitArguments::parse::<ARRAY>("rsplit", arguments, keywords)?;
    let data = &receiver.data[..];
    // Parts are collected from the right, then reversed.
    let mut parts: Vec<&[u8]> = Vec::new();
    match separator {
        Some(separator) => {
            let mut end = data.len();
            while parts.len() < limit {
                let Some(position) = rfind_in(&data[..end], &separator) else { break };
                parts.push(&data[position + separator.len()..end]);
                end = position;
            }
            parts.push(&data[..end]);
        }
        None => {
            let mut end = data.len();
            loop {
                while end > 0 && is_space(data[end - 1]) {
                    end -= 1;
                }
                if end == 0 {
                    break;
                }
                if parts.len() == limit {
                    // The rest, with its leading whitespace, is the first part.
                    parts.push(&data[..end]);
                    break;
                }
                let stop = end;
                while end > 0 && !is_space(data[end - 1]) {
                    end -= 1;
                }
                parts.push(&data[end..stop]);
            }
        }
    }
    Ok(parts_list(&receiver, parts.into_iter().rev()))
}

/// `splitlines(keepends=False)`: lines end at \n, \r or \r\n only.
fn splitlines<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("splitlines", arguments)?;
    let signature =
        Signature { name: "splitlines", parameters: ["keepends"], positional_only: 0, required: 0, keyword_only: 0 };
    let [keepends] = signature.bind(rest, keywords)?;
    let keepends = match &keepends {
        Some(value) => expect_c_int(value)? != 0,
        None => false,
    };
    let data = &receiver.data[..];
    let mut lines = Vec::new();
    let mut position = 0;
    while position < data.len() {
        let start = position;
        while position < data.len() && !matches!(data[position], b'\n' | b'\r') {
            position += 1;
        }
        let mut end = position;
        if position < data.len() {
            position += if data[position..].starts_with(b"\r\n") { 2 } else { 1 };
            if keepends {
                end = position;
            }
        }
        lines.push(&data[start..end]);
    }
    Ok(parts_list(&receiver, lines.into_iter()))
}

/// `partition`/`rpartition`: the data split around the first or last
/// occurrence of the separator.
fn partition_at<const ARRAY: bool>(method: &str, arguments: &[Value], keywords: Keywords, last: bool) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
    let kind = receiver.kind;
    check_positional(kind.name(), method, rest, keywords, 1, 1)?;
    let separator = bytes_argument(&rest[0])?;
    if separator.is_empty() {
        return Err(Error::value_error("empty separator"));
    }
    let data = &receiver.data[..];
    let found = if last { rfind_in(data, &separator) } else { find_in(data, &separator) };
    let empty = || kind.new_value(Vec::new());
    let parts = match found {
        Some(position) => {
            let after = kind.new_value(data[position + separator.len()..].to_vec());
            // bytes hands back the separator object itself, whatever its type.
            let middle = match kind {
                Kind::Bytes => rest[0].clone(),
                Kind::ByteArray => new_bytearray(separator.into_owned()),
            };
            [kind.new_value(data[..position].to_vec()), middle, after]
        }
        None if last => [empty(), empty(), receiver.unchanged()],
        None => [receiver.unchanged(), empty(), empty()],
    };
    Ok(Value::tuple(parts.into()))
}

/// `partition(sep)`
fn partition<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    partition_at::<ARRAY>("partition", arguments, keywords, false)
}

/// `rpartition(sep)`
fn rpartition<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    partition_at::<ARRAY>("rpartition", arguments, keywords, true)
}

// ------------------------------------------------------------ trimming and replacing

/// `strip`/`lstrip`/`rstrip`: trims bytes in `chars` (default whitespace).
fn trim<const ARRAY: bool>(
    method: &str,
    arguments: &[Value],
    keywords: Keywords,
    left: bool,
    right: bool,
) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
    check_positional(receiver.kind.name(), method, rest, keywords, 0, 1)?;
    let chars = match rest.first() {
        None | Some(Value::None) => None,
        Some(value) => Some(bytes_argument(value)?),
    };
    let strip = |byte: &u8| chars.as_ref().map_or_else(|| is_space(*byte), |chars| chars.contains(byte));
    let data = &receiver.data[..];
    let start = if left { data.iter().position(|b| !strip(b)).unwrap_or(data.len()) } else { 0 };
    let end = if right { data.iter().rposition(|b| !strip(b)).map_or(start, |p| p + 1) } else { data.len() };
    Ok(receiver.part(&data[start..end.max(start)]))
}

/// `strip([chars])`
fn strip<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    trim::<ARRAY>("strip", arguments, keywords, true, true)
}

/// `lstrip([chars])`
fn lstrip<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    trim::<ARRAY>("lstrip", arguments, keywords, true, false)
}

/// `rstrip([chars])`
fn rstrip<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    trim::<ARRAY>("rstrip", arguments, keywords, false, true)
}

/// `removeprefix(prefix)`
fn removeprefix<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("removeprefix", arguments)?;
    check_positional(receiver.kind.name(), "removeprefix", rest, keywords, 1, 1)?;
    let prefix = bytes_argument(&rest[0])?;
    let data = &receiver.data[..];
    Ok(receiver.part(data.strip_prefix(&prefix[..]).unwrap_or(data)))
}

/// `removesuffix(suffix)`
fn removesuffix<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("removesuffix", arguments)?;
    check_positional(receiver.kind.name(), "removesuffix", rest, keywords, 1, 1)?;
    let suffix = bytes_argument(&rest[0])?;
    let data = &receiver.data[..];
    Ok(receiver.part(data.strip_suffix(&suffix[..]).unwrap_or(data)))
}

/// `replace(old, new, count=-1)`
fn replace<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("replace", arguments)?;
    check_positional(receiver.kind.name(), "replace", rest, keywords, 2, 3)?;
    let old = bytes_argument(&rest[0])?;
    let new = bytes_argument(&rest[1])?;
    let limit = match rest.get(2) {
        Some(value) => usize::try_from(expect_index(value)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let data = &receiver.data[..];
    // Where each replacement goes: before every byte and at the end for an
    // empty `old`, else at each non-overlapping occurrence.
    let positions: Vec<usize> = if old.is_empty() {
        let count = if new.is_empty() { 0 } else { limit };
        (0..=data.len()).take(count).collect()
    } else {
        let mut positions = Vec::new();
        let mut from = 0;
        while positions.len() < limit {
            let Some(position) = find_in(&data[from..], &old) else { break };
            positions.push(from + position);
            from += position + old.len();
        }
        positions
    };
    if positions.is_empty() {
        return Ok(receiver.unchanged());
    }
    let length = new
        .len()
        .checked_mul(positions.len())
        .and_then(|added| (data.len() - old.len() * positions.len()).checked_add(added))
        .ok_or_else(|| Error::overflow("replace bytes is too long"))?;
    let mut result = buffer(length)?;
    let mut from = 0;
    for position in positions {
        result.extend_from_slice(&data[from..position]);
        result.extend_from_slice(&new);
        from = position + old.len();
    }
    result.extend_from_slice(&data[from..]);
    Ok(receiver.new_value(result))
}

/// `expandtabs(tabsize=8)`: columns restart after \n and \r.
fn expandtabs<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("expandtabs", arguments)?;
    let signature =
        Signature { name: "expandtabs", parameters: ["tabsize"], positional_only: 0, required: 0, keyword_only: 0 };
    let [tabsize] = signature.bind(rest, keywords)?;
    let tabsize = match &tabsize {
        Some(value) => usize::try_from(expect_c_int(value)?).unwrap_or(0),
        None => 8,
    };
    let data = &receiver.data[..];
    // One pass to size the result (CPython reports an impossible size as
    // OverflowError), one to build it.
    let mut length = Some(0usize);
    expand_tabs(data, tabsize, |_, count| length = length.and_then(|length| length.checked_add(count)));
    let length =
        length.filter(|&length| length <= isize::MAX as usize).ok_or_else(|| Error::overflow("result too long"))?;
    let mut result = buffer(length)?;
    expand_tabs(data, tabsize, |byte, count| result.extend(std::iter::repeat_n(byte, count)));
    Ok(receiver.new_value(result))
}

/// Walks `data` with tabs expanded, emitting each output byte with a
/// repeat count.
fn expand_tabs(data: &[u8], tabsize: usize, mut emit: impl FnMut(u8, usize)) {
    let mut column = 0usize;
    for &byte in data {
        match byte {
            b'\t' if tabsize > 0 => {
                let spaces = tabsize - column % tabsize;
                emit(b' ', spaces);
                column += spaces;
            }
            b'\t' => {}
            b'\n' | b'\r' => {
                emit(byte, 1);
                column = 0;
            }
            _ => {
                emit(byte, 1);
                column += 1;
            }
        }
    }
}

/// `translate(table, /, delete=b'')`
fn translate<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("translate", arguments)?;
    let signature = Signature {
        name: "translate",
        parameters: ["table", "delete"],
        positional_only: 1,
        required: 1,
        keyword_only: 0,
    };
    let [table, delete] = signature.bind(rest, keywords)?;
    let table = match &table {
        None | Some(Value::None) => None,
        Some(value) => {
            let table = bytes_argument(value)?;
            if table.len() != 256 {
                return Err(Error::value_error("translation table must be 256 characters long"));
            }
            Some(table)
        }
    };
    let mut deleted = [false; 256];
    if let Some(delete) = &delete {
        for &byte in bytes_argument(delete)?.iter() {
            deleted[byte as usize] = true;
        }
    }
    let result: Vec<u8> = receiver
        .data
        .iter()
        .filter(|&&byte| !deleted[byte as usize])
        .map(|&byte| table.as_ref().map_or(byte, |table| table[byte as usize]))
        .collect();
    // An unchanged bytes is returned as itself, as CPython does.
    if result[..] == receiver.data[..] {
        return Ok(receiver.unchanged());
    }
    Ok(receiver.new_value(result))
}

/// `maketrans(frm, to)`, a static method: the 256-byte table for
/// `translate` mapping each byte of `frm` to the one at the same place in
/// `to`. It is bytes on either type.
fn maketrans<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let kind = Kind::of::<ARRAY>();
    // Called on an instance, the instance comes first. (Natives cannot be
    // static methods, so this guesses from the count: `bytes.maketrans(b'a',
    // b'b', b'c')` is taken as an instance call.)
    let arguments = match arguments {
        [instance, rest @ ..] if kind.is_instance(instance) && rest.len() >= 2 => rest,
        _ => arguments,
    };
    check_positional(kind.name(), "maketrans", arguments, keywords, 2, 2)?;
    let from = bytes_argument(&arguments[0])?;
    let to = bytes_argument(&arguments[1])?;
    if from.len() != to.len() {
        return Err(Error::value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&from, &to) in from.iter().zip(to.iter()) {
        table[from as usize] = to;
    }
    Ok(new_bytes(table))
}

// ------------------------------------------------------------ padding

/// The receiver, width and fill byte of `center`/`ljust`/`rjust`.
fn padding_arguments<'a, const ARRAY: bool>(
    method: &str,
    arguments: &'a [Value],
    keywords: Keywords,
) -> Result<(Receiver<'a>, usize, u8)> {
    let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
    check_positional(receiver.kind.name(), method, rest, keywords, 1, 2)?;
    let width = usize::try_from(expect_index(&rest[0])?).unwrap_or(0);
    let fill = match rest.get(1) {
        None => b' ',
        Some(value) => match value.byte_content().as_deref() {
            Some(&[fill]) => fill,
            _ => {
                return Err(Error::type_error(format!(
                    "{method}() argument 2 must be a byte string of length 1, not {}",
                    clinic_type_name(value)
                )));
            }
        },
    };
    Ok((receiver, width, fill))
}

/// The receiver's content with `left` and `right` fill bytes around it.
fn pad(receiver: &Receiver, left: usize, right: usize, fill: u8) -> Result<Value> {
    let data = &receiver.data;
    let mut result = buffer(left + data.len() + right)?;
    result.resize(left, fill);
    result.extend_from_slice(data);
    result.resize(left + data.len() + right, fill);
    Ok(receiver.new_value(result))
}

/// `center(width, fillchar=b' ')`
fn center<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, width, fill) = padding_arguments::<ARRAY>("center", arguments, keywords)?;
    let Some(margin) = width.checked_sub(receiver.data.len()).filter(|&margin| margin > 0) else {
        return Ok(receiver.unchanged());
    };
    // CPython's rounding: the odd byte goes left only when both the
    // margin and the width are odd.
    let left = margin / 2 + (margin & width & 1);
    pad(&receiver, left, margin - left, fill)
}

/// `ljust(width, fillchar=b' ')`
fn ljust<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, width, fill) = padding_arguments::<ARRAY>("ljust", arguments, keywords)?;
    match width.checked_sub(receiver.data.len()) {
        Some(margin) if margin > 0 => pad(&receiver, 0, margin, fill),
        _ => Ok(receiver.unchanged()),
    }
}

/// `rjust(width, fillchar=b' ')`
fn rjust<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, width, fill) = padding_arguments::<ARRAY>("rjust", arguments, keywords)?;
    match width.checked_sub(receiver.data.len()) {
        Some(margin) if margin > 0 => pad(&receiver, margin, 0, fill),
        _ => Ok(receiver.unchanged()),
    }
}

/// `zfill(width)`: zeros go after a leading sign.
fn zfill<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>("zfill", arguments)?;
    check_positional(receiver.kind.name(), "zfill", rest, keywords, 1, 1)?;
    let width = usize::try_from(expect_index(&rest[0])?).unwrap_or(0);
    let data = &receiver.data[..];
    if width <= data.len() {
        return Ok(receiver.unchanged());
    }
    let (sign, digits) = match data {
        [sign @ (b'+' | b'-'), digits @ ..] => (Some(*sign), digits),
        _ => (None, data),
    };
    let mut result = buffer(width)?;
    result.extend(sign);
    result.resize(width - digits.len(), b'0');
    result.extend_from_slice(digits);
    Ok(receiver.new_value(result))
}

// ------------------------------------------------------------ case and classification

/// A method without arguments mapping the data to new data.
fn map_bytes<const ARRAY: bool>(
    method: &str,
    arguments: &[Value],
    keywords: Keywords,
    transform: impl FnOnce(&[u8]) -> Vec<u8>,
) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
    check_positional(receiver.kind.name(), method, rest, keywords, 0, 0)?;
    Ok(receiver.new_value(transform(&receiver.data)))
}

/// A method without arguments testing the data.
fn test_bytes<const ARRAY: bool>(
    method: &str,
    arguments: &[Value],
    keywords: Keywords,
    predicate: impl FnOnce(&[u8]) -> bool,
) -> Result<Value> {
    let (receiver, rest) = receiver::<ARRAY>(method, arguments)?;
    check_positional(receiver.kind.name(), method, rest, keywords, 0, 0)?;
    Ok(Value::Bool(predicate(&receiver.data)))
}

/// `upper()`
fn upper<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    map_bytes::<ARRAY>("upper", arguments, keywords, <[u8]>::to_ascii_uppercase)
}

/// `lower()`
fn lower<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    map_bytes::<ARRAY>("lower", arguments, keywords, <[u8]>::to_ascii_lowercase)
}

/// `swapcase()`
fn swapcase<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    map_bytes::<ARRAY>("swapcase", arguments, keywords, |data| {
        data.iter().map(|&byte| if byte.is_ascii_alphabetic() { byte ^ 0x20 } else { byte }).collect()
    })
}

/// `title()`: a letter is upper-cased after a non-letter, else lower-cased.
fn title<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    map_bytes::<ARRAY>("title", arguments, keywords, |data| {
        let mut previous_cased = false;
        data.iter()
            .map(|&byte| {
                let mapped = if previous_cased { byte.to_ascii_lowercase() } else { byte.to_ascii_uppercase() };
                previous_cased = byte.is_ascii_alphabetic();
                mapped
            })
            .collect()
    })
}

/// `capitalize()`
fn capitalize<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    map_bytes::<ARRAY>("capitalize", arguments, keywords, |data| {
        let mut result = data.to_ascii_lowercase();
        if let Some(first) = result.first_mut() {
            first.make_ascii_uppercase();
        }
        result
    })
}

/// Non-empty, and every byte passes.
fn all_bytes(data: &[u8], test: fn(&u8) -> bool) -> bool {
    !data.is_empty() && data.iter().all(test)
}

/// `isdigit()`
fn isdigit<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("isdigit", arguments, keywords, |data| all_bytes(data, u8::is_ascii_digit))
}

/// `isalpha()`
fn isalpha<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("isalpha", arguments, keywords, |data| all_bytes(data, u8::is_ascii_alphabetic))
}

/// `isalnum()`
fn isalnum<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("isalnum", arguments, keywords, |data| all_bytes(data, u8::is_ascii_alphanumeric))
}

/// `isspace()`
fn isspace<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("isspace", arguments, keywords, |data| all_bytes(data, |&byte| is_space(byte)))
}

/// `isascii()` (true when empty)
fn isascii<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("isascii", arguments, keywords, <[u8]>::is_ascii)
}

/// `isupper()`: some cased byte, and none lower-case.
fn isupper<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("isupper", arguments, keywords, |data| {
        data.iter().any(u8::is_ascii_uppercase) && !data.iter().any(u8::is_ascii_lowercase)
    })
}

/// `islower()`: some cased byte, and none upper-case.
fn islower<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("islower", arguments, keywords, |data| {
        data.iter().any(u8::is_ascii_lowercase) && !data.iter().any(u8::is_ascii_uppercase)
    })
}

/// `istitle()`: some cased byte; upper-case ones only after uncased ones,
/// lower-case ones only after cased ones.
fn istitle<const ARRAY: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    test_bytes::<ARRAY>("istitle", arguments, keywords, |data| {
        is_title_shaped(data.iter(), |byte| byte.is_ascii_uppercase(), |byte| byte.is_ascii_lowercase())
    })
}

// ------------------------------------------------------------ bytearray's own methods

/// The bytearray a mutating method was called on, and its other
/// arguments, checked to number `min..=max`.
fn array_arguments<'a>(
    method: &str,
    arguments: &'a [Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<(&'a Rc<ByteArray>, &'a [Value])> {
    let Some((Value::ByteArray(array), rest)) = arguments.split_first() else {
        return Err(receiver_error("bytearray", method, arguments));
    };
    check_positional("bytearray", method, rest, keywords, min, max)?;
    Ok((array, rest))
}

/// `bytearray.append(item)`
fn append(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, rest) = array_arguments("append", arguments, keywords, 1, 1)?;
    let byte = crate::vm::byte_value(&rest[0])?;
    array.data.borrow_mut().push(byte);
    Ok(Value::None)
}

/// `bytearray.extend(iterable_of_ints)`: a bytes-like object, or any
/// iterable of byte values. Nothing is added if an item is bad.
fn extend(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, rest) = array_arguments("extend", arguments, keywords, 1, 1)?;
    let source = &rest[0];
    let extra = match source.byte_content() {
        Some(data) => data.into_owned(),
        None => {
            let iterator = vm.get_iter(source.clone()).map_err(|error| {
                if error.is_instance_of(ExcKind::TypeError) {
                    Error::type_error(format!("can't extend bytearray with {}", source.type_name()))
                } else {
                    error
                }
            })?;
            let mut data = Vec::new();
            while let Some(item) = vm.next_item(&iterator)? {
                data.push(crate::vm::byte_value(&item)?);
            }
            data
        }
    };
    array.data.borrow_mut().extend_from_slice(&extra);
    Ok(Value::None)
}

/// `bytearray.insert(index, item)`: an index out of range clamps to the
/// nearer end.
fn insert(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, rest) = array_arguments("insert", arguments, keywords, 2, 2)?;
    let index = expect_index(&rest[0])?;
    let byte = crate::vm::byte_value(&rest[1])?;
    let mut data = array.data.borrow_mut();
    let length = data.len() as i64;
    let position = if index < 0 { (index + length).max(0) } else { index.min(length) };
    data.insert(position as usize, byte);
    Ok(Value::None)
}

/// `bytearray.pop(index=-1)`: removes and returns the byte at `index`.
fn pop(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, rest) = array_arguments("pop", arguments, keywords, 0, 1)?;
    let index = rest.first().map(expect_index).transpose()?.unwrap_or(-1);
    let mut data = array.data.borrow_mut();
    if data.is_empty() {
        return Err(Error::index_error("pop from empty bytearray"));
    }
    let length = data.len() as i64;
    let position = if index < 0 { index + length } else { index };
    if !(0..length).contains(&position) {
        return Err(Error::index_error("pop index out of range"));
    }
    Ok(Value::Int(data.remove(position as usize) as i64))
}

/// `bytearray.remove(value)`: the first byte equal to `value` goes.
fn remove(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, rest) = array_arguments("remove", arguments, keywords, 1, 1)?;
    let byte = crate::vm::byte_value(&rest[0])?;
    let mut data = array.data.borrow_mut();
    let position =
        data.iter().position(|&b| b == byte).ok_or_else(|| Error::value_error("value not found in bytearray"))?;
    data.remove(position);
    Ok(Value::None)
}

/// `bytearray.reverse()`, in place.
fn reverse(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, _) = array_arguments("reverse", arguments, keywords, 0, 0)?;
    array.data.borrow_mut().reverse();
    Ok(Value::None)
}

/// `bytearray.clear()`
fn clear(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, _) = array_arguments("clear", arguments, keywords, 0, 0)?;
    array.data.borrow_mut().clear();
    Ok(Value::None)
}

/// `bytearray.copy()`: a new bytearray with the same content.
fn copy(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (array, _) = array_arguments("copy", arguments, keywords, 0, 0)?;
    let data = array.data.borrow().clone();
    Ok(new_bytearray(data))
}
