//! "Did you mean" hints, as CPython 3.11 prints them after an uncaught
//! AttributeError or NameError (Python/suggestions.c):
//!
//! ```text
//! AttributeError: 'Sensor' object has no attribute 'readng'. Did you mean: 'reading'?
//! ```
//!
//! The hint belongs to the traceback, never to `str(exception)`, so it is
//! worked out only when a traceback is printed. Raising costs just the
//! recording of what was looked up: an AttributeError keeps `name` and
//! `obj`, a NameError `name`, and each traceback entry its frame's globals.
//! The candidates are then `dir(obj)` for an AttributeError; for a
//! NameError, the local variables of the frame that raised it, else its
//! globals, else the builtins.

use std::rc::Rc;

use super::Vm;
use crate::bytecode::Code;
use crate::error::{Error, Missing};
use crate::object::class::Class;
use crate::object::dict::DictTable;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::string::Str;
use crate::value::Value;

/// Cost of inserting, deleting or replacing a byte.
const MOVE_COST: usize = 2;
/// Cost of replacing a letter by the same letter in the other case.
const CASE_COST: usize = 1;
/// With this many candidates or more, looking is not worth it.
const MAX_CANDIDATE_ITEMS: usize = 750;
/// Names that differ over more bytes than this never match.
const MAX_STRING_SIZE: usize = 40;

/// What `dir()` of any object lists (`dir(object())` in CPython 3.11):
/// asy's `object` does not define all of these.
const OBJECT_ATTRIBUTES: [&str; 24] = [
    "__class__",
    "__delattr__",
    "__dir__",
    "__doc__",
    "__eq__",
    "__format__",
    "__ge__",
    "__getattribute__",
    "__getstate__",
    "__gt__",
    "__hash__",
    "__init__",
    "__init_subclass__",
    "__le__",
    "__lt__",
    "__ne__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__repr__",
    "__setattr__",
    "__sizeof__",
    "__str__",
    "__subclasshook__",
];

/// What `dir()` of any exception adds to `OBJECT_ATTRIBUTES`; asy reads
/// most of these without keeping them in a class dict.
const EXCEPTION_ATTRIBUTES: [&str; 9] = [
    "__cause__",
    "__context__",
    "__dict__",
    "__setstate__",
    "__suppress_context__",
    "__traceback__",
    "add_note",
    "args",
    "with_traceback",
];

/// Attributes CPython's `dir()` lists that no class dict of asy holds
/// (`find_attribute` makes up those asy has), besides an exception's.
fn data_attributes(object: &Value) -> &'static [&'static str] {
    match object {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => &["denominator", "imag", "numerator", "real"],
        Value::Float(_) => &["imag", "real"],
        Value::Range(_) | Value::Slice(_) => &["start", "step", "stop"],
        Value::Function(_) => &[
            "__annotations__",
            "__builtins__",
            "__call__",
            "__closure__",
            "__code__",
            "__defaults__",
            "__dict__",
            "__get__",
            "__globals__",
            "__kwdefaults__",
            "__module__",
            "__name__",
            "__qualname__",
        ],
        Value::BoundMethod(_) => &["__call__", "__func__", "__self__"],
        Value::Generator(_) => &[
            "__del__",
            "__name__",
            "__qualname__",
            "gi_code",
            "gi_frame",
            "gi_running",
            "gi_suspended",
            "gi_yieldfrom",
        ],
        _ => &[],
    }
}

