//! Unicode character classes and case mappings that std lacks, matching
//! CPython 3.11's Unicode 14.0 tables.

use logos::{Lexer, Logos, Source};

// ------------------------------------------------------ character classes

/// Unicode properties std lacks, as logos automata over whole strings
/// (`covers`); a single character is a one-character string.
#[derive(Logos)]
enum Letters {
    #[regex(r"\p{L}+")]
    Run,
}

#[derive(Logos)]
enum Alphanumerics {
    #[regex(r"[\p{L}\p{N}]+")]
    Run,
}

#[derive(Logos)]
enum Decimals {
    #[regex(r"\p{Nd}+")]
    Run,
}

#[derive(Logos)]
enum Numbers {
    #[regex(r"\p{N}+")]
    Run,
}

#[derive(Logos)]
enum CaseIgnorables {
    #[regex(r"\p{Case_Ignorable}+")]
    Run,
}

#[derive(Logos)]
enum Identifier {
    #[regex(r"[\p{XID_Start}_]\p{XID_Continue}*")]
    Name,
}

/// Whether a lexer's first token spans its whole (non-empty) input.
fn covers<'s, T: Logos<'s>>(mut lexer: Lexer<'s, T>) -> bool {
    matches!(lexer.next(), Some(Ok(_))) && lexer.span().end == lexer.source().len()
}

/// Whether every character of a non-empty text is a letter (categories L*).
pub(super) fn all_letters(text: &str) -> bool {
    covers(Letters::lexer(text))
}

/// Whether every character of a non-empty text is a letter or a number.
pub(super) fn all_alphanumeric(text: &str) -> bool {
    covers(Alphanumerics::lexer(text))
}

/// Whether every character of a non-empty text is a decimal digit (Nd).
pub(super) fn all_decimal(text: &str) -> bool {
    covers(Decimals::lexer(text))
}

/// Whether a text is an identifier: XID_Start or `_`, then XID_Continue.
pub(super) fn is_identifier(text: &str) -> bool {
    covers(Identifier::lexer(text))
}

/// Runs a whole-string matcher on one character.
fn char_is(c: char, matcher: impl FnOnce(&str) -> bool) -> bool {
    let mut buffer = [0; 4];
    matcher(c.encode_utf8(&mut buffer))
}

/// Python's `str.isspace()` for one character: Unicode White_Space plus
/// the ASCII separators `\x1c`-`\x1f`.
pub(crate) fn is_space(c: char) -> bool {
    match c {
        '\t'..='\r' | '\x1c'..='\x1f' | ' ' => true,
        c if c.is_ascii() => false,
        c => c.is_whitespace(),
    }
}

/// The line boundaries of `str.splitlines()`.
pub(super) fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\x0b' | '\x0c' | '\r' | '\x1c' | '\x1d' | '\x1e' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Category Nd: decimal digits of any script.
fn is_decimal(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_digit() } else { char_is(c, |s| covers(Decimals::lexer(s))) }
}

/// Characters with Numeric_Type=Digit that are not decimal: superscripts,
/// subscripts, circled and parenthesized digits, ...
const DIGIT_RANGES: &[(char, char)] = &[
    ('\u{B2}', '\u{B3}'),
    ('\u{B9}', '\u{B9}'),
    ('\u{1369}', '\u{1371}'),
    ('\u{19DA}', '\u{19DA}'),
    ('\u{2070}', '\u{2070}'),
    ('\u{2074}', '\u{2079}'),
    ('\u{2080}', '\u{2089}'),
    ('\u{2460}', '\u{2468}'),
    ('\u{2474}', '\u{247C}'),
    ('\u{2488}', '\u{2490}'),
    ('\u{24EA}', '\u{24EA}'),
    ('\u{24F5}', '\u{24FD}'),
    ('\u{24FF}', '\u{24FF}'),
    ('\u{2776}', '\u{277E}'),
    ('\u{2780}', '\u{2788}'),
    ('\u{278A}', '\u{2792}'),
    ('\u{10A40}', '\u{10A43}'),
    ('\u{10E60}', '\u{10E68}'),
    ('\u{11052}', '\u{1105A}'),
    ('\u{1F100}', '\u{1F10A}'),
];

