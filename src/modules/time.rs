//! The `time` module: the wall clock, a monotonic clock, the performance
//! counter, the process's CPU time, and `sleep` (which blocks the thread
//! until the event loop gives it something better to do).

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::ModuleBuilder;
use crate::builtins::{check_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::value::Value;
use crate::vm::Vm;

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    // The monotonic clocks count from the first use of the module.
    start();
    module.functions(
        vm,
        &[
            ("time", time),
            ("time_ns", time_ns),
            ("monotonic", monotonic),
            ("monotonic_ns", monotonic_ns),
            ("perf_counter", perf_counter),
            ("perf_counter_ns", perf_counter_ns),
            ("process_time", process_time),
            ("process_time_ns", process_time_ns),
            ("sleep", sleep),
        ],
    );
    Ok(())
}

/// The instant the monotonic clocks count from.
fn start() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now)
}

fn since_epoch() -> Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

fn seconds(duration: Duration) -> Value {
    Value::Float(duration.as_secs_f64())
}

fn nanoseconds(duration: Duration) -> Value {
    Value::from_bigint(num_bigint::BigInt::from(duration.as_nanos()))
}

/// A clock reading function: no arguments, a value from a duration.
macro_rules! clock {
    ($name:ident, $reading:expr, $convert:ident) => {
        fn $name(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
            no_keywords(stringify!($name), keywords)?;
            check_arguments(stringify!($name), arguments, 0, 0)?;
            Ok($convert($reading))
        }
    };
}

clock!(time, since_epoch(), seconds);
clock!(time_ns, since_epoch(), nanoseconds);
clock!(monotonic, start().elapsed(), seconds);
clock!(monotonic_ns, start().elapsed(), nanoseconds);
clock!(perf_counter, start().elapsed(), seconds);
clock!(perf_counter_ns, start().elapsed(), nanoseconds);
clock!(process_time, cpu_time(), seconds);
clock!(process_time_ns, cpu_time(), nanoseconds);

/// CPU time used by the process (user and system), where the platform
/// tells it; elsewhere the time since start.
fn cpu_time() -> Duration {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        #[repr(C)]
        struct TimeSpec {
            seconds: i64,
            nanoseconds: i64,
        }
        unsafe extern "C" {
            fn clock_gettime(clock: i32, time: *mut TimeSpec) -> i32;
        }
        const CLOCK_PROCESS_CPUTIME_ID: i32 = if cfg!(target_os = "linux") { 2 } else { 12 };
        let mut reading = TimeSpec { seconds: 0, nanoseconds: 0 };
        // SAFETY: clock_gettime writes one timespec through a valid pointer.
        if unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut reading) } == 0 {
            return Duration::new(reading.seconds.max(0) as u64, reading.nanoseconds.clamp(0, 999_999_999) as u32);
        }
    }
    start().elapsed()
}

/// sleep(seconds)
fn sleep(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("sleep", keywords)?;
    check_arguments("sleep", arguments, 1, 1)?;
    let seconds = match &arguments[0] {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        Value::BigInt(_) => return Err(Error::overflow("timestamp too large to convert to C _PyTime_t")),
        other => {
            return Err(Error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                other.type_name()
            )));
        }
    };
    if seconds.is_nan() {
        return Err(Error::value_error("Invalid value NaN (not a number)"));
    }
    if seconds < 0.0 {
        return Err(Error::value_error("sleep length must be non-negative"));
    }
    if !seconds.is_finite() || seconds > 9.2e9 {
        return Err(Error::overflow("timestamp too large to convert to C _PyTime_t"));
    }
    // What was printed shows before the wait, as a person watching expects.
    vm.flush_stdout();
    std::thread::sleep(Duration::from_secs_f64(seconds));
    Ok(Value::None)
}
