//! `_asyncio`: the native core of `asyncio` — the event loop, `Future`,
//! `Task` and the handles of scheduled callbacks. The rest of the package
//! (`sleep`, `gather`, `run`, locks, queues) is written in asy on top of
//! it, in `stdlib/asyncio/`.

mod event_loop;
mod exception_handler;
mod future;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use event_loop::{Callback, EventLoop, Handle, Turn};
pub(crate) use exception_handler::report_unretrieved;
use exception_handler::{Unretrieved, describe_callback, is_fatal, report_callback_error};
use future::{DoneCallback, FutureCore, FutureIter, State, TaskPart, core};

use super::ModuleBuilder;
use crate::builtins::{add_methods, check_arguments, keyword_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::exception::ExcKind;
use crate::object::function::{Keywords, NativeFn};
use crate::object::instance::Instance;
use crate::value::Value;
use crate::vm::Vm;
use crate::vm::generator::SendOutcome;

/// The classes `_asyncio` made, for natives that make their objects.
pub(crate) struct Classes {
    future: Rc<Class>,
    task: Rc<Class>,
    handle: Rc<Class>,
    timer_handle: Rc<Class>,
    event_loop: Rc<Class>,
    future_iter: Rc<Class>,
    pub cancelled_error: Rc<Class>,
    pub invalid_state_error: Rc<Class>,
}

/// asyncio's state in a VM.
#[derive(Default)]
pub(crate) struct Runtime {
    pub classes: Option<Classes>,
    /// The loop object whose `run_until_complete` is running.
    running: Option<Value>,
    /// Numbers the default task names, `Task-1` onwards.
    task_counter: u64,
    /// `--virtual-time`: loops skip their waits for timers.
    pub virtual_time: bool,
    /// Futures dropped with an exception nobody retrieved.
    pub unretrieved: Unretrieved,
}

/// A script `Handle` object's state.
struct HandleState {
    cancelled: Rc<Cell<bool>>,
    when: Option<f64>,
    event_loop: Rc<EventLoop>,
    /// What it calls, for its repr.
    function: Value,
    arguments: Vec<Value>,
}

const FUTURE_METHODS: &[(&str, NativeFn)] = &[
    ("__new__", future_new),
    ("result", future_result),
    ("exception", future_exception),
    ("done", future_done),
    ("cancelled", future_cancelled),
    ("cancel", future_cancel),
    ("set_result", future_set_result),
    ("set_exception", future_set_exception),
    ("add_done_callback", future_add_done_callback),
    ("remove_done_callback", future_remove_done_callback),
    ("get_loop", future_get_loop),
    ("__await__", future_await),
    ("__iter__", future_await),
    ("__repr__", future_repr),
];

const TASK_METHODS: &[(&str, NativeFn)] = &[
    ("__new__", task_new),
    ("cancel", task_cancel),
    ("get_name", task_get_name),
    ("set_name", task_set_name),
    ("get_coro", task_get_coro),
    ("cancelling", task_cancelling),
    ("uncancel", task_uncancel),
];

const LOOP_METHODS: &[(&str, NativeFn)] = &[
    ("time", loop_time),
    ("call_soon", loop_call_soon),
    ("call_later", loop_call_later),
    ("call_at", loop_call_at),
    ("create_future", loop_create_future),
    ("create_task", loop_create_task),
    ("run_until_complete", loop_run_until_complete),
    ("stop", loop_stop),
    ("close", loop_close),
    ("is_running", loop_is_running),
    ("is_closed", loop_is_closed),
    ("set_exception_handler", exception_handler::loop_set_exception_handler),
    ("get_exception_handler", exception_handler::loop_get_exception_handler),
    ("call_exception_handler", exception_handler::loop_call_exception_handler),
    ("default_exception_handler", exception_handler::loop_default_exception_handler),
];

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    let object = vm.types.object.clone();
    let make = |vm: &mut Vm, name: &str, base: &Rc<Class>, methods: &[(&'static str, NativeFn)]| {
        let mut class = Class::new(name, vec![base.clone()], None);
        class.module = "_asyncio".to_string();
        let owner: &'static str = Box::leak(name.to_string().into_boxed_str());
        add_methods(&class, owner, methods, &mut vm.interner);
        Rc::new(class)
    };
    let future = make(vm, "Future", &object, FUTURE_METHODS);
    let task = make(vm, "Task", &future, TASK_METHODS);
    let handle = make(
        vm,
        "Handle",
        &object,
        &[("cancel", handle_cancel), ("cancelled", handle_cancelled), ("__repr__", handle_repr)],
    );
    let timer_handle = make(vm, "TimerHandle", &handle, &[("when", handle_when)]);
    let event_loop = make(vm, "_UnixSelectorEventLoop", &object, LOOP_METHODS);
    let future_iter = make(
        vm,
        "FutureIter",
        &object,
        &[("__iter__", future_iter_self), ("__next__", future_iter_next), ("send", future_iter_send)],
    );
    let error = |vm: &mut Vm, name: &str, base: ExcKind| {
        let mut class = Class::new(name, vec![vm.exception_class(base)], None);
        class.module = "asyncio.exceptions".to_string();
        Rc::new(class)
    };
    let cancelled_error = error(vm, "CancelledError", ExcKind::BaseException);
    let invalid_state_error = error(vm, "InvalidStateError", ExcKind::Exception);
    for (name, class) in [
        ("Future", &future),
        ("Task", &task),
        ("Handle", &handle),
        ("TimerHandle", &timer_handle),
        ("CancelledError", &cancelled_error),
        ("InvalidStateError", &invalid_state_error),
    ] {
        module.set(vm, name, Value::Class(class.clone()));
    }
    vm.asyncio.classes = Some(Classes {
        future,
        task,
        handle,
        timer_handle,
        event_loop,
        future_iter,
        cancelled_error,
        invalid_state_error,
    });
    module.functions(
        vm,
        &[
            ("get_running_loop", get_running_loop),
            ("_get_running_loop", get_running_loop_or_none),
            ("new_event_loop", new_event_loop),
            ("current_task", current_task),
            ("all_tasks", all_tasks),
            ("iscoroutine", iscoroutine),
            ("iscoroutinefunction", iscoroutinefunction),
            ("create_task", create_task),
            ("_gathering_future", gathering_future),
            ("_tasks_in_order", tasks_in_order),
            ("_cancel_requested", cancel_requested),
            ("_sleep_future", sleep_future),
        ],
    );
    Ok(())
}

fn classes(vm: &Vm) -> &Classes {
    vm.asyncio.classes.as_ref().expect("_asyncio is initialized before its functions run")
}

// ------------------------------------------------------------ hooks for the VM

/// Whether `await value` delegates to the future itself: `await` hands
/// it up to the task once and then takes its result, which is what
/// `FutureIter` does, without making one.
pub(crate) fn is_future(value: &Value) -> bool {
    core(value).is_some()
}

/// One step of `await future`, when `iterator` is a future (see
/// `is_future`) or a script's `FutureIter`.
pub(crate) fn send_into_future(vm: &mut Vm, iterator: &Value) -> Option<Result<SendOutcome>> {
    let Value::Instance(instance) = iterator else { return None };
    if core(iterator).is_some() {
        return Some(future::await_step(vm, iterator));
    }
    let iterator = instance.native::<FutureIter>()?;
    Some(future::future_iter_send(vm, iterator))
}

/// `future.__await__()`: the iterator a script can drive by hand.
fn future_iterator(value: &Value, vm: &Vm) -> Option<Value> {
    core(value)?;
    let class = classes(vm).future_iter.clone();
    let iterator = FutureIter { future: value.clone(), yielded: Cell::new(false) };
    Some(Value::Instance(Rc::new(Instance::with_native(class, iterator))))
}

/// `FutureIter.__iter__`.
fn future_iter_self(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(arguments.first().cloned().unwrap_or(Value::None))
}

/// `FutureIter.__next__` and `send`: one step, its end a StopIteration.
fn future_iter_next(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let iterator = arguments.first().cloned().unwrap_or(Value::None);
    match send_into_future(vm, &iterator) {
        Some(Ok(SendOutcome::Yielded(value))) => Ok(value),
        Some(Ok(SendOutcome::Done(value))) => Err(crate::vm::generator::stop_iteration(value)),
        Some(Err(error)) => Err(error),
        None => Err(Error::type_error("a FutureIter was expected")),
    }
}

fn future_iter_send(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_arguments("send", arguments, 2, 2)?;
    future_iter_next(vm, &arguments[..1], keywords)
}

// ------------------------------------------------------------ running a loop

fn loop_of(value: &Value) -> Result<&Rc<EventLoop>> {
    match value {
        Value::Instance(instance) => instance.native::<Rc<EventLoop>>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error("an event loop was expected"))
}

fn running_loop(vm: &Vm) -> Result<(Value, Rc<EventLoop>)> {
    match &vm.asyncio.running {
        Some(object) => Ok((object.clone(), loop_of(object)?.clone())),
        None => Err(Error::runtime_error("no running event loop")),
    }
}

/// Runs one ready callback. Its exception goes to the loop's exception
/// handler, unless it is one that stops the loop.
fn run_handle(vm: &mut Vm, loop_object: &Value, event_loop: &Rc<EventLoop>, handle: Handle) -> Result<()> {
    let Handle { callback, cancelled } = handle;
    let (outcome, failed_call) = match callback {
        Callback::Step { task, exception } => (future::step(vm, &task, exception), None),
        Callback::Wakeup { task, future } => (future::wakeup(vm, &task, &future), None),
        Callback::Call { function, arguments } => {
            let outcome = vm.call(&function, &arguments, &[]).map(drop);
            let failed_call = outcome.is_err().then_some((function, arguments));
            (outcome, failed_call)
        }
        Callback::Resolve { future, result } => {
            let pending = core(&future).is_some_and(|cell| cell.borrow().state == State::Pending);
            (if pending { future::set_result(vm, &future, result) } else { Ok(()) }, None)
        }
        Callback::Stop { future } => {
            // `_run_until_complete_cb`: SystemExit and KeyboardInterrupt
            // stop the loop on their own way out.
            let fatal = core(&future).is_some_and(|cell| cell.borrow().exception.as_ref().is_some_and(|e| is_fatal(e)));
            if !fatal {
                event_loop.stopping.set(true);
            }
            (Ok(()), None)
        }
    };
    let Err(error) = outcome else { return Ok(()) };
    let exception = vm.materialize(error);
    if is_fatal(&exception) {
        return Err(Error::Object(exception));
    }
    let (function, arguments) = failed_call.unwrap_or((Value::None, Vec::new()));
    let description = describe_callback(vm, &function, &arguments);
    let cancelled = cancelled.unwrap_or_default();
    let handle = script_handle_object(vm, event_loop, None, cancelled, function, arguments);
    report_callback_error(vm, loop_object, description, handle, exception)
}

/// `loop.run_until_complete(future)`: runs the loop until the future
/// (or the task wrapping a coroutine) is done, and returns its result.
fn run_until_complete(vm: &mut Vm, loop_object: &Value, awaitable: &Value) -> Result<Value> {
    let event_loop = loop_of(loop_object)?.clone();
    if event_loop.closed.get() {
        return Err(Error::runtime_error("Event loop is closed"));
    }
    if event_loop.running.get() {
        return Err(Error::runtime_error("This event loop is already running"));
    }
    if vm.asyncio.running.is_some() {
        return Err(Error::runtime_error("Cannot run the event loop while another loop is running"));
    }
    let future = if core(awaitable).is_some() {
        awaitable.clone()
    } else if is_coroutine(awaitable) {
        new_task(vm, loop_object, awaitable.clone(), Value::None)?
    } else {
        return Err(Error::type_error("An asyncio.Future, a coroutine or an awaitable is required"));
    };
    future::add_done_callback(&future, DoneCallback::Stop);
    event_loop.running.set(true);
    vm.asyncio.running = Some(loop_object.clone());
    let outcome = run_forever(vm, loop_object, &event_loop);
    event_loop.running.set(false);
    event_loop.stopping.set(false);
    vm.asyncio.running = None;
    if let Some(cell) = core(&future) {
        cell.borrow_mut().callbacks.retain(|callback| !matches!(callback, DoneCallback::Stop));
    }
    outcome?;
    let done = core(&future).is_some_and(|cell| cell.borrow().state != State::Pending);
    if !done {
        return Err(Error::runtime_error("Event loop stopped before Future completed."));
    }
    future::result(vm, &future)
}

fn run_forever(vm: &mut Vm, loop_object: &Value, event_loop: &Rc<EventLoop>) -> Result<()> {
    loop {
        match event_loop.next_turn() {
            Turn::Run(handles) => {
                for handle in handles {
                    if handle.is_cancelled() {
                        continue;
                    }
                    run_handle(vm, loop_object, event_loop, handle)?;
                }
                if !vm.asyncio.unretrieved.borrow().is_empty() {
                    report_unretrieved(vm)?;
                }
            }
            Turn::Stuck => {
                vm.flush_stdout();
                eprintln!("asy: deadlock: every task is waiting and nothing can wake any of them");
                return Ok(());
            }
        }
        if event_loop.stopping.get() {
            return Ok(());
        }
    }
}

fn is_coroutine(value: &Value) -> bool {
    matches!(value, Value::Generator(generator) if generator.is_coroutine())
}

/// Makes a task running `coroutine` on the loop and schedules its first
/// step.
fn new_task(vm: &mut Vm, loop_object: &Value, coroutine: Value, name: Value) -> Result<Value> {
    if !is_coroutine(&coroutine) {
        return Err(Error::type_error(format!("a coroutine was expected, got {}", vm.repr(&coroutine)?)));
    }
    let event_loop = loop_of(loop_object)?.clone();
    vm.asyncio.task_counter += 1;
    let name = match name {
        Value::None | Value::Str(_) => name,
        other => Value::from_string(vm.to_str(&other)?),
    };
    let number = vm.asyncio.task_counter;
    let part = TaskPart { coroutine, name, number, must_cancel: false, waiter: None, cancel_requests: 0, id: 0 };
    let class = classes(vm).task.clone();
    let task = future::new_future(&class, FutureCore::new(event_loop.clone(), loop_object.clone(), Some(part)));
    event_loop.call_soon(Handle::new(Callback::Step { task: task.clone(), exception: None }));
    let id = event_loop.add_task(task.clone());
    if let Some(cell) = core(&task)
        && let Some(part) = cell.borrow_mut().task.as_mut()
    {
        part.id = id;
    }
    Ok(task)
}

// ------------------------------------------------------------ module functions

fn get_running_loop(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("get_running_loop", keywords)?;
    check_arguments("get_running_loop", arguments, 0, 0)?;
    running_loop(vm).map(|(object, _)| object)
}

fn get_running_loop_or_none(vm: &mut Vm, _arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(vm.asyncio.running.clone().unwrap_or(Value::None))
}

fn new_event_loop(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("new_event_loop", keywords)?;
    check_arguments("new_event_loop", arguments, 0, 0)?;
    let event_loop = Rc::new(EventLoop::new(vm.asyncio.virtual_time, vm.asyncio.unretrieved.clone()));
    let class = classes(vm).event_loop.clone();
    Ok(Value::Instance(Rc::new(Instance::with_native(class, event_loop))))
}

fn current_task(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("current_task", arguments, 0, 1)?;
    let event_loop = match arguments.first() {
        Some(object) if !object.is_none() => loop_of(object)?.clone(),
        _ => running_loop(vm)?.1,
    };
    Ok(event_loop.current_task.borrow().clone().unwrap_or(Value::None))
}

fn all_tasks(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let tasks = live_tasks(vm, arguments)?;
    vm.new_set(tasks)
}

/// `_tasks_in_order(loop)`: the live tasks in creation order, the order
/// CPython's set of them usually iterates in when `asyncio.run` cancels
/// the leftovers.
fn tasks_in_order(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::list(live_tasks(vm, arguments)?))
}

