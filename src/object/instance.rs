//! Instances of classes: objects of the classes scripts define, and native
//! objects (open files, `property` descriptors) whose Rust state rides along.

use std::any::Any;
use std::rc::Rc;

use crate::object::class::Class;
use crate::object::dict::{Dict, DictTable};
use crate::object::rc_built;
use crate::value::Value;

thread_local! {
    static NO_ATTRIBUTES: Rc<Dict> = Rc::new(Dict::new());
}

pub struct Instance {
    pub class: Rc<Class>,
    /// The instance's `__dict__` (shared with scripts that read it).
    pub attributes: Rc<Dict>,
    /// State of a native object, for the natives of its class to downcast.
    pub native: Option<Box<dyn Any>>,
}

impl Instance {
    /// A new instance of a script class, its dict sized for the
    /// attributes its class's instances usually get.
    #[inline(always)]
    pub fn new(class: Rc<Class>) -> Rc<Instance> {
        let capacity = class.expected_attributes.get();
        let attributes = rc_built(|| Dict::from_table(DictTable::with_capacity(capacity)));
        rc_built(|| Instance { class, attributes, native: None })
    }

    pub fn with_native(class: Rc<Class>, native: impl Any) -> Instance {
        // Instances of builtin classes take no attributes (the VM refuses
        // to set any), so they share one empty dict instead of each
        // allocating its own: futures and handles are made by the
        // hundred thousand.
        let attributes = if class.is_user_defined { Rc::new(Dict::new()) } else { NO_ATTRIBUTES.with(Rc::clone) };
        Instance { class, attributes, native: Some(Box::new(native)) }
    }

    /// The native state, if it is of type `T`.
    pub fn native<T: Any>(&self) -> Option<&T> {
        self.native.as_ref()?.downcast_ref::<T>()
    }

    /// For an instance of a script subclass of a builtin type (`class
    /// MyList(list)`), the builtin value it extends.
    pub fn builtin_value(&self) -> Option<&Value> {
        self.native::<BuiltinValue>().map(|BuiltinValue(value)| value)
    }
}

/// The builtin value `value` carries when it is an instance of a script
/// subclass of a builtin type: what a builtin method called through its
/// type (`dict.__setitem__(self, key, value)`) works on.
pub fn carried_value(value: &Value) -> Option<&Value> {
    match value {
        Value::Instance(instance) => instance.builtin_value(),
        _ => None,
    }
}

/// The native state of an instance of a script subclass of int, float,
/// str, tuple, list, dict, set or frozenset: the builtin value the
/// builtin methods work on. A mutable one (a list) is shared, so what
/// those methods do to it is what the instance holds.
pub struct BuiltinValue(pub Value);

/// The state of the builtin descriptors: what a class attribute made by
/// `property`, `staticmethod` or `classmethod` does when read.
pub enum Descriptor {
    Property { getter: Value, setter: Value, deleter: Value, doc: Value },
    StaticMethod(Value),
    ClassMethod(Value),
}

/// A `super()` object: attributes of `receiver` looked up on its class's
/// MRO after `class`.
pub struct Super {
    pub class: Rc<Class>,
    pub receiver: Value,
}
