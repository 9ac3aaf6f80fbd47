//! Tokens → syntax tree. Drives the lalrpop grammar over the layout pass,
//! decodes literals (numbers, strings, f-strings), checks what the grammar
//! alone cannot (assignment targets, parameter order), and words every
//! failure the way CPython does.

use lalrpop_util::ParseError;
use num_bigint::BigInt;

use crate::ast::*;
use crate::diagnostic::{SourceMap, SyntaxError, SyntaxErrorClass};
use crate::layout::Layout;
use crate::lexer::{self, LexError, LexErrorKind, Token};

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
    let laid_out = Layout::new(source, lexer::tokens(source));
    let tokens = std::iter::once(Ok((0, start, 0))).chain(laid_out);
    let parser = grammar::TopParser::new();
    parser.parse(tokens.map(|item| item.map_err(|error| lex_error(source, error)))).map_err(|error| {
        // As in CPython, a scanning error anywhere after the point where
        // parsing failed (an unclosed bracket, an unterminated string)
        // is the error reported.
        match crate::layout::layout(source) {
            Err(scan_error) => lex_error(source, scan_error),
            Ok(_) => grammar_error(source, error),
        }
    })
}

/// Parses the expression of an f-string field, which sits at `offset` in the
/// file. The field is implicitly parenthesized: line breaks mean nothing.
pub fn parse_expression_at(text: &str, offset: usize) -> Result<Expr, SyntaxError> {
    let shifted = lexer::tokens(text).filter(|item| !matches!(item, Ok((_, Token::Newline, _)))).map(|item| {
        item.map(|(start, token, end)| (start + offset, token, end + offset)).map_err(|error| {
            lex_error(text, LexError { kind: error.kind, span: (error.span.0 + offset, error.span.1 + offset) })
        })
    });
    let end = offset + text.len();
    let tokens = std::iter::once(Ok((offset, Token::StartExpression, offset)))
        .chain(shifted)
        .chain(std::iter::once(Ok((end, Token::Newline, end))));
    match grammar::TopParser::new().parse(tokens) {
        Ok(Top::Expression(expression)) => Ok(expression),
        Ok(_) => unreachable!("the expression entry builds an expression"),
        Err(ParseError::User { error }) => Err(error),
        Err(_) => Err(SyntaxError::new("f-string: invalid syntax", (offset, end))),
    }
}

/// A scanning error as CPython words it; some messages name the line where
/// the problem was noticed.
fn lex_error(source: &str, error: LexError) -> SyntaxError {
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
    SyntaxError { class, message, span }
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
            SyntaxError::new("unexpected EOF while parsing", (location, location))
        }
        ParseError::UnrecognizedToken { token: (start, token, end), expected } => {
            let expects = |name: &str| expected.iter().any(|e| e.trim_matches('"') == name);
            if token == Token::Indent {
                return SyntaxError::indentation("unexpected indent", (end, end));
            }
            if expects("Indent") {
                return expected_indented_block(source, start);
            }
            if token == Token::Dedent && start == end {
                return SyntaxError::indentation("unexpected unindent", (start, end));
            }
            unexpected_token_message(source, start, token, end, &expects)
        }
        ParseError::ExtraToken { token: (start, _, end) } => SyntaxError::new("invalid syntax", (start, end)),
    }
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
    SyntaxError::indentation(description, (offset, offset))
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
        return SyntaxError::new("expected 'else' after 'if' expression", (start, end));
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
    if inside_brackets && starts_operand && previous.last().is_some_and(|(_, t, _)| ends_operand(t)) {
        let from = previous.last().map_or(start, |t| t.0);
        return SyntaxError::new("invalid syntax. Perhaps you forgot a comma?", (from, end));
    }
    SyntaxError::new("invalid syntax", (start, end))
}

// ---------------------------------------------------------------- literals

pub fn int_literal(text: &str, span: Span) -> ActionResult<Expr> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let (radix, body) = match digits.get(..2) {
        Some("0x" | "0X") => (16, &digits[2..]),
        Some("0o" | "0O") => (8, &digits[2..]),
        Some("0b" | "0B") => (2, &digits[2..]),
        _ => (10, &digits[..]),
    };
    let constant = match i64::from_str_radix(body, radix) {
        Ok(value) => Constant::Int(value),
        Err(_) => match BigInt::parse_bytes(body.as_bytes(), radix) {
            Some(value) => Constant::BigInt(value),
            None => return fail("invalid decimal literal", span),
        },
    };
    Ok(Expr::new(ExprKind::Constant(constant), span))
}

