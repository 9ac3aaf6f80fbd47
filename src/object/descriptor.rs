//! Attributes that native code computes, as CPython's getset descriptors
//! do for `file.closed` or `file.name`. A class holds one in its dict as a
//! native instance of `getset_descriptor` carrying a `NativeGetter`;
//! looking the name up on an object of the class calls the getter with the
//! object instead of returning the descriptor.

use crate::error::Result;
use crate::value::Value;
use crate::vm::Vm;

/// Computes an attribute of `object`, which is an instance of the class
/// holding the descriptor (or of a subclass).
pub type GetterFn = fn(&mut Vm, &Value) -> Result<Value>;

pub struct NativeGetter {
    pub name: &'static str,
    /// The qualified name of the class that defines it, for the repr:
    /// `<attribute 'closed' of '_io.TextIOWrapper' objects>`.
    pub owner: String,
    pub get: GetterFn,
}