fn live_tasks(vm: &mut Vm, arguments: &[Value]) -> Result<Vec<Value>> {
    check_arguments("all_tasks", arguments, 0, 1)?;
    let event_loop = match arguments.first() {
        Some(object) if !object.is_none() => loop_of(object)?.clone(),
        _ => running_loop(vm)?.1,
    };
    Ok(event_loop.tasks.borrow().values().cloned().collect())
}

fn iscoroutine(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("iscoroutine", keywords)?;
    check_arguments("iscoroutine", arguments, 1, 1)?;
    Ok(Value::Bool(is_coroutine(&arguments[0])))
}

fn iscoroutinefunction(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("iscoroutinefunction", keywords)?;
    check_arguments("iscoroutinefunction", arguments, 1, 1)?;
    let function = match &arguments[0] {
        Value::BoundMethod(method) => method.function.clone(),
        other => other.clone(),
    };
    Ok(Value::Bool(matches!(function, Value::Function(function) if function.code.flags.coroutine)))
}

/// `asyncio.create_task(coro, *, name=None)`.
fn create_task(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_arguments("create_task", arguments, 1, 1)?;
    let [name, _context] = keyword_arguments("create_task", keywords, ["name", "context"])?;
    let loop_object = running_loop(vm)?.0;
    new_task(vm, &loop_object, arguments[0].clone(), name.unwrap_or(Value::None))
}

