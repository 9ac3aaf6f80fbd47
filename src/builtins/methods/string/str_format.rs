//! `str.format` and `str.format_map`: the replacement-field markup, field
//! names with attribute and index accessors, and automatic numbering.

use crate::error::{Error, Result};
use crate::object::function::Keywords;
use crate::value::Value;
use crate::vm::Vm;
use crate::vm::text::ascii_escape;

use super::unicode::decimal_value;
use super::{positional, receiver};

/// `str.format(*args, **kwargs)`
pub(super) fn format(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (template, positional) = receiver("format", arguments)?;
    let sources = FieldSources { positional: Some(positional), named: Named::Keywords(keywords) };
    let text = build_string(vm, template.as_str(), &sources, FORMAT_RECURSION_DEPTH, &mut AutoNumber::default())?;
    Ok(Value::from_string(text))
}

/// `str.format_map(mapping)`: `format` with named fields looked up in the
/// mapping and no positional ones.
pub(super) fn format_map(vm: &mut Vm, arguments: &[Value], keywords: Keywords) -> Result<Value> {
    let (template, rest) = receiver("format_map", arguments)?;
    positional("format_map", rest, keywords, 1, 1)?;
    let sources = FieldSources { positional: None, named: Named::Mapping(&rest[0]) };
    let text = build_string(vm, template.as_str(), &sources, FORMAT_RECURSION_DEPTH, &mut AutoNumber::default())?;
    Ok(Value::from_string(text))
}

// ------------------------------------------------------------ str.format

/// How deeply format specs may nest fields: `{:{width}}` is allowed,
/// `{:{:{}}}` is not (CPython's recursion depth of 2).
const FORMAT_RECURSION_DEPTH: u32 = 2;

/// Where a replacement field's value comes from.
struct FieldSources<'a> {
    /// The positional arguments; None for `format_map`, which has none.
    positional: Option<&'a [Value]>,
    named: Named<'a>,
}

/// Where named fields are looked up: `format`'s keyword arguments or
/// `format_map`'s mapping.
enum Named<'a> {
    Keywords(Keywords<'a>),
    Mapping(&'a Value),
}

impl FieldSources<'_> {
    /// The value of a named field (`{name}`); a missing one is a KeyError.
    fn named(&self, vm: &mut Vm, name: &str) -> Result<Value> {
        match &self.named {
            Named::Keywords(keywords) => keywords
                .iter()
                .find(|(key, _)| key.as_str() == name)
                .map(|(_, value)| value.clone())
                .ok_or_else(|| Error::key_error(Value::from_text(name))),
            Named::Mapping(mapping) => vm.get_item(mapping, &Value::from_text(name)),
        }
    }

    /// The value of a numbered field (`{0}` or `{}`).
    fn positional(&self, index: usize) -> Result<Value> {
        let Some(arguments) = self.positional else {
            return Err(Error::value_error("Format string contains positional fields"));
        };
        arguments.get(index).cloned().ok_or_else(|| {
            Error::index_error(format!("Replacement index {index} out of range for positional args tuple"))
        })
    }
}

/// A format string numbers its fields automatically (`{}`) or manually
/// (`{0}`), never both.
#[derive(Clone, Copy, Default, PartialEq, Debug)]
enum Numbering {
    #[default]
    Undecided,
    Automatic,
    Manual,
}

/// The numbering state of one `format` call, shared with the fields
/// nested in specs.
#[derive(Default)]
struct AutoNumber {
    numbering: Numbering,
    next: usize,
}

impl AutoNumber {
    /// The positional index a field refers to, or None for a named field.
    fn resolve(&mut self, first: &str, index: Option<usize>) -> Result<Option<usize>, &'static str> {
        let automatic = first.is_empty();
        if !automatic && index.is_none() {
            return Ok(None);
        }
        if self.numbering == Numbering::Undecided {
            self.numbering = if automatic { Numbering::Automatic } else { Numbering::Manual };
        }
        match (self.numbering, automatic) {
            (Numbering::Manual, true) => {
                Err("cannot switch from manual field specification to automatic field numbering")
            }
            (Numbering::Automatic, false) => {
                Err("cannot switch from automatic field numbering to manual field specification")
            }
            (_, true) => {
                self.next += 1;
                Ok(Some(self.next - 1))
            }
            (_, false) => Ok(index),
        }
    }
}

