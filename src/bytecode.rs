//! The instruction set and code objects. Each opcode's doc line gives its
//! operand and its stack effect, top of stack on the right.

use std::fmt::Write;
use std::rc::Rc;

use crate::ast::{BinaryOp, UnaryOp};
use crate::object::string::Str;
use crate::value::Value;

/// Index into `Code::constants`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstIndex(pub u32);

/// Index into `Code::names` (globals and attribute names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameIndex(pub u32);

/// A frame slot: parameters, then locals, then cells, then free variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot(pub u32);

/// An instruction offset (a label while the compiler is still emitting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target(pub u32);

/// Index into `Code::functions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionIndex(pub u32);

/// Comparison operators with a rich-comparison meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }

    /// The comparison with its operands swapped (`a < b` is `b > a`).
    pub fn swapped(self) -> Comparison {
        match self {
            Comparison::Lt => Comparison::Gt,
            Comparison::Le => Comparison::Ge,
            Comparison::Eq => Comparison::Eq,
            Comparison::Ne => Comparison::Ne,
            Comparison::Gt => Comparison::Lt,
            Comparison::Ge => Comparison::Le,
        }
    }
}

/// What `MakeFunction` finds on the stack under the code's closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionFlags {
    pub has_defaults: bool,
    pub has_keyword_defaults: bool,
    pub has_closure: bool,
}

/// How `FormatValue` converts before formatting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    None,
    Str,
    Repr,
    Ascii,
}

