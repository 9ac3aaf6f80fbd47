//! `dict`: an insertion-ordered hash table, laid out like CPython's compact
//! dict: an array of entries in insertion order plus a sparse index table
//! that maps hash slots to entry positions.
//!
//! The table does not hash or compare keys itself: callers pass the key's
//! Python hash and an equality function (which may fail, since `__eq__` can
//! raise). String keys, the common case for namespaces, have a fast path
//! that needs neither.

use std::cell::RefCell;

use crate::error::Result;
use crate::object::string::Str;
use crate::value::Value;

/// How keys are compared when their hashes match.
pub type KeyEq<'a> = dyn FnMut(&Value, &Value) -> Result<bool> + 'a;

#[derive(Clone)]
pub struct DictEntry {
    pub hash: i64,
    /// `Value::Null` marks a deleted entry.
    pub key: Value,
    pub value: Value,
}

const EMPTY: u32 = u32::MAX;
const DELETED: u32 = u32::MAX - 1;
const MIN_INDEX_SIZE: usize = 8;
/// Tables with at most this many entries (deleted ones included) have no
/// index table and find keys by scanning the entries: most dicts, instance
/// dicts above all, stay this small, and they save an allocation and the
/// hashing of probe slots.
const SMALL_TABLE: usize = 8;