/// A replacement field `{name!conversion:spec}`.
#[derive(Debug, PartialEq)]
struct Field<'t> {
    name: &'t str,
    conversion: Option<char>,
    spec: &'t str,
    /// Whether the spec holds fields of its own (`{:{width}}`).
    spec_has_fields: bool,
}

/// Walks a format string as literal text, each piece optionally followed
/// by a replacement field (a port of CPython's `MarkupIterator`).
struct Markup<'t> {
    text: &'t str,
    position: usize,
}

impl<'t> Markup<'t> {
    /// Starts at the beginning of a format string.
    fn new(text: &'t str) -> Markup<'t> {
        Markup { text, position: 0 }
    }

    /// The next literal and the field after it, or None at the end. All
    /// delimiters are ASCII, so scanning bytes never splits a character.
    fn next_piece(&mut self) -> Result<Option<(&'t str, Option<Field<'t>>)>, &'static str> {
        let bytes = self.text.as_bytes();
        let start = self.position;
        if start >= bytes.len() {
            return Ok(None);
        }
        let brace = bytes[start..].iter().position(|&b| b == b'{' || b == b'}');
        let Some(brace) = brace.map(|offset| start + offset) else {
            self.position = bytes.len();
            return Ok(Some((&self.text[start..], None)));
        };
        let c = bytes[brace];
        let next = bytes.get(brace + 1).copied();
        if next == Some(c) {
            // A doubled brace is a literal one.
            self.position = brace + 2;
            return Ok(Some((&self.text[start..=brace], None)));
        }
        if c == b'}' {
            return Err("Single '}' encountered in format string");
        }
        if next.is_none() {
            return Err("Single '{' encountered in format string");
        }
        self.position = brace + 1;
        let field = self.parse_field()?;
        Ok(Some((&self.text[start..brace], Some(field))))
    }

    /// Parses a field after its `{` up to and including its `}`.
    fn parse_field(&mut self) -> Result<Field<'t>, &'static str> {
        let text = self.text;
        let bytes = text.as_bytes();
        let name_start = self.position;
        let mut i = name_start;
        let mut terminator = None;
        while i < bytes.len() {
            let c = bytes[i];
            i += 1;
            match c {
                b'{' => return Err("unexpected '{' in field name"),
                // Brackets hide `:`, `!` and `}` (`{0[:]}` indexes ":").
                b'[' => {
                    while i < bytes.len() && bytes[i] != b']' {
                        i += 1;
                    }
                }
                b'}' | b':' | b'!' => {
                    terminator = Some(c);
                    break;
                }
                _ => {}
            }
        }
        let Some(terminator) = terminator else {
            return Err("expected '}' before end of string");
        };
        let name = &text[name_start..i - 1];
        if terminator == b'}' {
            self.position = i;
            return Ok(Field { name, conversion: None, spec: "", spec_has_fields: false });
        }
        let mut conversion = None;
        if terminator == b'!' {
            let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                return Err("end of string while looking for conversion specifier");
            };
            conversion = Some(c);
            i += c.len_utf8();
            if i < bytes.len() {
                let after = bytes[i];
                i += 1;
                if after == b'}' {
                    self.position = i;
                    return Ok(Field { name, conversion, spec: "", spec_has_fields: false });
                }
                if after != b':' {
                    return Err("expected ':' after conversion specifier");
                }
            }
        }
        // The spec runs to the `}` that balances the field's `{`.
        let spec_start = i;
        let mut depth = 1;
        let mut spec_has_fields = false;
        while i < bytes.len() {
            let c = bytes[i];
            i += 1;
            match c {
                b'{' => {
                    spec_has_fields = true;
                    depth += 1;
                }
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.position = i;
                        return Ok(Field { name, conversion, spec: &text[spec_start..i - 1], spec_has_fields });
                    }
                }
                _ => {}
            }
        }
        Err("unmatched '{' in format spec")
    }
}

/// CPython's `get_integer` for field names: Some(n) when the text is all
/// decimal digits (of any script), None when it is empty or a name.
fn parse_field_index(text: &str) -> Result<Option<usize>, &'static str> {
    if text.is_empty() {
        return Ok(None);
    }
    let mut value: usize = 0;
    for c in text.chars() {
        let Some(digit) = decimal_value(c) else { return Ok(None) };
        value = value
            .checked_mul(10)
            .and_then(|value| value.checked_add(digit as usize))
            .filter(|&value| value <= isize::MAX as usize)
            .ok_or("Too many decimal digits in format string")?;
    }
    Ok(Some(value))
}

