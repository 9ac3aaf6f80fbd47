//! Type objects: the builtin types and exception classes (and, later, the
//! classes scripts define).

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::dict::DictTable;
use crate::object::exception::ExcKind;
use crate::object::string::Str;
use crate::value::Value;

pub struct Class {
    pub name: String,
    pub bases: Vec<Rc<Class>>,
    /// Method resolution order after the class itself.
    pub mro: Vec<Rc<Class>>,
    /// Attributes and methods, keyed by str.
    pub dict: RefCell<DictTable>,
    /// For builtin exception classes: which one.
    pub exception_kind: Option<ExcKind>,
}

impl Class {
    pub fn new(name: &str, bases: Vec<Rc<Class>>, exception_kind: Option<ExcKind>) -> Class {
        // Builtin hierarchies are single inheritance: the MRO is the chain
        // of first bases.
        let mut mro = Vec::new();
        let mut next = bases.first().cloned();
        while let Some(class) = next {
            next = class.bases.first().cloned();
            mro.push(class);
        }
        Class { name: name.to_string(), bases, mro, dict: RefCell::new(DictTable::new()), exception_kind }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Looks a name up along the MRO.
    pub fn lookup(&self, name: &Str) -> Option<Value> {
        if let Some(value) = self.dict.borrow().get_str(name) {
            return Some(value.clone());
        }
        self.mro.iter().find_map(|class| class.dict.borrow().get_str(name).cloned())
    }

    /// Whether this class is `other` or derives from it.
    pub fn is_subclass(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|class| Rc::ptr_eq(class, other))
    }

    /// Whether this class is the builtin exception class `kind` or derives
    /// from it.
    pub fn is_builtin_exception_subclass(&self, kind: ExcKind) -> bool {
        self.exception_kind == Some(kind) || self.mro.iter().any(|class| class.exception_kind == Some(kind))
    }
}
