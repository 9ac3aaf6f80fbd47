//! The builtin type objects and the exception class hierarchy.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::object::class::Class;
use crate::object::exception::ExcKind;
use crate::vm::BuiltinTypes;

pub fn create_builtin_types() -> BuiltinTypes {
    let object = Rc::new(Class::new("object", vec![], None));
    let derive = |name: &str, base: &Rc<Class>| Rc::new(Class::new(name, vec![base.clone()], None));
    let int = derive("int", &object);
    let mut exceptions: Vec<Rc<Class>> = Vec::with_capacity(ExcKind::ALL.len());
    for kind in ExcKind::ALL {
        let base = match kind.base() {
            Some(base) => exceptions[base as usize].clone(),
            None => object.clone(),
        };
        let mut bases = vec![base];
        // The one builtin exception with two bases.
        if *kind == ExcKind::ExceptionGroup {
            bases.push(exceptions[ExcKind::Exception as usize].clone());
        }
        exceptions.push(Rc::new(Class::new(kind.name(), bases, Some(*kind))));
    }
    BuiltinTypes {
        type_: derive("type", &object),
        none: derive("NoneType", &object),
        bool_: derive("bool", &int),
        float: derive("float", &object),
        str_: derive("str", &object),
        bytes: derive("bytes", &object),
        bytearray: derive("bytearray", &object),
        list: derive("list", &object),
        tuple: derive("tuple", &object),
        dict: derive("dict", &object),
        set: derive("set", &object),
        frozenset: derive("frozenset", &object),
        range: derive("range", &object),
        slice: derive("slice", &object),
        function: derive("function", &object),
        builtin_function: derive("builtin_function_or_method", &object),
        method: derive("method", &object),
        module: derive("module", &object),
        ellipsis: derive("ellipsis", &object),
        not_implemented: derive("NotImplementedType", &object),
        dict_keys: derive("dict_keys", &object),
        dict_values: derive("dict_values", &object),
        dict_items: derive("dict_items", &object),
        generator: derive("generator", &object),
        coroutine: derive("coroutine", &object),
        property: derive("property", &object),
        staticmethod: derive("staticmethod", &object),
        classmethod: derive("classmethod", &object),
        super_: derive("super", &object),
        int,
        object,
        exceptions,
        others: RefCell::new(HashMap::new()),
    }
}
