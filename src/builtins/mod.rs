//! The builtin namespace: functions (`print`, `len`, ...), the builtin
//! types with their methods, and the exception classes. Each native is a
//! plain Rust function with the `NativeFn` signature; this module also
//! holds the small helpers they share for checking arguments.

mod classes;
mod constructors;
mod functions;
mod methods;
pub(crate) mod sort;
mod subclass;
pub mod types;

pub(crate) use functions::is_callable;
pub(crate) use methods::{
    OS_ERROR_FIELDS, flush_open_files, group_members, new_exception_group, new_os_error, os_error_str,
    set_keyword_attributes,
};

use std::rc::Rc;

use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::dict::Dict;
use crate::object::function::{Keywords, NativeFn, NativeFunction};
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::BuiltinTypes;

/// Fills the builtins namespace and the method tables of builtin types.
pub fn install(types: &BuiltinTypes, builtins: &Dict, interner: &mut Interner) {
    for (name, function) in functions::FUNCTIONS {
        let native = NativeFunction { name, owner: None, function: *function };
        builtins.set_str(&interner.intern(name), Value::Native(Rc::new(native)));
    }
    // The import system's builtin lives with the import system.
    let import = NativeFunction { name: "__import__", owner: None, function: crate::modules::importlib::dunder_import };
    builtins.set_str(&interner.intern("__import__"), Value::Native(Rc::new(import)));
    let classes: [(&str, &Rc<Class>); 17] = [
        ("object", &types.object),
        ("type", &types.type_),
        ("bool", &types.bool_),
        ("int", &types.int),
        ("float", &types.float),
        ("str", &types.str_),
        ("bytes", &types.bytes),
        ("list", &types.list),
        ("tuple", &types.tuple),
        ("dict", &types.dict),
        ("set", &types.set),
        ("frozenset", &types.frozenset),
        ("range", &types.range),
        ("property", &types.property),
        ("staticmethod", &types.staticmethod),
        ("classmethod", &types.classmethod),
        ("super", &types.super_),
    ];
    for (name, class) in classes {
        builtins.set_str(&interner.intern(name), Value::Class(class.clone()));
    }
    builtins.set_str(&interner.intern("slice"), Value::Class(types.slice.clone()));
    builtins.set_str(&interner.intern("bytearray"), Value::Class(types.bytearray.clone()));
    builtins.set_str(&interner.intern("NotImplemented"), Value::NotImplemented);
    builtins.set_str(&interner.intern("Ellipsis"), Value::Ellipsis);
    builtins.set_str(&interner.intern("__name__"), Value::from_text("builtins"));
    for class in &types.exceptions {
        builtins.set_str(&interner.intern(class.name()), Value::Class(class.clone()));
    }
    // Python's aliases of OSError.
    let os_error = Value::Class(types.exception(crate::object::exception::ExcKind::OSError).clone());
    builtins.set_str(&interner.intern("IOError"), os_error.clone());
    builtins.set_str(&interner.intern("EnvironmentError"), os_error);

    use crate::vm::generator_methods as generator;
    add_methods(
        &types.generator,
        "generator",
        &[
            ("send", generator::send),
            ("throw", generator::throw),
            ("close", generator::close),
            ("__next__", generator::next),
            ("__iter__", generator::iter),
        ],
        interner,
    );
    add_methods(
        &types.coroutine,
        "coroutine",
        &[("send", generator::send), ("throw", generator::throw), ("close", generator::close)],
        interner,
    );
    constructors::install(types, interner);
    classes::install(types, interner);
    methods::install(types, interner);
    subclass::install(types, interner);
}

pub use classes::build_class_native;
pub(crate) use classes::descriptor_attribute;

/// Adds native methods to a builtin class.
pub(crate) fn add_methods(
    class: &Class,
    owner: &'static str,
    methods: &[(&'static str, NativeFn)],
    interner: &mut Interner,
) {
    let mut dict = class.dict.borrow_mut();
    for (name, function) in methods {
        let native = NativeFunction { name, owner: Some(owner), function: *function };
        dict.insert_str(&interner.intern(name), Value::Native(Rc::new(native)));
    }
}

/// Checks the number of positional arguments, CPython-style:
/// "len() takes exactly one argument (2 given)" for one-argument
/// functions, "pow expected at least 2 arguments, got 1" otherwise.
pub(crate) fn check_arguments(name: &str, arguments: &[Value], min: usize, max: usize) -> Result<()> {
    let given = arguments.len();
    if given >= min && given <= max {
        return Ok(());
    }
    if min == 1 && max == 1 {
        return Err(Error::type_error(format!("{name}() takes exactly one argument ({given} given)")));
    }
    if max == 0 {
        return Err(Error::type_error(format!("{name}() takes no arguments ({given} given)")));
    }
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    let message = if min == max {
        format!("{name} expected {min} {}, got {given}", plural(min))
    } else if given < min {
        format!("{name} expected at least {min} {}, got {given}", plural(min))
    } else {
        format!("{name} expected at most {max} {}, got {given}", plural(max))
    };
    Err(Error::type_error(message))
}

/// "len() takes no keyword arguments"
pub(crate) fn no_keywords(name: &str, keywords: Keywords) -> Result<()> {
    if keywords.is_empty() { Ok(()) } else { Err(Error::type_error(format!("{name}() takes no keyword arguments"))) }
}

/// Looks up optional keyword arguments by name; any other keyword is an
/// error naming the function.
pub(crate) fn keyword_arguments<const N: usize>(
    name: &str,
    keywords: Keywords,
    allowed: [&str; N],
) -> Result<[Option<Value>; N]> {
    let mut found: [Option<Value>; N] = std::array::from_fn(|_| None);
    for (key, value) in keywords {
        match allowed.iter().position(|a| *a == key.as_str()) {
            Some(index) => found[index] = Some(value.clone()),
            None => {
                return Err(Error::type_error(format!(
                    "{name}() got an unexpected keyword argument '{}'",
                    key.as_str()
                )));
            }
        }
    }
    Ok(found)
}

/// An argument that must be an int small enough for an index.
pub(crate) fn expect_index(value: &Value) -> Result<i64> {
    match value {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => Err(Error::overflow("Python int too large to convert to C ssize_t")),
        other => Err(Error::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))),
    }
}
