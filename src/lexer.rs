//! Source text → tokens. The `logos` token enum and the scanning of string
//! literals; line structure (INDENT/DEDENT/NEWLINE) is the layout pass's job.

use logos::Logos;
use thiserror::Error;

use crate::diagnostic::SyntaxWarning;

/// Byte offsets `start..end` into the source text.
pub type Span = (usize, usize);

/// What went wrong while scanning, before any grammar rule is involved.
#[derive(Debug, Clone, PartialEq, Default, Error)]
pub enum LexErrorKind {
    #[default]
    #[error("invalid syntax")]
    InvalidToken,
    #[error("invalid character '{0}' (U+{code:04X})", code = *.0 as u32)]
    InvalidCharacter(char),
    #[error("invalid non-printable character U+{code:04X}", code = *.0 as u32)]
    NonPrintableCharacter(char),
    #[error("source code cannot contain null bytes")]
    NullByte,
    #[error("unterminated string literal")]
    UnterminatedString,
    #[error("unterminated triple-quoted string literal")]
    UnterminatedTripleQuotedString,
    #[error("unexpected character after line continuation character")]
    BadContinuation,
    #[error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")]
    LeadingZeros,
    #[error("invalid {0} literal")]
    InvalidNumber(&'static str),
    #[error("invalid digit '{0}' in {1} literal")]
    InvalidDigit(char, &'static str),
    #[error("unindent does not match any outer indentation level")]
    InconsistentDedent,
    #[error("inconsistent use of tabs and spaces in indentation")]
    InconsistentTabs,
    #[error("'{0}' was never closed")]
    UnclosedBracket(char),
    #[error("unmatched '{0}'")]
    UnmatchedBracket(char),
    /// `open_line` is the opener's line when it is not the closer's.
    #[error("closing parenthesis '{close}' does not match opening parenthesis '{open}'{}", on_line(*.open_line))]
    MismatchedBracket { open: char, close: char, open_line: Option<usize> },
    #[error("unexpected EOF while parsing")]
    UnexpectedEof,
    #[error("too many nested parentheses")]
    TooDeeplyNested,
}

/// A scanning error and where it happened.
fn on_line(line: Option<usize>) -> String {
    line.map(|line| format!(" on line {line}")).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Error)]
#[error("{kind}")]
pub struct LexError {
    pub kind: LexErrorKind,
    pub span: Span,
}

/// The tokens of asy. Variants without a pattern (`Indent`, `Dedent`, the
/// `Start*` markers, `WithParen`) are never produced by the scanner: the
/// layout pass and the parser insert them.
#[derive(Logos, Debug, Clone, Copy, PartialEq)]
#[logos(error = LexErrorKind)]
#[logos(skip r"[ \t\x0C]+")]
#[logos(skip(r"#[^\r\n]*", allow_greedy = true))]
#[logos(skip r"\\\r?\n")]
pub enum Token<'src> {
    #[regex(r"\r?\n|\r")]
    Newline,
    Indent,
    Dedent,
    /// First token of a whole module (file input).
    StartModule,
    /// First token of a lone expression (f-string fields, `eval`-like uses).
    StartExpression,
    /// First token of one interactive statement (the REPL).
    StartInteractive,
    /// A `(` right after `with` whose `)` ends the statement's header:
    /// `with (open(a) as f, open(b) as g):`. The parser tells it from `(`.
    WithParen,

