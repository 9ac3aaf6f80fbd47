//! Turning byte offsets into lines and columns, and syntax errors into the
//! text CPython prints for them. Spans stay byte offsets everywhere else.

use std::fmt;

use crate::lexer::Span;

/// Which builtin exception class a syntax problem is reported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorClass {
    Syntax,
    Indentation,
    Tab,
}

impl SyntaxErrorClass {
    pub fn name(self) -> &'static str {
        match self {
            SyntaxErrorClass::Syntax => "SyntaxError",
            SyntaxErrorClass::Indentation => "IndentationError",
            SyntaxErrorClass::Tab => "TabError",
        }
    }
}

/// A syntax error from any front-end stage (scanner, layout, grammar,
/// compiler), unified: what to call it, what to say, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub class: SyntaxErrorClass,
    pub message: String,
    pub span: Span,
    /// Whether the report marks the span under the source line; CPython
    /// leaves the marker out for some errors (TabError, a missing `except`
    /// at the end of the file).
    pub caret: bool,
    /// The text the error is shown against when it is not the file's own
    /// line (see [`Snippet`]).
    pub snippet: Option<Box<Snippet>>,
    /// Whether CPython counts this error's columns in UTF-8 bytes, as its
    /// parser and compiler do (unless the file declares its encoding); its
    /// scanner counts characters. It shows on lines with non-ASCII text.
    pub columns_in_bytes: bool,
}

/// Text an error is reported against instead of a line of the file: CPython
/// reports an error inside an f-string field's expression against the
/// parenthesized expression, as it parsed it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// The file's line the text stands for.
    pub line: usize,
    pub text: String,
    /// Byte offsets into `text`.
    pub span: Span,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError::of_class(SyntaxErrorClass::Syntax, message, span)
    }

    pub fn indentation(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError::of_class(SyntaxErrorClass::Indentation, message, span)
    }

    pub fn of_class(class: SyntaxErrorClass, message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            class,
            message: message.into(),
            span,
            caret: class != SyntaxErrorClass::Tab,
            snippet: None,
            columns_in_bytes: true,
        }
    }

    /// Reports the columns in characters, as CPython's scanner does for
    /// its errors (its parser and compiler count bytes).
    pub fn in_characters(self) -> SyntaxError {
        SyntaxError { columns_in_bytes: false, ..self }
    }

    pub fn without_caret(self) -> SyntaxError {
        SyntaxError { caret: false, ..self }
    }

    /// The traceback-style report CPython prints on stderr.
    pub fn render(&self, filename: &str, source: &str) -> String {
        let location = self.location(source);
        let mut report = location.render(filename, self.caret);
        report.push_str(&format!("{}: {}\n", self.class.name(), self.message));
        report
    }

    /// Where CPython's SyntaxError would say the error is: the line, the
    /// text of that line, and 1-based start and end offsets in it, in
    /// bytes or characters (see `columns_in_bytes`).
    pub fn location(&self, source: &str) -> ErrorLocation {
        let in_bytes = self.columns_in_bytes && !has_coding_declaration(source);
        let column = |text: &str, byte: usize| -> usize {
            let byte = byte.min(text.len());
            if in_bytes { byte } else { text[..byte].chars().count() }
        };
        match &self.snippet {
            Some(snippet) => {
                let text = snippet.text.clone();
                let (offset, end) = (column(&text, snippet.span.0) + 1, column(&text, snippet.span.1) + 1);
                ErrorLocation { line: snippet.line, text: Some(text), offset, end_offset: end }
            }
            None => {
                let map = SourceMap::new(source);
                let (line, end_line) = (map.line(self.span.0), map.line(self.span.1));
                let start = map.line_start(line);
                let mut text = map.line_text(line).to_string();
                if source[start + text.len()..].starts_with(['\n', '\r']) {
                    text.push('\n');
                }
                let offset = column(&text, self.span.0 - start) + 1;
                // An error spanning lines is marked to the end of its first.
                let end_offset = if end_line > line { text.len() } else { column(&text, self.span.1 - start) + 1 };
                let end_offset = end_offset.min(text.len() + 1);
                ErrorLocation { line, text: map.is_real_line(line).then_some(text), offset, end_offset }
            }
        }
    }
}

/// Where a syntax error is, as CPython's SyntaxError attributes give it
/// (`lineno`, `text`, `offset`, `end_offset`).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorLocation {
    pub line: usize,
    pub text: Option<String>,
    /// 1-based column of the error's start in `text`.
    pub offset: usize,
    /// 1-based column just past the error's end.
    pub end_offset: usize,
}