/// `raise` forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaiseForm {
    /// Bare `raise`: re-raise the exception being handled.
    Reraise,
    /// `raise exc`
    Raise,
    /// `raise exc from cause`
    RaiseFrom,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// `[] -> []`
    Nop,
    /// `[] -> [constant]`
    LoadConst(ConstIndex),
    /// `[] -> [local]`; an unbound slot raises UnboundLocalError.
    LoadLocal(Slot),
    /// `[value] -> []`
    StoreLocal(Slot),
    /// `[] -> []`; unbinds the slot.
    DeleteLocal(Slot),
    /// `[] -> [cell contents]`; the slot holds a cell.
    LoadDeref(Slot),
    /// `[value] -> []`; stores into the cell in the slot.
    StoreDeref(Slot),
    /// `[] -> []`; empties the cell in the slot.
    DeleteDeref(Slot),
    /// `[] -> [cell]`; the cell itself, for building a closure.
    LoadClosure(Slot),
    /// `[] -> [global or builtin]`
    LoadGlobal(NameIndex),
    /// `[value] -> []`
    StoreGlobal(NameIndex),
    /// `[] -> []`
    DeleteGlobal(NameIndex),
    /// `[] -> [value]`: in a class body, the class namespace (slot 0), then
    /// globals, then builtins.
    LoadName(NameIndex),
    /// `[value] -> []`: into the class namespace.
    StoreName(NameIndex),
    /// `[] -> []`: from the class namespace.
    DeleteName(NameIndex),
    /// `[] -> [__build_class__]`: the native a `class` statement calls.
    LoadBuildClass,

    /// `[] -> [local, constant]`: two loads fused (`n - 1`, `i < 10`).
    LoadLocalConst { slot: u16, constant: u16 },
    /// `[] -> [local op constant]`: loads and arithmetic fused.
    BinaryLocalConst { op: BinaryOp, slot: u16, constant: u16 },
    /// `[] -> [local.name]`: `LoadLocal` and `LoadAttr` fused (`self.x`).
    LoadLocalAttr { slot: u16, name: u16 },
    /// `[value] -> []`: `LoadLocal` and `StoreAttr` fused (`self.x = v`).
    StoreLocalAttr { slot: u16, name: u16 },
    /// `[] -> [method, local]` or `[attribute, NULL]`: `LoadLocal` and
    /// `LoadMethod` fused (`self.method(...)`).
    LoadLocalMethod { slot: u16, name: u16 },

    /// `[value] -> []`
    Pop,
    /// `[a, ..., x] -> [a, ..., x, a]`: copies the n-th item from the top (1 = top).
    Copy(u32),
    /// `[a, ..., x] -> [x, ..., a]`: swaps the top with the n-th item (n >= 2).
    Swap(u32),

    /// `[operand] -> [op operand]`
    Unary(UnaryOp),
    /// `[left, right] -> [left op right]`
    Binary(BinaryOp),
    /// `[left, right] -> [left op= right]`: in-place when the type has it.
    InPlace(BinaryOp),
    /// `[left, right] -> [left cmp right]`
    Compare(Comparison),
    /// `[left, right] -> []`: compares, then jumps if the result's truth
    /// is `when` (an `if a < b:` test in one instruction).
    CompareJump { comparison: Comparison, when: bool, target: Target },
    /// `[left, right] -> [left is right]` (`is not` when the flag is set)
    Is(bool),
    /// `[item, container] -> [item in container]` (`not in` when the flag is set)
    Contains(bool),

    /// `[] -> []`
    Jump(Target),
    /// `[condition] -> []`
    PopJumpIfFalse(Target),
    /// `[condition] -> []`
    PopJumpIfTrue(Target),
    /// `[value] -> [value]` if jumping, else `[]`
    JumpIfFalseOrPop(Target),
    /// `[value] -> [value]` if jumping, else `[]`
    JumpIfTrueOrPop(Target),
    /// `[iterable] -> [iterator]`
    GetIter,
    /// `[iterator] -> [iterator, next]`, or `[]` and jump when exhausted.
    ForIter(Target),

    /// `[a1..an] -> [(a1, ..., an)]`
    BuildTuple(u32),
    /// `[a1..an] -> [[a1, ..., an]]`
    BuildList(u32),
    /// `[a1..an] -> [{a1, ..., an}]`
    BuildSet(u32),
    /// `[k1, v1, ..., kn, vn] -> [{k1: v1, ...}]`
    BuildMap(u32),
    /// `[start, stop] -> [slice]` or `[start, stop, step] -> [slice]`
    BuildSlice(u32),
    /// `[s1..sn] -> [s1 + ... + sn]` for f-strings
    BuildString(u32),
    /// `[value] -> [formatted]` or `[value, spec] -> [formatted]`
    FormatValue { conversion: Conversion, has_spec: bool },
    /// `[list, ...(n-1 items), item] -> [list, ...]`: appends to the list n deep.
    ListAppend(u32),
    /// `[set, ..., item] -> [set, ...]`
    SetAdd(u32),
    /// `[dict, ..., key, value] -> [dict, ...]`
    MapAdd(u32),
    /// `[list, ..., iterable] -> [list, ...]`
    ListExtend(u32),
    /// `[set, ..., iterable] -> [set, ...]`
    SetUpdate(u32),
    /// `[dict, ..., mapping] -> [dict, ...]`
    DictUpdate(u32),
    /// `[dict, ..., mapping] -> [dict, ...]`; duplicate keys are an error (`f(**a, **b)`).
    DictMerge(u32),
    /// `[list] -> [tuple]`
    ListToTuple,
    /// `[sequence] -> [item_n, ..., item_1]`: exactly n items, last on the bottom.
    UnpackSequence(u32),
    /// `[sequence] -> [after items..., starred list, before items...]`
    UnpackStarred { before: u16, after: u16 },

    /// `[container, index] -> [container[index]]`
    GetItem,
    /// `[value, container, index] -> []`
    SetItem,
    /// `[container, index] -> []`
    DeleteItem,
    /// `[object] -> [object.name]`
    LoadAttr(NameIndex),
    /// `[value, object] -> []`
    StoreAttr(NameIndex),
    /// `[object] -> []`
    DeleteAttr(NameIndex),
    /// `[object] -> [method, object]`, or `[attribute, NULL]` when the
    /// name is not a method of the object's type.
    LoadMethod(NameIndex),
    /// `super().name`, with `super` a global: `[super] -> [attribute]`, or
    /// as `LoadMethod` when `method`. When `super` is the builtin, the
    /// attribute is found on the MRO without making a super object.
    LoadSuperAttr { name: NameIndex, method: bool },

    /// `[defaults?, keyword defaults?, closure?] -> [function]`
    MakeFunction { code: FunctionIndex, flags: FunctionFlags },
    /// `[] -> []`: names the last arguments of the next `Call` as keywords.
    KwNames(ConstIndex),
    /// `[callable, a1..an] -> [result]`
    Call(u32),
    /// `[method, self or NULL, a1..an] -> [result]`: the receiver (when
    /// not NULL) goes first.
    CallMethod(u32),
    /// `[callable, args tuple, kwargs dict?] -> [result]`
    CallEx { has_keywords: bool },
    /// `[value] -> (returns)`
    Return,
    /// `[value] -> [sent]`: suspends the generator, handing `value` to
    /// whoever resumed it; resuming pushes what was sent in.
    Yield,
    /// `[iterable] -> [iterator]` for `yield from`.
    GetYieldFromIter,
    /// `await`: replaces the top with the iterator its awaiting runs
    /// (a coroutine itself, or what `__await__` returns).
    GetAwaitable,
    /// `[iterator, sent] -> [iterator, yielded]`, or `[result]` and jump
    /// when the iterator is done: one step of `yield from`.
    SendFrom(Target),

    /// `[exception?, cause?] -> (raises)`
    Raise(RaiseForm),
    /// `[exception] -> (raises)`: re-raises without a new traceback entry.
    Reraise,
    /// `[exception] -> [previously handled, exception]`: starts handling it.
    PushExcInfo,
    /// `[previously handled] -> []`: ends handling; restores the previous one.
    PopExcept,
    /// `[previously handled, exception] -> (raises)`: cleanup of a handler
    /// that raised: restores the previous exception and re-raises.
    PopExceptAndReraise,
    /// `[exception, class] -> [exception, matches]`
    CheckExcMatch,
    /// `[] -> [AssertionError]`, immune to shadowing of the name.
    LoadAssertionError,
    /// `[manager] -> [bound __exit__, result of __enter__()]`
    BeforeWith,
    /// `[exit, previous, exception] -> [exit, previous, exception, result]`:
    /// calls `exit(type, exception, traceback)`.
    WithExceptStart,

    /// `[level, fromlist] -> [module]`: imports the named module (CPython's
    /// IMPORT_NAME). With an empty fromlist and level 0 the result is the
    /// top-level package of a dotted name (`import a.b` binds `a`);
    /// otherwise the named module itself.
    ImportName(NameIndex),
    /// `[module] -> [module, module.name]`: an attribute of the module, or
    /// its submodule `module.name` from `sys.modules`; ImportError if
    /// neither exists (CPython's IMPORT_FROM).
    ImportFrom(NameIndex),
    /// `[module] -> []`: binds the module's public names (its `__all__`,
    /// else every name not starting with `_`) in the globals.
    ImportStar,
}

