//! Making classes, and the builtin types that serve them: `__build_class__`
//! (what a `class` statement calls), `type(name, bases, dict)`, `super`,
//! `property`, `staticmethod`, `classmethod`, and the methods of `object`
//! that scripts call explicitly (`super().__init__()`).

use std::rc::Rc;

use crate::builtins::{add_methods, check_arguments, keyword_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::dict::{Dict, DictTable};
use crate::object::function::{Keywords, NativeFunction};
use crate::object::instance::{Descriptor, Instance, Super};
use crate::object::string::{Interner, Str};
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    add_methods(&types.property, "property", &[("__new__", property_new)], interner);
    add_methods(
        &types.property,
        "property",
        &[("getter", property_getter), ("setter", property_setter), ("deleter", property_deleter)],
        interner,
    );
    add_methods(&types.staticmethod, "staticmethod", &[("__new__", staticmethod_new)], interner);
    add_methods(&types.classmethod, "classmethod", &[("__new__", classmethod_new)], interner);
    add_methods(&types.super_, "super", &[("__new__", super_new)], interner);
    add_methods(
        &types.object,
        "object",
        &[("__init__", object_init), ("__setattr__", object_setattr), ("__delattr__", object_delattr)],
        interner,
    );
}

/// The `__build_class__` native, as the VM keeps it.
pub fn build_class_native() -> Value {
    Value::Native(Rc::new(NativeFunction { name: "__build_class__", owner: None, function: build_class }))
}

/// `__build_class__(body, name, *bases)`: runs the class body into a fresh
/// namespace and makes the class of it; fills the body's `__class__` cell.
fn build_class(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [body, Value::Str(name), bases @ ..] = arguments else {
        return Err(Error::type_error("__build_class__: not enough arguments"));
    };
    if let Some((keyword, _)) = keywords.first() {
        return Err(Error::type_error(match keyword.as_str() {
            "metaclass" => "metaclasses are not supported".to_string(),
            other => format!("{}.__init_subclass__() takes no keyword argument '{other}'", name.as_str()),
        }));
    }
    let bases = base_classes(bases)?;
    let namespace = Rc::new(Dict::new());
    let cell = vm.call(body, &[Value::Dict(namespace.clone())], &[])?;
    let table = namespace.table.borrow().clone();
    let class = new_class(vm, name.as_str(), bases, table)?;
    if let Value::Cell(cell) = cell {
        *cell.value.borrow_mut() = Value::Class(class.clone());
    }
    Ok(Value::Class(class))
}

/// The bases of a class statement or `type()` call, which must be classes.
fn base_classes(bases: &[Value]) -> Result<Vec<Rc<Class>>> {
    bases
        .iter()
        .map(|base| match base {
            Value::Class(class) => Ok(class.clone()),
            other => Err(Error::type_error(format!("bases must be types, not '{}'", other.type_name()))),
        })
        .collect()
}

/// Makes a class from its name, bases and namespace.
pub(crate) fn new_class(
    vm: &mut Vm,
    name: &str,
    mut bases: Vec<Rc<Class>>,
    mut namespace: DictTable,
) -> Result<Rc<Class>> {
    for (index, base) in bases.iter().enumerate() {
        if bases[..index].iter().any(|earlier| Rc::ptr_eq(earlier, base)) {
            return Err(Error::type_error(format!("duplicate base class {}", base.name())));
        }
        if !base.is_user_defined
            && !base.is_exception_class()
            && !Rc::ptr_eq(base, &vm.types.object)
            && !super::subclass::is_value_type(base.name())
        {
            return Err(Error::type_error(
                if matches!(base.name(), "bool" | "NoneType" | "function" | "range" | "slice") {
                    format!("type '{}' is not an acceptable base type", base.name())
                } else {
                    format!("subclassing the builtin type '{}' is not supported", base.name())
                },
            ));
        }
    }
    let exception_bases = bases.iter().filter(|base| base.is_exception_class()).count();
    if exception_bases > 0 && exception_bases < bases.len() {
        let plain = bases
            .iter()
            .find(|base| !base.is_exception_class())
            .is_some_and(|base| base.is_user_defined && base.value_base().is_none());
        if !plain {
            return Err(Error::type_error("multiple bases have instance lay-out conflict"));
        }
    }
    // Instances carry at most one builtin value.
    let mut value_types = bases.iter().filter(|base| !base.is_exception_class()).filter_map(|base| {
        base.value_base().or((!base.is_user_defined && !Rc::ptr_eq(base, &vm.types.object)).then_some(base))
    });
    if let Some(first) = value_types.next()
        && value_types.any(|other| !Rc::ptr_eq(other, first))
    {
        return Err(Error::type_error("multiple bases have instance lay-out conflict"));
    }
    if bases.is_empty() {
        bases.push(vm.types.object.clone());
    }
    let qualname_key = vm.intern("__qualname__");
    let qualname = match namespace.remove_str(&qualname_key) {
        Some(Value::Str(text)) => text.as_str().to_string(),
        Some(other) => {
            return Err(Error::type_error(format!("type __qualname__ must be a str, not {}", other.type_name())));
        }
        None => name.to_string(),
    };
    let module_key = vm.intern("__module__");
    let module = match namespace.get_str(&module_key) {
        Some(Value::Str(text)) => text.as_str().to_string(),
        _ => {
            let module = vm.caller_module_name();
            namespace.insert_str(&module_key, Value::from_text(&module));
            module
        }
    };
    // A docstring is not inherited.
    let doc = vm.intern("__doc__");
    if namespace.get_str(&doc).is_none() {
        namespace.insert_str(&doc, Value::None);
    }
    // Defining `__eq__` without `__hash__` makes instances unhashable.
    let eq = vm.intern("__eq__");
    let hash = vm.intern("__hash__");
    if namespace.get_str(&eq).is_some() && namespace.get_str(&hash).is_none() {
        namespace.insert_str(&hash, Value::None);
    }
    let class = Class::new_user_defined(name, &qualname, &module, bases, namespace).map_err(Error::type_error)?;
    Ok(Rc::new(class))
}

