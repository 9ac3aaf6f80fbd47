//! Calling a builtin type: `int("12")`, `list(range(3))`, `dict(a=1)`.
//! Each is the type's `__new__`, receiving the class first.

use std::rc::Rc;

use num_bigint::BigInt;

use super::{add_methods, check_arguments, expect_index, keyword_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::format;
use crate::object::bytes::{ByteArray, Bytes};
use crate::object::compare;
use crate::object::function::Keywords;
use crate::object::range::{Range, Slice};
use crate::object::set::Set;
use crate::object::set_table::SetTable;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(&types.int, "int", &[("__new__", int_new)], interner);
    add_methods(&types.bool_, "bool", &[("__new__", bool_new)], interner);
    add_methods(&types.float, "float", &[("__new__", float_new)], interner);
    add_methods(&types.str_, "str", &[("__new__", str_new)], interner);
    add_methods(&types.bytes, "bytes", &[("__new__", bytes_new)], interner);
    add_methods(&types.bytearray, "bytearray", &[("__new__", bytearray_new)], interner);
    add_methods(&types.list, "list", &[("__new__", list_new)], interner);
    add_methods(&types.tuple, "tuple", &[("__new__", tuple_new)], interner);
    add_methods(&types.dict, "dict", &[("__new__", dict_new)], interner);
    add_methods(&types.set, "set", &[("__new__", set_new)], interner);
    add_methods(&types.frozenset, "frozenset", &[("__new__", frozenset_new)], interner);
    add_methods(&types.range, "range", &[("__new__", range_new)], interner);
    add_methods(&types.slice, "slice", &[("__new__", slice_new)], interner);
    add_methods(&types.type_, "type", &[("__new__", type_new)], interner);
    add_methods(&types.object, "object", &[("__new__", super::classes::object_new)], interner);
}

/// The `__new__` of a builtin value type, which makes instances of
/// script subclasses too; `$make` makes the plain value.
macro_rules! subclassable {
    ($($new:ident => $make:ident, $owner:literal;)*) => {$(
        fn $new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
            super::subclass::construct(vm, arguments, keywords, $owner, $make)
        }
    )*};
}

subclassable! {
    int_new => int_value, "int";
    float_new => float_value, "float";
    str_new => str_value, "str";
    list_new => list_value, "list";
    tuple_new => tuple_value, "tuple";
    dict_new => dict_value, "dict";
    set_new => set_value, "set";
    frozenset_new => frozenset_value, "frozenset";
}

/// The arguments after the class.
fn rest(arguments: &[Value]) -> &[Value] {
    arguments.get(1..).unwrap_or(&[])
}

