//! Tokens → syntax tree. Drives the lalrpop grammar over the layout pass,
//! decodes literals (numbers, strings, f-strings), checks what the grammar
//! alone cannot (assignment targets, parameter order), and words every
//! failure the way CPython does.

use lalrpop_util::ParseError;

use crate::ast::*;
use crate::diagnostic::{SourceMap, SyntaxError, SyntaxErrorClass};
use crate::layout::Layout;
use crate::lexer::{self, LexError, LexErrorKind, Token};

mod fstring;
mod literals;

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

const FORGOT_COMMA: &str = "invalid syntax. Perhaps you forgot a comma?";
const MISSING_HANDLER: &str = "expected 'except' or 'finally' block";

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
    let laid_out = Layout::new(source, lexer::tokens(source));
    let tokens = std::iter::once(Ok((0, start, 0))).chain(laid_out);
    let parser = grammar::TopParser::new();
    parser.parse(source, tokens.map(|item| item.map_err(|error| lex_error(source, error)))).map_err(|error| {
        let grammar_error = grammar_error(source, error);
        match crate::layout::layout(source) {
            Ok(_) => grammar_error,
            Err(scan_error) if scan_error_wins(source, &scan_error, &grammar_error) => lex_error(source, scan_error),
            Err(_) => grammar_error,
        }
    })
}

/// As in CPython, a scanning error after the point where parsing failed
/// (an unterminated string, a stray character) is the error reported. An
/// unclosed bracket is the exception: it wins only over an error on a later
/// line than the bracket, since a mistake on the bracket's own line is more
/// likely what the user has to fix (`def f(:` is "invalid syntax").
fn scan_error_wins(source: &str, scan_error: &LexError, grammar_error: &SyntaxError) -> bool {
    match scan_error.kind {
        LexErrorKind::UnclosedBracket(_) => match parser_reach(source, grammar_error) {
            Some(reach) => {
                let map = SourceMap::new(source);
                map.line(reach) > map.line(scan_error.span.0)
            }
            None => true,
        },
        _ => true,
    }
}

