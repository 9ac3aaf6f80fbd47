//! `open()` and the file objects it returns, as CPython's `_io` module
//! has them: `TextIOWrapper` for text, `BufferedReader`, `BufferedWriter`
//! and `BufferedRandom` for binary files, `FileIO` for unbuffered ones.
//! Each is a native instance whose state is a `FileObject`: a byte stream
//! (`stream.rs`) with, for text, a decoding layer over it (`text.rs`).
//!
//! The checks each method makes, and in which order, follow CPython's, as
//! scripts see them in the messages: a closed text file says "I/O
//! operation on closed file.", a closed BufferedWriter "write to closed
//! file", a read-only one `io.UnsupportedOperation: write`.
//!
//! Files still open when the program ends are flushed (`flush_open_files`),
//! and a file dropped while open is flushed and closed.

mod stream;
mod text;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use self::stream::Stream;
use self::text::{Newline, SEEN_CR, SEEN_CRLF, SEEN_LF, TextLayer};
use super::arguments::{Signature, check_positional, clinic_type_name};
use super::codecs::stream_form;
use super::os_error::os_error_from_io;
use crate::builtins::{add_methods, expect_index};
use crate::error::{Error, Result};
use crate::object::class::Class;
use crate::object::descriptor::{GetterFn, NativeGetter};
use crate::object::dict::DictTable;
use crate::object::exception::{ExcKind, ExceptionObject};
use crate::object::function::{Keywords, NativeFn};
use crate::object::instance::Instance;
use crate::object::string::Interner;
use crate::value::Value;
use crate::vm::{BuiltinTypes, Vm};

/// What went wrong in a file operation: an OS error (made into the OSError
/// subclass for its errno once a VM is at hand) or an exception already.
pub(super) enum FileError {
    Io(std::io::Error),
    Raised(Error),
}

pub(super) type FileResult<T> = std::result::Result<T, FileError>;

impl From<std::io::Error> for FileError {
    fn from(error: std::io::Error) -> FileError {
        FileError::Io(error)
    }
}

impl From<Error> for FileError {
    fn from(error: Error) -> FileError {
        FileError::Raised(error)
    }
}

fn raise(vm: &mut Vm, error: FileError) -> Error {
    match error {
        FileError::Io(error) => os_error_from_io(vm, &error, None),
        FileError::Raised(error) => error,
    }
}

/// Which of the `_io` classes a file object is.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Buffered,
    /// `FileIO`: unbuffered binary.
    Raw,
}

/// The native state of a file object.
pub(crate) struct FileObject {
    kind: Kind,
    /// The `file` argument of `open`: a str, bytes or int.
    name: Value,
    /// The `mode` attribute: as given for text, FileIO's form ("rb+") for
    /// binary.
    mode: String,
    readable: bool,
    writable: bool,
    state: RefCell<FileState>,
}

struct FileState {
    stream: Stream,
    /// For text files.
    text: Option<TextLayer>,
}

impl FileObject {
    fn is_closed(&self) -> bool {
        self.state.borrow().stream.is_closed()
    }
}

thread_local! {
    /// Every file object opened, to flush those still open at exit (a file
    /// in a global, or in a reference cycle, is never dropped).
    static OPEN_FILES: RefCell<Vec<Weak<Instance>>> = const { RefCell::new(Vec::new()) };
}

fn register(file: &Rc<Instance>) {
    OPEN_FILES.with(|files| {
        let mut files = files.borrow_mut();
        if files.len() >= 64 && files.len().is_power_of_two() {
            files.retain(|file| file.strong_count() > 0);
        }
        files.push(Rc::downgrade(file));
    });
}

/// Writes out what files still open have buffered, as CPython does at
/// exit. Errors have nowhere to go and are dropped.
pub(crate) fn flush_open_files() {
    let files: Vec<Rc<Instance>> = OPEN_FILES.with(|files| files.borrow().iter().filter_map(Weak::upgrade).collect());
    for file in files {
        if let Some(file) = file.native::<FileObject>()
            && let Ok(mut state) = file.state.try_borrow_mut()
            && !state.stream.is_closed()
        {
            let _ = state.stream.flush();
        }
    }
}

// ------------------------------------------------------------ classes

const TEXT_CLASS: &str = "TextIOWrapper";
const READER_CLASS: &str = "BufferedReader";
const WRITER_CLASS: &str = "BufferedWriter";
const RANDOM_CLASS: &str = "BufferedRandom";
const RAW_CLASS: &str = "FileIO";
const UNSUPPORTED_CLASS: &str = "UnsupportedOperation";
const DESCRIPTOR_CLASS: &str = "getset_descriptor";