// ------------------------------------------------------------ loop methods

fn loop_receiver(arguments: &[Value]) -> Result<(&Value, Rc<EventLoop>)> {
    let object = arguments.first().ok_or_else(|| Error::type_error("an event loop method needs its loop"))?;
    Ok((object, loop_of(object)?.clone()))
}

fn loop_time(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (_, event_loop) = loop_receiver(arguments)?;
    Ok(Value::Float(event_loop.time()))
}

/// A script `Handle` (or, with `when`, `TimerHandle`) object for a
/// callback, sharing its cancelled flag with the queued one.
fn script_handle_object(
    vm: &Vm,
    event_loop: &Rc<EventLoop>,
    when: Option<f64>,
    cancelled: Rc<Cell<bool>>,
    function: Value,
    arguments: Vec<Value>,
) -> Value {
    let class = if when.is_some() { classes(vm).timer_handle.clone() } else { classes(vm).handle.clone() };
    let state = HandleState { cancelled, when, event_loop: event_loop.clone(), function, arguments };
    Value::Instance(Rc::new(Instance::with_native(class, state)))
}

/// Schedules `function(*arguments)`, now or at `when`; returns its handle.
fn schedule(vm: &mut Vm, arguments: &[Value], skip: usize, when: Option<f64>) -> Result<Value> {
    let (_, event_loop) = loop_receiver(arguments)?;
    if event_loop.closed.get() {
        return Err(Error::runtime_error("Event loop is closed"));
    }
    let Some(function) = arguments.get(skip).cloned() else {
        return Err(Error::type_error("a callback is required"));
    };
    let arguments = arguments[skip + 1..].to_vec();
    let cancelled = Rc::new(Cell::new(false));
    let object = script_handle_object(vm, &event_loop, when, cancelled.clone(), function.clone(), arguments.clone());
    let handle = Handle { callback: Callback::Call { function, arguments }, cancelled: Some(cancelled) };
    match when {
        Some(when) => event_loop.call_at(when, handle),
        None => event_loop.call_soon(handle),
    }
    Ok(object)
}

