//! The import system, with CPython's semantics and messages: a module is
//! found (built-in, then the embedded stdlib, then the folders of
//! `sys.path`), registered in `sys.modules` before its body runs (so a
//! circular import sees the partly run module, as in Python), run once,
//! and cached. Packages are folders with an `__init__.asy`; a folder
//! without one is a namespace package, as in Python.
//!
//! A module's body runs in a nested run of the dispatch loop, as CPython
//! runs it in a nested call of its eval loop: imports are rare and shallow.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::{ModuleBuilder, STDLIB_ROOT};
use crate::diagnostic::SyntaxError;
use crate::error::{Error, Result};
use crate::object::dict::Dict;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::list::List;
use crate::object::module::Module;
use crate::object::string::Str;
use crate::value::Value;
use crate::vm::Vm;

/// The file suffix of modules.
const SUFFIX: &str = ".asy";

/// The import system's state, shared with the `sys` module.
pub struct ImportState {
    /// `sys.modules`: every module imported so far, by full name.
    pub modules: Rc<Dict>,
    /// `sys.path`: the folders searched, in order, after the built-in and
    /// stdlib modules ("" is the current directory).
    pub path: Rc<List>,
    /// Modules whose body is running: importing a name one of them has not
    /// bound yet is (most likely) a circular import.
    pub initializing: Vec<String>,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// The `sys` module's namespace once it is imported: `print` looks up
    /// `sys.stdout` there on every call.
    pub sys_globals: Option<Rc<Dict>>,
    /// The name `stdout`, with its hash computed once.
    pub stdout_name: Rc<Str>,
}

impl ImportState {
    /// Search path: the folders named by `ASYPATH` (colon separated); the
    /// main script's folder goes in front once it is known.
    pub fn new() -> ImportState {
        let mut path = Vec::new();
        if let Ok(extra) = std::env::var("ASYPATH") {
            path.extend(extra.split(':').filter(|folder| !folder.is_empty()).map(Value::from_text));
        }
        ImportState {
            modules: Rc::new(Dict::new()),
            path: Rc::new(List::new(path)),
            initializing: Vec::new(),
            argv: vec![String::new()],
            sys_globals: None,
            stdout_name: Rc::new(Str::new("stdout".into())),
        }
    }
}

impl Default for ImportState {
    fn default() -> Self {
        ImportState::new()
    }
}

/// Where a module's code comes from.
enum Found {
    Builtin(super::Initializer),
    Source {
        /// `__file__`: the file's path (under `<stdlib>/` when embedded).
        file: String,
        source: Rc<str>,
        /// For a package: the folder its submodules are found in.
        package_folder: Option<String>,
    },
    /// A folder without `__init__.asy`: a package with no code, whose
    /// submodules may be spread over several folders.
    Namespace(Vec<String>),
}

/// "No module named 'x'", with the `name` attribute set.
fn module_not_found(vm: &mut Vm, message: String, name: &str) -> Error {
    import_error(vm, ExcKind::ModuleNotFoundError, message, Value::from_text(name), Value::None)
}

/// An ImportError (or subclass) with CPython's `name` and `path` attributes.
fn import_error(vm: &mut Vm, kind: ExcKind, message: String, name: Value, path: Value) -> Error {
    let exception = vm.new_exception(kind, &message);
    {
        let mut attributes = exception.attributes.borrow_mut();
        attributes.insert_str(&vm.intern("name"), name);
        attributes.insert_str(&vm.intern("path"), path);
    }
    Error::Object(exception)
}

impl Vm {
    /// `ImportName`: `__import__(name, globals, None, fromlist, level)`.
    pub(crate) fn import_name(&mut self, name: &str, fromlist: &Value, level: &Value, globals: &Dict) -> Result<Value> {
        let level = level.as_i64().unwrap_or(0);
        let fromlist = match fromlist {
            Value::Tuple(names) => names.items.to_vec(),
            _ => Vec::new(),
        };
        let absolute = if level > 0 { self.resolve_relative(name, level as usize, globals)? } else { name.to_string() };
        if absolute.is_empty() {
            return Err(Error::value_error("Empty module name"));
        }
        let module = self.import_module(&absolute)?;
        if fromlist.is_empty() {
            if level == 0 {
                let top = name.split('.').next().unwrap_or(name);
                return self.import_module(top);
            }
            if name.is_empty() {
                return Ok(module);
            }
            // Only `__import__(".a.b", level=1)` gets here (statements
            // with a level always have a fromlist): the package of `.a`.
            let cut = name.len() - name.split('.').next().unwrap_or(name).len();
            return self.import_module(&absolute[..absolute.len() - cut]);
        }
        if self.is_package(&module) {
            self.import_submodules(&module, &fromlist, false)?;
        }
        Ok(module)
    }

