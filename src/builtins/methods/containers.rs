//! Methods of `tuple`, `range`, `set` and `frozenset`, and the plumbing the
//! container methods share: receiver and argument checks with CPython's
//! messages, `index()` bounds, and the elements of an iterable argument in
//! the form CPython's set code reads them.
//!
//! The set methods follow `Objects/setobject.c` step by step (which table
//! operation runs, in which order, on which copy), because the layout of
//! the resulting table decides the iteration order scripts print.

use std::rc::Rc;

use crate::builtins::{add_methods, check_arguments};
use crate::error::{Error, Result};
use crate::object::compare;
use crate::object::dict::Dict;
use crate::object::function::Keywords;
use crate::object::instance::carried_value;
use crate::object::range::Range;
use crate::object::set::Set;
use crate::object::set_table::SetTable;
use crate::object::string::Interner;
use crate::object::tuple::Tuple;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

/// The `FROZEN` argument of the methods `set` and `frozenset` share.
const SET: bool = false;
const FROZENSET: bool = true;

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(&types.tuple, "tuple", &[("index", tuple_index), ("count", tuple_count)], interner);
    add_methods(&types.range, "range", &[("index", range_index), ("count", range_count)], interner);
    add_methods(&types.slice, "slice", &[("indices", slice_indices)], interner);
    add_methods(
        &types.set,
        "set",
        &[
            ("add", set_add),
            ("discard", set_discard),
            ("remove", set_remove),
            ("pop", set_pop),
            ("clear", set_clear),
            ("update", set_update),
            ("intersection_update", set_intersection_update),
            ("difference_update", set_difference_update),
            ("symmetric_difference_update", set_symmetric_difference_update),
            ("copy", copy::<SET>),
            ("union", union::<SET>),
            ("intersection", intersection::<SET>),
            ("difference", difference::<SET>),
            ("symmetric_difference", symmetric_difference::<SET>),
            ("issubset", issubset::<SET>),
            ("issuperset", issuperset::<SET>),
            ("isdisjoint", isdisjoint::<SET>),
        ],
        interner,
    );
    add_methods(
        &types.frozenset,
        "frozenset",
        &[
            ("copy", copy::<FROZENSET>),
            ("union", union::<FROZENSET>),
            ("intersection", intersection::<FROZENSET>),
            ("difference", difference::<FROZENSET>),
            ("symmetric_difference", symmetric_difference::<FROZENSET>),
            ("issubset", issubset::<FROZENSET>),
            ("issuperset", issuperset::<FROZENSET>),
            ("isdisjoint", isdisjoint::<FROZENSET>),
        ],
        interner,
    );
}

// ------------------------------------------------------------ shared plumbing

/// A method's type and name, for CPython's argument-checking messages.
#[derive(Clone, Copy)]
pub(super) struct Method {
    pub owner: &'static str,
    pub name: &'static str,
}

impl Method {
    /// Splits the receiver off the arguments. Called through its type
    /// (`list.append(x, 1)`) a method receives its receiver as a plain
    /// argument, which CPython's method descriptors check first of all.
    pub fn receiver<'a, T>(
        self,
        arguments: &'a [Value],
        extract: impl Fn(&'a Value) -> Option<T>,
    ) -> Result<(T, &'a [Value])> {
        let Method { owner, name } = self;
        let Some((receiver, rest)) = arguments.split_first() else {
            return Err(Error::type_error(format!("unbound method {owner}.{name}() needs an argument")));
        };
        match extract(receiver).or_else(|| carried_value(receiver).and_then(&extract)) {
            Some(receiver) => Ok((receiver, rest)),
            None => Err(Error::type_error(format!(
                "descriptor '{name}' for '{owner}' objects doesn't apply to a '{}' object",
                receiver.type_name()
            ))),
        }
    }

    /// Rejects keywords, then checks that `min..=max` positional arguments
    /// (after the receiver) were given.
    pub fn check(self, arguments: &[Value], keywords: Keywords, min: usize, max: usize) -> Result<()> {
        let Method { owner, name } = self;
        if !keywords.is_empty() {
            return Err(Error::type_error(format!("{owner}.{name}() takes no keyword arguments")));
        }
        if (min..=max).contains(&arguments.len()) {
            return Ok(());
        }
        // CPython names methods of no or exactly one argument with their
        // type ("list.append() takes exactly one argument"), the others
        // bare ("insert expected 2 arguments, got 1").
        if max <= 1 && min == max {
            check_arguments(&format!("{owner}.{name}"), arguments, min, max)
        } else {
            check_arguments(name, arguments, min, max)
        }
    }
}