/// `type(name, bases, dict)`
pub(crate) fn type_from_parts(vm: &mut Vm, name: &Value, bases: &Value, namespace: &Value) -> Result<Value> {
    let Value::Str(name) = name else {
        return Err(Error::type_error(format!("type.__new__() argument 1 must be str, not {}", name.type_name())));
    };
    let Value::Tuple(bases) = bases else {
        return Err(Error::type_error(format!("type.__new__() argument 2 must be tuple, not {}", bases.type_name())));
    };
    let Value::Dict(namespace) = namespace else {
        return Err(Error::type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            namespace.type_name()
        )));
    };
    let mut table = DictTable::new();
    for (key, value) in namespace.table.borrow().iter() {
        let Value::Str(key) = key else { continue };
        table.insert_str(key, value.clone());
    }
    let bases = base_classes(&bases.items)?;
    new_class(vm, name.as_str(), bases, table).map(Value::Class)
}

// ------------------------------------------------------------ super

/// `super()` in a method (its class from the `__class__` cell, the
/// receiver from the first argument) or `super(class, receiver)`.
fn super_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("super", keywords)?;
    let class_of_super = match arguments.first() {
        Some(Value::Class(class)) => class.clone(),
        _ => vm.types.super_.clone(),
    };
    let (class, receiver) = match &arguments[1.min(arguments.len())..] {
        [] => vm.implicit_super_arguments()?,
        [Value::Class(class), receiver] => (class.clone(), receiver.clone()),
        [other, _] => {
            return Err(Error::type_error(format!("super() argument 1 must be a type, not {}", other.type_name())));
        }
        [_] => return Err(Error::runtime_error("super(type) without an object is not supported")),
        rest => return Err(Error::type_error(format!("super() takes at most 2 arguments ({} given)", rest.len()))),
    };
    let receiver_class = match &receiver {
        Value::Class(receiver_class) if receiver_class.is_subclass(&class) => receiver_class.clone(),
        other => vm.class_of(other),
    };
    if !receiver_class.is_subclass(&class) {
        return Err(Error::type_error("super(type, obj): obj must be an instance or subtype of type"));
    }
    Ok(Value::Instance(Rc::new(Instance::with_native(class_of_super, Super { class, receiver }))))
}

impl Vm {
    /// What `super()` without arguments means in the running function:
    /// the class from its `__class__` cell, and its first argument.
    fn implicit_super_arguments(&self) -> Result<(Rc<Class>, Value)> {
        let frame = self.frames.last().ok_or_else(|| Error::runtime_error("super(): no current frame"))?;
        let code = &frame.function.code;
        if code.arg_count == 0 && !code.flags.varargs {
            return Err(Error::runtime_error("super(): no arguments"));
        }
        let cell_slot = code.slot_names[code.free_start as usize..]
            .iter()
            .position(|name| name.as_str() == crate::compiler::CLASS_CELL)
            .map(|position| code.free_start as usize + position);
        let class = match cell_slot.map(|slot| &self.stack[frame.base + slot]) {
            Some(Value::Cell(cell)) => match &*cell.value.borrow() {
                Value::Class(class) => class.clone(),
                _ => return Err(Error::runtime_error("super(): empty __class__ cell")),
            },
            _ => return Err(Error::runtime_error("super(): __class__ cell not found")),
        };
        let receiver = match &self.stack[frame.base] {
            Value::Cell(cell) => cell.value.borrow().clone(),
            other => other.clone(),
        };
        if receiver.is_null() {
            return Err(Error::runtime_error("super(): arg[0] deleted"));
        }
        Ok((class, receiver))
    }

