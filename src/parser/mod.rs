//! Tokens → syntax tree. Drives the lalrpop grammar over the layout pass,
//! decodes literals (`literals`, `fstring`), checks what the grammar alone
//! cannot (assignment targets, parameter order), and words every failure
//! the way CPython does (`errors`).

use lalrpop_util::ParseError;

use crate::ast::*;
use crate::diagnostic::SyntaxError;
use crate::layout::Layout;
use crate::lexer::{self, LexError, Token};
use with_parentheses::WithParentheses;

mod errors;
mod fstring;
mod literals;
mod with_parentheses;

use errors::{grammar_error, lex_error, next_token_span};

pub use literals::{float_literal, imaginary_literal, int_literal, string_literals};

lalrpop_util::lalrpop_mod!(
    #[allow(clippy::all, unused_parens, unused_imports, dead_code)]
    grammar,
    "/asy.rs"
);

/// The error type of grammar actions: the unified syntax error.
pub type GrammarError = SyntaxError;

type ActionResult<T> = Result<T, ParseError<usize, Token<'static>, GrammarError>>;

fn fail<T>(message: impl Into<String>, span: Span) -> ActionResult<T> {
    Err(ParseError::User { error: SyntaxError::new(message, span) })
}

/// Parses a whole module.
pub fn parse_module(source: &str) -> Result<Vec<Stmt>, SyntaxError> {
    match parse_top(source, Token::StartModule)? {
        Top::Module(statements) => Ok(statements),
        _ => unreachable!("the module entry builds a module"),
    }
}

/// Parses one interactive statement (a REPL entry).
pub fn parse_interactive(source: &str) -> Result<Vec<Stmt>, SyntaxError> {
    match parse_top(source, Token::StartInteractive)? {
        Top::Interactive(statements) => Ok(statements),
        _ => unreachable!("the interactive entry builds statements"),
    }
}

fn parse_top(source: &str, start: Token<'static>) -> Result<Top, SyntaxError> {
    let scan_failure = std::cell::Cell::new(None);
    let laid_out = WithParentheses::new(Layout::new(source, lexer::tokens(source))).map(|item| {
        item.map_err(|error| {
            scan_failure.set(Some(error.clone()));
            lex_error(source, error)
        })
    });
    let tokens = std::iter::once(Ok((0, start, 0))).chain(laid_out);
    let parser = grammar::TopParser::new();
    parser.parse(source, tokens).map_err(|error| {
        if let Some(scan_error) = scan_failure.take() {
            return lex_error(source, scan_error);
        }
        errors::parse_failure(source, error)
    })
}

/// Parses a piece of source as one expression; line breaks inside it mean
/// nothing. (Tracebacks use this to find operators in a line segment.)
pub fn parse_expression(text: &str) -> Result<Expr, SyntaxError> {
    parse_parenthesized(text, text, 0).map_err(|failure| failure.describe(text))
}

/// Why [`parse_parenthesized`] failed; worded only on demand, since a
/// failed first attempt at an f-string field is parsed again to report it.
enum ParenthesizedError<'src> {
    Scan(LexError),
    Grammar(ParseError<usize, Token<'src>, SyntaxError>),
}

impl ParenthesizedError<'_> {
    /// The error as CPython words it; `source` is what its offsets refer to.
    fn describe(self, source: &str) -> SyntaxError {
        match self {
            ParenthesizedError::Scan(error) => lex_error(source, error),
            ParenthesizedError::Grammar(error) => grammar_error(source, error),
        }
    }
}

