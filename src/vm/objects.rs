//! Objects of script classes: attribute lookup through descriptors, making
//! instances, and the special methods (`__add__`, `__eq__`, `__len__`, ...)
//! the interpreter calls when an operand is an instance.
//!
//! Builtin values never come here: their operations are Rust code matched
//! on the value. An instance's operations look the special method up on its
//! class (never on the instance, as in Python) and call it.

use std::rc::Rc;

use super::Vm;
use crate::ast::{BinaryOp, UnaryOp};
use crate::bytecode::Comparison;
use crate::error::{Error, Result};
use crate::object::class::{Class, ClassTraits};
use crate::object::descriptor::NativeGetter;
use crate::object::exception::ExcKind;
use crate::object::function::{BoundMethod, Function};
use crate::object::hash;
use crate::object::instance::{Descriptor, Instance};
use crate::object::string::{Interner, Str};
use crate::value::Value;

/// The names of the special methods, interned once.
pub(crate) struct SpecialNames {
    pub init: Rc<Str>,
    pub new: Rc<Str>,
    pub repr: Rc<Str>,
    pub str: Rc<Str>,
    pub format: Rc<Str>,
    pub hash: Rc<Str>,
    pub bool: Rc<Str>,
    pub len: Rc<Str>,
    pub iter: Rc<Str>,
    pub next: Rc<Str>,
    pub getitem: Rc<Str>,
    pub setitem: Rc<Str>,
    pub delitem: Rc<Str>,
    pub contains: Rc<Str>,
    pub call: Rc<Str>,
    pub enter: Rc<Str>,
    pub exit: Rc<Str>,
    pub getattr: Rc<Str>,
    pub setattr: Rc<Str>,
    pub delattr: Rc<Str>,
    pub abs: Rc<Str>,
    pub index: Rc<Str>,
    /// `__neg__`, `__pos__`, `__invert__`.
    pub neg: Rc<Str>,
    pub pos: Rc<Str>,
    pub invert: Rc<Str>,
    /// By `Comparison as usize`.
    pub comparisons: [Rc<Str>; 6],
    /// By `BinaryOp as usize`: the method, the reflected one, the in-place one.
    pub binary: Vec<[Rc<Str>; 3]>,
}

impl SpecialNames {
    pub fn new(interner: &mut Interner) -> SpecialNames {
        let mut name = |text: &str| interner.intern(text);
        let comparisons =
            [name("__lt__"), name("__le__"), name("__eq__"), name("__ne__"), name("__gt__"), name("__ge__")];
        let binary = BinaryOp::ALL
            .iter()
            .map(|op| {
                let stem = op.method_stem();
                [name(&format!("__{stem}__")), name(&format!("__r{stem}__")), name(&format!("__i{stem}__"))]
            })
            .collect();
        SpecialNames {
            init: name("__init__"),
            new: name("__new__"),
            repr: name("__repr__"),
            str: name("__str__"),
            format: name("__format__"),
            hash: name("__hash__"),
            bool: name("__bool__"),
            len: name("__len__"),
            iter: name("__iter__"),
            next: name("__next__"),
            getitem: name("__getitem__"),
            setitem: name("__setitem__"),
            delitem: name("__delitem__"),
            contains: name("__contains__"),
            call: name("__call__"),
            enter: name("__enter__"),
            exit: name("__exit__"),
            getattr: name("__getattr__"),
            setattr: name("__setattr__"),
            delattr: name("__delattr__"),
            abs: name("__abs__"),
            index: name("__index__"),
            neg: name("__neg__"),
            pos: name("__pos__"),
            invert: name("__invert__"),
            comparisons,
            binary,
        }
    }
}

/// The text a `__str__`/`__repr__` returned, which must be a str.
fn text_result(result: Value, method: &str) -> Result<String> {
    match result {
        Value::Str(text) => Ok(text.as_str().to_string()),
        other => Err(Error::type_error(format!("{method} returned non-string (type {})", other.type_name()))),
    }
}

