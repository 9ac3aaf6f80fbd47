//! Methods of `dict` and of its `keys()` / `items()` views.

use std::rc::Rc;

use super::containers::{Elements, Method};
use crate::builtins::{add_methods, check_arguments};
use crate::error::{Error, Result};
use crate::object::compare;
use crate::object::dict::{Dict, DictTable};
use crate::object::exception::ExcKind;
use crate::object::function::{BoundMethod, Keywords, NativeFunction};
use crate::object::iterator::{DictPart, DictView};
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(
        &types.dict,
        "dict",
        &[
            ("get", get),
            ("setdefault", setdefault),
            ("update", update),
            ("pop", pop),
            ("popitem", popitem),
            ("keys", keys),
            ("values", values),
            ("items", items),
            ("copy", copy),
            ("clear", clear),
        ],
        interner,
    );
    // `fromkeys` is a classmethod: it is stored already bound to the class,
    // so `dict.fromkeys(it)` and `{}.fromkeys(it)` both receive the class
    // first and the iterable second.
    let native = NativeFunction { name: "fromkeys", owner: Some("dict"), function: fromkeys };
    let bound = BoundMethod { receiver: Value::Class(types.dict.clone()), function: Value::Native(Rc::new(native)) };
    types.dict.dict.borrow_mut().insert_str(&interner.intern("fromkeys"), Value::BoundMethod(Rc::new(bound)));
    add_methods(&types.dict_keys, "dict_keys", &[("isdisjoint", view_isdisjoint::<false>)], interner);
    add_methods(&types.dict_items, "dict_items", &[("isdisjoint", view_isdisjoint::<true>)], interner);
}

const fn method(name: &'static str) -> Method {
    Method { owner: "dict", name }
}

/// The dict a method was called on, checked like a descriptor does.
fn receiver<'a>(name: &'static str, arguments: &'a [Value]) -> Result<(&'a Rc<Dict>, &'a [Value])> {
    method(name).receiver(arguments, |value| match value {
        Value::Dict(dict) => Some(dict),
        _ => None,
    })
}

/// The dict a method was called on and its `min..=max` other arguments.
fn dict_arguments<'a>(
    name: &'static str,
    arguments: &'a [Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<(&'a Rc<Dict>, &'a [Value])> {
    let (dict, rest) = receiver(name, arguments)?;
    method(name).check(rest, keywords, min, max)?;
    Ok((dict, rest))
}

/// `dict.get(key, default=None)`
fn get(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, rest) = dict_arguments("get", arguments, keywords, 1, 2)?;
    let hash = vm.hash(&rest[0])?;
    let found = dict.get(&rest[0], hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
    Ok(found.unwrap_or_else(|| rest.get(1).cloned().unwrap_or(Value::None)))
}

/// `dict.setdefault(key, default=None)`
fn setdefault(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, rest) = dict_arguments("setdefault", arguments, keywords, 1, 2)?;
    let hash = vm.hash(&rest[0])?;
    let eq = &mut |a: &Value, b: &Value| compare::equals(vm, a, b);
    let found = dict.find(&rest[0], hash, eq)?;
    let mut table = dict.table.borrow_mut();
    if let Some(position) = found {
        return Ok(table.value_at(position).cloned().unwrap_or(Value::None));
    }
    let default = rest.get(1).cloned().unwrap_or(Value::None);
    table.store_at(None, rest[0].clone(), hash, default.clone());
    Ok(default)
}

/// `dict.update([other], **keywords)`
fn update(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, rest) = receiver("update", arguments)?;
    check_arguments("update", rest, 0, 1)?;
    if let Some(source) = rest.first() {
        merge(vm, dict, source)?;
    }
    let mut table = dict.table.borrow_mut();
    for (name, value) in keywords {
        table.insert_str(name, value.clone());
    }
    Ok(Value::None)
}