/// Makes the `_io` classes (kept in `types.others` by name) with their
/// methods, and `io.UnsupportedOperation`.
pub(super) fn install(types: &BuiltinTypes, interner: &mut Interner) {
    // Named as CPython's C types are, by module and name: error messages
    // show "'_io.TextIOWrapper' object ...", `__name__` the last part.
    let io_class = |name: &str, base: &Rc<Class>| {
        let mut class = Class::new(&format!("_io.{name}"), vec![base.clone()], None);
        class.qualname = name.to_string();
        class.module = "_io".to_string();
        Rc::new(class)
    };
    let io_base = io_class("_IOBase", &types.object);
    let raw_base = io_class("_RawIOBase", &io_base);
    let buffered_base = io_class("_BufferedIOBase", &io_base);
    let text_base = io_class("_TextIOBase", &io_base);
    add_methods(&io_base, "_IOBase", IO_BASE_METHODS, interner);

    let descriptor_class = types
        .others
        .borrow_mut()
        .entry(DESCRIPTOR_CLASS)
        .or_insert_with(|| Rc::new(Class::new(DESCRIPTOR_CLASS, vec![types.object.clone()], None)))
        .clone();
    add_methods(&descriptor_class, DESCRIPTOR_CLASS, &[("__repr__", descriptor_repr)], interner);

    let concrete = [
        (TEXT_CLASS, &text_base, &[][..], TEXT_GETTERS),
        (READER_CLASS, &buffered_base, READER_METHODS, BINARY_GETTERS),
        (WRITER_CLASS, &buffered_base, WRITER_METHODS, BINARY_GETTERS),
        (RANDOM_CLASS, &buffered_base, READER_METHODS, BINARY_GETTERS),
        (RAW_CLASS, &raw_base, RAW_METHODS, RAW_GETTERS),
    ];
    for (name, base, methods, getters) in concrete {
        let class = io_class(name, base);
        add_methods(&class, name, FILE_METHODS, interner);
        add_methods(&class, name, methods, interner);
        let mut dict = class.dict.borrow_mut();
        for (getter_name, get) in getters {
            let getter = NativeGetter { name: getter_name, owner: format!("_io.{name}"), get: *get };
            let descriptor = Instance::with_native(descriptor_class.clone(), getter);
            dict.insert_str(&interner.intern(getter_name), Value::Instance(Rc::new(descriptor)));
        }
        drop(dict);
        types.others.borrow_mut().insert(name, class);
    }

    // `io.UnsupportedOperation` derives from both OSError and ValueError.
    let bases = vec![types.exception(ExcKind::OSError).clone(), types.exception(ExcKind::ValueError).clone()];
    if let Ok(mut unsupported) =
        Class::new_user_defined(UNSUPPORTED_CLASS, UNSUPPORTED_CLASS, "io", bases, DictTable::new())
    {
        unsupported.is_user_defined = false;
        types.others.borrow_mut().insert(UNSUPPORTED_CLASS, Rc::new(unsupported));
    }
}

/// Methods CPython's `_IOBase` gives every file object.
const IO_BASE_METHODS: &[(&str, NativeFn)] = &[
    ("__enter__", enter),
    ("__exit__", exit),
    ("__iter__", iter),
    ("readlines", readlines),
    ("writelines", writelines),
];

const FILE_METHODS: &[(&str, NativeFn)] = &[
    ("read", read),
    ("readline", readline),
    ("write", write),
    ("seek", seek),
    ("tell", tell),
    ("truncate", truncate),
    ("flush", flush),
    ("close", close),
    ("fileno", fileno),
    ("isatty", isatty),
    ("readable", readable),
    ("writable", writable),
    ("seekable", seekable),
    ("__next__", next),
    ("__repr__", repr),
];

/// Binary files that read (BufferedReader, BufferedRandom).
const READER_METHODS: &[(&str, NativeFn)] = &[("read1", read1), ("peek", peek), ("readinto", readinto)];

/// BufferedWriter has the reading methods of its base class, which refuse.
const WRITER_METHODS: &[(&str, NativeFn)] = &[("read1", read1), ("readinto", readinto)];

const RAW_METHODS: &[(&str, NativeFn)] = &[("readall", readall), ("readinto", readinto)];

const TEXT_GETTERS: &[(&str, GetterFn)] = &[
    ("closed", closed),
    ("name", name),
    ("mode", mode),
    ("encoding", encoding),
    ("errors", errors),
    ("newlines", newlines),
    ("line_buffering", line_buffering),
];

const BINARY_GETTERS: &[(&str, GetterFn)] = &[("closed", closed), ("name", name), ("mode", mode)];

const RAW_GETTERS: &[(&str, GetterFn)] = &[("closed", closed), ("name", name), ("mode", mode), ("closefd", closefd)];

fn class_named(vm: &Vm, name: &str) -> Rc<Class> {
    let others = vm.types.others.borrow();
    others.get(name).cloned().unwrap_or_else(|| vm.types.object.clone())
}

/// `io.UnsupportedOperation(message)`, raised.
fn unsupported(vm: &mut Vm, message: &str) -> Error {
    let class = class_named(vm, UNSUPPORTED_CLASS);
    let exception = Rc::new(ExceptionObject::new(class, Value::tuple(vec![Value::from_text(message)])));
    vm.chain_context(&exception);
    Error::Object(exception)
}

