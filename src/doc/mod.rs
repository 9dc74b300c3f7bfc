//! The document model (IR): words and structure only — no fonts, no pages.
//!
//! Templates produce markup, `crate::markup` parses it into a [`Document`], and the two
//! backends (`crate::pdf`, `crate::docx`) translate a `Document` into bytes. Backends depend
//! on this module only, never on `crate::model`: everything a reader sees must already be
//! here, so that the PDF and the DOCX of one contract say exactly the same thing.

pub mod layout;
pub mod text;

use serde::Serialize;

/// One renderable document (the socle, an annex, an avenant…).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub metadata: Metadata,
    /// Running header, on every page but the first.
    pub header: Running,
    /// Running footer, on every page.
    pub footer: Running,
    pub blocks: Vec<Block>,
    /// The bytes of every image the document shows (`Inline::Image::src` → file), taken from the
    /// template set: the backends embed them, and the PDF's Typst world serves only these.
    #[serde(skip)]
    pub images: std::collections::BTreeMap<String, Vec<u8>>,
}

/// Document properties: PDF info/XMP and DOCX core properties.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Metadata {
    pub title: String,
    pub subject: String,
    /// One entry per author (the parties); joined by the backends as their format requires.
    pub authors: Vec<String>,
    pub keywords: Vec<String>,
    /// BCP 47 language tag, e.g. `fr-FR`.
    pub language: String,
    /// Document date as `YYYY-MM-DD` (from the data, never the clock: outputs are deterministic).
    pub date: String,
}

/// A running header or footer: a part aligned left and a part aligned right.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Running {
    pub left: Vec<Inline>,
    pub right: Vec<Inline>,
}

impl Running {
    pub fn is_empty(&self) -> bool {
        self.left.is_empty() && self.right.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Block {
    /// Level 1: part / document titles inside the body (e.g. "Titre Ier"); level 2: articles;
    /// level 3: sub-articles. Outlined in the PDF, real heading styles in the DOCX.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph {
        style: ParagraphStyle,
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Table(Table),
    /// The signature block: optional lines kept with it ("Fait à …"), then one column per party.
    Signatures {
        intro: Vec<Vec<Inline>>,
        parties: Vec<Signatory>,
    },
    PageBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParagraphStyle {
    /// Justified body text.
    Body,
    /// The document title on the title block: large, bold, centred.
    Title,
    /// Lines under the title: centred, slightly larger.
    Subtitle,
    /// Centred body text.
    Centered,
    /// Right-aligned body text.
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Align>,
    /// The header row, repeated at the top of every page the table spans.
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One signature column: the lines above the space left for the signature (institution,
/// capacity), then the signatory's name under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signatory {
    pub lines: Vec<Vec<Inline>>,
    pub name: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", content = "content", rename_all = "kebab-case")]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emph(Vec<Inline>),
    /// Letters set as superscript: the « er » of « 1er » (from the typography pass).
    Superscript(String),
    LineBreak,
    /// The current page number (header/footer only).
    PageNumber,
    /// The total number of pages (header/footer only).
    PageCount,
    /// An image from the templates directory (an agency logo); its height is the style's.
    Image {
        src: String,
        alt: String,
    },
}

impl Table {
    /// Relative column widths, shared by both backends so that the PDF and the DOCX lay a table
    /// out alike: each column weighs as much as its longest word run, bounded so that a
    /// column of long sentences cannot starve a column of amounts.
    ///
    /// A header cell is set in bold and never hyphenated: its column is at least as wide as its
    /// longest word in bold (half as wide again as a plain one, plus the cell's padding), so
    /// that « Catégorie » over a column of « EHPAD » does not spill into its neighbour.
    pub fn weights(&self) -> Vec<u32> {
        let mut w = vec![4u32; self.columns.len()];
        for row in std::iter::once(&self.header).chain(self.rows.iter()) {
            for (i, cell) in row.iter().enumerate().take(w.len()) {
                let len = text::inline_text(cell).chars().count() as u32;
                w[i] = w[i].max(len.clamp(4, 36));
            }
        }
        for (i, cell) in self.header.iter().enumerate().take(w.len()) {
            let text = text::inline_text(cell);
            let mot = text
                .split_whitespace()
                .map(|m| m.chars().count() as u32)
                .max()
                .unwrap_or(0);
            w[i] = w[i].max((mot * 3 / 2 + 2).min(36));
        }
        w
    }
}

/// Serialised with its [`Table::weights`], which the Typst style needs for the column widths.
impl Serialize for Table {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Table", 4)?;
        st.serialize_field("columns", &self.columns)?;
        st.serialize_field("weights", &self.weights())?;
        st.serialize_field("header", &self.header)?;
        st.serialize_field("rows", &self.rows)?;
        st.end()
    }
}
