//! Inline content → runs (`w:r`), fields (`w:fldSimple`).

use super::props::Rpr;
use super::xml::escape;
use crate::doc::Inline;

/// The character formatting in force: what the enclosing `Strong`/`Emph` and the context (a
/// table header, a small table) ask for. Nesting combines: `Strong` inside `Emph` is bold italic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fmt {
    pub bold: bool,
    pub italic: bool,
    /// Size in half-points, when the paragraph style's size is not the one wanted.
    pub size: Option<u32>,
    pub superscript: bool,
}

impl Fmt {
    fn rpr(self) -> Rpr<'static> {
        Rpr {
            bold: self.bold,
            italic: self.italic,
            size: self.size,
            superscript: self.superscript,
            ..Rpr::default()
        }
    }
}

/// Appends the runs of `content` to `out`.
pub fn inlines(out: &mut String, content: &[Inline], fmt: Fmt) {
    for inline in content {
        match inline {
            Inline::Text(s) => text(out, s, fmt),
            Inline::Strong(c) => inlines(out, c, Fmt { bold: true, ..fmt }),
            Inline::Emph(c) => inlines(
                out,
                c,
                Fmt {
                    italic: true,
                    ..fmt
                },
            ),
            Inline::Superscript(t) => text(
                out,
                t,
                Fmt {
                    superscript: true,
                    ..fmt
                },
            ),
            Inline::LineBreak => {
                out.push_str("<w:r>");
                fmt.rpr().write(out);
                out.push_str("<w:br/></w:r>");
            }
            Inline::PageNumber => field(out, "PAGE", fmt),
            Inline::PageCount => field(out, "NUMPAGES", fmt),
            Inline::Image { src, alt } => {
                if !super::media::run(out, src, alt) {
                    text(out, alt, fmt);
                }
            }
        }
    }
}

/// One run for a text: `\n` (or `\r\n`, or a lone `\r`) becomes `<w:br/>`, `\t` becomes
/// `<w:tab/>`, and each piece between them a `<w:t xml:space="preserve">` (always: without it
/// Word and LibreOffice drop leading/trailing spaces, e.g. around a `Strong` inside a sentence).
fn text(out: &mut String, s: &str, fmt: Fmt) {
    if s.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    fmt.rpr().write(out);
    let mut start = 0;
    let mut after_cr = false;
    for (i, c) in s.char_indices() {
        let tag = match c {
            '\n' if after_cr => "",
            '\n' | '\r' => "<w:br/>",
            '\t' => "<w:tab/>",
            _ => {
                after_cr = false;
                continue;
            }
        };
        after_cr = c == '\r';
        piece(out, &s[start..i]);
        out.push_str(tag);
        start = i + c.len_utf8();
    }
    piece(out, &s[start..]);
    out.push_str("</w:r>");
}

fn piece(out: &mut String, s: &str) {
    if !s.is_empty() {
        out.push_str("<w:t xml:space=\"preserve\">");
        escape(out, s);
        out.push_str("</w:t>");
    }
}

/// A simple field (`PAGE`, `NUMPAGES`) with a cached result of "1": Word and LibreOffice
/// recompute page fields at layout; the cached text is what a reader without layout (python-docx,
/// a text extractor) sees.
fn field(out: &mut String, instr: &str, fmt: Fmt) {
    out.push_str("<w:fldSimple w:instr=\" ");
    out.push_str(instr);
    out.push_str(" \"><w:r>");
    fmt.rpr().write(out);
    out.push_str("<w:t>1</w:t></w:r></w:fldSimple>");
}
