//! Lowering expressions.

use std::rc::Rc;

use super::scope::{ScopeKind, Storage};
use super::{CompileResult, Compiler, Label};
use crate::ast::*;
use crate::bytecode::*;
use crate::diagnostic::SyntaxError;
use crate::object::bytes::Bytes;
use crate::object::set::Set;
use crate::object::set_table::SetTable;
use crate::value::Value;

/// Which collection a comprehension fills.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collect {
    List,
    Set,
    Dict,
    Generator,
}

/// The parameter list of a comprehension's function: only its hidden `.0`.
static NO_PARAMETERS: Parameters = Parameters {
    positional_only: Vec::new(),
    positional: Vec::new(),
    varargs: None,
    keyword_only: Vec::new(),
    varkw: None,
};

impl<'a> Compiler<'a, '_> {
    pub(super) fn compile_expression(&mut self, expression: &'a Expr) -> CompileResult {
        match &expression.kind {
            ExprKind::Constant(constant) => {
                let value = self.constant_value(constant);
                self.load_constant(value);
            }
            ExprKind::Name(name) => {
                self.set_line(expression.span);
                self.load_name(name);
            }
            ExprKind::Tuple(items) => {
                if let Some(constant) = self.constant_tuple(items) {
                    self.load_constant(constant);
                } else if has_starred(items) {
                    self.compile_starred_sequence(items)?;
                    self.emit(Op::ListToTuple);
                } else {
                    self.compile_all(items)?;
                    self.emit(Op::BuildTuple(items.len() as u32));
                }
            }
            ExprKind::List(items) => {
                if has_starred(items) {
                    self.compile_starred_sequence(items)?;
                } else {
                    self.compile_all(items)?;
                    self.emit(Op::BuildList(items.len() as u32));
                }
            }
            ExprKind::Set(items) => self.compile_set_display(items)?,
            ExprKind::Dict(items) => self.compile_dict_display(items)?,
            ExprKind::Starred(_) => {
                return Err(SyntaxError::new("can't use starred expression here", expression.span));
            }
            ExprKind::Binary { op, left, right } => {
                self.compile_expression(left)?;
                self.compile_expression(right)?;
                self.set_line(expression.span);
                self.emit(Op::Binary(*op));
            }
            ExprKind::Unary { op, operand } => {
                if let Some(folded) = fold_negation(*op, operand) {
                    self.load_constant(folded);
                } else {
                    self.compile_expression(operand)?;
                    self.set_line(expression.span);
                    self.emit(Op::Unary(*op));
                }
            }
            ExprKind::Bool { op, values } => {
                let end = self.new_label();
                let jump = if *op == BoolOp::And { Op::JumpIfFalseOrPop } else { Op::JumpIfTrueOrPop };
                for (index, value) in values.iter().enumerate() {
                    self.compile_expression(value)?;
                    if index + 1 < values.len() {
                        self.emit_jump(jump, end);
                    }
                }
                self.bind(end);
            }
            ExprKind::Compare { left, comparisons } => self.compile_compare(left, comparisons, expression.span)?,
            ExprKind::Conditional { test, body, orelse } => {
                let otherwise = self.new_label();
                let end = self.new_label();
                self.compile_jump_if(test, false, otherwise)?;
                self.compile_expression(body)?;
                self.emit_jump(Op::Jump, end);
                self.bind(otherwise);
                self.compile_expression(orelse)?;
                self.bind(end);
            }
            ExprKind::Lambda { parameters, body } => {
                let qualname = self.qualified_name("<lambda>");
                let line = self.line_of(expression.span.0);
                self.compile_function(
                    (expression.span, ScopeKind::Lambda),
                    "<lambda>",
                    &qualname,
                    line,
                    parameters,
                    Value::None,
                    |compiler| {
                        compiler.compile_expression(body)?;
                        compiler.emit(Op::Return);
                        Ok(())
                    },
                )?;
            }
            ExprKind::Call { function, arguments } => self.compile_call(function, arguments, expression.span)?,
            ExprKind::Attribute { value, name } => {
                if self.compile_super_attribute(value, name, expression.span, false)? {
                    return Ok(());
                }
                self.compile_expression(value)?;
                let index = self.mangled_name_index(name);
                self.set_line(expression.span);
                self.emit(Op::LoadAttr(index));
            }
            ExprKind::Subscript { value, index } => {
                self.check_subscript(value, index, expression.span);
                self.compile_expression(value)?;
                self.compile_expression(index)?;
                self.set_line(expression.span);
                self.emit(Op::GetItem);
            }
            ExprKind::Slice { lower, upper, step } => {
                for bound in [lower, upper] {
                    match bound {
                        Some(bound) => self.compile_expression(bound)?,
                        None => self.load_constant(Value::None),
                    }
                }
                match step {
                    Some(step) => {
                        self.compile_expression(step)?;
                        self.emit(Op::BuildSlice(3));
                    }
                    None => self.emit(Op::BuildSlice(2)),
                }
            }
            ExprKind::ListComp { element, clauses } => {
                self.compile_comprehension(expression.span, Collect::List, element, None, clauses)?
            }
            ExprKind::SetComp { element, clauses } => {
                self.compile_comprehension(expression.span, Collect::Set, element, None, clauses)?
            }
            ExprKind::Generator { element, clauses } => {
                self.compile_comprehension(expression.span, Collect::Generator, element, None, clauses)?
            }
            ExprKind::DictComp { key, value, clauses } => {
                self.compile_comprehension(expression.span, Collect::Dict, key, Some(value), clauses)?
            }
            ExprKind::FString(parts) => {
                let count = self.compile_fstring_parts(parts, expression.span)?;
                if count != 1 {
                    self.emit(Op::BuildString(count));
                }
            }
            ExprKind::Await(awaitable) => {
                // await -> 'await' primary: delegate to its awaitable's iterator.
                self.compile_expression(awaitable)?;
                self.set_line(expression.span);
                self.emit(Op::GetAwaitable);
                self.compile_delegation(expression.span);
            }
            ExprKind::Yield(value) => {
                match value {
                    Some(value) => self.compile_expression(value)?,
                    None => self.load_constant(Value::None),
                }
                self.set_line(expression.span);
                self.emit(Op::Yield);
            }
            ExprKind::YieldFrom(iterable) => {
                // yield_from -> 'yield' 'from' iterable
                self.compile_expression(iterable)?;
                self.emit(Op::GetYieldFromIter);
                self.compile_delegation(expression.span);
            }
            ExprKind::Named { name, value } => {
                self.compile_expression(value)?;
                self.emit(Op::Copy(1));
                self.store_name(name);
            }
        }
        Ok(())
    }

    fn compile_all(&mut self, items: &'a [Expr]) -> CompileResult {
        items.iter().try_for_each(|item| self.compile_expression(item))
    }

    /// `[a, *b, c]`: a list built piece by piece.
    fn compile_starred_sequence(&mut self, items: &'a [Expr]) -> CompileResult {
        self.emit(Op::BuildList(0));
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    self.compile_expression(inner)?;
                    self.emit(Op::ListExtend(1));
                }
                _ => {
                    self.compile_expression(item)?;
                    self.emit(Op::ListAppend(1));
                }
            }
        }
        Ok(())
    }

    pub(super) fn constant_value(&mut self, constant: &Constant) -> Value {
        match constant {
            Constant::None => Value::None,
            Constant::Bool(b) => Value::Bool(*b),
            Constant::Int(i) => Value::Int(*i),
            Constant::BigInt(b) => Value::from_bigint(b.clone()),
            Constant::Float(f) => Value::Float(*f),
            Constant::Str(text) => {
                // Identifier-like strings are interned, as CPython does.
                if text.len() <= 40 && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    Value::Str(self.intern(text))
                } else {
                    Value::from_text(text)
                }
            }
            Constant::Bytes(bytes) => Value::Bytes(Rc::new(Bytes::new(bytes.clone()))),
            Constant::Ellipsis => Value::Ellipsis,
        }
    }

    /// A tuple display of constants is itself a constant.
    fn constant_tuple(&mut self, items: &'a [Expr]) -> Option<Value> {
        let mut values = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                ExprKind::Constant(constant) => values.push(self.constant_value(constant)),
                ExprKind::Tuple(inner) => values.push(self.constant_tuple(inner)?),
                ExprKind::Unary { op, operand } => values.push(fold_negation(*op, operand)?),
                _ => return None,
            }
        }
        Some(Value::tuple(values))
    }

    /// The frozenset CPython stores for a display of three or more
    /// hashable constants; its layout decides the display's order.
    fn constant_frozenset(&mut self, items: &'a [Expr]) -> Option<Value> {
        if items.len() < 3 {
            return None;
        }
        let values = match self.constant_tuple(items)? {
            Value::Tuple(tuple) => tuple.items.to_vec(),
            _ => return None,
        };
        let mut entries = Vec::with_capacity(values.len());
        for value in values {
            let hash = crate::object::hash::hash_value(&mut crate::object::compare::Identity, &value).ok()?;
            entries.push((value, hash));
        }
        let table = SetTable::constant_frozenset(entries, &mut |a: &Value, b: &Value| {
            crate::object::compare::identical_or_equal(&mut crate::object::compare::Identity, a, b)
        })
        .ok()?;
        Some(Value::FrozenSet(Rc::new(Set::new(table))))
    }

    fn compile_set_display(&mut self, items: &'a [Expr]) -> CompileResult {
        if let Some(frozen) = self.constant_frozenset(items) {
            self.emit(Op::BuildSet(0));
            self.load_constant(frozen);
            self.emit(Op::SetUpdate(1));
            return Ok(());
        }
        if !has_starred(items) {
            self.compile_all(items)?;
            self.emit(Op::BuildSet(items.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildSet(0));
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    self.compile_expression(inner)?;
                    self.emit(Op::SetUpdate(1));
                }
                _ => {
                    self.compile_expression(item)?;
                    self.emit(Op::SetAdd(1));
                }
            }
        }
        Ok(())
    }

    /// An iterable about to be iterated: a constant set display is used as
    /// its frozenset constant, as CPython does.
    pub(super) fn compile_iterable(&mut self, iterable: &'a Expr) -> CompileResult {
        if let ExprKind::Set(items) = &iterable.kind
            && let Some(frozen) = self.constant_frozenset(items)
        {
            self.load_constant(frozen);
            return Ok(());
        }
        self.compile_expression(iterable)
    }

    fn compile_dict_display(&mut self, items: &'a [DictItem]) -> CompileResult {
        let unpacks = items.iter().any(|item| matches!(item, DictItem::Unpack(_)));
        if !unpacks {
            for item in items {
                if let DictItem::Pair(key, value) = item {
                    self.compile_expression(key)?;
                    self.compile_expression(value)?;
                }
            }
            self.emit(Op::BuildMap(items.len() as u32));
            return Ok(());
        }
        self.emit(Op::BuildMap(0));
        for item in items {
            match item {
                DictItem::Pair(key, value) => {
                    self.compile_expression(key)?;
                    self.compile_expression(value)?;
                    self.emit(Op::MapAdd(1));
                }
                DictItem::Unpack(mapping) => {
                    self.compile_expression(mapping)?;
                    self.emit(Op::DictUpdate(1));
                }
            }
        }
        Ok(())
    }

    /// comparison -> expr (op expr)+, chained as `a < b and b < c` with `b`
    /// evaluated once.
    fn compile_compare(&mut self, left: &'a Expr, comparisons: &'a [(CompareOp, Expr)], span: Span) -> CompileResult {
        self.check_identity_comparison(left, comparisons, span);
        self.compile_expression(left)?;
        if let [(op, right)] = comparisons {
            self.compile_comparand(*op, right)?;
            self.set_line(span);
            self.emit_comparison(*op);
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        let last = comparisons.len() - 1;
        for (index, (op, right)) in comparisons.iter().enumerate() {
            self.compile_comparand(*op, right)?;
            if index < last {
                self.emit(Op::Swap(2));
                self.emit(Op::Copy(2));
                self.set_line(span);
                self.emit_comparison(*op);
                self.emit_jump(Op::JumpIfFalseOrPop, cleanup);
            } else {
                self.set_line(span);
                self.emit_comparison(*op);
                self.emit_jump(Op::Jump, end);
            }
        }
        self.bind(cleanup);
        self.emit(Op::Swap(2));
        self.emit(Op::Pop);
        self.bind(end);
        Ok(())
    }

    /// The right side of a comparison; `x in {1, 2, 3}` tests the constant.
    fn compile_comparand(&mut self, op: CompareOp, right: &'a Expr) -> CompileResult {
        if matches!(op, CompareOp::In | CompareOp::NotIn) {
            self.compile_iterable(right)
        } else {
            self.compile_expression(right)
        }
    }

    fn emit_comparison(&mut self, op: CompareOp) {
        let op = match (op, rich_comparison(op)) {
            (_, Some(comparison)) => Op::Compare(comparison),
            (CompareOp::Is, _) => Op::Is(false),
            (CompareOp::IsNot, _) => Op::Is(true),
            (CompareOp::In, _) => Op::Contains(false),
            _ => Op::Contains(true),
        };
        self.emit(op);
    }

    /// Jumps to `label` when the expression's truth equals `jump_when`;
    /// `and`, `or` and `not` become jumps instead of values.
    pub(super) fn compile_jump_if(&mut self, test: &'a Expr, jump_when: bool, label: Label) -> CompileResult {
        match &test.kind {
            ExprKind::Unary { op: UnaryOp::Not, operand } => self.compile_jump_if(operand, !jump_when, label),
            ExprKind::Bool { op, values } => {
                // `a and b` jumps on false as soon as one is false; to jump
                // on true it must get through all of them.
                let short_circuits = (*op == BoolOp::And) != jump_when;
                if short_circuits {
                    for value in values {
                        self.compile_jump_if(value, jump_when, label)?;
                    }
                } else {
                    let skip = self.new_label();
                    let (last, rest) = values.split_last().expect("a bool op has operands");
                    for value in rest {
                        self.compile_jump_if(value, !jump_when, skip)?;
                    }
                    self.compile_jump_if(last, jump_when, label)?;
                    self.bind(skip);
                }
                Ok(())
            }
            ExprKind::Compare { left, comparisons } if comparisons.len() == 1 => {
                let (op, right) = &comparisons[0];
                let Some(comparison) = rich_comparison(*op) else {
                    self.compile_expression(test)?;
                    self.emit_jump(if jump_when { Op::PopJumpIfTrue } else { Op::PopJumpIfFalse }, label);
                    return Ok(());
                };
                self.compile_expression(left)?;
                self.compile_expression(right)?;
                self.set_line(test.span);
                self.emit(Op::CompareJump { comparison, when: jump_when, target: Target(label.0) });
                Ok(())
            }
            ExprKind::Constant(constant) if constant_truth(constant).is_some() => {
                if constant_truth(constant) == Some(jump_when) {
                    self.emit_jump(Op::Jump, label);
                }
                Ok(())
            }
            _ => {
                self.compile_expression(test)?;
                self.emit_jump(if jump_when { Op::PopJumpIfTrue } else { Op::PopJumpIfFalse }, label);
                Ok(())
            }
        }
    }

    /// call -> function '(' arguments ')'. A method call looks the method up
    /// without binding it (`LoadMethod`), so no bound method is allocated.
    fn compile_call(&mut self, function: &'a Expr, arguments: &'a [Argument], span: Span) -> CompileResult {
        self.check_callee(function, span);
        let unpacks = arguments.iter().any(|a| matches!(a, Argument::Starred(_) | Argument::DoubleStarred(_)));
        let method_call = match &function.kind {
            ExprKind::Attribute { value, name } if !unpacks => {
                if self.compile_super_attribute(value, name, function.span, true)? {
                    return self.compile_call_arguments(0, arguments, span, true);
                }
                self.compile_expression(value)?;
                let index = self.mangled_name_index(name);
                self.set_line(function.span);
                self.emit(Op::LoadMethod(index));
                true
            }
            _ => {
                self.compile_expression(function)?;
                false
            }
        };
        self.compile_call_arguments(0, arguments, span, method_call)
    }

    /// `super().name` where `super` is a global: one `LoadSuperAttr`
    /// after loading `super`, so the usual builtin finds the attribute
    /// without a super object. False (nothing emitted) for other shapes.
    fn compile_super_attribute(
        &mut self,
        value: &'a Expr,
        name: &str,
        span: Span,
        method: bool,
    ) -> CompileResult<bool> {
        let ExprKind::Call { function, arguments } = &value.kind else { return Ok(false) };
        let ExprKind::Name(callee) = &function.kind else { return Ok(false) };
        if callee != "super" || !arguments.is_empty() || !matches!(self.storage(callee), Storage::Global) {
            return Ok(false);
        }
        self.compile_expression(function)?;
        let index = self.name_index(name);
        self.set_line(span);
        self.emit(Op::LoadSuperAttr { name: index, method });
        Ok(true)
    }

    /// The arguments of a call and the call itself, the callable (and
    /// `leading` positional arguments) already pushed.
    pub(super) fn compile_call_arguments(
        &mut self,
        leading: u32,
        arguments: &'a [Argument],
        span: Span,
        method_call: bool,
    ) -> CompileResult {
        if arguments.iter().any(|a| matches!(a, Argument::Starred(_) | Argument::DoubleStarred(_))) {
            return self.compile_call_unpacking(leading, arguments, span);
        }
        let mut keywords = Vec::new();
        for argument in arguments {
            match argument {
                Argument::Positional(value) => self.compile_expression(value)?,
                Argument::Keyword(name, value) => {
                    self.compile_expression(value)?;
                    keywords.push(Value::Str(self.intern(name)));
                }
                Argument::Starred(_) | Argument::DoubleStarred(_) => unreachable!("handled above"),
            }
        }
        if !keywords.is_empty() {
            let names = self.add_constant(Value::tuple(keywords));
            self.emit(Op::KwNames(names));
        }
        self.set_line(span);
        let count = leading + arguments.len() as u32;
        self.emit(if method_call { Op::CallMethod(count) } else { Op::Call(count) });
        Ok(())
    }

    /// A call with `*args` or `**kwargs`: positional arguments become one
    /// tuple, keyword arguments one dict.
    fn compile_call_unpacking(&mut self, leading: u32, arguments: &'a [Argument], span: Span) -> CompileResult {
        let positional: Vec<&'a Argument> =
            arguments.iter().filter(|a| matches!(a, Argument::Positional(_) | Argument::Starred(_))).collect();
        let keywords: Vec<&'a Argument> =
            arguments.iter().filter(|a| matches!(a, Argument::Keyword(..) | Argument::DoubleStarred(_))).collect();
        // A lone `*args` (or `**kwargs`) goes to the call as is; the call
        // checks it and names the function in its error, as CPython does.
        if let ([Argument::Starred(value)], 0) = (positional.as_slice(), leading) {
            self.compile_expression(value)?;
        } else {
            self.emit(Op::BuildList(leading));
            for argument in &positional {
                match argument {
                    Argument::Positional(value) => {
                        self.compile_expression(value)?;
                        self.emit(Op::ListAppend(1));
                    }
                    Argument::Starred(value) => {
                        self.compile_expression(value)?;
                        self.emit(Op::ListExtend(1));
                    }
                    _ => {}
                }
            }
            self.emit(Op::ListToTuple);
        }
        let has_keywords = !keywords.is_empty();
        if let [Argument::DoubleStarred(mapping)] = keywords.as_slice() {
            self.compile_expression(mapping)?;
        } else if has_keywords {
            self.emit(Op::BuildMap(0));
            for argument in arguments {
                match argument {
                    Argument::Keyword(name, value) => {
                        let name = Value::Str(self.intern(name));
                        self.load_constant(name);
                        self.compile_expression(value)?;
                        self.emit(Op::BuildMap(1));
                        self.emit(Op::DictMerge(1));
                    }
                    Argument::DoubleStarred(mapping) => {
                        self.compile_expression(mapping)?;
                        self.emit(Op::DictMerge(1));
                    }
                    _ => {}
                }
            }
        }
        self.set_line(span);
        self.emit(Op::CallEx { has_keywords });
        Ok(())
    }

    /// The loop of `yield from` and `await`, with the iterator on the
    /// stack: send None, then whatever the frame is resumed with, into
    /// the iterator, yielding what it yields, until it finishes with the
    /// value of the expression.
    fn compile_delegation(&mut self, span: Span) {
        self.load_constant(Value::None);
        let step = self.new_label();
        let done = self.new_label();
        self.bind(step);
        self.set_line(span);
        self.emit_jump(Op::SendFrom, done);
        self.emit(Op::Yield);
        self.emit_jump(Op::Jump, step);
        self.bind(done);
    }

    /// Comprehensions run in a function of their own, called at once with
    /// the iterator of the first `for` clause (evaluated outside).
    fn compile_comprehension(
        &mut self,
        span: Span,
        collect: Collect,
        element: &'a Expr,
        value: Option<&'a Expr>,
        clauses: &'a [Comprehension],
    ) -> CompileResult {
        let name = match collect {
            Collect::List => "<listcomp>",
            Collect::Set => "<setcomp>",
            Collect::Dict => "<dictcomp>",
            Collect::Generator => "<genexpr>",
        };
        if clauses.iter().any(|clause| clause.is_async) {
            return Err(SyntaxError::new("asynchronous comprehensions are not supported yet", span));
        }
        let qualname = self.qualified_name(name);
        let line = self.line_of(span.0);
        self.compile_function(
            (span, ScopeKind::Comprehension),
            name,
            &qualname,
            line,
            &NO_PARAMETERS,
            Value::None,
            |compiler| {
                compiler.unit().arg_count = 1;
                compiler.set_line(span);
                match collect {
                    Collect::List => compiler.emit(Op::BuildList(0)),
                    Collect::Set => compiler.emit(Op::BuildSet(0)),
                    Collect::Dict => compiler.emit(Op::BuildMap(0)),
                    Collect::Generator => {}
                }
                compiler.compile_comprehension_clause(collect, element, value, clauses, 0)?;
                if collect == Collect::Generator {
                    compiler.load_constant(Value::None);
                }
                compiler.emit(Op::Return);
                Ok(())
            },
        )?;
        self.compile_iterable(&clauses[0].iter)?;
        self.emit(Op::GetIter);
        self.set_line(span);
        self.emit(Op::Call(1));
        Ok(())
    }

    fn compile_comprehension_clause(
        &mut self,
        collect: Collect,
        element: &'a Expr,
        value: Option<&'a Expr>,
        clauses: &'a [Comprehension],
        index: usize,
    ) -> CompileResult {
        let clause = &clauses[index];
        if index == 0 {
            self.load_name(".0");
        } else {
            self.compile_iterable(&clause.iter)?;
            self.emit(Op::GetIter);
        }
        let top = self.new_label();
        let end = self.new_label();
        self.bind(top);
        self.emit_jump(Op::ForIter, end);
        self.compile_store(&clause.target)?;
        for condition in &clause.conditions {
            self.compile_jump_if(condition, false, top)?;
        }
        if index + 1 < clauses.len() {
            self.compile_comprehension_clause(collect, element, value, clauses, index + 1)?;
        } else {
            let depth = index as u32 + 2;
            self.compile_expression(element)?;
            match (collect, value) {
                (Collect::Dict, Some(value)) => {
                    self.compile_expression(value)?;
                    self.emit(Op::MapAdd(depth));
                }
                (Collect::Set, _) => self.emit(Op::SetAdd(depth)),
                (Collect::Generator, _) => {
                    self.emit(Op::Yield);
                    self.emit(Op::Pop);
                }
                _ => self.emit(Op::ListAppend(depth)),
            }
        }
        self.emit_jump(Op::Jump, top);
        self.bind(end);
        Ok(())
    }

    /// Pushes the pieces of an f-string; returns how many. A field's
    /// formatting errors point at the whole f-string, as in CPython.
    fn compile_fstring_parts(&mut self, parts: &'a [FStringPart], fstring: Span) -> CompileResult<u32> {
        let mut count = 0;
        for part in parts {
            match part {
                FStringPart::Literal(text) => {
                    self.load_constant(Value::from_text(text));
                    count += 1;
                }
                FStringPart::Field(field) => {
                    if let Some(debug_text) = &field.debug_text {
                        self.load_constant(Value::from_text(debug_text));
                        count += 1;
                    }
                    self.compile_expression(&field.expression)?;
                    let has_spec = field.spec.is_some();
                    if let Some(spec) = &field.spec {
                        let pieces = self.compile_fstring_parts(spec, fstring)?;
                        if pieces == 0 {
                            self.load_constant(Value::from_text(""));
                        } else if pieces > 1 {
                            self.emit(Op::BuildString(pieces));
                        }
                    }
                    let conversion = match field.conversion {
                        Some('s') => Conversion::Str,
                        Some('r') => Conversion::Repr,
                        Some('a') => Conversion::Ascii,
                        _ => Conversion::None,
                    };
                    self.set_line(fstring);
                    self.emit(Op::FormatValue { conversion, has_spec });
                    count += 1;
                }
            }
        }
        if count == 0 {
            self.load_constant(Value::from_text(""));
            count = 1;
        }
        Ok(count)
    }
}

