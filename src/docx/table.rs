//! Tables: the data tables of the contract and the borderless signature table.

use std::fmt::Write as _;

use super::inline::{Fmt, inlines};
use super::props::{Jc, Ppr, Spacing};
use super::styles::borders;
use crate::doc::layout::Layout;
use crate::doc::{Align, Inline, Signatory, Table};

/// Header row shading (the PDF's `#d9e2f3`).
const HEADER_FILL: &str = "D9E2F3";

/// Splits `total` twips in proportion to `weights`; the rounding remainder goes to the last
/// column, so the grid adds up exactly to the table width (Word and LibreOffice otherwise
/// disagree about which column absorbs the difference).
pub fn widths(weights: &[u32], total: u32) -> Vec<u32> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: u64 = weights.iter().map(|&w| u64::from(w.max(1))).sum();
    let mut out: Vec<u32> = weights
        .iter()
        .map(|&w| (u64::from(total) * u64::from(w.max(1)) / sum) as u32)
        .collect();
    let used: u32 = out.iter().sum();
    out[n - 1] += total - used;
    out
}

/// `w:tblPr` + `w:tblGrid`. Order (CT_TblPr): tblStyle, tblW, tblBorders, tblLayout,
/// tblCellMar. Fixed layout: the widths we give are the widths shown, whatever the content, so
/// Word and LibreOffice paginate alike.
fn table_start(
    o: &mut String,
    l: &Layout,
    style: Option<&str>,
    border: &str,
    margin_v: u32,
    margin_h: u32,
    cols: &[u32],
) {
    o.push_str("<w:tbl><w:tblPr>");
    if let Some(s) = style {
        let _ = write!(o, "<w:tblStyle w:val=\"{s}\"/>");
    }
    let _ = write!(o, "<w:tblW w:w=\"{}\" w:type=\"dxa\"/>", l.text_width());
    borders(o, border, l);
    let _ = write!(
        o,
        "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"{margin_v}\" w:type=\"dxa\"/>\
         <w:left w:w=\"{margin_h}\" w:type=\"dxa\"/><w:bottom w:w=\"{margin_v}\" w:type=\"dxa\"/>\
         <w:right w:w=\"{margin_h}\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>"
    );
    for w in cols {
        let _ = write!(o, "<w:gridCol w:w=\"{w}\"/>");
    }
    o.push_str("</w:tblGrid>");
}

/// `<w:tr>` with its `w:trPr` (cantSplit, trHeight, tblHeader: a choice, in this order).
/// Every row is `cantSplit`: a row of a contract table never breaks across two pages.
fn row_start(o: &mut String, height: Option<u32>, header: bool) {
    o.push_str("<w:tr><w:trPr><w:cantSplit/>");
    if let Some(h) = height {
        let _ = write!(o, "<w:trHeight w:val=\"{h}\" w:hRule=\"atLeast\"/>");
    }
    if header {
        o.push_str("<w:tblHeader/>");
    }
    o.push_str("</w:trPr>");
}

/// One cell holding one paragraph.
fn cell(o: &mut String, width: u32, fill: Option<&str>, ppr: &Ppr, content: &[Inline], fmt: Fmt) {
    cell_paras(o, width, fill, ppr, std::slice::from_ref(&content), fmt);
}

