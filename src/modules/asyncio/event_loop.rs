//! The event loop: one FIFO queue of ready callbacks and a heap of timers,
//! run the way CPython's `BaseEventLoop._run_once` runs them, so that the
//! order in which concurrent tasks print is CPython's.

use std::cell::{Cell, RefCell};
use std::cmp::Ordering;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use std::time::{Duration, Instant};

use super::exception_handler::Unretrieved;
use crate::object::exception::ExceptionObject;
use crate::value::Value;

/// What a ready handle does when it runs.
pub(crate) enum Callback {
    /// `Task.__step`: resume the task's coroutine, throwing `exception`
    /// in when there is one.
    Step { task: Value, exception: Option<Rc<ExceptionObject>> },
    /// `Task.__wakeup`: the future the task waited on is done.
    Wakeup { task: Value, future: Value },
    /// A script callable with its arguments (`call_soon`, done callbacks).
    Call { function: Value, arguments: Vec<Value> },
    /// `sleep`'s timer: the future gets `result` unless it was cancelled.
    Resolve { future: Value, result: Value },
    /// `_run_until_complete_cb`: the future `run_until_complete` waits
    /// for is done, so the loop stops after this iteration.
    Stop { future: Value },
}

/// A callback in the ready queue or on a timer.
pub(crate) struct Handle {
    pub callback: Callback,
    /// Shared with the script's `Handle` object, if it has one.
    pub cancelled: Option<Rc<Cell<bool>>>,
}

impl Handle {
    pub fn new(callback: Callback) -> Handle {
        Handle { callback, cancelled: None }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.as_ref().is_some_and(|cancelled| cancelled.get())
    }
}

struct Timer {
    when: f64,
    handle: Handle,
}

/// A heap of timers ordered by `when` alone, pushed and popped exactly as
/// Python's `heapq` does: timers due at the same moment then leave in
/// CPython's order.
#[derive(Default)]
struct TimerHeap {
    timers: Vec<Timer>,
}

impl TimerHeap {
    fn push(&mut self, timer: Timer) {
        self.timers.push(timer);
        let last = self.timers.len() - 1;
        self.sift_down(0, last);
    }

    fn pop(&mut self) -> Option<Timer> {
        let last = self.timers.pop()?;
        if self.timers.is_empty() {
            return Some(last);
        }
        let first = std::mem::replace(&mut self.timers[0], last);
        self.sift_up(0);
        Some(first)
    }

    /// `heapq._siftdown`: moves the timer at `position` towards the root.
    fn sift_down(&mut self, start: usize, mut position: usize) {
        while position > start {
            let parent = (position - 1) >> 1;
            if self.timers[position].when < self.timers[parent].when {
                self.timers.swap(position, parent);
                position = parent;
            } else {
                break;
            }
        }
    }

    /// `heapq._siftup`: moves the smaller child up until a leaf is
    /// reached, then sifts the displaced timer back down.
    fn sift_up(&mut self, mut position: usize) {
        let end = self.timers.len();
        let start = position;
        let mut child = 2 * position + 1;
        while child < end {
            let right = child + 1;
            // heapq's `not heap[child] < heap[right]`.
            let child_first = || self.timers[child].when.partial_cmp(&self.timers[right].when) == Some(Ordering::Less);
            if right < end && !child_first() {
                child = right;
            }
            self.timers.swap(position, child);
            position = child;
            child = 2 * position + 1;
        }
        self.sift_down(start, position);
    }

    /// `heapq.heapify`, after dropping cancelled timers.
    fn drop_cancelled(&mut self) {
        self.timers.retain(|timer| !timer.handle.is_cancelled());
        for position in (0..self.timers.len() / 2).rev() {
            self.sift_up(position);
        }
    }
}

/// Above this many timers, cancelled ones are swept out when they are
/// more than half (CPython's `_MIN_SCHEDULED_TIMER_HANDLES` and
/// `_MIN_CANCELLED_TIMER_HANDLES_FRACTION`).
const MIN_SCHEDULED_TIMERS: usize = 100;

/// `time.get_clock_info('monotonic').resolution` on Linux: timers due
/// within it of now count as due.
const CLOCK_RESOLUTION: f64 = 1e-9;

