//! Generators: a function body whose frame can stop at `yield` and be
//! resumed later. A suspended frame is kept here as plain data — its
//! instruction pointer and its slice of the value stack — so suspending
//! copies a few values and never the Rust stack.

use std::cell::RefCell;
use std::rc::Rc;

use crate::object::exception::ExceptionObject;
use crate::object::function::Function;
use crate::value::Value;

/// A frame that is not running: everything needed to push it back.
pub struct SuspendedFrame {
    pub function: Rc<Function>,
    pub ip: usize,
    /// The frame's slots, then its operand stack.
    pub values: Vec<Value>,
    pub handled: Option<Rc<ExceptionObject>>,
    /// False until the first resumption (nothing to send into yet).
    pub started: bool,
}

pub enum GeneratorState {
    Suspended(SuspendedFrame),
    Running,
    Finished,
}

pub struct GeneratorObject {
    pub state: RefCell<GeneratorState>,
    /// The generator function, for its name in reprs and messages.
    pub function: Rc<Function>,
}

impl GeneratorObject {
    pub fn new(frame: SuspendedFrame) -> GeneratorObject {
        let function = frame.function.clone();
        GeneratorObject { state: RefCell::new(GeneratorState::Suspended(frame)), function }
    }

    pub fn is_running(&self) -> bool {
        matches!(*self.state.borrow(), GeneratorState::Running)
    }
}