    /// The absolute name of a relative import (`from ..a import b`).
    pub(crate) fn resolve_relative(&mut self, name: &str, level: usize, globals: &Dict) -> Result<String> {
        let package = match globals.get_str(&self.intern("__package__")) {
            Some(Value::Str(package)) => package.as_str().to_string(),
            Some(Value::None) | None => {
                let module_name = globals.get_str(&self.intern("__name__"));
                let module_name = module_name.as_ref().and_then(Value::as_str).unwrap_or("").to_string();
                if globals.get_str(&self.intern("__path__")).is_some() {
                    module_name
                } else {
                    module_name.rsplit_once('.').map_or(String::new(), |(parent, _)| parent.to_string())
                }
            }
            Some(_) => return Err(Error::type_error("package must be a string")),
        };
        if package.is_empty() {
            return Err(Error::new(ExcKind::ImportError, "attempted relative import with no known parent package"));
        }
        let bits: Vec<&str> = package.rsplitn(level, '.').collect();
        if bits.len() < level {
            return Err(Error::new(ExcKind::ImportError, "attempted relative import beyond top-level package"));
        }
        let base = bits[bits.len() - 1];
        Ok(if name.is_empty() { base.to_string() } else { format!("{base}.{name}") })
    }

    /// `from package import a, b`: imports `package.a` for each name the
    /// package does not have yet (a missing submodule is not an error
    /// here; `ImportFrom` reports it).
    fn import_submodules(&mut self, module: &Value, fromlist: &[Value], recursive: bool) -> Result<()> {
        for item in fromlist {
            let Some(name) = item.as_str() else { continue };
            if name == "*" {
                let key = self.intern("__all__");
                if !recursive && let Some(all) = self.find_attribute(module, &key)? {
                    let names = self.collect_iterable(all)?;
                    self.import_submodules(module, &names, true)?;
                }
                continue;
            }
            let key = self.intern(name);
            if self.find_attribute(module, &key)?.is_some() {
                continue;
            }
            let full = format!("{}.{name}", self.module_name(module).unwrap_or_default());
            if let Err(error) = self.import_module(&full) {
                let missing = match &error {
                    Error::Object(exception)
                        if exception.class.is_builtin_exception_subclass(ExcKind::ModuleNotFoundError) =>
                    {
                        let name = exception.attributes.borrow().get_str(&Str::new("name".into())).cloned();
                        name.as_ref().and_then(Value::as_str) == Some(full.as_str())
                    }
                    _ => false,
                };
                if !missing {
                    return Err(error);
                }
            }
        }
        Ok(())
    }

    fn is_package(&mut self, module: &Value) -> bool {
        let key = self.intern("__path__");
        matches!(self.find_attribute(module, &key), Ok(Some(_)))
    }

    /// A module's `__name__`, if it is a str.
    fn module_name(&mut self, module: &Value) -> Option<String> {
        match module {
            Value::Module(module) => Some(module.name.clone()),
            other => match self.find_attribute(other, &Rc::new(Str::new("__name__".into()))) {
                Ok(Some(Value::Str(name))) => Some(name.as_str().to_string()),
                _ => None,
            },
        }
    }

    /// Imports a module by its absolute dotted name (importing its parent
    /// packages first) and gives the module itself.
    pub fn import_module(&mut self, name: &str) -> Result<Value> {
        if let Some(module) = self.imports.modules.get_str(&Str::new(name.to_string())) {
            if module.is_none() {
                let message = format!("import of {name} halted; None in sys.modules");
                return Err(module_not_found(self, message, name));
            }
            return Ok(module);
        }
        let (parent, child) = match name.rsplit_once('.') {
            Some((parent, child)) => (Some(parent), child),
            None => (None, name),
        };
        let mut search: Option<Vec<String>> = None;
        if let Some(parent) = parent {
            let parent_module = self.import_module(parent)?;
            // Importing the parent may have imported this module too.
            if let Some(module) = self.imports.modules.get_str(&Str::new(name.to_string())) {
                return Ok(module);
            }
            let key = self.intern("__path__");
            match self.find_attribute(&parent_module, &key)? {
                Some(path) => {
                    let folders = self.collect_iterable(path)?;
                    search = Some(folders.iter().filter_map(|f| f.as_str().map(str::to_string)).collect());
                }
                None => {
                    let message = format!("No module named '{name}'; '{parent}' is not a package");
                    return Err(module_not_found(self, message, name));
                }
            }
        }
        let Some(found) = self.find_module(name, child, search.as_deref()) else {
            return Err(module_not_found(self, format!("No module named '{name}'"), name));
        };
        let module = self.load_module(name, found)?;
        if let Some(parent) = parent
            && let Some(parent_module) = self.imports.modules.get_str(&Str::new(parent.to_string()))
        {
            let child = self.intern(child);
            // A parent that refuses attributes keeps working without it.
            let _ = self.set_attribute(&parent_module, &child, module.clone());
        }
        Ok(module)
    }