/// Item equality for sequence searches (`index`, `count`, `remove`):
/// identity first, then `==`.
pub(super) fn item_matches(vm: &mut Vm, item: &Value, wanted: &Value) -> Result<bool> {
    Ok(item.is(wanted) || vm.equals(item, wanted)?)
}

/// The `start` and `stop` arguments of `list.index` and `tuple.index`,
/// resolved against `length` like slice bounds: negative values count from
/// the end and are clipped at 0; `stop` may exceed `length`.
pub(super) fn search_bounds(start: Option<&Value>, stop: Option<&Value>, length: usize) -> Result<(usize, usize)> {
    let resolve = |bound: Option<&Value>, default: usize| -> Result<usize> {
        let Some(bound) = bound else { return Ok(default) };
        let value = match bound {
            Value::Int(i) => *i,
            Value::Bool(b) => *b as i64,
            // Out-of-range ints are clamped, as `_PyEval_SliceIndex` does.
            Value::BigInt(big) if big.sign() == num_bigint::Sign::Minus => i64::MIN,
            Value::BigInt(_) => i64::MAX,
            _ => return Err(Error::type_error("slice indices must be integers or have an __index__ method")),
        };
        let resolved = if value < 0 { value.saturating_add(length as i64).max(0) } else { value };
        Ok(usize::try_from(resolved).unwrap_or(usize::MAX))
    };
    Ok((resolve(start, 0)?, resolve(stop, usize::MAX)?))
}

// ------------------------------------------------------------ tuple

/// The tuple a `tuple` method was called on, and its other arguments.
fn tuple_arguments<'a>(
    name: &'static str,
    arguments: &'a [Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<(&'a Rc<Tuple>, &'a [Value])> {
    let method = Method { owner: "tuple", name };
    let (tuple, rest) = method.receiver(arguments, |value| match value {
        Value::Tuple(tuple) => Some(tuple),
        _ => None,
    })?;
    method.check(rest, keywords, min, max)?;
    Ok((tuple, rest))
}

/// `tuple.index(value, start=0, stop=sys.maxsize)`
fn tuple_index(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (tuple, rest) = tuple_arguments("index", arguments, keywords, 1, 3)?;
    let (start, stop) = search_bounds(rest.get(1), rest.get(2), tuple.len())?;
    let stop = stop.min(tuple.len());
    for position in start..stop {
        if item_matches(vm, &tuple.items[position], &rest[0])? {
            return Ok(Value::from(position));
        }
    }
    Err(Error::value_error("tuple.index(x): x not in tuple"))
}

/// `tuple.count(value)`
fn tuple_count(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (tuple, rest) = tuple_arguments("count", arguments, keywords, 1, 1)?;
    let mut count = 0usize;
    for item in tuple.items.iter() {
        if item_matches(vm, item, &rest[0])? {
            count += 1;
        }
    }
    Ok(Value::from(count))
}

// ------------------------------------------------------------ range

/// The range a `range` method was called on, and its one argument.
fn range_arguments<'a>(
    name: &'static str,
    arguments: &'a [Value],
    keywords: Keywords,
) -> Result<(&'a Rc<Range>, &'a Value)> {
    let method = Method { owner: "range", name };
    let (range, rest) = method.receiver(arguments, |value| match value {
        Value::Range(range) => Some(range),
        _ => None,
    })?;
    method.check(rest, keywords, 1, 1)?;
    Ok((range, &rest[0]))
}

/// Where an int sits in a range, answered arithmetically; `None` for
/// values that are not ints (they are searched for by `==`).
fn int_position(range: &Range, value: &Value) -> Option<Option<Value>> {
    let value = value.to_bigint()?;
    if !range.contains_big(&value) {
        return Some(None);
    }
    let [start, _, step] = range.bounds();
    Some(Some(Value::from_bigint((value - start) / step)))
}

/// Reports the positions of the range's elements equal to `value`, found
/// by `==` as CPython's generic sequence search does, while `found` asks
/// for more.
fn search_range(vm: &mut Vm, range: &Range, value: &Value, mut found: impl FnMut(usize) -> bool) -> Result<()> {
    for position in 0..range.len() {
        if item_matches(vm, &Value::Int(range.item(position)), value)? && !found(position) {
            break;
        }
    }
    Ok(())
}

