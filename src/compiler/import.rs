//! Lowering `import` statements, as CPython 3.11 compiles them: the module
//! is found by `ImportName`, names are taken from it by `ImportFrom`.

use super::scope::ScopeKind;
use super::{CompileResult, Compiler};
use crate::ast::{Alias, Span};
use crate::bytecode::Op;
use crate::diagnostic::SyntaxError;
use crate::value::Value;

impl<'a> Compiler<'a, '_> {
    /// import_name -> 'import' dotted_as_name (',' dotted_as_name)*
    ///
    /// `import a.b` binds `a` (ImportName gives the top-level package);
    /// `import a.b as c` walks from `a` to `b` with ImportFrom and binds
    /// the leaf. In a class, `import __m` imports `_Class__m`, as in
    /// CPython; the steps of a dotted path are not mangled.
    pub(super) fn compile_import(&mut self, aliases: &'a [Alias]) -> CompileResult {
        for alias in aliases {
            self.load_constant(Value::Int(0));
            self.load_constant(Value::None);
            let index = self.mangled_name_index(&alias.name);
            self.emit(Op::ImportName(index));
            match &alias.alias {
                None => {
                    let top = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.store_name(top);
                }
                Some(bound) => {
                    let parts: Vec<&str> = alias.name.split('.').skip(1).collect();
                    for (position, part) in parts.iter().enumerate() {
                        let index = self.name_index(part);
                        self.emit(Op::ImportFrom(index));
                        if position + 1 < parts.len() {
                            self.emit(Op::Swap(2));
                            self.emit(Op::Pop);
                        }
                    }
                    self.store_name(bound);
                    if !parts.is_empty() {
                        self.emit(Op::Pop);
                    }
                }
            }
        }
        Ok(())
    }

    /// import_from -> 'from' ('.')* dotted_name 'import' import_as_names | '*'
    pub(super) fn compile_import_from(
        &mut self,
        module: Option<&'a str>,
        names: &'a [Alias],
        level: usize,
        span: Span,
    ) -> CompileResult {
        let star = names.iter().any(|alias| alias.name == "*");
        if star && self.scope_kind() != ScopeKind::Module {
            return Err(SyntaxError::new("import * only allowed at module level", span));
        }
        self.load_constant(Value::Int(level as i64));
        let fromlist = names.iter().map(|alias| Value::from_text(&alias.name)).collect();
        self.load_constant(Value::tuple(fromlist));
        let index = self.mangled_name_index(module.unwrap_or(""));
        self.emit(Op::ImportName(index));
        if star {
            self.emit(Op::ImportStar);
            return Ok(());
        }
        for alias in names {
            let index = self.mangled_name_index(&alias.name);
            self.emit(Op::ImportFrom(index));
            self.store_name(alias.alias.as_ref().unwrap_or(&alias.name));
        }
        self.emit(Op::Pop);
        Ok(())
    }
}
