//! The builtin functions (`print`, `len`, `sorted`, ...).

use std::io::{BufRead, Write};
use std::rc::Rc;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use super::{check_arguments, expect_index, keyword_arguments, no_keywords};
use crate::ast::BinaryOp;
use crate::error::{Error, Result};
use crate::object::exception::ExcKind;
use crate::object::function::{Keywords, NativeFn};
use crate::object::iterator::{IterState, IteratorObject};
use crate::object::number;
use crate::value::Value;
use crate::vm::Vm;

pub(super) const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("print", print),
    ("len", len),
    ("repr", repr),
    ("ascii", ascii),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("hasattr", hasattr),
    ("getattr", getattr),
    ("setattr", setattr),
    ("delattr", delattr),
    ("id", id),
    ("hash", hash),
    ("iter", iter),
    ("next", next),
    ("enumerate", enumerate),
    ("zip", zip),
    ("map", map),
    ("filter", filter),
    ("sorted", sorted),
    ("reversed", reversed),
    ("min", min),
    ("max", max),
    ("sum", sum),
    ("abs", abs),
    ("round", round),
    ("divmod", divmod),
    ("pow", pow),
    ("any", any),
    ("all", all),
    ("chr", chr),
    ("ord", ord),
    ("hex", hex),
    ("oct", oct),
    ("bin", bin),
    ("format", format),
    ("input", input),
    ("open", super::methods::open),
    ("callable", callable),
    ("vars", vars),
    ("exit", exit),
    ("quit", exit),
];

/// print(*objects, sep=' ', end='\n', file=None, flush=False)
fn print(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [sep, end, file, flush] = keyword_arguments("print", keywords, ["sep", "end", "file", "flush"])?;
    let text_option = |value: Option<Value>, name: &str, default: &str| -> Result<String> {
        match value {
            None | Some(Value::None) => Ok(default.to_string()),
            Some(Value::Str(s)) => Ok(s.as_str().to_string()),
            Some(other) => {
                Err(Error::type_error(format!("{name} must be None or a string, not {}", other.type_name())))
            }
        }
    };
    let separator = text_option(sep, "sep", " ")?;
    let ending = text_option(end, "end", "\n")?;
    let flush = match flush {
        Some(flush) => vm.is_true(&flush)?,
        None => false,
    };
    // Without `file=`, print goes where `sys.stdout` is now.
    let file = match file {
        None | Some(Value::None) => crate::modules::sys::replaced_stdout(vm),
        Some(file) => Some(file),
    };
    match file {
        Some(Value::None) => return Ok(Value::None),
        Some(file) if crate::modules::sys::standard_stream(&file) != Some(crate::modules::sys::Stream::Output) => {
            // Another file: its `write` gets each piece, as in CPython.
            let write = vm.intern("write");
            let method = vm.get_attribute(&file, &write)?;
            for (index, argument) in arguments.iter().enumerate() {
                if index > 0 {
                    vm.call(&method, &[Value::from_text(&separator)], &[])?;
                }
                let text = vm.to_str(argument)?;
                vm.call(&method, &[Value::from_string(text)], &[])?;
            }
            vm.call(&method, &[Value::from_string(ending)], &[])?;
            if flush {
                let name = vm.intern("flush");
                let method = vm.get_attribute(&file, &name)?;
                vm.call(&method, &[], &[])?;
            }
            return Ok(Value::None);
        }
        _ => {}
    }
    let mut line = String::new();
    for (index, argument) in arguments.iter().enumerate() {
        if index > 0 {
            line.push_str(&separator);
        }
        line.push_str(&vm.to_str(argument)?);
    }
    line.push_str(&ending);
    vm.write_stdout(&line)?;
    if flush {
        vm.flush_stdout();
    }
    Ok(Value::None)
}

/// len(object)
fn len(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("len", keywords)?;
    check_arguments("len", arguments, 1, 1)?;
    vm.length(&arguments[0]).map(Value::from)
}