/// Whether a class attribute is a method a script defined, as opposed to
/// the native default every object inherits.
fn is_script_defined(method: &Value) -> bool {
    !matches!(method, Value::Native(_))
}

impl Vm {
    // ------------------------------------------------------------ attributes

    /// `instance.name`: a property on the class wins over the instance's
    /// dict, which wins over other class attributes (bound if methods).
    pub(crate) fn instance_attribute(
        &mut self,
        instance: &Rc<Instance>,
        object: &Value,
        name: &Rc<Str>,
    ) -> Result<Option<Value>> {
        // Without data descriptors on the class, the instance dict decides.
        if instance.class.is_user_defined
            && self.class_traits(&instance.class, |traits| !traits.descriptors)
            && let Some(value) = instance.attributes.get_str(name)
        {
            return Ok(Some(value));
        }
        let class_attribute = instance.class.lookup(name);
        if let Some(Value::Instance(descriptor)) = &class_attribute
            && let Some(Descriptor::Property { .. }) = descriptor.native::<Descriptor>()
        {
            return self.bind_class_attribute(class_attribute.unwrap_or(Value::None), object, name).map(Some);
        }
        if let Some(value) = instance.attributes.get_str(name) {
            return Ok(Some(value));
        }
        match class_attribute {
            Some(attribute) => self.bind_class_attribute(attribute, object, name).map(Some),
            None => Ok(None),
        }
    }

    /// The getter to run for `object.name` when that is a property whose
    /// getter is a plain script function taking the object.
    pub(crate) fn property_getter_function(&self, object: &Value, name: &Rc<Str>) -> Option<Rc<Function>> {
        let Value::Instance(instance) = object else { return None };
        if !instance.class.is_user_defined || self.class_traits(&instance.class, |traits| !traits.descriptors) {
            return None;
        }
        let Some(Value::Instance(descriptor)) = instance.class.lookup(name) else { return None };
        match descriptor.native::<Descriptor>() {
            Some(Descriptor::Property { getter: Value::Function(getter), .. })
                if getter.code.simple_arity == Some(1) =>
            {
                Some(getter.clone())
            }
            _ => None,
        }
    }

    /// A class attribute as read through an instance: functions become
    /// bound methods, descriptors do what they do.
    pub(crate) fn bind_class_attribute(&mut self, attribute: Value, receiver: &Value, name: &Str) -> Result<Value> {
        match &attribute {
            Value::Function(_) => {
                Ok(Value::BoundMethod(Rc::new(BoundMethod { receiver: receiver.clone(), function: attribute })))
            }
            Value::Native(native) => {
                let receiver = self.native_receiver(receiver, native).unwrap_or_else(|| receiver.clone());
                Ok(Value::BoundMethod(Rc::new(BoundMethod { receiver, function: attribute })))
            }
            Value::Instance(inner) if let Some(getter) = inner.native::<NativeGetter>() => (getter.get)(self, receiver),
            Value::Instance(inner) => match inner.native::<Descriptor>() {
                Some(Descriptor::StaticMethod(function)) => Ok(function.clone()),
                Some(Descriptor::ClassMethod(function)) => Ok(Value::BoundMethod(Rc::new(BoundMethod {
                    receiver: Value::Class(self.class_of(receiver)),
                    function: function.clone(),
                }))),
                Some(Descriptor::Property { getter, .. }) => {
                    if getter.is_none() {
                        return Err(Error::attribute_error(format!(
                            "property '{}' of '{}' object has no getter",
                            name.as_str(),
                            receiver.type_name()
                        )));
                    }
                    let getter = getter.clone();
                    self.call(&getter, std::slice::from_ref(receiver), &[])
                }
                None => Ok(attribute),
            },
            _ => Ok(attribute),
        }
    }

