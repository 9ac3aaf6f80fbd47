//! Generators: a function body whose frame can stop at `yield` and be
//! resumed later. A suspended frame is kept here as plain data — its
//! instruction pointer and its slice of the value stack — so suspending
//! copies a few values and never the Rust stack.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::bytecode::Op;
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

impl SuspendedFrame {
    /// The iterator a `yield from` is delegating to, when the frame is
    /// stopped at the `yield` inside one: that `yield` is followed by the
    /// jump back to the `SendFrom` step, and the iterator is on top of the
    /// operand stack.
    pub fn delegate(&self) -> Option<&Value> {
        let ops = &self.function.code.ops;
        let yielded_last = self.ip > 0 && matches!(ops.get(self.ip - 1), Some(Op::Yield));
        let loops_to_send = match ops.get(self.ip) {
            Some(Op::Jump(target)) => matches!(ops.get(target.0 as usize), Some(Op::SendFrom(_))),
            _ => false,
        };
        if self.started && yielded_last && loops_to_send { self.values.last() } else { None }
    }

    /// The line the frame is stopped at.
    pub fn line(&self) -> u32 {
        self.function.code.line_at(self.ip.saturating_sub(1))
    }
}

pub enum GeneratorState {
    Suspended(SuspendedFrame),
    Running,
    Finished,
}

/// Generators dropped while suspended, waiting to be closed (CPython closes
/// a generator when the last reference goes, running its `finally`
/// blocks). Dropping happens where no VM is at hand, so the frame waits
/// here and the VM closes it at its next opportunity.
#[derive(Default)]
pub struct Finalizers {
    pub pending: RefCell<Vec<SuspendedFrame>>,
    pub any: Cell<bool>,
}

pub struct GeneratorObject {
    pub state: RefCell<GeneratorState>,
    /// The generator function, for its name in reprs and messages.
    pub function: Rc<Function>,
    /// Where to send the frame if the generator is dropped while suspended.
    pub finalizers: Option<Rc<Finalizers>>,
}

impl GeneratorObject {
    pub fn new(frame: SuspendedFrame, finalizers: Option<Rc<Finalizers>>) -> GeneratorObject {
        let function = frame.function.clone();
        GeneratorObject { state: RefCell::new(GeneratorState::Suspended(frame)), function, finalizers }
    }

    /// Made by calling an `async def` function.
    pub fn is_coroutine(&self) -> bool {
        self.function.code.flags.coroutine
    }

    pub fn is_running(&self) -> bool {
        matches!(*self.state.borrow(), GeneratorState::Running)
    }
}

impl Drop for GeneratorObject {
    fn drop(&mut self) {
        let never_awaited =
            self.is_coroutine() && matches!(self.state.get_mut(), GeneratorState::Suspended(frame) if !frame.started);
        if never_awaited {
            eprintln!(
                "{}: RuntimeWarning: coroutine '{}' was never awaited",
                self.function.code.filename,
                self.function.code.qualname.as_str()
            );
        }
        let Some(finalizers) = &self.finalizers else { return };
        let state = std::mem::replace(self.state.get_mut(), GeneratorState::Finished);
        if let GeneratorState::Suspended(frame) = state
            && frame.started
        {
            finalizers.pending.borrow_mut().push(frame);
            finalizers.any.set(true);
        }
    }
}

/// What `generator.gi_frame` shows of a suspended generator's frame.
pub struct FrameObject {
    pub function: Rc<Function>,
    pub line: u32,
}
