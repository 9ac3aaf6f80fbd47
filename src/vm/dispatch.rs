//! The dispatch loop: runs instructions of the innermost frame until the
//! entry frame returns. Calls and returns switch frames without recursing;
//! an error unwinds to the innermost handler through the exception tables.

use std::rc::Rc;

use super::{Frame, Vm};
use crate::bytecode::*;
use crate::error::{Error, Result};
use crate::object::dict::Dict;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::{CellObject, Function};
use crate::object::iterator::IterState;
use crate::object::number::small_int_op;
use crate::object::string::Str;
use crate::value::Value;

impl Vm {
    /// Runs until the entry frame on top of the frame stack returns, and
    /// gives back its return value (or the exception that escaped it).
    pub(crate) fn execute(&mut self) -> Result<Value> {
        'frames: loop {
            let Some(frame) = self.frames.last() else {
                return Ok(Value::None);
            };
            let code = frame.code.clone();
            let globals = frame.globals.clone();
            let base = frame.base;
            let mut ip = frame.ip;
            let ops: &[Op] = &code.ops;
            loop {
                let op = ops[ip];
                ip += 1;
                let outcome: Result<()> = match op {
                    Op::LoadLocal(Slot(slot)) => {
                        let value = &self.stack[base + slot as usize];
                        if !value.is_null() {
                            let value = value.clone();
                            self.stack.push(value);
                            continue;
                        }
                        Err(unbound_local(&code, slot))
                    }
                    Op::StoreLocal(Slot(slot)) => {
                        let value = self.pop();
                        self.stack[base + slot as usize] = value;
                        continue;
                    }
                    Op::LoadConst(ConstIndex(index)) => {
                        self.stack.push(code.constants[index as usize].clone());
                        continue;
                    }
                    Op::LoadGlobal(NameIndex(index)) => {
                        let name = &code.names[index as usize];
                        match self.load_global(&globals, name) {
                            Some(value) => {
                                self.stack.push(value);
                                continue;
                            }
                            None => Err(Error::name_error(name.as_str())),
                        }
                    }
                    Op::StoreGlobal(NameIndex(index)) => {
                        let value = self.pop();
                        globals.table.borrow_mut().insert_str(&code.names[index as usize], value);
                        continue;
                    }
                    Op::Binary(op) => {
                        let right = self.pop();
                        let left = self.top_mut();
                        if let (Value::Int(a), Value::Int(b)) = (&*left, &right) {
                            if let Some(result) = small_int_op(op, *a, *b) {
                                *left = result;
                                continue;
                            }
                        }
                        let left = self.pop();
                        self.binary_op(op, left, right).map(|value| self.stack.push(value))
                    }
                    Op::InPlace(op) => {
                        let right = self.pop();
                        let left = self.top_mut();
                        if let (Value::Int(a), Value::Int(b)) = (&*left, &right) {
                            if let Some(result) = small_int_op(op, *a, *b) {
                                *left = result;
                                continue;
                            }
                        }
                        let left = self.pop();
                        self.inplace_op(op, left, right).map(|value| self.stack.push(value))
                    }
                    Op::Compare(comparison) => {
                        let right = self.pop();
                        let left = self.top_mut();
                        if let (Value::Int(a), Value::Int(b)) = (&*left, &right) {
                            let result = match comparison {
                                Comparison::Lt => a < b,
                                Comparison::Le => a <= b,
                                Comparison::Eq => a == b,
                                Comparison::Ne => a != b,
                                Comparison::Gt => a > b,
                                Comparison::Ge => a >= b,
                            };
                            *left = Value::Bool(result);
                            continue;
                        }
                        let left = self.pop();
                        self.compare_op(&left, &right, comparison).map(|value| self.stack.push(value))
                    }
                    Op::PopJumpIfFalse(Target(target)) => match self.pop() {
                        Value::Bool(truth) => {
                            if !truth {
                                ip = target as usize;
                            }
                            continue;
                        }
                        other => self.is_true(&other).map(|truth| {
                            if !truth {
                                ip = target as usize;
                            }
                        }),
                    },
                    Op::PopJumpIfTrue(Target(target)) => match self.pop() {
                        Value::Bool(truth) => {
                            if truth {
                                ip = target as usize;
                            }
                            continue;
                        }
                        other => self.is_true(&other).map(|truth| {
                            if truth {
                                ip = target as usize;
                            }
                        }),
                    },
                    Op::Jump(Target(target)) => {
                        ip = target as usize;
                        continue;
                    }
                    Op::JumpIfFalseOrPop(Target(target)) => {
                        let top = self.top().clone();
                        self.is_true(&top).map(|truth| {
                            if truth {
                                self.stack.pop();
                            } else {
                                ip = target as usize;
                            }
                        })
                    }
                    Op::JumpIfTrueOrPop(Target(target)) => {
                        let top = self.top().clone();
                        self.is_true(&top).map(|truth| {
                            if truth {
                                ip = target as usize;
                            } else {
                                self.stack.pop();
                            }
                        })
                    }
                    Op::ForIter(Target(target)) => {
                        if let Value::Iterator(iterator) = self.top() {
                            // Ranges and lists step without a call.
                            let mut state = iterator.state.borrow_mut();
                            match &mut *state {
                                IterState::Range { next, remaining, step } => {
                                    if *remaining > 0 {
                                        let value = *next;
                                        *remaining -= 1;
                                        *next = next.wrapping_add(*step);
                                        drop(state);
                                        self.stack.push(Value::Int(value));
                                    } else {
                                        drop(state);
                                        self.stack.pop();
                                        ip = target as usize;
                                    }
                                    continue;
                                }
                                IterState::List { list, index } => {
                                    let item = list.items.borrow().get(*index).cloned();
                                    match item {
                                        Some(item) => {
                                            *index += 1;
                                            drop(state);
                                            self.stack.push(item);
                                        }
                                        None => {
                                            *state = IterState::Exhausted;
                                            drop(state);
                                            self.stack.pop();
                                            ip = target as usize;
                                        }
                                    }
                                    continue;
                                }
                                _ => {}
                            }
                        }
                        let iterator = self.top().clone();
                        self.frames.last_mut().expect("running frame").ip = ip;
                        match self.next_item(&iterator) {
                            Ok(Some(item)) => {
                                self.stack.push(item);
                                continue;
                            }
                            Ok(None) => {
                                self.stack.pop();
                                ip = target as usize;
                                continue;
                            }
                            Err(error) => Err(error),
                        }
                    }
                    Op::Call(count) => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        match self.call_from_stack(count as usize) {
                            Ok(true) => continue 'frames,
                            Ok(false) => continue,
                            Err(error) => Err(error),
                        }
                    }
                    Op::Return => {
                        let value = self.pop();
                        let frame = self.frames.pop().expect("running frame");
                        self.stack.truncate(frame.return_to);
                        if frame.entry {
                            return Ok(value);
                        }
                        self.stack.push(value);
                        continue 'frames;
                    }
                    Op::LoadMethod(NameIndex(index)) => {
                        let object = self.pop();
                        let name = code.names[index as usize].clone();
                        self.load_method(object, &name)
                    }
                    Op::PushNull => {
                        self.stack.push(Value::Null);
                        continue;
                    }
                    Op::Pop => {
                        self.stack.pop();
                        continue;
                    }
                    Op::Copy(depth) => {
                        let value = self.stack[self.stack.len() - depth as usize].clone();
                        self.stack.push(value);
                        continue;
                    }
                    Op::Swap(depth) => {
                        let length = self.stack.len();
                        self.stack.swap(length - 1, length - depth as usize);
                        continue;
                    }
                    Op::Nop => continue,
                    Op::DeleteLocal(Slot(slot)) => {
                        let slot_value = &mut self.stack[base + slot as usize];
                        if slot_value.is_null() {
                            Err(unbound_local(&code, slot))
                        } else {
                            *slot_value = Value::Null;
                            continue;
                        }
                    }
                    Op::LoadDeref(Slot(slot)) => match &self.stack[base + slot as usize] {
                        Value::Cell(cell) => {
                            let value = cell.value.borrow().clone();
                            if value.is_null() {
                                Err(unbound_deref(&code, slot))
                            } else {
                                self.stack.push(value);
                                continue;
                            }
                        }
                        _ => Err(unbound_deref(&code, slot)),
                    },
                    Op::StoreDeref(Slot(slot)) => {
                        let value = self.pop();
                        if let Value::Cell(cell) = &self.stack[base + slot as usize] {
                            *cell.value.borrow_mut() = value;
                        }
                        continue;
                    }
                    Op::DeleteDeref(Slot(slot)) => match &self.stack[base + slot as usize] {
                        Value::Cell(cell) if !cell.value.borrow().is_null() => {
                            *cell.value.borrow_mut() = Value::Null;
                            continue;
                        }
                        _ => Err(unbound_deref(&code, slot)),
                    },
                    Op::LoadClosure(Slot(slot)) => {
                        let cell = self.stack[base + slot as usize].clone();
                        self.stack.push(cell);
                        continue;
                    }
                    Op::DeleteGlobal(NameIndex(index)) => {
                        let name = &code.names[index as usize];
                        match globals.table.borrow_mut().remove_str(name) {
                            Some(_) => continue,
                            None => Err(Error::name_error(name.as_str())),
                        }
                    }
                    Op::Unary(op) => {
                        let operand = self.pop();
                        self.unary_op(op, operand).map(|value| self.stack.push(value))
                    }
                    Op::Is(negated) => {
                        let right = self.pop();
                        let left = self.pop();
                        self.stack.push(Value::Bool(left.is(&right) != negated));
                        continue;
                    }
                    Op::Contains(negated) => {
                        let container = self.pop();
                        let item = self.pop();
                        self.contains(&container, &item).map(|found| self.stack.push(Value::Bool(found != negated)))
                    }
                    Op::GetIter => {
                        let iterable = self.pop();
                        self.get_iter(iterable).map(|iterator| self.stack.push(iterator))
                    }
                    Op::BuildTuple(count) => {
                        let items = self.pop_many(count as usize);
                        self.stack.push(Value::tuple(items));
                        continue;
                    }
                    Op::BuildList(count) => {
                        let items = self.pop_many(count as usize);
                        self.stack.push(Value::list(items));
                        continue;
                    }
                    Op::BuildSet(count) => {
                        let items = self.pop_many(count as usize);
                        self.new_set(items).map(|set| self.stack.push(set))
                    }
                    Op::BuildMap(count) => {
                        let items = self.pop_many(2 * count as usize);
                        self.build_map(items).map(|dict| self.stack.push(dict))
                    }
                    Op::BuildSlice(count) => {
                        let step = if count == 3 { self.pop() } else { Value::None };
                        let stop = self.pop();
                        let start = self.pop();
                        let slice = crate::object::range::Slice { start, stop, step };
                        self.stack.push(Value::Slice(Rc::new(slice)));
                        continue;
                    }
                    Op::BuildString(count) => {
                        let pieces = self.pop_many(count as usize);
                        let mut text = String::new();
                        for piece in &pieces {
                            if let Value::Str(s) = piece {
                                text.push_str(s.as_str());
                            }
                        }
                        self.stack.push(Value::from_string(text));
                        continue;
                    }
                    Op::FormatValue { conversion, has_spec } => {
                        let spec = if has_spec { Some(self.pop()) } else { None };
                        let value = self.pop();
                        self.format_field(value, conversion, spec).map(|text| self.stack.push(text))
                    }
                    Op::ListAppend(depth) => {
                        let item = self.pop();
                        let position = self.stack.len() - depth as usize;
                        if let Value::List(list) = &self.stack[position] {
                            list.items.borrow_mut().push(item);
                        }
                        continue;
                    }
                    Op::SetAdd(depth) => {
                        let item = self.pop();
                        let set = self.stack[self.stack.len() - depth as usize].clone();
                        self.set_add(&set, item)
                    }
                    Op::MapAdd(depth) => {
                        let value = self.pop();
                        let key = self.pop();
                        let dict = self.stack[self.stack.len() - depth as usize].clone();
                        self.dict_set_item(&dict, key, value)
                    }
                    Op::ListExtend(depth) => {
                        let iterable = self.pop();
                        let list = self.stack[self.stack.len() - depth as usize].clone();
                        if self.is_iterable(&iterable) {
                            self.list_extend(&list, iterable)
                        } else {
                            Err(Error::type_error(format!(
                                "Value after * must be an iterable, not {}",
                                iterable.type_name()
                            )))
                        }
                    }
                    Op::SetUpdate(depth) => {
                        let iterable = self.pop();
                        let set = self.stack[self.stack.len() - depth as usize].clone();
                        self.set_update(&set, iterable)
                    }
                    Op::DictUpdate(depth) => {
                        let mapping = self.pop();
                        let dict = self.stack[self.stack.len() - depth as usize].clone();
                        self.dict_update(&dict, mapping, false)
                    }
                    Op::DictMerge(depth) => {
                        let mapping = self.pop();
                        let dict = self.stack[self.stack.len() - depth as usize].clone();
                        self.dict_update(&dict, mapping, true)
                    }
                    Op::ListToTuple => {
                        let list = self.pop();
                        let items = match &list {
                            Value::List(list) => list.snapshot(),
                            _ => Vec::new(),
                        };
                        self.stack.push(Value::tuple(items));
                        continue;
                    }
                    Op::UnpackSequence(count) => {
                        let sequence = self.pop();
                        self.unpack_sequence(sequence, count as usize)
                    }
                    Op::UnpackStarred { before, after } => {
                        let sequence = self.pop();
                        self.unpack_starred(sequence, before as usize, after as usize)
                    }
                    Op::GetItem => {
                        let index = self.pop();
                        let container = self.pop();
                        self.get_item(&container, &index).map(|value| self.stack.push(value))
                    }
                    Op::SetItem => {
                        let index = self.pop();
                        let container = self.pop();
                        let value = self.pop();
                        self.set_item(&container, index, value)
                    }
                    Op::DeleteItem => {
                        let index = self.pop();
                        let container = self.pop();
                        self.delete_item(&container, &index)
                    }
                    Op::LoadAttr(NameIndex(index)) => {
                        let object = self.pop();
                        let name = code.names[index as usize].clone();
                        self.get_attribute(&object, &name).map(|value| self.stack.push(value))
                    }
                    Op::StoreAttr(NameIndex(index)) => {
                        let object = self.pop();
                        let value = self.pop();
                        let name = code.names[index as usize].clone();
                        self.set_attribute(&object, &name, value)
                    }
                    Op::DeleteAttr(NameIndex(index)) => {
                        let object = self.pop();
                        let name = code.names[index as usize].clone();
                        self.delete_attribute(&object, &name)
                    }
                    Op::MakeFunction { code: FunctionIndex(index), flags } => {
                        let function = self.make_function(code.functions[index as usize].clone(), &globals, flags);
                        self.stack.push(function);
                        continue;
                    }
                    Op::KwNames(ConstIndex(index)) => {
                        if let Value::Tuple(names) = &code.constants[index as usize] {
                            self.keyword_names = Some(names.clone());
                        }
                        continue;
                    }
                    Op::CallEx { has_keywords } => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        match self.call_unpacked(has_keywords) {
                            Ok(true) => continue 'frames,
                            Ok(false) => continue,
                            Err(error) => Err(error),
                        }
                    }
                    Op::Raise(form) => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        match self.raise_statement(form) {
                            Ok(exception) => {
                                self.add_traceback_entry(&exception);
                                self.unwind(exception)?;
                                continue 'frames;
                            }
                            Err(Reraise(exception)) => {
                                self.unwind(exception)?;
                                continue 'frames;
                            }
                        }
                    }
                    Op::Reraise => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        let exception = self.pop_exception();
                        self.unwind(exception)?;
                        continue 'frames;
                    }
                    Op::PushExcInfo => {
                        let exception = self.pop_exception();
                        let frame = self.frames.last_mut().expect("running frame");
                        let previous = frame.handled.replace(exception.clone());
                        self.stack.push(previous.map_or(Value::None, Value::Exception));
                        self.stack.push(Value::Exception(exception));
                        continue;
                    }
                    Op::PopExcept => {
                        let previous = self.pop();
                        self.frames.last_mut().expect("running frame").handled = match previous {
                            Value::Exception(exception) => Some(exception),
                            _ => None,
                        };
                        continue;
                    }
                    Op::PopExceptAndReraise => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        let exception = self.pop_exception();
                        let previous = self.pop();
                        self.frames.last_mut().expect("running frame").handled = match previous {
                            Value::Exception(previous) => Some(previous),
                            _ => None,
                        };
                        self.unwind(exception)?;
                        continue 'frames;
                    }
                    Op::CheckExcMatch => {
                        let class = self.pop();
                        let exception = self.top().clone();
                        self.exception_matches(&exception, &class).map(|matched| self.stack.push(Value::Bool(matched)))
                    }
                    Op::LoadAssertionError => {
                        self.stack.push(Value::Class(self.exception_class(ExcKind::AssertionError)));
                        continue;
                    }
                };
                if let Err(error) = outcome {
                    self.frames.last_mut().expect("running frame").ip = ip;
                    let exception = self.materialize(error);
                    self.add_traceback_entry(&exception);
                    self.unwind(exception)?;
                    continue 'frames;
                }
            }
        }
    }

    /// Finds the handler for an exception, popping frames that have none.
    /// Err when the exception leaves the entry frame.
    pub(crate) fn unwind(&mut self, exception: Rc<ExceptionObject>) -> Result<()> {
        loop {
            let Some(frame) = self.frames.last_mut() else {
                return Err(Error::Object(exception));
            };
            let offset = frame.ip.saturating_sub(1);
            if let Some(handler) = frame.code.handler_for(offset).copied() {
                let depth = frame.stack_start() + handler.depth as usize;
                frame.ip = handler.handler as usize;
                self.stack.truncate(depth);
                self.stack.push(Value::Exception(exception));
                return Ok(());
            }
            let frame = self.frames.pop().expect("checked above");
            self.stack.truncate(frame.return_to);
            if frame.entry {
                return Err(Error::Object(exception));
            }
            self.add_traceback_entry(&exception);
        }
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::Null)
    }

    #[inline]
    fn top(&self) -> &Value {
        self.stack.last().unwrap_or(&Value::Null)
    }

    #[inline]
    fn top_mut(&mut self) -> &mut Value {
        if self.stack.is_empty() {
            self.stack.push(Value::Null);
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    /// The top `count` values, bottom first.
    pub(crate) fn pop_many(&mut self, count: usize) -> Vec<Value> {
        let start = self.stack.len().saturating_sub(count);
        self.stack.split_off(start)
    }

    fn pop_exception(&mut self) -> Rc<ExceptionObject> {
        match self.pop() {
            Value::Exception(exception) => exception,
            other => {
                let message = format!("exceptions must derive from BaseException, not {}", other.type_name());
                self.new_exception(ExcKind::SystemError, &message)
            }
        }
    }

    /// Looks a global up, then a builtin.
    #[inline]
    pub(crate) fn load_global(&self, globals: &Dict, name: &Str) -> Option<Value> {
        if let Some(value) = globals.table.borrow().get_str(name) {
            return Some(value.clone());
        }
        self.builtins.table.borrow().get_str(name).cloned()
    }

    /// Builds a function object from a code object and what the stack holds.
    fn make_function(&mut self, code: Rc<Code>, globals: &Rc<Dict>, flags: FunctionFlags) -> Value {
        let closure = if flags.has_closure {
            match self.pop() {
                Value::Tuple(cells) => cells
                    .items
                    .iter()
                    .filter_map(|cell| match cell {
                        Value::Cell(cell) => Some(cell.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let keyword_defaults = if flags.has_keyword_defaults {
            match self.pop() {
                Value::Dict(dict) => dict
                    .table
                    .borrow()
                    .iter()
                    .filter_map(|(key, value)| match key {
                        Value::Str(name) => Some((name.clone(), value.clone())),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let defaults = if flags.has_defaults {
            match self.pop() {
                Value::Tuple(defaults) => defaults.items.to_vec(),
                _ => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let function = Function {
            code,
            globals: globals.clone(),
            defaults,
            keyword_defaults,
            closure,
            attributes: Default::default(),
        };
        Value::Function(Rc::new(function))
    }

    /// Pushes a frame for a script function whose arguments are bound in
    /// `slots`; `return_to` is where the stack is cut back on return.
    pub(crate) fn enter_function(
        &mut self,
        function: Rc<Function>,
        base: usize,
        return_to: usize,
        entry: bool,
    ) -> Result<()> {
        if self.frames.len() + self.native_depth >= self.recursion_limit {
            self.stack.truncate(return_to);
            return Err(Error::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
        }
        let code = function.code.clone();
        for Slot(slot) in &code.cell_slots {
            let slot = &mut self.stack[base + *slot as usize];
            let value = std::mem::replace(slot, Value::Null);
            *slot = Value::Cell(Rc::new(CellObject::new(value)));
        }
        for (index, cell) in function.closure.iter().enumerate() {
            self.stack[base + code.free_start as usize + index] = Value::Cell(cell.clone());
        }
        let globals = function.globals.clone();
        self.frames.push(Frame { function: Some(function), code, globals, ip: 0, base, return_to, handled: None, entry });
        Ok(())
    }
}

/// What a `raise` statement raises: a new raise (gets a traceback entry)
/// or a re-raise of the exception being handled (keeps its traceback).
pub(crate) struct Reraise(pub Rc<ExceptionObject>);

fn unbound_local(code: &Code, slot: u32) -> Error {
    let name = code.slot_names.get(slot as usize).map_or("?", |name| name.as_str());
    Error::new(
        ExcKind::UnboundLocalError,
        format!("cannot access local variable '{name}' where it is not associated with a value"),
    )
}

fn unbound_deref(code: &Code, slot: u32) -> Error {
    let name = code.slot_names.get(slot as usize).map_or("?", |name| name.as_str());
    if slot < code.free_start {
        unbound_local(code, slot)
    } else {
        Error::new(
            ExcKind::NameError,
            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
        )
    }
}
