//! Paragraph and run properties (`w:pPr`, `w:rPr`), written in `xsd:sequence` order.
//!
//! WordprocessingML is strict about the order of these children (Word may "repair" or refuse a
//! file whose `w:pPr` has `w:jc` before `w:spacing`). Every paragraph and run of the package,
//! and every style, goes through [`Ppr::write`] / [`Rpr::write`], which emit the fields in the
//! order of `CT_PPrBase` and `EG_RPrBase` whatever order the caller set them in: the output is
//! valid by construction.

use std::fmt::Write as _;

/// Paragraph alignment (`w:jc`). `Both` is "justified" (`w:jc="justified"` does not exist).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jc {
    Left,
    Center,
    Right,
    Both,
}

impl Jc {
    fn val(self) -> &'static str {
        match self {
            Jc::Left => "left",
            Jc::Center => "center",
            Jc::Right => "right",
            Jc::Both => "both",
        }
    }
}

/// A thin rule above or below a paragraph (the running header and footer lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Above,
    Below,
}

/// `w:spacing`, in twips; `line` is the least height of a line (`lineRule="atLeast"`): the
/// line box of the PDF (see `crate::doc::layout`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spacing {
    pub before: Option<u32>,
    pub after: Option<u32>,
    pub line: Option<u32>,
}

/// `w:ind`, in twips.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ind {
    pub left: u32,
    pub hanging: u32,
    pub first_line: u32,
}

/// Paragraph properties. Fields are in schema order; unset fields are not written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ppr<'a> {
    pub style: Option<&'a str>,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub widow_control: bool,
    /// `(ilvl, numId)`.
    pub num: Option<(u8, u32)>,
    pub rule: Option<Rule>,
    /// A right-aligned tab stop at this position (twips from the left indent).
    pub right_tab: Option<u32>,
    /// `suppressAutoHyphens`: headings, titles, running lines and signatures stay unhyphenated
    /// even if a user switches automatic hyphenation on in Word.
    pub no_hyphens: bool,
    pub spacing: Option<Spacing>,
    pub ind: Option<Ind>,
    pub contextual_spacing: bool,
    pub jc: Option<Jc>,
    /// Outline level 0–8 (headings: what Word's navigation pane and TOC read).
    pub outline: Option<u8>,
}

impl Ppr<'_> {
    /// Writes `<w:pPr>…</w:pPr>`, or nothing when no property is set.
    ///
    /// Order (CT_PPrBase): pStyle, keepNext, keepLines, widowControl, numPr(ilvl, numId), pBdr,
    /// tabs, suppressAutoHyphens, spacing, ind, contextualSpacing, jc, outlineLvl.
    pub fn write(&self, out: &mut String) {
        let start = out.len();
        out.push_str("<w:pPr>");
        let open = out.len();
        if let Some(s) = self.style {
            let _ = write!(out, "<w:pStyle w:val=\"{s}\"/>");
        }
        if self.keep_next {
            out.push_str("<w:keepNext/>");
        }
        if self.keep_lines {
            out.push_str("<w:keepLines/>");
        }
        if self.widow_control {
            out.push_str("<w:widowControl/>");
        }
        if let Some((ilvl, id)) = self.num {
            let _ = write!(
                out,
                "<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
            );
        }
        if let Some(rule) = self.rule {
            // CT_PBdr order: top, left, bottom, right.
            let side = match rule {
                Rule::Above => "top",
                Rule::Below => "bottom",
            };
            let _ = write!(
                out,
                "<w:pBdr><w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"3\" w:color=\"969696\"/></w:pBdr>"
            );
        }
        if let Some(pos) = self.right_tab {
            let _ = write!(
                out,
                "<w:tabs><w:tab w:val=\"right\" w:pos=\"{pos}\"/></w:tabs>"
            );
        }
        if self.no_hyphens {
            out.push_str("<w:suppressAutoHyphens/>");
        }
        if let Some(sp) = self.spacing {
            out.push_str("<w:spacing");
            if let Some(b) = sp.before {
                let _ = write!(out, " w:before=\"{b}\"");
            }
            if let Some(a) = sp.after {
                let _ = write!(out, " w:after=\"{a}\"");
            }
            if let Some(l) = sp.line {
                let _ = write!(out, " w:line=\"{l}\" w:lineRule=\"atLeast\"");
            }
            out.push_str("/>");
        }
        if let Some(ind) = self.ind {
            let _ = write!(out, "<w:ind w:left=\"{}\"", ind.left);
            if ind.hanging > 0 {
                let _ = write!(out, " w:hanging=\"{}\"", ind.hanging);
            } else {
                let _ = write!(out, " w:firstLine=\"{}\"", ind.first_line);
            }
            out.push_str("/>");
        }
        if self.contextual_spacing {
            out.push_str("<w:contextualSpacing/>");
        }
        if let Some(jc) = self.jc {
            let _ = write!(out, "<w:jc w:val=\"{}\"/>", jc.val());
        }
        if let Some(l) = self.outline {
            let _ = write!(out, "<w:outlineLvl w:val=\"{l}\"/>");
        }
        if out.len() == open {
            out.truncate(start);
        } else {
            out.push_str("</w:pPr>");
        }
    }
}

/// Run properties. Fields are in schema order; unset fields are not written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rpr<'a> {
    /// One font for all scripts (`w:rFonts` ascii/hAnsi/eastAsia/cs).
    pub font: Option<&'a str>,
    pub bold: bool,
    pub italic: bool,
    /// `RRGGBB`.
    pub color: Option<&'a str>,
    /// `w:kern`: pair kerning from this size up, half-points. The PDF kerns (Typst's default):
    /// kerning in the DOCX too sets lines in the same widths.
    pub kern: Option<u32>,
    /// Size in half-points (22 = 11 pt).
    pub size: Option<u32>,
    /// `w:vertAlign superscript`: the « er » of « 1er ».
    pub superscript: bool,
    /// BCP 47 tag; written escaped (it comes from the data).
    pub lang: Option<&'a str>,
}

impl Rpr<'_> {
    /// Writes `<w:rPr>…</w:rPr>`, or nothing when no property is set.
    ///
    /// Order (EG_RPrBase): rFonts, b, bCs, i, iCs, color, kern, sz, szCs, vertAlign, lang.
    pub fn write(&self, out: &mut String) {
        if *self == Rpr::default() {
            return;
        }
        out.push_str("<w:rPr>");
        if let Some(f) = self.font {
            let _ = write!(
                out,
                "<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/>"
            );
        }
        if self.bold {
            out.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            out.push_str("<w:i/><w:iCs/>");
        }
        if let Some(c) = self.color {
            let _ = write!(out, "<w:color w:val=\"{c}\"/>");
        }
        if let Some(k) = self.kern {
            let _ = write!(out, "<w:kern w:val=\"{k}\"/>");
        }
        if let Some(s) = self.size {
            let _ = write!(out, "<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>");
        }
        if self.superscript {
            out.push_str("<w:vertAlign w:val=\"superscript\"/>");
        }
        if let Some(l) = self.lang {
            out.push_str("<w:lang w:val=\"");
            super::xml::escape(out, l);
            out.push_str("\"/>");
        }
        out.push_str("</w:rPr>");
    }
}
