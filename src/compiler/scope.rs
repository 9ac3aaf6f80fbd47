//! Scope analysis: decides, before any code is generated, where each name
//! of each scope lives — a local slot, a cell shared with inner functions,
//! a free variable taken from an enclosing function, or the module's
//! globals. Python's rules (LEGB, `global`, `nonlocal`) are static, so the
//! VM never looks a local up by name.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::ast::*;
use crate::bytecode::Slot;
use crate::diagnostic::SyntaxError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    Module,
    Function,
    Lambda,
    Comprehension,
    Class,
}

/// Where a name lives at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// The module namespace (and then builtins, for loads).
    Global,
    /// A plain frame slot.
    Local(Slot),
    /// A frame slot holding a cell, because inner functions use the name.
    Cell(Slot),
    /// A frame slot holding a cell taken from the function's closure.
    Free(Slot),
    /// A class body's namespace (looked up by name).
    ClassName,
}

const BOUND: u8 = 1;
const USED: u8 = 2;
const DECLARED_GLOBAL: u8 = 4;
const DECLARED_NONLOCAL: u8 = 8;
const PARAMETER: u8 = 16;

/// The implicit cell of a class body holding the class, for `super()`.
pub const CLASS_CELL: &str = "__class__";
/// The hidden parameter of a class body: the namespace it fills.
pub(crate) const CLASS_NAMESPACE: &str = ".namespace";

/// Identifies the AST node a scope belongs to: its span and what it is.
pub type ScopeKey = (Span, ScopeKind);

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    /// Names in order of first appearance, with their flags.
    symbols: Vec<(String, u8)>,
    index: HashMap<String, usize>,
    /// Parameters in slot order.
    pub parameters: Vec<String>,
    children: Vec<ScopeKey>,
    /// Filled by analysis.
    pub storage: HashMap<String, Storage>,
    pub slot_names: Vec<String>,
    pub cell_slots: Vec<Slot>,
    pub free_start: u32,
    /// Names read from an enclosing class body's namespace are not visible
    /// to functions inside it; remembered for `Storage::ClassName` reads.
    pub has_free_variables: bool,
    /// The body contains `yield`: calling the function makes a generator.
    pub is_generator: bool,
    /// An `async def` body: calling the function makes a coroutine.
    pub is_coroutine: bool,
    /// The name of the innermost class whose body this scope is or is
    /// nested in: private names used here are mangled with it.
    private: Option<String>,
}

impl Scope {
    fn new(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            symbols: Vec::new(),
            index: HashMap::new(),
            parameters: Vec::new(),
            children: Vec::new(),
            storage: HashMap::new(),
            slot_names: Vec::new(),
            cell_slots: Vec::new(),
            free_start: 0,
            has_free_variables: false,
            is_generator: false,
            is_coroutine: false,
            private: None,
        }
    }

    /// The name under which `name`, as written in this scope, is stored
    /// and looked up (CPython's private name mangling).
    pub fn mangle<'n>(&self, name: &'n str) -> Cow<'n, str> {
        mangle(self.private.as_deref(), name)
    }

    fn flags(&self, name: &str) -> u8 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1)
    }

    fn mark(&mut self, name: &str, flag: u8) {
        match self.index.get(name) {
            Some(&i) => self.symbols[i].1 |= flag,
            None => {
                self.index.insert(name.to_string(), self.symbols.len());
                self.symbols.push((name.to_string(), flag));
            }
        }
    }

    fn is_function_like(&self) -> bool {
        matches!(self.kind, ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension)
    }

    /// Where a name used in this scope lives.
    pub fn lookup(&self, name: &str) -> Storage {
        match self.storage.get(name) {
            Some(storage) => *storage,
            None if self.kind == ScopeKind::Class => Storage::ClassName,
            None => Storage::Global,
        }
    }
}

/// All the scopes of a module, keyed by the node that opens each.
pub struct ScopeTable {
    pub scopes: HashMap<ScopeKey, Scope>,
}

impl ScopeTable {
    pub fn get(&self, key: &ScopeKey) -> &Scope {
        &self.scopes[key]
    }
}

