//! The text codecs behind `bytes.decode`, `str.encode`, `str(b, encoding)`
//! and `bytes(s, encoding)`: the encodings, error handlers and messages of
//! CPython's codec registry for the encodings implemented here.

use std::fmt::Write;

use crate::error::{Error, Result};
use crate::object::exception::ExcKind;
use crate::value::Value;

use super::arguments::clinic_type_name;
use super::bytes::new_bytes;

/// The text encodings implemented here.
#[derive(Clone, Copy, PartialEq)]
enum Codec {
    Utf8,
    /// UTF-8 behind a byte order mark: written on encode, skipped on decode.
    Utf8Sig,
    Ascii,
    Latin1,
    /// `None`: the byte order comes from a byte order mark when decoding,
    /// and is little-endian behind a mark when encoding.
    Utf16(Option<Endian>),
    Utf32(Option<Endian>),
}

#[derive(Clone, Copy, PartialEq)]
enum Endian {
    Little,
    Big,
}

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// A codec found by name.
struct Lookup<'a> {
    codec: Codec,
    /// The name as given when CPython finds this codec through its codec
    /// registry rather than a built-in fast path ("u8", "646",
    /// "utf-16-le"); errors of the error handler itself are then wrapped:
    /// "decoding with 'u8' codec failed (LookupError: ...)".
    registry_name: Option<&'a str>,
}

impl Codec {
    /// Finds a codec by any of the names CPython accepts for it. Case, and
    /// runs of punctuation or spaces, do not matter: "UTF-8", "utf_8" and
    /// "utf 8" are the same.
    fn lookup(encoding: &str) -> Result<Lookup<'_>> {
        let normalized = normalize_encoding(encoding);
        // The registry tries aliases (also with dots as underscores), then
        // the module of that name; module names have no dots.
        let codec = Codec::by_alias(&normalized)
            .or_else(|| Codec::by_alias(&normalized.replace('.', "_")))
            .or_else(|| if normalized.contains('.') { None } else { Codec::by_module(&normalized) });
        let Some(codec) = codec else {
            return Err(Error::new(ExcKind::LookupError, format!("unknown encoding: {encoding}")));
        };
        let fast_path = matches!(
            normalized.as_str(),
            "utf8"
                | "utf_8"
                | "utf16"
                | "utf_16"
                | "utf32"
                | "utf_32"
                | "ascii"
                | "us_ascii"
                | "latin1"
                | "latin_1"
                | "iso_8859_1"
                | "iso8859_1"
        );
        Ok(Lookup { codec, registry_name: if fast_path { None } else { Some(encoding) } })
    }

    /// The codecs of the modules in CPython's `encodings` package.
    fn by_module(name: &str) -> Option<Codec> {
        use Endian::{Big, Little};
        Some(match name {
            "utf_8" => Codec::Utf8,
            "utf_8_sig" => Codec::Utf8Sig,
            "ascii" => Codec::Ascii,
            "latin_1" => Codec::Latin1,
            "utf_16" => Codec::Utf16(None),
            "utf_16_le" => Codec::Utf16(Some(Little)),
            "utf_16_be" => Codec::Utf16(Some(Big)),
            "utf_32" => Codec::Utf32(None),
            "utf_32_le" => Codec::Utf32(Some(Little)),
            "utf_32_be" => Codec::Utf32(Some(Big)),
            _ => return None,
        })
    }

    /// The codecs of CPython's `encodings.aliases` for these modules.
    fn by_alias(name: &str) -> Option<Codec> {
        use Endian::{Big, Little};
        Some(match name {
            "u8" | "utf" | "utf8" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Codec::Utf8,
            "646" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986" | "cp367" | "csascii" | "ibm367"
            | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us" | "us_ascii" => Codec::Ascii,
            "8859" | "cp819" | "csisolatin1" | "ibm819" | "iso8859" | "iso8859_1" | "iso_8859_1"
            | "iso_8859_1_1987" | "iso_ir_100" | "l1" | "latin" | "latin1" => Codec::Latin1,
            "u16" | "utf16" => Codec::Utf16(None),
            "unicodelittleunmarked" | "utf_16le" => Codec::Utf16(Some(Little)),
            "unicodebigunmarked" | "utf_16be" => Codec::Utf16(Some(Big)),
            "u32" | "utf32" => Codec::Utf32(None),
            "utf_32le" => Codec::Utf32(Some(Little)),
            "utf_32be" => Codec::Utf32(Some(Big)),
            _ => return None,
        })
    }
}

