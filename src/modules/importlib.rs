//! The `importlib` module (`import_module`, `reload`), and the builtin
//! `__import__` that `import` statements stand for.

use std::rc::Rc;

use super::ModuleBuilder;
use crate::builtins::{check_arguments, keyword_arguments};
use crate::error::{Error, Result};
use crate::object::dict::Dict;
use crate::object::function::Keywords;
use crate::value::Value;
use crate::vm::Vm;

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    module.functions(
        vm,
        &[("import_module", import_module), ("reload", reload), ("invalidate_caches", invalidate_caches)],
    );
    Ok(())
}

/// A namespace whose only entry is `__package__`, for resolving a
/// relative name against a package given by name.
fn package_namespace(vm: &mut Vm, package: Value) -> Rc<Dict> {
    let namespace = Rc::new(Dict::new());
    let key = vm.intern("__package__");
    namespace.set_str(&key, package);
    namespace
}

/// import_module(name, package=None): the module itself (not its top-level
/// package); a name starting with dots is relative to `package`.
fn import_module(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [name_keyword, package_keyword] = keyword_arguments("import_module", keywords, ["name", "package"])?;
    check_arguments("import_module", arguments, 0, 2)?;
    let Some(name) = arguments.first().cloned().or(name_keyword) else {
        return Err(Error::type_error("import_module() missing 1 required positional argument: 'name'"));
    };
    let package = arguments.get(1).cloned().or(package_keyword).unwrap_or(Value::None);
    let Some(name) = name.as_str().map(str::to_string) else {
        return Err(Error::attribute_error(format!("'{}' object has no attribute 'startswith'", name.type_name())));
    };
    let level = name.chars().take_while(|&c| c == '.').count();
    if level > 0 && !vm.is_true(&package)? {
        let shown = vm.repr(&Value::from_text(&name))?;
        return Err(Error::type_error(format!(
            "the 'package' argument is required to perform a relative import for {shown}"
        )));
    }
    let absolute = if level > 0 {
        let namespace = package_namespace(vm, package);
        vm.resolve_relative(&name[level..], level, &namespace)?
    } else {
        name
    };
    if absolute.is_empty() {
        return Err(Error::value_error("Empty module name"));
    }
    vm.import_module(&absolute)
}

/// reload(module): runs the module's code again in its namespace.
fn reload(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [module_keyword] = keyword_arguments("reload", keywords, ["module"])?;
    check_arguments("reload", arguments, 0, 1)?;
    match arguments.first().cloned().or(module_keyword) {
        Some(Value::Module(module)) => vm.reload_module(&module),
        _ => Err(Error::type_error("reload() argument must be a module")),
    }
}

fn invalidate_caches(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("invalidate_caches", arguments, 0, 0)?;
    Ok(Value::None)
}

/// __import__(name, globals=None, locals=None, fromlist=(), level=0)
pub(crate) fn dunder_import(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let given = keyword_arguments("__import__", keywords, ["name", "globals", "locals", "fromlist", "level"])?;
    check_arguments("__import__", arguments, 0, 5)?;
    let argument = |index: usize| arguments.get(index).cloned().or_else(|| given[index].clone());
    let Some(name) = argument(0) else {
        return Err(Error::type_error("__import__() missing required argument 'name' (pos 1)"));
    };
    let Some(name) = name.as_str().map(str::to_string) else {
        return Err(Error::type_error("module name must be a string"));
    };
    let globals = match argument(1) {
        Some(Value::Dict(globals)) => globals,
        _ => Rc::new(Dict::new()),
    };
    let fromlist = match argument(3) {
        None | Some(Value::None) => Value::tuple(Vec::new()),
        Some(list) => Value::tuple(vm.collect_iterable(list)?),
    };
    let level = argument(4).unwrap_or(Value::Int(0));
    if level.as_i64().is_some_and(|level| level < 0) {
        return Err(Error::value_error("level must be >= 0"));
    }
    vm.import_name(&name, &fromlist, &level, &globals)
}