fn has_starred(items: &[Expr]) -> bool {
    items.iter().any(|item| matches!(item.kind, ExprKind::Starred(_)))
}

/// `-5` is a constant, not a negation at run time.
fn fold_negation(op: UnaryOp, operand: &Expr) -> Option<Value> {
    if op != UnaryOp::Neg {
        return None;
    }
    match &operand.kind {
        ExprKind::Constant(Constant::Int(i)) => Some(match i.checked_neg() {
            Some(negated) => Value::Int(negated),
            None => Value::from_bigint(-num_bigint::BigInt::from(*i)),
        }),
        ExprKind::Constant(Constant::BigInt(b)) => Some(Value::from_bigint(-b.clone())),
        ExprKind::Constant(Constant::Float(f)) => Some(Value::Float(-f)),
        _ => None,
    }
}

/// The bytecode comparison for `<`, `==`, ...; None for `is` and `in`.
fn rich_comparison(op: CompareOp) -> Option<Comparison> {
    Some(match op {
        CompareOp::Eq => Comparison::Eq,
        CompareOp::NotEq => Comparison::Ne,
        CompareOp::Lt => Comparison::Lt,
        CompareOp::LtE => Comparison::Le,
        CompareOp::Gt => Comparison::Gt,
        CompareOp::GtE => Comparison::Ge,
        _ => return None,
    })
}

/// The truth of a constant, when it is obvious at compile time.
fn constant_truth(constant: &Constant) -> Option<bool> {
    match constant {
        Constant::None => Some(false),
        Constant::Bool(b) => Some(*b),
        Constant::Int(i) => Some(*i != 0),
        Constant::Str(s) => Some(!s.is_empty()),
        _ => None,
    }
}