// ------------------------------------------------------------ open

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None,
/// newline=None, closefd=True, opener=None)`
pub(crate) fn open(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let signature = Signature {
        name: "open",
        parameters: ["file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"],
        positional_only: 0,
        required: 1,
        keyword_only: 0,
    };
    let [file, mode, buffering, encoding, errors, newline, closefd, opener] = signature.bind(arguments, keywords)?;
    let file = file.unwrap_or(Value::None);
    let mode_text = match &mode {
        None => "r".to_string(),
        Some(Value::Str(mode)) => mode.as_str().to_string(),
        Some(other) => {
            return Err(Error::type_error(format!(
                "open() argument 'mode' must be str, not {}",
                clinic_type_name(other)
            )));
        }
    };
    let buffering = match &buffering {
        None => -1,
        Some(value) => expect_index(value)?,
    };
    let optional_text = |value: &Option<Value>, parameter: &str| -> Result<Option<String>> {
        match value {
            None | Some(Value::None) => Ok(None),
            Some(Value::Str(text)) => Ok(Some(text.as_str().to_string())),
            Some(other) => Err(Error::type_error(format!(
                "open() argument '{parameter}' must be str or None, not {}",
                clinic_type_name(other)
            ))),
        }
    };
    let encoding = optional_text(&encoding, "encoding")?;
    let errors = optional_text(&errors, "errors")?;
    let newline = optional_text(&newline, "newline")?;
    let closefd = match &closefd {
        None => true,
        Some(value) => expect_index(value)? != 0,
    };
    if opener.as_ref().is_some_and(|opener| !opener.is_none()) {
        return Err(Error::new(ExcKind::NotImplementedError, "open() does not support an opener yet"));
    }

    let mode = parse_mode(&mode_text)?;
    if mode.binary {
        for (given, what) in [(&encoding, "an encoding"), (&errors, "an errors"), (&newline, "a newline")] {
            if given.is_some() {
                return Err(Error::value_error(format!("binary mode doesn't take {what} argument")));
            }
        }
    }

    let (os_file, close_descriptor) = open_os_file(vm, &file, &mode, closefd)?;
    let mut stream_file = os_file;
    let (block_size, isatty) = describe_file(&stream_file);
    if mode.appending {
        use std::io::Seek;
        let _ = stream_file.seek(std::io::SeekFrom::End(0));
    }
    let line_buffering = buffering == 1 || (buffering < 0 && isatty);
    let buffer_size = if buffering < 0 || buffering == 1 { block_size } else { buffering as usize };
    let readable = mode.reading || mode.updating;
    let writable = !mode.reading || mode.updating;
    let raw_mode = mode.raw_mode(readable);

    if buffering == 0 {
        if !mode.binary {
            let _ = Stream::new(stream_file, 0, close_descriptor);
            return Err(Error::value_error("can't have unbuffered text I/O"));
        }
        let stream = Stream::new(stream_file, 0, close_descriptor);
        let state = FileState { stream, text: None };
        return Ok(new_file(vm, RAW_CLASS, Kind::Raw, file, raw_mode.to_string(), readable, writable, state));
    }
    if mode.binary {
        let stream = Stream::new(stream_file, buffer_size, close_descriptor);
        let class = if mode.updating {
            RANDOM_CLASS
        } else if readable {
            READER_CLASS
        } else {
            WRITER_CLASS
        };
        let state = FileState { stream, text: None };
        return Ok(new_file(vm, class, Kind::Buffered, file, raw_mode.to_string(), readable, writable, state));
    }

    // Text: the byte stream is open already, so a bad newline or encoding
    // is found (as in CPython) after a 'w' file was truncated.
    let mut stream = Stream::new(stream_file, buffer_size.max(text::CHUNK_SIZE), close_descriptor);
    let newline = match newline.as_deref() {
        None => Newline::Universal,
        Some("") => Newline::Untranslated,
        Some("\n") => Newline::Lf,
        Some("\r") => Newline::Cr,
        Some("\r\n") => Newline::CrLf,
        Some(other) => return Err(Error::value_error(format!("illegal newline value: {other}"))),
    };
    let encoding = match encoding.as_deref() {
        None | Some("locale") => "UTF-8".to_string(),
        Some(encoding) => encoding.to_string(),
    };
    let form = stream_form(&encoding)?;
    let mut layer = TextLayer::new(encoding, errors.unwrap_or_else(|| "strict".to_string()), newline, form);
    layer.line_buffering = line_buffering;
    if stream.seekable() && writable {
        layer.encoder_fresh = stream.tell().map_or(true, |position| position == 0);
    }
    let state = FileState { stream, text: Some(layer) };
    Ok(new_file(vm, TEXT_CLASS, Kind::Text, file, mode_text, readable, writable, state))
}

#[allow(clippy::too_many_arguments)]
fn new_file(
    vm: &mut Vm,
    class: &str,
    kind: Kind,
    name: Value,
    mode: String,
    readable: bool,
    writable: bool,
    state: FileState,
) -> Value {
    let class = class_named(vm, class);
    let file = FileObject { kind, name, mode, readable, writable, state: RefCell::new(state) };
    let instance = Rc::new(Instance::with_native(class, file));
    register(&instance);
    Value::Instance(instance)
}

/// The letters of a mode string.
struct Mode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    binary: bool,
}

impl Mode {
    /// How FileIO shows the mode: "rb", "wb", "ab", "xb", "rb+", ...
    fn raw_mode(&self, readable: bool) -> &'static str {
        match (self.creating, self.appending, self.reading || self.updating, readable) {
            (true, _, _, true) => "xb+",
            (true, _, _, false) => "xb",
            (false, true, _, true) => "ab+",
            (false, true, _, false) => "ab",
            (false, false, true, _) if self.updating => "rb+",
            (false, false, true, _) if self.reading => "rb",
            _ => "wb",
        }
    }
}

