//! `BaseExceptionGroup` and `ExceptionGroup`: several exceptions raised
//! together, as CPython's `exceptions.c` makes, splits and derives them.
//!
//! A group keeps its `message` and its `exceptions` (a tuple) in the
//! exception's attribute dict; `args` are the two constructor arguments
//! as given.

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
        types.exception(ExcKind::BaseExceptionGroup),
        "BaseExceptionGroup",
        &[("derive", derive), ("split", split), ("subgroup", subgroup)],
        interner,
    );
}

/// A new group of `class` from its constructor arguments. Called on
/// `BaseExceptionGroup` itself with only `Exception`s inside, it makes an
/// `ExceptionGroup`, as CPython's `BaseExceptionGroup.__new__` does.
pub(crate) fn new_exception_group(vm: &mut Vm, class: &Rc<Class>, arguments: Vec<Value>) -> Result<ExceptionObject> {
    let [message, sequence] = <[Value; 2]>::try_from(arguments.clone()).map_err(|given| {
        Error::type_error(format!("BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)", given.len()))
    })?;
    if !matches!(message, Value::Str(_)) {
        return Err(Error::type_error(format!(
            "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
            message.type_name()
        )));
    }
    let items = match &sequence {
        Value::List(list) => list.snapshot(),
        Value::Tuple(tuple) => tuple.items.to_vec(),
        _ => return Err(Error::type_error("second argument (exceptions) must be a sequence")),
    };
    if items.is_empty() {
        return Err(Error::value_error("second argument (exceptions) must be a non-empty sequence"));
    }
    let mut all_exceptions = true;
    for (index, item) in items.iter().enumerate() {
        let Value::Exception(exception) = item else {
            return Err(Error::value_error(format!(
                "Item {index} of second argument (exceptions) is not an exception"
            )));
        };
        all_exceptions &= exception.class.is_builtin_exception_subclass(ExcKind::Exception);
    }
    let base_group = vm.exception_class(ExcKind::BaseExceptionGroup);
    let mut class = class.clone();
    if Rc::ptr_eq(&class, &base_group) {
        if all_exceptions {
            class = vm.exception_class(ExcKind::ExceptionGroup);
        }
    } else if class.is_builtin_exception_subclass(ExcKind::Exception) && !all_exceptions {
        let message = if class.exception_kind == Some(ExcKind::ExceptionGroup) {
            "Cannot nest BaseExceptions in an ExceptionGroup".to_string()
        } else {
            format!("Cannot nest BaseExceptions in '{}'", class.name())
        };
        return Err(Error::type_error(message));
    }
    let group = ExceptionObject::new(class, Value::tuple(arguments));
    let mut attributes = group.attributes.borrow_mut();
    attributes.insert_str(&vm.intern("message"), message);
    attributes.insert_str(&vm.intern("exceptions"), Value::tuple(items));
    drop(attributes);
    Ok(group)
}

/// The exceptions inside a group, or None for a plain exception.
pub(crate) fn group_members(vm: &mut Vm, exception: &ExceptionObject) -> Option<Vec<Value>> {
    if !exception.class.is_builtin_exception_subclass(ExcKind::BaseExceptionGroup) {
        return None;
    }
    match exception.attributes.borrow().get_str(&vm.intern("exceptions")) {
        Some(Value::Tuple(members)) => Some(members.items.to_vec()),
        _ => None,
    }
}

/// The group a method was called on.
fn receiver<'a>(method: &str, arguments: &'a [Value]) -> Result<&'a Rc<ExceptionObject>> {
    match arguments.first() {
        Some(Value::Exception(exception))
            if exception.class.is_builtin_exception_subclass(ExcKind::BaseExceptionGroup) =>
        {
            Ok(exception)
        }
        _ => Err(receiver_error("BaseExceptionGroup", method, arguments)),
    }
}

/// `group.derive(excs)`: a group with the same message around `excs`.
fn derive(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let group = receiver("derive", arguments)?;
    check_positional("BaseExceptionGroup", "derive", &arguments[1..], keywords, 1, 1)?;
    let message = group.attributes.borrow().get_str(&vm.intern("message")).cloned().unwrap_or(Value::None);
    let base_group = vm.exception_class(ExcKind::BaseExceptionGroup);
    vm.call(&Value::Class(base_group), &[message, arguments[1].clone()], &[])
}

/// `group.split(condition)`: `(match, rest)`, either None when empty.
fn split(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    receiver("split", arguments)?;
    check_positional("BaseExceptionGroup", "split", &arguments[1..], keywords, 1, 1)?;
    let matcher = Matcher::new(&arguments[1])?;
    let (matched, rest) = split_recursive(vm, &arguments[0], &matcher, true)?;
    Ok(Value::tuple(vec![matched.unwrap_or(Value::None), rest.unwrap_or(Value::None)]))
}

