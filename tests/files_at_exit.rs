//! Files a script leaves open keep nothing back: what they buffered is
//! written when the program ends, however it ends. A script can never see
//! that itself, so each case runs in a fresh temporary folder under both
//! python3 (the oracle) and asy, and the files it leaves behind must match.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::run_in;

/// (name, script): each script writes `out.txt` (and maybe more) and
/// leaves files open at exit.
const CASES: &[(&str, &str)] = &[
    (
        "global_file_with_function",
        "f = open('out.txt', 'w')\nf.write('left open\\n')\ndef uses_globals():\n    return f\n",
    ),
    ("uncaught_exception", "f = open('out.txt', 'w')\nprint('printed', file=f)\nraise RuntimeError('stop')\n"),
    ("system_exit", "g = open('out.txt', 'wb')\ng.write(b'binary\\x00data')\nexit(3)\n"),
    (
        "in_a_cycle",
        "files = []\nfiles.append(files)\nfiles.append(open('out.txt', 'a'))\nfiles[1].write('cycle')\n\
         files[1].write('d')\n",
    ),
    (
        "several_files",
        "a = open('out.txt', 'w')\nb = open('second.txt', 'w', encoding='utf-16')\na.write('a' * 10000)\n\
         b.write('second ✓')\na.write('tail')\n",
    ),
];

fn python_available() -> bool {
    Command::new("python3").arg("--version").output().is_ok_and(|output| output.status.success())
}

/// A fresh empty folder for one run.
fn scratch_folder(case: &str, runner: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("asy-files-at-exit-{}-{case}-{runner}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a writable temporary folder");
    folder
}

/// Runs the script with `program` in a fresh folder; the exit status and
/// the files left there (name and content, sorted).
fn files_left(program: &str, case: &str, runner: &str, script: &str) -> (Option<i32>, Vec<(String, Vec<u8>)>) {
    let folder = scratch_folder(case, runner);
    let script_path = folder.join("script.asy");
    std::fs::write(&script_path, script).expect("a writable script");
    let outcome = run_in(program, &script_path, Duration::from_secs(20));
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .expect("a readable folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.file_name().is_some_and(|name| name != "script.asy"))
        .map(|path| (file_name(&path), std::fs::read(&path).unwrap_or_default()))
        .collect();
    files.sort();
    let _ = std::fs::remove_dir_all(&folder);
    (outcome.status, files)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn open_files_are_flushed_at_exit() {
    if !python_available() {
        eprintln!("python3 not found: skipping the files-at-exit check");
        return;
    }
    let mut failures = Vec::new();
    for (case, script) in CASES {
        let expected = files_left("python3", case, "python", script);
        let actual = files_left(env!("CARGO_BIN_EXE_asy"), case, "asy", script);
        if expected.1.is_empty() {
            failures.push(format!("{case}: python3 left no files"));
        }
        if actual != expected {
            failures.push(format!("{case}: python3 left {expected:?}\nasy left {actual:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