    /// A class attribute as read through the class: functions stay plain,
    /// class methods bind to the class, properties are themselves.
    pub(crate) fn class_attribute_through_class(&mut self, attribute: Value, class: &Rc<Class>) -> Value {
        if let Value::Instance(inner) = &attribute {
            match inner.native::<Descriptor>() {
                Some(Descriptor::StaticMethod(function)) => return function.clone(),
                Some(Descriptor::ClassMethod(function)) => {
                    return Value::BoundMethod(Rc::new(BoundMethod {
                        receiver: Value::Class(class.clone()),
                        function: function.clone(),
                    }));
                }
                _ => {}
            }
        }
        attribute
    }

    /// `__getattr__`, tried when normal lookup found nothing.
    pub(crate) fn attribute_fallback(&mut self, object: &Value, name: &Rc<Str>) -> Result<Option<Value>> {
        let Value::Instance(instance) = object else { return Ok(None) };
        let Some(getattr) = instance.class.lookup(&self.names.getattr) else { return Ok(None) };
        self.call_special(object, getattr, &[Value::Str(name.clone())]).map(Some)
    }

    /// `instance.name = value`, through `__setattr__` when the class
    /// defines one.
    pub(crate) fn set_instance_attribute(
        &mut self,
        instance: &Rc<Instance>,
        object: &Value,
        name: &Rc<Str>,
        value: Value,
    ) -> Result<()> {
        let (custom_setattr, descriptors) = if instance.class.is_user_defined {
            self.class_traits(&instance.class, |traits| (traits.custom_setattr, traits.descriptors))
        } else {
            (true, true)
        };
        if !custom_setattr && !descriptors {
            let table = &mut instance.attributes.table.borrow_mut();
            table.insert_str(name, value);
            let count = table.len();
            if count > instance.class.expected_attributes.get() {
                instance.class.expected_attributes.set(count);
            }
            return Ok(());
        }
        if custom_setattr
            && let Some(setattr) = instance.class.lookup(&self.names.setattr)
            && is_script_defined(&setattr)
        {
            self.call_special(object, setattr, &[Value::Str(name.clone()), value])?;
            return Ok(());
        }
        self.store_instance_attribute(instance, object, name, value)
    }

    /// `object.__setattr__`: a property's setter, else the instance dict.
    pub(crate) fn store_instance_attribute(
        &mut self,
        instance: &Rc<Instance>,
        object: &Value,
        name: &Rc<Str>,
        value: Value,
    ) -> Result<()> {
        let class_attribute = instance.class.lookup(name);
        if let Some(Value::Instance(descriptor)) = &class_attribute
            && let Some(getter) = descriptor.native::<NativeGetter>()
        {
            return Err(Error::attribute_error(format!(
                "attribute '{}' of '{}' objects is not writable",
                getter.name, getter.owner
            )));
        }
        if let Some(Value::Instance(descriptor)) = &class_attribute
            && let Some(Descriptor::Property { setter, .. }) = descriptor.native::<Descriptor>()
        {
            if setter.is_none() {
                return Err(Error::attribute_error(format!(
                    "property '{}' of '{}' object has no setter",
                    name.as_str(),
                    instance.class.name()
                )));
            }
            let setter = setter.clone();
            self.call(&setter, &[object.clone(), value], &[])?;
            return Ok(());
        }
        if !instance.class.is_user_defined {
            // Builtin types' instances have no `__dict__`.
            return Err(self.attribute_error(object, name));
        }
        instance.attributes.set_str(name, value);
        Ok(())
    }

    /// `del instance.name`, through `__delattr__` when the class defines one.
    pub(crate) fn delete_instance_attribute(
        &mut self,
        instance: &Rc<Instance>,
        object: &Value,
        name: &Rc<Str>,
    ) -> Result<()> {
        if let Some(delattr) = instance.class.lookup(&self.names.delattr)
            && is_script_defined(&delattr)
        {
            self.call_special(object, delattr, &[Value::Str(name.clone())])?;
            return Ok(());
        }
        self.remove_instance_attribute(instance, object, name)
    }