/// `range.index(value)`
fn range_index(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (range, value) = range_arguments("index", arguments, keywords)?;
    match int_position(range, value) {
        Some(Some(position)) => Ok(position),
        Some(None) => Err(Error::value_error(format!("{} is not in range", vm.repr(value)?))),
        None => {
            let mut first = None;
            search_range(vm, range, value, |position| {
                first = Some(position);
                false
            })?;
            first.map(Value::from).ok_or_else(|| Error::value_error("sequence.index(x): x not in sequence"))
        }
    }
}

/// `range.count(value)`
fn range_count(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (range, value) = range_arguments("count", arguments, keywords)?;
    match int_position(range, value) {
        Some(position) => Ok(Value::from(position.is_some() as usize)),
        None => {
            let mut count = 0usize;
            search_range(vm, range, value, |_| {
                count += 1;
                true
            })?;
            Ok(Value::from(count))
        }
    }
}

// ------------------------------------------------------------ set elements

/// An iterable argument of a set or dict method, in the form CPython's
/// code reads it: another set table to table, an exact dict by its keys
/// with their stored hashes, anything else by iterating.
pub(super) enum Elements {
    Set(Rc<Set>),
    Dict(Rc<Dict>),
    /// An iterator over any other iterable. It is advanced (and each item
    /// hashed) only as far as the operation goes: CPython stops early in
    /// `isdisjoint`, `issuperset` and `intersection`, leaving the rest of
    /// the iterator unconsumed and unhashed.
    Iterator(Value),
}

impl Elements {
    pub fn of(vm: &mut Vm, iterable: &Value) -> Result<Elements> {
        Ok(match iterable {
            Value::Set(set) | Value::FrozenSet(set) => Elements::Set(set.clone()),
            Value::Dict(dict) => Elements::Dict(dict.clone()),
            other => Elements::Iterator(vm.get_iter(other.clone())?),
        })
    }

    /// Calls `visit` with each element and its hash, in iteration order,
    /// until it returns false.
    pub fn for_each(self, vm: &mut Vm, mut visit: impl FnMut(&mut Vm, Value, i64) -> Result<bool>) -> Result<()> {
        let entries = match self {
            Elements::Set(set) => set_entries(&set),
            Elements::Dict(dict) => dict_entries(&dict),
            Elements::Iterator(iterator) => {
                while let Some(item) = vm.next_item(&iterator)? {
                    let hash = vm.hash(&item)?;
                    if !visit(vm, item, hash)? {
                        break;
                    }
                }
                return Ok(());
            }
        };
        for (key, hash) in entries {
            if !visit(vm, key, hash)? {
                break;
            }
        }
        Ok(())
    }
}

/// A set's elements with their hashes, copied out so that no borrow is
/// held while they are used.
fn set_entries(set: &Set) -> Vec<(Value, i64)> {
    set.table.borrow().iter().map(|(key, hash)| (key.clone(), hash)).collect()
}

/// A dict's keys with their stored hashes, in order.
fn dict_entries(dict: &Dict) -> Vec<(Value, i64)> {
    dict.table.borrow().entries().map(|entry| (entry.key.clone(), entry.hash)).collect()
}

/// A set or frozenset value holding `table`.
fn new_set<const FROZEN: bool>(table: SetTable<Value>) -> Value {
    let set = Rc::new(Set::new(table));
    if FROZEN { Value::FrozenSet(set) } else { Value::Set(set) }
}

// ------------------------------------------------------------ set operations
//
// Each works on a `Set` and borrows its table only for single steps, so
// hashing (which goes through the VM) never happens under a borrow. Results
// are built in scratch sets with the same functions.

