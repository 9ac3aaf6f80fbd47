//! `repr()`, `str()`, `format()` and `%`-formatting of builtin values, in
//! exactly CPython's text.

use std::rc::Rc;

use super::Vm;
use crate::error::{Error, Result};
use crate::format;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::iterator::DictPart;
use crate::value::Value;

impl Vm {
    /// `repr(value)`
    pub fn repr(&mut self, value: &Value) -> Result<String> {
        match value {
            Value::Null => Ok("<NULL>".into()),
            Value::None => Ok("None".into()),
            Value::NotImplemented => Ok("NotImplemented".into()),
            Value::Ellipsis => Ok("Ellipsis".into()),
            Value::Bool(b) => Ok(if *b { "True".into() } else { "False".into() }),
            Value::Int(i) => Ok(i.to_string()),
            Value::BigInt(b) => Ok(format::int_to_decimal_string(b)?),
            Value::Float(f) => Ok(format::float_repr(*f)),
            Value::Str(s) => Ok(string_repr(s.as_str())),
            Value::Bytes(b) => Ok(bytes_repr(b.as_bytes())),
            Value::ByteArray(array) => Ok(format!("bytearray({})", bytearray_repr(&array.data.borrow()))),
            Value::List(list) => {
                let items = list.snapshot();
                self.guarded(value, "[...]", |vm| Ok(format!("[{}]", vm.join_reprs(&items)?)))
            }
            Value::Tuple(tuple) => {
                let tuple = tuple.clone();
                self.guarded(value, "(...)", |vm| {
                    let inner = vm.join_reprs(&tuple.items)?;
                    Ok(if tuple.len() == 1 { format!("({inner},)") } else { format!("({inner})") })
                })
            }
            Value::Dict(dict) => {
                let pairs: Vec<(Value, Value)> =
                    dict.table.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                self.guarded(value, "{...}", |vm| {
                    let mut parts = Vec::with_capacity(pairs.len());
                    for (key, item) in &pairs {
                        parts.push(format!("{}: {}", vm.repr(key)?, vm.repr(item)?));
                    }
                    Ok(format!("{{{}}}", parts.join(", ")))
                })
            }
            Value::Set(set) => {
                let items = set.elements();
                if items.is_empty() {
                    return Ok("set()".into());
                }
                self.guarded(value, "set(...)", |vm| Ok(format!("{{{}}}", vm.join_reprs(&items)?)))
            }
            Value::FrozenSet(set) => {
                let items = set.elements();
                if items.is_empty() {
                    return Ok("frozenset()".into());
                }
                self.guarded(value, "frozenset(...)", |vm| Ok(format!("frozenset({{{}}})", vm.join_reprs(&items)?)))
            }
            Value::Range(range) => {
                let [start, stop, step] = range.bounds();
                Ok(if step == num_bigint::BigInt::from(1) {
                    format!("range({start}, {stop})")
                } else {
                    format!("range({start}, {stop}, {step})")
                })
            }
            Value::Slice(slice) => Ok(format!(
                "slice({}, {}, {})",
                self.repr(&slice.start)?,
                self.repr(&slice.stop)?,
                self.repr(&slice.step)?
            )),
            Value::Function(function) => {
                Ok(format!("<function {} at {}>", function.code.qualname.as_str(), address(value)))
            }
            Value::Native(native) => Ok(match native.owner {
                Some(owner) => format!("<method '{}' of '{owner}' objects>", native.name),
                None => format!("<built-in function {}>", native.name),
            }),
            Value::BoundMethod(method) => match &method.function {
                Value::Native(native) => Ok(format!(
                    "<built-in method {} of {} object at {}>",
                    native.name,
                    method.receiver.type_name(),
                    address(&method.receiver)
                )),
                Value::Function(function) => {
                    let receiver = self.repr(&method.receiver)?;
                    Ok(format!("<bound method {} of {receiver}>", function.code.qualname.as_str()))
                }
                other => self.repr(&other.clone()),
            },
            Value::Class(class) if class.module == "builtins" => Ok(format!("<class '{}'>", class.name())),
            Value::Class(class) => Ok(format!("<class '{}.{}'>", class.module, class.qualname)),
            Value::Instance(_) => self.instance_repr(value),
            Value::Exception(exception) => self.exception_repr(exception),
            Value::Module(module) => Ok(crate::modules::module_repr(module)),
            Value::Iterator(iterator) => Ok(format!("<{} object at {}>", iterator.type_name(), address(value))),
            Value::DictView(view) => {
                let items = self.collect_iterable(value.clone())?;
                let name = match view.part {
                    DictPart::Keys => "dict_keys",
                    DictPart::Values => "dict_values",
                    DictPart::Items => "dict_items",
                };
                Ok(format!("{name}([{}])", self.join_reprs(&items)?))
            }
            Value::Cell(_) => Ok(format!("<cell at {}>", address(value))),
            Value::Frame(frame) => Ok(format!(
                "<frame at {}, file '{}', line {}, code {}>",
                address(value),
                frame.function.code.filename,
                frame.line,
                frame.function.code.name.as_str()
            )),
            Value::Generator(generator) => {
                let kind = value.type_name();
                Ok(format!("<{kind} object {} at {}>", generator.function.code.qualname.as_str(), address(value)))
            }
        }
    }

