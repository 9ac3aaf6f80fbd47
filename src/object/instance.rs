//! Instances of classes: objects of the classes scripts define, and native
//! objects (open files, `property` descriptors) whose Rust state rides along.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::object::class::Class;
use crate::object::dict::DictTable;

pub struct Instance {
    pub class: Rc<Class>,
    /// The instance's `__dict__`.
    pub attributes: RefCell<DictTable>,
    /// State of a native object, for the natives of its class to downcast.
    pub native: Option<Box<dyn Any>>,
}

impl Instance {
    pub fn new(class: Rc<Class>) -> Instance {
        Instance { class, attributes: RefCell::new(DictTable::new()), native: None }
    }

    pub fn with_native(class: Rc<Class>, native: impl Any) -> Instance {
        Instance { class, attributes: RefCell::new(DictTable::new()), native: Some(Box::new(native)) }
    }

    /// The native state, if it is of type `T`.
    pub fn native<T: Any>(&self) -> Option<&T> {
        self.native.as_ref()?.downcast_ref::<T>()
    }
}
