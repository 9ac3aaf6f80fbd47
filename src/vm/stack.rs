//! The value stack shared by all frames of a thread of execution.
//!
//! The dispatch loop spends its time moving values on and off this stack,
//! and how a 16-byte `Value` moves matters: built in a temporary and copied
//! as one 16-byte block, the copy waits on the two 8-byte stores that built
//! it (a store-forwarding stall, tens of cycles, several per instruction).
//! So the hot paths here move values as their two 8-byte words, relying on
//! the layout `#[repr(u64)]` guarantees for `Value`: the discriminant word,
//! then the field. Nothing outside this module depends on the layout.

use std::mem::MaybeUninit;
use std::ops::{Deref, DerefMut};

use crate::value::Value;

/// A value as its two words. The second word may hold padding (a bool's
/// upper bytes, nothing at all for None), hence `MaybeUninit`. Owning a
/// `Words` taken from the stack means owning the value: it must go back
/// on the stack (`push_moved`) or become a `Value` again (`into_value`).
#[derive(Clone, Copy)]
#[repr(C)]
pub struct Words {
    tag: u64,
    /// Read back only through `into_value` and raw copies.
    #[allow(dead_code)]
    field: MaybeUninit<u64>,
}

impl Words {
    /// The value these words are.
    pub fn into_value(self) -> Value {
        // SAFETY: `Words` are only made from a valid value's bytes (by
        // `pop_words`), or as an inline variant's discriminant and field;
        // `Value` and `Words` have the same size and `Value`'s layout is
        // discriminant word then field (`#[repr(u64)]`).
        unsafe { std::mem::transmute::<Words, Value>(self) }
    }
}

const _: () = assert!(std::mem::size_of::<Words>() == std::mem::size_of::<Value>());