/// `set_update_internal`: adds the elements of `elements` to `set`.
fn update(vm: &mut Vm, set: &Set, elements: Elements) -> Result<()> {
    match elements {
        // Merging a set into itself changes nothing (`set_merge`).
        Elements::Set(other) if std::ptr::eq(set, &*other) => Ok(()),
        Elements::Set(other) => {
            let other = other.snapshot();
            set.update_with(|table| table.update(&other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b)))
        }
        Elements::Dict(dict) => {
            let entries = dict_entries(&dict);
            set.update_with(|table| {
                table.update_from_dict(entries.len(), entries, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
            })
        }
        elements => elements.for_each(vm, |vm, key, hash| {
            set.insert(key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
            Ok(true)
        }),
    }
}

/// `set_difference_update_internal`: removes the elements of `elements`
/// from `set`.
fn difference_update(vm: &mut Vm, set: &Set, elements: Elements) -> Result<()> {
    match elements {
        Elements::Set(other) if std::ptr::eq(set, &*other) => {
            set.table.borrow_mut().clear();
            Ok(())
        }
        Elements::Set(other) => {
            let other = other.snapshot();
            set.update_with(|table| {
                table.difference_update(&other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
            })
        }
        // A dict is a plain iterable here; an error stops before the
        // compaction, as in CPython.
        elements => {
            elements.for_each(vm, |vm, key, hash| {
                set.remove(&key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
                Ok(true)
            })?;
            set.table.borrow_mut().compact_after_removals();
            Ok(())
        }
    }
}

/// `set_symmetric_difference_update`: toggles the elements of `elements`
/// in `set`.
fn symmetric_difference_update(vm: &mut Vm, set: &Set, elements: Elements) -> Result<()> {
    match elements {
        Elements::Set(other) if std::ptr::eq(set, &*other) => {
            set.table.borrow_mut().clear();
            Ok(())
        }
        Elements::Set(other) => {
            let other = other.snapshot();
            set.update_with(|table| {
                table.symmetric_difference_update(&other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
            })
        }
        Elements::Dict(dict) => {
            let entries = dict_entries(&dict);
            set.update_with(|table| {
                table
                    .symmetric_difference_update_entries(entries, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
            })
        }
        // Any other iterable is first made into a set, then toggled in that
        // set's table order.
        elements => {
            let other = Set::new(SetTable::new());
            update(vm, &other, elements)?;
            let other = other.table.into_inner();
            set.update_with(|table| {
                table.symmetric_difference_update(&other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
            })
        }
    }
}

/// `set_intersection`: the elements of `set` also in `elements`.
fn intersect(vm: &mut Vm, set: &Set, elements: Elements) -> Result<SetTable<Value>> {
    if let Elements::Set(other) = &elements {
        // Covers `s & s` too: both are then one copy.
        return set.with_snapshots(other, |own, other| {
            own.intersection(other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
        });
    }
    let mut result = SetTable::new();
    let size = set.len();
    elements.for_each(vm, |vm, key, hash| {
        if set.contains(&key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))? {
            result.insert(key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
            // Nothing more can be common once every element was found.
            return Ok(result.len() < size);
        }
        Ok(true)
    })?;
    Ok(result)
}

/// `set_intersection_multi`: `set` intersected with each iterable in turn.
fn intersect_all(vm: &mut Vm, set: &Set, others: &[Value]) -> Result<SetTable<Value>> {
    let Some((first, rest)) = others.split_first() else {
        return Ok(set.table.borrow().copy());
    };
    let elements = Elements::of(vm, first)?;
    let mut result = intersect(vm, set, elements)?;
    for other in rest {
        let elements = Elements::of(vm, other)?;
        result = intersect(vm, &Set::new(result), elements)?;
    }
    Ok(result)
}

/// `set_difference`: the elements of `set` missing from `elements`.
fn subtract(vm: &mut Vm, set: &Set, elements: Elements) -> Result<SetTable<Value>> {
    let dict = match elements {
        Elements::Set(other) => {
            return set.with_snapshots(&other, |own, other| {
                own.difference(other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))
            });
        }
        Elements::Dict(dict) if (set.len() >> 2) <= dict.len() => dict,
        // An arbitrary iterable, or a dict much smaller than the set: copy
        // the set and remove.
        elements => {
            let result = Set::new(set.table.borrow().copy());
            difference_update(vm, &result, elements)?;
            return Ok(result.table.into_inner());
        }
    };
    let mut result = SetTable::new();
    for (key, hash) in set_entries(set) {
        if !dict.contains(&key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))? {
            result.insert(key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
        }
    }
    Ok(result)
}

/// A set made from any iterable (`make_new_set`).
fn set_from(vm: &mut Vm, elements: Elements) -> Result<Set> {
    let set = Set::new(SetTable::new());
    update(vm, &set, elements)?;
    Ok(set)
}

// ------------------------------------------------------------ set methods

/// The set a `set` (`FROZEN` false) or `frozenset` method was called on,
/// and its other arguments.
fn set_arguments<'a, const FROZEN: bool>(
    name: &'static str,
    arguments: &'a [Value],
    keywords: Keywords,
    min: usize,
    max: usize,
) -> Result<(&'a Rc<Set>, &'a [Value])> {
    let method = Method { owner: if FROZEN { "frozenset" } else { "set" }, name };
    let (set, rest) = method.receiver(arguments, |value| match value {
        Value::FrozenSet(set) if FROZEN => Some(set),
        Value::Set(set) if !FROZEN => Some(set),
        _ => None,
    })?;
    method.check(rest, keywords, min, max)?;
    Ok((set, rest))
}

/// The hash `remove` and `discard` look an element up by. A set element
/// is looked up as the frozenset with the same elements, as CPython does
/// (`s.discard({1})` removes `frozenset({1})`).
fn lookup_hash(vm: &mut Vm, element: &Value) -> Result<i64> {
    match element {
        Value::Set(set) => Ok(set.table.borrow().frozenset_hash()),
        other => vm.hash(other),
    }
}

/// `set.add(element)`
fn set_add(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<SET>("add", arguments, keywords, 1, 1)?;
    let hash = vm.hash(&rest[0])?;
    set.insert(rest[0].clone(), hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
    Ok(Value::None)
}

/// Removes an element, returning whether it was there.
fn discard_element(vm: &mut Vm, set: &Set, element: &Value) -> Result<bool> {
    let hash = lookup_hash(vm, element)?;
    Ok(set.remove(element, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?.is_some())
}

/// `set.discard(element)`
fn set_discard(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<SET>("discard", arguments, keywords, 1, 1)?;
    discard_element(vm, set, &rest[0])?;
    Ok(Value::None)
}

/// `set.remove(element)`: KeyError when absent.
fn set_remove(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<SET>("remove", arguments, keywords, 1, 1)?;
    if discard_element(vm, set, &rest[0])? { Ok(Value::None) } else { Err(Error::key_error(rest[0].clone())) }
}

/// `set.pop()`
fn set_pop(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, _) = set_arguments::<SET>("pop", arguments, keywords, 0, 0)?;
    let popped = set.table.borrow_mut().pop();
    popped.ok_or_else(|| Error::key_error(Value::from_text("pop from an empty set")))
}

/// `set.clear()`
fn set_clear(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, _) = set_arguments::<SET>("clear", arguments, keywords, 0, 0)?;
    set.table.borrow_mut().clear();
    Ok(Value::None)
}

/// `set.update(*others)`
fn set_update(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, others) = set_arguments::<SET>("update", arguments, keywords, 0, usize::MAX)?;
    for other in others {
        let elements = Elements::of(vm, other)?;
        update(vm, set, elements)?;
    }
    Ok(Value::None)
}

/// `set.intersection_update(*others)`: the intersection is computed apart
/// and swapped in (so `s.intersection_update()` re-lays `s` out as a copy).
fn set_intersection_update(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, others) = set_arguments::<SET>("intersection_update", arguments, keywords, 0, usize::MAX)?;
    let mut result = intersect_all(vm, set, others)?;
    set.table.borrow_mut().swap_bodies(&mut result);
    Ok(Value::None)
}

/// `set.difference_update(*others)`
fn set_difference_update(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, others) = set_arguments::<SET>("difference_update", arguments, keywords, 0, usize::MAX)?;
    for other in others {
        let elements = Elements::of(vm, other)?;
        difference_update(vm, set, elements)?;
    }
    Ok(Value::None)
}

/// `set.symmetric_difference_update(other)`
fn set_symmetric_difference_update(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<SET>("symmetric_difference_update", arguments, keywords, 1, 1)?;
    let elements = Elements::of(vm, &rest[0])?;
    symmetric_difference_update(vm, set, elements)?;
    Ok(Value::None)
}

/// `set.copy()` and `frozenset.copy()`; a frozenset is its own copy.
fn copy<const FROZEN: bool>(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, _) = set_arguments::<FROZEN>("copy", arguments, keywords, 0, 0)?;
    if FROZEN {
        return Ok(Value::FrozenSet(set.clone()));
    }
    Ok(new_set::<FROZEN>(set.table.borrow().copy()))
}

/// `set.union(*others)` and `frozenset.union(*others)`
fn union<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, others) = set_arguments::<FROZEN>("union", arguments, keywords, 0, usize::MAX)?;
    let result = Set::new(set.table.borrow().copy());
    for other in others {
        // CPython skips the receiver itself: its elements are all there.
        if matches!(other, Value::Set(o) | Value::FrozenSet(o) if Rc::ptr_eq(o, set)) {
            continue;
        }
        let elements = Elements::of(vm, other)?;
        update(vm, &result, elements)?;
    }
    Ok(new_set::<FROZEN>(result.table.into_inner()))
}

