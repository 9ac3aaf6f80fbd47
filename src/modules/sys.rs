//! The `sys` module: the interpreter's state as scripts see it (`argv`,
//! `path`, `modules`, the standard streams, the recursion limit) and
//! `exit`.

use std::io::{BufRead, Read, Write};
use std::rc::Rc;

use super::ModuleBuilder;
use crate::builtins::{add_methods, check_arguments, expect_index, no_keywords};
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::Keywords;
use crate::object::instance::Instance;
use crate::value::Value;
use crate::vm::Vm;

/// The version of Python whose behaviour asy follows.
const VERSION_INFO: (i64, i64, i64) = (3, 11, 0);

/// Which standard stream a `sys.stdin`/`stdout`/`stderr` object is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Stream {
    Input,
    Output,
    Error,
}

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    let argv = vm.imports.argv.iter().map(|argument| Value::from_text(argument)).collect();
    module.set(vm, "argv", Value::list(argv));
    module.set(vm, "orig_argv", Value::list(std::env::args().map(Value::from_string).collect()));
    module.set(vm, "path", Value::List(vm.imports.path.clone()));
    module.set(vm, "modules", Value::Dict(vm.imports.modules.clone()));
    let (major, minor, micro) = VERSION_INFO;
    let version = format!("{major}.{minor}.{micro} (asy {})", env!("CARGO_PKG_VERSION"));
    module.set(vm, "version", Value::from_string(version));
    let info = vec![Value::Int(major), Value::Int(minor), Value::Int(micro), Value::from_text("final"), Value::Int(0)];
    module.set(vm, "version_info", Value::tuple(info));
    module.set(vm, "hexversion", Value::Int((major << 24) | (minor << 16) | (micro << 8) | 0xf0));
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    module.set(vm, "platform", Value::from_text(platform));
    module.set(vm, "byteorder", Value::from_text(if cfg!(target_endian = "little") { "little" } else { "big" }));
    module.set(vm, "maxsize", Value::Int(i64::MAX));
    module.set(vm, "maxunicode", Value::Int(0x10ffff));
    let executable = std::env::current_exe().map(|path| path.display().to_string()).unwrap_or_default();
    module.set(vm, "executable", Value::from_string(executable));
    let names = super::builtin_module_names().map(Value::from_text).collect();
    module.set(vm, "builtin_module_names", Value::tuple(names));
    module.set(vm, "implementation_name", Value::from_text("asy"));

    vm.imports.sys_globals = Some(module.globals.clone());
    let stream_class = stream_class(vm);
    for (name, stream) in [("stdin", Stream::Input), ("stdout", Stream::Output), ("stderr", Stream::Error)] {
        let object = Value::Instance(Rc::new(Instance::with_native(stream_class.clone(), stream)));
        module.set(vm, name, object.clone());
        module.set(vm, &format!("__{name}__"), object);
    }
    module.functions(
        vm,
        &[
            ("exit", exit),
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("getdefaultencoding", getdefaultencoding),
            ("exc_info", exc_info),
            ("exception", exception),
        ],
    );
    Ok(())
}

/// The class of the standard stream objects (CPython's TextIOWrapper).
fn stream_class(vm: &mut Vm) -> Rc<Class> {
    let mut class = Class::new("TextIOWrapper", vec![vm.types.object.clone()], None);
    class.module = "_io".to_string();
    class.qualname = "TextIOWrapper".to_string();
    add_methods(
        &class,
        "TextIOWrapper",
        &[
            ("write", write),
            ("flush", flush),
            ("readline", readline),
            ("read", read),
            ("readlines", readlines),
            ("isatty", isatty),
            ("fileno", fileno),
            ("writable", writable),
            ("readable", readable),
        ],
        &mut vm.interner,
    );
    let encoding = vm.intern("encoding");
    class.dict.borrow_mut().insert_str(&encoding, Value::from_text("utf-8"));
    Rc::new(class)
}

