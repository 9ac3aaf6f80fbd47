//! Syntax errors worded and placed as CPython 3.11 reports them. The
//! grammar only knows which token it could not take; CPython's parser, on
//! failing, parses again with rules that recognize common mistakes, and its
//! scanner's own errors can take precedence. This module reconstructs those
//! reports from the tokens around the failure.

use lalrpop_util::ParseError;

use super::literals;
use super::{TargetUse, expression_name, parse_parenthesized, target_error};
use crate::ast::{Constant, Expr, ExprKind, Span};
use crate::diagnostic::{SourceMap, SyntaxError, SyntaxErrorClass};
use crate::layout::Layout;
use crate::lexer::{self, LexError, LexErrorKind, Token};

const FORGOT_COMMA: &str = "invalid syntax. Perhaps you forgot a comma?";

const MISSING_HANDLER: &str = "expected 'except' or 'finally' block";
const UNEXPECTED_INDENT: &str = "unexpected indent";
const UNEXPECTED_UNINDENT: &str = "unexpected unindent";

/// The scanning error, after the point where parsing failed, that CPython
/// reports instead of the parser's error: one its scanner raises at once
/// (an unterminated string, a bad number, a mismatched bracket), found by
/// scanning on. A bad dedent, a tab error or a bad line continuation stops
/// that scan unreported, because the scanner leaves those for the parser
/// to raise.
fn overriding_scan_error(source: &str) -> Option<LexError> {
    let error = Layout::new(source, lexer::tokens(source)).find_map(Result::err)?;
    let deferred = matches!(
        error.kind,
        LexErrorKind::InconsistentDedent | LexErrorKind::InconsistentTabs | LexErrorKind::BadContinuation
    );
    (!deferred).then_some(error)
}

/// An unclosed bracket wins only over an error the parser found on a later
/// line than the bracket (having read that far, `reach`; `None` is the end
/// of the input): a mistake on the bracket's own line is more likely what
/// the user has to fix (`def f(:` is "invalid syntax"). Other scanning
/// errors always win.
fn scan_error_wins(source: &str, scan_error: &LexError, reach: Option<usize>) -> bool {
    match (&scan_error.kind, reach) {
        (LexErrorKind::UnclosedBracket(_), Some(reach)) => {
            let map = SourceMap::new(source);
            map.line(reach) > map.line(scan_error.span.0)
        }
        _ => true,
    }
}

/// `(a, b)` at `start`: names in parentheses, as someone might write
/// parameters; where the `)` ends.
fn parenthesized_names_end(source: &str, start: usize) -> Option<usize> {
    let mut tokens = lexer::tokens(&source[start..]).map_while(Result::ok).skip(1);
    let mut names = 0;
    let mut expect_name = true;
    loop {
        match tokens.next()? {
            (_, Token::Name(_), _) if expect_name => {
                names += 1;
                expect_name = false;
            }
            (_, Token::Comma, _) if !expect_name => expect_name = true,
            (_, Token::RParen, end) if names > 0 => return Some(start + end),
            _ => return Option::None,
        }
    }
}

/// The first token after the keyword that starts the logical line at the
/// end of `previous` (`except` in `except A, B:`).
fn line_tokens_start<'a, 'src>(previous: &'a [(usize, Token<'src>, usize)]) -> Option<&'a (usize, Token<'src>, usize)> {
    let line_start = previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1);
    previous.get(line_start + 1)
}

/// What follows a `for` in a comprehension, as CPython reads it.
enum ForClauses {
    /// `target in ...`: clauses, whatever comes after.
    Read,
    /// Not clauses at all.
    Fail,
    /// A target that reads as expressions but has an error of its own.
    Error(SyntaxError),
}

/// Reads what follows the `for` that ends at `for_end`: its target up to
/// `in`, where a target that is no target is reported as CPython's
/// `invalid_for_target` rule does (a missing comma in it included).
fn for_clauses(source: &str, for_end: usize) -> ForClauses {
    let tokens: Vec<_> = lexer::tokens(&source[for_end..])
        .map_while(Result::ok)
        .filter(|(_, t, _)| *t != Token::Newline)
        .map(|(start, token, end)| (for_end + start, token, for_end + end))
        .collect();
    let mut depth = 0usize;
    let mut target_end = None;
    let mut scanned = tokens.len();
    for (index, (_, token, _)) in tokens.iter().enumerate() {
        if token.opening_bracket().is_some() {
            depth += 1;
        } else if token.closing_bracket().is_some() {
            if depth == 0 {
                scanned = index;
                break;
            }
            depth -= 1;
        } else if depth == 0 && *token == Token::In {
            target_end = Some(index);
            break;
        }
    }
    let target = &tokens[..target_end.unwrap_or(scanned)];
    // A missing comma between two operands of the target.
    let adjacent = target.windows(2).position(|pair| ends_operand(pair[0].1) && starts_operand(pair[1].1));
    if let Some(position) = adjacent {
        let from = operand_start(target, position + 1);
        let second = target[position + 1].0;
        let second_end = operand_end(source, second, true);
        if parse_parenthesized(source, &source[second..second_end], second).is_ok() {
            return ForClauses::Error(SyntaxError::new(FORGOT_COMMA, (from, second_end)));
        }
    }
    if target_end.is_none() || target.is_empty() {
        return ForClauses::Fail;
    }
    let (first, last) = (target[0], target[target.len() - 1]);
    match parse_parenthesized(source, &source[first.0..last.2], first.0) {
        Ok(expr) => match target_error(&expr, TargetUse::Bind) {
            Some(error) => ForClauses::Error(error),
            None => ForClauses::Read,
        },
        Err(_) => ForClauses::Fail,
    }
}

