//! AST → bytecode. Scope analysis runs first (`scope`), then statements
//! (`stmt`) and expressions (`expr`) are lowered into code units, one per
//! function body, each finished into a `Code` object.
//!
//! Exceptions use a zero-cost table like CPython 3.11's: every instruction
//! records the innermost handler active when it was emitted, and runs of
//! instructions with the same handler become table entries. The stack depth
//! is tracked statically as ops are emitted, so each handler knows how deep
//! the stack is when it starts.

mod expr;
mod import;
pub mod scope;
pub use scope::CLASS_CELL;
mod stmt;
mod warnings;

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::*;
use crate::bytecode::*;
use crate::diagnostic::{SourceMap, SyntaxError, SyntaxWarning};
use crate::object::string::{Interner, Str};
use crate::value::Value;
use scope::{ScopeKey, ScopeKind, ScopeTable, Storage};

/// Compiles a parsed module into its code object, with the warnings the
/// compiler has about it.
pub fn compile_module(
    statements: &[Stmt],
    source: &str,
    filename: &str,
    interner: &mut Interner,
) -> Result<(Rc<Code>, Vec<SyntaxWarning>), SyntaxError> {
    let scopes = scope::analyze_module(statements)?;
    let mut compiler = Compiler {
        scopes,
        source_map: SourceMap::new(source),
        filename: Rc::from(filename),
        interner,
        units: Vec::new(),
        warnings: Vec::new(),
    };
    compiler.push_unit(scope::module_key(), "<module>", "<module>", 1);
    compiler.compile_body(statements)?;
    if compiler.unit().reachable {
        compiler.load_constant(Value::None);
        compiler.emit(Op::Return);
    }
    let code = compiler.finish_unit();
    Ok((code, compiler.warnings))
}

/// Superinstructions: an op that does the work of `previous` then `next`,
/// for pairs frequent enough that one dispatch instead of two shows.
fn fuse(previous: Op, next: Op) -> Option<Op> {
    match (previous, next) {
        (Op::LoadLocal(Slot(slot)), Op::LoadConst(ConstIndex(constant))) => {
            Some(Op::LoadLocalConst { slot: u16::try_from(slot).ok()?, constant: u16::try_from(constant).ok()? })
        }
        (Op::LoadLocalConst { slot, constant }, Op::Binary(op)) => Some(Op::BinaryLocalConst { op, slot, constant }),
        (Op::LoadLocal(Slot(slot)), Op::LoadAttr(NameIndex(name))) => {
            Some(Op::LoadLocalAttr { slot: u16::try_from(slot).ok()?, name: u16::try_from(name).ok()? })
        }
        (Op::LoadLocal(Slot(slot)), Op::StoreAttr(NameIndex(name))) => {
            Some(Op::StoreLocalAttr { slot: u16::try_from(slot).ok()?, name: u16::try_from(name).ok()? })
        }
        (Op::LoadLocal(Slot(slot)), Op::LoadMethod(NameIndex(name))) => {
            Some(Op::LoadLocalMethod { slot: u16::try_from(slot).ok()?, name: u16::try_from(name).ok()? })
        }
        _ => None,
    }
}

/// A jump destination inside the unit being compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Label(u32);

/// Constants are shared within a code object when equal and of one type.
#[derive(PartialEq, Eq, Hash)]
enum ConstantKey {
    None,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
    Other(usize),
}

/// What an enclosing statement requires of a jump leaving it.
#[derive(Clone)]
pub(crate) enum Block<'a> {
    Loop {
        continue_label: Label,
        break_label: Label,
        iterator_on_stack: bool,
    },
    /// The body of `try ... finally`: leaving runs the finally body.
    TryFinally {
        body: &'a [Stmt],
        outer_regions: usize,
    },
    /// The copy of a finally body that runs for an exception; the stack
    /// holds the previously handled exception and the exception.
    FinallyCleanup,
    /// An `except` body; the stack holds the previously handled exception.
    ExceptHandler {
        name: Option<&'a str>,
    },
    /// The body of a `with`: the bound `__exit__` is on the stack, and
    /// leaving calls it with three Nones, at the statement's `span`.
    With {
        outer_regions: usize,
        span: Span,
    },
}

/// A protected region: where exceptions go and how deep the stack is there.
struct Region {
    handler: Label,
    depth: u32,
}

