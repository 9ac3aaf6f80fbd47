//! Runs every script under tests/conformance through the built `asy` and
//! compares with the expected output recorded from python3: stdout
//! exactly, and for failing scripts the exit status and the last line of
//! stderr.

mod common;

use std::time::Duration;

use common::{cases, describe_difference, run, run_all};

#[test]
fn conformance_scripts_match_python() {
    let program = env!("CARGO_BIN_EXE_asy");
    let cases = cases();
    assert!(!cases.is_empty(), "no conformance scripts found");
    let total = cases.len();
    let failures = run_all(cases, |case| {
        let outcome = run(program, &[], case, Duration::from_secs(20));
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
        panic!("{} of {total} conformance scripts failed", failures.len());
    }
}
