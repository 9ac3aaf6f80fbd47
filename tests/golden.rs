//! Golden tests of the front end and the compiler: the token stream the
//! layout pass produces, the rendering of syntax errors, and `asy dis`
//! listings. Expected files sit next to their sources; run with
//! ASY_BLESS=1 to regenerate them after a deliberate change, then review
//! the diff.

use std::path::{Path, PathBuf};

use asy::diagnostic::SourceMap;
use asy::vm::Vm;

fn sources(folder: &str) -> Vec<PathBuf> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden").join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&directory)
        .expect("golden folder exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "asy"))
        .collect();
    paths.sort();
    paths
}

/// Compares `actual` with the golden file, or writes it when blessing.
fn check(expected_path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var("ASY_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(expected_path, actual).expect("writable golden file");
        return;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    if expected != actual {
        failures.push(format!("{} differs:\n--- expected\n{expected}--- actual\n{actual}", expected_path.display()));
    }
}

fn finish(failures: Vec<String>) {
    if !failures.is_empty() {
        panic!("{}\n(regenerate with ASY_BLESS=1 if the change is intended)", failures.join("\n"));
    }
}

#[test]
fn layout_token_streams() {
    let mut failures = Vec::new();
    for path in sources("tokens") {
        let source = std::fs::read_to_string(&path).expect("readable source");
        let map = SourceMap::new(&source);
        let mut listing = String::new();
        match asy::layout::layout(&source) {
            Ok(tokens) => {
                for (start, token, end) in tokens {
                    let (line, column) = map.line_column(start);
                    listing.push_str(&format!("{line}:{column} {} {:?}\n", token.describe(), &source[start..end]));
                }
            }
            Err(error) => listing.push_str(&format!("error: {error} at {:?}\n", error.span)),
        }
        check(&path.with_extension("tokens"), &listing, &mut failures);
    }
    finish(failures);
}

#[test]
fn syntax_error_reports() {
    let mut failures = Vec::new();
    for path in sources("errors") {
        let source = std::fs::read_to_string(&path).expect("readable source");
        let filename = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let report = match Vm::new().compile(&source, filename) {
            Ok(_) => "compiled without error\n".to_string(),
            Err(error) => error.render(filename, &source),
        };
        check(&path.with_extension("stderr"), &report, &mut failures);
    }
    finish(failures);
}

#[test]
fn disassembly_listings() {
    let mut failures = Vec::new();
    for path in sources("dis") {
        let source = std::fs::read_to_string(&path).expect("readable source");
        let filename = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let listing = match Vm::new().compile(&source, filename) {
            Ok(code) => asy::bytecode::disassemble(&code),
            Err(error) => error.render(filename, &source),
        };
        check(&path.with_extension("dis"), &listing, &mut failures);
    }
    finish(failures);
}