    /// Looks for a module: built-in and stdlib modules at the top level,
    /// then the folders of `sys.path` (or of the parent package).
    fn find_module(&mut self, name: &str, child: &str, package_path: Option<&[String]>) -> Option<Found> {
        let folders: Vec<String> = match package_path {
            Some(folders) => folders.to_vec(),
            None => {
                if let Some(init) = super::builtin_module(name) {
                    return Some(Found::Builtin(init));
                }
                let mut folders = vec![STDLIB_ROOT.to_string()];
                folders.extend(self.imports.path.snapshot().iter().filter_map(|f| f.as_str().map(str::to_string)));
                folders
            }
        };
        let mut namespace = Vec::new();
        for folder in folders {
            if let Some(stdlib) = folder.strip_prefix(STDLIB_ROOT) {
                let inside = stdlib.trim_start_matches('/');
                let relative = if inside.is_empty() { child.to_string() } else { format!("{inside}/{child}") };
                if let Some(source) = super::stdlib_source(&format!("{relative}/__init__{SUFFIX}")) {
                    return Some(Found::Source {
                        file: format!("{STDLIB_ROOT}/{relative}/__init__{SUFFIX}"),
                        source: Rc::from(source),
                        package_folder: Some(format!("{STDLIB_ROOT}/{relative}")),
                    });
                }
                if let Some(source) = super::stdlib_source(&format!("{relative}{SUFFIX}")) {
                    return Some(Found::Source {
                        file: format!("{STDLIB_ROOT}/{relative}{SUFFIX}"),
                        source: Rc::from(source),
                        package_folder: None,
                    });
                }
                if super::stdlib_has_folder(&relative) {
                    namespace.push(format!("{STDLIB_ROOT}/{relative}"));
                }
                continue;
            }
            let base = if folder.is_empty() { PathBuf::from(".") } else { PathBuf::from(&folder) };
            let package = base.join(child);
            if package.is_dir() {
                let init = package.join(format!("__init__{SUFFIX}"));
                if let Ok(source) = std::fs::read_to_string(&init) {
                    return Some(Found::Source {
                        file: join_display(&folder, &format!("{child}/__init__{SUFFIX}")),
                        source: Rc::from(source),
                        package_folder: Some(join_display(&folder, child)),
                    });
                }
                namespace.push(join_display(&folder, child));
            }
            let file = base.join(format!("{child}{SUFFIX}"));
            if file.is_file()
                && let Ok(source) = std::fs::read_to_string(&file)
            {
                return Some(Found::Source {
                    file: join_display(&folder, &format!("{child}{SUFFIX}")),
                    source: Rc::from(source),
                    package_folder: None,
                });
            }
        }
        (!namespace.is_empty()).then_some(Found::Namespace(namespace))
    }

