//! The value stack shared by all frames of a thread of execution.

use std::ops::{Deref, DerefMut};

use crate::value::Value;

/// A `Vec<Value>` whose `push` keeps the value in registers on the common
/// path: `Vec::push` materializes the value in memory around its growth
/// call, and reading it back right after writing it in pieces stalls the
/// store-forwarding hardware, which made every push in the dispatch loop
/// slow.
#[derive(Default)]
pub struct ValueStack {
    values: Vec<Value>,
}

impl ValueStack {
    pub fn with_capacity(capacity: usize) -> ValueStack {
        ValueStack { values: Vec::with_capacity(capacity) }
    }

    #[inline(always)]
    pub fn push(&mut self, value: Value) {
        if self.values.len() == self.values.capacity() {
            return self.push_growing(value);
        }
        self.write_within_capacity(value);
    }

    /// Appends a value when there is room.
    #[inline(always)]
    fn write_within_capacity(&mut self, value: Value) {
        let length = self.values.len();
        assert!(length < self.values.capacity());
        // SAFETY: asserted just above: the slot at `length` is allocated
        // and unused; writing it and then bumping the length by one is
        // what `Vec::push` does after its own capacity check.
        unsafe {
            self.values.as_mut_ptr().add(length).write(value);
            self.values.set_len(length + 1);
        }
    }

    /// Pushes a copy of a value. Each common variant is written straight
    /// into its slot: building the copy first and moving it afterwards
    /// goes through a temporary that the hardware reads back slowly.
    #[inline(always)]
    pub fn push_copy(&mut self, value: &Value) {
        self.reserve_one();
        match value {
            Value::Int(i) => self.write_within_capacity(Value::Int(*i)),
            Value::Float(f) => self.write_within_capacity(Value::Float(*f)),
            Value::Bool(b) => self.write_within_capacity(Value::Bool(*b)),
            Value::None => self.write_within_capacity(Value::None),
            Value::Function(function) => self.write_within_capacity(Value::Function(function.clone())),
            Value::Str(text) => self.write_within_capacity(Value::Str(text.clone())),
            other => self.write_within_capacity(other.clone()),
        }
    }

    /// Pushes a copy of the value at `position` in this stack.
    #[inline(always)]
    pub fn push_copy_of(&mut self, position: usize) {
        self.reserve_one();
        match &self.values[position] {
            Value::Int(i) => {
                let i = *i;
                self.write_within_capacity(Value::Int(i));
            }
            Value::Float(f) => {
                let f = *f;
                self.write_within_capacity(Value::Float(f));
            }
            other => {
                let copy = other.clone();
                self.write_within_capacity(copy);
            }
        }
    }

    /// Pushes an int result.
    #[inline(always)]
    pub fn push_int(&mut self, value: i64) {
        self.reserve_one();
        self.write_within_capacity(Value::Int(value));
    }

    #[inline(always)]
    fn reserve_one(&mut self) {
        if self.values.len() == self.values.capacity() {
            self.grow();
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        self.values.reserve(self.values.len().max(64));
    }

    #[cold]
    #[inline(never)]
    fn push_growing(&mut self, value: Value) {
        self.values.push(value);
    }
}

impl Deref for ValueStack {
    type Target = Vec<Value>;

    fn deref(&self) -> &Vec<Value> {
        &self.values
    }
}

impl DerefMut for ValueStack {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.values
    }
}
