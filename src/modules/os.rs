//! The `os` module: the environment, the working directory, directory
//! listings and simple file system changes, and `os.path` (CPython's
//! `posixpath`: pure string functions plus a few questions about files).

use std::rc::Rc;

use super::ModuleBuilder;
use crate::builtins::{check_arguments, keyword_arguments, no_keywords};
use crate::error::{Error, Result};
use crate::object::dict::Dict;
use crate::object::exception::ExcKind;
use crate::object::function::Keywords;
use crate::object::module::Module;
use crate::object::string::Str;
use crate::value::Value;
use crate::vm::Vm;

pub(crate) fn init(vm: &mut Vm, module: &ModuleBuilder) -> Result<()> {
    let environ = Rc::new(Dict::new());
    for (key, value) in std::env::vars_os() {
        let (Some(key), Some(value)) = (key.to_str(), value.to_str()) else { continue };
        let key = vm.intern(key);
        environ.set_str(&key, Value::from_text(value));
    }
    module.set(vm, "environ", Value::Dict(environ));
    module.set(vm, "name", Value::from_text(if cfg!(windows) { "nt" } else { "posix" }));
    module.set(vm, "linesep", Value::from_text("\n"));
    module.functions(
        vm,
        &[
            ("getenv", getenv),
            ("getcwd", getcwd),
            ("listdir", listdir),
            ("getpid", getpid),
            ("cpu_count", cpu_count),
            ("urandom", urandom),
            ("mkdir", mkdir),
            ("makedirs", makedirs),
            ("remove", remove),
            ("unlink", remove),
            ("rmdir", rmdir),
            ("rename", rename),
            ("chdir", chdir),
        ],
    );
    let path = path_module(vm)?;
    for (name, value) in [("sep", "/"), ("curdir", "."), ("pardir", ".."), ("extsep", "."), ("pathsep", ":")] {
        module.set(vm, name, Value::from_text(value));
    }
    module.set(vm, "devnull", Value::from_text("/dev/null"));
    module.set(vm, "path", Value::Module(path.clone()));
    // `import os.path` finds it in sys.modules, as CPython's os arranges.
    let modules = vm.imports.modules.clone();
    modules.set_str(&vm.intern("os.path"), Value::Module(path.clone()));
    modules.set_str(&vm.intern("posixpath"), Value::Module(path));
    Ok(())
}

/// `os.path`, which is CPython's `posixpath` module.
fn path_module(vm: &mut Vm) -> Result<Rc<Module>> {
    let builder = ModuleBuilder { globals: Rc::new(Dict::new()) };
    builder.set(vm, "__name__", Value::from_text("posixpath"));
    builder.set(vm, "__doc__", Value::None);
    builder.set(vm, "__package__", Value::from_text(""));
    for (name, value) in [("sep", "/"), ("curdir", "."), ("pardir", ".."), ("extsep", "."), ("pathsep", ":")] {
        builder.set(vm, name, Value::from_text(value));
    }
    builder.functions(
        vm,
        &[
            ("join", join),
            ("basename", basename),
            ("dirname", dirname),
            ("split", split),
            ("splitext", splitext),
            ("normpath", normpath),
            ("abspath", abspath),
            ("isabs", isabs),
            ("exists", exists),
            ("isfile", isfile),
            ("isdir", isdir),
            ("getsize", getsize),
            ("expanduser", expanduser),
        ],
    );
    Ok(Rc::new(Module { name: "posixpath".into(), globals: builder.globals }))
}

// ------------------------------------------------------------ errors

/// An OSError of the subclass CPython picks for the errno, worded
/// `[Errno 2] No such file or directory: 'name'`.
fn os_error(vm: &mut Vm, error: &std::io::Error, filename: Option<&str>) -> Error {
    let errno = error.raw_os_error().unwrap_or(0);
    let kind = match error.kind() {
        std::io::ErrorKind::NotFound => ExcKind::FileNotFoundError,
        std::io::ErrorKind::AlreadyExists => ExcKind::FileExistsError,
        std::io::ErrorKind::PermissionDenied => ExcKind::PermissionError,
        std::io::ErrorKind::NotADirectory => ExcKind::NotADirectoryError,
        std::io::ErrorKind::IsADirectory => ExcKind::IsADirectoryError,
        _ => ExcKind::OSError,
    };
    let description = error.to_string();
    // Rust appends " (os error N)" to the C library's text.
    let strerror = description.split(" (os error").next().unwrap_or(&description).to_string();
    let message = match filename {
        Some(name) => format!("[Errno {errno}] {strerror}: {}", vm.repr(&Value::from_text(name)).unwrap_or_default()),
        None => format!("[Errno {errno}] {strerror}"),
    };
    let exception = vm.new_exception(kind, &message);
    {
        let mut attributes = exception.attributes.borrow_mut();
        attributes.insert_str(&vm.intern("errno"), Value::Int(errno as i64));
        attributes.insert_str(&vm.intern("strerror"), Value::from_string(strerror));
        attributes.insert_str(&vm.intern("filename"), filename.map_or(Value::None, Value::from_text));
    }
    Error::Object(exception)
}