    /// Creates the module, registers it, runs its body; on failure the
    /// module is taken out of `sys.modules` again.
    fn load_module(&mut self, name: &str, found: Found) -> Result<Value> {
        let globals = Rc::new(Dict::new());
        let module = Rc::new(Module { name: name.to_string(), globals: globals.clone() });
        let parent = name.rsplit_once('.').map_or("", |(parent, _)| parent);
        let set = |vm: &mut Vm, key: &str, value: Value| {
            let key = vm.intern(key);
            globals.set_str(&key, value);
        };
        set(self, "__name__", Value::from_text(name));
        set(self, "__doc__", Value::None);
        let key = self.intern(name);
        match found {
            Found::Builtin(init) => {
                set(self, "__package__", Value::from_text(""));
                self.imports.modules.set_str(&key, Value::Module(module.clone()));
                let builder = ModuleBuilder { globals: globals.clone() };
                if let Err(error) = init(self, &builder) {
                    self.imports.modules.table.borrow_mut().remove_str(&key);
                    return Err(error);
                }
                Ok(Value::Module(module))
            }
            Found::Namespace(folders) => {
                set(self, "__package__", Value::from_text(name));
                set(self, "__file__", Value::None);
                set(self, "__path__", Value::list(folders.into_iter().map(Value::from_string).collect()));
                self.imports.modules.set_str(&key, Value::Module(module.clone()));
                Ok(Value::Module(module))
            }
            Found::Source { file, source, package_folder } => {
                match &package_folder {
                    Some(folder) => {
                        set(self, "__package__", Value::from_text(name));
                        set(self, "__path__", Value::list(vec![Value::from_text(folder)]));
                    }
                    None => set(self, "__package__", Value::from_text(parent)),
                }
                set(self, "__file__", Value::from_text(&file));
                self.imports.modules.set_str(&key, Value::Module(module.clone()));
                self.imports.initializing.push(name.to_string());
                let outcome = self.run_module_source(&source, &file, globals.clone());
                self.imports.initializing.pop();
                if let Err(error) = outcome {
                    self.imports.modules.table.borrow_mut().remove_str(&key);
                    return Err(error);
                }
                // A module may put something else in its place.
                Ok(self.imports.modules.get_str(&key).unwrap_or(Value::Module(module)))
            }
        }
    }

    /// Compiles and runs a module's text in its namespace.
    fn run_module_source(&mut self, source: &str, file: &str, globals: Rc<Dict>) -> Result<()> {
        let code = match self.compile(source, file) {
            Ok(code) => code,
            Err(error) => return Err(Error::Object(self.syntax_error_object(&error, file, source))),
        };
        let doc = self.intern("__doc__");
        globals.set_str(&doc, code.docstring.clone());
        self.native_depth += 1;
        let outcome = self.run_code(code, globals);
        self.native_depth -= 1;
        outcome.map(|_| ())
    }

    /// A SyntaxError exception for a module that does not compile, with
    /// the attributes CPython gives it (`msg`, `filename`, `lineno`,
    /// `offset`, `text`, `end_lineno`, `end_offset`).
    pub(crate) fn syntax_error_object(&mut self, error: &SyntaxError, file: &str, source: &str) -> Rc<ExceptionObject> {
        let kind = match error.class {
            crate::diagnostic::SyntaxErrorClass::Syntax => ExcKind::SyntaxError,
            crate::diagnostic::SyntaxErrorClass::Indentation => ExcKind::IndentationError,
            crate::diagnostic::SyntaxErrorClass::Tab => ExcKind::TabError,
        };
        let location = error.location(source);
        let text = location.text.clone().map_or(Value::None, Value::from_string);
        let details = Value::tuple(vec![
            Value::from_text(file),
            Value::from(location.line),
            Value::from(location.offset),
            text.clone(),
            Value::from(location.line),
            Value::from(location.end_offset),
        ]);
        let exception = Rc::new(ExceptionObject::new(
            self.exception_class(kind),
            Value::tuple(vec![Value::from_text(&error.message), details]),
        ));
        {
            let mut attributes = exception.attributes.borrow_mut();
            let mut set = |key: &str, value: Value| attributes.insert_str(&self.interner.intern(key), value);
            set("msg", Value::from_text(&error.message));
            set("filename", Value::from_text(file));
            set("lineno", Value::from(location.line));
            set("offset", Value::from(location.offset));
            set("text", text);
            set("end_lineno", Value::from(location.line));
            set("end_offset", Value::from(location.end_offset));
            set("print_file_and_line", Value::None);
        }
        exception
    }

