//! A hash table that reproduces the layout of CPython 3.11's `set` and
//! `frozenset` (`Objects/setobject.c`), so that iteration order, `repr()`
//! and `set.pop()` match CPython exactly.
//!
//! The table is generic over the key type: the interpreter supplies each
//! key's Python hash and an equality callback (which may run user `__eq__`
//! code and therefore fail).  Nothing here hashes or compares keys itself.
//!
//! # Layout rules being reproduced
//!
//! * The table starts with 8 slots (`PySet_MINSIZE`); a slot is empty,
//!   a dummy (left behind by a deletion) or active.
//! * Probing (`set_lookkey`, `set_add_entry`, `set_insert_clean`) starts at
//!   `hash & mask`, inspects up to `LINEAR_PROBES` (9) following slots when
//!   they fit before the end of the table, then jumps with
//!   `perturb >>= 5; i = (i * 5 + 1 + perturb) & mask`.  The hash is used as
//!   an unsigned `size_t`, so negative hashes are reinterpreted bit-for-bit.
//! * An insertion reuses the *last* dummy seen on its probe path; only an
//!   insertion into a never-used slot can trigger a resize, when
//!   `fill * 5 >= mask * 3`, to the smallest power of two greater than
//!   `used * 4` (`used * 2` above 50000 elements).
//! * Resizing re-inserts the active entries in old-table order with
//!   `set_insert_clean` and drops the dummies.
//!
//! # Which constructor matches which Python code
//!
//! * `set(iterable)`, `frozenset(iterable)`, set comprehensions and
//!   displays with fewer than three items or any non-constant item
//!   (`BUILD_SET` / `SET_ADD`): [`SetTable::insert`] each item in order, or
//!   [`SetTable::from_entries`].  A starred item (`{*x}`) is `SET_UPDATE`:
//!   [`SetTable::update`] when `x` is a set or frozenset,
//!   [`SetTable::update_from_dict`] for an exact dict, else insertion.
//! * A display of three or more constants (`{1, 2, 3}`) is compiled to a
//!   frozenset constant merged into an empty set:
//!   `SetTable::constant_frozenset(..)?.copy()`.  `for x in {1, 2, 3}` and
//!   `x in {1, 2, 3}` use [`SetTable::constant_frozenset`] itself.  Both
//!   orders can differ from plain insertion.
//! * `set(s)`, `frozenset(s)`, `s.copy()` for a set `s`: [`SetTable::copy`].
//!
//! # Calling conventions
//!
//! * Hashes are Python hashes (`i64`, never `-1`).
//! * `eq(stored, probe)` is called only for keys with equal hashes, with the
//!   key already in the table first, exactly like CPython's
//!   `PyObject_RichCompareBool(startkey, key, Py_EQ)`.  It should include the
//!   identity shortcut of `PyObject_RichCompareBool`.
//! * CPython restarts a lookup if `__eq__` mutated the set.  The methods
//!   taking `eq` here hold the table for the whole operation; a caller whose
//!   `eq` may reach the table drives the lookup itself with
//!   [`SetTable::lookup_step`] and restarts as CPython does.
//! * Operations whose CPython result differs when both operands are the very
//!   same object document what to do in that case; for the `&self, &Self`
//!   operations that case is detected with [`std::ptr::eq`].

/// `PySet_MINSIZE`: the number of slots of a new or cleared table.
const MIN_SIZE: usize = 8;

/// Number of neighbouring slots inspected before jumping elsewhere.
const LINEAR_PROBES: usize = 9;

/// How fast the high bits of the hash are mixed into the probe sequence.
const PERTURB_SHIFT: u32 = 5;

/// Above this many elements a growing table only doubles instead of
/// quadrupling (see `set_add_entry`).
const LARGE_SET: usize = 50_000;

/// The equality callback: `eq(stored_key, probe_key)`.
pub type KeyEq<'a, K, E> = dyn FnMut(&K, &K) -> Result<bool, E> + 'a;