fn number(value: &Value, what: &str) -> Result<f64> {
    match value {
        Value::Int(n) => Ok(*n as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::Float(f) => Ok(*f),
        other => Err(Error::type_error(format!("{what} must be a number, not {}", other.type_name()))),
    }
}

fn loop_call_soon(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    schedule(vm, arguments, 1, None)
}

fn loop_call_later(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (_, event_loop) = loop_receiver(arguments)?;
    let delay = number(arguments.get(1).unwrap_or(&Value::None), "delay")?;
    schedule(vm, arguments, 2, Some(event_loop.time() + delay))
}

fn loop_call_at(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let when = number(arguments.get(1).unwrap_or(&Value::None), "when")?;
    schedule(vm, arguments, 2, Some(when))
}

fn loop_create_future(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (loop_object, event_loop) = loop_receiver(arguments)?;
    let class = classes(vm).future.clone();
    Ok(future::new_future(&class, FutureCore::new(event_loop, loop_object.clone(), None)))
}

fn loop_create_task(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_arguments("create_task", arguments, 2, 2)?;
    let [name, _context] = keyword_arguments("create_task", keywords, ["name", "context"])?;
    new_task(vm, &arguments[0], arguments[1].clone(), name.unwrap_or(Value::None))
}

fn loop_run_until_complete(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("run_until_complete", keywords)?;
    check_arguments("run_until_complete", arguments, 2, 2)?;
    run_until_complete(vm, &arguments[0], &arguments[1])
}

fn loop_stop(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    loop_receiver(arguments)?.1.stopping.set(true);
    Ok(Value::None)
}

fn loop_close(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (_, event_loop) = loop_receiver(arguments)?;
    if event_loop.running.get() {
        return Err(Error::runtime_error("Cannot close a running event loop"));
    }
    event_loop.closed.set(true);
    report_unretrieved(vm)?;
    Ok(Value::None)
}

fn loop_is_running(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(loop_receiver(arguments)?.1.running.get()))
}

