//! Printing an exception the way CPython's default handler does: chained
//! causes and contexts first, then the traceback, then `Type: message`.

use std::rc::Rc;

use super::Vm;
use crate::diagnostic::SourceMap;
use crate::object::exception::ExceptionObject;
use crate::value::Value;

/// Identical consecutive traceback lines beyond this many are summarized.
const REPEAT_CUTOFF: usize = 3;

/// Members of an exception group shown before "and N more exceptions".
const MAX_GROUP_WIDTH: usize = 15;

/// Nesting of exception groups shown before "... (max_group_depth is 10)".
const MAX_GROUP_DEPTH: usize = 10;

/// How deep a report is in the boxes exception groups print around their
/// members (CPython's `_ExceptionPrintContext`).
#[derive(Default)]
struct GroupBoxes {
    depth: usize,
    /// The innermost box still needs its closing line.
    need_close: bool,
}

impl GroupBoxes {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Appends `text`, each line behind the margin of the current box.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        if self.depth == 0 {
            out.push_str(text);
            return;
        }
        let prefix = format!("{}{margin} ", self.indent());
        for line in text.split_inclusive('\n') {
            out.push_str(&prefix);
            out.push_str(line);
        }
    }
}

/// Whether a report adds "Did you mean" hints (`suggestions.rs`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Suggestions {
    Offer,
    Omit,
}

impl Vm {
    /// The full report of an uncaught exception, ending with a newline.
    pub fn format_exception(&mut self, exception: &Rc<ExceptionObject>) -> String {
        self.format_report(exception, Suggestions::Offer)
    }

    /// The report of an exception nothing could raise further (from a
    /// dropped generator's cleanup): CPython's hook for those offers no
    /// "Did you mean".
    pub(crate) fn format_unraisable(&mut self, exception: &Rc<ExceptionObject>) -> String {
        self.format_report(exception, Suggestions::Omit)
    }

    fn format_report(&mut self, exception: &Rc<ExceptionObject>, suggestions: Suggestions) -> String {
        let mut out = String::new();
        let mut seen = Vec::new();
        let mut groups = GroupBoxes::default();
        self.format_chain(exception, suggestions, &mut out, &mut seen, &mut groups);
        out
    }

    fn format_chain(
        &mut self,
        exception: &Rc<ExceptionObject>,
        suggestions: Suggestions,
        out: &mut String,
        seen: &mut Vec<*const ExceptionObject>,
        groups: &mut GroupBoxes,
    ) {
        seen.push(Rc::as_ptr(exception));
        let cause = exception.cause.borrow().clone();
        let context = exception.context.borrow().clone();
        match (&cause, &context) {
            (Value::Exception(cause), _) if !seen.contains(&Rc::as_ptr(cause)) => {
                self.format_chain(cause, suggestions, out, seen, groups);
                groups.emit(out, "\nThe above exception was the direct cause of the following exception:\n\n", '|');
            }
            (_, Value::Exception(context))
                if !exception.suppress_context.get() && !seen.contains(&Rc::as_ptr(context)) =>
            {
                self.format_chain(context, suggestions, out, seen, groups);
                groups.emit(out, "\nDuring handling of the above exception, another exception occurred:\n\n", '|');
            }
            _ => {}
        }
        let Some(members) = crate::builtins::group_members(self, exception) else {
            let mut text = String::new();
            if self.format_traceback(exception, &mut text) {
                groups.emit(out, "Traceback (most recent call last):\n", '|');
            }
            groups.emit(out, &text, '|');
            let summary = self.format_summary(exception, suggestions);
            groups.emit(out, &summary, '|');
            return;
        };
        if groups.depth > MAX_GROUP_DEPTH {
            groups.emit(out, &format!("... (max_group_depth is {MAX_GROUP_DEPTH})\n"), '|');
            return;
        }
        self.format_group(exception, &members, suggestions, out, seen, groups);
    }