/// A lookup paused between comparisons.
pub struct Lookup {
    probe: Probe,
}

/// One entry of the table (`setentry`).
#[derive(Clone, Debug)]
enum Slot<K> {
    /// Never used since the table was (re)built; terminates probe sequences.
    Empty,
    /// Deleted entry; probing continues past it (CPython's `dummy` key with
    /// hash -1).
    Dummy,
    Active {
        key: K,
        hash: i64,
    },
}

fn empty_slots<K>(count: usize) -> Vec<Slot<K>> {
    (0..count).map(|_| Slot::Empty).collect()
}

/// The probe sequence shared by `set_lookkey`, `set_add_entry` and
/// `set_insert_clean`.  It is infinite; callers stop at an empty slot, and
/// the table always keeps at least one (the load factor stays below 3/5).
struct Probe {
    mask: usize,
    perturb: usize,
    /// Start of the current run of linear probes (CPython's `i`).
    base: usize,
    /// Position inside the current run.
    offset: usize,
    /// Number of extra linear probes in the current run.
    run: usize,
}

impl Probe {
    fn new(hash: i64, mask: usize) -> Self {
        // C converts the signed Py_hash_t to size_t, i.e. reinterprets the
        // two's complement bits; `as` casts do the same.
        let perturb = hash as u64 as usize;
        let base = perturb & mask;
        Probe { mask, perturb, base, offset: 0, run: Self::run_len(base, mask) }
    }

    /// Linear probing only happens when the whole run fits before the end
    /// of the table (`i + LINEAR_PROBES <= mask`); it never wraps around.
    fn run_len(base: usize, mask: usize) -> usize {
        if base + LINEAR_PROBES <= mask { LINEAR_PROBES } else { 0 }
    }

    fn next_index(&mut self) -> usize {
        if self.offset > self.run {
            self.perturb >>= PERTURB_SHIFT;
            self.base = self.base.wrapping_mul(5).wrapping_add(1).wrapping_add(self.perturb) & self.mask;
            self.offset = 0;
            self.run = Self::run_len(self.base, self.mask);
        }
        let index = self.base + self.offset;
        self.offset += 1;
        index
    }
}

/// `set_insert_clean`: place a key known to be absent into a table that has
/// no dummies, without any comparisons.
fn insert_clean<K>(slots: &mut [Slot<K>], key: K, hash: i64) {
    let mut probe = Probe::new(hash, slots.len() - 1);
    loop {
        let index = probe.next_index();
        if let Slot::Empty = slots[index] {
            slots[index] = Slot::Active { key, hash };
            return;
        }
    }
}

/// The storage of a Python `set` or `frozenset` (the table part of
/// `PySetObject`: `table`, `mask`, `fill`, `used` and the `pop()` finger).
///
/// `Clone` makes an exact replica, finger included.  Python's `set.copy()`
/// may produce a different layout; use [`SetTable::copy`] for that.
#[derive(Clone, Debug)]
pub struct SetTable<K> {
    /// `mask + 1` slots; the length is always a power of two >= 8.
    slots: Vec<Slot<K>>,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots: the Python `len()`.
    used: usize,
    /// Where the next `pop()` starts searching.
    finger: usize,
}

impl<K> Default for SetTable<K> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K> SetTable<K> {
    /// An empty 8-slot table, like `make_new_set(type, NULL)`.
    ///
    /// There is no `with_capacity`: CPython never presizes a set except
    /// inside `update` from a set or dict, which [`SetTable::update`] and
    /// [`SetTable::update_from_dict`] reproduce.
    pub fn new() -> Self {
        SetTable { slots: empty_slots(MIN_SIZE), fill: 0, used: 0, finger: 0 }
    }

    /// Number of elements (`PySet_GET_SIZE`).
    pub fn len(&self) -> usize {
        self.used
    }