/// How far the parser read before reporting `error`: the failing token, or
/// for the missing-comma hint the token after it, which the hint's rule
/// needs to see. `None` when that is the end of the input.
fn parser_reach(source: &str, error: &SyntaxError) -> Option<usize> {
    if error.message != FORGOT_COMMA {
        return Some(error.span.0);
    }
    lexer::tokens(source).find_map(|item| match item {
        Ok((start, token, _)) if start >= error.span.1 && token != Token::Newline => Some(start),
        _ => None,
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

/// The span of the first token at or after `offset`, as CPython's scanner
/// makes it: line breaks inside brackets are no tokens, and a comment
/// belongs to the NEWLINE token that ends its line. CPython reports some
/// errors there, where its parser stood when it found them.
pub(crate) fn next_token_span(source: &str, offset: usize) -> Span {
    let depth = lexer::tokens(&source[..offset]).map_while(Result::ok).fold(0i32, |depth, (_, token, _)| {
        if token.opening_bracket().is_some() {
            depth + 1
        } else if token.closing_bracket().is_some() {
            depth - 1
        } else {
            depth
        }
    });
    for item in lexer::tokens(&source[offset..]) {
        match item {
            Ok((_, Token::Newline, _)) if depth > 0 => {}
            Ok((start, Token::Newline, end)) => {
                return match source[offset..offset + start].find('#') {
                    Some(comment) => (offset + comment, offset + start),
                    None => (offset + start, offset + end),
                };
            }
            Ok((start, _, end)) => return (offset + start, offset + end),
            Err(_) => break,
        }
    }
    (source.len(), source.len())
}

/// A scanning error as CPython words it; some messages name the line where
/// the problem was noticed.
fn lex_error(source: &str, error: LexError) -> SyntaxError {
    // A stray character is the parser's error in CPython; the rest are its
    // scanner's, which counts columns in characters.
    let stray_character = error.kind == LexErrorKind::InvalidToken;
    let class = match error.kind {
        LexErrorKind::InconsistentDedent => SyntaxErrorClass::Indentation,
        LexErrorKind::InconsistentTabs => SyntaxErrorClass::Tab,
        _ => SyntaxErrorClass::Syntax,
    };
    let mut message = error.kind.to_string();
    let map = SourceMap::new(source);
    let mut span = error.span;
    match error.kind {
        LexErrorKind::UnterminatedString => {
            message.push_str(&format!(" (detected at line {})", map.line(error.span.0)));
            span = (error.span.0, error.span.0 + 1);
        }
        LexErrorKind::UnterminatedTripleQuotedString => {
            let last_line = map.line(source.len().saturating_sub(1)).max(1);
            message.push_str(&format!(" (detected at line {last_line})"));
            span = (error.span.0, error.span.0 + 1);
        }
        LexErrorKind::InconsistentDedent => {
            // CPython points past the end of the offending line.
            let end = source[error.span.0..].find(['\n', '\r']).map_or(source.len(), |n| error.span.0 + n);
            span = (end, end);
        }
        _ => {}
    }
    let error = SyntaxError::of_class(class, message, span);
    if stray_character { error } else { error.in_characters() }
}

/// A grammar failure as CPython words it. The grammar knows only which
/// token it could not take; the context around it picks the message.
fn grammar_error(source: &str, error: ParseError<usize, Token<'_>, SyntaxError>) -> SyntaxError {
    match error {
        ParseError::User { error } => error,
        ParseError::InvalidToken { location } => SyntaxError::new("invalid syntax", (location, location + 1)),
        ParseError::UnrecognizedEof { location, expected } => {
            if expected.iter().any(|e| e == "Indent") {
                return expected_indented_block(source, location);
            }
            if expected.iter().any(|e| e.trim_matches('"') == "except") {
                return at_last_line(source, SyntaxError::new(MISSING_HANDLER, (0, 0)));
            }
            SyntaxError::new("unexpected EOF while parsing", (location, location))
        }
        ParseError::UnrecognizedToken { token: (start, token, end), expected } => {
            if let Some(error) = string_group_error_before(source, start) {
                return error;
            }
            let expects = |name: &str| expected.iter().any(|e| e.trim_matches('"') == name);
            if token == Token::Indent {
                return SyntaxError::indentation("unexpected indent", (start, start));
            }
            if expects("Indent") {
                return expected_indented_block(source, start);
            }
            if token == Token::Dedent && start == end {
                if expects("except") && start == source.len() {
                    return at_last_line(source, SyntaxError::new(MISSING_HANDLER, (0, 0)));
                }
                return SyntaxError::indentation("unexpected unindent", (start, end));
            }
            unexpected_token_message(source, start, token, end, &expects)
        }
        ParseError::ExtraToken { token: (start, _, end) } => SyntaxError::new("invalid syntax", (start, end)),
    }
}

/// CPython decodes string literals as soon as it has them all, before it
/// looks at what follows; so a bad literal right before an unexpected token
/// is the error reported (`f"{x:{"y"}}"` fails on its f-string first).
fn string_group_error_before(source: &str, offset: usize) -> Option<SyntaxError> {
    let previous: Vec<_> =
        lexer::tokens(source).map_while(Result::ok).take_while(|(_, _, end)| *end <= offset).collect();
    let strings = previous.iter().rev().take_while(|(_, token, _)| matches!(token, Token::String(_))).count();
    let group = &previous[previous.len() - strings..];
    let (first, last) = (group.first()?, group.last()?);
    let pieces = group
        .iter()
        .map(|&(start, token, _)| match token {
            Token::String(text) => (start, text),
            _ => unreachable!("the group holds strings only"),
        })
        .collect();
    literals::decode_string_group(source, pieces, (first.0, last.2)).err()
}

/// An error found at the end of the input: CPython names the file's last
/// line and marks nothing on it.
fn at_last_line(source: &str, error: SyntaxError) -> SyntaxError {
    let line_start = SourceMap::new(source).last_line_start();
    SyntaxError { span: (line_start, line_start), ..error }.without_caret()
}

/// "expected an indented block after 'if' statement on line 3": find the
/// header that ended with `:` just before `offset`.
fn expected_indented_block(source: &str, offset: usize) -> SyntaxError {
    let map = SourceMap::new(source);
    let tokens: Vec<_> = lexer::tokens(source).map_while(Result::ok).take_while(|(s, _, _)| *s < offset).collect();
    // The header is the logical line holding the last ':' before the error.
    let colon = tokens.iter().rposition(|(_, t, _)| *t == Token::Colon);
    let mut description = String::from("expected an indented block");
    if let Some(colon) = colon {
        let mut depth = 0i32;
        let mut header_start = 0;
        for index in (0..colon).rev() {
            let token = &tokens[index].1;
            if token.closing_bracket().is_some() {
                depth += 1;
            } else if token.opening_bracket().is_some() {
                depth -= 1;
            } else if *token == Token::Newline && depth <= 0 {
                header_start = index + 1;
                break;
            }
        }
        let mut header = &tokens[header_start..colon];
        // Decorators precede a definition on their own lines.
        while let Some(position) = header.iter().position(|(_, t, _)| *t == Token::Newline) {
            header = &header[position + 1..];
        }
        if let Some(&(start, keyword, _)) = header.first() {
            let keyword = if keyword == Token::Async { header.get(1).map_or(keyword, |t| t.1) } else { keyword };
            let line = map.line(start);
            let what = match keyword {
                Token::If => Some("'if' statement".to_string()),
                Token::Elif => Some("'elif' statement".to_string()),
                Token::Else => Some("'else' statement".to_string()),
                Token::While => Some("'while' statement".to_string()),
                Token::For => Some("'for' statement".to_string()),
                Token::Try => Some("'try' statement".to_string()),
                Token::Except => Some("'except' statement".to_string()),
                Token::Finally => Some("'finally' statement".to_string()),
                Token::With => Some("'with' statement".to_string()),
                Token::Def => Some("function definition".to_string()),
                Token::Class => Some("class definition".to_string()),
                _ => None,
            };
            if let Some(what) = what {
                description = format!("expected an indented block after {what} on line {line}");
            }
        }
    }
    let error = SyntaxError::indentation(description, (offset, offset));
    let at_end = lexer::tokens(source)
        .all(|item| matches!(item, Ok((start, token, _)) if start < offset || token == Token::Newline));
    if at_end { at_last_line(source, error) } else { error }
}

fn unexpected_token_message(
    source: &str,
    start: usize,
    token: Token<'_>,
    end: usize,
    expects: &dyn Fn(&str) -> bool,
) -> SyntaxError {
    let previous: Vec<_> = lexer::tokens(source).map_while(Result::ok).take_while(|(s, _, _)| *s < start).collect();
    let line_tokens: Vec<Token> = {
        let from = previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1);
        previous[from..].iter().map(|(_, t, _)| *t).collect()
    };
    let first_on_line = line_tokens.first().copied();
    // `print "x"`: the Python 2 habit gets its own hint.
    if line_tokens == [Token::Name("print")] && matches!(token, Token::String(_) | Token::Name(_) | Token::Int(_)) {
        let span = (previous.last().map_or(start, |t| t.0), end);
        return SyntaxError::new("Missing parentheses in call to 'print'. Did you mean print(...)?", span);
    }
    if token == Token::Assign
        && matches!(first_on_line, Some(Token::If | Token::Elif | Token::While))
        && !line_tokens.contains(&Token::Lambda)
    {
        return SyntaxError::new("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", (start, end));
    }
    if expects(":") && token == Token::Newline && !expects("=") {
        let at = previous.last().map_or(start, |t| t.2);
        return SyntaxError::new("expected ':'", (at, at));
    }
    if expects("else") && line_tokens.contains(&Token::If) && !expects(":") {
        // CPython underlines the whole `body if condition`.
        let span = match previous.iter().rposition(|(_, t, _)| *t == Token::If) {
            Some(if_index) => (operand_start(&previous, if_index), previous[previous.len() - 1].2),
            None => (start, end),
        };
        return SyntaxError::new("expected 'else' after 'if' expression", span);
    }
    if expects("except") && expects("finally") {
        return SyntaxError::new(MISSING_HANDLER, (start, end));
    }
    if token == Token::For
        && let Some(star) = dict_unpacking_before(&previous)
    {
        return SyntaxError::new("dict unpacking cannot be used in dict comprehension", star);
    }
    let inside_brackets = previous.iter().fold(0i32, |depth, (_, t, _)| {
        if t.opening_bracket().is_some() {
            depth + 1
        } else if t.closing_bracket().is_some() {
            depth - 1
        } else {
            depth
        }
    }) > 0;
    let ends_operand = |t: &Token| {
        matches!(
            t,
            Token::Name(_)
                | Token::Int(_)
                | Token::Float(_)
                | Token::String(_)
                | Token::RParen
                | Token::RBracket
                | Token::RBrace
                | Token::None
                | Token::True
                | Token::False
        )
    };
    let starts_operand = matches!(
        token,
        Token::Name(_)
            | Token::Int(_)
            | Token::Float(_)
            | Token::String(_)
            | Token::LParen
            | Token::LBracket
            | Token::LBrace
    );
    if inside_brackets && matches!(token, Token::String(_)) && matches!(previous.last(), Some((_, Token::Name(_), _))) {
        // CPython's missing-comma rule passes over `name "string"`; it may
        // still find the strings and what follows them.
        let following: Vec<_> = lexer::tokens(&source[start..]).map_while(Result::ok).collect();
        let strings = following.iter().take_while(|(_, t, _)| matches!(t, Token::String(_))).count();
        if let Some(&(next, next_token, _)) = following.get(strings)
            && matches!(
                next_token,
                Token::Name(_) | Token::Int(_) | Token::Float(_) | Token::LParen | Token::LBracket | Token::LBrace
            )
        {
            return SyntaxError::new(FORGOT_COMMA, (start, operand_end(source, start + next)));
        }
        return SyntaxError::new("invalid syntax", (start, end));
    }
    if inside_brackets && starts_operand && previous.last().is_some_and(|(_, t, _)| ends_operand(t)) {
        let from = operand_start(&previous, previous.len());
        return SyntaxError::new(FORGOT_COMMA, (from, operand_end(source, start).max(end)));
    }
    SyntaxError::new("invalid syntax", (start, end))
}

/// Where the operand (a `disjunction` in CPython's grammar) that ends just
/// before `previous[before]` starts: the run of names, literals, operators
/// and balanced brackets back to the nearest token that cannot be part of
/// one (`=`, `,`, `:`, an open bracket, a statement keyword).
fn operand_start(previous: &[(usize, Token<'_>, usize)], before: usize) -> usize {
    let mut depth = 0usize;
    let mut start = previous.get(before).map_or(0, |t| t.0);
    let mut right: Option<Token<'_>> = None;
    for &(offset, token, _) in previous[..before].iter().rev() {
        // CPython's rule skips a name right before a string (`print "x"`).
        if matches!((token, right), (Token::Name(_), Some(Token::String(_)))) {
            break;
        }
        right = Some(token);
        if token.closing_bracket().is_some() {
            depth += 1;
        } else if token.opening_bracket().is_some() {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0 && !continues_operand(token) {
            break;
        }
        start = offset;
    }
    start
}

/// Where the operand that starts at `start` ends: unary operators, an atom
/// with its trailers (`.name`, calls, subscripts), and binary operators
/// joining more of the same.
fn operand_end(source: &str, start: usize) -> usize {
    use Token::*;
    let tokens: Vec<_> = lexer::tokens(&source[start..]).map_while(Result::ok).collect();
    let mut index = 0;
    let mut end = start;
    // Past the bracket that opens at `index` and everything up to its match.
    let skip_brackets = |mut index: usize| -> usize {
        let mut depth = 0usize;
        while let Some(&(_, token, _)) = tokens.get(index) {
            index += 1;
            if token.opening_bracket().is_some() {
                depth += 1;
            } else if token.closing_bracket().is_some() {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
        }
        index
    };
    loop {
        while matches!(tokens.get(index), Some((_, Minus | Plus | Tilde | Not | Await, _))) {
            index += 1;
        }
        match tokens.get(index).map(|t| t.1) {
            Some(token) if token.opening_bracket().is_some() => index = skip_brackets(index),
            Some(String(_)) => {
                while matches!(tokens.get(index), Some((_, String(_), _))) {
                    index += 1;
                }
            }
            Some(Name(_) | Int(_) | Float(_) | Imaginary(_) | None | True | False | Ellipsis) => index += 1,
            _ => break,
        }
        loop {
            match tokens.get(index).map(|t| t.1) {
                Some(Dot) if matches!(tokens.get(index + 1), Some((_, Name(_), _))) => index += 2,
                Some(LParen | LBracket) => index = skip_brackets(index),
                _ => break,
            }
        }
        end = tokens.get(index.saturating_sub(1)).map_or(end, |t| start + t.2);
        let binary = matches!(
            tokens.get(index).map(|t| t.1),
            Some(
                Plus | Minus
                    | Star
                    | Slash
                    | DoubleSlash
                    | Percent
                    | DoubleStar
                    | At
                    | LeftShift
                    | RightShift
                    | Ampersand
                    | Pipe
                    | Caret
                    | Less
                    | Greater
                    | LessEqual
                    | GreaterEqual
                    | EqualEqual
                    | NotEqual
                    | In
                    | Not
                    | Is
                    | And
                    | Or
            )
        );
        if !binary {
            return end;
        }
        index += 1;
        // `not in`, `is not`
        if matches!(tokens.get(index), Some((_, In | Not, _))) {
            index += 1;
        }
    }
    end
}

fn continues_operand(token: Token<'_>) -> bool {
    use Token::*;
    matches!(
        token,
        Name(_)
            | Int(_)
            | Float(_)
            | Imaginary(_)
            | String(_)
            | None
            | True
            | False
            | Ellipsis
            | Dot
            | Await
            | Plus
            | Minus
            | Star
            | Slash
            | DoubleSlash
            | Percent
            | DoubleStar
            | At
            | LeftShift
            | RightShift
            | Ampersand
            | Pipe
            | Caret
            | Tilde
            | Less
            | Greater
            | LessEqual
            | GreaterEqual
            | EqualEqual
            | NotEqual
            | In
            | Not
            | Is
            | And
            | Or
    )
}

/// `{**mapping for ...}`: the span of the `**` when the innermost open
/// bracket is a brace whose first item is a dict unpacking.
fn dict_unpacking_before(previous: &[(usize, Token<'_>, usize)]) -> Option<Span> {
    let mut depth = 0usize;
    for (index, &(_, token, _)) in previous.iter().enumerate().rev() {
        if token.closing_bracket().is_some() {
            depth += 1;
        } else if token.opening_bracket().is_some() {
            if depth > 0 {
                depth -= 1;
                continue;
            }
            return match (token, previous.get(index + 1)) {
                (Token::LBrace, Some(&(star_start, Token::DoubleStar, star_end))) => Some((star_start, star_end)),
                _ => Option::None,
            };
        }
    }
    Option::None
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
    if let ExprKind::Starred(_) = expr.kind {
        return match usage {
            TargetUse::Delete => fail("cannot delete starred", expr.span),
            _ => fail("starred assignment target must be in a list or tuple", expr.span),
        };
    }
    check_target(&expr, usage, true)?;
    Ok(expr)
}

fn check_target(expr: &Expr, usage: TargetUse, top: bool) -> ActionResult<()> {
    match &expr.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => {
            let starred = items.iter().filter(|item| matches!(item.kind, ExprKind::Starred(_))).count();
            if starred > 1 && usage != TargetUse::Delete {
                return fail("multiple starred expressions in assignment", expr.span);
            }
            for item in items {
                match &item.kind {
                    ExprKind::Starred(inner) if usage != TargetUse::Delete => check_target(inner, usage, false)?,
                    _ => check_target(item, usage, false)?,
                }
            }
            Ok(())
        }
        _ => {
            let name = expression_name(expr);
            let verb = if usage == TargetUse::Delete { "delete" } else { "assign to" };
            let hint = top
                && usage == TargetUse::Assign
                && !matches!(
                    expr.kind,
                    ExprKind::Constant(Constant::None | Constant::Bool(_) | Constant::Ellipsis)
                        | ExprKind::Conditional { .. }
                        | ExprKind::Starred(_)
                )
                && !matches!(expr.kind, ExprKind::Compare { .. } | ExprKind::Bool { .. } | ExprKind::Named { .. });
            if hint {
                fail(format!("cannot {verb} {name} here. Maybe you meant '==' instead of '='?"), expr.span)
            } else {
                fail(format!("cannot {verb} {name}"), expr.span)
            }
        }
    }
}

/// `t1 = t2 = value`: every expression but the last is a target.
pub fn assignment(first: Expr, mut rest: Vec<Expr>, span: Span) -> ActionResult<Stmt> {
    let value = rest.pop().unwrap_or_else(|| Expr::new(ExprKind::Constant(Constant::None), span));
    let mut targets = Vec::with_capacity(rest.len() + 1);
    for target in std::iter::once(first).chain(rest) {
        if matches!(target.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_)) {
            return fail("assignment to yield expression not possible", target.span);
        }
        targets.push(to_target(target, TargetUse::Assign)?);
    }
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

/// `( ... )`: a parenthesized expression or a tuple.
pub fn parenthesized(mut items: Vec<Expr>, trailing_comma: bool, span: Span) -> ActionResult<Expr> {
    if items.len() == 1 && !trailing_comma {
        let item = items.remove(0);
        if let ExprKind::Starred(_) = item.kind {
            return fail("cannot use starred expression here", item.span);
        }
        return Ok(item);
    }
    Ok(Expr::new(ExprKind::Tuple(items), span))
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