/// Private name mangling, as CPython's `_Py_Mangle`: inside a class body
/// (and the functions nested in it) a name written `__spam` is turned into
/// `_Class__spam`, with the class name's leading underscores stripped, so
/// a subclass using the same name does not clash. Dunder names (`__x__`),
/// dotted module paths and names in a class named only with underscores
/// are left alone. A mangled name never starts with two underscores, so
/// mangling twice changes nothing.
fn mangle<'n>(class_name: Option<&str>, name: &'n str) -> Cow<'n, str> {
    let Some(class_name) = class_name else { return Cow::Borrowed(name) };
    let class_name = class_name.trim_start_matches('_');
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') || class_name.is_empty() {
        return Cow::Borrowed(name);
    }
    Cow::Owned(format!("_{class_name}{name}"))
}

/// The key of the module scope.
pub fn module_key() -> ScopeKey {
    ((0, 0), ScopeKind::Module)
}

/// Builds and analyzes the scopes of a module.
pub fn analyze_module(statements: &[Stmt]) -> Result<ScopeTable, SyntaxError> {
    let mut builder = Builder { scopes: HashMap::new(), stack: Vec::new() };
    builder.open(module_key());
    builder.statements(statements)?;
    builder.close();
    let mut table = ScopeTable { scopes: builder.scopes };
    resolve(&mut table, module_key(), &HashSet::new())?;
    Ok(table)
}

struct Builder {
    scopes: HashMap<ScopeKey, Scope>,
    stack: Vec<(ScopeKey, Scope)>,
}

impl Builder {
    /// Opens a scope inside the current one. It mangles private names as
    /// its parent does; a class body then sets its own class name.
    fn open(&mut self, key: ScopeKey) {
        let mut scope = Scope::new(key.1);
        if let Some((_, parent)) = self.stack.last_mut() {
            parent.children.push(key);
            scope.private = parent.private.clone();
        }
        self.stack.push((key, scope));
    }

    fn close(&mut self) {
        if let Some((key, scope)) = self.stack.pop() {
            self.scopes.insert(key, scope);
        }
    }

    fn current(&mut self) -> &mut Scope {
        &mut self.stack.last_mut().expect("a scope is open").1
    }

    /// Symbols are recorded under their mangled names; `bind`, `use_name`,
    /// `declare` and `parameters` take names as written.
    fn bind(&mut self, name: &str, span: Span) -> Result<(), SyntaxError> {
        let _ = span;
        let scope = self.current();
        scope.mark(&scope.mangle(name), BOUND);
        Ok(())
    }

    fn use_name(&mut self, name: &str) {
        let scope = self.current();
        scope.mark(&scope.mangle(name), USED);
        // `super()` finds its class through the implicit `__class__` cell
        // of the enclosing class body.
        if name == "super" && scope.is_function_like() {
            scope.mark(CLASS_CELL, USED);
        }
    }

    fn declare(&mut self, names: &[String], global: bool, span: Span) -> Result<(), SyntaxError> {
        let kind = self.current().kind;
        if !global && kind == ScopeKind::Module {
            return Err(SyntaxError::new("nonlocal declaration not allowed at module level", span));
        }
        for name in names {
            // The messages show the name as written, as CPython's do.
            let mangled = self.current().mangle(name).into_owned();
            let flags = self.current().flags(&mangled);
            let keyword = if global { "global" } else { "nonlocal" };
            if flags & PARAMETER != 0 {
                return Err(SyntaxError::new(format!("name '{name}' is parameter and {keyword}"), span));
            }
            if global && flags & DECLARED_NONLOCAL != 0 || !global && flags & DECLARED_GLOBAL != 0 {
                return Err(SyntaxError::new(format!("name '{name}' is nonlocal and global"), span));
            }
            if flags & BOUND != 0 {
                return Err(SyntaxError::new(
                    format!("name '{name}' is assigned to before {keyword} declaration"),
                    span,
                ));
            }
            if flags & USED != 0 {
                return Err(SyntaxError::new(format!("name '{name}' is used prior to {keyword} declaration"), span));
            }
            self.current().mark(&mangled, if global { DECLARED_GLOBAL } else { DECLARED_NONLOCAL });
        }
        Ok(())
    }

    fn statements(&mut self, statements: &[Stmt]) -> Result<(), SyntaxError> {
        statements.iter().try_for_each(|s| self.statement(s))
    }

