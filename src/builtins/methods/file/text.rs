//! The text layer of a file object, as CPython's TextIOWrapper: decoding
//! chunks of the byte stream, newline handling, encoding on write.
//!
//! Decoded text is kept as decoded, with its line endings untranslated;
//! readers translate what they take. So the text still unread maps back to
//! a byte count, which is what `tell()` needs, and `\r\n` is never split:
//! where newlines are recognized in more than one form, a chunk's final
//! `\r` is held back until the next chunk shows whether `\n` follows.

use std::borrow::Cow;

use super::FileResult;
use super::stream::Stream;
use crate::builtins::methods::codecs::{StreamForm, decode_text, encode};

/// How much the text layer reads from the byte layer at a time
/// (CPython's `_CHUNK_SIZE`).
pub(super) const CHUNK_SIZE: usize = 8192;

/// The `newline` argument of `open`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Newline {
    /// None: lines end at `\n`, `\r` or `\r\n`, all read as `\n`.
    Universal,
    /// '': lines end at `\n`, `\r` or `\r\n`, read as they are.
    Untranslated,
    /// '\n', '\r', '\r\n': lines end only there; written `\n` becomes it.
    Lf,
    Cr,
    CrLf,
}

impl Newline {
    /// Whether a `\r` at the end of the decoded text must wait for the
    /// next character to know where the line ends.
    fn holds_back_cr(self) -> bool {
        matches!(self, Newline::Universal | Newline::Untranslated | Newline::CrLf)
    }

    /// Whether `f.newlines` records the line endings seen.
    fn records_newlines(self) -> bool {
        matches!(self, Newline::Universal | Newline::Untranslated)
    }
}

/// Bits of `TextLayer::seen_newlines`, in the order `f.newlines` lists
/// them.
pub(super) const SEEN_CR: u8 = 1;
pub(super) const SEEN_LF: u8 = 2;
pub(super) const SEEN_CRLF: u8 = 4;

pub(super) struct TextLayer {
    /// The encoding as given to `open` ("UTF-8" by default).
    pub encoding: String,
    pub errors: String,
    pub newline: Newline,
    pub line_buffering: bool,
    form: StreamForm,
    /// The next piece decoded starts the stream: a byte order mark there
    /// is read (CPython resets its decoder on open, seek and write).
    decoder_fresh: bool,
    /// The byte order a UTF-16/32 mark gave.
    big_endian: bool,
    /// The next piece encoded starts the file: a byte order mark goes
    /// first.
    pub encoder_fresh: bool,
    /// Bytes read that do not make a whole character yet.
    undecoded: Vec<u8>,
    decoded: String,
    /// How much of `decoded` (in bytes) readers have taken.
    consumed: usize,
    /// A `\r` that ended the last chunk, not yet in `decoded`.
    held_cr: bool,
    /// The last fill reached the end of the file.
    at_end: bool,
    pub seen_newlines: u8,
    /// False from a `next()` until iteration reaches the end: `tell()`
    /// refuses then, as CPython's does.
    pub telling: bool,
}

/// Where a scan of the unread text has got to: `offset` bytes past the
/// consumed part, `chars` characters as readers will get them.
#[derive(Default)]
struct Scan {
    offset: usize,
    chars: usize,
    /// The limit or the end of a line was reached.
    done: bool,
}

impl TextLayer {
    pub fn new(encoding: String, errors: String, newline: Newline, form: StreamForm) -> TextLayer {
        TextLayer {
            encoding,
            errors,
            newline,
            line_buffering: false,
            form,
            decoder_fresh: true,
            big_endian: false,
            encoder_fresh: true,
            undecoded: Vec::new(),
            decoded: String::new(),
            consumed: 0,
            held_cr: false,
            at_end: false,
            seen_newlines: 0,
            telling: true,
        }
    }

    /// `read(size)`: all the rest for None.
    pub fn read(&mut self, stream: &mut Stream, size: Option<usize>) -> FileResult<String> {
        match size {
            None => {
                self.fill(stream, true)?;
                let rest = self.decoded.len() - self.consumed;
                Ok(self.take(rest))
            }
            Some(size) => self.read_until(stream, Some(size), false),
        }
    }

    /// `readline(size)`: through the end of the line, at most `size`
    /// characters.
    pub fn readline(&mut self, stream: &mut Stream, size: Option<usize>) -> FileResult<String> {
        self.read_until(stream, size, true)
    }