/// `set.intersection(*others)` and `frozenset.intersection(*others)`
fn intersection<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, others) = set_arguments::<FROZEN>("intersection", arguments, keywords, 0, usize::MAX)?;
    Ok(new_set::<FROZEN>(intersect_all(vm, set, others)?))
}

/// `set.difference(*others)` and `frozenset.difference(*others)`: the
/// first argument decides how the result is built, the rest are removed
/// from it.
fn difference<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, others) = set_arguments::<FROZEN>("difference", arguments, keywords, 0, usize::MAX)?;
    let Some((first, rest)) = others.split_first() else {
        return Ok(new_set::<FROZEN>(set.table.borrow().copy()));
    };
    let elements = Elements::of(vm, first)?;
    let result = Set::new(subtract(vm, set, elements)?);
    for other in rest {
        let elements = Elements::of(vm, other)?;
        difference_update(vm, &result, elements)?;
    }
    Ok(new_set::<FROZEN>(result.table.into_inner()))
}

/// `set.symmetric_difference(other)` and the frozenset one: a set made
/// from `other`, with the receiver's elements toggled in it.
fn symmetric_difference<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<FROZEN>("symmetric_difference", arguments, keywords, 1, 1)?;
    let elements = Elements::of(vm, &rest[0])?;
    let result = set_from(vm, elements)?;
    symmetric_difference_update(vm, &result, Elements::Set(set.clone()))?;
    Ok(new_set::<FROZEN>(result.table.into_inner()))
}

