//! `set` and `frozenset`: a table that keeps CPython's slot layout, so that
//! iteration order (and so printing) matches CPython.

use std::cell::RefCell;

use crate::object::set_table::SetTable;
use crate::value::Value;

pub struct Set {
    pub table: RefCell<SetTable<Value>>,
}

impl Set {
    pub fn new(table: SetTable<Value>) -> Set {
        Set { table: RefCell::new(table) }
    }

    pub fn len(&self) -> usize {
        self.table.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.borrow().is_empty()
    }

    /// The elements in iteration order.
    pub fn elements(&self) -> Vec<Value> {
        self.table.borrow().iter().map(|(key, _)| key.clone()).collect()
    }
}