/// How a file object cuts a byte stream in an encoding into pieces that
/// decode alone, and where a byte order mark goes.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum StreamForm {
    /// UTF-8; `signature` for utf-8-sig, whose mark starts the stream.
    Utf8 { signature: bool },
    /// One byte per character: ascii, latin-1.
    SingleByte,
    /// Two-byte units; `big_endian` None when a mark gives the order.
    Utf16 { big_endian: Option<bool> },
    /// Four-byte units; `big_endian` None when a mark gives the order.
    Utf32 { big_endian: Option<bool> },
}

/// The stream form of an encoding, or the LookupError for an unknown one.
pub(super) fn stream_form(encoding: &str) -> Result<StreamForm> {
    let big = |order: Option<Endian>| order.map(|endian| endian == Endian::Big);
    Ok(match Codec::lookup(encoding)?.codec {
        Codec::Utf8 => StreamForm::Utf8 { signature: false },
        Codec::Utf8Sig => StreamForm::Utf8 { signature: true },
        Codec::Ascii | Codec::Latin1 => StreamForm::SingleByte,
        Codec::Utf16(order) => StreamForm::Utf16 { big_endian: big(order) },
        Codec::Utf32(order) => StreamForm::Utf32 { big_endian: big(order) },
    })
}

/// CPython's `encodings.normalize_encoding` (after the lowercasing its
/// caller does): runs of characters other than letters, digits and dots
/// become one underscore between words.
fn normalize_encoding(encoding: &str) -> String {
    let mut normalized = String::with_capacity(encoding.len());
    let mut separated = false;
    for c in encoding.chars() {
        if c.is_alphanumeric() || c == '.' {
            if separated && !normalized.is_empty() {
                normalized.push('_');
            }
            if c.is_ascii() {
                normalized.push(c.to_ascii_lowercase());
            }
            separated = false;
        } else {
            separated = true;
        }
    }
    normalized
}

/// What to do where a codec cannot decode bytes or encode characters: the
/// `errors` argument.
#[derive(Clone, Copy)]
enum ErrorHandler<'a> {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
    /// Would need the Unicode name database, which is not included; it
    /// fails like `strict`.
    NameReplace,
    /// `surrogateescape` and `surrogatepass` turn undecodable bytes into
    /// lone surrogates and back, which a Rust string cannot hold; where they
    /// would, they fail like `strict`. (Encoding fails like `strict` in
    /// CPython too, since only surrogates are treated specially.)
    Surrogate,
    /// CPython only looks a handler up when it is needed, so an unknown
    /// name is an error only once the input has a problem.
    Unknown(&'a str),
}

impl<'a> ErrorHandler<'a> {
    /// The handler called `name` ("strict", "ignore", ...).
    fn named(name: &'a str) -> ErrorHandler<'a> {
        match name {
            "strict" => ErrorHandler::Strict,
            "ignore" => ErrorHandler::Ignore,
            "replace" => ErrorHandler::Replace,
            "backslashreplace" => ErrorHandler::BackslashReplace,
            "xmlcharrefreplace" => ErrorHandler::XmlCharRefReplace,
            "namereplace" => ErrorHandler::NameReplace,
            "surrogateescape" | "surrogatepass" => ErrorHandler::Surrogate,
            other => ErrorHandler::Unknown(other),
        }
    }
}

/// An error of the error handler itself: an unknown handler, or, when
/// decoding, one only meant for encoding. CPython wraps it when the codec
/// came from its registry: "decoding with 'u16' codec failed (LookupError:
/// ...)".
fn handler_failure(handler: ErrorHandler, operation: &str, registry_name: Option<&str>) -> Error {
    let (kind, message) = match handler {
        ErrorHandler::Unknown(name) => (ExcKind::LookupError, format!("unknown error handler name '{name}'")),
        _ => (ExcKind::TypeError, "don't know how to handle UnicodeDecodeError in error callback".to_string()),
    };
    match registry_name {
        Some(codec) => {
            Error::new(kind, format!("{operation} with '{codec}' codec failed ({}: {message})", kind.name()))
        }
        None => Error::new(kind, message),
    }
}

/// An optional str argument of a codec function:
/// "decode() argument 'errors' must be str, not int".
fn optional_text<'a>(function: &str, parameter: &str, value: Option<&'a Value>) -> Result<Option<&'a str>> {
    match value {
        None => Ok(None),
        Some(Value::Str(text)) => Ok(Some(text.as_str())),
        Some(other) => Err(Error::type_error(format!(
            "{function}() argument '{parameter}' must be str, not {}",
            clinic_type_name(other)
        ))),
    }
}

