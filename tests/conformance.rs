//! Runs every script under tests/conformance through the built `asy` and
//! compares with the expected output recorded from python3: stdout
//! exactly, and for failing scripts the exit status and the last line of
//! stderr.

mod common;

use std::time::Duration;

use common::{Case, cases, describe_difference, run, run_all};

#[test]
fn conformance_scripts_match_python() {
    check_cases(cases(), &[]);
}

/// The async scripts again with the clock jumping to each timer instead of
/// waiting for it: their output must not change.
#[test]
fn async_scripts_match_python_under_virtual_time() {
    let async_cases: Vec<Case> = cases().into_iter().filter(|case| case.name().starts_with("asyncio")).collect();
    if async_cases.is_empty() {
        return;
    }
    check_cases(async_cases, &["--virtual-time"]);
}

/// Runs each case through the built `asy` with `options` before the
/// script and compares with what python3 printed.
fn check_cases(cases: Vec<Case>, options: &[&str]) {
    let program = env!("CARGO_BIN_EXE_asy");
    assert!(!cases.is_empty(), "no conformance scripts found");
    let total = cases.len();
    let failures = run_all(cases, |case| {
        let outcome = run(program, options, case, Duration::from_secs(20));
        let expected_stdout = std::fs::read_to_string(case.expected_stdout()).unwrap_or_default();
        let expected_error = std::fs::read_to_string(case.expected_error()).ok();
        let mut problems = String::new();
        if outcome.timed_out {
            problems.push_str("  timed out\n");
        }
        if outcome.stdout != expected_stdout {
            problems.push_str("  stdout differs\n");
            problems.push_str(&describe_difference(&expected_stdout, &outcome.stdout));
        }
        match &expected_error {
            Some(expected) => {
                if &outcome.error_summary() != expected {
                    problems.push_str(&format!(
                        "  expected exit/stderr {:?}, got {:?}\n",
                        expected,
                        outcome.error_summary()
                    ));
                }
            }
            None => {
                if outcome.status != Some(0) {
                    problems.push_str(&format!(
                        "  exit status {:?}; stderr ends: {}\n",
                        outcome.status,
                        outcome.last_stderr_line()
                    ));
                }
            }
        }
        (!problems.is_empty()).then(|| format!("{}\n{problems}", case.name()))
    });
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("FAIL {failure}");
        }
        let mode = if options.is_empty() { String::new() } else { format!(" (with {})", options.join(" ")) };
        panic!("{} of {total} conformance scripts failed{mode}", failures.len());
    }
}
