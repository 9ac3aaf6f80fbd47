//! `list`: a mutable sequence.

use std::cell::RefCell;

use crate::value::Value;

pub struct List {
    pub items: RefCell<Vec<Value>>,
}

impl List {
    pub fn new(items: Vec<Value>) -> List {
        List { items: RefCell::new(items) }
    }

    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    /// A copy of the items, so callers hold no borrow while running code.
    pub fn snapshot(&self) -> Vec<Value> {
        self.items.borrow().clone()
    }
}