    #[token("False")]
    False,
    #[token("None")]
    None,
    #[token("True")]
    True,
    #[token("and")]
    And,
    #[token("as")]
    As,
    #[token("assert")]
    Assert,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("break")]
    Break,
    #[token("class")]
    Class,
    #[token("continue")]
    Continue,
    #[token("def")]
    Def,
    #[token("del")]
    Del,
    #[token("elif")]
    Elif,
    #[token("else")]
    Else,
    #[token("except")]
    Except,
    #[token("finally")]
    Finally,
    #[token("for")]
    For,
    #[token("from")]
    From,
    #[token("global")]
    Global,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("in")]
    In,
    #[token("is")]
    Is,
    #[token("lambda")]
    Lambda,
    #[token("nonlocal")]
    Nonlocal,
    #[token("not")]
    Not,
    #[token("or")]
    Or,
    #[token("pass")]
    Pass,
    #[token("raise")]
    Raise,
    #[token("return")]
    Return,
    #[token("try")]
    Try,
    #[token("while")]
    While,
    #[token("with")]
    With,
    #[token("yield")]
    Yield,

    #[regex(r"[\p{XID_Start}_][\p{XID_Continue}]*")]
    Name(&'src str),

    #[regex(r"[0-9](_?[0-9])*", decimal_int)]
    #[regex(r"0[xX](_?[0-9a-fA-F])+", |lexer| prefixed_int(lexer, Radix::Hexadecimal))]
    #[regex(r"0[oO](_?[0-7])+", |lexer| prefixed_int(lexer, Radix::Octal))]
    #[regex(r"0[bB](_?[01])+", |lexer| prefixed_int(lexer, Radix::Binary))]
    Int(&'src str),

    #[regex(r"[0-9](_?[0-9])*\.([0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?", float)]
    #[regex(r"\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?", float)]
    #[regex(r"[0-9](_?[0-9])*[eE][+-]?[0-9](_?[0-9])*", float)]
    Float(&'src str),

    #[regex(r"([0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?([eE][+-]?[0-9](_?[0-9])*)?|\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?)[jJ]", imaginary)]
    Imaginary(&'src str),

    /// A whole string literal, prefix and quotes included; decoded by the parser.
    #[regex(r#"([rRbBuUfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])?['"]"#, scan_string)]
    String(&'src str),

    /// An ASCII character no token starts with (`$`, `?`, a lone `!`). It
    /// reaches the grammar, which accepts it nowhere, so the parser reports
    /// it with its usual messages, as CPython does.
    #[regex(r"[!$?`]", |lexer| lexer.slice().chars().next())]
    Stray(char),

    #[token("(")]
    LParen,
    #[token(")")]
    RParen,
    #[token("[")]
    LBracket,
    #[token("]")]
    RBracket,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token(";")]
    Semicolon,
    #[token(".")]
    Dot,
    #[token("...")]
    Ellipsis,
    #[token("=")]
    Assign,
    #[token("->")]
    Arrow,
    #[token(":=")]
    Walrus,
    #[token("@")]
    At,

    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("//")]
    DoubleSlash,
    #[token("%")]
    Percent,
    #[token("**")]
    DoubleStar,
    #[token("<<")]
    LeftShift,
    #[token(">>")]
    RightShift,
    #[token("&")]
    Ampersand,
    #[token("|")]
    Pipe,
    #[token("^")]
    Caret,
    #[token("~")]
    Tilde,

    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("==")]
    EqualEqual,
    #[token("!=")]
    NotEqual,

    #[token("+=")]
    PlusAssign,
    #[token("-=")]
    MinusAssign,
    #[token("*=")]
    StarAssign,
    #[token("/=")]
    SlashAssign,
    #[token("//=")]
    DoubleSlashAssign,
    #[token("%=")]
    PercentAssign,
    #[token("**=")]
    DoubleStarAssign,
    #[token("@=")]
    AtAssign,
    #[token("<<=")]
    LeftShiftAssign,
    #[token(">>=")]
    RightShiftAssign,
    #[token("&=")]
    AmpersandAssign,
    #[token("|=")]
    PipeAssign,
    #[token("^=")]
    CaretAssign,
}

impl Token<'_> {
    /// The opening bracket this token is, if any.
    pub fn opening_bracket(&self) -> Option<char> {
        match self {
            Token::LParen => Some('('),
            Token::LBracket => Some('['),
            Token::LBrace => Some('{'),
            _ => None,
        }
    }

    /// The closing bracket this token is, if any.
    pub fn closing_bracket(&self) -> Option<char> {
        match self {
            Token::RParen => Some(')'),
            Token::RBracket => Some(']'),
            Token::RBrace => Some('}'),
            _ => None,
        }
    }

    /// How the token reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            Token::Name(text) | Token::Int(text) | Token::Float(text) => text.to_string(),
            Token::Imaginary(text) | Token::String(text) => text.to_string(),
            Token::Stray(c) => c.to_string(),
            Token::Newline => "NEWLINE".into(),
            Token::Indent => "INDENT".into(),
            Token::Dedent => "DEDENT".into(),
            other => format!("{other:?}"),
        }
    }
}