    /// `ImportFrom`: `module.name`, or the submodule `module.name` from
    /// `sys.modules`; else ImportError worded as CPython words it.
    pub(crate) fn import_from(&mut self, module: &Value, name: &Rc<Str>) -> Result<Value> {
        match self.find_attribute(module, name) {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(error) if error.is_instance_of(ExcKind::AttributeError) => {}
            Err(error) => return Err(error),
        }
        let package = self.module_name(module);
        if let Some(package) = &package
            && let Some(submodule) = self.imports.modules.get_str(&Str::new(format!("{package}.{}", name.as_str())))
        {
            return Ok(submodule);
        }
        let shown = package.clone().unwrap_or_else(|| "<unknown module name>".to_string());
        let key = self.intern("__file__");
        let file = match self.find_attribute(module, &key) {
            Ok(Some(Value::Str(file))) => Some(file.as_str().to_string()),
            _ => None,
        };
        let name_repr = self.repr(&Value::Str(name.clone()))?;
        let package_repr = self.repr(&Value::from_text(&shown))?;
        let package_value = package.as_deref().map_or(Value::None, Value::from_text);
        let message = match &file {
            None => format!("cannot import name {name_repr} from {package_repr} (unknown location)"),
            Some(file) if package.as_ref().is_some_and(|p| self.imports.initializing.contains(p)) => format!(
                "cannot import name {name_repr} from partially initialized module {package_repr} \
                 (most likely due to a circular import) ({file})"
            ),
            Some(file) => format!("cannot import name {name_repr} from {package_repr} ({file})"),
        };
        let path = file.map_or(Value::None, Value::from_string);
        Err(import_error(self, ExcKind::ImportError, message, package_value, path))
    }

    /// `ImportStar`: binds the module's public names in `globals`.
    pub(crate) fn import_star(&mut self, module: &Value, globals: &Dict) -> Result<()> {
        let module_name = self.module_name(module).unwrap_or_default();
        let key = self.intern("__all__");
        let (names, from_all) = match self.find_attribute(module, &key)? {
            Some(all) => (self.collect_iterable(all)?, true),
            None => {
                let dict = match module {
                    Value::Module(module) => module.globals.table.borrow().keys(),
                    other => match self.find_attribute(other, &Rc::new(Str::new("__dict__".into())))? {
                        Some(Value::Dict(dict)) => dict.table.borrow().keys(),
                        _ => {
                            return Err(Error::new(
                                ExcKind::ImportError,
                                "from-import-* object has no __dict__ and no __all__",
                            ));
                        }
                    },
                };
                (dict, false)
            }
        };
        for name in names {
            let Value::Str(name) = name else {
                let (place, what) = if from_all { ("__all__", "Item") } else { ("__dict__", "Key") };
                return Err(Error::type_error(format!(
                    "{what} in {module_name}.{place} must be str, not {}",
                    name.type_name()
                )));
            };
            if !from_all && name.as_str().starts_with('_') {
                continue;
            }
            let value = self.get_attribute(module, &name)?;
            globals.set_str(&name, value);
        }
        Ok(())
    }

    /// Whether a module's body is running (a name missing from it may be
    /// missing because of a circular import).
    pub(crate) fn module_is_initializing(&self, name: &str) -> bool {
        self.imports.initializing.iter().any(|running| running == name)
    }
}

/// `folder/name` as CPython's path finder joins them ("" is the current
/// folder, which it names by its absolute path).
fn join_display(folder: &str, name: &str) -> String {
    let folder = if folder.is_empty() {
        std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_else(|_| ".".into())
    } else {
        folder.to_string()
    };
    Path::new(&folder).join(name).display().to_string()
}

