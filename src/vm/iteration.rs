//! The iteration protocol for builtin iterables: `iter()` and `next()`.
//! An iterator's state is never borrowed while script code runs (`map`'s
//! function may itself advance the same iterator).

use std::rc::Rc;

use super::Vm;
use crate::error::{Error, Result};
use crate::object::exception::ExcKind;
use crate::object::iterator::{DictPart, IterState, IteratorObject};
use crate::value::Value;

impl Vm {
    /// `iter(value)`
    pub fn get_iter(&mut self, value: Value) -> Result<Value> {
        let state = match value {
            Value::Generator(ref generator) if !generator.is_coroutine() => return Ok(value),
            Value::Iterator(_) => return Ok(value),
            Value::List(list) => IterState::List { list, index: 0 },
            Value::Tuple(tuple) => IterState::Tuple { tuple, index: 0 },
            Value::Str(text) => IterState::Str { text, byte_offset: 0 },
            Value::Bytes(bytes) => IterState::Bytes { bytes, index: 0 },
            Value::ByteArray(array) => IterState::ByteArray { array, index: 0 },
            Value::Range(range) if range.is_big() => {
                let [start, _, step] = range.bounds();
                IterState::BigRange { next: start, remaining: range.length(), step }
            }
            Value::Range(range) => IterState::Range { next: range.start, remaining: range.len(), step: range.step },
            Value::Dict(dict) => {
                let expected_len = dict.len();
                IterState::Dict { dict, position: 0, expected_len, part: DictPart::Keys }
            }
            Value::DictView(view) => {
                let expected_len = view.dict.len();
                IterState::Dict { dict: view.dict.clone(), position: 0, expected_len, part: view.part }
            }
            Value::Set(set) | Value::FrozenSet(set) => {
                let expected_len = set.len();
                IterState::Set { set, position: 0, expected_len }
            }
            Value::Instance(_) => return self.instance_iter(value),
            other => return Err(Error::type_error(format!("'{}' object is not iterable", other.type_name()))),
        };
        Ok(Value::Iterator(Rc::new(IteratorObject::new(state))))
    }

    pub(crate) fn is_iterable(&self, value: &Value) -> bool {
        if let Value::Instance(instance) = value {
            let class = &instance.class;
            return class.lookup(&self.names.iter).is_some() || class.lookup(&self.names.getitem).is_some();
        }
        matches!(
            value,
            Value::Iterator(_)
                | Value::Generator(_)
                | Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Bytes(_)
                | Value::ByteArray(_)
                | Value::Range(_)
                | Value::Dict(_)
                | Value::DictView(_)
                | Value::Set(_)
                | Value::FrozenSet(_)
        )
    }

