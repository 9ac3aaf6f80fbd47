//! Instances of script subclasses of the builtin value types (`class
//! MyList(list)`): each carries its builtin value (`BuiltinValue`), and the
//! builtin methods it inherits run on that value. The hooks here sit on
//! paths instances already take when they call a native method or fall
//! back to `object`'s defaults, so plain script classes pay nothing on the
//! paths that matter to them.

use std::rc::Rc;

use super::Vm;
use crate::ast::BinaryOp;
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::function::NativeFunction;
use crate::object::instance::Instance;
use crate::object::string::Str;
use crate::value::Value;

impl Vm {
    /// The builtin value a native method runs on when `receiver` is an
    /// instance carrying one. `object`'s methods that show, compare and
    /// hash see the value (the builtin types override them in CPython);
    /// its attribute and `__init__` methods see the instance.
    pub(crate) fn native_receiver(&self, receiver: &Value, native: &NativeFunction) -> Option<Value> {
        // The value first: most instances carry none, and that is one
        // downcast of an empty native slot.
        let value = crate::object::instance::carried_value(receiver)?;
        let unwraps = match native.owner {
            Some("object") => {
                matches!(native.name, "__repr__" | "__str__" | "__format__" | "__hash__" | "__eq__" | "__ne__")
            }
            Some(_) => true,
            None => false,
        };
        unwraps.then(|| value.clone())
    }

    /// Calls a native special method that `native_receiver` said runs on
    /// `value`, the builtin value of the instance `receiver`. A result that
    /// is the mutable value itself (`d |= other`) is the instance, as the operator
    /// keeps it; a dict subclass's `__missing__` answers for absent keys.
    pub(crate) fn call_native_on_value(
        &mut self,
        receiver: &Value,
        value: Value,
        native: &NativeFunction,
        arguments: &[Value],
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        if native.name == "__getitem__"
            && let (Value::Dict(_), [key]) = (&value, arguments)
            && let Some(missing) = self.class_of(receiver).lookup(&self.intern("__missing__"))
            && !self.contains(&value, key)?
        {
            return self.call_special(receiver, missing, arguments);
        }
        let mut all = Vec::with_capacity(arguments.len() + 1);
        all.push(value.clone());
        all.extend_from_slice(arguments);
        let result = (native.function)(self, &all, keywords)?;
        let mutable = matches!(value, Value::List(_) | Value::Dict(_) | Value::Set(_));
        Ok(if mutable && result.is(&value) { receiver.clone() } else { result })
    }

    /// `hash(instance)` when the class keeps `object.__hash__`: the
    /// value's hash, and unhashable for the mutable types (whose
    /// `__hash__` is None in CPython).
    pub(crate) fn builtin_value_hash(&mut self, object: &Value, value: &Value) -> Result<i64> {
        if matches!(value, Value::List(_) | Value::Dict(_) | Value::Set(_)) {
            return Err(Error::type_error(format!("unhashable type: '{}'", object.type_name())));
        }
        self.hash(value)
    }

    /// `Class(...)` for a script class deriving from a builtin value type:
    /// `__new__` (the builtin's makes the value: from the arguments for
    /// the immutable types, empty for list, dict and set), then `__init__`
    /// when that gave an instance of the class (the builtin's fills a
    /// list, dict or set from the arguments).
    pub(crate) fn instantiate_value_subclass(
        &mut self,
        class: &Rc<Class>,
        arguments: Vec<Value>,
        keywords: &[(Rc<Str>, Value)],
    ) -> Result<Value> {
        let new = class.lookup(&self.names.new).unwrap_or(Value::None);
        let new = self.class_attribute_through_class(new, class);
        let mut with_class = Vec::with_capacity(arguments.len() + 1);
        with_class.push(Value::Class(class.clone()));
        with_class.extend(arguments.iter().cloned());
        let object = self.call(&new, &with_class, keywords)?;
        if !self.class_of(&object).is_subclass(class) {
            return Ok(object);
        }
        match class.lookup(&self.names.init) {
            // The immutable types took their arguments in `__new__`.
            None => {}
            Some(Value::Native(native)) if native.owner == Some("object") => {}
            Some(init) => {
                let result = self.call_special_with_keywords(&object, init, &arguments, keywords)?;
                if !result.is_none() {
                    return Err(Error::type_error(format!(
                        "__init__() should return None, not '{}'",
                        result.type_name()
                    )));
                }
            }
        }
        Ok(object)
    }

    /// The builtin value an instance carries, else the value itself: for
    /// the builtins that take numbers without asking special methods.
    pub(crate) fn builtin_value_or_self(value: &Value) -> Value {
        match value {
            Value::Instance(instance) if let Some(inner) = instance.builtin_value() => inner.clone(),
            other => other.clone(),
        }
    }

    /// Whether the value is an instance of a dict subclass, a mapping
    /// `{**value}` takes as its dict.
    pub(crate) fn carries_dict(value: &Value) -> bool {
        matches!(value, Value::Instance(instance) if matches!(instance.builtin_value(), Some(Value::Dict(_))))
    }

    /// `f(**mapping)`: a dict subclass's instance passes its dict.
    pub(crate) fn dict_of_mapping(mapping: Value) -> Value {
        if Vm::carries_dict(&mapping) { Vm::builtin_value_or_self(&mapping) } else { mapping }
    }

    /// The error of `left op right` when no method of the instance `left`
    /// took it: for `+` and `*` on a str, list or tuple subclass, the
    /// builtin's own complaint ("can only concatenate str ..."), else the
    /// general one.
    pub(crate) fn unsupported_instance_operands(&mut self, op: BinaryOp, left: &Value, right: &Value) -> Error {
        if matches!(op, BinaryOp::Add | BinaryOp::Mul)
            && let Value::Instance(instance) = left
            && let Some(value @ (Value::Str(_) | Value::List(_) | Value::Tuple(_))) = instance.builtin_value()
            && let Err(error) = self.binary_op(op, value.clone(), right.clone())
        {
            return error;
        }
        super::operators::unsupported_operands(op, left, right)
    }

    /// An instance of `class` carrying `value`.
    pub(crate) fn wrap_builtin_value(class: &Rc<Class>, value: Value) -> Value {
        let state = crate::object::instance::BuiltinValue(value);
        Value::Instance(Rc::new(Instance::with_native(class.clone(), state)))
    }
}
