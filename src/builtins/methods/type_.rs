//! Methods of `type`, which every class has (`int.mro()`).

use super::arguments::{check_positional, receiver_error};
use crate::builtins::add_methods;
use crate::error::Result;
use crate::object::function::Keywords;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(&types.type_, "type", &[("mro", mro)], interner);
}

/// `type.mro()`: the class and its method resolution order, as a list.
fn mro(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let Some(Value::Class(class)) = arguments.first() else {
        return Err(receiver_error("type", "mro", arguments));
    };
    // Called through a class, CPython's messages name that class
    // ("int.mro() takes no arguments (1 given)").
    check_positional(class.name(), "mro", &arguments[1..], keywords, 0, 0)?;
    let order = std::iter::once(class).chain(&class.mro).map(|class| Value::Class(class.clone()));
    Ok(Value::list(order.collect()))
}