/// int(x=0) / int(text, base=10)
fn int_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [base_keyword] = keyword_arguments("int", keywords, ["base"])?;
    let arguments = rest(arguments);
    check_arguments("int", arguments, 0, 2)?;
    let base = arguments.get(1).cloned().or(base_keyword);
    let Some(value) = arguments.first() else {
        if base.is_some() {
            return Err(Error::type_error("int() missing string argument"));
        }
        return Ok(Value::Int(0));
    };
    if let Some(base) = base {
        let base = expect_index(&base)?;
        if base != 0 && !(2..=36).contains(&base) {
            return Err(Error::value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let text = match value {
            Value::Str(s) => s.as_str().to_string(),
            Value::Bytes(b) => String::from_utf8_lossy(b.as_bytes()).into_owned(),
            _ => return Err(Error::type_error("int() can't convert non-string with explicit base")),
        };
        return parse_int_text(vm, &text, value, base as u32);
    }
    match value {
        Value::Int(_) | Value::BigInt(_) => Ok(value.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) => float_to_int(*f),
        Value::Str(s) => parse_int_text(vm, s.as_str(), value, 10),
        Value::Bytes(b) => parse_int_text(vm, &String::from_utf8_lossy(b.as_bytes()), value, 10),
        Value::Instance(_) if let Some(converted) = vm.convert_with(value, &["__int__", "__index__"])? => {
            match converted {
                Value::Int(_) | Value::BigInt(_) => Ok(converted),
                Value::Bool(flag) => Ok(Value::Int(flag as i64)),
                other => Err(Error::type_error(format!("__int__ returned non-int (type {})", other.type_name()))),
            }
        }
        // A str subclass's text (a number subclass came through `__int__`).
        Value::Instance(instance) if let Some(inner) = instance.builtin_value() => {
            int_value(vm, &[Value::None, inner.clone()], &[])
        }
        other => Err(Error::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

fn parse_int_text(vm: &mut Vm, text: &str, original: &Value, base: u32) -> Result<Value> {
    match format::parse_int_checked(text, base) {
        Ok(value) => Ok(Value::from_bigint(value)),
        Err(error) => {
            let shown = vm.repr(original)?;
            Err(error.to_format_error(base, &shown).into())
        }
    }
}

/// int(float): truncates toward zero.
pub(crate) fn float_to_int(value: f64) -> Result<Value> {
    if value.is_nan() {
        return Err(Error::value_error("cannot convert float NaN to integer"));
    }
    if value.is_infinite() {
        return Err(Error::overflow("cannot convert float infinity to integer"));
    }
    let truncated = value.trunc();
    if truncated.abs() < 9.0e18 {
        return Ok(Value::Int(truncated as i64));
    }
    Ok(Value::from_bigint(num_traits::FromPrimitive::from_f64(truncated).unwrap_or_else(|| BigInt::from(0))))
}

fn bool_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("bool", keywords)?;
    let arguments = rest(arguments);
    check_arguments("bool", arguments, 0, 1)?;
    match arguments.first() {
        Some(value) => vm.is_true(value).map(Value::Bool),
        None => Ok(Value::Bool(false)),
    }
}

fn float_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("float", keywords)?;
    let arguments = rest(arguments);
    check_arguments("float", arguments, 0, 1)?;
    let Some(value) = arguments.first() else { return Ok(Value::Float(0.0)) };
    match value {
        Value::Float(_) => Ok(value.clone()),
        Value::Int(i) => Ok(Value::Float(*i as f64)),
        Value::Bool(b) => Ok(Value::Float(*b as i64 as f64)),
        Value::BigInt(b) => crate::object::number::int_to_float(b).map(Value::Float),
        Value::Str(s) => match format::parse_float(s.as_str()) {
            Some(f) if f.is_nan() => Ok(Value::Float(fresh_nan(f))),
            Some(f) => Ok(Value::Float(f)),
            None => Err(Error::value_error(format!("could not convert string to float: {}", vm.repr(value)?))),
        },
        Value::Bytes(b) => match format::parse_float(&String::from_utf8_lossy(b.as_bytes())) {
            Some(f) => Ok(Value::Float(f)),
            None => Err(Error::value_error(format!("could not convert string to float: {}", vm.repr(value)?))),
        },
        Value::Instance(_) if let Some(converted) = vm.convert_with(value, &["__float__", "__index__"])? => {
            match converted {
                Value::Float(_) => Ok(converted),
                Value::Int(i) => Ok(Value::Float(i as f64)),
                Value::BigInt(b) => crate::object::number::int_to_float(&b).map(Value::Float),
                other => Err(Error::type_error(format!("__float__ returned non-float (type {})", other.type_name()))),
            }
        }
        Value::Instance(instance) if let Some(inner) = instance.builtin_value() => {
            float_value(vm, &[Value::None, inner.clone()], &[])
        }
        other => Err(Error::type_error(format!(
            "float() argument must be a string or a real number, not '{}'",
            other.type_name()
        ))),
    }
}

/// A NaN that is a new object: floats live inline, so identity (`is`,
/// and the identity shortcut of container comparisons) is the bit
/// pattern; every `float('nan')` gets its own payload bits, as every call
/// makes a new object in CPython.
fn fresh_nan(nan: f64) -> f64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let payload = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed) & 0x0007_ffff_ffff_ffff;
    f64::from_bits((nan.to_bits() & 0xfff8_0000_0000_0000) | payload.max(1))
}

/// str(object='') / str(bytes, encoding, errors)
fn str_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [object_keyword, encoding_keyword, errors_keyword] =
        keyword_arguments("str", keywords, ["object", "encoding", "errors"])?;
    let arguments = rest(arguments);
    check_arguments("str", arguments, 0, 3)?;
    let Some(value) = arguments.first().cloned().or(object_keyword) else {
        return Ok(Value::from_text(""));
    };
    let encoding = arguments.get(1).cloned().or(encoding_keyword);
    let errors = arguments.get(2).cloned().or(errors_keyword);
    if encoding.is_some() || errors.is_some() {
        let Some(content) = value.byte_content() else {
            return Err(Error::type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                value.type_name()
            )));
        };
        return super::methods::decode_bytes(&content, encoding.as_ref(), errors.as_ref());
    }
    if let Value::Str(_) = value {
        return Ok(value);
    }
    vm.to_str(&value).map(Value::from_string)
}

