//! The `os` module.

use super::ModuleBuilder;
use crate::error::Result;
use crate::vm::Vm;

pub(crate) fn init(_vm: &mut Vm, _module: &ModuleBuilder) -> Result<()> {
    Ok(())
}
