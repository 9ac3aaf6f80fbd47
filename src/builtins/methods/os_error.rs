//! OSError's arguments and text, as CPython's `oserror_init` and
//! `OSError_str` give them. `OSError(errno, strerror[, filename[,
//! winerror[, filename2]]])` sets the `errno`, `strerror`, `filename` and
//! `filename2` attributes and keeps only `(errno, strerror)` in `args` when
//! a filename is given; called on OSError itself with a known errno it
//! makes the subclass for it (`OSError(2, 'x')` is a FileNotFoundError).
//!
//! The four attributes live in the exception's attribute dict, and only
//! when set: CPython tells an attribute never set (read as None) from one
//! set to None, and `str()` prints the ones set.

use std::rc::Rc;

use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::value::Value;
use crate::vm::Vm;

/// The attributes every OSError has, None until set.
pub(crate) const OS_ERROR_FIELDS: [&str; 4] = ["errno", "strerror", "filename", "filename2"];

/// A new instance of an OSError class from its constructor arguments.
pub(crate) fn new_os_error(vm: &mut Vm, class: &Rc<Class>, arguments: Vec<Value>) -> ExceptionObject {
    let mut class = class.clone();
    let mut fields: Vec<(&str, Value)> = Vec::new();
    let mut args = arguments;
    if (2..=5).contains(&args.len()) {
        if Rc::ptr_eq(&class, vm.types.exception(ExcKind::OSError))
            && let Some(kind) = args[0].as_i64().and_then(subclass_for_errno)
        {
            class = vm.exception_class(kind);
        }
        fields.push(("errno", args[0].clone()));
        fields.push(("strerror", args[1].clone()));
        if let Some(filename) = args.get(2).filter(|filename| !filename.is_none()).cloned() {
            let is_count = matches!(filename, Value::Int(_) | Value::BigInt(_) | Value::Bool(_) | Value::Float(_));
            if class.exception_kind == Some(ExcKind::BlockingIOError) && is_count {
                fields.push(("characters_written", filename));
            } else {
                fields.push(("filename", filename));
                if let Some(filename2) = args.get(4).filter(|filename2| !filename2.is_none()).cloned() {
                    fields.push(("filename2", filename2));
                }
                args.truncate(2);
            }
        }
    }
    let exception = ExceptionObject::new(class, Value::tuple(args));
    for (name, value) in fields {
        let name = vm.intern(name);
        exception.attributes.borrow_mut().insert_str(&name, value);
    }
    exception
}

/// `str()` of an OSError when its attributes decide it:
/// `[Errno 2] No such file or directory: 'x.txt'`. None when the plain
/// exception text applies.
pub(crate) fn os_error_str(vm: &mut Vm, exception: &ExceptionObject) -> Result<Option<String>> {
    let mut field = |name: &str| {
        let name = vm.intern(name);
        exception.attributes.borrow().get_str(&name).cloned()
    };
    let (errno, strerror, filename, filename2) =
        (field("errno"), field("strerror"), field("filename"), field("filename2"));
    let text = match (filename, &errno, &strerror) {
        (Some(filename), _, _) => {
            let errno = vm.to_str(&errno.unwrap_or(Value::None))?;
            let strerror = vm.to_str(&strerror.unwrap_or(Value::None))?;
            let filename = vm.repr(&filename)?;
            match filename2 {
                Some(filename2) => format!("[Errno {errno}] {strerror}: {filename} -> {}", vm.repr(&filename2)?),
                None => format!("[Errno {errno}] {strerror}: {filename}"),
            }
        }
        (None, Some(errno), Some(strerror)) => format!("[Errno {}] {}", vm.to_str(errno)?, vm.to_str(strerror)?),
        _ => return Ok(None),
    };
    Ok(Some(text))
}

/// The exception for a failed system call: the OSError subclass for its
/// errno with `args == (errno, strerror)`, naming `filename` if given.
pub(crate) fn os_error_from_io(vm: &mut Vm, error: &std::io::Error, filename: Option<&Value>) -> Error {
    let os_error = vm.exception_class(ExcKind::OSError);
    let arguments = match error.raw_os_error() {
        Some(errno) => {
            let mut arguments = vec![Value::Int(errno as i64), Value::from_string(strerror(errno))];
            arguments.extend(filename.cloned());
            arguments
        }
        // Errors Rust makes up itself ("failed to write whole buffer").
        None => vec![Value::from_string(error.to_string())],
    };
    let exception = Rc::new(new_os_error(vm, &os_error, arguments));
    vm.chain_context(&exception);
    Error::Object(exception)
}

/// The C library's message for an errno: "No such file or directory".
pub(crate) fn strerror(errno: i32) -> String {
    let message = std::io::Error::from_raw_os_error(errno).to_string();
    match message.rfind(" (os error ") {
        Some(end) => message[..end].to_string(),
        None => message,
    }
}

/// The OSError subclass CPython's errno map gives an errno.
fn subclass_for_errno(errno: i64) -> Option<ExcKind> {
    use std::io::ErrorKind;
    // Errnos Rust does not sort into kinds (ESRCH, ECHILD; EALREADY,
    // EINPROGRESS and ESHUTDOWN as Linux numbers them).
    match errno {
        3 => return Some(ExcKind::ProcessLookupError),
        10 => return Some(ExcKind::ChildProcessError),
        114 | 115 if cfg!(target_os = "linux") => return Some(ExcKind::BlockingIOError),
        108 if cfg!(target_os = "linux") => return Some(ExcKind::BrokenPipeError),
        _ => {}
    }
    let errno = i32::try_from(errno).ok().filter(|errno| *errno > 0)?;
    Some(match std::io::Error::from_raw_os_error(errno).kind() {
        ErrorKind::PermissionDenied => ExcKind::PermissionError,
        ErrorKind::NotFound => ExcKind::FileNotFoundError,
        ErrorKind::Interrupted => ExcKind::InterruptedError,
        ErrorKind::WouldBlock => ExcKind::BlockingIOError,
        ErrorKind::AlreadyExists => ExcKind::FileExistsError,
        ErrorKind::NotADirectory => ExcKind::NotADirectoryError,
        ErrorKind::IsADirectory => ExcKind::IsADirectoryError,
        ErrorKind::BrokenPipe => ExcKind::BrokenPipeError,
        ErrorKind::ConnectionAborted => ExcKind::ConnectionAbortedError,
        ErrorKind::ConnectionReset => ExcKind::ConnectionResetError,
        ErrorKind::ConnectionRefused => ExcKind::ConnectionRefusedError,
        ErrorKind::TimedOut => ExcKind::TimeoutError,
        _ => return None,
    })
}