    fn read_until(&mut self, stream: &mut Stream, limit: Option<usize>, line: bool) -> FileResult<String> {
        self.at_end = false;
        let mut scan = Scan::default();
        loop {
            self.scan(&mut scan, limit, line);
            if scan.done || self.at_end {
                return Ok(self.take(scan.offset));
            }
            self.fill(stream, false)?;
        }
    }

    /// Advances `scan` over the unread text, up to `limit` characters or,
    /// for a line, through its end. Line endings are ASCII, so the scan
    /// goes by bytes and steps over other characters whole.
    fn scan(&self, scan: &mut Scan, limit: Option<usize>, line: bool) {
        let bytes = &self.decoded.as_bytes()[self.consumed..];
        let limit = limit.unwrap_or(usize::MAX);
        while scan.offset < bytes.len() {
            if scan.chars >= limit {
                scan.done = true;
                return;
            }
            let next_is_lf = bytes.get(scan.offset + 1) == Some(&b'\n');
            let (length, chars, ends_line) = match (bytes[scan.offset], self.newline) {
                (b'\r', Newline::Universal) => (if next_is_lf { 2 } else { 1 }, 1, true),
                (b'\r', Newline::Untranslated) if next_is_lf && scan.chars + 1 < limit => (2, 2, true),
                (b'\r', Newline::Untranslated | Newline::Cr) => (1, 1, true),
                (b'\r', Newline::CrLf) if next_is_lf && scan.chars + 1 < limit => (2, 2, true),
                (b'\n', Newline::Universal | Newline::Untranslated | Newline::Lf) => (1, 1, true),
                (byte, _) => (utf8_length(byte), 1, false),
            };
            scan.offset += length;
            scan.chars += chars;
            if line && ends_line {
                scan.done = true;
                return;
            }
        }
        if scan.chars >= limit {
            scan.done = true;
        }
    }

