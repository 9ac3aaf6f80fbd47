//! What the builtin value types give script subclasses (`class
//! MyDict(dict)`): `__new__` making an instance of the subclass that
//! carries a value of the type, and `__init__` filling a list, dict or set
//! in place, for a subclass's `__init__` to reach with `super()`.

use crate::ast::BinaryOp;
use crate::builtins::{add_methods, check_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::function::{Keywords, NativeFn};
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(
        &types.list,
        "list",
        &[("__init__", list_init), ("__iadd__", inplace_add), ("__imul__", inplace_mul)],
        interner,
    );
    add_methods(&types.dict, "dict", &[("__init__", dict_init)], interner);
    add_methods(
        &types.set,
        "set",
        &[
            ("__init__", set_init),
            ("__ior__", inplace_or),
            ("__iand__", inplace_and),
            ("__isub__", inplace_sub),
            ("__ixor__", inplace_xor),
        ],
        interner,
    );
}

/// The builtin types scripts may derive classes from.
pub(crate) fn is_value_type(name: &str) -> bool {
    matches!(name, "int" | "float" | "str" | "tuple" | "frozenset" | "list" | "dict" | "set")
}

/// `type.__new__(cls, ...)` for the builtin value type `owner`, whose
/// plain constructor is `make`: for a script subclass, an instance
/// carrying the value. As in CPython, list, dict and set start empty
/// here and take their arguments in `__init__`.
pub(crate) fn construct(
    vm: &mut Vm,
    arguments: &[Value],
    keywords: Keywords,
    owner: &str,
    make: NativeFn,
) -> Result<Value> {
    let Some(Value::Class(class)) = arguments.first() else { return make(vm, arguments, keywords) };
    let Some(base) = class.value_base() else { return make(vm, arguments, keywords) };
    if base.name() != owner {
        let name = class.name();
        return Err(Error::type_error(format!("{owner}.__new__({name}): {name} is not a subtype of {owner}")));
    }
    let value = if matches!(owner, "list" | "dict" | "set") {
        make(vm, &arguments[..1], &[])?
    } else {
        make(vm, arguments, keywords)?
    };
    Ok(Vm::wrap_builtin_value(class, value))
}

/// `list.__init__(self, iterable=())`: replaces the items.
fn list_init(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("list", keywords)?;
    let [Value::List(list), rest @ ..] = arguments else { return Err(descriptor_error("list", arguments)) };
    check_arguments("list", rest, 0, 1)?;
    let items = match rest.first() {
        Some(iterable) => vm.collect_iterable(iterable.clone())?,
        None => Vec::new(),
    };
    *list.items.borrow_mut() = items;
    Ok(Value::None)
}

/// `dict.__init__(self, mapping_or_pairs=(), **keywords)`: adds the items.
fn dict_init(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [dict @ Value::Dict(_), rest @ ..] = arguments else { return Err(descriptor_error("dict", arguments)) };
    check_arguments("dict", rest, 0, 1)?;
    if let Some(source) = rest.first() {
        vm.dict_update(dict, source.clone(), None)?;
    }
    for (name, value) in keywords {
        vm.dict_set_item(dict, Value::Str(name.clone()), value.clone())?;
    }
    Ok(Value::None)
}

/// `set.__init__(self, iterable=())`: replaces the items.
fn set_init(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("set", keywords)?;
    let [Value::Set(set), rest @ ..] = arguments else { return Err(descriptor_error("set", arguments)) };
    check_arguments("set", rest, 0, 1)?;
    let table = match rest.first() {
        Some(iterable) => super::constructors::set_table_from(vm, iterable)?,
        None => crate::object::set_table::SetTable::new(),
    };
    *set.table.borrow_mut() = table;
    Ok(Value::None)
}

/// "descriptor '__init__' requires a 'list' object but received a 'int'"
fn descriptor_error(owner: &str, arguments: &[Value]) -> Error {
    match arguments.first() {
        Some(other) => Error::type_error(format!(
            "descriptor '__init__' requires a '{owner}' object but received a '{}'",
            other.type_name()
        )),
        None => Error::type_error(format!("descriptor '__init__' of '{owner}' object needs an argument")),
    }
}

/// The in-place operators of list and set, which change the receiver:
/// what `+=` does for them, as a method a subclass inherits.
fn inplace(vm: &mut Vm, op: BinaryOp, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("in-place operator", keywords)?;
    let [receiver, other] = arguments else {
        return Err(Error::type_error(format!("expected 1 argument, got {}", arguments.len().saturating_sub(1))));
    };
    vm.inplace_op(op, receiver.clone(), other.clone())
}

macro_rules! inplace_methods {
    ($($name:ident => $op:expr;)*) => {$(
        fn $name(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
            inplace(vm, $op, arguments, keywords)
        }
    )*};
}

inplace_methods! {
    inplace_add => BinaryOp::Add;
    inplace_mul => BinaryOp::Mul;
    inplace_or => BinaryOp::BitOr;
    inplace_and => BinaryOp::BitAnd;
    inplace_sub => BinaryOp::Sub;
    inplace_xor => BinaryOp::BitXor;
}
