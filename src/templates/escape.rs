//! Escaping data into markup, so that data can never create structure.
//!
//! Every value printed by a markup template (`{{ titulaire.raison_sociale }}`) passes through
//! [`escape_markup`] (Tera's autoescape, for `.md` templates):
//! - every ASCII punctuation character is backslash-escaped, which CommonMark reads back as the
//!   literal character: `*`, `_`, `#`, `[`, `|`, `<`, `&`, `{`, `:`… stay text;
//! - line breaks and other whitespace runs collapse to one space, and the value is trimmed, so a
//!   value cannot start a new block (heading, list, directive, indented code);
//! - control characters are dropped and the private-use sentinels the markup parser uses for
//!   page numbers are replaced, so a value cannot forge them.

use std::io::{self, Write};

/// Private-use characters the markup pre-pass substitutes for `{page}` and `{pages}`.
pub const PAGE_SENTINEL: char = '\u{E000}';
pub const PAGES_SENTINEL: char = '\u{E001}';

pub fn escape_markup(input: &str, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(escape(input).as_bytes())
}

pub fn escape(input: &str) -> String {
    let mut s = String::with_capacity(input.len() + 8);
    let mut pending_space = false;
    for c in input.chars() {
        if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}') {
            pending_space = !s.is_empty();
            continue;
        }
        if c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            // Controls and bidirectional overrides: invisible, and able to disguise text.
            continue;
        }
        if pending_space {
            s.push(' ');
            pending_space = false;
        }
        match c {
            '\u{E000}'..='\u{F8FF}' => s.push('\u{FFFD}'),
            c if c.is_ascii_punctuation() => {
                s.push('\\');
                s.push(c);
            }
            c => s.push(c),
        }
    }
    s
}

/// The inverse of [`escape`] for text read back from markup outside CommonMark parsing
/// (directive parameters such as metadata values).
pub fn unescape(input: &str) -> String {
    let mut s = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            s.push(n);
            chars.next();
            continue;
        }
        s.push(c);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_structure() {
        assert_eq!(escape("a*b_c"), "a\\*b\\_c");
        assert_eq!(escape("  # Titre\n\n- item  "), "\\# Titre \\- item");
        assert_eq!(escape("x\u{0}y\u{202e}z"), "xyz");
        assert_eq!(escape("p\u{E000}"), "p\u{FFFD}");
        assert_eq!(escape("1\u{202f}234,5\u{a0}€"), "1\u{202f}234\\,5\u{a0}€");
    }

    #[test]
    fn unescape_inverts_escape() {
        let raw = "Clinique « Les Œillets » {{ x }} <w:p> & #read(\"/etc/passwd\")";
        assert_eq!(unescape(&escape(raw)), raw);
    }
}
