//! Methods of exception instances, defined on `BaseException`.

use std::rc::Rc;

use super::arguments::{check_positional, receiver_error};
use crate::builtins::add_methods;
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::Keywords;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(
        types.exception(ExcKind::BaseException),
        "BaseException",
        &[
            ("with_traceback", with_traceback),
            ("add_note", add_note),
            ("__init__", init),
            ("__str__", str),
            ("__repr__", repr),
        ],
        interner,
    );
}

/// The exception a method was called on and its one argument.
fn receiver_and_argument<'a>(
    method: &str,
    arguments: &'a [Value],
    keywords: Keywords,
) -> Result<(&'a Rc<ExceptionObject>, &'a Value)> {
    let Some(Value::Exception(exception)) = arguments.first() else {
        return Err(receiver_error("BaseException", method, arguments));
    };
    check_positional("BaseException", method, &arguments[1..], keywords, 1, 1)?;
    Ok((exception, &arguments[1]))
}

/// The exception a method was called on.
fn receiver<'a>(method: &str, arguments: &'a [Value]) -> Result<&'a Rc<ExceptionObject>> {
    match arguments.first() {
        Some(Value::Exception(exception)) => Ok(exception),
        _ => Err(receiver_error("BaseException", method, arguments)),
    }
}

/// `BaseException.__init__(*args)`: sets `args`, and the keyword
/// arguments of the classes that take some.
fn init(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let exception = receiver("__init__", arguments)?;
    set_keyword_attributes(&exception.class, exception, keywords)?;
    *exception.args.borrow_mut() = Value::tuple(arguments[1..].to_vec());
    Ok(Value::None)
}

/// The keyword arguments a builtin exception's constructor takes: `name`
/// and `obj` for an AttributeError, `name` for a NameError (what a
/// traceback's "Did you mean" reads). Other classes take none. `class` is
/// the one called, which errors name: `OSError(2, "x")` makes a
/// FileNotFoundError.
pub(crate) fn set_keyword_attributes(class: &Class, exception: &ExceptionObject, keywords: Keywords) -> Result<()> {
    if keywords.is_empty() {
        return Ok(());
    }
    // CPython names the class that parses them, not a subclass.
    let (parser, allowed): (&str, &[&str]) = if class.is_builtin_exception_subclass(ExcKind::AttributeError) {
        ("AttributeError", &["name", "obj"])
    } else if class.is_builtin_exception_subclass(ExcKind::NameError) {
        ("NameError", &["name"])
    } else {
        return Err(Error::type_error(format!("{}() takes no keyword arguments", class.name())));
    };
    if keywords.len() > allowed.len() {
        let plural = if allowed.len() == 1 { "" } else { "s" };
        return Err(Error::type_error(format!(
            "{parser}() takes at most {} keyword argument{plural} ({} given)",
            allowed.len(),
            keywords.len()
        )));
    }
    if let Some((unknown, _)) = keywords.iter().find(|(key, _)| !allowed.contains(&key.as_str())) {
        return Err(Error::type_error(format!("'{}' is an invalid keyword argument for {parser}()", unknown.as_str())));
    }
    let mut attributes = exception.attributes.borrow_mut();
    for (key, value) in keywords {
        attributes.insert_str(key, value.clone());
    }
    Ok(())
}

/// `BaseException.__str__`, ignoring a subclass's override.
fn str(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_positional("BaseException", "__str__", &arguments[1.min(arguments.len())..], keywords, 0, 0)?;
    let exception = receiver("__str__", arguments)?;
    vm.builtin_exception_str(exception).map(Value::from_string)
}

/// `BaseException.__repr__`, ignoring a subclass's override.
fn repr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_positional("BaseException", "__repr__", &arguments[1.min(arguments.len())..], keywords, 0, 0)?;
    let exception = receiver("__repr__", arguments)?;
    vm.builtin_exception_repr(exception).map(Value::from_string)
}

/// `BaseException.with_traceback(tb)`: sets `__traceback__`, returns the
/// exception.
fn with_traceback(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (exception, traceback) = receiver_and_argument("with_traceback", arguments, keywords)?;
    match traceback {
        // Scripts never see traceback objects (`__traceback__` reads as
        // None), so None is the only one they can pass. It drops the frames
        // recorded so far, so a re-raise shows only the new ones.
        Value::None => exception.traceback.borrow_mut().clear(),
        _ => return Err(Error::type_error("__traceback__ must be a traceback or None")),
    }
    Ok(arguments[0].clone())
}

/// `BaseException.add_note(note)`: appends to the `__notes__` list,
/// creating it on first use.
fn add_note(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (exception, note) = receiver_and_argument("add_note", arguments, keywords)?;
    if !matches!(note, Value::Str(_)) {
        return Err(Error::type_error(format!("note must be a str, not '{}'", note.type_name())));
    }
    let key = vm.intern("__notes__");
    let notes = exception.attributes.borrow().get_str(&key).cloned();
    match notes {
        None => {
            exception.attributes.borrow_mut().insert_str(&key, Value::list(vec![note.clone()]));
        }
        Some(Value::List(list)) => list.items.borrow_mut().push(note.clone()),
        Some(_) => return Err(Error::type_error("Cannot add note: __notes__ is not a list")),
    }
    Ok(Value::None)
}