/// `0` and `00_0` are fine, `012` is not: Python 3 wants `0o12`.
/// The bases of integer literals, named as CPython's messages name them.
#[derive(Clone, Copy, PartialEq)]
enum Radix {
    Decimal,
    Hexadecimal,
    Octal,
    Binary,
}

impl Radix {
    fn name(self) -> &'static str {
        match self {
            Radix::Decimal => "decimal",
            Radix::Hexadecimal => "hexadecimal",
            Radix::Octal => "octal",
            Radix::Binary => "binary",
        }
    }

    fn is_digit(self, byte: u8) -> bool {
        match self {
            Radix::Decimal => byte.is_ascii_digit(),
            Radix::Hexadecimal => byte.is_ascii_hexdigit(),
            Radix::Octal => matches!(byte, b'0'..=b'7'),
            Radix::Binary => matches!(byte, b'0' | b'1'),
        }
    }
}

// The regexes below match only well-formed numbers; these callbacks look at
// what follows one to report a malformed literal the way CPython's tokenizer
// does. The caret goes where CPython puts it, which is one character before
// the one its scanner stopped at: the callbacks bump the lexer so that the
// error's span ends just past the caret.

type NumberLexer<'l, 'src> = logos::Lexer<'src, Token<'src>>;

fn decimal_int<'src>(lexer: &mut NumberLexer<'_, 'src>) -> Result<&'src str, LexErrorKind> {
    let text = lexer.slice();
    if text == "0" {
        // `0x`, `0o`, `0b` with no valid digit after the prefix.
        let rest = lexer.remainder().as_bytes();
        let radix = match rest.first() {
            Some(b'x' | b'X') => Some(Radix::Hexadecimal),
            Some(b'o' | b'O') => Some(Radix::Octal),
            Some(b'b' | b'B') => Some(Radix::Binary),
            _ => None,
        };
        if let Some(radix) = radix {
            lexer.bump(1);
            return Err(bad_digits(lexer, radix));
        }
    }
    if text.len() > 1 && text.starts_with('0') && text.bytes().any(|b| b != b'0' && b != b'_') {
        return Err(LexErrorKind::LeadingZeros);
    }
    check_number_end(lexer, Radix::Decimal, true)?;
    Ok(text)
}

fn prefixed_int<'src>(lexer: &mut NumberLexer<'_, 'src>, radix: Radix) -> Result<&'src str, LexErrorKind> {
    let text = lexer.slice();
    if radix != Radix::Hexadecimal && lexer.remainder().starts_with(|c: char| c.is_ascii_digit()) {
        return Err(bad_digits(lexer, radix));
    }
    check_number_end(lexer, radix, false)?;
    Ok(text)
}

fn float<'src>(lexer: &mut NumberLexer<'_, 'src>) -> Result<&'src str, LexErrorKind> {
    let text = lexer.slice();
    // After a bare `1.` an underscore is a stray character, not a separator.
    let digits_end = !text.ends_with('.');
    let exponent_may_follow = digits_end && !text.contains(['e', 'E']);
    if !digits_end && lexer.remainder().starts_with('_') {
        return Err(LexErrorKind::InvalidNumber(Radix::Decimal.name()));
    }
    check_number_end(lexer, Radix::Decimal, exponent_may_follow)?;
    Ok(text)
}