pub(crate) struct EventLoop {
    ready: RefCell<VecDeque<Handle>>,
    timers: RefCell<TimerHeap>,
    cancelled_timers: Cell<usize>,
    pub stopping: Cell<bool>,
    pub running: Cell<bool>,
    pub closed: Cell<bool>,
    /// The task whose step is running.
    pub current_task: RefCell<Option<Value>>,
    /// Every task made on this loop and not yet done, by a number that
    /// keeps them in creation order.
    pub tasks: RefCell<BTreeMap<u64, Value>>,
    next_task_id: Cell<u64>,
    /// `set_exception_handler`'s handler, None for the default one.
    pub exception_handler: RefCell<Value>,
    /// Where futures dropped with an unretrieved exception wait to be
    /// reported.
    pub unretrieved: Unretrieved,
    started: Instant,
    /// With virtual time, the clock jumps to the next timer instead of
    /// sleeping until it; this is how far it has jumped.
    virtual_time: bool,
    skipped: Cell<f64>,
}

/// What `run_once` found.
pub(crate) enum Turn {
    /// Here are the callbacks to run now.
    Run(Vec<Handle>),
    /// Nothing is ready and nothing ever will be.
    Stuck,
}

impl EventLoop {
    pub fn new(virtual_time: bool, unretrieved: Unretrieved) -> EventLoop {
        EventLoop {
            ready: RefCell::new(VecDeque::new()),
            timers: RefCell::new(TimerHeap::default()),
            cancelled_timers: Cell::new(0),
            stopping: Cell::new(false),
            running: Cell::new(false),
            closed: Cell::new(false),
            current_task: RefCell::new(None),
            tasks: RefCell::new(BTreeMap::new()),
            next_task_id: Cell::new(0),
            exception_handler: RefCell::new(Value::None),
            unretrieved,
            started: Instant::now(),
            virtual_time,
            skipped: Cell::new(0.0),
        }
    }

    /// `loop.time()`: seconds on the loop's monotonic clock.
    pub fn time(&self) -> f64 {
        self.started.elapsed().as_secs_f64() + self.skipped.get()
    }

    /// Enters a new task among the live ones; returns its number there.
    pub fn add_task(&self, task: Value) -> u64 {
        let id = self.next_task_id.get();
        self.next_task_id.set(id + 1);
        self.tasks.borrow_mut().insert(id, task);
        id
    }

    /// A done task leaves the live ones.
    pub fn forget_task(&self, id: u64) {
        self.tasks.borrow_mut().remove(&id);
    }

    pub fn call_soon(&self, handle: Handle) {
        self.ready.borrow_mut().push_back(handle);
    }

    pub fn call_at(&self, when: f64, handle: Handle) {
        self.timers.borrow_mut().push(Timer { when, handle });
    }

    /// A timer's handle was cancelled (`_timer_handle_cancelled`).
    pub fn timer_cancelled(&self) {
        self.cancelled_timers.set(self.cancelled_timers.get() + 1);
    }

    /// The first half of `_run_once`: waits for the first timer when
    /// nothing is ready, moves the due timers to the ready queue, and
    /// takes the callbacks that are ready now (those queued while they
    /// run wait for the next turn).
    pub fn next_turn(&self) -> Turn {
        self.sweep_cancelled_timers();
        let wait = if !self.ready.borrow().is_empty() || self.stopping.get() {
            Some(0.0)
        } else {
            self.timers.borrow().timers.first().map(|timer| (timer.when - self.time()).max(0.0))
        };
        match wait {
            None => return Turn::Stuck,
            Some(seconds) if seconds > 0.0 => {
                if self.virtual_time {
                    self.skipped.set(self.skipped.get() + seconds);
                } else {
                    std::thread::sleep(Duration::from_secs_f64(seconds));
                }
            }
            Some(_) => {}
        }
        let end = self.time() + CLOCK_RESOLUTION;
        {
            let mut timers = self.timers.borrow_mut();
            let mut ready = self.ready.borrow_mut();
            while timers.timers.first().is_some_and(|timer| timer.when < end) {
                if let Some(timer) = timers.pop() {
                    if timer.handle.is_cancelled() {
                        self.cancelled_timers.set(self.cancelled_timers.get().saturating_sub(1));
                    }
                    ready.push_back(timer.handle);
                }
            }
        }
        let mut ready = self.ready.borrow_mut();
        let count = ready.len();
        // A handle may still be cancelled by one that runs before it.
        Turn::Run(ready.drain(..count).collect())
    }

    /// Drops cancelled timers: all of them when they are most of a big
    /// heap, else those at its head.
    fn sweep_cancelled_timers(&self) {
        let mut timers = self.timers.borrow_mut();
        let count = timers.timers.len();
        if count > MIN_SCHEDULED_TIMERS && self.cancelled_timers.get() * 2 > count {
            timers.drop_cancelled();
            self.cancelled_timers.set(0);
            return;
        }
        while timers.timers.first().is_some_and(|timer| timer.handle.is_cancelled()) {
            timers.pop();
            self.cancelled_timers.set(self.cancelled_timers.get().saturating_sub(1));
        }
    }
}