/// One step into a field's value: `.name` or `[key]`.
#[derive(Debug, PartialEq)]
enum Accessor<'t> {
    Attribute(&'t str),
    /// The key as written, and as an index when it is all digits.
    Item(&'t str, Option<usize>),
}

/// Takes the next accessor off the tail of a field name (CPython's
/// `FieldNameIterator_next`).
fn next_accessor<'t>(rest: &mut &'t str) -> Result<Option<Accessor<'t>>, &'static str> {
    let tail = *rest;
    let (accessor, name) = match tail.as_bytes().first() {
        None => return Ok(None),
        Some(b'.') => {
            let body = &tail[1..];
            let end = body.find(['.', '[']).unwrap_or(body.len());
            *rest = &body[end..];
            (Accessor::Attribute(&body[..end]), &body[..end])
        }
        Some(b'[') => {
            let body = &tail[1..];
            let end = body.find(']').ok_or("Missing ']' in format string")?;
            *rest = &body[end + 1..];
            let key = &body[..end];
            (Accessor::Item(key, parse_field_index(key)?), key)
        }
        Some(_) => return Err("Only '.' or '[' may follow ']' in format field specifier"),
    };
    if name.is_empty() {
        return Err("Empty attribute in format string");
    }
    Ok(Some(accessor))
}

/// Renders a format string with its fields filled in (CPython's
/// `build_string`); `depth` bounds fields nested in specs.
fn build_string(
    vm: &mut Vm,
    template: &str,
    sources: &FieldSources<'_>,
    depth: u32,
    numbering: &mut AutoNumber,
) -> Result<String> {
    if depth == 0 {
        return Err(Error::value_error("Max string recursion exceeded"));
    }
    let mut out = String::with_capacity(template.len());
    let mut markup = Markup::new(template);
    while let Some((literal, field)) = markup.next_piece().map_err(Error::value_error)? {
        out.push_str(literal);
        if let Some(field) = field {
            render_field(vm, &field, sources, depth, numbering, &mut out)?;
        }
    }
    Ok(out)
}

/// Looks up, converts and formats one field onto `out`.
fn render_field(
    vm: &mut Vm,
    field: &Field<'_>,
    sources: &FieldSources<'_>,
    depth: u32,
    numbering: &mut AutoNumber,
    out: &mut String,
) -> Result<()> {
    let mut value = field_value(vm, field.name, sources, numbering)?;
    if let Some(conversion) = field.conversion {
        value = Value::from_string(match conversion {
            'r' => vm.repr(&value)?,
            's' => vm.to_str(&value)?,
            'a' => ascii_escape(&vm.repr(&value)?),
            other if (33..127).contains(&(other as u32)) => {
                return Err(Error::value_error(format!("Unknown conversion specifier {other}")));
            }
            other => {
                return Err(Error::value_error(format!("Unknown conversion specifier \\x{:x}", other as u32)));
            }
        });
    }
    let expanded;
    let spec = if field.spec_has_fields {
        expanded = build_string(vm, field.spec, sources, depth - 1, numbering)?;
        expanded.as_str()
    } else {
        field.spec
    };
    match &value {
        Value::Str(text) if spec.is_empty() => out.push_str(text.as_str()),
        _ => out.push_str(&vm.format(&value, spec)?),
    }
    Ok(())
}

