//! asy: an interpreter for a small async scripting language that reads
//! like Python.
//!
//! The pipeline, one module per stage: source text → `lexer` (tokens) →
//! `layout` (INDENT/DEDENT/NEWLINE) → `parser` (the lalrpop grammar, into
//! `ast`) → `compiler` (into `bytecode`) → `vm` (runs it). Values live in
//! `value` and `object`; the builtin namespace in `builtins`; the import system and
//! the modules scripts import in `modules`.

pub mod ast;
pub mod builtins;
pub mod bytecode;
pub mod compiler;
pub mod diagnostic;
pub mod error;
pub mod format;
pub mod layout;
pub mod lexer;
pub mod modules;
pub mod object;
pub mod parser;
pub mod value;
pub mod vm;