    /// `next(iterator)`: the next item, or None when exhausted.
    pub fn next_item(&mut self, iterator: &Value) -> Result<Option<Value>> {
        if let Value::Generator(generator) = iterator {
            return self.generator_next(generator);
        }
        if let Value::Instance(_) = iterator {
            return self.instance_next(iterator);
        }
        let Value::Iterator(iterator) = iterator else {
            return Err(Error::type_error(format!("'{}' object is not an iterator", iterator.type_name())));
        };
        // States that step without running code are handled under one borrow.
        {
            let mut state = iterator.state.borrow_mut();
            let item = match &mut *state {
                IterState::List { list, index } => {
                    let item = list.items.borrow().get(*index).cloned();
                    *index += 1;
                    Some(item)
                }
                IterState::ListReversed { list, remaining } => {
                    let items = list.items.borrow();
                    if *remaining > items.len() {
                        *remaining = items.len();
                    }
                    let item = if *remaining > 0 {
                        *remaining -= 1;
                        items.get(*remaining).cloned()
                    } else {
                        None
                    };
                    Some(item)
                }
                IterState::Tuple { tuple, index } => {
                    let item = tuple.items.get(*index).cloned();
                    *index += 1;
                    Some(item)
                }
                IterState::Values { values, index } => {
                    let item = values.items.get(*index).cloned();
                    *index += 1;
                    Some(item)
                }
                IterState::Range { next, remaining, step } => {
                    if *remaining == 0 {
                        Some(None)
                    } else {
                        let value = *next;
                        *remaining -= 1;
                        *next = next.wrapping_add(*step);
                        Some(Some(Value::Int(value)))
                    }
                }
                IterState::BigRange { next, remaining, step } => {
                    if num_traits::Zero::is_zero(remaining) {
                        Some(None)
                    } else {
                        let value = next.clone();
                        *remaining -= 1;
                        *next += &*step;
                        Some(Some(Value::from_bigint(value)))
                    }
                }
                IterState::Str { text, byte_offset } => {
                    let next = text.as_str()[*byte_offset..].chars().next();
                    Some(next.map(|c| {
                        *byte_offset += c.len_utf8();
                        Value::from_string(c.to_string())
                    }))
                }
                IterState::Bytes { bytes, index } => {
                    let item = bytes.as_bytes().get(*index).map(|&b| Value::Int(b as i64));
                    *index += 1;
                    Some(item)
                }
                IterState::ByteArray { array, index } => {
                    let item = array.data.borrow().get(*index).map(|&b| Value::Int(b as i64));
                    *index += 1;
                    Some(item)
                }
                IterState::Dict { dict, position, expected_len, part } => {
                    let table = dict.table.borrow();
                    if table.len() != *expected_len {
                        *expected_len = usize::MAX;
                        return Err(Error::runtime_error("dictionary changed size during iteration"));
                    }
                    let item = table.entry_from(*position).map(|(found, key, value)| {
                        *position = found + 1;
                        match part {
                            DictPart::Keys => key.clone(),
                            DictPart::Values => value.clone(),
                            DictPart::Items => Value::tuple(vec![key.clone(), value.clone()]),
                        }
                    });
                    Some(item)
                }
                IterState::Set { set, position, expected_len } => {
                    let table = set.table.borrow();
                    if table.len() != *expected_len {
                        *expected_len = usize::MAX;
                        return Err(Error::runtime_error("Set changed size during iteration"));
                    }
                    let item = table.next_entry(*position).map(|(found, key, _)| {
                        *position = found + 1;
                        key.clone()
                    });
                    Some(item)
                }
                IterState::Exhausted => Some(None),
                _ => None,
            };
            if let Some(item) = item {
                if item.is_none() {
                    *state = IterState::Exhausted;
                }
                return Ok(item);
            }
        }
        self.next_item_running_code(iterator)
    }

    /// Iterators whose step runs code or advances other iterators.
    fn next_item_running_code(&mut self, iterator: &Rc<IteratorObject>) -> Result<Option<Value>> {
        enum Step {
            Reversed(Value, usize),
            Enumerate(Value),
            Zip(Vec<Value>, bool),
            Map(Value, Vec<Value>),
            Filter(Value, Value),
            Callable(Value, Value),
            GetItem(Value, usize),
        }
        let step = match &*iterator.state.borrow() {
            IterState::Reversed { sequence, remaining } => Step::Reversed(sequence.clone(), *remaining),
            IterState::Enumerate { iterator, .. } => Step::Enumerate(iterator.clone()),
            IterState::Zip { iterators, strict } => Step::Zip(iterators.clone(), *strict),
            IterState::Map { function, iterators } => Step::Map(function.clone(), iterators.clone()),
            IterState::Filter { function, iterator } => Step::Filter(function.clone(), iterator.clone()),
            IterState::Callable { function, sentinel } => Step::Callable(function.clone(), sentinel.clone()),
            IterState::GetItem { object, index } => Step::GetItem(object.clone(), *index),
            _ => return Ok(None),
        };
        let finish = |item: Option<Value>| {
            if item.is_none() {
                *iterator.state.borrow_mut() = IterState::Exhausted;
            }
            Ok(item)
        };
        match step {
            Step::Reversed(sequence, remaining) => {
                if remaining == 0 {
                    return finish(None);
                }
                if let IterState::Reversed { remaining, .. } = &mut *iterator.state.borrow_mut() {
                    *remaining -= 1;
                }
                let item = self.get_item(&sequence, &Value::from(remaining - 1))?;
                Ok(Some(item))
            }
            Step::Enumerate(inner) => {
                let Some(item) = self.next_item(&inner)? else { return finish(None) };
                let mut state = iterator.state.borrow_mut();
                let IterState::Enumerate { count, .. } = &mut *state else { return Ok(None) };
                let index = count.clone();
                *count = match &index {
                    Value::Int(n) if *n < i64::MAX => Value::Int(*n + 1),
                    other => Value::from_bigint(other.to_bigint().unwrap_or_default() + 1),
                };
                Ok(Some(Value::tuple(vec![index, item])))
            }
            Step::Zip(iterators, strict) => {
                if iterators.is_empty() {
                    return finish(None);
                }
                let mut items = Vec::with_capacity(iterators.len());
                for (position, inner) in iterators.iter().enumerate() {
                    match self.next_item(inner)? {
                        Some(item) => items.push(item),
                        None => {
                            if strict {
                                if position > 0 {
                                    let plural = if position == 1 { " " } else { "s 1-" };
                                    return Err(Error::value_error(format!(
                                        "zip() argument {} is shorter than argument{plural}{}",
                                        position + 1,
                                        position
                                    )));
                                }
                                for (later, other) in iterators.iter().enumerate().skip(1) {
                                    if self.next_item(other)?.is_some() {
                                        let plural = if later == 1 { " " } else { "s 1-" };
                                        return Err(Error::value_error(format!(
                                            "zip() argument {} is longer than argument{plural}{}",
                                            later + 1,
                                            later
                                        )));
                                    }
                                }
                            }
                            return finish(None);
                        }
                    }
                }
                Ok(Some(Value::tuple(items)))
            }
            Step::Map(function, iterators) => {
                let mut arguments = Vec::with_capacity(iterators.len());
                for inner in &iterators {
                    match self.next_item(inner)? {
                        Some(item) => arguments.push(item),
                        None => return finish(None),
                    }
                }
                self.call(&function, &arguments, &[]).map(Some)
            }
            Step::Filter(function, inner) => loop {
                let Some(item) = self.next_item(&inner)? else { return finish(None) };
                let keep = if function.is_none() {
                    self.is_true(&item)?
                } else {
                    let verdict = self.call(&function, std::slice::from_ref(&item), &[])?;
                    self.is_true(&verdict)?
                };
                if keep {
                    return Ok(Some(item));
                }
            },
            Step::GetItem(object, index) => match self.get_item(&object, &Value::from(index)) {
                Ok(item) => {
                    if let IterState::GetItem { index, .. } = &mut *iterator.state.borrow_mut() {
                        *index += 1;
                    }
                    Ok(Some(item))
                }
                Err(error) if error.is_instance_of(ExcKind::IndexError) || Vm::is_stop_iteration(&error) => {
                    finish(None)
                }
                Err(error) => Err(error),
            },
            Step::Callable(function, sentinel) => {
                let item = self.call(&function, &[], &[])?;
                if item.is(&sentinel) || self.equals(&item, &sentinel)? {
                    return finish(None);
                }
                Ok(Some(item))
            }
        }
    }