impl Vm {
    /// `len(value)`
    pub fn length(&mut self, value: &Value) -> Result<usize> {
        Ok(match value {
            Value::Str(s) => s.char_len(),
            Value::Bytes(b) => b.as_bytes().len(),
            Value::ByteArray(array) => array.data.borrow().len(),
            Value::List(list) => list.len(),
            Value::Tuple(tuple) => tuple.len(),
            Value::Dict(dict) => dict.len(),
            Value::Set(set) | Value::FrozenSet(set) => set.len(),
            Value::Range(range) => match range.length().to_usize().filter(|&n| n <= isize::MAX as usize) {
                Some(length) => length,
                None => return Err(Error::overflow("Python int too large to convert to C ssize_t")),
            },
            Value::DictView(view) => view.dict.len(),
            Value::Instance(_) => return self.instance_length(value),
            other => return Err(Error::type_error(format!("object of type '{}' has no len()", other.type_name()))),
        })
    }
}

fn repr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("repr", keywords)?;
    check_arguments("repr", arguments, 1, 1)?;
    vm.repr(&arguments[0]).map(Value::from_string)
}

fn ascii(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("ascii", keywords)?;
    check_arguments("ascii", arguments, 1, 1)?;
    let text = vm.repr(&arguments[0])?;
    Ok(Value::from_string(crate::vm::text::ascii_escape(&text)))
}