    /// Takes `length` bytes of the unread text, translating line endings
    /// in universal newlines mode.
    fn take(&mut self, length: usize) -> String {
        let text = &self.decoded[self.consumed..self.consumed + length];
        self.consumed += length;
        if self.newline == Newline::Universal && text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_string()
        }
    }

    /// Reads and decodes more text: one chunk, or all the rest of the file
    /// when `to_end`.
    fn fill(&mut self, stream: &mut Stream, to_end: bool) -> FileResult<()> {
        let data = if to_end { stream.read(None)? } else { stream.read_chunk(CHUNK_SIZE)? };
        let at_end = to_end || data.is_empty();
        let mut piece = std::mem::take(&mut self.undecoded);
        piece.extend_from_slice(&data);
        let cut = if at_end { piece.len() } else { self.whole_characters(&piece) };
        self.undecoded = piece.split_off(cut);
        let mut text = String::new();
        if std::mem::take(&mut self.held_cr) {
            text.push('\r');
        }
        if !piece.is_empty() {
            text.push_str(&self.decode(&piece)?);
        }
        if !at_end && self.newline.holds_back_cr() && text.ends_with('\r') {
            text.pop();
            self.held_cr = true;
        }
        if self.newline.records_newlines() {
            self.seen_newlines |= newlines_in(&text);
        }
        if self.consumed > 0 {
            self.decoded.drain(..self.consumed);
            self.consumed = 0;
        }
        self.decoded.push_str(&text);
        self.at_end = at_end;
        Ok(())
    }

    /// How many leading bytes of `data` make whole characters (and, at
    /// the start of the stream, a whole byte order mark).
    fn whole_characters(&self, data: &[u8]) -> usize {
        let length = data.len();
        let mark_length = match self.form {
            StreamForm::Utf8 { signature: true } => 3,
            StreamForm::Utf16 { big_endian: None } => 2,
            StreamForm::Utf32 { big_endian: None } => 4,
            _ => 0,
        };
        if self.decoder_fresh && length < mark_length {
            return 0;
        }
        match self.form {
            StreamForm::Utf8 { .. } => {
                // Back off an incomplete sequence at the end: a lead byte
                // followed only by continuation bytes, fewer than it needs.
                for back in 1..=length.min(3) {
                    let byte = data[length - back];
                    if byte & 0xc0 == 0x80 {
                        continue;
                    }
                    let needed = match byte {
                        0xc2..=0xdf => 2,
                        0xe0..=0xef => 3,
                        0xf0..=0xf4 => 4,
                        _ => 1,
                    };
                    return if needed > back { length - back } else { length };
                }
                length
            }
            StreamForm::SingleByte => length,
            StreamForm::Utf16 { big_endian } => {
                let even = length & !1;
                let big_endian = big_endian.unwrap_or(if self.decoder_fresh {
                    data.starts_with(&[0xfe, 0xff])
                } else {
                    self.big_endian
                });
                let last = match (even >= 2, big_endian) {
                    (false, _) => return even,
                    (true, true) => u16::from_be_bytes([data[even - 2], data[even - 1]]),
                    (true, false) => u16::from_le_bytes([data[even - 2], data[even - 1]]),
                };
                // A high surrogate waits for its partner.
                if (0xd800..0xdc00).contains(&last) { even - 2 } else { even }
            }
            StreamForm::Utf32 { .. } => length & !3,
        }
    }

    /// Decodes a piece of whole characters. A fresh decoder reads a byte
    /// order mark through the codec itself, so that error positions count
    /// the mark as CPython's do.
    fn decode(&mut self, piece: &[u8]) -> FileResult<String> {
        let fresh = std::mem::take(&mut self.decoder_fresh);
        let encoding = match (self.form, fresh) {
            (StreamForm::Utf8 { signature: true }, true) => "utf-8-sig",
            (StreamForm::Utf8 { signature: true }, false) => "utf-8",
            (StreamForm::Utf16 { big_endian: None }, true) => {
                self.big_endian = piece.starts_with(&[0xfe, 0xff]);
                "utf-16"
            }
            (StreamForm::Utf16 { big_endian: None }, false) => {
                if self.big_endian {
                    "utf-16-be"
                } else {
                    "utf-16-le"
                }
            }
            (StreamForm::Utf32 { big_endian: None }, true) => {
                self.big_endian = piece.starts_with(&[0, 0, 0xfe, 0xff]);
                "utf-32"
            }
            (StreamForm::Utf32 { big_endian: None }, false) => {
                if self.big_endian {
                    "utf-32-be"
                } else {
                    "utf-32-le"
                }
            }
            _ => self.encoding.as_str(),
        };
        Ok(decode_text(piece, encoding, &self.errors)?)
    }

    /// `write(text)`.
    pub fn write(&mut self, stream: &mut Stream, text: &str) -> FileResult<()> {
        let translated = match self.newline {
            Newline::Cr => Cow::Owned(text.replace('\n', "\r")),
            Newline::CrLf => Cow::Owned(text.replace('\n', "\r\n")),
            _ => Cow::Borrowed(text),
        };
        let data = self.encode(&translated)?;
        // Text read ahead is dropped: the write goes where the byte layer
        // is, after the last chunk read, as in CPython.
        self.forget_read_text();
        stream.write(&data)?;
        if self.line_buffering && (text.contains('\n') || text.contains('\r')) {
            stream.flush()?;
        }
        Ok(())
    }

    fn encode(&mut self, text: &str) -> FileResult<Vec<u8>> {
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let fresh = std::mem::take(&mut self.encoder_fresh);
        let encoding = match (self.form, fresh) {
            (StreamForm::Utf8 { signature: true }, false) => "utf-8",
            (StreamForm::Utf16 { big_endian: None }, false) => "utf-16-le",
            (StreamForm::Utf32 { big_endian: None }, false) => "utf-32-le",
            _ => self.encoding.as_str(),
        };
        Ok(encode(text, encoding, &self.errors)?)
    }

    /// Drops decoded text and decoder state, after a write or a seek.
    pub fn forget_read_text(&mut self) {
        self.undecoded.clear();
        self.decoded.clear();
        self.consumed = 0;
        self.held_cr = false;
        self.decoder_fresh = true;
    }

    /// `tell()`: the byte position of the next character to read.
    pub fn tell(&mut self, stream: &mut Stream) -> FileResult<u64> {
        stream.flush()?;
        let position = stream.tell()?;
        let mut unread = self.undecoded.len() + self.byte_length(&self.decoded[self.consumed..]);
        if self.held_cr {
            unread += self.byte_length("\r");
        }
        Ok(position.saturating_sub(unread as u64))
    }

    /// How many bytes `text` was decoded from (exact unless an error
    /// handler replaced or dropped bytes).
    fn byte_length(&self, text: &str) -> usize {
        match self.form {
            StreamForm::Utf8 { .. } => text.len(),
            StreamForm::SingleByte => text.chars().count(),
            StreamForm::Utf16 { .. } => text.chars().map(|c| if (c as u32) < 0x10000 { 2 } else { 4 }).sum(),
            StreamForm::Utf32 { .. } => 4 * text.chars().count(),
        }
    }

    /// `seek(position)`, or to the end for None: the new position.
    pub fn seek(&mut self, stream: &mut Stream, position: Option<u64>) -> FileResult<u64> {
        stream.flush()?;
        let position = match position {
            Some(position) => stream.seek(position as i64, 0)?,
            None => stream.seek(0, 2)?,
        };
        self.forget_read_text();
        self.encoder_fresh = position == 0;
        Ok(position)
    }
}