fn loop_is_closed(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(loop_receiver(arguments)?.1.closed.get()))
}

// ------------------------------------------------------------ handles

fn handle_state(arguments: &[Value]) -> Result<&HandleState> {
    match arguments.first() {
        Some(Value::Instance(instance)) => instance.native::<HandleState>(),
        _ => None,
    }
    .ok_or_else(|| Error::type_error("a Handle was expected"))
}

fn handle_cancel(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let state = handle_state(arguments)?;
    if !state.cancelled.replace(true) && state.when.is_some() {
        state.event_loop.timer_cancelled();
    }
    Ok(Value::None)
}

fn handle_cancelled(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(handle_state(arguments)?.cancelled.get()))
}

fn handle_when(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Float(handle_state(arguments)?.when.unwrap_or(0.0)))
}

/// `<Handle f(1) at file:3>`, `<TimerHandle when=12.5 f() at file:3>`,
/// `<Handle cancelled>`.
fn handle_repr(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let state = handle_state(arguments)?;
    let class = vm.class_of(&arguments[0]).name().to_string();
    let mut parts = vec![class];
    if state.cancelled.get() {
        parts.push("cancelled".to_string());
    }
    if let Some(when) = state.when {
        parts.push(format!("when={}", vm.repr(&Value::Float(when))?));
    }
    if !state.cancelled.get() {
        let (function, arguments) = (state.function.clone(), state.arguments.clone());
        parts.push(describe_callback(vm, &function, &arguments));
    }
    Ok(Value::from_string(format!("<{}>", parts.join(" "))))
}

