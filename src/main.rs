//! The `asy` command: runs a script, a `-c` string, or standard input;
//! `asy dis FILE` lists bytecode.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use asy::vm::{RunError, Vm};

const USAGE: &str = "usage: asy [option] ... [-c cmd | file | -] [arg] ...
Options:
  -c cmd     program passed in as string (terminates option list)
  -m mod     run library module as a script (terminates option list)
  -h, --help print this help message and exit
  --version  print the version number and exit
  --virtual-time
             timers fire at once when nothing else can run: the clock
             jumps ahead instead of waiting (also ASY_VIRTUAL_TIME=1)
  dis FILE   print the bytecode of FILE
file         program read from script file
-            program read from stdin (default when no file is given)
arg ...      arguments passed to the program in sys.argv[1:]
";

/// Scripts may recurse deeply through native code (`repr` of nested
/// lists, `sorted` with a key): give the interpreter a large stack.
const INTERPRETER_STACK: usize = 512 << 20;

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (settings, arguments) = Settings::parse(arguments);
    let worker = std::thread::Builder::new().stack_size(INTERPRETER_STACK).spawn(move || run(settings, arguments));
    match worker.and_then(|handle| handle.join().map_err(|_| std::io::Error::other("interpreter thread panicked"))) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("asy: internal error: {error}");
            ExitCode::from(70)
        }
    }
}

/// How the interpreter runs, from options before the program and the
/// environment.
#[derive(Clone, Copy, Default)]
struct Settings {
    virtual_time: bool,
}

impl Settings {
    /// Takes the interpreter's own options off the front of the command
    /// line; what is left names the program.
    fn parse(mut arguments: Vec<String>) -> (Settings, Vec<String>) {
        let mut settings = Settings {
            virtual_time: std::env::var("ASY_VIRTUAL_TIME").is_ok_and(|value| !value.is_empty() && value != "0"),
        };
        while arguments.first().is_some_and(|argument| argument == "--virtual-time") {
            settings.virtual_time = true;
            arguments.remove(0);
        }
        (settings, arguments)
    }

    fn new_vm(self) -> Vm {
        let mut vm = Vm::new();
        vm.set_virtual_time(self.virtual_time);
        vm
    }
}

/// What the command line asks for.
enum Command {
    Run {
        source: String,
        filename: String,
        /// `sys.argv`
        argv: Vec<String>,
        /// Where the program came from, for `__file__` and `sys.path[0]`.
        origin: Origin,
    },
    Disassemble {
        path: String,
    },
    /// `-m MODULE`: run a module found on the search path as `__main__`.
    RunModule {
        name: String,
        argv: Vec<String>,
    },
    Print(String),
    Usage(String),
    /// A message on stderr and an exit status.
    Fail(String, u8),
}

/// Where the main program's text came from.
enum Origin {
    /// A script file: its folder is searched for modules.
    File,
    /// `-c` or standard input: the current folder is.
    Elsewhere,
}

