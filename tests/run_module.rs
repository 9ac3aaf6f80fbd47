//! `asy -m MODULE [ARGS]` runs a module found on the search path as
//! `__main__`, as `python3 -m` does: checked against python3 (which imports
//! `.asy` files through the shim in tests/common/python) for stdout, exit
//! status, and the end of the last stderr line. Also the folders of
//! `ASYPATH`, searched as python3 searches those of PYTHONPATH.

use std::path::Path;
use std::process::Command;

/// (module, arguments) to run in tests/run_module.
const CASES: &[(&str, &[&str])] = &[
    ("greeter", &["one", "--two"]),
    ("tool", &["x"]),
    ("tool.command", &[]),
    ("no_such_module", &[]),
    ("plain", &[]),
    ("math", &[]),
];

fn run(program: &str, module: &str, arguments: &[&str]) -> (String, String, Option<i32>) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("run_module");
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("common").join("python");
    let output = Command::new(program)
        .arg("-m")
        .arg(module)
        .args(arguments)
        .current_dir(&folder)
        .env("PYTHONPATH", shim)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|error| panic!("cannot start {program}: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("").to_string();
    (stdout, last, output.status.code())
}

#[test]
fn modules_run_as_main_like_python() {
    if !Command::new("python3").arg("--version").output().is_ok_and(|output| output.status.success()) {
        eprintln!("python3 not found: skipping");
        return;
    }
    let mut failures = Vec::new();
    for (module, arguments) in CASES {
        let (expected_stdout, expected_error, expected_status) = run("python3", module, arguments);
        let (stdout, error, status) = run(env!("CARGO_BIN_EXE_asy"), module, arguments);
        // python3 names itself before a message of its own (`python3: No
        // module named x`), asy names itself: compare what follows.
        let message = |line: &str| line.rsplit(": ").next().unwrap_or("").to_string();
        if stdout != expected_stdout || status != expected_status || message(&error) != message(&expected_error) {
            failures.push(format!(
                "-m {module}: python3 gave {expected_status:?} {expected_stdout:?} {expected_error:?}, \
                 asy gave {status:?} {stdout:?} {error:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn asypath_folders_are_searched() {
    if !Command::new("python3").arg("--version").output().is_ok_and(|output| output.status.success()) {
        eprintln!("python3 not found: skipping");
        return;
    }
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("run_module");
    let extra = folder.join("extra");
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("common").join("python");
    let python = Command::new("python3")
        .arg("uses_search_path.asy")
        .current_dir(&folder)
        .env("PYTHONPATH", format!("{}:{}", shim.display(), extra.display()))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("python3 runs");
    let asy = Command::new(env!("CARGO_BIN_EXE_asy"))
        .arg("uses_search_path.asy")
        .current_dir(&folder)
        .env("ASYPATH", &extra)
        .output()
        .expect("asy runs");
    assert!(python.status.success(), "{}", String::from_utf8_lossy(&python.stderr));
    assert_eq!(String::from_utf8_lossy(&asy.stdout), String::from_utf8_lossy(&python.stdout));
    assert_eq!(asy.status.code(), Some(0));
}