/// Reads a mode string with CPython's checks and messages.
fn parse_mode(text: &str) -> Result<Mode> {
    let mut mode =
        Mode { creating: false, reading: false, writing: false, appending: false, updating: false, binary: false };
    let mut textual = false;
    let invalid = || Error::value_error(format!("invalid mode: '{text}'"));
    for (index, letter) in text.char_indices() {
        let flag = match letter {
            'x' => &mut mode.creating,
            'r' => &mut mode.reading,
            'w' => &mut mode.writing,
            'a' => &mut mode.appending,
            '+' => &mut mode.updating,
            't' => &mut textual,
            'b' => &mut mode.binary,
            _ => return Err(invalid()),
        };
        *flag = true;
        if text[index + 1..].contains(letter) {
            return Err(invalid());
        }
    }
    if textual && mode.binary {
        return Err(Error::value_error("can't have text and binary mode at once"));
    }
    let kinds = [mode.creating, mode.reading, mode.writing, mode.appending].iter().filter(|&&set| set).count();
    if kinds > 1 {
        return Err(Error::value_error("must have exactly one of create/read/write/append mode"));
    }
    if kinds == 0 {
        return Err(Error::value_error("Must have exactly one of create/read/write/append mode and at most one plus"));
    }
    Ok(mode)
}

/// Opens the file a path (str or bytes) or descriptor (int) names; also
/// whether closing it closes the descriptor.
fn open_os_file(vm: &mut Vm, file: &Value, mode: &Mode, closefd: bool) -> Result<(std::fs::File, bool)> {
    let path: std::path::PathBuf = match file {
        Value::Str(text) => text.as_str().into(),
        #[cfg(unix)]
        Value::Bytes(bytes) => {
            use std::os::unix::ffi::OsStrExt;
            std::ffi::OsStr::from_bytes(bytes.as_bytes()).into()
        }
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => return open_descriptor(vm, file, closefd),
        other => {
            return Err(Error::type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                other.type_name()
            )));
        }
    };
    if !closefd {
        return Err(Error::value_error("Cannot use closefd=False with file name"));
    }
    if path.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(Error::value_error("embedded null byte"));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(mode.reading || mode.updating);
    if mode.writing {
        options.write(true).create(true).truncate(true);
    } else if mode.appending {
        options.append(true).create(true);
    } else if mode.creating {
        options.write(true).create_new(true);
    } else if mode.updating {
        options.write(true);
    }
    let opened = options.open(&path).and_then(|opened| {
        // Opening a directory to read succeeds; FileIO refuses it after.
        match opened.metadata() {
            Ok(metadata) if metadata.is_dir() => Err(std::io::Error::from_raw_os_error(EISDIR)),
            _ => Ok(opened),
        }
    });
    match opened {
        Ok(opened) => Ok((opened, true)),
        Err(error) => Err(os_error_from_io(vm, &error, Some(file))),
    }
}

/// `EISDIR`.
const EISDIR: i32 = 21;
/// `EBADF`.
const EBADF: i32 = 9;

/// `open(fd)`: a file over a descriptor the script already has.
#[cfg(unix)]
fn open_descriptor(vm: &mut Vm, file: &Value, closefd: bool) -> Result<(std::fs::File, bool)> {
    use std::os::fd::{BorrowedFd, FromRawFd};
    let descriptor = expect_index(file)?;
    if descriptor < 0 {
        return Err(Error::value_error("negative file descriptor"));
    }
    let Ok(descriptor) = i32::try_from(descriptor) else {
        return Err(Error::overflow("signed integer is greater than maximum"));
    };
    // The descriptor must be open before anything owns it: ask the OS
    // about it through a borrow first.
    // SAFETY: the borrow lives only for this call, and fstat on a
    // descriptor that is not open fails with EBADF rather than misbehaving.
    let borrowed = unsafe { BorrowedFd::borrow_raw(descriptor) };
    if let Err(error) = borrowed.try_clone_to_owned() {
        let error = if error.raw_os_error() == Some(EBADF) { error } else { std::io::Error::from_raw_os_error(EBADF) };
        return Err(os_error_from_io(vm, &error, None));
    }
    // SAFETY: the descriptor is open; with closefd=False it is released
    // without closing when the file object is done with it.
    let opened = unsafe { std::fs::File::from_raw_fd(descriptor) };
    Ok((opened, closefd))
}

#[cfg(not(unix))]
fn open_descriptor(_vm: &mut Vm, _file: &Value, _closefd: bool) -> Result<(std::fs::File, bool)> {
    Err(Error::new(ExcKind::NotImplementedError, "open() of a file descriptor is not supported here"))
}

/// The buffer size CPython picks for a file (its block size when the OS
/// gives one, else 8192), and whether it is a terminal.
fn describe_file(file: &std::fs::File) -> (usize, bool) {
    use std::io::IsTerminal;
    let mut block_size = 8192;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(metadata) = file.metadata()
            && metadata.blksize() > 1
        {
            block_size = metadata.blksize() as usize;
        }
    }
    (block_size, file.is_terminal())
}

// ------------------------------------------------------------ checks

/// What a method does, for picking CPython's message when it cannot.
#[derive(Clone, Copy, PartialEq)]
enum Operation {
    Read,
    /// `read1`.
    ReadChunk,
    Peek,
    Readinto,
    /// FileIO's `readall`, which leaves a write-only file to the OS.
    ReadAll,
    Readline,
    Readlines,
    Next,
    Write,
    Writelines,
    Flush,
    Tell,
    Seek,
    Truncate,
    /// `fileno`, `isatty`, `seekable`, `readable`, `writable`.
    Query,
    /// `__iter__`, `__enter__`.
    Iterate,
}

