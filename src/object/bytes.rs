//! `bytes`, an immutable byte string, and `bytearray`, a mutable one.

use std::cell::{Cell, RefCell};

pub struct Bytes {
    data: Box<[u8]>,
    hash: Cell<i64>,
}

impl Bytes {
    pub fn new(data: Vec<u8>) -> Bytes {
        Bytes { data: data.into_boxed_slice(), hash: Cell::new(-1) }
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    pub fn hash(&self) -> i64 {
        let cached = self.hash.get();
        if cached != -1 {
            return cached;
        }
        // bytes and str never compare equal, so sharing the text hash is fine.
        let hash = super::string::hash_text(&String::from_utf8_lossy(&self.data));
        self.hash.set(hash);
        hash
    }
}

/// `bytearray`: a mutable byte string.
pub struct ByteArray {
    pub data: RefCell<Vec<u8>>,
}

impl ByteArray {
    pub fn new(data: Vec<u8>) -> ByteArray {
        ByteArray { data: RefCell::new(data) }
    }
}
