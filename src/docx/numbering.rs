//! Lists: `numbering.xml` and the list instances (`w:num`) of one document.
//!
//! Two abstract definitions: "–" bullets (like the PDF's list marker) and decimal "1." numbers.
//! All bullet lists share one instance; each ordered list gets its own instance whose
//! `w:startOverride` is the list's `start`, so that every ordered list restarts instead of
//! continuing the previous one. Instance ids are handed out in document order: no global counter,
//! the same document always gets the same ids.

use std::fmt::Write as _;

use super::xml::{DECL, NS_W};

/// Deepest list level written; deeper nesting is shown at this level.
pub const MAX_LEVEL: u8 = 2;

/// Indentation step per level, twips (1 cm).
const STEP: u32 = 567;

/// The `w:numId` of the bullet instance.
pub const BULLETS: u32 = 1;

const ABSTRACT_BULLET: u32 = 0;
const ABSTRACT_DECIMAL: u32 = 1;

/// The list instances of one document.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `(level, start)` of each ordered list, in document order; numId = index + 2.
    ordered: Vec<(u8, u64)>,
}

impl Numbering {
    /// A new instance for an ordered list at `level` starting at `start`; returns its numId.
    pub fn ordered(&mut self, level: u8, start: u64) -> u32 {
        self.ordered.push((level.min(MAX_LEVEL), start));
        self.ordered.len() as u32 + 1
    }

    /// The left indent of a list paragraph at `level` (text position), twips.
    pub fn indent(level: u8) -> u32 {
        STEP * (u32::from(level.min(MAX_LEVEL)) + 1)
    }

    /// `word/numbering.xml`. Order (CT_Numbering): abstractNum*, num*.
    pub fn xml(&self) -> String {
        let mut o = String::with_capacity(2048 + 160 * self.ordered.len());
        o.push_str(DECL);
        let _ = write!(o, "<w:numbering xmlns:w=\"{NS_W}\">");
        abstract_num(&mut o, ABSTRACT_BULLET, "2C7A0B01", "bullet", 283);
        abstract_num(&mut o, ABSTRACT_DECIMAL, "2C7A0D01", "decimal", 397);
        let _ = write!(
            o,
            "<w:num w:numId=\"{BULLETS}\"><w:abstractNumId w:val=\"{ABSTRACT_BULLET}\"/></w:num>"
        );
        for (i, &(level, start)) in self.ordered.iter().enumerate() {
            // ST_DecimalNumber is a 32-bit integer.
            let start = start.min(i32::MAX as u64);
            let _ = write!(
                o,
                "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{ABSTRACT_DECIMAL}\"/>\
                 <w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
                i + 2
            );
        }
        o.push_str("</w:numbering>");
        o
    }
}

/// Order (CT_AbstractNum): nsid, multiLevelType, lvl*; (CT_Lvl): start, numFmt, lvlText,
/// lvlJc, pPr.
fn abstract_num(o: &mut String, id: u32, nsid: &str, fmt: &str, hanging: u32) {
    let _ = write!(
        o,
        "<w:abstractNum w:abstractNumId=\"{id}\"><w:nsid w:val=\"{nsid}\"/><w:multiLevelType w:val=\"hybridMultilevel\"/>"
    );
    for level in 0..=MAX_LEVEL {
        let text = if fmt == "bullet" {
            "\u{2013}".to_string()
        } else {
            format!("%{}.", level + 1)
        };
        let _ = write!(
            o,
            "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/>\
             <w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
             <w:pPr><w:ind w:left=\"{}\" w:hanging=\"{hanging}\"/></w:pPr></w:lvl>",
            Numbering::indent(level)
        );
    }
    o.push_str("</w:abstractNum>");
}