/// The code being built for one function body (or the module).
struct CodeUnit<'a> {
    scope: ScopeKey,
    name: String,
    qualname: String,
    first_line: u32,
    ops: Vec<Op>,
    lines: Vec<u32>,
    /// Innermost active region of each op.
    op_regions: Vec<Option<u32>>,
    constants: Vec<Value>,
    constant_index: HashMap<ConstantKey, u32>,
    names: Vec<Rc<Str>>,
    name_index: HashMap<String, u32>,
    functions: Vec<Rc<Code>>,
    labels: Vec<Option<u32>>,
    label_depths: Vec<Option<i32>>,
    depth: i32,
    max_depth: i32,
    reachable: bool,
    /// A label points just past the last op, so it must not be fused.
    label_at_end: bool,
    regions: Vec<Region>,
    active_regions: Vec<u32>,
    blocks: Vec<Block<'a>>,
    line: u32,
    /// Source span of the node the ops being emitted come from.
    span: Span,
    spans: Vec<(u32, u32)>,
    arg_count: u32,
    positional_only_count: u32,
    keyword_only_count: u32,
    flags: CodeFlags,
    docstring: Value,
}

pub(crate) struct Compiler<'a, 'i> {
    scopes: ScopeTable,
    source_map: SourceMap<'a>,
    filename: Rc<str>,
    interner: &'i mut Interner,
    units: Vec<CodeUnit<'a>>,
    warnings: Vec<SyntaxWarning>,
}

type CompileResult<T = ()> = Result<T, SyntaxError>;