/// One cell holding a paragraph per entry of `paras` (at least one: a cell must end with a
/// paragraph). Order (CT_TcPr): tcW, shd.
fn cell_paras(
    o: &mut String,
    width: u32,
    fill: Option<&str>,
    ppr: &Ppr,
    paras: &[&[Inline]],
    fmt: Fmt,
) {
    let _ = write!(o, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
    if let Some(f) = fill {
        let _ = write!(
            o,
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{f}\"/>"
        );
    }
    o.push_str("</w:tcPr>");
    let empty: &[Inline] = &[];
    for content in if paras.is_empty() {
        std::slice::from_ref(&empty)
    } else {
        paras
    } {
        o.push_str("<w:p>");
        ppr.write(o);
        inlines(o, content, fmt);
        o.push_str("</w:p>");
    }
    o.push_str("</w:tc>");
}

/// A data table: full width, fixed layout, the PDF's column widths ([`Table::widths`]), thin borders, a shaded bold header row repeated on every page (`w:tblHeader`),
/// cells in the `TableText` style aligned per column. Tables of six columns or more use a smaller
/// size, like the PDF.
///
/// `keep_last_row`: the table precedes the signatures, and its last row is kept with them
/// (`keepNext` on its paragraphs), as the PDF carries it into the signatures' unbreakable block.
///
/// Returns false (and writes nothing) for a table with no cell: Word rejects an empty `w:tbl`.
pub fn table(o: &mut String, t: &Table, keep_last_row: bool, l: &Layout) -> bool {
    let has_header = !t.header.is_empty();
    if t.column_count() == 0 || (!has_header && t.rows.is_empty()) {
        return false;
    }
    // The PDF's widths, measured on the content (`Table::measure`).
    let cols = if t.widths.len() == t.column_count() {
        t.widths.clone()
    } else {
        t.measure(l)
    };
    let wide = t.is_wide();
    let fmt = Fmt {
        size: wide.then_some(l.table_wide.text.size / 10),
        ..Fmt::default()
    };
    let (pad, kind) = if wide {
        (l.cell_wide, l.table_wide)
    } else {
        (l.cell, l.table)
    };
    table_start(o, l, Some("TableGrid"), "single", pad.y, pad.x, &cols);
    // The style's line is the normal table's; a wide table's smaller text has its own.
    let spacing = wide.then_some(Spacing {
        before: None,
        after: None,
        line: Some(kind.text.line),
    });

    let jc = |i: usize| match t.columns.get(i).copied().unwrap_or(Align::Left) {
        Align::Left => None,
        Align::Center => Some(Jc::Center),
        Align::Right => Some(Jc::Right),
    };
    let empty: Vec<Inline> = Vec::new();
    let row = |o: &mut String, cells: &[Vec<Inline>], header: bool, keep: bool| {
        row_start(o, None, header);
        for (i, &w) in cols.iter().enumerate() {
            let ppr = Ppr {
                style: Some("TableText"),
                keep_next: header || keep,
                spacing,
                jc: jc(i),
                ..Ppr::default()
            };
            let content = cells.get(i).unwrap_or(&empty);
            let fmt = Fmt {
                bold: header,
                ..fmt
            };
            cell(o, w, header.then_some(HEADER_FILL), &ppr, content, fmt);
        }
        o.push_str("</w:tr>");
    };
    if has_header {
        row(o, &t.header, true, false);
    }
    for (i, r) in t.rows.iter().enumerate() {
        row(o, r, false, keep_last_row && i + 1 == t.rows.len());
    }
    o.push_str("</w:tbl>");
    true
}

/// The signature table: borderless, one centred column per party, three rows, as in the PDF:
/// the parties' lines (institution, capacity; one paragraph each), an empty row
/// `signature_height` high for the signatures, then the names. Lines stay in one cell per
/// party, so the text reads party by party, in the PDF's order.
///
/// The block must not split: every row is `cantSplit`, and every paragraph of every row but
/// the last is `keepNext`, which in a table keeps a row with the next one (Word and LibreOffice).
pub fn signatures(o: &mut String, parties: &[Signatory], l: &Layout) -> bool {
    let n = parties.len();
    if n == 0 {
        return false;
    }
    let cols = widths(&vec![1; n], l.text_width());
    table_start(o, l, None, "nil", 0, l.signature_padding, &cols);
    // The lines of a party are `list_item_spacing` apart, as in the PDF.
    let ppr = |keep_next: bool| Ppr {
        keep_next,
        no_hyphens: true,
        spacing: Some(Spacing {
            before: Some(0),
            after: Some(l.list_item_spacing),
            line: None,
        }),
        jc: Some(Jc::Center),
        ..Ppr::default()
    };
    if parties.iter().any(|p| !p.lines.is_empty()) {
        row_start(o, None, false);
        for (p, &w) in parties.iter().zip(&cols) {
            let lines: Vec<&[Inline]> = p.lines.iter().map(Vec::as_slice).collect();
            cell_paras(o, w, None, &ppr(true), &lines, Fmt::default());
        }
        o.push_str("</w:tr>");
    }
    row_start(o, Some(l.signature_height), false);
    for &w in &cols {
        cell(o, w, None, &ppr(true), &[], Fmt::default());
    }
    o.push_str("</w:tr>");
    row_start(o, None, false);
    for (p, &w) in parties.iter().zip(&cols) {
        cell(o, w, None, &ppr(false), &p.name, Fmt::default());
    }
    o.push_str("</w:tr></w:tbl>");
    true
}