/// Parses `text`, which starts at `offset` of `source`, as an expression in
/// parentheses (the way CPython reads an f-string field); line breaks
/// inside it mean nothing.
fn parse_parenthesized<'src>(
    source: &'src str,
    text: &'src str,
    offset: usize,
) -> Result<Expr, ParenthesizedError<'src>> {
    let open = offset.saturating_sub(1);
    let end = offset + text.len();
    let mut scan_error = None;
    let mut tokens = vec![Ok((open, Token::StartExpression, open)), Ok((open, Token::LParen, offset))];
    for item in lexer::tokens(text) {
        match item {
            Ok((_, Token::Newline, _)) => {}
            Ok((start, token, stop)) => tokens.push(Ok((start + offset, token, stop + offset))),
            Err(error) => {
                scan_error = Some(lexer::LexError { span: (error.span.0 + offset, error.span.1 + offset), ..error });
                break;
            }
        }
    }
    if let Some(error) = scan_error {
        return Err(ParenthesizedError::Scan(error));
    }
    tokens.extend([Ok((end, Token::RParen, end + 1)), Ok((end + 1, Token::Newline, end + 1))]);
    match grammar::TopParser::new().parse(source, tokens) {
        Ok(Top::Expression(expression)) => Ok(expression),
        Ok(_) => unreachable!("the expression entry builds an expression"),
        Err(error) => Err(ParenthesizedError::Grammar(error)),
    }
}

// ---------------------------------------------------------------- checks

/// Where an expression is used as a target; the messages differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetUse {
    /// The left of `=` in an assignment statement.
    Assign,
    /// A name bound by `for`, `with ... as`, or a comprehension.
    Bind,
    Delete,
    AugmentedAssign,
    Annotated,
}

/// How CPython names an expression that cannot be a target.
fn expression_name(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::Bool(true)) => "True",
        ExprKind::Constant(Constant::Bool(false)) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Name(_) => "name",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::List(_) => "list",
        ExprKind::Set(_) => "set display",
        ExprKind::Dict(_) => "dict literal",
        ExprKind::Starred(_) => "starred",
        ExprKind::Binary { .. } | ExprKind::Unary { .. } | ExprKind::Bool { .. } => "expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Conditional { .. } => "conditional expression",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Slice { .. } => "slice",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Generator { .. } => "generator expression",
        ExprKind::FString(_) => "f-string expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Named { .. } => "named expression",
    }
}

/// Checks that an expression can be assigned to (or deleted) and returns it.
pub fn to_target(expr: Expr, usage: TargetUse) -> ActionResult<Expr> {
    match usage {
        TargetUse::AugmentedAssign => {
            return match expr.kind {
                ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(expr),
                _ => fail(
                    format!("'{}' is an illegal expression for augmented assignment", expression_name(&expr)),
                    expr.span,
                ),
            };
        }
        TargetUse::Annotated => {
            return match expr.kind {
                ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(expr),
                ExprKind::Tuple(_) => fail("only single target (not tuple) can be annotated", expr.span),
                ExprKind::List(_) => fail("only single target (not list) can be annotated", expr.span),
                _ => fail("illegal target for annotation", expr.span),
            };
        }
        _ => {}
    }
    if let Some(error) = target_error(&expr, usage) {
        return Err(ParseError::User { error });
    }
    check_starred_targets(&expr, usage, true)?;
    Ok(expr)
}

/// The part of a target that cannot be assigned to (or deleted), named as
/// CPython names it: `cannot assign to function call`.
fn target_error(expr: &Expr, usage: TargetUse) -> Option<SyntaxError> {
    match &expr.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => None,
        ExprKind::Tuple(items) | ExprKind::List(items) => items.iter().find_map(|item| target_error(item, usage)),
        ExprKind::Starred(inner) if usage != TargetUse::Delete => target_error(inner, usage),
        _ => {
            let verb = if usage == TargetUse::Delete { "delete" } else { "assign to" };
            Some(SyntaxError::new(format!("cannot {verb} {}", expression_name(expr)), expr.span))
        }
    }
}

