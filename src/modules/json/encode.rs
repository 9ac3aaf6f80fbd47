//! `json.dumps` and `json.dump`: Python values to JSON text, formatted as
//! CPython's encoder formats them (its C encoder when `indent` is None,
//! its Python one otherwise; they differ in one error message).

use crate::builtins::{check_arguments, keyword_arguments};
use crate::bytecode::Comparison;
use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::value::Value;
use crate::vm::Vm;

/// The options of `JSONEncoder`.
struct Encoder {
    skip_keys: bool,
    ensure_ascii: bool,
    check_circular: bool,
    allow_nan: bool,
    sort_keys: bool,
    /// The text of one level of indentation; None for one line.
    indent: Option<String>,
    item_separator: String,
    key_separator: String,
    /// Called for values JSON has no form for.
    default: Option<Value>,
    /// Containers being encoded (by address), to catch cycles.
    markers: Vec<usize>,
}

const DUMPS_OPTIONS: [&str; 10] = [
    "skipkeys",
    "ensure_ascii",
    "check_circular",
    "allow_nan",
    "cls",
    "indent",
    "separators",
    "default",
    "sort_keys",
    "obj",
];

impl Encoder {
    /// The encoder `dumps(**options)` makes.
    fn from_options(vm: &mut Vm, name: &str, keywords: Keywords) -> Result<(Encoder, Option<Value>)> {
        let [skip_keys, ensure_ascii, check_circular, allow_nan, _cls, indent, separators, default, sort_keys, obj] =
            keyword_arguments(name, keywords, DUMPS_OPTIONS)?;
        let mut flag = |value: Option<Value>, default: bool| -> Result<bool> {
            match value {
                Some(value) => vm.is_true(&value),
                None => Ok(default),
            }
        };
        let skip_keys = flag(skip_keys, false)?;
        let ensure_ascii = flag(ensure_ascii, true)?;
        let check_circular = flag(check_circular, true)?;
        let allow_nan = flag(allow_nan, true)?;
        let sort_keys = flag(sort_keys, false)?;
        let indent = match indent {
            None | Some(Value::None) => None,
            Some(Value::Str(text)) => Some(text.as_str().to_string()),
            Some(count @ (Value::Int(_) | Value::Bool(_))) => {
                Some(" ".repeat(count.as_i64().unwrap_or(0).max(0) as usize))
            }
            Some(other) => {
                return Err(Error::type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                )));
            }
        };
        let (item_separator, key_separator) = match separators {
            None | Some(Value::None) => (if indent.is_some() { "," } else { ", " }.to_string(), ": ".to_string()),
            Some(separators) => {
                let parts = vm.collect_iterable(separators)?;
                if parts.len() != 2 {
                    return Err(Error::value_error("too many values to unpack (expected 2)"));
                }
                let text = |value: &Value| -> Result<String> {
                    value.as_str().map(str::to_string).ok_or_else(|| {
                        Error::type_error(format!("make_encoder() argument 6 must be str, not {}", value.type_name()))
                    })
                };
                (text(&parts[0])?, text(&parts[1])?)
            }
        };
        let encoder = Encoder {
            skip_keys,
            ensure_ascii,
            check_circular,
            allow_nan,
            sort_keys,
            indent,
            item_separator,
            key_separator,
            default: default.filter(|value| !value.is_none()),
            markers: Vec::new(),
        };
        Ok((encoder, obj))
    }

    fn encode(&mut self, vm: &mut Vm, value: &Value, depth: usize, out: &mut String) -> Result<()> {
        match value {
            Value::Str(text) => self.encode_string(text.as_str(), out),
            Value::None => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Int(number) => out.push_str(&number.to_string()),
            Value::BigInt(number) => out.push_str(&number.to_string()),
            Value::Float(number) => out.push_str(&self.float_text(vm, *number)?),
            Value::List(list) => {
                let items = list.snapshot();
                self.encode_list(vm, value, &items, depth, out)?;
            }
            Value::Tuple(tuple) => self.encode_list(vm, value, &tuple.items, depth, out)?,
            Value::Dict(dict) => {
                let entries: Vec<(Value, Value)> =
                    dict.table.borrow().iter().map(|(key, value)| (key.clone(), value.clone())).collect();
                self.encode_dict(vm, value, entries, depth, out)?;
            }
            // Subclasses of the types above encode as their value, their
            // own methods unasked, as CPython's encoder does.
            Value::Instance(instance)
                if let Some(inner) = instance.builtin_value()
                    && !matches!(inner, Value::Set(_) | Value::FrozenSet(_)) =>
            {
                self.encode(vm, &inner.clone(), depth, out)?;
            }
            other => {
                let marker = self.enter(other)?;
                let replacement = match self.default.clone() {
                    Some(default) => vm.call(&default, std::slice::from_ref(other), &[])?,
                    None => {
                        let name = vm.class_of(other).name().to_string();
                        return Err(Error::type_error(format!("Object of type {name} is not JSON serializable")));
                    }
                };
                self.encode(vm, &replacement, depth, out)?;
                self.leave(marker);
            }
        }
        Ok(())
    }

    /// Records a container being encoded; a second visit is a cycle.
    fn enter(&mut self, value: &Value) -> Result<Option<usize>> {
        if !self.check_circular {
            return Ok(None);
        }
        let address = value.object_address().unwrap_or(0);
        if self.markers.contains(&address) {
            return Err(Error::value_error("Circular reference detected"));
        }
        self.markers.push(address);
        Ok(Some(address))
    }

    fn leave(&mut self, marker: Option<usize>) {
        if let Some(address) = marker {
            self.markers.retain(|&known| known != address);
        }
    }

    /// A newline and the indentation of a nesting level, when indenting.
    fn newline(&self, depth: usize) -> Option<String> {
        self.indent.as_ref().map(|indent| format!("\n{}", indent.repeat(depth)))
    }

    fn encode_list(
        &mut self,
        vm: &mut Vm,
        list: &Value,
        items: &[Value],
        depth: usize,
        out: &mut String,
    ) -> Result<()> {
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        let marker = self.enter(list)?;
        out.push('[');
        let newline = self.newline(depth + 1);
        if let Some(newline) = &newline {
            out.push_str(newline);
        }
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push_str(&self.item_separator);
                if let Some(newline) = &newline {
                    out.push_str(newline);
                }
            }
            self.encode(vm, item, depth + 1, out)?;
        }
        if let Some(newline) = self.newline(depth) {
            out.push_str(&newline);
        }
        out.push(']');
        self.leave(marker);
        Ok(())
    }

    fn encode_dict(
        &mut self,
        vm: &mut Vm,
        dict: &Value,
        mut entries: Vec<(Value, Value)>,
        depth: usize,
        out: &mut String,
    ) -> Result<()> {
        if entries.is_empty() {
            out.push_str("{}");
            return Ok(());
        }
        let marker = self.enter(dict)?;
        out.push('{');
        let newline = self.newline(depth + 1);
        if let Some(newline) = &newline {
            out.push_str(newline);
        }
        if self.sort_keys {
            // CPython sorts the (key, value) pairs.
            let mut pairs: Vec<Value> = entries.into_iter().map(|(k, v)| Value::tuple(vec![k, v])).collect();
            crate::builtins::sort::sort_values(&mut pairs, &mut |a, b| {
                let less = vm.compare_op(a, b, Comparison::Lt)?;
                vm.is_true(&less)
            })?;
            entries = pairs
                .into_iter()
                .map(|pair| match pair {
                    Value::Tuple(pair) => (pair.items[0].clone(), pair.items[1].clone()),
                    other => (other, Value::None),
                })
                .collect();
        }
        let mut first = true;
        for (key, value) in &entries {
            let key_text = match key {
                Value::Str(text) => text.as_str().to_string(),
                Value::Float(number) => self.float_text(vm, *number)?,
                Value::Bool(true) => "true".to_string(),
                Value::Bool(false) => "false".to_string(),
                Value::None => "null".to_string(),
                Value::Int(number) => number.to_string(),
                Value::BigInt(number) => number.to_string(),
                _ if self.skip_keys => continue,
                other => {
                    let name = vm.class_of(other).name().to_string();
                    return Err(Error::type_error(format!("keys must be str, int, float, bool or None, not {name}")));
                }
            };
            if !first {
                out.push_str(&self.item_separator);
                if let Some(newline) = &newline {
                    out.push_str(newline);
                }
            }
            first = false;
            self.encode_string(&key_text, out);
            out.push_str(&self.key_separator);
            self.encode(vm, value, depth + 1, out)?;
        }
        if let Some(newline) = self.newline(depth) {
            out.push_str(&newline);
        }
        out.push('}');
        self.leave(marker);
        Ok(())
    }

    /// A float as `repr` gives it, or NaN/Infinity/-Infinity when allowed.
    fn float_text(&self, vm: &mut Vm, number: f64) -> Result<String> {
        if number.is_finite() {
            return vm.repr(&Value::Float(number));
        }
        if !self.allow_nan {
            // CPython's C encoder (used without indent) leaves the value out.
            return Err(Error::value_error(match self.indent {
                None => "Out of range float values are not JSON compliant".to_string(),
                Some(_) => {
                    format!("Out of range float values are not JSON compliant: {}", vm.repr(&Value::Float(number))?)
                }
            }));
        }
        Ok(if number.is_nan() {
            "NaN"
        } else if number > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .to_string())
    }

    fn encode_string(&self, text: &str, out: &mut String) {
        encode_string(text, self.ensure_ascii, out);
    }
}

