//! The `json` module: `dumps`/`dump` with CPython's default formatting and
//! options (`encode.rs`), `loads`/`load` with CPython's scanner and its
//! error messages (`decode.rs`), and `JSONDecodeError`, a ValueError.

mod decode;
mod encode;

use std::rc::Rc;

use super::ModuleBuilder;
use crate::error::Result;
use crate::object::class::Class;
use crate::object::dict::{Dict, DictTable};
use crate::object::exception::ExcKind;
use crate::object::module::Module;
use crate::value::Value;
use crate::vm::Vm;

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    let error_class = decode_error_class(vm);
    module.set(vm, "JSONDecodeError", Value::Class(error_class.clone()));
    module.functions(
        vm,
        &[("dumps", encode::dumps), ("dump", encode::dump), ("loads", decode::loads), ("load", decode::load)],
    );
    // `json.decoder.JSONDecodeError` is where CPython defines it.
    let decoder = ModuleBuilder { globals: Rc::new(Dict::new()) };
    decoder.set(vm, "__name__", Value::from_text("json.decoder"));
    decoder.set(vm, "JSONDecodeError", Value::Class(error_class));
    let decoder = Value::Module(Rc::new(Module { name: "json.decoder".into(), globals: decoder.globals }));
    module.set(vm, "decoder", decoder.clone());
    let modules = vm.imports.modules.clone();
    modules.set_str(&vm.intern("json.decoder"), decoder);
    Ok(())
}

/// `json.decoder.JSONDecodeError`, made once per VM.
pub(crate) fn decode_error_class(vm: &mut Vm) -> Rc<Class> {
    let value_error = vm.exception_class(ExcKind::ValueError);
    let mut others = vm.types.others.borrow_mut();
    others
        .entry("json.decoder.JSONDecodeError")
        .or_insert_with(|| {
            let class = Class::new_user_defined(
                "JSONDecodeError",
                "JSONDecodeError",
                "json.decoder",
                vec![value_error],
                DictTable::new(),
            )
            .expect("a single base linearizes");
            Rc::new(class)
        })
        .clone()
}
