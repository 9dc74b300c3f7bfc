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
    /// The measures of the page (`style/mise-en-page.yaml`), set by [`Document::lay_out`]: both
    /// backends lay the document out with them.
    pub layout: layout::Layout,
}

impl Document {
    /// Gives the document its page measures, and each of its tables the column widths they
    /// give (see [`Table::measure`]).
    pub fn lay_out(&mut self, layout: &layout::Layout) {
        fn tables(blocks: &mut [Block], l: &layout::Layout) {
            for b in blocks {
                match b {
                    Block::Table(t) => t.widths = t.measure(l),
                    Block::List { items, .. } => items.iter_mut().for_each(|i| tables(i, l)),
                    _ => {}
                }
            }
        }
        self.layout = *layout;
        tables(&mut self.blocks, layout);
    }
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
    /// A chart of yearly values (an indicator's targets and achieved values): drawn by the
    /// Typst style in the PDF, a native chart part in the DOCX.
    Chart(Chart),
}

/// A chart of values by year: one line per series, a marker at each value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub title: String,
    /// The unit of the values (« % », « j »), printed on the value axis.
    pub unit: String,
    pub years: Vec<i32>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    /// `line` (joined values) or `points` (markers only).
    pub style: String,
    /// One value per year of the chart; None where there is none.
    pub values: Vec<Option<f64>>,
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
    /// Column widths in twips, from [`Table::measure`] ([`Document::lay_out`] sets them).
    pub widths: Vec<u32>,
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
    /// The name of the PDF signature field where this party signs (`signature-ars`), written
    /// by the template at the head of the party (`- {signature-ars} …`); `signature-N` when
    /// it names none.
    pub champ: String,
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
    /// Number of columns: the widest of the header, the rows and the alignments.
    pub fn column_count(&self) -> usize {
        std::iter::once(&self.header)
            .chain(self.rows.iter())
            .map(Vec::len)
            .chain(std::iter::once(self.columns.len()))
            .max()
            .unwrap_or(0)
    }

    /// Set in the small size of wide tables (six columns or more).
    pub fn is_wide(&self) -> bool {
        self.column_count() >= 6
    }

    /// Column widths in twips, adding up to the page's text width: the widths both backends
    /// give, measured in the face both set ([`crate::fonts`]), so that every cell wraps alike.
    ///
    /// A column of amounts and numbers (right-aligned) is as wide as its widest value: a value
    /// never wraps. A text column is at least as wide as its longest unbreakable run — a word,
    /// or a date, an identifier or an amount joined by no-break spaces — so that none is broken
    /// (cells are not hyphenated); the rest of the width goes to the text columns that want it,
    /// up to their natural width. A header cell, in bold, may wrap between its words only.
    pub fn measure(&self, l: &layout::Layout) -> Vec<u32> {
        let n = self.column_count();
        if n == 0 {
            return Vec::new();
        }
        let (kind, pad) = if self.is_wide() {
            (&l.table_wide, l.cell_wide)
        } else {
            (&l.table, l.cell)
        };
        let size = kind.text.size;
        // A point of slack: the two formats round and kern a hair differently.
        let padding = 2 * pad.x + l.rule + 20;
        let total = l.text_width();
        // (whole text, longest unbreakable run) of a cell; in bold if the cell has bold text
        // (a total), as the header.
        let measure = |cell: &[Inline], header: bool| {
            let bold = header || cell.iter().any(|i| matches!(i, Inline::Strong(_)));
            let t = text::inline_text(cell);
            let whole = t
                .lines()
                .map(|l| crate::fonts::width(l, size, bold))
                .max()
                .unwrap_or(0);
            // A dash may end a line, except inside a figure (« 2017-0012 », « L. 6114-1 »).
            let run = t
                .split([' ', '\n'])
                .flat_map(|w| {
                    if w.contains(|c: char| c.is_ascii_digit()) {
                        vec![w]
                    } else {
                        w.split_inclusive('-').collect()
                    }
                })
                .map(|w| crate::fonts::width(w, size, bold))
                .max()
                .unwrap_or(0);
            (whole, run)
        };
        let mut natural = vec![0u32; n];
        let mut least = vec![0u32; n];
        for (i, cell) in self.header.iter().enumerate() {
            let (_, run) = measure(cell, true);
            least[i] = least[i].max(run);
            natural[i] = natural[i].max(run);
        }
        let right: Vec<bool> = (0..n)
            .map(|i| self.columns.get(i) == Some(&Align::Right))
            .collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                let (whole, run) = measure(cell, false);
                natural[i] = natural[i].max(whole);
                least[i] = least[i].max(if right[i] { whole } else { run });
            }
        }
        for i in 0..n {
            natural[i] = natural[i].max(least[i]) + padding;
            least[i] += padding;
        }
        let least_sum: u32 = least.iter().sum();
        let mut out = if least_sum >= total {
            // Too much to fit: every column in proportion to what it needs.
            least
                .iter()
                .map(|&l| (u64::from(total) * u64::from(l) / u64::from(least_sum)) as u32)
                .collect()
        } else {
            let spare = total - least_sum;
            let missing: Vec<u32> = (0..n)
                .map(|i| if right[i] { 0 } else { natural[i] - least[i] })
                .collect();
            let missing_sum: u32 = missing.iter().sum();
            if missing_sum > spare {
                // The columns that want little get all they want (a column of short targets
                // is not wrapped to feed a column of long sentences); the others share the
                // rest equally.
                let mut give = vec![0u32; n];
                let mut open: Vec<usize> = (0..n).filter(|&i| missing[i] > 0).collect();
                open.sort_by_key(|&i| (missing[i], i));
                let mut left = spare;
                while let Some(&i) = open.first() {
                    let share = left / open.len() as u32;
                    if missing[i] <= share {
                        give[i] = missing[i];
                        left -= missing[i];
                        open.remove(0);
                    } else {
                        for &j in &open {
                            give[j] = share;
                        }
                        break;
                    }
                }
                (0..n).map(|i| least[i] + give[i]).collect()
            } else {
                // Every column at its natural width; what is left goes to the text columns
                // (to every column when none is text), in proportion to their width.
                let left = spare - missing_sum;
                let takes = |i: usize| !right[i] || right.iter().all(|&r| r);
                let base: u64 = (0..n)
                    .filter(|&i| takes(i))
                    .map(|i| u64::from(natural[i]))
                    .sum();
                (0..n)
                    .map(|i| {
                        let extra = if takes(i) && base > 0 {
                            (u64::from(left) * u64::from(natural[i]) / base) as u32
                        } else {
                            0
                        };
                        natural[i] + extra
                    })
                    .collect::<Vec<u32>>()
            }
        };
        // The rounding remainder to the last column: the grid adds up to the text width
        // exactly (Word and LibreOffice otherwise disagree on which column absorbs it).
        let used: u32 = out.iter().sum();
        out[n - 1] += total.saturating_sub(used);
        out
    }
}

/// Serialised with its widths (twips), which the Typst style sets.
impl Serialize for Table {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Table", 5)?;
        st.serialize_field("columns", &self.columns)?;
        st.serialize_field("wide", &self.is_wide())?;
        st.serialize_field("widths", &self.widths)?;
        st.serialize_field("header", &self.header)?;
        st.serialize_field("rows", &self.rows)?;
        st.end()
    }
}
