//! The special methods of the builtin types (`(1).__add__(2)`,
//! `d.__getitem__(k)`, `lst.__len__()`): each is the operation the
//! interpreter already performs for the operator, called explicitly. Binary
//! operators give `NotImplemented` for operands of the wrong type, as
//! CPython's do.

use crate::ast::{BinaryOp, UnaryOp};
use crate::builtins::{add_methods, check_arguments};
use crate::bytecode::Comparison;
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::exception::ExcKind;
use crate::object::function::{Keywords, NativeFn};
use crate::object::instance::carried_value;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    // Every object can be shown, compared for identity and hashed.
    add_methods(&types.object, "object", OBJECT, interner);

    let sized: [(&Class, &'static str); 14] = [
        (&types.str_, "str"),
        (&types.bytes, "bytes"),
        (&types.bytearray, "bytearray"),
        (&types.list, "list"),
        (&types.tuple, "tuple"),
        (&types.dict, "dict"),
        (&types.set, "set"),
        (&types.frozenset, "frozenset"),
        (&types.range, "range"),
        (&types.dict_keys, "dict_keys"),
        (&types.dict_values, "dict_values"),
        (&types.dict_items, "dict_items"),
        (&types.int, "int"),
        (&types.float, "float"),
    ];
    for (class, owner) in sized {
        if !matches!(owner, "int" | "float") {
            add_methods(class, owner, CONTAINER, interner);
        }
        if !matches!(owner, "dict_keys" | "dict_values" | "dict_items" | "range" | "dict") {
            add_methods(class, owner, ARITHMETIC, interner);
        }
        add_methods(class, owner, ORDERING, interner);
    }
    for (class, owner) in [(&types.list, "list"), (&types.dict, "dict"), (&types.bytearray, "bytearray")] {
        add_methods(class, owner, MUTABLE, interner);
    }
    for (class, owner) in [(&types.int, "int"), (&types.float, "float")] {
        add_methods(class, owner, NUMBER, interner);
    }
    add_methods(&types.int, "int", &[("__index__", index)], interner);
    add_methods(&types.dict, "dict", &[("__or__", or), ("__ror__", reflected_or), ("__ior__", inplace_or)], interner);
}

const OBJECT: &[(&str, NativeFn)] =
    &[("__repr__", repr), ("__str__", str), ("__format__", format), ("__hash__", hash), ("__eq__", eq), ("__ne__", ne)];

const CONTAINER: &[(&str, NativeFn)] =
    &[("__len__", len), ("__getitem__", getitem), ("__contains__", contains), ("__iter__", iter)];

const MUTABLE: &[(&str, NativeFn)] = &[("__setitem__", setitem), ("__delitem__", delitem)];

const ORDERING: &[(&str, NativeFn)] = &[("__lt__", lt), ("__le__", le), ("__gt__", gt), ("__ge__", ge)];

const ARITHMETIC: &[(&str, NativeFn)] = &[
    ("__add__", add),
    ("__radd__", reflected_add),
    ("__mul__", mul),
    ("__rmul__", reflected_mul),
    ("__mod__", modulo),
    ("__rmod__", reflected_modulo),
    ("__sub__", sub),
    ("__rsub__", reflected_sub),
    ("__and__", and),
    ("__rand__", reflected_and),
    ("__or__", or),
    ("__ror__", reflected_or),
    ("__xor__", xor),
    ("__rxor__", reflected_xor),
];

const NUMBER: &[(&str, NativeFn)] = &[
    ("__truediv__", truediv),
    ("__rtruediv__", reflected_truediv),
    ("__floordiv__", floordiv),
    ("__rfloordiv__", reflected_floordiv),
    ("__pow__", pow),
    ("__rpow__", reflected_pow),
    ("__lshift__", lshift),
    ("__rshift__", rshift),
    ("__neg__", neg),
    ("__pos__", pos),
    ("__abs__", abs),
    ("__invert__", invert),
    ("__bool__", bool),
    ("__int__", int),
    ("__float__", float),
];

/// The receiver and the one argument of a binary special method.
fn operands<'a>(name: &str, arguments: &'a [Value], keywords: Keywords) -> Result<(&'a Value, &'a Value)> {
    crate::builtins::no_keywords(name, keywords)?;
    match arguments {
        [receiver, other] => Ok((carried_value(receiver).unwrap_or(receiver), other)),
        [] => Err(Error::type_error(format!("descriptor '{name}' needs an argument"))),
        [_, rest @ ..] => Err(check_arguments(name, rest, 1, 1)
            .err()
            .unwrap_or_else(|| Error::type_error(format!("{name}() takes exactly one argument")))),
    }
}

