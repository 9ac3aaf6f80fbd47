//! `Future` and `Task`: native state behind the script-visible objects,
//! and a task's step, which resumes its coroutine until the next future
//! it waits on, as CPython's `_asyncio` module does.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::event_loop::{Callback, EventLoop, Handle};
use crate::error::{Error, Result};
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::instance::Instance;
use crate::value::Value;
use crate::vm::Vm;
use crate::vm::generator::SendOutcome;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Pending,
    Finished,
    Cancelled,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Pending => "PENDING",
            State::Finished => "FINISHED",
            State::Cancelled => "CANCELLED",
        }
    }
}

/// What runs when a future is done.
pub(crate) enum DoneCallback {
    /// A script callable, given the future.
    Script(Value),
    /// Wake the task that awaits the future.
    Wakeup(Value),
    /// Stop the loop `run_until_complete` runs.
    Stop,
}

impl DoneCallback {
    /// The ready handle that runs this callback for the done `future`.
    fn run_with(self, future: &Value) -> Handle {
        Handle::new(match self {
            DoneCallback::Script(function) => Callback::Call { function, arguments: vec![future.clone()] },
            DoneCallback::Wakeup(task) => Callback::Wakeup { task, future: future.clone() },
            DoneCallback::Stop => Callback::Stop { future: future.clone() },
        })
    }
}

impl TaskPart {
    /// `task.get_name()`.
    pub fn name(&self) -> Value {
        match &self.name {
            Value::None => Value::from_string(format!("Task-{}", self.number)),
            name => name.clone(),
        }
    }
}

/// The part of a task that a plain future lacks.
pub(crate) struct TaskPart {
    pub coroutine: Value,
    /// The name given, or None for the default `Task-N` (made when asked
    /// for: most tasks never are).
    pub name: Value,
    /// The N of the default name.
    pub number: u64,
    /// A cancel arrived while the task was not waiting on a future: the
    /// next step throws CancelledError in.
    pub must_cancel: bool,
    /// The future the task waits on.
    pub waiter: Option<Value>,
    pub cancel_requests: u32,
    /// Its number among the loop's live tasks.
    pub id: u64,
}

pub(crate) struct FutureCore {
    pub event_loop: Rc<EventLoop>,
    /// The script's object for `event_loop` (`get_loop()`).
    pub loop_object: Value,
    pub state: State,
    pub result: Value,
    pub exception: Option<Rc<ExceptionObject>>,
    pub callbacks: Vec<DoneCallback>,
    /// Set while a task's `await` hands this future up to the task.
    pub blocking: bool,
    /// The exception was never asked for: report it when dropped.
    pub log_traceback: bool,
    pub cancel_message: Value,
    /// The CancelledError a cancelled task's coroutine raised, re-raised
    /// by `result()` so its traceback survives.
    pub cancelled_error: Option<Rc<ExceptionObject>>,
    pub task: Option<TaskPart>,
    /// For the future `gather` returns: the futures it gathers, which
    /// cancelling it cancels.
    pub children: Option<Vec<Value>>,
    /// A cancel of the gathered futures was asked for.
    pub cancel_requested: bool,
    /// For `sleep`'s future, its timer's cancelled flag: cancelling the
    /// future cancels the timer too.
    pub timer: Option<Rc<Cell<bool>>>,
}

/// A future object's state (`None` for other values).
pub(crate) fn core(value: &Value) -> Option<&RefCell<FutureCore>> {
    match value {
        Value::Instance(instance) => instance.native::<RefCell<FutureCore>>(),
        _ => None,
    }
}

/// The iterator an `await` of a future delegates to (`FutureIter`): it
/// hands the future up to the task once, and when resumed, finishes with
/// the future's result.
pub(crate) struct FutureIter {
    pub future: Value,
    pub yielded: Cell<bool>,
}

impl FutureCore {
    pub fn new(event_loop: Rc<EventLoop>, loop_object: Value, task: Option<TaskPart>) -> FutureCore {
        FutureCore {
            event_loop,
            loop_object,
            state: State::Pending,
            result: Value::None,
            exception: None,
            callbacks: Vec::new(),
            blocking: false,
            log_traceback: false,
            cancel_message: Value::None,
            cancelled_error: None,
            task,
            children: None,
            timer: None,
            cancel_requested: false,
        }
    }
}

/// Makes a future (or task) object of `class`.
pub(crate) fn new_future(class: &Rc<crate::object::class::Class>, core: FutureCore) -> Value {
    Value::Instance(Rc::new(Instance::with_native(class.clone(), RefCell::new(core))))
}