    /// Runs a repr that may meet the same container again, printing the
    /// placeholder for a cycle instead of recursing forever.
    fn guarded(
        &mut self,
        value: &Value,
        placeholder: &str,
        render: impl FnOnce(&mut Vm) -> Result<String>,
    ) -> Result<String> {
        let key = value.object_address().unwrap_or(0);
        if self.repr_guard.contains(&key) {
            return Ok(placeholder.to_string());
        }
        if self.repr_guard.len() > self.recursion_limit {
            return Err(Error::new(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        self.repr_guard.push(key);
        let result = render(self);
        self.repr_guard.pop();
        result
    }

    fn join_reprs(&mut self, items: &[Value]) -> Result<String> {
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            parts.push(self.repr(item)?);
        }
        Ok(parts.join(", "))
    }

    /// `str(value)`
    pub fn to_str(&mut self, value: &Value) -> Result<String> {
        match value {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Exception(exception) => self.exception_str(exception),
            Value::Instance(_) => self.instance_str(value),
            other => self.repr(other),
        }
    }

    /// `str(exception)`: a script class's `__str__`, else the builtin one.
    pub fn exception_str(&mut self, exception: &Rc<ExceptionObject>) -> Result<String> {
        if let Some(method) = exception.class.lookup(&self.names.str).filter(|m| !matches!(m, Value::Native(_))) {
            return match self.call_special(&Value::Exception(exception.clone()), method, &[])? {
                Value::Str(text) => Ok(text.as_str().to_string()),
                other => Err(Error::type_error(format!("__str__ returned non-string (type {})", other.type_name()))),
            };
        }
        self.builtin_exception_str(exception)
    }

    /// `BaseException.__str__`: the message, or the arguments.
    pub fn builtin_exception_str(&mut self, exception: &ExceptionObject) -> Result<String> {
        if exception.class.is_builtin_exception_subclass(ExcKind::OSError)
            && let Some(text) = crate::builtins::os_error_str(self, exception)?
        {
            return Ok(text);
        }
        if let Some(members) = crate::builtins::group_members(self, exception) {
            let message = exception.attributes.borrow().get_str(&self.intern("message")).cloned();
            let message = self.to_str(&message.unwrap_or(Value::None))?;
            let plural = if members.len() == 1 { "" } else { "s" };
            return Ok(format!("{message} ({} sub-exception{plural})", members.len()));
        }
        let args = exception.args();
        let Value::Tuple(args) = args else { return self.to_str(&args) };
        if exception.class.is_builtin_exception_subclass(ExcKind::SyntaxError)
            && let Some(text) = self.syntax_error_str(exception)
        {
            return text;
        }
        match args.items.len() {
            0 => Ok(String::new()),
            1 if exception.class.is_builtin_exception_subclass(ExcKind::KeyError) => self.repr(&args.items[0]),
            1 => self.to_str(&args.items[0]),
            _ => self.repr(&Value::Tuple(args.clone())),
        }
    }

    /// `msg (file, line N)`, as CPython's SyntaxError prints itself when it
    /// knows where it is.
    fn syntax_error_str(&mut self, exception: &ExceptionObject) -> Option<Result<String>> {
        let attributes = exception.attributes.borrow();
        let get = |name: &str| attributes.get_str(&crate::object::string::Str::new(name.into())).cloned();
        let message = get("msg")?;
        let file =
            get("filename").and_then(|file| file.as_str().map(|f| f.rsplit('/').next().unwrap_or(f).to_string()));
        let line = get("lineno").and_then(|line| line.as_i64());
        drop(attributes);
        Some(self.to_str(&message).map(|message| match (file, line) {
            (Some(file), Some(line)) => format!("{message} ({file}, line {line})"),
            (Some(file), None) => format!("{message} ({file})"),
            (None, Some(line)) => format!("{message} (line {line})"),
            (None, None) => message,
        }))
    }

    fn exception_repr(&mut self, exception: &Rc<ExceptionObject>) -> Result<String> {
        if let Some(method) = exception.class.lookup(&self.names.repr).filter(|m| !matches!(m, Value::Native(_))) {
            return match self.call_special(&Value::Exception(exception.clone()), method, &[])? {
                Value::Str(text) => Ok(text.as_str().to_string()),
                other => Err(Error::type_error(format!("__repr__ returned non-string (type {})", other.type_name()))),
            };
        }
        self.builtin_exception_repr(exception)
    }

    /// `BaseException.__repr__`: the class name and the arguments.
    pub fn builtin_exception_repr(&mut self, exception: &ExceptionObject) -> Result<String> {
        let name = exception.class.name().to_string();
        let args = exception.args();
        match &args {
            Value::Tuple(items) if items.len() == 1 => Ok(format!("{name}({})", self.repr(&items.items[0])?)),
            Value::Tuple(items) if items.is_empty() => Ok(format!("{name}()")),
            other => Ok(format!("{name}{}", self.repr(other)?)),
        }
    }

    /// `format(value, spec)`
    pub fn format(&mut self, value: &Value, spec: &str) -> Result<String> {
        let type_name = value.type_name().to_string();
        match value {
            Value::Bool(b) if spec.is_empty() => Ok(if *b { "True".into() } else { "False".into() }),
            Value::Int(_) | Value::Bool(_) => {
                let parsed = format::parse_format_spec(spec, &type_name)?;
                Ok(format::format_i64(value.as_i64().unwrap_or(0), &parsed, &type_name)?)
            }
            Value::BigInt(b) => {
                let parsed = format::parse_format_spec(spec, &type_name)?;
                Ok(format::format_int(b, &parsed, &type_name)?)
            }
            Value::Float(f) => {
                let parsed = format::parse_format_spec(spec, &type_name)?;
                Ok(format::format_float(*f, &parsed, &type_name)?)
            }
            Value::Str(s) => {
                let parsed = format::parse_format_spec(spec, &type_name)?;
                Ok(format::format_str(s.as_str(), &parsed, &type_name)?)
            }
            Value::Instance(_) => self.instance_format(value, spec),
            other if spec.is_empty() => self.to_str(other),
            other => {
                Err(Error::type_error(format!("unsupported format string passed to {}.__format__", other.type_name())))
            }
        }
    }

    /// `bytes % arguments`: the same engine over latin-1 text, where `%s`
    /// and `%b` take bytes and `%r` gives an ASCII repr.
    pub(crate) fn percent_format_bytes(&mut self, template: &[u8], arguments: &Value) -> Result<Vec<u8>> {
        let text: String = template.iter().map(|&b| b as char).collect();
        let formatted = self.percent_format_mode(&text, arguments, true)?;
        Ok(formatted.chars().map(|c| c as u32 as u8).collect())
    }

    /// `format % arguments`, printf-style.
    pub(crate) fn percent_format(&mut self, template: &str, arguments: &Value) -> Result<String> {
        self.percent_format_mode(template, arguments, false)
    }

    fn percent_format_mode(&mut self, template: &str, arguments: &Value, bytes_mode: bool) -> Result<String> {
        let (positional, mapping): (Vec<Value>, Option<Value>) = match arguments {
            Value::Tuple(tuple) => (tuple.items.to_vec(), None),
            Value::Dict(_) => (vec![arguments.clone()], Some(arguments.clone())),
            other => (vec![other.clone()], None),
        };
        let mut next_argument = 0usize;
        let mut output = String::with_capacity(template.len() + 16);
        let chars: Vec<char> = template.chars().collect();
        let mut index = 0;
        let mut used_mapping = false;
        while index < chars.len() {
            let c = chars[index];
            if c != '%' {
                output.push(c);
                index += 1;
                continue;
            }
            index += 1;
            let mut key = None;
            if chars.get(index) == Some(&'(') {
                let mut depth = 1;
                let key_start = index + 1;
                index += 1;
                while index < chars.len() && depth > 0 {
                    match chars[index] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    index += 1;
                }
                if depth > 0 {
                    return Err(Error::value_error("incomplete format key"));
                }
                key = Some(chars[key_start..index - 1].iter().collect::<String>());
            }
            let mut flags = String::new();
            while let Some(&flag) = chars.get(index) {
                if "-+ #0".contains(flag) {
                    flags.push(flag);
                    index += 1;
                } else {
                    break;
                }
            }
            let take_number = |index: &mut usize, next_argument: &mut usize, vm: &mut Vm| -> Result<Option<usize>> {
                if chars.get(*index) == Some(&'*') {
                    *index += 1;
                    let value = positional.get(*next_argument).cloned();
                    *next_argument += 1;
                    return match value {
                        Some(Value::Int(n)) => Ok(Some(n.max(0) as usize)),
                        Some(_) => Err(Error::type_error("* wants int")),
                        None => Err(Error::type_error("not enough arguments for format string")),
                    };
                }
                let _ = vm;
                let digits_start = *index;
                while chars.get(*index).is_some_and(|c| c.is_ascii_digit()) {
                    *index += 1;
                }
                if *index == digits_start {
                    return Ok(None);
                }
                let text: String = chars[digits_start..*index].iter().collect();
                text.parse::<usize>().map(Some).map_err(|_| Error::value_error("width too big"))
            };
            let width = take_number(&mut index, &mut next_argument, self)?;
            let mut precision = None;
            if chars.get(index) == Some(&'.') {
                index += 1;
                precision = Some(take_number(&mut index, &mut next_argument, self)?.unwrap_or(0));
            }
            while chars.get(index).is_some_and(|c| "hlL".contains(*c)) {
                index += 1;
            }
            let Some(&kind) = chars.get(index) else {
                return Err(Error::value_error("incomplete format"));
            };
            index += 1;
            if kind == '%' && key.is_none() {
                output.push('%');
                continue;
            }
            let argument = match &key {
                Some(key) => {
                    used_mapping = true;
                    let Some(mapping) = &mapping else {
                        return Err(Error::type_error("format requires a mapping"));
                    };
                    self.get_item(mapping, &Value::from_text(key))?
                }
                None => {
                    let Some(value) = positional.get(next_argument).cloned() else {
                        return Err(Error::type_error("not enough arguments for format string"));
                    };
                    next_argument += 1;
                    value
                }
            };
            let piece = self.percent_piece(kind, &flags, precision, &argument, index - 1, bytes_mode)?;
            output.push_str(&pad_percent(piece, &flags, width, kind));
        }
        if mapping.is_none() && next_argument < positional.len() && !used_mapping {
            return Err(Error::type_error("not all arguments converted during string formatting"));
        }
        Ok(output)
    }

    /// One `%` conversion before width padding.
    fn percent_piece(
        &mut self,
        kind: char,
        flags: &str,
        precision: Option<usize>,
        argument: &Value,
        at: usize,
        bytes_mode: bool,
    ) -> Result<String> {
        let sign = if flags.contains('+') {
            "+"
        } else if flags.contains(' ') {
            " "
        } else {
            ""
        };
        // Numbers of subclasses of int and float format as their value.
        let plain = Vm::builtin_value_or_self(argument);
        let argument = if matches!(kind, 's' | 'r' | 'a' | 'b') { argument } else { &plain };
        Ok(match kind {
            's' | 'b' if bytes_mode => match argument {
                Value::Bytes(bytes) => truncate_chars(bytes.as_bytes().iter().map(|&b| b as char).collect(), precision),
                other => {
                    return Err(Error::type_error(format!(
                        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                        other.type_name()
                    )));
                }
            },
            'r' if bytes_mode => truncate_chars(ascii_escape(&self.repr(argument)?), precision),
            'c' if bytes_mode => match argument {
                Value::Int(code) if (0..256).contains(code) => ((*code as u8) as char).to_string(),
                Value::Int(_) => return Err(Error::overflow("%c arg not in range(256)")),
                Value::Bytes(bytes) if bytes.as_bytes().len() == 1 => (bytes.as_bytes()[0] as char).to_string(),
                _ => return Err(Error::type_error("%c requires an integer in range(256) or a single byte")),
            },
            's' => {
                let text = self.to_str(argument)?;
                truncate_chars(text, precision)
            }
            'r' => truncate_chars(self.repr(argument)?, precision),
            'a' => truncate_chars(ascii_escape(&self.repr(argument)?), precision),
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                let integer = match argument {
                    Value::Float(f) => {
                        if !f.is_finite() {
                            return Err(Error::overflow("cannot convert float infinity to integer"));
                        }
                        Value::from_bigint(num_bigint::BigInt::from(*f as i128))
                    }
                    value if value.is_int() => value.clone(),
                    other => {
                        let what = if matches!(kind, 'd' | 'i' | 'u') { "a real number" } else { "an integer" };
                        return Err(Error::type_error(format!(
                            "%{kind} format: {what} is required, not {}",
                            other.type_name()
                        )));
                    }
                };
                let big = integer.to_bigint().unwrap_or_default();
                let negative = big.sign() == num_bigint::Sign::Minus;
                let magnitude = big.magnitude();
                let mut digits = match kind {
                    'o' => magnitude.to_str_radix(8),
                    'x' => magnitude.to_str_radix(16),
                    'X' => magnitude.to_str_radix(16).to_uppercase(),
                    _ => magnitude.to_string(),
                };
                if let Some(precision) = precision {
                    while digits.len() < precision {
                        digits.insert(0, '0');
                    }
                }
                let prefix = if flags.contains('#') {
                    match kind {
                        'o' => "0o",
                        'x' => "0x",
                        'X' => "0X",
                        _ => "",
                    }
                } else {
                    ""
                };
                let sign = if negative { "-" } else { sign };
                format!("{sign}{prefix}{digits}")
            }
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let Some(number) = crate::object::number::value_to_float(argument) else {
                    return Err(Error::type_error(format!("must be real number, not {}", argument.type_name())));
                };
                let number = number?;
                let precision = precision.unwrap_or(6);
                let body = match kind {
                    'e' | 'E' => format::format_float_exponent(number.abs(), precision, kind == 'E')?,
                    'f' | 'F' => {
                        let text = format::format_float_fixed(number.abs(), precision)?;
                        if kind == 'F' { text.to_uppercase() } else { text }
                    }
                    _ => format::format_float_general(number.abs(), precision, kind == 'G', flags.contains('#'))?,
                };
                let negative = number.is_sign_negative() && !number.is_nan();
                let sign = if negative { "-" } else { sign };
                format!("{sign}{body}")
            }
            'c' => match argument {
                Value::Int(code) => match u32::try_from(*code).ok().and_then(char::from_u32) {
                    Some(c) => c.to_string(),
                    None => return Err(Error::overflow("%c arg not in range(0x110000)")),
                },
                Value::Str(s) if s.char_len() == 1 => s.as_str().to_string(),
                _ => return Err(Error::type_error("%c requires int or char")),
            },
            other => {
                return Err(Error::value_error(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {at}",
                    other as u32
                )));
            }
        })
    }
}