impl Op {
    /// Net change of the stack depth; `jump` selects the effect when a
    /// conditional jump is taken.
    pub fn stack_effect(&self, jump: bool) -> i32 {
        use Op::*;
        match *self {
            Nop | Jump(_) | DeleteLocal(_) | DeleteDeref(_) | DeleteGlobal(_) | DeleteName(_) | KwNames(_) => 0,
            LoadConst(_)
            | LoadLocal(_)
            | LoadDeref(_)
            | LoadClosure(_)
            | LoadGlobal(_)
            | LoadName(_)
            | LoadBuildClass
            | Copy(_)
            | LoadAssertionError
            | BeforeWith
            | WithExceptStart
            | BinaryLocalConst { .. }
            | LoadLocalAttr { .. } => 1,
            LoadLocalConst { .. } | LoadLocalMethod { .. } => 2,
            StoreLocal(_) | StoreDeref(_) | StoreGlobal(_) | StoreName(_) | StoreLocalAttr { .. } | Pop => -1,
            Swap(_) | Unary(_) | GetIter | ListToTuple | LoadAttr(_) | CheckExcMatch => 0,
            Binary(_) | InPlace(_) | Compare(_) | Is(_) | Contains(_) | GetItem => -1,
            PopJumpIfFalse(_) | PopJumpIfTrue(_) => -1,
            CompareJump { .. } => -2,
            JumpIfFalseOrPop(_) | JumpIfTrueOrPop(_) => {
                if jump {
                    0
                } else {
                    -1
                }
            }
            ForIter(_) => {
                if jump {
                    -1
                } else {
                    1
                }
            }
            BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => 1 - n as i32,
            BuildMap(n) => 1 - 2 * n as i32,
            BuildSlice(n) => 1 - n as i32,
            FormatValue { has_spec, .. } => {
                if has_spec {
                    -1
                } else {
                    0
                }
            }
            ListAppend(_) | SetAdd(_) | ListExtend(_) | SetUpdate(_) | DictUpdate(_) | DictMerge(_) => -1,
            MapAdd(_) => -2,
            UnpackSequence(n) => n as i32 - 1,
            UnpackStarred { before, after } => before as i32 + after as i32,
            SetItem => -3,
            DeleteItem => -2,
            StoreAttr(_) => -2,
            DeleteAttr(_) => -1,
            LoadMethod(_) => 1,
            LoadSuperAttr { method, .. } => method as i32,
            MakeFunction { flags, .. } => {
                -(flags.has_defaults as i32) - (flags.has_keyword_defaults as i32) - (flags.has_closure as i32) + 1
            }
            Call(n) => -(n as i32),
            CallMethod(n) => -(n as i32) - 1,
            CallEx { has_keywords } => -1 - has_keywords as i32,
            Return => -1,
            Yield | GetYieldFromIter | GetAwaitable => 0,
            SendFrom(_) => {
                if jump {
                    -1
                } else {
                    0
                }
            }
            Raise(form) => match form {
                RaiseForm::Reraise => 0,
                RaiseForm::Raise => -1,
                RaiseForm::RaiseFrom => -2,
            },
            Reraise => -1,
            ImportName(_) => -1,
            ImportFrom(_) => 1,
            ImportStar => -1,
            PushExcInfo => 1,
            PopExcept => -1,
            PopExceptAndReraise => -2,
        }
    }