/// Python's `str.isdigit()` for one character: decimals and other digits.
pub(super) fn is_digit(c: char) -> bool {
    is_decimal(c) || DIGIT_RANGES.iter().any(|&(low, high)| (low..=high).contains(&c))
}

/// CJK ideographs that have a numeric value (category Lo, so not in `\p{N}`).
const CJK_NUMERALS: &[char] = &[
    '\u{3405}',
    '\u{3483}',
    '\u{382A}',
    '\u{3B4D}',
    '\u{4E00}',
    '\u{4E03}',
    '\u{4E07}',
    '\u{4E09}',
    '\u{4E5D}',
    '\u{4E8C}',
    '\u{4E94}',
    '\u{4E96}',
    '\u{4EBF}',
    '\u{4EC0}',
    '\u{4EDF}',
    '\u{4EE8}',
    '\u{4F0D}',
    '\u{4F70}',
    '\u{5104}',
    '\u{5146}',
    '\u{5169}',
    '\u{516B}',
    '\u{516D}',
    '\u{5341}',
    '\u{5343}',
    '\u{5344}',
    '\u{5345}',
    '\u{534C}',
    '\u{53C1}',
    '\u{53C2}',
    '\u{53C3}',
    '\u{53C4}',
    '\u{56DB}',
    '\u{58F1}',
    '\u{58F9}',
    '\u{5E7A}',
    '\u{5EFE}',
    '\u{5EFF}',
    '\u{5F0C}',
    '\u{5F0D}',
    '\u{5F0E}',
    '\u{5F10}',
    '\u{62FE}',
    '\u{634C}',
    '\u{67D2}',
    '\u{6F06}',
    '\u{7396}',
    '\u{767E}',
    '\u{8086}',
    '\u{842C}',
    '\u{8CAE}',
    '\u{8CB3}',
    '\u{8D30}',
    '\u{9621}',
    '\u{9646}',
    '\u{964C}',
    '\u{9678}',
    '\u{96F6}',
    '\u{F96B}',
    '\u{F973}',
    '\u{F978}',
    '\u{F9B2}',
    '\u{F9D1}',
    '\u{F9D3}',
    '\u{F9FD}',
    '\u{20001}',
    '\u{20064}',
    '\u{200E2}',
    '\u{20121}',
    '\u{2092A}',
    '\u{20983}',
    '\u{2098C}',
    '\u{2099C}',
    '\u{20AEA}',
    '\u{20AFD}',
    '\u{20B19}',
    '\u{22390}',
    '\u{22998}',
    '\u{23B1B}',
    '\u{2626D}',
    '\u{2F890}',
];

/// Python's `str.isnumeric()` for one character: categories Nd, Nl, No
/// and the CJK numerals.
pub(super) fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        char_is(c, |s| covers(Numbers::lexer(s))) || CJK_NUMERALS.binary_search(&c).is_ok()
    }
}

/// The value of a decimal digit of any script. Unicode encodes each
/// script's digits as runs of ten in order, so a digit's value is its
/// distance from the start of its run (modulo ten where runs adjoin, as the
/// mathematical digits do).
pub(super) fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    if !is_decimal(c) {
        return None;
    }
    let mut offset = 0;
    let mut code = c as u32;
    while let Some(previous) = code.checked_sub(1).and_then(char::from_u32) {
        if !is_decimal(previous) {
            break;
        }
        offset += 1;
        code -= 1;
    }
    Some(offset % 10)
}

