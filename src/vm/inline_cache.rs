//! Inline caches for attribute access on instances of script classes.
//!
//! `self.x`, `self.x = v` and `self.method(...)` would each look the name
//! up along the class's MRO, check the class for descriptors and
//! `__setattr__`, and probe the instance dict. A code object keeps, for
//! each name it uses, what the last class it met said about that name;
//! while the same class comes back and no class has changed since (the
//! class epoch), the instruction skips straight to the instance dict, the
//! method or the property getter. Anything unusual misses and takes the
//! general path in `operators.rs`/`objects.rs`, which stays the reference
//! for what attribute access means.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::Vm;
use crate::object::class::{Class, class_epoch};
use crate::object::function::{BoundMethod, Function};
use crate::object::instance::{Descriptor, Instance};
use crate::object::string::Str;
use crate::value::{Value, discard};

/// What one class says about one attribute name.
#[derive(Default)]
enum ClassAttribute {
    /// The name is not on the class: only the instance dict has it.
    #[default]
    Absent,
    /// A script function: a method, unless the instance dict shadows it.
    Method(Rc<Function>),
    /// A property whose getter is a script function of the object alone:
    /// reading runs the getter as a frame.
    Property(Rc<Function>),
    /// A plain class attribute (a number, a str, a class...), read as it
    /// is when the instance dict does not shadow it.
    Plain(Value),
    /// Anything else (other descriptors, native methods): not cached.
    Uncached,
}

/// One name's cache in a code object.
#[derive(Default)]
pub struct AttributeCache {
    /// The class the entry describes, by address; 0 when empty.
    class: Cell<usize>,
    /// The class epoch the entry was made at.
    epoch: Cell<u64>,
    attribute: RefCell<ClassAttribute>,
    /// Stores may go straight into the instance dict: no script
    /// `__setattr__`, and the name is no data descriptor.
    plain_store: Cell<bool>,
    /// Where the name was last found in an instance dict.
    position: Cell<u32>,
}

/// What a cached `LoadAttr` did.
pub(crate) enum CachedLoad {
    /// The attribute replaced the object on the stack.
    Done,
    /// A property: the getter, a function of the object alone (its
    /// `simple_arity` is 1), is to be run as a frame on the object.
    Getter(Rc<Function>),
    /// Take the general path.
    Miss,
}

impl AttributeCache {
    /// Whether the entry describes `class` as it is now.
    #[inline(always)]
    fn describes(&self, class: &Rc<Class>) -> bool {
        self.class.get() == Rc::as_ptr(class) as usize && self.epoch.get() == class_epoch()
    }
}

impl Vm {
    /// Makes `cache` describe `class` for `name`. False for classes it
    /// cannot describe (builtin ones), whose accesses all miss.
    fn fill_attribute_cache(&self, cache: &AttributeCache, class: &Rc<Class>, name: &Rc<Str>) -> bool {
        if !class.is_user_defined {
            return false;
        }
        let found = class.lookup(name);
        let data_descriptor = matches!(&found, Some(Value::Instance(_)));
        let attribute = match found {
            None => ClassAttribute::Absent,
            Some(Value::Function(function)) => ClassAttribute::Method(function),
            Some(Value::Instance(descriptor)) => match descriptor.native::<Descriptor>() {
                Some(Descriptor::Property { getter: Value::Function(getter), .. })
                    if getter.code.simple_arity == Some(1) =>
                {
                    ClassAttribute::Property(getter.clone())
                }
                _ => ClassAttribute::Uncached,
            },
            Some(Value::Native(_)) => ClassAttribute::Uncached,
            Some(value) => ClassAttribute::Plain(value),
        };
        let custom_setattr = self.class_traits(class, |traits| traits.custom_setattr);
        *cache.attribute.borrow_mut() = attribute;
        cache.plain_store.set(!custom_setattr && !data_descriptor);
        cache.class.set(Rc::as_ptr(class) as usize);
        cache.epoch.set(class_epoch());
        true
    }

    /// The instance at stack `position`, when `cache` describes its class
    /// (filling the cache if it can).
    #[inline(always)]
    fn cached_instance(&self, position: usize, cache: &AttributeCache, name: &Rc<Str>) -> Option<Rc<Instance>> {
        let Some(Value::Instance(instance)) = self.stack.get(position) else { return None };
        if cache.describes(&instance.class) || self.fill_attribute_cache(cache, &instance.class, name) {
            Some(instance.clone())
        } else {
            None
        }
    }

