//! Running generators: resuming a suspended frame, `send`, `throw`,
//! `close`, and `yield from`'s delegation.

use std::rc::Rc;

use super::{Frame, FrameKind, Vm};
use crate::bytecode::Op;
use crate::error::{Error, Result};
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::generator::{GeneratorObject, GeneratorState};
use crate::value::Value;

/// How a resumed generator (or any iterator sent into) stopped.
pub(crate) enum SendOutcome {
    /// It produced a value and is suspended again.
    Yielded(Value),
    /// It finished with this return value.
    Done(Value),
}

impl Vm {
    /// Resumes a generator with a value sent in (None for `next`) or an
    /// exception thrown in at its `yield`.
    pub(crate) fn resume_generator(
        &mut self,
        generator: &Rc<GeneratorObject>,
        sent: Value,
        thrown: Option<Rc<ExceptionObject>>,
    ) -> Result<SendOutcome> {
        let previous = std::mem::replace(&mut *generator.state.borrow_mut(), GeneratorState::Running);
        let mut frame = match previous {
            GeneratorState::Suspended(frame) => frame,
            GeneratorState::Running => {
                return Err(Error::value_error("generator already executing"));
            }
            GeneratorState::Finished => {
                *generator.state.borrow_mut() = GeneratorState::Finished;
                let closing = thrown
                    .as_ref()
                    .is_some_and(|exception| exception.class.is_builtin_exception_subclass(ExcKind::GeneratorExit));
                if generator.is_coroutine() && !closing {
                    return Err(Error::runtime_error("cannot reuse already awaited coroutine"));
                }
                return match thrown {
                    Some(exception) => Err(Error::Object(exception)),
                    None => Ok(SendOutcome::Done(Value::None)),
                };
            }
        };
        if !frame.started {
            if let Some(exception) = thrown {
                // Nothing ran yet: the exception ends the generator at once.
                *generator.state.borrow_mut() = GeneratorState::Finished;
                return Err(Error::Object(exception));
            }
            if !sent.is_none() {
                *generator.state.borrow_mut() = GeneratorState::Suspended(frame);
                return Err(Error::type_error(format!(
                    "can't send non-None value to a just-started {}",
                    if generator.is_coroutine() { "coroutine" } else { "generator" }
                )));
            }
        }
        let mut thrown = thrown;
        let mut push_sent = frame.started;
        // A throw into a generator inside `yield from` goes to the
        // iterator it delegates to first, as CPython does.
        if let (Some(exception), Some(Value::Generator(delegate))) = (&thrown, frame.delegate().cloned()) {
            if exception.class.is_builtin_exception_subclass(ExcKind::GeneratorExit) {
                if let Err(error) = self.close_generator(&delegate) {
                    thrown = Some(self.materialize(error));
                }
            } else {
                match self.resume_generator(&delegate, Value::None, Some(exception.clone())) {
                    Ok(SendOutcome::Yielded(value)) => {
                        *generator.state.borrow_mut() = GeneratorState::Suspended(frame);
                        return Ok(SendOutcome::Yielded(value));
                    }
                    Ok(SendOutcome::Done(result)) => {
                        // The delegation is over: continue after it.
                        frame.values.pop();
                        frame.values.push(result);
                        if let Some(Op::Jump(target)) = frame.function.code.ops.get(frame.ip).copied()
                            && let Some(Op::SendFrom(done)) = frame.function.code.ops.get(target.0 as usize).copied()
                        {
                            frame.ip = done.0 as usize;
                        }
                        thrown = None;
                        push_sent = false;
                    }
                    Err(error) => thrown = Some(self.materialize(error)),
                }
            }
        }
        if self.frames.len() + self.native_depth >= self.recursion_limit {
            *generator.state.borrow_mut() = GeneratorState::Suspended(frame);
            return Err(Error::new(ExcKind::RecursionError, "maximum recursion depth exceeded"));
        }
        let base = self.stack.len();
        self.stack.extend(frame.values);
        if push_sent && thrown.is_none() {
            self.stack.push(sent);
        }
        self.frames.push(Frame {
            function: frame.function,
            ip: frame.ip,
            base,
            return_to: base,
            handled: frame.handled,
            kind: FrameKind::Entry,
            generator: Some(generator.clone()),
        });
        self.native_depth += 1;
        let result = match thrown {
            Some(exception) => {
                self.add_traceback_entry(&exception);
                match self.unwind(exception) {
                    Ok(()) => self.execute(),
                    Err(error) => Err(error),
                }
            }
            None => self.execute(),
        };
        self.native_depth -= 1;
        match result {
            Ok(value) => match &*generator.state.borrow() {
                GeneratorState::Suspended(_) => Ok(SendOutcome::Yielded(value)),
                _ => Ok(SendOutcome::Done(value)),
            },
            Err(error) if error.is_instance_of(ExcKind::StopIteration) => {
                // PEP 479: a StopIteration escaping the body is a bug.
                let cause = self.materialize(error);
                let replacement = self.new_exception(ExcKind::RuntimeError, "generator raised StopIteration");
                *replacement.cause.borrow_mut() = Value::Exception(cause.clone());
                *replacement.context.borrow_mut() = Value::Exception(cause);
                replacement.suppress_context.set(true);
                Err(Error::Object(replacement))
            }
            Err(error) => Err(error),
        }
    }

