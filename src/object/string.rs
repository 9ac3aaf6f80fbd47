//! `str`: immutable Unicode text. Stored as UTF-8 with its length in code
//! points, so that ASCII text (the common case) indexes in O(1).

use std::cell::Cell;
use std::hash::{BuildHasher, Hasher};

pub struct Str {
    text: Box<str>,
    char_count: usize,
    /// Python hash, computed on first use; -1 means not yet (a Python hash
    /// is never -1).
    hash: Cell<i64>,
}

impl Str {
    pub fn new(text: String) -> Str {
        let char_count = if text.is_ascii() { text.len() } else { text.chars().count() };
        Str { text: text.into_boxed_str(), char_count, hash: Cell::new(-1) }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in code points, as `len()` reports it.
    pub fn char_len(&self) -> usize {
        self.char_count
    }

    pub fn is_ascii(&self) -> bool {
        self.char_count == self.text.len()
    }

    /// The hash of this text, stable within a process.
    pub fn hash(&self) -> i64 {
        let cached = self.hash.get();
        if cached != -1 {
            return cached;
        }
        let hash = hash_text(&self.text);
        self.hash.set(hash);
        hash
    }

    /// The code point at a (non-negative, in range) character index.
    pub fn char_at(&self, index: usize) -> Option<char> {
        if self.is_ascii() { self.text.as_bytes().get(index).map(|&b| b as char) } else { self.text.chars().nth(index) }
    }

    /// Byte offset of a character index (clamped to the end).
    pub fn byte_offset(&self, char_index: usize) -> usize {
        if self.is_ascii() {
            char_index.min(self.text.len())
        } else {
            self.text.char_indices().nth(char_index).map_or(self.text.len(), |(offset, _)| offset)
        }
    }

    /// The text between two character indices.
    pub fn slice_chars(&self, start: usize, end: usize) -> &str {
        if start >= end {
            return "";
        }
        let from = self.byte_offset(start);
        let to = self.byte_offset(end);
        &self.text[from..to]
    }
}

/// Hash of text for dict and set keys. CPython randomizes string hashes per
/// process, so no script can depend on their values; this one is fixed.
pub fn hash_text(text: &str) -> i64 {
    let mut hasher =
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().build_hasher();
    hasher.write(text.as_bytes());
    let hash = hasher.finish() as i64;
    if hash == -1 { -2 } else { hash }
}

/// Shares one `Str` per distinct identifier, so that names in code objects
/// and namespace keys compare by pointer first.
#[derive(Default)]
pub struct Interner {
    names: std::collections::HashMap<Box<str>, std::rc::Rc<Str>>,
}

impl Interner {
    pub fn intern(&mut self, name: &str) -> std::rc::Rc<Str> {
        if let Some(existing) = self.names.get(name) {
            return existing.clone();
        }
        let interned = std::rc::Rc::new(Str::new(name.to_string()));
        self.names.insert(name.into(), interned.clone());
        interned
    }
}
