//! Shared by the script-driven tests: finding the conformance cases and
//! running a program on one with a time limit.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One conformance case: `NAME.asy`, its expected stdout `NAME.out`, and
/// for a failing script `NAME.err` (exit status, then the last stderr line).
pub struct Case {
    pub script: PathBuf,
}

impl Case {
    pub fn expected_stdout(&self) -> PathBuf {
        self.script.with_extension("out")
    }

    pub fn expected_error(&self) -> PathBuf {
        self.script.with_extension("err")
    }

    pub fn stdin(&self) -> Option<PathBuf> {
        let path = self.script.with_extension("in");
        path.exists().then_some(path)
    }

    pub fn name(&self) -> String {
        let root = conformance_root();
        self.script.strip_prefix(&root).unwrap_or(&self.script).display().to_string()
    }
}

pub fn conformance_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("conformance")
}

/// Every case, sorted; `ASY_CONFORMANCE_FILTER` keeps names containing it.
pub fn cases() -> Vec<Case> {
    let filter = std::env::var("ASY_CONFORMANCE_FILTER").ok();
    let mut scripts = Vec::new();
    collect(&conformance_root(), &mut scripts);
    scripts.sort();
    scripts
        .into_iter()
        .map(|script| Case { script })
        .filter(|case| filter.as_ref().is_none_or(|f| case.name().contains(f.as_str())))
        .collect()
}

/// Gathers the scripts under a folder. A folder holding `main.asy` is one
/// multi-file case: `main.asy` runs, its other `.asy` files are the modules
/// it imports.
fn collect(directory: &Path, scripts: &mut Vec<PathBuf>) {
    let main = directory.join("main.asy");
    if main.is_file() {
        scripts.push(main);
        return;
    }
    let Ok(entries) = std::fs::read_dir(directory) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, scripts);
        } else if path.extension().is_some_and(|e| e == "asy") {
            scripts.push(path);
        }
    }
}

/// What a program did with a script.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub status: Option<i32>,
    pub timed_out: bool,
}

impl Outcome {
    pub fn last_stderr_line(&self) -> &str {
        self.stderr.lines().rev().find(|line| !line.trim().is_empty()).unwrap_or("")
    }

    /// The `.err` file's text for this outcome: status, then last line.
    pub fn error_summary(&self) -> String {
        format!("{}\n{}\n", self.status.unwrap_or(-1), self.last_stderr_line())
    }
}

/// The `.asy` scripts of one folder, sorted.
pub fn scripts_in(folder: &Path) -> Vec<PathBuf> {
    let mut scripts = Vec::new();
    collect(folder, &mut scripts);
    scripts.sort();
    scripts
}

/// Runs `program script` in the script's folder with no input.
pub fn run_in(program: &str, script: &Path, limit: Duration) -> Outcome {
    run_script(program, &[], script, Stdio::null(), limit)
}

/// Runs `program [arguments] script` in the script's folder.
pub fn run(program: &str, arguments: &[&str], case: &Case, limit: Duration) -> Outcome {
    let stdin = match case.stdin() {
        Some(path) => Stdio::from(std::fs::File::open(path).expect("readable .in file")),
        None => Stdio::null(),
    };
    run_script(program, arguments, &case.script, stdin, limit)
}

/// The folder whose `sitecustomize.py` lets python3 import `.asy` files
/// (see the comment in that file); python3 runs with it on PYTHONPATH.
fn python_shim() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("common").join("python")
}

fn run_script(program: &str, arguments: &[&str], script: &Path, stdin: Stdio, limit: Duration) -> Outcome {
    let folder = script.parent().expect("a script has a folder");
    let file_name = script.file_name().expect("a script has a name");
    let mut command = Command::new(program);
    if program == "python3" {
        // Imported `.asy` modules must leave no `__pycache__` behind.
        command.env("PYTHONPATH", python_shim()).env("PYTHONDONTWRITEBYTECODE", "1");
    }
    let mut child = command
        .args(arguments)
        .arg(file_name)
        .current_dir(folder)
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {program}: {error}"));
    let mut stdout_pipe = child.stdout.take().expect("piped stdout");
    let mut stderr_pipe = child.stderr.take().expect("piped stderr");
    let stdout_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut bytes);
        bytes
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) if Instant::now() > deadline => {
                let _ = child.kill();
                timed_out = true;
                break child.wait().ok().and_then(|s| s.code());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(_) => break None,
        }
    };
    let stdout = String::from_utf8_lossy(&stdout_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr_reader.join().unwrap_or_default()).into_owned();
    Outcome { stdout, stderr, status, timed_out }
}

/// Runs `check` on every case with a few threads; returns the failures.
pub fn run_all(cases: Vec<Case>, check: impl Fn(&Case) -> Option<String> + Sync) -> Vec<String> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    if let Some(failure) = check(case) {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push(failure);
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    failures
}

/// A short readable difference between expected and actual text.
pub fn describe_difference(expected: &str, actual: &str) -> String {
    let expected_lines: Vec<&str> = expected.lines().collect();
    let actual_lines: Vec<&str> = actual.lines().collect();
    let first = expected_lines
        .iter()
        .zip(&actual_lines)
        .position(|(e, a)| e != a)
        .unwrap_or(expected_lines.len().min(actual_lines.len()));
    let mut out = format!("  first difference at line {}:\n", first + 1);
    for line in expected_lines.iter().skip(first).take(3) {
        out.push_str(&format!("  - {line}\n"));
    }
    for line in actual_lines.iter().skip(first).take(3) {
        out.push_str(&format!("  + {line}\n"));
    }
    if expected_lines.len() != actual_lines.len() {
        out.push_str(&format!("  ({} lines expected, {} printed)\n", expected_lines.len(), actual_lines.len()));
    } else if expected != actual && first >= expected_lines.len() {
        out.push_str("  (difference in trailing newline)\n");
    }
    out
}