/// The object a field name designates: an argument, then each `.attr` and
/// `[key]` applied in turn.
fn field_value(vm: &mut Vm, name: &str, sources: &FieldSources<'_>, numbering: &mut AutoNumber) -> Result<Value> {
    let (first, mut rest) = name.split_at(name.find(['.', '[']).unwrap_or(name.len()));
    let index = parse_field_index(first).map_err(Error::value_error)?;
    let mut value = match numbering.resolve(first, index).map_err(Error::value_error)? {
        Some(index) => sources.positional(index)?,
        None => sources.named(vm, first)?,
    };
    while let Some(accessor) = next_accessor(&mut rest).map_err(Error::value_error)? {
        value = match accessor {
            Accessor::Attribute(attribute) => {
                let attribute = vm.intern(attribute);
                vm.get_attribute(&value, &attribute)?
            }
            Accessor::Item(_, Some(index)) => vm.get_item(&value, &Value::from(index))?,
            Accessor::Item(key, None) => vm.get_item(&value, &Value::from_text(key))?,
        };
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every piece of a format string, or the first error.
    fn pieces(template: &str) -> Result<Vec<(&str, Option<Field<'_>>)>, &'static str> {
        let mut markup = Markup::new(template);
        let mut found = Vec::new();
        while let Some(piece) = markup.next_piece()? {
            found.push(piece);
        }
        Ok(found)
    }

    fn field<'t>(name: &'t str, conversion: Option<char>, spec: &'t str, spec_has_fields: bool) -> Field<'t> {
        Field { name, conversion, spec, spec_has_fields }
    }

    #[test]
    fn markup_splits_literals_and_fields() {
        assert_eq!(
            pieces("a{0}b{{c}}{x!r:>{w}}").unwrap(),
            vec![
                ("a", Some(field("0", None, "", false))),
                ("b{", None),
                ("c}", None),
                ("", Some(field("x", Some('r'), ">{w}", true))),
            ]
        );
        assert_eq!(pieces("{0[:}]}").unwrap(), vec![("", Some(field("0[:}]", None, "", false)))]);
        assert_eq!(pieces("{!r}").unwrap(), vec![("", Some(field("", Some('r'), "", false)))]);
        assert_eq!(pieces("{0:}}}").unwrap(), vec![("", Some(field("0", None, "", false))), ("}", None)]);
    }

    #[test]
    fn markup_errors_match_cpython() {
        assert_eq!(pieces("{").unwrap_err(), "Single '{' encountered in format string");
        assert_eq!(pieces("}").unwrap_err(), "Single '}' encountered in format string");
        assert_eq!(pieces("{0}}").unwrap_err(), "Single '}' encountered in format string");
        assert_eq!(pieces("{0").unwrap_err(), "expected '}' before end of string");
        assert_eq!(pieces("{0[}").unwrap_err(), "expected '}' before end of string");
        assert_eq!(pieces("{0!}").unwrap_err(), "unmatched '{' in format spec");
        assert_eq!(pieces("{0!").unwrap_err(), "end of string while looking for conversion specifier");
        assert_eq!(pieces("{0!rr}").unwrap_err(), "expected ':' after conversion specifier");
        assert_eq!(pieces("{0:{").unwrap_err(), "unmatched '{' in format spec");
        assert_eq!(pieces("{a{b}").unwrap_err(), "unexpected '{' in field name");
    }

    #[test]
    fn field_names_and_accessors() {
        assert_eq!(parse_field_index("12"), Ok(Some(12)));
        assert_eq!(parse_field_index("00"), Ok(Some(0)));
        assert_eq!(parse_field_index("\u{663}"), Ok(Some(3)));
        assert_eq!(parse_field_index("1x"), Ok(None));
        assert_eq!(parse_field_index(""), Ok(None));
        assert_eq!(parse_field_index("99999999999999999999"), Err("Too many decimal digits in format string"));

        let mut rest = ".real[0][key].x";
        assert_eq!(next_accessor(&mut rest), Ok(Some(Accessor::Attribute("real"))));
        assert_eq!(next_accessor(&mut rest), Ok(Some(Accessor::Item("0", Some(0)))));
        assert_eq!(next_accessor(&mut rest), Ok(Some(Accessor::Item("key", None))));
        assert_eq!(next_accessor(&mut rest), Ok(Some(Accessor::Attribute("x"))));
        assert_eq!(next_accessor(&mut rest), Ok(None));
        assert_eq!(next_accessor(&mut "..a"), Err("Empty attribute in format string"));
        assert_eq!(next_accessor(&mut "[]"), Err("Empty attribute in format string"));
        assert_eq!(next_accessor(&mut "x"), Err("Only '.' or '[' may follow ']' in format field specifier"));
    }

    #[test]
    fn auto_numbering_cannot_mix_with_manual() {
        let mut numbering = AutoNumber::default();
        assert_eq!(numbering.resolve("", None), Ok(Some(0)));
        assert_eq!(numbering.resolve("name", None), Ok(None));
        assert_eq!(numbering.resolve("", None), Ok(Some(1)));
        assert!(numbering.resolve("0", Some(0)).is_err());
        let mut numbering = AutoNumber::default();
        assert_eq!(numbering.resolve("1", Some(1)), Ok(Some(1)));
        assert!(numbering.resolve("", None).is_err());
    }
}