    fn statement(&mut self, statement: &Stmt) -> Result<(), SyntaxError> {
        match &statement.kind {
            StmtKind::Expr(value) => self.expression(value),
            StmtKind::Assign { targets, value } => {
                self.expression(value)?;
                targets.iter().try_for_each(|t| self.target(t))
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expression(value)?;
                if let ExprKind::Name(name) = &target.kind {
                    self.use_name(name);
                }
                self.target(target)
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(value) = value {
                    self.expression(value)?;
                    self.target(target)?;
                } else if let ExprKind::Name(name) = &target.kind {
                    // A bare annotation still makes the name local.
                    self.bind(name, target.span)?;
                } else {
                    self.target(target)?;
                }
                Ok(())
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => Ok(()),
            StmtKind::Return(value) => value.iter().try_for_each(|v| self.expression(v)),
            StmtKind::Raise { exception, cause } => exception.iter().chain(cause).try_for_each(|e| self.expression(e)),
            StmtKind::Global(names) => self.declare(names, true, statement.span),
            StmtKind::Nonlocal(names) => self.declare(names, false, statement.span),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.target(t)),
            StmtKind::Assert { test, message } => {
                self.expression(test)?;
                message.iter().try_for_each(|m| self.expression(m))
            }
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    let bound =
                        alias.alias.clone().unwrap_or_else(|| alias.name.split('.').next().unwrap_or("").to_string());
                    self.bind(&bound, alias.span)?;
                }
                Ok(())
            }
            StmtKind::ImportFrom { names, .. } => {
                for alias in names {
                    if alias.name != "*" {
                        self.bind(alias.alias.as_ref().unwrap_or(&alias.name), alias.span)?;
                    }
                }
                Ok(())
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expression(test)?;
                self.statements(body)?;
                self.statements(orelse)
            }
            StmtKind::For { target, iter, body, orelse, .. } => {
                self.expression(iter)?;
                self.target(target)?;
                self.statements(body)?;
                self.statements(orelse)
            }
            StmtKind::Try { body, handlers, orelse, finalbody } => {
                self.statements(body)?;
                for handler in handlers {
                    if let Some(kind) = &handler.kind {
                        self.expression(kind)?;
                    }
                    if let Some(name) = &handler.name {
                        self.bind(name, handler.span)?;
                    }
                    self.statements(&handler.body)?;
                }
                self.statements(orelse)?;
                self.statements(finalbody)
            }
            StmtKind::FunctionDef(function) => {
                function.decorators.iter().try_for_each(|d| self.expression(d))?;
                self.parameter_defaults(&function.parameters)?;
                self.bind(&function.name, statement.span)?;
                self.open((statement.span, ScopeKind::Function));
                self.current().is_coroutine = function.is_async;
                self.parameters(&function.parameters)?;
                self.statements(&function.body)?;
                self.close();
                Ok(())
            }
            StmtKind::ClassDef(class) => {
                class.decorators.iter().try_for_each(|d| self.expression(d))?;
                for argument in &class.arguments {
                    self.argument(argument)?;
                }
                self.bind(&class.name, statement.span)?;
                self.open((statement.span, ScopeKind::Class));
                self.current().private = Some(class.name.clone());
                // Slot 0 of a class body holds its namespace dict.
                self.current().mark(CLASS_NAMESPACE, BOUND | PARAMETER);
                self.current().parameters.push(CLASS_NAMESPACE.into());
                self.statements(&class.body)?;
                self.close();
                Ok(())
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expression(&item.context)?;
                    if let Some(target) = &item.target {
                        self.target(target)?;
                    }
                }
                self.statements(body)
            }
        }
    }

    fn parameter_defaults(&mut self, parameters: &Parameters) -> Result<(), SyntaxError> {
        parameters.all().filter_map(|p| p.default.as_ref()).try_for_each(|d| self.expression(d))
    }

    fn parameters(&mut self, parameters: &Parameters) -> Result<(), SyntaxError> {
        for parameter in parameters.all() {
            let scope = self.current();
            let name = scope.mangle(&parameter.name).into_owned();
            scope.mark(&name, BOUND | PARAMETER);
            scope.parameters.push(name);
        }
        Ok(())
    }

    fn target(&mut self, target: &Expr) -> Result<(), SyntaxError> {
        match &target.kind {
            ExprKind::Name(name) => self.bind(name, target.span),
            ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().try_for_each(|t| self.target(t)),
            ExprKind::Starred(inner) => self.target(inner),
            _ => self.expression(target),
        }
    }

    fn argument(&mut self, argument: &Argument) -> Result<(), SyntaxError> {
        match argument {
            Argument::Positional(e) | Argument::Starred(e) | Argument::Keyword(_, e) | Argument::DoubleStarred(e) => {
                self.expression(e)
            }
        }
    }

    fn expression(&mut self, expression: &Expr) -> Result<(), SyntaxError> {
        match &expression.kind {
            ExprKind::Constant(_) => Ok(()),
            ExprKind::Name(name) => {
                self.use_name(name);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) | ExprKind::Set(items) => {
                items.iter().try_for_each(|e| self.expression(e))
            }
            ExprKind::Dict(items) => items.iter().try_for_each(|item| match item {
                DictItem::Pair(key, value) => {
                    self.expression(key)?;
                    self.expression(value)
                }
                DictItem::Unpack(mapping) => self.expression(mapping),
            }),
            ExprKind::YieldFrom(value) => {
                self.mark_generator(expression.span)?;
                self.expression(value)
            }
            ExprKind::Await(value) => {
                self.mark_await(expression.span)?;
                self.expression(value)
            }
            ExprKind::Starred(value) => self.expression(value),
            ExprKind::Unary { operand, .. } => self.expression(operand),
            ExprKind::Binary { left, right, .. } => {
                self.expression(left)?;
                self.expression(right)
            }
            ExprKind::Bool { values, .. } => values.iter().try_for_each(|e| self.expression(e)),
            ExprKind::Compare { left, comparisons } => {
                self.expression(left)?;
                comparisons.iter().try_for_each(|(_, e)| self.expression(e))
            }
            ExprKind::Conditional { test, body, orelse } => {
                self.expression(test)?;
                self.expression(body)?;
                self.expression(orelse)
            }
            ExprKind::Lambda { parameters, body } => {
                self.parameter_defaults(parameters)?;
                self.open((expression.span, ScopeKind::Lambda));
                self.parameters(parameters)?;
                self.expression(body)?;
                self.close();
                Ok(())
            }
            ExprKind::Call { function, arguments } => {
                self.expression(function)?;
                arguments.iter().try_for_each(|a| self.argument(a))
            }
            ExprKind::Attribute { value, .. } => self.expression(value),
            ExprKind::Subscript { value, index } => {
                self.expression(value)?;
                self.expression(index)
            }
            ExprKind::Slice { lower, upper, step } => {
                lower.iter().chain(upper).chain(step).try_for_each(|e| self.expression(e))
            }
            ExprKind::ListComp { element, clauses } | ExprKind::SetComp { element, clauses } => {
                self.comprehension(expression.span, false, clauses, &mut |builder| builder.expression(element))
            }
            ExprKind::Generator { element, clauses } => {
                self.comprehension(expression.span, true, clauses, &mut |builder| builder.expression(element))
            }
            ExprKind::DictComp { key, value, clauses } => {
                self.comprehension(expression.span, false, clauses, &mut |builder| {
                    builder.expression(key)?;
                    builder.expression(value)
                })
            }
            ExprKind::FString(parts) => self.fstring_parts(parts),
            ExprKind::Yield(value) => {
                self.mark_generator(expression.span)?;
                value.iter().try_for_each(|v| self.expression(v))
            }
            ExprKind::Named { name, value } => {
                self.expression(value)?;
                let mangled = self.current().mangle(name).into_owned();
                let name = mangled.as_str();
                // In a comprehension, `:=` binds in the enclosing function.
                let depth = self.stack.iter().rposition(|(_, scope)| scope.kind != ScopeKind::Comprehension);
                match depth {
                    Some(depth) if depth + 1 < self.stack.len() => {
                        self.stack[depth].1.mark(name, BOUND);
                        for (_, scope) in &mut self.stack[depth + 1..] {
                            scope.mark(name, DECLARED_NONLOCAL);
                        }
                        if self.stack[depth].1.kind == ScopeKind::Module {
                            for (_, scope) in &mut self.stack[depth + 1..] {
                                scope.symbols.iter_mut().for_each(|(n, flags)| {
                                    if n == name {
                                        *flags = DECLARED_GLOBAL | USED;
                                    }
                                });
                            }
                        }
                        Ok(())
                    }
                    _ => self.bind(name, expression.span),
                }
            }
        }
    }

    /// A `yield` makes the enclosing function a generator; a comprehension
    /// cannot contain one.
    fn mark_generator(&mut self, span: Span) -> Result<(), SyntaxError> {
        let scope = self.current();
        match scope.kind {
            ScopeKind::Function if scope.is_coroutine => {
                Err(SyntaxError::new("asynchronous generators are not supported yet", span))
            }
            ScopeKind::Function | ScopeKind::Lambda => {
                scope.is_generator = true;
                Ok(())
            }
            ScopeKind::Comprehension => Err(SyntaxError::new("'yield' inside list comprehension", span)),
            ScopeKind::Module | ScopeKind::Class => Err(SyntaxError::new("'yield' outside function", span)),
        }
    }

    /// `await` belongs in an `async def` body.
    fn mark_await(&mut self, span: Span) -> Result<(), SyntaxError> {
        let in_coroutine = self.stack.iter().rev().nth(1).is_some_and(|(_, parent)| parent.is_coroutine);
        let scope = self.current();
        match scope.kind {
            ScopeKind::Function if scope.is_coroutine => Ok(()),
            ScopeKind::Comprehension if in_coroutine => {
                Err(SyntaxError::new("'await' inside a comprehension is not supported yet", span))
            }
            _ => Err(SyntaxError::new("'await' outside async function", span)),
        }
    }

    fn fstring_parts(&mut self, parts: &[FStringPart]) -> Result<(), SyntaxError> {
        for part in parts {
            if let FStringPart::Field(field) = part {
                self.expression(&field.expression)?;
                if let Some(spec) = &field.spec {
                    self.fstring_parts(spec)?;
                }
            }
        }
        Ok(())
    }

    /// The first iterable is evaluated outside; the rest inside a scope of
    /// its own whose hidden parameter `.0` is that iterator.
    fn comprehension(
        &mut self,
        span: Span,
        is_generator: bool,
        clauses: &[Comprehension],
        element: &mut dyn FnMut(&mut Builder) -> Result<(), SyntaxError>,
    ) -> Result<(), SyntaxError> {
        let Some(first) = clauses.first() else { return Ok(()) };
        self.expression(&first.iter)?;
        self.open((span, ScopeKind::Comprehension));
        self.current().is_generator = is_generator;
        self.current().mark(".0", BOUND | PARAMETER);
        self.current().parameters.push(".0".into());
        for (index, clause) in clauses.iter().enumerate() {
            if index > 0 {
                self.expression(&clause.iter)?;
            }
            self.target(&clause.target)?;
            clause.conditions.iter().try_for_each(|c| self.expression(c))?;
        }
        element(self)?;
        self.close();
        Ok(())
    }
}

