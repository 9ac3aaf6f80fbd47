//! Iterator objects of the builtin types and of the builtin functions that
//! return iterators (`enumerate`, `zip`, `map`, ...). Advancing one may run
//! script code (`map`'s function), so the stepping lives in the VM; this
//! module holds the states.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::bytes::Bytes;
use crate::object::dict::Dict;
use crate::object::list::List;
use crate::object::set::Set;
use crate::object::string::Str;
use crate::object::tuple::Tuple;
use crate::value::Value;

/// What a dict iterator or view yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DictPart {
    Keys,
    Values,
    Items,
}

pub enum IterState {
    List {
        list: Rc<List>,
        index: usize,
    },
    ListReversed {
        list: Rc<List>,
        remaining: usize,
    },
    Tuple {
        tuple: Rc<Tuple>,
        index: usize,
    },
    Range {
        next: i64,
        remaining: usize,
        step: i64,
    },
    /// A range whose bounds do not fit 64 bits.
    BigRange {
        next: num_bigint::BigInt,
        remaining: num_bigint::BigInt,
        step: num_bigint::BigInt,
    },
    Str {
        text: Rc<Str>,
        byte_offset: usize,
    },
    Bytes {
        bytes: Rc<Bytes>,
        index: usize,
    },
    ByteArray {
        array: Rc<crate::object::bytes::ByteArray>,
        index: usize,
    },
    Dict {
        dict: Rc<Dict>,
        position: usize,
        expected_len: usize,
        part: DictPart,
    },
    Set {
        set: Rc<Set>,
        position: usize,
        expected_len: usize,
    },
    /// `reversed()` over any sequence with `len` and indexing.
    Reversed {
        sequence: Value,
        remaining: usize,
    },
    Enumerate {
        iterator: Value,
        count: Value,
    },
    Zip {
        iterators: Vec<Value>,
        strict: bool,
    },
    Map {
        function: Value,
        iterators: Vec<Value>,
    },
    Filter {
        function: Value,
        iterator: Value,
    },
    /// `iter(callable, sentinel)`
    Callable {
        function: Value,
        sentinel: Value,
    },
    /// An object with `__getitem__` but no `__iter__`: items 0, 1, ...
    /// until IndexError.
    GetItem {
        object: Value,
        index: usize,
    },
    /// A materialized sequence: generator expressions (compiled eagerly
    /// for now) and other producers of a finite list of values.
    Values {
        values: Rc<Tuple>,
        index: usize,
    },
    Exhausted,
}

pub struct IteratorObject {
    pub state: RefCell<IterState>,
    name: &'static str,
}

impl IteratorObject {
    pub fn new(state: IterState) -> IteratorObject {
        let name = match &state {
            IterState::List { .. } => "list_iterator",
            IterState::ListReversed { .. } => "list_reverseiterator",
            IterState::Tuple { .. } => "tuple_iterator",
            IterState::Range { .. } => "range_iterator",
            IterState::BigRange { .. } => "longrange_iterator",
            IterState::Str { .. } => "str_ascii_iterator",
            IterState::Bytes { .. } => "bytes_iterator",
            IterState::ByteArray { .. } => "bytearray_iterator",
            IterState::Dict { part: DictPart::Keys, .. } => "dict_keyiterator",
            IterState::Dict { part: DictPart::Values, .. } => "dict_valueiterator",
            IterState::Dict { part: DictPart::Items, .. } => "dict_itemiterator",
            IterState::Set { .. } => "set_iterator",
            IterState::Reversed { .. } => "reversed",
            IterState::Enumerate { .. } => "enumerate",
            IterState::Zip { .. } => "zip",
            IterState::Map { .. } => "map",
            IterState::Filter { .. } => "filter",
            IterState::Callable { .. } => "callable_iterator",
            IterState::Values { .. } => "generator",
            IterState::GetItem { .. } => "iterator",
            IterState::Exhausted => "iterator",
        };
        IteratorObject { state: RefCell::new(state), name }
    }

    pub fn type_name(&self) -> &'static str {
        self.name
    }
}

/// `d.keys()`, `d.values()`, `d.items()`: live views of a dict.
pub struct DictView {
    pub dict: Rc<Dict>,
    pub part: DictPart,
}