/// `str(bytes, encoding, errors)`: argument type errors name `str()`.
pub(crate) fn decode_bytes(data: &[u8], encoding: Option<&Value>, errors: Option<&Value>) -> Result<Value> {
    decode_as("str", data, encoding, errors)
}

/// `str.encode(encoding, errors)` and `bytes(str, encoding, errors)`.
/// Argument type errors name `encode()`, the common caller.
pub(crate) fn encode_text(text: &str, encoding: Option<&Value>, errors: Option<&Value>) -> Result<Value> {
    let encoding = optional_text("encode", "encoding", encoding)?.unwrap_or("utf-8");
    let errors = optional_text("encode", "errors", errors)?.unwrap_or("strict");
    encode(text, encoding, errors).map(new_bytes)
}

/// Decoding with argument type errors naming `function`.
pub(super) fn decode_as(
    function: &str,
    data: &[u8],
    encoding: Option<&Value>,
    errors: Option<&Value>,
) -> Result<Value> {
    let encoding = optional_text(function, "encoding", encoding)?.unwrap_or("utf-8");
    let errors = optional_text(function, "errors", errors)?.unwrap_or("strict");
    // CPython decodes nothing to '' without looking the codec up.
    if data.is_empty() {
        return Ok(Value::from_string(String::new()));
    }
    decode_text(data, encoding, errors).map(Value::from_string)
}

/// Decodes `data` with the named encoding and error handler.
pub(super) fn decode_text(data: &[u8], encoding: &str, errors: &str) -> Result<String> {
    let Lookup { codec, registry_name } = Codec::lookup(encoding)?;
    let handler = ErrorHandler::named(errors);
    // Plain text needs no error handling in any byte-oriented codec.
    if matches!(codec, Codec::Utf8 | Codec::Ascii | Codec::Latin1) && data.is_ascii() {
        return Ok(String::from_utf8_lossy(data).into_owned());
    }
    let decoder = |name, data| Decoder { name, registry_name, data, handler, text: String::with_capacity(data.len()) };
    match codec {
        Codec::Utf8 => decoder("utf-8", data).utf8(),
        Codec::Utf8Sig => decoder("utf-8", data.strip_prefix(UTF8_BOM).unwrap_or(data)).utf8(),
        Codec::Ascii => decoder("ascii", data).ascii(),
        Codec::Latin1 => Ok(data.iter().map(|&byte| byte as char).collect()),
        Codec::Utf16(order) => {
            let (endian, skip) = match (order, data) {
                (Some(endian), _) => (endian, 0),
                (None, [0xff, 0xfe, ..]) => (Endian::Little, 2),
                (None, [0xfe, 0xff, ..]) => (Endian::Big, 2),
                (None, _) => (Endian::Little, 0),
            };
            let name = if endian == Endian::Little { "utf-16-le" } else { "utf-16-be" };
            decoder(name, data).utf16(endian, skip)
        }
        Codec::Utf32(order) => {
            let (endian, skip) = match (order, data) {
                (Some(endian), _) => (endian, 0),
                (None, [0xff, 0xfe, 0, 0, ..]) => (Endian::Little, 4),
                (None, [0, 0, 0xfe, 0xff, ..]) => (Endian::Big, 4),
                (None, _) => (Endian::Little, 0),
            };
            let name = if endian == Endian::Little { "utf-32-le" } else { "utf-32-be" };
            decoder(name, data).utf32(endian, skip)
        }
    }
}

/// A decoding in progress: the text so far, and how failures are handled.
struct Decoder<'a> {
    /// The codec as UnicodeDecodeError messages name it.
    name: &'static str,
    /// See [`Lookup::registry_name`].
    registry_name: Option<&'a str>,
    data: &'a [u8],
    handler: ErrorHandler<'a>,
    text: String,
}