/// A fresh number for a table's key layout; never reused, so a cached
/// (version, position) pair can only match the layout it was taken from.
/// The counter is per thread: tables hold `Rc`s, so a table and every
/// cache of its layout live on one thread.
fn next_layout_version() -> u64 {
    thread_local! {
        static COUNTER: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    COUNTER.with(|counter| {
        let version = counter.get();
        counter.set(version + 1);
        version
    })
}

#[derive(Default)]
pub struct DictTable {
    entries: Vec<DictEntry>,
    /// Changes whenever a key is added or removed or entries move (not
    /// when a value changes): lookups can cache an entry position.
    layout_version: u64,
    /// Changes whenever entries move or the index table is rebuilt: a
    /// lookup paused to run a script `__eq__` can go on only if this is
    /// unchanged.
    storage_version: u64,
    /// Open-addressing slots holding entry positions; empty while the
    /// table is small (see `SMALL_TABLE`).
    indices: Vec<u32>,
    live: usize,
    /// Index slots that are not EMPTY (live or DELETED); probing needs
    /// some EMPTY slots left, so this bounds the load.
    fill: usize,
}

/// Python's probe sequence over the index table.
#[derive(Clone)]
struct Probe {
    index: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    fn new(hash: i64, mask: usize) -> Probe {
        Probe { index: (hash as u64 as usize) & mask, perturb: hash as u64, mask }
    }

    fn advance(&mut self) {
        self.perturb >>= 5;
        self.index = (self.index.wrapping_mul(5).wrapping_add(1).wrapping_add(self.perturb as usize)) & self.mask;
    }
}

/// How far a lookup has got: an entry position while the table is small
/// and scanned, else a place on the probe path.
enum Cursor {
    Scan(usize),
    Probe(Probe),
}

/// What a lookup found at its next stop.
enum Step {
    /// The very key object.
    Found(usize),
    /// Another key with the same hash, which `__eq__` must judge.
    Compare(usize),
    /// The key is not in the table.
    Absent,
}

impl DictTable {
    pub fn new() -> DictTable {
        DictTable::default()
    }

    #[inline(always)]
    pub fn with_capacity(capacity: usize) -> DictTable {
        let mut table = DictTable {
            entries: Vec::with_capacity(capacity),
            layout_version: next_layout_version(),
            storage_version: 0,
            indices: Vec::new(),
            live: 0,
            fill: 0,
        };
        if capacity > SMALL_TABLE {
            table.rebuild_indices(index_size_for(capacity));
        }
        table
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn layout_version(&self) -> u64 {
        self.layout_version
    }

    /// The value at an entry position taken from `find_str` while the
    /// layout version was the same.
    pub fn value_at(&self, position: usize) -> Option<&Value> {
        self.entries.get(position).map(|entry| &entry.value)
    }

    /// Entry position of a str key, for callers that cache it with
    /// `layout_version`.
    pub fn find_str(&self, key: &Str) -> Option<usize> {
        self.lookup_str(key)
    }

    /// `find_str` trying `hint` first: the position where the same
    /// interned name was found before, in this table or one built in the
    /// same order (instances of a class usually get their attributes in
    /// the same order).
    #[inline]
    pub fn find_str_hinted(&self, key: &Str, hint: usize) -> Option<usize> {
        if let Some(entry) = self.entries.get(hint)
            && let Value::Str(stored) = &entry.key
            && std::ptr::eq(&**stored, key)
        {
            return Some(hint);
        }
        self.lookup_str(key)
    }

    /// The value at a live entry position (from `find_str`), to replace it.
    pub fn value_at_mut(&mut self, position: usize) -> &mut Value {
        &mut self.entries[position].value
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Where a lookup of a key with this hash starts.
    fn cursor(&self, hash: i64) -> Cursor {
        if self.indices.is_empty() { Cursor::Scan(0) } else { Cursor::Probe(Probe::new(hash, self.indices.len() - 1)) }
    }

    /// Walks a lookup on from `cursor` to the next entry that settles it:
    /// the key itself, an end of the probe path, or an entry whose key
    /// has the same hash but is another object and so must be compared.
    fn step(&self, key: &Value, hash: i64, cursor: &mut Cursor) -> Step {
        match cursor {
            Cursor::Scan(next) => {
                while let Some(entry) = self.entries.get(*next) {
                    let position = *next;
                    *next += 1;
                    if entry.hash == hash && !entry.key.is_null() {
                        return if entry.key.is(key) { Step::Found(position) } else { Step::Compare(position) };
                    }
                }
                Step::Absent
            }
            Cursor::Probe(probe) => loop {
                let slot = self.indices[probe.index];
                probe.advance();
                match slot {
                    EMPTY => return Step::Absent,
                    DELETED => {}
                    position => {
                        let entry = &self.entries[position as usize];
                        if entry.hash == hash {
                            let position = position as usize;
                            return if entry.key.is(key) { Step::Found(position) } else { Step::Compare(position) };
                        }
                    }
                }
            },
        }
    }

    /// Entry position of a key, for a table no script code can reach
    /// while `eq` runs (see `Dict::find` for one that it can).
    fn lookup(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<Option<usize>> {
        let mut cursor = self.cursor(hash);
        loop {
            match self.step(key, hash, &mut cursor) {
                Step::Found(position) => return Ok(Some(position)),
                Step::Absent => return Ok(None),
                Step::Compare(position) => {
                    if eq(&self.entries[position].key, key)? {
                        return Ok(Some(position));
                    }
                }
            }
        }
    }

    /// Entry position of a str key, comparing text only: a str never equals
    /// a key of another builtin type.
    fn lookup_str(&self, key: &Str) -> Option<usize> {
        let hash = key.hash();
        if self.indices.is_empty() {
            return self.entries.iter().position(|entry| {
                entry.hash == hash
                    && matches!(&entry.key, Value::Str(stored)
                        if std::ptr::eq(&**stored, key) || stored.as_str() == key.as_str())
            });
        }
        let mut probe = Probe::new(hash, self.indices.len() - 1);
        loop {
            match self.indices[probe.index] {
                EMPTY => return None,
                DELETED => {}
                position => {
                    let entry = &self.entries[position as usize];
                    if entry.hash == hash
                        && let Value::Str(stored) = &entry.key
                        && (std::ptr::eq(&**stored, key) || stored.as_str() == key.as_str())
                    {
                        return Some(position as usize);
                    }
                }
            }
            probe.advance();
        }
    }

    pub fn get(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<Option<Value>> {
        Ok(self.lookup(key, hash, eq)?.map(|position| self.entries[position].value.clone()))
    }

    pub fn get_str(&self, key: &Str) -> Option<&Value> {
        self.lookup_str(key).map(|position| &self.entries[position].value)
    }

    pub fn contains(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<bool> {
        Ok(self.lookup(key, hash, eq)?.is_some())
    }

    /// Sets `key` to `value`; an existing key keeps its place (and its key
    /// object, as in Python). Returns the previous value.
    pub fn insert(&mut self, key: Value, hash: i64, value: Value, eq: &mut KeyEq<'_>) -> Result<Option<Value>> {
        let found = self.lookup(&key, hash, eq)?;
        Ok(self.store_at(found, key, hash, value))
    }

    /// Stores `value` at the entry position a lookup of `key` found, or
    /// appends the pair when it found none; returns the previous value.
    pub fn store_at(&mut self, found: Option<usize>, key: Value, hash: i64, value: Value) -> Option<Value> {
        match found {
            Some(position) => Some(std::mem::replace(&mut self.entries[position].value, value)),
            None => {
                let slot = self.free_slot(hash);
                self.append(key, hash, value, slot);
                None
            }
        }
    }

    /// `insert` for a str key.
    pub fn insert_str(&mut self, key: &std::rc::Rc<Str>, value: Value) -> Option<Value> {
        if let Some(position) = self.lookup_str(key) {
            return Some(std::mem::replace(&mut self.entries[position].value, value));
        }
        self.append_str(key, value);
        None
    }

    /// Adds a str key the caller knows is absent; returns its position.
    pub fn append_str(&mut self, key: &std::rc::Rc<Str>, value: Value) -> usize {
        let hash = key.hash();
        let slot = self.free_slot(hash);
        // SAFETY: `push_entry` passes the new entry's unwritten key place.
        self.push_entry(hash, |place| unsafe { Value::write_str(place, key.clone()) }, value);
        self.index_last_entry(slot);
        // Growing the index table may have dropped deleted entries.
        self.entries.len() - 1
    }

    /// The first empty or deleted index slot on a key's probe path.
    fn free_slot(&self, hash: i64) -> usize {
        if self.indices.is_empty() {
            return usize::MAX;
        }
        let mut probe = Probe::new(hash, self.indices.len() - 1);
        while !matches!(self.indices[probe.index], EMPTY | DELETED) {
            probe.advance();
        }
        probe.index
    }

    #[inline(always)]
    fn append(&mut self, key: Value, hash: i64, value: Value, slot: usize) {
        // SAFETY: `push_entry` passes the new entry's unwritten key place.
        self.push_entry(hash, |place| unsafe { place.write(key) }, value);
        self.index_last_entry(slot);
    }

    /// Counts the entry just pushed and puts it in the index table at
    /// `slot` (from `free_slot`), or grows the table when it is full.
    #[inline(always)]
    fn index_last_entry(&mut self, slot: usize) {
        self.layout_version = next_layout_version();
        self.live += 1;
        let count = self.entries.len();
        let needs_room = if self.indices.is_empty() {
            count > SMALL_TABLE
        } else {
            (self.fill + 1) * 3 > self.indices.len() * 2 || count > self.indices.len()
        };
        if needs_room {
            self.grow();
        } else if !self.indices.is_empty() {
            if self.indices[slot] == EMPTY {
                self.fill += 1;
            }
            self.indices[slot] = (count - 1) as u32;
        }
    }

    /// `entries.push(DictEntry { hash, key, value })`, the fields written
    /// straight into place rather than through a temporary entry; the key
    /// by `write_key`, given the key's place.
    #[inline(always)]
    fn push_entry(&mut self, hash: i64, write_key: impl FnOnce(*mut Value), value: Value) {
        self.entries.reserve(1);
        let length = self.entries.len();
        assert!(length < self.entries.capacity());
        // SAFETY: the slot at `length` is allocated (asserted) and unused;
        // every field is written before the length covers it.
        unsafe {
            let entry = self.entries.as_mut_ptr().add(length);
            std::ptr::addr_of_mut!((*entry).hash).write(hash);
            write_key(std::ptr::addr_of_mut!((*entry).key));
            std::ptr::addr_of_mut!((*entry).value).write(value);
            self.entries.set_len(length + 1);
        }
    }

    /// Drops deleted entries and rebuilds the index table with room to
    /// spare, or drops it when the table is small again.
    fn grow(&mut self) {
        self.storage_version = next_layout_version();
        if self.live < self.entries.len() {
            self.entries.retain(|entry| !entry.key.is_null());
        }
        if self.entries.len() <= SMALL_TABLE {
            self.indices = Vec::new();
            self.fill = 0;
        } else {
            self.rebuild_indices(index_size_for(self.live * 3 / 2 + 1));
        }
    }

    fn rebuild_indices(&mut self, size: usize) {
        self.indices.clear();
        self.indices.resize(size, EMPTY);
        self.fill = self.entries.len();
        let mask = size - 1;
        for (position, entry) in self.entries.iter().enumerate() {
            let mut probe = Probe::new(entry.hash, mask);
            while self.indices[probe.index] != EMPTY {
                probe.advance();
            }
            self.indices[probe.index] = position as u32;
        }
    }

    pub fn remove(&mut self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<Option<(Value, Value)>> {
        Ok(self.lookup(key, hash, eq)?.map(|position| self.remove_at(position, hash)))
    }

    pub fn remove_str(&mut self, key: &Str) -> Option<Value> {
        let position = self.lookup_str(key)?;
        Some(self.remove_at(position, key.hash()).1)
    }

    fn remove_at(&mut self, position: usize, hash: i64) -> (Value, Value) {
        self.layout_version = next_layout_version();
        if !self.indices.is_empty() {
            let mut probe = Probe::new(hash, self.indices.len() - 1);
            while self.indices[probe.index] != position as u32 {
                probe.advance();
            }
            self.indices[probe.index] = DELETED;
        }
        let entry = &mut self.entries[position];
        let key = std::mem::replace(&mut entry.key, Value::Null);
        let value = std::mem::replace(&mut entry.value, Value::Null);
        self.live -= 1;
        // Trailing deleted entries can go at once; keeps popitem O(1).
        while self.entries.last().is_some_and(|e| e.key.is_null()) {
            self.entries.pop();
        }
        if self.live == 0 {
            self.storage_version = next_layout_version();
            self.entries.clear();
            self.indices.iter_mut().for_each(|slot| *slot = EMPTY);
            self.fill = 0;
        }
        (key, value)
    }

    /// Removes and returns the last inserted pair (`dict.popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let position = self.entries.iter().rposition(|entry| !entry.key.is_null())?;
        let hash = self.entries[position].hash;
        Some(self.remove_at(position, hash))
    }

    pub fn clear(&mut self) {
        self.layout_version = next_layout_version();
        self.storage_version = next_layout_version();
        self.entries.clear();
        self.indices.clear();
        self.live = 0;
        self.fill = 0;
    }

    /// Live pairs in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().filter(|e| !e.key.is_null()).map(|e| (&e.key, &e.value))
    }

    /// Live entries (with hashes) in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = &DictEntry> {
        self.entries.iter().filter(|e| !e.key.is_null())
    }

    pub fn keys(&self) -> Vec<Value> {
        self.iter().map(|(k, _)| k.clone()).collect()
    }

    pub fn values(&self) -> Vec<Value> {
        self.iter().map(|(_, v)| v.clone()).collect()
    }

    /// The first live entry at position `from` or later, for iterators that
    /// keep only a position: `(position, key, value)`.
    pub fn entry_from(&self, from: usize) -> Option<(usize, &Value, &Value)> {
        self.entries
            .get(from..)?
            .iter()
            .enumerate()
            .find(|(_, e)| !e.key.is_null())
            .map(|(offset, e)| (from + offset, &e.key, &e.value))
    }
}

impl Clone for DictTable {
    /// A copy is a different table: it gets its own layout version.
    fn clone(&self) -> DictTable {
        DictTable {
            entries: self.entries.clone(),
            layout_version: next_layout_version(),
            storage_version: next_layout_version(),
            indices: self.indices.clone(),
            live: self.live,
            fill: self.fill,
        }
    }
}

/// The smallest power-of-two index table that holds `count` entries under
/// a 2/3 load factor.
fn index_size_for(count: usize) -> usize {
    let mut size = MIN_INDEX_SIZE;
    while size * 2 < count * 3 {
        size *= 2;
    }
    size
}

/// The `dict` object.
#[derive(Default)]
pub struct Dict {
    pub table: RefCell<DictTable>,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }

    #[inline(always)]
    pub fn from_table(table: DictTable) -> Dict {
        Dict { table: RefCell::new(table) }
    }

    pub fn len(&self) -> usize {
        self.table.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.borrow().is_empty()
    }

    pub fn get_str(&self, key: &Str) -> Option<Value> {
        self.table.borrow().get_str(key).cloned()
    }

    pub fn set_str(&self, key: &std::rc::Rc<Str>, value: Value) {
        self.table.borrow_mut().insert_str(key, value);
    }

    /// Entry position of a key. `eq` may run script code that reads or
    /// changes this very dict, so the table is not borrowed while it runs;
    /// as in CPython, the lookup starts again if the compared entry or the
    /// table's storage changed meanwhile.
    pub fn find(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<Option<usize>> {
        'restart: loop {
            let mut cursor = self.table.borrow().cursor(hash);
            loop {
                let (position, candidate, storage) = {
                    let table = self.table.borrow();
                    match table.step(key, hash, &mut cursor) {
                        Step::Found(position) => return Ok(Some(position)),
                        Step::Absent => return Ok(None),
                        Step::Compare(position) => {
                            (position, table.entries[position].key.clone(), table.storage_version)
                        }
                    }
                };
                let equal = eq(&candidate, key)?;
                let table = self.table.borrow();
                let unchanged = table.storage_version == storage
                    && table.entries.get(position).is_some_and(|entry| entry.key.is(&candidate));
                if !unchanged {
                    continue 'restart;
                }
                if equal {
                    return Ok(Some(position));
                }
            }
        }
    }

    pub fn get(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<Option<Value>> {
        let found = self.find(key, hash, eq)?;
        Ok(found.map(|position| self.table.borrow().entries[position].value.clone()))
    }

    pub fn contains(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<bool> {
        Ok(self.find(key, hash, eq)?.is_some())
    }

    /// `dict[key] = value`; returns the previous value.
    pub fn insert(&self, key: Value, hash: i64, value: Value, eq: &mut KeyEq<'_>) -> Result<Option<Value>> {
        let found = self.find(&key, hash, eq)?;
        Ok(self.table.borrow_mut().store_at(found, key, hash, value))
    }

    /// Removes a key; returns the stored key and value.
    pub fn remove(&self, key: &Value, hash: i64, eq: &mut KeyEq<'_>) -> Result<Option<(Value, Value)>> {
        let found = self.find(key, hash, eq)?;
        Ok(found.map(|position| self.table.borrow_mut().remove_at(position, hash)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn never_equal(_: &Value, _: &Value) -> Result<bool> {
        Ok(false)
    }

    #[test]
    fn insertion_order_survives_growth_and_removal() {
        let mut table = DictTable::new();
        for i in 0..100i64 {
            table.insert(Value::Int(i), i, Value::Int(i * 10), &mut |a, b| Ok(a.is(b))).unwrap();
        }
        for i in (0..100i64).step_by(3) {
            assert!(table.remove(&Value::Int(i), i, &mut never_equal).unwrap().is_some());
        }
        let keys: Vec<i64> = table.keys().iter().filter_map(Value::as_i64).collect();
        let expected: Vec<i64> = (0..100).filter(|i| i % 3 != 0).collect();
        assert_eq!(keys, expected);
        assert_eq!(table.len(), expected.len());
        assert_eq!(table.get(&Value::Int(50), 50, &mut never_equal).unwrap().and_then(|v| v.as_i64()), Some(500));
    }

    #[test]
    fn str_keys_take_the_fast_path() {
        let mut table = DictTable::new();
        let name = Rc::new(Str::new("x".into()));
        table.insert_str(&name, Value::Int(1));
        let other = Str::new("x".into());
        assert_eq!(table.get_str(&other).and_then(Value::as_i64), Some(1));
        assert_eq!(table.insert_str(&name, Value::Int(2)).and_then(|v| v.as_i64()), Some(1));
        assert_eq!(table.len(), 1);
        assert!(table.remove_str(&other).is_some());
        assert!(table.is_empty());
    }

    #[test]
    fn small_tables_scan_and_grow_into_indexed_ones() {
        let mut table = DictTable::new();
        let names: Vec<Rc<Str>> = (0..40).map(|i| Rc::new(Str::new(format!("k{i}")))).collect();
        for round in 0..3i64 {
            for (i, name) in names.iter().enumerate() {
                table.insert_str(name, Value::Int(i as i64 + round));
                // Deleting every other key keeps the table crossing the
                // small-table limit in both directions.
                if i % 2 == 1 {
                    assert!(table.remove_str(&names[i - 1]).is_some());
                }
            }
            for (i, name) in names.iter().enumerate() {
                let expected = (i % 2 == 1).then_some(i as i64 + round);
                assert_eq!(table.get_str(name).and_then(Value::as_i64), expected);
            }
            for name in names.iter().skip(1).step_by(2) {
                assert!(table.remove_str(name).is_some());
            }
            assert!(table.is_empty());
        }
    }

    #[test]
    fn pop_last_is_lifo() {
        let mut table = DictTable::new();
        for i in 0..5i64 {
            table.insert(Value::Int(i), i, Value::None, &mut never_equal).unwrap();
        }
        assert_eq!(table.pop_last().and_then(|(k, _)| k.as_i64()), Some(4));
        assert_eq!(table.pop_last().and_then(|(k, _)| k.as_i64()), Some(3));
        assert_eq!(table.len(), 3);
    }
}
