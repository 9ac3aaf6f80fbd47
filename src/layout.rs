//! The layout pass: between the scanner and the grammar, it turns the line
//! structure of the source into NEWLINE, INDENT and DEDENT tokens, the way
//! Python's tokenizer does. It knows nothing of the grammar.
//!
//! Rules: a NEWLINE ends each logical line that holds a token; blank and
//! comment-only lines produce nothing; inside brackets line breaks are
//! ignored; an indented first token opens a block (INDENT), a dedented one
//! closes blocks (DEDENT, zero-width) down to a matching level, or is an
//! error. At the end of input: unclosed brackets are an error, then a final
//! NEWLINE and the DEDENTs that close every open block.

use std::collections::VecDeque;

use crate::diagnostic::SourceMap;
use crate::lexer::{LexError, LexErrorKind, Span, Spanned, Token, tokens};

/// CPython's tokenizer limit on open brackets (MAXLEVEL).
const MAX_BRACKET_DEPTH: usize = 200;

/// Python's two views of an indentation: columns with tabs to the next
/// multiple of 8, and with tabs as one column. When the two orderings
/// disagree, the indentation depends on tab width: a TabError.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Indentation {
    column: usize,
    tab_as_one: usize,
}

/// Measures the whitespace that starts the line holding `offset`.
fn indentation_at(source: &str, offset: usize) -> Indentation {
    let line_start = source[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut indentation = Indentation { column: 0, tab_as_one: 0 };
    for byte in source[line_start..offset].bytes() {
        match byte {
            b' ' => {
                indentation.column += 1;
                indentation.tab_as_one += 1;
            }
            b'\t' => {
                indentation.column = (indentation.column / 8 + 1) * 8;
                indentation.tab_as_one += 1;
            }
            // A form feed resets the count, as in CPython.
            b'\x0C' => indentation = Indentation { column: 0, tab_as_one: 0 },
            _ => {}
        }
    }
    indentation
}

/// The layout pass as an iterator over scanned tokens. It stops after the
/// first error it yields.
pub struct Layout<'src, I> {
    source: &'src str,
    scanned: I,
    pending: VecDeque<Spanned<'src>>,
    indents: Vec<Indentation>,
    open_brackets: Vec<(char, Span)>,
    line_has_tokens: bool,
    finished: bool,
}

impl<'src, I: Iterator<Item = Spanned<'src>>> Layout<'src, I> {
    pub fn new(source: &'src str, scanned: I) -> Self {
        Layout {
            source,
            scanned,
            pending: VecDeque::new(),
            indents: vec![Indentation { column: 0, tab_as_one: 0 }],
            open_brackets: Vec::new(),
            line_has_tokens: false,
            finished: false,
        }
    }

    /// True while a bracket is open: the REPL asks for more lines then.
    pub fn inside_brackets(&self) -> bool {
        !self.open_brackets.is_empty()
    }

    /// Queues the INDENT or DEDENTs that the first token of a line implies.
    fn indent_line(&mut self, start: usize) -> Result<(), LexError> {
        let here = indentation_at(self.source, start);
        let top = *self.indents.last().unwrap_or(&Indentation { column: 0, tab_as_one: 0 });
        let error = |kind| Err(LexError { kind, span: (start, start) });
        if here.column > top.column {
            if here.tab_as_one <= top.tab_as_one {
                return error(LexErrorKind::InconsistentTabs);
            }
            self.indents.push(here);
            let line_start = self.source[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
            self.pending.push_back(Ok((line_start, Token::Indent, start)));
        } else if here.column < top.column {
            while self.indents.last().is_some_and(|level| level.column > here.column) {
                self.indents.pop();
                self.pending.push_back(Ok((start, Token::Dedent, start)));
            }
            match self.indents.last() {
                Some(level) if level.column == here.column => {
                    if level.tab_as_one != here.tab_as_one {
                        return error(LexErrorKind::InconsistentTabs);
                    }
                }
                _ => return error(LexErrorKind::InconsistentDedent),
            }
        } else if here.tab_as_one != top.tab_as_one {
            return error(LexErrorKind::InconsistentTabs);
        }
        Ok(())
    }

    /// Tracks bracket nesting; a closing bracket must match the last opener.
    fn track_brackets(&mut self, token: &Token, span: Span) -> Result<(), LexError> {
        if let Some(open) = token.opening_bracket() {
            if self.open_brackets.len() >= MAX_BRACKET_DEPTH {
                return Err(LexError { kind: LexErrorKind::TooDeeplyNested, span });
            }
            self.open_brackets.push((open, span));
        } else if let Some(close) = token.closing_bracket() {
            match self.open_brackets.pop() {
                None => return Err(LexError { kind: LexErrorKind::UnmatchedBracket(close), span }),
                Some((open, (open_start, _))) if matching_close(open) != close => {
                    let lines = SourceMap::new(self.source);
                    let open_line = Some(lines.line(open_start)).filter(|&line| line != lines.line(span.0));
                    return Err(LexError { kind: LexErrorKind::MismatchedBracket { open, close, open_line }, span });
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Queues what the end of input implies: an error for an unclosed
    /// bracket, else the last NEWLINE and the DEDENTs closing every block.
    fn finish(&mut self) {
        self.finished = true;
        if let Some(&(open, span)) = self.open_brackets.last() {
            self.pending.push_back(Err(LexError { kind: LexErrorKind::UnclosedBracket(open), span }));
            return;
        }
        let end = self.source.len();
        if self.line_has_tokens {
            self.pending.push_back(Ok((end, Token::Newline, end)));
        }
        for _ in 1..self.indents.len() {
            self.pending.push_back(Ok((end, Token::Dedent, end)));
        }
    }

    /// Reads one scanned token and queues what it turns into.
    fn advance(&mut self) -> Result<(), LexError> {
        let Some(scanned) = self.scanned.next() else {
            self.finish();
            return Ok(());
        };
        let (start, token, end) = match scanned {
            Ok(token) => token,
            Err(error) => {
                // The scanner measures a line's indentation before it reads
                // the line's first token: a bad dedent is found first.
                if !self.line_has_tokens && self.open_brackets.is_empty() {
                    let line_start = self.source[..error.span.0].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                    let line = &self.source[line_start..];
                    let indent = line.len() - line.trim_start_matches([' ', '\t', '\x0c']).len();
                    self.indent_line(line_start + indent)?;
                }
                return Err(error);
            }
        };
        if token == Token::Newline {
            if self.open_brackets.is_empty() && self.line_has_tokens {
                self.pending.push_back(Ok((start, Token::Newline, end)));
                self.line_has_tokens = false;
            }
            return Ok(());
        }
        if !self.line_has_tokens && self.open_brackets.is_empty() {
            self.indent_line(start)?;
        }
        self.line_has_tokens = true;
        self.track_brackets(&token, (start, end))?;
        self.pending.push_back(Ok((start, token, end)));
        Ok(())
    }
}

impl<'src, I: Iterator<Item = Spanned<'src>>> Iterator for Layout<'src, I> {
    type Item = Spanned<'src>;

    fn next(&mut self) -> Option<Spanned<'src>> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                if item.is_err() {
                    self.pending.clear();
                    self.finished = true;
                }
                return Some(item);
            }
            if self.finished {
                return None;
            }
            if let Err(error) = self.advance() {
                self.finished = true;
                return Some(Err(error));
            }
        }
    }
}