const CLOSED: &str = "I/O operation on closed file.";
const CLOSED_BARE: &str = "I/O operation on closed file";

/// Checks that `operation` can be done on `file` now, raising what CPython
/// raises otherwise.
fn check(vm: &mut Vm, file: &FileObject, operation: Operation) -> Result<()> {
    use Operation::*;
    let reads = matches!(operation, Read | ReadChunk | Peek | Readinto | Readline | Readlines | Next);
    let writes = matches!(operation, Write | Writelines | Truncate);
    let closed = file.is_closed();
    match file.kind {
        Kind::Text => {
            if closed {
                return Err(Error::value_error(if operation == Query { CLOSED_BARE } else { CLOSED }));
            }
            if reads && !file.readable {
                return Err(unsupported(vm, "not readable"));
            }
            if writes && !file.writable {
                return Err(unsupported(vm, if operation == Truncate { "truncate" } else { "not writable" }));
            }
        }
        Kind::Buffered => {
            // BufferedWriter has no read methods and BufferedReader no
            // write method: those of the base class refuse before anything
            // else is checked.
            if matches!(operation, Read | Readinto | Readline | Next) && !file.readable {
                return Err(unsupported(vm, "read"));
            }
            if operation == ReadChunk && !file.readable {
                return Err(unsupported(vm, "read1"));
            }
            if operation == Write && !file.writable {
                return Err(unsupported(vm, "write"));
            }
            if closed {
                let message = match operation {
                    Read | ReadChunk => "read of closed file",
                    Peek => "peek of closed file",
                    Readinto => "readinto of closed file",
                    Readline | Next => "readline of closed file",
                    Write => "write to closed file",
                    Flush if file.writable => "flush of closed file",
                    Seek => "seek of closed file",
                    Truncate => "truncate of closed file",
                    Tell | Query => CLOSED_BARE,
                    _ => CLOSED,
                };
                return Err(Error::value_error(message));
            }
            if operation == Readlines && !file.readable {
                return Err(unsupported(vm, "read"));
            }
            if matches!(operation, Writelines | Truncate) && !file.writable {
                return Err(unsupported(vm, if operation == Truncate { "truncate" } else { "write" }));
            }
        }
        Kind::Raw => {
            if closed {
                let period = matches!(operation, Readlines | Writelines | Iterate | Flush);
                return Err(Error::value_error(if period { CLOSED } else { CLOSED_BARE }));
            }
            if reads && !file.readable {
                return Err(unsupported(vm, "File not open for reading"));
            }
            if writes && !file.writable {
                return Err(unsupported(vm, "File not open for writing"));
            }
        }
    }
    Ok(())
}

/// The file object a method was called on.
fn receiver<'a>(arguments: &'a [Value], method: &str) -> Result<&'a FileObject> {
    if let Some(Value::Instance(instance)) = arguments.first()
        && let Some(file) = instance.native::<FileObject>()
    {
        return Ok(file);
    }
    Err(super::arguments::receiver_error("_io._IOBase", method, arguments))
}

/// The owner name method errors use: "TextIOWrapper.read() takes ...".
fn owner(file: &FileObject) -> &'static str {
    match file.kind {
        Kind::Text => TEXT_CLASS,
        Kind::Buffered => "_io._Buffered",
        Kind::Raw => RAW_CLASS,
    }
}

/// The receiver and its arguments, at most `max` of them, positional only.
fn method_arguments<'a>(
    arguments: &'a [Value],
    keywords: Keywords,
    method: &str,
    max: usize,
) -> Result<(&'a FileObject, &'a [Value])> {
    let file = receiver(arguments, method)?;
    let rest = &arguments[1..];
    check_positional(owner(file), method, rest, keywords, 0, max)?;
    Ok((file, rest))
}

/// A size argument that may be None: negative or None means no limit.
fn optional_size(value: Option<&Value>) -> Result<Option<usize>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(value) if value.is_int() => Ok(usize::try_from(expect_index(value)?).ok()),
        Some(other) => {
            Err(Error::type_error(format!("argument should be integer or None, not '{}'", other.type_name())))
        }
    }
}

/// A size argument that must be an int (text `readline`).
fn int_size(value: Option<&Value>) -> Result<Option<usize>> {
    match value {
        None => Ok(None),
        Some(value) => Ok(usize::try_from(expect_index(value)?).ok()),
    }
}

// ------------------------------------------------------------ reading

fn read(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = method_arguments(arguments, keywords, "read", 1)?;
    let size = optional_size(rest.first())?;
    if file.kind == Kind::Buffered && rest.first().and_then(Value::as_i64).is_some_and(|size| size < -1) {
        return Err(Error::value_error("read length must be non-negative or -1"));
    }
    check(vm, file, Operation::Read)?;
    let state = &mut *file.state.borrow_mut();
    let result = match &mut state.text {
        Some(layer) => layer.read(&mut state.stream, size).map(Value::from_string),
        None => state.stream.read(size).map(bytes_value).map_err(FileError::from),
    };
    result.map_err(|error| raise(vm, error))
}

/// `read1(size=-1)`: what is buffered, else one OS read.
fn read1(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = method_arguments(arguments, keywords, "read1", 1)?;
    let size = optional_size(rest.first())?;
    check(vm, file, Operation::ReadChunk)?;
    let stream = &mut file.state.borrow_mut().stream;
    let size = size.unwrap_or_else(|| stream.capacity());
    let result = if size == 0 { Ok(Vec::new()) } else { stream.read_chunk(size) };
    result.map(bytes_value).map_err(|error| raise(vm, error.into()))
}

