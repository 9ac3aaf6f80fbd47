//! The virtual machine: frames, calls, exceptions, and the public entry
//! points that run source code.
//!
//! Script calls never recurse on the Rust stack: a call pushes a `Frame`
//! and the dispatch loop (`dispatch.rs`) carries on with it; a return pops
//! it. All frames of a thread of execution share one value stack, each
//! frame owning a window of it (its slots, then its operand stack). Only a
//! native function that calls back into script code (`sorted(key=f)`)
//! enters the loop again, and that depth is counted against the recursion
//! limit.

mod builtin_base;
pub(crate) mod call;
mod dispatch;
pub(crate) mod generator;
mod inline_cache;
mod iteration;
mod objects;
mod operators;
mod stack;
mod suggestions;
pub mod text;
mod traceback;

use std::collections::HashMap;
use std::io::Write;
use std::rc::Rc;

use crate::builtins;
use crate::bytecode::Code;
use crate::diagnostic::SyntaxError;
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::dict::Dict;
use crate::object::exception::{ExcKind, ExceptionObject, TraceEntry};
use crate::object::function::Function;
use crate::object::generator::GeneratorObject;
use crate::object::string::{Interner, Str};
use crate::object::tuple::Tuple;
use crate::value::Value;

pub(crate) use generator::methods as generator_methods;
pub use inline_cache::AttributeCache;
pub(crate) use operators::byte_value;
pub use text::repr_for_listing;

/// CPython's default `sys.getrecursionlimit()`.
pub const DEFAULT_RECURSION_LIMIT: usize = 1000;

/// One activation of a function (or of a module's body).
pub(crate) struct Frame {
    /// What runs: its code and globals. A module's body runs as a
    /// function too.
    pub function: Rc<Function>,
    /// Next instruction to run (saved when the frame is not running).
    pub ip: usize,
    /// Stack index of slot 0.
    pub base: usize,
    /// Stack length to restore when the frame returns (drops the callee
    /// and its arguments too).
    pub return_to: usize,
    /// The exception an `except` or `finally` block of this frame is
    /// handling, if any (what a bare `raise` re-raises).
    pub handled: Option<Rc<ExceptionObject>>,
    /// Where the frame's result goes.
    pub kind: FrameKind,
    /// The generator this frame is the body of, if any.
    pub generator: Option<Rc<GeneratorObject>>,
}

impl Frame {
    /// Stack index where the operand stack starts, above the slots.
    pub fn stack_start(&self) -> usize {
        self.base + self.function.code.slot_count()
    }
}

/// What happens to a frame's result when it returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum FrameKind {
    /// Called from the dispatch loop: the result replaces the callable on
    /// the caller's stack.
    Call,
    /// Returning returns from the `execute` call that pushed it: a native
    /// function or the host is waiting for the value.
    Entry,
    /// The `__init__` of an instance being made: it must return None, and
    /// the instance, already in the callable's place, is the call's value.
    Init,
}

/// Why running a program failed.
pub enum RunError {
    Syntax(SyntaxError),
    Exception(Rc<ExceptionObject>),
}

/// Builtin type objects, so `type(x)` and method lookup find them fast.
pub struct BuiltinTypes {
    pub object: Rc<Class>,
    pub type_: Rc<Class>,
    pub none: Rc<Class>,
    pub bool_: Rc<Class>,
    pub int: Rc<Class>,
    pub float: Rc<Class>,
    pub str_: Rc<Class>,
    pub bytes: Rc<Class>,
    pub bytearray: Rc<Class>,
    pub list: Rc<Class>,
    pub tuple: Rc<Class>,
    pub dict: Rc<Class>,
    pub set: Rc<Class>,
    pub frozenset: Rc<Class>,
    pub range: Rc<Class>,
    pub slice: Rc<Class>,
    pub function: Rc<Class>,
    pub builtin_function: Rc<Class>,
    pub method: Rc<Class>,
    pub module: Rc<Class>,
    pub ellipsis: Rc<Class>,
    pub not_implemented: Rc<Class>,
    pub dict_keys: Rc<Class>,
    pub dict_values: Rc<Class>,
    pub dict_items: Rc<Class>,
    pub generator: Rc<Class>,
    pub coroutine: Rc<Class>,
    pub property: Rc<Class>,
    pub staticmethod: Rc<Class>,
    pub classmethod: Rc<Class>,
    pub super_: Rc<Class>,
    /// The builtin exception classes, indexed by `ExcKind as usize`.
    pub exceptions: Vec<Rc<Class>>,
    /// Classes of less common builtin objects (iterators, cells), by name.
    pub others: std::cell::RefCell<HashMap<&'static str, Rc<Class>>>,
}