    /// `LoadAttr` on an instance at stack `position`: for `LoadAttr` the
    /// top, replaced by the value (`[object] -> [value]`); for
    /// `LoadLocalAttr` a local slot, left there, the value pushed.
    #[inline(always)]
    pub(crate) fn load_attribute_cached(
        &mut self,
        position: usize,
        replace: bool,
        cache: &AttributeCache,
        name: &Rc<Str>,
    ) -> CachedLoad {
        let Some(instance) = self.cached_instance(position, cache, name) else { return CachedLoad::Miss };
        let attribute = cache.attribute.borrow();
        match &*attribute {
            // A data descriptor comes before the instance dict.
            ClassAttribute::Property(getter) => return CachedLoad::Getter(getter.clone()),
            ClassAttribute::Uncached => return CachedLoad::Miss,
            _ => {}
        }
        let table = instance.attributes.table.borrow();
        let found = table.find_str_hinted(name, cache.position.get() as usize);
        let value = match found.and_then(|entry| table.value_at(entry)) {
            Some(value) => {
                cache.position.set(found.unwrap_or_default() as u32);
                value
            }
            None => match &*attribute {
                ClassAttribute::Method(method) => {
                    let bound = Value::BoundMethod(Rc::new(BoundMethod {
                        receiver: Value::Instance(instance.clone()),
                        function: Value::Function(method.clone()),
                    }));
                    drop(table);
                    if replace {
                        discard(std::mem::replace(&mut self.stack[position], bound));
                    } else {
                        self.stack.push(bound);
                    }
                    return CachedLoad::Done;
                }
                ClassAttribute::Plain(value) => value,
                // Not found: `__getattr__` or the AttributeError.
                _ => return CachedLoad::Miss,
            },
        };
        if replace {
            let object = self.stack.replace_with_copy(position, value);
            drop(table);
            discard(object);
        } else {
            self.stack.push_copy(value);
        }
        CachedLoad::Done
    }

    /// `StoreAttr` on an instance at stack `position`: the top when
    /// `on_top` (`[value, object] -> []`), else a local slot
    /// (`StoreLocalAttr`: `[value] -> []`). False when the general path is
    /// needed (nothing was popped).
    #[inline(always)]
    pub(crate) fn store_attribute_cached(
        &mut self,
        position: usize,
        on_top: bool,
        cache: &AttributeCache,
        name: &Rc<Str>,
    ) -> bool {
        let Some(instance) = self.cached_instance(position, cache, name) else { return false };
        if !cache.plain_store.get() {
            return false;
        }
        if on_top {
            discard(self.stack.pop_value());
        }
        let value = self.stack.pop_value();
        let mut table = instance.attributes.table.borrow_mut();
        let old = match table.find_str_hinted(name, cache.position.get() as usize) {
            Some(position) => {
                cache.position.set(position as u32);
                Some(std::mem::replace(table.value_at_mut(position), value))
            }
            None => {
                let position = table.append_str(name, value);
                cache.position.set(position as u32);
                if table.len() > instance.class.expected_attributes.get() {
                    instance.class.expected_attributes.set(table.len());
                }
                None
            }
        };
        drop(table);
        if let Some(old) = old {
            discard(old);
        }
        true
    }

    /// `LoadMethod` on an instance at stack `position` whose class has the
    /// name as a script function the instance does not shadow: `[object]
    /// -> [function, object]` when `replace` (the object on top), else the
    /// object stays in its local slot and both are pushed. False when the
    /// general path is needed.
    #[inline(always)]
    pub(crate) fn load_method_cached(
        &mut self,
        position: usize,
        replace: bool,
        cache: &AttributeCache,
        name: &Rc<Str>,
    ) -> bool {
        let Some(instance) = self.cached_instance(position, cache, name) else { return false };
        let ClassAttribute::Method(method) = &*cache.attribute.borrow() else { return false };
        if instance.attributes.table.borrow().find_str_hinted(name, cache.position.get() as usize).is_some() {
            return false;
        }
        if replace {
            let object = std::mem::replace(&mut self.stack[position], Value::Function(method.clone()));
            self.stack.push(object);
        } else {
            self.stack.push(Value::Function(method.clone()));
            self.stack.push_copy_of(position);
        }
        true
    }
}
