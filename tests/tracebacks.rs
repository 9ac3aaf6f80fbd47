//! Uncaught exceptions print CPython's whole traceback: every frame, the
//! source lines with their caret markers, chained exceptions, notes; syntax
//! errors (`syntax_*`) print CPython's report, caret included. Each
//! `tests/tracebacks/NAME.asy` has `NAME.stderr`, recorded from python3
//! (with the script's folder stripped from file names, as asy prints the
//! path it was given). A folder with `main.asy` is one case whose frames
//! pass through the modules beside it; those both name by their absolute
//! path, stripped the same way. `tests/oracle.rs` checks the recordings.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{describe_difference, run_in, scripts_in};

#[test]
fn tracebacks_match_python() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("tracebacks");
    let mut failures = Vec::new();
    for script in scripts_in(&folder) {
        let outcome = run_in(env!("CARGO_BIN_EXE_asy"), &script, Duration::from_secs(20));
        let prefix = format!("{}/", script.parent().map(|p| p.display().to_string()).unwrap_or_default());
        let stderr = outcome.stderr.replace(&prefix, "");
        let expected = std::fs::read_to_string(script.with_extension("stderr")).unwrap_or_default();
        if stderr != expected {
            failures.push(format!("{}\n{}", script.display(), describe_difference(&expected, &stderr)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