    /// `object.__delattr__`: a property's deleter, else the instance dict.
    pub(crate) fn remove_instance_attribute(
        &mut self,
        instance: &Rc<Instance>,
        object: &Value,
        name: &Rc<Str>,
    ) -> Result<()> {
        if let Some(Value::Instance(descriptor)) = instance.class.lookup(name)
            && let Some(Descriptor::Property { deleter, .. }) = descriptor.native::<Descriptor>()
        {
            if deleter.is_none() {
                return Err(Error::attribute_error(format!(
                    "property '{}' of '{}' object has no deleter",
                    name.as_str(),
                    instance.class.name()
                )));
            }
            let deleter = deleter.clone();
            self.call(&deleter, std::slice::from_ref(object), &[])?;
            return Ok(());
        }
        if instance.attributes.table.borrow_mut().remove_str(name).is_some() {
            Ok(())
        } else {
            Err(self.attribute_error(object, name))
        }
    }

    // ------------------------------------------------------------ calls

    /// Calls a method found on the receiver's class, the receiver first
    /// (static and class methods as they want).
    pub(crate) fn call_special(&mut self, receiver: &Value, method: Value, arguments: &[Value]) -> Result<Value> {
        self.call_special_with_keywords(receiver, method, arguments, &[])
    }

    pub(crate) fn call_special_with_keywords(
        &mut self,
        receiver: &Value,
        method: Value,
        arguments: &[Value],
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        if let Value::Native(native) = &method
            && let Some(value) = self.native_receiver(receiver, native)
        {
            return self.call_native_on_value(receiver, value, native, arguments, keywords);
        }
        let mut all = Vec::with_capacity(arguments.len() + 1);
        let function = match &method {
            Value::Instance(inner) => match inner.native::<Descriptor>() {
                Some(Descriptor::StaticMethod(function)) => function.clone(),
                Some(Descriptor::ClassMethod(function)) => {
                    all.push(Value::Class(self.class_of(receiver)));
                    function.clone()
                }
                _ => {
                    all.push(receiver.clone());
                    method.clone()
                }
            },
            _ => {
                all.push(receiver.clone());
                method.clone()
            }
        };
        all.extend_from_slice(arguments);
        self.call(&function, &all, keywords)
    }

    /// Looks `name` up on the class of `receiver` and calls it; None when
    /// the class has no such attribute.
    pub(crate) fn try_special(
        &mut self,
        receiver: &Value,
        name: &Rc<Str>,
        arguments: &[Value],
    ) -> Result<Option<Value>> {
        match self.class_of(receiver).lookup(name) {
            None | Some(Value::None) => Ok(None),
            Some(method) => self.call_special(receiver, method, arguments).map(Some),
        }
    }

    /// `Class(...)` for a class a script defined: `__new__`, then
    /// `__init__` when `__new__` gave an instance of the class.
    pub(crate) fn instantiate_script_class(
        &mut self,
        class: &Rc<Class>,
        arguments: Vec<Value>,
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        if class.value_base().is_some() {
            return self.instantiate_value_subclass(class, arguments, keywords);
        }
        let new = class.lookup(&self.names.new).filter(is_script_defined);
        let init = class.lookup(&self.names.init).filter(is_script_defined);
        let object = match &new {
            None => {
                if init.is_none() && (!arguments.is_empty() || !keywords.is_empty()) {
                    return Err(Error::type_error(format!("{}() takes no arguments", class.name())));
                }
                Value::Instance(Instance::new(class.clone()))
            }
            Some(new) => {
                let mut with_class = Vec::with_capacity(arguments.len() + 1);
                with_class.push(Value::Class(class.clone()));
                with_class.extend(arguments.iter().cloned());
                let function = self.class_attribute_through_class(new.clone(), class);
                let object = self.call(&function, &with_class, keywords)?;
                if !self.class_of(&object).is_subclass(class) {
                    return Ok(object);
                }
                object
            }
        };
        if let Some(init) = init {
            let result = self.call_special_with_keywords(&object, init, &arguments, keywords)?;
            if !result.is_none() {
                return Err(Error::type_error(format!("__init__() should return None, not '{}'", result.type_name())));
            }
        }
        Ok(object)
    }