/// What CPython's compiler rejects in targets the parser accepts: a star
/// outside a list or tuple, two stars in one.
fn check_starred_targets(expr: &Expr, usage: TargetUse, top: bool) -> ActionResult<()> {
    match &expr.kind {
        ExprKind::Starred(_) if top => match usage {
            TargetUse::Delete => fail("cannot delete starred", expr.span),
            _ => fail("starred assignment target must be in a list or tuple", expr.span),
        },
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let starred = items.iter().filter(|item| matches!(item.kind, ExprKind::Starred(_))).count();
            if starred > 1 && usage != TargetUse::Delete {
                return fail("multiple starred expressions in assignment", expr.span);
            }
            for item in items {
                match &item.kind {
                    ExprKind::Starred(inner) => check_starred_targets(inner, usage, false)?,
                    _ => check_starred_targets(item, usage, false)?,
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `t1 = t2 = value`: every expression but the last is a target.
pub fn assignment(source: &str, first: Expr, mut rest: Vec<Expr>, span: Span) -> ActionResult<Stmt> {
    let value = rest.pop().unwrap_or_else(|| Expr::new(ExprKind::Constant(Constant::None), span));
    let targets: Vec<Expr> = std::iter::once(first).chain(rest).collect();
    let cannot_assign = |target: &Expr| {
        matches!(target.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_))
            || target_error(target, TargetUse::Assign).is_some()
    };
    if targets.iter().any(cannot_assign)
        && let Some(error) = errors::invalid_assignment(source, span)
    {
        return Err(ParseError::User { error });
    }
    let targets =
        targets.into_iter().map(|target| to_target(target, TargetUse::Assign)).collect::<ActionResult<_>>()?;
    Ok(Stmt::new(StmtKind::Assign { targets, value }, span))
}
pub fn import_from(level: usize, module: Option<String>, names: Vec<Alias>, span: Span) -> ActionResult<Stmt> {
    if level == 0 && module.is_none() {
        return fail("invalid syntax", span);
    }
    Ok(Stmt::new(StmtKind::ImportFrom { module, names, level }, span))
}

pub fn decorate(decorators: Vec<Expr>, mut definition: Stmt, start: usize) -> Stmt {
    match &mut definition.kind {
        StmtKind::FunctionDef(function) => function.decorators = decorators,
        StmtKind::ClassDef(class) => class.decorators = decorators,
        _ => {}
    }
    definition.span.0 = start;
    definition
}

/// `if`/`elif`/`else` as nested `If` statements.
pub fn if_chain(
    start: usize,
    test: Expr,
    body: Vec<Stmt>,
    elifs: Vec<(usize, Expr, Vec<Stmt>)>,
    orelse: Vec<Stmt>,
    end: usize,
) -> Stmt {
    let mut orelse = orelse;
    for (elif_start, elif_test, elif_body) in elifs.into_iter().rev() {
        orelse = vec![Stmt::new(StmtKind::If { test: elif_test, body: elif_body, orelse }, (elif_start, end))];
    }
    Stmt::new(StmtKind::If { test, body, orelse }, (start, end))
}

pub fn tuple_or_single(mut items: Vec<Expr>, trailing_comma: bool, span: Span) -> Expr {
    if items.len() == 1 && !trailing_comma {
        return items.remove(0);
    }
    Expr::new(ExprKind::Tuple(items), span)
}

/// What parentheses hold, as the grammar's `Parenthesized` reads it.
pub enum InParentheses<T> {
    /// `()`, `(yield x)`, a generator expression: an expression already.
    Expression(Expr),
    /// Items separated by commas, and whether a comma ended them; what
    /// they make depends on where the parentheses are.
    Items(Vec<T>, bool),
}

/// `( ... )`: a parenthesized expression or a tuple.
pub fn parenthesized(inside: InParentheses<Expr>, span: Span) -> ActionResult<Expr> {
    let (mut items, trailing_comma) = match inside {
        InParentheses::Expression(expression) => return Ok(expression),
        InParentheses::Items(items, trailing_comma) => (items, trailing_comma),
    };
    if items.len() == 1 && !trailing_comma {
        let item = items.remove(0);
        if let ExprKind::Starred(_) = item.kind {
            return fail("cannot use starred expression here", item.span);
        }
        return Ok(item);
    }
    Ok(Expr::new(ExprKind::Tuple(items), span))
}

/// One item between the parentheses of `with (...):`.
pub struct ParenthesizedWithItem {
    item: WithItem,
    /// A bare `name := value` or a starred item: what only a tuple can
    /// hold, which makes the parentheses an expression.
    tuple_only: bool,
}

impl ParenthesizedWithItem {
    /// `expression [as target]`.
    pub fn item(item: WithItem) -> Self {
        ParenthesizedWithItem { item, tuple_only: false }
    }

    /// A bare walrus or a starred item.
    pub fn tuple_only(context: Expr) -> Self {
        ParenthesizedWithItem { item: WithItem { context, target: None }, tuple_only: true }
    }

    /// Where CPython's reading of the parentheses as items stops at this
    /// item, if it does: at the `:=` of a bare walrus, the `*` of a
    /// starred item.
    fn items_fail_at(&self, source: &str) -> Option<Span> {
        if !self.tuple_only {
            return None;
        }
        let context = &self.item.context;
        let stop = match &context.kind {
            ExprKind::Named { name, .. } => context.span.0 + name.len(),
            _ => context.span.0,
        };
        Some(next_token_span(source, stop))
    }
}

/// `with (...):`, the parentheses being the whole header. CPython reads
/// them first as a list of items (`with (open(a) as f, open(b)):`, where
/// `with (a, b):` is two context managers), and failing that as one
/// expression in parentheses (`with (a, *b):` is a tuple). When neither
/// reading works, it reports where the one that read further stopped.
pub fn parenthesized_with_items(
    source: &str,
    inside: InParentheses<ParenthesizedWithItem>,
    span: Span,
) -> ActionResult<Vec<WithItem>> {
    let (items, trailing_comma) = match inside {
        InParentheses::Expression(context) => return Ok(vec![WithItem { context, target: None }]),
        InParentheses::Items(items, trailing_comma) => (items, trailing_comma),
    };
    let Some(items_fail_at) = items.iter().find_map(|item| item.items_fail_at(source)) else {
        return Ok(items.into_iter().map(|item| item.item).collect());
    };
    let first_as = items.iter().find_map(|ParenthesizedWithItem { item, .. }| {
        item.target.is_some().then(|| next_token_span(source, item.context.span.1))
    });
    if let Some(expression_fails_at) = first_as {
        return fail("invalid syntax", items_fail_at.max(expression_fails_at));
    }
    let expressions = items.into_iter().map(|item| item.item.context).collect();
    let context = parenthesized(InParentheses::Items(expressions, trailing_comma), span)?;
    Ok(vec![WithItem { context, target: None }])
}

/// A call. A generator expression written as the only argument, without
/// parentheses of its own, borrows the call's: that is its span.
pub fn call(function: Expr, arguments: (Vec<Argument>, bool), parentheses: Span, span: Span) -> Expr {
    let (mut arguments, bare_generator) = arguments;
    if let ([Argument::Positional(argument)], true) = (arguments.as_mut_slice(), bare_generator) {
        argument.span = parentheses;
    }
    Expr::new(ExprKind::Call { function: Box::new(function), arguments }, span)
}

pub fn prepend(first: Expr, rest: Vec<Expr>) -> Vec<Expr> {
    let mut values = Vec::with_capacity(rest.len() + 1);
    values.push(first);
    values.extend(rest);
    values
}

pub fn binary(left: Expr, op: BinaryOp, right: Expr, span: Span) -> Expr {
    Expr::new(ExprKind::Binary { op, left: Box::new(left), right: Box::new(right) }, span)
}

/// Which display a comprehension builds.
#[derive(Debug, Clone, Copy)]
pub enum ComprehensionKind {
    List,
    Set,
    Generator,
}

pub fn comprehension(
    start: usize,
    end: usize,
    element: Expr,
    clauses: Vec<Comprehension>,
    kind: ComprehensionKind,
) -> ActionResult<Expr> {
    if let ExprKind::Starred(_) = element.kind {
        return fail("iterable unpacking cannot be used in comprehension", element.span);
    }
    let element = Box::new(element);
    let kind = match kind {
        ComprehensionKind::List => ExprKind::ListComp { element, clauses },
        ComprehensionKind::Set => ExprKind::SetComp { element, clauses },
        ComprehensionKind::Generator => ExprKind::Generator { element, clauses },
    };
    Ok(Expr::new(kind, (start, end)))
}

/// One item of a parameter list before its order is checked.
#[derive(Debug, Clone)]
pub enum ParamItem {
    Plain(Parameter),
    /// `*args`, or a bare `*` (None) that starts keyword-only parameters.
    Star(Option<Parameter>, Span),
    DoubleStar(Parameter),
    /// `/` ending positional-only parameters.
    Slash(Span),
}

/// Sorts a parameter list into its kinds, enforcing Python's order rules.
pub fn parameters(items: Vec<ParamItem>) -> ActionResult<Parameters> {
    let mut result = Parameters::default();
    let mut seen_star = false;
    let mut seen_slash = false;
    let mut seen_default = false;
    let mut bare_star: Option<Span> = None;
    let mut names: Vec<String> = Vec::new();
    for item in items {
        if result.varkw.is_some() {
            let span = match &item {
                ParamItem::Plain(p) | ParamItem::DoubleStar(p) => p.span,
                ParamItem::Star(_, span) | ParamItem::Slash(span) => *span,
            };
            return fail("arguments cannot follow var-keyword argument", span);
        }
        match item {
            ParamItem::Plain(parameter) => {
                if names.contains(&parameter.name) {
                    return fail(
                        format!("duplicate argument '{}' in function definition", parameter.name),
                        parameter.span,
                    );
                }
                names.push(parameter.name.clone());
                if seen_star {
                    bare_star = None;
                    result.keyword_only.push(parameter);
                } else {
                    if parameter.default.is_some() {
                        seen_default = true;
                    } else if seen_default {
                        return fail("non-default argument follows default argument", parameter.span);
                    }
                    result.positional.push(parameter);
                }
            }
            ParamItem::Star(parameter, span) => {
                if seen_star {
                    return fail("* argument may appear only once", span);
                }
                seen_star = true;
                match parameter {
                    Some(parameter) => {
                        if names.contains(&parameter.name) {
                            return fail(
                                format!("duplicate argument '{}' in function definition", parameter.name),
                                span,
                            );
                        }
                        names.push(parameter.name.clone());
                        result.varargs = Some(parameter);
                    }
                    None => bare_star = Some(span),
                }
            }
            ParamItem::DoubleStar(parameter) => {
                if let Some(span) = bare_star {
                    return fail("named arguments must follow bare *", span);
                }
                if names.contains(&parameter.name) {
                    return fail(
                        format!("duplicate argument '{}' in function definition", parameter.name),
                        parameter.span,
                    );
                }
                names.push(parameter.name.clone());
                result.varkw = Some(parameter);
            }
            ParamItem::Slash(span) => {
                if seen_slash {
                    return fail("/ may appear only once", span);
                }
                if seen_star {
                    return fail("/ must be ahead of *", span);
                }
                if result.positional.is_empty() {
                    return fail("at least one argument must precede /", span);
                }
                seen_slash = true;
                result.positional_only = std::mem::take(&mut result.positional);
            }
        }
    }
    if let Some(span) = bare_star {
        return fail("named arguments must follow bare *", span);
    }
    Ok(result)
}

/// Python's order for call arguments: positional and `*` first, then
/// keywords and `**`; no keyword twice.
/// Checks the order of a call's arguments; `end` is where the list ends.
/// CPython finds a misplaced positional argument only after reading the
/// whole list, and reports it at the token that follows.
pub fn check_arguments(source: &str, arguments: Vec<Argument>, end: usize) -> ActionResult<Vec<Argument>> {
    let mut seen_keyword = false;
    let mut seen_double_star = false;
    let mut keywords: Vec<&str> = Vec::new();
    for argument in &arguments {
        match argument {
            Argument::Positional(_) => {
                if seen_double_star {
                    return fail(
                        "positional argument follows keyword argument unpacking",
                        next_token_span(source, end),
                    );
                }
                if seen_keyword {
                    return fail("positional argument follows keyword argument", next_token_span(source, end));
                }
            }
            Argument::Starred(value) => {
                if seen_double_star {
                    return fail("iterable argument unpacking follows keyword argument unpacking", value.span);
                }
            }
            Argument::Keyword(name, value) => {
                if keywords.contains(&name.as_str()) {
                    return fail(format!("keyword argument repeated: {name}"), value.span);
                }
                keywords.push(name);
                seen_keyword = true;
            }
            Argument::DoubleStarred(_) => seen_double_star = true,
        }
    }
    Ok(arguments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(source: &str) -> String {
        parse_module(source).unwrap_err().to_string()
    }

    #[test]
    fn parses_a_small_program() {
        let module =
            parse_module("def f(a, b=2, *c, d, **e):\n    return a + b\nx = [i * 2 for i in range(3) if i]\n").unwrap();
        assert_eq!(module.len(), 2);
        let StmtKind::FunctionDef(function) = &module[0].kind else { panic!("not a def") };
        assert_eq!(function.parameters.positional.len(), 2);
        assert_eq!(function.parameters.keyword_only.len(), 1);
        assert!(function.parameters.varargs.is_some() && function.parameters.varkw.is_some());
    }

    #[test]
    fn strings_decode_and_concatenate() {
        let module = parse_module("x = 'a\\n' \"b\\x41\" r'\\d'\n").unwrap();
        let StmtKind::Assign { value, .. } = &module[0].kind else { panic!() };
        assert_eq!(value.kind, ExprKind::Constant(Constant::Str("a\nbA\\d".into())));
    }

    #[test]
    fn fstring_fields() {
        let module = parse_module("f'{x!r:>{w}} and {y=}'\n").unwrap();
        let StmtKind::Expr(Expr { kind: ExprKind::FString(parts), .. }) = &module[0].kind else { panic!() };
        assert_eq!(parts.len(), 3);
        let FStringPart::Field(field) = &parts[0] else { panic!() };
        assert_eq!(field.conversion, Some('r'));
        assert_eq!(field.spec.as_ref().map(Vec::len), Some(2));
        let FStringPart::Field(debug) = &parts[2] else { panic!() };
        assert_eq!(debug.debug_text.as_deref(), Some("y="));
    }

    #[test]
    fn messages_match_cpython() {
        assert_eq!(
            parse_error("1 = x\n"),
            "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?"
        );
        assert_eq!(parse_error("(a, 1) = x\n"), "SyntaxError: cannot assign to literal");
        assert_eq!(parse_error("if x\n    pass\n"), "SyntaxError: expected ':'");
        assert_eq!(
            parse_error("if x:\npass\n"),
            "IndentationError: expected an indented block after 'if' statement on line 1"
        );
        assert_eq!(parse_error("x = 1\n    y = 2\n"), "IndentationError: unexpected indent");
        assert_eq!(parse_error("def f(a=1, b): pass\n"), "SyntaxError: non-default argument follows default argument");
        assert_eq!(parse_error("f(a=1, b)\n"), "SyntaxError: positional argument follows keyword argument");
        assert_eq!(parse_error("x = 'abc\n"), "SyntaxError: unterminated string literal (detected at line 1)");
        assert_eq!(
            parse_error("print 'hi'\n"),
            "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?"
        );
        assert_eq!(parse_error("[1 2]\n"), "SyntaxError: invalid syntax. Perhaps you forgot a comma?");
        assert_eq!(parse_error("f'{}'\n"), "SyntaxError: f-string: empty expression not allowed");
    }
}
