//! `json.loads` and `json.load`: JSON text to Python values, following
//! CPython's C scanner (`Modules/_json.c`) step for step, so that errors
//! come out at the same positions with the same words.

use std::rc::Rc;

use num_bigint::BigInt;

use crate::builtins::{check_arguments, keyword_arguments};
use crate::error::{Error, Result};
use crate::object::exception::ExceptionObject;
use crate::object::function::Keywords;
use crate::value::Value;
use crate::vm::Vm;

/// Why scanning stopped: a JSONDecodeError to raise (message and
/// position), or an error from a hook that just passes through.
enum Failure {
    Decode(&'static str, usize),
    /// CPython's StopIteration(idx): no value starts at idx.
    NoValue(usize),
    Raised(Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::Raised(error)
    }
}

type Scan<T> = std::result::Result<T, Failure>;

/// The hooks and options of `JSONDecoder`.
#[derive(Default)]
struct Hooks {
    object_hook: Option<Value>,
    object_pairs_hook: Option<Value>,
    parse_float: Option<Value>,
    parse_int: Option<Value>,
    parse_constant: Option<Value>,
    strict: bool,
}

struct Scanner<'a> {
    text: Vec<char>,
    hooks: &'a Hooks,
}

fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

impl Scanner<'_> {
    fn at(&self, index: usize) -> Option<char> {
        self.text.get(index).copied()
    }

    fn skip_whitespace(&self, mut index: usize) -> usize {
        while self.at(index).is_some_and(is_whitespace) {
            index += 1;
        }
        index
    }

    fn starts_with(&self, index: usize, word: &str) -> bool {
        word.chars().enumerate().all(|(offset, c)| self.at(index + offset) == Some(c))
    }

    /// scan_once: the value starting at `index`, and where it ends.
    fn value(&self, vm: &mut Vm, index: usize) -> Scan<(Value, usize)> {
        let Some(c) = self.at(index) else { return Err(Failure::NoValue(index)) };
        match c {
            '"' => self.string(index + 1).map(|(text, end)| (Value::from_string(text), end)),
            '{' => self.object(vm, index + 1),
            '[' => self.array(vm, index + 1),
            'n' if self.starts_with(index, "null") => Ok((Value::None, index + 4)),
            't' if self.starts_with(index, "true") => Ok((Value::Bool(true), index + 4)),
            'f' if self.starts_with(index, "false") => Ok((Value::Bool(false), index + 5)),
            'N' if self.starts_with(index, "NaN") => Ok((self.constant(vm, "NaN", f64::NAN)?, index + 3)),
            'I' if self.starts_with(index, "Infinity") => {
                Ok((self.constant(vm, "Infinity", f64::INFINITY)?, index + 8))
            }
            '-' if self.starts_with(index, "-Infinity") => {
                Ok((self.constant(vm, "-Infinity", f64::NEG_INFINITY)?, index + 9))
            }
            _ => self.number(vm, index),
        }
    }

    fn constant(&self, vm: &mut Vm, name: &str, value: f64) -> Scan<Value> {
        match &self.hooks.parse_constant {
            Some(hook) => Ok(vm.call(hook, &[Value::from_text(name)], &[])?),
            None => Ok(Value::Float(value)),
        }
    }

    /// _match_number_unicode: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`
    fn number(&self, vm: &mut Vm, start: usize) -> Scan<(Value, usize)> {
        let digit = |index: usize| self.at(index).is_some_and(|c| c.is_ascii_digit());
        let mut index = start;
        if self.at(index) == Some('-') {
            index += 1;
            if self.at(index).is_none() {
                return Err(Failure::NoValue(start));
            }
        }
        match self.at(index) {
            Some('1'..='9') => {
                index += 1;
                while digit(index) {
                    index += 1;
                }
            }
            Some('0') => index += 1,
            _ => return Err(Failure::NoValue(start)),
        }
        let mut is_float = false;
        if self.at(index) == Some('.') && digit(index + 1) {
            is_float = true;
            index += 2;
            while digit(index) {
                index += 1;
            }
        }
        if matches!(self.at(index), Some('e' | 'E')) && index + 1 < self.text.len() {
            let exponent_start = index;
            index += 1;
            if matches!(self.at(index), Some('-' | '+')) && index + 1 < self.text.len() {
                index += 1;
            }
            while digit(index) {
                index += 1;
            }
            if digit(index - 1) {
                is_float = true;
            } else {
                index = exponent_start;
            }
        }
        let literal: String = self.text[start..index].iter().collect();
        let value = if is_float {
            match &self.hooks.parse_float {
                Some(hook) => vm.call(hook, &[Value::from_string(literal)], &[])?,
                None => Value::Float(literal.parse::<f64>().unwrap_or(f64::NAN)),
            }
        } else {
            match &self.hooks.parse_int {
                Some(hook) => vm.call(hook, &[Value::from_string(literal)], &[])?,
                None => Value::from_bigint(literal.parse::<BigInt>().unwrap_or_default()),
            }
        };
        Ok((value, index))
    }

    /// scanstring_unicode: the string whose opening quote is just before
    /// `end`; gives its text and the index after the closing quote.
    fn string(&self, mut end: usize) -> Scan<(String, usize)> {
        let begin = end - 1;
        let length = self.text.len();
        let mut text = String::new();
        loop {
            let mut next = end;
            let mut terminator = None;
            while next < length {
                let c = self.text[next];
                if c == '"' || c == '\\' {
                    terminator = Some(c);
                    break;
                }
                if (c as u32) <= 0x1f && self.hooks.strict {
                    return Err(Failure::Decode("Invalid control character at", next));
                }
                next += 1;
            }
            let Some(terminator) = terminator else {
                return Err(Failure::Decode("Unterminated string starting at", begin));
            };
            text.extend(&self.text[end..next]);
            next += 1;
            if terminator == '"' {
                return Ok((text, next));
            }
            if next == length {
                return Err(Failure::Decode("Unterminated string starting at", begin));
            }
            let escape = self.text[next];
            if escape != 'u' {
                end = next + 1;
                let unescaped = match escape {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => return Err(Failure::Decode("Invalid \\escape", end - 2)),
                };
                text.push(unescaped);
                continue;
            }
            next += 1;
            end = next + 4;
            if end >= length {
                return Err(Failure::Decode("Invalid \\uXXXX escape", next - 1));
            }
            let mut code = self.hex4(next).ok_or(Failure::Decode("Invalid \\uXXXX escape", end - 5))?;
            next = end;
            // A high surrogate followed by a low one is one character.
            if (0xd800..=0xdbff).contains(&code)
                && end + 6 < length
                && self.at(next) == Some('\\')
                && self.at(next + 1) == Some('u')
            {
                let low = self.hex4(next + 2).ok_or(Failure::Decode("Invalid \\uXXXX escape", end + 6 - 5))?;
                if (0xdc00..=0xdfff).contains(&low) {
                    code = 0x10000 + (((code - 0xd800) << 10) | (low - 0xdc00));
                    end += 6;
                }
            }
            // A lone surrogate has no place in a Rust string.
            text.push(char::from_u32(code).unwrap_or('\u{fffd}'));
        }
    }

    fn hex4(&self, index: usize) -> Option<u32> {
        let digits: String = self.text.get(index..index + 4)?.iter().collect();
        if digits.chars().all(|c| c.is_ascii_hexdigit()) { u32::from_str_radix(&digits, 16).ok() } else { None }
    }

    /// _parse_object_unicode, after the `{`.
    fn object(&self, vm: &mut Vm, mut index: usize) -> Scan<(Value, usize)> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        index = self.skip_whitespace(index);
        if self.at(index) != Some('}') {
            loop {
                if self.at(index) != Some('"') {
                    return Err(Failure::Decode("Expecting property name enclosed in double quotes", index));
                }
                let (key, next) = self.string(index + 1)?;
                index = self.skip_whitespace(next);
                if self.at(index) != Some(':') {
                    return Err(Failure::Decode("Expecting ':' delimiter", index));
                }
                index = self.skip_whitespace(index + 1);
                let (value, next) = self.value(vm, index)?;
                pairs.push((Value::from_string(key), value));
                index = self.skip_whitespace(next);
                if self.at(index) == Some('}') {
                    break;
                }
                if self.at(index) != Some(',') {
                    return Err(Failure::Decode("Expecting ',' delimiter", index));
                }
                index = self.skip_whitespace(index + 1);
            }
        }
        let end = index + 1;
        if let Some(hook) = &self.hooks.object_pairs_hook {
            let list = Value::list(pairs.into_iter().map(|(k, v)| Value::tuple(vec![k, v])).collect());
            return Ok((vm.call(hook, &[list], &[])?, end));
        }
        let dict = vm.new_dict_from_pairs(pairs)?;
        match &self.hooks.object_hook {
            Some(hook) => Ok((vm.call(hook, &[dict], &[])?, end)),
            None => Ok((dict, end)),
        }
    }

    /// _parse_array_unicode, after the `[`.
    fn array(&self, vm: &mut Vm, mut index: usize) -> Scan<(Value, usize)> {
        let mut items = Vec::new();
        index = self.skip_whitespace(index);
        if self.at(index) != Some(']') {
            loop {
                let (value, next) = self.value(vm, index)?;
                items.push(value);
                index = self.skip_whitespace(next);
                if self.at(index) == Some(']') {
                    break;
                }
                if self.at(index) != Some(',') {
                    return Err(Failure::Decode("Expecting ',' delimiter", index));
                }
                index = self.skip_whitespace(index + 1);
            }
        }
        Ok((Value::list(items), index + 1))
    }
}