/// The bracket depth after `token`, scanning forward.
fn depth_after(depth: usize, token: Token<'_>) -> usize {
    if token.opening_bracket().is_some() {
        depth + 1
    } else if token.closing_bracket().is_some() {
        depth.saturating_sub(1)
    } else {
        depth
    }
}

/// The tokens of `tokens` outside the brackets nested in them, with their
/// indexes: the brackets' own tokens and everything between are skipped.
fn outside_brackets<'a, 'src>(
    tokens: &'a [(usize, Token<'src>, usize)],
) -> impl Iterator<Item = (usize, Token<'src>)> + 'a {
    let mut depth = 0usize;
    tokens.iter().enumerate().filter_map(move |(index, &(_, token, _))| {
        let before = depth;
        depth = depth_after(depth, token);
        (before == 0 && depth == 0 && token.closing_bracket().is_none()).then_some((index, token))
    })
}

/// Where the current item of the bracket opened at `open` starts (after
/// its last comma outside nested brackets).
fn item_start_after(tokens: &[(usize, Token<'_>, usize)], open: usize) -> usize {
    let items = &tokens[open + 1..];
    outside_brackets(items)
        .filter(|(_, token)| *token == Token::Comma)
        .last()
        .map_or(open + 1, |(comma, _)| open + 2 + comma)
}

/// Whether `tokens` (the inside of a bracket so far) hold a comma outside
/// nested brackets.
fn top_level_comma(tokens: &[(usize, Token<'_>, usize)]) -> bool {
    outside_brackets(tokens).any(|(_, token)| token == Token::Comma)
}

/// Where the comma-separated expressions starting at `start` end, if they
/// read as expressions (CPython's `star_expressions`).
fn expressions_end(source: &str, start: usize) -> Option<usize> {
    let mut end = start;
    let mut item = start;
    loop {
        let item_start = match lexer::tokens(&source[item..]).map_while(Result::ok).next() {
            Some((offset, Token::Star, _)) => {
                lexer::tokens(&source[item + offset + 1..]).map_while(Result::ok).next()?.0 + item + offset + 1
            }
            Some((offset, _, _)) => item + offset,
            None => break,
        };
        let item_end = operand_end(source, item_start, true);
        if item_end == item_start {
            break;
        }
        end = item_end;
        match lexer::tokens(&source[end..]).map_while(Result::ok).next() {
            Some((_, Token::Comma, comma_end)) => {
                end += comma_end;
                item = end;
            }
            _ => break,
        }
    }
    (end > start && parse_parenthesized(source, &source[start..end], start).is_ok()).then_some(end)
}

/// The index of the innermost bracket still open at the end of `tokens`.
fn innermost_open_bracket(tokens: &[(usize, Token<'_>, usize)]) -> Option<usize> {
    let mut depth = 0usize;
    for (index, (_, token, _)) in tokens.iter().enumerate().rev() {
        if token.closing_bracket().is_some() {
            depth += 1;
        } else if token.opening_bracket().is_some() {
            if depth == 0 {
                return Some(index);
            }
            depth -= 1;
        }
    }
    Option::None
}

/// Whether the items of a brace display (the tokens after its `{`) make a
/// dict: its first item has a `:` or is a `**` unpacking.
fn is_dict_display(items: &[(usize, Token<'_>, usize)]) -> bool {
    if matches!(items.first(), Some((_, Token::DoubleStar, _))) {
        return true;
    }
    outside_brackets(items)
        .find_map(|(_, token)| match token {
            Token::Colon => Some(true),
            Token::Comma | Token::Lambda => Some(false),
            _ => Option::None,
        })
        .unwrap_or(false)
}

/// The tokens before `offset` as the parser saw them: line breaks inside
/// brackets are no tokens.
fn tokens_before(source: &str, offset: usize) -> Vec<(usize, Token<'_>, usize)> {
    let scanned = lexer::tokens(source).map_while(Result::ok).take_while(|(start, _, _)| *start < offset).collect();
    drop_bracketed_newlines(scanned).0
}

/// Tokens without the line breaks inside brackets, and the bracket depth
/// at their end.
fn drop_bracketed_newlines(tokens: Vec<(usize, Token<'_>, usize)>) -> (Vec<(usize, Token<'_>, usize)>, usize) {
    let mut depth = 0usize;
    let mut kept = Vec::with_capacity(tokens.len());
    for (start, token, end) in tokens {
        if token == Token::Newline && depth > 0 {
            continue;
        }
        depth = depth_after(depth, token);
        kept.push((start, token, end));
    }
    (kept, depth)
}

/// Where the logical line holding `offset` ends: its NEWLINE outside
/// brackets, or the end of the input.
fn logical_line_end(source: &str, offset: usize) -> usize {
    let (_, mut depth) = drop_bracketed_newlines(tokens_before(source, offset));
    for (start, token, _) in lexer::tokens(&source[offset..]).map_while(Result::ok) {
        if token == Token::Newline && depth == 0 {
            return offset + start;
        }
        depth = depth_after(depth, token);
    }
    source.len()
}

/// How far CPython's parser read before giving up.
enum Reach {
    /// To the token at this offset.
    At(usize),
    /// To the end of the input.
    End,
    /// Into a scanning error, which it reports instead.
    ScanError(LexError),
}

/// How far CPython's parser reads before giving up at `failed_at`: when the
/// failing token could begin an expression right after an operand, its
/// missing-comma rule parses that expression and looks at the token after
/// it; after `name =` in brackets its rule for a mistaken `=` reads the
/// value; otherwise it stops at the failing token.
fn read_ahead(source: &str, failed_at: usize) -> Reach {
    let previous = tokens_before(source, failed_at);
    let following: Vec<_> = lexer::tokens(&source[failed_at..]).map_while(Result::ok).collect();
    let Some(&(_, failing, failing_end)) = following.iter().find(|(_, t, _)| *t != Token::Newline) else {
        return Reach::End;
    };
    let last = previous.last().map(|t| t.1);
    let read_to = if failing == Token::Assign
        && matches!(last, Some(Token::Name(_)))
        && innermost_open_bracket(&previous).is_some()
    {
        match following.iter().find(|(start, t, _)| *start >= failing_end && *t != Token::Newline) {
            Some(value) => operand_end(source, failed_at + value.0, true),
            None => return Reach::End,
        }
    } else if last.is_some_and(ends_operand) && starts_operand(failing) && reads_expressions(&previous) {
        operand_end(source, failed_at, true)
    } else {
        return Reach::At(failed_at);
    };
    let next = lexer::tokens(&source[read_to..]).find(|item| !matches!(item, Ok((_, Token::Newline, _))));
    match next {
        Some(Ok((start, _, _))) => Reach::At(read_to + start),
        Some(Err(error)) => {
            Reach::ScanError(LexError { span: (error.span.0 + read_to, error.span.1 + read_to), ..error })
        }
        None => Reach::End,
    }
}

/// The error CPython reports when its parser fails where ours did: the
/// grammar's error, or a scanning error the parser read into or that the
/// scanner raises further on.
pub(super) fn parse_failure(source: &str, error: ParseError<usize, Token<'_>, SyntaxError>) -> SyntaxError {
    let failed_at = match &error {
        ParseError::UnrecognizedToken { token: (start, _, _), .. }
        | ParseError::ExtraToken { token: (start, _, _) } => *start,
        ParseError::UnrecognizedEof { location, .. } | ParseError::InvalidToken { location } => *location,
        ParseError::User { error } => error.span.0,
    };
    let at_end = matches!(error, ParseError::UnrecognizedEof { .. });
    let reported = grammar_error(source, error);
    // An unexpected indent or unindent, or the end of the input, is final
    // in CPython; after any other parser error it scans on.
    if at_end || matches!(reported.message.as_str(), UNEXPECTED_INDENT | UNEXPECTED_UNINDENT) {
        return reported;
    }
    // Literals are decoded as soon as the parser has them, before it reads
    // on: an error in them is found where the parse failed.
    let decoded_early = string_group_error_before(source, failed_at).is_some();
    let reach = match if decoded_early { Reach::At(failed_at) } else { read_ahead(source, failed_at) } {
        Reach::ScanError(error) => return lex_error(source, error),
        Reach::At(offset) => Some(offset),
        Reach::End => None,
    };
    match overriding_scan_error(source) {
        Some(scan_error) if scan_error_wins(source, &scan_error, reach) => lex_error(source, scan_error),
        _ => reported,
    }
}

/// Whether the parser reads expressions at the end of `previous` (the
/// tokens so far), rather than names: not in a `def`, `class`, `import`,
/// `global` or `nonlocal` statement or after `as`. (A `for` target is read
/// as expressions when it does not parse as a target.)
fn reads_expressions(previous: &[(usize, Token<'_>, usize)]) -> bool {
    let line_start = previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1);
    let line: Vec<Token> = previous[line_start..].iter().map(|t| t.1).collect();
    let header = match line.first() {
        Some(Token::Async) => line.get(1),
        other => other,
    };
    match header {
        Some(Token::Def | Token::Class | Token::Import | Token::From | Token::Global | Token::Nonlocal) => false,
        _ => !matches!(line.as_slice(), [.., Token::As, Token::Name(_)]),
    }
}

/// The span of the first token at or after `offset`, as CPython's scanner
/// makes it: line breaks inside brackets are no tokens, and a comment
/// belongs to the NEWLINE token that ends its line. CPython reports some
/// errors there, where its parser stood when it found them.
pub(super) fn next_token_span(source: &str, offset: usize) -> Span {
    let depth = lexer::tokens(&source[..offset])
        .map_while(Result::ok)
        .fold(0, |depth, (_, token, _)| depth_after(depth, token));
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
pub(super) fn lex_error(source: &str, error: LexError) -> SyntaxError {
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
pub(super) fn grammar_error(source: &str, error: ParseError<usize, Token<'_>, SyntaxError>) -> SyntaxError {
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
            if matches!(token, Token::Indent | Token::Dedent) && expects("except") && !expects("else") {
                // An indented or dedented line after a `try` body.
                let error = SyntaxError::new(MISSING_HANDLER, (start, start));
                return if start == source.len() { at_last_line(source, error) } else { error.without_caret() };
            }
            if token == Token::Indent {
                return SyntaxError::indentation(UNEXPECTED_INDENT, (start, start));
            }
            if expects("Indent") {
                return expected_indented_block(source, start);
            }
            if token == Token::Dedent && start == end {
                return SyntaxError::indentation(UNEXPECTED_UNINDENT, (start, end));
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
    let previous = tokens_before(source, offset);
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
    let previous = tokens_before(source, start);
    let line_tokens: Vec<Token> = {
        let from = previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1);
        previous[from..].iter().map(|(_, t, _)| *t).collect()
    };
    let first_on_line = line_tokens.first().copied();
    // `print "x"`, `exec code`: Python 2's statements get their own hint.
    if let Some(&(name_start, Token::Name(name @ ("print" | "exec")), _)) = previous.last()
        && !matches!(previous.len().checked_sub(2).map(|i| previous[i].1), Some(Token::Dot))
        && token != Token::LParen
        && (starts_operand(token) || matches!(token, Token::Minus | Token::Plus | Token::Star))
        && let Some(arguments_end) = expressions_end(source, start)
    {
        let message = format!("Missing parentheses in call to '{name}'. Did you mean {name}(...)?");
        return SyntaxError::new(message, (name_start, arguments_end));
    }
    if expects(":") && token == Token::Newline && !expects("=") {
        let at = previous.last().map_or(start, |t| t.2);
        return SyntaxError::new("expected ':'", (at, at));
    }
    if expects("except") && expects("finally") && !expects("else") {
        return SyntaxError::new(MISSING_HANDLER, (start, end));
    }
    let header = match first_on_line {
        Some(Token::Async) => line_tokens.get(1).copied(),
        other => other,
    };
    let innermost = innermost_open_bracket(&previous);
    // The tokens CPython's grammar insists on: `def name(`, and the `:` of
    // a `def`, `try`, `finally` or `else` header.
    let def_name_only =
        matches!(line_tokens.as_slice(), [Token::Def, Token::Name(_)] | [Token::Async, Token::Def, Token::Name(_)]);
    if expects("(") && def_name_only {
        return SyntaxError::new("expected '('", (start, end));
    }
    let colon_header = match header {
        Some(Token::Def) => innermost.is_none(),
        Some(Token::Try | Token::Finally | Token::Else) => line_tokens.len() == 1,
        _ => false,
    };
    if expects(":") && colon_header && token != Token::Colon {
        return SyntaxError::new("expected ':'", (start, end));
    }
    // `def f() -> in`: no annotation there, so the `:` was due at `->`.
    if header == Some(Token::Def)
        && innermost.is_none()
        && let Some(&(arrow_start, Token::Arrow, arrow_end)) = previous.last()
        && !(starts_operand(token) || matches!(token, Token::Minus | Token::Plus))
    {
        return SyntaxError::new("expected ':'", (arrow_start, arrow_end));
    }
    // `except A, B:` wants the types in a tuple.
    if header == Some(Token::Except)
        && token == Token::Comma
        && innermost.is_none()
        && let Some(types_end) = expressions_end(source, line_tokens_start(&previous).map_or(start, |&(s, ..)| s))
    {
        let first = line_tokens_start(&previous).map_or(start, |&(s, ..)| s);
        return SyntaxError::new("multiple exception types must be parenthesized", (first, types_end));
    }
    if let Some(open) = innermost
        && previous[open].1 == Token::LBrace
        && is_dict_display(&previous[open + 1..])
    {
        if previous.last().is_some_and(|(_, t, _)| *t == Token::Colon) && matches!(token, Token::RBrace | Token::Comma)
        {
            let colon = previous[previous.len() - 1];
            return SyntaxError::new("expression expected after dictionary key and ':'", (colon.0, colon.2));
        }
        let item_start = item_start_after(&previous, open);
        let item_has_colon = outside_brackets(&previous[item_start..]).any(|(_, token)| token == Token::Colon);
        if let Some(&(key_start, ..)) = previous.get(item_start).filter(|_| !item_has_colon) {
            // CPython marks the last character of the key it could read.
            let key_end = operand_end(source, key_start, true);
            if key_end > key_start {
                return SyntaxError::new("':' expected after dictionary key", (key_end - 1, key_end));
            }
        }
    }
    if let Some(error) = conditional_without_else(source, &previous) {
        return error;
    }
    // At a `for` where a comprehension cannot be, CPython parses the clauses
    // before it judges what comes before them.
    let clauses_read = token == Token::For
        && match for_clauses(source, end) {
            ForClauses::Error(error) => return error,
            ForClauses::Read => true,
            ForClauses::Fail => false,
        };
    if clauses_read && let Some(star) = dict_unpacking_before(&previous) {
        return SyntaxError::new("dict unpacking cannot be used in dict comprehension", star);
    }
    if clauses_read
        && let Some(open) = innermost
        && let Some(&(star_start, Token::Star, _)) = previous.get(item_start_after(&previous, open))
    {
        let span = (star_start, previous[previous.len() - 1].2);
        return SyntaxError::new("iterable unpacking cannot be used in comprehension", span);
    }
    let inside_brackets = innermost.is_some();
    let begins_operand = starts_operand(token);
    if inside_brackets && matches!(token, Token::String(_)) && matches!(previous.last(), Some((_, Token::Name(_), _))) {
        // CPython's missing-comma rule passes over `name "string"`; it may
        // still find the strings and what follows them.
        let following: Vec<_> = lexer::tokens(&source[start..]).map_while(Result::ok).collect();
        let strings = following.iter().take_while(|(_, t, _)| matches!(t, Token::String(_))).count();
        if let Some(&(next, next_token, _)) = following.get(strings)
            && starts_operand(next_token)
        {
            return SyntaxError::new(FORGOT_COMMA, (start, operand_end(source, start + next, true)));
        }
        return SyntaxError::new("invalid syntax", (start, end));
    }
    // A `def`'s parameters are names, not expressions: no comma hint there.
    let in_parameters = innermost
        .is_some_and(|open| open >= 2 && previous[open].1 == Token::LParen && previous[open - 2].1 == Token::Def);
    let in_lambda_parameters = previous
        .iter()
        .rposition(|(_, t, _)| *t == Token::Lambda)
        .is_some_and(|lambda| !previous[lambda..].iter().any(|(_, t, _)| matches!(t, Token::Colon)));
    if token == Token::LParen
        && (in_parameters || in_lambda_parameters)
        && let Some(close) = parenthesized_names_end(source, start)
    {
        let what = if in_parameters { "Function parameters" } else { "Lambda expression parameters" };
        return SyntaxError::new(format!("{what} cannot be parenthesized"), (start, close));
    }
    if let Some(error) = invalid_for_target(source, &previous, innermost) {
        return error;
    }
    let condition = matches!(header, Some(Token::If | Token::Elif | Token::While));
    if token == Token::Walrus
        && (inside_brackets || condition)
        && previous.last().is_some_and(|&(_, t, _)| ends_operand(t))
    {
        let from = operand_start(&previous, previous.len());
        let target = &source[from..previous[previous.len() - 1].2];
        if let Ok(expr) = parse_parenthesized(source, target, from)
            && !matches!(expr.kind, ExprKind::Name(_))
        {
            let message = format!("cannot use assignment expressions with {}", expression_name(&expr));
            return SyntaxError::new(message, expr.span);
        }
    }
    if inside_brackets && !in_parameters && begins_operand && previous.last().is_some_and(|&(_, t, _)| ends_operand(t))
    {
        // The second expression has to read as one, or the rule fails.
        // (Not after `print` or `exec`: that is the hint above, or none;
        // not in a comprehension's clauses, which hold no such expressions.)
        let second_end = operand_end(source, start, true);
        let from = operand_start(&previous, previous.len());
        let legacy = matches!(source[from..previous[previous.len() - 1].2].trim(), "print" | "exec");
        // (Nor for the value of `name := value`, which CPython has read
        // already.)
        let after_walrus = previous.iter().rposition(|t| t.0 < from).is_some_and(|i| previous[i].1 == Token::Walrus);
        let in_clauses = innermost.is_some_and(|open| {
            outside_brackets(&previous[open + 1..])
                .skip_while(|(_, token)| *token != Token::For)
                .any(|(_, token)| token == Token::In)
        });
        if !legacy
            && !after_walrus
            && !in_clauses
            && second_end > start
            && parse_parenthesized(source, &source[start..second_end], start).is_ok()
        {
            return SyntaxError::new(FORGOT_COMMA, (from, second_end.max(end)));
        }
    }
    // `f(a, b for b in c)`: a generator among other arguments.
    if clauses_read
        && let Some(open) = innermost.filter(|&open| previous[open].1 == Token::LParen)
        && open > 0
        && ends_operand(previous[open - 1].1)
        && top_level_comma(&previous[open + 1..])
    {
        let item_start = item_start_after(&previous, open);
        let target_end = lexer::tokens(&source[end..])
            .map_while(Result::ok)
            .take_while(|(_, token, _)| *token != Token::In)
            .last()
            .map_or(end, |(_, _, target_end)| end + target_end);
        let span = (previous.get(item_start).map_or(start, |t| t.0), target_end);
        return SyntaxError::new("Generator expression must be parenthesized", span);
    }
    if clauses_read
        && let Some(open) = innermost.filter(|&open| matches!(previous[open].1, Token::LBracket | Token::LBrace))
        && !(previous[open].1 == Token::LBracket && open > 0 && ends_operand(previous[open - 1].1))
        && top_level_comma(&previous[open + 1..])
        && !is_dict_display(&previous[open + 1..])
        && let (Some(first), Some(last)) = (previous.get(open + 1), previous.last())
    {
        return SyntaxError::new("did you forget parentheses around the comprehension target?", (first.0, last.2));
    }
    if token == Token::Assign
        && (in_parameters || in_lambda_parameters)
        && let [.., (_, star @ (Token::Star | Token::DoubleStar), _), (_, Token::Name(_), _)] = previous.as_slice()
    {
        let kind = if *star == Token::Star { "var-positional" } else { "var-keyword" };
        return SyntaxError::new(format!("{kind} argument cannot have default value"), (start, end));
    }
    // Past an `as`, CPython reads the parentheses of `with (...)` only as
    // with-items, which no rule for a mistaken `=` covers.
    if token == Token::Assign && innermost.is_some_and(|open| with_items_hold_as(&previous, open)) {
        return SyntaxError::new("invalid syntax", (start, end));
    }
    if token == Token::Assign
        && let Some(error) = mistaken_assignment(source, &previous, innermost, (start, end))
    {
        return error;
    }
    // `(**x)`: a group of a dict unpacking.
    if token == Token::DoubleStar
        && let Some(open) = innermost.filter(|&open| open + 1 == previous.len())
        && previous[open].1 == Token::LParen
        && !(open > 0 && ends_operand(previous[open - 1].1))
    {
        return SyntaxError::new("cannot use double starred expression here", (start, end));
    }
    let line_start = previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1);
    let statement = (previous.get(line_start).map_or(start, |t| t.0), logical_line_end(source, start));
    invalid_assignment(source, statement).unwrap_or_else(|| SyntaxError::new("invalid syntax", (start, end)))
}

/// Whether the bracket opened at `open` is the `(` right after `with` and
/// holds an `as` of its own, outside brackets nested in it.
fn with_items_hold_as(previous: &[(usize, Token<'_>, usize)], open: usize) -> bool {
    previous[open].1 == Token::LParen
        && open > 0
        && previous[open - 1].1 == Token::With
        && outside_brackets(&previous[open + 1..]).any(|(_, token)| token == Token::As)
}

/// A `for` (statement or comprehension clause) whose target reads as
/// expressions but cannot be assigned to: `for range(3):`.
fn invalid_for_target(
    source: &str,
    previous: &[(usize, Token<'_>, usize)],
    innermost: Option<usize>,
) -> Option<SyntaxError> {
    let scope_start = match innermost {
        Some(open) => open + 1,
        None => previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1),
    };
    let mut target_start = None;
    for (index, token) in outside_brackets(&previous[scope_start..]) {
        match token {
            Token::For => target_start = Some(scope_start + index + 1),
            Token::In => target_start = None,
            _ => {}
        }
    }
    let &(start, ..) = previous.get(target_start?)?;
    let end = expressions_end(source, start)?;
    let target = parse_parenthesized(source, &source[start..end], start).ok()?;
    target_error(&target, TargetUse::Bind)
}

/// `body if condition` with no `else` after the condition: CPython reads
/// the longest condition it can and wants `else` right after it.
fn conditional_without_else(source: &str, previous: &[(usize, Token<'_>, usize)]) -> Option<SyntaxError> {
    // The innermost bracket's contents, or the line's.
    let scope_start = match innermost_open_bracket(previous) {
        Some(open) => open + 1,
        None => previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1),
    };
    let mut if_index = None;
    let mut comprehension = false;
    for (index, token) in outside_brackets(&previous[scope_start..]) {
        match token {
            Token::If if !comprehension => if_index = Some(scope_start + index),
            // A comprehension's `if` is a filter, not a conditional.
            Token::For => {
                comprehension = true;
                if_index = None;
            }
            // An `if` before these is no unfinished conditional's.
            Token::Else | Token::Colon | Token::Comma | Token::Lambda => if_index = None,
            _ => {}
        }
    }
    let if_index = if_index.filter(|&index| index > 0 && ends_operand(previous[index - 1].1))?;
    let (_, _, if_end) = previous[if_index];
    let condition = lexer::tokens(&source[if_end..]).map_while(Result::ok).find(|(_, t, _)| *t != Token::Newline)?;
    let condition_end = operand_end(source, if_end + condition.0, true);
    if condition_end <= if_end + condition.0 {
        return None;
    }
    let after = lexer::tokens(&source[condition_end..]).map_while(Result::ok).find(|(_, t, _)| *t != Token::Newline);
    if after.is_some_and(|(_, token, _)| matches!(token, Token::Else | Token::Colon)) {
        return None;
    }
    let span = (operand_start(previous, if_index), condition_end);
    Some(SyntaxError::new("expected 'else' after 'if' expression", span))
}

/// A `=` where no assignment can be: in a call argument that is not a bare
/// name, in other brackets or a condition after an operand (meant `==` or
/// `:=`), or after a `yield` expression.
fn mistaken_assignment(
    source: &str,
    previous: &[(usize, Token<'_>, usize)],
    innermost: Option<usize>,
    equals: Span,
) -> Option<SyntaxError> {
    let line_start = previous.iter().rposition(|(_, t, _)| *t == Token::Newline).map_or(0, |i| i + 1);
    let following: Vec<_> = lexer::tokens(&source[equals.1..])
        .map_while(Result::ok)
        .map(|(start, token, end)| (equals.1 + start, token, equals.1 + end))
        .collect();
    let Some(open) = innermost else {
        return match previous.get(line_start).map(|t| t.1) {
            Some(Token::Yield) => {
                let span = (previous[line_start].0, previous.last()?.2);
                Some(SyntaxError::new("assignment to yield expression not possible", span))
            }
            // A condition is a named expression: `if x = 1:`.
            Some(Token::If | Token::Elif | Token::While) => {
                mistaken_comparison(source, &previous[line_start + 1..], &following)
            }
            _ => None,
        };
    };
    let item = &previous[item_start_after(previous, open)..];
    let call = previous[open].1 == Token::LParen && open > 0 && ends_operand(previous[open - 1].1);
    match item {
        [(_, Token::Name(_), _), (_, Token::Assign, _), ..] if call => None,
        [(item_start, ..), ..] if call && !matches!(item, [(_, Token::Name(_), _)]) => Some(SyntaxError::new(
            "expression cannot contain assignment, perhaps you meant \"==\"?",
            (*item_start, equals.1),
        )),
        _ if !call => mistaken_comparison(source, item, &following),
        _ => None,
    }
}

/// What CPython says about an assignment statement `T1 = ... = Tn = V`
/// (spanning `statement`, or as much as was read) when a target cannot be
/// assigned to; `None` when every target can (or does not even parse).
///
/// CPython's parser tries, in order: reading the last item of `T1` as a
/// mistaken comparison (`f() = 1` gets "... here. Maybe you meant '=='
/// instead of '='?", `x = a < b = 1` gets the name form), then naming the
/// first target that cannot be assigned to, then a `yield` target.
pub(super) fn invalid_assignment(source: &str, statement: Span) -> Option<SyntaxError> {
    let tokens: Vec<_> = lexer::tokens(&source[statement.0..statement.1])
        .map_while(Result::ok)
        .map(|(start, token, end)| (statement.0 + start, token, statement.0 + end))
        .collect();
    let (tokens, _) = drop_bracketed_newlines(tokens);
    let mut segments: Vec<&[(usize, Token<'_>, usize)]> = Vec::new();
    let mut segment_start = 0;
    for (index, token) in outside_brackets(&tokens) {
        match token {
            Token::Assign => {
                segments.push(&tokens[segment_start..index]);
                segment_start = index + 1;
            }
            Token::Newline => break,
            _ => {}
        }
    }
    let targets = segments.clone();
    segments.push(&tokens[segment_start..]);
    let parse = |segment: &[(usize, Token<'_>, usize)]| -> Option<Expr> {
        let (first, last) = (segment.first()?, segment.last()?);
        parse_parenthesized(source, &source[first.0..last.2], first.0).ok()
    };
    let parsed: Vec<Option<Expr>> = targets.iter().map(|segment| parse(segment)).collect();
    let invalid = |target: &Option<Expr>| match target {
        Some(expr) => {
            matches!(expr.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_))
                || target_error(expr, TargetUse::Assign).is_some()
        }
        None => true,
    };
    // Unless the statement reads as expressions up to the bad target,
    // none of CPython's assignment rules applies.
    let first_invalid = parsed.iter().position(invalid)?;
    if parsed[..=first_invalid].iter().any(Option::is_none) {
        return None;
    }
    if let Some(error) = mistaken_comparison(source, segments[0], segments.get(1).copied().unwrap_or(&[])) {
        return Some(error);
    }
    match &parsed[first_invalid] {
        Some(expr) if matches!(expr.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_)) => {
            Some(SyntaxError::new("assignment to yield expression not possible", expr.span))
        }
        Some(expr) => target_error(expr, TargetUse::Assign),
        None => None,
    }
}

/// `T = N` read as a comparison mistyped with `=`: the last item of `T` is
/// a plain operand (`bitwise_or` in CPython's grammar) and `N` starts with
/// one that no further `=` follows.
fn mistaken_comparison(
    source: &str,
    target: &[(usize, Token<'_>, usize)],
    next: &[(usize, Token<'_>, usize)],
) -> Option<SyntaxError> {
    let item_start =
        outside_brackets(target).filter(|(_, token)| *token == Token::Comma).last().map_or(0, |(index, _)| index + 1);
    let item = &target[item_start..];
    let (first, last) = (item.first()?, item.last()?);
    if operand_end(source, first.0, false) != last.2 {
        return None;
    }
    let value = next.first()?;
    let begins_operand = matches!(value.1, Token::Minus | Token::Plus)
        || starts_operand(value.1) && !matches!(value.1, Token::Not | Token::Lambda);
    if !begins_operand {
        return None;
    }
    let value_end = operand_end(source, value.0, false);
    let after = lexer::tokens(&source[value_end..]).map_while(Result::ok).find(|(_, t, _)| *t != Token::Newline);
    if after.is_some_and(|(_, token, _)| matches!(token, Token::Assign | Token::Walrus)) {
        return None;
    }
    if let [(start, Token::Name(_), _)] = item {
        return Some(SyntaxError::new(
            "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
            (*start, value_end),
        ));
    }
    let expr = parse_parenthesized(source, &source[first.0..last.2], first.0).ok()?;
    let excluded = matches!(
        expr.kind,
        ExprKind::List(_) | ExprKind::Generator { .. } | ExprKind::Constant(Constant::None | Constant::Bool(_))
    ) || matches!(expr.kind, ExprKind::Tuple(_) if first.1 == Token::LParen);
    if excluded {
        return None;
    }
    let message = format!("cannot assign to {} here. Maybe you meant '==' instead of '='?", expression_name(&expr));
    Some(SyntaxError::new(message, expr.span))
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
/// joining more of the same; with `comparisons`, also comparison and
/// boolean operators (without, it is CPython's `bitwise_or`). A stray
/// character inside brackets ends it, as the parser stops there.
fn operand_end(source: &str, start: usize, comparisons: bool) -> usize {
    use Token::*;
    let tokens: Vec<_> = lexer::tokens(&source[start..]).map_while(Result::ok).collect();
    let mut index = 0;
    let mut end = start;
    // Whether what follows the bracket at `index` can begin its contents:
    // an expression, an unpacking, the closer, or (in a subscript) `:`.
    let opens_well = |index: usize| -> bool {
        let subscript = tokens[index].1 == LBracket && index > 0 && ends_operand(tokens[index - 1].1);
        match tokens.get(index + 1).map(|t| t.1) {
            Some(Colon) => subscript,
            Some(Star | DoubleStar | Minus | Plus | Yield) => true,
            Some(token) => starts_operand(token) || token.closing_bracket().is_some(),
            Option::None => false,
        }
    };
    // Past the bracket that opens at `index` and everything up to its
    // match; the parser stops early at what cannot be there.
    let skip_brackets = |mut index: usize| -> usize {
        let mut depth = 0usize;
        while let Some(&(_, token, _)) = tokens.get(index) {
            if token.opening_bracket().is_some() && !opens_well(index) {
                return index + 1;
            }
            // The parser stops at what no expression holds.
            let statement_only = matches!(
                token,
                Stray(_)
                    | Semicolon
                    | As
                    | Assert
                    | Break
                    | Class
                    | Continue
                    | Def
                    | Del
                    | Elif
                    | Except
                    | Finally
                    | Global
                    | Import
                    | Nonlocal
                    | Pass
                    | Raise
                    | Return
                    | Try
                    | While
                    | With
            );
            if statement_only {
                break;
            }
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
        loop {
            match tokens.get(index).map(|t| t.1) {
                Some(Minus | Plus | Tilde | Await) => index += 1,
                Some(Not) if comparisons => index += 1,
                // `lambda params: body`: on to the body.
                Some(Lambda) if comparisons => {
                    let mut depth = 0usize;
                    let colon = tokens[index..].iter().position(|(_, token, _)| {
                        if token.opening_bracket().is_some() {
                            depth += 1;
                        } else if token.closing_bracket().is_some() {
                            depth = depth.wrapping_sub(1);
                        }
                        depth == 0 && matches!(token, Colon | Comma | Newline) || depth == usize::MAX
                    });
                    match colon.map(|offset| (offset, tokens[index + offset].1)) {
                        Some((offset, Colon)) => index += offset + 1,
                        _ => return end,
                    }
                }
                _ => break,
            }
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
        let next = tokens.get(index).map(|t| t.1);
        let arithmetic = matches!(
            next,
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
            )
        );
        let comparison = matches!(
            next,
            Some(Less | Greater | LessEqual | GreaterEqual | EqualEqual | NotEqual | In | Not | Is | And | Or)
        );
        if !(arithmetic || comparisons && comparison) {
            return end;
        }
        index += 1;
        // `not in`, `is not`
        if comparison && matches!(tokens.get(index), Some((_, In | Not, _))) {
            index += 1;
        }
    }
    end
}

/// A token that can end an operand (`x`, `1`, `)`, `None`).
fn ends_operand(token: Token<'_>) -> bool {
    use Token::*;
    matches!(
        token,
        Name(_)
            | Int(_)
            | Float(_)
            | Imaginary(_)
            | String(_)
            | RParen
            | RBracket
            | RBrace
            | None
            | True
            | False
            | Ellipsis
    )
}

/// A token that can begin an expression but cannot continue one: after an
/// operand it means a comma is missing.
fn starts_operand(token: Token<'_>) -> bool {
    use Token::*;
    matches!(
        token,
        Name(_)
            | Int(_)
            | Float(_)
            | Imaginary(_)
            | String(_)
            | LParen
            | LBracket
            | LBrace
            | None
            | True
            | False
            | Ellipsis
            | Not
            | Lambda
            | Tilde
            | Await
    )
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
    let open = innermost_open_bracket(previous)?;
    match (previous[open].1, previous.get(open + 1)) {
        (Token::LBrace, Some(&(star_start, Token::DoubleStar, star_end))) => Some((star_start, star_end)),
        _ => Option::None,
    }
}