impl Decoder<'_> {
    /// Handles undecodable bytes `start..end`.
    fn fail(&mut self, start: usize, end: usize, reason: &str) -> Result<()> {
        match self.handler {
            ErrorHandler::Strict | ErrorHandler::Surrogate => {
                let message = if end - start == 1 {
                    format!(
                        "'{}' codec can't decode byte 0x{:02x} in position {start}: {reason}",
                        self.name, self.data[start]
                    )
                } else {
                    format!("'{}' codec can't decode bytes in position {start}-{}: {reason}", self.name, end - 1)
                };
                return Err(Error::new(ExcKind::UnicodeDecodeError, message));
            }
            ErrorHandler::Ignore => {}
            ErrorHandler::Replace => self.text.push('\u{fffd}'),
            ErrorHandler::BackslashReplace => {
                for byte in &self.data[start..end] {
                    let _ = write!(self.text, "\\x{byte:02x}");
                }
            }
            ErrorHandler::XmlCharRefReplace | ErrorHandler::NameReplace | ErrorHandler::Unknown(_) => {
                return Err(handler_failure(self.handler, "decoding", self.registry_name));
            }
        }
        Ok(())
    }

    /// Decodes UTF-8.
    fn utf8(mut self) -> Result<String> {
        let data = self.data;
        let mut position = 0;
        for chunk in data.utf8_chunks() {
            self.text.push_str(chunk.valid());
            position += chunk.valid().len();
            let invalid = chunk.invalid();
            if invalid.is_empty() {
                continue;
            }
            // The chunk is the longest prefix of a well-formed sequence
            // (or one bad byte), exactly the span CPython reports.
            let end = position + invalid.len();
            let reason = match invalid[0] {
                0x80..=0xc1 | 0xf5..=0xff => "invalid start byte",
                _ if end == data.len() => "unexpected end of data",
                _ => "invalid continuation byte",
            };
            self.fail(position, end, reason)?;
            position = end;
        }
        Ok(self.text)
    }

    /// Decodes ASCII.
    fn ascii(mut self) -> Result<String> {
        let data = self.data;
        for (position, &byte) in data.iter().enumerate() {
            if byte.is_ascii() {
                self.text.push(byte as char);
            } else {
                self.fail(position, position + 1, "ordinal not in range(128)")?;
            }
        }
        Ok(self.text)
    }

    /// Decodes UTF-16 in the given byte order, from `position`.
    fn utf16(mut self, endian: Endian, mut position: usize) -> Result<String> {
        let data = self.data;
        let unit_at = |at: usize| {
            let pair = [data[at], data[at + 1]];
            match endian {
                Endian::Little => u16::from_le_bytes(pair),
                Endian::Big => u16::from_be_bytes(pair),
            }
        };
        while position < data.len() {
            let remaining = data.len() - position;
            if remaining < 2 {
                self.fail(position, data.len(), "truncated data")?;
                break;
            }
            let unit = unit_at(position);
            match unit {
                0xd800..=0xdbff if remaining < 4 => {
                    self.fail(position, data.len(), "unexpected end of data")?;
                    break;
                }
                0xd800..=0xdbff => {
                    let low = unit_at(position + 2);
                    if (0xdc00..=0xdfff).contains(&low) {
                        let code = 0x10000 + (((unit as u32) - 0xd800) << 10) + ((low as u32) - 0xdc00);
                        self.text.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        position += 4;
                    } else {
                        self.fail(position, position + 2, "illegal UTF-16 surrogate")?;
                        position += 2;
                    }
                }
                0xdc00..=0xdfff => {
                    self.fail(position, position + 2, "illegal encoding")?;
                    position += 2;
                }
                _ => {
                    self.text.push(char::from_u32(unit as u32).unwrap_or('\u{fffd}'));
                    position += 2;
                }
            }
        }
        Ok(self.text)
    }

    /// Decodes UTF-32 in the given byte order, from `position`.
    fn utf32(mut self, endian: Endian, mut position: usize) -> Result<String> {
        let data = self.data;
        while position < data.len() {
            let Some(quad) = data.get(position..position + 4) else {
                self.fail(position, data.len(), "truncated data")?;
                break;
            };
            let quad = [quad[0], quad[1], quad[2], quad[3]];
            let code = match endian {
                Endian::Little => u32::from_le_bytes(quad),
                Endian::Big => u32::from_be_bytes(quad),
            };
            match char::from_u32(code) {
                Some(c) => self.text.push(c),
                None if code > 0x10ffff => self.fail(position, position + 4, "code point not in range(0x110000)")?,
                None => {
                    self.fail(position, position + 4, "code point in surrogate code point range(0xd800, 0xe000)")?
                }
            }
            position += 4;
        }
        Ok(self.text)
    }
}

