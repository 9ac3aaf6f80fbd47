//! The one decision the LALR(1) grammar cannot make with one token of
//! lookahead: whether the `(` after `with` opens a parenthesized list of
//! items (`with (open(a) as f, open(b) as g):`, Python 3.9+) or begins an
//! expression (`with (a, b) as pair:`, `with (a) + b:`). CPython's PEG
//! parser tries the list and backtracks. Here the tokens are read ahead
//! instead: when the `)` matching that `(` ends the header — a `:` or the
//! end of the line follows it — the `(` is passed on as
//! [`Token::WithParen`], and the grammar reads what is inside as CPython
//! does. The end of the line counts so that a missing `:` is reported as
//! CPython reports it ("expected ':'").

use std::collections::VecDeque;

use crate::lexer::{Spanned, Token};

/// Tokens, with the `(` of a parenthesized `with` header marked.
pub struct WithParentheses<'src, I> {
    tokens: I,
    /// Tokens read ahead of a `with`, to be passed on before any other.
    pending: VecDeque<Spanned<'src>>,
}

impl<'src, I: Iterator<Item = Spanned<'src>>> WithParentheses<'src, I> {
    pub fn new(tokens: I) -> Self {
        WithParentheses { tokens, pending: VecDeque::new() }
    }

    /// Reads the tokens after a `with` into `pending`, through the token
    /// after the bracket its `(` opens, if it opens one; marks the `(` when
    /// that token ends the header. Parentheses left open (the input ends,
    /// or a scanning error ends the parse) are marked too: CPython's error
    /// then comes from its first reading, as items.
    fn read_header(&mut self) {
        let Some(first) = self.tokens.next() else { return };
        let opens = matches!(first, Ok((_, Token::LParen, _)));
        self.pending.push_back(first);
        if !opens {
            return;
        }
        let mut depth = 1usize;
        while depth > 0 {
            let Some(item) = self.tokens.next() else { break };
            let Ok((_, token, _)) = &item else {
                self.pending.push_back(item);
                break;
            };
            if token.opening_bracket().is_some() {
                depth += 1;
            } else if token.closing_bracket().is_some() {
                depth -= 1;
            }
            self.pending.push_back(item);
        }
        let ends_header = if depth > 0 {
            true
        } else if let Some(after) = self.tokens.next() {
            let ends = matches!(after, Ok((_, Token::Colon | Token::Newline, _)));
            self.pending.push_back(after);
            ends
        } else {
            false
        };
        if ends_header && let Some(Ok((_, open, _))) = self.pending.front_mut() {
            *open = Token::WithParen;
        }
    }
}

impl<'src, I: Iterator<Item = Spanned<'src>>> Iterator for WithParentheses<'src, I> {
    type Item = Spanned<'src>;

    fn next(&mut self) -> Option<Spanned<'src>> {
        if let Some(item) = self.pending.pop_front() {
            return Some(item);
        }
        let item = self.tokens.next()?;
        if matches!(item, Ok((_, Token::With, _))) {
            self.read_header();
        }
        Some(item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layout;
    use crate::lexer::tokens;

    /// Whether each `(` that follows a `with` in `source` was marked.
    fn marked(source: &str) -> Vec<bool> {
        let laid_out = Layout::new(source, tokens(source));
        let tokens: Vec<Token> = WithParentheses::new(laid_out).map(|item| item.unwrap().1).collect();
        tokens
            .windows(2)
            .filter(|pair| pair[0] == Token::With)
            .map(|pair| match pair[1] {
                Token::WithParen => true,
                Token::LParen => false,
                other => panic!("{other:?} after with"),
            })
            .collect()
    }

    #[test]
    fn marks_parentheses_that_are_the_whole_header() {
        assert_eq!(marked("with (a as b, c):\n    pass\n"), [true]);
        assert_eq!(marked("with (a,\n      b as c,\n):\n    pass\n"), [true]);
        assert_eq!(marked("with (a):\n    pass\n"), [true]);
        assert_eq!(marked("with (a as b)\n"), [true]);
    }

    #[test]
    fn marks_parentheses_left_open() {
        let source = "with (a as b,\n      c as d\n";
        let laid_out = Layout::new(source, tokens(source));
        let items: Vec<_> = WithParentheses::new(laid_out).collect();
        assert!(matches!(items[1], Ok((_, Token::WithParen, _))));
        assert!(items.last().is_some_and(Result::is_err));
    }

    #[test]
    fn leaves_parentheses_that_begin_an_expression() {
        assert_eq!(marked("with (a, b) as c:\n    pass\n"), [false]);
        assert_eq!(marked("with (a) + (b):\n    pass\n"), [false]);
        assert_eq!(marked("with (a), (b):\n    pass\n"), [false]);
        assert_eq!(marked("with (f)(x) as y:\n    pass\n"), [false]);
    }

    #[test]
    fn reads_nested_headers_and_passes_every_token_on() {
        let source = "with (a):\n    with (b) as c:\n        x = (1)\n";
        assert_eq!(marked(source), [true, false]);
        let plain = Layout::new(source, tokens(source)).count();
        assert_eq!(WithParentheses::new(Layout::new(source, tokens(source))).count(), plain);
    }
}