impl BuiltinTypes {
    pub fn exception(&self, kind: ExcKind) -> &Rc<Class> {
        &self.exceptions[kind as usize]
    }
}

pub struct Vm {
    pub(crate) stack: stack::ValueStack,
    pub(crate) frames: Vec<Frame>,
    pub(crate) types: Rc<BuiltinTypes>,
    pub(crate) builtins: Rc<Dict>,
    pub(crate) interner: Interner,
    /// Keyword names for the next `Call`, set by `KwNames`.
    pub(crate) keyword_names: Option<Rc<Tuple>>,
    pub(crate) recursion_limit: usize,
    /// Nested `execute` calls made by native functions.
    pub(crate) native_depth: usize,
    /// Source text of each loaded file, for tracebacks.
    pub(crate) sources: HashMap<Rc<str>, Rc<str>>,
    pub(crate) stdout: Box<dyn Write>,
    /// Values being printed by `repr`, to print `[...]` for cycles.
    pub(crate) repr_guard: Vec<usize>,
    /// The `__main__` module's namespace.
    pub(crate) main_globals: Rc<Dict>,
    /// The special method names, interned.
    pub(crate) names: Rc<objects::SpecialNames>,
    /// `__build_class__`, which `class` statements call.
    pub(crate) build_class: Value,
    /// Suspended generators dropped and waiting to be closed.
    pub(crate) finalizers: Rc<crate::object::generator::Finalizers>,
    /// `sys.modules`, `sys.path`, `sys.argv`: the import system's state.
    pub(crate) imports: crate::modules::ImportState,
    /// The event loop, tasks and futures of `asyncio`.
    pub(crate) asyncio: crate::modules::asyncio::Runtime,
}

impl Default for Vm {
    fn default() -> Self {
        Vm::new()
    }
}