impl ErrorLocation {
    /// The `File "x", line N`, source line and marker lines of a report.
    pub fn render(&self, filename: &str, caret: bool) -> String {
        let (offset, end_offset) = (self.offset, self.end_offset);
        let mut report = format!("  File \"{filename}\", line {}\n", self.line);
        if let Some(text) = &self.text {
            let carets = if end_offset > offset { end_offset - offset } else { 1 };
            let shown = text.trim_start_matches([' ', '\t', '\x0c']);
            let length = shown.strip_suffix('\n').unwrap_or(shown).len();
            let offset = (offset as isize - 1 - (text.len() - shown.len()) as isize).min(length as isize);
            report.push_str(&format!("    {}\n", shown.strip_suffix('\n').unwrap_or(shown)));
            // No marker when the column is left of the text (inside the
            // indentation, or before the line as some errors put it).
            if caret && offset >= 0 {
                report.push_str(&format!("    {}{}\n", " ".repeat(offset as usize), "^".repeat(carets)));
            }
        }
        report
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class.name(), self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// Line starts of a source text, to turn offsets into 1-based lines and
/// 0-based character columns when an error is shown.
pub struct SourceMap<'src> {
    source: &'src str,
    line_starts: Vec<usize>,
}

impl<'src> SourceMap<'src> {
    pub fn new(source: &'src str) -> SourceMap<'src> {
        let mut line_starts = vec![0];
        let bytes = source.as_bytes();
        for (index, &byte) in bytes.iter().enumerate() {
            let ends_line = byte == b'\n' || (byte == b'\r' && bytes.get(index + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(index + 1);
            }
        }
        SourceMap { source, line_starts }
    }

    /// 1-based line number of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset).max(1)
    }

    /// 1-based line and 0-based column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let column = self.source.get(start..offset).map_or(0, |text| text.chars().count());
        (line, column)
    }

    /// The offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(self.source.len())
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &'src str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).copied().unwrap_or(self.source.len());
        self.source[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn text(&self) -> &'src str {
        self.source
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The start of the file's last line, ignoring the empty "line" after
    /// a final line break.
    pub fn last_line_start(&self) -> usize {
        let last = self.source.len().saturating_sub(1);
        self.line_starts[self.line(last) - 1]
    }

    /// Whether a 1-based line holds text or a line break of the file.
    fn is_real_line(&self, line: usize) -> bool {
        line >= 1 && self.line_starts.get(line - 1).is_some_and(|&start| start < self.source.len())
    }
}

/// A warning about code that compiles but is almost certainly a mistake,
/// printed on stderr before the program runs, as CPython's `warnings`
/// module prints a SyntaxWarning.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxWarning {
    pub span: Span,
    pub message: String,
}

impl SyntaxWarning {
    pub fn render(&self, filename: &str, source: &str) -> String {
        let map = SourceMap::new(source);
        let line = map.line(self.span.0);
        format!("{filename}:{line}: SyntaxWarning: {}\n  {}\n", self.message, map.line_text(line).trim())
    }
}

/// Whether the first two lines declare the file's encoding (PEP 263), which
/// makes CPython count a syntax error's columns in characters.
fn has_coding_declaration(source: &str) -> bool {
    source.lines().take(2).any(|line| {
        let Some(comment) = line.trim_start_matches([' ', '\t', '\x0c']).strip_prefix('#') else {
            return false;
        };
        comment.match_indices("coding").any(|(at, _)| {
            let rest = &comment[at + "coding".len()..];
            rest.starts_with([':', '='])
                && rest[1..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(|c: char| c.is_alphanumeric() || "-_.".contains(c))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let map = SourceMap::new("ab\ncd\r\nef");
        assert_eq!(map.line_column(0), (1, 0));
        assert_eq!(map.line_column(4), (2, 1));
        assert_eq!(map.line_column(7), (3, 0));
        assert_eq!(map.line_text(2), "cd");
    }

    #[test]
    fn render_points_at_the_column() {
        let error = SyntaxError::new("invalid syntax", (6, 7));
        assert_eq!(
            error.render("x.asy", "x = 1 +\n"),
            "  File \"x.asy\", line 1\n    x = 1 +\n          ^\nSyntaxError: invalid syntax\n"
        );
    }
}