    /// Whether the set has no elements.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// Number of slots (`mask + 1`); slot indices run from 0 to this - 1.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The key and hash stored in slot `index`, or `None` if that slot is
    /// empty, a dummy or out of range.
    pub fn get_slot(&self, index: usize) -> Option<(&K, i64)> {
        match self.slots.get(index) {
            Some(Slot::Active { key, hash }) => Some((key, *hash)),
            _ => None,
        }
    }

    /// The first active slot at index `pos` or later, as
    /// `(index, key, hash)`; mirrors `set_next` / `setiter_iternext`.
    ///
    /// A Python set iterator keeps only a position (starting at 0) and the
    /// length seen at creation: on each step it raises `RuntimeError("Set
    /// changed size during iteration")` if [`SetTable::len`] differs, else
    /// calls `next_entry(pos)` and continues from `index + 1`.
    pub fn next_entry(&self, pos: usize) -> Option<(usize, &K, i64)> {
        self.slots.get(pos..)?.iter().enumerate().find_map(|(offset, slot)| match slot {
            Slot::Active { key, hash } => Some((pos + offset, key, *hash)),
            _ => None,
        })
    }

    /// The elements with their hashes, in table (= Python iteration) order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, i64)> + '_ {
        self.slots.iter().filter_map(|slot| match slot {
            Slot::Active { key, hash } => Some((key, *hash)),
            _ => None,
        })
    }

    /// Where a lookup of a key with this hash starts (see
    /// [`SetTable::lookup_step`]).
    pub fn lookup_start(&self, hash: i64) -> Lookup {
        Lookup { probe: Probe::new(hash, self.mask()) }
    }

    /// Walks a lookup on to the next active slot whose hash matches, which
    /// the caller must compare, or to the empty slot that ends the search.
    /// A caller that lets `eq` change the table between steps restarts
    /// when [`SetTable::storage_id`] or the compared slot changed, as
    /// CPython does.
    pub fn lookup_step(&self, hash: i64, lookup: &mut Lookup) -> Option<usize> {
        loop {
            let index = lookup.probe.next_index();
            match &self.slots[index] {
                Slot::Empty => return None,
                Slot::Active { hash: stored_hash, .. } if *stored_hash == hash => return Some(index),
                // Dummies never match: their CPython hash is -1.
                _ => {}
            }
        }
    }

    /// Identifies the slot storage; it changes when the table is rebuilt
    /// (CPython's `so->table` pointer).
    pub fn storage_id(&self) -> usize {
        self.slots.as_ptr() as usize
    }

    /// Index of the active slot holding a key equal to `key`
    /// (`set_lookkey`).
    fn find<E>(&self, key: &K, hash: i64, eq: &mut KeyEq<'_, K, E>) -> Result<Option<usize>, E> {
        let mut lookup = self.lookup_start(hash);
        while let Some(index) = self.lookup_step(hash, &mut lookup) {
            if let Slot::Active { key: stored, .. } = &self.slots[index]
                && eq(stored, key)?
            {
                return Ok(Some(index));
            }
        }
        Ok(None)
    }

    /// Membership test (`set_contains_entry`).
    pub fn contains<E>(&self, key: &K, hash: i64, eq: &mut KeyEq<'_, K, E>) -> Result<bool, E> {
        Ok(self.find(key, hash, eq)?.is_some())
    }

    /// Adds `key` unless an equal key is present (`set_add_entry`); returns
    /// whether it was added.  Used for `set.add`, building a set from an
    /// iterable and non-constant set displays (`BUILD_SET` adds the items
    /// left to right).
    pub fn insert<E>(&mut self, key: K, hash: i64, eq: &mut KeyEq<'_, K, E>) -> Result<bool, E> {
        if self.find(&key, hash, eq)?.is_some() {
            return Ok(false);
        }
        self.insert_absent(key, hash);
        Ok(true)
    }

    /// The rest of `set_add_entry` once the key is known to be absent: the
    /// key goes into the last dummy on its probe path, or else the empty
    /// slot that ends it.
    pub fn insert_absent(&mut self, key: K, hash: i64) {
        let mask = self.mask();
        let mut probe = Probe::new(hash, mask);
        let mut freeslot = None;
        let empty = loop {
            let index = probe.next_index();
            match &self.slots[index] {
                Slot::Empty => break index,
                Slot::Active { .. } => {}
                // CPython overwrites `freeslot` at every dummy, so the key
                // lands in the *last* dummy on the probe path.
                Slot::Dummy => freeslot = Some(index),
            }
        };
        self.used += 1;
        if let Some(index) = freeslot {
            // Reusing a dummy does not change `fill`, so no resize check.
            self.slots[index] = Slot::Active { key, hash };
            return;
        }
        self.fill += 1;
        self.slots[empty] = Slot::Active { key, hash };
        if self.fill * 5 >= mask * 3 {
            self.resize(self.growth_target());
        }
    }

    /// Removes the key equal to `key` and returns the stored key
    /// (`set_discard_entry`); the slot becomes a dummy.  Backs
    /// `set.remove` (KeyError on `None`) and `set.discard`.
    pub fn remove<E>(&mut self, key: &K, hash: i64, eq: &mut KeyEq<'_, K, E>) -> Result<Option<K>, E> {
        let Some(index) = self.find(key, hash, eq)? else {
            return Ok(None);
        };
        Ok(self.remove_at(index))
    }

    /// Removes the key in active slot `index` (from a lookup); the slot
    /// becomes a dummy.
    pub fn remove_at(&mut self, index: usize) -> Option<K> {
        if !matches!(self.slots.get(index), Some(Slot::Active { .. })) {
            return None;
        }
        self.used -= 1;
        match std::mem::replace(&mut self.slots[index], Slot::Dummy) {
            Slot::Active { key, .. } => Some(key),
            _ => None,
        }
    }

    /// Removes and returns an element the way `set.pop()` does (`set_pop`):
    /// scan forward, wrapping around, from the finger left by the previous
    /// pop.  `None` means `KeyError('pop from an empty set')`.
    pub fn pop(&mut self) -> Option<K> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut index = self.finger & mask;
        while !matches!(self.slots[index], Slot::Active { .. }) {
            index = (index + 1) & mask;
        }
        self.used -= 1;
        self.finger = index + 1;
        match std::mem::replace(&mut self.slots[index], Slot::Dummy) {
            Slot::Active { key, .. } => Some(key),
            _ => None,
        }
    }

    /// Empties the set back to 8 slots (`set_clear_internal`).  Like
    /// CPython, the `pop()` finger is kept.
    pub fn clear(&mut self) {
        self.slots = empty_slots(MIN_SIZE);
        self.fill = 0;
        self.used = 0;
    }

    /// Exchanges the contents of two tables but not their `pop()` fingers
    /// (`set_swap_bodies`).  `intersection_update` uses it to install its
    /// result; the interpreter needs it for `s &= s` (see
    /// [`SetTable::intersection_update`]).
    pub fn swap_bodies(&mut self, other: &mut Self) {
        std::mem::swap(&mut self.slots, &mut other.slots);
        std::mem::swap(&mut self.fill, &mut other.fill);
        std::mem::swap(&mut self.used, &mut other.used);
    }

    /// The `minused` argument CPython passes to `set_table_resize` when a
    /// table grows or sheds dummies.
    fn growth_target(&self) -> usize {
        if self.used > LARGE_SET { self.used * 2 } else { self.used * 4 }
    }

    /// `set_table_resize`: rebuild with the smallest power-of-two size
    /// (at least 8) greater than `minused`, dropping dummies.
    fn resize(&mut self, minused: usize) {
        let mut new_size = MIN_SIZE;
        while new_size <= minused {
            new_size <<= 1;
        }
        // An 8-slot table without dummies would be rebuilt identically.
        if new_size == MIN_SIZE && self.slots.len() == MIN_SIZE && self.fill == self.used {
            return;
        }
        let old = std::mem::replace(&mut self.slots, empty_slots(new_size));
        self.fill = self.used;
        for slot in old {
            if let Slot::Active { key, hash } = slot {
                insert_clean(&mut self.slots, key, hash);
            }
        }
    }

    /// The "one big resize" done before merging `incoming` elements from a
    /// set or dict (`set_merge`, dict branch of `set_update_internal`).
    fn presize_for_merge(&mut self, incoming: usize) {
        if (self.fill + incoming) * 5 >= self.mask() * 3 {
            self.resize((self.used + incoming) * 2);
        }
    }

    /// Rebuilds the table if more than a quarter of the slots are dummies:
    /// the tail of `set_difference_update_internal`.  Call it after
    /// removing the elements of an arbitrary iterable with
    /// [`SetTable::remove`] to implement `difference_update` / `-=` lazily.
    pub fn compact_after_removals(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(self.growth_target());
        }
    }

    /// `frozenset.__hash__` of this set (`frozenset_hash`); see
    /// [`frozenset_hash`].
    pub fn frozenset_hash(&self) -> i64 {
        frozenset_hash(self.iter().map(|(_, hash)| hash))
    }

    /// `set.issubset(other)` / `self <= other` for a set `other`
    /// (`set_issubset`).  For a non-set iterable, answer against a set
    /// built from it ([`SetTable::from_entries`]); only the order of
    /// `__eq__` calls could differ from CPython.
    pub fn is_subset<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<bool, E> {
        if self.len() > other.len() {
            return Ok(false);
        }
        for (key, hash) in self.iter() {
            if !other.contains(key, hash, eq)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `set.issuperset(other)` / `self >= other` for a set `other`
    /// (`set_issuperset`, which defers to `other.issubset(self)`).
    pub fn is_superset<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<bool, E> {
        other.is_subset(self, eq)
    }

    /// `self == other` for two sets (`set_richcompare`, `Py_EQ`): equal
    /// lengths and `self <= other`.  (CPython additionally answers `False`
    /// early when both are frozensets with cached, different hashes.)
    pub fn set_eq<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<bool, E> {
        Ok(self.len() == other.len() && self.is_subset(other, eq)?)
    }

    /// `set.isdisjoint(other)` for a set `other` (`set_isdisjoint`):
    /// iterates the smaller set and probes the larger.
    pub fn is_disjoint<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<bool, E> {
        if std::ptr::eq(self, other) {
            return Ok(self.is_empty());
        }
        let (large, small) = if other.len() > self.len() { (other, self) } else { (self, other) };
        for (key, hash) in small.iter() {
            if large.contains(key, hash, eq)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

impl<K: Clone> SetTable<K> {
    /// Handles the cases of `set_merge` that need no comparisons: nothing
    /// to add, or `self` is empty.  Returns `false` if the caller still has
    /// to insert `other`'s elements one by one.
    fn merge_without_comparisons(&mut self, other: &Self) -> bool {
        if other.used == 0 {
            return true;
        }
        self.presize_for_merge(other.used);
        if self.fill != 0 {
            return false;
        }
        if self.mask() == other.mask() && other.fill == other.used {
            // Same size and no dummies: the layout is copied verbatim.
            self.slots.clone_from(&other.slots);
        } else {
            for (key, hash) in other.iter() {
                insert_clean(&mut self.slots, key.clone(), hash);
            }
        }
        self.fill = other.used;
        self.used = other.used;
        true
    }

    /// `set.copy()`, `set(s)`, `frozenset(s)` for a set `s`
    /// (`make_new_set` + `set_merge` into an empty table).  The layout is
    /// kept only when the presized table has the same size as `self` and
    /// `self` has no dummies; otherwise the elements are re-inserted in
    /// table order.  (`frozenset.copy()` of an exact frozenset returns the
    /// object itself and does not come here.)
    pub fn copy(&self) -> Self {
        let mut copy = Self::new();
        // An empty table never needs comparisons, so this always finishes.
        copy.merge_without_comparisons(self);
        copy
    }

    /// `set(iterable)` / `frozenset(iterable)` for an iterable that is not a
    /// set or dict: the elements are added in order.
    pub fn from_entries<E>(entries: impl IntoIterator<Item = (K, i64)>, eq: &mut KeyEq<'_, K, E>) -> Result<Self, E> {
        let mut set = Self::new();
        set.update_entries(entries, eq)?;
        Ok(set)
    }

    /// The frozenset constant the 3.11 compiler stores for a display of
    /// three or more constants (`{1, 2, 3}`), given the items in source
    /// order.  The compiler builds `frozenset(tuple)`, then
    /// `merge_consts_recursive` rebuilds it from its own iteration order,
    /// so the constant is built twice.
    ///
    /// `for x in {1, 2, 3}` and `x in {1, 2, 3}` use this frozenset
    /// directly.  A set display of such constants runs `BUILD_SET 0;
    /// SET_UPDATE const`, so its value is `constant_frozenset(..).copy()`.
    /// Displays with fewer items or any non-constant item insert in order
    /// ([`SetTable::from_entries`]).
    pub fn constant_frozenset<E>(
        items: impl IntoIterator<Item = (K, i64)>,
        eq: &mut KeyEq<'_, K, E>,
    ) -> Result<Self, E> {
        let first = Self::from_entries(items, eq)?;
        let entries = first.iter().map(|(key, hash)| (key.clone(), hash));
        Self::from_entries(entries, eq)
    }

    /// `set.update(s)` / `self |= s` for a set `s` (`set_merge`): one
    /// presize for `s.len()` new elements, then a verbatim or clean copy if
    /// `self` is empty, else `s`'s elements are inserted in table order.
    ///
    /// If `s` is the same object as `self`, CPython does nothing.
    pub fn update<E>(&mut self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<(), E> {
        if self.merge_without_comparisons(other) {
            return Ok(());
        }
        for (key, hash) in other.iter() {
            self.insert(key.clone(), hash, eq)?;
        }
        Ok(())
    }

    /// `set.update(iterable)` for an iterable that is neither a set nor an
    /// exact dict: each element is added in order, with no presizing.
    pub fn update_entries<E>(
        &mut self,
        entries: impl IntoIterator<Item = (K, i64)>,
        eq: &mut KeyEq<'_, K, E>,
    ) -> Result<(), E> {
        for (key, hash) in entries {
            self.insert(key, hash, eq)?;
        }
        Ok(())
    }

    /// `set.update(d)` / `set(d)` for an exact dict `d` (dict branch of
    /// `set_update_internal`): presize for `dict_len` new elements, then add
    /// the keys with their stored hashes in dict order.  (Dict views and
    /// dict subclasses are plain iterables: use
    /// [`SetTable::update_entries`].)
    pub fn update_from_dict<E>(
        &mut self,
        dict_len: usize,
        entries: impl IntoIterator<Item = (K, i64)>,
        eq: &mut KeyEq<'_, K, E>,
    ) -> Result<(), E> {
        self.presize_for_merge(dict_len);
        self.update_entries(entries, eq)
    }

    /// `self | other` and `self.union(other)` for a set `other` (`set_or`,
    /// `set_union`): a [`SetTable::copy`] of `self` updated with `other`.
    /// When `other` is `self` the result is just the copy.
    pub fn union<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<Self, E> {
        let mut result = self.copy();
        if !std::ptr::eq(self, other) {
            result.update(other, eq)?;
        }
        Ok(result)
    }

    /// `self & other` and `self.intersection(other)` for a set `other`
    /// (`set_intersection`).  The smaller set is iterated (`other` when the
    /// lengths are equal) and the common keys are added to a new set in
    /// that order, so the keys come from the iterated set.  When `other`
    /// is `self` the result is [`SetTable::copy`].
    pub fn intersection<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<Self, E> {
        if std::ptr::eq(self, other) {
            return Ok(self.copy());
        }
        let (large, small) = if other.len() > self.len() { (other, self) } else { (self, other) };
        let mut result = Self::new();
        for (key, hash) in small.iter() {
            if large.contains(key, hash, eq)? {
                result.insert(key.clone(), hash, eq)?;
            }
        }
        Ok(result)
    }

    /// `self.intersection(iterable)` for an iterable that is not a set
    /// (iterable branch of `set_intersection`): elements found in `self`
    /// are added in iteration order, stopping early once the result is as
    /// large as `self`.
    ///
    /// CPython hashes each element lazily, so with the early stop it never
    /// hashes (or even produces) the rest of the iterable; an interpreter
    /// that must preserve that can run this loop itself with
    /// [`SetTable::contains`], [`SetTable::insert`] and [`SetTable::len`].
    pub fn intersection_entries<E>(
        &self,
        entries: impl IntoIterator<Item = (K, i64)>,
        eq: &mut KeyEq<'_, K, E>,
    ) -> Result<Self, E> {
        let mut result = Self::new();
        for (key, hash) in entries {
            if self.contains(&key, hash, eq)? {
                result.insert(key, hash, eq)?;
                if result.len() >= self.len() {
                    break;
                }
            }
        }
        Ok(result)
    }

    /// `self &= other` / `self.intersection_update(other)` for a set
    /// `other` (`set_intersection_update`): compute
    /// [`SetTable::intersection`] and swap it in (the `pop()` finger stays).
    ///
    /// If `other` is the same object as `self`, CPython swaps in
    /// `self.copy()`: `let mut c = s.copy(); s.swap_bodies(&mut c);`.
    /// For a non-set iterable, swap in [`SetTable::intersection_entries`].
    pub fn intersection_update<E>(&mut self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<(), E> {
        let mut result = self.intersection(other, eq)?;
        self.swap_bodies(&mut result);
        Ok(())
    }

    /// `self - other` and `self.difference(other)` for a set `other`
    /// (`set_difference`).  If `self` is more than four times larger,
    /// CPython copies `self` and removes `other`'s elements (the copy keeps
    /// the dummies unless they exceed a quarter of the table); otherwise it
    /// adds the elements of `self` missing from `other` to a new set.
    ///
    /// For a non-set iterable CPython always copies and removes: use
    /// [`SetTable::copy`] + [`SetTable::difference_update_entries`].  An
    /// exact dict behaves like a set of its keys here.
    pub fn difference<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<Self, E> {
        if (self.len() >> 2) > other.len() {
            let mut result = self.copy();
            result.difference_update(other, eq)?;
            return Ok(result);
        }
        let mut result = Self::new();
        for (key, hash) in self.iter() {
            if !other.contains(key, hash, eq)? {
                result.insert(key.clone(), hash, eq)?;
            }
        }
        Ok(result)
    }

    /// `self -= other` / `self.difference_update(other)` for a set `other`
    /// (`set_difference_update_internal`): removes `other`'s elements
    /// (first shrinking `other` to `self & other` when it is more than
    /// eight times larger), then rebuilds the table if over a quarter of it
    /// is dummies.
    ///
    /// If `other` is the same object as `self`, CPython calls
    /// [`SetTable::clear`] instead.
    pub fn difference_update<E>(&mut self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<(), E> {
        if (other.len() >> 3) > self.len() {
            let common = self.intersection(other, eq)?;
            self.remove_all(&common, eq)?;
        } else {
            self.remove_all(other, eq)?;
        }
        self.compact_after_removals();
        Ok(())
    }

    fn remove_all<E>(&mut self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<(), E> {
        for (key, hash) in other.iter() {
            self.remove(key, hash, eq)?;
        }
        Ok(())
    }

    /// `self.difference_update(iterable)` for an iterable that is not a set
    /// (iterable branch of `set_difference_update_internal`): remove each
    /// element, then [`SetTable::compact_after_removals`].
    pub fn difference_update_entries<E>(
        &mut self,
        entries: impl IntoIterator<Item = (K, i64)>,
        eq: &mut KeyEq<'_, K, E>,
    ) -> Result<(), E> {
        for (key, hash) in entries {
            self.remove(&key, hash, eq)?;
        }
        self.compact_after_removals();
        Ok(())
    }

    /// `self ^ other` and `self.symmetric_difference(other)` for a set
    /// `other` (`set_symmetric_difference`): CPython copies *other* and
    /// then applies `copy ^= self`.  This holds even when `other` is `self`
    /// (the result is then an empty set full of dummies).
    ///
    /// For a non-set iterable, start from [`SetTable::from_entries`] (or
    /// `SetTable::new()` + [`SetTable::update_from_dict`] for a dict) and
    /// call [`SetTable::symmetric_difference_update`] with `self`.
    pub fn symmetric_difference<E>(&self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<Self, E> {
        let mut result = other.copy();
        result.symmetric_difference_update(self, eq)?;
        Ok(result)
    }

    /// `self ^= other` / `self.symmetric_difference_update(other)` for a set
    /// `other` (`set_symmetric_difference_update`): for each element of
    /// `other` in table order, remove it from `self` or else add it.  No
    /// compaction afterwards.
    ///
    /// If `other` is the same object as `self`, CPython calls
    /// [`SetTable::clear`].  For a non-set, non-dict iterable CPython first
    /// builds a set from it ([`SetTable::from_entries`]) and passes that.
    pub fn symmetric_difference_update<E>(&mut self, other: &Self, eq: &mut KeyEq<'_, K, E>) -> Result<(), E> {
        for (key, hash) in other.iter() {
            if self.remove(key, hash, eq)?.is_none() {
                self.insert(key.clone(), hash, eq)?;
            }
        }
        Ok(())
    }

    /// `self.symmetric_difference_update(d)` for an exact dict `d` (dict
    /// branch of `set_symmetric_difference_update`): the same toggling,
    /// driven by the dict's keys and stored hashes in dict order.
    pub fn symmetric_difference_update_entries<E>(
        &mut self,
        entries: impl IntoIterator<Item = (K, i64)>,
        eq: &mut KeyEq<'_, K, E>,
    ) -> Result<(), E> {
        for (key, hash) in entries {
            if self.remove(&key, hash, eq)?.is_none() {
                self.insert(key, hash, eq)?;
            }
        }
        Ok(())
    }
}

/// `frozenset.__hash__` (`frozenset_hash` and `_shuffle_bits` in CPython
/// 3.11) from the hashes of the elements, in any order.
///
/// CPython XORs the shuffled hash of every slot, then cancels the empty
/// and dummy slots; the net effect is the XOR over the elements that is
/// computed here.
pub fn frozenset_hash(element_hashes: impl IntoIterator<Item = i64>) -> i64 {
    fn shuffle_bits(h: u64) -> u64 {
        ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
    }

    let mut hash: u64 = 0;
    let mut count: u64 = 0;
    for element_hash in element_hashes {
        hash ^= shuffle_bits(element_hash as u64);
        count += 1;
    }
    // Factor in the number of elements.
    hash ^= (count + 1).wrapping_mul(1_927_868_237);
    // Disperse patterns arising in nested frozensets.
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69_069).wrapping_add(907_133_923);
    // -1 is reserved for errors.
    if hash == u64::MAX {
        hash = 590_923_713;
    }
    hash as i64
}

#[cfg(test)]
mod tests;