/// Applies a `%` conversion's width and the `-` and `0` flags.
fn pad_percent(piece: String, flags: &str, width: Option<usize>, kind: char) -> String {
    let Some(width) = width else { return piece };
    let length = piece.chars().count();
    if length >= width {
        return piece;
    }
    let padding = width - length;
    if flags.contains('-') {
        return format!("{piece}{}", " ".repeat(padding));
    }
    let numeric = "diuoxXeEfFgG".contains(kind);
    if flags.contains('0') && numeric {
        // Zeros go after the sign and any 0x prefix.
        let mut prefix_length = piece.chars().take_while(|c| *c == '-' || *c == '+' || *c == ' ').count();
        let rest: String = piece.chars().skip(prefix_length).collect();
        if rest.starts_with("0x") || rest.starts_with("0X") || rest.starts_with("0o") {
            prefix_length += 2;
        }
        let prefix: String = piece.chars().take(prefix_length).collect();
        let body: String = piece.chars().skip(prefix_length).collect();
        return format!("{prefix}{}{body}", "0".repeat(padding));
    }
    format!("{}{piece}", " ".repeat(padding))
}

fn truncate_chars(text: String, precision: Option<usize>) -> String {
    match precision {
        Some(limit) if text.chars().count() > limit => text.chars().take(limit).collect(),
        _ => text,
    }
}

