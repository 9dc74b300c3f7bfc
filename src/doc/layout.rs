//! The page layout both backends set: one table of measures, so that a PDF and its DOCX break
//! their lines and pages alike (a "page 3" or a paraphe cited in negotiation points to the same
//! text in both).
//!
//! Every measure is in twips (1/20 pt), Word's own unit, so that the DOCX carries them exactly;
//! the PDF style (`templates/style/cpom.typ`) reads them from the document JSON (`layout`) and
//! divides by 20. The model of vertical space is the one both formats can express exactly:
//! - every line of a paragraph is a box of `line` height (Word: `w:lineRule="atLeast"`; Typst:
//!   text edges set so that a line box is that high, no leading), which grows only for a
//!   taller inline image;
//! - the space between two blocks is the larger of the first's `below` and the second's
//!   `above` (Typst's collapsing spacing; the DOCX writer computes it and writes it as the
//!   second block's `w:before`, with no `w:after`).
//!
//! The face is Liberation Serif in the PDF and Times New Roman in the DOCX: the same widths.

use serde::Serialize;

/// Size and line height of one kind of text, twips.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Text {
    pub size: u32,
    pub line: u32,
}

/// A kind of block: its text and the space wanted above and below it, twips.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BlockKind {
    pub text: Text,
    pub above: u32,
    pub below: u32,
}

/// Inner space of a table cell, twips.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Padding {
    pub x: u32,
    pub y: u32,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Layout {
    pub page_width: u32,
    pub page_height: u32,
    pub margin_x: u32,
    pub margin_top: u32,
    pub margin_bottom: u32,
    /// From the page edge to the running header's top and to the running footer's bottom.
    pub header_distance: u32,
    pub running: Text,
    pub body: BlockKind,
    /// Level 1, 2, 3.
    pub headings: [BlockKind; 3],
    pub title: BlockKind,
    pub subtitle: BlockKind,
    /// Data tables; `table_wide` for six columns or more.
    pub table: BlockKind,
    pub table_wide: BlockKind,
    pub cell: Padding,
    pub cell_wide: Padding,
    /// Width of a table's rules. Word and LibreOffice add it to the height of every row; the
    /// PDF's cells are as much taller (half above, half below), so that rows match.
    pub rule: u32,
    /// Between two items of a list.
    pub list_item_spacing: u32,
    /// Text position of a list item at level 0 (each level adds as much) and the marker's
    /// width before it (bullet list, numbered list).
    pub list_indent: u32,
    pub bullet_width: u32,
    pub number_width: u32,
    /// Between the "Fait à …" lines and the signature table; the room left to sign.
    pub before_signatures: u32,
    pub signature_height: u32,
    /// Horizontal inner space of a signature cell.
    pub signature_padding: u32,
}

impl Layout {
    /// Width of the text area.
    pub const fn text_width(&self) -> u32 {
        self.page_width - 2 * self.margin_x
    }
}

/// The layout of every document.
pub const LAYOUT: Layout = Layout {
    // A4 portrait; margins 2.2 cm at the sides and the foot, 2.4 cm at the head.
    page_width: 11906,
    page_height: 16838,
    margin_x: 1247,
    margin_top: 1361,
    margin_bottom: 1247,
    header_distance: 567,
    running: Text {
        size: 170,
        line: 200,
    },
    body: BlockKind {
        text: Text {
            size: 220,
            line: 280,
        },
        above: 120,
        below: 120,
    },
    headings: [
        BlockKind {
            text: Text {
                size: 280,
                line: 340,
            },
            above: 320,
            below: 160,
        },
        BlockKind {
            text: Text {
                size: 240,
                line: 300,
            },
            above: 260,
            below: 120,
        },
        BlockKind {
            text: Text {
                size: 220,
                line: 280,
            },
            above: 200,
            below: 120,
        },
    ],
    title: BlockKind {
        text: Text {
            size: 340,
            line: 420,
        },
        above: 120,
        below: 200,
    },
    subtitle: BlockKind {
        text: Text {
            size: 250,
            line: 320,
        },
        above: 120,
        below: 120,
    },
    table: BlockKind {
        text: Text {
            size: 190,
            line: 240,
        },
        above: 160,
        below: 160,
    },
    table_wide: BlockKind {
        text: Text {
            size: 160,
            line: 200,
        },
        above: 160,
        below: 160,
    },
    cell: Padding { x: 100, y: 80 },
    cell_wide: Padding { x: 70, y: 60 },
    rule: 10,
    list_item_spacing: 80,
    list_indent: 567,
    bullet_width: 283,
    number_width: 397,
    before_signatures: 240,
    signature_height: 1800,
    signature_padding: 113,
};