// ------------------------------------------------------------ futures

fn receiver(arguments: &[Value]) -> Result<(&Value, &RefCell<FutureCore>)> {
    let future = arguments.first().ok_or_else(|| Error::type_error("a Future method needs its future"))?;
    let cell = core(future).ok_or_else(|| Error::type_error("a Future was expected"))?;
    Ok((future, cell))
}

fn future_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [loop_argument] = keyword_arguments("Future", keywords, ["loop"])?;
    let (loop_object, event_loop) = match loop_argument {
        Some(object) if !object.is_none() => (object.clone(), loop_of(&object)?.clone()),
        _ => running_loop(vm)?,
    };
    let class = match arguments.first() {
        Some(Value::Class(class)) => class.clone(),
        _ => classes(vm).future.clone(),
    };
    Ok(future::new_future(&class, FutureCore::new(event_loop, loop_object, None)))
}

fn future_result(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (future, _) = receiver(arguments)?;
    future::result(vm, future)
}

fn future_exception(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (future, cell) = receiver(arguments)?;
    let state = cell.borrow().state;
    match state {
        State::Pending => Err(future::invalid_state(vm, "Exception is not set.")),
        State::Cancelled => future::result(vm, future),
        State::Finished => {
            let mut core = cell.borrow_mut();
            core.log_traceback = false;
            Ok(core.exception.clone().map_or(Value::None, Value::Exception))
        }
    }
}

