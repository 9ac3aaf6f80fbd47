//! Callables: script functions, native functions, bound methods, and the
//! cells closures share variables through.

use std::cell::RefCell;
use std::rc::Rc;

use crate::bytecode::Code;
use crate::error::Result;
use crate::object::dict::{Dict, DictTable};
use crate::object::string::Str;
use crate::value::Value;
use crate::vm::Vm;

/// A function defined by `def` or `lambda`.
pub struct Function {
    pub code: Rc<Code>,
    pub globals: Rc<Dict>,
    /// Defaults of the last positional parameters, in order.
    pub defaults: Vec<Value>,
    /// Defaults of keyword-only parameters by name.
    pub keyword_defaults: Vec<(Rc<Str>, Value)>,
    /// Cells of the enclosing scopes' variables this function uses.
    pub closure: Vec<Rc<CellObject>>,
    /// Attributes set on the function object (`f.calls = 0`, `__doc__`).
    pub attributes: RefCell<DictTable>,
}

/// Keyword arguments as a native function receives them.
pub type Keywords<'a> = &'a [(Rc<Str>, Value)];

/// The Rust signature of a builtin: the VM, positional arguments (the
/// receiver first, for methods) and keyword arguments.
pub type NativeFn = fn(&mut Vm, &[Value], Keywords) -> Result<Value>;

/// A function implemented in Rust.
pub struct NativeFunction {
    pub name: &'static str,
    /// The type this is a method of (`"str"` for `str.join`), if any.
    pub owner: Option<&'static str>,
    pub function: NativeFn,
}

impl NativeFunction {
    pub fn is_method(&self) -> bool {
        self.owner.is_some()
    }

    /// `str.join` for methods, `len` for functions: how messages name it.
    pub fn qualified_name(&self) -> String {
        match self.owner {
            Some(owner) => format!("{owner}.{}", self.name),
            None => self.name.to_string(),
        }
    }
}

/// A function bound to the object it was looked up on.
pub struct BoundMethod {
    pub receiver: Value,
    pub function: Value,
}

/// A variable shared between a function and the closures defined in it.
pub struct CellObject {
    pub value: RefCell<Value>,
}

impl CellObject {
    pub fn new(value: Value) -> CellObject {
        CellObject { value: RefCell::new(value) }
    }
}
