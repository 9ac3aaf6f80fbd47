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