/// A path argument: a str (CPython also takes bytes and path-like objects).
fn path_argument<'a>(value: &'a Value, function: &str) -> Result<&'a str> {
    value.as_str().ok_or_else(|| {
        Error::type_error(format!("{function}: path should be string, bytes or os.PathLike, not {}", value.type_name()))
    })
}

/// A path argument of the `os.path` string functions.
fn text(value: &Value) -> Result<&str> {
    value.as_str().ok_or_else(|| {
        Error::type_error(format!("expected str, bytes or os.PathLike object, not {}", value.type_name()))
    })
}

// ------------------------------------------------------------ os

/// getenv(key, default=None): from `os.environ`, as CPython reads it.
fn getenv(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [key_keyword, default_keyword] = keyword_arguments("getenv", keywords, ["key", "default"])?;
    check_arguments("getenv", arguments, 0, 2)?;
    let key = match arguments.first().or(key_keyword.as_ref()) {
        Some(Value::Str(key)) => key.clone(),
        Some(other) => return Err(Error::type_error(format!("str expected, not {}", other.type_name()))),
        None => return Err(Error::type_error("getenv() missing 1 required positional argument: 'key'")),
    };
    let default = arguments.get(1).cloned().or(default_keyword).unwrap_or(Value::None);
    let environ = vm.imports.modules.get_str(&Str::new("os".into())).and_then(|os| match os {
        Value::Module(os) => os.globals.get_str(&Str::new("environ".into())),
        _ => None,
    });
    let found = match environ {
        Some(Value::Dict(environ)) => environ.get_str(&key),
        _ => std::env::var(key.as_str()).ok().map(Value::from_string),
    };
    Ok(found.unwrap_or(default))
}

fn getcwd(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("getcwd", keywords)?;
    check_arguments("getcwd", arguments, 0, 0)?;
    match std::env::current_dir() {
        Ok(folder) => Ok(Value::from_string(folder.display().to_string())),
        Err(error) => Err(os_error(vm, &error, None)),
    }
}

/// listdir(path='.'): the names in a folder, in the order the system gives.
fn listdir(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [path_keyword] = keyword_arguments("listdir", keywords, ["path"])?;
    check_arguments("listdir", arguments, 0, 1)?;
    let path = match arguments.first().or(path_keyword.as_ref()) {
        None | Some(Value::None) => ".".to_string(),
        Some(path) => path_argument(path, "listdir")?.to_string(),
    };
    let entries = std::fs::read_dir(&path).map_err(|error| os_error(vm, &error, Some(&path)))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| os_error(vm, &error, Some(&path)))?;
        names.push(Value::from_string(entry.file_name().to_string_lossy().into_owned()));
    }
    Ok(Value::list(names))
}

fn getpid(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("getpid", arguments, 0, 0)?;
    Ok(Value::Int(std::process::id() as i64))
}

fn cpu_count(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    check_arguments("cpu_count", arguments, 0, 0)?;
    Ok(std::thread::available_parallelism().map_or(Value::None, |count| Value::from(count.get())))
}

/// urandom(size): bytes from the operating system's randomness source.
fn urandom(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("urandom", keywords)?;
    check_arguments("urandom", arguments, 1, 1)?;
    let size = crate::builtins::expect_index(&arguments[0])?;
    if size < 0 {
        return Err(Error::value_error("negative argument not allowed"));
    }
    let bytes = super::random::os_random_bytes(size as usize).map_err(|error| os_error(vm, &error, None))?;
    Ok(Value::Bytes(Rc::new(crate::object::bytes::Bytes::new(bytes))))
}