    /// An exception group in CPython's boxes: its own traceback, then
    /// each member's report in a numbered box, indented one level more.
    fn format_group(
        &mut self,
        group: &Rc<ExceptionObject>,
        members: &[Value],
        suggestions: Suggestions,
        out: &mut String,
        seen: &mut Vec<*const ExceptionObject>,
        groups: &mut GroupBoxes,
    ) {
        let top_level = groups.depth == 0;
        if top_level {
            groups.depth += 1;
        }
        let mut text = String::new();
        if self.format_traceback(group, &mut text) {
            groups.emit(out, "Exception Group Traceback (most recent call last):\n", if top_level { '+' } else { '|' });
            groups.emit(out, &text, '|');
        }
        let summary = self.format_summary(group, suggestions);
        groups.emit(out, &summary, '|');
        let shown = members.len().min(MAX_GROUP_WIDTH + 1);
        groups.need_close = false;
        for (index, member) in members.iter().take(shown).enumerate() {
            let last = index + 1 == shown;
            if last {
                // A nested group's own closing line may close this one too.
                groups.need_close = true;
            }
            let truncated = index >= MAX_GROUP_WIDTH;
            let title = if truncated { "...".to_string() } else { (index + 1).to_string() };
            let corner = if index == 0 { "+-" } else { "  " };
            out.push_str(&format!("{}{corner}+---------------- {title} ----------------\n", groups.indent()));
            groups.depth += 1;
            match member {
                Value::Exception(member) if !truncated => self.format_chain(member, suggestions, out, seen, groups),
                _ => {
                    let remaining = members.len() - MAX_GROUP_WIDTH;
                    let plural = if remaining > 1 { "s" } else { "" };
                    groups.emit(out, &format!("and {remaining} more exception{plural}\n"), '|');
                }
            }
            if last && groups.need_close {
                out.push_str(&format!("{}+------------------------------------\n", groups.indent()));
                groups.need_close = false;
            }
            groups.depth -= 1;
        }
        if top_level {
            groups.depth -= 1;
        }
    }

    /// `Type: message` (or a SyntaxError's location and message), the
    /// "Did you mean" hint, then the notes added with add_note().
    fn format_summary(&mut self, exception: &Rc<ExceptionObject>, suggestions: Suggestions) -> String {
        let mut out = String::new();
        match self.syntax_error_location(exception) {
            // A SyntaxError shows where the error is, then its message.
            Some((location, message)) => {
                out.push_str(&location);
                out.push_str(&format!("{}: {message}\n", exception.class.name()));
            }
            None => {
                out.push_str(&self.exception_summary(exception));
                if suggestions == Suggestions::Offer
                    && let Some(suggestion) = self.suggestion_for(exception)
                {
                    out.push_str(&suggestion);
                }
                out.push('\n');
            }
        }
        // Notes added with add_note() follow, one per line.
        let notes = exception
            .attributes
            .borrow()
            .iter()
            .find_map(|(key, value)| (key.as_str() == Some("__notes__")).then(|| value.clone()));
        if let Some(Value::List(notes)) = notes {
            for note in notes.snapshot() {
                let text = self.to_str(&note).unwrap_or_default();
                out.push_str(&text);
                out.push('\n');
            }
        }
        out
    }

    /// The `File` lines of an exception's traceback, most recent call
    /// last; false when it has none.
    fn format_traceback(&self, exception: &ExceptionObject, out: &mut String) -> bool {
        let entries = exception.traceback.borrow();
        if entries.is_empty() {
            return false;
        }
        let mut previous: Option<(&str, u32, &str)> = None;
        let mut repeats = 0;
        for entry in entries.iter().rev() {
            let key = (&*entry.code.filename, entry.line, entry.code.name.as_str());
            if previous == Some(key) {
                repeats += 1;
                if repeats >= REPEAT_CUTOFF {
                    continue;
                }
            } else {
                flush_repeats(out, repeats);
                repeats = 0;
                previous = Some(key);
            }
            out.push_str(&format!("  File \"{}\", line {}, in {}\n", key.0, key.1, key.2));
            if let Some(source) = self.sources.get(&entry.code.filename) {
                let map = SourceMap::new(source);
                let line = map.line_text(entry.line as usize);
                if !line.trim().is_empty() {
                    out.push_str(&format!("    {}\n", line.trim()));
                    if let Some(carets) = caret_line(source, &map, entry.line as usize, entry.span) {
                        out.push_str(&carets);
                    }
                }
            }
        }
        flush_repeats(out, repeats);
        true
    }

    /// For a SyntaxError that knows where it is (a module that failed to
    /// compile): the `File`/source/marker lines CPython prints, and the
    /// message.
    fn syntax_error_location(&mut self, exception: &ExceptionObject) -> Option<(String, String)> {
        if !exception.class.is_builtin_exception_subclass(crate::object::exception::ExcKind::SyntaxError) {
            return None;
        }
        let attributes = exception.attributes.borrow();
        let get = |name: &str| attributes.get_str(&crate::object::string::Str::new(name.into())).cloned();
        let message = self.to_str(&get("msg")?).ok()?;
        let filename = self.to_str(&get("filename")?).ok()?;
        let number = |value: Option<Value>| value.and_then(|v| v.as_i64()).unwrap_or(0).max(0) as usize;
        let location = crate::diagnostic::ErrorLocation {
            line: number(get("lineno")),
            text: get("text").and_then(|text| text.as_str().map(str::to_string)),
            offset: number(get("offset")),
            end_offset: number(get("end_offset")),
        };
        Some((location.render(&filename, true), message))
    }