fn imaginary<'src>(lexer: &mut NumberLexer<'_, 'src>) -> Result<&'src str, LexErrorKind> {
    let text = lexer.slice();
    match lexer.remainder().chars().next() {
        Some(next) if may_continue_name(next) && !starts_keyword(lexer.remainder()) => {
            Err(LexErrorKind::InvalidNumber("imaginary"))
        }
        _ => Ok(text),
    }
}

/// What follows a radix prefix (`0x`) or a number is no valid digit of
/// `radix`, perhaps after one `_`: a decimal digit out of range is named,
/// anything else is an invalid literal with the caret before it.
fn bad_digits(lexer: &mut NumberLexer<'_, '_>, radix: Radix) -> LexErrorKind {
    let rest = lexer.remainder().as_bytes();
    let skip = usize::from(rest.first() == Some(&b'_'));
    match rest.get(skip) {
        Some(&digit) if digit.is_ascii_digit() && !radix.is_digit(digit) => {
            lexer.bump(skip + 1);
            LexErrorKind::InvalidDigit(char::from(digit), radix.name())
        }
        _ => {
            lexer.bump(skip);
            LexErrorKind::InvalidNumber(radix.name())
        }
    }
}

/// What may follow a well-formed number: not a `_` (a separator must sit
/// between digits), not a digit out of range, not a letter glued to it,
/// except the first letter of a keyword that can follow a number (`1if x
/// else y`); an exponent needs digits.
fn check_number_end(
    lexer: &mut NumberLexer<'_, '_>,
    radix: Radix,
    exponent_may_follow: bool,
) -> Result<(), LexErrorKind> {
    let rest = lexer.remainder().as_bytes();
    let invalid = LexErrorKind::InvalidNumber(radix.name());
    match rest.first() {
        Some(b'_') => Err(bad_digits(lexer, radix)),
        Some(b'e' | b'E') if exponent_may_follow && matches!(rest.get(1), Some(b'+' | b'-')) => {
            // `1e+` with no digit: the caret goes under the sign.
            lexer.bump(2);
            Err(invalid)
        }
        _ => match lexer.remainder().chars().next() {
            Some(next) if may_continue_name(next) && !starts_keyword(lexer.remainder()) => Err(invalid),
            _ => Ok(()),
        },
    }
}

/// An ASCII character that could continue a name. (A non-ASCII one after a
/// number is left to the parser, as in CPython 3.11.7.)
fn may_continue_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Whether the text after a number starts with a keyword that may follow
/// one in valid code (`1if x else y`; CPython only warns about those).
/// For `if`, `in` and `is` two letters are enough, as in CPython.
fn starts_keyword(rest: &str) -> bool {
    if ["if", "in", "is"].iter().any(|keyword| rest.starts_with(keyword)) {
        return true;
    }
    ["and", "else", "for", "or", "not"].iter().any(|keyword| {
        rest.strip_prefix(keyword)
            .is_some_and(|after| !after.starts_with(|c: char| may_continue_name(c) || !c.is_ascii()))
    })
}