/// `text` in `encoding`, with `errors` naming the error handler.
pub(super) fn encode(text: &str, encoding: &str, errors: &str) -> Result<Vec<u8>> {
    let Lookup { codec, registry_name } = Codec::lookup(encoding)?;
    let handler = ErrorHandler::named(errors);
    let narrow = |codec, limit| NarrowEncoder { codec, limit, handler, registry_name }.encode(text);
    Ok(match codec {
        Codec::Utf8 => text.as_bytes().to_vec(),
        Codec::Utf8Sig => [UTF8_BOM, text.as_bytes()].concat(),
        Codec::Ascii => narrow("ascii", 128)?,
        Codec::Latin1 => narrow("latin-1", 256)?,
        Codec::Utf16(order) => {
            let mut data = Vec::with_capacity(2 * text.len() + 2);
            let endian = order.unwrap_or_else(|| {
                data.extend([0xff, 0xfe]);
                Endian::Little
            });
            for unit in text.encode_utf16() {
                data.extend(match endian {
                    Endian::Little => unit.to_le_bytes(),
                    Endian::Big => unit.to_be_bytes(),
                });
            }
            data
        }
        Codec::Utf32(order) => {
            let mut data = Vec::with_capacity(4 * text.len() + 4);
            let endian = order.unwrap_or_else(|| {
                data.extend([0xff, 0xfe, 0, 0]);
                Endian::Little
            });
            for c in text.chars() {
                data.extend(match endian {
                    Endian::Little => (c as u32).to_le_bytes(),
                    Endian::Big => (c as u32).to_be_bytes(),
                });
            }
            data
        }
    })
}

/// An encoder to a one-byte charset holding the code points below
/// `limit` (ascii: 128, latin-1: 256).
struct NarrowEncoder<'a> {
    codec: &'static str,
    limit: u32,
    handler: ErrorHandler<'a>,
    /// See [`Lookup::registry_name`].
    registry_name: Option<&'a str>,
}

impl NarrowEncoder<'_> {
    /// Like CPython, fails on (or replaces) a run of consecutive
    /// unencodable characters as one.
    fn encode(&self, text: &str) -> Result<Vec<u8>> {
        if text.is_ascii() {
            return Ok(text.as_bytes().to_vec());
        }
        let chars: Vec<char> = text.chars().collect();
        let encodable = |c: &char| (*c as u32) < self.limit;
        let mut data = Vec::with_capacity(chars.len());
        let mut position = 0;
        while position < chars.len() {
            let c = chars[position];
            if encodable(&c) {
                data.push(c as u8);
                position += 1;
                continue;
            }
            let end = position + chars[position..].iter().take_while(|c| !encodable(c)).count();
            let run = &chars[position..end];
            match self.handler {
                ErrorHandler::Strict | ErrorHandler::Surrogate | ErrorHandler::NameReplace => {
                    return Err(self.error(run, position));
                }
                ErrorHandler::Ignore => {}
                ErrorHandler::Replace => data.extend(run.iter().map(|_| b'?')),
                ErrorHandler::BackslashReplace => {
                    let mut escaped = String::new();
                    run.iter().for_each(|&c| push_char_escape(&mut escaped, c));
                    data.extend(escaped.bytes());
                }
                ErrorHandler::XmlCharRefReplace => {
                    for &c in run {
                        data.extend(format!("&#{};", c as u32).bytes());
                    }
                }
                ErrorHandler::Unknown(_) => return Err(handler_failure(self.handler, "encoding", self.registry_name)),
            }
            position = end;
        }
        Ok(data)
    }

    /// The UnicodeEncodeError for the characters `run` at `start`.
    fn error(&self, run: &[char], start: usize) -> Error {
        let (codec, limit) = (self.codec, self.limit);
        let message = match run {
            [c] => {
                let mut shown = String::new();
                push_char_escape(&mut shown, *c);
                format!(
                    "'{codec}' codec can't encode character '{shown}' in position {start}: ordinal not in range({limit})"
                )
            }
            _ => format!(
                "'{codec}' codec can't encode characters in position {start}-{}: ordinal not in range({limit})",
                start + run.len() - 1
            ),
        };
        Error::new(ExcKind::UnicodeEncodeError, message)
    }
}

/// `\xe9`, `\u20ac` or `\U0001f600`: how codecs show a code point.
fn push_char_escape(out: &mut String, c: char) {
    let code = c as u32;
    let _ = match code {
        0..=0xff => write!(out, "\\x{code:02x}"),
        0x100..=0xffff => write!(out, "\\u{code:04x}"),
        _ => write!(out, "\\U{code:08x}"),
    };
}