/// A function of one path that changes the file system.
fn file_operation(
    vm: &mut Vm,
    name: &str,
    arguments: &[Value],
    keywords: Keywords,
    operation: fn(&str) -> std::io::Result<()>,
) -> Result<Value> {
    no_keywords(name, keywords)?;
    check_arguments(name, arguments, 1, 1)?;
    let path = path_argument(&arguments[0], name)?.to_string();
    operation(&path).map_err(|error| os_error(vm, &error, Some(&path)))?;
    Ok(Value::None)
}

fn mkdir(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    // The mode argument is accepted and, as on most systems' defaults, unused.
    let [_mode] = keyword_arguments("mkdir", keywords, ["mode"])?;
    file_operation(vm, "mkdir", &arguments[..arguments.len().min(1)], &[], |path| std::fs::create_dir(path))
}

/// makedirs(name, mode=0o777, exist_ok=False)
fn makedirs(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let [_mode, exist_ok] = keyword_arguments("makedirs", keywords, ["mode", "exist_ok"])?;
    check_arguments("makedirs", arguments, 1, 3)?;
    let path = path_argument(&arguments[0], "makedirs")?.to_string();
    let exist_ok = match arguments.get(2).cloned().or(exist_ok) {
        Some(flag) => vm.is_true(&flag)?,
        None => false,
    };
    if std::path::Path::new(&path).is_dir() {
        if exist_ok {
            return Ok(Value::None);
        }
        let error = std::io::Error::from_raw_os_error(17);
        return Err(os_error(vm, &error, Some(&path)));
    }
    std::fs::create_dir_all(&path).map_err(|error| os_error(vm, &error, Some(&path)))?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    file_operation(vm, "remove", arguments, keywords, |path| std::fs::remove_file(path))
}

fn rmdir(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    file_operation(vm, "rmdir", arguments, keywords, |path| std::fs::remove_dir(path))
}

fn chdir(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    file_operation(vm, "chdir", arguments, keywords, |path| std::env::set_current_dir(path))
}

fn rename(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("rename", keywords)?;
    check_arguments("rename", arguments, 2, 2)?;
    let source = path_argument(&arguments[0], "rename")?.to_string();
    let target = path_argument(&arguments[1], "rename")?.to_string();
    std::fs::rename(&source, &target).map_err(|error| os_error(vm, &error, Some(&source)))?;
    Ok(Value::None)
}

// ------------------------------------------------------------ os.path

/// join(a, *p)
fn join(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("join", keywords)?;
    if arguments.is_empty() {
        return Err(Error::type_error("join() missing 1 required positional argument: 'a'"));
    }
    let mut path = text(&arguments[0])?.to_string();
    for part in &arguments[1..] {
        let part = part.as_str().ok_or_else(|| {
            Error::type_error(format!(
                "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                part.type_name()
            ))
        })?;
        if part.starts_with('/') {
            path = part.to_string();
        } else if path.is_empty() || path.ends_with('/') {
            path.push_str(part);
        } else {
            path.push('/');
            path.push_str(part);
        }
    }
    Ok(Value::from_string(path))
}

/// The one path argument of an `os.path` function.
fn one_path<'a>(name: &str, arguments: &'a [Value], keywords: Keywords) -> Result<&'a str> {
    no_keywords(name, keywords)?;
    if arguments.len() != 1 {
        let given = arguments.len();
        return Err(Error::type_error(format!("{name}() takes 1 positional argument but {given} were given")));
    }
    text(&arguments[0])
}

/// (head, tail) where tail is everything after the last slash; trailing
/// slashes leave head unless it is all slashes.
fn split_path(path: &str) -> (String, String) {
    let cut = path.rfind('/').map_or(0, |index| index + 1);
    let (head, tail) = path.split_at(cut);
    let head = if !head.is_empty() && head.chars().any(|c| c != '/') { head.trim_end_matches('/') } else { head };
    (head.to_string(), tail.to_string())
}

fn basename(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::from_string(split_path(one_path("basename", arguments, keywords)?).1))
}

fn dirname(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::from_string(split_path(one_path("dirname", arguments, keywords)?).0))
}

fn split(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (head, tail) = split_path(one_path("split", arguments, keywords)?);
    Ok(Value::tuple(vec![Value::from_string(head), Value::from_string(tail)]))
}