fn future_done(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(receiver(arguments)?.1.borrow().state != State::Pending))
}

fn future_cancelled(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(receiver(arguments)?.1.borrow().state == State::Cancelled))
}

fn cancel_message(arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [message] = keyword_arguments("cancel", keywords, ["msg"])?;
    Ok(message.or_else(|| arguments.get(1).cloned()).unwrap_or(Value::None))
}

fn future_cancel(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (future, cell) = receiver(arguments)?;
    let message = cancel_message(arguments, keywords)?;
    let (done, children) = {
        let core = cell.borrow();
        (core.state != State::Pending, core.children.clone())
    };
    let Some(children) = children else {
        return Ok(Value::Bool(future::cancel_future(future, message)));
    };
    // `_GatheringFuture.cancel`: cancelling it cancels what it gathers.
    if done {
        return Ok(Value::Bool(false));
    }
    let (name, keyword) = (vm.intern("cancel"), vm.intern("msg"));
    let mut cancelled_any = false;
    for child in children {
        let method = vm.get_attribute(&child, &name)?;
        let cancelled = vm.call(&method, &[], &[(keyword.clone(), message.clone())])?;
        cancelled_any |= vm.is_true(&cancelled)?;
    }
    if cancelled_any {
        cell.borrow_mut().cancel_requested = true;
    }
    Ok(Value::Bool(cancelled_any))
}

/// `_gathering_future(loop, children)`: the future `gather` returns.
fn gathering_future(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("_gathering_future", arguments, 2, 2)?;
    let (loop_object, event_loop) = (&arguments[0], loop_of(&arguments[0])?.clone());
    let children = vm.collect_iterable(arguments[1].clone())?;
    let mut core = FutureCore::new(event_loop, loop_object.clone(), None);
    core.children = Some(children);
    let class = classes(vm).future.clone();
    Ok(future::new_future(&class, core))
}

/// `_sleep_future(delay, result)`: what `sleep` awaits, a future the
/// running loop resolves with `result` after `delay` seconds
/// (`loop.call_later(delay, _set_result_unless_cancelled, ...)`).
fn sleep_future(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("_sleep_future", keywords)?;
    check_arguments("_sleep_future", arguments, 2, 2)?;
    let delay = number(&arguments[0], "delay")?;
    let (loop_object, event_loop) = running_loop(vm)?;
    let class = classes(vm).future.clone();
    let mut core = FutureCore::new(event_loop.clone(), loop_object, None);
    let cancelled = Rc::new(Cell::new(false));
    core.timer = Some(cancelled.clone());
    let future = future::new_future(&class, core);
    let callback = Callback::Resolve { future: future.clone(), result: arguments[1].clone() };
    event_loop.call_at(event_loop.time() + delay, Handle { callback, cancelled: Some(cancelled) });
    Ok(future)
}

/// `_cancel_requested(future)`: whether a gathering future was cancelled.
fn cancel_requested(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(receiver(arguments)?.1.borrow().cancel_requested))
}

fn future_set_result(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("set_result", arguments, 2, 2)?;
    let (future, _) = receiver(arguments)?;
    future::set_result(vm, future, arguments[1].clone())?;
    Ok(Value::None)
}

fn future_set_exception(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("set_exception", arguments, 2, 2)?;
    let (future, _) = receiver(arguments)?;
    let exception = match &arguments[1] {
        Value::Exception(exception) => exception.clone(),
        Value::Class(class) if class.is_exception_class() => match vm.instantiate(class, vec![], &[])? {
            Value::Exception(exception) => exception,
            _ => return Err(Error::type_error("invalid exception object")),
        },
        _ => return Err(Error::type_error("invalid exception object")),
    };
    if exception.class.is_builtin_exception_subclass(ExcKind::StopIteration) {
        return Err(Error::type_error(
            "StopIteration interacts badly with generators and cannot be raised into a Future",
        ));
    }
    future::set_exception(vm, future, exception)?;
    Ok(Value::None)
}