/// The stream a method was called on.
fn receiver(arguments: &[Value], method: &str) -> Result<Stream> {
    match arguments.first() {
        Some(Value::Instance(instance)) => match instance.native::<Stream>() {
            Some(stream) => Ok(*stream),
            None => Err(Error::type_error(format!("descriptor '{method}' requires a 'TextIOWrapper' object"))),
        },
        _ => Err(Error::type_error(format!("descriptor '{method}' requires a 'TextIOWrapper' object"))),
    }
}

/// `io.UnsupportedOperation`, which CPython derives from OSError and
/// ValueError; asy raises the OSError side.
fn unsupported(what: &str) -> Error {
    Error::new(ExcKind::OSError, what.to_string())
}

/// write(text): writes to the stream; returns the number of characters.
fn write(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("write", keywords)?;
    let stream = receiver(arguments, "write")?;
    check_arguments("write", &arguments[1..], 1, 1)?;
    let Value::Str(text) = &arguments[1] else {
        return Err(Error::type_error(format!("write() argument must be str, not {}", arguments[1].type_name())));
    };
    match stream {
        Stream::Output => vm.write_stdout(text.as_str())?,
        Stream::Error => {
            let _ = std::io::stderr().write_all(text.as_str().as_bytes());
        }
        Stream::Input => return Err(unsupported("not writable")),
    }
    Ok(Value::from(text.char_len()))
}

fn flush(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    match receiver(arguments, "flush")? {
        Stream::Output => vm.flush_stdout(),
        Stream::Error => {
            let _ = std::io::stderr().flush();
        }
        Stream::Input => {}
    }
    Ok(Value::None)
}

/// The stream, which must be stdin for reading.
fn readable_stream(vm: &mut Vm, arguments: &[Value], method: &str) -> Result<()> {
    if receiver(arguments, method)? != Stream::Input {
        return Err(unsupported("not readable"));
    }
    // What was printed before a read shows before the program waits.
    vm.flush_stdout();
    Ok(())
}

/// Text read from stdin, with invalid UTF-8 an error as in CPython.
fn read_error(error: std::io::Error) -> Error {
    match error.kind() {
        std::io::ErrorKind::InvalidData => {
            Error::new(ExcKind::UnicodeDecodeError, "'utf-8' codec can't decode bytes: invalid data")
        }
        _ => Error::new(ExcKind::OSError, error.to_string()),
    }
}

/// An optional size argument: None or a negative number means all.
fn size_argument(arguments: &[Value], name: &str) -> Result<Option<usize>> {
    check_arguments(name, &arguments[1..], 0, 1)?;
    match arguments.get(1) {
        None | Some(Value::None) => Ok(None),
        Some(size) => {
            let size = expect_index(size)?;
            Ok((size >= 0).then_some(size as usize))
        }
    }
}

fn readline(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("readline", keywords)?;
    readable_stream(vm, arguments, "readline")?;
    let limit = size_argument(arguments, "readline")?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(read_error)?;
    if let Some(limit) = limit
        && line.chars().count() > limit
    {
        // The rest stays unread in CPython; asy reads whole lines, so
        // a limit cuts the line it returns.
        line = line.chars().take(limit).collect();
    }
    Ok(Value::from_string(line))
}

fn read(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("read", keywords)?;
    readable_stream(vm, arguments, "read")?;
    let limit = size_argument(arguments, "read")?;
    let mut text = String::new();
    match limit {
        None => {
            std::io::stdin().lock().read_to_string(&mut text).map_err(read_error)?;
        }
        Some(limit) => {
            let mut stdin = std::io::stdin().lock();
            while text.chars().count() < limit {
                let mut line = String::new();
                if stdin.read_line(&mut line).map_err(read_error)? == 0 {
                    break;
                }
                text.push_str(&line);
            }
            text = text.chars().take(limit).collect();
        }
    }
    Ok(Value::from_string(text))
}