/// Queues the future's done callbacks (`__schedule_callbacks`).
fn schedule_callbacks(future: &Value, core: &mut FutureCore) {
    for callback in std::mem::take(&mut core.callbacks) {
        core.event_loop.call_soon(callback.run_with(future));
    }
}

pub(crate) fn invalid_state(vm: &mut Vm, message: &str) -> Error {
    match vm.asyncio.classes.as_ref() {
        Some(classes) => {
            let class = classes.invalid_state_error.clone();
            Error::Object(Rc::new(ExceptionObject::new(class, Value::tuple(vec![Value::from_text(message)]))))
        }
        None => Error::runtime_error(message),
    }
}

/// `future.set_result(value)`.
pub(crate) fn set_result(vm: &mut Vm, future: &Value, value: Value) -> Result<()> {
    let Some(core) = core(future) else { return Ok(()) };
    let mut core = core.borrow_mut();
    if core.state != State::Pending {
        drop(core);
        return Err(invalid_state(vm, "invalid state"));
    }
    core.result = value;
    core.state = State::Finished;
    schedule_callbacks(future, &mut core);
    Ok(())
}

/// `future.set_exception(exception)`.
pub(crate) fn set_exception(vm: &mut Vm, future: &Value, exception: Rc<ExceptionObject>) -> Result<()> {
    let Some(core) = core(future) else { return Ok(()) };
    let mut core = core.borrow_mut();
    if core.state != State::Pending {
        drop(core);
        return Err(invalid_state(vm, "invalid state"));
    }
    core.exception = Some(exception);
    core.state = State::Finished;
    core.log_traceback = true;
    schedule_callbacks(future, &mut core);
    Ok(())
}

/// `Future.cancel(msg)`: true if it was pending.
pub(crate) fn cancel_future(future: &Value, message: Value) -> bool {
    let Some(core) = core(future) else { return false };
    let mut core = core.borrow_mut();
    core.log_traceback = false;
    if core.state != State::Pending {
        return false;
    }
    core.state = State::Cancelled;
    core.cancel_message = message;
    if let Some(timer) = core.timer.take()
        && !timer.replace(true)
    {
        core.event_loop.timer_cancelled();
    }
    schedule_callbacks(future, &mut core);
    true
}

/// `Task.cancel(msg)`: asks the task's coroutine to stop, through the
/// future it waits on if there is one.
pub(crate) fn cancel_task(vm: &mut Vm, task: &Value, message: Value) -> Result<bool> {
    let Some(cell) = core(task) else { return Ok(false) };
    let waiter = {
        let mut core = cell.borrow_mut();
        core.log_traceback = false;
        if core.state != State::Pending {
            return Ok(false);
        }
        let Some(part) = core.task.as_mut() else { return Ok(false) };
        part.cancel_requests += 1;
        part.waiter.clone()
    };
    if let Some(waiter) = waiter {
        // The waiter's own `cancel`, which a script object may override.
        let name = vm.intern("cancel");
        let method = vm.get_attribute(&waiter, &name)?;
        let cancelled = vm.call(&method, std::slice::from_ref(&message), &[])?;
        if vm.is_true(&cancelled)? {
            return Ok(true);
        }
    }
    let mut core = cell.borrow_mut();
    if let Some(part) = core.task.as_mut() {
        part.must_cancel = true;
    }
    core.cancel_message = message;
    Ok(true)
}

/// The CancelledError a cancelled future raises.
pub(crate) fn cancelled_error(vm: &mut Vm, message: &Value) -> Rc<ExceptionObject> {
    let arguments = if message.is_none() { vec![] } else { vec![message.clone()] };
    match vm.asyncio.classes.as_ref() {
        Some(classes) => Rc::new(ExceptionObject::new(classes.cancelled_error.clone(), Value::tuple(arguments))),
        None => vm.new_exception(ExcKind::RuntimeError, "cancelled"),
    }
}

/// `future.result()`: the value, or the exception it ended with raised.
pub(crate) fn result(vm: &mut Vm, future: &Value) -> Result<Value> {
    let Some(core) = core(future) else { return Ok(Value::None) };
    let mut core = core.borrow_mut();
    match core.state {
        State::Pending => {
            drop(core);
            Err(invalid_state(vm, "Result is not set."))
        }
        State::Cancelled => {
            let error = match core.cancelled_error.take() {
                Some(error) => error,
                None => {
                    let message = core.cancel_message.clone();
                    drop(core);
                    cancelled_error(vm, &message)
                }
            };
            Err(Error::Object(error))
        }
        State::Finished => {
            core.log_traceback = false;
            match &core.exception {
                Some(exception) => Err(Error::Object(exception.clone())),
                None => Ok(core.result.clone()),
            }
        }
    }
}