/// `group.subgroup(condition)`: the matching part, or None.
fn subgroup(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    receiver("subgroup", arguments)?;
    check_positional("BaseExceptionGroup", "subgroup", &arguments[1..], keywords, 1, 1)?;
    let matcher = Matcher::new(&arguments[1])?;
    let (matched, _) = split_recursive(vm, &arguments[0], &matcher, false)?;
    Ok(matched.unwrap_or(Value::None))
}

/// What `split` and `subgroup` select by: exception classes or a
/// predicate.
enum Matcher {
    Classes(Value),
    Predicate(Value),
}

impl Matcher {
    fn new(condition: &Value) -> Result<Matcher> {
        let is_exception_class = |value: &Value| matches!(value, Value::Class(class) if class.is_exception_class());
        match condition {
            Value::Class(_) if is_exception_class(condition) => Ok(Matcher::Classes(condition.clone())),
            Value::Tuple(tuple) if tuple.items.iter().all(is_exception_class) => {
                Ok(Matcher::Classes(condition.clone()))
            }
            Value::Function(_) | Value::Native(_) | Value::BoundMethod(_) => Ok(Matcher::Predicate(condition.clone())),
            _ => Err(Error::type_error("expected a function, exception type or tuple of exception types")),
        }
    }

    fn matches(&self, vm: &mut Vm, exception: &Value) -> Result<bool> {
        match self {
            Matcher::Classes(Value::Tuple(classes)) => {
                let class = vm.class_of(exception);
                Ok(classes.items.iter().any(|other| matches!(other, Value::Class(other) if class.is_subclass(other))))
            }
            Matcher::Classes(Value::Class(other)) => Ok(vm.class_of(exception).is_subclass(other)),
            Matcher::Classes(_) => Ok(false),
            Matcher::Predicate(predicate) => {
                let verdict = vm.call(predicate, std::slice::from_ref(exception), &[])?;
                vm.is_true(&verdict)
            }
        }
    }
}

/// CPython's `exceptiongroup_split_recursive`: a whole match, or the
/// group rebuilt (by its `derive`) around the parts that match and, with
/// `construct_rest`, around those that do not.
fn split_recursive(
    vm: &mut Vm,
    exception: &Value,
    matcher: &Matcher,
    construct_rest: bool,
) -> Result<(Option<Value>, Option<Value>)> {
    if matcher.matches(vm, exception)? {
        return Ok((Some(exception.clone()), None));
    }
    let Value::Exception(object) = exception else { return Ok((None, None)) };
    let Some(members) = group_members(vm, object) else {
        return Ok((None, construct_rest.then(|| exception.clone())));
    };
    let mut matched = Vec::new();
    let mut rest = Vec::new();
    for member in &members {
        let (member_match, member_rest) = split_recursive(vm, member, matcher, construct_rest)?;
        matched.extend(member_match);
        rest.extend(member_rest);
    }
    let matched = derive_with_metadata(vm, object, matched)?;
    let rest = if construct_rest { derive_with_metadata(vm, object, rest)? } else { None };
    Ok((matched, rest))
}

/// `group.derive(members)` with the group's cause, context, traceback
/// and notes copied over; None for no members.
fn derive_with_metadata(vm: &mut Vm, group: &Rc<ExceptionObject>, members: Vec<Value>) -> Result<Option<Value>> {
    if members.is_empty() {
        return Ok(None);
    }
    let method = vm.intern("derive");
    let derive = vm.get_attribute(&Value::Exception(group.clone()), &method)?;
    let derived = vm.call(&derive, &[Value::list(members)], &[])?;
    let Value::Exception(derived_object) = &derived else {
        return Err(Error::type_error("derive must return an instance of BaseExceptionGroup"));
    };
    if !derived_object.class.is_builtin_exception_subclass(ExcKind::BaseExceptionGroup) {
        return Err(Error::type_error("derive must return an instance of BaseExceptionGroup"));
    }
    *derived_object.cause.borrow_mut() = group.cause.borrow().clone();
    *derived_object.context.borrow_mut() = group.context.borrow().clone();
    derived_object.suppress_context.set(group.suppress_context.get());
    *derived_object.traceback.borrow_mut() = group.traceback.borrow().clone();
    let notes = vm.intern("__notes__");
    if let Some(Value::List(list)) = group.attributes.borrow().get_str(&notes) {
        derived_object.attributes.borrow_mut().insert_str(&notes, Value::list(list.snapshot()));
    }
    Ok(Some(derived))
}