/// A stand-in address for reprs of objects shown by identity.
fn address(value: &Value) -> String {
    format!("0x{:012x}", value.object_address().unwrap_or(0))
}

/// Whether Python's `str.isprintable()` holds for a character (no Unicode
/// database here: the ranges that matter in practice).
pub fn is_printable(c: char) -> bool {
    let code = c as u32;
    if code < 0x20 || code == 0x7f {
        return false;
    }
    if code < 0x7f {
        return true;
    }
    !matches!(code,
        0x80..=0xa0
        | 0xad
        | 0x0600..=0x0605
        | 0x061c
        | 0x06dd
        | 0x070f
        | 0x1680
        | 0x180e
        | 0x2000..=0x200f
        | 0x2028..=0x202f
        | 0x205f..=0x2064
        | 0x2066..=0x206f
        | 0x3000
        | 0xd800..=0xf8ff
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xfffe..=0xffff
        | 0xe0001
        | 0xe0020..=0xe007f
        | 0xf0000..)
}

/// `repr()` of a str: CPython picks the quote and escapes what is not
/// printable.
pub fn string_repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

fn push_escape(out: &mut String, c: char) {
    let code = c as u32;
    if code <= 0xff {
        out.push_str(&format!("\\x{code:02x}"));
    } else if code <= 0xffff {
        out.push_str(&format!("\\u{code:04x}"));
    } else {
        out.push_str(&format!("\\U{code:08x}"));
    }
}