/// Category Lt: the titlecase digraphs and Greek letters with prosgegrammeni,
/// which are cased but neither upper- nor lowercase.
pub(super) fn is_titlecase(c: char) -> bool {
    matches!(c,
        '\u{1C5}' | '\u{1C8}' | '\u{1CB}' | '\u{1F2}'
        | '\u{1F88}'..='\u{1F8F}' | '\u{1F98}'..='\u{1F9F}' | '\u{1FA8}'..='\u{1FAF}'
        | '\u{1FBC}' | '\u{1FCC}' | '\u{1FFC}')
}

/// Unicode's Cased property, which CPython's case operations test.
pub(super) fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || is_titlecase(c)
}

/// Unicode's Case_Ignorable property (apostrophes, combining marks, ...),
/// which the final sigma rule skips over.
fn is_case_ignorable(c: char) -> bool {
    char_is(c, |s| covers(CaseIgnorables::lexer(s)))
}

// ------------------------------------------------------------ case mapping

/// Titlecase mappings that differ from the uppercase ones and are not a
/// single character: ligatures and Greek letters with ypogegrammeni.
fn special_titlecase(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{DF}' => "Ss",
        '\u{587}' => "\u{535}\u{582}",
        '\u{1FB2}' => "\u{1FBA}\u{345}",
        '\u{1FB4}' => "\u{386}\u{345}",
        '\u{1FB7}' => "\u{391}\u{342}\u{345}",
        '\u{1FC2}' => "\u{1FCA}\u{345}",
        '\u{1FC4}' => "\u{389}\u{345}",
        '\u{1FC7}' => "\u{397}\u{342}\u{345}",
        '\u{1FF2}' => "\u{1FFA}\u{345}",
        '\u{1FF4}' => "\u{38F}\u{345}",
        '\u{1FF7}' => "\u{3A9}\u{342}\u{345}",
        '\u{FB00}' => "Ff",
        '\u{FB01}' => "Fi",
        '\u{FB02}' => "Fl",
        '\u{FB03}' => "Ffi",
        '\u{FB04}' => "Ffl",
        '\u{FB05}' | '\u{FB06}' => "St",
        '\u{FB13}' => "\u{544}\u{576}",
        '\u{FB14}' => "\u{544}\u{565}",
        '\u{FB15}' => "\u{544}\u{56B}",
        '\u{FB16}' => "\u{54E}\u{576}",
        '\u{FB17}' => "\u{544}\u{56D}",
        _ => return None,
    })
}

/// Appends Python's full titlecase mapping of a character. Most letters
/// titlecase to their uppercase; the exceptions are the digraphs (`ǆ` →
/// `ǅ`), Georgian (whose uppercase is the separate Mtavruli script), Greek
/// with iota subscript and the ligatures.
pub(super) fn push_titlecase(out: &mut String, c: char) {
    if let Some(mapped) = special_titlecase(c) {
        out.push_str(mapped);
        return;
    }
    let code = c as u32;
    let mapped = match code {
        0x1C4..=0x1C6 => 0x1C5,
        0x1C7..=0x1C9 => 0x1C8,
        0x1CA..=0x1CC => 0x1CB,
        0x1F1..=0x1F3 => 0x1F2,
        0x10D0..=0x10FA | 0x10FD..=0x10FF => code,
        0x1F80..=0x1FAF => code | 0x8,
        0x1FB3 | 0x1FBC => 0x1FBC,
        0x1FC3 | 0x1FCC => 0x1FCC,
        0x1FF3 | 0x1FFC => 0x1FFC,
        _ => {
            out.extend(c.to_uppercase());
            return;
        }
    };
    out.push(char::from_u32(mapped).unwrap_or(c));
}

/// Unicode's Final_Sigma condition for a capital sigma at byte `index`: a
/// cased letter before it and none after, skipping case-ignorable
/// characters (apostrophes, combining marks) both ways.
fn is_final_sigma(text: &str, index: usize) -> bool {
    let before = text.get(..index).unwrap_or("");
    let after = text.get(index + 'Σ'.len_utf8()..).unwrap_or("");
    let cased_before = before.chars().rev().find(|&c| !is_case_ignorable(c)).is_some_and(is_cased);
    cased_before && !after.chars().find(|&c| !is_case_ignorable(c)).is_some_and(is_cased)
}