    /// `LoadSuperAttr`: `super().name` with `callable` what the global
    /// `super` holds. For the builtin, a method is pushed unbound with its
    /// receiver (as `LoadMethod` does) without making a super object.
    pub(crate) fn load_super_attribute(&mut self, callable: Value, name: &Rc<Str>, method: bool) -> Result<()> {
        let is_builtin_super = matches!(&callable, Value::Class(class) if Rc::ptr_eq(class, &self.types.super_));
        let view = if is_builtin_super {
            let (class, receiver) = self.implicit_super_arguments()?;
            let view = Super { class, receiver };
            if method
                && !matches!(view.receiver, Value::Class(_))
                && let Some(Value::Function(function)) = self.super_lookup(&view, name)?
            {
                self.stack.push(Value::Function(function));
                self.stack.push(view.receiver);
                return Ok(());
            }
            Value::Instance(Rc::new(Instance::with_native(self.types.super_.clone(), view)))
        } else {
            self.call(&callable, &[], &[])?
        };
        if method {
            return self.load_method(view, name);
        }
        let attribute = self.get_attribute(&view, name)?;
        self.stack.push(attribute);
        Ok(())
    }

    /// The attribute `super(class, receiver).name` finds, unbound: the
    /// first class after `class` on the receiver's MRO that has it. Checks
    /// the receiver as `super()` does.
    fn super_lookup(&self, view: &Super, name: &Str) -> Result<Option<Value>> {
        let start = match &view.receiver {
            Value::Class(class) => class.clone(),
            other => self.class_of(other),
        };
        if !start.is_subclass(&view.class) {
            return Err(Error::type_error("super(type, obj): obj must be an instance or subtype of type"));
        }
        let mut order = start.linearization();
        if order.by_ref().any(|class| std::ptr::eq(class, &*view.class)) {
            Ok(order.find_map(|class| class.dict.borrow().get_str(name).cloned()))
        } else {
            Ok(None)
        }
    }

    /// `super().name`: the first class after `class` on the receiver's MRO
    /// that has the name, bound to the receiver.
    pub(crate) fn super_attribute(&mut self, view: &Super, name: &Rc<Str>) -> Result<Option<Value>> {
        let Some(attribute) = self.super_lookup(view, name)? else { return Ok(None) };
        if let Value::Class(class) = &view.receiver {
            return Ok(Some(self.class_attribute_through_class(attribute, class)));
        }
        let receiver = view.receiver.clone();
        self.bind_class_attribute(attribute, &receiver, name).map(Some)
    }

    /// `__name__` of the module whose code is running (`__main__` at the
    /// top).
    pub(crate) fn caller_module_name(&mut self) -> String {
        let key = self.intern("__name__");
        let globals = self.frames.last().map(|frame| frame.function.globals.clone());
        match globals.and_then(|globals| globals.get_str(&key)) {
            Some(Value::Str(name)) => name.as_str().to_string(),
            _ => "__main__".to_string(),
        }
    }
}

// ------------------------------------------------------------ descriptors