/// Whether `value` is an instance of a class or of one in a tuple.
fn is_instance(vm: &mut Vm, value: &Value, classes: &Value, function: &str) -> Result<bool> {
    match classes {
        Value::Class(class) => Ok(vm.class_of(value).is_subclass(class)),
        Value::Tuple(tuple) => {
            for class in tuple.items.iter() {
                if is_instance(vm, value, class, function)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ => Err(Error::type_error(format!("{function}() arg 2 must be a type, a tuple of types, or a union"))),
    }
}

fn isinstance(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("isinstance", keywords)?;
    check_arguments("isinstance", arguments, 2, 2)?;
    is_instance(vm, &arguments[0], &arguments[1], "isinstance").map(Value::Bool)
}

fn issubclass(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("issubclass", keywords)?;
    check_arguments("issubclass", arguments, 2, 2)?;
    let Value::Class(class) = &arguments[0] else {
        return Err(Error::type_error("issubclass() arg 1 must be a class"));
    };
    fn check(class: &Rc<crate::object::class::Class>, classes: &Value) -> Result<bool> {
        match classes {
            Value::Class(other) => Ok(class.is_subclass(other)),
            Value::Tuple(tuple) => {
                for other in tuple.items.iter() {
                    if check(class, other)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(Error::type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")),
        }
    }
    let _ = vm;
    check(class, &arguments[1]).map(Value::Bool)
}

fn attribute_name(vm: &mut Vm, value: &Value) -> Result<Rc<crate::object::string::Str>> {
    match value {
        Value::Str(name) => Ok(vm.intern(name.as_str())),
        other => Err(Error::type_error(format!("attribute name must be string, not '{}'", other.type_name()))),
    }
}

fn hasattr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("hasattr", keywords)?;
    check_arguments("hasattr", arguments, 2, 2)?;
    let name = attribute_name(vm, &arguments[1])?;
    match vm.get_attribute(&arguments[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(error) if error.is_instance_of(ExcKind::AttributeError) => Ok(Value::Bool(false)),
        Err(error) => Err(error),
    }
}

fn getattr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("getattr", keywords)?;
    check_arguments("getattr", arguments, 2, 3)?;
    let name = attribute_name(vm, &arguments[1])?;
    match vm.get_attribute(&arguments[0], &name) {
        Err(error) if arguments.len() == 3 && error.is_instance_of(ExcKind::AttributeError) => Ok(arguments[2].clone()),
        other => other,
    }
}

fn setattr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("setattr", keywords)?;
    check_arguments("setattr", arguments, 3, 3)?;
    let name = attribute_name(vm, &arguments[1])?;
    vm.set_attribute(&arguments[0], &name, arguments[2].clone())?;
    Ok(Value::None)
}

fn delattr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("delattr", keywords)?;
    check_arguments("delattr", arguments, 2, 2)?;
    let name = attribute_name(vm, &arguments[1])?;
    vm.delete_attribute(&arguments[0], &name)?;
    Ok(Value::None)
}

fn id(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("id", keywords)?;
    check_arguments("id", arguments, 1, 1)?;
    let value = &arguments[0];
    let identity = match value.object_address() {
        Some(address) => address as i64,
        None => {
            crate::object::hash::hash_value(&mut crate::object::compare::Identity, value).unwrap_or(0) ^ 0x5a5a_0000
        }
    };
    Ok(Value::Int(identity))
}

fn hash(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("hash", keywords)?;
    check_arguments("hash", arguments, 1, 1)?;
    vm.hash(&arguments[0]).map(Value::Int)
}

fn iter(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("iter", keywords)?;
    check_arguments("iter", arguments, 1, 2)?;
    if arguments.len() == 2 {
        if !is_callable(vm, &arguments[0]) {
            return Err(Error::type_error("iter(v, w): v must be callable"));
        }
        let state = IterState::Callable { function: arguments[0].clone(), sentinel: arguments[1].clone() };
        return Ok(Value::Iterator(Rc::new(IteratorObject::new(state))));
    }
    vm.get_iter(arguments[0].clone())
}

fn next(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("next", keywords)?;
    check_arguments("next", arguments, 1, 2)?;
    if let Value::Instance(instance) = &arguments[0]
        && let Some(method) = instance.class.lookup(&vm.names.next)
    {
        // The StopIteration of `__next__` goes up as it is, value and all.
        return match vm.call_special(&arguments[0], method, &[]) {
            Err(error) if arguments.len() == 2 && Vm::is_stop_iteration(&error) => Ok(arguments[1].clone()),
            other => other,
        };
    }
    let is_iterator = match &arguments[0] {
        Value::Iterator(_) => true,
        Value::Generator(generator) => !generator.is_coroutine(),
        _ => false,
    };
    if !is_iterator {
        return Err(Error::type_error(format!("'{}' object is not an iterator", arguments[0].type_name())));
    }
    if let Value::Generator(generator) = &arguments[0] {
        // A generator's return value rides on the StopIteration.
        return match vm.generator_step(generator)? {
            Ok(item) => Ok(item),
            Err(_) if arguments.len() == 2 => Ok(arguments[1].clone()),
            Err(finished) => Err(finished),
        };
    }
    match vm.next_item(&arguments[0])? {
        Some(item) => Ok(item),
        None if arguments.len() == 2 => Ok(arguments[1].clone()),
        None => Err(Error::stop_iteration()),
    }
}

fn enumerate(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [iterable_keyword, start_keyword] = keyword_arguments("enumerate", keywords, ["iterable", "start"])?;
    let iterable = arguments
        .first()
        .cloned()
        .or(iterable_keyword)
        .ok_or_else(|| Error::type_error("enumerate() missing required argument 'iterable' (pos 1)"))?;
    let start = arguments.get(1).cloned().or(start_keyword).unwrap_or(Value::Int(0));
    if !start.is_int() {
        return Err(Error::type_error(format!("'{}' object cannot be interpreted as an integer", start.type_name())));
    }
    let iterator = vm.get_iter(iterable)?;
    let start = if let Value::Bool(b) = start { Value::Int(b as i64) } else { start };
    let state = IterState::Enumerate { iterator, count: start };
    Ok(Value::Iterator(Rc::new(IteratorObject::new(state))))
}

fn zip(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [strict] = keyword_arguments("zip", keywords, ["strict"])?;
    let strict = match strict {
        Some(flag) => vm.is_true(&flag)?,
        None => false,
    };
    let mut iterators = Vec::with_capacity(arguments.len());
    for (position, argument) in arguments.iter().enumerate() {
        match vm.get_iter(argument.clone()) {
            Ok(iterator) => iterators.push(iterator),
            Err(_) => {
                return Err(Error::type_error(format!("zip argument #{} must support iteration", position + 1)));
            }
        }
    }
    Ok(Value::Iterator(Rc::new(IteratorObject::new(IterState::Zip { iterators, strict }))))
}

fn map(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("map", keywords)?;
    if arguments.len() < 2 {
        return Err(Error::type_error("map() must have at least two arguments."));
    }
    let mut iterators = Vec::with_capacity(arguments.len() - 1);
    for argument in &arguments[1..] {
        iterators.push(vm.get_iter(argument.clone())?);
    }
    let state = IterState::Map { function: arguments[0].clone(), iterators };
    Ok(Value::Iterator(Rc::new(IteratorObject::new(state))))
}

fn filter(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("filter", keywords)?;
    check_arguments("filter", arguments, 2, 2)?;
    let iterator = vm.get_iter(arguments[1].clone())?;
    let state = IterState::Filter { function: arguments[0].clone(), iterator };
    Ok(Value::Iterator(Rc::new(IteratorObject::new(state))))
}

/// Sorts values in place with an optional key function, like `list.sort`.
///
/// Keys are computed in the original order (a key function may have side
/// effects); `reverse` sorts the reversed sequence and reverses the result,
/// which keeps equal items in their original order, as CPython does.
pub(crate) fn sort_with_key(vm: &mut Vm, items: &mut [Value], key: Option<Value>, reverse: bool) -> Result<()> {
    match key.filter(|key| !key.is_none()) {
        None => {
            if reverse {
                items.reverse();
            }
            super::sort::sort_values(items, &mut |a, b| vm.less_than(a, b))?;
            if reverse {
                items.reverse();
            }
        }
        Some(key) => {
            let mut keyed = Vec::with_capacity(items.len());
            for item in items.iter() {
                let computed = vm.call(&key, std::slice::from_ref(item), &[])?;
                keyed.push((computed, item.clone()));
            }
            if reverse {
                keyed.reverse();
            }
            let mut order: Vec<Value> = (0..keyed.len()).map(Value::from).collect();
            super::sort::sort_values(&mut order, &mut |a, b| {
                let (a, b) = (a.as_i64().unwrap_or(0) as usize, b.as_i64().unwrap_or(0) as usize);
                vm.less_than(&keyed[a].0, &keyed[b].0)
            })?;
            if reverse {
                order.reverse();
            }
            for (slot, index) in items.iter_mut().zip(order) {
                *slot = keyed[index.as_i64().unwrap_or(0) as usize].1.clone();
            }
        }
    }
    Ok(())
}

impl Vm {
    /// `a < b`, as sorting uses it.
    pub fn less_than(&mut self, left: &Value, right: &Value) -> Result<bool> {
        crate::object::compare::less_than(self, left, right)
    }
}

fn sorted(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    if arguments.len() != 1 {
        return Err(Error::type_error(format!("sorted expected 1 argument, got {}", arguments.len())));
    }
    let [key, reverse] = keyword_arguments("sort", keywords, ["key", "reverse"])?;
    let mut items = vm.collect_iterable(arguments[0].clone())?;
    let reverse = match reverse {
        Some(flag) => vm.is_true(&flag)?,
        None => false,
    };
    sort_with_key(vm, &mut items, key, reverse)?;
    Ok(Value::list(items))
}

fn reversed(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("reversed", keywords)?;
    check_arguments("reversed", arguments, 1, 1)?;
    let state = match &arguments[0] {
        Value::List(list) => IterState::ListReversed { list: list.clone(), remaining: list.len() },
        Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_) | Value::ByteArray(_) => {
            let remaining = vm.length(&arguments[0])?;
            IterState::Reversed { sequence: arguments[0].clone(), remaining }
        }
        Value::Dict(_) | Value::DictView(_) => {
            let mut items = vm.collect_iterable(arguments[0].clone())?;
            items.reverse();
            IterState::Values { values: Rc::new(crate::object::tuple::Tuple::new(items)), index: 0 }
        }
        Value::Instance(_) => {
            let name = vm.intern("__reversed__");
            if let Some(iterator) = vm.try_special(&arguments[0], &name, &[])? {
                return Ok(iterator);
            }
            let class = vm.class_of(&arguments[0]);
            if class.lookup(&vm.names.len).is_none() || class.lookup(&vm.names.getitem).is_none() {
                return Err(Error::type_error(format!("'{}' object is not reversible", arguments[0].type_name())));
            }
            let remaining = vm.length(&arguments[0])?;
            IterState::Reversed { sequence: arguments[0].clone(), remaining }
        }
        other => return Err(Error::type_error(format!("'{}' object is not reversible", other.type_name()))),
    };
    Ok(Value::Iterator(Rc::new(IteratorObject::new(state))))
}

/// min() and max(): one iterable or several arguments, with key= and
/// default=.
fn extremum(vm: &mut Vm, arguments: &[Value], keywords: Keywords, name: &str, want_greater: bool) -> Result<Value> {
    let [key, default] = keyword_arguments(name, keywords, ["key", "default"])?;
    let candidates = match arguments.len() {
        0 => return Err(Error::type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => vm.collect_iterable(arguments[0].clone())?,
        _ => {
            if default.is_some() {
                return Err(Error::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            arguments.to_vec()
        }
    };
    let key = key.filter(|key| !key.is_none());
    let mut best: Option<(Value, Value)> = None;
    for candidate in candidates {
        let measure = match &key {
            Some(key) => vm.call(key, std::slice::from_ref(&candidate), &[])?,
            None => candidate.clone(),
        };
        let better = match &best {
            None => true,
            Some((_, best_measure)) => {
                if want_greater {
                    let greater = vm.compare_op(&measure, best_measure, crate::bytecode::Comparison::Gt)?;
                    vm.is_true(&greater)?
                } else {
                    vm.less_than(&measure, best_measure)?
                }
            }
        };
        if better {
            best = Some((candidate, measure));
        }
    }
    match (best, default) {
        (Some((value, _)), _) => Ok(value),
        (None, Some(default)) => Ok(default),
        (None, None) => Err(Error::value_error(format!("{name}() arg is an empty sequence"))),
    }
}

fn min(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    extremum(vm, arguments, keywords, "min", false)
}

fn max(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    extremum(vm, arguments, keywords, "max", true)
}

fn sum(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [start_keyword] = keyword_arguments("sum", keywords, ["start"])?;
    check_arguments("sum", arguments, 1, 2)?;
    let mut total = arguments.get(1).cloned().or(start_keyword).unwrap_or(Value::Int(0));
    match &total {
        Value::Str(_) => return Err(Error::type_error("sum() can't sum strings [use ''.join(seq) instead]")),
        Value::Bytes(_) => return Err(Error::type_error("sum() can't sum bytes [use b''.join(seq) instead]")),
        _ => {}
    }
    let iterator = vm.get_iter(arguments[0].clone())?;
    while let Some(item) = vm.next_item(&iterator)? {
        total = match (&total, &item) {
            (Value::Int(a), Value::Int(b)) => match a.checked_add(*b) {
                Some(sum) => Value::Int(sum),
                None => vm.binary_op(BinaryOp::Add, total.clone(), item)?,
            },
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            _ => vm.binary_op(BinaryOp::Add, total.clone(), item)?,
        };
    }
    Ok(total)
}

fn abs(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("abs", keywords)?;
    check_arguments("abs", arguments, 1, 1)?;
    Ok(match &arguments[0] {
        Value::Int(i) => match i.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_bigint(BigInt::from(*i).abs()),
        },
        Value::Bool(b) => Value::Int(*b as i64),
        Value::BigInt(b) => Value::from_bigint(b.abs()),
        Value::Float(f) => Value::Float(f.abs()),
        other => {
            let name = vm.names.abs.clone();
            match vm.try_special(other, &name, &[])? {
                Some(result) if matches!(other, Value::Instance(_)) => result,
                _ => return Err(Error::type_error(format!("bad operand type for abs(): '{}'", other.type_name()))),
            }
        }
    })
}

fn round(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [number_keyword, digits_keyword] = keyword_arguments("round", keywords, ["number", "ndigits"])?;
    check_arguments("round", arguments, 0, 2)?;
    let number = arguments
        .first()
        .cloned()
        .or(number_keyword)
        .ok_or_else(|| Error::type_error("round() missing required argument 'number' (pos 1)"))?;
    let digits = arguments.get(1).cloned().or(digits_keyword).filter(|d| !d.is_none());
    let _ = vm;
    let number = Vm::builtin_value_or_self(&number);
    match (&number, digits) {
        (Value::Float(f), None) => {
            if f.is_nan() {
                return Err(Error::value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(Error::overflow("cannot convert float infinity to integer"));
            }
            let rounded = f.round_ties_even();
            Ok(match rounded.to_i64() {
                Some(i) if rounded.abs() < 9.2e18 => Value::Int(i),
                _ => Value::from_bigint(num_bigint::BigInt::from_f64_exact(rounded)),
            })
        }
        (Value::Float(f), Some(digits)) => {
            let digits = expect_index(&digits)?;
            Ok(Value::Float(crate::format::round_float(*f, digits)?))
        }
        (value, None) if value.is_int() => Ok(match value {
            Value::Bool(b) => Value::Int(*b as i64),
            other => other.clone(),
        }),
        (value, Some(digits)) if value.is_int() => {
            let digits = expect_index(&digits)?;
            if digits >= 0 {
                return Ok(match value {
                    Value::Bool(b) => Value::Int(*b as i64),
                    other => other.clone(),
                });
            }
            let integer = value.to_bigint().unwrap_or_default();
            let scale = num_traits::pow(BigInt::from(10), digits.unsigned_abs().min(4000) as usize);
            let (quotient, remainder) = integer.div_mod_floor(&scale);
            let doubled = &remainder * 2;
            let rounded_up = doubled > scale || (doubled == scale && quotient.is_odd());
            let quotient = if rounded_up { quotient + 1 } else { quotient };
            Ok(Value::from_bigint(quotient * scale))
        }
        (other, _) => Err(Error::type_error(format!("type {} doesn't define __round__ method", other.type_name()))),
    }
}

/// Exact conversion of an integral float to a big integer.
trait FromF64Exact {
    fn from_f64_exact(value: f64) -> BigInt;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(value: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(value).unwrap_or_else(BigInt::zero)
    }
}

fn divmod(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("divmod", keywords)?;
    check_arguments("divmod", arguments, 2, 2)?;
    let plain = [Vm::builtin_value_or_self(&arguments[0]), Vm::builtin_value_or_self(&arguments[1])];
    let (a, b) = (&plain[0], &plain[1]);
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64())
        && y != 0
        && !(x == i64::MIN && y == -1)
    {
        let quotient = number::small_int_op(BinaryOp::FloorDiv, x, y);
        let remainder = number::small_int_op(BinaryOp::Mod, x, y);
        if let (Some(q), Some(r)) = (quotient, remainder) {
            return Ok(Value::tuple(vec![q, r]));
        }
    }
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (a, b) {
        let (Some(x), Some(y)) = (number::value_to_float(a), number::value_to_float(b)) else {
            return Err(unsupported_divmod(&arguments[0], &arguments[1]));
        };
        let (x, y) = (x?, y?);
        if y == 0.0 {
            return Err(Error::zero_division("float divmod()"));
        }
        let (quotient, remainder) = number::float_divmod(x, y);
        return Ok(Value::tuple(vec![Value::Float(quotient), Value::Float(remainder)]));
    }
    if !(a.is_int() && b.is_int()) {
        return Err(unsupported_divmod(&arguments[0], &arguments[1]));
    }
    let quotient = vm.binary_op(BinaryOp::FloorDiv, a.clone(), b.clone())?;
    let remainder = vm.binary_op(BinaryOp::Mod, a.clone(), b.clone())?;
    Ok(Value::tuple(vec![quotient, remainder]))
}

fn unsupported_divmod(a: &Value, b: &Value) -> Error {
    Error::type_error(format!("unsupported operand type(s) for divmod(): '{}' and '{}'", a.type_name(), b.type_name()))
}

fn pow(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [base_keyword, exp_keyword, mod_keyword] = keyword_arguments("pow", keywords, ["base", "exp", "mod"])?;
    let base = arguments.first().cloned().or(base_keyword);
    let exponent = arguments.get(1).cloned().or(exp_keyword);
    let modulus = arguments.get(2).cloned().or(mod_keyword).filter(|m| !m.is_none());
    let (Some(base), Some(exponent)) = (base, exponent) else {
        return Err(Error::type_error("pow() missing required argument 'exp' (pos 2)".to_string()));
    };
    let Some(modulus) = modulus else {
        return vm.binary_op(BinaryOp::Pow, base, exponent);
    };
    let (Some(base), Some(exponent), Some(modulus)) = (base.to_bigint(), exponent.to_bigint(), modulus.to_bigint())
    else {
        return Err(Error::type_error("pow() 3rd argument not allowed unless all arguments are integers"));
    };
    if modulus.is_zero() {
        return Err(Error::value_error("pow() 3rd argument cannot be 0"));
    }
    let base = if exponent.is_negative() {
        match modular_inverse(&base, &modulus) {
            Some(inverse) => inverse,
            None => return Err(Error::value_error("base is not invertible for the given modulus")),
        }
    } else {
        base
    };
    let result = base.modpow(&exponent.abs(), &modulus.abs());
    // Python's result takes the modulus's sign.
    let result = if modulus.is_negative() && !result.is_zero() { result + &modulus } else { result };
    Ok(Value::from_bigint(result))
}

fn modular_inverse(value: &BigInt, modulus: &BigInt) -> Option<BigInt> {
    let modulus = modulus.abs();
    let extended = value.mod_floor(&modulus).extended_gcd(&modulus);
    if extended.gcd != BigInt::from(1) {
        return None;
    }
    Some(extended.x.mod_floor(&modulus))
}

fn any(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("any", keywords)?;
    check_arguments("any", arguments, 1, 1)?;
    let iterator = vm.get_iter(arguments[0].clone())?;
    while let Some(item) = vm.next_item(&iterator)? {
        if vm.is_true(&item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn all(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("all", keywords)?;
    check_arguments("all", arguments, 1, 1)?;
    let iterator = vm.get_iter(arguments[0].clone())?;
    while let Some(item) = vm.next_item(&iterator)? {
        if !vm.is_true(&item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn chr(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("chr", keywords)?;
    check_arguments("chr", arguments, 1, 1)?;
    let code = match &arguments[0] {
        value if value.is_int() => value.as_i64().unwrap_or(-1),
        other => {
            return Err(Error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )));
        }
    };
    match u32::try_from(code).ok().filter(|&c| c < 0x110000) {
        Some(code) => Ok(Value::from_string(char::from_u32(code).unwrap_or('\u{FFFD}').to_string())),
        None => Err(Error::value_error("chr() arg not in range(0x110000)")),
    }
}

fn ord(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("ord", keywords)?;
    check_arguments("ord", arguments, 1, 1)?;
    match &arguments[0] {
        Value::Str(s) if s.char_len() == 1 => Ok(Value::Int(s.as_str().chars().next().unwrap_or('\0') as i64)),
        Value::Str(s) => {
            Err(Error::type_error(format!("ord() expected a character, but string of length {} found", s.char_len())))
        }
        Value::Bytes(b) if b.as_bytes().len() == 1 => Ok(Value::Int(b.as_bytes()[0] as i64)),
        Value::Bytes(b) => Err(Error::type_error(format!(
            "ord() expected a character, but string of length {} found",
            b.as_bytes().len()
        ))),
        other => Err(Error::type_error(format!("ord() expected string of length 1, but {} found", other.type_name()))),
    }
}

/// hex(), oct(), bin(): a prefixed digit string with the sign in front.
fn radix_string(
    vm: &mut Vm,
    arguments: &[Value],
    keywords: Keywords,
    name: &str,
    radix: u32,
    prefix: &str,
) -> Result<Value> {
    no_keywords(name, keywords)?;
    check_arguments(name, arguments, 1, 1)?;
    let number = vm.index_operand(&arguments[0])?;
    let Some(value) = number.to_bigint() else {
        return Err(Error::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            arguments[0].type_name()
        )));
    };
    let sign = if value.is_negative() { "-" } else { "" };
    Ok(Value::from_string(format!("{sign}{prefix}{}", value.magnitude().to_str_radix(radix))))
}

fn hex(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    radix_string(vm, arguments, keywords, "hex", 16, "0x")
}

fn oct(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    radix_string(vm, arguments, keywords, "oct", 8, "0o")
}

fn bin(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    radix_string(vm, arguments, keywords, "bin", 2, "0b")
}

fn format(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("format", keywords)?;
    check_arguments("format", arguments, 1, 2)?;
    let spec = match arguments.get(1) {
        None => "",
        Some(Value::Str(spec)) => spec.as_str(),
        Some(other) => {
            return Err(Error::type_error(format!("format() argument 2 must be str, not {}", other.type_name())));
        }
    };
    vm.format(&arguments[0], spec).map(Value::from_string)
}

fn input(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("input", keywords)?;
    check_arguments("input", arguments, 0, 1)?;
    if let Some(prompt) = arguments.first() {
        let prompt = vm.to_str(prompt)?;
        vm.write_stdout(&prompt)?;
    }
    vm.flush_stdout();
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| Error::new(ExcKind::OSError, error.to_string()))?;
    if read == 0 {
        return Err(Error::new(ExcKind::EOFError, "EOF when reading a line"));
    }
    if line.ends_with('\n') {
        line.pop();
        if line.ends_with('\r') {
            line.pop();
        }
    }
    Ok(Value::from_string(line))
}

pub(crate) fn is_callable(vm: &Vm, value: &Value) -> bool {
    match value {
        Value::Function(_) | Value::Native(_) | Value::BoundMethod(_) | Value::Class(_) => true,
        Value::Instance(instance) => instance.class.lookup(&vm.names.call).is_some(),
        _ => false,
    }
}

fn callable(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("callable", keywords)?;
    check_arguments("callable", arguments, 1, 1)?;
    Ok(Value::Bool(is_callable(vm, &arguments[0])))
}

/// `vars(object)`: its `__dict__`.
fn vars(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("vars", keywords)?;
    check_arguments("vars", arguments, 1, 1)?;
    let name = vm.intern("__dict__");
    match vm.find_attribute(&arguments[0], &name)? {
        Some(dict) => Ok(dict),
        None => Err(Error::type_error("vars() argument must have __dict__ attribute")),
    }
}

/// exit(code) and quit(code): raise SystemExit.
fn exit(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let class = vm.exception_class(ExcKind::SystemExit);
    let exception = crate::object::exception::ExceptionObject::new(class, Value::tuple(arguments.to_vec()));
    Err(Error::Object(Rc::new(exception)))
}