/// One step of `await future` delegating to the future itself: a
/// pending future goes up to the task, which resumes the frame once it is
/// done.
pub(crate) fn await_step(vm: &mut Vm, future: &Value) -> Result<SendOutcome> {
    if let Some(cell) = core(future) {
        let mut core = cell.borrow_mut();
        if core.state == State::Pending {
            core.blocking = true;
            return Ok(SendOutcome::Yielded(future.clone()));
        }
    }
    result(vm, future).map(SendOutcome::Done)
}

/// One step of a `FutureIter` a script drives by hand.
pub(crate) fn future_iter_send(vm: &mut Vm, iterator: &FutureIter) -> Result<SendOutcome> {
    let future = &iterator.future;
    let pending = core(future).is_some_and(|core| core.borrow().state == State::Pending);
    if pending {
        if iterator.yielded.get() {
            return Err(Error::runtime_error("await wasn't used with future"));
        }
        iterator.yielded.set(true);
        if let Some(core) = core(future) {
            core.borrow_mut().blocking = true;
        }
        return Ok(SendOutcome::Yielded(future.clone()));
    }
    result(vm, future).map(SendOutcome::Done)
}

/// Adds a done callback; a done future queues it at once.
pub(crate) fn add_done_callback(future: &Value, callback: DoneCallback) {
    let Some(cell) = core(future) else { return };
    let mut core = cell.borrow_mut();
    if core.state == State::Pending {
        core.callbacks.push(callback);
    } else {
        core.event_loop.call_soon(callback.run_with(future));
    }
}

/// `Task.__step`: resumes the coroutine (throwing `exception` in, or a
/// CancelledError when a cancel is pending) and deals with what it does:
/// finishing sets the task's result or exception, a yielded future gets
/// the task woken when it is done, a bare `yield` reschedules the step.
pub(crate) fn step(vm: &mut Vm, task: &Value, exception: Option<Rc<ExceptionObject>>) -> Result<()> {
    let Some(cell) = core(task) else { return Ok(()) };
    let (coroutine, event_loop, message, cancel) = {
        let mut core = cell.borrow_mut();
        if core.state != State::Pending {
            return Ok(());
        }
        let message = core.cancel_message.clone();
        let event_loop = core.event_loop.clone();
        let Some(part) = core.task.as_mut() else { return Ok(()) };
        part.waiter = None;
        let cancel = std::mem::take(&mut part.must_cancel);
        (part.coroutine.clone(), event_loop, message, cancel)
    };
    let thrown = match exception {
        Some(exception) if !cancel || is_cancelled_error(vm, &exception) => Some(exception),
        _ if cancel => Some(cancelled_error(vm, &message)),
        _ => None,
    };
    let previous = event_loop.current_task.replace(Some(task.clone()));
    let outcome = match &coroutine {
        Value::Generator(generator) => vm.resume_generator(generator, Value::None, thrown),
        _ => Err(Error::type_error("a coroutine was expected")),
    };
    *event_loop.current_task.borrow_mut() = previous;
    match outcome {
        Ok(SendOutcome::Done(value)) => {
            let must_cancel = cell.borrow().task.as_ref().is_some_and(|part| part.must_cancel);
            if must_cancel {
                let message = cell.borrow().cancel_message.clone();
                cancel_future(task, message);
            } else {
                set_result(vm, task, value)?;
            }
            forget_task(&event_loop, task);
        }
        Ok(SendOutcome::Yielded(yielded)) => handle_yield(vm, task, &event_loop, yielded)?,
        Err(error) => {
            let exception = vm.materialize(error);
            if is_cancelled_error(vm, &exception) {
                // The first `result()` raises this very exception, later
                // ones a fresh CancelledError without the message, as
                // CPython's `_asyncio` does.
                cell.borrow_mut().cancelled_error = Some(exception.clone());
                cancel_future(task, Value::None);
            } else {
                let fatal = exception.class.is_builtin_exception_subclass(ExcKind::SystemExit)
                    || exception.class.is_builtin_exception_subclass(ExcKind::KeyboardInterrupt);
                set_exception(vm, task, exception.clone())?;
                if fatal {
                    forget_task(&event_loop, task);
                    return Err(Error::Object(exception));
                }
            }
            forget_task(&event_loop, task);
        }
    }
    Ok(())
}