/// Decides the storage of every name of a scope and its children; returns
/// the names this scope needs from enclosing functions.
fn resolve(table: &mut ScopeTable, key: ScopeKey, enclosing: &HashSet<String>) -> Result<HashSet<String>, SyntaxError> {
    let Some(mut scope) = table.scopes.remove(&key) else {
        return Ok(HashSet::new());
    };
    let function_like = scope.is_function_like();
    let mut storage: HashMap<String, Storage> = HashMap::new();
    let mut free: Vec<String> = Vec::new();
    for (name, flags) in &scope.symbols {
        let place = if flags & DECLARED_GLOBAL != 0 {
            Storage::Global
        } else if flags & DECLARED_NONLOCAL != 0 {
            if !enclosing.contains(name) {
                return Err(SyntaxError::new(format!("no binding for nonlocal '{name}' found"), key.0));
            }
            free.push(name.clone());
            Storage::Free(Slot(0))
        } else if flags & BOUND != 0 {
            match scope.kind {
                ScopeKind::Module => Storage::Global,
                ScopeKind::Class => Storage::ClassName,
                _ => Storage::Local(Slot(0)),
            }
        } else if (function_like || scope.kind == ScopeKind::Class) && enclosing.contains(name) {
            free.push(name.clone());
            Storage::Free(Slot(0))
        } else if scope.kind == ScopeKind::Class {
            Storage::ClassName
        } else {
            Storage::Global
        };
        storage.insert(name.clone(), place);
    }

    // What children may take from us: our locals plus what we can see.
    let mut visible: HashSet<String> = match scope.kind {
        ScopeKind::Module => HashSet::new(),
        ScopeKind::Class => {
            let mut visible = enclosing.clone();
            visible.insert(CLASS_CELL.to_string());
            visible
        }
        _ => enclosing.clone(),
    };
    if function_like {
        for (name, place) in &storage {
            if matches!(place, Storage::Local(_)) {
                visible.insert(name.clone());
            }
        }
    }
    for name in &free {
        visible.insert(name.clone());
    }
    for (name, place) in &storage {
        if *place == Storage::Global && scope.kind != ScopeKind::Module {
            visible.remove(name);
        }
    }

    let children = scope.children.clone();
    for child in children {
        let needed = resolve(table, child, &visible)?;
        for name in needed {
            match storage.get(&name).copied() {
                Some(Storage::Local(_)) => {
                    storage.insert(name, Storage::Cell(Slot(0)));
                }
                Some(Storage::Free(_)) | Some(Storage::Cell(_)) => {}
                _ if scope.kind == ScopeKind::Class && name == CLASS_CELL => {
                    storage.insert(name, Storage::Cell(Slot(0)));
                }
                // A name the class body binds itself cannot also pass through.
                Some(Storage::ClassName) => {}
                _ => {
                    // Passed through a scope that does not use it itself.
                    if !free.contains(&name) {
                        free.push(name.clone());
                    }
                    storage.insert(name, Storage::Free(Slot(0)));
                }
            }
        }
    }

    assign_slots(&mut scope, &mut storage, &free);
    scope.has_free_variables = !free.is_empty();
    scope.storage = storage;
    let needed: HashSet<String> = free.into_iter().collect();
    table.scopes.insert(key, scope);
    Ok(needed)
}

