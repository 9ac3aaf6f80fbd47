//! Type objects: the builtin types, the exception classes, and the classes
//! scripts define with `class`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::object::dict::DictTable;
use crate::object::exception::ExcKind;
use crate::object::function::Function;
use crate::object::string::Str;
use crate::value::Value;

pub struct Class {
    pub name: String,
    pub qualname: String,
    /// `__module__`: "builtins" for the builtin types.
    pub module: String,
    pub bases: Vec<Rc<Class>>,
    /// Method resolution order after the class itself.
    pub mro: Vec<Rc<Class>>,
    /// Attributes and methods, keyed by str. Change it after creation only
    /// through `set_attribute`/`delete_attribute`, which keep lookup caches
    /// honest.
    pub dict: RefCell<DictTable>,
    /// For builtin exception classes: which one.
    pub exception_kind: Option<ExcKind>,
    /// Made by a `class` statement (or `type(name, bases, dict)`): scripts
    /// may set its attributes.
    pub is_user_defined: bool,
    /// Results of `lookup` (Null for "not found"), valid while `cache_epoch`
    /// equals the thread's class epoch.
    cache: RefCell<DictTable>,
    cache_epoch: Cell<u64>,
    /// `traits` as last derived, with the epoch it is valid for.
    traits: RefCell<Option<(u64, ClassTraits)>>,
    /// How many attributes instances end up with, to size new ones' dicts.
    pub expected_attributes: Cell<usize>,
}

/// What the VM derives from a class's MRO to make and update instances
/// quickly; cached like lookups.
#[derive(Clone, Default)]
pub struct ClassTraits {
    /// The `__init__` a call can run as a frame of its own (`__new__` is
    /// object's, `__init__` a plain function).
    pub initializer: Option<Rc<Function>>,
    /// A script's `__setattr__` is on the MRO.
    pub custom_setattr: bool,
    /// Data descriptors (properties, native getters) are on the MRO: they
    /// come before the instance dict.
    pub descriptors: bool,
}

thread_local! {
    /// Bumped whenever a class is made or any class's attributes change
    /// after creation: a change to a base invalidates the caches of all
    /// its subclasses, and classes do not know their subclasses.
    static CLASS_EPOCH: Cell<u64> = const { Cell::new(1) };
}

/// The current class epoch: a cache of what a class's attributes are is
/// good while this stays the same. Making a class moves it on too, so a
/// cache keyed by a class's address cannot mistake a new class for a
/// freed one.
pub fn class_epoch() -> u64 {
    CLASS_EPOCH.with(Cell::get)
}

fn bump_class_epoch() {
    CLASS_EPOCH.with(|epoch| epoch.set(epoch.get() + 1));
}

impl Class {
    /// A builtin class. Builtin hierarchies are single inheritance: the MRO
    /// is the chain of first bases.
    pub fn new(name: &str, bases: Vec<Rc<Class>>, exception_kind: Option<ExcKind>) -> Class {
        let mro = linearize(&bases).unwrap_or_default();
        bump_class_epoch();
        Class {
            name: name.to_string(),
            qualname: name.to_string(),
            module: "builtins".to_string(),
            bases,
            mro,
            dict: RefCell::new(DictTable::new()),
            exception_kind,
            is_user_defined: false,
            cache: RefCell::new(DictTable::new()),
            cache_epoch: Cell::new(0),
            traits: RefCell::new(None),
            expected_attributes: Cell::new(0),
        }
    }

