//! The error type of everything that runs: an exception on its way up.
//!
//! Rust code deep in the object model raises builtin exceptions without a
//! VM at hand, so an error may be a kind and its arguments, turned into an
//! exception object only when the VM starts unwinding with it.

use std::rc::Rc;

use crate::object::exception::{ExcKind, ExceptionObject};
use crate::value::Value;

#[derive(Clone)]
pub enum Error {
    /// A materialized exception object.
    Object(Rc<ExceptionObject>),
    /// A builtin exception not built yet: its class and its single argument
    /// (`Value::Null` for none, as in `StopIteration()`).
    Builtin(ExcKind, Value),
    /// A NameError or AttributeError not built yet, with what was looked
    /// up: a traceback reads it to suggest a near miss. Boxed: it is rare,
    /// and `Error` stays as small as before.
    Missing(Box<Missing>),
}

/// The parts of an `Error::Missing`.
#[derive(Clone)]
pub struct Missing {
    /// NameError, AttributeError, or a subclass.
    pub kind: ExcKind,
    /// The single argument, as in `Error::Builtin`.
    pub argument: Value,
    /// The exception's `name`: the name not found.
    pub name: Value,
    /// An AttributeError's `obj`, the object searched; Null for none.
    pub object: Value,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl std::fmt::Debug for Error {
    /// The exception class and, for a builtin error, its argument's text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Object(exception) => write!(f, "{}(...)", exception.class.name()),
            Error::Builtin(kind, argument) => describe_builtin(f, *kind, argument),
            Error::Missing(missing) => describe_builtin(f, missing.kind, &missing.argument),
        }
    }
}

/// A builtin error's class and, when it is text, its argument.
fn describe_builtin(f: &mut std::fmt::Formatter<'_>, kind: ExcKind, argument: &Value) -> std::fmt::Result {
    match argument.as_str() {
        Some(message) => write!(f, "{}({message:?})", kind.name()),
        None => write!(f, "{}({})", kind.name(), argument.type_name()),
    }
}

impl Error {
    pub fn new(kind: ExcKind, message: impl Into<String>) -> Error {
        Error::Builtin(kind, Value::from_string(message.into()))
    }

    pub fn type_error(message: impl Into<String>) -> Error {
        Error::new(ExcKind::TypeError, message)
    }

    pub fn value_error(message: impl Into<String>) -> Error {
        Error::new(ExcKind::ValueError, message)
    }

    pub fn index_error(message: impl Into<String>) -> Error {
        Error::new(ExcKind::IndexError, message)
    }

    pub fn key_error(key: Value) -> Error {
        Error::Builtin(ExcKind::KeyError, key)
    }

    pub fn zero_division(message: impl Into<String>) -> Error {
        Error::new(ExcKind::ZeroDivisionError, message)
    }

    pub fn overflow(message: impl Into<String>) -> Error {
        Error::new(ExcKind::OverflowError, message)
    }

    pub fn attribute_error(message: impl Into<String>) -> Error {
        Error::new(ExcKind::AttributeError, message)
    }

    pub fn runtime_error(message: impl Into<String>) -> Error {
        Error::new(ExcKind::RuntimeError, message)
    }

    /// A name not found, with the name kept for the traceback's suggestion.
    pub fn name_error(name: &str) -> Error {
        Error::with_name(ExcKind::NameError, format!("name '{name}' is not defined"), name)
    }

    /// A closure's variable read before the enclosing function set it: a
    /// NameError that keeps the name, as `name_error` does.
    pub fn unbound_free_variable(name: &str) -> Error {
        let message =
            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope");
        Error::with_name(ExcKind::NameError, message, name)
    }

    fn with_name(kind: ExcKind, message: String, name: &str) -> Error {
        Error::Missing(Box::new(Missing {
            kind,
            argument: Value::from_string(message),
            name: Value::from_text(name),
            object: Value::Null,
        }))
    }

    pub fn stop_iteration() -> Error {
        Error::Builtin(ExcKind::StopIteration, Value::Null)
    }

    /// Whether this error is an instance of the builtin class `kind`
    /// (subclasses included).
    pub fn is_instance_of(&self, kind: ExcKind) -> bool {
        match self {
            Error::Builtin(own, _) => own.derives_from(kind),
            Error::Missing(missing) => missing.kind.derives_from(kind),
            Error::Object(exception) => exception.class.is_builtin_exception_subclass(kind),
        }
    }
}

impl From<crate::format::FormatError> for Error {
    fn from(error: crate::format::FormatError) -> Error {
        use crate::format::FormatErrorKind;
        let kind = match error.kind {
            FormatErrorKind::ValueError => ExcKind::ValueError,
            FormatErrorKind::OverflowError => ExcKind::OverflowError,
            FormatErrorKind::TypeError => ExcKind::TypeError,
            FormatErrorKind::MemoryError => ExcKind::MemoryError,
        };
        Error::new(kind, error.message)
    }
}