/// The receiver of a special method that takes no argument.
fn receiver<'a>(name: &str, arguments: &'a [Value], keywords: Keywords) -> Result<&'a Value> {
    crate::builtins::no_keywords(name, keywords)?;
    match arguments {
        [receiver] => Ok(carried_value(receiver).unwrap_or(receiver)),
        [] => Err(Error::type_error(format!("descriptor '{name}' needs an argument"))),
        [_, rest @ ..] => Err(check_arguments(name, rest, 0, 0)
            .err()
            .unwrap_or_else(|| Error::type_error(format!("{name}() takes no arguments")))),
    }
}

/// An operator's result, with "unsupported operand" turned into
/// NotImplemented, as a special method reports it.
fn or_not_implemented(result: Result<Value>) -> Result<Value> {
    match result {
        Err(error) if error.is_instance_of(ExcKind::TypeError) => Ok(Value::NotImplemented),
        other => other,
    }
}

fn binary(
    vm: &mut Vm,
    name: &str,
    op: BinaryOp,
    arguments: &[Value],
    keywords: Keywords,
    reflected: bool,
) -> Result<Value> {
    let (receiver, other) = operands(name, arguments, keywords)?;
    let (left, right) = if reflected { (other, receiver) } else { (receiver, other) };
    or_not_implemented(vm.binary_op(op, left.clone(), right.clone()))
}

macro_rules! binary_methods {
    ($($forward:ident, $reflected:ident, $name:literal, $op:expr;)*) => {$(
        fn $forward(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
            binary(vm, concat!("__", $name, "__"), $op, arguments, keywords, false)
        }
        fn $reflected(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
            binary(vm, concat!("__r", $name, "__"), $op, arguments, keywords, true)
        }
    )*};
}

binary_methods! {
    add, reflected_add, "add", BinaryOp::Add;
    sub, reflected_sub, "sub", BinaryOp::Sub;
    mul, reflected_mul, "mul", BinaryOp::Mul;
    modulo, reflected_modulo, "mod", BinaryOp::Mod;
    truediv, reflected_truediv, "truediv", BinaryOp::TrueDiv;
    floordiv, reflected_floordiv, "floordiv", BinaryOp::FloorDiv;
    pow, reflected_pow, "pow", BinaryOp::Pow;
    and, reflected_and, "and", BinaryOp::BitAnd;
    or, reflected_or, "or", BinaryOp::BitOr;
    xor, reflected_xor, "xor", BinaryOp::BitXor;
}

fn lshift(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    binary(vm, "__lshift__", BinaryOp::LShift, arguments, keywords, false)
}

fn rshift(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    binary(vm, "__rshift__", BinaryOp::RShift, arguments, keywords, false)
}

/// dict.__ior__: `d |= other` in place.
fn inplace_or(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (receiver, other) = operands("__ior__", arguments, keywords)?;
    vm.dict_update(receiver, other.clone(), None)?;
    Ok(receiver.clone())
}

fn unary(vm: &mut Vm, name: &str, op: UnaryOp, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver(name, arguments, keywords)?;
    vm.unary_op(op, value.clone())
}

fn neg(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    unary(vm, "__neg__", UnaryOp::Neg, arguments, keywords)
}

fn pos(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    unary(vm, "__pos__", UnaryOp::Pos, arguments, keywords)
}

fn invert(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    unary(vm, "__invert__", UnaryOp::Invert, arguments, keywords)
}

fn abs(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__abs__", arguments, keywords)?.clone();
    let absolute = vm.intern("abs");
    let function = vm.builtins.get_str(&absolute).unwrap_or(Value::None);
    vm.call(&function, &[value], &[])
}

fn bool(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__bool__", arguments, keywords)?.clone();
    vm.is_true(&value).map(Value::Bool)
}

/// Calls a builtin type with one argument (`int(x)`, `float(x)`).
fn convert(vm: &mut Vm, class: &Value, value: Value) -> Result<Value> {
    vm.call(class, &[value], &[])
}

fn int(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__int__", arguments, keywords)?.clone();
    convert(vm, &Value::Class(vm.types.int.clone()), value)
}

fn float(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__float__", arguments, keywords)?.clone();
    convert(vm, &Value::Class(vm.types.float.clone()), value)
}

