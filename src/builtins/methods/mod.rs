//! Methods of the builtin types, one module per type, with the argument
//! checking and text codecs they share.

mod arguments;
mod bytes;
mod codecs;
mod containers;
mod dict;
mod dunder;
mod exception;
mod exception_group;
mod file;
mod list;
mod numbers;
mod os_error;
mod string;
mod type_;

pub(crate) use codecs::{decode_bytes, encode_text};
pub(crate) use exception::set_keyword_attributes;
pub(crate) use exception_group::{group_members, new_exception_group};
pub(crate) use file::{flush_open_files, open};
pub(crate) use os_error::{OS_ERROR_FIELDS, new_os_error, os_error_str};

use crate::object::string::Interner;
use crate::vm::BuiltinTypes;

pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    string::install(types, interner);
    bytes::install(types, interner);
    list::install(types, interner);
    containers::install(types, interner);
    dict::install(types, interner);
    numbers::install(types, interner);
    exception::install(types, interner);
    exception_group::install(types, interner);
    type_::install(types, interner);
    dunder::install(types, interner);
    file::install(types, interner);
}
