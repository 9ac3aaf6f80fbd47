//! What operators, subscripts and attribute access mean for each builtin
//! type, with CPython's error messages.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::Vm;
use super::dispatch::Reraise;
use crate::ast::{BinaryOp, UnaryOp};
use crate::bytecode::{Comparison, Conversion, RaiseForm};
use crate::error::{Error, Result};
use crate::object::bytes::Bytes;
use crate::object::class::Class;
use crate::object::compare;
use crate::object::dict::{Dict, DictTable};
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::BoundMethod;
use crate::object::hash;
use crate::object::iterator::DictPart;
use crate::object::list::List;
use crate::object::number;
use crate::object::range::Range;
use crate::object::set::Set;
use crate::object::set_table::SetTable;
use crate::object::string::Str;
use crate::value::Value;

/// Bounds of a slice applied to a sequence of some length.
pub(crate) struct SliceBounds {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub length: usize,
}

impl SliceBounds {
    /// The sequence indices the slice selects, in order.
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.length).map(move |i| (self.start + i as i64 * self.step) as usize)
    }
}

impl Vm {
    // ------------------------------------------------------------ truth

    /// Python truthiness.
    pub fn is_true(&mut self, value: &Value) -> Result<bool> {
        Ok(match value {
            Value::Null | Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::Bytes(b) => !b.as_bytes().is_empty(),
            Value::ByteArray(array) => !array.data.borrow().is_empty(),
            Value::List(list) => !list.is_empty(),
            Value::Tuple(tuple) => !tuple.is_empty(),
            Value::Dict(dict) => !dict.is_empty(),
            Value::Set(set) | Value::FrozenSet(set) => !set.is_empty(),
            Value::Range(range) => !range.is_empty(),
            Value::DictView(view) => !view.dict.is_empty(),
            Value::Instance(_) => return self.instance_truth(value),
            _ => true,
        })
    }

    // ------------------------------------------------------------ equality and hashing

    /// `a == b`
    pub fn equals(&mut self, left: &Value, right: &Value) -> Result<bool> {
        compare::equals(self, left, right)
    }

    /// `hash(value)`
    pub fn hash(&mut self, value: &Value) -> Result<i64> {
        hash::hash_value(self, value)
    }

    // ------------------------------------------------------------ arithmetic

