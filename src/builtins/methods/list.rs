//! Methods of `list`. Lookups run `==`, which may run script code, so no
//! borrow of the list is held across a comparison: items are read one at a
//! time and the length re-checked at every step, as CPython's loops do.

use std::rc::Rc;

use super::containers::{Method, item_matches, search_bounds};
use crate::builtins::functions::sort_with_key;
use crate::builtins::{add_methods, expect_index};
use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::object::list::List;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(
        &types.list,
        "list",
        &[
            ("append", append),
            ("extend", extend),
            ("insert", insert),
            ("pop", pop),
            ("remove", remove),
            ("index", index),
            ("count", count),
            ("sort", sort),
            ("reverse", reverse),
            ("clear", clear),
            ("copy", copy),
        ],
        interner,
    );
}

const fn method(name: &'static str) -> Method {
    Method { owner: "list", name }
}

/// The list a method was called on, checked like a descriptor does.
fn receiver<'a>(name: &'static str, arguments: &'a [Value]) -> Result<(&'a Rc<List>, &'a [Value])> {
    method(name).receiver(arguments, |value| match value {
        Value::List(list) => Some(list),
        _ => None,
    })
}

/// The list a method was called on and its `min..=max` other arguments.
fn list_arguments<'a>(
    name: &'static str,
    arguments: &'a [Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<(&'a Rc<List>, &'a [Value])> {
    let (list, rest) = receiver(name, arguments)?;
    method(name).check(rest, keywords, min, max)?;
    Ok((list, rest))
}

/// The item at `position`, if the list still has one there.
fn item_at(list: &List, position: usize) -> Option<Value> {
    list.items.borrow().get(position).cloned()
}

/// The first position in `start..stop` holding an item equal to `value`.
fn find(vm: &mut Vm, list: &List, value: &Value, start: usize, stop: usize) -> Result<Option<usize>> {
    for position in start..stop {
        let Some(item) = item_at(list, position) else { break };
        if item_matches(vm, &item, value)? {
            return Ok(Some(position));
        }
    }
    Ok(None)
}

/// `list.append(object)`
fn append(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, rest) = list_arguments("append", arguments, keywords, 1, 1)?;
    list.items.borrow_mut().push(rest[0].clone());
    Ok(Value::None)
}

/// `list.extend(iterable)`
fn extend(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (_, rest) = list_arguments("extend", arguments, keywords, 1, 1)?;
    vm.list_extend(&arguments[0], rest[0].clone())?;
    Ok(Value::None)
}

/// `list.insert(index, object)`: out-of-range indices clamp to the ends.
fn insert(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, rest) = list_arguments("insert", arguments, keywords, 2, 2)?;
    let index = expect_index(&rest[0])?;
    let mut items = list.items.borrow_mut();
    let length = items.len() as i64;
    let position = if index < 0 { (index + length).max(0) } else { index.min(length) };
    items.insert(position as usize, rest[1].clone());
    Ok(Value::None)
}

/// `list.pop(index=-1)`
fn pop(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, rest) = list_arguments("pop", arguments, keywords, 0, 1)?;
    let index = rest.first().map(expect_index).transpose()?.unwrap_or(-1);
    let mut items = list.items.borrow_mut();
    if items.is_empty() {
        return Err(Error::index_error("pop from empty list"));
    }
    let length = items.len() as i64;
    let position = if index < 0 { index + length } else { index };
    if !(0..length).contains(&position) {
        return Err(Error::index_error("pop index out of range"));
    }
    Ok(items.remove(position as usize))
}

/// `list.remove(value)`: the first equal item goes.
fn remove(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, rest) = list_arguments("remove", arguments, keywords, 1, 1)?;
    let Some(position) = find(vm, list, &rest[0], 0, usize::MAX)? else {
        return Err(Error::value_error("list.remove(x): x not in list"));
    };
    // `==` may have shortened the list; CPython then deletes nothing.
    let mut items = list.items.borrow_mut();
    if position < items.len() {
        items.remove(position);
    }
    Ok(Value::None)
}

/// `list.index(value, start=0, stop=sys.maxsize)`
fn index(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, rest) = list_arguments("index", arguments, keywords, 1, 3)?;
    let (start, stop) = search_bounds(rest.get(1), rest.get(2), list.len())?;
    match find(vm, list, &rest[0], start, stop)? {
        Some(position) => Ok(Value::from(position)),
        None => Err(Error::value_error(format!("{} is not in list", vm.repr(&rest[0])?))),
    }
}

/// `list.count(value)`
fn count(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, rest) = list_arguments("count", arguments, keywords, 1, 1)?;
    let mut count = 0usize;
    let mut position = 0;
    while let Some(item) = item_at(list, position) {
        if item_matches(vm, &item, &rest[0])? {
            count += 1;
        }
        position += 1;
    }
    Ok(Value::from(count))
}

/// `list.sort(*, key=None, reverse=False)`
fn sort(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, positional) = receiver("sort", arguments)?;
    if !positional.is_empty() {
        return Err(Error::type_error("sort() takes no positional arguments"));
    }
    if keywords.len() > 2 {
        return Err(Error::type_error(format!("sort() takes at most 2 keyword arguments ({} given)", keywords.len())));
    }
    // All names are checked before any value is converted, as CPython does.
    if let Some((name, _)) = keywords.iter().find(|(name, _)| !matches!(name.as_str(), "key" | "reverse")) {
        return Err(Error::type_error(format!("'{}' is an invalid keyword argument for sort()", name.as_str())));
    }
    let mut key = None;
    let mut reverse = false;
    for (name, value) in keywords {
        if name.as_str() == "key" {
            key = Some(value.clone());
        } else {
            reverse = reverse_flag(value)?;
        }
    }
    // Like CPython, the list is emptied while sorting: a key function sees
    // an empty list, and one that adds to it is reported afterwards.
    let mut items = std::mem::take(&mut *list.items.borrow_mut());
    // When the key function fails CPython leaves the original order. After
    // a failed comparison it leaves timsort's partial work, which this sort
    // cannot reproduce, so the original order stands in for that too.
    let original = items.clone();
    let outcome = sort_with_key(vm, &mut items, key, reverse);
    let modified = !list.is_empty();
    *list.items.borrow_mut() = if outcome.is_ok() { items } else { original };
    outcome?;
    if modified {
        return Err(Error::value_error("list modified during sort"));
    }
    Ok(Value::None)
}

/// The `reverse` flag of `sort()`: an int (CPython's C `int`), used for
/// its truth.
fn reverse_flag(value: &Value) -> Result<bool> {
    match value {
        Value::Bool(flag) => Ok(*flag),
        Value::Int(number) if i32::try_from(*number).is_ok() => Ok(*number != 0),
        Value::Int(_) | Value::BigInt(_) => Err(Error::overflow("Python int too large to convert to C int")),
        other => Err(Error::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}

/// `list.reverse()`
fn reverse(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, _) = list_arguments("reverse", arguments, keywords, 0, 0)?;
    list.items.borrow_mut().reverse();
    Ok(Value::None)
}

/// `list.clear()`
fn clear(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, _) = list_arguments("clear", arguments, keywords, 0, 0)?;
    list.items.borrow_mut().clear();
    Ok(Value::None)
}

/// `list.copy()`: a shallow copy.
fn copy(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (list, _) = list_arguments("copy", arguments, keywords, 0, 0)?;
    Ok(Value::list(list.snapshot()))
}