/// Adds the pairs of `source` to `dict` (`dict_update_arg`): a dict's
/// items, a mapping's `keys()` with their values, or else an iterable of
/// pairs. Pairs are stored one by one, so an error keeps the earlier ones.
fn merge(vm: &mut Vm, dict: &Rc<Dict>, source: &Value) -> Result<()> {
    if let Value::Dict(other) = source {
        // Stored hashes are reused; the entries are copied out first since
        // `d.update(d)` reads and writes the same table.
        let entries: Vec<(Value, i64, Value)> =
            other.table.borrow().entries().map(|entry| (entry.key.clone(), entry.hash, entry.value.clone())).collect();
        for (key, hash, value) in entries {
            dict.insert(key, hash, value, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
        }
        return Ok(());
    }
    let keys_name = vm.intern("keys");
    if let Some(keys_method) = vm.find_attribute(source, &keys_name)? {
        let keys = vm.call(&keys_method, &[], &[])?;
        let iterator = vm.get_iter(keys)?;
        while let Some(key) = vm.next_item(&iterator)? {
            let value = vm.get_item(source, &key)?;
            store(vm, dict, key, value)?;
        }
        return Ok(());
    }
    let iterator = vm.get_iter(source.clone())?;
    let mut index = 0usize;
    while let Some(element) = vm.next_item(&iterator)? {
        let pair = match vm.collect_iterable(element) {
            Err(error) if error.is_instance_of(ExcKind::TypeError) => {
                return Err(Error::type_error(format!(
                    "cannot convert dictionary update sequence element #{index} to a sequence"
                )));
            }
            pair => pair?,
        };
        let [key, value] = <[Value; 2]>::try_from(pair).map_err(|pair| {
            Error::value_error(format!(
                "dictionary update sequence element #{index} has length {}; 2 is required",
                pair.len()
            ))
        })?;
        store(vm, dict, key, value)?;
        index += 1;
    }
    Ok(())
}

/// `dict[key] = value`
fn store(vm: &mut Vm, dict: &Dict, key: Value, value: Value) -> Result<()> {
    let hash = vm.hash(&key)?;
    dict.insert(key, hash, value, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
    Ok(())
}

/// `dict.pop(key[, default])`
fn pop(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, rest) = dict_arguments("pop", arguments, keywords, 1, 2)?;
    let (key, default) = (&rest[0], rest.get(1));
    // CPython answers for an empty dict before hashing the key, so even an
    // unhashable key gets the default or a KeyError.
    let removed = if dict.is_empty() {
        None
    } else {
        let hash = vm.hash(key)?;
        dict.remove(key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?
    };
    match (removed, default) {
        (Some((_, value)), _) => Ok(value),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(Error::key_error(key.clone())),
    }
}

/// `dict.popitem()`: the last inserted pair.
fn popitem(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, _) = dict_arguments("popitem", arguments, keywords, 0, 0)?;
    let last = dict.table.borrow_mut().pop_last();
    match last {
        Some((key, value)) => Ok(Value::tuple(vec![key, value])),
        None => Err(Error::key_error(Value::from_text("popitem(): dictionary is empty"))),
    }
}

/// A live view of the dict a method was called on.
fn view(name: &'static str, arguments: &[Value], keywords: Keywords, part: DictPart) -> Result<Value> {
    let (dict, _) = dict_arguments(name, arguments, keywords, 0, 0)?;
    Ok(Value::DictView(Rc::new(DictView { dict: dict.clone(), part })))
}

/// `dict.keys()`
fn keys(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    view("keys", arguments, keywords, DictPart::Keys)
}

/// `dict.values()`
fn values(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    view("values", arguments, keywords, DictPart::Values)
}

/// `dict.items()`
fn items(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    view("items", arguments, keywords, DictPart::Items)
}

/// `dict.copy()`: a shallow copy.
fn copy(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, _) = dict_arguments("copy", arguments, keywords, 0, 0)?;
    let table = dict.table.borrow().clone();
    Ok(Value::Dict(Rc::new(Dict::from_table(table))))
}

/// `dict.clear()`
fn clear(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (dict, _) = dict_arguments("clear", arguments, keywords, 0, 0)?;
    dict.table.borrow_mut().clear();
    Ok(Value::None)
}

/// `dict.fromkeys(iterable, value=None)`, receiving the class first.
fn fromkeys(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let method = method("fromkeys");
    let (_, rest) = method.receiver(arguments, |class| matches!(class, Value::Class(_)).then_some(()))?;
    method.check(rest, keywords, 1, 2)?;
    let value = rest.get(1).cloned().unwrap_or(Value::None);
    let mut table = DictTable::new();
    // Keys of a dict or set come with their stored hashes, as in CPython.
    Elements::of(vm, &rest[0])?.for_each(vm, |vm, key, hash| {
        table.insert(key, hash, value.clone(), &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
        Ok(true)
    })?;
    Ok(Value::Dict(Rc::new(Dict::from_table(table))))
}

/// `dict_keys.isdisjoint(other)` and `dict_items.isdisjoint(other)`
/// (`ITEMS` picks which).
fn view_isdisjoint<const ITEMS: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (owner, part) = if ITEMS { ("dict_items", DictPart::Items) } else { ("dict_keys", DictPart::Keys) };
    let method = Method { owner, name: "isdisjoint" };
    let (view, rest) = method.receiver(arguments, |value| match value {
        Value::DictView(view) if view.part == part => Some(view),
        _ => None,
    })?;
    method.check(rest, keywords, 1, 1)?;
    let (this, other) = (&arguments[0], &rest[0]);
    if this.is(other) {
        return Ok(Value::Bool(view.dict.is_empty()));
    }
    // Against a set-like argument CPython iterates the smaller side and
    // probes the larger; anything else is iterated and probed into `this`.
    let set_like = matches!(other, Value::Set(_) | Value::FrozenSet(_))
        || matches!(other, Value::DictView(other) if other.part != DictPart::Values);
    let (container, iterated) =
        if set_like && vm.length(other)? > view.dict.len() { (other, this) } else { (this, other) };
    let iterator = vm.get_iter(iterated.clone())?;
    while let Some(item) = vm.next_item(&iterator)? {
        if vm.contains(container, &item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