    pub(crate) fn binary_op(&mut self, op: BinaryOp, left: Value, right: Value) -> Result<Value> {
        if let Some(result) = number::binary_op(op, &left, &right) {
            return result;
        }
        // `text % object` formats the object; with other builtin left
        // operands, an instance's reflected method comes first.
        let formats = op == BinaryOp::Mod && matches!(left, Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_));
        if matches!(left, Value::Instance(_)) || (matches!(right, Value::Instance(_)) && !formats) {
            return match self.instance_binary_op(op, &left, &right)? {
                Some(result) => Ok(result),
                None if matches!(left, Value::Instance(_)) => {
                    Err(self.unsupported_instance_operands(op, &left, &right))
                }
                None => match self.sequence_op(op, &left, &right)? {
                    Some(result) => Ok(result),
                    None => Err(unsupported_operands(op, &left, &right)),
                },
            };
        }
        if let Some(result) = self.sequence_op(op, &left, &right)? {
            return Ok(result);
        }
        Err(unsupported_operands(op, &left, &right))
    }

    /// `left op= right`: lists, sets and dicts change in place.
    pub(crate) fn inplace_op(&mut self, op: BinaryOp, left: Value, right: Value) -> Result<Value> {
        if let Value::Instance(_) = left
            && let Some(result) = self.instance_inplace_op(op, &left, &right)?
        {
            return Ok(result);
        }
        match (&left, op) {
            (Value::List(_), BinaryOp::Add) => {
                self.list_extend(&left, right)?;
                return Ok(left);
            }
            (Value::ByteArray(array), BinaryOp::Add) => {
                let Some(extra) = right.byte_content() else {
                    return Err(Error::type_error(format!("can't concat {} to bytearray", right.type_name())));
                };
                let extra = extra.into_owned();
                array.data.borrow_mut().extend_from_slice(&extra);
                return Ok(left);
            }
            (Value::ByteArray(array), BinaryOp::Mul) => {
                let count = self.repeat_count(&right)?;
                let repeated = array.data.borrow().repeat(count);
                *array.data.borrow_mut() = repeated;
                return Ok(left);
            }
            (Value::List(list), BinaryOp::Mul) => {
                let count = self.repeat_count(&right)?;
                let items = list.snapshot();
                let mut repeated = Vec::with_capacity(items.len() * count);
                for _ in 0..count {
                    repeated.extend(items.iter().cloned());
                }
                *list.items.borrow_mut() = repeated;
                return Ok(left);
            }
            (Value::Set(set), BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor) => {
                if let Value::Set(other) | Value::FrozenSet(other) = &right {
                    self.set_inplace(set, other, op)?;
                    return Ok(left);
                }
            }
            (Value::Dict(dict), BinaryOp::BitOr) => {
                // `d |= x` takes anything `dict.update` takes.
                let dict = Value::Dict(dict.clone());
                self.dict_update(&dict, right, None)?;
                return Ok(left);
            }
            _ => {}
        }
        match self.binary_op(op, left.clone(), right.clone()) {
            Err(error) if is_unsupported(&error) => Err(unsupported_inplace(op, &left, &right)),
            other => other,
        }
    }

    fn set_inplace(&mut self, set: &Rc<Set>, other: &Rc<Set>, op: BinaryOp) -> Result<()> {
        let eq = &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b);
        if Rc::ptr_eq(set, other) {
            match op {
                BinaryOp::BitOr => {}
                BinaryOp::BitAnd => {
                    let mut copy = set.table.borrow().copy();
                    set.table.borrow_mut().swap_bodies(&mut copy);
                }
                _ => set.table.borrow_mut().clear(),
            }
            return Ok(());
        }
        let other = other.snapshot();
        set.update_with(|table| match op {
            BinaryOp::BitOr => table.update(&other, eq),
            BinaryOp::BitAnd => table.intersection_update(&other, eq),
            BinaryOp::Sub => table.difference_update(&other, eq),
            _ => table.symmetric_difference_update(&other, eq),
        })
    }

    /// Operators on sequences, strings, sets and dicts.
    fn sequence_op(&mut self, op: BinaryOp, left: &Value, right: &Value) -> Result<Option<Value>> {
        use Value::*;
        Ok(Some(match (op, left, right) {
            (BinaryOp::Add, Str(a), Str(b)) => {
                let mut text = String::with_capacity(a.as_str().len() + b.as_str().len());
                text.push_str(a.as_str());
                text.push_str(b.as_str());
                Value::from_string(text)
            }
            (BinaryOp::Add, List(a), List(b)) => {
                let mut items = a.snapshot();
                items.extend(b.items.borrow().iter().cloned());
                Value::list(items)
            }
            (BinaryOp::Add, Tuple(a), Tuple(b)) => {
                let mut items = a.items.to_vec();
                items.extend(b.items.iter().cloned());
                Value::tuple(items)
            }
            (BinaryOp::Add, Bytes(a), Bytes(b)) => {
                let mut data = a.as_bytes().to_vec();
                data.extend_from_slice(b.as_bytes());
                Value::Bytes(Rc::new(crate::object::bytes::Bytes::new(data)))
            }
            (BinaryOp::Add, Bytes(_) | ByteArray(_), Bytes(_) | ByteArray(_)) => {
                let mut data = left.byte_content().unwrap_or_default().into_owned();
                data.extend_from_slice(&right.byte_content().unwrap_or_default());
                new_bytes_like(left, data)
            }
            (BinaryOp::Add, Bytes(_) | ByteArray(_), other) => {
                return Err(Error::type_error(format!("can't concat {} to {}", other.type_name(), left.type_name())));
            }
            (BinaryOp::Mod, Bytes(_) | ByteArray(_), arguments) => {
                let template = left.byte_content().unwrap_or_default().into_owned();
                let data = self.percent_format_bytes(&template, arguments)?;
                new_bytes_like(left, data)
            }
            (BinaryOp::Add, Str(_) | List(_) | Tuple(_), other) => {
                let kind = left.type_name();
                return Err(Error::type_error(format!(
                    "can only concatenate {kind} (not \"{}\") to {kind}",
                    other.type_name()
                )));
            }
            (BinaryOp::Mul, Str(_) | List(_) | Tuple(_) | Bytes(_) | ByteArray(_), count) if count.is_int() => {
                return self.repeat(left, count).map(Some);
            }
            (BinaryOp::Mul, count, Str(_) | List(_) | Tuple(_) | Bytes(_) | ByteArray(_)) if count.is_int() => {
                return self.repeat(right, count).map(Some);
            }
            (BinaryOp::Mul, Str(_) | List(_) | Tuple(_) | Bytes(_) | ByteArray(_), other)
            | (BinaryOp::Mul, other, Str(_) | List(_) | Tuple(_) | Bytes(_) | ByteArray(_)) => {
                return Err(Error::type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    other.type_name()
                )));
            }
            (BinaryOp::Mod, Str(format), arguments) => {
                let text = self.percent_format(format.as_str(), arguments)?;
                Value::from_string(text)
            }
            (BinaryOp::BitOr, Dict(a), Dict(b)) => {
                let merged = Value::Dict(Rc::new(crate::object::dict::Dict::from_table(a.table.borrow().clone())));
                self.dict_update(&merged, Value::Dict(b.clone()), Option::None)?;
                merged
            }
            (
                BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor,
                Set(a) | FrozenSet(a),
                Set(b) | FrozenSet(b),
            ) => {
                let eq = &mut |x: &Value, y: &Value| compare::identical_or_equal(self, x, y);
                let table = a.with_snapshots(b, |x, y| match op {
                    BinaryOp::BitOr => x.union(y, eq),
                    BinaryOp::BitAnd => x.intersection(y, eq),
                    BinaryOp::Sub => x.difference(y, eq),
                    _ => x.symmetric_difference(y, eq),
                })?;
                let set = Rc::new(crate::object::set::Set::new(table));
                if matches!(left, FrozenSet(_)) { FrozenSet(set) } else { Value::Set(set) }
            }
            (BinaryOp::BitOr | BinaryOp::BitAnd | BinaryOp::Sub | BinaryOp::BitXor, DictView(view), other)
                if view.part != DictPart::Values =>
            {
                let items = self.collect_iterable(Value::DictView(view.clone()))?;
                let own = self.new_set(items)?;
                let other_items = self.collect_iterable(other.clone())?;
                let other_set = self.new_set(other_items)?;
                return self.sequence_op(op, &own, &other_set);
            }
            _ => return Ok(Option::None),
        }))
    }

    /// How many times `seq * n` repeats; negative counts mean zero.
    fn repeat_count(&mut self, count: &Value) -> Result<usize> {
        match count {
            Value::Int(n) => Ok((*n).max(0) as usize),
            Value::Bool(b) => Ok(*b as usize),
            Value::BigInt(b) => {
                if b.sign() == num_bigint::Sign::Minus {
                    Ok(0)
                } else {
                    Err(Error::overflow("cannot fit 'int' into an index-sized integer"))
                }
            }
            other => {
                Err(Error::type_error(format!("can't multiply sequence by non-int of type '{}'", other.type_name())))
            }
        }
    }

    fn repeat(&mut self, sequence: &Value, count: &Value) -> Result<Value> {
        let count = self.repeat_count(count)?;
        let length = match sequence {
            Value::Str(s) => s.as_str().len(),
            Value::Bytes(b) => b.as_bytes().len(),
            Value::ByteArray(array) => array.data.borrow().len(),
            Value::List(l) => l.len(),
            Value::Tuple(t) => t.len(),
            _ => 0,
        };
        if length.saturating_mul(count) > 1 << 34 {
            return Err(Error::new(ExcKind::MemoryError, ""));
        }
        Ok(match sequence {
            Value::Str(s) => Value::from_string(s.as_str().repeat(count)),
            Value::Bytes(b) => Value::Bytes(Rc::new(Bytes::new(b.as_bytes().repeat(count)))),
            Value::ByteArray(array) => new_bytes_like(sequence, array.data.borrow().repeat(count)),
            Value::List(list) => {
                let items = list.snapshot();
                Value::list(items.iter().cloned().cycle().take(items.len() * count).collect())
            }
            Value::Tuple(tuple) => {
                Value::tuple(tuple.items.iter().cloned().cycle().take(tuple.items.len() * count).collect())
            }
            _ => Value::None,
        })
    }

    pub(crate) fn unary_op(&mut self, op: UnaryOp, operand: Value) -> Result<Value> {
        if op == UnaryOp::Not {
            return Ok(Value::Bool(!self.is_true(&operand)?));
        }
        if let Some(result) = number::unary_op(op, &operand) {
            return Ok(result);
        }
        if let Value::Instance(_) = operand
            && let Some(result) = self.instance_unary_op(op, &operand)?
        {
            return Ok(result);
        }
        let symbol = match op {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
            UnaryOp::Not => "not",
        };
        Err(Error::type_error(format!("bad operand type for unary {symbol}: '{}'", operand.type_name())))
    }

    pub(crate) fn compare_op(&mut self, left: &Value, right: &Value, op: Comparison) -> Result<Value> {
        if matches!(left, Value::Instance(_)) || matches!(right, Value::Instance(_)) {
            return self.instance_compare(left, right, op);
        }
        compare::compare(self, left, right, op).map(Value::Bool)
    }

    // ------------------------------------------------------------ containers

    /// `item in container`
    pub(crate) fn contains(&mut self, container: &Value, item: &Value) -> Result<bool> {
        match container {
            Value::Str(text) => match item {
                Value::Str(needle) => Ok(text.as_str().contains(needle.as_str())),
                other => Err(Error::type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    other.type_name()
                ))),
            },
            Value::Bytes(_) | Value::ByteArray(_) => match item {
                Value::Bytes(_) | Value::ByteArray(_) => {
                    let haystack = container.byte_content().unwrap_or_default();
                    Ok(find_bytes(&haystack, &item.byte_content().unwrap_or_default(), 0).is_some())
                }
                Value::Int(byte) if (0..256).contains(byte) => {
                    Ok(container.byte_content().unwrap_or_default().contains(&(*byte as u8)))
                }
                Value::Int(_) => Err(Error::value_error("byte must be in range(0, 256)")),
                other => {
                    Err(Error::type_error(format!("a bytes-like object is required, not '{}'", other.type_name())))
                }
            },
            Value::List(list) => {
                let items = list.snapshot();
                self.sequence_contains(&items, item)
            }
            Value::Tuple(tuple) => {
                let tuple = tuple.clone();
                self.sequence_contains(&tuple.items, item)
            }
            Value::Dict(dict) => {
                let hash = self.hash(item)?;
                dict.contains(item, hash, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))
            }
            Value::Set(set) | Value::FrozenSet(set) => {
                let hash = match self.hash(item) {
                    Ok(hash) => hash,
                    // `{1} in set_of_frozensets` looks up the frozen twin.
                    Err(error) => match item {
                        Value::Set(inner) => hash::hash_value(self, &Value::FrozenSet(inner.clone()))?,
                        _ => return Err(error),
                    },
                };
                set.contains(item, hash, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))
            }
            Value::Range(range) => match item {
                Value::Int(i) => Ok(range.contains(*i)),
                Value::Bool(b) => Ok(range.contains(*b as i64)),
                Value::BigInt(b) => Ok(range.contains_big(b)),
                other => {
                    let items = self.collect_iterable(Value::Range(range.clone()))?;
                    self.sequence_contains(&items, other)
                }
            },
            Value::DictView(view) => match view.part {
                DictPart::Keys => self.contains(&Value::Dict(view.dict.clone()), item),
                _ => {
                    let items = self.collect_iterable(container.clone())?;
                    self.sequence_contains(&items, item)
                }
            },
            Value::Instance(_) if let Some(method) = self.class_of(container).lookup(&self.names.contains) => {
                let result = self.call_special(container, method, std::slice::from_ref(item))?;
                self.is_true(&result)
            }
            Value::Iterator(_) | Value::Generator(_) | Value::Instance(_) if self.is_iterable(container) => {
                let iterator = self.get_iter(container.clone())?;
                while let Some(next) = self.next_item(&iterator)? {
                    if next.is(item) || self.equals(&next, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            other => Err(Error::type_error(format!("argument of type '{}' is not iterable", other.type_name()))),
        }
    }

    fn sequence_contains(&mut self, items: &[Value], item: &Value) -> Result<bool> {
        for candidate in items {
            if candidate.is(item) || self.equals(candidate, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// An int index, or the TypeError a sequence of `kind` raises.
    pub(crate) fn index_value(&self, index: &Value, kind: &str) -> Result<i64> {
        match index {
            Value::Int(i) => Ok(*i),
            Value::Bool(b) => Ok(*b as i64),
            Value::BigInt(_) => Err(Error::index_error("cannot fit 'int' into an index-sized integer")),
            // str alone words this differently in 3.11.
            other if kind == "string" => {
                Err(Error::type_error(format!("string indices must be integers, not '{}'", other.type_name())))
            }
            other => {
                Err(Error::type_error(format!("{kind} indices must be integers or slices, not {}", other.type_name())))
            }
        }
    }

    /// A possibly negative index into a sequence of `length`, checked.
    fn sequence_index(&self, index: &Value, length: usize, kind: &str, what: &str) -> Result<usize> {
        let raw = self.index_value(index, kind)?;
        let adjusted = if raw < 0 { raw + length as i64 } else { raw };
        if adjusted < 0 || adjusted >= length as i64 {
            let message =
                if what.is_empty() { "index out of range".to_string() } else { format!("{what} index out of range") };
            return Err(Error::index_error(message));
        }
        Ok(adjusted as usize)
    }

    /// Python's slice.indices(length).
    pub(crate) fn slice_bounds(&self, slice: &crate::object::range::Slice, length: usize) -> Result<SliceBounds> {
        let as_bound = |value: &Value| -> Result<Option<i64>> {
            match value {
                Value::None => Ok(None),
                Value::Int(i) => Ok(Some(*i)),
                Value::Bool(b) => Ok(Some(*b as i64)),
                Value::BigInt(b) => {
                    Ok(Some(if b.sign() == num_bigint::Sign::Minus { i64::MIN / 2 } else { i64::MAX / 2 }))
                }
                _ => Err(Error::type_error("slice indices must be integers or None or have an __index__ method")),
            }
        };
        let step = as_bound(&slice.step)?.unwrap_or(1);
        if step == 0 {
            return Err(Error::value_error("slice step cannot be zero"));
        }
        let length = length as i64;
        let clamp = |bound: Option<i64>, default: i64| -> i64 {
            match bound {
                None => default,
                Some(value) => {
                    let value = if value < 0 { value + length } else { value };
                    if step > 0 { value.clamp(0, length) } else { value.clamp(-1, length - 1) }
                }
            }
        };
        let (start, stop) = if step > 0 {
            (clamp(as_bound(&slice.start)?, 0), clamp(as_bound(&slice.stop)?, length))
        } else {
            (clamp(as_bound(&slice.start)?, length - 1), clamp(as_bound(&slice.stop)?, -1))
        };
        let count = if step > 0 {
            if stop > start { (stop - start - 1) / step + 1 } else { 0 }
        } else if start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        Ok(SliceBounds { start, stop, step, length: count as usize })
    }

    /// `container[index]`
    pub(crate) fn get_item(&mut self, container: &Value, index: &Value) -> Result<Value> {
        if is_sequence(container) && matches!(index, Value::Instance(_) | Value::Slice(_)) {
            let index = self.index_operand(index)?;
            return self.get_item_of(container, &index);
        }
        self.get_item_of(container, index)
    }

    fn get_item_of(&mut self, container: &Value, index: &Value) -> Result<Value> {
        match (container, index) {
            (Value::List(list), Value::Slice(slice)) => {
                let items = list.items.borrow();
                let bounds = self.slice_bounds(slice, items.len())?;
                Ok(Value::list(bounds.indices().map(|i| items[i].clone()).collect()))
            }
            (Value::List(list), _) => {
                let items = list.items.borrow();
                let position = self.sequence_index(index, items.len(), "list", "list")?;
                Ok(items[position].clone())
            }
            (Value::Tuple(tuple), Value::Slice(slice)) => {
                let bounds = self.slice_bounds(slice, tuple.len())?;
                Ok(Value::tuple(bounds.indices().map(|i| tuple.items[i].clone()).collect()))
            }
            (Value::Tuple(tuple), _) => {
                let position = self.sequence_index(index, tuple.len(), "tuple", "tuple")?;
                Ok(tuple.items[position].clone())
            }
            (Value::Str(text), Value::Slice(slice)) => {
                let bounds = self.slice_bounds(slice, text.char_len())?;
                if bounds.step == 1 {
                    let end = (bounds.start as usize + bounds.length).min(text.char_len());
                    return Ok(Value::from_text(text.slice_chars(bounds.start as usize, end)));
                }
                let chars: Vec<char> = text.as_str().chars().collect();
                Ok(Value::from_string(bounds.indices().map(|i| chars[i]).collect()))
            }
            (Value::Str(text), _) => {
                let position = self.sequence_index(index, text.char_len(), "string", "string")?;
                let c = text.char_at(position).unwrap_or('\0');
                Ok(Value::from_string(c.to_string()))
            }
            (Value::Bytes(_) | Value::ByteArray(_), Value::Slice(slice)) => {
                let data = container.byte_content().unwrap_or_default();
                let bounds = self.slice_bounds(slice, data.len())?;
                Ok(new_bytes_like(container, bounds.indices().map(|i| data[i]).collect()))
            }
            (Value::Bytes(_) | Value::ByteArray(_), _) => {
                let data = container.byte_content().unwrap_or_default();
                let (kind, what) =
                    if matches!(container, Value::Bytes(_)) { ("byte", "") } else { ("bytearray", "bytearray") };
                let position = self.sequence_index(index, data.len(), kind, what)?;
                Ok(Value::Int(data[position] as i64))
            }
            (Value::Range(range), Value::Slice(slice)) => {
                let Some(length) = range.length().to_usize() else {
                    return Err(Error::overflow("Python int too large to convert to C ssize_t"));
                };
                let bounds = self.slice_bounds(slice, length)?;
                let [start, _, step] = range.bounds();
                let start = start + BigInt::from(bounds.start) * &step;
                let step = step * BigInt::from(bounds.step);
                let stop = &start + BigInt::from(bounds.length) * &step;
                Ok(Value::Range(Rc::new(Range::from_bigints(start, stop, step))))
            }
            (Value::Range(range), _) if range.is_big() => {
                let Some(position) = index.to_bigint() else {
                    return Err(self
                        .index_value(index, "range")
                        .err()
                        .unwrap_or_else(|| Error::type_error("bad index")));
                };
                let length = range.length();
                let adjusted = if position.sign() == num_bigint::Sign::Minus { position + &length } else { position };
                if adjusted.sign() == num_bigint::Sign::Minus || adjusted >= length {
                    return Err(Error::index_error("range object index out of range"));
                }
                Ok(Value::from_bigint(range.item_big(&adjusted)))
            }
            (Value::Range(range), _) => {
                let position = self.sequence_index(index, range.len(), "range", "range object")?;
                Ok(Value::Int(range.item(position)))
            }
            (Value::Dict(dict), _) => {
                let hash = self.hash(index)?;
                let found =
                    dict.get(index, hash, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
                found.ok_or_else(|| Error::key_error(index.clone()))
            }
            (Value::Class(class), _) if is_generic_alias_target(class) => Ok(container.clone()),
            (Value::Instance(_), _)
                if let Some(item) =
                    self.try_special(container, &self.names.getitem.clone(), std::slice::from_ref(index))? =>
            {
                Ok(item)
            }
            (other, _) => Err(Error::type_error(format!("'{}' object is not subscriptable", other.type_name()))),
        }
    }

    /// `container[index] = value`
    pub(crate) fn set_item(&mut self, container: &Value, index: Value, value: Value) -> Result<()> {
        let index = if is_sequence(container) { self.index_operand(&index)? } else { index };
        match container {
            Value::List(list) => {
                if let Value::Slice(slice) = &index {
                    let replacement = self.collect_iterable(value)?;
                    return self.list_assign_slice(list, slice, replacement);
                }
                let length = list.len();
                let position = self.index_value(&index, "list")?;
                let adjusted = if position < 0 { position + length as i64 } else { position };
                if adjusted < 0 || adjusted >= length as i64 {
                    return Err(Error::index_error("list assignment index out of range"));
                }
                list.items.borrow_mut()[adjusted as usize] = value;
                Ok(())
            }
            Value::Dict(_) => self.dict_set_item(container, index, value),
            Value::ByteArray(array) => {
                let length = array.data.borrow().len();
                if let Value::Slice(slice) = &index {
                    let replacement = match value.byte_content() {
                        Some(content) => content.into_owned(),
                        None if matches!(value, Value::Str(_) | Value::Int(_)) => {
                            return Err(Error::type_error(
                                "can assign only bytes, buffers, or iterables of ints in range(0, 256)".to_string(),
                            ));
                        }
                        None => self.collect_iterable(value)?.iter().map(byte_value).collect::<Result<Vec<u8>>>()?,
                    };
                    let bounds = self.slice_bounds(slice, length)?;
                    let mut data = array.data.borrow_mut();
                    if bounds.step == 1 {
                        let start = bounds.start as usize;
                        let stop = (bounds.stop.max(bounds.start) as usize).min(data.len());
                        data.splice(start..stop, replacement);
                        return Ok(());
                    }
                    if replacement.len() != bounds.length {
                        return Err(Error::value_error(format!(
                            "attempt to assign bytes of size {} to extended slice of size {}",
                            replacement.len(),
                            bounds.length
                        )));
                    }
                    for (position, byte) in bounds.indices().zip(replacement) {
                        data[position] = byte;
                    }
                    return Ok(());
                }
                let position = self.index_value(&index, "bytearray")?;
                let adjusted = if position < 0 { position + length as i64 } else { position };
                if adjusted < 0 || adjusted >= length as i64 {
                    return Err(Error::index_error("bytearray index out of range"));
                }
                let byte = byte_value(&value)?;
                array.data.borrow_mut()[adjusted as usize] = byte;
                Ok(())
            }
            Value::Instance(_)
                if self
                    .try_special(container, &self.names.setitem.clone(), &[index.clone(), value.clone()])?
                    .is_some() =>
            {
                Ok(())
            }
            other => Err(Error::type_error(format!("'{}' object does not support item assignment", other.type_name()))),
        }
    }

    fn list_assign_slice(
        &mut self,
        list: &Rc<List>,
        slice: &crate::object::range::Slice,
        replacement: Vec<Value>,
    ) -> Result<()> {
        let length = list.len();
        let bounds = self.slice_bounds(slice, length)?;
        let mut items = list.items.borrow_mut();
        if bounds.step == 1 {
            let start = bounds.start as usize;
            let stop = (bounds.stop.max(bounds.start)) as usize;
            let end = stop.min(items.len());
            items.splice(start..end, replacement);
            return Ok(());
        }
        if replacement.len() != bounds.length {
            return Err(Error::value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                replacement.len(),
                bounds.length
            )));
        }
        let positions: Vec<usize> = bounds.indices().collect();
        for (position, value) in positions.into_iter().zip(replacement) {
            items[position] = value;
        }
        Ok(())
    }

    /// `del container[index]`
    pub(crate) fn delete_item(&mut self, container: &Value, index: &Value) -> Result<()> {
        let converted;
        let index = if is_sequence(container) {
            converted = self.index_operand(index)?;
            &converted
        } else {
            index
        };
        match container {
            Value::List(list) => {
                if let Value::Slice(slice) = index {
                    let bounds = self.slice_bounds(slice, list.len())?;
                    let remove: std::collections::HashSet<usize> = bounds.indices().collect();
                    let mut position = 0;
                    list.items.borrow_mut().retain(|_| {
                        let keep = !remove.contains(&position);
                        position += 1;
                        keep
                    });
                    return Ok(());
                }
                let length = list.len();
                let position = self.index_value(index, "list")?;
                let adjusted = if position < 0 { position + length as i64 } else { position };
                if adjusted < 0 || adjusted >= length as i64 {
                    return Err(Error::index_error("list assignment index out of range"));
                }
                list.items.borrow_mut().remove(adjusted as usize);
                Ok(())
            }
            Value::ByteArray(array) => {
                let length = array.data.borrow().len();
                if let Value::Slice(slice) = index {
                    let bounds = self.slice_bounds(slice, length)?;
                    let remove: std::collections::HashSet<usize> = bounds.indices().collect();
                    let mut position = 0;
                    array.data.borrow_mut().retain(|_| {
                        let keep = !remove.contains(&position);
                        position += 1;
                        keep
                    });
                    return Ok(());
                }
                let position = self.index_value(index, "bytearray")?;
                let adjusted = if position < 0 { position + length as i64 } else { position };
                if adjusted < 0 || adjusted >= length as i64 {
                    return Err(Error::index_error("bytearray index out of range"));
                }
                array.data.borrow_mut().remove(adjusted as usize);
                Ok(())
            }
            Value::Dict(dict) => {
                let hash = self.hash(index)?;
                let removed =
                    dict.remove(index, hash, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
                match removed {
                    Some(_) => Ok(()),
                    None => Err(Error::key_error(index.clone())),
                }
            }
            Value::Instance(_)
                if self.try_special(container, &self.names.delitem.clone(), std::slice::from_ref(index))?.is_some() =>
            {
                Ok(())
            }
            other => Err(Error::type_error(format!("'{}' object doesn't support item deletion", other.type_name()))),
        }
    }

    // ------------------------------------------------------------ building

    pub(crate) fn new_set(&mut self, items: Vec<Value>) -> Result<Value> {
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            let hash = self.hash(&item)?;
            entries.push((item, hash));
        }
        let table =
            SetTable::from_entries(entries, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
        Ok(Value::Set(Rc::new(Set::new(table))))
    }

    /// `{k1: v1, ...}` from alternating keys and values.
    pub(crate) fn build_map(&mut self, items: Vec<Value>) -> Result<Value> {
        let mut table = DictTable::with_capacity(items.len() / 2);
        let mut items = items.into_iter();
        while let (Some(key), Some(value)) = (items.next(), items.next()) {
            let hash = self.hash(&key)?;
            table.insert(key, hash, value, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
        }
        Ok(Value::Dict(Rc::new(Dict::from_table(table))))
    }

    pub(crate) fn new_dict_from_pairs(&mut self, pairs: Vec<(Value, Value)>) -> Result<Value> {
        let mut table = DictTable::with_capacity(pairs.len());
        for (key, value) in pairs {
            let hash = self.hash(&key)?;
            table.insert(key, hash, value, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
        }
        Ok(Value::Dict(Rc::new(Dict::from_table(table))))
    }

    pub(crate) fn set_add(&mut self, set: &Value, item: Value) -> Result<()> {
        let hash = self.hash(&item)?;
        if let Value::Set(set) = set {
            set.insert(item, hash, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
        }
        Ok(())
    }

    pub(crate) fn dict_set_item(&mut self, dict: &Value, key: Value, value: Value) -> Result<()> {
        let hash = self.hash(&key)?;
        if let Value::Dict(dict) = dict {
            dict.insert(key, hash, value, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))?;
        }
        Ok(())
    }

    pub(crate) fn list_extend(&mut self, list: &Value, iterable: Value) -> Result<()> {
        let items = match &iterable {
            Value::List(other) => other.snapshot(),
            Value::Tuple(tuple) => tuple.items.to_vec(),
            _ => self.collect_iterable(iterable)?,
        };
        if let Value::List(list) = list {
            list.items.borrow_mut().extend(items);
        }
        Ok(())
    }

    pub(crate) fn set_update(&mut self, set: &Value, iterable: Value) -> Result<()> {
        if let (Value::Set(target), Value::Set(source) | Value::FrozenSet(source)) = (set, &iterable) {
            if Rc::ptr_eq(target, source) {
                return Ok(());
            }
            let source = source.snapshot();
            return target.update_with(|table| {
                table.update(&source, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))
            });
        }
        let items = self.collect_iterable(iterable)?;
        let mut entries = Vec::with_capacity(items.len());
        for item in items {
            let hash = self.hash(&item)?;
            entries.push((item, hash));
        }
        if let Value::Set(set) = set {
            set.update_with(|table| {
                table.update_entries(entries, &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b))
            })?;
        }
        Ok(())
    }

    /// `dict.update(mapping)`; when merging keyword arguments for a call
    /// to `callee`, the `f(**a, **b)` rule that a keyword comes only once.
    pub(crate) fn dict_update(&mut self, dict: &Value, mapping: Value, callee: Option<&Value>) -> Result<()> {
        let reject_duplicates = callee.is_some();
        let pairs: Vec<(Value, Value)> = match &mapping {
            Value::Dict(source) => source.table.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Value::Instance(instance) if let Some(Value::Dict(source)) = instance.builtin_value() => {
                source.table.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
            }
            other => {
                if let Some(callee) = callee {
                    return Err(Error::type_error(format!(
                        "{} argument after ** must be a mapping, not {}",
                        self.function_description(callee),
                        other.type_name()
                    )));
                }
                let mut pairs = Vec::new();
                for item in self.collect_iterable(other.clone())? {
                    if !self.is_iterable(&item) {
                        return Err(Error::type_error(format!(
                            "cannot convert dictionary update sequence element #{} to a sequence",
                            pairs.len()
                        )));
                    }
                    let pair = self.collect_iterable(item)?;
                    if pair.len() != 2 {
                        return Err(Error::value_error(format!(
                            "dictionary update sequence element #{} has length {}; 2 is required",
                            pairs.len(),
                            pair.len()
                        )));
                    }
                    let mut pair = pair.into_iter();
                    pairs.push((pair.next().unwrap_or(Value::None), pair.next().unwrap_or(Value::None)));
                }
                pairs
            }
        };
        let Value::Dict(target) = dict else { return Ok(()) };
        for (key, value) in pairs {
            let hash = self.hash(&key)?;
            let eq = &mut |a: &Value, b: &Value| compare::identical_or_equal(self, a, b);
            if reject_duplicates {
                if !matches!(key, Value::Str(_)) {
                    return Err(Error::type_error("keywords must be strings"));
                }
                if target.contains(&key, hash, eq)? {
                    let callee = callee.cloned().unwrap_or(Value::None);
                    return Err(Error::type_error(format!(
                        "{} got multiple values for keyword argument '{}'",
                        self.function_description(&callee),
                        key.as_str().unwrap_or("")
                    )));
                }
            }
            target.insert(key, hash, value, eq)?;
        }
        Ok(())
    }

    /// `a, b = sequence`
    pub(crate) fn unpack_sequence(&mut self, sequence: Value, count: usize) -> Result<()> {
        let items = match &sequence {
            Value::Tuple(tuple) if tuple.len() == count => tuple.items.to_vec(),
            Value::List(list) if list.len() == count => list.snapshot(),
            _ => {
                let iterator = self.get_iter(sequence.clone()).map_err(|_| {
                    Error::type_error(format!("cannot unpack non-iterable {} object", sequence.type_name()))
                })?;
                let mut items = Vec::with_capacity(count);
                while let Some(item) = self.next_item(&iterator)? {
                    if items.len() == count {
                        return Err(Error::value_error(format!("too many values to unpack (expected {count})")));
                    }
                    items.push(item);
                }
                if items.len() < count {
                    return Err(Error::value_error(format!(
                        "not enough values to unpack (expected {count}, got {})",
                        items.len()
                    )));
                }
                items
            }
        };
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }

    /// `a, *b, c = sequence`
    pub(crate) fn unpack_starred(&mut self, sequence: Value, before: usize, after: usize) -> Result<()> {
        let items = match self.collect_iterable(sequence.clone()) {
            Ok(items) => items,
            Err(error) if error.is_instance_of(ExcKind::TypeError) && self.get_iter(sequence.clone()).is_err() => {
                return Err(Error::type_error(format!("cannot unpack non-iterable {} object", sequence.type_name())));
            }
            Err(error) => return Err(error),
        };
        if items.len() < before + after {
            return Err(Error::value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            )));
        }
        let mut items = items;
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(before);
        self.stack.extend(tail.into_iter().rev());
        self.stack.push(Value::list(middle));
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }

    // ------------------------------------------------------------ raise

    /// What `raise`, `raise exc` and `raise exc from cause` raise.
    pub(crate) fn raise_statement(&mut self, form: RaiseForm) -> std::result::Result<Rc<ExceptionObject>, Reraise> {
        let cause = if form == RaiseForm::RaiseFrom { Some(self.pop()) } else { None };
        if form == RaiseForm::Reraise {
            return match self.current_handled() {
                Some(exception) => Err(Reraise(exception)),
                None => Ok(self.new_exception(ExcKind::RuntimeError, "No active exception to reraise")),
            };
        }
        let raised = self.pop();
        let exception = match self.exception_from(raised) {
            Ok(exception) => exception,
            Err(error) => return Ok(error),
        };
        if let Some(cause) = cause {
            let cause = match cause {
                Value::None => Value::None,
                other => match self.exception_from(other) {
                    Ok(cause) => Value::Exception(cause),
                    Err(_) => {
                        return Ok(
                            self.new_exception(ExcKind::TypeError, "exception causes must derive from BaseException")
                        );
                    }
                },
            };
            *exception.cause.borrow_mut() = cause;
            exception.suppress_context.set(true);
        }
        self.chain_context(&exception);
        Ok(exception)
    }

    /// An exception instance from `raise X` (instance, or class to call).
    fn exception_from(&mut self, value: Value) -> std::result::Result<Rc<ExceptionObject>, Rc<ExceptionObject>> {
        match value {
            Value::Exception(exception) => Ok(exception),
            Value::Class(class) if super::call::is_exception_class(&class) => {
                match self.instantiate(&class, Vec::new(), &[]) {
                    Ok(Value::Exception(exception)) => Ok(exception),
                    Ok(_) => Err(self.new_exception(ExcKind::TypeError, "exceptions must derive from BaseException")),
                    Err(error) => Err(self.materialize(error)),
                }
            }
            _ => Err(self.new_exception(ExcKind::TypeError, "exceptions must derive from BaseException")),
        }
    }

    // ------------------------------------------------------------ attributes

    /// `object.name`
    pub fn get_attribute(&mut self, object: &Value, name: &Rc<Str>) -> Result<Value> {
        // An AttributeError on its way out records what was looked up
        // where, for the traceback's "Did you mean".
        let error = match self.find_attribute(object, name) {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => match self.attribute_fallback(object, name) {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => self.attribute_error(object, name),
                Err(error) => error,
            },
            Err(error) => error,
        };
        Err(self.record_attribute_error(error, object, name))
    }

    pub(crate) fn attribute_error(&self, object: &Value, name: &Str) -> Error {
        let name = name.as_str();
        match object {
            Value::Module(module) => {
                if self.module_is_initializing(&module.name) {
                    Error::attribute_error(format!(
                        "partially initialized module '{}' has no attribute '{name}' \
                         (most likely due to a circular import)",
                        module.name
                    ))
                } else {
                    Error::attribute_error(format!("module '{}' has no attribute '{name}'", module.name))
                }
            }
            Value::Class(class) => {
                Error::attribute_error(format!("type object '{}' has no attribute '{name}'", class.name()))
            }
            other => Error::attribute_error(format!("'{}' object has no attribute '{name}'", other.type_name())),
        }
    }

    /// The attribute, or None when there is none (an error is a real error).
    pub(crate) fn find_attribute(&mut self, object: &Value, name: &Rc<Str>) -> Result<Option<Value>> {
        let text = name.as_str();
        match object {
            Value::Instance(instance) => {
                if let Some(view) = instance.native::<crate::object::instance::Super>() {
                    // Then the super object's own (`__class__`, `__thisclass__`).
                    if let Some(value) = self.super_attribute(view, name)? {
                        return Ok(Some(value));
                    }
                    match text {
                        "__thisclass__" => return Ok(Some(Value::Class(view.class.clone()))),
                        "__self__" => return Ok(Some(view.receiver.clone())),
                        "__self_class__" => {
                            return Ok(Some(match &view.receiver {
                                Value::Class(class) => Value::Class(class.clone()),
                                other => Value::Class(self.class_of(other)),
                            }));
                        }
                        _ => {}
                    }
                } else if let Some(value) = self.instance_attribute(instance, object, name)? {
                    return Ok(Some(value));
                }
                let native = match text {
                    "__dict__" if instance.native.is_none() || instance.class.is_user_defined => {
                        Some(Value::Dict(instance.attributes.clone()))
                    }
                    _ => instance
                        .native::<crate::object::instance::Descriptor>()
                        .and_then(|state| crate::builtins::descriptor_attribute(state, text)),
                };
                if native.is_some() {
                    return Ok(native);
                }
                // The data attributes of the builtin value (`int.real`).
                if let Some(value) = instance.builtin_value()
                    && !text.starts_with("__")
                {
                    return self.find_attribute(&value.clone(), name);
                }
            }
            Value::Module(module) => {
                if let Some(value) = module.globals.get_str(name) {
                    return Ok(Some(value));
                }
                return self.module_attribute_fallback(module, name);
            }
            Value::Class(class) => return Ok(self.class_attribute(class, name)),
            Value::Function(function) => {
                if let Some(value) = function.attributes.borrow().get_str(name) {
                    return Ok(Some(value.clone()));
                }
                let code = &function.code;
                let special = match text {
                    "__name__" => Some(Value::Str(code.name.clone())),
                    "__qualname__" => Some(Value::Str(code.qualname.clone())),
                    "__doc__" => Some(code.docstring.clone()),
                    "__module__" => function.globals.get_str(&self.intern("__name__")),
                    "__defaults__" => Some(if function.defaults.is_empty() {
                        Value::None
                    } else {
                        Value::tuple(function.defaults.clone())
                    }),
                    "__dict__" => Some(Value::Dict(Rc::new(Dict::from_table(function.attributes.borrow().clone())))),
                    _ => None,
                };
                if special.is_some() {
                    return Ok(special);
                }
            }
            Value::Native(native) => match text {
                "__name__" => return Ok(Some(Value::from_text(native.name))),
                "__qualname__" => return Ok(Some(Value::from_string(native.qualified_name()))),
                _ => {}
            },
            Value::BoundMethod(method) => match text {
                "__self__" => return Ok(Some(method.receiver.clone())),
                "__func__" => return Ok(Some(method.function.clone())),
                _ => return self.find_attribute(&method.function.clone(), name),
            },
            Value::Exception(exception) => {
                if let Some(value) = exception.attributes.borrow().get_str(name) {
                    return Ok(Some(value.clone()));
                }
                let special = match text {
                    "args" => Some(exception.args()),
                    "__cause__" => Some(exception.cause.borrow().clone()),
                    "__context__" => Some(exception.context.borrow().clone()),
                    "__suppress_context__" => Some(Value::Bool(exception.suppress_context.get())),
                    // Scripts get no traceback objects to walk, only one that
                    // says whether the exception was raised.
                    "__traceback__" => Some(self.exception_traceback_value(object)),
                    // Attributes every OSError has, None until set.
                    field
                        if crate::builtins::OS_ERROR_FIELDS.contains(&field)
                            && exception.class.is_builtin_exception_subclass(ExcKind::OSError) =>
                    {
                        Some(Value::None)
                    }
                    // What an AttributeError or NameError was looking for,
                    // None until recorded (see `suggestions.rs`).
                    "name"
                        if exception.class.is_builtin_exception_subclass(ExcKind::AttributeError)
                            || exception.class.is_builtin_exception_subclass(ExcKind::NameError) =>
                    {
                        Some(Value::None)
                    }
                    "obj" if exception.class.is_builtin_exception_subclass(ExcKind::AttributeError) => {
                        Some(Value::None)
                    }
                    "code" if exception.class.is_builtin_exception_subclass(ExcKind::SystemExit) => {
                        Some(match &exception.args() {
                            Value::Tuple(args) if args.len() == 1 => args.items[0].clone(),
                            Value::Tuple(args) if args.is_empty() => Value::None,
                            other => other.clone(),
                        })
                    }
                    "value" if exception.class.is_builtin_exception_subclass(ExcKind::StopIteration) => {
                        Some(match &exception.args() {
                            Value::Tuple(args) if !args.is_empty() => args.items[0].clone(),
                            _ => Value::None,
                        })
                    }
                    _ => None,
                };
                if special.is_some() {
                    return Ok(special);
                }
            }
            Value::Generator(generator) => {
                use crate::object::generator::{FrameObject, GeneratorState};
                let state = generator.state.borrow();
                // A coroutine's attributes are a generator's, named `cr_`.
                let text = match text.strip_prefix(if generator.is_coroutine() { "cr_" } else { "gi_" }) {
                    Some("running") => "gi_running",
                    Some("suspended") => "gi_suspended",
                    Some("frame") => "gi_frame",
                    Some("await" | "yieldfrom") => "gi_yieldfrom",
                    Some(_) => "",
                    None if text.starts_with("gi_") || text.starts_with("cr_") => "",
                    None => text,
                };
                let special = match text {
                    "gi_running" => Some(Value::Bool(matches!(*state, GeneratorState::Running))),
                    "gi_suspended" => {
                        Some(Value::Bool(matches!(&*state, GeneratorState::Suspended(frame) if frame.started)))
                    }
                    "gi_frame" => Some(match &*state {
                        GeneratorState::Suspended(frame) => Value::Frame(Rc::new(FrameObject {
                            function: frame.function.clone(),
                            line: if frame.started { frame.line() } else { frame.function.code.first_line },
                        })),
                        GeneratorState::Running => Value::Frame(Rc::new(FrameObject {
                            function: generator.function.clone(),
                            line: generator.function.code.first_line,
                        })),
                        GeneratorState::Finished => Value::None,
                    }),
                    "gi_yieldfrom" => Some(match &*state {
                        GeneratorState::Suspended(frame) => frame.delegate().cloned().unwrap_or(Value::None),
                        _ => Value::None,
                    }),
                    "__name__" => Some(Value::Str(generator.function.code.name.clone())),
                    "__qualname__" => Some(Value::Str(generator.function.code.qualname.clone())),
                    _ => None,
                };
                if special.is_some() {
                    return Ok(special);
                }
            }
            Value::Frame(frame) => match text {
                "f_lineno" => return Ok(Some(Value::Int(frame.line as i64))),
                "f_globals" => return Ok(Some(Value::Dict(frame.function.globals.clone()))),
                _ => {}
            },
            Value::Slice(slice) => match text {
                "start" => return Ok(Some(slice.start.clone())),
                "stop" => return Ok(Some(slice.stop.clone())),
                "step" => return Ok(Some(slice.step.clone())),
                _ => {}
            },
            Value::Range(range) => match text {
                "start" => return Ok(Some(range.start_value())),
                "stop" => return Ok(Some(range.stop_value())),
                "step" => return Ok(Some(range.step_value())),
                _ => {}
            },
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => match text {
                "real" | "numerator" => return Ok(Some(int_of(object))),
                "imag" => return Ok(Some(Value::Int(0))),
                "denominator" => return Ok(Some(Value::Int(1))),
                _ => {}
            },
            Value::Float(f) => match text {
                "real" => return Ok(Some(Value::Float(*f))),
                "imag" => return Ok(Some(Value::Float(0.0))),
                _ => {}
            },
            _ => {}
        }
        if text == "__class__" {
            return Ok(Some(Value::Class(self.class_of(object))));
        }
        match self.class_of(object).lookup(name) {
            Some(attribute) => self.bind_class_attribute(attribute, object, name).map(Some),
            None => Ok(None),
        }
    }

    /// Attributes of a class object: its own and its bases', and the
    /// special ones every class has.
    fn class_attribute(&mut self, class: &Rc<Class>, name: &Rc<Str>) -> Option<Value> {
        match name.as_str() {
            // A builtin type's name may carry its module ("_io.FileIO"),
            // as CPython's C types do; `__name__` is the last part.
            "__name__" | "__qualname__" if !class.is_user_defined => {
                let name = class.name();
                return Some(Value::from_text(name.rsplit('.').next().unwrap_or(name)));
            }
            "__name__" => return Some(Value::from_text(class.name())),
            "__qualname__" => return Some(Value::from_text(&class.qualname)),
            "__dict__" => return Some(Value::Dict(Rc::new(Dict::from_table(class.dict.borrow().clone())))),
            "__mro__" => {
                let mut mro = vec![Value::Class(class.clone())];
                mro.extend(class.mro.iter().map(|c| Value::Class(c.clone())));
                return Some(Value::tuple(mro));
            }
            "__bases__" => return Some(Value::tuple(class.bases.iter().map(|c| Value::Class(c.clone())).collect())),
            "__base__" => return Some(class.bases.first().map_or(Value::None, |c| Value::Class(c.clone()))),
            "__module__" => return Some(Value::from_text(&class.module)),
            "__doc__" => return Some(class.lookup(name).unwrap_or(Value::None)),
            _ => {}
        }
        if let Some(value) = class.lookup(name) {
            return Some(self.class_attribute_through_class(value, class));
        }
        // Class objects are instances of `type` too (`int.mro()`).
        let metaclass = self.types.type_.clone();
        metaclass.lookup(name).map(|attribute| match attribute {
            Value::Native(_) => {
                Value::BoundMethod(Rc::new(BoundMethod { receiver: Value::Class(class.clone()), function: attribute }))
            }
            other => other,
        })
    }

    /// `LoadMethod`: pushes `[function, object]` for a method found on the
    /// type (no bound method is made), else `[attribute, NULL]`.
    pub(crate) fn load_method(&mut self, object: Value, name: &Rc<Str>) -> Result<()> {
        if let Value::Instance(instance) = &object
            && let Some(method @ Value::Function(_)) = instance.class.lookup(name)
            && instance.attributes.get_str(name).is_none()
        {
            self.stack.push(method);
            self.stack.push(object);
            return Ok(());
        }
        let plain_value = !matches!(
            object,
            Value::Module(_)
                | Value::Class(_)
                | Value::Function(_)
                | Value::Exception(_)
                | Value::BoundMethod(_)
                | Value::Instance(_)
        );
        if plain_value {
            let class = self.class_of(&object);
            if let Some(method @ Value::Native(_)) = class.lookup(name) {
                self.stack.push(method);
                self.stack.push(object);
                return Ok(());
            }
        }
        let attribute = self.get_attribute(&object, name)?;
        self.stack.push(attribute);
        self.stack.push(Value::Null);
        Ok(())
    }

    /// `object.name = value`
    pub fn set_attribute(&mut self, object: &Value, name: &Rc<Str>, value: Value) -> Result<()> {
        match object {
            Value::Function(function) => {
                function.attributes.borrow_mut().insert_str(name, value);
                Ok(())
            }
            Value::Exception(exception) => {
                match name.as_str() {
                    "__cause__" => {
                        *exception.cause.borrow_mut() = value;
                        exception.suppress_context.set(true);
                    }
                    "__context__" => *exception.context.borrow_mut() = value,
                    "__suppress_context__" => exception.suppress_context.set(matches!(value, Value::Bool(true))),
                    "args" => {
                        let items = self.collect_iterable(value)?;
                        *exception.args.borrow_mut() = Value::tuple(items);
                    }
                    _ => {
                        exception.attributes.borrow_mut().insert_str(name, value);
                    }
                }
                Ok(())
            }
            Value::Module(module) => {
                module.globals.set_str(name, value);
                Ok(())
            }
            Value::Instance(instance) => self.set_instance_attribute(instance, object, name, value),
            Value::Class(class) if class.is_user_defined => {
                class.set_attribute(name, value);
                Ok(())
            }
            Value::Class(class) => Err(Error::type_error(format!(
                "cannot set '{}' attribute of immutable type '{}'",
                name.as_str(),
                class.name()
            ))),
            other => {
                let class = self.class_of(other);
                if class.lookup(name).is_some() {
                    Err(Error::attribute_error(format!(
                        "'{}' object attribute '{}' is read-only",
                        other.type_name(),
                        name.as_str()
                    )))
                } else {
                    Err(Error::attribute_error(format!(
                        "'{}' object has no attribute '{}'",
                        other.type_name(),
                        name.as_str()
                    )))
                }
            }
        }
    }

    /// `del object.name`
    pub fn delete_attribute(&mut self, object: &Value, name: &Rc<Str>) -> Result<()> {
        let removed = match object {
            Value::Instance(instance) => return self.delete_instance_attribute(instance, object, name),
            Value::Class(class) if class.is_user_defined => class.delete_attribute(name),
            Value::Function(function) => function.attributes.borrow_mut().remove_str(name).is_some(),
            Value::Exception(exception) => exception.attributes.borrow_mut().remove_str(name).is_some(),
            Value::Module(module) => module.globals.table.borrow_mut().remove_str(name).is_some(),
            _ => false,
        };
        if removed { Ok(()) } else { Err(self.attribute_error(object, name)) }
    }

    // ------------------------------------------------------------ formatting

    /// `f"{value!conversion:spec}"`
    pub(crate) fn format_field(&mut self, value: Value, conversion: Conversion, spec: Option<Value>) -> Result<Value> {
        let value = match conversion {
            Conversion::None => value,
            Conversion::Str => Value::from_string(self.to_str(&value)?),
            Conversion::Repr => Value::from_string(self.repr(&value)?),
            Conversion::Ascii => Value::from_string(super::text::ascii_escape(&self.repr(&value)?)),
        };
        let spec = match &spec {
            Some(Value::Str(spec)) => spec.as_str(),
            _ => "",
        };
        if spec.is_empty()
            && let Value::Str(_) = value
        {
            return Ok(value);
        }
        self.format(&value, spec).map(Value::from_string)
    }
}

/// Whether indexing the value takes integers and slices.
fn is_sequence(value: &Value) -> bool {
    matches!(
        value,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::ByteArray(_) | Value::Range(_)
    )
}

/// Exceptions for `X[...]` on classes (`list[int]` in annotations).
fn is_generic_alias_target(class: &Class) -> bool {
    matches!(class.name(), "list" | "dict" | "tuple" | "set" | "frozenset" | "type")
}

fn int_of(value: &Value) -> Value {
    match value {
        Value::Bool(b) => Value::Int(*b as i64),
        other => other.clone(),
    }
}

/// "unsupported operand type(s) for +: 'int' and 'str'"
pub(crate) fn unsupported_operands(op: BinaryOp, left: &Value, right: &Value) -> Error {
    let symbol = if op == BinaryOp::Pow { "** or pow()" } else { op.symbol() };
    Error::type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        left.type_name(),
        right.type_name()
    ))
}