/// Called with the prefix and opening quote matched; consumes the rest of the
/// literal. Backslash always escapes the next character here, raw or not,
/// because that is how Python finds the end of a literal.
fn scan_string<'src>(lexer: &mut logos::Lexer<'src, Token<'src>>) -> Result<&'src str, LexErrorKind> {
    let quote = lexer.slice().as_bytes()[lexer.slice().len() - 1];
    let rest = lexer.remainder().as_bytes();
    let triple = rest.len() >= 2 && rest[0] == quote && rest[1] == quote;
    let mut index = if triple { 2 } else { 0 };
    loop {
        let Some(&byte) = rest.get(index) else {
            lexer.bump(rest.len());
            return Err(if triple {
                LexErrorKind::UnterminatedTripleQuotedString
            } else {
                LexErrorKind::UnterminatedString
            });
        };
        match byte {
            b'\\' => {
                // Skip the escaped character, whole (it may be multi-byte).
                index += 1;
                if let Some(next) = lexer.remainder()[index..].chars().next() {
                    if next == '\r' && rest.get(index + 1) == Some(&b'\n') {
                        index += 1;
                    }
                    index += next.len_utf8();
                }
            }
            b'\n' | b'\r' if !triple => {
                lexer.bump(index);
                return Err(LexErrorKind::UnterminatedString);
            }
            byte if byte == quote => {
                if !triple {
                    lexer.bump(index + 1);
                    return Ok(lexer.slice());
                }
                if rest.get(index + 1) == Some(&quote) && rest.get(index + 2) == Some(&quote) {
                    lexer.bump(index + 3);
                    return Ok(lexer.slice());
                }
                index += 1;
            }
            _ => index += 1,
        }
    }
}

/// A scanned token with its byte span, or the error that stopped the scan.
pub type Spanned<'src> = Result<(usize, Token<'src>, usize), LexError>;

/// Scans the source lazily, so that a parse error early in a file is reported
/// before a scanning error further down, as CPython does.
pub fn tokens(source: &str) -> impl Iterator<Item = Spanned<'_>> {
    let mut lexer = Token::lexer(source);
    std::iter::from_fn(move || {
        let result = lexer.next()?;
        let span = lexer.span();
        Some(match result {
            Ok(token) => Ok((span.start, token, span.end)),
            Err(kind) => Err(refine_error(source, kind, (span.start, span.end))),
        })
    })
}