fn index(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__index__", arguments, keywords)?;
    Ok(match value {
        Value::Bool(b) => Value::Int(*b as i64),
        other => other.clone(),
    })
}

fn compare(vm: &mut Vm, name: &str, comparison: Comparison, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (left, right) = operands(name, arguments, keywords)?;
    or_not_implemented(vm.compare_op(left, right, comparison))
}

fn lt(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    compare(vm, "__lt__", Comparison::Lt, arguments, keywords)
}

fn le(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    compare(vm, "__le__", Comparison::Le, arguments, keywords)
}

fn gt(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    compare(vm, "__gt__", Comparison::Gt, arguments, keywords)
}

fn ge(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    compare(vm, "__ge__", Comparison::Ge, arguments, keywords)
}

/// `__eq__`: values of unrelated types are not equal, but CPython says so
/// with NotImplemented (then `==` falls back to identity).
fn eq(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (left, right) = operands("__eq__", arguments, keywords)?;
    if let Value::Instance(_) = left {
        // `object.__eq__`: identity, else let the other side decide.
        return Ok(if left.is(right) { Value::Bool(true) } else { Value::NotImplemented });
    }
    if vm.equals(left, right)? {
        return Ok(Value::Bool(true));
    }
    Ok(if comparable(vm, left, right) { Value::Bool(false) } else { Value::NotImplemented })
}

fn ne(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (left, right) = operands("__ne__", arguments, keywords)?;
    if let Value::Instance(_) = left {
        return vm.default_not_equal(left, right);
    }
    if vm.equals(left, right)? {
        return Ok(Value::Bool(false));
    }
    Ok(if comparable(vm, left, right) { Value::Bool(true) } else { Value::NotImplemented })
}

/// Whether `==` between the two is decided by the left one's type.
fn comparable(vm: &Vm, left: &Value, right: &Value) -> bool {
    let (a, b) = (vm.class_of(left), vm.class_of(right));
    a.is_subclass(&b)
        || b.is_subclass(&a)
        || (left.is_int() || matches!(left, Value::Float(_))) && (right.is_int() || matches!(right, Value::Float(_)))
}

fn hash(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__hash__", arguments, keywords)?.clone();
    if let Value::Instance(_) = value {
        return Ok(Value::Int(crate::object::hash::hash_address(value.object_address().unwrap_or(0))));
    }
    vm.hash(&value).map(Value::Int)
}

fn repr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__repr__", arguments, keywords)?.clone();
    if let Value::Instance(_) = value {
        return Ok(Value::from_string(vm.default_repr(&value)));
    }
    vm.repr(&value).map(Value::from_string)
}

fn str(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__str__", arguments, keywords)?.clone();
    if let Value::Instance(_) = value {
        // `object.__str__` shows the repr the class gives.
        return vm.instance_repr(&value).map(Value::from_string);
    }
    vm.to_str(&value).map(Value::from_string)
}

fn format(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (value, spec) = operands("__format__", arguments, keywords)?;
    let Value::Str(spec) = spec else {
        return Err(Error::type_error(format!("format() argument 2 must be str, not {}", spec.type_name())));
    };
    if let Value::Instance(_) = value {
        if !spec.as_str().is_empty() {
            return Err(Error::type_error(format!(
                "unsupported format string passed to {}.__format__",
                value.type_name()
            )));
        }
        return vm.instance_str(value).map(Value::from_string);
    }
    vm.format(value, spec.as_str()).map(Value::from_string)
}

fn len(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__len__", arguments, keywords)?.clone();
    vm.length(&value).map(Value::from)
}

fn getitem(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (container, index) = operands("__getitem__", arguments, keywords)?;
    vm.get_item(container, index)
}

fn contains(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (container, item) = operands("__contains__", arguments, keywords)?;
    vm.contains(container, item).map(Value::Bool)
}

fn iter(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let value = receiver("__iter__", arguments, keywords)?.clone();
    vm.get_iter(value)
}

fn setitem(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    crate::builtins::no_keywords("__setitem__", keywords)?;
    let [container, index, value] = arguments else {
        return Err(Error::type_error(format!("expected 2 arguments, got {}", arguments.len().saturating_sub(1))));
    };
    let container = carried_value(container).unwrap_or(container);
    vm.set_item(container, index.clone(), value.clone())?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (container, index) = operands("__delitem__", arguments, keywords)?;
    vm.delete_item(container, index)?;
    Ok(Value::None)
}
