//! `Value`: what a variable or stack slot holds. Small values (None, bools,
//! ints that fit 64 bits, floats) live inline, so arithmetic allocates
//! nothing; everything else is a reference-counted heap object. Reference
//! counting frees objects at the moment CPython would, which keeps
//! finalization-visible behaviour (unretrieved task errors, "never
//! awaited" warnings) in the same order.

use std::rc::Rc;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::object::bytes::{ByteArray, Bytes};
use crate::object::class::Class;
use crate::object::dict::Dict;
use crate::object::exception::ExceptionObject;
use crate::object::function::{BoundMethod, CellObject, Function, NativeFunction};
use crate::object::generator::{FrameObject, GeneratorObject};
use crate::object::instance::Instance;
use crate::object::iterator::{DictPart, DictView, IteratorObject};
use crate::object::list::List;
use crate::object::module::Module;
use crate::object::range::{Range, Slice};
use crate::object::set::Set;
use crate::object::string::Str;
use crate::object::tuple::Tuple;

#[derive(Clone)]
#[repr(u64)]
pub enum Value {
    /// Internal marker, never visible to scripts: an unbound local slot, or
    /// the "no self" slot of a method call.
    Null = 0,
    None = 1,
    NotImplemented = 2,
    Ellipsis = 3,
    Bool(bool) = 4,
    /// An int that fits in 64 bits; larger ones are `BigInt`, never wrapped.
    Int(i64) = 5,
    /// An int outside the i64 range (always; smaller results are narrowed).
    BigInt(Rc<BigInt>) = 6,
    Float(f64) = 7,
    Str(Rc<Str>) = 8,
    Bytes(Rc<Bytes>),
    ByteArray(Rc<ByteArray>),
    List(Rc<List>),
    Tuple(Rc<Tuple>),
    Dict(Rc<Dict>),
    Set(Rc<Set>),
    FrozenSet(Rc<Set>),
    Range(Rc<Range>),
    Slice(Rc<Slice>),
    Function(Rc<Function>),
    Native(Rc<NativeFunction>),
    BoundMethod(Rc<BoundMethod>),
    Class(Rc<Class>),
    /// An instance of a script class, or a native object with a class.
    Instance(Rc<Instance>),
    Exception(Rc<ExceptionObject>),
    Iterator(Rc<IteratorObject>),
    DictView(Rc<DictView>),
    Module(Rc<Module>),
    Generator(Rc<GeneratorObject>),
    /// A snapshot of a suspended frame (`generator.gi_frame`).
    Frame(Rc<FrameObject>),
    /// A closure cell; lives only in frame slots and function closures.
    Cell(Rc<CellObject>),
}

impl Value {
    /// `#[repr(u64)]` lays a value out as its discriminant (8 bytes) then
    /// its field: these are the discriminants the value stack writes
    /// directly (see `vm::stack`).
    pub const NONE_TAG: u64 = 1;
    pub const BOOL_TAG: u64 = 4;
    pub const INT_TAG: u64 = 5;
    pub const FLOAT_TAG: u64 = 7;
    pub const STR_TAG: u64 = 8;

    /// Writes `Value::Str(text)` into `slot` as its two words. Made in a
    /// temporary first, the value would be copied in as one 16-byte block
    /// right after the two 8-byte stores that made it, and the copy would
    /// wait for them (a store-forwarding stall); dict insertions of new
    /// str keys, which every new attribute is, would pay that each time.
    ///
    /// # Safety
    /// `slot` must be valid for writing a `Value`; what it held is not
    /// dropped.
    #[inline(always)]
    pub unsafe fn write_str(slot: *mut Value, text: Rc<Str>) {
        let words = slot.cast::<u64>();
        // SAFETY: the caller gives a writable slot of a value's size, and
        // `#[repr(u64)]` puts the discriminant word first, the field second;
        // the field is the `Rc` itself, one pointer-sized word (its own
        // pointer, which `Rc::into_raw` would not give: that points past
        // the counts).
        unsafe {
            words.write(Value::STR_TAG);
            words.add(1).write(std::mem::transmute::<Rc<Str>, u64>(text));
        }
    }

    /// Whether a discriminant belongs to a variant without a heap object.
    #[inline(always)]
    pub fn tag_is_inline(tag: u64) -> bool {
        tag <= Value::INT_TAG || tag == Value::FLOAT_TAG
    }

    pub fn from_text(text: &str) -> Value {
        Value::Str(Rc::new(Str::new(text.to_string())))
    }

    pub fn from_string(text: String) -> Value {
        Value::Str(Rc::new(Str::new(text)))
    }