fn readlines(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("readlines", keywords)?;
    readable_stream(vm, arguments, "readlines")?;
    let mut lines = Vec::new();
    let mut stdin = std::io::stdin().lock();
    loop {
        let mut line = String::new();
        if stdin.read_line(&mut line).map_err(read_error)? == 0 {
            break;
        }
        lines.push(Value::from_string(line));
    }
    Ok(Value::list(lines))
}

fn isatty(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    use std::io::IsTerminal;
    Ok(Value::Bool(match receiver(arguments, "isatty")? {
        Stream::Input => std::io::stdin().is_terminal(),
        Stream::Output => std::io::stdout().is_terminal(),
        Stream::Error => std::io::stderr().is_terminal(),
    }))
}

fn fileno(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Int(match receiver(arguments, "fileno")? {
        Stream::Input => 0,
        Stream::Output => 1,
        Stream::Error => 2,
    }))
}

fn writable(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(receiver(arguments, "writable")? != Stream::Input))
}

fn readable(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(receiver(arguments, "readable")? == Stream::Input))
}

/// exit(status=None): raises SystemExit(status).
fn exit(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("exit", keywords)?;
    check_arguments("exit", arguments, 0, 1)?;
    let class = vm.exception_class(ExcKind::SystemExit);
    // exit(None) raises SystemExit() with no arguments, as CPython does.
    let arguments = if matches!(arguments, [Value::None]) { &[] } else { arguments };
    Err(Error::Object(Rc::new(ExceptionObject::new(class, Value::tuple(arguments.to_vec())))))
}

fn getrecursionlimit(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("getrecursionlimit", arguments, 0, 0)?;
    Ok(Value::from(vm.recursion_limit))
}

/// setrecursionlimit(limit), with CPython's checks.
fn setrecursionlimit(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("setrecursionlimit", keywords)?;
    check_arguments("setrecursionlimit", arguments, 1, 1)?;
    let limit = match &arguments[0] {
        Value::Float(_) => return Err(Error::type_error("'float' object cannot be interpreted as an integer")),
        other => expect_index(other).map_err(|_| {
            Error::type_error(format!("'{}' object cannot be interpreted as an integer", other.type_name()))
        })?,
    };
    if limit < 1 {
        return Err(Error::value_error("recursion limit must be greater or equal than 1"));
    }
    let depth = vm.frames.len() + vm.native_depth;
    if (limit as usize) <= depth {
        return Err(Error::new(
            ExcKind::RecursionError,
            format!("cannot set the recursion limit to {limit} at the recursion depth {depth}: the limit is too low"),
        ));
    }
    vm.recursion_limit = limit as usize;
    Ok(Value::None)
}

fn getdefaultencoding(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("getdefaultencoding", arguments, 0, 0)?;
    Ok(Value::from_text("utf-8"))
}

/// exc_info(): (type, value, traceback) of the exception being handled.
fn exc_info(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("exc_info", arguments, 0, 0)?;
    Ok(match vm.current_handled() {
        Some(exception) => {
            Value::tuple(vec![Value::Class(exception.class.clone()), Value::Exception(exception), Value::None])
        }
        None => Value::tuple(vec![Value::None, Value::None, Value::None]),
    })
}

/// exception(): the exception being handled, or None.
fn exception(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("exception", arguments, 0, 0)?;
    Ok(vm.current_handled().map_or(Value::None, Value::Exception))
}

/// Where `print` without `file=` writes: None for the process's stdout
/// (the fast path), else what the script put in `sys.stdout`.
pub(crate) fn replaced_stdout(vm: &mut Vm) -> Option<Value> {
    let globals = vm.imports.sys_globals.as_ref()?;
    let stdout = globals.get_str(&vm.imports.stdout_name)?;
    match &stdout {
        Value::Instance(instance) if instance.native::<Stream>() == Some(&Stream::Output) => None,
        _ => Some(stdout),
    }
}

/// Whether a value is the process's stdout object (or stderr).
pub(crate) fn standard_stream(value: &Value) -> Option<Stream> {
    match value {
        Value::Instance(instance) => instance.native::<Stream>().copied(),
        _ => None,
    }
}