fn descriptor(vm: &Vm, class: &Rc<Class>, state: Descriptor) -> Value {
    let _ = vm;
    Value::Instance(Rc::new(Instance::with_native(class.clone(), state)))
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`
fn property_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [fget, fset, fdel, doc] = keyword_arguments("property", keywords, ["fget", "fset", "fdel", "doc"])?;
    let positional = &arguments[1.min(arguments.len())..];
    check_arguments("property", positional, 0, 4)?;
    let pick = |index: usize, keyword: Option<Value>| positional.get(index).cloned().or(keyword).unwrap_or(Value::None);
    let getter = pick(0, fget);
    let doc = match pick(3, doc) {
        Value::None => match &getter {
            Value::Function(function) => function.code.docstring.clone(),
            _ => Value::None,
        },
        doc => doc,
    };
    let state = Descriptor::Property { getter, setter: pick(1, fset), deleter: pick(2, fdel), doc };
    Ok(descriptor(vm, &vm.types.property.clone(), state))
}

/// `prop.getter(f)`, `.setter(f)`, `.deleter(f)`: a copy with one accessor
/// replaced.
fn property_with(vm: &mut Vm, arguments: &[Value], method: &str, which: usize) -> Result<Value> {
    let [Value::Instance(instance), function] = arguments else {
        return Err(Error::type_error(format!("property.{method}() takes exactly one argument")));
    };
    let Some(Descriptor::Property { getter, setter, deleter, doc }) = instance.native::<Descriptor>() else {
        return Err(Error::type_error(format!("descriptor '{method}' requires a 'property' object")));
    };
    let mut accessors = [getter.clone(), setter.clone(), deleter.clone()];
    accessors[which] = function.clone();
    let [getter, setter, deleter] = accessors;
    let state = Descriptor::Property { getter, setter, deleter, doc: doc.clone() };
    Ok(descriptor(vm, &instance.class, state))
}

fn property_getter(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    property_with(vm, arguments, "getter", 0)
}

fn property_setter(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    property_with(vm, arguments, "setter", 1)
}

fn property_deleter(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    property_with(vm, arguments, "deleter", 2)
}

/// The one function `staticmethod`/`classmethod` wrap.
fn wrapped_function<'a>(name: &str, arguments: &'a [Value], keywords: Keywords) -> Result<&'a Value> {
    no_keywords(name, keywords)?;
    let positional = &arguments[1.min(arguments.len())..];
    match positional {
        [function] => Ok(function),
        _ => Err(Error::type_error(format!("{name} expected 1 argument, got {}", positional.len()))),
    }
}

fn staticmethod_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let function = wrapped_function("staticmethod", arguments, keywords)?.clone();
    Ok(descriptor(vm, &vm.types.staticmethod.clone(), Descriptor::StaticMethod(function)))
}

fn classmethod_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let function = wrapped_function("classmethod", arguments, keywords)?.clone();
    Ok(descriptor(vm, &vm.types.classmethod.clone(), Descriptor::ClassMethod(function)))
}

/// The attributes descriptor objects expose (`prop.fget`,
/// `static.__func__`).
pub(crate) fn descriptor_attribute(state: &Descriptor, name: &str) -> Option<Value> {
    match (state, name) {
        (Descriptor::Property { getter, .. }, "fget") => Some(getter.clone()),
        (Descriptor::Property { setter, .. }, "fset") => Some(setter.clone()),
        (Descriptor::Property { deleter, .. }, "fdel") => Some(deleter.clone()),
        (Descriptor::Property { doc, .. }, "__doc__") => Some(doc.clone()),
        (Descriptor::StaticMethod(function) | Descriptor::ClassMethod(function), "__func__" | "__wrapped__") => {
            Some(function.clone())
        }
        _ => None,
    }
}

// ------------------------------------------------------------ object

/// `object.__init__(self)`: takes nothing more when called explicitly.
fn object_init(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    if arguments.len() > 1 || !keywords.is_empty() {
        return Err(Error::type_error("object.__init__() takes exactly one argument (the instance to initialize)"));
    }
    Ok(Value::None)
}

/// `object.__new__(cls)`: a bare instance of a script class.
pub(crate) fn object_new(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    match arguments.first() {
        Some(Value::Class(class)) if class.is_user_defined && !class.is_exception_class() => {
            Ok(Value::Instance(Instance::new(class.clone())))
        }
        Some(Value::Class(class)) if Rc::ptr_eq(class, &vm.types.object) => {
            if arguments.len() > 1 {
                return Err(Error::type_error("object() takes no arguments"));
            }
            Ok(Value::Instance(Instance::new(class.clone())))
        }
        Some(Value::Class(class)) if class.is_exception_class() => {
            let exception =
                crate::object::exception::ExceptionObject::new(class.clone(), Value::tuple(arguments[1..].to_vec()));
            Ok(Value::Exception(Rc::new(exception)))
        }
        Some(Value::Class(class)) => Err(Error::type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            class.name(),
            class.name()
        ))),
        Some(other) => {
            Err(Error::type_error(format!("object.__new__(X): X is not a type object ({})", other.type_name())))
        }
        None => Err(Error::type_error("object.__new__(): not enough arguments")),
    }
}

/// `object.__setattr__(self, name, value)`, bypassing the class's own.
fn object_setattr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("__setattr__", keywords)?;
    let [object, Value::Str(name), value] = arguments else {
        return Err(Error::type_error("__setattr__ expected 2 arguments: a str name and a value"));
    };
    let name = vm.intern(name.as_str());
    match object {
        Value::Instance(instance) => vm.store_instance_attribute(instance, object, &name, value.clone())?,
        other => vm.set_attribute(other, &name, value.clone())?,
    }
    Ok(Value::None)
}

/// `object.__delattr__(self, name)`, bypassing the class's own.
fn object_delattr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("__delattr__", keywords)?;
    let [object, Value::Str(name)] = arguments else {
        return Err(Error::type_error("__delattr__ expected 1 argument: a str name"));
    };
    let name = vm.intern(name.as_str());
    match object {
        Value::Instance(instance) => vm.remove_instance_attribute(instance, object, &name)?,
        other => vm.delete_attribute(other, &name)?,
    }
    Ok(Value::None)
}