/// The length of the UTF-8 sequence a lead byte starts.
fn utf8_length(lead: u8) -> usize {
    match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The kinds of line ending in `text`.
fn newlines_in(text: &str) -> u8 {
    let bytes = text.as_bytes();
    let mut seen = 0;
    let mut index = 0;
    while let Some(found) = bytes[index..].iter().position(|&byte| byte == b'\r' || byte == b'\n') {
        let at = index + found;
        if bytes[at] == b'\n' {
            seen |= SEEN_LF;
            index = at + 1;
        } else if bytes.get(at + 1) == Some(&b'\n') {
            seen |= SEEN_CRLF;
            index = at + 2;
        } else {
            seen |= SEEN_CR;
            index = at + 1;
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(form: StreamForm) -> TextLayer {
        TextLayer::new("test".to_string(), "strict".to_string(), Newline::Universal, form)
    }

    #[test]
    fn utf8_pieces_end_before_an_incomplete_character() {
        let mut text = layer(StreamForm::Utf8 { signature: false });
        text.decoder_fresh = false;
        let euro = "€".as_bytes();
        assert_eq!(text.whole_characters(b"abc"), 3);
        assert_eq!(text.whole_characters(&[b'a', euro[0]]), 1);
        assert_eq!(text.whole_characters(&[b'a', euro[0], euro[1]]), 1);
        assert_eq!(text.whole_characters(&[b'a', euro[0], euro[1], euro[2]]), 4);
        // Bytes that can never complete are left for the codec to report.
        assert_eq!(text.whole_characters(&[b'a', 0xff]), 2);
        assert_eq!(text.whole_characters(&[0x80, 0x80, 0x80, 0x80]), 4);
    }

    #[test]
    fn a_signature_waits_until_whole() {
        let text = layer(StreamForm::Utf8 { signature: true });
        assert_eq!(text.whole_characters(&[0xef, 0xbb]), 0);
        assert_eq!(text.whole_characters(&[0xef, 0xbb, 0xbf, b'a']), 4);
    }

    #[test]
    fn utf16_pieces_keep_surrogate_pairs_together() {
        let mut text = layer(StreamForm::Utf16 { big_endian: Some(false) });
        text.decoder_fresh = false;
        let pair: Vec<u8> = "😀".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(text.whole_characters(&[b'a', 0, b'b']), 2);
        assert_eq!(text.whole_characters(&pair[..2]), 0);
        assert_eq!(text.whole_characters(&pair[..3]), 0);
        assert_eq!(text.whole_characters(&pair), 4);
        // A fresh decoder reads the byte order from the mark.
        let text = layer(StreamForm::Utf16 { big_endian: None });
        let marked: Vec<u8> = [0xfe, 0xff].into_iter().chain("😀".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(text.whole_characters(&marked[..4]), 2);
        assert_eq!(text.whole_characters(&marked), 6);
    }

    #[test]
    fn utf32_pieces_are_whole_units() {
        let mut text = layer(StreamForm::Utf32 { big_endian: Some(true) });
        text.decoder_fresh = false;
        assert_eq!(text.whole_characters(&[0, 0, 0, b'a', 0, 0]), 4);
    }

    #[test]
    fn newline_kinds() {
        assert_eq!(newlines_in("no endings"), 0);
        assert_eq!(newlines_in("a\nb"), SEEN_LF);
        assert_eq!(newlines_in("a\r\nb\rc"), SEEN_CRLF | SEEN_CR);
        assert_eq!(newlines_in("\r\r\n\n"), SEEN_CR | SEEN_CRLF | SEEN_LF);
    }
}