/// `peek(size=0)`: buffered bytes, without consuming them.
fn peek(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = method_arguments(arguments, keywords, "peek", 1)?;
    if let Some(size) = rest.first() {
        expect_index(size)?;
    }
    check(vm, file, Operation::Peek)?;
    let result = file.state.borrow_mut().stream.peek();
    result.map(bytes_value).map_err(|error| raise(vm, error.into()))
}

/// FileIO's `readall()`.
fn readall(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "readall", 0)?;
    check(vm, file, Operation::ReadAll)?;
    let result = file.state.borrow_mut().stream.read(None);
    result.map(bytes_value).map_err(|error| raise(vm, error.into()))
}

/// `readinto(buffer)`: reads into a bytearray; how many bytes came.
fn readinto(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = receiver(arguments, "readinto").map(|file| (file, &arguments[1..]))?;
    check_positional(owner(file), "readinto", rest, keywords, 1, 1)?;
    let Value::ByteArray(buffer) = &rest[0] else {
        return Err(Error::type_error(format!(
            "readinto() argument must be read-write bytes-like object, not {}",
            rest[0].type_name()
        )));
    };
    check(vm, file, Operation::Readinto)?;
    let size = buffer.data.borrow().len();
    let result = file.state.borrow_mut().stream.read(Some(size));
    let data = result.map_err(|error| raise(vm, error.into()))?;
    buffer.data.borrow_mut()[..data.len()].copy_from_slice(&data);
    Ok(Value::from(data.len()))
}

fn readline(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = method_arguments(arguments, keywords, "readline", 1)?;
    let size = if file.kind == Kind::Text { int_size(rest.first())? } else { optional_size(rest.first())? };
    check(vm, file, Operation::Readline)?;
    read_line(vm, file, size)
}

/// One line, as text or bytes; empty at end of file.
fn read_line(vm: &mut Vm, file: &FileObject, size: Option<usize>) -> Result<Value> {
    let state = &mut *file.state.borrow_mut();
    let result = match &mut state.text {
        Some(layer) => layer.readline(&mut state.stream, size).map(Value::from_string),
        None => state.stream.readline(size).map(bytes_value).map_err(FileError::from),
    };
    result.map_err(|error| raise(vm, error))
}

fn is_empty(line: &Value) -> bool {
    match line {
        Value::Str(text) => text.as_str().is_empty(),
        Value::Bytes(bytes) => bytes.as_bytes().is_empty(),
        _ => true,
    }
}

/// A file position or size as an int.
fn position_value(position: u64) -> Value {
    Value::from_bigint(position.into())
}

fn bytes_value(data: Vec<u8>) -> Value {
    Value::Bytes(Rc::new(crate::object::bytes::Bytes::new(data)))
}

/// `readlines(hint=-1)`: the lines left, or lines until their total
/// length passes `hint`. CPython iterates the file for them, so on a text
/// file `tell()` refuses afterwards unless the end was reached.
fn readlines(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = method_arguments(arguments, keywords, "readlines", 1)?;
    let hint = optional_size(rest.first())?.filter(|&hint| hint > 0);
    check(vm, file, Operation::Readlines)?;
    let mut lines = Vec::new();
    let mut total = 0;
    set_telling(file, false);
    loop {
        let line = read_line(vm, file, None)?;
        if is_empty(&line) {
            set_telling(file, true);
            break;
        }
        total += match &line {
            Value::Str(text) => text.char_len(),
            Value::Bytes(bytes) => bytes.as_bytes().len(),
            _ => 0,
        };
        lines.push(line);
        if hint.is_some_and(|hint| total > hint) {
            break;
        }
    }
    Ok(Value::list(lines))
}

/// `__next__`: the next line, StopIteration at the end. On a text file,
/// `tell()` refuses until the iteration ends, as in CPython.
fn next(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "__next__", 0)?;
    check(vm, file, Operation::Next)?;
    set_telling(file, false);
    let line = read_line(vm, file, None)?;
    if !is_empty(&line) {
        return Ok(line);
    }
    set_telling(file, true);
    Err(Error::stop_iteration())
}

/// Stops `tell()` on a text file during iteration, or lets it work again
/// (if the file is seekable) when iteration ends.
fn set_telling(file: &FileObject, telling: bool) {
    let state = &mut *file.state.borrow_mut();
    if let Some(layer) = &mut state.text {
        layer.telling = telling && state.stream.seekable();
    }
}

// ------------------------------------------------------------ writing

fn write(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = receiver(arguments, "write").map(|file| (file, &arguments[1..]))?;
    if file.kind == Kind::Buffered && !file.writable {
        return Err(unsupported(vm, "write"));
    }
    check_positional(owner(file), "write", rest, keywords, 1, 1)?;
    write_value(vm, file, &rest[0])
}