    /// The jump target, for ops that have one.
    pub fn target(&self) -> Option<Target> {
        use Op::*;
        match *self {
            Jump(t) | PopJumpIfFalse(t) | PopJumpIfTrue(t) | JumpIfFalseOrPop(t) | JumpIfTrueOrPop(t) | ForIter(t) => {
                Some(t)
            }
            CompareJump { target, .. } => Some(target),
            SendFrom(t) => Some(t),
            _ => None,
        }
    }

    /// The same op with its jump target replaced.
    pub fn with_target(self, target: Target) -> Op {
        use Op::*;
        match self {
            Jump(_) => Jump(target),
            PopJumpIfFalse(_) => PopJumpIfFalse(target),
            PopJumpIfTrue(_) => PopJumpIfTrue(target),
            JumpIfFalseOrPop(_) => JumpIfFalseOrPop(target),
            JumpIfTrueOrPop(_) => JumpIfTrueOrPop(target),
            ForIter(_) => ForIter(target),
            SendFrom(_) => SendFrom(target),
            CompareJump { comparison, when, .. } => CompareJump { comparison, when, target },
            other => other,
        }
    }

    /// Whether control never falls through to the next instruction.
    pub fn ends_block(&self) -> bool {
        matches!(self, Op::Jump(_) | Op::Return | Op::Raise(_) | Op::Reraise | Op::PopExceptAndReraise)
    }
}

/// A protected range of instructions: an exception raised in
/// `start..end` truncates the stack to `depth` (above the locals), pushes
/// the exception and jumps to `handler`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionHandler {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub depth: u32,
}

/// What kind of function a code object is the body of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CodeFlags {
    pub varargs: bool,
    pub varkeywords: bool,
    pub generator: bool,
    pub coroutine: bool,
}