pub fn float_literal(text: &str, span: Span) -> ActionResult<Expr> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    match digits.parse::<f64>() {
        Ok(value) => Ok(Expr::new(ExprKind::Constant(Constant::Float(value)), span)),
        Err(_) => fail("invalid decimal literal", span),
    }
}

pub fn imaginary_literal(_text: &str, span: Span) -> ActionResult<Expr> {
    fail("complex numbers are not supported", span)
}

/// The prefix letters, quote length and body of one string literal token.
struct StringPiece<'src> {
    raw: bool,
    bytes: bool,
    formatted: bool,
    body: &'src str,
    body_offset: usize,
}

fn split_string_token(start: usize, text: &str) -> StringPiece<'_> {
    let prefix_length = text.find(['\'', '"']).unwrap_or(0);
    let prefix = text[..prefix_length].to_ascii_lowercase();
    let quote = &text[prefix_length..];
    let quote_length = if quote.starts_with("'''") || quote.starts_with("\"\"\"") { 3 } else { 1 };
    let body_start = prefix_length + quote_length;
    let body_end = text.len().saturating_sub(quote_length).max(body_start);
    StringPiece {
        raw: prefix.contains('r'),
        bytes: prefix.contains('b'),
        formatted: prefix.contains('f'),
        body: &text[body_start..body_end],
        body_offset: start + body_start,
    }
}

/// Adjacent string literals: concatenated, f-strings split into fields,
/// bytes kept apart from text.
pub fn string_literals(pieces: Vec<(usize, &str)>, span: Span) -> ActionResult<Expr> {
    let pieces: Vec<StringPiece> = pieces.into_iter().map(|(start, text)| split_string_token(start, text)).collect();
    let any_bytes = pieces.iter().any(|p| p.bytes);
    if any_bytes {
        if !pieces.iter().all(|p| p.bytes) {
            return fail("cannot mix bytes and nonbytes literals", span);
        }
        let mut bytes = Vec::new();
        for piece in &pieces {
            bytes.extend(decode_bytes(piece).map_err(|error| ParseError::User { error })?);
        }
        return Ok(Expr::new(ExprKind::Constant(Constant::Bytes(bytes)), span));
    }
    let mut parts: Vec<FStringPart> = Vec::new();
    for piece in &pieces {
        let decoded = if piece.formatted {
            parse_fstring(piece.body, piece.body_offset, piece.raw).map_err(|error| ParseError::User { error })?
        } else {
            vec![FStringPart::Literal(decode_text(piece.body, piece.raw, piece.body_offset)?)]
        };
        for part in decoded {
            match (parts.last_mut(), part) {
                (Some(FStringPart::Literal(previous)), FStringPart::Literal(text)) => previous.push_str(&text),
                (_, part) => parts.push(part),
            }
        }
    }
    let only_text = parts.iter().all(|p| matches!(p, FStringPart::Literal(_)));
    if only_text {
        let text = parts
            .into_iter()
            .map(|p| match p {
                FStringPart::Literal(text) => text,
                FStringPart::Field(_) => String::new(),
            })
            .collect();
        return Ok(Expr::new(ExprKind::Constant(Constant::Str(text)), span));
    }
    Ok(Expr::new(ExprKind::FString(parts), span))
}

fn decode_text(body: &str, raw: bool, offset: usize) -> ActionResult<String> {
    if raw || !body.contains('\\') {
        return Ok(normalize_newlines(body));
    }
    decode_escapes(body, false, offset).map(|units| units.into_iter().collect())
}

fn decode_bytes(piece: &StringPiece) -> Result<Vec<u8>, SyntaxError> {
    if let Some(c) = piece.body.chars().find(|c| !c.is_ascii()) {
        let _ = c;
        return Err(SyntaxError::new(
            "bytes can only contain ASCII literal characters",
            (piece.body_offset, piece.body_offset + piece.body.len()),
        ));
    }
    if piece.raw {
        return Ok(normalize_newlines(piece.body).into_bytes());
    }
    let units = decode_escapes(piece.body, true, piece.body_offset).map_err(|error| match error {
        ParseError::User { error } => error,
        _ => SyntaxError::new("invalid escape", (piece.body_offset, piece.body_offset)),
    })?;
    Ok(units.into_iter().map(|c| c as u32 as u8).collect())
}