/// `ascii()`: a repr with every non-ASCII character escaped.
pub fn ascii_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

/// `repr()` of bytes.
pub fn bytes_repr(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') { b'"' } else { b'\'' };
    let mut out = String::with_capacity(data.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &byte in data {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            byte if byte == quote => {
                out.push('\\');
                out.push(byte as char);
            }
            0x20..=0x7e => out.push(byte as char),
            byte => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote as char);
    out
}

/// The `b'...'` part of a bytearray's repr: like bytes, except that a
/// single quote is always escaped (CPython's bytearray_repr does so).
fn bytearray_repr(data: &[u8]) -> String {
    let text = bytes_repr(data);
    if !text.starts_with("b\"") {
        return text;
    }
    let inner = &text[2..text.len() - 1];
    format!("b\"{}\"", inner.replace('\'', "\\'"))
}

/// A constant's text for the disassembler (constants are never cyclic).
pub fn repr_for_listing(value: &Value) -> String {
    match value {
        Value::None => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::Int(i) => i.to_string(),
        Value::BigInt(b) => b.to_string(),
        Value::Float(f) => format::float_repr(*f),
        Value::Str(s) => string_repr(s.as_str()),
        Value::Bytes(b) => bytes_repr(b.as_bytes()),
        Value::Ellipsis => "Ellipsis".into(),
        Value::Tuple(tuple) => {
            let items: Vec<String> = tuple.items.iter().map(repr_for_listing).collect();
            if items.len() == 1 { format!("({},)", items[0]) } else { format!("({})", items.join(", ")) }
        }
        Value::FrozenSet(set) => {
            let items: Vec<String> = set.elements().iter().map(repr_for_listing).collect();
            format!("frozenset({{{}}})", items.join(", "))
        }
        other => format!("<{}>", other.type_name()),
    }
}
