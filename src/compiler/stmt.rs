//! Lowering statements.

use std::rc::Rc;

use super::scope::{CLASS_CELL, ScopeKind, Storage};
use super::{Block, CompileResult, Compiler};
use crate::ast::*;
use crate::bytecode::*;
use crate::diagnostic::SyntaxError;
use crate::object::string::Str;
use crate::value::Value;

/// Where a `break` or `continue` is going.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exit {
    Break,
    Continue,
}

impl<'a> Compiler<'a, '_> {
    pub(super) fn compile_body(&mut self, statements: &'a [Stmt]) -> CompileResult {
        statements.iter().try_for_each(|statement| self.compile_statement(statement))
    }

    fn compile_statement(&mut self, statement: &'a Stmt) -> CompileResult {
        self.set_line(statement.span);
        match &statement.kind {
            StmtKind::Expr(value) => {
                self.compile_expression(value)?;
                self.emit(Op::Pop);
            }
            StmtKind::Assign { targets, value } => self.compile_assign(targets, value)?,
            StmtKind::AugAssign { target, op, value } => self.compile_augmented_assign(target, *op, value)?,
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(value) = value {
                    self.compile_expression(value)?;
                    self.compile_store(target)?;
                }
            }
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Break => self.compile_exit(Exit::Break, statement.span)?,
            StmtKind::Continue => self.compile_exit(Exit::Continue, statement.span)?,
            StmtKind::Return(value) => self.compile_return(value.as_ref(), statement.span)?,
            StmtKind::Raise { exception, cause } => {
                self.compile_raise(exception.as_ref(), cause.as_ref(), statement.span)?
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|target| self.compile_delete(target))?,
            StmtKind::Assert { test, message } => self.compile_assert(test, message.as_ref(), statement.span)?,
            StmtKind::If { test, body, orelse } => self.compile_if(test, body, orelse)?,
            StmtKind::While { test, body, orelse } => self.compile_while(test, body, orelse)?,
            StmtKind::For { target, iter, body, orelse, is_async } => {
                if *is_async {
                    return Err(SyntaxError::new("'async for' is not supported yet", statement.span));
                }
                self.compile_for(target, iter, body, orelse, statement.span)?
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                if finalbody.is_empty() {
                    self.compile_try_except(body, handlers, orelse)?;
                } else {
                    self.compile_try_finally(body, handlers, orelse, finalbody)?;
                }
            }
            StmtKind::FunctionDef(function) => self.compile_function_def(function, statement.span)?,
            StmtKind::ClassDef(class) => self.compile_class_def(class, statement.span)?,
            StmtKind::With { items, body, is_async } => {
                if *is_async {
                    return Err(SyntaxError::new("'async with' is not supported yet", statement.span));
                }
                self.compile_with(items, body, statement.span)?;
            }
            StmtKind::Import(aliases) => self.compile_import(aliases)?,
            StmtKind::ImportFrom { module, names, level } => {
                self.compile_import_from(module.as_deref(), names, *level, statement.span)?
            }
        }
        Ok(())
    }

    /// assignment -> targets '=' value
    fn compile_assign(&mut self, targets: &'a [Expr], value: &'a Expr) -> CompileResult {
        self.compile_expression(value)?;
        for (index, target) in targets.iter().enumerate() {
            if index + 1 < targets.len() {
                self.emit(Op::Copy(1));
            }
            self.compile_store(target)?;
        }
        Ok(())
    }

    /// Stores the top of the stack into a target.
    pub(super) fn compile_store(&mut self, target: &'a Expr) -> CompileResult {
        match &target.kind {
            ExprKind::Name(name) => self.store_name(name),
            ExprKind::Attribute { value, name } => {
                self.compile_expression(value)?;
                let index = self.mangled_name_index(name);
                self.set_line(target.span);
                self.emit(Op::StoreAttr(index));
            }
            ExprKind::Subscript { value, index } => {
                self.compile_expression(value)?;
                self.compile_expression(index)?;
                self.set_line(target.span);
                self.emit(Op::SetItem);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                self.set_line(target.span);
                let starred = items.iter().position(|item| matches!(item.kind, ExprKind::Starred(_)));
                match starred {
                    Some(position) => {
                        let after = items.len() - position - 1;
                        if position > u16::MAX as usize || after > u16::MAX as usize {
                            return Err(SyntaxError::new(
                                "too many expressions in star-unpacking assignment",
                                target.span,
                            ));
                        }
                        self.emit(Op::UnpackStarred { before: position as u16, after: after as u16 });
                    }
                    None => self.emit(Op::UnpackSequence(items.len() as u32)),
                }
                for item in items {
                    match &item.kind {
                        ExprKind::Starred(inner) => self.compile_store(inner)?,
                        _ => self.compile_store(item)?,
                    }
                }
            }
            _ => return Err(SyntaxError::new("cannot assign to expression", target.span)),
        }
        Ok(())
    }

    /// augassign -> target op= value
    fn compile_augmented_assign(&mut self, target: &'a Expr, op: BinaryOp, value: &'a Expr) -> CompileResult {
        match &target.kind {
            ExprKind::Name(name) => {
                self.load_name(name);
                self.compile_expression(value)?;
                self.set_line(target.span);
                self.emit(Op::InPlace(op));
                self.store_name(name);
            }
            ExprKind::Attribute { value: object, name } => {
                self.compile_expression(object)?;
                self.emit(Op::Copy(1));
                let index = self.mangled_name_index(name);
                self.emit(Op::LoadAttr(index));
                self.compile_expression(value)?;
                self.set_line(target.span);
                self.emit(Op::InPlace(op));
                self.emit(Op::Swap(2));
                self.emit(Op::StoreAttr(index));
            }
            ExprKind::Subscript { value: container, index } => {
                self.compile_expression(container)?;
                self.compile_expression(index)?;
                self.emit(Op::Copy(2));
                self.emit(Op::Copy(2));
                self.emit(Op::GetItem);
                self.compile_expression(value)?;
                self.set_line(target.span);
                self.emit(Op::InPlace(op));
                self.emit(Op::Swap(3));
                self.emit(Op::Swap(2));
                self.emit(Op::SetItem);
            }
            _ => return Err(SyntaxError::new("illegal expression for augmented assignment", target.span)),
        }
        Ok(())
    }

    fn compile_delete(&mut self, target: &'a Expr) -> CompileResult {
        match &target.kind {
            ExprKind::Name(name) => self.delete_name(name),
            ExprKind::Attribute { value, name } => {
                self.compile_expression(value)?;
                let index = self.mangled_name_index(name);
                self.emit(Op::DeleteAttr(index));
            }
            ExprKind::Subscript { value, index } => {
                self.compile_expression(value)?;
                self.compile_expression(index)?;
                self.emit(Op::DeleteItem);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().try_for_each(|item| self.compile_delete(item))?;
            }
            _ => return Err(SyntaxError::new("cannot delete expression", target.span)),
        }
        Ok(())
    }

    /// assert_stmt -> 'assert' test [',' message]
    fn compile_assert(&mut self, test: &'a Expr, message: Option<&'a Expr>, span: Span) -> CompileResult {
        self.check_assertion(test, span);
        let passed = self.new_label();
        self.compile_jump_if(test, true, passed)?;
        match message {
            Some(message) => {
                self.emit(Op::LoadAssertionError);
                self.compile_expression(message)?;
                self.emit(Op::Call(1));
            }
            None => self.emit(Op::LoadAssertionError),
        }
        self.set_line(span);
        self.emit(Op::Raise(RaiseForm::Raise));
        self.bind(passed);
        Ok(())
    }

    /// raise_stmt -> 'raise' [exception ['from' cause]]
    fn compile_raise(&mut self, exception: Option<&'a Expr>, cause: Option<&'a Expr>, span: Span) -> CompileResult {
        let form = match (exception, cause) {
            (None, _) => RaiseForm::Reraise,
            (Some(exception), None) => {
                self.compile_expression(exception)?;
                RaiseForm::Raise
            }
            (Some(exception), Some(cause)) => {
                self.compile_expression(exception)?;
                self.compile_expression(cause)?;
                RaiseForm::RaiseFrom
            }
        };
        self.set_line(span);
        self.emit(Op::Raise(form));
        Ok(())
    }

    /// if_stmt -> 'if' test ':' body ('elif' ...)* ['else' ':' orelse]
    fn compile_if(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> CompileResult {
        let otherwise = self.new_label();
        self.compile_jump_if(test, false, otherwise)?;
        self.compile_body(body)?;
        if orelse.is_empty() {
            self.bind(otherwise);
        } else {
            let end = self.new_label();
            if self.unit_ref().reachable {
                self.emit_jump(Op::Jump, end);
            }
            self.bind(otherwise);
            self.compile_body(orelse)?;
            self.bind(end);
        }
        Ok(())
    }

    /// while_stmt -> 'while' test ':' body ['else' ':' orelse]
    ///
    /// The test is compiled twice, before the loop and at its bottom, so
    /// each iteration takes one conditional jump instead of two jumps.
    fn compile_while(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> CompileResult {
        let top = self.new_label();
        let body_start = self.new_label();
        let otherwise = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.compile_jump_if(test, false, otherwise)?;
        self.bind(body_start);
        self.unit().blocks.push(Block::Loop { continue_label: top, break_label: end, iterator_on_stack: false });
        self.compile_body(body)?;
        self.unit().blocks.pop();
        if self.unit_ref().reachable {
            self.set_line(test.span);
            self.compile_jump_if(test, true, body_start)?;
        }
        self.bind(otherwise);
        self.compile_body(orelse)?;
        self.bind(end);
        Ok(())
    }

    /// for_stmt -> 'for' target 'in' iter ':' body ['else' ':' orelse]
    fn compile_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
        span: Span,
    ) -> CompileResult {
        self.compile_iterable(iter)?;
        // The header line stands for the loop in tracebacks.
        let header = (span.0, span.0 + self.source_map_slice(span).find(['\n', '\r']).unwrap_or(span.1 - span.0));
        self.set_line(header);
        self.emit(Op::GetIter);
        let top = self.new_label();
        let otherwise = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.set_line(header);
        self.emit_jump(Op::ForIter, otherwise);
        self.compile_store(target)?;
        self.unit().blocks.push(Block::Loop { continue_label: top, break_label: end, iterator_on_stack: true });
        self.compile_body(body)?;
        self.unit().blocks.pop();
        if self.unit_ref().reachable {
            self.emit_jump(Op::Jump, top);
        }
        self.bind(otherwise);
        self.compile_body(orelse)?;
        self.bind(end);
        Ok(())
    }

    /// `break`, `continue`: run what the enclosing blocks require on the
    /// way out, then jump.
    fn compile_exit(&mut self, exit: Exit, span: Span) -> CompileResult {
        let loop_index = self.unit_ref().blocks.iter().rposition(|block| matches!(block, Block::Loop { .. }));
        let Some(loop_index) = loop_index else {
            let message = if exit == Exit::Break { "'break' outside loop" } else { "'continue' not properly in loop" };
            return Err(SyntaxError::new(message, span));
        };
        let depth = self.unit_ref().depth;
        let saved_blocks = self.unit_ref().blocks.clone();
        let saved_regions = self.unit_ref().active_regions.clone();
        self.unwind_blocks(loop_index + 1, false)?;
        let Block::Loop { continue_label, break_label, iterator_on_stack } = saved_blocks[loop_index] else {
            unreachable!("found a loop block")
        };
        if exit == Exit::Break {
            if iterator_on_stack {
                self.emit(Op::Pop);
            }
            self.emit_jump(Op::Jump, break_label);
        } else {
            self.emit_jump(Op::Jump, continue_label);
        }
        let unit = self.unit();
        unit.blocks = saved_blocks;
        unit.active_regions = saved_regions;
        unit.depth = depth;
        Ok(())
    }

    /// return_stmt -> 'return' [value]
    fn compile_return(&mut self, value: Option<&'a Expr>, span: Span) -> CompileResult {
        if matches!(self.scope_kind(), ScopeKind::Module | ScopeKind::Class) {
            return Err(SyntaxError::new("'return' outside function", span));
        }
        match value {
            Some(value) => self.compile_expression(value)?,
            None => self.load_constant(Value::None),
        }
        let depth = self.unit_ref().depth;
        let saved_blocks = self.unit_ref().blocks.clone();
        let saved_regions = self.unit_ref().active_regions.clone();
        self.unwind_blocks(0, true)?;
        self.set_line(span);
        self.emit(Op::Return);
        let unit = self.unit();
        unit.blocks = saved_blocks;
        unit.active_regions = saved_regions;
        unit.depth = depth;
        Ok(())
    }

    /// Emits the exit code of every block above `keep` (innermost first).
    /// With `value_on_top`, a return value sits above what blocks pop.
    fn unwind_blocks(&mut self, keep: usize, value_on_top: bool) -> CompileResult {
        while self.unit_ref().blocks.len() > keep {
            let block = self.unit().blocks.pop().expect("checked length");
            match block {
                Block::Loop { .. } => {}
                Block::ExceptHandler { name } => {
                    if value_on_top {
                        self.emit(Op::Swap(2));
                    }
                    self.emit(Op::PopExcept);
                    if let Some(name) = name {
                        self.load_constant(Value::None);
                        self.store_name(name);
                        self.delete_name(name);
                    }
                }
                Block::FinallyCleanup => {
                    // Leaving a finally body that runs for an exception
                    // drops the exception.
                    if value_on_top {
                        self.emit(Op::Swap(2));
                        self.emit(Op::Pop);
                        self.emit(Op::Swap(2));
                    } else {
                        self.emit(Op::Pop);
                    }
                    self.emit(Op::PopExcept);
                }
                Block::With { outer_regions, span } => {
                    self.unit().active_regions.truncate(outer_regions);
                    if value_on_top {
                        self.emit(Op::Swap(2));
                    }
                    self.set_line(span);
                    self.call_exit_without_exception();
                }
                Block::TryFinally { body, outer_regions } => {
                    self.unit().active_regions.truncate(outer_regions);
                    self.compile_body(body)?;
                }
            }
        }
        Ok(())
    }

    /// with_stmt -> 'with' item (',' item)* ':' body
    ///
    /// Each item nests the rest: `__enter__` runs, then the target is
    /// stored and the body runs in a region whose handler passes the
    /// exception to `__exit__` (and swallows it when that returns true);
    /// leaving normally calls `__exit__(None, None, None)`.
    ///
    /// As in CPython, the calls to `__enter__` and `__exit__` are placed at
    /// the whole statement, `span`: a traceback through them shows its
    /// first line.
    fn compile_with(&mut self, items: &'a [WithItem], body: &'a [Stmt], span: Span) -> CompileResult {
        let Some((item, rest)) = items.split_first() else {
            return self.compile_body(body);
        };
        let handler = self.new_label();
        let cleanup = self.new_label();
        let suppress = self.new_label();
        let end = self.new_label();
        self.compile_expression(&item.context)?;
        self.set_line(span);
        self.emit(Op::BeforeWith);
        // `[exit, entered]`: the region starts before the target is
        // stored, so that `__exit__` also sees an exception storing it.
        let base_depth = self.unit_ref().depth - 1;
        let outer_regions = self.unit_ref().active_regions.len();
        self.push_region_at(handler, base_depth as u32);
        match &item.target {
            Some(target) => self.compile_store(target)?,
            None => self.emit(Op::Pop),
        }
        self.unit().blocks.push(Block::With { outer_regions, span });
        self.compile_with(rest, body, span)?;
        self.unit().blocks.pop();
        self.pop_region();
        if self.unit_ref().reachable {
            self.set_line(span);
            self.call_exit_without_exception();
            self.emit_jump(Op::Jump, end);
        }

        // An exception in the body: [exit, exception] on entry.
        self.bind(handler);
        self.set_line(span);
        self.push_region_at(cleanup, base_depth as u32 + 1);
        self.emit(Op::PushExcInfo);
        self.emit(Op::WithExceptStart);
        self.emit_jump(Op::PopJumpIfTrue, suppress);
        self.emit(Op::Reraise);
        self.bind(suppress);
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        self.emit(Op::Pop);
        self.pop_region();
        self.emit_jump(Op::Jump, end);

        self.bind(cleanup);
        self.emit(Op::PopExceptAndReraise);
        self.bind(end);
        Ok(())
    }

    /// `[exit] -> []`: calls the `__exit__` on the stack with three Nones.
    fn call_exit_without_exception(&mut self) {
        for _ in 0..3 {
            self.load_constant(Value::None);
        }
        self.emit(Op::Call(3));
        self.emit(Op::Pop);
    }

    /// try_stmt -> 'try' ':' body handlers ['else' ':' orelse]
    fn compile_try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> CompileResult {
        let handler_start = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        let base_depth = self.unit_ref().depth;

        self.push_region(handler_start);
        self.compile_body(body)?;
        self.pop_region();
        self.compile_body(orelse)?;
        if self.unit_ref().reachable {
            self.emit_jump(Op::Jump, end);
        }

        // The handlers: [exception] on entry.
        self.bind(handler_start);
        self.push_region_at(cleanup, base_depth as u32 + 1);
        self.emit(Op::PushExcInfo);
        for handler in handlers {
            self.set_line(handler.span);
            let next = self.new_label();
            if let Some(kind) = &handler.kind {
                self.compile_expression(kind)?;
                self.emit(Op::CheckExcMatch);
                self.emit_jump(Op::PopJumpIfFalse, next);
            }
            let name_cleanup = self.new_label();
            match &handler.name {
                Some(name) => {
                    self.store_name(name);
                    self.push_region(name_cleanup);
                }
                None => self.emit(Op::Pop),
            }
            self.unit().blocks.push(Block::ExceptHandler { name: handler.name.as_deref() });
            self.compile_body(&handler.body)?;
            self.unit().blocks.pop();
            if handler.name.is_some() {
                self.pop_region();
            }
            if self.unit_ref().reachable {
                self.emit(Op::PopExcept);
                if let Some(name) = &handler.name {
                    self.load_constant(Value::None);
                    self.store_name(name);
                    self.delete_name(name);
                }
                self.emit_jump(Op::Jump, end);
            }
            if let Some(name) = &handler.name {
                // An exception inside a named handler: unbind the name,
                // then clean up as any handler does.
                self.bind(name_cleanup);
                self.load_constant(Value::None);
                self.store_name(name);
                self.delete_name(name);
                self.emit(Op::Reraise);
            }
            if handler.kind.is_none() {
                break;
            }
            self.bind(next);
        }
        // No handler matched: re-raise, through the cleanup below.
        if self.unit_ref().reachable {
            self.emit(Op::Reraise);
        }
        self.pop_region();

        self.bind(cleanup);
        self.emit(Op::PopExceptAndReraise);
        self.bind(end);
        Ok(())
    }

    /// try_stmt -> 'try' ':' body [handlers] ['else' ...] 'finally' ':' finalbody
    fn compile_try_finally(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> CompileResult {
        let exceptional = self.new_label();
        let cleanup = self.new_label();
        let end = self.new_label();
        let base_depth = self.unit_ref().depth;
        let outer_regions = self.unit_ref().active_regions.len();

        self.push_region(exceptional);
        self.unit().blocks.push(Block::TryFinally { body: finalbody, outer_regions });
        if handlers.is_empty() {
            self.compile_body(body)?;
        } else {
            self.compile_try_except(body, handlers, orelse)?;
        }
        self.unit().blocks.pop();
        self.pop_region();
        // The normal way out runs the finally body inline.
        self.compile_body(finalbody)?;
        if self.unit_ref().reachable {
            self.emit_jump(Op::Jump, end);
        }

        // The exceptional way: [exception] on entry.
        self.bind(exceptional);
        self.push_region_at(cleanup, base_depth as u32 + 1);
        self.emit(Op::PushExcInfo);
        self.unit().blocks.push(Block::FinallyCleanup);
        self.compile_body(finalbody)?;
        self.unit().blocks.pop();
        if self.unit_ref().reachable {
            self.emit(Op::Reraise);
        }
        self.pop_region();

        self.bind(cleanup);
        self.emit(Op::PopExceptAndReraise);
        self.bind(end);
        Ok(())
    }

    /// funcdef -> decorators 'def' name '(' parameters ')' ':' body
    fn compile_function_def(&mut self, function: &'a FunctionDef, span: Span) -> CompileResult {
        for decorator in &function.decorators {
            self.compile_expression(decorator)?;
        }
        let def_line = self.line_of(span.0 + self.source_map_slice(span).find("def").unwrap_or(0));
        self.unit().line = def_line;
        let qualname = self.qualified_name(&function.name);
        let docstring = docstring_of(&function.body).unwrap_or(Value::None);
        self.compile_function(
            (span, ScopeKind::Function),
            &function.name,
            &qualname,
            def_line,
            &function.parameters,
            docstring,
            |compiler| {
                compiler.compile_body(&function.body)?;
                if compiler.unit_ref().reachable {
                    compiler.load_constant(Value::None);
                    compiler.emit(Op::Return);
                }
                Ok(())
            },
        )?;
        self.unit().line = def_line;
        for _ in &function.decorators {
            self.emit(Op::Call(1));
        }
        self.store_name(&function.name);
        Ok(())
    }

    /// classdef -> decorators 'class' name ['(' arguments ')'] ':' body
    ///
    /// The body runs as a function filling a namespace dict, which
    /// `__build_class__(body, name, *bases, **keywords)` turns into the class.
    fn compile_class_def(&mut self, class: &'a ClassDef, span: Span) -> CompileResult {
        for decorator in &class.decorators {
            self.compile_expression(decorator)?;
        }
        let class_line = self.line_of(span.0 + self.source_map_slice(span).find("class").unwrap_or(0));
        self.unit().line = class_line;
        self.emit(Op::LoadBuildClass);
        let key = (span, ScopeKind::Class);
        let qualname = self.qualified_name(&class.name);
        self.push_unit(key, &class.name, &qualname, class_line);
        self.unit().arg_count = 1;
        self.load_name("__name__");
        self.store_name("__module__");
        self.load_constant(Value::from_text(&qualname));
        self.store_name("__qualname__");
        if let Some(docstring) = docstring_of(&class.body) {
            self.load_constant(docstring);
            self.store_name("__doc__");
        }
        self.compile_body(&class.body)?;
        // The body returns the `__class__` cell for `__build_class__` to
        // fill, when methods use `super()`.
        match self.storage(CLASS_CELL) {
            Storage::Cell(slot) => self.emit(Op::LoadClosure(slot)),
            _ => self.load_constant(Value::None),
        }
        self.emit(Op::Return);
        let code = self.finish_unit();
        let has_closure = self.load_closure(&key);
        let unit = self.unit();
        unit.functions.push(code);
        let index = FunctionIndex(unit.functions.len() as u32 - 1);
        unit.line = class_line;
        self.emit(Op::MakeFunction {
            code: index,
            flags: FunctionFlags { has_defaults: false, has_keyword_defaults: false, has_closure },
        });
        self.load_constant(Value::from_text(&class.name));
        self.compile_call_arguments(2, &class.arguments, span, false)?;
        self.unit().line = class_line;
        for _ in &class.decorators {
            self.emit(Op::Call(1));
        }
        self.store_name(&class.name);
        Ok(())
    }

    fn source_map_slice(&self, span: Span) -> &'a str {
        self.source_text().get(span.0..span.1).unwrap_or("")
    }

    /// Compiles a function body in a unit of its own and emits the code
    /// that builds the function object (defaults, closure) here.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn compile_function(
        &mut self,
        key: (Span, ScopeKind),
        name: &str,
        qualname: &str,
        first_line: u32,
        parameters: &'a Parameters,
        docstring: Value,
        body: impl FnOnce(&mut Self) -> CompileResult,
    ) -> CompileResult {
        // Defaults are evaluated where the function is defined.
        let defaults: Vec<&'a Expr> = parameters
            .positional_only
            .iter()
            .chain(&parameters.positional)
            .filter_map(|p| p.default.as_ref())
            .collect();
        for default in &defaults {
            self.compile_expression(default)?;
        }
        if !defaults.is_empty() {
            self.emit(Op::BuildTuple(defaults.len() as u32));
        }
        let keyword_defaults: Vec<(&'a str, &'a Expr)> =
            parameters.keyword_only.iter().filter_map(|p| p.default.as_ref().map(|d| (p.name.as_str(), d))).collect();
        for (name, default) in &keyword_defaults {
            // Keyed by the parameter's slot name, which is mangled.
            let name = self.mangle(name);
            let name: Rc<Str> = self.intern(&name);
            self.load_constant(Value::Str(name));
            self.compile_expression(default)?;
        }
        if !keyword_defaults.is_empty() {
            self.emit(Op::BuildMap(keyword_defaults.len() as u32));
        }

        self.push_unit(key, name, qualname, first_line);
        {
            let unit = self.unit();
            unit.arg_count = (parameters.positional_only.len() + parameters.positional.len()) as u32;
            unit.positional_only_count = parameters.positional_only.len() as u32;
            unit.keyword_only_count = parameters.keyword_only.len() as u32;
            unit.flags.varargs = parameters.varargs.is_some();
            unit.flags.varkeywords = parameters.varkw.is_some();
            unit.docstring = docstring;
        }
        body(self)?;
        let code = self.finish_unit();

        let has_closure = self.load_closure(&key);
        let unit = self.unit();
        unit.functions.push(code);
        let index = FunctionIndex(unit.functions.len() as u32 - 1);
        self.emit(Op::MakeFunction {
            code: index,
            flags: FunctionFlags {
                has_defaults: !defaults.is_empty(),
                has_keyword_defaults: !keyword_defaults.is_empty(),
                has_closure,
            },
        });
        Ok(())
    }

    fn source_text(&self) -> &'a str {
        self.source_map.text()
    }
}

/// The docstring of a body: its first statement, when that is a string.
fn docstring_of(body: &[Stmt]) -> Option<Value> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(Expr { kind: ExprKind::Constant(Constant::Str(text)), .. })) => {
            Some(Value::from_text(text))
        }
        _ => None,
    }
}
