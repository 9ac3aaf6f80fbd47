//! Keeps the oracle honest: re-derives every expected file from python3
//! and fails on any drift. Skipped where python3 is not installed. With
//! ASY_BLESS=1 it writes the expected files instead (for new scripts).

mod common;

use std::process::Command;
use std::time::Duration;

use common::{cases, describe_difference, run, run_all, run_in, scripts_in};

fn python_available() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|output| output.status.success())
}

#[test]
fn expected_outputs_come_from_python() {
    if !python_available() {
        eprintln!("python3 not found: skipping the oracle check");
        return;
    }
    let bless = std::env::var("ASY_BLESS").is_ok_and(|v| v == "1");
    let failures = run_all(cases(), |case| {
        let outcome = run("python3", &[], case, Duration::from_secs(30));
        if outcome.timed_out {
            return Some(format!("{}: python3 timed out", case.name()));
        }
        let error_path = case.expected_error();
        let expected_error = (outcome.status != Some(0)).then(|| outcome.error_summary());
        if bless {
            std::fs::write(case.expected_stdout(), &outcome.stdout).expect("writable .out");
            match &expected_error {
                Some(summary) => std::fs::write(&error_path, summary).expect("writable .err"),
                None => {
                    let _ = std::fs::remove_file(&error_path);
                }
            }
            return None;
        }
        let recorded_stdout = std::fs::read_to_string(case.expected_stdout()).unwrap_or_default();
        let recorded_error = std::fs::read_to_string(&error_path).ok();
        let mut problems = String::new();
        if recorded_stdout != outcome.stdout {
            problems.push_str(&describe_difference(&recorded_stdout, &outcome.stdout));
        }
        if recorded_error != expected_error {
            problems.push_str(&format!("  .err is {recorded_error:?}, python3 gives {expected_error:?}\n"));
        }
        (!problems.is_empty()).then(|| format!("{} drifted from python3:\n{problems}", case.name()))
    });
    if !failures.is_empty() {
        for failure in &failures {
            eprintln!("{failure}");
        }
        panic!("{} expected files differ from python3 (regenerate with ASY_BLESS=1)", failures.len());
    }
}

#[test]
fn traceback_recordings_come_from_python() {
    if !python_available() {
        eprintln!("python3 not found: skipping the traceback oracle check");
        return;
    }
    let bless = std::env::var("ASY_BLESS").is_ok_and(|v| v == "1");
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("tracebacks");
    let mut failures = Vec::new();
    for script in scripts_in(&folder) {
        let outcome = run_in("python3", &script, Duration::from_secs(30));
        // CPython names the script by its absolute path; asy by the path given.
        let prefix = format!("{}/", script.parent().map(|p| p.display().to_string()).unwrap_or_default());
        let stderr = outcome.stderr.replace(&prefix, "");
        let path = script.with_extension("stderr");
        if bless {
            std::fs::write(&path, &stderr).expect("writable .stderr");
            continue;
        }
        let recorded = std::fs::read_to_string(&path).unwrap_or_default();
        if recorded != stderr {
            failures.push(format!("{} drifted:\n{}", script.display(), describe_difference(&recorded, &stderr)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