/// CPython 3.11's builtins namespace in its own order, which decides
/// between equally close candidates. `true` must suggest `True` although
/// True is a keyword to asy; a near miss of a builtin asy lacks still gets
/// the suggestion python3 prints.
const BUILTIN_NAMES: [&str; 157] = [
    "__name__",
    "__doc__",
    "__package__",
    "__loader__",
    "__spec__",
    "__build_class__",
    "__import__",
    "abs",
    "all",
    "any",
    "ascii",
    "bin",
    "breakpoint",
    "callable",
    "chr",
    "compile",
    "delattr",
    "dir",
    "divmod",
    "eval",
    "exec",
    "format",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "hex",
    "id",
    "input",
    "isinstance",
    "issubclass",
    "iter",
    "aiter",
    "len",
    "locals",
    "max",
    "min",
    "next",
    "anext",
    "oct",
    "ord",
    "pow",
    "print",
    "repr",
    "round",
    "setattr",
    "sorted",
    "sum",
    "vars",
    "None",
    "Ellipsis",
    "NotImplemented",
    "False",
    "True",
    "bool",
    "memoryview",
    "bytearray",
    "bytes",
    "classmethod",
    "complex",
    "dict",
    "enumerate",
    "filter",
    "float",
    "frozenset",
    "property",
    "int",
    "list",
    "map",
    "object",
    "range",
    "reversed",
    "set",
    "slice",
    "staticmethod",
    "str",
    "super",
    "tuple",
    "type",
    "zip",
    "__debug__",
    "BaseException",
    "BaseExceptionGroup",
    "Exception",
    "GeneratorExit",
    "KeyboardInterrupt",
    "SystemExit",
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BufferError",
    "EOFError",
    "ImportError",
    "LookupError",
    "MemoryError",
    "NameError",
    "OSError",
    "ReferenceError",
    "RuntimeError",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SystemError",
    "TypeError",
    "ValueError",
    "Warning",
    "FloatingPointError",
    "OverflowError",
    "ZeroDivisionError",
    "BytesWarning",
    "DeprecationWarning",
    "EncodingWarning",
    "FutureWarning",
    "ImportWarning",
    "PendingDeprecationWarning",
    "ResourceWarning",
    "RuntimeWarning",
    "SyntaxWarning",
    "UnicodeWarning",
    "UserWarning",
    "BlockingIOError",
    "ChildProcessError",
    "ConnectionError",
    "FileExistsError",
    "FileNotFoundError",
    "InterruptedError",
    "IsADirectoryError",
    "NotADirectoryError",
    "PermissionError",
    "ProcessLookupError",
    "TimeoutError",
    "IndentationError",
    "IndexError",
    "KeyError",
    "ModuleNotFoundError",
    "NotImplementedError",
    "RecursionError",
    "UnboundLocalError",
    "UnicodeError",
    "BrokenPipeError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "TabError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeTranslateError",
    "ExceptionGroup",
    "EnvironmentError",
    "IOError",
    "open",
    "quit",
    "exit",
    "copyright",
    "credits",
    "license",
    "help",
];

/// The cost of replacing byte `a` by byte `b`.
fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// The edit distance between two names' UTF-8 bytes, or anything above
/// `max_cost` once it is sure to exceed it. What the two share at either
/// end is trimmed first, and costs nothing.
fn edit_distance(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    // The shorter one indexes the row.
    let (a, b) = if b.len() < a.len() { (b, a) } else { (a, b) };
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the usual matrix, updated in place: after the pass for
    // `b[..=b_index]`, `row[index]` is the cost of turning that into
    // `a[..=index]`.
    let mut row = [0; MAX_STRING_SIZE];
    for (index, cost) in row.iter_mut().take(a.len()).enumerate() {
        *cost = (index + 1) * MOVE_COST;
    }
    let mut result = 0;
    for (b_index, &code) in b.iter().enumerate() {
        // The cost of `b[..b_index]` against `a[..index]`, moving right.
        let mut diagonal = b_index * MOVE_COST;
        result = diagonal;
        let mut minimum = usize::MAX;
        for (index, &byte) in a.iter().enumerate() {
            let substitute = diagonal + substitution_cost(code, byte);
            diagonal = row[index];
            let insert_or_delete = result.min(diagonal) + MOVE_COST;
            result = insert_or_delete.min(substitute);
            row[index] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            // Every path through this row already costs too much.
            return max_cost + 1;
        }
    }
    result
}

/// The candidate closest to `name`, if one is close enough: within a
/// third of the bytes of both names, the first of equally close ones. The
/// name itself never counts, and too many candidates give no answer.
pub fn closest_name<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &candidate in candidates {
        if candidate == name {
            continue;
        }
        let mut max_distance = (name.len() + candidate.len() + 3) * MOVE_COST / 6;
        if let Some((_, best_distance)) = best {
            // Only a strictly closer candidate replaces the best so far.
            max_distance = max_distance.min(best_distance.saturating_sub(1));
        }
        let distance = edit_distance(name.as_bytes(), candidate.as_bytes(), max_distance);
        if distance <= max_distance {
            best = Some((candidate, distance));
        }
    }
    best.map(|(candidate, _)| candidate)
}