/// A JSON string literal. With `ensure_ascii` everything outside printable
/// ASCII is escaped (as `\uXXXX`, astral characters as surrogate pairs);
/// without it only quotes, backslashes and control characters are.
pub(crate) fn encode_string(text: &str, ensure_ascii: bool, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ensure_ascii && !(' '..='~').contains(&c) => {
                let code = c as u32;
                if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    let offset = code - 0x10000;
                    let high = 0xd800 | ((offset >> 10) & 0x3ff);
                    let low = 0xdc00 | (offset & 0x3ff);
                    out.push_str(&format!("\\u{high:04x}\\u{low:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
/// allow_nan=True, cls=None, indent=None, separators=None, default=None,
/// sort_keys=False)
pub(super) fn dumps(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (mut encoder, obj) = Encoder::from_options(vm, "dumps", keywords)?;
    if arguments.len() > 1 {
        return Err(Error::type_error(format!(
            "dumps() takes 1 positional argument but {} were given",
            arguments.len()
        )));
    }
    let Some(value) = arguments.first().cloned().or(obj) else {
        return Err(Error::type_error("dumps() missing 1 required positional argument: 'obj'"));
    };
    let mut out = String::new();
    encoder.encode(vm, &value, 0, &mut out)?;
    Ok(Value::from_string(out))
}

/// dump(obj, fp, **options): writes the text with `fp.write`.
pub(super) fn dump(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (fp_keyword, keywords): (Vec<_>, Vec<_>) =
        keywords.iter().cloned().partition(|(name, _)| name.as_str() == "fp");
    let (mut encoder, obj) = Encoder::from_options(vm, "dump", &keywords)?;
    check_arguments("dump", arguments, 0, 2)?;
    let value = arguments.first().cloned().or(obj);
    let fp = arguments.get(1).cloned().or(fp_keyword.into_iter().next().map(|(_, fp)| fp));
    let (Some(value), Some(fp)) = (value, fp) else {
        return Err(Error::type_error("dump() missing 1 required positional argument: 'fp'"));
    };
    let mut out = String::new();
    encoder.encode(vm, &value, 0, &mut out)?;
    let write = vm.intern("write");
    let method = vm.get_attribute(&fp, &write)?;
    vm.call(&method, &[Value::from_string(out)], &[])?;
    Ok(Value::None)
}
