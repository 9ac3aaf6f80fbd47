//! Exception objects and the builtin exception hierarchy.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::bytecode::Code;
use crate::object::class::Class;
use crate::object::dict::{Dict, DictTable};
use crate::value::Value;

/// The builtin exception classes, in an order where every class comes after
/// its base (so the class table can be built front to back).
macro_rules! exception_kinds {
    ($($kind:ident : $base:ident),* $(,)?) => {
        /// A builtin exception class, known to Rust code without a VM.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ExcKind {
            BaseException,
            $($kind,)*
        }

        impl ExcKind {
            pub const ALL: &'static [ExcKind] = &[ExcKind::BaseException, $(ExcKind::$kind,)*];

            /// The class this one derives from (BaseException has none).
            pub fn base(self) -> Option<ExcKind> {
                match self {
                    ExcKind::BaseException => None,
                    $(ExcKind::$kind => Some(ExcKind::$base),)*
                }
            }

            pub fn name(self) -> &'static str {
                match self {
                    ExcKind::BaseException => "BaseException",
                    $(ExcKind::$kind => stringify!($kind),)*
                }
            }
        }
    };
}

exception_kinds! {
    Exception: BaseException,
    SystemExit: BaseException,
    KeyboardInterrupt: BaseException,
    GeneratorExit: BaseException,
    BaseExceptionGroup: BaseException,
    ExceptionGroup: BaseExceptionGroup,
    ArithmeticError: Exception,
    ZeroDivisionError: ArithmeticError,
    OverflowError: ArithmeticError,
    FloatingPointError: ArithmeticError,
    AssertionError: Exception,
    AttributeError: Exception,
    BufferError: Exception,
    EOFError: Exception,
    ImportError: Exception,
    ModuleNotFoundError: ImportError,
    LookupError: Exception,
    IndexError: LookupError,
    KeyError: LookupError,
    MemoryError: Exception,
    NameError: Exception,
    UnboundLocalError: NameError,
    OSError: Exception,
    BlockingIOError: OSError,
    ChildProcessError: OSError,
    ConnectionError: OSError,
    BrokenPipeError: ConnectionError,
    ConnectionAbortedError: ConnectionError,
    ConnectionRefusedError: ConnectionError,
    ConnectionResetError: ConnectionError,
    FileExistsError: OSError,
    FileNotFoundError: OSError,
    InterruptedError: OSError,
    IsADirectoryError: OSError,
    NotADirectoryError: OSError,
    PermissionError: OSError,
    ProcessLookupError: OSError,
    TimeoutError: OSError,
    ReferenceError: Exception,
    RuntimeError: Exception,
    NotImplementedError: RuntimeError,
    RecursionError: RuntimeError,
    StopAsyncIteration: Exception,
    StopIteration: Exception,
    SyntaxError: Exception,
    IndentationError: SyntaxError,
    TabError: IndentationError,
    SystemError: Exception,
    TypeError: Exception,
    ValueError: Exception,
    UnicodeError: ValueError,
    UnicodeDecodeError: UnicodeError,
    UnicodeEncodeError: UnicodeError,
    Warning: Exception,
    DeprecationWarning: Warning,
    RuntimeWarning: Warning,
    UserWarning: Warning,
}

impl ExcKind {
    /// Whether this class is `other` or derives from it.
    pub fn derives_from(self, other: ExcKind) -> bool {
        // ExceptionGroup's second base.
        if self == ExcKind::ExceptionGroup && other == ExcKind::Exception {
            return true;
        }
        std::iter::successors(Some(self), |kind| kind.base()).any(|kind| kind == other)
    }
}

/// One line of a traceback: a frame's code and the line it was on.
#[derive(Clone)]
pub struct TraceEntry {
    pub code: Rc<Code>,
    /// The frame's globals: where a NameError's suggestion looks after the
    /// frame's locals.
    pub globals: Rc<Dict>,
    pub line: u32,
    /// Byte span of the failing expression, for the caret line.
    pub span: (u32, u32),
}

/// An exception instance. Builtin and (later) user exception classes share
/// this layout; `class` says which class it is.
pub struct ExceptionObject {
    pub class: Rc<Class>,
    /// Always a tuple.
    pub args: RefCell<Value>,
    /// Innermost frame first; printed in reverse ("most recent call last").
    pub traceback: RefCell<Vec<TraceEntry>>,
    pub cause: RefCell<Value>,
    pub context: RefCell<Value>,
    pub suppress_context: Cell<bool>,
    /// Attributes set on the instance (`e.code = 3`, user subclasses).
    pub attributes: RefCell<DictTable>,
}

impl ExceptionObject {
    pub fn new(class: Rc<Class>, args: Value) -> ExceptionObject {
        ExceptionObject {
            class,
            args: RefCell::new(args),
            traceback: RefCell::new(Vec::new()),
            cause: RefCell::new(Value::None),
            context: RefCell::new(Value::None),
            suppress_context: Cell::new(false),
            attributes: RefCell::new(DictTable::new()),
        }
    }

    pub fn args(&self) -> Value {
        self.args.borrow().clone()
    }
}
