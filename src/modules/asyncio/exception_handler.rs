//! What the loop does with an error nothing else can raise: a callback
//! that failed, a future dropped with an exception nobody retrieved. It
//! goes to the loop's exception handler (`loop.set_exception_handler`),
//! or else to the default one, which logs it on stderr the way CPython's
//! `logging` last-resort handler prints `default_exception_handler`'s
//! message.

use std::rc::Rc;

use super::future::{self, FutureCore};
use super::{classes, loop_of, loop_receiver};
use crate::builtins::{check_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::Keywords;
use crate::value::Value;
use crate::vm::Vm;

/// Futures dropped holding an exception nobody asked for, kept until the
/// VM can report them (`Future.__del__` in CPython). Shared by the
/// runtime and every loop, since the loop may be going away too.
pub(crate) type Unretrieved = Rc<std::cell::RefCell<Vec<FutureCore>>>;

/// Whether an exception must stop the loop instead of being handled.
pub(crate) fn is_fatal(exception: &ExceptionObject) -> bool {
    exception.class.is_builtin_exception_subclass(ExcKind::SystemExit)
        || exception.class.is_builtin_exception_subclass(ExcKind::KeyboardInterrupt)
}

/// `loop.call_exception_handler(context)`.
pub(crate) fn call_exception_handler(vm: &mut Vm, loop_object: &Value, context: Value) -> Result<()> {
    let handler = loop_of(loop_object)?.exception_handler.borrow().clone();
    if handler.is_none() {
        return default_handler_guarded(vm, &context);
    }
    let Err(error) = vm.call(&handler, &[loop_object.clone(), context.clone()], &[]) else {
        return Ok(());
    };
    let exception = vm.materialize(error);
    if is_fatal(&exception) {
        return Err(Error::Object(exception));
    }
    let fallback = context_dict(
        vm,
        vec![
            ("message", Value::from_text("Unhandled error in exception handler")),
            ("exception", Value::Exception(exception)),
            ("context", context),
        ],
    )?;
    default_handler_guarded(vm, &fallback)
}

/// The default handler, whose own failure is logged rather than raised.
fn default_handler_guarded(vm: &mut Vm, context: &Value) -> Result<()> {
    let Err(error) = default_exception_handler(vm, context) else { return Ok(()) };
    let exception = vm.materialize(error);
    if is_fatal(&exception) {
        return Err(Error::Object(exception));
    }
    let report = vm.format_unraisable(&exception);
    vm.flush_stdout();
    eprint!("Exception in default exception handler\n{report}");
    Ok(())
}

/// `loop.default_exception_handler(context)`: the message, then every
/// other key but `exception` as `key: repr`, sorted, then the
/// exception's traceback.
fn default_exception_handler(vm: &mut Vm, context: &Value) -> Result<()> {
    let Value::Dict(dict) = context else {
        return Err(Error::type_error("the exception handler context must be a dict"));
    };
    let mut entries: Vec<(String, Value)> = Vec::new();
    for (key, value) in dict.table.borrow().iter() {
        entries.push((key.as_str().unwrap_or_default().to_string(), value.clone()));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let find = |name: &str| entries.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
    let message = match find("message") {
        Some(message) if vm.is_true(&message)? => vm.to_str(&message)?,
        _ => "Unhandled exception in event loop".to_string(),
    };
    let exception = find("exception");
    let mut text = message;
    for (key, value) in &entries {
        if key == "message" || key == "exception" {
            continue;
        }
        text.push_str(&format!("\n{key}: {}", vm.repr(value)?));
    }
    text.push('\n');
    if let Some(Value::Exception(exception)) = exception {
        text.push_str(&vm.format_unraisable(&exception));
    }
    vm.flush_stdout();
    eprint!("{text}");
    Ok(())
}

/// A context dict from its keys and values.
fn context_dict(vm: &mut Vm, entries: Vec<(&str, Value)>) -> Result<Value> {
    let pairs = entries.into_iter().map(|(key, value)| (Value::from_text(key), value)).collect();
    vm.new_dict_from_pairs(pairs)
}

/// Hands a callback's exception to the exception handler, as
/// `Handle._run` does.
pub(crate) fn report_callback_error(
    vm: &mut Vm,
    loop_object: &Value,
    description: String,
    handle: Value,
    exception: Rc<ExceptionObject>,
) -> Result<()> {
    let context = context_dict(
        vm,
        vec![
            ("message", Value::from_string(format!("Exception in callback {description}"))),
            ("exception", Value::Exception(exception)),
            ("handle", handle),
        ],
    )?;
    call_exception_handler(vm, loop_object, context)
}

/// Reports the futures dropped with an exception nobody retrieved:
/// "Task exception was never retrieved" and the traceback.
pub(crate) fn report_unretrieved(vm: &mut Vm) -> Result<()> {
    loop {
        let orphans = std::mem::take(&mut *vm.asyncio.unretrieved.borrow_mut());
        if orphans.is_empty() {
            return Ok(());
        }
        for orphan in orphans {
            let class = if orphan.task.is_some() { classes(vm).task.clone() } else { classes(vm).future.clone() };
            let loop_object = orphan.loop_object.clone();
            let exception = orphan.exception.clone().map_or(Value::None, Value::Exception);
            // The report shows the future as it was: a stand-in object
            // carries its state.
            let stand_in = future::new_future(&class, orphan);
            let message = format!("{} exception was never retrieved", class.name());
            let context = context_dict(
                vm,
                vec![("message", Value::from_string(message)), ("exception", exception), ("future", stand_in)],
            )?;
            call_exception_handler(vm, &loop_object, context)?;
        }
    }
}

/// How asyncio names a callback in its messages: `f(1, 'x') at file:3`
/// (`format_helpers._format_callback_source`).
pub(crate) fn describe_callback(vm: &mut Vm, function: &Value, arguments: &[Value]) -> String {
    let (name, source) = match function {
        Value::Function(function) => {
            let code = &function.code;
            (code.qualname.as_str().to_string(), Some(format!("{}:{}", code.filename, code.first_line)))
        }
        Value::BoundMethod(method) => match &method.function {
            Value::Function(function) => (function.code.qualname.as_str().to_string(), None),
            other => (vm.repr(other).unwrap_or_default(), None),
        },
        Value::Native(native) => (native.qualified_name(), None),
        Value::Class(class) => (class.qualname.clone(), None),
        other => (vm.repr(other).unwrap_or_default(), None),
    };
    let arguments: Vec<String> = arguments.iter().map(|argument| short_repr(vm, argument)).collect();
    let mut text = format!("{name}({})", arguments.join(", "));
    if let Some(source) = source {
        text.push_str(&format!(" at {source}"));
    }
    text
}

/// `reprlib.repr` for the common cases: long reprs keep their two ends.
fn short_repr(vm: &mut Vm, value: &Value) -> String {
    let text = vm.repr(value).unwrap_or_default();
    let limit = match value {
        Value::Int(_) | Value::BigInt(_) => 40,
        _ => 30,
    };
    let characters: Vec<char> = text.chars().collect();
    if characters.len() <= limit {
        return text;
    }
    let head = (limit - 3) / 2;
    let tail = limit - 3 - head;
    let start: String = characters[..head].iter().collect();
    let end: String = characters[characters.len() - tail..].iter().collect();
    format!("{start}...{end}")
}

// ------------------------------------------------------------ loop methods

pub(super) fn loop_set_exception_handler(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("set_exception_handler", keywords)?;
    check_arguments("set_exception_handler", &arguments[1.min(arguments.len())..], 1, 1)?;
    let (_, event_loop) = loop_receiver(arguments)?;
    let handler = arguments[1].clone();
    if !handler.is_none() && !crate::builtins::is_callable(vm, &handler) {
        return Err(Error::type_error(format!("A callable object or None is expected, got {}", vm.repr(&handler)?)));
    }
    *event_loop.exception_handler.borrow_mut() = handler;
    Ok(Value::None)
}

pub(super) fn loop_get_exception_handler(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (_, event_loop) = loop_receiver(arguments)?;
    Ok(event_loop.exception_handler.borrow().clone())
}

pub(super) fn loop_call_exception_handler(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("call_exception_handler", keywords)?;
    check_arguments("call_exception_handler", &arguments[1.min(arguments.len())..], 1, 1)?;
    let (loop_object, _) = loop_receiver(arguments)?;
    call_exception_handler(vm, &loop_object.clone(), arguments[1].clone())?;
    Ok(Value::None)
}

pub(super) fn loop_default_exception_handler(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("default_exception_handler", keywords)?;
    check_arguments("default_exception_handler", &arguments[1.min(arguments.len())..], 1, 1)?;
    default_exception_handler(vm, &arguments[1])?;
    Ok(Value::None)
}