    /// `await value`: the iterator the awaiting delegates to. A coroutine
    /// is its own; a future gives its native one; other objects answer
    /// `__await__` with an iterator.
    pub(crate) fn get_awaitable(&mut self, value: Value) -> Result<Value> {
        if let Value::Generator(coroutine) = &value
            && coroutine.is_coroutine()
        {
            if let GeneratorState::Suspended(frame) = &*coroutine.state.borrow()
                && frame.delegate().is_some()
            {
                return Err(Error::runtime_error("coroutine is being awaited already"));
            }
            return Ok(value);
        }
        if crate::modules::asyncio::is_future(&value) {
            return Ok(value);
        }
        let name = self.intern("__await__");
        let Some(method) = self.class_of(&value).lookup(&name) else {
            return Err(Error::type_error(format!("object {} can't be used in 'await' expression", value.type_name())));
        };
        let iterator = self.call_special(&value, method, &[])?;
        let is_iterator = match &iterator {
            Value::Generator(generator) if generator.is_coroutine() => {
                return Err(Error::type_error("__await__() returned a coroutine"));
            }
            Value::Iterator(_) | Value::Generator(_) => true,
            Value::Instance(instance) => instance.class.lookup(&self.names.next).is_some(),
            _ => false,
        };
        if !is_iterator {
            return Err(Error::type_error(format!(
                "__await__() returned non-iterator of type '{}'",
                iterator.type_name()
            )));
        }
        Ok(iterator)
    }

    /// Closes the generators dropped while suspended since the last time.
    /// An exception from one is reported the way CPython reports an
    /// exception it cannot raise anywhere, and otherwise ignored.
    #[cold]
    pub(crate) fn run_finalizers(&mut self) {
        loop {
            let next = self.finalizers.pending.borrow_mut().pop();
            let Some(frame) = next else { break };
            let generator = Rc::new(GeneratorObject::new(frame, None));
            if let Err(error) = self.close_generator(&generator) {
                let exception = self.materialize(error);
                let description = self.repr(&Value::Generator(generator.clone())).unwrap_or_default();
                let report = self.format_unraisable(&exception);
                self.flush_stdout();
                eprint!("Exception ignored in: {description}\n{report}");
            }
        }
        self.finalizers.any.set(false);
    }

    /// One step of `yield from`: `next` for None, else `send`.
    pub(crate) fn send_into(&mut self, iterator: &Value, sent: Value) -> Result<SendOutcome> {
        if let Value::Generator(generator) = iterator {
            return self.resume_generator(generator, sent, None);
        }
        if let Some(outcome) = crate::modules::asyncio::send_into_future(self, iterator) {
            return outcome;
        }
        if sent.is_none() {
            return Ok(match self.next_item(iterator)? {
                Some(value) => SendOutcome::Yielded(value),
                None => SendOutcome::Done(Value::None),
            });
        }
        let name = self.intern("send");
        let method = self.get_attribute(iterator, &name)?;
        match self.call(&method, &[sent], &[]) {
            Ok(value) => Ok(SendOutcome::Yielded(value)),
            Err(error) if error.is_instance_of(ExcKind::StopIteration) => {
                let exception = self.materialize(error);
                Ok(SendOutcome::Done(stop_iteration_value(&exception)))
            }
            Err(error) => Err(error),
        }
    }

    /// `next(generator)`: the next value, or None when it is finished.
    pub(crate) fn generator_next(&mut self, generator: &Rc<GeneratorObject>) -> Result<Option<Value>> {
        match self.resume_generator(generator, Value::None, None)? {
            SendOutcome::Yielded(value) => Ok(Some(value)),
            SendOutcome::Done(_) => Ok(None),
        }
    }

    /// One `next()` of a generator: Ok(value), or the StopIteration
    /// (carrying the return value) as an inner Err.
    pub fn generator_step(&mut self, generator: &Rc<GeneratorObject>) -> Result<std::result::Result<Value, Error>> {
        Ok(match self.resume_generator(generator, Value::None, None)? {
            SendOutcome::Yielded(value) => Ok(value),
            SendOutcome::Done(value) => Err(stop_iteration(value)),
        })
    }