    /// A class made by a `class` statement, its MRO linearized with C3.
    /// Err carries the TypeError message when the bases admit no order.
    pub fn new_user_defined(
        name: &str,
        qualname: &str,
        module: &str,
        bases: Vec<Rc<Class>>,
        dict: DictTable,
    ) -> Result<Class, String> {
        let mro = linearize(&bases)?;
        bump_class_epoch();
        Ok(Class {
            name: name.to_string(),
            qualname: qualname.to_string(),
            module: module.to_string(),
            bases,
            mro,
            dict: RefCell::new(dict),
            exception_kind: None,
            is_user_defined: true,
            cache: RefCell::new(DictTable::new()),
            cache_epoch: Cell::new(0),
            traits: RefCell::new(None),
            expected_attributes: Cell::new(0),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Looks a name up along the MRO.
    pub fn lookup(&self, name: &Rc<Str>) -> Option<Value> {
        let epoch = class_epoch();
        if self.cache_epoch.get() == epoch {
            if let Some(cached) = self.cache.borrow().get_str(name) {
                return if cached.is_null() { None } else { Some(cached.clone()) };
            }
        } else {
            self.cache.borrow_mut().clear();
            self.cache_epoch.set(epoch);
        }
        let found = self.lookup_uncached(name);
        self.cache.borrow_mut().insert_str(name, found.clone().unwrap_or(Value::Null));
        found
    }

    /// Reads the class's traits, derived by `derive` when the cached ones
    /// are stale.
    pub fn with_traits<R>(
        &self,
        derive: impl FnOnce(&Class) -> ClassTraits,
        read: impl FnOnce(&ClassTraits) -> R,
    ) -> R {
        let epoch = class_epoch();
        if let Some((cached_epoch, traits)) = &*self.traits.borrow()
            && *cached_epoch == epoch
        {
            return read(traits);
        }
        let traits = derive(self);
        let result = read(&traits);
        *self.traits.borrow_mut() = Some((epoch, traits));
        result
    }

    /// Every class on the MRO, this one first.
    pub fn linearization(&self) -> impl Iterator<Item = &Class> {
        std::iter::once(self).chain(self.mro.iter().map(|class| &**class))
    }

    fn lookup_uncached(&self, name: &Str) -> Option<Value> {
        if let Some(value) = self.dict.borrow().get_str(name) {
            return Some(value.clone());
        }
        self.mro.iter().find_map(|class| class.dict.borrow().get_str(name).cloned())
    }

    /// `Class.name = value` after the class exists.
    pub fn set_attribute(&self, name: &Rc<Str>, value: Value) {
        self.dict.borrow_mut().insert_str(name, value);
        bump_class_epoch();
    }

    /// `del Class.name`; whether it was there.
    pub fn delete_attribute(&self, name: &Rc<Str>) -> bool {
        let removed = self.dict.borrow_mut().remove_str(name).is_some();
        bump_class_epoch();
        removed
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

    /// Whether instances are exception objects.
    pub fn is_exception_class(&self) -> bool {
        self.exception_kind.is_some() || self.mro.iter().any(|class| class.exception_kind.is_some())
    }

    /// The builtin class instances of this class are laid out as: the first
    /// builtin class on the MRO (`object` for plain script classes).
    pub fn builtin_base(self: &Rc<Self>) -> &Rc<Class> {
        if !self.is_user_defined {
            return self;
        }
        self.mro.iter().find(|class| !class.is_user_defined).unwrap_or(self)
    }

    /// For a script class deriving from a builtin value type (`class
    /// MyList(list)`): that type, whose values its instances carry.
    /// `object` is the one builtin class without bases.
    pub fn value_base(&self) -> Option<&Rc<Class>> {
        if !self.is_user_defined {
            return None;
        }
        self.mro
            .iter()
            .find(|class| !class.is_user_defined)
            .filter(|class| !class.bases.is_empty() && class.exception_kind.is_none())
    }
}

/// C3 linearization of a class with these bases (without the class itself):
/// the order that keeps every base before its own bases and the bases in
/// the order they were listed.
fn linearize(bases: &[Rc<Class>]) -> Result<Vec<Rc<Class>>, String> {
    let mut sequences: Vec<Vec<Rc<Class>>> =
        bases.iter().map(|base| std::iter::once(base.clone()).chain(base.mro.iter().cloned()).collect()).collect();
    sequences.push(bases.to_vec());
    let mut result: Vec<Rc<Class>> = Vec::new();
    loop {
        sequences.retain(|sequence| !sequence.is_empty());
        if sequences.is_empty() {
            return Ok(result);
        }
        // The first head that appears in no other sequence's tail.
        let candidate = sequences
            .iter()
            .map(|sequence| sequence[0].clone())
            .find(|head| !sequences.iter().any(|sequence| sequence[1..].iter().any(|c| Rc::ptr_eq(c, head))));
        let Some(next) = candidate else {
            // CPython names the classes it could not place: the heads left.
            let mut names: Vec<&str> = Vec::new();
            for sequence in &sequences {
                if !names.contains(&sequence[0].name()) {
                    names.push(sequence[0].name());
                }
            }
            return Err(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            ));
        };
        for sequence in &mut sequences {
            if Rc::ptr_eq(&sequence[0], &next) {
                sequence.remove(0);
            }
        }
        result.push(next);
    }
}