/// A JSONDecodeError: `msg: line L column C (char P)`, with the `msg`,
/// `doc`, `pos`, `lineno` and `colno` attributes.
fn decode_error(vm: &mut Vm, message: &str, document: &[char], position: usize) -> Error {
    let before = &document[..position.min(document.len())];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = match before.iter().rposition(|&c| c == '\n') {
        Some(newline) => position - newline,
        None => position + 1,
    };
    let text = format!("{message}: line {line} column {column} (char {position})");
    let class = super::decode_error_class(vm);
    let exception = Rc::new(ExceptionObject::new(class, Value::tuple(vec![Value::from_string(text)])));
    {
        let mut attributes = exception.attributes.borrow_mut();
        let mut set = |key: &str, value: Value| attributes.insert_str(&vm.intern(key), value);
        set("msg", Value::from_text(message));
        set("doc", Value::from_string(document.iter().collect()));
        set("pos", Value::from(position));
        set("lineno", Value::from(line));
        set("colno", Value::from(column));
    }
    Error::Object(exception)
}

const LOADS_OPTIONS: [&str; 8] =
    ["cls", "object_hook", "parse_float", "parse_int", "parse_constant", "object_pairs_hook", "strict", "s"];

/// Decodes a whole document: one value, surrounded only by whitespace.
fn decode(vm: &mut Vm, document: &Value, keywords: Keywords) -> Result<Value> {
    let [_cls, object_hook, parse_float, parse_int, parse_constant, object_pairs_hook, strict, _s] =
        keyword_arguments("loads", keywords, LOADS_OPTIONS)?;
    let text = match document {
        Value::Str(text) => text.as_str().to_string(),
        Value::Bytes(_) | Value::ByteArray(_) => {
            let bytes = document.byte_content().map(|bytes| bytes.into_owned()).unwrap_or_default();
            let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes).to_vec();
            String::from_utf8(bytes).map_err(|_| {
                Error::new(crate::object::exception::ExcKind::UnicodeDecodeError, "'utf-8' codec can't decode bytes")
            })?
        }
        other => {
            return Err(Error::type_error(format!(
                "the JSON object must be str, bytes or bytearray, not {}",
                other.type_name()
            )));
        }
    };
    let strict = match strict {
        Some(flag) => vm.is_true(&flag)?,
        None => true,
    };
    let present = |hook: Option<Value>| hook.filter(|hook| !hook.is_none());
    let hooks = Hooks {
        object_hook: present(object_hook),
        object_pairs_hook: present(object_pairs_hook),
        parse_float: present(parse_float),
        parse_int: present(parse_int),
        parse_constant: present(parse_constant),
        strict,
    };
    let scanner = Scanner { text: text.chars().collect(), hooks: &hooks };
    if matches!(document, Value::Str(_)) && scanner.at(0) == Some('\u{feff}') {
        return Err(decode_error(vm, "Unexpected UTF-8 BOM (decode using utf-8-sig)", &scanner.text, 0));
    }
    let start = scanner.skip_whitespace(0);
    let outcome = scanner.value(vm, start).and_then(|(value, end)| {
        let end = scanner.skip_whitespace(end);
        if end != scanner.text.len() { Err(Failure::Decode("Extra data", end)) } else { Ok(value) }
    });
    match outcome {
        Ok(value) => Ok(value),
        Err(Failure::Decode(message, position)) => Err(decode_error(vm, message, &scanner.text, position)),
        Err(Failure::NoValue(position)) => Err(decode_error(vm, "Expecting value", &scanner.text, position)),
        Err(Failure::Raised(error)) => Err(error),
    }
}

/// loads(s, *, cls=None, object_hook=None, parse_float=None,
/// parse_int=None, parse_constant=None, object_pairs_hook=None)
pub(super) fn loads(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    if arguments.len() > 1 {
        return Err(Error::type_error(format!(
            "loads() takes 1 positional argument but {} were given",
            arguments.len()
        )));
    }
    let keyword_document = keywords.iter().find(|(name, _)| name.as_str() == "s").map(|(_, value)| value.clone());
    let Some(document) = arguments.first().cloned().or(keyword_document) else {
        return Err(Error::type_error("loads() missing 1 required positional argument: 's'"));
    };
    decode(vm, &document, keywords)
}

/// load(fp, **options): decodes what `fp.read()` gives.
pub(super) fn load(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_arguments("load", arguments, 1, 1)?;
    let read = vm.intern("read");
    let method = vm.get_attribute(&arguments[0], &read)?;
    let document = vm.call(&method, &[], &[])?;
    decode(vm, &document, keywords)
}
