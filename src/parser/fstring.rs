//! f-strings as CPython 3.11 reads them. An f-string is one token; this
//! module splits its body into literal text and `{expression!c:spec}`
//! fields, finding where an expression ends by quote and bracket matching
//! (so the expression cannot contain a backslash, a `#`, or the literal's
//! own quote), then parses each expression on its own, as if it were
//! parenthesized.
//!
//! Errors are placed where CPython places them: problems with the f-string
//! itself at the token after the string literals (where CPython's parser
//! stood when it decoded them); syntax errors inside an expression against
//! the parenthesized expression text, which is what CPython shows.

use super::literals::{decode_text, normalize_newlines};
use super::{ParenthesizedError, lex_error, next_token_span, parse_parenthesized};
use crate::ast::*;
use crate::diagnostic::{Snippet, SourceMap, SyntaxError};
use crate::lexer::LexErrorKind;

/// How deeply brackets may nest inside one field's expression.
const MAX_BRACKET_DEPTH: usize = 200;

/// Where one f-string token sits: its body (between the quotes) starts at
/// `body_offset` in `source`; the string literals it belongs to end at
/// `group_end`.
pub(super) struct FString<'src> {
    pub source: &'src str,
    pub body: &'src str,
    pub body_offset: usize,
    pub raw: bool,
    pub group_end: usize,
}

/// Splits an f-string body into literal text and fields.
pub(super) fn parse_fstring(fstring: &FString<'_>) -> Result<Vec<FStringPart>, SyntaxError> {
    let mut parser = FStringParser { fstring, position: 0 };
    parser.parts(0)
}

struct FStringParser<'f, 'src> {
    fstring: &'f FString<'src>,
    position: usize,
}