    /// `Type: message`, or just `Type` when the message is empty.
    pub fn exception_summary(&mut self, exception: &Rc<ExceptionObject>) -> String {
        let class = &exception.class;
        let name = match class.module.as_str() {
            "__main__" | "builtins" => class.qualname.clone(),
            module => format!("{module}.{}", class.qualname),
        };
        let message = self.exception_str(exception).unwrap_or_else(|_| "<exception str() failed>".into());
        if message.is_empty() { name } else { format!("{name}: {message}") }
    }
}

fn flush_repeats(out: &mut String, repeats: usize) {
    if repeats >= REPEAT_CUTOFF {
        let more = repeats - (REPEAT_CUTOFF - 1);
        let plural = if more == 1 { "" } else { "s" };
        out.push_str(&format!("  [Previous line repeated {more} more time{plural}]\n"));
    }
}

impl Vm {
    /// For an uncaught SystemExit: the process exit status (after printing
    /// a non-integer code to stderr, as CPython does). None for any other
    /// exception.
    pub fn exit_status(&mut self, exception: &ExceptionObject) -> Option<u8> {
        if !exception.class.is_builtin_exception_subclass(crate::object::exception::ExcKind::SystemExit) {
            return None;
        }
        let code = match exception.args() {
            Value::Tuple(args) if args.len() == 1 => args.items[0].clone(),
            Value::Tuple(args) if args.is_empty() => Value::None,
            other => other,
        };
        Some(match code {
            Value::None => 0,
            Value::Int(status) => status as u8,
            Value::Bool(flag) => flag as u8,
            other => {
                let message = self.to_str(&other).unwrap_or_default();
                self.flush_stdout();
                eprintln!("{message}");
                1
            }
        })
    }
}

/// CPython 3.11's marker line under a traceback's source line: `^` under
/// the failing expression when it is only part of the line; for a binary
/// operation `~` under the operands and `^` under the operator, for a
/// subscript `~` under the value and `^` under the brackets.
fn caret_line(source: &str, map: &SourceMap, line_number: usize, span: (u32, u32)) -> Option<String> {
    let (start, end) = (span.0 as usize, span.1 as usize);
    if end <= start || end > source.len() {
        return None;
    }
    let (start_line, start_column) = map.line_column(start);
    if start_line != line_number {
        return None;
    }
    let line = map.line_text(line_number);
    let line_start = start - source[..start].rfind(['\n', '\r']).map_or(start, |i| start - i - 1);
    let indent = line.chars().count() - line.trim_start().chars().count();
    let stripped_length = line.trim().chars().count();
    let (end_line, end_column) = map.line_column(end);
    let mut anchors = None;
    let end_column = if end_line == line_number {
        anchors = operator_anchors(&source[start..end]);
        end_column
    } else {
        indent + stripped_length
    };
    let _ = line_start;
    let width = end_column.saturating_sub(start_column);
    let has_operator = anchors.is_some_and(|(left, right)| right > left);
    if width >= stripped_length && !has_operator {
        return None;
    }
    let mut marks = String::with_capacity(width + 8);
    marks.push_str("    ");
    marks.push_str(&" ".repeat(start_column.saturating_sub(indent)));
    match anchors {
        Some((left, right)) => {
            let right = right.min(width);
            marks.push_str(&"~".repeat(left.min(right)));
            marks.push_str(&"^".repeat(right - left.min(right)));
            marks.push_str(&"~".repeat(width - right));
        }
        None => marks.push_str(&"^".repeat(width)),
    }
    marks.push('\n');
    Some(marks)
}

/// Where the operator of a binary operation or the brackets of a
/// subscript sit within an expression's text, in characters.
fn operator_anchors(segment: &str) -> Option<(usize, usize)> {
    let expression = crate::parser::parse_expression(segment).ok()?;
    let characters = |bytes: usize| segment.get(..bytes).map_or(0, |text| text.chars().count());
    match &expression.kind {
        crate::ast::ExprKind::Binary { left, right, .. } => {
            let between = segment.get(left.span.1..right.span.0)?;
            let operator_offset =
                between.len() - between.trim_start_matches(|c: char| c.is_whitespace() || c == ')').len();
            let left_anchor = left.span.1 + operator_offset;
            let mut right_anchor = left_anchor + 1;
            let next = between.as_bytes().get(operator_offset + 1);
            if next.is_some_and(|b| !b.is_ascii_whitespace()) && operator_offset + 1 < between.len() {
                right_anchor += 1;
            }
            Some((characters(left_anchor), characters(right_anchor)))
        }
        crate::ast::ExprKind::Subscript { value, index } => {
            Some((characters(value.span.1), characters((index.span.1 + 1).min(segment.len()))))
        }
        _ => None,
    }
}