/// Writes a str to a text file or a bytes-like value to a binary one;
/// how many characters or bytes.
fn write_value(vm: &mut Vm, file: &FileObject, value: &Value) -> Result<Value> {
    let (text, data) = match (file.kind, value) {
        (Kind::Text, Value::Str(text)) => (Some(text.clone()), None),
        (Kind::Text, other) => {
            return Err(Error::type_error(format!("write() argument must be str, not {}", clinic_type_name(other))));
        }
        (_, other) => match other.byte_content() {
            Some(data) => (None, Some(data.into_owned())),
            None => {
                return Err(Error::type_error(format!("a bytes-like object is required, not '{}'", other.type_name())));
            }
        },
    };
    check(vm, file, Operation::Write)?;
    let state = &mut *file.state.borrow_mut();
    let result = match (&mut state.text, text, data) {
        (Some(layer), Some(text), _) => layer.write(&mut state.stream, text.as_str()).map(|()| text.char_len()),
        (_, _, Some(data)) => state.stream.write(&data).map(|()| data.len()).map_err(FileError::from),
        _ => Ok(0),
    };
    result.map(Value::from).map_err(|error| raise(vm, error))
}

/// `writelines(lines)`: writes each item; nothing between them.
fn writelines(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = receiver(arguments, "writelines").map(|file| (file, &arguments[1..]))?;
    check_positional(owner(file), "writelines", rest, keywords, 1, 1)?;
    check(vm, file, Operation::Writelines)?;
    let lines = vm.get_iter(rest[0].clone())?;
    while let Some(line) = vm.next_item(&lines)? {
        if file.kind == Kind::Buffered && !file.writable {
            return Err(unsupported(vm, "write"));
        }
        write_value(vm, file, &line)?;
    }
    Ok(Value::None)
}

fn flush(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "flush", 0)?;
    check(vm, file, Operation::Flush)?;
    let result = file.state.borrow_mut().stream.flush();
    result.map(|()| Value::None).map_err(|error| raise(vm, error.into()))
}

// ------------------------------------------------------------ positions

/// `seek(target, whence=0)`: the new position.
fn seek(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let file = receiver(arguments, "seek")?;
    let rest = &arguments[1..];
    check_positional(owner(file), "seek", rest, keywords, 1, 2)?;
    let target = expect_index(&rest[0])?;
    let whence = match rest.get(1) {
        Some(whence) => expect_index(whence)?,
        None => 0,
    };
    if file.kind != Kind::Text && !(0..=2).contains(&whence) {
        return Err(Error::value_error(format!("whence value {whence} unsupported")));
    }
    check(vm, file, Operation::Seek)?;
    let state = &mut *file.state.borrow_mut();
    let result = match &mut state.text {
        Some(layer) => {
            if !state.stream.seekable() {
                return Err(unsupported(vm, "underlying stream is not seekable"));
            }
            let position = match whence {
                0 if target < 0 => return Err(Error::value_error(format!("negative seek position {target}"))),
                0 => Some(target as u64),
                1 if target != 0 => return Err(unsupported(vm, "can't do nonzero cur-relative seeks")),
                1 => match layer.tell(&mut state.stream) {
                    Ok(position) => Some(position),
                    Err(error) => return Err(raise(vm, error)),
                },
                2 if target != 0 => return Err(unsupported(vm, "can't do nonzero end-relative seeks")),
                2 => None,
                _ => {
                    return Err(Error::value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)")));
                }
            };
            layer.seek(&mut state.stream, position)
        }
        None => state.stream.seek(target, whence as u8).map_err(FileError::from),
    };
    result.map(position_value).map_err(|error| raise(vm, error))
}

fn tell(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "tell", 0)?;
    check(vm, file, Operation::Tell)?;
    let state = &mut *file.state.borrow_mut();
    let result = match &mut state.text {
        Some(layer) => {
            if !state.stream.seekable() {
                return Err(unsupported(vm, "underlying stream is not seekable"));
            }
            if !layer.telling {
                return Err(Error::new(ExcKind::OSError, "telling position disabled by next() call"));
            }
            layer.tell(&mut state.stream)
        }
        None => state.stream.tell().map_err(FileError::from),
    };
    result.map(position_value).map_err(|error| raise(vm, error))
}

/// `truncate(size=None)`: cuts the file at `size` (by default the current
/// position); the new size.
fn truncate(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, rest) = method_arguments(arguments, keywords, "truncate", 1)?;
    let size = match rest.first() {
        None | Some(Value::None) => None,
        Some(size) => Some(expect_index(size)?),
    };
    check(vm, file, Operation::Truncate)?;
    let state = &mut *file.state.borrow_mut();
    // A text file cuts where its byte layer is, after the last chunk read,
    // as CPython's does.
    let result = state.stream.truncate(size);
    result.map(position_value).map_err(|error| raise(vm, error.into()))
}

// ------------------------------------------------------------ the rest

/// `close()`: flushes and closes; closing again does nothing.
fn close(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "close", 0)?;
    close_file(vm, file)
}

fn close_file(vm: &mut Vm, file: &FileObject) -> Result<Value> {
    let result = file.state.borrow_mut().stream.close();
    result.map(|()| Value::None).map_err(|error| raise(vm, error.into()))
}

fn fileno(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "fileno", 0)?;
    check(vm, file, Operation::Query)?;
    let descriptor = file.state.borrow().stream.fileno();
    match descriptor {
        Some(descriptor) => Ok(Value::Int(descriptor)),
        None => Err(unsupported(vm, "fileno")),
    }
}

fn isatty(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "isatty", 0)?;
    check(vm, file, Operation::Query)?;
    Ok(Value::Bool(file.state.borrow().stream.isatty()))
}

fn seekable(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "seekable", 0)?;
    check(vm, file, Operation::Query)?;
    Ok(Value::Bool(file.state.borrow().stream.seekable()))
}