/// bytes(), bytes(int), bytes(iterable of ints), bytes(str, encoding)
fn bytes_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    if let [_, Value::Bytes(bytes)] = arguments
        && keywords.is_empty()
    {
        return Ok(Value::Bytes(bytes.clone()));
    }
    let data = byte_string_source(vm, "bytes", arguments, keywords)?;
    Ok(Value::Bytes(Rc::new(Bytes::new(data))))
}

/// bytearray(): the same sources as bytes(), in a mutable buffer.
fn bytearray_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let data = byte_string_source(vm, "bytearray", arguments, keywords)?;
    Ok(Value::ByteArray(Rc::new(ByteArray::new(data))))
}

/// The content `bytes(...)` or `bytearray(...)` makes from its arguments.
fn byte_string_source(vm: &mut Vm, function: &str, arguments: &[Value], keywords: Keywords) -> Result<Vec<u8>> {
    let [source_keyword, encoding_keyword, errors_keyword] =
        keyword_arguments(function, keywords, ["source", "encoding", "errors"])?;
    let arguments = rest(arguments);
    let source = arguments.first().cloned().or(source_keyword);
    let encoding = arguments.get(1).cloned().or(encoding_keyword);
    let errors = arguments.get(2).cloned().or(errors_keyword);
    if source.as_ref().is_some_and(|s| !matches!(s, Value::Str(_))) && (encoding.is_some() || errors.is_some()) {
        let message =
            if encoding.is_some() { "encoding without a string argument" } else { "errors without a string argument" };
        return Err(Error::type_error(message));
    }
    Ok(match source {
        None => Vec::new(),
        Some(Value::Str(text)) => {
            let Some(encoding) = encoding else {
                return Err(Error::type_error("string argument without an encoding"));
            };
            match super::methods::encode_text(text.as_str(), Some(&encoding), errors.as_ref())? {
                Value::Bytes(bytes) => bytes.as_bytes().to_vec(),
                _ => Vec::new(),
            }
        }
        Some(source @ (Value::Bytes(_) | Value::ByteArray(_))) => {
            source.byte_content().unwrap_or_default().into_owned()
        }
        Some(Value::Int(count)) => {
            if count < 0 {
                return Err(Error::value_error("negative count"));
            }
            if count > 1 << 34 {
                return Err(Error::new(crate::object::exception::ExcKind::MemoryError, ""));
            }
            vec![0u8; count as usize]
        }
        Some(other) => {
            if !vm.is_iterable(&other) {
                return Err(Error::type_error(format!("cannot convert '{}' object to {function}", other.type_name())));
            }
            let items = vm.collect_iterable(other)?;
            let mut data = Vec::with_capacity(items.len());
            for item in items {
                let byte = expect_index(&item)?;
                if !(0..256).contains(&byte) {
                    let message = if function == "bytes" {
                        "bytes must be in range(0, 256)"
                    } else {
                        "byte must be in range(0, 256)"
                    };
                    return Err(Error::value_error(message));
                }
                data.push(byte as u8);
            }
            data
        }
    })
}

fn list_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("list", keywords)?;
    let arguments = rest(arguments);
    check_arguments("list", arguments, 0, 1)?;
    match arguments.first() {
        Some(iterable) => vm.collect_iterable(iterable.clone()).map(Value::list),
        None => Ok(Value::list(Vec::new())),
    }
}

fn tuple_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("tuple", keywords)?;
    let arguments = rest(arguments);
    check_arguments("tuple", arguments, 0, 1)?;
    match arguments.first() {
        Some(Value::Tuple(tuple)) => Ok(Value::Tuple(tuple.clone())),
        Some(iterable) => vm.collect_iterable(iterable.clone()).map(Value::tuple),
        None => Ok(Value::tuple(Vec::new())),
    }
}

/// dict(mapping_or_pairs, **keywords)
fn dict_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let arguments = rest(arguments);
    check_arguments("dict", arguments, 0, 1)?;
    let dict = vm.new_dict_from_pairs(Vec::new())?;
    if let Some(source) = arguments.first() {
        vm.dict_update(&dict, source.clone(), None)?;
    }
    for (name, value) in keywords {
        vm.dict_set_item(&dict, Value::Str(name.clone()), value.clone())?;
    }
    Ok(dict)
}