/// Where a global name was last found: in the globals or the builtins,
/// at an entry position valid while both tables keep their layout.
#[derive(Debug, Clone, Copy)]
pub struct GlobalCache {
    pub globals_version: u64,
    pub builtins_version: u64,
    pub in_builtins: bool,
    pub position: u32,
}

impl Default for GlobalCache {
    /// Matches no table: layout versions never reach `u64::MAX`.
    fn default() -> GlobalCache {
        GlobalCache { globals_version: u64::MAX, builtins_version: u64::MAX, in_builtins: false, position: 0 }
    }
}

/// A compiled function body or module.
pub struct Code {
    pub name: Rc<Str>,
    pub qualname: Rc<Str>,
    pub filename: Rc<str>,
    pub first_line: u32,
    pub ops: Vec<Op>,
    /// Source line of each op.
    pub lines: Vec<u32>,
    /// Source span (byte offsets) of the node each op comes from.
    pub spans: Vec<(u32, u32)>,
    pub constants: Vec<Value>,
    pub names: Vec<Rc<Str>>,
    pub functions: Vec<Rc<Code>>,
    /// Names of the frame slots, in slot order.
    pub slot_names: Vec<Rc<Str>>,
    /// Slots that hold cells: wrapped at frame entry (a parameter keeps its
    /// argument inside the cell).
    pub cell_slots: Vec<Slot>,
    /// First slot of the free variables; the closure's cells go there.
    pub free_start: u32,
    /// Number of positional parameters (positional-only included).
    pub arg_count: u32,
    pub positional_only_count: u32,
    pub keyword_only_count: u32,
    pub flags: CodeFlags,
    pub exception_table: Vec<ExceptionHandler>,
    /// Deepest the operand stack gets, above the slots.
    pub max_stack: u32,
    /// The argument count when calling needs no binding work (positional
    /// parameters only, no cells or free variables); calls take a fast path.
    pub simple_arity: Option<u32>,
    /// One lookup cache per name, for `LoadGlobal` (a code object always
    /// runs with the globals of the module it was compiled for).
    pub global_cache: Box<[std::cell::Cell<GlobalCache>]>,
    /// One cache per name, for attribute access on instances.
    pub attribute_cache: Box<[crate::vm::AttributeCache]>,
    pub docstring: Value,
}

impl Code {
    pub fn slot_count(&self) -> usize {
        self.slot_names.len()
    }

    /// Number of parameters, counting `*args` and `**kwargs`.
    pub fn parameter_count(&self) -> usize {
        (self.arg_count + self.keyword_only_count) as usize
            + self.flags.varargs as usize
            + self.flags.varkeywords as usize
    }

    /// The innermost handler covering an instruction.
    pub fn handler_for(&self, offset: usize) -> Option<&ExceptionHandler> {
        let offset = offset as u32;
        self.exception_table.iter().find(|entry| entry.start <= offset && offset < entry.end)
    }

    pub fn line_at(&self, offset: usize) -> u32 {
        self.lines.get(offset).copied().unwrap_or(self.first_line)
    }

    pub fn span_at(&self, offset: usize) -> (u32, u32) {
        self.spans.get(offset).copied().unwrap_or((0, 0))
    }
}

/// A readable listing of a code object and every function inside it.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    disassemble_into(code, &mut out);
    out
}

fn disassemble_into(code: &Code, out: &mut String) {
    let _ = writeln!(out, "Disassembly of {} ({}, line {}):", code.qualname.as_str(), code.filename, code.first_line);
    let targets: Vec<u32> = code
        .ops
        .iter()
        .filter_map(|op| op.target().map(|t| t.0))
        .chain(code.exception_table.iter().map(|entry| entry.handler))
        .collect();
    let mut previous_line = 0;
    for (offset, op) in code.ops.iter().enumerate() {
        let line = code.lines[offset];
        let line_column = if line != previous_line { format!("{line:>4}") } else { "    ".to_string() };
        previous_line = line;
        let marker = if targets.contains(&(offset as u32)) { ">>" } else { "  " };
        let _ = writeln!(out, "{line_column} {marker} {offset:>4} {}", describe(code, op));
    }
    if !code.exception_table.is_empty() {
        let _ = writeln!(out, "ExceptionTable:");
        for entry in &code.exception_table {
            let _ = writeln!(out, "  {} to {} -> {} [{}]", entry.start, entry.end, entry.handler, entry.depth);
        }
    }
    for function in &code.functions {
        out.push('\n');
        disassemble_into(function, out);
    }
}