/// `readable()`: False for a write-only file even once closed (CPython
/// asks the layer below, which only checks when it can read).
fn readable(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "readable", 0)?;
    if !file.readable && file.kind != Kind::Raw {
        return Ok(Value::Bool(false));
    }
    check(vm, file, Operation::Query)?;
    Ok(Value::Bool(file.readable))
}

fn writable(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "writable", 0)?;
    if !file.writable && file.kind != Kind::Raw {
        return Ok(Value::Bool(false));
    }
    check(vm, file, Operation::Query)?;
    Ok(Value::Bool(file.writable))
}

fn enter(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "__enter__", 0)?;
    check(vm, file, Operation::Iterate)?;
    Ok(arguments[0].clone())
}

/// `__exit__(*exc_info)`: closes the file; returns None, so an exception
/// leaving the `with` block goes on.
fn exit(vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    let file = receiver(arguments, "__exit__")?;
    close_file(vm, file)
}

fn iter(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "__iter__", 0)?;
    check(vm, file, Operation::Iterate)?;
    Ok(arguments[0].clone())
}

/// `<_io.TextIOWrapper name='x.txt' mode='r' encoding='UTF-8'>`,
/// `<_io.BufferedReader name='x.bin'>`, `<_io.FileIO name='x' mode='rb'
/// closefd=True>`.
fn repr(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (file, _) = method_arguments(arguments, keywords, "__repr__", 0)?;
    let class = match &arguments[0] {
        Value::Instance(instance) => instance.class.qualname.clone(),
        _ => String::new(),
    };
    let name = vm.repr(&file.name)?;
    let mode = vm.repr(&Value::from_text(&file.mode))?;
    let text = match file.kind {
        Kind::Text => {
            let encoding = file.state.borrow().text.as_ref().map(|layer| layer.encoding.clone()).unwrap_or_default();
            let encoding = vm.repr(&Value::from_string(encoding))?;
            format!("<_io.{class} name={name} mode={mode} encoding={encoding}>")
        }
        Kind::Buffered => format!("<_io.{class} name={name}>"),
        Kind::Raw if file.is_closed() => format!("<_io.{class} [closed]>"),
        Kind::Raw => {
            let closefd = if file.state.borrow().stream.closes_descriptor() { "True" } else { "False" };
            format!("<_io.{class} name={name} mode={mode} closefd={closefd}>")
        }
    };
    Ok(Value::from_string(text))
}

/// `<attribute 'closed' of '_io.TextIOWrapper' objects>`
fn descriptor_repr(_vm: &mut Vm, arguments: &[Value], _keywords: Keywords) -> Result<Value> {
    match arguments.first() {
        Some(Value::Instance(instance)) => match instance.native::<NativeGetter>() {
            Some(getter) => {
                Ok(Value::from_string(format!("<attribute '{}' of '{}' objects>", getter.name, getter.owner)))
            }
            None => Err(Error::type_error("descriptor '__repr__' requires a 'getset_descriptor' object")),
        },
        _ => Err(Error::type_error("descriptor '__repr__' requires a 'getset_descriptor' object")),
    }
}

// ------------------------------------------------------------ attributes

fn file_of(object: &Value) -> Result<&FileObject> {
    match object {
        Value::Instance(instance) => instance.native::<FileObject>(),
        _ => None,
    }
    .ok_or_else(|| {
        Error::type_error(format!("descriptor for file objects doesn't apply to a '{}' object", object.type_name()))
    })
}

fn closed(_vm: &mut Vm, object: &Value) -> Result<Value> {
    Ok(Value::Bool(file_of(object)?.is_closed()))
}

fn name(_vm: &mut Vm, object: &Value) -> Result<Value> {
    Ok(file_of(object)?.name.clone())
}

fn mode(_vm: &mut Vm, object: &Value) -> Result<Value> {
    Ok(Value::from_text(&file_of(object)?.mode))
}

fn closefd(_vm: &mut Vm, object: &Value) -> Result<Value> {
    Ok(Value::Bool(file_of(object)?.state.borrow().stream.closes_descriptor()))
}

/// A text file's layer, for its attributes.
fn text_attribute(object: &Value, read: impl FnOnce(&TextLayer) -> Value) -> Result<Value> {
    let file = file_of(object)?;
    let state = file.state.borrow();
    Ok(state.text.as_ref().map_or(Value::None, read))
}

fn encoding(_vm: &mut Vm, object: &Value) -> Result<Value> {
    text_attribute(object, |layer| Value::from_text(&layer.encoding))
}

fn errors(_vm: &mut Vm, object: &Value) -> Result<Value> {
    text_attribute(object, |layer| Value::from_text(&layer.errors))
}

fn line_buffering(_vm: &mut Vm, object: &Value) -> Result<Value> {
    text_attribute(object, |layer| Value::Bool(layer.line_buffering))
}

/// `newlines`: the line endings read so far: None, one, or a tuple of
/// them.
fn newlines(_vm: &mut Vm, object: &Value) -> Result<Value> {
    text_attribute(object, |layer| {
        let seen: Vec<Value> = [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
            .iter()
            .filter(|(bit, _)| layer.seen_newlines & bit != 0)
            .map(|(_, ending)| Value::from_text(ending))
            .collect();
        match seen.len() {
            0 => Value::None,
            1 => seen.into_iter().next().unwrap_or(Value::None),
            _ => Value::tuple(seen),
        }
    })
}
