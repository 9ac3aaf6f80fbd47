//! Heap object kinds behind `Value`, one module per type.

pub mod bytes;
pub mod class;
pub mod compare;
pub mod descriptor;
pub mod dict;
pub mod exception;
pub mod function;
pub mod generator;
pub mod hash;
pub mod instance;
pub mod iterator;
pub mod list;
pub mod module;
pub mod number;
pub mod range;
pub mod set;
pub mod set_table;
pub mod string;
pub mod tuple;

use std::rc::Rc;

/// `Rc::new(make())`, with the value made after its allocation: made
/// first, a value of several words is stored piecewise to a temporary and
/// then copied into the allocation in wider blocks that wait for those
/// stores (a store-forwarding stall); made last, it can be built in place.
#[inline(always)]
pub fn rc_built<T>(make: impl FnOnce() -> T) -> Rc<T> {
    let shared = Rc::<T>::new_uninit();
    // SAFETY: the allocation was just made and nothing else refers to it;
    // it is written before it is taken as initialized.
    unsafe {
        (Rc::as_ptr(&shared) as *mut T).write(make());
        shared.assume_init()
    }
}