/// Numbers the slots: parameters, then locals and cells in order of first
/// appearance, then free variables.
fn assign_slots(scope: &mut Scope, storage: &mut HashMap<String, Storage>, free: &[String]) {
    if !scope.is_function_like() && scope.kind != ScopeKind::Class {
        return;
    }
    let mut slot_names: Vec<String> = Vec::new();
    let mut cell_slots = Vec::new();
    let mut place = |name: &str, storage: &mut HashMap<String, Storage>, slot_names: &mut Vec<String>| {
        let slot = Slot(slot_names.len() as u32);
        slot_names.push(name.to_string());
        match storage.get(name) {
            Some(Storage::Cell(_)) => {
                storage.insert(name.to_string(), Storage::Cell(slot));
                cell_slots.push(slot);
            }
            Some(Storage::Local(_)) => {
                storage.insert(name.to_string(), Storage::Local(slot));
            }
            _ => {}
        }
    };
    for parameter in &scope.parameters {
        place(parameter, storage, &mut slot_names);
    }
    for (name, _) in &scope.symbols {
        if scope.parameters.contains(name) {
            continue;
        }
        if matches!(storage.get(name), Some(Storage::Local(_) | Storage::Cell(_))) {
            place(name, storage, &mut slot_names);
        }
    }
    // Cells created for pass-through or late-discovered names.
    let mut extra: Vec<String> = storage
        .iter()
        .filter(|(name, place)| matches!(place, Storage::Cell(_)) && !slot_names.contains(name))
        .map(|(name, _)| name.clone())
        .collect();
    extra.sort();
    for name in extra {
        place(&name, storage, &mut slot_names);
    }
    scope.free_start = slot_names.len() as u32;
    for name in free {
        let slot = Slot(slot_names.len() as u32);
        slot_names.push(name.clone());
        storage.insert(name.clone(), Storage::Free(slot));
    }
    scope.slot_names = slot_names;
    scope.cell_slots = cell_slots;
}
