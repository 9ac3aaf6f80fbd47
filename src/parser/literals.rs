//! Number and string literals: their values, escapes, and CPython's
//! messages for the malformed ones.

use lalrpop_util::ParseError;
use num_bigint::BigInt;

use super::fstring::{FString, parse_fstring};
use super::{ActionResult, fail, next_token_span};
use crate::ast::*;
use crate::diagnostic::SyntaxError;

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
pub fn string_literals(source: &str, pieces: Vec<(usize, &str)>, span: Span) -> ActionResult<Expr> {
    decode_string_group(source, pieces, span).map_err(|error| ParseError::User { error })
}

pub(super) fn decode_string_group(source: &str, tokens: Vec<(usize, &str)>, span: Span) -> Result<Expr, SyntaxError> {
    // CPython reports a literal's decoding errors at the token after the
    // literals, where its parser stood when it decoded them.
    let failure = |message: String| SyntaxError::new(message, next_token_span(source, span.1));
    let pieces: Vec<StringPiece> = tokens.iter().map(|&(start, text)| split_string_token(start, text)).collect();
    let bytes_mode = pieces[0].bytes;
    let mut bytes = Vec::new();
    let mut parts: Vec<FStringPart> = Vec::new();
    // Token by token, as CPython goes: decode it, then check that it does
    // not mix bytes with text, then split an f-string.
    for (piece, &(start, text)) in pieces.iter().zip(&tokens) {
        if piece.bytes {
            if !piece.body.is_ascii() {
                let message = "bytes can only contain ASCII literal characters";
                return Err(SyntaxError::new(message, (start, start + text.len())));
            }
            bytes.extend(decode_bytes(piece).map_err(failure)?);
        }
        let plain_text = match piece.bytes || piece.formatted {
            true => None,
            false => Some(decode_text(piece.body, piece.raw).map_err(failure)?),
        };
        if piece.bytes != bytes_mode {
            return Err(failure("cannot mix bytes and nonbytes literals".into()));
        }
        let decoded = match plain_text {
            Some(text) => vec![FStringPart::Literal(text)],
            None if piece.formatted => {
                let fstring = FString {
                    source,
                    body: piece.body,
                    body_offset: piece.body_offset,
                    raw: piece.raw,
                    group_end: span.1,
                };
                parse_fstring(&fstring)?
            }
            None => Vec::new(),
        };
        for part in decoded {
            match (parts.last_mut(), part) {
                (Some(FStringPart::Literal(previous)), FStringPart::Literal(text)) => previous.push_str(&text),
                (_, part) => parts.push(part),
            }
        }
    }
    if bytes_mode {
        return Ok(Expr::new(ExprKind::Constant(Constant::Bytes(bytes)), span));
    }
    if parts.iter().all(|p| matches!(p, FStringPart::Literal(_))) {
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

/// The text of a `str` literal's body; an error is CPython's message.
pub(super) fn decode_text(body: &str, raw: bool) -> Result<String, String> {
    if raw || !body.contains('\\') {
        return Ok(normalize_newlines(body));
    }
    decode_escapes(body, false).map(|units| units.into_iter().collect())
}

/// The bytes of an (ASCII) `bytes` literal's body.
fn decode_bytes(piece: &StringPiece) -> Result<Vec<u8>, String> {
    if piece.raw {
        return Ok(normalize_newlines(piece.body).into_bytes());
    }
    let units = decode_escapes(piece.body, true)?;
    Ok(units.into_iter().map(|c| c as u32 as u8).collect())
}

/// Line breaks inside a literal read as `\n`, whatever the file uses.
pub(super) fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() }
}

/// Decodes backslash escapes. For bytes, each returned char is one byte
/// value (0..=255); `\u`, `\U` and `\N` are not escapes there.
fn decode_escapes(body: &str, bytes: bool) -> Result<Vec<char>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    let codec = if bytes { "bytes" } else { "unicodeescape" };
    // CPython hands the decoder the literal with each non-ASCII character
    // spelled as a ten-byte `\U0000XXXX`; error positions count those.
    let reported = |index: usize| -> usize { body[..index].chars().map(|c| if c.is_ascii() { 1 } else { 10 }).sum() };
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
                                format!("(value error) invalid \\x escape at position {}", reported(position))
                            } else {
                                format!(
                                    "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: truncated \\{}{} escape",
                                    reported(position),
                                    reported(position) + 1 + index,
                                    escape,
                                    "X".repeat(count)
                                )
                            };
                            return Err(message);
                        }
                    }
                }
                match char::from_u32(value) {
                    Some(decoded) => out.push(decoded),
                    None if (0xD800..0xE000).contains(&value) => out.push('\u{FFFD}'),
                    None => {
                        return Err(format!(
                            "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: illegal Unicode character",
                            reported(position),
                            reported(position) + 1 + count
                        ));
                    }
                }
            }
            'N' if !bytes => {
                // `\N{name}`: the error names the bytes up to where the
                // scan stopped, as CPython's decoder does.
                let rest = &body[position + 2..];
                let (decoded, scanned, problem) = match rest.strip_prefix('{') {
                    Some(after) => match after.find('}') {
                        Some(0) => (None, 3, "malformed \\N character escape"),
                        Some(close) => (character_named(&after[..close]), close + 4, "unknown Unicode character name"),
                        None => (None, rest.len() + 2, "malformed \\N character escape"),
                    },
                    None => (None, 2, "malformed \\N character escape"),
                };
                let Some(decoded) = decoded else {
                    return Err(format!(
                        "(unicode error) '{codec}' codec can't decode bytes in position {}-{}: {problem}",
                        reported(position),
                        reported(position) + scanned - 1
                    ));
                };
                out.push(decoded);
                while chars.peek().is_some_and(|&(at, _)| at < position + scanned) {
                    chars.next();
                }
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

/// The character a `\N{...}` escape names, as CPython 3.11's name database
/// reads names: a character's name or one of its aliases, spelled exactly
/// but in any case; the algorithmic names of Hangul syllables and CJK
/// ideographs only in upper case.
fn character_named(name: &str) -> Option<char> {
    let upper = name.to_ascii_uppercase();
    if let Some(hex) = upper.strip_prefix("CJK UNIFIED IDEOGRAPH-") {
        let code = u32::from_str_radix(hex, 16).ok().filter(|_| name == upper && matches!(hex.len(), 4 | 5))?;
        return char::from_u32(code).filter(|_| is_unified_ideograph(code));
    }
    if upper.starts_with("HANGUL SYLLABLE ") && name != upper {
        return None;
    }
    // The lookup matches loosely (ignoring spaces, underscores, medial
    // hyphens); keep a loose spelling of a name out, let aliases through.
    let found = unicode_names2::character(name)?;
    // Control characters have aliases only.
    let canonical = unicode_names2::name(found).map(|name| name.to_string()).unwrap_or_default();
    if canonical == upper {
        return Some(found);
    }
    let loose = |text: &str| -> String { text.chars().filter(|c| c.is_ascii_alphanumeric()).collect() };
    let spelled_exactly = !upper.contains("  ") && !upper.contains('_') && upper.trim() == upper;
    (spelled_exactly && loose(&canonical) != loose(&upper)).then_some(found)
}

/// The CJK unified ideographs of Unicode 14.0, CPython 3.11's version.
fn is_unified_ideograph(code: u32) -> bool {
    matches!(
        code,
        0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B738
            | 0x2B740..=0x2B81D
            | 0x2B820..=0x2CEA1
            | 0x2CEB0..=0x2EBE0
            | 0x30000..=0x3134A
    )
}