    /// The `__init__` a call of this class can run as a frame of its own
    /// (no `__new__` of the script's, a plain function `__init__`).
    pub(crate) fn frame_initializer(&self, class: &Rc<Class>) -> Option<Rc<crate::object::function::Function>> {
        if !class.is_user_defined {
            return None;
        }
        self.class_traits(class, |traits| traits.initializer.clone())
    }

    /// Derives (or takes from the cache) what makes and updates instances
    /// of the class quickly.
    pub(crate) fn class_traits<R>(&self, class: &Rc<Class>, read: impl FnOnce(&ClassTraits) -> R) -> R {
        let derive = |class: &Class| {
            let initializer = if class.is_exception_class()
                || class.value_base().is_some()
                || class.lookup(&self.names.new).is_some_and(|new| is_script_defined(&new))
            {
                None
            } else {
                match class.lookup(&self.names.init) {
                    Some(Value::Function(init)) if !init.code.flags.generator => Some(init),
                    _ => None,
                }
            };
            let custom_setattr = class.lookup(&self.names.setattr).is_some_and(|setattr| is_script_defined(&setattr));
            let descriptors = class.linearization().any(|class| {
                class.dict.borrow().values().iter().any(|value| match value {
                    Value::Instance(inner) => {
                        inner.native::<NativeGetter>().is_some()
                            || matches!(inner.native::<Descriptor>(), Some(Descriptor::Property { .. }))
                    }
                    _ => false,
                })
            });
            ClassTraits { initializer, custom_setattr, descriptors }
        };
        class.with_traits(derive, read)
    }

    // ------------------------------------------------------------ protocols

    /// Truth of an instance: `__bool__`, else `__len__`, else true.
    pub(crate) fn instance_truth(&mut self, object: &Value) -> Result<bool> {
        let class = self.class_of(object);
        if let Some(method) = class.lookup(&self.names.bool) {
            return match self.call_special(object, method, &[])? {
                Value::Bool(truth) => Ok(truth),
                other => Err(Error::type_error(format!("__bool__ should return bool, returned {}", other.type_name()))),
            };
        }
        if class.lookup(&self.names.len).is_some() {
            return Ok(self.instance_length(object)? != 0);
        }
        Ok(true)
    }

