//! Module objects: a name and a namespace.

use std::rc::Rc;

use crate::object::dict::Dict;

pub struct Module {
    pub name: String,
    pub globals: Rc<Dict>,
}