fn unsupported_inplace(op: BinaryOp, left: &Value, right: &Value) -> Error {
    let symbol = if op == BinaryOp::Pow { "**=".to_string() } else { format!("{}=", op.symbol()) };
    Error::type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        left.type_name(),
        right.type_name()
    ))
}

fn is_unsupported(error: &Error) -> bool {
    match error {
        Error::Builtin(ExcKind::TypeError, Value::Str(message)) => message.as_str().starts_with("unsupported operand"),
        _ => false,
    }
}

/// First position of `needle` in `haystack` at or after `from`.
pub(crate) fn find_bytes(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= haystack.len()).then_some(from);
    }
    haystack.get(from..)?.windows(needle.len()).position(|window| window == needle).map(|p| p + from)
}

/// A new bytes or bytearray, the same type as `like`.
pub(crate) fn new_bytes_like(like: &Value, data: Vec<u8>) -> Value {
    match like {
        Value::ByteArray(_) => Value::ByteArray(Rc::new(crate::object::bytes::ByteArray::new(data))),
        _ => Value::Bytes(Rc::new(Bytes::new(data))),
    }
}

/// An int that must be a byte value.
pub(crate) fn byte_value(value: &Value) -> Result<u8> {
    match value {
        Value::Int(byte) if (0..256).contains(byte) => Ok(*byte as u8),
        Value::Bool(flag) => Ok(*flag as u8),
        Value::Int(_) | Value::BigInt(_) => Err(Error::value_error("byte must be in range(0, 256)")),
        other => Err(Error::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}