    /// `len(instance)`
    pub(crate) fn instance_length(&mut self, object: &Value) -> Result<usize> {
        let Some(result) = self.try_special(object, &self.names.len.clone(), &[])? else {
            return Err(Error::type_error(format!("object of type '{}' has no len()", object.type_name())));
        };
        match result {
            Value::Int(length) if length >= 0 => Ok(length as usize),
            Value::Bool(flag) => Ok(flag as usize),
            Value::Int(_) => Err(Error::value_error("__len__() should return >= 0")),
            Value::BigInt(big) if big.sign() == num_bigint::Sign::Minus => {
                Err(Error::value_error("__len__() should return >= 0"))
            }
            Value::BigInt(_) => Err(Error::overflow("cannot fit 'int' into an index-sized integer")),
            other => {
                Err(Error::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name())))
            }
        }
    }

    /// `hash(instance)`: `__hash__`, None when the class made instances
    /// unhashable (defining `__eq__` without `__hash__`).
    pub(crate) fn instance_hash(&mut self, object: &Value) -> Result<i64> {
        match self.class_of(object).lookup(&self.names.hash) {
            None | Some(Value::Native(_)) => match object {
                Value::Instance(instance) if let Some(value) = instance.builtin_value() => {
                    self.builtin_value_hash(object, &value.clone())
                }
                _ => Ok(hash::hash_address(object.object_address().unwrap_or(0))),
            },
            Some(Value::None) => Err(Error::type_error(format!("unhashable type: '{}'", object.type_name()))),
            Some(method) => match self.call_special(object, method, &[])? {
                // A hash that fits is used as it is (but -1 means error in CPython).
                Value::Int(value) => Ok(if value == -1 { -2 } else { value }),
                Value::Bool(flag) => Ok(flag as i64),
                Value::BigInt(big) => Ok(hash::hash_bigint(&big)),
                _ => Err(Error::type_error("__hash__ method should return an integer")),
            },
        }
    }

    /// A binary operator with an instance on either side: the left
    /// operand's method, then the right one's reflected method (first,
    /// when the right operand's class derives from the left's and
    /// overrides it).
    pub(crate) fn instance_binary_op(&mut self, op: BinaryOp, left: &Value, right: &Value) -> Result<Option<Value>> {
        let [forward_name, reflected_name, _] = self.names.binary[op as usize].clone();
        let (left_class, right_class) = (self.class_of(left), self.class_of(right));
        let forward = matches!(left, Value::Instance(_)).then(|| left_class.lookup(&forward_name)).flatten();
        let reflected = (matches!(right, Value::Instance(_)) && !Rc::ptr_eq(&left_class, &right_class))
            .then(|| right_class.lookup(&reflected_name))
            .flatten();
        // The right operand goes first when its class derives from the
        // left's and overrides the reflected method.
        let reflected_first = reflected.as_ref().is_some_and(|method| {
            right_class.is_subclass(&left_class)
                && !left_class.lookup(&reflected_name).is_some_and(|inherited| inherited.is(method))
        });
        self.first_implemented(left, right, forward, reflected, reflected_first)
    }

    /// Tries an operator's method on the left operand and its reflected
    /// method on the right one, in that order unless `reflected_first`;
    /// the first result that is not NotImplemented wins.
    fn first_implemented(
        &mut self,
        left: &Value,
        right: &Value,
        forward: Option<Value>,
        reflected: Option<Value>,
        reflected_first: bool,
    ) -> Result<Option<Value>> {
        let forward = forward.map(|method| (method, left, right));
        let reflected = reflected.map(|method| (method, right, left));
        let attempts = if reflected_first { [reflected, forward] } else { [forward, reflected] };
        for (method, receiver, argument) in attempts.into_iter().flatten() {
            let result = self.call_special(receiver, method, std::slice::from_ref(argument))?;
            if !matches!(result, Value::NotImplemented) {
                return Ok(Some(result));
            }
        }
        Ok(None)
    }

    /// `left op= right` on an instance: `__iop__` when the class has it and
    /// it does not return NotImplemented.
    pub(crate) fn instance_inplace_op(&mut self, op: BinaryOp, left: &Value, right: &Value) -> Result<Option<Value>> {
        let inplace_name = self.names.binary[op as usize][2].clone();
        match self.try_special(left, &inplace_name, std::slice::from_ref(right))? {
            Some(Value::NotImplemented) | None => Ok(None),
            Some(result) => Ok(Some(result)),
        }
    }

    /// `-x`, `+x`, `~x` on an instance.
    pub(crate) fn instance_unary_op(&mut self, op: UnaryOp, operand: &Value) -> Result<Option<Value>> {
        let name = match op {
            UnaryOp::Neg => self.names.neg.clone(),
            UnaryOp::Pos => self.names.pos.clone(),
            UnaryOp::Invert => self.names.invert.clone(),
            UnaryOp::Not => return Ok(Some(Value::Bool(!self.is_true(operand)?))),
        };
        self.try_special(operand, &name, &[])
    }

    /// A rich comparison with an instance on either side, giving whatever
    /// the method returned. `==` and `!=` fall back to identity; ordering
    /// with no method that answers is a TypeError.
    pub(crate) fn instance_compare(&mut self, left: &Value, right: &Value, op: Comparison) -> Result<Value> {
        let swapped = op.swapped();
        let (left_class, right_class) = (self.class_of(left), self.class_of(right));
        let forward = matches!(left, Value::Instance(_))
            .then(|| left_class.lookup(&self.names.comparisons[op as usize]))
            .flatten();
        let reflected = matches!(right, Value::Instance(_))
            .then(|| right_class.lookup(&self.names.comparisons[swapped as usize]))
            .flatten();
        let reflected_first =
            reflected.is_some() && !Rc::ptr_eq(&left_class, &right_class) && right_class.is_subclass(&left_class);
        if let Some(result) = self.first_implemented(left, right, forward, reflected, reflected_first)? {
            return Ok(result);
        }
        match op {
            Comparison::Eq => Ok(Value::Bool(left.is(right))),
            Comparison::Ne => Ok(Value::Bool(!left.is(right))),
            _ => Err(crate::object::compare::unorderable(left, right, op)),
        }
    }

    /// `object.__ne__`: the inverse of what `__eq__` says.
    pub(crate) fn default_not_equal(&mut self, left: &Value, right: &Value) -> Result<Value> {
        let eq = self.names.comparisons[Comparison::Eq as usize].clone();
        match self.try_special(left, &eq, std::slice::from_ref(right))? {
            None | Some(Value::NotImplemented) => Ok(Value::NotImplemented),
            Some(result) => Ok(Value::Bool(!self.is_true(&result)?)),
        }
    }

    /// `repr(instance)`; the default names the class and the address.
    pub(crate) fn instance_repr(&mut self, object: &Value) -> Result<String> {
        let result = self.call_repr_method(object)?;
        text_result(result, "__repr__")
    }

    /// What the class's `__repr__` returns, unchecked.
    fn call_repr_method(&mut self, object: &Value) -> Result<Value> {
        match self.class_of(object).lookup(&self.names.repr) {
            Some(Value::Native(native)) if native.owner == Some("object") => match object {
                Value::Instance(instance) if let Some(value) = instance.builtin_value() => {
                    self.repr(&value.clone()).map(Value::from_string)
                }
                _ => Ok(Value::from_string(self.default_repr(object))),
            },
            Some(method) => self.call_special(object, method, &[]),
            None => Ok(Value::from_string(self.default_repr(object))),
        }
    }

    /// `object.__repr__`: `<__main__.Point object at 0x...>`.
    pub(crate) fn default_repr(&self, object: &Value) -> String {
        let class = self.class_of(object);
        let address = object.object_address().unwrap_or(0);
        match class.module.as_str() {
            "builtins" => format!("<{} object at 0x{address:012x}>", class.qualname),
            module => format!("<{module}.{} object at 0x{address:012x}>", class.qualname),
        }
    }

    /// `str(instance)`: `__str__`, else the repr.
    pub(crate) fn instance_str(&mut self, object: &Value) -> Result<String> {
        let result = match self.class_of(object).lookup(&self.names.str) {
            Some(method) if is_script_defined(&method) => self.call_special(object, method, &[])?,
            // `str.__str__` gives the text itself, whatever the repr.
            _ if let Value::Instance(instance) = object
                && let Some(text @ Value::Str(_)) = instance.builtin_value() =>
            {
                text.clone()
            }
            // `object.__str__` returns the repr, checked as a str result.
            _ => self.call_repr_method(object)?,
        };
        text_result(result, "__str__")
    }

    /// `format(instance, spec)`: `__format__`, else str() for an empty spec.
    pub(crate) fn instance_format(&mut self, object: &Value, spec: &str) -> Result<String> {
        match self.class_of(object).lookup(&self.names.format) {
            Some(method) if is_script_defined(&method) => {
                match self.call_special(object, method, &[Value::from_text(spec)])? {
                    Value::Str(text) => Ok(text.as_str().to_string()),
                    other => Err(Error::type_error(format!("__format__ must return a str, not {}", other.type_name()))),
                }
            }
            _ if spec.is_empty() => self.instance_str(object),
            _ if let Value::Instance(instance) = object
                && let Some(value) = instance.builtin_value() =>
            {
                self.format(&value.clone(), spec)
            }
            _ => {
                Err(Error::type_error(format!("unsupported format string passed to {}.__format__", object.type_name())))
            }
        }
    }

    /// The result of the first of these special methods the object's
    /// class has (`int(x)` tries `__int__`, then `__index__`).
    pub(crate) fn convert_with(&mut self, object: &Value, names: &[&str]) -> Result<Option<Value>> {
        for name in names {
            let name = self.intern(name);
            if let Some(result) = self.try_special(object, &name, &[])? {
                return Ok(Some(result));
            }
        }
        Ok(None)
    }

    /// An operand used as an integer: an instance with `__index__` gives
    /// its int, anything else stays as it is (and fails where it is used).
    pub(crate) fn index_operand(&mut self, value: &Value) -> Result<Value> {
        match value {
            Value::Instance(_) => match self.try_special(value, &self.names.index.clone(), &[])? {
                Some(result @ (Value::Int(_) | Value::BigInt(_))) => Ok(result),
                Some(Value::Bool(flag)) => Ok(Value::Int(flag as i64)),
                Some(other) => {
                    Err(Error::type_error(format!("__index__ returned non-int (type {})", other.type_name())))
                }
                None => Ok(value.clone()),
            },
            Value::Slice(slice)
                if [&slice.start, &slice.stop, &slice.step].iter().any(|part| matches!(part, Value::Instance(_))) =>
            {
                let slice = crate::object::range::Slice {
                    start: self.index_operand(&slice.start)?,
                    stop: self.index_operand(&slice.stop)?,
                    step: self.index_operand(&slice.step)?,
                };
                Ok(Value::Slice(Rc::new(slice)))
            }
            other => Ok(other.clone()),
        }
    }

    /// What `with` does first: finds `__exit__` and `__enter__` on the
    /// manager's class and calls `__enter__`.
    pub(crate) fn before_with(&mut self, manager: Value) -> Result<[Value; 2]> {
        let class = self.class_of(&manager);
        let enter = class.lookup(&self.names.enter);
        let exit = class.lookup(&self.names.exit);
        let (Some(enter), Some(exit)) = (enter, exit) else {
            let missed = if class.lookup(&self.names.enter).is_some() { " (missed __exit__ method)" } else { "" };
            return Err(Error::type_error(format!(
                "'{}' object does not support the context manager protocol{missed}",
                manager.type_name()
            )));
        };
        let exit = self.bind_class_attribute(exit, &manager, &self.names.exit.clone())?;
        let entered = self.call_special(&manager, enter, &[])?;
        Ok([exit, entered])
    }

    /// `exception.__traceback__`: scripts get no traceback objects to walk,
    /// only one that says the exception was raised (None before).
    pub(crate) fn exception_traceback_value(&self, exception: &Value) -> Value {
        match exception {
            Value::Exception(exception) if !exception.traceback.borrow().is_empty() => {
                Value::Instance(Instance::new(self.other_type("traceback")))
            }
            _ => Value::None,
        }
    }

    /// Whether an error is a StopIteration (which ends an iteration).
    pub(crate) fn is_stop_iteration(error: &Error) -> bool {
        error.is_instance_of(ExcKind::StopIteration)
    }
}

impl crate::object::compare::ObjectProtocol for Vm {
    fn object_equals(&mut self, left: &Value, right: &Value) -> Result<bool> {
        let result = self.instance_compare(left, right, Comparison::Eq)?;
        self.is_true(&result)
    }

    fn object_compare(&mut self, left: &Value, right: &Value, op: Comparison) -> Result<bool> {
        let result = self.instance_compare(left, right, op)?;
        self.is_true(&result)
    }

    fn object_hash(&mut self, value: &Value) -> Result<i64> {
        self.instance_hash(value)
    }
}
