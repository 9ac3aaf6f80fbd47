//! The dispatch loop: runs instructions of the innermost frame until the
//! entry frame returns. Calls and returns switch frames without recursing;
//! an error unwinds to the innermost handler through the exception tables.

use std::rc::Rc;

use super::generator::SendOutcome;
use super::inline_cache::CachedLoad;
use super::stack::{Words, push_built};
use super::{Frame, FrameKind, Vm};
use crate::ast::BinaryOp;
use crate::bytecode::*;
use crate::error::{Error, Result};
use crate::object::dict::Dict;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::{CellObject, Function};
use crate::object::generator::{GeneratorObject, GeneratorState, SuspendedFrame};
use crate::object::iterator::IterState;
use crate::object::number::small_int_result;
use crate::value::{Value, discard};

impl Vm {
    /// Runs until the entry frame on top of the frame stack returns, and
    /// gives back its return value (or the exception that escaped it).
    pub(crate) fn execute(&mut self) -> Result<Value> {
        'frames: loop {
            let Some(frame) = self.frames.last() else {
                return Ok(Value::None);
            };
            let function = frame.function.clone();
            let code: &Code = &function.code;
            let globals: &Rc<Dict> = &function.globals;
            let base = frame.base;
            let mut ip = frame.ip;
            let ops: &[Op] = &code.ops;
            loop {
                let op = ops[ip];
                ip += 1;
                // The common instructions run here, their fast paths inline;
                // everything else goes through `run_instruction`.
                let outcome: Result<Flow> = match op {
                    Op::LoadLocal(Slot(slot)) => {
                        let position = base + slot as usize;
                        if !self.stack[position].is_null() {
                            self.stack.push_copy_of(position);
                            continue;
                        }
                        Err(unbound_local(code, slot))
                    }
                    Op::LoadLocalConst { slot, constant } => {
                        let position = base + slot as usize;
                        if !self.stack[position].is_null() {
                            self.stack.push_copy_of(position);
                            self.stack.push_copy(&code.constants[constant as usize]);
                            continue;
                        }
                        Err(unbound_local(code, slot as u32))
                    }
                    Op::BinaryLocalConst { op, slot, constant } => {
                        let local = &self.stack[base + slot as usize];
                        if let (Value::Int(a), Value::Int(b)) = (local, &code.constants[constant as usize])
                            && let Some(result) = small_int_result(op, *a, *b)
                        {
                            self.stack.push_int(result);
                            continue;
                        }
                        self.binary_local_const(
                            op,
                            base + slot as usize,
                            &code.constants[constant as usize],
                            code,
                            slot,
                        )
                    }
                    Op::StoreLocal(Slot(slot)) => {
                        let value = self.pop();
                        discard(std::mem::replace(&mut self.stack[base + slot as usize], value));
                        if self.finalizers.any.get() {
                            self.frames.last_mut().expect("running frame").ip = ip;
                            self.run_finalizers();
                        }
                        continue;
                    }
                    Op::LoadConst(ConstIndex(index)) => {
                        self.stack.push_copy(&code.constants[index as usize]);
                        continue;
                    }
                    Op::LoadGlobal(NameIndex(index)) => {
                        // The cached position answers without hashing.
                        let cache = code.global_cache[index as usize].get();
                        {
                            let table = globals.table.borrow();
                            if cache.globals_version == table.layout_version()
                                && !cache.in_builtins
                                && let Some(value) = table.value_at(cache.position as usize)
                            {
                                self.stack.push_copy(value);
                                continue;
                            }
                        }
                        match self.load_global(code, globals, index as usize) {
                            Some(value) => {
                                self.stack.push(value);
                                continue;
                            }
                            None => Err(Error::name_error(code.names[index as usize].as_str())),
                        }
                    }
                    Op::StoreGlobal(NameIndex(index)) => {
                        let value = self.pop();
                        let old = globals.table.borrow_mut().insert_str(&code.names[index as usize], value);
                        if let Some(old) = old {
                            discard(old);
                        }
                        if self.finalizers.any.get() {
                            self.frames.last_mut().expect("running frame").ip = ip;
                            self.run_finalizers();
                        }
                        continue;
                    }
                    Op::Binary(op) | Op::InPlace(op) => {
                        if let [.., Value::Int(a), Value::Int(b)] = &mut self.stack[..]
                            && let Some(result) = small_int_result(op, *a, *b)
                        {
                            // Both are ints: overwrite the left in place, drop the right.
                            *a = result;
                            self.stack.pop_inline(1);
                            continue;
                        }
                        self.binary_instruction(op, matches!(ops[ip - 1], Op::InPlace(_)))
                    }
                    Op::Compare(comparison) => {
                        if let [.., Value::Int(a), Value::Int(b)] = &self.stack[..] {
                            let result = compare_ints(comparison, *a, *b);
                            self.stack.pop_inline(2);
                            self.stack.push_bool(result);
                            continue;
                        }
                        self.compare_instruction(comparison)
                    }
                    Op::CompareJump { comparison, when, target: Target(target) } => {
                        if let [.., Value::Int(a), Value::Int(b)] = &self.stack[..] {
                            if compare_ints(comparison, *a, *b) == when {
                                ip = target as usize;
                            }
                            self.stack.pop_inline(2);
                            continue;
                        }
                        match self.compare_truth(comparison) {
                            Ok(truth) => {
                                if truth == when {
                                    ip = target as usize;
                                }
                                continue;
                            }
                            Err(error) => Err(error),
                        }
                    }
                    Op::PopJumpIfFalse(Target(target)) | Op::PopJumpIfTrue(Target(target)) => {
                        let when = matches!(ops[ip - 1], Op::PopJumpIfTrue(_));
                        let truth = match self.stack.last() {
                            Some(Value::Bool(truth)) => Some(*truth),
                            Some(Value::Int(number)) => Some(*number != 0),
                            Some(Value::None) => Some(false),
                            _ => None,
                        };
                        match truth {
                            Some(truth) => {
                                self.stack.pop_inline(1);
                                if truth == when {
                                    ip = target as usize;
                                }
                                continue;
                            }
                            None => {
                                let value = self.pop();
                                match self.is_true(&value) {
                                    Ok(truth) => {
                                        if truth == when {
                                            ip = target as usize;
                                        }
                                        continue;
                                    }
                                    Err(error) => Err(error),
                                }
                            }
                        }
                    }
                    Op::Jump(Target(target)) => {
                        ip = target as usize;
                        continue;
                    }
                    Op::ForIter(Target(target)) => {
                        if let Some(Value::Iterator(iterator)) = self.stack.last() {
                            let mut state = iterator.state.borrow_mut();
                            if let IterState::Range { next, remaining, step } = &mut *state {
                                if *remaining > 0 {
                                    let value = *next;
                                    *remaining -= 1;
                                    *next = next.wrapping_add(*step);
                                    drop(state);
                                    self.stack.push_int(value);
                                } else {
                                    drop(state);
                                    self.pop();
                                    ip = target as usize;
                                }
                                continue;
                            }
                        }
                        self.frames.last_mut().expect("running frame").ip = ip;
                        match self.for_iter_general() {
                            Ok(true) => continue,
                            Ok(false) => {
                                ip = target as usize;
                                continue;
                            }
                            Err(error) => Err(error),
                        }
                    }
                    Op::Call(count) | Op::CallMethod(count) => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        // A method call's receiver counts as the first argument.
                        let method = matches!(ops[ip - 1], Op::CallMethod(_));
                        let count = count as usize + method as usize;
                        match self.call_simple_function(count, method) {
                            Ok(true) => continue 'frames,
                            Ok(false) => match self.call_from_stack(count, method) {
                                Ok(true) => continue 'frames,
                                Ok(false) => continue,
                                Err(error) => Err(error),
                            },
                            Err(error) => Err(error),
                        }
                    }
                    Op::LoadLocalAttr { slot, name: index } => {
                        let position = base + slot as usize;
                        let name = &code.names[index as usize];
                        match self.load_attribute_cached(position, false, &code.attribute_cache[index as usize], name) {
                            CachedLoad::Done => continue,
                            CachedLoad::Getter(getter) => {
                                // `[] -> [getter, object]`, run as a call.
                                self.frames.last_mut().expect("running frame").ip = ip;
                                let callee = self.stack.len();
                                self.stack.push(Value::Function(getter.clone()));
                                self.stack.push_copy_of(position);
                                match self.enter_simple_function(getter, callee + 1, callee) {
                                    Ok(()) => continue 'frames,
                                    Err(error) => Err(error),
                                }
                            }
                            CachedLoad::Miss => self.run_unfused(
                                slot,
                                Op::LoadAttr(NameIndex(index as u32)),
                                code,
                                globals,
                                base,
                                &mut ip,
                            ),
                        }
                    }
                    Op::LoadLocalMethod { slot, name: index } => {
                        let position = base + slot as usize;
                        let name = &code.names[index as usize];
                        if self.load_method_cached(position, false, &code.attribute_cache[index as usize], name) {
                            continue;
                        }
                        self.run_unfused(slot, Op::LoadMethod(NameIndex(index as u32)), code, globals, base, &mut ip)
                    }
                    Op::LoadAttr(NameIndex(index)) => {
                        let name = &code.names[index as usize];
                        let top = self.stack.len() - 1;
                        match self.load_attribute_cached(top, true, &code.attribute_cache[index as usize], name) {
                            CachedLoad::Done => continue,
                            CachedLoad::Getter(getter) => {
                                // `[object] -> [getter, object]`, run as a call.
                                self.frames.last_mut().expect("running frame").ip = ip;
                                let position = self.stack.len() - 1;
                                let object =
                                    std::mem::replace(&mut self.stack[position], Value::Function(getter.clone()));
                                self.stack.push(object);
                                match self.enter_simple_function(getter, position + 1, position) {
                                    Ok(()) => continue 'frames,
                                    Err(error) => Err(error),
                                }
                            }
                            CachedLoad::Miss => {
                                self.frames.last_mut().expect("running frame").ip = ip;
                                self.run_instruction(op, code, globals, base, &mut ip)
                            }
                        }
                    }
                    Op::StoreLocalAttr { slot, name: index } => {
                        let position = base + slot as usize;
                        let name = &code.names[index as usize];
                        if self.store_attribute_cached(position, false, &code.attribute_cache[index as usize], name) {
                            continue;
                        }
                        self.run_unfused(slot, Op::StoreAttr(NameIndex(index as u32)), code, globals, base, &mut ip)
                    }
                    Op::StoreAttr(NameIndex(index)) => {
                        let name = &code.names[index as usize];
                        let top = self.stack.len() - 1;
                        if self.store_attribute_cached(top, true, &code.attribute_cache[index as usize], name) {
                            continue;
                        }
                        self.frames.last_mut().expect("running frame").ip = ip;
                        self.run_instruction(op, code, globals, base, &mut ip)
                    }
                    Op::LoadMethod(NameIndex(index)) => {
                        let name = &code.names[index as usize];
                        let top = self.stack.len() - 1;
                        if self.load_method_cached(top, true, &code.attribute_cache[index as usize], name) {
                            continue;
                        }
                        self.frames.last_mut().expect("running frame").ip = ip;
                        self.run_instruction(op, code, globals, base, &mut ip)
                    }
                    Op::Return => {
                        // The result moves as its two words (see `vm::stack`).
                        let result = self.stack.pop_words();
                        let frame = self.frames.pop().expect("running frame");
                        let kind = frame.kind;
                        self.truncate_stack(frame.return_to);
                        if let Some(generator) = &frame.generator {
                            *generator.state.borrow_mut() = GeneratorState::Finished;
                        }
                        drop(frame);
                        if self.finalizers.any.get() {
                            self.run_finalizers();
                        }
                        match kind {
                            FrameKind::Entry => return Ok(result.map_or(Value::None, Words::into_value)),
                            FrameKind::Call => match result {
                                Some(words) => self.stack.push_moved(words),
                                None => self.stack.push(Value::None),
                            },
                            FrameKind::Init => {
                                let result = result.map_or(Value::None, Words::into_value);
                                if !result.is_none() {
                                    let error = Error::type_error(format!(
                                        "__init__() should return None, not '{}'",
                                        result.type_name()
                                    ));
                                    self.raise_error(error)?;
                                }
                            }
                        }
                        continue 'frames;
                    }
                    Op::Pop => {
                        let value = self.pop();
                        discard(value);
                        if self.finalizers.any.get() {
                            self.frames.last_mut().expect("running frame").ip = ip;
                            self.run_finalizers();
                        }
                        continue;
                    }
                    Op::Copy(depth) => {
                        self.stack.push_copy_of(self.stack.len() - depth as usize);
                        continue;
                    }
                    Op::Swap(depth) => {
                        let length = self.stack.len();
                        self.stack.swap(length - 1, length - depth as usize);
                        continue;
                    }
                    Op::LoadDeref(Slot(slot)) => match &self.stack[base + slot as usize] {
                        Value::Cell(cell) => {
                            let value = cell.value.borrow().clone();
                            if value.is_null() {
                                Err(unbound_deref(code, slot))
                            } else {
                                self.stack.push(value);
                                continue;
                            }
                        }
                        _ => Err(unbound_deref(code, slot)),
                    },
                    Op::StoreDeref(Slot(slot)) => {
                        let value = self.pop();
                        if let Value::Cell(cell) = &self.stack[base + slot as usize] {
                            *cell.value.borrow_mut() = value;
                        }
                        continue;
                    }
                    _ => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        self.run_instruction(op, code, globals, base, &mut ip)
                    }
                };
                match outcome {
                    Ok(Flow::Next) => continue,
                    Ok(Flow::Switch) => continue 'frames,
                    Ok(Flow::Exit(value)) => return Ok(value),
                    Ok(Flow::Escape(error)) => return Err(error),
                    Err(error) => {
                        self.frames.last_mut().expect("running frame").ip = ip;
                        self.raise_error(error)?;
                        continue 'frames;
                    }
                }
            }
        }
    }

    /// The general path of an instruction fused with the load of a local
    /// (`LoadLocalAttr` and the like): the local is pushed and `op` runs as
    /// it would have unfused.
    #[inline(never)]
    fn run_unfused(
        &mut self,
        slot: u16,
        op: Op,
        code: &Code,
        globals: &Rc<Dict>,
        base: usize,
        ip: &mut usize,
    ) -> Result<Flow> {
        let position = base + slot as usize;
        if self.stack[position].is_null() {
            return Err(unbound_local(code, slot as u32));
        }
        self.stack.push_copy_of(position);
        self.frames.last_mut().expect("running frame").ip = *ip;
        self.run_instruction(op, code, globals, base, ip)
    }

    /// The instructions that are not worth inlining into the loop.
    #[inline(never)]
    fn run_instruction(
        &mut self,
        op: Op,
        code: &Code,
        globals: &Rc<Dict>,
        base: usize,
        ip: &mut usize,
    ) -> Result<Flow> {
        let outcome: Result<()> = match op {
            Op::LoadMethod(NameIndex(index)) => {
                let object = self.pop();
                let name = code.names[index as usize].clone();
                self.load_method(object, &name)
            }
            Op::LoadSuperAttr { name: NameIndex(index), method } => {
                let callable = self.pop();
                let name = code.names[index as usize].clone();
                self.load_super_attribute(callable, &name, method)
            }
            Op::Nop => return Ok(Flow::Next),
            Op::DeleteLocal(Slot(slot)) => {
                let slot_value = &mut self.stack[base + slot as usize];
                if slot_value.is_null() {
                    Err(unbound_local(code, slot))
                } else {
                    *slot_value = Value::Null;
                    return Ok(Flow::Next);
                }
            }
            Op::DeleteDeref(Slot(slot)) => match &self.stack[base + slot as usize] {
                Value::Cell(cell) if !cell.value.borrow().is_null() => {
                    *cell.value.borrow_mut() = Value::Null;
                    return Ok(Flow::Next);
                }
                _ => Err(unbound_deref(code, slot)),
            },
            Op::LoadClosure(Slot(slot)) => {
                let cell = self.stack[base + slot as usize].clone();
                self.stack.push(cell);
                return Ok(Flow::Next);
            }
            Op::DeleteGlobal(NameIndex(index)) => {
                let name = &code.names[index as usize];
                match globals.table.borrow_mut().remove_str(name) {
                    Some(_) => return Ok(Flow::Next),
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
                self.stack.push_bool(left.is(&right) != negated);
                return Ok(Flow::Next);
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
                return Ok(Flow::Next);
            }
            Op::BuildList(count) => {
                let items = self.pop_many(count as usize);
                self.stack.push(Value::list(items));
                return Ok(Flow::Next);
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
                return Ok(Flow::Next);
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
                return Ok(Flow::Next);
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
                return Ok(Flow::Next);
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
                    Err(Error::type_error(format!("Value after * must be an iterable, not {}", iterable.type_name())))
                }
            }
            Op::SetUpdate(depth) => {
                let iterable = self.pop();
                let set = self.stack[self.stack.len() - depth as usize].clone();
                self.set_update(&set, iterable)
            }
            Op::DictUpdate(depth) => {
                let mapping = self.pop();
                if !matches!(mapping, Value::Dict(_)) && !Vm::carries_dict(&mapping) {
                    return Err(Error::type_error(format!("'{}' object is not a mapping", mapping.type_name())));
                }
                let dict = self.stack[self.stack.len() - depth as usize].clone();
                self.dict_update(&dict, mapping, None)
            }
            Op::DictMerge(depth) => {
                let mapping = self.pop();
                let dict = self.stack[self.stack.len() - depth as usize].clone();
                let callable = self.stack[self.stack.len() - depth as usize - 2].clone();
                self.dict_update(&dict, mapping, Some(&callable))
            }
            Op::ListToTuple => {
                let list = self.pop();
                let items = match &list {
                    Value::List(list) => list.snapshot(),
                    _ => Vec::new(),
                };
                self.stack.push(Value::tuple(items));
                return Ok(Flow::Next);
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
                let name = &code.names[index as usize];
                if let Some(getter) = self.property_getter_function(self.top(), name) {
                    // Run the getter as a frame: `[object] -> [getter, object]`.
                    let position = self.stack.len() - 1;
                    let object = std::mem::replace(&mut self.stack[position], Value::Function(getter.clone()));
                    self.stack.push(object);
                    return self.enter_function_with_arguments(getter, position + 1, position).map(|_| Flow::Switch);
                }
                let object = self.pop();
                let name = name.clone();
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
                let function = self.make_function(code.functions[index as usize].clone(), globals, flags);
                self.stack.push(function);
                return Ok(Flow::Next);
            }
            Op::KwNames(ConstIndex(index)) => {
                if let Value::Tuple(names) = &code.constants[index as usize] {
                    self.keyword_names = Some(names.clone());
                }
                return Ok(Flow::Next);
            }
            Op::CallEx { has_keywords } => {
                self.frames.last_mut().expect("running frame").ip = *ip;
                match self.call_unpacked(has_keywords) {
                    Ok(true) => return Ok(Flow::Switch),
                    Ok(false) => return Ok(Flow::Next),
                    Err(error) => Err(error),
                }
            }
            Op::Raise(form) => {
                self.frames.last_mut().expect("running frame").ip = *ip;
                match self.raise_statement(form) {
                    Ok(exception) => {
                        self.add_traceback_entry(&exception);
                        return Ok(self.unwind_flow(exception));
                    }
                    Err(Reraise(exception)) => {
                        return Ok(self.unwind_flow(exception));
                    }
                }
            }
            Op::Reraise => {
                self.frames.last_mut().expect("running frame").ip = *ip;
                let exception = self.pop_exception();
                return Ok(self.unwind_flow(exception));
            }
            Op::PushExcInfo => {
                let exception = self.pop_exception();
                let frame = self.frames.last_mut().expect("running frame");
                let previous = frame.handled.replace(exception.clone());
                self.stack.push(previous.map_or(Value::None, Value::Exception));
                self.stack.push(Value::Exception(exception));
                return Ok(Flow::Next);
            }
            Op::PopExcept => {
                let previous = self.pop();
                self.frames.last_mut().expect("running frame").handled = match previous {
                    Value::Exception(exception) => Some(exception),
                    _ => None,
                };
                return Ok(Flow::Next);
            }
            Op::PopExceptAndReraise => {
                self.frames.last_mut().expect("running frame").ip = *ip;
                let exception = self.pop_exception();
                let previous = self.pop();
                self.frames.last_mut().expect("running frame").handled = match previous {
                    Value::Exception(previous) => Some(previous),
                    _ => None,
                };
                return Ok(self.unwind_flow(exception));
            }
            Op::CheckExcMatch => {
                let class = self.pop();
                let exception = self.top().clone();
                self.exception_matches(&exception, &class).map(|matched| self.stack.push(Value::Bool(matched)))
            }
            Op::Yield => {
                let value = self.pop();
                let frame = self.frames.pop().expect("running frame");
                let values = self.stack.split_off(frame.base);
                if let Some(generator) = frame.generator {
                    let suspended = SuspendedFrame {
                        function: frame.function,
                        ip: *ip,
                        values,
                        handled: frame.handled,
                        started: true,
                    };
                    *generator.state.borrow_mut() = GeneratorState::Suspended(suspended);
                }
                return Ok(Flow::Exit(value));
            }
            Op::GetAwaitable => {
                let awaitable = self.pop();
                self.get_awaitable(awaitable).map(|iterator| self.stack.push(iterator))
            }
            Op::GetYieldFromIter => {
                let iterable = self.pop();
                self.get_iter(iterable).map(|iterator| self.stack.push(iterator))
            }
            Op::SendFrom(Target(target)) => {
                let sent = self.pop();
                let iterator = self.stack.last().cloned().unwrap_or(Value::Null);
                match self.send_into(&iterator, sent) {
                    Ok(SendOutcome::Yielded(value)) => {
                        self.stack.push(value);
                        Ok(())
                    }
                    Ok(SendOutcome::Done(result)) => {
                        discard(self.pop());
                        self.stack.push(result);
                        *ip = target as usize;
                        Ok(())
                    }
                    Err(error) => Err(error),
                }
            }
            Op::LoadName(NameIndex(index)) => {
                let name = &code.names[index as usize];
                let found = match &self.stack[base] {
                    Value::Dict(namespace) => namespace.get_str(name),
                    _ => None,
                };
                let found = found.or_else(|| globals.get_str(name)).or_else(|| self.builtins.get_str(name));
                match found {
                    Some(value) => {
                        self.stack.push(value);
                        return Ok(Flow::Next);
                    }
                    None => Err(Error::name_error(name.as_str())),
                }
            }
            Op::StoreName(NameIndex(index)) => {
                let value = self.pop();
                if let Value::Dict(namespace) = &self.stack[base] {
                    namespace.set_str(&code.names[index as usize], value);
                }
                return Ok(Flow::Next);
            }
            Op::DeleteName(NameIndex(index)) => {
                let name = &code.names[index as usize];
                let removed = match &self.stack[base] {
                    Value::Dict(namespace) => namespace.table.borrow_mut().remove_str(name).is_some(),
                    _ => false,
                };
                if removed { return Ok(Flow::Next) } else { Err(Error::name_error(name.as_str())) }
            }
            Op::LoadBuildClass => {
                self.stack.push(self.build_class.clone());
                return Ok(Flow::Next);
            }
            Op::BeforeWith => {
                let manager = self.pop();
                self.before_with(manager).map(|[exit, entered]| {
                    self.stack.push(exit);
                    self.stack.push(entered);
                })
            }
            Op::WithExceptStart => {
                let length = self.stack.len();
                let exit = self.stack[length - 3].clone();
                let exception = self.stack[length - 1].clone();
                let class = Value::Class(self.class_of(&exception));
                let traceback = self.exception_traceback_value(&exception);
                self.call(&exit, &[class, exception, traceback], &[]).map(|result| self.stack.push(result))
            }
            Op::LoadAssertionError => {
                self.stack.push(Value::Class(self.exception_class(ExcKind::AssertionError)));
                return Ok(Flow::Next);
            }
            Op::ImportName(NameIndex(index)) => {
                let fromlist = self.pop();
                let level = self.pop();
                let name = code.names[index as usize].clone();
                self.import_name(name.as_str(), &fromlist, &level, globals).map(|module| self.stack.push(module))
            }
            Op::ImportFrom(NameIndex(index)) => {
                let module = self.top().clone();
                let name = code.names[index as usize].clone();
                self.import_from(&module, &name).map(|value| self.stack.push(value))
            }
            Op::ImportStar => {
                let module = self.pop();
                self.import_star(&module, globals)
            }
            Op::JumpIfFalseOrPop(Target(target)) | Op::JumpIfTrueOrPop(Target(target)) => {
                let jump_when = matches!(op, Op::JumpIfTrueOrPop(_));
                let top = self.stack.last().cloned().unwrap_or(Value::Null);
                self.is_true(&top).map(|truth| {
                    if truth == jump_when {
                        *ip = target as usize;
                    } else {
                        discard(self.pop());
                    }
                })
            }
            // The dispatch loop runs these itself.
            Op::LoadLocal(_)
            | Op::LoadLocalConst { .. }
            | Op::LoadLocalAttr { .. }
            | Op::StoreLocalAttr { .. }
            | Op::LoadLocalMethod { .. }
            | Op::BinaryLocalConst { .. }
            | Op::StoreLocal(_)
            | Op::LoadConst(_)
            | Op::LoadGlobal(_)
            | Op::StoreGlobal(_)
            | Op::Binary(_)
            | Op::InPlace(_)
            | Op::Compare(_)
            | Op::CompareJump { .. }
            | Op::PopJumpIfFalse(_)
            | Op::PopJumpIfTrue(_)
            | Op::Jump(_)
            | Op::ForIter(_)
            | Op::Call(_)
            | Op::CallMethod(_)
            | Op::Return
            | Op::Pop
            | Op::Copy(_)
            | Op::Swap(_)
            | Op::LoadDeref(_)
            | Op::StoreDeref(_) => Err(Error::new(ExcKind::SystemError, format!("misrouted instruction {op:?}"))),
        };
        outcome.map(|()| Flow::Next)
    }

    /// A new error raised by the running instruction: it gets a traceback
    /// entry for this frame, then unwinds. Err when nothing handles it.
    #[cold]
    #[inline(never)]
    fn raise_error(&mut self, error: Error) -> Result<()> {
        let exception = self.materialize(error);
        self.add_traceback_entry(&exception);
        self.unwind(exception)
    }

    /// Unwinding as a `Flow`: a handler was found, or the exception leaves
    /// this run of the loop.
    fn unwind_flow(&mut self, exception: Rc<ExceptionObject>) -> Flow {
        match self.unwind(exception) {
            Ok(()) => Flow::Switch,
            Err(error) => Flow::Escape(error),
        }
    }

    /// A global's value through the code object's cache of where the name
    /// was found last time.
    #[inline(always)]
    fn load_global(&self, code: &Code, globals: &Dict, index: usize) -> Option<Value> {
        let cache = code.global_cache[index].get();
        let table = globals.table.borrow();
        if cache.globals_version == table.layout_version() {
            if !cache.in_builtins {
                return table.value_at(cache.position as usize).map(Value::fast_clone);
            }
            let builtins = self.builtins.table.borrow();
            if cache.builtins_version == builtins.layout_version() {
                return builtins.value_at(cache.position as usize).map(Value::fast_clone);
            }
        }
        drop(table);
        self.load_global_uncached(code, globals, index)
    }

    /// Looks a global up by name, then a builtin, and remembers where.
    #[inline(never)]
    fn load_global_uncached(&self, code: &Code, globals: &Dict, index: usize) -> Option<Value> {
        let name = &code.names[index];
        let table = globals.table.borrow();
        if let Some(position) = table.find_str(name) {
            code.global_cache[index].set(GlobalCache {
                globals_version: table.layout_version(),
                builtins_version: u64::MAX,
                in_builtins: false,
                position: position as u32,
            });
            return table.value_at(position).cloned();
        }
        let builtins = self.builtins.table.borrow();
        let position = builtins.find_str(name)?;
        code.global_cache[index].set(GlobalCache {
            globals_version: table.layout_version(),
            builtins_version: builtins.layout_version(),
            in_builtins: true,
            position: position as u32,
        });
        builtins.value_at(position).cloned()
    }

    #[inline(never)]
    fn binary_instruction(&mut self, op: BinaryOp, in_place: bool) -> Result<Flow> {
        let right = self.pop();
        let left = self.pop();
        let result = if in_place { self.inplace_op(op, left, right)? } else { self.binary_op(op, left, right)? };
        self.stack.push(result);
        Ok(Flow::Next)
    }

    /// `BinaryLocalConst` beyond small ints.
    #[inline(never)]
    fn binary_local_const(
        &mut self,
        op: BinaryOp,
        position: usize,
        constant: &Value,
        code: &Code,
        slot: u16,
    ) -> Result<Flow> {
        let local = self.stack[position].clone();
        if local.is_null() {
            return Err(unbound_local(code, slot as u32));
        }
        let result = self.binary_op(op, local, constant.clone())?;
        self.stack.push(result);
        Ok(Flow::Next)
    }

    #[inline(never)]
    fn compare_instruction(&mut self, comparison: Comparison) -> Result<Flow> {
        let right = self.pop();
        let left = self.pop();
        let result = self.compare_op(&left, &right, comparison)?;
        self.stack.push(result);
        Ok(Flow::Next)
    }

    /// Pops two operands, compares them and gives the truth of the result.
    #[inline(never)]
    fn compare_truth(&mut self, comparison: Comparison) -> Result<bool> {
        let right = self.pop();
        let left = self.pop();
        match self.compare_op(&left, &right, comparison)? {
            Value::Bool(truth) => Ok(truth),
            other => self.is_true(&other),
        }
    }

    /// `ForIter` beyond ranges: pushes the next item and gives true, or
    /// pops the exhausted iterator and gives false.
    #[inline(never)]
    fn for_iter_general(&mut self) -> Result<bool> {
        let iterator = self.stack.last().cloned().unwrap_or(Value::Null);
        match self.next_item(&iterator)? {
            Some(item) => {
                self.stack.push(item);
                Ok(true)
            }
            None => {
                self.pop();
                Ok(false)
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
            if let Some(handler) = frame.function.code.handler_for(offset).copied() {
                let depth = frame.stack_start() + handler.depth as usize;
                frame.ip = handler.handler as usize;
                self.stack.truncate(depth);
                self.stack.push(Value::Exception(exception));
                return Ok(());
            }
            let frame = self.frames.pop().expect("checked above");
            self.truncate_stack(frame.return_to);
            if let Some(generator) = &frame.generator {
                *generator.state.borrow_mut() = GeneratorState::Finished;
            }
            if frame.kind == FrameKind::Entry {
                return Err(Error::Object(exception));
            }
            self.add_traceback_entry(&exception);
        }
    }

    /// Cuts the stack back to `length` values.
    #[inline]
    pub(crate) fn truncate_stack(&mut self, length: usize) {
        while self.stack.len() > length {
            discard(self.stack.pop_value());
        }
    }

    #[inline]
    pub(crate) fn pop(&mut self) -> Value {
        match self.stack.pop() {
            Some(value) => value,
            None => Value::Null,
        }
    }

    #[inline]
    fn top(&self) -> &Value {
        self.stack.last().unwrap_or(&Value::Null)
    }

    /// The fast path of `Call` for a plain call of a script function whose
    /// parameters are exactly its positional arguments: the arguments
    /// already sit where the callee's slots go. False when the general
    /// path is needed.
    #[inline(always)]
    fn call_simple_function(&mut self, count: usize, method: bool) -> Result<bool> {
        if self.keyword_names.is_some() {
            return Ok(false);
        }
        let callable_position = self.stack.len() - count - 1;
        // `module.f(x)` is a method call with no receiver (a NULL slot),
        // one argument less than `count` says.
        if method && self.stack[callable_position + 1].is_null() {
            return Ok(false);
        }
        let Value::Function(function) = &self.stack[callable_position] else {
            return Ok(false);
        };
        if function.code.simple_arity != Some(count as u32) {
            return Ok(false);
        }
        let function = function.clone();
        self.enter_simple_function(function, callable_position + 1, callable_position)?;
        Ok(true)
    }

    /// Pushes the frame of a function with a `simple_arity`, its arguments
    /// at `stack[base..]` filling its parameters exactly; the result goes
    /// to `return_to`. Nothing to bind: its other slots start unbound.
    #[inline(always)]
    pub(crate) fn enter_simple_function(
        &mut self,
        function: Rc<Function>,
        base: usize,
        return_to: usize,
    ) -> Result<()> {
        let slots = function.code.slot_count();
        if base + slots > self.stack.len() {
            self.stack.resize(base + slots, Value::Null);
        }
        if self.frames.len() + self.native_depth >= self.recursion_limit {
            self.truncate_stack(return_to);
            return Err(Error::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
        }
        push_built(&mut self.frames, || Frame {
            function,
            ip: 0,
            base,
            return_to,
            handled: None,
            kind: FrameKind::Call,
            generator: None,
        });
        Ok(())
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
    ///
    /// A generator function's frame is not run: it is packed into a
    /// generator object, left on the stack as the call's result, and
    /// false is returned.
    pub(crate) fn enter_function(
        &mut self,
        function: Rc<Function>,
        base: usize,
        return_to: usize,
        kind: FrameKind,
    ) -> Result<bool> {
        if self.frames.len() + self.native_depth >= self.recursion_limit {
            self.truncate_stack(return_to);
            return Err(Error::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
        }
        let code = &function.code;
        for Slot(slot) in &code.cell_slots {
            let slot = &mut self.stack[base + *slot as usize];
            let value = std::mem::replace(slot, Value::Null);
            *slot = Value::Cell(Rc::new(CellObject::new(value)));
        }
        for (index, cell) in function.closure.iter().enumerate() {
            self.stack[base + code.free_start as usize + index] = Value::Cell(cell.clone());
        }
        if code.flags.generator {
            let values = self.stack.split_off(base);
            self.truncate_stack(return_to);
            let frame = SuspendedFrame { function, ip: 0, values, handled: None, started: false };
            let finalizers = Some(self.finalizers.clone());
            self.stack.push(Value::Generator(Rc::new(GeneratorObject::new(frame, finalizers))));
            return Ok(false);
        }
        push_built(&mut self.frames, || Frame {
            function,
            ip: 0,
            base,
            return_to,
            handled: None,
            kind,
            generator: None,
        });
        Ok(true)
    }
}

/// What an instruction tells the dispatch loop to do next.
pub(crate) enum Flow {
    /// Carry on with the next instruction of this frame.
    Next,
    /// The frame stack changed (a call, a return, a handler): reload.
    Switch,
    /// The entry frame returned this value.
    Exit(Value),
    /// An exception left the entry frame.
    Escape(Error),
}

#[inline(always)]
fn compare_ints(comparison: Comparison, a: i64, b: i64) -> bool {
    match comparison {
        Comparison::Lt => a < b,
        Comparison::Le => a <= b,
        Comparison::Eq => a == b,
        Comparison::Ne => a != b,
        Comparison::Gt => a > b,
        Comparison::Ge => a >= b,
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
    if slot < code.free_start { unbound_local(code, slot) } else { Error::unbound_free_variable(name) }
}