    /// `iter(instance)`: its `__iter__`, which must give an iterator; else
    /// indexing from 0 when it has `__getitem__`.
    fn instance_iter(&mut self, object: Value) -> Result<Value> {
        let class = self.class_of(&object);
        match class.lookup(&self.names.iter) {
            Some(Value::None) => {}
            Some(method) => {
                let iterator = self.call_special(&object, method, &[])?;
                let is_iterator = match &iterator {
                    Value::Iterator(_) => true,
                    Value::Generator(generator) => !generator.is_coroutine(),
                    Value::Instance(instance) => instance.class.lookup(&self.names.next).is_some(),
                    _ => false,
                };
                if !is_iterator {
                    return Err(Error::type_error(format!(
                        "iter() returned non-iterator of type '{}'",
                        iterator.type_name()
                    )));
                }
                return Ok(iterator);
            }
            None if class.lookup(&self.names.getitem).is_some() => {
                let state = IterState::GetItem { object, index: 0 };
                return Ok(Value::Iterator(Rc::new(IteratorObject::new(state))));
            }
            None => {}
        }
        Err(Error::type_error(format!("'{}' object is not iterable", object.type_name())))
    }

    /// `next(instance)`: its `__next__`; StopIteration ends the iteration.
    fn instance_next(&mut self, iterator: &Value) -> Result<Option<Value>> {
        let name = self.names.next.clone();
        match self.try_special(iterator, &name, &[]) {
            Ok(Some(item)) => Ok(Some(item)),
            Ok(None) => Err(Error::type_error(format!("'{}' object is not an iterator", iterator.type_name()))),
            Err(error) if Vm::is_stop_iteration(&error) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// All items of an iterable, in order.
    pub fn collect_iterable(&mut self, iterable: Value) -> Result<Vec<Value>> {
        match &iterable {
            Value::List(list) => return Ok(list.snapshot()),
            Value::Tuple(tuple) => return Ok(tuple.items.to_vec()),
            _ => {}
        }
        let iterator = self.get_iter(iterable)?;
        let mut items = Vec::new();
        while let Some(item) = self.next_item(&iterator)? {
            items.push(item);
        }
        Ok(items)
    }
}