    /// `generator.close()`: throws GeneratorExit in and expects it back.
    pub(crate) fn close_generator(&mut self, generator: &Rc<GeneratorObject>) -> Result<Value> {
        let started = match &*generator.state.borrow() {
            GeneratorState::Suspended(frame) => frame.started,
            GeneratorState::Running => return Err(Error::value_error("generator already executing")),
            GeneratorState::Finished => false,
        };
        if !started {
            *generator.state.borrow_mut() = GeneratorState::Finished;
            return Ok(Value::None);
        }
        let exit = Rc::new(ExceptionObject::new(self.exception_class(ExcKind::GeneratorExit), Value::tuple(vec![])));
        match self.resume_generator(generator, Value::None, Some(exit)) {
            Ok(SendOutcome::Yielded(_)) => Err(Error::runtime_error("generator ignored GeneratorExit")),
            Ok(SendOutcome::Done(_)) => Ok(Value::None),
            Err(error)
                if error.is_instance_of(ExcKind::GeneratorExit) || error.is_instance_of(ExcKind::StopIteration) =>
            {
                Ok(Value::None)
            }
            Err(error) => Err(error),
        }
    }
}

/// The value a StopIteration carries (its first argument, or None).
pub(crate) fn stop_iteration_value(exception: &ExceptionObject) -> Value {
    match exception.args() {
        Value::Tuple(args) if !args.is_empty() => args.items[0].clone(),
        _ => Value::None,
    }
}

/// A StopIteration carrying a generator's return value.
pub(crate) fn stop_iteration(value: Value) -> Error {
    if value.is_none() { Error::stop_iteration() } else { Error::Builtin(ExcKind::StopIteration, value) }
}

/// The methods of generator objects.
pub(crate) mod methods {
    use super::*;
    use crate::builtins::{check_arguments, no_keywords};
    use crate::object::function::Keywords;

    fn receiver(arguments: &[Value], method: &str) -> Result<Rc<GeneratorObject>> {
        match arguments.first() {
            Some(Value::Generator(generator)) => Ok(generator.clone()),
            Some(other) => Err(Error::type_error(format!(
                "descriptor '{method}' for 'generator' objects doesn't apply to a '{}' object",
                other.type_name()
            ))),
            None => Err(Error::type_error(format!("unbound method generator.{method}() needs an argument"))),
        }
    }

    /// generator.send(value)
    pub(crate) fn send(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
        no_keywords("send", keywords)?;
        check_arguments("generator.send", arguments.get(1..).unwrap_or(&[]), 1, 1)?;
        let generator = receiver(arguments, "send")?;
        match vm.resume_generator(&generator, arguments[1].clone(), None)? {
            SendOutcome::Yielded(value) => Ok(value),
            SendOutcome::Done(value) => Err(stop_iteration(value)),
        }
    }

    /// generator.__next__()
    pub(crate) fn next(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
        no_keywords("__next__", keywords)?;
        let generator = receiver(arguments, "__next__")?;
        match vm.resume_generator(&generator, Value::None, None)? {
            SendOutcome::Yielded(value) => Ok(value),
            SendOutcome::Done(value) => Err(stop_iteration(value)),
        }
    }

    /// generator.throw(exception) / throw(type, value)
    pub(crate) fn throw(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
        no_keywords("throw", keywords)?;
        let generator = receiver(arguments, "throw")?;
        let rest = arguments.get(1..).unwrap_or(&[]);
        check_arguments("throw", rest, 1, 3)?;
        let exception = match (&rest[0], rest.get(1)) {
            (Value::Exception(exception), _) => exception.clone(),
            (Value::Class(class), value) if crate::vm::call::is_exception_class(class) => {
                let arguments = match value {
                    None | Some(Value::None) => Vec::new(),
                    Some(Value::Tuple(tuple)) => tuple.items.to_vec(),
                    Some(other) => vec![other.clone()],
                };
                match vm.instantiate(class, arguments, &[])? {
                    Value::Exception(exception) => exception,
                    _ => return Err(Error::type_error("exceptions must derive from BaseException")),
                }
            }
            _ => {
                return Err(Error::type_error(
                    "exceptions must be classes or instances deriving from BaseException, not ".to_string()
                        + rest[0].type_name(),
                ));
            }
        };
        match vm.resume_generator(&generator, Value::None, Some(exception))? {
            SendOutcome::Yielded(value) => Ok(value),
            SendOutcome::Done(value) => Err(stop_iteration(value)),
        }
    }

    /// generator.close()
    pub(crate) fn close(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
        no_keywords("close", keywords)?;
        let generator = receiver(arguments, "close")?;
        vm.close_generator(&generator)
    }

    /// generator.__iter__()
    pub(crate) fn iter(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
        Ok(arguments.first().cloned().unwrap_or(Value::None))
    }
}