fn future_add_done_callback(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("add_done_callback", arguments, 2, 2)?;
    let (future, _) = receiver(arguments)?;
    future::add_done_callback(future, DoneCallback::Script(arguments[1].clone()));
    Ok(Value::None)
}

fn future_remove_done_callback(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("remove_done_callback", arguments, 2, 2)?;
    let (_, cell) = receiver(arguments)?;
    let callbacks = std::mem::take(&mut cell.borrow_mut().callbacks);
    let mut kept = Vec::with_capacity(callbacks.len());
    let mut removed = 0;
    for callback in callbacks {
        if let DoneCallback::Script(function) = &callback
            && crate::object::compare::equals(vm, function, &arguments[1])?
        {
            removed += 1;
            continue;
        }
        kept.push(callback);
    }
    let mut core = cell.borrow_mut();
    kept.append(&mut core.callbacks);
    core.callbacks = kept;
    Ok(Value::Int(removed))
}

fn future_get_loop(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    Ok(receiver(arguments)?.1.borrow().loop_object.clone())
}

fn future_await(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (future, _) = receiver(arguments)?;
    Ok(future_iterator(future, vm).unwrap_or(Value::None))
}

fn future_repr(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let (future, cell) = receiver(arguments)?;
    let (state, result, exception, name, coroutine) = {
        let core = cell.borrow();
        let (name, coroutine) = match &core.task {
            Some(part) => (Some(part.name()), Some(part.coroutine.clone())),
            None => (None, None),
        };
        (core.state, core.result.clone(), core.exception.clone(), name, coroutine)
    };
    let class = vm.class_of(future).name().to_string();
    let mut text = format!("<{class} {}", state.name().to_lowercase());
    if let Some(name) = name {
        text.push_str(&format!(" name={}", vm.repr(&name)?));
    }
    if let Some(coroutine) = coroutine {
        let described = match future::describe_coroutine(&coroutine) {
            Some(description) => format!("<{description}>"),
            None => vm.repr(&coroutine)?,
        };
        text.push_str(&format!(" coro={described}"));
    }
    if state == State::Finished {
        match exception {
            Some(exception) => {
                text.push_str(&format!(" exception={}", vm.repr(&Value::Exception(exception))?));
            }
            None => text.push_str(&format!(" result={}", vm.repr(&result)?)),
        }
    }
    text.push('>');
    Ok(Value::from_string(text))
}

// ------------------------------------------------------------ tasks

fn task_part<R>(arguments: &[Value], read: impl FnOnce(&mut TaskPart) -> R) -> Result<R> {
    let (_, cell) = receiver(arguments)?;
    let mut core = cell.borrow_mut();
    let part = core.task.as_mut().ok_or_else(|| Error::type_error("a Task was expected"))?;
    Ok(read(part))
}

fn task_new(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    check_arguments("Task", arguments, 2, 2)?;
    let [loop_argument, name, _context] = keyword_arguments("Task", keywords, ["loop", "name", "context"])?;
    let loop_object = match loop_argument {
        Some(object) if !object.is_none() => object,
        _ => running_loop(vm)?.0,
    };
    new_task(vm, &loop_object, arguments[1].clone(), name.unwrap_or(Value::None))
}

fn task_cancel(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (task, _) = receiver(arguments)?;
    let message = cancel_message(arguments, keywords)?;
    future::cancel_task(vm, task, message).map(Value::Bool)
}

fn task_get_name(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    task_part(arguments, |part| part.name())
}

fn task_set_name(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("set_name", arguments, 2, 2)?;
    let name = match &arguments[1] {
        name @ Value::Str(_) => name.clone(),
        other => Value::from_string(vm.to_str(other)?),
    };
    task_part(arguments, |part| part.name = name)?;
    Ok(Value::None)
}

fn task_get_coro(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    task_part(arguments, |part| part.coroutine.clone())
}

fn task_cancelling(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    task_part(arguments, |part| Value::Int(part.cancel_requests as i64))
}

fn task_uncancel(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    task_part(arguments, |part| {
        part.cancel_requests = part.cancel_requests.saturating_sub(1);
        Value::Int(part.cancel_requests as i64)
    })
}
