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
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError { class: SyntaxErrorClass::Syntax, message: message.into(), span }
    }

    pub fn indentation(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError { class: SyntaxErrorClass::Indentation, message: message.into(), span }
    }

    /// The traceback-style report CPython prints on stderr.
    pub fn render(&self, filename: &str, source: &str) -> String {
        let map = SourceMap::new(source);
        let (line, column) = map.line_column(self.span.0);
        let text = map.line_text(line);
        let indent = text.len() - text.trim_start().len();
        let shown = text.trim();
        let mut report = format!("  File \"{filename}\", line {line}\n");
        if !shown.is_empty() {
            report.push_str(&format!("    {shown}\n"));
            if self.class != SyntaxErrorClass::Tab {
                let caret_column = column.saturating_sub(text[..indent].chars().count());
                let width = if self.span.1 > self.span.0 {
                    let end_line = map.line_column(self.span.1).0;
                    if end_line == line { source[self.span.0..self.span.1].chars().count().max(1) } else { 1 }
                } else {
                    1
                };
                let width = width.min(shown.chars().count().saturating_sub(caret_column).max(1));
                report.push_str(&format!("    {}{}\n", " ".repeat(caret_column), "^".repeat(width)));
            }
        }
        report.push_str(&format!("{}: {}\n", self.class.name(), self.message));
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