/// Runs the layout pass over a whole source at once.
pub fn layout(source: &str) -> Result<Vec<(usize, Token<'_>, usize)>, LexError> {
    Layout::new(source, tokens(source)).collect()
}

fn matching_close(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(source: &str) -> Result<Vec<Token<'_>>, LexErrorKind> {
        layout(source).map(|t| t.into_iter().map(|(_, t, _)| t).collect()).map_err(|e| e.kind)
    }

    use Token::*;

    #[test]
    fn blocks_open_and_close() {
        let source = "if a:\n    b\n\n    # note\n    c\nd\n";
        assert_eq!(
            laid_out(source).unwrap(),
            vec![
                If,
                Name("a"),
                Colon,
                Newline,
                Indent,
                Name("b"),
                Newline,
                Name("c"),
                Newline,
                Dedent,
                Name("d"),
                Newline
            ]
        );
    }

    #[test]
    fn brackets_join_lines_and_eof_closes_blocks() {
        let source = "x = (1,\n  2)\nif y:\n  if z:\n    w";
        assert_eq!(
            laid_out(source).unwrap(),
            vec![
                Name("x"),
                Assign,
                LParen,
                Int("1"),
                Comma,
                Int("2"),
                RParen,
                Newline,
                If,
                Name("y"),
                Colon,
                Newline,
                Indent,
                If,
                Name("z"),
                Colon,
                Newline,
                Indent,
                Name("w"),
                Newline,
                Dedent,
                Dedent
            ]
        );
    }

    #[test]
    fn dedent_must_match_a_level() {
        assert_eq!(laid_out("if a:\n        b\n    c\n"), Err(LexErrorKind::InconsistentDedent));
    }

    #[test]
    fn tabs_and_spaces_must_agree() {
        assert_eq!(laid_out("if a:\n\tb\n        c\n"), Err(LexErrorKind::InconsistentTabs));
        assert!(laid_out("if a:\n\tb\n\tc\n").is_ok());
    }

    #[test]
    fn bracket_errors() {
        assert_eq!(laid_out("f(a, [1, 2\n"), Err(LexErrorKind::UnclosedBracket('[')));
        assert_eq!(
            laid_out("x = (1]\n"),
            Err(LexErrorKind::MismatchedBracket { open: '(', close: ']', open_line: Option::None })
        );
        assert_eq!(laid_out("x = 1)\n"), Err(LexErrorKind::UnmatchedBracket(')')));
    }

    #[test]
    fn dedent_spans_are_zero_width() {
        let source = "if a:\n  b\nc\n";
        let tokens = layout(source).unwrap();
        let dedent = tokens.iter().find(|(_, t, _)| *t == Dedent).unwrap();
        assert_eq!(dedent.0, dedent.2);
        assert_eq!(dedent.0, source.find('c').unwrap());
    }
}