/// A `Vec<Value>` with pushes and pops that keep values in registers.
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
        let length = self.values.len();
        // SAFETY: `length < capacity` (checked above), so the slot is
        // allocated and unused; this is `Vec::push` after its check.
        unsafe {
            self.values.as_mut_ptr().add(length).write(value);
            self.values.set_len(length + 1);
        }
    }

    /// Appends a value given as its words, taking ownership of it.
    #[inline(always)]
    pub fn push_moved(&mut self, words: Words) {
        self.reserve_one();
        let length = self.values.len();
        assert!(length < self.values.capacity());
        // SAFETY: the slot at `length` is allocated (asserted) and unused,
        // and the words are a valid value (see `Words`).
        unsafe {
            let slot = self.values.as_mut_ptr().add(length).cast::<Words>();
            slot.write(words);
            self.values.set_len(length + 1);
        }
    }

    /// Takes the top value off as its words (None when empty).
    #[inline(always)]
    pub fn pop_words(&mut self) -> Option<Words> {
        let length = self.values.len().checked_sub(1)?;
        // SAFETY: `length` indexes the last initialized value; shrinking
        // the length first hands its ownership to the returned words.
        unsafe {
            self.values.set_len(length);
            Some(self.values.as_ptr().add(length).cast::<Words>().read())
        }
    }

    /// Takes the top value off (there must be one) as a whole: moved as
    /// one block, never rebuilt from a tag and a field (see the top).
    #[inline(always)]
    pub fn pop_value(&mut self) -> Value {
        let length = self.values.len();
        assert!(length > 0);
        // SAFETY: `length - 1` indexes the last initialized value; shrinking
        // the length first hands its ownership to the caller.
        unsafe {
            self.values.set_len(length - 1);
            self.values.as_ptr().add(length - 1).read()
        }
    }

    /// The words of the value at `position`, without taking it.
    #[inline(always)]
    fn words_at(&self, position: usize) -> Words {
        assert!(position < self.values.len());
        // SAFETY: in bounds (asserted); reading a value's bytes as `Words`
        // is reading its discriminant word and its (maybe partly padding)
        // field word.
        unsafe { self.values.as_ptr().add(position).cast::<Words>().read() }
    }

    /// Pushes an int result.
    #[inline(always)]
    pub fn push_int(&mut self, value: i64) {
        self.push_moved(Words { tag: Value::INT_TAG, field: MaybeUninit::new(value as u64) });
    }

    /// Pushes a bool result.
    #[inline(always)]
    pub fn push_bool(&mut self, value: bool) {
        self.push_moved(Words { tag: Value::BOOL_TAG, field: MaybeUninit::new(value as u64) });
    }

    /// Pushes a copy of a value: inline values word by word; for a value
    /// with a heap object, its reference count is raised and then its
    /// words are copied (cloning every heap variant is exactly that).
    #[inline(always)]
    pub fn push_copy(&mut self, value: &Value) {
        // SAFETY: reading a value's bytes as words, as in `words_at`.
        let words = unsafe { (value as *const Value).cast::<Words>().read() };
        if !Value::tag_is_inline(words.tag) {
            std::mem::forget(value.fast_clone());
        }
        self.push_moved(words);
    }

    /// Pushes a copy of the value at `position` in this stack.
    #[inline(always)]
    pub fn push_copy_of(&mut self, position: usize) {
        let words = self.words_at(position);
        if !Value::tag_is_inline(words.tag) {
            std::mem::forget(self.values[position].fast_clone());
        }
        self.push_moved(words);
    }

    /// Inserts a value at `position` (at most the length), shifting the
    /// values above it up; the value moves as its words.
    #[inline(always)]
    pub fn insert_moved(&mut self, position: usize, value: Value) {
        // SAFETY: `Value` and `Words` have the same size, and a value's
        // bytes are its words (see `Words`).
        let words = unsafe { std::mem::transmute::<Value, Words>(value) };
        self.reserve_one();
        let length = self.values.len();
        assert!(position <= length && length < self.values.capacity());
        // SAFETY: room for one more is reserved (asserted); the values at
        // `position..length` move up by one within the allocation, and the
        // freed slot is written before the length covers it.
        unsafe {
            let start = self.values.as_mut_ptr().add(position);
            std::ptr::copy(start, start.add(1), length - position);
            start.cast::<Words>().write(words);
            self.values.set_len(length + 1);
        }
    }

    /// Puts a copy of `value` at `position` and hands the value that was
    /// there back, moving words as `push_copy` does.
    #[inline(always)]
    pub fn replace_with_copy(&mut self, position: usize, value: &Value) -> Value {
        // SAFETY: reading a value's bytes as words, as in `words_at`.
        let words = unsafe { (value as *const Value).cast::<Words>().read() };
        if !Value::tag_is_inline(words.tag) {
            std::mem::forget(value.fast_clone());
        }
        assert!(position < self.values.len());
        // SAFETY: `position` indexes an initialized value (asserted); its
        // words are taken out (owning them) before the copy's words go in.
        unsafe {
            let slot = self.values.as_mut_ptr().add(position).cast::<Words>();
            let old = slot.read();
            slot.write(words);
            old.into_value()
        }
    }

    /// Removes the top `count` values, which the caller has checked are
    /// inline (no heap object to release).
    #[inline(always)]
    pub fn pop_inline(&mut self, count: usize) {
        let length = self.values.len();
        assert!(count <= length);
        debug_assert!((length - count..length).all(|i| self.values[i].is_inline()));
        // SAFETY: shrinking within the initialized length; the removed
        // values own nothing, so not dropping them leaks nothing.
        unsafe { self.values.set_len(length - count) }
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

/// Appends `make()` to a vector, building the element only once there is
/// room: built before a possible reallocation, a large element lives in
/// a temporary and is copied, with the stall described above.
#[inline(always)]
pub fn push_built<T>(vector: &mut Vec<T>, make: impl FnOnce() -> T) {
    if vector.len() == vector.capacity() {
        vector.reserve(16);
    }
    let length = vector.len();
    assert!(length < vector.capacity());
    let element = make();
    // SAFETY: `length < capacity` (asserted): the slot is allocated and
    // unused; this is `Vec::push` after its capacity check.
    unsafe {
        vector.as_mut_ptr().add(length).write(element);
        vector.set_len(length + 1);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Values pushed and copied as words read back as those values, and
    /// heap values keep their reference counts right.
    #[test]
    fn str_values_written_as_words() {
        let text = std::rc::Rc::new(crate::object::string::Str::new("key".into()));
        let mut slot = Value::Null;
        // SAFETY: a live slot holding Null, which owns nothing.
        unsafe { Value::write_str(&mut slot, text.clone()) };
        assert!(matches!(&slot, Value::Str(s) if std::rc::Rc::ptr_eq(s, &text)));
        assert_eq!(std::rc::Rc::strong_count(&text), 2);
    }

    #[test]
    fn words_are_values() {
        let mut stack = ValueStack::with_capacity(1);
        stack.push_int(-42);
        stack.push_bool(true);
        stack.push_copy(&Value::Float(1.5));
        stack.push_copy(&Value::None);
        stack.push_copy_of(0);
        assert!(matches!(stack[0], Value::Int(-42)));
        assert!(matches!(stack[1], Value::Bool(true)));
        assert!(matches!(stack[2], Value::Float(f) if f == 1.5));
        assert!(matches!(stack[3], Value::None));
        assert!(matches!(stack[4], Value::Int(-42)));
        let text = Value::from_text("heap");
        stack.push_copy(&text);
        stack.push_copy_of(5);
        let Value::Str(shared) = &text else { unreachable!() };
        assert_eq!(std::rc::Rc::strong_count(shared), 3);
        let moved = stack.pop_words().expect("a value");
        assert_eq!(moved.into_value().as_str(), Some("heap"));
        assert_eq!(std::rc::Rc::strong_count(shared), 2);
        stack.truncate(5);
        assert_eq!(std::rc::Rc::strong_count(shared), 1);
        stack.pop_inline(2);
        assert_eq!(stack.len(), 3);
    }
}