/// Line breaks inside a literal read as `\n`, whatever the file uses.
fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() }
}

/// Decodes backslash escapes. For bytes, each returned char is one byte
/// value (0..=255); `\u`, `\U` and `\N` are not escapes there.
fn decode_escapes(body: &str, bytes: bool, offset: usize) -> ActionResult<Vec<char>> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    let codec = if bytes { "bytes" } else { "unicodeescape" };
    while let Some((position, c)) = chars.next() {
        if c == '\r' {
            if chars.peek().map(|&(_, n)| n) == Some('\n') {
                chars.next();
            }
            out.push('\n');
            continue;
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, escape)) = chars.next() else {
            out.push('\\');
            break;
        };
        let span = (offset + position, offset + position + 2);
        match escape {
            '\n' => {}
            '\r' => {
                if chars.peek().map(|&(_, n)| n) == Some('\n') {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0C'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0B'),
            '0'..='7' => {
                let mut value = escape.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            value = value * 8 + d.to_digit(8).unwrap_or(0);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                let value = if bytes { value & 0xFF } else { value };
                out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
            }
            'x' | 'u' | 'U' if escape == 'x' || !bytes => {
                let count = match escape {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut value = 0u32;
                for index in 0..count {
                    match chars.peek().and_then(|&(_, d)| d.to_digit(16)) {
                        Some(digit) => {
                            value = value.wrapping_mul(16).wrapping_add(digit);
                            chars.next();
                        }
                        None => {
                            let message = if bytes {
                                format!("(value error) invalid \\x escape at position {position}")
                            } else {
                                format!(
                                    "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: truncated \\{}{} escape",
                                    position,
                                    position + 1 + index,
                                    escape,
                                    "X".repeat(count)
                                )
                            };
                            return fail(message, span);
                        }
                    }
                }
                match char::from_u32(value) {
                    Some(decoded) => out.push(decoded),
                    None if (0xD800..0xE000).contains(&value) => out.push('\u{FFFD}'),
                    None => {
                        return fail(
                            format!(
                                "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: illegal Unicode character",
                                position,
                                position + 1 + count
                            ),
                            span,
                        );
                    }
                }
            }
            'N' if !bytes => {
                return fail(
                    format!(
                        "(unicode error) '{codec}' codec can't decode bytes in position {position}-{}: named Unicode escapes are not supported",
                        position + 1
                    ),
                    span,
                );
            }
            other => {
                // Unknown escapes keep their backslash, as in Python.
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Splits an f-string body into literal text and fields. In Python 3.11 an
/// f-string is one token, so a field's expression cannot contain the
/// literal's own quote; it is found by bracket and quote matching here and
/// parsed as an expression of its own.
fn parse_fstring(body: &str, offset: usize, raw: bool) -> Result<Vec<FStringPart>, SyntaxError> {
    let mut parser = FStringParser { body, offset, raw, position: 0 };
    parser.parts(false)
}

struct FStringParser<'src> {
    body: &'src str,
    offset: usize,
    raw: bool,
    position: usize,
}

impl FStringParser<'_> {
    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError::new(format!("f-string: {message}"), (self.offset + self.position, self.offset + self.position))
    }

    fn peek(&self) -> Option<char> {
        self.body[self.position..].chars().next()
    }

    /// Literal text and fields up to the end, or (in a format spec) up to the
    /// `}` that closes the enclosing field.
    fn parts(&mut self, in_spec: bool) -> Result<Vec<FStringPart>, SyntaxError> {
        let mut parts = Vec::new();
        let mut literal_start = self.position;
        let mut literal = String::new();
        let flush = |literal: &mut String, start: usize, end: usize, this: &Self| -> Result<(), SyntaxError> {
            let text = &this.body[start..end];
            let decoded = decode_text(text, this.raw, this.offset + start).map_err(|e| match e {
                ParseError::User { error } => error,
                _ => this.error("invalid escape"),
            })?;
            literal.push_str(&decoded);
            Ok(())
        };
        while let Some(c) = self.peek() {
            match c {
                '{' if self.body[self.position + 1..].starts_with('{') && !in_spec => {
                    flush(&mut literal, literal_start, self.position + 1, self)?;
                    self.position += 2;
                    literal_start = self.position;
                }
                '}' if in_spec => break,
                '}' => {
                    if self.body[self.position + 1..].starts_with('}') {
                        flush(&mut literal, literal_start, self.position + 1, self)?;
                        self.position += 2;
                        literal_start = self.position;
                    } else {
                        return Err(self.error("single '}' is not allowed"));
                    }
                }
                '{' => {
                    flush(&mut literal, literal_start, self.position, self)?;
                    if !literal.is_empty() {
                        parts.push(FStringPart::Literal(std::mem::take(&mut literal)));
                    }
                    self.position += 1;
                    let field = self.field(in_spec)?;
                    parts.push(FStringPart::Field(Box::new(field)));
                    literal_start = self.position;
                }
                _ => self.position += c.len_utf8(),
            }
        }
        flush(&mut literal, literal_start, self.position, self)?;
        if !literal.is_empty() {
            parts.push(FStringPart::Literal(literal));
        }
        Ok(parts)
    }

    /// One `{...}` field, the opening brace already consumed.
    fn field(&mut self, nested: bool) -> Result<FormattedField, SyntaxError> {
        let start = self.position;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut debug_end = None;
        let expression_end;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("expecting '}'"));
            };
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                if c == '\\' {
                    return Err(self.error("expression part cannot include a backslash"));
                }
                self.position += c.len_utf8();
                continue;
            }
            let next = self.body[self.position + c.len_utf8()..].chars().next();
            match c {
                '\'' | '"' => quote = Some(c),
                '\\' => return Err(self.error("expression part cannot include a backslash")),
                '#' => return Err(self.error("expression part cannot include '#'")),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                '}' | ':' if depth == 0 => {
                    expression_end = self.position;
                    break;
                }
                '!' if depth == 0 && next != Some('=') => {
                    expression_end = self.position;
                    break;
                }
                '=' if depth == 0 => {
                    let before = self.body[..self.position].chars().next_back();
                    let is_operator = next == Some('=') || matches!(before, Some('=' | '!' | '<' | '>'));
                    if !is_operator {
                        expression_end = self.position;
                        self.position += 1;
                        while self.peek().is_some_and(char::is_whitespace) {
                            self.position += 1;
                        }
                        debug_end = Some(self.position);
                        break;
                    }
                }
                _ => {}
            }
            self.position += c.len_utf8();
        }
        let text = &self.body[start..expression_end];
        if text.trim().is_empty() {
            return Err(SyntaxError::new(
                "f-string: empty expression not allowed",
                (self.offset + start, self.offset + expression_end),
            ));
        }
        let expression = parse_expression_at(text, self.offset + start)?;
        let debug_text = debug_end.map(|end| self.body[start..end].to_string());
        let mut conversion = None;
        if self.peek() == Some('!') {
            self.position += 1;
            match self.peek() {
                Some(c @ ('s' | 'r' | 'a')) => {
                    conversion = Some(c);
                    self.position += 1;
                }
                Some('}' | ':') | None => return Err(self.error("missing conversion character")),
                Some(_) => return Err(self.error("invalid conversion character: expected 's', 'r', or 'a'")),
            }
            if !matches!(self.peek(), Some('}' | ':')) {
                return Err(self.error("expecting '}'"));
            }
        }
        // A self-documenting field without a conversion or spec shows repr.
        if debug_text.is_some() && conversion.is_none() && self.peek() != Some(':') {
            conversion = Some('r');
        }
        let mut spec = None;
        if self.peek() == Some(':') {
            if nested {
                // Python allows only one level of nesting in specs.
                self.position += 1;
            } else {
                self.position += 1;
            }
            spec = Some(self.parts(true)?);
        }
        if self.peek() != Some('}') {
            return Err(self.error("expecting '}'"));
        }
        self.position += 1;
        Ok(FormattedField { expression, conversion, spec, debug_text })
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
pub fn check_arguments(arguments: Vec<Argument>) -> ActionResult<Vec<Argument>> {
    let mut seen_keyword = false;
    let mut seen_double_star = false;
    let mut keywords: Vec<&str> = Vec::new();
    for argument in &arguments {
        match argument {
            Argument::Positional(value) => {
                if seen_double_star {
                    return fail("positional argument follows keyword argument unpacking", value.span);
                }
                if seen_keyword {
                    return fail("positional argument follows keyword argument", value.span);
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