/// `set.issubset(other)` and the frozenset one; a non-set argument is made
/// into a set first (so all of it is hashed).
fn issubset<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<FROZEN>("issubset", arguments, keywords, 1, 1)?;
    let other = match Elements::of(vm, &rest[0])? {
        Elements::Set(other) => other,
        elements => Rc::new(set_from(vm, elements)?),
    };
    let subset = set.is_subset(&other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
    Ok(Value::Bool(subset))
}

/// `set.issuperset(other)` and the frozenset one; a non-set argument is
/// searched element by element until one is missing.
fn issuperset<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<FROZEN>("issuperset", arguments, keywords, 1, 1)?;
    let superset = match Elements::of(vm, &rest[0])? {
        Elements::Set(other) => other.is_subset(set, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?,
        elements => {
            let mut all_found = true;
            elements.for_each(vm, |vm, key, hash| {
                all_found = set.contains(&key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
                Ok(all_found)
            })?;
            all_found
        }
    };
    Ok(Value::Bool(superset))
}

/// `set.isdisjoint(other)` and the frozenset one; a non-set argument is
/// searched element by element until one is found.
fn isdisjoint<const FROZEN: bool>(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (set, rest) = set_arguments::<FROZEN>("isdisjoint", arguments, keywords, 1, 1)?;
    let disjoint = match Elements::of(vm, &rest[0])? {
        Elements::Set(other) => set.is_disjoint(&other, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?,
        elements => {
            let mut none_found = true;
            elements.for_each(vm, |vm, key, hash| {
                none_found = !set.contains(&key, hash, &mut |a: &Value, b: &Value| compare::equals(vm, a, b))?;
                Ok(none_found)
            })?;
            none_found
        }
    };
    Ok(Value::Bool(disjoint))
}

/// slice.indices(length): the start, stop and step a slice means for a
/// sequence of that length.
fn slice_indices(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    crate::builtins::no_keywords("indices", keywords)?;
    let Some(Value::Slice(slice)) = arguments.first() else {
        return Err(Error::type_error("descriptor 'indices' for 'slice' objects doesn't apply to this object"));
    };
    check_arguments("slice.indices", &arguments[1..], 1, 1)?;
    let length = crate::builtins::expect_index(&arguments[1])?;
    if length < 0 {
        return Err(Error::value_error("length should not be negative"));
    }
    let bounds = vm.slice_bounds(slice, length as usize)?;
    Ok(Value::tuple(vec![Value::Int(bounds.start), Value::Int(bounds.stop), Value::Int(bounds.step)]))
}