/// How the main program was given: what `__file__`, `sys.argv[0]` and
/// `sys.path[0]` become.
impl Vm {
    /// Runs a script file as `__main__`: `__file__` is its absolute path,
    /// and its (real) folder goes first on `sys.path`, as in CPython.
    pub fn set_main_script(&mut self, path: &str) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
        let key = self.intern("__file__");
        self.main_globals.set_str(&key, Value::from_string(absolute.display().to_string()));
        let real = std::fs::canonicalize(path).unwrap_or(absolute);
        let folder = real.parent().map(|folder| folder.display().to_string()).unwrap_or_default();
        self.imports.path.items.borrow_mut().insert(0, Value::from_string(folder));
    }

    /// For `-c` and standard input (and `-m`): the current folder first
    /// on `sys.path` (`""` for `-c`, its absolute path for `-m`).
    pub fn set_path_front(&mut self, folder: &str) {
        self.imports.path.items.borrow_mut().insert(0, Value::from_text(folder));
    }

    /// `sys.argv`.
    pub fn set_argv(&mut self, argv: Vec<String>) {
        self.imports.argv = argv;
    }

    /// `asy -m NAME`: imports the module's parent packages, finds the
    /// module's file (a package's `__main__`) and prepares `__main__` for
    /// it. Gives (file name, source), or the message to print.
    pub fn prepare_main_module(&mut self, name: &str) -> std::result::Result<(String, String), String> {
        let (parent, child) = match name.rsplit_once('.') {
            Some((parent, child)) => (Some(parent), child),
            None => (None, name),
        };
        let mut search = None;
        if let Some(parent) = parent {
            let imported = self.import_module(parent).and_then(|module| {
                let key = self.intern("__path__");
                match self.find_attribute(&module, &key)? {
                    Some(path) => self.collect_iterable(path).map(Some),
                    None => Ok(None),
                }
            });
            match imported {
                Ok(Some(folders)) => {
                    search = Some(folders.iter().filter_map(|f| f.as_str().map(str::to_string)).collect::<Vec<_>>())
                }
                Ok(None) => {
                    return Err(format!(
                        "Error while finding module specification for '{name}' (ModuleNotFoundError: __path__ attribute not found on '{parent}' while trying to find '{name}')"
                    ));
                }
                Err(error) => {
                    let exception = self.materialize(error);
                    let summary = self.exception_summary(&exception);
                    return Err(format!("Error while finding module specification for '{name}' ({summary})"));
                }
            }
        }
        match self.find_module(name, child, search.as_deref()) {
            None => Err(format!("No module named {name}")),
            Some(Found::Builtin(_)) => Err(format!("No code object available for {name}")),
            Some(Found::Namespace(_)) => {
                Err(format!("No module named {name}.__main__; '{name}' is a package and cannot be directly executed"))
            }
            Some(Found::Source { file, source, package_folder }) => {
                if package_folder.is_some() {
                    // A package runs as its `__main__` submodule, after its `__init__`.
                    if let Err(error) = self.import_module(name) {
                        let exception = self.materialize(error);
                        let summary = self.exception_summary(&exception);
                        return Err(format!(
                            "Error while finding module specification for '{name}.__main__' ({summary})"
                        ));
                    }
                    return self.prepare_main_module(&format!("{name}.__main__"));
                }
                let set = |vm: &mut Vm, key: &str, value: Value| {
                    let key = vm.intern(key);
                    vm.main_globals.set_str(&key, value);
                };
                set(self, "__file__", Value::from_text(&file));
                set(self, "__package__", Value::from_text(parent.unwrap_or("")));
                if let Some(argv0) = self.imports.argv.first_mut() {
                    *argv0 = file.clone();
                }
                Ok((file, source.to_string()))
            }
        }
    }
}

impl Vm {
    /// A module attribute its namespace does not hold: `__dict__`, or
    /// what the module's own `__getattr__` gives (PEP 562).
    pub(crate) fn module_attribute_fallback(&mut self, module: &Module, name: &Rc<Str>) -> Result<Option<Value>> {
        if name.as_str() == "__dict__" {
            return Ok(Some(Value::Dict(module.globals.clone())));
        }
        let hook = self.intern("__getattr__");
        match module.globals.get_str(&hook) {
            Some(getattr) => self.call(&getattr, &[Value::Str(name.clone())], &[]).map(Some),
            None => Ok(None),
        }
    }
}

impl Vm {
    /// `importlib.reload`: the module's file runs again in its namespace
    /// (a built-in module stays as it is).
    pub(crate) fn reload_module(&mut self, module: &Rc<Module>) -> Result<Value> {
        let name = module.name.clone();
        if self.imports.modules.get_str(&Str::new(name.clone())).is_none() {
            return Err(Error::new(ExcKind::ModuleNotFoundError, format!("module {name} not in sys.modules")));
        }
        let (parent, child) = match name.rsplit_once('.') {
            Some((parent, child)) => (Some(parent.to_string()), child.to_string()),
            None => (None, name.clone()),
        };
        let search = match parent {
            Some(parent) => {
                let parent_module = self.import_module(&parent)?;
                let key = self.intern("__path__");
                let path = self.find_attribute(&parent_module, &key)?.unwrap_or(Value::list(Vec::new()));
                let folders = self.collect_iterable(path)?;
                Some(folders.iter().filter_map(|f| f.as_str().map(str::to_string)).collect::<Vec<_>>())
            }
            None => None,
        };
        match self.find_module(&name, &child, search.as_deref()) {
            Some(Found::Source { file, source, .. }) => {
                self.imports.initializing.push(name.clone());
                let outcome = self.run_module_source(&source, &file, module.globals.clone());
                self.imports.initializing.pop();
                outcome?;
                Ok(Value::Module(module.clone()))
            }
            Some(_) => Ok(Value::Module(module.clone())),
            None => Err(module_not_found(self, format!("No module named '{name}'"), &name)),
        }
    }
}