/// Whether an exception is asyncio's CancelledError.
pub(crate) fn is_cancelled_error(vm: &Vm, exception: &ExceptionObject) -> bool {
    vm.asyncio.classes.as_ref().is_some_and(|classes| exception.class.is_subclass(&classes.cancelled_error))
}

/// A done task leaves the loop's list of live tasks.
fn forget_task(event_loop: &EventLoop, task: &Value) {
    if let Some(part) = core(task).and_then(|cell| cell.borrow().task.as_ref().map(|part| part.id)) {
        event_loop.forget_task(part);
    }
}

/// What a task does with the value its coroutine yielded.
fn handle_yield(vm: &mut Vm, task: &Value, event_loop: &Rc<EventLoop>, yielded: Value) -> Result<()> {
    if let Some(waited) = core(&yielded) {
        let blocking = std::mem::take(&mut waited.borrow_mut().blocking);
        let problem = if !blocking {
            Some(format!("yield was used instead of yield from in task {} with {}", "<Task>", "<Future>"))
        } else if yielded.is(task) {
            Some("Task cannot await on itself: <Task>".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            let exception = vm.materialize(Error::runtime_error(problem));
            event_loop.call_soon(Handle::new(Callback::Step { task: task.clone(), exception: Some(exception) }));
            return Ok(());
        }
        add_done_callback(&yielded, DoneCallback::Wakeup(task.clone()));
        let must_cancel = {
            let cell = core(task).expect("a task");
            let mut core = cell.borrow_mut();
            let part = core.task.as_mut().expect("a task");
            part.waiter = Some(yielded.clone());
            part.must_cancel
        };
        if must_cancel {
            let message = core(task).map(|cell| cell.borrow().cancel_message.clone()).unwrap_or(Value::None);
            let name = vm.intern("cancel");
            let method = vm.get_attribute(&yielded, &name)?;
            let cancelled = vm.call(&method, &[message], &[])?;
            if vm.is_true(&cancelled)?
                && let Some(part) = core(task).expect("a task").borrow_mut().task.as_mut()
            {
                part.must_cancel = false;
            }
        }
        return Ok(());
    }
    let problem = match &yielded {
        Value::None => {
            event_loop.call_soon(Handle::new(Callback::Step { task: task.clone(), exception: None }));
            return Ok(());
        }
        Value::Generator(_) => "yield was used instead of yield from for generator in task <Task>".to_string(),
        other => format!("Task got bad yield: {}", vm.repr(other)?),
    };
    let exception = vm.materialize(Error::runtime_error(problem));
    event_loop.call_soon(Handle::new(Callback::Step { task: task.clone(), exception: Some(exception) }));
    Ok(())
}

/// `Task.__wakeup(future)`: steps the task, throwing in the future's
/// exception if it has one.
pub(crate) fn wakeup(vm: &mut Vm, task: &Value, future: &Value) -> Result<()> {
    match result(vm, future) {
        Ok(_) => step(vm, task, None),
        Err(error) => {
            let exception = vm.materialize(error);
            step(vm, task, Some(exception))
        }
    }
}

impl Drop for FutureCore {
    /// A future dropped with an exception nobody retrieved hands its state
    /// to the runtime, which reports it (CPython's `Future.__del__`).
    fn drop(&mut self) {
        if !self.log_traceback || self.exception.is_none() {
            return;
        }
        let mut orphan = FutureCore::new(
            self.event_loop.clone(),
            std::mem::replace(&mut self.loop_object, Value::None),
            self.task.take(),
        );
        orphan.state = self.state;
        orphan.exception = self.exception.take();
        self.event_loop.unretrieved.borrow_mut().push(orphan);
    }
}

/// How asyncio shows a task's coroutine in reprs
/// (`coroutines._format_coroutine`): `f() running at file:7` while it
/// has a frame, `f() done, defined at file:3` once finished.
pub(crate) fn describe_coroutine(coroutine: &Value) -> Option<String> {
    use crate::object::generator::GeneratorState;
    let Value::Generator(generator) = coroutine else { return None };
    let code = &generator.function.code;
    let name = code.qualname.as_str();
    Some(match &*generator.state.borrow() {
        GeneratorState::Suspended(frame) if frame.started => {
            // The resume point is just past the instruction that yielded.
            format!("{name}() running at {}:{}", code.filename, code.line_at(frame.ip.saturating_sub(1)))
        }
        GeneratorState::Suspended(_) | GeneratorState::Running => {
            format!("{name}() running at {}:{}", code.filename, code.first_line)
        }
        GeneratorState::Finished => format!("{name}() done, defined at {}:{}", code.filename, code.first_line),
    })
}
