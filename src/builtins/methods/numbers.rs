//! Methods of a builtin type.

use crate::object::string::Interner;
use crate::vm::BuiltinTypes;

pub(super) fn install(_types: &BuiltinTypes, _interner: &mut Interner) {}