/// splitext(p): the extension is from the last dot of the last component,
/// unless the component is only leading dots before it (`.bashrc`).
fn splitext(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let path = one_path("splitext", arguments, keywords)?;
    let separator = path.rfind('/').map_or(-1, |index| index as isize);
    if let Some(dot) = path.rfind('.')
        && dot as isize > separator
    {
        let name_start = (separator + 1) as usize;
        if path[name_start..dot].chars().any(|c| c != '.') {
            return Ok(Value::tuple(vec![Value::from_text(&path[..dot]), Value::from_text(&path[dot..])]));
        }
    }
    Ok(Value::tuple(vec![Value::from_text(path), Value::from_text("")]))
}

/// Collapses `.`, `..` and repeated slashes, as posixpath.normpath does.
fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let initial_slashes = if path.starts_with("//") && !path.starts_with("///") {
        2
    } else if path.starts_with('/') {
        1
    } else {
        0
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        if part != ".." || (initial_slashes == 0 && parts.is_empty()) || parts.last() == Some(&"..") {
            parts.push(part);
        } else if !parts.is_empty() {
            parts.pop();
        }
    }
    let joined = format!("{}{}", "/".repeat(initial_slashes), parts.join("/"));
    if joined.is_empty() { ".".to_string() } else { joined }
}

fn normpath(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::from_string(normalize(one_path("normpath", arguments, keywords)?)))
}

fn abspath(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let path = one_path("abspath", arguments, keywords)?;
    if path.starts_with('/') {
        return Ok(Value::from_string(normalize(path)));
    }
    let folder = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
    let joined = if folder.ends_with('/') { format!("{folder}{path}") } else { format!("{folder}/{path}") };
    Ok(Value::from_string(normalize(&joined)))
}

fn isabs(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    Ok(Value::Bool(one_path("isabs", arguments, keywords)?.starts_with('/')))
}

/// A question about a file; a path that is not a str is just "no".
fn file_question(
    arguments: &[Value],
    keywords: Keywords,
    name: &str,
    question: fn(&std::path::Path) -> bool,
) -> Result<Value> {
    no_keywords(name, keywords)?;
    check_arguments(name, arguments, 1, 1)?;
    match arguments[0].as_str() {
        Some(path) => Ok(Value::Bool(question(std::path::Path::new(path)))),
        None if arguments[0].is_int() => Ok(Value::Bool(false)),
        None => Err(Error::type_error(format!(
            "stat: path should be string, bytes, os.PathLike or integer, not {}",
            arguments[0].type_name()
        ))),
    }
}

fn exists(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    file_question(arguments, keywords, "exists", |path| path.exists())
}

fn isfile(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    file_question(arguments, keywords, "isfile", |path| path.is_file())
}

fn isdir(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    file_question(arguments, keywords, "isdir", |path| path.is_dir())
}

fn getsize(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    no_keywords("getsize", keywords)?;
    check_arguments("getsize", arguments, 1, 1)?;
    let path = path_argument(&arguments[0], "stat")?.to_string();
    match std::fs::metadata(&path) {
        Ok(metadata) => Ok(Value::from(metadata.len() as usize)),
        Err(error) => Err(os_error(vm, &error, Some(&path))),
    }
}

/// expanduser(path): a leading `~` becomes the home folder.
fn expanduser(_vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let path = one_path("expanduser", arguments, keywords)?;
    let Some(rest) = path.strip_prefix('~') else { return Ok(Value::from_text(path)) };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Ok(Value::from_text(path));
    }
    match std::env::var("HOME") {
        Ok(home) => {
            let home = if home.len() > 1 { home.trim_end_matches('/') } else { &home };
            Ok(Value::from_string(format!("{home}{rest}")))
        }
        Err(_) => Ok(Value::from_text(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_like_posixpath() {
        assert_eq!(normalize("a//b/./c/../d"), "a/b/d");
        assert_eq!(normalize("../../x"), "../../x");
        assert_eq!(normalize("/../x"), "/x");
        assert_eq!(normalize("//a"), "//a");
        assert_eq!(normalize("///a"), "/a");
        assert_eq!(normalize("a/.."), ".");
    }

    #[test]
    fn splits_like_posixpath() {
        assert_eq!(split_path("/a/b/"), ("/a/b".into(), "".into()));
        assert_eq!(split_path("//x"), ("//".into(), "x".into()));
        assert_eq!(split_path("name"), ("".into(), "name".into()));
    }
}