/// Appends the lowercase of the character at byte `index` of `text`, where
/// a capital sigma ending a word becomes the final form `ς`.
pub(super) fn push_lowercase(out: &mut String, text: &str, index: usize, c: char) {
    if c == 'Σ' {
        out.push(if is_final_sigma(text, index) { 'ς' } else { 'σ' });
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Characters whose case folding is the lowercase of their uppercase
/// rather than their plain lowercase (`ß` → `ss`, `ς` → `σ`, `ﬁ` → `fi`).
fn folds_through_uppercase(c: char) -> bool {
    matches!(c as u32,
        0xB5 | 0xDF | 0x149 | 0x17F | 0x1F0 | 0x345 | 0x390 | 0x3B0 | 0x3C2
        | 0x3D0..=0x3D1 | 0x3D5..=0x3D6 | 0x3F0..=0x3F1 | 0x3F5 | 0x587
        | 0x1C80..=0x1C88 | 0x1E96..=0x1E9B | 0x1F50 | 0x1F52 | 0x1F54 | 0x1F56
        | 0x1F80..=0x1FAF | 0x1FB2..=0x1FB4 | 0x1FB6..=0x1FB7 | 0x1FBC | 0x1FBE
        | 0x1FC2..=0x1FC4 | 0x1FC6..=0x1FC7 | 0x1FCC | 0x1FD2..=0x1FD3 | 0x1FD6..=0x1FD7
        | 0x1FE2..=0x1FE4 | 0x1FE6..=0x1FE7 | 0x1FF2..=0x1FF4 | 0x1FF6..=0x1FF7 | 0x1FFC
        | 0xFB00..=0xFB06 | 0xFB13..=0xFB17)
}

/// Appends Python's full case folding of a character.
pub(super) fn push_casefold(out: &mut String, c: char) {
    match c as u32 {
        // Cherokee folds to its uppercase letters, the script's original
        // forms, where lowercasing goes the other way.
        0x13A0..=0x13F5 => out.push(c),
        0x13F8..=0x13FD | 0xAB70..=0xABBF => out.extend(c.to_uppercase()),
        // Capital sharp s lowercases to `ß` but folds to "ss".
        0x1E9E => out.push_str("ss"),
        _ if folds_through_uppercase(c) => {
            for upper in c.to_uppercase() {
                out.extend(upper.to_lowercase());
            }
        }
        _ => out.extend(c.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_mapping_exceptions() {
        let title = |text: &str| {
            let mut out = String::new();
            text.chars().for_each(|c| push_titlecase(&mut out, c));
            out
        };
        assert_eq!(title("ǆßﬁᾳა"), "ǅSsFiᾼა");
        let fold = |text: &str| {
            let mut out = String::new();
            text.chars().for_each(|c| push_casefold(&mut out, c));
            out
        };
        assert_eq!(fold("ẞßΣςﬁꭰᏸ"), "ssssσσfiᎠᏰ");
        assert!(is_final_sigma("aΣ", 1));
        assert!(is_final_sigma("a'Σ'", 2));
        assert!(!is_final_sigma("aΣb", 1));
        assert!(!is_final_sigma("Σ", 0));
    }

    #[test]
    fn character_classes() {
        assert!(is_space('\x1f') && is_space('\u{3000}') && !is_space('\u{180e}'));
        assert!(is_digit('²') && !is_decimal('²') && is_numeric('½') && is_numeric('三'));
        assert_eq!(decimal_value('\u{1D7D8}'), Some(0));
        assert_eq!(decimal_value('\u{1D7E1}'), Some(9));
        assert!(is_identifier("ä_1") && !is_identifier("1a"));
    }
}