impl Vm {
    pub fn new() -> Vm {
        let types = Rc::new(builtins::types::create_builtin_types());
        let mut interner = Interner::default();
        let builtins_dict = Rc::new(Dict::new());
        builtins::install(&types, &builtins_dict, &mut interner);
        let stdout: Box<dyn Write> = {
            use std::io::IsTerminal;
            if std::io::stdout().is_terminal() {
                Box::new(std::io::LineWriter::new(std::io::stdout()))
            } else {
                Box::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout()))
            }
        };
        let names = Rc::new(objects::SpecialNames::new(&mut interner));
        let build_class = builtins::build_class_native();
        builtins_dict.set_str(&interner.intern("__build_class__"), build_class.clone());
        let main_globals = Rc::new(Dict::new());
        main_globals.set_str(&interner.intern("__name__"), Value::from_text("__main__"));
        main_globals.set_str(&interner.intern("__doc__"), Value::None);
        main_globals.set_str(&interner.intern("__package__"), Value::None);
        let imports = crate::modules::ImportState::new();
        let main_module = crate::object::module::Module { name: "__main__".into(), globals: main_globals.clone() };
        imports.modules.set_str(&interner.intern("__main__"), Value::Module(Rc::new(main_module)));
        let builtins_module = crate::object::module::Module { name: "builtins".into(), globals: builtins_dict.clone() };
        imports.modules.set_str(&interner.intern("builtins"), Value::Module(Rc::new(builtins_module)));
        Vm {
            stack: stack::ValueStack::with_capacity(1024),
            frames: Vec::with_capacity(64),
            types,
            builtins: builtins_dict,
            interner,
            keyword_names: None,
            recursion_limit: DEFAULT_RECURSION_LIMIT,
            native_depth: 0,
            sources: HashMap::new(),
            stdout,
            repr_guard: Vec::new(),
            main_globals,
            finalizers: Default::default(),
            names,
            build_class,
            imports,
            asyncio: Default::default(),
        }
    }

    /// Sends `print` output somewhere else (a buffer, a host callback).
    /// With virtual time, an event loop with nothing to run jumps its
    /// clock to the next timer instead of waiting for it.
    pub fn set_virtual_time(&mut self, on: bool) {
        self.asyncio.virtual_time = on;
    }

    pub fn set_stdout(&mut self, writer: Box<dyn Write>) {
        self.stdout = writer;
    }

    pub fn flush_stdout(&mut self) {
        let _ = self.stdout.flush();
    }

    /// Compiles source text into the code object of a module.
    pub fn compile(&mut self, source: &str, filename: &str) -> std::result::Result<Rc<Code>, SyntaxError> {
        let statements = crate::parser::parse_module(source)?;
        let (code, warnings) = crate::compiler::compile_module(&statements, source, filename, &mut self.interner)?;
        for warning in crate::lexer::number_warnings(source).iter().chain(&warnings) {
            eprint!("{}", warning.render(filename, source));
        }
        self.sources.insert(Rc::from(filename), Rc::from(source));
        Ok(code)
    }

    /// Runs source text as the `__main__` module.
    pub fn run_source(&mut self, source: &str, filename: &str) -> std::result::Result<(), RunError> {
        let code = self.compile(source, filename).map_err(RunError::Syntax)?;
        let globals = self.main_globals.clone();
        let outcome = self.run_code(code, globals);
        if self.finalizers.any.get() {
            self.run_finalizers();
        }
        // Futures whose exception nobody retrieved are reported before
        // the program ends, as CPython's collector would.
        let outcome = match crate::modules::asyncio::report_unretrieved(self) {
            Ok(()) => outcome,
            Err(error) => outcome.and(Err(error)),
        };
        // Files left open (in globals, say) keep nothing back at exit.
        builtins::flush_open_files();
        outcome.map(|_| ()).map_err(|error| RunError::Exception(self.materialize(error)))
    }

    /// Runs a module's code object in a namespace.
    pub fn run_code(&mut self, code: Rc<Code>, globals: Rc<Dict>) -> Result<Value> {
        let base = self.stack.len();
        self.stack.resize(base + code.slot_count(), Value::Null);
        let function = Rc::new(Function {
            code,
            globals,
            defaults: Vec::new(),
            keyword_defaults: Vec::new(),
            closure: Vec::new(),
            attributes: Default::default(),
        });
        self.frames.push(Frame {
            function,
            ip: 0,
            base,
            return_to: base,
            handled: None,
            kind: FrameKind::Entry,
            generator: None,
        });
        self.execute()
    }

    /// Interns a name (attribute, global, keyword).
    pub fn intern(&mut self, name: &str) -> Rc<Str> {
        self.interner.intern(name)
    }

    /// The class of a builtin exception kind.
    pub(crate) fn exception_class(&self, kind: ExcKind) -> Rc<Class> {
        self.types.exception(kind).clone()
    }

    /// Turns an error into an exception object. A builtin error becomes
    /// an instance now, chained to the exception being handled (Python
    /// sets `__context__` when an exception is raised).
    pub(crate) fn materialize(&mut self, error: Error) -> Rc<ExceptionObject> {
        let (kind, argument, missing) = match error {
            Error::Object(exception) => return exception,
            Error::Builtin(kind, argument) => (kind, argument, None),
            Error::Missing(missing) => {
                let crate::error::Missing { kind, argument, name, object } = *missing;
                (kind, argument, Some((name, object)))
            }
        };
        let args = if argument.is_null() { Value::tuple(vec![]) } else { Value::tuple(vec![argument]) };
        let exception = Rc::new(ExceptionObject::new(self.exception_class(kind), args));
        if let Some((name, object)) = missing {
            self.record_missing(&exception, name, object);
        }
        self.chain_context(&exception);
        exception
    }

    /// Sets `__context__` of a newly raised exception to the one being
    /// handled, unless that would make a cycle.
    pub(crate) fn chain_context(&self, exception: &Rc<ExceptionObject>) {
        let Some(handled) = self.current_handled() else { return };
        if Rc::ptr_eq(&handled, exception) {
            return;
        }
        // Break a cycle the way CPython does: cut the chain where it would
        // come back to the new exception.
        let mut cursor = handled.clone();
        loop {
            let next = match &*cursor.context.borrow() {
                Value::Exception(next) => next.clone(),
                _ => break,
            };
            if Rc::ptr_eq(&next, exception) {
                *cursor.context.borrow_mut() = Value::None;
                break;
            }
            cursor = next;
        }
        *exception.context.borrow_mut() = Value::Exception(handled);
    }

    /// The exception being handled by the innermost frame that handles one.
    pub(crate) fn current_handled(&self) -> Option<Rc<ExceptionObject>> {
        self.frames.iter().rev().find_map(|frame| frame.handled.clone())
    }

    /// Records the current line of the running frame in a traceback.
    pub(crate) fn add_traceback_entry(&self, exception: &ExceptionObject) {
        if let Some(frame) = self.frames.last() {
            let offset = frame.ip.saturating_sub(1);
            let code = &frame.function.code;
            exception.traceback.borrow_mut().push(TraceEntry {
                code: code.clone(),
                globals: frame.function.globals.clone(),
                line: code.line_at(offset),
                span: code.span_at(offset),
            });
        }
    }

    /// An instance of a builtin exception class with a message.
    pub(crate) fn new_exception(&mut self, kind: ExcKind, message: &str) -> Rc<ExceptionObject> {
        Rc::new(ExceptionObject::new(self.exception_class(kind), Value::tuple(vec![Value::from_text(message)])))
    }

    /// The class of any value.
    pub fn class_of(&self, value: &Value) -> Rc<Class> {
        let types = &self.types;
        match value {
            Value::Null | Value::None => types.none.clone(),
            Value::NotImplemented => types.not_implemented.clone(),
            Value::Ellipsis => types.ellipsis.clone(),
            Value::Bool(_) => types.bool_.clone(),
            Value::Int(_) | Value::BigInt(_) => types.int.clone(),
            Value::Float(_) => types.float.clone(),
            Value::Str(_) => types.str_.clone(),
            Value::Bytes(_) => types.bytes.clone(),
            Value::ByteArray(_) => types.bytearray.clone(),
            Value::List(_) => types.list.clone(),
            Value::Tuple(_) => types.tuple.clone(),
            Value::Dict(_) => types.dict.clone(),
            Value::Set(_) => types.set.clone(),
            Value::FrozenSet(_) => types.frozenset.clone(),
            Value::Range(_) => types.range.clone(),
            Value::Slice(_) => types.slice.clone(),
            Value::Function(_) => types.function.clone(),
            Value::Native(native) if native.is_method() => self.other_type("method_descriptor"),
            Value::Native(_) => types.builtin_function.clone(),
            Value::BoundMethod(method) => match method.function {
                Value::Native(_) => types.builtin_function.clone(),
                _ => types.method.clone(),
            },
            Value::Class(_) => types.type_.clone(),
            Value::Instance(instance) => instance.class.clone(),
            Value::Exception(exception) => exception.class.clone(),
            Value::Module(_) => types.module.clone(),
            Value::Generator(generator) if generator.is_coroutine() => types.coroutine.clone(),
            Value::Generator(_) => types.generator.clone(),
            Value::DictView(_) => match value.type_name() {
                "dict_keys" => types.dict_keys.clone(),
                "dict_values" => types.dict_values.clone(),
                _ => types.dict_items.clone(),
            },
            Value::Iterator(iterator) => self.other_type(iterator.type_name()),
            Value::Cell(_) => self.other_type("cell"),
            Value::Frame(_) => self.other_type("frame"),
        }
    }

    /// A plain class for a builtin type without methods of its own.
    pub(crate) fn other_type(&self, name: &'static str) -> Rc<Class> {
        let mut others = self.types.others.borrow_mut();
        others.entry(name).or_insert_with(|| Rc::new(Class::new(name, vec![self.types.object.clone()], None))).clone()
    }

    /// Writes text to standard output (or where it was redirected).
    pub(crate) fn write_stdout(&mut self, text: &str) -> Result<()> {
        self.stdout.write_all(text.as_bytes()).map_err(|error| Error::new(ExcKind::OSError, error.to_string()))
    }
}
