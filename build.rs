//! Generates the parser from `grammar/asy.lalrpop` into OUT_DIR, and the
//! list of `stdlib/` files the binary embeds (so an installed `asy` needs
//! no files beside it).

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    lalrpop::Configuration::new()
        .set_in_dir("grammar")
        .set_out_dir(&out_dir)
        .emit_rerun_directives(true)
        .process()
        .expect("the grammar compiles");
    embed_stdlib(Path::new(&out_dir));
}

/// Writes `stdlib.rs`: `STDLIB`, every `.asy` file under `stdlib/` as
/// (path relative to `stdlib/`, `include_str!` of the file), sorted.
fn embed_stdlib(out_dir: &Path) {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest).join("stdlib");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut text = String::from("pub(crate) const STDLIB: &[(&str, &str)] = &[\n");
    for (relative, absolute) in files {
        text.push_str(&format!("    ({relative:?}, include_str!({absolute:?})),\n"));
    }
    text.push_str("];\n");
    std::fs::write(out_dir.join("stdlib.rs"), text).expect("OUT_DIR is writable");
}

fn collect(root: &Path, folder: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else if path.extension().is_some_and(|extension| extension == "asy") {
            let relative = path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
            files.push((relative, path.display().to_string()));
        }
    }
}