impl<'src> FStringParser<'_, 'src> {
    fn bytes(&self) -> &'src [u8] {
        self.fstring.body.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.position).copied()
    }

    /// An error about the f-string itself, reported where the next token
    /// after the string literals starts.
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError::new(message, next_token_span(self.fstring.source, self.fstring.group_end))
    }

    /// Literal text and fields up to the end of the body or, in a format
    /// spec (`level` > 0), up to the `}` that closes the enclosing field.
    fn parts(&mut self, level: usize) -> Result<Vec<FStringPart>, SyntaxError> {
        let mut parts = Vec::new();
        loop {
            let (literal, brace_doubled) = self.literal(level)?;
            if !literal.is_empty() {
                match parts.last_mut() {
                    Some(FStringPart::Literal(previous)) => previous.push_str(&literal),
                    _ => parts.push(FStringPart::Literal(literal)),
                }
            }
            if brace_doubled {
                continue;
            }
            match self.peek() {
                None | Some(b'}') => break,
                _ => parts.push(FStringPart::Field(Box::new(self.field(level)?))),
            }
        }
        if level > 0 && self.peek() != Some(b'}') {
            return Err(self.error("f-string: expecting '}'"));
        }
        Ok(parts)
    }

    /// Literal text up to a `{` or `}`. At the top level a doubled brace
    /// ends the piece with one brace kept (`true` is returned: go on with
    /// literal text); a single `}` is an error there. `\N{...}` is a
    /// character name, not a field.
    fn literal(&mut self, level: usize) -> Result<(String, bool), SyntaxError> {
        let start = self.position;
        let bytes = self.bytes();
        let mut at = start;
        let mut end = bytes.len();
        let mut doubled = false;
        while at < bytes.len() {
            let mut byte = bytes[at];
            at += 1;
            if !self.fstring.raw && byte == b'\\' && at < bytes.len() {
                byte = bytes[at];
                at += 1;
                if byte == b'N' {
                    if bytes.get(at) == Some(&b'{') {
                        at += 1;
                        while at < bytes.len() && bytes[at] != b'}' {
                            at += 1;
                        }
                        at = (at + 1).min(bytes.len());
                    } else if at < bytes.len() {
                        // Malformed; decoding will say so.
                        at += 1;
                    }
                    continue;
                }
            }
            if byte == b'{' || byte == b'}' {
                if level == 0 && bytes.get(at) == Some(&byte) {
                    end = at;
                    doubled = true;
                    self.position = at + 1;
                    break;
                }
                if level == 0 && byte == b'}' {
                    self.position = at - 1;
                    return Err(self.error("f-string: single '}' is not allowed"));
                }
                end = at - 1;
                self.position = end;
                break;
            }
        }
        if !doubled && end == bytes.len() {
            self.position = end;
        }
        let text = &self.fstring.body[start..end];
        let decoded = if self.fstring.raw {
            normalize_newlines(text)
        } else {
            decode_text(text, false).map_err(|message| self.error(message))?
        };
        Ok((decoded, doubled))
    }

    /// One `{...}` field; the parser stands on its `{`.
    fn field(&mut self, level: usize) -> Result<FormattedField, SyntaxError> {
        if level >= 2 {
            return Err(self.error("f-string: expressions nested too deeply"));
        }
        self.position += 1;
        let expression_start = self.position;
        let expression_end = self.scan_expression()?;
        let expression = self.parse_expression(expression_start, expression_end)?;
        let body = self.fstring.body;
        let length = body.len();
        let mut debug_text = None;
        if self.peek() == Some(b'=') {
            self.position += 1;
            while self.peek().is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)) {
                self.position += 1;
            }
            if self.position >= length {
                return Err(self.error("f-string: expecting '}'"));
            }
            debug_text = Some(body[expression_start..self.position].to_string());
        }
        let mut conversion = None;
        if self.peek() == Some(b'!') {
            self.position += 1;
            let Some(c) = body[self.position..].chars().next() else {
                return Err(self.error("f-string: expecting '}'"));
            };
            self.position += c.len_utf8();
            if !matches!(c, 's' | 'r' | 'a') {
                return Err(self.error("f-string: invalid conversion character: expected 's', 'r', or 'a'"));
            }
            conversion = Some(c);
        }
        let mut spec = None;
        if self.peek() == Some(b':') {
            self.position += 1;
            if self.position >= length {
                return Err(self.error("f-string: expecting '}'"));
            }
            spec = Some(self.parts(level + 1)?);
        }
        if self.peek() != Some(b'}') {
            return Err(self.error("f-string: expecting '}'"));
        }
        self.position += 1;
        // A self-documenting field without a conversion or spec shows repr.
        if debug_text.is_some() && conversion.is_none() && spec.is_none() {
            conversion = Some('r');
        }
        Ok(FormattedField { expression, conversion, spec, debug_text })
    }

    /// Finds where the expression that starts here ends: at a `!`, `:`,
    /// `=` or `}` outside brackets and strings (`!=`, `==`, `<=`, `>=`
    /// are operators). Returns that position; the parser stands on it.
    fn scan_expression(&mut self) -> Result<usize, SyntaxError> {
        let bytes = self.bytes();
        let mut at = self.position;
        let mut quote: Option<(u8, bool)> = None;
        let mut brackets: Vec<u8> = Vec::new();
        while at < bytes.len() {
            let byte = bytes[at];
            if byte == b'\\' {
                return Err(self.error("f-string expression part cannot include a backslash"));
            }
            if let Some((quote_byte, triple)) = quote {
                if byte == quote_byte {
                    if !triple {
                        quote = None;
                    } else if bytes.get(at + 1) == Some(&byte) && bytes.get(at + 2) == Some(&byte) {
                        quote = None;
                        at += 2;
                    }
                }
                at += 1;
                continue;
            }
            match byte {
                b'\'' | b'"' => {
                    let triple = bytes.get(at + 1) == Some(&byte) && bytes.get(at + 2) == Some(&byte);
                    quote = Some((byte, triple));
                    if triple {
                        at += 2;
                    }
                }
                b'(' | b'[' | b'{' => {
                    if brackets.len() >= MAX_BRACKET_DEPTH {
                        return Err(self.error("f-string: too many nested parenthesis"));
                    }
                    brackets.push(byte);
                }
                b'#' => return Err(self.error("f-string expression part cannot include '#'")),
                b'!' | b':' | b'}' | b'=' | b'<' | b'>' if brackets.is_empty() => {
                    let next = bytes.get(at + 1).copied();
                    if next == Some(b'=') && byte != b':' && byte != b'}' {
                        at += 2;
                        continue;
                    }
                    if byte != b'<' && byte != b'>' {
                        break;
                    }
                }
                b')' | b']' | b'}' => {
                    let close = char::from(byte);
                    let Some(open) = brackets.pop() else {
                        return Err(self.error(format!("f-string: unmatched '{close}'")));
                    };
                    let matches = matches!((open, byte), (b'(', b')') | (b'[', b']') | (b'{', b'}'));
                    if !matches {
                        return Err(self.error(format!(
                            "f-string: closing parenthesis '{close}' does not match opening parenthesis '{}'",
                            char::from(open)
                        )));
                    }
                }
                _ => {}
            }
            at += 1;
        }
        if quote.is_some() {
            return Err(self.error("f-string: unterminated string"));
        }
        if let Some(&open) = brackets.last() {
            return Err(self.error(format!("f-string: unmatched '{}'", char::from(open))));
        }
        if at >= bytes.len() {
            return Err(self.error("f-string: expecting '}'"));
        }
        self.position = at;
        Ok(at)
    }

    /// Parses a field's expression, which CPython reads parenthesized.
    fn parse_expression(&self, start: usize, end: usize) -> Result<Expr, SyntaxError> {
        let text = &self.fstring.body[start..end];
        if text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c')) {
            let after = char::from(self.bytes()[end]);
            if matches!(after, '!' | ':' | '=') {
                return Err(self.error(format!("f-string: expression required before '{after}'")));
            }
            return Err(self.error("f-string: empty expression not allowed"));
        }
        let offset = self.fstring.body_offset + start;
        parse_parenthesized(self.fstring.source, text, offset).map_err(|_| self.expression_error(text, offset))
    }

    /// The error of an expression that does not parse, as CPython reports
    /// it: against the parenthesized text, on the line where the text is.
    fn expression_error(&self, text: &str, offset: usize) -> SyntaxError {
        let snippet = format!("({text})");
        let error = match parse_parenthesized(&snippet, &snippet[1..snippet.len() - 1], 1) {
            // The scanner's own errors are not prefixed, the generic one is.
            Err(ParenthesizedError::Scan(error)) if error.kind != LexErrorKind::InvalidToken => {
                lex_error(&snippet, error)
            }
            Err(failure) => prefixed(failure.describe(&snippet)),
            Ok(_) => prefixed(SyntaxError::new("invalid syntax", (0, snippet.len()))),
        };
        let map = SourceMap::new(&snippet);
        let (line, _) = map.line_column(error.span.0);
        let line_start = snippet[..error.span.0].rfind('\n').map_or(0, |n| n + 1);
        let line_text = map.line_text(line).to_string();
        let span = (error.span.0 - line_start, (error.span.1 - line_start).min(line_text.len()));
        let file_line = SourceMap::new(self.fstring.source).line(offset) + line - 1;
        SyntaxError {
            snippet: Some(Box::new(Snippet { line: file_line, text: line_text, span })),
            span: (offset, offset),
            ..error
        }
    }
}

fn prefixed(error: SyntaxError) -> SyntaxError {
    if error.message.starts_with("f-string") {
        return error;
    }
    SyntaxError { message: format!("f-string: {}", error.message), ..error }
}
