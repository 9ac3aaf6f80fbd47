//! `set` and `frozenset`: a table that keeps CPython's slot layout, so that
//! iteration order (and so printing) matches CPython.

use std::cell::RefCell;

use crate::error::Result;
use crate::object::set_table::SetTable;
use crate::value::Value;

/// How elements are compared when their hashes match.
pub type ElementEq<'a> = dyn FnMut(&Value, &Value) -> Result<bool> + 'a;

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

    /// A copy of the table, for operations whose comparisons may run
    /// script code that reaches this set while they work.
    pub fn snapshot(&self) -> SetTable<Value> {
        self.table.borrow().clone()
    }

    /// Runs `operation` on copies of this set's table and `other`'s (one
    /// copy when they are the same set), for operations that build a new
    /// set while their comparisons may run script code that changes
    /// either operand.
    pub fn with_snapshots<R>(&self, other: &Set, operation: impl FnOnce(&SetTable<Value>, &SetTable<Value>) -> R) -> R {
        let own = self.snapshot();
        if std::ptr::eq(self, other) {
            return operation(&own, &own);
        }
        operation(&own, &other.snapshot())
    }

    /// Runs `operation` on the table taken out of the set, for changes made
    /// in bulk whose comparisons may run script code: that code finds the
    /// set empty meanwhile, and what it adds is replaced by the result.
    pub fn update_with<R>(&self, operation: impl FnOnce(&mut SetTable<Value>) -> R) -> R {
        let mut table = self.table.take();
        let result = operation(&mut table);
        *self.table.borrow_mut() = table;
        result
    }

    /// Slot index of the element equal to `key`. `eq` may run script code
    /// that reads or changes this very set, so the table is not borrowed
    /// while it runs; as in CPython, the lookup starts again if the slots
    /// were rebuilt or the compared slot changed meanwhile.
    pub fn find(&self, key: &Value, hash: i64, eq: &mut ElementEq<'_>) -> Result<Option<usize>> {
        'restart: loop {
            let mut lookup = self.table.borrow().lookup_start(hash);
            loop {
                let (index, candidate, storage) = {
                    let table = self.table.borrow();
                    let Some(index) = table.lookup_step(hash, &mut lookup) else {
                        return Ok(None);
                    };
                    let Some((candidate, _)) = table.get_slot(index) else { continue 'restart };
                    if candidate.is(key) {
                        return Ok(Some(index));
                    }
                    (index, candidate.clone(), table.storage_id())
                };
                let equal = eq(&candidate, key)?;
                let table = self.table.borrow();
                let unchanged = table.storage_id() == storage
                    && table.get_slot(index).is_some_and(|(stored, _)| stored.is(&candidate));
                if !unchanged {
                    continue 'restart;
                }
                if equal {
                    return Ok(Some(index));
                }
            }
        }
    }

    pub fn contains(&self, key: &Value, hash: i64, eq: &mut ElementEq<'_>) -> Result<bool> {
        Ok(self.find(key, hash, eq)?.is_some())
    }

    /// `set.add`; returns whether the element was new.
    pub fn insert(&self, key: Value, hash: i64, eq: &mut ElementEq<'_>) -> Result<bool> {
        if self.find(&key, hash, eq)?.is_some() {
            return Ok(false);
        }
        self.table.borrow_mut().insert_absent(key, hash);
        Ok(true)
    }

    /// Removes the element equal to `key`; returns the stored one.
    pub fn remove(&self, key: &Value, hash: i64, eq: &mut ElementEq<'_>) -> Result<Option<Value>> {
        let found = self.find(key, hash, eq)?;
        Ok(found.and_then(|index| self.table.borrow_mut().remove_at(index)))
    }

    /// The elements with their hashes, in iteration order.
    pub fn entries(&self) -> Vec<(Value, i64)> {
        self.table.borrow().iter().map(|(key, hash)| (key.clone(), hash)).collect()
    }

    /// `self <= other` (`set_issubset`), each element probed as in
    /// [`Set::find`].
    pub fn is_subset(&self, other: &Set, eq: &mut ElementEq<'_>) -> Result<bool> {
        if self.len() > other.len() {
            return Ok(false);
        }
        for (key, hash) in self.entries() {
            if !other.contains(&key, hash, eq)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `set.isdisjoint(other)` for a set `other` (`set_isdisjoint`):
    /// iterates the smaller set and probes the larger.
    pub fn is_disjoint(&self, other: &Set, eq: &mut ElementEq<'_>) -> Result<bool> {
        if std::ptr::eq(self, other) {
            return Ok(self.is_empty());
        }
        let (large, small) = if other.len() > self.len() { (other, self) } else { (self, other) };
        for (key, hash) in small.entries() {
            if large.contains(&key, hash, eq)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