/// CPython's scanner warns about a number glued to a keyword that may
/// follow it (`1if x else y`, `0x1for`): valid now, an error some day.
pub fn number_warnings(source: &str) -> Vec<SyntaxWarning> {
    let mut warnings = Vec::new();
    let mut previous: Option<(usize, Token<'_>, usize)> = None;
    for (start, token, end) in tokens(source).map_while(Result::ok) {
        if let Some((number_start, number, number_end)) = previous
            && number_end == start
            && matches!(
                token,
                Token::And | Token::Else | Token::For | Token::If | Token::In | Token::Is | Token::Not | Token::Or
            )
        {
            let text = &source[number_start..number_end];
            let kind = match number {
                Token::Imaginary(_) => "imaginary",
                Token::Int(_) if text.len() > 1 && matches!(&text[..2], "0x" | "0X") => "hexadecimal",
                Token::Int(_) if text.len() > 1 && matches!(&text[..2], "0o" | "0O") => "octal",
                Token::Int(_) if text.len() > 1 && matches!(&text[..2], "0b" | "0B") => "binary",
                _ => "decimal",
            };
            warnings
                .push(SyntaxWarning { span: (number_start, number_end), message: format!("invalid {kind} literal") });
        }
        previous =
            matches!(token, Token::Int(_) | Token::Float(_) | Token::Imaginary(_)).then_some((start, token, end));
    }
    warnings
}

/// Scans the whole source; the first error stops the scan.
pub fn tokenize(source: &str) -> Result<Vec<(usize, Token<'_>, usize)>, LexError> {
    tokens(source).collect()
}

/// logos reports an unknown character as the default error; say what the
/// character was, as CPython does, and recognize a stray backslash.
fn refine_error(source: &str, kind: LexErrorKind, span: Span) -> LexError {
    let (kind, span) = match kind {
        LexErrorKind::InvalidToken => match source[span.0..].chars().next() {
            Some('\\') => (LexErrorKind::BadContinuation, span),
            Some('\0') => (LexErrorKind::NullByte, span),
            Some(c) if !crate::vm::text::is_printable(c) => (LexErrorKind::NonPrintableCharacter(c), span),
            Some(c) if !c.is_ascii() => (LexErrorKind::InvalidCharacter(c), span),
            _ => (LexErrorKind::InvalidToken, span),
        },
        LexErrorKind::LeadingZeros => {
            // CPython underlines the zeros (and separators) before the digit.
            let zeros = source[span.0..].bytes().take_while(|&b| b == b'0' || b == b'_').count();
            (kind, (span.0, span.0 + zeros))
        }
        LexErrorKind::InvalidNumber(_) | LexErrorKind::InvalidDigit(..) => (kind, (span.1 - 1, span.1)),
        other => (other, span),
    };
    LexError { kind, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<Token<'_>> {
        tokenize(source).unwrap().into_iter().map(|(_, t, _)| t).collect()
    }

    #[test]
    fn names_keywords_numbers() {
        assert_eq!(
            kinds("if x1 >= 0x_1F: 1.5e3"),
            vec![
                Token::If,
                Token::Name("x1"),
                Token::GreaterEqual,
                Token::Int("0x_1F"),
                Token::Colon,
                Token::Float("1.5e3")
            ]
        );
        assert_eq!(
            kinds("1_000 .5 5. 2j"),
            vec![Token::Int("1_000"), Token::Float(".5"), Token::Float("5."), Token::Imaginary("2j")]
        );
    }

    #[test]
    fn strings_with_prefixes_and_triple_quotes() {
        assert_eq!(
            kinds(r#"b'a' rb"\"" f'{x}'"#),
            vec![Token::String("b'a'"), Token::String(r#"rb"\"""#), Token::String("f'{x}'")]
        );
        assert_eq!(kinds("'''a\n'b''c'''"), vec![Token::String("'''a\n'b''c'''")]);
        assert_eq!(kinds("bar'x'"), vec![Token::Name("bar"), Token::String("'x'")]);
    }

    #[test]
    fn comments_and_continuations_are_skipped() {
        assert_eq!(
            kinds("a # note\nb \\\n c"),
            vec![Token::Name("a"), Token::Newline, Token::Name("b"), Token::Name("c")]
        );
    }

    #[test]
    fn errors() {
        assert_eq!(tokenize("x = 'abc").unwrap_err().kind, LexErrorKind::UnterminatedString);
        assert_eq!(tokenize("'''abc").unwrap_err().kind, LexErrorKind::UnterminatedTripleQuotedString);
        assert_eq!(tokenize("012").unwrap_err().kind, LexErrorKind::LeadingZeros);
        assert_eq!(kinds("a $ b"), vec![Token::Name("a"), Token::Stray('$'), Token::Name("b")]);
        assert_eq!(tokenize("a \x0b").unwrap_err().kind, LexErrorKind::NonPrintableCharacter('\x0b'));
        assert_eq!(tokenize("a € b").unwrap_err().kind, LexErrorKind::InvalidCharacter('€'));
        assert_eq!(tokenize("a \\ b").unwrap_err().kind, LexErrorKind::BadContinuation);
    }

    #[test]
    fn malformed_numbers_point_where_cpython_does() {
        let error = |source| {
            let error = tokenize(source).unwrap_err();
            (error.kind.to_string(), error.span)
        };
        assert_eq!(error("1__0"), ("invalid decimal literal".into(), (1, 2)));
        assert_eq!(error("0x"), ("invalid hexadecimal literal".into(), (1, 2)));
        assert_eq!(error("0o1_8"), ("invalid digit '8' in octal literal".into(), (4, 5)));
        assert_eq!(error("1e+"), ("invalid decimal literal".into(), (2, 3)));
        assert_eq!(error("12px"), ("invalid decimal literal".into(), (1, 2)));
        assert_eq!(error("0_07").1, (0, 3));
        for fine in ["1if x else y", "0x1for", "1 .real", "1_0.5_0e1_0j", "1or 2", "00"] {
            assert!(tokenize(fine).is_ok(), "{fine}");
        }
        assert!(tokenize("1andy").is_err() && tokenize("1elsewhere").is_err());
    }
}