    /// An int from a big integer, narrowed to `Int` when it fits.
    pub fn from_bigint(value: BigInt) -> Value {
        match value.to_i64() {
            Some(small) => Value::Int(small),
            None => Value::BigInt(Rc::new(value)),
        }
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(Tuple::new(items)))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(List::new(items)))
    }

    /// Whether the value lives inline (no heap object behind it).
    #[inline(always)]
    pub fn is_inline(&self) -> bool {
        matches!(
            self,
            Value::Null
                | Value::None
                | Value::NotImplemented
                | Value::Ellipsis
                | Value::Bool(_)
                | Value::Int(_)
                | Value::Float(_)
        )
    }

    /// `clone`, with the inline values copied on the spot: the general
    /// clone is a large out-of-line function, and the dispatch loop
    /// copies ints and floats all the time.
    #[inline(always)]
    pub fn fast_clone(&self) -> Value {
        match self {
            Value::Int(i) => Value::Int(*i),
            Value::Float(f) => Value::Float(*f),
            Value::Bool(b) => Value::Bool(*b),
            Value::None => Value::None,
            Value::Function(function) => Value::Function(function.clone()),
            Value::Str(text) => Value::Str(text.clone()),
            Value::Instance(instance) => Value::Instance(instance.clone()),
            other => other.clone(),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// Python's `is`: the same object. Inline values compare by value, which
    /// matches CPython for the singletons and its small-int cache.
    pub fn is(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) | (None, None) | (NotImplemented, NotImplemented) | (Ellipsis, Ellipsis) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            _ => match (self.object_address(), other.object_address()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
        }
    }

    /// The address of the heap object behind this value, if any.
    pub fn object_address(&self) -> Option<usize> {
        use Value::*;
        let address = match self {
            BigInt(o) => Rc::as_ptr(o) as *const () as usize,
            Str(o) => Rc::as_ptr(o) as *const () as usize,
            Bytes(o) => Rc::as_ptr(o) as *const () as usize,
            ByteArray(o) => Rc::as_ptr(o) as *const () as usize,
            List(o) => Rc::as_ptr(o) as *const () as usize,
            Tuple(o) => Rc::as_ptr(o) as *const () as usize,
            Dict(o) => Rc::as_ptr(o) as *const () as usize,
            Set(o) | FrozenSet(o) => Rc::as_ptr(o) as *const () as usize,
            Range(o) => Rc::as_ptr(o) as *const () as usize,
            Slice(o) => Rc::as_ptr(o) as *const () as usize,
            Function(o) => Rc::as_ptr(o) as *const () as usize,
            Native(o) => Rc::as_ptr(o) as *const () as usize,
            BoundMethod(o) => Rc::as_ptr(o) as *const () as usize,
            Class(o) => Rc::as_ptr(o) as *const () as usize,
            Instance(o) => Rc::as_ptr(o) as *const () as usize,
            Exception(o) => Rc::as_ptr(o) as *const () as usize,
            Iterator(o) => Rc::as_ptr(o) as *const () as usize,
            DictView(o) => Rc::as_ptr(o) as *const () as usize,
            Module(o) => Rc::as_ptr(o) as *const () as usize,
            Generator(o) => Rc::as_ptr(o) as *const () as usize,
            Frame(o) => Rc::as_ptr(o) as *const () as usize,
            Cell(o) => Rc::as_ptr(o) as *const () as usize,
            Null | None | NotImplemented | Ellipsis | Bool(_) | Int(_) | Float(_) => return Option::None,
        };
        Some(address)
    }

    /// The name of the value's type, as error messages print it.
    pub fn type_name(&self) -> &str {
        use Value::*;
        match self {
            Null => "NULL",
            None => "NoneType",
            NotImplemented => "NotImplementedType",
            Ellipsis => "ellipsis",
            Bool(_) => "bool",
            Int(_) | BigInt(_) => "int",
            Float(_) => "float",
            Str(_) => "str",
            Bytes(_) => "bytes",
            ByteArray(_) => "bytearray",
            List(_) => "list",
            Tuple(_) => "tuple",
            Dict(_) => "dict",
            Set(_) => "set",
            FrozenSet(_) => "frozenset",
            Range(_) => "range",
            Slice(_) => "slice",
            Function(_) => "function",
            Native(native) => {
                if native.is_method() {
                    "method_descriptor"
                } else {
                    "builtin_function_or_method"
                }
            }
            BoundMethod(method) => match method.function {
                Value::Native(_) => "builtin_function_or_method",
                _ => "method",
            },
            Class(_) => "type",
            Instance(instance) => instance.class.name(),
            Exception(exception) => exception.class.name(),
            Iterator(iterator) => iterator.type_name(),
            DictView(view) => match view.part {
                DictPart::Keys => "dict_keys",
                DictPart::Values => "dict_values",
                DictPart::Items => "dict_items",
            },
            Module(_) => "module",
            Generator(generator) if generator.is_coroutine() => "coroutine",
            Generator(_) => "generator",
            Frame(_) => "frame",
            Cell(_) => "cell",
        }
    }

    /// The text of a `str`, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => Option::None,
        }
    }

    /// The content of a bytes-like value (bytes or bytearray).
    pub fn byte_content(&self) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self {
            Value::Bytes(bytes) => Some(std::borrow::Cow::Borrowed(bytes.as_bytes())),
            Value::ByteArray(array) => Some(std::borrow::Cow::Owned(array.data.borrow().clone())),
            _ => Option::None,
        }
    }

    /// An int (or bool) as i64, if it is one and fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(*b as i64),
            _ => Option::None,
        }
    }

    /// Whether this is an int (including bool, which subclasses int).
    pub fn is_int(&self) -> bool {
        matches!(self, Value::Int(_) | Value::BigInt(_) | Value::Bool(_))
    }

    /// An int of any size as a BigInt.
    pub fn to_bigint(&self) -> Option<BigInt> {
        match self {
            Value::Int(i) => Some(BigInt::from(*i)),
            Value::Bool(b) => Some(BigInt::from(*b as i64)),
            Value::BigInt(b) => Some((**b).clone()),
            _ => Option::None,
        }
    }
}

/// Drops a value, without a call into the drop glue for inline values
/// (the glue handles every heap variant, so it is never inlined).
#[inline(always)]
pub fn discard(value: Value) {
    if value.is_inline() {
        std::mem::forget(value);
    } else {
        drop(value);
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Value {
        Value::Bool(value)
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Value {
        Value::Int(value)
    }
}

impl From<usize> for Value {
    fn from(value: usize) -> Value {
        match i64::try_from(value) {
            Ok(small) => Value::Int(small),
            Err(_) => Value::from_bigint(BigInt::from(value)),
        }
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Value {
        Value::Float(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Value {
        Value::from_text(value)
    }
}

impl From<String> for Value {
    fn from(value: String) -> Value {
        Value::from_string(value)
    }
}