/// The str keys of a dict table, or None if one key is not a str (CPython
/// gives up on those).
fn str_keys(table: &DictTable) -> Option<Vec<Rc<Str>>> {
    table
        .iter()
        .map(|(key, _)| match key {
            Value::Str(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// `closest_name` over owned names.
fn closest_among(name: &str, candidates: &[Rc<Str>]) -> Option<Rc<Str>> {
    let texts: Vec<&str> = candidates.iter().map(|text| text.as_str()).collect();
    let found = closest_name(name, &texts)?;
    candidates.iter().find(|text| text.as_str() == found).cloned()
}

/// The names CPython lists in a code object's `co_varnames`: parameters
/// and plain locals, in slot order. A cell is left out unless it is a
/// parameter, a free variable always; a class body has none (its slots
/// are its hidden namespace and the `__class__` cell).
fn local_variable_names(code: &Code) -> Vec<Rc<Str>> {
    if code.slot_names.first().is_some_and(|name| name.as_str() == crate::compiler::scope::CLASS_NAMESPACE) {
        return Vec::new();
    }
    let parameters = code.parameter_count();
    code.slot_names[..code.free_start as usize]
        .iter()
        .enumerate()
        .filter(|&(slot, _)| slot < parameters || !code.cell_slots.iter().any(|cell| cell.0 as usize == slot))
        .map(|(_, name)| name.clone())
        .collect()
}

impl Vm {
    /// What CPython adds after the message of an uncaught exception:
    /// `. Did you mean: 'reading'?`, for an AttributeError or a NameError
    /// (those exact classes) that recorded a name with a near miss.
    pub(crate) fn suggestion_for(&mut self, exception: &ExceptionObject) -> Option<String> {
        let kind = exception.class.exception_kind?;
        if !matches!(kind, ExcKind::AttributeError | ExcKind::NameError) {
            return None;
        }
        let recorded = |vm: &mut Vm, attribute: &str| {
            let key = vm.intern(attribute);
            exception.attributes.borrow().get_str(&key).cloned()
        };
        let Some(Value::Str(name)) = recorded(self, "name") else { return None };
        let suggestion = if kind == ExcKind::AttributeError {
            let object = recorded(self, "obj")?;
            let names = self.attribute_names(&object)?;
            closest_among(name.as_str(), &names)?
        } else {
            self.closest_variable(exception, name.as_str())?
        };
        let quoted = self.repr(&Value::Str(suggestion)).ok()?;
        Some(format!(". Did you mean: {quoted}?"))
    }

    /// For a NameError: the closest local variable of the frame that
    /// raised it, else the closest of its globals, else of the builtins.
    fn closest_variable(&mut self, exception: &ExceptionObject, name: &str) -> Option<Rc<Str>> {
        let innermost = exception.traceback.borrow().first()?.clone();
        if let Some(found) = closest_among(name, &local_variable_names(&innermost.code)) {
            return Some(found);
        }
        let globals = str_keys(&innermost.globals.table.borrow())?;
        if let Some(found) = closest_among(name, &globals) {
            return Some(found);
        }
        let own = str_keys(&self.builtins.table.borrow())?;
        let mut builtins: Vec<Rc<Str>> = BUILTIN_NAMES.iter().map(|name| self.intern(name)).collect();
        builtins.extend(own.into_iter().filter(|name| !BUILTIN_NAMES.contains(&name.as_str())));
        closest_among(name, &builtins)
    }

    /// `dir(object)`: sorted names of its attributes, from a script's
    /// `__dir__` if its class has one. None when they cannot be listed (a
    /// `__dir__` that fails or lists something other than strings).
    fn attribute_names(&mut self, object: &Value) -> Option<Vec<Rc<Str>>> {
        let mut names = match object {
            Value::Module(module) => {
                let mut names = str_keys(&module.globals.table.borrow())?;
                names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
                return Some(names);
            }
            Value::Instance(instance) if instance.class.is_user_defined => {
                let dir = self.intern("__dir__");
                if let Some(method) = instance.class.lookup(&dir)
                    && matches!(method, Value::Function(_))
                {
                    let listed = self.call_special(object, method, &[]).ok()?;
                    let mut names = self
                        .collect_iterable(listed)
                        .ok()?
                        .into_iter()
                        .map(|name| if let Value::Str(text) = name { Some(text) } else { None })
                        .collect::<Option<Vec<_>>>()?;
                    names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
                    return Some(names);
                }
                str_keys(&instance.attributes.table.borrow())?
            }
            Value::Function(function) => {
                let mut names = str_keys(&function.attributes.borrow())?;
                names.extend(data_attributes(object).iter().map(|name| self.intern(name)));
                names
            }
            Value::Exception(exception) => {
                let mut names = str_keys(&exception.attributes.borrow())?;
                names.extend(EXCEPTION_ATTRIBUTES.iter().map(|name| self.intern(name)));
                names
            }
            other => data_attributes(other).iter().map(|name| self.intern(name)).collect(),
        };
        // A class lists what its MRO defines; any other object adds what
        // its class does.
        let class: Rc<Class> = match object {
            Value::Class(class) => class.clone(),
            other => self.class_of(other),
        };
        for class in class.linearization() {
            names.extend(str_keys(&class.dict.borrow())?);
            if class.is_user_defined {
                names.extend(["__dict__", "__weakref__"].iter().map(|name| self.intern(name)));
            }
        }
        names.extend(OBJECT_ATTRIBUTES.iter().map(|name| self.intern(name)));
        names.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        names.dedup_by(|a, b| a.as_str() == b.as_str());
        Some(names)
    }

    /// An AttributeError leaving an attribute read records the object and
    /// the name, unless it already names either (CPython does this for
    /// every AttributeError from `getattr`, a `__getattr__`'s included).
    /// Any other error passes unchanged.
    #[cold]
    #[inline(never)]
    pub(crate) fn record_attribute_error(&mut self, error: Error, object: &Value, name: &Rc<Str>) -> Error {
        match error {
            Error::Builtin(kind, argument) if kind.derives_from(ExcKind::AttributeError) => {
                Error::Missing(Box::new(Missing {
                    kind,
                    argument,
                    name: Value::Str(name.clone()),
                    object: object.clone(),
                }))
            }
            Error::Object(exception) if exception.class.is_builtin_exception_subclass(ExcKind::AttributeError) => {
                let recorded = ["name", "obj"].iter().any(|key| {
                    let key = self.intern(key);
                    exception.attributes.borrow().get_str(&key).is_some()
                });
                if !recorded {
                    self.record_missing(&exception, Value::Str(name.clone()), object.clone());
                }
                Error::Object(exception)
            }
            // An `Error::Missing` has its name already.
            other => other,
        }
    }

    /// Sets the `name` and, unless Null, the `obj` of a NameError or
    /// AttributeError.
    pub(crate) fn record_missing(&mut self, exception: &ExceptionObject, name: Value, object: Value) {
        let key = self.intern("name");
        exception.attributes.borrow_mut().insert_str(&key, name);
        if !object.is_null() {
            let key = self.intern("obj");
            exception.attributes.borrow_mut().insert_str(&key, object);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> usize {
        edit_distance(a.as_bytes(), b.as_bytes(), usize::MAX / 2)
    }

    #[test]
    fn equal_names_cost_nothing() {
        assert_eq!(distance("reading", "reading"), 0);
        assert_eq!(distance("", ""), 0);
    }

    #[test]
    fn each_insertion_deletion_or_replacement_costs_two() {
        assert_eq!(distance("readng", "reading"), 2);
        assert_eq!(distance("reading", "readng"), 2);
        assert_eq!(distance("prnt", "print"), 2);
        assert_eq!(distance("cat", "cut"), 2);
        assert_eq!(distance("abc", ""), 6);
        assert_eq!(distance("kitten", "sitting"), 6);
    }

    #[test]
    fn a_change_of_case_costs_one() {
        assert_eq!(distance("true", "True"), 1);
        assert_eq!(distance("VALUE", "value"), 5);
        // Only ASCII letters have a case: '@' and '`' share their low bits.
        assert_eq!(distance("@", "`"), 2);
    }

    #[test]
    fn a_transposition_is_two_replacements() {
        assert_eq!(distance("teh", "the"), 4);
    }

    #[test]
    fn gives_up_above_the_maximum() {
        assert!(edit_distance(b"abcdef", b"uvwxyz", 3) > 3);
        // Lengths alone rule it out.
        assert!(edit_distance(b"a", b"abcdefgh", 4) > 4);
        // Too long to compare once the shared ends are trimmed.
        let long = "x".repeat(MAX_STRING_SIZE + 1);
        assert_eq!(edit_distance(long.as_bytes(), b"y", 100), 101);
        // A long shared prefix is trimmed first, so it does not count.
        let prefix = "p".repeat(100);
        assert_eq!(distance(&format!("{prefix}a"), &format!("{prefix}b")), 2);
    }

    #[test]
    fn suggests_the_closest_within_a_third() {
        assert_eq!(closest_name("readng", &["unit", "reading"]), Some("reading"));
        assert_eq!(closest_name("prnt", &["print", "len"]), Some("print"));
        assert_eq!(closest_name("xyz", &["abc"]), None);
        // One byte names allow only a change of case.
        assert_eq!(closest_name("x", &["y"]), None);
        assert_eq!(closest_name("x", &["X"]), Some("X"));
    }

    #[test]
    fn the_first_of_equally_close_candidates_wins() {
        assert_eq!(closest_name("readng", &["readn", "readng2"]), Some("readn"));
        assert_eq!(closest_name("readng", &["readng2", "readn"]), Some("readng2"));
        assert_eq!(closest_name("vale", &["value", "valeu", "vaue"]), Some("value"));
        // A closer one later still wins.
        assert_eq!(closest_name("Value", &["values", "value"]), Some("value"));
    }

    #[test]
    fn never_suggests_the_name_itself() {
        assert_eq!(closest_name("value", &["value"]), None);
        assert_eq!(closest_name("value", &["value", "valeu"]), Some("valeu"));
    }

    #[test]
    fn too_many_candidates_give_no_suggestion() {
        let many: Vec<String> = (0..MAX_CANDIDATE_ITEMS).map(|i| format!("name{i}")).collect();
        let mut candidates: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(closest_name("nam1", &candidates), None);
        candidates.pop();
        assert_eq!(closest_name("nam1", &candidates), Some("name1"));
    }

    /// The local variable names of each function a module defines.
    fn locals_of_functions(source: &str) -> Vec<Vec<String>> {
        let statements = crate::parser::parse_module(source).expect("parses");
        let mut interner = crate::object::string::Interner::default();
        let (module, _) =
            crate::compiler::compile_module(&statements, source, "test", &mut interner).expect("compiles");
        let mut found = Vec::new();
        let mut pending = vec![module];
        while let Some(code) = pending.pop() {
            found.push(local_variable_names(&code).iter().map(|name| name.as_str().to_string()).collect());
            pending.extend(code.functions.iter().cloned());
        }
        found
    }

    #[test]
    fn local_names_are_co_varnames() {
        let names = |source: &str| locals_of_functions(source)[1].clone();
        // Parameters first (keyword-only ones before `*args`), then locals:
        // `f.__code__.co_varnames` in python3.
        assert_eq!(names("def f(a, *rest, key, **options):\n    b = 1\n"), ["a", "key", "rest", "options", "b"]);
        // A local that an inner function captures is a cell, not a local;
        // a captured parameter stays.
        assert_eq!(names("def f(a):\n    c = 1\n    g = lambda: a + c\n"), ["a", "g"]);
        // A comprehension's hidden iterator counts, as in CPython.
        assert_eq!(names("[n for n in range(3)]\n"), [".0", "n"]);
        // A class body and the module have none.
        assert!(locals_of_functions("class K:\n    x = 1\n    def m(self): return __class__\n")[1].is_empty());
        assert!(locals_of_functions("x = 1\n")[0].is_empty());
    }

    #[test]
    fn non_ascii_names_count_bytes() {
        // 'é' is two bytes: replacing it by 'e' is a replacement and a deletion.
        assert_eq!(distance("café", "cafe"), 4);
        assert_eq!(closest_name("cafe", &["café"]), Some("café"));
    }
}