/// A set table from any iterable, keeping CPython's layout rules for
/// sets and dicts as sources.
pub(crate) fn set_table_from(vm: &mut Vm, iterable: &Value) -> Result<SetTable<Value>> {
    match iterable {
        Value::Set(set) | Value::FrozenSet(set) => Ok(set.table.borrow().copy()),
        Value::Dict(dict) => {
            let entries: Vec<(Value, i64)> = dict.table.borrow().entries().map(|e| (e.key.clone(), e.hash)).collect();
            let mut table = SetTable::new();
            table.update_from_dict(entries.len(), entries, &mut |a: &Value, b: &Value| {
                compare::identical_or_equal(vm, a, b)
            })?;
            Ok(table)
        }
        other => {
            let items = vm.collect_iterable(other.clone())?;
            let mut entries = Vec::with_capacity(items.len());
            for item in items {
                let hash = vm.hash(&item)?;
                entries.push((item, hash));
            }
            SetTable::from_entries(entries, &mut |a: &Value, b: &Value| compare::identical_or_equal(vm, a, b))
        }
    }
}

fn set_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("set", keywords)?;
    let arguments = rest(arguments);
    check_arguments("set", arguments, 0, 1)?;
    let table = match arguments.first() {
        Some(iterable) => set_table_from(vm, iterable)?,
        None => SetTable::new(),
    };
    Ok(Value::Set(Rc::new(Set::new(table))))
}

fn frozenset_value(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("frozenset", keywords)?;
    let arguments = rest(arguments);
    check_arguments("frozenset", arguments, 0, 1)?;
    let table = match arguments.first() {
        Some(Value::FrozenSet(set)) => return Ok(Value::FrozenSet(set.clone())),
        Some(iterable) => set_table_from(vm, iterable)?,
        None => SetTable::new(),
    };
    Ok(Value::FrozenSet(Rc::new(Set::new(table))))
}

/// range(stop) / range(start, stop[, step])
fn range_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("range", keywords)?;
    let arguments =
        rest(arguments).iter().map(|argument| vm.index_operand(argument)).collect::<Result<Vec<Value>>>()?;
    let arguments = arguments.as_slice();
    if arguments.is_empty() {
        return Err(Error::type_error("range expected at least 1 argument, got 0"));
    }
    check_arguments("range", arguments, 1, 3)?;
    let bound = |value: &Value| -> Result<BigInt> {
        match value.to_bigint() {
            Some(bound) => Ok(bound),
            None => {
                Err(Error::type_error(format!("'{}' object cannot be interpreted as an integer", value.type_name())))
            }
        }
    };
    let (start, stop, step) = match arguments {
        [stop] => (BigInt::from(0), bound(stop)?, BigInt::from(1)),
        [start, stop] => (bound(start)?, bound(stop)?, BigInt::from(1)),
        [start, stop, step] => (bound(start)?, bound(stop)?, bound(step)?),
        _ => unreachable!("count checked"),
    };
    if step == BigInt::from(0) {
        return Err(Error::value_error("range() arg 3 must not be zero"));
    }
    Ok(Value::Range(Rc::new(Range::from_bigints(start, stop, step))))
}

fn slice_new(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("slice", keywords)?;
    let arguments = rest(arguments);
    if arguments.is_empty() {
        return Err(Error::type_error("slice expected at least 1 argument, got 0"));
    }
    check_arguments("slice", arguments, 1, 3)?;
    let slice = match arguments {
        [stop] => Slice { start: Value::None, stop: stop.clone(), step: Value::None },
        [start, stop] => Slice { start: start.clone(), stop: stop.clone(), step: Value::None },
        [start, stop, step] => Slice { start: start.clone(), stop: stop.clone(), step: step.clone() },
        _ => unreachable!("count checked"),
    };
    Ok(Value::Slice(Rc::new(slice)))
}

/// type(object): the object's class.
fn type_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("type", keywords)?;
    let arguments = rest(arguments);
    match arguments {
        [value] => Ok(Value::Class(vm.class_of(value))),
        [name, bases, namespace] => super::classes::type_from_parts(vm, name, bases, namespace),
        _ => Err(Error::type_error("type() takes 1 or 3 arguments")),
    }
}