fn parse_command(arguments: &[String]) -> Command {
    // What follows the program (a file, `-c CODE`, `-m MODULE`) is its
    // arguments; `sys.argv[0]` names the program as CPython does.
    let rest = |from: usize| arguments.get(from..).unwrap_or_default().to_vec();
    match arguments.first().map(String::as_str) {
        Some("-h" | "--help") => Command::Print(USAGE.to_string()),
        Some("--version") => Command::Print(format!("asy {}\n", env!("CARGO_PKG_VERSION"))),
        Some("dis") => match arguments.get(1) {
            Some(path) => Command::Disassemble { path: path.clone() },
            None => Command::Usage("asy dis: a FILE to disassemble is required".into()),
        },
        Some("-c") => match arguments.get(1) {
            Some(code) => Command::Run {
                source: code.clone(),
                filename: "<string>".into(),
                argv: [vec!["-c".to_string()], rest(2)].concat(),
                origin: Origin::Elsewhere,
            },
            None => Command::Usage("Argument expected for the -c option".into()),
        },
        Some("-m") => match arguments.get(1) {
            Some(module) => Command::RunModule { name: module.clone(), argv: [vec![module.clone()], rest(2)].concat() },
            None => Command::Usage("Argument expected for the -m option".into()),
        },
        Some(option) if option.starts_with('-') && option != "-" => Command::Usage(format!("unknown option {option}")),
        Some(path) if path != "-" => match std::fs::read_to_string(path) {
            Ok(source) => Command::Run { source, filename: path.to_string(), argv: rest(0), origin: Origin::File },
            Err(error) => Command::Fail(
                format!(
                    "can't open file '{path}': [Errno {}] {}",
                    error.raw_os_error().unwrap_or(0),
                    describe_io_error(&error)
                ),
                2,
            ),
        },
        _ => {
            let mut source = String::new();
            if std::io::stdin().is_terminal() {
                eprintln!(
                    "asy {}: the interactive prompt is not available yet; reading a program from standard input.",
                    env!("CARGO_PKG_VERSION")
                );
            }
            match std::io::stdin().read_to_string(&mut source) {
                Ok(_) => Command::Run {
                    source,
                    filename: "<stdin>".into(),
                    argv: if arguments.is_empty() { vec![String::new()] } else { rest(0) },
                    origin: Origin::Elsewhere,
                },
                Err(error) => Command::Usage(format!("can't read standard input: {error}")),
            }
        }
    }
}

fn describe_io_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".into(),
        _ => error.to_string(),
    }
}

fn run(settings: Settings, arguments: Vec<String>) -> u8 {
    match parse_command(&arguments) {
        Command::Print(text) => {
            print!("{text}");
            0
        }
        Command::Usage(message) => {
            eprintln!("asy: {message}");
            eprint!("{USAGE}");
            2
        }
        Command::Fail(message, status) => {
            eprintln!("asy: {message}");
            status
        }
        Command::Disassemble { path } => disassemble(&path),
        Command::Run { source, filename, argv, origin } => {
            let mut vm = settings.new_vm();
            vm.set_argv(argv);
            match origin {
                Origin::File => vm.set_main_script(&filename),
                Origin::Elsewhere => vm.set_path_front(""),
            }
            run_program(vm, &source, &filename)
        }
        Command::RunModule { name, argv } => {
            let mut vm = settings.new_vm();
            vm.set_argv(argv);
            let folder = std::env::current_dir().map(|d| d.display().to_string()).unwrap_or_default();
            vm.set_path_front(&folder);
            match vm.prepare_main_module(&name) {
                Ok((filename, source)) => run_program(vm, &source, &filename),
                Err(message) => {
                    vm.flush_stdout();
                    eprintln!("asy: {message}");
                    1
                }
            }
        }
    }
}

fn disassemble(path: &str) -> u8 {
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("asy: can't open file '{path}': {}", describe_io_error(&error));
            return 2;
        }
    };
    let mut vm = Vm::new();
    match vm.compile(&source, path) {
        Ok(code) => {
            print!("{}", asy::bytecode::disassemble(&code));
            0
        }
        Err(error) => {
            eprint!("{}", error.render(path, &source));
            1
        }
    }
}

fn run_program(mut vm: Vm, source: &str, filename: &str) -> u8 {
    let outcome = vm.run_source(source, filename);
    vm.flush_stdout();
    match outcome {
        Ok(()) => 0,
        Err(RunError::Syntax(error)) => {
            eprint!("{}", error.render(filename, source));
            1
        }
        Err(RunError::Exception(exception)) => {
            let status = match vm.exit_status(&exception) {
                Some(status) => status,
                None => {
                    let report = vm.format_exception(&exception);
                    eprint!("{report}");
                    1
                }
            };
            vm.flush_stdout();
            let _ = std::io::stderr().flush();
            status
        }
    }
}