/// One instruction with its operand resolved to something readable.
fn describe(code: &Code, op: &Op) -> String {
    let slot_name = |slot: &Slot| code.slot_names.get(slot.0 as usize).map_or("?", |name| name.as_str());
    let name = |index: &NameIndex| code.names.get(index.0 as usize).map_or("?", |name| name.as_str());
    let constant = |index: &ConstIndex| {
        code.constants.get(index.0 as usize).map_or_else(|| "?".to_string(), crate::vm::repr_for_listing)
    };
    let constant_text = |index: u16| constant(&ConstIndex(index as u32));
    let pad = |mnemonic: &str, operand: String| format!("{mnemonic:<22}{operand}");
    match op {
        Op::LoadConst(index) => pad("LOAD_CONST", format!("{} ({})", index.0, constant(index))),
        Op::KwNames(index) => pad("KW_NAMES", format!("{} ({})", index.0, constant(index))),
        Op::LoadLocal(slot) => pad("LOAD_LOCAL", format!("{} ({})", slot.0, slot_name(slot))),
        Op::StoreLocal(slot) => pad("STORE_LOCAL", format!("{} ({})", slot.0, slot_name(slot))),
        Op::DeleteLocal(slot) => pad("DELETE_LOCAL", format!("{} ({})", slot.0, slot_name(slot))),
        Op::LoadDeref(slot) => pad("LOAD_DEREF", format!("{} ({})", slot.0, slot_name(slot))),
        Op::StoreDeref(slot) => pad("STORE_DEREF", format!("{} ({})", slot.0, slot_name(slot))),
        Op::DeleteDeref(slot) => pad("DELETE_DEREF", format!("{} ({})", slot.0, slot_name(slot))),
        Op::LoadClosure(slot) => pad("LOAD_CLOSURE", format!("{} ({})", slot.0, slot_name(slot))),
        Op::LoadGlobal(index) => pad("LOAD_GLOBAL", format!("{} ({})", index.0, name(index))),
        Op::LoadLocalConst { slot, constant } => pad(
            "LOAD_LOCAL_CONST",
            format!("{}, {} ({}, {})", slot, constant, slot_name(&Slot(*slot as u32)), constant_text(*constant)),
        ),
        Op::LoadLocalAttr { slot, name: index } => pad(
            "LOAD_LOCAL_ATTR",
            format!("{}, {} ({}.{})", slot, index, slot_name(&Slot(*slot as u32)), name(&NameIndex(*index as u32))),
        ),
        Op::StoreLocalAttr { slot, name: index } => pad(
            "STORE_LOCAL_ATTR",
            format!("{}, {} ({}.{})", slot, index, slot_name(&Slot(*slot as u32)), name(&NameIndex(*index as u32))),
        ),
        Op::LoadLocalMethod { slot, name: index } => pad(
            "LOAD_LOCAL_METHOD",
            format!("{}, {} ({}.{})", slot, index, slot_name(&Slot(*slot as u32)), name(&NameIndex(*index as u32))),
        ),
        Op::BinaryLocalConst { op, slot, constant } => pad(
            "BINARY_LOCAL_CONST",
            format!(
                "{} ({} {} {})",
                op.symbol(),
                slot_name(&Slot(*slot as u32)),
                op.symbol(),
                constant_text(*constant)
            ),
        ),
        Op::StoreGlobal(index) => pad("STORE_GLOBAL", format!("{} ({})", index.0, name(index))),
        Op::DeleteGlobal(index) => pad("DELETE_GLOBAL", format!("{} ({})", index.0, name(index))),
        Op::LoadName(index) => pad("LOAD_NAME", format!("{} ({})", index.0, name(index))),
        Op::StoreName(index) => pad("STORE_NAME", format!("{} ({})", index.0, name(index))),
        Op::DeleteName(index) => pad("DELETE_NAME", format!("{} ({})", index.0, name(index))),
        Op::LoadAttr(index) => pad("LOAD_ATTR", format!("{} ({})", index.0, name(index))),
        Op::StoreAttr(index) => pad("STORE_ATTR", format!("{} ({})", index.0, name(index))),
        Op::DeleteAttr(index) => pad("DELETE_ATTR", format!("{} ({})", index.0, name(index))),
        Op::ImportName(index) => pad("IMPORT_NAME", format!("{} ({})", index.0, name(index))),
        Op::ImportFrom(index) => pad("IMPORT_FROM", format!("{} ({})", index.0, name(index))),
        Op::LoadMethod(index) => pad("LOAD_METHOD", format!("{} ({})", index.0, name(index))),
        Op::LoadSuperAttr { name: index, method } => {
            let kind = if *method { "LOAD_SUPER_METHOD" } else { "LOAD_SUPER_ATTR" };
            pad(kind, format!("{} ({})", index.0, name(index)))
        }
        Op::Unary(op) => pad("UNARY", format!("{op:?}")),
        Op::Binary(op) => pad("BINARY_OP", op.symbol().to_string()),
        Op::InPlace(op) => pad("INPLACE_OP", format!("{}=", op.symbol())),
        Op::Compare(op) => pad("COMPARE_OP", op.symbol().to_string()),
        Op::CompareJump { comparison, when, target } => {
            let condition = if *when { "true" } else { "false" };
            pad("COMPARE_AND_JUMP", format!("{} if {condition} to {}", comparison.symbol(), target.0))
        }
        Op::Is(negated) => pad("IS_OP", (*negated as u8).to_string()),
        Op::Contains(negated) => pad("CONTAINS_OP", (*negated as u8).to_string()),
        Op::MakeFunction { code: index, flags } => {
            let function = code.functions.get(index.0 as usize).map_or("?", |f| f.qualname.as_str());
            let mut extras = Vec::new();
            if flags.has_defaults {
                extras.push("defaults");
            }
            if flags.has_keyword_defaults {
                extras.push("kwdefaults");
            }
            if flags.has_closure {
                extras.push("closure");
            }
            let extras = if extras.is_empty() { String::new() } else { format!(", {}", extras.join(", ")) };
            pad("MAKE_FUNCTION", format!("{} ({function}{extras})", index.0))
        }
        Op::FormatValue { conversion, has_spec } => {
            let conversion = match conversion {
                Conversion::None => "",
                Conversion::Str => "str",
                Conversion::Repr => "repr",
                Conversion::Ascii => "ascii",
            };
            let spec = if *has_spec { "with spec" } else { "" };
            pad("FORMAT_VALUE", format!("{conversion} {spec}").trim().to_string())
        }
        Op::UnpackStarred { before, after } => pad("UNPACK_EX", format!("{before}, {after}")),
        Op::Raise(form) => pad("RAISE", format!("{form:?}")),
        Op::CallEx { has_keywords } => pad("CALL_FUNCTION_EX", (*has_keywords as u8).to_string()),
        other => {
            let text = format!("{other:?}");
            let (mnemonic, operand) = match text.find('(') {
                Some(open) => (text[..open].to_string(), text[open + 1..text.len() - 1].to_string()),
                None => (text, String::new()),
            };
            let operand = operand.trim_start_matches("Target(").trim_end_matches(')').to_string();
            let operand = if let Some(target) = other.target() { format!("to {}", target.0) } else { operand };
            pad(&screaming_snake(&mnemonic), operand)
        }
    }
}

/// `PopJumpIfFalse` -> `POP_JUMP_IF_FALSE`
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    for (index, c) in name.chars().enumerate() {
        if c.is_uppercase() && index > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}