impl<'a> Compiler<'a, '_> {
    fn unit(&mut self) -> &mut CodeUnit<'a> {
        self.units.last_mut().expect("a code unit is open")
    }

    fn unit_ref(&self) -> &CodeUnit<'a> {
        self.units.last().expect("a code unit is open")
    }

    fn scope_kind(&self) -> ScopeKind {
        self.unit_ref().scope.1
    }

    fn push_unit(&mut self, scope: ScopeKey, name: &str, qualname: &str, first_line: u32) {
        self.units.push(CodeUnit {
            scope,
            name: name.to_string(),
            qualname: qualname.to_string(),
            first_line,
            ops: Vec::new(),
            lines: Vec::new(),
            op_regions: Vec::new(),
            constants: Vec::new(),
            constant_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            functions: Vec::new(),
            labels: Vec::new(),
            label_depths: Vec::new(),
            depth: 0,
            max_depth: 0,
            reachable: true,
            label_at_end: false,
            regions: Vec::new(),
            active_regions: Vec::new(),
            blocks: Vec::new(),
            line: first_line,
            span: (0, 0),
            spans: Vec::new(),
            arg_count: 0,
            positional_only_count: 0,
            keyword_only_count: 0,
            flags: CodeFlags::default(),
            docstring: Value::None,
        });
    }

    /// Turns the finished unit into a code object.
    fn finish_unit(&mut self) -> Rc<Code> {
        let unit = self.units.pop().expect("a code unit is open");
        let scope = self.scopes.get(&unit.scope);
        let resolve = |label: u32| unit.labels[label as usize].unwrap_or(0);
        let ops: Vec<Op> = unit
            .ops
            .iter()
            .map(|op| match op.target() {
                Some(Target(label)) => op.with_target(Target(resolve(label))),
                None => *op,
            })
            .collect();
        let mut exception_table: Vec<ExceptionHandler> = Vec::new();
        for (offset, region) in unit.op_regions.iter().enumerate() {
            let Some(region) = region else { continue };
            let region = &unit.regions[*region as usize];
            let handler = resolve(region.handler.0);
            match exception_table.last_mut() {
                Some(last) if last.end == offset as u32 && last.handler == handler && last.depth == region.depth => {
                    last.end += 1;
                }
                _ => exception_table.push(ExceptionHandler {
                    start: offset as u32,
                    end: offset as u32 + 1,
                    handler,
                    depth: region.depth,
                }),
            }
        }
        let name_count = unit.names.len();
        let slot_names: Vec<Rc<Str>> = scope.slot_names.iter().map(|name| self.interner.intern(name)).collect();
        let mut flags = unit.flags;
        // A coroutine's frame suspends at `await` as a generator's does at
        // `yield`; the flag `coroutine` tells the two apart.
        flags.generator = scope.is_generator || scope.is_coroutine;
        flags.coroutine = scope.is_coroutine;
        let simple = !flags.generator
            && unit.keyword_only_count == 0
            && !unit.flags.varargs
            && !unit.flags.varkeywords
            && scope.cell_slots.is_empty()
            && scope.free_start as usize == slot_names.len();
        Rc::new(Code {
            name: self.interner.intern(&unit.name),
            qualname: self.interner.intern(&unit.qualname),
            filename: self.filename.clone(),
            first_line: unit.first_line,
            ops,
            lines: unit.lines,
            spans: unit.spans,
            constants: unit.constants,
            names: unit.names,
            functions: unit.functions,
            slot_names,
            cell_slots: scope.cell_slots.clone(),
            free_start: scope.free_start,
            arg_count: unit.arg_count,
            positional_only_count: unit.positional_only_count,
            keyword_only_count: unit.keyword_only_count,
            flags,
            exception_table,
            max_stack: unit.max_depth.max(0) as u32,
            simple_arity: simple.then_some(unit.arg_count),
            global_cache: (0..name_count).map(|_| Default::default()).collect(),
            attribute_cache: (0..name_count).map(|_| Default::default()).collect(),
            docstring: unit.docstring,
        })
    }

    // ------------------------------------------------------------ emitting

    fn line_of(&self, offset: usize) -> u32 {
        self.source_map.line(offset) as u32
    }

    /// Attributes the following ops to `span` (and the line holding it);
    /// tracebacks show the line and mark the span under it.
    fn set_line(&mut self, span: Span) {
        let line = self.line_of(span.0);
        let unit = self.unit();
        unit.line = line;
        unit.span = span;
    }

    fn emit(&mut self, op: Op) {
        let unit = self.unit();
        let region = unit.active_regions.last().copied();
        let fusable = !unit.label_at_end && unit.op_regions.last() == Some(&region);
        let fused = if fusable { unit.ops.last().and_then(|previous| fuse(*previous, op)) } else { None };
        unit.label_at_end = false;
        match fused {
            Some(fused) => {
                if let Some(last) = unit.ops.last_mut() {
                    *last = fused;
                }
                // Arithmetic and attribute access report their errors at
                // the operation.
                if let Op::BinaryLocalConst { .. }
                | Op::LoadLocalAttr { .. }
                | Op::StoreLocalAttr { .. }
                | Op::LoadLocalMethod { .. } = fused
                    && let (Some(line), Some(span)) = (unit.lines.last_mut(), unit.spans.last_mut())
                {
                    *line = unit.line;
                    *span = (unit.span.0 as u32, unit.span.1 as u32);
                }
            }
            None => {
                unit.ops.push(op);
                unit.lines.push(unit.line);
                unit.spans.push((unit.span.0 as u32, unit.span.1 as u32));
                unit.op_regions.push(region);
            }
        }
        if let Some(Target(label)) = op.target() {
            let depth_there = unit.depth + op.stack_effect(true);
            let recorded = &mut unit.label_depths[label as usize];
            if recorded.is_none() {
                *recorded = Some(depth_there);
            }
        }
        unit.depth += op.stack_effect(false);
        unit.max_depth = unit.max_depth.max(unit.depth);
        if op.ends_block() {
            unit.reachable = false;
        }
    }

    fn new_label(&mut self) -> Label {
        let unit = self.unit();
        unit.labels.push(None);
        unit.label_depths.push(None);
        Label(unit.labels.len() as u32 - 1)
    }

    /// Places a label here. After an unconditional jump the stack depth is
    /// whatever the jumps to this label left.
    fn bind(&mut self, label: Label) {
        let unit = self.unit();
        unit.labels[label.0 as usize] = Some(unit.ops.len() as u32);
        unit.label_at_end = true;
        if !unit.reachable
            && let Some(depth) = unit.label_depths[label.0 as usize]
        {
            unit.depth = depth;
        }
        unit.reachable = true;
    }

    /// Emits a jump op whose target is a label.
    fn emit_jump(&mut self, make: fn(Target) -> Op, label: Label) {
        self.emit(make(Target(label.0)));
    }

    /// Starts a protected region whose handler runs with the stack at the
    /// current depth plus the exception.
    fn push_region(&mut self, handler: Label) {
        let depth = self.unit_ref().depth.max(0) as u32;
        self.push_region_at(handler, depth);
    }

    fn push_region_at(&mut self, handler: Label, depth: u32) {
        let unit = self.unit();
        unit.regions.push(Region { handler, depth });
        let id = unit.regions.len() as u32 - 1;
        unit.active_regions.push(id);
        // The handler starts with the exception pushed.
        let recorded = &mut unit.label_depths[handler.0 as usize];
        if recorded.is_none() {
            *recorded = Some(depth as i32 + 1);
        }
    }

    fn pop_region(&mut self) {
        self.unit().active_regions.pop();
    }

    fn constant_key(&self, value: &Value) -> ConstantKey {
        match value {
            Value::None => ConstantKey::None,
            Value::Bool(b) => ConstantKey::Bool(*b),
            Value::Int(i) => ConstantKey::Int(*i),
            Value::Float(f) => ConstantKey::Float(f.to_bits()),
            Value::Str(s) => ConstantKey::Str(s.as_str().to_string()),
            _ => ConstantKey::Other(self.unit_ref().constants.len()),
        }
    }

    fn add_constant(&mut self, value: Value) -> ConstIndex {
        let key = self.constant_key(&value);
        let unit = self.unit();
        if let Some(&index) = unit.constant_index.get(&key) {
            return ConstIndex(index);
        }
        unit.constants.push(value);
        let index = unit.constants.len() as u32 - 1;
        unit.constant_index.insert(key, index);
        ConstIndex(index)
    }

    fn load_constant(&mut self, value: Value) {
        let index = self.add_constant(value);
        self.emit(Op::LoadConst(index));
    }

    fn name_index(&mut self, name: &str) -> NameIndex {
        if let Some(&index) = self.unit_ref().name_index.get(name) {
            return NameIndex(index);
        }
        let interned = self.interner.intern(name);
        let unit = self.unit();
        unit.names.push(interned);
        let index = unit.names.len() as u32 - 1;
        unit.name_index.insert(name.to_string(), index);
        NameIndex(index)
    }

    /// The index of an attribute name or a name taken from a module; as in
    /// CPython, these are mangled like variables (`self.__x`).
    fn mangled_name_index(&mut self, name: &str) -> NameIndex {
        let name = self.mangle(name);
        self.name_index(&name)
    }

    fn intern(&mut self, name: &str) -> Rc<Str> {
        self.interner.intern(name)
    }

    // ------------------------------------------------------------ names

    /// `name` as the current scope stores it: private names are mangled.
    fn mangle<'n>(&self, name: &'n str) -> Cow<'n, str> {
        self.scopes.get(&self.unit_ref().scope).mangle(name)
    }

    /// Where a name, already mangled, lives in the current scope.
    fn storage(&self, name: &str) -> Storage {
        self.scopes.get(&self.unit_ref().scope).lookup(name)
    }

    fn load_name(&mut self, name: &str) {
        let name = &*self.mangle(name);
        match self.storage(name) {
            Storage::Local(slot) => self.emit(Op::LoadLocal(slot)),
            Storage::Cell(slot) | Storage::Free(slot) => self.emit(Op::LoadDeref(slot)),
            Storage::Global => {
                let index = self.name_index(name);
                self.emit(Op::LoadGlobal(index));
            }
            Storage::ClassName => {
                let index = self.name_index(name);
                self.emit(Op::LoadName(index));
            }
        }
    }

    fn store_name(&mut self, name: &str) {
        let name = &*self.mangle(name);
        match self.storage(name) {
            Storage::Local(slot) => self.emit(Op::StoreLocal(slot)),
            Storage::Cell(slot) | Storage::Free(slot) => self.emit(Op::StoreDeref(slot)),
            Storage::Global => {
                let index = self.name_index(name);
                self.emit(Op::StoreGlobal(index));
            }
            Storage::ClassName => {
                let index = self.name_index(name);
                self.emit(Op::StoreName(index));
            }
        }
    }

    fn delete_name(&mut self, name: &str) {
        let name = &*self.mangle(name);
        match self.storage(name) {
            Storage::Local(slot) => self.emit(Op::DeleteLocal(slot)),
            Storage::Cell(slot) | Storage::Free(slot) => self.emit(Op::DeleteDeref(slot)),
            Storage::Global => {
                let index = self.name_index(name);
                self.emit(Op::DeleteGlobal(index));
            }
            Storage::ClassName => {
                let index = self.name_index(name);
                self.emit(Op::DeleteName(index));
            }
        }
    }

    /// Pushes the cells a nested scope's closure needs, as a tuple; returns
    /// whether there were any.
    fn load_closure(&mut self, child: &ScopeKey) -> bool {
        let scope = self.scopes.get(child);
        let free: Vec<String> = scope.slot_names[scope.free_start as usize..].to_vec();
        if free.is_empty() {
            return false;
        }
        for name in &free {
            match self.storage(name) {
                Storage::Cell(slot) | Storage::Free(slot) => self.emit(Op::LoadClosure(slot)),
                // Unreachable after scope analysis; keep the stack balanced.
                _ => self.load_constant(Value::None),
            }
        }
        self.emit(Op::BuildTuple(free.len() as u32));
        true
    }

    /// The qualified name of a function defined in the current unit.
    fn qualified_name(&self, name: &str) -> String {
        let unit = self.unit_ref();
        match unit.scope.1 {
            ScopeKind::Module => name.to_string(),
            ScopeKind::Class => format!("{}.{name}", unit.qualname),
            _ => format!("{}.<locals>.{name}", unit.qualname),
        }
    }
}
