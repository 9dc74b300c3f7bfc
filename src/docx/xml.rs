//! XML text escaping: the one function through which every word of the data reaches a part.
//!
//! All parts are built as strings; what keeps them well-formed is that data never enters the
//! XML except through [`escape`], and that element names and attribute values written by the
//! writer itself are constants.

/// Appends `s` to `out` escaped for XML 1.0, valid both in element content and in a
/// double-quoted attribute value.
///
/// - `&`, `<`, `>`, `"` and `'` become entity references.
/// - Tab, line feed and carriage return become character references, so that an attribute
///   value keeps them (a parser would otherwise normalise them to spaces) and a lone CR
///   survives end-of-line normalisation in element content.
/// - Characters that XML 1.0 forbids — C0 controls other than tab/LF/CR, U+FFFE, U+FFFF —
///   become U+FFFD: a single stray control character from the data must not make the whole
///   package unreadable (Word refuses such a file outright). Lone surrogates cannot occur in
///   a Rust `str`.
pub fn escape(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\t' => "&#9;",
            '\n' => "&#10;",
            '\r' => "&#13;",
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
}

/// [`escape`] into a new string (for the few places where a `String` is handier).
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape(&mut out, s);
    out
}

/// The XML declaration every part starts with.
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Namespace of WordprocessingML elements (`w:`).
pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// Namespace of relationship references in the main part and its headers/footers (`r:`).
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
